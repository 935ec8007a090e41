use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, RegionFacts};
use crate::rules::record::Record;

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
        reads: [Region(check)],
    }
    data {
        /// The region's class value.
        class: u8,
        /// The class's name in the profile's class table.
        class_name: String,
        /// Its pixel count (its bounding window is the finding's location).
        pixels: u64,
        /// The profile's `[mmu] min_region_pixels`.
        min_region_pixels: u32,
        /// The profile's `[mmu] road_class`, which the region touches.
        road_class: u8,
    }
}

impl Record for SmallRegionByRoad {
    fn message(&self) -> String {
        let (class, name) = (self.class, &self.class_name);
        let place = format!(" next to class {}", self.road_class);
        super::message(class, name, self.pixels, self.min_region_pixels, &place)
    }
}

/// M003: a region below the minimum mapping unit next to the road class,
/// away from the patch border.
fn check(facts: &RegionFacts, out: &mut Out) {
    let region = facts.region;
    let by_road = region.touches_road && !region.touches_border;
    let Some((class, class_name, pixels, min_region_pixels)) = super::small(facts) else {
        return;
    };
    if by_road {
        let record = SmallRegionByRoad {
            class,
            class_name,
            pixels,
            min_region_pixels,
            road_class: facts.mmu.road_class,
        };
        out.push_located(record, super::window(region));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::mmu::fixtures::{judge, region};

    #[test]
    fn road_side_regions_below_the_unit() {
        assert_eq!(
            judge(check, &region(30, false, true), "Pastures"),
            ["region of class 6 Pastures has 30 pixels next to class 5, fewer than the minimum mapping unit of 250"]
        );
        assert!(
            judge(check, &region(30, true, true), "x").is_empty(),
            "M002's"
        );
        assert!(
            judge(check, &region(30, false, false), "x").is_empty(),
            "M001's"
        );
    }
}
