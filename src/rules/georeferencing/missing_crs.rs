use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every raster carries a CRS (GeoTIFF keys).
    ///
    /// ## Why it matters
    /// Without a CRS the patch cannot be placed on a map, compared with its
    /// source or reprojected; GIS tools show it at the origin.
    ///
    /// ## Example
    /// ```text
    /// s1/31UGQ_20200106_S1_4883_2570.tif: the raster has no coordinate reference system
    /// ```
    pub struct MissingCrs {
        code: "G001",
        name: "missing-crs",
        family: Georeferencing,
        severity: Error,
        summary: "A raster without a coordinate reference system",
    }
}
