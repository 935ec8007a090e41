use crate::rules::declare::declare_rule;
use crate::rules::input::{BandFacts, Out};
use crate::rules::raster::SENTINEL_KINDS;
use crate::rules::record::Record;

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
        reads: [Band(SENTINEL_KINDS, check)],
    }
    data {
        /// The band, 1-based.
        band: u16,
        /// Its NaN pixels (NaN as the band's nodata aside).
        nan: u64,
        /// Its infinite pixels.
        infinite: u64,
    }
}

impl Record for NonFiniteValues {
    fn message(&self) -> String {
        format!(
            "band {}: {} NaN and {} infinite pixels",
            self.band, self.nan, self.infinite
        )
    }
}

/// R008: NaN or infinities in a floating-point band.
fn check(facts: &BandFacts, out: &mut Out) {
    let s = facts.stats;
    if facts.is_float && s.nan + s.infinite > 0 {
        out.push(NonFiniteValues {
            band: super::band_number(facts.band),
            nan: s.nan as u64,
            infinite: s.infinite as u64,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::BandStats;
    use crate::rules::raster::fixtures::band;

    #[test]
    fn counts_nan_and_infinities() {
        let s = BandStats::of(
            &[1.0, f64::NAN, f64::INFINITY, f64::NAN],
            None,
            (None, None),
        );
        assert_eq!(
            band(check, 2, &s, None, true, (None, None)),
            ["band 2: 2 NaN and 1 infinite pixels"]
        );
        assert!(band(check, 2, &s, None, false, (None, None)).is_empty());
        let nan_nodata = BandStats::of(&[1.0, f64::NAN], Some(f64::NAN), (None, None));
        assert!(
            band(check, 1, &nan_nodata, Some(f64::NAN), true, (None, None)).is_empty(),
            "NaN as nodata is allowed"
        );
    }
}
