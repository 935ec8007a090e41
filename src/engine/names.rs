//! Judging names (on disk and listed in label files) with the name checks
//! of the plan: the shape checks on every name, the checks of its tile,
//! date and position on well-formed names, and each of those parts judged
//! once while it stays the same (a label file's ~130 names share their
//! tile and position; a dataset's million names hold a few hundred dates).
//! A check of one part is a pure function of that part and the settings
//! (`NamePart`), so skipping it changes no finding.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::rules::input::{Emitted, NameCheck, NameFacts, Out};
use crate::rules::Rule;

use super::plan::NameChecks;

/// The tile and position last found clean in one list (or folder).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CleanParts {
    /// The tile's bytes and length (tiles of more than 16 bytes are not
    /// remembered).
    tile: Option<([u8; 16], usize)>,
    position: Option<(u32, u32)>,
}

impl CleanParts {
    fn tile_is(&self, tile: &str) -> bool {
        self.tile
            .is_some_and(|(bytes, len)| bytes.get(..len) == Some(tile.as_bytes()))
    }

    fn remember_tile(&mut self, tile: &str) {
        let mut bytes = [0; 16];
        if let Some(slot) = bytes.get_mut(..tile.len()) {
            slot.copy_from_slice(tile.as_bytes());
            self.tile = Some((bytes, tile.len()));
        }
    }
}

/// The `YYYYMMDD` dates of names found clean by the date checks during one
/// run, one bit a day of the years 1900–2155 (31 slots a month), shared by
/// the threads. Per run, since the checks depend on the profile.
#[derive(Debug)]
pub(crate) struct CleanDates(Box<[AtomicU64]>);

impl Default for CleanDates {
    fn default() -> Self {
        CleanDates((0..256 * 372 / 64).map(|_| AtomicU64::new(0)).collect())
    }
}

impl CleanDates {
    /// The bit of `YYYYMMDD`, if within the years and slots kept.
    fn bit(yyyymmdd: u32) -> Option<(usize, u64)> {
        let (year, month, day) = (yyyymmdd / 10_000, yyyymmdd / 100 % 100, yyyymmdd % 100);
        let valid =
            (1900..2156).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
        let slot = valid.then(|| ((year - 1900) * 372 + (month - 1) * 31 + day - 1) as usize)?;
        Some((slot / 64, 1 << (slot % 64)))
    }

    /// The value of an eight-digit date text.
    fn value(date: &str) -> Option<u32> {
        let b = date.as_bytes();
        (b.len() == 8 && b.iter().all(u8::is_ascii_digit))
            .then(|| b.iter().fold(0, |v, d| v * 10 + u32::from(d - b'0')))
    }

    /// Whether `yyyymmdd` was found clean in this run.
    pub(crate) fn holds_value(&self, yyyymmdd: u32) -> bool {
        Self::bit(yyyymmdd).is_some_and(|(w, bit)| self.0[w].load(Relaxed) & bit != 0)
    }

    fn holds(&self, date: &str) -> bool {
        Self::value(date).is_some_and(|v| self.holds_value(v))
    }

    fn remember(&self, date: &str) {
        if let Some((w, bit)) = Self::value(date).and_then(Self::bit) {
            self.0[w].fetch_or(bit, Relaxed);
        }
    }
}

/// Runs `checks` on `facts`, adding what they find to `found`; returns
/// whether they found something.
fn run(checks: &[(Rule, NameCheck)], facts: &NameFacts, found: &mut Vec<(Rule, Emitted)>) -> bool {
    let before = found.len();
    let mut scratch = Vec::new();
    for (rule, check) in checks {
        check(facts, &mut Out::new(&mut scratch));
        found.extend(scratch.drain(..).map(|e| (*rule, e)));
    }
    found.len() > before
}

/// Judges one name: the shape checks, then, when `well_formed`, the checks
/// of its tile, date and position (skipping a part `clean` or `dates` say
/// passed already, and remembering those that pass). What they find is
/// added to `found`.
pub(crate) fn judge(
    checks: &NameChecks,
    facts: &NameFacts,
    well_formed: bool,
    clean: &mut CleanParts,
    dates: &CleanDates,
    found: &mut Vec<(Rule, Emitted)>,
) {
    run(&checks.shape, facts, found);
    let Some(parts) = facts.parts.filter(|_| well_formed) else {
        return;
    };
    if !clean.tile_is(parts.tile) && !run(&checks.tile, facts, found) {
        clean.remember_tile(parts.tile);
    }
    if let Some(date) = parts.date.filter(|d| !dates.holds(d)) {
        if !run(&checks.date, facts, found) {
            dates.remember(date);
        }
    }
    let position = (parts.x, parts.y);
    if clean.position != Some(position) && !run(&checks.position, facts, found) {
        clean.position = Some(position);
    }
    run(&checks.values, facts, found);
}

/// Judges a well-formed name that differs from one judged clean only by
/// its date: the checks that read the date (those of the date alone
/// skipped when `dates` holds it). Returns whether it stays clean.
pub(crate) fn judge_date(checks: &NameChecks, facts: &NameFacts, dates: &CleanDates) -> bool {
    let mut found = Vec::new();
    if let Some(date) = facts.parts.and_then(|p| p.date) {
        if !dates.holds(date) {
            if run(&checks.date, facts, &mut found) {
                return false;
            }
            dates.remember(date);
        }
    }
    !run(&checks.dated, facts, &mut found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::grid::TilingGrid;
    use crate::model::{FileKind, NameParts};
    use crate::rules::input::{NamePlace, NamingSettings};
    use crate::rules::select::RuleSet;

    /// Remembering gives the findings of a fresh judgement, name after
    /// name, through clean and faulty tiles, dates and positions.
    #[test]
    fn remembering_changes_no_finding() {
        let settings = NamingSettings {
            year: Some(2020),
            patch_size: 256,
            grid_stride: 257,
            tile_size: 10_980,
        };
        let plan = super::super::plan::Plan::new(&RuleSet::all());
        let grid = TilingGrid::official();
        let names = [
            "31UER_20200101_S2_257_0.tif",
            "31UER_20200102_S2_257_0.tif",
            "31UER_20210102_S2_257_0.tif",
            "31UER_20200230_S1_257_0.tif",
            "31UAA_20200102_S2_257_0.tif",
            "31UER_20200102_S2_257_0.tif",
            "31UER_20200102_S2_258_0.tif",
            "31UER_20200102_S2_257_10794.tif",
            "31UER_20200102_S2_257_0.tif",
            "99UER_20200102_S2_258_0.tif",
            "31UER_20200102_S2_257_0.tif",
        ];
        let dates = CleanDates::default();
        let mut clean = CleanParts::default();
        let mut problems = 0;
        let codes = |found: &[(Rule, Emitted)]| -> Vec<String> {
            found
                .iter()
                .map(|(r, e)| format!("{r} {}", e.record.message()))
                .collect()
        };
        // Twice: the second time every clean date is known to the run.
        for name in names.iter().chain(&names) {
            let parts = NameParts::split(name).unwrap();
            let facts = NameFacts {
                name,
                parts: Some(parts),
                place: NamePlace::OnDisk {
                    folder: FileKind::S2,
                },
                naming: &settings,
                grid,
            };
            let mut fresh = Vec::new();
            let mut none = CleanParts::default();
            judge(
                &plan.names,
                &facts,
                true,
                &mut none,
                &CleanDates::default(),
                &mut fresh,
            );
            problems += fresh.len();
            let mut remembered = Vec::new();
            judge(
                &plan.names,
                &facts,
                true,
                &mut clean,
                &dates,
                &mut remembered,
            );
            assert_eq!(codes(&remembered), codes(&fresh), "{name}");
        }
        assert_eq!(problems, 14);
        assert!(dates.holds("20200102") && dates.holds("20200101"));
        assert!(!dates.holds("20210102") && !dates.holds("20200230"));
        assert!(dates.holds_value(20200102) && !dates.holds_value(20210102));
        assert!(!dates.holds_value(0) && !dates.holds_value(99_999_999));
    }
}
