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

/// G001: `has_crs` is whether the raster's GeoTIFF keys give a CRS.
pub(crate) fn check(has_crs: bool) -> Option<String> {
    (!has_crs).then(|| "the raster has no coordinate reference system".to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn without_crs() {
        assert_eq!(super::check(true), None);
        assert_eq!(
            super::check(false).as_deref(),
            Some("the raster has no coordinate reference system")
        );
    }
}
