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
