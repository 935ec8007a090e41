use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Floating-point bands (Sentinel-1 backscatter in dB) hold no NaN and no
    /// infinite value, unless NaN is the band's declared nodata.
    ///
    /// ## Why it matters
    /// `10·log10(0)` gives minus infinity; a single NaN makes every loss and
    /// every normalisation statistic computed over the batch NaN.
    ///
    /// ## Example
    /// ```text
    /// s1/31UGQ_20200106_S1_4369_2570.tif: band 1: 32 NaN and 8 infinite pixels
    /// ```
    pub struct NonFiniteValues {
        code: "R008",
        name: "non-finite-values",
        family: Raster,
        severity: Error,
        summary: "NaN or infinite values in a floating-point band",
    }
}
