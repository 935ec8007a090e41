//! Naming: the four nomenclatures, tile codes, dates and patch positions.

pub mod date_outside_year;
pub mod invalid_date;
pub mod invalid_tile_code;
pub mod malformed_name;
pub mod off_grid_position;
pub mod position_outside_tile;
pub mod tile_not_in_grid;
pub mod wrong_folder;

use crate::model::grid::TilingGrid;
use crate::model::NameParts;
use crate::rules::Rule;

/// What the naming rules need from the profile's `[dataset]` section.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NamingSettings {
    /// Year of every acquisition date (N004); `None`: any year.
    pub year: Option<u16>,
    /// Patch width and height, pixels (N006).
    pub patch_size: u32,
    /// Step between patch positions, pixels (N005).
    pub grid_stride: u32,
    /// Tile width and height, pixels (N006).
    pub tile_size: u32,
}

/// Judges the values in a well-shaped name (tile, date, position), returning
/// every problem found. Used for files on disk and for names listed in
/// label files alike.
pub(crate) fn check_values(
    parts: &NameParts,
    settings: &NamingSettings,
    grid: &TilingGrid,
) -> Vec<(Rule, String)> {
    check_values_remembering(parts, settings, grid, &mut CleanValues::default())
}

/// The tile and the position last found without a problem by
/// [`check_values_remembering`]: the ~130 names a label file lists share
/// them, so they are judged once per file, not once per name.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CleanValues<'a> {
    tile: Option<&'a str>,
    position: Option<(u32, u32)>,
    /// The dates a whole run found clean, shared with the other files.
    dates: Option<&'a CleanDates>,
}

impl<'a> CleanValues<'a> {
    /// Remembering the run's clean dates in `dates` too.
    pub(crate) fn sharing(dates: &'a CleanDates) -> Self {
        CleanValues {
            dates: Some(dates),
            ..CleanValues::default()
        }
    }
}

/// The `YYYYMMDD` dates of names found without a date problem (N003, N004)
/// during one run, one bit a day of the years 1900–2155 (31 slots a month),
/// shared by the threads: a dataset's million names hold a few hundred
/// dates, each judged once instead of once per name. Per run, since N004
/// depends on the profile.
#[derive(Debug)]
pub(crate) struct CleanDates(Box<[std::sync::atomic::AtomicU64]>);

impl Default for CleanDates {
    fn default() -> Self {
        CleanDates((0..256 * 372 / 64).map(|_| Default::default()).collect())
    }
}

impl CleanDates {
    /// The bit of an 8-digit `date`, if within the years and slots kept.
    fn bit(date: &str) -> Option<(usize, u64)> {
        let b = date.as_bytes();
        if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n =
            |r: std::ops::Range<usize>| b[r].iter().fold(0, |v, d| v * 10 + usize::from(d - b'0'));
        let (year, month, day) = (n(0..4), n(4..6), n(6..8));
        let valid =
            (1900..2156).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
        let slot = valid.then(|| (year - 1900) * 372 + (month - 1) * 31 + day - 1)?;
        Some((slot / 64, 1 << (slot % 64)))
    }

    /// Whether `yyyymmdd` was found clean in this run.
    pub(crate) fn holds_value(&self, yyyymmdd: u32) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let (year, month, day) = (yyyymmdd / 10_000, yyyymmdd / 100 % 100, yyyymmdd % 100);
        let valid =
            (1900..2156).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
        if !valid {
            return false;
        }
        let slot = ((year - 1900) * 372 + (month - 1) * 31 + day - 1) as usize;
        self.0[slot / 64].load(Relaxed) & (1 << (slot % 64)) != 0
    }

    fn holds(&self, date: &str) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        Self::bit(date).is_some_and(|(w, bit)| self.0[w].load(Relaxed) & bit != 0)
    }

    fn remember(&self, date: &str) {
        use std::sync::atomic::Ordering::Relaxed;
        if let Some((w, bit)) = Self::bit(date) {
            self.0[w].fetch_or(bit, Relaxed);
        }
    }
}

/// [`check_values`], skipping the tile and position checks when `clean`
/// says they passed already (the checks are pure functions of these values
/// and the settings, so the findings are the same).
pub(crate) fn check_values_remembering<'a>(
    parts: &NameParts<'a>,
    settings: &NamingSettings,
    grid: &TilingGrid,
    clean: &mut CleanValues<'a>,
) -> Vec<(Rule, String)> {
    let mut found = Vec::new();
    if clean.tile != Some(parts.tile) {
        match invalid_tile_code::check(parts.tile) {
            Err(why) => found.push((Rule::InvalidTileCode, why)),
            Ok(tile) => {
                if let Some(why) = tile_not_in_grid::check(&tile, grid) {
                    found.push((Rule::TileNotInGrid, why));
                }
            }
        }
        if found.is_empty() {
            clean.tile = Some(parts.tile);
        }
    }
    if let Some(date) = parts
        .date
        .filter(|d| !clean.dates.is_some_and(|c| c.holds(d)))
    {
        let before = found.len();
        match invalid_date::check(date) {
            Err(why) => found.push((Rule::InvalidDate, why)),
            Ok(date) => {
                if let Some(why) = date_outside_year::check(&date, settings.year) {
                    found.push((Rule::DateOutsideYear, why));
                }
            }
        }
        if let Some(clean_dates) = clean.dates.filter(|_| found.len() == before) {
            clean_dates.remember(date);
        }
    }
    let position = (parts.x, parts.y);
    if clean.position != Some(position) {
        let before = found.len();
        let d = settings;
        if let Some(why) = off_grid_position::check(parts, d.grid_stride) {
            found.push((Rule::OffGridPosition, why));
        }
        if let Some(why) = position_outside_tile::check(parts, d.patch_size, d.tile_size) {
            found.push((Rule::PositionOutsideTile, why));
        }
        if found.len() == before {
            clean.position = Some(position);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Remembering gives the findings of a fresh check, name after name,
    /// through clean and faulty tiles, dates and positions.
    #[test]
    fn remembering_changes_no_finding() {
        let settings = NamingSettings {
            year: Some(2020),
            patch_size: 256,
            grid_stride: 257,
            tile_size: 10_980,
        };
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
        let mut clean = CleanValues::default();
        let mut shared = CleanValues::sharing(&dates);
        let mut problems = 0;
        // Twice: the second time every clean date is known to the run.
        for name in names.iter().chain(&names) {
            let parts = NameParts::split(name).unwrap();
            let fresh = check_values(&parts, &settings, grid);
            problems += fresh.len();
            assert_eq!(
                check_values_remembering(&parts, &settings, grid, &mut clean),
                fresh,
                "{name}"
            );
            assert_eq!(
                check_values_remembering(&parts, &settings, grid, &mut shared),
                fresh,
                "{name}, with the run's dates"
            );
        }
        assert_eq!(problems, 14);
        assert!(dates.holds("20200102") && dates.holds("20200101"));
        assert!(!dates.holds("20210102") && !dates.holds("20200230"));
        assert!(dates.holds_value(20200102) && !dates.holds_value(20210102));
        assert!(!dates.holds_value(0) && !dates.holds_value(99_999_999));
    }
}
