//! Listed names counted per tile, sensor and acquisition date during the
//! label-file pass, for `stats`.
//!
//! One shared count, to which each label file's dates are added once read;
//! never kept per label file (a file lists ~130 dates; 100 000 per-file
//! lists would cost ~160 MB). A count is an array slot: one table of 12 × 31 slots per
//! (tile, sensor, year), found by a short linear search that consecutive
//! names of a file (same tile, sensor and mostly year) skip.

use std::collections::BTreeMap;

use crate::model::{FileKind, TileCode};

const SLOTS: usize = 12 * 31;

type Key = (TileCode, FileKind, u16);

#[derive(Default)]
pub(crate) struct DateCounts {
    tables: Vec<(Key, Box<[u32; SLOTS]>)>,
    last: usize,
}

impl DateCounts {
    /// Counts one listed name of date `yyyymmdd`; a date whose month or day
    /// is out of range (possible only when the date rule is off) is not
    /// counted.
    pub(crate) fn add(&mut self, tile: TileCode, kind: FileKind, yyyymmdd: u32) {
        let (month, day) = (yyyymmdd / 100 % 100, yyyymmdd % 100);
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return;
        }
        let key = (tile, kind, (yyyymmdd / 10_000) as u16);
        let slot = ((month - 1) * 31 + day - 1) as usize;
        let index = self.index(key);
        self.tables[index].1[slot] += 1;
    }

    fn index(&mut self, key: Key) -> usize {
        if self.tables.get(self.last).is_some_and(|(k, _)| *k == key) {
            return self.last;
        }
        self.last = match self.tables.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                self.tables.push((key, Box::new([0; SLOTS])));
                self.tables.len() - 1
            }
        };
        self.last
    }

    /// Counts the (sensor, `YYYYMMDD`) of one label file's listed names.
    pub(crate) fn add_all(&mut self, tile: TileCode, listed: &[(FileKind, u32)]) {
        for &(kind, date) in listed {
            self.add(tile, kind, date);
        }
    }

    /// Non-zero counts per (tile, sensor, `YYYYMMDD`).
    pub(crate) fn into_map(self) -> BTreeMap<(TileCode, FileKind, u32), usize> {
        let mut map = BTreeMap::new();
        for ((tile, kind, year), table) in self.tables {
            for (slot, &n) in table.iter().enumerate() {
                if n > 0 {
                    let (month, day) = (slot as u32 / 31 + 1, slot as u32 % 31 + 1);
                    let date = u32::from(year) * 10_000 + month * 100 + day;
                    *map.entry((tile, kind, date)).or_default() += n as usize;
                }
            }
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_tile_sensor_and_date_across_years() {
        let a = TileCode::parse("31UER").unwrap();
        let b = TileCode::parse("32UMU").unwrap();
        let mut one = DateCounts::default();
        for date in [20200101, 20200101, 20201231, 20210229, 20201301, 20200100] {
            one.add(a, FileKind::S1, date);
        }
        one.add(b, FileKind::S1, 20200101);
        one.add_all(a, &[(FileKind::S2, 20200101), (FileKind::S1, 20201231)]);
        let map = one.into_map();
        let expected: BTreeMap<_, _> = [
            ((a, FileKind::S2, 20200101), 1),
            ((a, FileKind::S1, 20200101), 2),
            ((a, FileKind::S1, 20201231), 2),
            // Not a real date, but counted as listed: judging it is N-rules' job.
            ((a, FileKind::S1, 20210229), 1),
            ((b, FileKind::S1, 20200101), 1),
        ]
        .into_iter()
        .collect();
        assert_eq!(map, expected);
    }
}
