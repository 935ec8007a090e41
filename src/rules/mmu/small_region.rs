use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, RegionFacts};
use crate::rules::record::Record;

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

impl Record for SmallRegion {
    fn message(&self) -> String {
        let (class, name) = (self.class, &self.class_name);
        super::message(class, name, self.pixels, self.min_region_pixels, "")
    }
}

/// M001: a region below the minimum mapping unit, away from the patch
/// border and from roads.
fn check(facts: &RegionFacts, out: &mut Out) {
    let region = facts.region;
    let interior = !region.touches_border && !region.touches_road;
    let Some((class, class_name, pixels, min_region_pixels)) = super::small(facts) else {
        return;
    };
    if interior {
        let record = SmallRegion {
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
    fn interior_regions_below_the_unit() {
        assert_eq!(
            judge(check, &region(40, false, false), "Arable lands"),
            ["region of class 6 Arable lands has 40 pixels, fewer than the minimum mapping unit of 250"]
        );
        assert_eq!(
            judge(check, &region(1, false, false), "x"),
            ["region of class 6 x has 1 pixel, fewer than the minimum mapping unit of 250"]
        );
        assert!(
            judge(check, &region(250, false, false), "x").is_empty(),
            "exactly the unit"
        );
        assert!(
            judge(check, &region(40, true, false), "x").is_empty(),
            "M002's"
        );
        assert!(
            judge(check, &region(40, false, true), "x").is_empty(),
            "M003's"
        );
    }
}
