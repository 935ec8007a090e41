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

/// R010 and R011: the first band (0-based) of a file whose bands carry
/// descriptions and whose band count is the profile's, where a description
/// is not the profile's name; `None` when every band is as named, when no
/// band is described (not judged), or when the counts differ (R004's).
pub(crate) fn first_misdescribed(found: &[String], expected: &[String]) -> Option<usize> {
    let described = found.iter().any(|d| !d.is_empty());
    if expected.is_empty() || !described || found.len() != expected.len() {
        return None;
    }
    found.iter().zip(expected).position(|(a, b)| a != b)
}

/// R010's and R011's message: the first band that differs, then both lists.
pub(crate) fn misdescribed_message(
    band: u16,
    description: &str,
    expected: &str,
    descriptions: &[String],
    expected_descriptions: &[String],
) -> String {
    let described = if description.is_empty() {
        "has no description".to_string()
    } else {
        format!("is described as `{description}`")
    };
    let list = |names: &[String]| -> String {
        let names: Vec<&str> = names
            .iter()
            .map(|n| if n.is_empty() { "(none)" } else { n.as_str() })
            .collect();
        names.join(", ")
    };
    format!(
        "band {band} {described}, expected `{expected}` (bands {}; expected {})",
        list(descriptions),
        list(expected_descriptions)
    )
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
