use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, PatchDatesFacts};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// Each patch's label file lists a number of distinct Sentinel-2 and
    /// Sentinel-1 dates within the bounds the release declares
    /// (`[release] s2_dates` and `s1_dates`, `[min, max]` each): one
    /// finding per sensor out of bounds, on the label file. Dates are
    /// counted from the listed names that pass the naming rules (a name
    /// with a bad date is the naming rules' finding, not a date here). A
    /// label file that cannot be parsed is not judged (its J finding says
    /// why); a sensor without bounds in the profile is not checked. Runs
    /// in labels-only mode too, and in every shard.
    ///
    /// ## Why it matters
    /// The paper publishes 2 to 23 Sentinel-2 and 89 to 181 Sentinel-1
    /// dates per patch. A patch with fewer has lost part of its time
    /// series (an interrupted cut, a list truncated), one with more holds
    /// dates of another selection; either changes what a model sees of
    /// that place without breaking any file.
    ///
    /// ## Example
    /// ```text
    /// labels/31UGQ_7710_2570.json: 1 Sentinel-2 date, the release declares 2 to 23 a patch
    /// ```
    ///
    /// ## How to fix
    /// Restore the patch's missing dates (or remove the extra ones) and
    /// its label file's list, or drop the patch from the release; correct
    /// the bounds if the release's selection changed.
    pub struct DatesOutsideBounds {
        code: "D004",
        name: "dates-outside-bounds",
        family: Dataset,
        severity: Error,
        summary: "A patch with fewer or more dates of a sensor than the release declares",
        reads: [PatchDates(check)],
    }
    data {
        /// The sensor: `s2` or `s1`.
        sensor: String,
        /// The patch's distinct dates of that sensor.
        dates: u64,
        /// The release's lower bound.
        min_dates: u64,
        /// The release's upper bound.
        max_dates: u64,
    }
}

impl Record for DatesOutsideBounds {
    fn message(&self) -> String {
        let sensor = if self.sensor == "s2" {
            "Sentinel-2"
        } else {
            "Sentinel-1"
        };
        let s = if self.dates == 1 { "" } else { "s" };
        format!(
            "{} {sensor} date{s}, the release declares {} to {} a patch",
            self.dates, self.min_dates, self.max_dates
        )
    }
}

/// D004: each sensor whose date count is outside the declared bounds.
fn check(facts: &PatchDatesFacts, out: &mut Out) {
    let d = facts.declared;
    for (sensor, dates, bounds) in [
        ("s2", facts.s2_dates, d.s2_dates),
        ("s1", facts.s1_dates, d.s1_dates),
    ] {
        let Some((min, max)) = bounds else { continue };
        let dates = dates as u64;
        if dates < u64::from(min) || dates > u64::from(max) {
            out.push(DatesOutsideBounds {
                sensor: sensor.into(),
                dates,
                min_dates: min.into(),
                max_dates: max.into(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PatchKey, TileCode};
    use crate::rules::input::{messages, ReleaseDeclaration};

    fn judge(s2: usize, s1: usize, declared: &ReleaseDeclaration) -> Vec<String> {
        let key = PatchKey {
            tile: TileCode::parse("31UGQ").unwrap(),
            x: 7710,
            y: 2570,
        };
        let facts = PatchDatesFacts {
            key: &key,
            s2_dates: s2,
            s1_dates: s1,
            declared,
        };
        messages(check, &facts)
    }

    #[test]
    fn bounds_per_sensor_inclusive() {
        let paper = ReleaseDeclaration {
            s2_dates: Some((2, 23)),
            s1_dates: Some((89, 181)),
            ..Default::default()
        };
        for (s2, s1) in [(2, 89), (23, 181), (10, 120)] {
            assert!(judge(s2, s1, &paper).is_empty(), "{s2} {s1}");
        }
        assert_eq!(
            judge(1, 182, &paper),
            [
                "1 Sentinel-2 date, the release declares 2 to 23 a patch",
                "182 Sentinel-1 dates, the release declares 89 to 181 a patch"
            ]
        );
        assert_eq!(judge(24, 88, &paper).len(), 2, "one above, one below");
        let s2_only = ReleaseDeclaration {
            s2_dates: Some((2, 23)),
            ..Default::default()
        };
        assert!(judge(5, 0, &s2_only).is_empty(), "no Sentinel-1 bounds");
        assert!(judge(5, 0, &ReleaseDeclaration::default()).is_empty());
    }
}
