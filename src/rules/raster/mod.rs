//! Raster: readable GeoTIFFs of the expected size, bands, data type and
//! plausible content.

pub mod constant_band;
pub mod nodata_band;
pub mod non_finite_values;
pub mod truncated_raster;
pub mod unreadable_raster;
pub mod value_out_of_range;
pub mod wrong_band_count;
pub mod wrong_data_type;
pub mod wrong_raster_size;

/// What one pass over a band's pixels finds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BandStats {
    pub pixels: usize,
    /// Pixels equal to the nodata value.
    pub nodata: usize,
    pub nan: usize,
    pub infinite: usize,
    /// Finite pixels other than nodata outside the valid range.
    pub out_of_range: usize,
    /// Smallest and largest finite value other than nodata.
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl BandStats {
    /// Counts the pixels of a band; `nodata` pixels are left out of the
    /// range and of the extremes.
    pub fn of(values: &[f64], nodata: Option<f64>, range: (Option<f64>, Option<f64>)) -> BandStats {
        let (lo, hi) = (range.0.unwrap_or(f64::MIN), range.1.unwrap_or(f64::MAX));
        // The loop runs on every pixel of every Sentinel file: finite values
        // take one branch, and the counters are branch-free.
        let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
        let (mut finite, mut out_of_range, mut nan, mut nodata_count) =
            (0usize, 0usize, 0usize, 0usize);
        let nodata_nan = nodata.is_some_and(f64::is_nan);
        let nodata_value = nodata.filter(|n| !n.is_nan());
        for &v in values {
            if v.is_finite() {
                if nodata_value == Some(v) {
                    nodata_count += 1;
                    continue;
                }
                finite += 1;
                min = if v < min { v } else { min };
                max = if v > max { v } else { max };
                out_of_range += usize::from(v < lo || v > hi);
            } else if v.is_nan() {
                nan += 1;
            } else if nodata_value == Some(v) {
                nodata_count += 1;
            }
        }
        if nodata_nan {
            nodata_count += nan;
            nan = 0;
        }
        let infinite = values.len() - finite - nan - nodata_count;
        BandStats {
            pixels: values.len(),
            nodata: nodata_count,
            nan,
            infinite,
            out_of_range,
            min: (finite > 0).then_some(min),
            max: (finite > 0).then_some(max),
        }
    }

    /// The statistics of a ground reference from its class histogram
    /// (`counts[v]` pixels of value `v`): a band of one value is constant,
    /// and all nodata when that value is `nodata`.
    pub fn of_class_counts(counts: &[u32; 256], nodata: Option<f64>) -> BandStats {
        let pixels = counts.iter().map(|&n| n as usize).sum();
        let present: Vec<f64> = (0..=255u8)
            .filter(|&v| counts[v as usize] > 0)
            .map(f64::from)
            .collect();
        let all_nodata = nodata.is_some_and(|n| present.iter().all(|&v| v == n));
        BandStats {
            pixels,
            nodata: if all_nodata { pixels } else { 0 },
            min: present.first().copied().filter(|_| !all_nodata),
            max: present.last().copied().filter(|_| !all_nodata),
            ..BandStats::default()
        }
    }

    /// Whether every pixel is nodata.
    pub fn all_nodata(&self) -> bool {
        self.pixels > 0 && self.nodata == self.pixels
    }

    /// The single value of a band whose pixels (nodata aside) all share it.
    pub fn constant(&self) -> Option<f64> {
        match (self.min, self.max) {
            (Some(a), Some(b)) if a == b && self.nan == 0 && self.infinite == 0 => Some(a),
            _ => None,
        }
    }
}

/// Formats a pixel value without a useless `.0`.
pub(crate) fn value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_separate_nodata_nan_and_range() {
        let s = BandStats::of(
            &[0.0, 0.0, 5.0, f64::NAN, f64::INFINITY, 12.0, -1.0],
            Some(0.0),
            (Some(0.0), Some(10.0)),
        );
        assert_eq!((s.pixels, s.nodata, s.nan, s.infinite), (7, 2, 1, 1));
        assert_eq!(s.out_of_range, 2);
        assert_eq!((s.min, s.max), (Some(-1.0), Some(12.0)));
        assert!(!s.all_nodata());
        assert_eq!(s.constant(), None);
        let n = BandStats::of(
            &[f64::NAN, 1.0, f64::NEG_INFINITY],
            Some(f64::NAN),
            (None, None),
        );
        assert_eq!((n.nodata, n.nan, n.infinite), (1, 0, 1));
        let inf = BandStats::of(&[f64::INFINITY, 2.0], Some(f64::INFINITY), (None, None));
        assert_eq!((inf.nodata, inf.infinite, inf.min), (1, 0, Some(2.0)));
        let c = BandStats::of(&[3.0, 3.0, 0.0], Some(0.0), (None, None));
        assert_eq!(c.constant(), Some(3.0));
        assert!(BandStats::of(&[0.0, 0.0], Some(0.0), (None, None)).all_nodata());
        assert_eq!(value(3.0), "3");
        assert_eq!(value(-2.5), "-2.5");
    }
}
