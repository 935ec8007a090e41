use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// No band has all its pixels equal to its nodata value (the file's, else
    /// the profile's `nodata` for its kind).
    ///
    /// ## Why it matters
    /// An empty band is an acquisition or processing failure; it teaches a model
    /// nothing and skews normalisation statistics.
    ///
    /// ## Example
    /// ```text
    /// s2/31UGQ_20200325_S2_3855_2570.tif: band 1: all 65536 pixels are nodata (0)
    /// ```
    pub struct NodataBand {
        code: "R006",
        name: "nodata-band",
        family: Raster,
        severity: Error,
        summary: "A band whose every pixel is nodata",
    }
}
