//! Stacking, pure: which Sentinel-2 bands are native at 10 m (kept as
//! they are) and which at 20 m (resampled by [`super::resample`]), and the
//! Sentinel-1 backscatter in the unit the dataset profile asks for.
//!
//! Sentinel-1 units: S1-Tiling writes calibrated backscatter as linear σ0
//! (Float32, 0 reserved for nodata); the dataset profile's value-range
//! rule (R009) expects `[rasters.s1] unit` (dB in the bundled profile:
//! −50 to 20). dB = 10 · log10(σ0); a value that is not a positive finite
//! number (0, nodata, NaN, a negative) has no dB and counts as nodata.
//!
//! ```
//! use multisenge::profile::BackscatterUnit::{Db, Linear};
//! use multisenge::triplets::stack::convert;
//! let mut v = [0.1f32, 1.0, 0.0, f32::NAN];
//! let nodata = convert(&mut v, Linear, Db, Some(0.0));
//! assert_eq!(nodata, 2);
//! assert!((v[0] + 10.0).abs() < 1e-6 && v[1] == 0.0);
//! assert!(v[2].is_nan() && v[3].is_nan());
//! ```

use crate::profile::BackscatterUnit;

/// The Sentinel-2 bands a THEIA Level-2A product distributes at 10 m.
pub const BANDS_10M: [&str; 4] = ["B2", "B3", "B4", "B8"];
/// And at 20 m.
pub const BANDS_20M: [&str; 6] = ["B5", "B6", "B7", "B8A", "B11", "B12"];

/// The native pixel size of a band, metres; `None` for a band THEIA's
/// Level-2A reflectances do not hold (B1, B9, B10).
pub fn native_pixel_size(band: &str) -> Option<f64> {
    if BANDS_10M.contains(&band) {
        Some(10.0)
    } else if BANDS_20M.contains(&band) {
        Some(20.0)
    } else {
        None
    }
}

/// Converts `values` from one unit to the other in place; values that are
/// `nodata`, not finite, or (from linear) not positive become NaN. Returns
/// how many did.
pub fn convert(
    values: &mut [f32],
    from: BackscatterUnit,
    to: BackscatterUnit,
    nodata: Option<f32>,
) -> usize {
    let mut bad = 0;
    for v in values.iter_mut() {
        let invalid =
            !v.is_finite() || nodata == Some(*v) || (from == BackscatterUnit::Linear && *v <= 0.0);
        if invalid {
            *v = f32::NAN;
            bad += 1;
            continue;
        }
        *v = match (from, to) {
            (BackscatterUnit::Linear, BackscatterUnit::Db) => 10.0 * v.log10(),
            (BackscatterUnit::Db, BackscatterUnit::Linear) => 10f32.powf(*v / 10.0),
            _ => *v,
        };
    }
    bad
}

#[cfg(test)]
mod tests {
    use super::*;
    use BackscatterUnit::{Db, Linear};

    #[test]
    fn the_ten_bands_of_the_paper_and_their_sizes() {
        let paper = [
            "B2", "B3", "B4", "B8", "B5", "B6", "B7", "B8A", "B11", "B12",
        ];
        let sizes: Vec<f64> = paper
            .iter()
            .map(|b| native_pixel_size(b).unwrap())
            .collect();
        assert_eq!(sizes, [10., 10., 10., 10., 20., 20., 20., 20., 20., 20.]);
        assert_eq!(native_pixel_size("B1"), None);
        assert_eq!(native_pixel_size("b2"), None);
    }

    #[test]
    fn units_round_trip_and_same_unit_keeps_values() {
        let mut v = [0.02f32, 0.5, 3.0];
        convert(&mut v, Linear, Db, None);
        let db = v;
        assert!((db[0] - 10.0 * 0.02f32.log10()).abs() < 1e-6);
        convert(&mut v, Db, Linear, None);
        for (a, b) in v.iter().zip([0.02f32, 0.5, 3.0]) {
            assert!((a - b).abs() < 1e-6 * b);
        }
        let mut same = [-12.5f32, 0.0, -0.25];
        assert_eq!(convert(&mut same, Db, Db, None), 0);
        assert_eq!(same, [-12.5, 0.0, -0.25]);
        let mut negative = [-1.0f32];
        assert_eq!(convert(&mut negative, Linear, Linear, None), 1);
        assert!(negative[0].is_nan());
    }
}
