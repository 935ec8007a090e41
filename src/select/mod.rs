//! `multisenge select`: choose patches by temporal criteria, to build a
//! training set, from the label files alone.
//!
//! For each patch, with its distinct Sentinel-2 dates and Sentinel-1 dates
//! (from its label file):
//!
//! 1. **window**: when periods or months are given, only the dates inside
//!    one of them (ends included) are considered; otherwise all dates;
//! 2. **thinning**: the Sentinel-2 dates of the window are thinned to at
//!    least `s2_min_gap_days` apart, greedily from the earliest
//!    ([`thin::thin_by_gap`]);
//! 3. **pairing** (with `s1_nearest`): the Sentinel-1 dates are, for each
//!    kept Sentinel-2 date, the window's Sentinel-1 date nearest to it (ties
//!    to the earlier, [`nearest::nearest`]), each at most
//!    `s1_max_offset_days` away when that is set; otherwise all the
//!    window's Sentinel-1 dates;
//! 4. **criteria**, counted on the dates kept by 1–3, so that the output
//!    itself satisfies them: at least `min_s2_dates` / `min_s1_dates`
//!    dates; at least the per-period and per-month minimums in each given
//!    period and month.
//!
//! A patch failing a step is rejected with the first reason met.

mod load;
pub mod nearest;
pub mod thin;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use crate::model::calendar::{Month, Period};
use crate::model::naming::Date;
use crate::model::{Dataset, FileKind, Mode, PatchKey};
use crate::profile::LoadedProfile;

/// Default minimum of Sentinel-2 dates in each given period or month.
pub const DEFAULT_MIN_S2_PER_WINDOW: u32 = 1;
/// Default minimum of Sentinel-1 dates in each given period or month.
pub const DEFAULT_MIN_S1_PER_WINDOW: u32 = 0;

/// What a patch must satisfy: the criteria options of `multisenge select`
/// (parsed by [`crate::jobspec::select`]). Counts are numbers of
/// distinct dates; per-window minimums left `None` take the defaults
/// ([`DEFAULT_MIN_S2_PER_WINDOW`], [`DEFAULT_MIN_S1_PER_WINDOW`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Criteria {
    /// At least N Sentinel-2 dates [default: 0, no minimum].
    pub min_s2_dates: u32,
    /// At least N Sentinel-1 dates [default: 0, no minimum].
    pub min_s1_dates: u32,
    /// A period START-END (YYYYMMDD-YYYYMMDD, both days included) that must
    /// hold the per-period minimums; repeatable. Dates outside every period
    /// and month are not kept.
    pub periods: Vec<Period>,
    /// At least N Sentinel-2 dates in each --period [default: 1].
    pub min_s2_per_period: Option<u32>,
    /// At least N Sentinel-1 dates in each --period [default: 0].
    pub min_s1_per_period: Option<u32>,
    /// A month (YYYYMM) that must hold the per-month minimums; repeatable.
    pub months: Vec<Month>,
    /// At least N Sentinel-2 dates in each --month [default: 1].
    pub min_s2_per_month: Option<u32>,
    /// At least N Sentinel-1 dates in each --month [default: 0].
    pub min_s1_per_month: Option<u32>,
    /// Keep Sentinel-2 dates at least DAYS days apart, greedily from the
    /// earliest [default: 0, keep all].
    pub s2_min_gap_days: u32,
    /// Keep, for each kept Sentinel-2 date, only the nearest Sentinel-1 date
    /// (ties to the earlier) instead of all Sentinel-1 dates.
    pub s1_nearest: bool,
    /// With --s1-nearest: reject a patch whose nearest Sentinel-1 date is
    /// more than DAYS days from a kept Sentinel-2 date [default: no limit].
    pub s1_max_offset_days: Option<u32>,
}

impl Criteria {
    /// Refuses settings that would be silently ignored.
    pub fn check(&self) -> Result<(), SelectError> {
        let without = |given: bool, option, needs| {
            if given {
                Err(SelectError::OptionWithout { option, needs })
            } else {
                Ok(())
            }
        };
        let no_periods = self.periods.is_empty();
        let no_months = self.months.is_empty();
        without(
            no_periods && self.min_s2_per_period.is_some(),
            "min-s2-per-period",
            "period",
        )?;
        without(
            no_periods && self.min_s1_per_period.is_some(),
            "min-s1-per-period",
            "period",
        )?;
        without(
            no_months && self.min_s2_per_month.is_some(),
            "min-s2-per-month",
            "month",
        )?;
        without(
            no_months && self.min_s1_per_month.is_some(),
            "min-s1-per-month",
            "month",
        )?;
        without(
            !self.s1_nearest && self.s1_max_offset_days.is_some(),
            "s1-max-offset",
            "s1-nearest",
        )
    }

    /// The (Sentinel-2, Sentinel-1) minimums in each period.
    pub fn per_period_minimums(&self) -> (u32, u32) {
        (
            self.min_s2_per_period.unwrap_or(DEFAULT_MIN_S2_PER_WINDOW),
            self.min_s1_per_period.unwrap_or(DEFAULT_MIN_S1_PER_WINDOW),
        )
    }

    /// The (Sentinel-2, Sentinel-1) minimums in each month.
    pub fn per_month_minimums(&self) -> (u32, u32) {
        (
            self.min_s2_per_month.unwrap_or(DEFAULT_MIN_S2_PER_WINDOW),
            self.min_s1_per_month.unwrap_or(DEFAULT_MIN_S1_PER_WINDOW),
        )
    }

    fn in_window(&self, date: Date) -> bool {
        (self.periods.is_empty() && self.months.is_empty())
            || self.periods.iter().any(|p| p.contains(date))
            || self.months.iter().any(|m| m.contains(date))
    }
}

/// A patch's acquisition dates, sorted and distinct.
#[derive(Clone, Debug, PartialEq)]
pub struct PatchDates {
    pub patch: PatchKey,
    pub s2: Vec<Date>,
    pub s1: Vec<Date>,
}

/// Why a patch was not selected.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rejection {
    TooFewDates {
        sensor: FileKind,
        min: u32,
    },
    TooFewInPeriod {
        sensor: FileKind,
        period: Period,
        min: u32,
    },
    TooFewInMonth {
        sensor: FileKind,
        month: Month,
        min: u32,
    },
    NoSentinel1ToPair,
    NoSentinel1Within {
        days: u32,
    },
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let too_few = |f: &mut fmt::Formatter<'_>, sensor: &FileKind, min: u32| match min {
            1 => write!(f, "no {} date", sensor.describe()),
            _ => write!(f, "fewer than {min} {} dates", sensor.describe()),
        };
        match self {
            Rejection::TooFewDates { sensor, min } => too_few(f, sensor, *min),
            Rejection::TooFewInPeriod {
                sensor,
                period,
                min,
            } => {
                too_few(f, sensor, *min)?;
                write!(f, " in {period}")
            }
            Rejection::TooFewInMonth { sensor, month, min } => {
                too_few(f, sensor, *min)?;
                write!(f, " in {month}")
            }
            Rejection::NoSentinel1ToPair => {
                f.write_str("no Sentinel-1 date to pair with the Sentinel-2 dates")
            }
            Rejection::NoSentinel1Within { days } => write!(
                f,
                "a Sentinel-2 date has no Sentinel-1 date within {days} days"
            ),
        }
    }
}

/// Applies the criteria to one patch: the dates it contributes, or why not.
///
/// ```
/// use multisenge::model::{naming::Date, PatchKey, TileCode};
/// use multisenge::select::{select_patch, Criteria, PatchDates};
/// let d = |s: &str| Date::parse(s).unwrap();
/// let patch = PatchDates {
///     patch: PatchKey { tile: TileCode::parse("31UER").unwrap(), x: 0, y: 0 },
///     s2: vec![d("20200301"), d("20200310"), d("20200401")],
///     s1: vec![d("20200302"), d("20200320"), d("20200405")],
/// };
/// let criteria = Criteria { s2_min_gap_days: 20, s1_nearest: true, ..Criteria::default() };
/// let kept = select_patch(&patch, &criteria).unwrap();
/// assert_eq!(kept.s2, [d("20200301"), d("20200401")]);
/// assert_eq!(kept.s1, [d("20200302"), d("20200405")]);
/// let stricter = Criteria { min_s2_dates: 3, ..criteria };
/// assert_eq!(select_patch(&patch, &stricter).unwrap_err().to_string(),
///            "fewer than 3 Sentinel-2 dates");
/// ```
pub fn select_patch(patch: &PatchDates, criteria: &Criteria) -> Result<PatchDates, Rejection> {
    let window = |dates: &[Date]| -> Vec<Date> {
        dates
            .iter()
            .copied()
            .filter(|&d| criteria.in_window(d))
            .collect()
    };
    let s2 = thin::thin_by_gap(&window(&patch.s2), criteria.s2_min_gap_days);
    let s1_window = window(&patch.s1);
    let s1 = if criteria.s1_nearest {
        if s1_window.is_empty() && !s2.is_empty() {
            return Err(Rejection::NoSentinel1ToPair);
        }
        let mut paired = Vec::with_capacity(s2.len());
        for &date in &s2 {
            let Some(near) = nearest::nearest(&s1_window, date) else {
                continue;
            };
            if let Some(days) = criteria.s1_max_offset_days {
                if (near.day_number() - date.day_number()).unsigned_abs() > u64::from(days) {
                    return Err(Rejection::NoSentinel1Within { days });
                }
            }
            paired.push(near);
        }
        paired.sort_unstable();
        paired.dedup();
        paired
    } else {
        s1_window
    };
    let totals = (criteria.min_s2_dates, criteria.min_s1_dates);
    if let Some((sensor, min)) = too_few(&s2, &s1, totals, |_| true) {
        return Err(Rejection::TooFewDates { sensor, min });
    }
    for period in &criteria.periods {
        let mins = criteria.per_period_minimums();
        if let Some((sensor, min)) = too_few(&s2, &s1, mins, |d| period.contains(d)) {
            let period = *period;
            return Err(Rejection::TooFewInPeriod {
                sensor,
                period,
                min,
            });
        }
    }
    for month in &criteria.months {
        let mins = criteria.per_month_minimums();
        if let Some((sensor, min)) = too_few(&s2, &s1, mins, |d| month.contains(d)) {
            let month = *month;
            return Err(Rejection::TooFewInMonth { sensor, month, min });
        }
    }
    Ok(PatchDates {
        patch: patch.patch,
        s2,
        s1,
    })
}

/// The first sensor (Sentinel-2, then Sentinel-1) with fewer kept dates
/// `inside` than its minimum in `mins` (S2, S1), and that minimum.
fn too_few(
    s2: &[Date],
    s1: &[Date],
    mins: (u32, u32),
    inside: impl Fn(Date) -> bool,
) -> Option<(FileKind, u32)> {
    [(FileKind::S2, s2, mins.0), (FileKind::S1, s1, mins.1)]
        .into_iter()
        .find(|(_, dates, min)| {
            (dates.iter().filter(|&&d| inside(d)).count() as u64) < u64::from(*min)
        })
        .map(|(sensor, _, min)| (sensor, min))
}

/// Why a selection could not run.
#[derive(Debug, thiserror::Error)]
pub enum SelectError {
    #[error("{0}: dataset root does not exist or is not a folder")]
    NoRoot(String),
    #[error("{0}: cannot read the dataset root: {1}")]
    Unreachable(String, String),
    #[error("{path}: cannot list the label files ({source}); expected a dataset root with a labels folder, or a folder of label files")]
    CannotList {
        path: String,
        source: std::io::Error,
    },
    #[error("--{option} has no effect without --{needs}: add --{needs} or remove --{option}")]
    OptionWithout {
        option: &'static str,
        needs: &'static str,
    },
}

/// The largest count or number of days an option takes: far above any
/// real series (a year has at most 366 dates), low enough to catch typos.
pub const MAX_NUMBER: u32 = 100_000;

/// A label file left out of the selection, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    /// Relative to the dataset root.
    pub path: String,
    pub reason: String,
}

/// The outcome of a selection.
#[derive(Clone, Debug)]
pub struct Selection {
    /// The dataset root as given.
    pub root: String,
    pub mode: Mode,
    pub criteria: Criteria,
    /// Patches whose label file could be used.
    pub considered: usize,
    /// The selected patches with their kept dates, in tile, x, y order.
    pub selected: Vec<PatchDates>,
    /// Rejected patches per first reason.
    pub rejected: BTreeMap<Rejection, usize>,
    /// Label files that could not be used (unreadable, malformed, or
    /// listing a name that is not one of the patch's Sentinel files).
    pub skipped: Vec<Skipped>,
    /// Folder names (ground reference, S2, S1, labels) for file paths.
    pub folders: [String; 4],
}

/// Reads the label files of the dataset (or label folder) at `root` and
/// selects the patches that satisfy `criteria`.
pub fn run(
    root: &Path,
    profile: &LoadedProfile,
    labels_only: bool,
    criteria: Criteria,
) -> Result<Selection, SelectError> {
    criteria.check()?;
    let shown = root.display().to_string();
    crate::io::storage::vfs::configure_for(root)
        .map_err(|e| SelectError::Unreachable(shown.clone(), e.to_string()))?;
    match crate::io::storage::vfs::folder_status(root) {
        Ok(true) => crate::io::storage::vfs::check_listable(root)
            .map_err(|e| SelectError::Unreachable(shown.clone(), e.to_string()))?,
        Ok(false) => return Err(SelectError::NoRoot(shown)),
        Err(e) => return Err(SelectError::Unreachable(shown, e.to_string())),
    }
    let folders = FileKind::ALL.map(|k| profile.profile.folders.name(k).to_string());
    let dataset = Dataset::locate(
        root,
        FileKind::ALL.map(|k| folders_name(&folders, k)),
        labels_only,
        &crate::io::storage::vfs::Probe,
    );
    let (patches, skipped) = load::patch_dates(&dataset, profile.profile.label_files.max_bytes)?;
    let mut selected = Vec::new();
    let mut rejected = BTreeMap::new();
    for patch in &patches {
        match select_patch(patch, &criteria) {
            Ok(kept) => selected.push(kept),
            Err(why) => *rejected.entry(why).or_default() += 1,
        }
    }
    Ok(Selection {
        root: root.display().to_string(),
        mode: dataset.mode,
        criteria,
        considered: patches.len(),
        selected,
        rejected,
        skipped,
        folders,
    })
}

fn folders_name(folders: &[String; 4], kind: FileKind) -> &str {
    &folders[crate::model::dataset::kind_index(kind)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TileCode;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn patch(s2: &[&str], s1: &[&str]) -> PatchDates {
        PatchDates {
            patch: PatchKey {
                tile: TileCode::parse("31UER").unwrap(),
                x: 0,
                y: 0,
            },
            s2: s2.iter().map(|s| d(s)).collect(),
            s1: s1.iter().map(|s| d(s)).collect(),
        }
    }

    #[test]
    fn window_keeps_only_dates_in_the_periods_and_months() {
        let p = patch(
            &["20200215", "20200301", "20200531", "20200601", "20200915"],
            &["20200302", "20200916", "20201001"],
        );
        let c = Criteria {
            periods: vec!["20200301-20200531".parse().unwrap()],
            months: vec!["202009".parse().unwrap()],
            ..Criteria::default()
        };
        let kept = select_patch(&p, &c).unwrap();
        assert_eq!(kept.s2, [d("20200301"), d("20200531"), d("20200915")]);
        assert_eq!(kept.s1, [d("20200302"), d("20200916")]);
    }

    #[test]
    fn criteria_count_the_dates_left_after_thinning() {
        // Two June dates 5 days apart: thinned to one, so "2 in June" fails.
        let p = patch(&["20200601", "20200606", "20200720"], &[]);
        let month = vec!["202006".parse().unwrap()];
        let c = Criteria {
            months: month.clone(),
            min_s2_per_month: Some(2),
            ..Criteria::default()
        };
        assert!(select_patch(&p, &c).is_ok());
        let thinned = Criteria {
            s2_min_gap_days: 10,
            ..c
        };
        assert_eq!(
            select_patch(&p, &thinned).unwrap_err(),
            Rejection::TooFewInMonth {
                sensor: FileKind::S2,
                month: month[0],
                min: 2
            }
        );
        // A gap equal to the difference keeps both dates.
        let exact = Criteria {
            s2_min_gap_days: 5,
            ..thinned
        };
        assert!(select_patch(&p, &exact).is_ok());
    }

    #[test]
    fn pairing_takes_the_nearest_earlier_on_ties_and_respects_the_offset() {
        let p = patch(
            &["20200310", "20200420"],
            &["20200307", "20200313", "20200425", "20200601"],
        );
        let c = Criteria {
            s1_nearest: true,
            ..Criteria::default()
        };
        let kept = select_patch(&p, &c).unwrap();
        // 10 March: 7 and 13 March are both 3 days away, the earlier wins.
        assert_eq!(kept.s1, [d("20200307"), d("20200425")]);
        let near = Criteria {
            s1_max_offset_days: Some(4),
            ..c.clone()
        };
        assert_eq!(
            select_patch(&p, &near).unwrap_err(),
            Rejection::NoSentinel1Within { days: 4 }
        );
        let wide = Criteria {
            s1_max_offset_days: Some(5),
            ..c.clone()
        };
        assert!(select_patch(&p, &wide).is_ok());
        let no_s1 = patch(&["20200310"], &[]);
        assert_eq!(
            select_patch(&no_s1, &c).unwrap_err(),
            Rejection::NoSentinel1ToPair
        );
        // Two S2 dates paired with one S1 date count as one S1 date.
        let shared = patch(&["20200310", "20200312"], &["20200311"]);
        let two_s1 = Criteria {
            min_s1_dates: 2,
            ..c
        };
        assert_eq!(
            select_patch(&shared, &two_s1).unwrap_err().to_string(),
            "fewer than 2 Sentinel-1 dates"
        );
    }

    #[test]
    fn zero_minimums_and_no_criteria_select_everything() {
        let p = patch(&[], &[]);
        assert_eq!(select_patch(&p, &Criteria::default()).unwrap(), p);
        let c = Criteria {
            periods: vec!["20200101-20201231".parse().unwrap()],
            min_s2_per_period: Some(0),
            ..Criteria::default()
        };
        assert!(select_patch(&p, &c).is_ok());
        assert!(c.check().is_ok());
        let orphan = Criteria {
            min_s2_per_month: Some(1),
            ..Criteria::default()
        };
        assert!(orphan.check().unwrap_err().to_string().contains("--month"));
    }
}
