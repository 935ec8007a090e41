//! The facts of the raster pass: headers, band descriptions, pixels, class
//! maps and their regions, and the georeferencing of a patch.

use std::collections::BTreeMap;

use gdal::raster::GdalDataType;

use crate::io::formats::crs::Crs;
use crate::io::formats::raster::{RasterHeader, RasterReadError};
use crate::model::dataset::LabelInfo;
use crate::model::grid::GridTile;
use crate::model::{FileKind, PatchKey};
use crate::raster::regions::Region;
use crate::raster::Connectivity;

/// What the raster rules expect of one kind of raster (the profile's
/// `[rasters.*]` sections).
#[derive(Clone, Debug, PartialEq)]
pub struct RasterExpectation {
    pub bands: usize,
    /// `None` when the profile names no data type GDAL knows.
    pub data_type: Option<GdalDataType>,
    /// Valid pixel range (nodata and NaN aside); `None`: no bound.
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Nodata value when the file declares none.
    pub nodata: Option<f64>,
    /// The band descriptions expected, in order; empty: none expected.
    pub band_names: Vec<String>,
    /// The unit of the values (Sentinel-1 backscatter); `None`: not judged.
    pub unit: Option<BackscatterUnit>,
}

/// The unit of Sentinel-1 backscatter values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub enum BackscatterUnit {
    /// Linear σ0, as S1-Tiling writes it.
    #[serde(rename = "linear")]
    Linear,
    /// Decibels: 10 · log10(σ0).
    #[serde(rename = "dB")]
    Db,
}

impl BackscatterUnit {
    /// `linear` or `dB`, as profiles and options write it.
    pub fn name(self) -> &'static str {
        match self {
            BackscatterUnit::Linear => "linear",
            BackscatterUnit::Db => "dB",
        }
    }
}

/// [`super::Input::Raster`]: a raster of the dataset, opened.
#[derive(Debug)]
pub struct RasterFacts<'a> {
    pub kind: FileKind,
    /// Its header, or why GDAL cannot open it.
    pub opened: Result<&'a RasterHeader, &'a RasterReadError>,
    pub expected: &'a RasterExpectation,
    /// The profile's `[dataset] patch_size`.
    pub patch_size: u32,
}

/// [`super::Input::BandDescriptions`]: what a raster's header says of its
/// bands (GDAL's band descriptions, empty when a band has none).
#[derive(Debug)]
pub struct DescriptionFacts<'a> {
    pub kind: FileKind,
    pub descriptions: &'a [String],
    pub expected: &'a RasterExpectation,
}

/// [`super::Input::Band`]: one band's pixels, as one pass over them finds
/// them (for a ground reference, from its class histogram).
#[derive(Debug)]
pub struct BandFacts<'a> {
    pub kind: FileKind,
    /// 1-based.
    pub band: usize,
    pub stats: &'a BandStats,
    /// The nodata value in effect: the file's, else the profile's.
    pub nodata: Option<f64>,
    /// Whether the band's data type can hold NaN and infinities.
    pub is_float: bool,
    /// The kind's valid range.
    pub range: (Option<f64>, Option<f64>),
    /// The band's pixels as read (empty for a ground reference, whose
    /// class histogram stands for them).
    pub values: &'a [f64],
    /// The unit the profile expects of the values (`[rasters.s1] unit`).
    pub unit: Option<BackscatterUnit>,
}

/// [`super::Input::PixelRead`]: a band whose pixels GDAL cannot decode,
/// when another rule asked for them.
#[derive(Debug)]
pub struct PixelReadFacts<'a> {
    /// 1-based.
    pub band: usize,
    pub error: &'a RasterReadError,
}

/// [`super::Input::ClassMap`]: a ground reference's pixels per value.
#[derive(Debug)]
pub struct ClassMapFacts<'a> {
    pub counts: &'a [u32; 256],
    /// The profile's class table.
    pub classes: &'a BTreeMap<u8, String>,
    /// The patch's label file, when it was read.
    pub label: Option<&'a LabelInfo>,
}

/// What the MMU rules need from the profile's `[mmu]` section.
#[derive(Clone, Debug, PartialEq)]
pub struct MmuSettings {
    /// Regions with fewer pixels are reported.
    pub min_region_pixels: u32,
    pub connectivity: Connectivity,
    /// Classes whose regions are never reported.
    pub exempt_classes: Vec<u8>,
    /// Class burned in after the MMU step (M003); 0: none.
    pub road_class: u8,
}

impl MmuSettings {
    /// Whether regions of `class` are judged: a class of the table, not
    /// exempt.
    pub fn counts(&self, class: u8, classes: &BTreeMap<u8, String>) -> bool {
        classes.contains_key(&class) && !self.exempt_classes.contains(&class)
    }
}

/// [`super::Input::Region`]: one connected region of one class of a ground
/// reference (of a class the MMU settings count).
#[derive(Debug)]
pub struct RegionFacts<'a> {
    pub region: &'a Region,
    pub mmu: &'a MmuSettings,
    /// The class's name in the profile's class table.
    pub class_name: &'a str,
}

/// What the georeferencing rules know of one raster of a patch.
#[derive(Clone, Debug)]
pub struct Georef {
    pub path: Box<str>,
    pub kind: FileKind,
    pub crs: Option<Crs>,
    pub geo_transform: Option<[f64; 6]>,
}

/// [`super::Input::Georeferencing`]: the rasters of a patch that opened,
/// its reference (ground reference, else first Sentinel-2 or Sentinel-1
/// file) first.
#[derive(Debug)]
pub struct GeoreferencingFacts<'a> {
    pub key: &'a PatchKey,
    pub reference: &'a Georef,
    pub members: &'a [Georef],
    /// The patch's tile in the tiling grid, when it is there.
    pub tile: Option<&'a GridTile>,
    /// `[georeferencing] pixel_size` and `origin_tolerance`, metres.
    pub pixel_size: f64,
    pub origin_tolerance: f64,
}

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
    }
}
