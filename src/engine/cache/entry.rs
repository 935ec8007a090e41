//! What the cache keeps of one file: the findings of the checks that read
//! that file alone, and the facts the checks across files read from it.
//!
//! Which is which follows the inputs rules declare (`rules::input::Input`):
//! a check of a file-local input (a label file's content, its listed names,
//! a raster's header, band descriptions, band statistics, pixel reads,
//! regions) sees nothing but the file, so its findings are kept as found;
//! an input across files (triplets, a patch's georeferencing, the label's
//! projection against the raster, the class map against the label file,
//! overlaps) is built again every run from the facts kept here.

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Location, Severity};
use crate::io::storage::stamp::Stamp;
use crate::model::{PatchKey, TileCode};
use crate::rules::Rule;

/// One file's entry, as a run records it (the file holds its facts
/// encoded apart: `format::Record`).
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// Relative to the dataset root.
    pub path: Box<str>,
    pub stamp: Stamp,
    pub facts: Facts,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) enum Facts {
    Label(LabelEntry),
    Raster(RasterEntry),
}

/// A label file: what its checks found, and what the later passes read.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct LabelEntry {
    /// The tile of the file's patch (its dates are counted per tile).
    pub tile: Box<str>,
    pub findings: Vec<CachedFinding>,
    pub parsed: bool,
    pub classes: Option<Vec<u8>>,
    /// Index in the cache's table of texts.
    pub projection: Option<u32>,
    pub s2: Vec<Box<str>>,
    pub s1: Vec<Box<str>>,
    pub listed_s2: u32,
    pub listed_s1: u32,
    /// The dates of the listed names that passed the naming rules (most
    /// runs never decode them: the cache's totals count them already).
    pub s2_dates: PackedDates,
    pub s1_dates: PackedDates,
}

impl LabelEntry {
    pub fn tile_code(&self) -> Option<TileCode> {
        TileCode::parse(&self.tile).ok()
    }
}

/// A raster: what its checks found, its georeferencing, its class
/// histogram (ground reference) and whether its bands are undescribed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct RasterEntry {
    pub findings: Vec<CachedFinding>,
    /// `None`: it did not open.
    pub georef: Option<CachedGeoref>,
    /// (value, pixels) of the values present, when the pixels were read.
    pub histogram: Option<Vec<(u8, u32)>>,
    /// Whether every band description is empty, when they were read.
    pub undescribed: Option<bool>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct CachedGeoref {
    pub crs: Option<CachedCrs>,
    pub geo_transform: Option<[f64; 6]>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) enum CachedCrs {
    Epsg(u32),
    /// Index in the cache's table of texts.
    Wkt(u32),
}

/// A finding as JSON (its record, location and patch are typed JSON in
/// the reports already; findings are few, so their size hardly counts).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct CachedFinding(pub String);

#[derive(Serialize, Deserialize)]
struct FindingJson {
    code: String,
    severity: Severity,
    message: String,
    path: Option<String>,
    patch: Option<(String, u32, u32)>,
    location: Option<Location>,
    data: serde_json::Value,
}

impl CachedFinding {
    pub fn of(f: &Finding) -> CachedFinding {
        let json = FindingJson {
            code: f.rule.code().to_string(),
            severity: f.severity,
            message: f.message.clone(),
            path: f.path.clone(),
            patch: f.patch.map(|p| (p.tile.to_string(), p.x, p.y)),
            location: f.location.clone(),
            data: f.data.to_json(),
        };
        CachedFinding(serde_json::to_string(&json).unwrap_or_default())
    }

    /// The finding back; `None` when the text is not one (the file is then
    /// read again).
    pub fn finding(&self) -> Option<Finding> {
        let json: FindingJson = serde_json::from_str(&self.0).ok()?;
        let rule = Rule::from_code(&json.code)?;
        let data = rule.record_from_json(json.data).ok()?;
        let mut finding = Finding::of(rule, data);
        finding.severity = json.severity;
        finding.message = json.message;
        finding.path = json.path;
        finding.patch = match json.patch {
            Some((tile, x, y)) => Some(PatchKey {
                tile: TileCode::parse(&tile).ok()?,
                x,
                y,
            }),
            None => None,
        };
        finding.location = json.location;
        Some(finding)
    }
}

/// All the findings of `cached`, or `None` if one does not read back.
pub(crate) fn findings(cached: &[CachedFinding]) -> Option<Vec<Finding>> {
    cached.iter().map(CachedFinding::finding).collect()
}

/// Dates, sorted, as the LEB128 varints of each one's difference from
/// the one before (most fit one byte), kept as bytes: reading a cache file
/// copies them whole, and they are decoded only when a run needs them.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct PackedDates(pub Vec<u8>);

impl PackedDates {
    pub fn pack(mut dates: Vec<u32>) -> PackedDates {
        dates.sort_unstable();
        let mut bytes = Vec::with_capacity(dates.len() + 4);
        let mut last = 0;
        for d in dates {
            let mut delta = d - last;
            last = d;
            while delta >= 0x80 {
                bytes.push((delta as u8 & 0x7f) | 0x80);
                delta >>= 7;
            }
            bytes.push(delta as u8);
        }
        PackedDates(bytes)
    }

    /// The dates, sorted (a varint cut short ends them: the file's
    /// checksum makes that impossible for a file this program wrote).
    pub fn dates(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = self.0.iter();
        let mut last = 0u32;
        std::iter::from_fn(move || {
            let mut delta = 0u32;
            for shift in (0..35).step_by(7) {
                let b = *bytes.next()?;
                delta |= u32::from(b & 0x7f).checked_shl(shift)?;
                if b & 0x80 == 0 {
                    last = last.wrapping_add(delta);
                    return Some(last);
                }
            }
            None
        })
    }
}

impl Serialize for PackedDates {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for PackedDates {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<PackedDates, D::Error> {
        struct Bytes;
        impl<'de> serde::de::Visitor<'de> for Bytes {
            type Value = PackedDates;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("packed dates")
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<PackedDates, E> {
                Ok(PackedDates(v.to_vec()))
            }
            fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<PackedDates, E> {
                Ok(PackedDates(v))
            }
        }
        d.deserialize_bytes(Bytes)
    }
}

/// A histogram of 256 values as its non-zero (value, pixels) pairs.
pub(crate) fn sparse(counts: &[u32; 256]) -> Vec<(u8, u32)> {
    (0..=255u8)
        .zip(counts.iter())
        .filter(|(_, n)| **n > 0)
        .map(|(v, n)| (v, *n))
        .collect()
}

/// The histogram of [`sparse`]'s pairs.
pub(crate) fn dense(pairs: &[(u8, u32)]) -> [u32; 256] {
    let mut counts = [0u32; 256];
    for (v, n) in pairs {
        counts[usize::from(*v)] = *n;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_back_as_a_sorted_multiset() {
        let dates = vec![20200731, 20200105, 20200731, 20201129, u32::MAX];
        let packed = PackedDates::pack(dates.clone());
        // 20200105 in four bytes, then 626 in two, 0 and 398 in one and
        // two, u32::MAX - 20201129 in five.
        assert_eq!(packed.0.len(), 4 + 2 + 1 + 2 + 5);
        let mut expected = dates;
        expected.sort_unstable();
        assert_eq!(packed.dates().collect::<Vec<_>>(), expected);
        // Through postcard, as bytes.
        let bytes = postcard::to_stdvec(&packed).unwrap();
        let back: PackedDates = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, packed);
        // A varint cut short ends the dates; an empty list has none.
        let cut = PackedDates(packed.0[..5].to_vec());
        assert_eq!(cut.dates().collect::<Vec<_>>(), [20200105]);
        assert_eq!(PackedDates::default().dates().count(), 0);
    }

    #[test]
    fn packed_dates_match_a_brute_force_sort() {
        // A small deterministic generator: dates of every size of delta.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for n in [0usize, 1, 2, 130, 1000] {
            let dates: Vec<u32> = (0..n)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    (x % 4_000_000_000) as u32
                })
                .collect();
            let mut sorted = dates.clone();
            sorted.sort();
            let packed = PackedDates::pack(dates);
            assert_eq!(packed.dates().collect::<Vec<_>>(), sorted);
        }
    }

    #[test]
    fn a_histogram_comes_back_whole() {
        let mut counts = [0u32; 256];
        counts[0] = 3;
        counts[6] = 65_000;
        counts[255] = 1;
        let pairs = sparse(&counts);
        assert_eq!(pairs, [(0, 3), (6, 65_000), (255, 1)]);
        assert_eq!(dense(&pairs), counts);
    }

    #[test]
    fn a_finding_comes_back_equal_and_a_bad_text_does_not() {
        let rule = Rule::from_code("L001").unwrap();
        let record = rule
            .record_from_json(serde_json::json!({"folder": "s2", "kind": "s2"}))
            .unwrap();
        let mut f = Finding::of(rule, record).path("s2");
        f.severity = Severity::Warning;
        f.location = Some(Location::Text { line: 3, column: 9 });
        f.patch = Some(PatchKey {
            tile: TileCode::parse("31TFN").unwrap(),
            x: 257,
            y: 514,
        });
        assert_eq!(CachedFinding::of(&f).finding().as_ref(), Some(&f));
        assert!(CachedFinding("{\"code\":\"L001\"}".into())
            .finding()
            .is_none());
        assert!(CachedFinding("not json".into()).finding().is_none());
    }
}
