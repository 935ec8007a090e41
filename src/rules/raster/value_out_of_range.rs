use crate::rules::declare::declare_rule;
use crate::rules::input::{BandFacts, Out};
use crate::rules::raster::{value, SENTINEL_KINDS};
use crate::rules::record::Record;

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
        reads: [Band(SENTINEL_KINDS, check)],
    }
    data {
        /// The band, 1-based.
        band: u16,
        /// Its pixels outside the valid range.
        out_of_range: u64,
        /// Its smallest value (nodata and NaN aside).
        minimum: Option<f64>,
        /// Its largest value (nodata and NaN aside).
        maximum: Option<f64>,
        /// The profile's `min` for the raster's kind (null: no bound).
        valid_min: Option<f64>,
        /// The profile's `max` for the raster's kind (null: no bound).
        valid_max: Option<f64>,
    }
}

impl Record for ValueOutOfRange {
    fn message(&self) -> String {
        let bound = |b: Option<f64>, inf: &str| b.map_or(inf.to_string(), value);
        format!(
            "band {}: {} pixels outside [{}, {}] (values from {} to {})",
            self.band,
            self.out_of_range,
            bound(self.valid_min, "-inf"),
            bound(self.valid_max, "inf"),
            self.minimum.map_or_else(String::new, value),
            self.maximum.map_or_else(String::new, value)
        )
    }
}

/// R009: pixels outside the kind's `(min, max)`.
fn check(facts: &BandFacts, out: &mut Out) {
    let s = facts.stats;
    if s.out_of_range > 0 {
        out.push(ValueOutOfRange {
            band: super::band_number(facts.band),
            out_of_range: s.out_of_range as u64,
            minimum: s.min,
            maximum: s.max,
            valid_min: facts.range.0,
            valid_max: facts.range.1,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::BandStats;
    use crate::rules::raster::fixtures::band;

    #[test]
    fn outside_the_range() {
        let range = (Some(0.0), Some(10_000.0));
        let s = BandStats::of(&[-1.0, 5.0, 12_000.0, 0.0], Some(0.0), range);
        assert_eq!(
            band(check, 4, &s, Some(0.0), false, range),
            ["band 4: 2 pixels outside [0, 10000] (values from -1 to 12000)"]
        );
        let open = (None, Some(20.0));
        let s = BandStats::of(&[25.5, 3.0], None, open);
        assert_eq!(
            band(check, 1, &s, None, true, open),
            ["band 1: 1 pixels outside [-inf, 20] (values from 3 to 25.5)"]
        );
        let inside = BandStats::of(&[1.0, 2.0], None, range);
        assert!(band(check, 1, &inside, None, false, range).is_empty());
    }
}
