use crate::rules::declare_rule;
use crate::rules::raster::{value, BandStats};

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

/// R009 on one band's statistics, against the kind's `(min, max)`.
pub(crate) fn check(
    band: usize,
    stats: &BandStats,
    range: (Option<f64>, Option<f64>),
) -> Option<String> {
    if stats.out_of_range == 0 {
        return None;
    }
    let bound = |b: Option<f64>, inf: &str| b.map_or(inf.to_string(), value);
    Some(format!(
        "band {band}: {} pixels outside [{}, {}] (values from {} to {})",
        stats.out_of_range,
        bound(range.0, "-inf"),
        bound(range.1, "inf"),
        stats.min.map_or_else(String::new, value),
        stats.max.map_or_else(String::new, value)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_the_range() {
        let range = (Some(0.0), Some(10_000.0));
        let s = BandStats::of(&[-1.0, 5.0, 12_000.0, 0.0], Some(0.0), range);
        assert_eq!(
            check(4, &s, range).as_deref(),
            Some("band 4: 2 pixels outside [0, 10000] (values from -1 to 12000)")
        );
        let open = (None, Some(20.0));
        let s = BandStats::of(&[25.5, 3.0], None, open);
        assert_eq!(
            check(1, &s, open).as_deref(),
            Some("band 1: 1 pixels outside [-inf, 20] (values from 3 to 25.5)")
        );
        let inside = BandStats::of(&[1.0, 2.0], None, range);
        assert_eq!(check(1, &inside, range), None);
    }
}
