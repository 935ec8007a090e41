use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, OverlapFacts};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// No two patches cover the same ground: two patches (of one tile or of
    /// two tiles) whose footprints differ by no more than the profile's
    /// `[spatial] overlap_tolerance` (area of the symmetric difference, m²)
    /// are reported once by this rule rather than as an overlap (S001).
    ///
    /// ## Why it matters
    /// A duplicated patch is the same sample twice under two names, usually
    /// a copy under the wrong name or a raster written with another patch's
    /// geotransform. It biases training and evaluation more than a partial
    /// overlap does, and one of the two names is wrong.
    ///
    /// ## Example
    /// ```text
    /// ground_reference/31UGQ_GR_0_257.tif: covers the same ground as 31UGQ_771_771 (6 553 600 m²)
    /// ```
    ///
    /// ## How to fix
    /// Find which of the two names is right (the ground reference's content
    /// against the land-cover source tells), delete the other patch's files,
    /// or rewrite its rasters with its own georeferencing.
    pub struct DuplicateFootprint {
        code: "S002",
        name: "duplicate-footprint",
        family: Spatial,
        severity: Error,
        summary: "Two patches that cover the same ground",
        reads: [Overlap(check)],
    }
    data {
        /// The other patch of the pair, `{tile}_{x}_{y}` (the overlap polygon
        /// is the finding's location).
        other_patch: String,
        /// The area of the shared ground, m², in the equal-area CRS.
        area_m2: f64,
        /// The area of the symmetric difference of the two footprints, m².
        difference_m2: f64,
    }
}

impl Record for DuplicateFootprint {
    fn message(&self) -> String {
        format!(
            "covers the same ground as {} ({} m²)",
            self.other_patch,
            super::area(self.area_m2)
        )
    }
}

/// S002: a pair sharing more ground than the tolerance whose footprints
/// differ by no more than it.
fn check(facts: &OverlapFacts, out: &mut Out) {
    let overlap = facts.overlap;
    let Some(difference) = overlap.difference_m2 else {
        return;
    };
    if overlap.area_m2 > facts.tolerance_m2 && super::same_ground(facts) {
        let record = DuplicateFootprint {
            other_patch: super::patch_name(facts.other),
            area_m2: overlap.area_m2,
            difference_m2: difference,
        };
        out.push_located(record, super::polygon(facts));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::spatial::fixtures::judge;

    #[test]
    fn message_only_for_duplicates() {
        assert_eq!(
            judge(check, 6_553_600.0, Some(0.0), "31UGQ_771_771"),
            ["covers the same ground as 31UGQ_771_771 (6 553 600 m²)"]
        );
        assert!(judge(check, 6_553_600.0, Some(25_600.0), "31UGQ_771_771").is_empty());
        assert!(judge(check, 6_553_600.0, None, "31UGQ_771_771").is_empty());
    }
}
