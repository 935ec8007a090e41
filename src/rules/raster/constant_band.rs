use crate::rules::declare::declare_rule;
use crate::rules::input::{BandFacts, Out};
use crate::rules::raster::{value, RASTER_KINDS};
use crate::rules::record::Record;

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
        reads: [Band(RASTER_KINDS, check)],
    }
    data {
        /// The band, 1-based.
        band: u16,
        /// The value of every pixel (nodata aside).
        value: f64,
    }
}

impl Record for ConstantBand {
    fn message(&self) -> String {
        format!("band {}: every pixel is {}", self.band, value(self.value))
    }
}

/// R007: one value in every pixel (nodata aside; a band of nodata only is
/// R006's, NaN R008's).
fn check(facts: &BandFacts, out: &mut Out) {
    if let Some(v) = facts.stats.constant() {
        out.push(ConstantBand {
            band: super::band_number(facts.band),
            value: v,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::BandStats;
    use crate::rules::raster::fixtures::band;

    fn judge(stats: &BandStats) -> Vec<String> {
        band(check, 2, stats, Some(0.0), false, (None, None))
    }

    #[test]
    fn one_value_nodata_aside() {
        let one = BandStats::of(&[7.0, 7.0, 0.0], Some(0.0), (None, None));
        assert_eq!(judge(&one), ["band 2: every pixel is 7"]);
        let two = BandStats::of(&[7.0, 8.0], None, (None, None));
        assert!(judge(&two).is_empty());
        let nan = BandStats::of(&[7.0, f64::NAN], None, (None, None));
        assert!(judge(&nan).is_empty(), "NaN is R008's");
        let empty = BandStats::of(&[0.0, 0.0], Some(0.0), (None, None));
        assert!(judge(&empty).is_empty(), "all nodata is R006's");
    }

    #[test]
    fn one_class_ground_reference() {
        let mut counts = [0u32; 256];
        counts[6] = 65_536;
        let stats = BandStats::of_class_counts(&counts, None);
        assert_eq!(
            band(check, 1, &stats, None, false, (None, None)),
            ["band 1: every pixel is 6"]
        );
    }
}
