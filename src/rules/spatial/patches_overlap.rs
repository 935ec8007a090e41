use crate::model::PatchKey;
use crate::rules::declare_rule;
use crate::spatial::overlap::Overlap;

declare_rule! {
    /// ## What it checks
    /// No two patches share ground: every pair of distinct patches whose
    /// footprints intersect by more than the profile's
    /// `[spatial] overlap_tolerance` (m², default 10) is reported, across
    /// neighbouring tiles and across UTM zones. Footprints come from the
    /// rasters' geotransforms (full mode) or from the official tiling grid
    /// (labels-only mode); areas are measured in the equal-area CRS
    /// `[spatial] equal_area_epsg` (default EPSG:3035). The finding's
    /// location is the overlap polygon; the summary counts the pairs and
    /// their total area. A finding is on the first patch of the pair (in
    /// tile, x, y order) and names the second; at most 32 pairs are
    /// reported per first patch (a sound dataset has fewer than a dozen;
    /// more means patches stacked on one place by a broken writer).
    ///
    /// ## Why it matters
    /// Neighbouring Sentinel-2 tiles share a strip of about 10 km (more at
    /// the edge of a UTM zone). A patch cut from that strip in two tiles puts
    /// the same ground twice in the dataset: once in training and once in
    /// testing, it inflates every score measured on it. MultiSenGE
    /// announces "non-overlapping" patches; this rule is how a release
    /// proves it.
    ///
    /// ## Example
    /// ```text
    /// labels/31UFQ_10023_0.json: overlaps 31UGQ_0_0 by 5 887 974 m²
    /// ```
    ///
    /// ## How to fix
    /// Remove one patch of each pair (keep the one of the tile whose
    /// centre is nearest), or regenerate the patches with
    /// `multisenge generalize --patches DIR --avoid DATASET`, which skips
    /// patches that would overlap existing ones.
    pub struct PatchesOverlap {
        code: "S001",
        name: "patches-overlap",
        family: Spatial,
        severity: Error,
        summary: "Two patches that share ground",
    }
}

/// The message of a pair that overlaps without being a duplicate.
pub(crate) fn check(overlap: &Overlap, other: &PatchKey) -> Option<String> {
    (!overlap.duplicate).then(|| {
        format!(
            "overlaps {} by {} m²",
            super::patch_name(other),
            super::area(overlap.area_m2)
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn message_names_the_other_patch_and_the_area() {
        let (mut o, other) = super::super::example(25_612.3, false, "31UGQ_257_0");
        assert_eq!(
            super::check(&o, &other).as_deref(),
            Some("overlaps 31UGQ_257_0 by 25 612 m²")
        );
        o.duplicate = true;
        assert_eq!(super::check(&o, &other), None);
    }
}
