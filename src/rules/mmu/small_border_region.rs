use super::{message, MmuSettings};
use crate::raster::regions::Region;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Like M001, for regions that touch the first or last row or column of the
    /// patch.
    ///
    /// ## Why it matters
    /// The generalization ran on the whole tile before cutting patches: a small
    /// region on the border is often the clipped part of a larger region in the
    /// neighbouring patch, hence the lower severity.
    ///
    /// ## Example
    /// ```text
    /// ground_reference/31UGQ_GR_7196_2570.tif: region of class 6 Arable lands has 40 pixels on the patch border, fewer than the minimum mapping unit of 250
    /// ```
    pub struct SmallBorderRegion {
        code: "M002",
        name: "small-border-region",
        family: Mmu,
        severity: Info,
        summary: "A small class region touching the patch border",
    }
}

/// M002: a region below the minimum mapping unit on the patch border
/// (whether or not it also touches a road: clipping says nothing of its
/// real size).
pub(crate) fn check(region: &Region, settings: &MmuSettings, class_name: &str) -> Option<String> {
    (region.touches_border && settings.small(region))
        .then(|| message(region, settings, class_name, " on the patch border"))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{region, settings};
    use super::*;

    #[test]
    fn border_regions_below_the_unit() {
        let s = settings();
        assert_eq!(
            check(&region(12, true, true), &s, "Vineyards").as_deref(),
            Some("region of class 6 Vineyards has 12 pixels on the patch border, fewer than the minimum mapping unit of 250")
        );
        assert_eq!(check(&region(300, true, false), &s, "x"), None);
        assert_eq!(check(&region(12, false, true), &s, "x"), None);
    }
}
