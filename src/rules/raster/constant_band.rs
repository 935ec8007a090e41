use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// No band has one single value in all its pixels (nodata pixels aside). For
    /// the ground reference this is a patch of one class.
    ///
    /// ## Why it matters
    /// A constant Sentinel band is almost always a fill value written by a failed
    /// processing step. A one-class ground reference can be real (a lake, a
    /// forest), hence the warning.
    ///
    /// ## Example
    /// ```text
    /// s2/31UGQ_20200325_S2_4112_2570.tif: band 3: every pixel is 1200
    /// ```
    pub struct ConstantBand {
        code: "R007",
        name: "constant-band",
        family: Raster,
        severity: Warning,
        summary: "A band whose every pixel has the same value",
    }
}
