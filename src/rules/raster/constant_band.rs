use crate::rules::declare_rule;
use crate::rules::raster::{value, BandStats};

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

/// R007 on one band's statistics: one value in every pixel (nodata
/// aside; a band of nodata only is R006's).
pub(crate) fn check(band: usize, stats: &BandStats) -> Option<String> {
    let v = stats.constant()?;
    Some(format!("band {band}: every pixel is {}", value(v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_nodata_aside() {
        let one = BandStats::of(&[7.0, 7.0, 0.0], Some(0.0), (None, None));
        assert_eq!(check(2, &one).as_deref(), Some("band 2: every pixel is 7"));
        let two = BandStats::of(&[7.0, 8.0], None, (None, None));
        assert_eq!(check(2, &two), None);
        let nan = BandStats::of(&[7.0, f64::NAN], None, (None, None));
        assert_eq!(check(2, &nan), None, "NaN is R008's");
        let empty = BandStats::of(&[0.0, 0.0], Some(0.0), (None, None));
        assert_eq!(check(2, &empty), None, "all nodata is R006's");
    }

    #[test]
    fn one_class_ground_reference() {
        let mut counts = [0u32; 256];
        counts[6] = 65_536;
        let stats = BandStats::of_class_counts(&counts, None);
        assert_eq!(
            check(1, &stats).as_deref(),
            Some("band 1: every pixel is 6")
        );
    }
}
