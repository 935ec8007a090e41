use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// The patch's reference raster (its ground reference, else its first
    /// Sentinel-2 or Sentinel-1 file) is in WGS 84 / UTM of its tile's zone,
    /// EPSG:326ZZ for northern latitude bands and 327ZZ for southern ones. The
    /// other members are compared with the reference by rule G006.
    ///
    /// ## Why it matters
    /// Sentinel-2 tiles are delivered in their own zone; a patch in a neighbouring
    /// zone was reprojected and resampled, or mislabelled.
    ///
    /// ## Example
    /// ```text
    /// ground_reference/31UGQ_GR_5140_2570.tif: CRS is EPSG:32632, expected EPSG:32631 (UTM zone of tile 31UGQ)
    /// ```
    pub struct WrongUtmZone {
        code: "G002",
        name: "wrong-utm-zone",
        family: Georeferencing,
        severity: Error,
        summary: "A patch whose CRS is not the UTM zone of its tile",
    }
}
