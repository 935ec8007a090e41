//! Raster: readable GeoTIFFs of the expected size, bands, data type and
//! plausible content.

pub mod constant_band;
pub mod nodata_band;
pub mod non_finite_values;
#[cfg(test)]
pub mod throwaway;
pub mod truncated_raster;
pub mod unreadable_raster;
pub mod value_out_of_range;
pub mod wrong_backscatter_unit;
pub mod wrong_band_count;
pub mod wrong_band_order;
pub mod wrong_data_type;
pub mod wrong_polarisations;
pub mod wrong_raster_size;

use crate::model::FileKind;

/// Every kind of raster: the pixel rules that judge any band read them.
pub(crate) const RASTER_KINDS: &[FileKind] =
    &[FileKind::GroundReference, FileKind::S2, FileKind::S1];

/// The Sentinel rasters: a class map holds neither NaN nor a value range.
pub(crate) const SENTINEL_KINDS: &[FileKind] = &[FileKind::S2, FileKind::S1];

/// A band's number in a record (a profile allows at most 65 535 bands).
pub(crate) fn band_number(band: usize) -> u16 {
    u16::try_from(band).unwrap_or(u16::MAX)
}

/// Formats a pixel value without a useless `.0`.
pub(crate) fn value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Bands as the rules' tests judge them.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::model::FileKind;
    use crate::rules::input::{messages, BandFacts, BandStats, Out};

    /// The messages of `check` on band `band` of a Sentinel-2 file.
    pub fn band(
        check: fn(&BandFacts, &mut Out),
        band: usize,
        stats: &BandStats,
        nodata: Option<f64>,
        is_float: bool,
        range: (Option<f64>, Option<f64>),
    ) -> Vec<String> {
        let facts = BandFacts {
            kind: FileKind::S2,
            band,
            stats,
            nodata,
            is_float,
            range,
            values: &[],
            unit: None,
        };
        messages(check, &facts)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_without_useless_decimals() {
        assert_eq!(super::value(3.0), "3");
        assert_eq!(super::value(-2.5), "-2.5");
    }
}
