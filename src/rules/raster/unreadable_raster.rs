use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every ground-reference, Sentinel-2 and Sentinel-1 file opens with GDAL's
    /// GeoTIFF driver: it exists, can be read, and is a TIFF file.
    ///
    /// ## Why it matters
    /// A file that does not open breaks every data loader that meets it, usually
    /// hours into a training run. The other raster, georeferencing, class and
    /// minimum-mapping-unit rules are skipped for it.
    ///
    /// ## Example
    /// ```text
    /// s1/31UGQ_20200106_S1_2570_2570.tif: cannot be opened as a GeoTIFF: not a TIFF file GDAL can read
    /// ```
    pub struct UnreadableRaster {
        code: "R001",
        name: "unreadable-raster",
        family: Raster,
        severity: Error,
        summary: "A raster that cannot be opened as a GeoTIFF",
    }
}

/// The message for a file GDAL cannot open; `why` is GDAL's reason.
pub(crate) fn message(why: &impl std::fmt::Display) -> String {
    format!("cannot be opened as a GeoTIFF: {why}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_the_reason() {
        assert_eq!(
            super::message(&"not a TIFF"),
            "cannot be opened as a GeoTIFF: not a TIFF"
        );
    }
}
