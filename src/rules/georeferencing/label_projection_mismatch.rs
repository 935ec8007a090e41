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
