use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, RegionFacts};
use crate::rules::record::Record;

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
    }
}

impl Record for SmallBorderRegion {
    fn message(&self) -> String {
        let (class, name) = (self.class, &self.class_name);
        let place = " on the patch border";
        super::message(class, name, self.pixels, self.min_region_pixels, place)
    }
}

/// M002: a region below the minimum mapping unit on the patch border
/// (whether or not it also touches a road: clipping says nothing of its
/// real size).
fn check(facts: &RegionFacts, out: &mut Out) {
    let region = facts.region;
    let Some((class, class_name, pixels, min_region_pixels)) = super::small(facts) else {
        return;
    };
    if region.touches_border {
        let record = SmallBorderRegion {
            class,
            class_name,
            pixels,
            min_region_pixels,
        };
        out.push_located(record, super::window(region));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::mmu::fixtures::{judge, region};

    #[test]
    fn border_regions_below_the_unit() {
        assert_eq!(
            judge(check, &region(12, true, true), "Vineyards"),
            ["region of class 6 Vineyards has 12 pixels on the patch border, fewer than the minimum mapping unit of 250"]
        );
        assert!(judge(check, &region(300, true, false), "x").is_empty());
        assert!(judge(check, &region(12, false, true), "x").is_empty());
    }
}
