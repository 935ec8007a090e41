use crate::model::PatchKey;
use crate::rules::declare_rule;
use crate::spatial::overlap::Overlap;

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
    }
}

/// The message of a pair that covers the same ground.
pub(crate) fn check(overlap: &Overlap, other: &PatchKey) -> Option<String> {
    overlap.duplicate.then(|| {
        format!(
            "covers the same ground as {} ({} m²)",
            super::patch_name(other),
            super::area(overlap.area_m2)
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn message_only_for_duplicates() {
        let (mut o, other) = super::super::example(6_553_600.0, true, "31UGQ_771_771");
        assert_eq!(
            super::check(&o, &other).as_deref(),
            Some("covers the same ground as 31UGQ_771_771 (6 553 600 m²)")
        );
        o.duplicate = false;
        assert_eq!(super::check(&o, &other), None);
    }
}
