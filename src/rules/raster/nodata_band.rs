use crate::rules::declare_rule;
use crate::rules::raster::{value, BandStats};

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
    }
}

/// R006 on one band's statistics; `nodata` is the value in effect.
pub(crate) fn check(band: usize, stats: &BandStats, nodata: Option<f64>) -> Option<String> {
    stats.all_nodata().then(|| {
        format!(
            "band {band}: all {} pixels are nodata ({})",
            stats.pixels,
            nodata.map_or_else(String::new, value)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_nodata_only() {
        let empty = BandStats::of(&[0.0; 4], Some(0.0), (None, None));
        assert_eq!(
            check(1, &empty, Some(0.0)).as_deref(),
            Some("band 1: all 4 pixels are nodata (0)")
        );
        let some = BandStats::of(&[0.0, 0.0, 3.0, 0.0], Some(0.0), (None, None));
        assert_eq!(check(1, &some, Some(0.0)), None);
        let no_nodata = BandStats::of(&[0.0; 4], None, (None, None));
        assert_eq!(check(1, &no_nodata, None), None);
    }
}
