use crate::rules::declare_rule;
use crate::rules::raster::BandStats;

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

/// R008 on one band's statistics; only floating-point bands can hold NaN
/// or infinities.
pub(crate) fn check(band: usize, stats: &BandStats, is_float: bool) -> Option<String> {
    (is_float && stats.nan + stats.infinite > 0).then(|| {
        format!(
            "band {band}: {} NaN and {} infinite pixels",
            stats.nan, stats.infinite
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nan_and_infinities() {
        let s = BandStats::of(
            &[1.0, f64::NAN, f64::INFINITY, f64::NAN],
            None,
            (None, None),
        );
        assert_eq!(
            check(2, &s, true).as_deref(),
            Some("band 2: 2 NaN and 1 infinite pixels")
        );
        assert_eq!(check(2, &s, false), None);
        let nan_nodata = BandStats::of(&[1.0, f64::NAN], Some(f64::NAN), (None, None));
        assert_eq!(
            check(1, &nan_nodata, true),
            None,
            "NaN as nodata is allowed"
        );
    }
}
