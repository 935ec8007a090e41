//! Which dates a patch keeps, sensor by sensor: pure decisions over what
//! each acquisition shows of the patch (its nodata and cloudy pixels).
//!
//! * An acquisition **covers** a patch when none of the patch's pixels is
//!   nodata in any band (outside the raster, THEIA's edge mask, a band's
//!   nodata, a 20 m pixel reaching it through the cubic window, a
//!   Sentinel-1 value that has no dB) and its cloudy pixels (the THEIA
//!   cloud mask's bits of the profile) are at most the profile's
//!   `max_cloudy_pixels` percent of the patch.
//! * **Two acquisitions on one day** (one name per date: `{tile}_{date}_S1_{x}_{y}.tif`)
//!   are resolved per patch: among those of the day that cover the patch,
//!   the one of the preferred orbit direction (`same_day`, descending by
//!   default), then the first by file name; the others count as dropped
//!   "same day".
//! * A patch is written only with at least the profile's minimum of dates
//!   of each sensor.
//!
//! ```
//! use multisenge::triplets::select::{judge, Look, Verdict};
//! let clear = Look { pixels: 65_536, nodata: 0, cloudy: 0 };
//! assert_eq!(judge(&clear, 0.0), Verdict::Kept);
//! let hazy = Look { cloudy: 655, ..clear }; // 0.9995 % of the patch
//! assert_eq!(judge(&hazy, 1.0), Verdict::Kept);
//! assert!(matches!(judge(&hazy, 0.0), Verdict::Cloudy { .. }));
//! let edge = Look { nodata: 1, ..clear };
//! assert_eq!(judge(&edge, 100.0), Verdict::NotCovered { nodata: 1 });
//! ```

use super::names::Direction;

/// What one acquisition shows of one patch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Look {
    /// Pixels of the patch.
    pub pixels: usize,
    /// Nodata samples (pixels, counted band by band: only whether there
    /// is any matters).
    pub nodata: usize,
    /// Pixels the cloud mask flags (nodata ones included).
    pub cloudy: usize,
}

/// Whether an acquisition's date is kept for a patch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Verdict {
    Kept,
    /// Some pixels of the patch are nodata.
    NotCovered {
        nodata: usize,
    },
    /// More cloudy pixels than allowed: their share, percent.
    Cloudy {
        percent: f64,
    },
}

/// The date is kept when no pixel is nodata and the cloudy pixels are at
/// most `max_cloudy_percent` of the patch.
pub fn judge(look: &Look, max_cloudy_percent: f64) -> Verdict {
    if look.nodata > 0 {
        return Verdict::NotCovered {
            nodata: look.nodata,
        };
    }
    let percent = 100.0 * look.cloudy as f64 / look.pixels.max(1) as f64;
    if percent > max_cloudy_percent {
        Verdict::Cloudy { percent }
    } else {
        Verdict::Kept
    }
}

/// Which of two Sentinel-1 acquisitions of one day a patch keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SameDay {
    /// The descending pass (over Europe the morning one, about 06:00 local
    /// solar time), then the ascending one.
    #[default]
    Descending,
    /// The ascending pass (the evening one), then the descending one.
    Ascending,
}

impl SameDay {
    /// Sort key of an acquisition of `direction` (`None`: a plain file,
    /// whose direction is unknown, comes last).
    fn rank(self, direction: Option<Direction>) -> u8 {
        match (self, direction) {
            (SameDay::Descending, Some(Direction::Descending))
            | (SameDay::Ascending, Some(Direction::Ascending)) => 0,
            (_, Some(_)) => 1,
            (_, None) => 2,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SameDay::Descending => "descending",
            SameDay::Ascending => "ascending",
        }
    }
}

/// One acquisition of a day, as the choice sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// Orbit direction, when the name gives it.
    pub direction: Option<Direction>,
    /// File (or product) name: the last tie-break.
    pub name: &'a str,
    /// Whether it covers the patch.
    pub covers: bool,
}

/// The acquisition of one day a patch keeps, among `candidates`: the
/// covering ones by `rule`'s direction, then by name; `None` when none
/// covers. Sentinel-2 products have no direction: the first by name.
///
/// ```
/// use multisenge::triplets::names::Direction;
/// use multisenge::triplets::select::{choose, Candidate, SameDay};
/// let asc = Candidate { direction: Some(Direction::Ascending), name: "s1a_31UGQ_vv_ASC_088_20200108t172000.tif", covers: true };
/// let des = Candidate { direction: Some(Direction::Descending), name: "s1a_31UGQ_vv_DES_037_20200108t054223.tif", covers: true };
/// assert_eq!(choose(&[asc, des], SameDay::Descending), Some(1));
/// assert_eq!(choose(&[asc, des], SameDay::Ascending), Some(0));
/// let partial = Candidate { covers: false, ..des };
/// assert_eq!(choose(&[asc, partial], SameDay::Descending), Some(0));
/// ```
pub fn choose(candidates: &[Candidate], rule: SameDay) -> Option<usize> {
    candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| c.covers)
        .min_by(|(_, a), (_, b)| {
            (rule.rank(a.direction), a.name).cmp(&(rule.rank(b.direction), b.name))
        })
        .map(|(i, _)| i)
}

/// Why a patch is not written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PatchDrop {
    /// Its ground reference holds an empty pixel (0 or the raster's nodata).
    EmptyGroundReference,
    /// It overlaps a patch of another tile (`--avoid`, or already in the
    /// output dataset).
    Avoided,
    /// Fewer Sentinel-2 dates than the minimum.
    TooFewS2,
    /// Fewer Sentinel-1 dates than the minimum.
    TooFewS1,
}

/// Whether a patch with `s2` and `s1` dates kept is written.
///
/// ```
/// use multisenge::triplets::select::{enough_dates, PatchDrop};
/// assert_eq!(enough_dates(3, 90, (2, 1)), Ok(()));
/// assert_eq!(enough_dates(1, 90, (2, 1)), Err(PatchDrop::TooFewS2));
/// assert_eq!(enough_dates(3, 0, (2, 1)), Err(PatchDrop::TooFewS1));
/// ```
pub fn enough_dates(
    s2: usize,
    s1: usize,
    (min_s2, min_s1): (usize, usize),
) -> Result<(), PatchDrop> {
    if s2 < min_s2 {
        Err(PatchDrop::TooFewS2)
    } else if s1 < min_s1 {
        Err(PatchDrop::TooFewS1)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodata_first_then_the_cloudy_share() {
        let look = Look {
            pixels: 100,
            nodata: 1,
            cloudy: 50,
        };
        assert_eq!(judge(&look, 100.0), Verdict::NotCovered { nodata: 1 });
        let cloudy = Look { nodata: 0, ..look };
        assert_eq!(judge(&cloudy, 50.0), Verdict::Kept);
        assert_eq!(judge(&cloudy, 49.9), Verdict::Cloudy { percent: 50.0 });
        let clear = Look {
            cloudy: 0,
            ..cloudy
        };
        assert_eq!(judge(&clear, 0.0), Verdict::Kept);
        let one = Look {
            cloudy: 1,
            ..cloudy
        };
        assert_eq!(judge(&one, 0.0), Verdict::Cloudy { percent: 1.0 });
    }

    #[test]
    fn same_day_ties_break_by_name_and_plain_files_come_last() {
        let c = |direction, name, covers| Candidate {
            direction,
            name,
            covers,
        };
        let d = Some(Direction::Descending);
        let two_des = [c(d, "s1b_b", true), c(d, "s1a_a", true)];
        assert_eq!(choose(&two_des, SameDay::Descending), Some(1));
        assert_eq!(choose(&two_des, SameDay::Ascending), Some(1));
        let plain = [
            c(None, "a_plain", true),
            c(Some(Direction::Ascending), "z", true),
        ];
        assert_eq!(choose(&plain, SameDay::Descending), Some(1));
        let none = [c(d, "x", false), c(None, "y", false)];
        assert_eq!(choose(&none, SameDay::Descending), None);
        assert_eq!(choose(&[], SameDay::Descending), None);
    }
}
