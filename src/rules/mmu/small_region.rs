use super::{message, MmuSettings};
use crate::raster::regions::Region;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every connected region of one class in a ground reference has at least the
    /// profile's `[mmu] min_region_pixels` pixels (250, 2.5 ha), with the
    /// profile's `connectivity` (8 by default). Exempt classes (roads, class 5)
    /// are not checked; regions touching the patch border or a road are reported
    /// by M002 and M003 instead. The finding gives the class, the pixel count and
    /// the region's bounding window.
    ///
    /// ## Why it matters
    /// The MultiSenGE ground reference was generalized to a 2.5 ha minimum
    /// mapping unit: its step 2 removes the regions below it. The steps after it,
    /// in the paper's own order (the fill, the closing, and the roads burned
    /// last, whose cut-off regions M003 reports), can leave some below it, and
    /// the paper describes no step after the roads; so an interior region below
    /// the unit is either such a remnant or a sign that the generalization was
    /// not applied, or was applied with other parameters.
    ///
    /// ## Example
    /// ```text
    /// ground_reference/31UGQ_GR_6939_2570.tif: region of class 6 Arable lands has 40 pixels, fewer than the minimum mapping unit of 250
    /// ```
    pub struct SmallRegion {
        code: "M001",
        name: "small-region",
        family: Mmu,
        severity: Warning,
        summary: "A class region smaller than the minimum mapping unit",
    }
}

/// M001: a region below the minimum mapping unit, away from the patch
/// border and from roads.
pub(crate) fn check(region: &Region, settings: &MmuSettings, class_name: &str) -> Option<String> {
    let interior = !region.touches_border && !region.touches_road;
    (interior && settings.small(region)).then(|| message(region, settings, class_name, ""))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{region, settings};
    use super::*;

    #[test]
    fn interior_regions_below_the_unit() {
        let s = settings();
        assert_eq!(
            check(&region(40, false, false), &s, "Arable lands").as_deref(),
            Some("region of class 6 Arable lands has 40 pixels, fewer than the minimum mapping unit of 250")
        );
        assert_eq!(
            check(&region(1, false, false), &s, "x").as_deref(),
            Some("region of class 6 x has 1 pixel, fewer than the minimum mapping unit of 250")
        );
        assert_eq!(
            check(&region(250, false, false), &s, "x"),
            None,
            "exactly the unit"
        );
        assert_eq!(check(&region(40, true, false), &s, "x"), None, "M002's");
        assert_eq!(check(&region(40, false, true), &s, "x"), None, "M003's");
    }
}
