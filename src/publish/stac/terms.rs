//! What the catalog's documents share: the STAC version and extensions,
//! the media types, the bands of each sensor, and dates as RFC 3339.

use serde::Serialize;

pub const STAC_VERSION: &str = "1.0.0";
pub const LABEL_EXTENSION: &str = "https://stac-extensions.github.io/label/v1.0.1/schema.json";
pub const PROJECTION_EXTENSION: &str =
    "https://stac-extensions.github.io/projection/v2.0.0/schema.json";
pub const GEOTIFF: &str = "image/tiff; application=geotiff";
pub const TASKS: [&str; 2] = ["segmentation", "classification"];

/// A band of an asset: STAC 1.1's `bands` objects, which STAC 1.0 leaves
/// to extensions (docs/publish.md says why not `eo:bands`). Each asset lists
/// the names; the descriptions are in the Collection's description.
#[derive(Clone, Debug, Serialize)]
pub struct Band {
    pub name: &'static str,
    #[serde(skip)]
    pub description: &'static str,
}

/// The Sentinel-2 bands of a MultiSenGE patch, in the paper's order
/// (§2.2: the 10 m bands, then the 20 m bands resampled to 10 m, cubic).
pub const S2_BANDS: [Band; 10] = [
    band("B2", "blue, 10 m"),
    band("B3", "green, 10 m"),
    band("B4", "red, 10 m"),
    band("B8", "near infrared, 10 m"),
    band("B5", "red edge, 20 m resampled to 10 m (cubic)"),
    band("B6", "red edge, 20 m resampled to 10 m (cubic)"),
    band("B7", "red edge, 20 m resampled to 10 m (cubic)"),
    band(
        "B8A",
        "narrow near infrared, 20 m resampled to 10 m (cubic)",
    ),
    band("B11", "short-wave infrared, 20 m resampled to 10 m (cubic)"),
    band("B12", "short-wave infrared, 20 m resampled to 10 m (cubic)"),
];

/// The Sentinel-1 bands (§2.3: GRD, VV and VH, speckle-filtered).
pub const S1_BANDS: [Band; 2] = [
    band("VV", "backscatter, vertical transmit and receive"),
    band("VH", "backscatter, vertical transmit, horizontal receive"),
];

const fn band(name: &'static str, description: &'static str) -> Band {
    Band { name, description }
}

/// `YYYYMMDD` as RFC 3339 at `time` UTC (`2020-01-05T00:00:00Z`).
pub fn rfc3339(date: u32, time: &str) -> String {
    let mut out = Vec::with_capacity(20);
    push_day(&mut out, date);
    out.push(b'T');
    out.extend_from_slice(time.as_bytes());
    out.push(b'Z');
    String::from_utf8(out).unwrap_or_default()
}

/// `YYYYMMDD` as `YYYY-MM-DD` (what `{:04}-{:02}-{:02}` gives), written
/// without the formatting machinery: the catalog writes a million of them.
pub fn push_day(out: &mut Vec<u8>, date: u32) {
    let date = u64::from(date);
    push_padded(out, date / 10_000, 4);
    out.push(b'-');
    push_padded(out, date / 100 % 100, 2);
    out.push(b'-');
    push_padded(out, date % 100, 2);
}

/// `value` in decimal, zero-padded to `width` digits (more when needed).
pub fn push_padded(out: &mut Vec<u8>, mut value: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    let len = digits.len() - start;
    out.resize(out.len() + width.saturating_sub(len), b'0');
    out.extend_from_slice(&digits[start..]);
}

/// `v` rounded to `digits` decimals.
pub fn round(v: f64, digits: i32) -> f64 {
    let k = 10f64.powi(digits);
    (v * k).round() / k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc3339() {
        assert_eq!(rfc3339(20200105, "00:00:00"), "2020-01-05T00:00:00Z");
        assert_eq!(rfc3339(20201231, "23:59:59"), "2020-12-31T23:59:59Z");
    }

    /// The digits are what the formatting machinery writes, for every
    /// magnitude of a `u64` (a year of `[dataset] year` can reach 65 535).
    #[test]
    fn padded_digits_match_format() {
        let mut values = vec![0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10_000, u64::MAX];
        values.extend((0..64).map(|k| 1u64 << k));
        values.extend((0..64).map(|k| (1u64 << k) - 1));
        for v in values {
            for width in [0, 2, 4, 12] {
                let mut out = b"x".to_vec();
                push_padded(&mut out, v, width);
                assert_eq!(out, format!("x{v:0width$}").into_bytes(), "{v} {width}");
            }
        }
        for date in [20200105, 101, 655_350_131, 99_991_231, u32::MAX] {
            let mut out = Vec::new();
            push_day(&mut out, date);
            let expected = format!(
                "{:04}-{:02}-{:02}",
                date / 10_000,
                date / 100 % 100,
                date % 100
            );
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }
}
