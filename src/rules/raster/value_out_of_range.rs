use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Pixels (nodata and NaN aside) lie within the profile's `min` and `max` for
    /// the file's kind (Sentinel-2 surface reflectance × 10 000: 0 to 10 000;
    /// Sentinel-1 backscatter: −50 to 20 dB by default).
    ///
    /// ## Why it matters
    /// Negative reflectances or a backscatter of +300 dB come from a wrong scale
    /// factor or an overflow; they pass type checks and ruin normalisation.
    ///
    /// ## Example
    /// ```text
    /// s2/31UGQ_20200325_S2_4626_2570.tif: band 2: 64 pixels outside [0, 10000] (values from -100 to 2310)
    /// ```
    pub struct ValueOutOfRange {
        code: "R009",
        name: "value-out-of-range",
        family: Raster,
        severity: Error,
        summary: "Pixel values outside the valid range of the kind",
    }
}
