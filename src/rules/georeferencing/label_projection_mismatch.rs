use crate::io::formats::crs::Crs;
use crate::model::TileCode;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// The label file's `projection` is the same CRS as the patch's reference
    /// raster (compared as CRS: WKT variants of one EPSG code are equal). Without
    /// rasters (labels-only mode, or no readable raster) it must be the UTM zone
    /// of the tile.
    ///
    /// ## Why it matters
    /// Tools that read the label file's `projection` to place the patch put it in
    /// the wrong place, tens or hundreds of kilometres away.
    ///
    /// ## Example
    /// ```text
    /// labels/31UGQ_5397_2570.json: projection is EPSG:32632, but the rasters are in EPSG:32631
    /// ```
    pub struct LabelProjectionMismatch {
        code: "G003",
        name: "label-projection-mismatch",
        family: Georeferencing,
        severity: Error,
        summary: "A label file whose projection is not the CRS of its rasters",
    }
}

/// G003: the label file's declared projection against the CRS of the
/// patch's reference raster, or the UTM zone of `tile` when no raster CRS
/// is known. A definition GDAL cannot parse is reported; two valid CRSs
/// that cannot be compared are not.
pub(crate) fn check(declared: &Crs, raster_crs: Option<&Crs>, tile: &TileCode) -> Option<String> {
    let tile_crs = Crs::Epsg(tile.utm_epsg());
    let (expected, against) = match raster_crs {
        Some(crs) => (crs, "the rasters are in".to_string()),
        None => (&tile_crs, format!("tile {tile} is in")),
    };
    match declared.same_as(expected) {
        Some(true) => None,
        Some(false) => Some(format!(
            "projection is {}, but {against} {}",
            declared.describe(),
            expected.describe()
        )),
        None if *declared == Crs::Invalid => Some(format!(
            "projection is not a CRS definition GDAL can parse; {against} {}",
            expected.describe()
        )),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn against_rasters_or_tile() {
        let tile = TileCode::parse("31UGQ").unwrap();
        let raster = Crs::Epsg(32631);
        assert_eq!(check(&Crs::Epsg(32631), Some(&raster), &tile), None);
        assert_eq!(
            check(&Crs::Epsg(32632), Some(&raster), &tile).as_deref(),
            Some("projection is EPSG:32632, but the rasters are in EPSG:32631")
        );
        assert_eq!(
            check(&Crs::Epsg(32632), None, &tile).as_deref(),
            Some("projection is EPSG:32632, but tile 31UGQ is in EPSG:32631")
        );
        assert_eq!(
            check(&Crs::Invalid, None, &tile).as_deref(),
            Some("projection is not a CRS definition GDAL can parse; tile 31UGQ is in EPSG:32631")
        );
    }
}
