use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, RasterFacts};
use crate::rules::record::Record;

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
        reads: [Raster(check)],
    }
    data {}
}

impl Record for MissingCrs {
    fn message(&self) -> String {
        "the raster has no coordinate reference system".into()
    }
}

/// G001: the raster's GeoTIFF keys give no CRS.
fn check(facts: &RasterFacts, out: &mut Out) {
    if facts.opened.is_ok_and(|h| h.crs.is_none()) {
        out.push(MissingCrs {});
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_crs() {
        assert_eq!(
            MissingCrs {}.message(),
            "the raster has no coordinate reference system"
        );
    }
}
