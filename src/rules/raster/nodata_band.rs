use crate::rules::declare::declare_rule;
use crate::rules::input::{BandFacts, Out};
use crate::rules::raster::{value, RASTER_KINDS};
use crate::rules::record::Record;

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
        reads: [Band(RASTER_KINDS, check)],
    }
    data {
        /// The band, 1-based.
        band: u16,
        /// Its pixel count.
        pixels: u64,
        /// The nodata value in effect.
        nodata: Option<f64>,
    }
}

impl Record for NodataBand {
    fn message(&self) -> String {
        format!(
            "band {}: all {} pixels are nodata ({})",
            self.band,
            self.pixels,
            self.nodata.map_or_else(String::new, value)
        )
    }
}

/// R006: every pixel of the band is nodata.
fn check(facts: &BandFacts, out: &mut Out) {
    if facts.stats.all_nodata() {
        out.push(NodataBand {
            band: super::band_number(facts.band),
            pixels: facts.stats.pixels as u64,
            nodata: facts.nodata,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::BandStats;
    use crate::rules::raster::fixtures::band;

    #[test]
    fn all_nodata_only() {
        let empty = BandStats::of(&[0.0; 4], Some(0.0), (None, None));
        assert_eq!(
            band(check, 1, &empty, Some(0.0), false, (None, None)),
            ["band 1: all 4 pixels are nodata (0)"]
        );
        let some = BandStats::of(&[0.0, 0.0, 3.0, 0.0], Some(0.0), (None, None));
        assert!(band(check, 1, &some, Some(0.0), false, (None, None)).is_empty());
        let no_nodata = BandStats::of(&[0.0; 4], None, (None, None));
        assert!(band(check, 1, &no_nodata, None, false, (None, None)).is_empty());
    }
}
