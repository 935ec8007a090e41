use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, OverlapFacts};
use crate::rules::record::Record;

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
        reads: [Overlap(check)],
    }
    data {
        /// The other patch of the pair, `{tile}_{x}_{y}` (the overlap polygon
        /// is the finding's location).
        other_patch: String,
        /// The area of the shared ground, m², in the equal-area CRS.
        area_m2: f64,
    }
}

impl Record for PatchesOverlap {
    fn message(&self) -> String {
        format!(
            "overlaps {} by {} m²",
            self.other_patch,
            super::area(self.area_m2)
        )
    }
}

/// S001: a pair sharing more ground than the tolerance, unless it covers
/// the same ground (S002's).
fn check(facts: &OverlapFacts, out: &mut Out) {
    let area = facts.overlap.area_m2;
    if area > facts.tolerance_m2 && !super::same_ground(facts) {
        let record = PatchesOverlap {
            other_patch: super::patch_name(facts.other),
            area_m2: area,
        };
        out.push_located(record, super::polygon(facts));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::spatial::fixtures::judge;

    #[test]
    fn message_names_the_other_patch_and_the_area() {
        assert_eq!(
            judge(check, 25_612.3, None, "31UGQ_257_0"),
            ["overlaps 31UGQ_257_0 by 25 612 m²"]
        );
        assert!(
            judge(check, 6.0, None, "31UGQ_257_0").is_empty(),
            "within the tolerance"
        );
        assert!(
            judge(check, 6_553_600.0, Some(4.0), "31UGQ_257_0").is_empty(),
            "S002's"
        );
        assert_eq!(
            judge(check, 6_553_600.0, Some(11.0), "31UGQ_257_0").len(),
            1
        );
    }
}
