//! The `[rasters.*]` sections of a dataset profile: what each raster kind
//! must look like (band count, data type, value range, nodata, band names,
//! unit), which the raster rules judge and `triplets` writes.

use serde::Deserialize;

use crate::model::FileKind;
use crate::rules::input::BackscatterUnit;

/// What each raster kind must look like (rules R003–R009).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RastersSection {
    #[serde(default = "RasterKind::ground_reference")]
    pub ground_reference: RasterKind,
    #[serde(default = "RasterKind::s2")]
    pub s2: RasterKind,
    #[serde(default = "RasterKind::s1")]
    pub s1: RasterKind,
}

impl Default for RastersSection {
    fn default() -> Self {
        RastersSection {
            ground_reference: RasterKind::ground_reference(),
            s2: RasterKind::s2(),
            s1: RasterKind::s1(),
        }
    }
}

impl RastersSection {
    /// The expectations for a raster kind; `None` for label files.
    pub fn kind(&self, kind: FileKind) -> Option<&RasterKind> {
        match kind {
            FileKind::GroundReference => Some(&self.ground_reference),
            FileKind::S2 => Some(&self.s2),
            FileKind::S1 => Some(&self.s1),
            FileKind::Label => None,
        }
    }
}

/// The paper's Sentinel-2 bands in the order it lists them (§2.2: the 10 m
/// bands, then the 20 m bands resampled to 10 m); it does not say in which
/// order the published files stack them: this order is our choice.
pub const S2_BANDS: [&str; 10] = [
    "B2", "B3", "B4", "B8", "B5", "B6", "B7", "B8A", "B11", "B12",
];

/// Band count, data type, value range and nodata of one raster kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RasterKind {
    /// Number of bands.
    pub bands: usize,
    /// GDAL data type name: `Byte`, `Int16`, `UInt16`, `Float32`...
    pub data_type: String,
    /// Smallest valid pixel value (nodata and NaN excluded); `None`: no bound.
    pub min: Option<f64>,
    /// Largest valid pixel value; `None`: no bound.
    pub max: Option<f64>,
    /// Nodata value used when the file declares none; `None`: no nodata.
    pub nodata: Option<f64>,
    /// The band descriptions every file of the kind must have, in order,
    /// when it has any (R010 in `[rasters.s2]`, R011 in `[rasters.s1]`).
    /// `None`: not checked.
    #[serde(default)]
    pub band_names: Option<Vec<String>>,
    /// Unit of the values (Sentinel-1 backscatter: `linear` σ0 or `dB`),
    /// which `min` and `max` are in, R012 judges and `triplets` converts
    /// to; `None`: not a backscatter.
    #[serde(default)]
    pub unit: Option<BackscatterUnit>,
}

/// The paper's Sentinel-1 bands in its order (§3.2: "The VV and VH bands
/// ... are stacked").
pub const S1_BANDS: [&str; 2] = ["VV", "VH"];

impl RasterKind {
    /// What the raster rules expect of this kind.
    pub fn expectation(&self) -> crate::rules::input::RasterExpectation {
        crate::rules::input::RasterExpectation {
            bands: self.bands,
            data_type: crate::io::formats::raster::data_type_from_name(&self.data_type),
            min: self.min,
            max: self.max,
            nodata: self.nodata,
            band_names: self.band_names.clone().unwrap_or_default(),
            unit: self.unit,
        }
    }

    fn ground_reference() -> RasterKind {
        RasterKind {
            bands: 1,
            data_type: "Byte".into(),
            min: None,
            max: None,
            nodata: None,
            band_names: None,
            unit: None,
        }
    }
    fn s2() -> RasterKind {
        RasterKind {
            bands: 10,
            data_type: "Int16".into(),
            min: Some(0.0),
            max: Some(10_000.0),
            nodata: Some(-10_000.0),
            band_names: Some(S2_BANDS.iter().map(|b| b.to_string()).collect()),
            unit: None,
        }
    }
    fn s1() -> RasterKind {
        RasterKind {
            bands: 2,
            data_type: "Float32".into(),
            min: Some(-50.0),
            max: Some(20.0),
            nodata: None,
            band_names: Some(S1_BANDS.iter().map(|b| b.to_string()).collect()),
            unit: Some(BackscatterUnit::Db),
        }
    }
}
