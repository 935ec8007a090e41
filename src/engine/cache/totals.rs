//! Results across the whole dataset, kept beside the entries and updated
//! instead of recomputed (docs/cache.md, "Kept across files"):
//!
//! * the listed names per (tile, sensor, date): the sum over the label
//!   files' entries. A run adds the files it read and takes away the
//!   entries it did not use (files changed, renamed or removed); the dates
//!   of the entries it used are not decoded at all.
//! * the pairs the overlap pass measured, with a fingerprint of what they
//!   were measured from (every placed patch, in order: key, footprint and
//!   the file the findings name). A run whose patches are placed exactly
//!   as before takes the pairs as they are and runs the overlap checks on
//!   them; any other run measures every pair again.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{FileKind, TileCode};
use crate::spatial::footprints::PlacedPatch;

use crate::spatial::overlap::Overlap;

/// Listed names per (tile, sensor, `YYYYMMDD`): the summary's
/// `listed_by_date`.
pub(crate) type DateMap = BTreeMap<(TileCode, FileKind, u32), usize>;

/// What the cache file keeps across files.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Totals {
    /// (tile, sensor, date, names) of the entries' listed names, sorted.
    pub dates: Vec<(Box<str>, FileKind, u32, u64)>,
    pub overlaps: Option<OverlapMemo>,
}

/// The overlap pass's measured pairs and what they were measured from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct OverlapMemo {
    /// [`fingerprint`] of the placed patches.
    pub fingerprint: u64,
    /// The pairs, indices into the placed patches.
    pub overlaps: Vec<Overlap>,
}

impl Totals {
    /// The kept date counts as a map; `None` if a tile does not read back.
    pub(crate) fn date_map(&self) -> Option<DateMap> {
        let mut map = DateMap::new();
        for (tile, kind, date, n) in &self.dates {
            let tile = TileCode::parse(tile).ok()?;
            map.insert((tile, *kind, *date), usize::try_from(*n).ok()?);
        }
        Some(map)
    }

    pub(crate) fn set_dates(&mut self, map: &DateMap) {
        self.dates = map
            .iter()
            .map(|((tile, kind, date), n)| (tile.as_str().into(), *kind, *date, *n as u64))
            .collect();
    }
}

/// `kept` − `removed` + `added`, count by count; counts that reach zero
/// are dropped. `None` if a count would go below zero (the kept totals
/// disagree with the entries: they are then not trusted).
pub(crate) fn update(mut kept: DateMap, removed: &DateMap, added: &DateMap) -> Option<DateMap> {
    for (key, n) in removed {
        let slot = kept.get_mut(key)?;
        *slot = slot.checked_sub(*n)?;
        if *slot == 0 {
            kept.remove(key);
        }
    }
    for (key, n) in added {
        *kept.entry(*key).or_default() += n;
    }
    Some(kept)
}

/// A 64-bit FNV-1a hash of the placed patches, in order: key, CRS,
/// footprint (its coordinates' bits) and path.
pub(crate) fn fingerprint(placed: &[PlacedPatch]) -> u64 {
    let mut hash = Fnv::default();
    hash.write(&(placed.len() as u64).to_le_bytes());
    for p in placed {
        hash.write(p.key.tile.as_str().as_bytes());
        hash.write(&p.key.x.to_le_bytes());
        hash.write(&p.key.y.to_le_bytes());
        let f = &p.footprint;
        hash.write(&f.epsg.to_le_bytes());
        for v in [f.min_x, f.min_y, f.max_x, f.max_y] {
            hash.write(&v.to_bits().to_le_bytes());
        }
        hash.write(&(p.path.len() as u64).to_le_bytes());
        hash.write(p.path.as_bytes());
    }
    hash.0
}

struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::footprint::Footprint;
    use crate::model::PatchKey;

    fn key(tile: &str, date: u32) -> (TileCode, FileKind, u32) {
        (TileCode::parse(tile).unwrap(), FileKind::S2, date)
    }

    #[test]
    fn totals_are_updated_count_by_count() {
        let kept: DateMap = [(key("31TFN", 20200101), 3), (key("31TFN", 20200102), 1)]
            .into_iter()
            .collect();
        let removed: DateMap = [(key("31TFN", 20200102), 1), (key("31TFN", 20200101), 1)]
            .into_iter()
            .collect();
        let added: DateMap = [(key("32ULU", 20200101), 2)].into_iter().collect();
        let got = update(kept.clone(), &removed, &added).unwrap();
        let expected: DateMap = [(key("31TFN", 20200101), 2), (key("32ULU", 20200101), 2)]
            .into_iter()
            .collect();
        assert_eq!(got, expected);
        // Taking away what was never counted: the totals are not trusted.
        let too_many: DateMap = [(key("31TFN", 20200101), 4)].into_iter().collect();
        assert_eq!(update(kept.clone(), &too_many, &DateMap::new()), None);
        let absent: DateMap = [(key("32ULU", 20200101), 1)].into_iter().collect();
        assert_eq!(update(kept, &absent, &DateMap::new()), None);
    }

    #[test]
    fn totals_come_back_as_a_map() {
        let map: DateMap = [(key("31TFN", 20200101), 3), (key("32ULU", 20211231), 7)]
            .into_iter()
            .collect();
        let mut totals = Totals::default();
        totals.set_dates(&map);
        assert_eq!(totals.date_map(), Some(map));
        totals.dates[0].0 = "bad".into();
        assert_eq!(totals.date_map(), None);
    }

    #[test]
    fn the_fingerprint_changes_with_any_placed_patch() {
        let patch = |x: u32, min_x: f64, path: &str| PlacedPatch {
            key: PatchKey {
                tile: TileCode::parse("31TFN").unwrap(),
                x,
                y: 0,
            },
            footprint: Footprint {
                epsg: 32631,
                min_x,
                min_y: 0.0,
                max_x: min_x + 2560.0,
                max_y: 2560.0,
            },
            path: path.into(),
        };
        let base = vec![patch(0, 0.0, "a"), patch(256, 2560.0, "b")];
        let f = fingerprint(&base);
        assert_eq!(f, fingerprint(&base.clone()));
        let variants = [
            vec![patch(0, 0.0, "a")],
            vec![patch(0, 0.0, "a"), patch(257, 2560.0, "b")],
            vec![patch(0, 0.0, "a"), patch(256, 2560.5, "b")],
            vec![patch(0, 0.0, "a"), patch(256, 2560.0, "c")],
            vec![patch(256, 2560.0, "b"), patch(0, 0.0, "a")],
        ];
        for v in variants {
            assert_ne!(fingerprint(&v), f);
        }
    }
}
