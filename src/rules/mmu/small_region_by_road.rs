use super::{message, MmuSettings};
use crate::raster::regions::Region;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Like M001, for interior regions that touch the profile's `road_class`
    /// (class 5, large scale networks).
    ///
    /// ## Why it matters
    /// The paper burns roads in after the minimum-mapping-unit step; a road can
    /// cut a large region into small pieces. Measured on a GDAL + scipy rendition
    /// of the paper's pipeline, every small region left touched a road, so these
    /// are expected and reported apart.
    ///
    /// ## Example
    /// ```text
    /// ground_reference/31UGQ_GR_7453_2570.tif: region of class 6 Arable lands has 40 pixels next to class 5, fewer than the minimum mapping unit of 250
    /// ```
    pub struct SmallRegionByRoad {
        code: "M003",
        name: "small-region-by-road",
        family: Mmu,
        severity: Info,
        summary: "A small class region touching a road",
    }
}

/// M003: a region below the minimum mapping unit next to the road class,
/// away from the patch border.
pub(crate) fn check(region: &Region, settings: &MmuSettings, class_name: &str) -> Option<String> {
    let by_road = region.touches_road && !region.touches_border;
    (by_road && settings.small(region)).then(|| {
        let place = format!(" next to class {}", settings.road_class);
        message(region, settings, class_name, &place)
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{region, settings};
    use super::*;

    #[test]
    fn road_side_regions_below_the_unit() {
        let s = settings();
        assert_eq!(
            check(&region(30, false, true), &s, "Pastures").as_deref(),
            Some("region of class 6 Pastures has 30 pixels next to class 5, fewer than the minimum mapping unit of 250")
        );
        assert_eq!(check(&region(30, true, true), &s, "x"), None, "M002's");
        assert_eq!(check(&region(30, false, false), &s, "x"), None, "M001's");
    }
}
