//! Reading GeoTIFF patches through GDAL: a header without pixels, and pixel
//! reads on demand.
//!
//! GDAL is configured once ([`vfs::configure`]) so that opening a file costs
//! one `open` and a read of the TIFF directory: no directory listing to look
//! for sidecar files (`GDAL_DISABLE_READDIR_ON_OPEN=EMPTY_DIR`), no `.aux.xml`
//! (`GDAL_PAM_ENABLED=NO`), only the GTiff driver tried, and GDAL's error
//! messages kept for the findings instead of printed on standard error.

use std::path::Path;

use gdal::raster::GdalDataType;
use gdal::{Dataset, DatasetOptions, GdalOpenFlags};

use crate::io::formats::tiff;
use crate::io::storage::vfs;

/// The GDAL data type with this name (`Byte`, `Int16`, `Float32`...).
pub fn data_type_from_name(name: &str) -> Option<GdalDataType> {
    use GdalDataType::*;
    [
        UInt8, UInt16, Int16, UInt32, Int32, UInt64, Int64, Float32, Float64,
    ]
    .into_iter()
    .find(|t| t.name() == name)
}

/// Whether values of this type can be NaN or infinite.
pub fn is_float(t: GdalDataType) -> bool {
    matches!(t, GdalDataType::Float32 | GdalDataType::Float64)
}

/// What the header of a raster says; reading it decodes no pixel.
#[derive(Clone, Debug)]
pub struct RasterHeader {
    pub width: usize,
    pub height: usize,
    /// Data type of each band.
    pub band_types: Vec<GdalDataType>,
    /// Nodata value of each band, as declared in the file.
    pub nodata: Vec<Option<f64>>,
    /// GDAL order: origin x, pixel width, row rotation, origin y, column
    /// rotation, pixel height (negative for north-up).
    pub geo_transform: Option<[f64; 6]>,
    /// The CRS; `None` when the file has none.
    pub crs: Option<RasterCrs>,
    /// Why the file is truncated, when a strip or tile ends beyond the end
    /// of the file (rule R002 says it).
    pub truncated: Option<Truncation>,
}

/// What the TIFF directory says of a truncated file.
#[derive(Clone, Debug)]
pub enum Truncation {
    /// Strip or tile `block` ends at byte `end`, beyond the file's length.
    BlockBeyondEnd {
        block: usize,
        end: u64,
        file_len: u64,
    },
    /// The directory itself cannot be read.
    Directory(std::sync::Arc<tiff::TiffError>),
}

/// A raster's CRS as found in its header.
#[derive(Clone, Debug, PartialEq)]
pub enum RasterCrs {
    /// The EPSG code of the GeoTIFF keys.
    Epsg(u32),
    /// Anything else, as GDAL's WKT.
    Wkt(String),
}

/// An open raster.
pub struct Raster {
    dataset: Dataset,
}

/// Opens a raster with the GTiff driver only.
/// A special file (FIFO, device) is refused without being opened.
pub fn open(path: &Path) -> Result<Raster, RasterReadError> {
    if let Err(e) = crate::io::safety::special::ensure_not_special(path) {
        return Err(RasterReadError(e.to_string()));
    }
    vfs::configure();
    let options = DatasetOptions {
        open_flags: GdalOpenFlags::GDAL_OF_RASTER
            | GdalOpenFlags::GDAL_OF_READONLY
            | GdalOpenFlags::GDAL_OF_VERBOSE_ERROR,
        allowed_drivers: Some(&["GTiff"]),
        open_options: None,
        sibling_files: None,
    };
    match crate::io::formats::dataset::open_ex(path, options) {
        Ok(dataset) => Ok(Raster { dataset }),
        Err(e) => Err(RasterReadError::of(&e)),
    }
}

/// Why GDAL cannot open or read a raster: GDAL's message without the
/// crate's wrapping, or a plain explanation.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct RasterReadError(String);

impl RasterReadError {
    fn of(error: &gdal::errors::GdalError) -> RasterReadError {
        let error = error.to_string();
        let last = error.rsplit("msg: ").next().unwrap_or(&error).trim();
        let last = last.trim_matches(['\'', '"', ' ']);
        RasterReadError(if last.is_empty() || last.contains("not recognized as") {
            "not a TIFF file GDAL can read".to_string()
        } else {
            last.to_string()
        })
    }
}

impl Raster {
    /// Reads the header: size, bands, types, nodata and geotransform from
    /// GDAL; the CRS's EPSG code and the strip or tile extents from the TIFF
    /// directory (see [`crate::io::formats::tiff`] for why), asking GDAL for the CRS
    /// only when the GeoTIFF keys hold no EPSG code.
    pub fn header(&self, path: &Path) -> RasterHeader {
        let ds = &self.dataset;
        let (width, height) = ds.raster_size();
        let mut band_types = Vec::with_capacity(ds.raster_count());
        let mut nodata = Vec::with_capacity(ds.raster_count());
        for i in 1..=ds.raster_count() {
            match ds.rasterband(i) {
                Ok(band) => {
                    band_types.push(band.band_type());
                    nodata.push(band.no_data_value());
                }
                Err(_) => {
                    band_types.push(GdalDataType::Unknown);
                    nodata.push(None);
                }
            }
        }
        let geo_transform = ds.geo_transform().ok();
        let directory = tiff::read_directory(path);
        let crs = match &directory {
            Ok(d) if d.epsg.is_some() => d.epsg.map(RasterCrs::Epsg),
            Ok(d) if !d.has_geokeys => None,
            _ => self.gdal_crs(),
        };
        let truncated = match directory {
            Ok(d) => d.beyond_end.map(|(block, end)| Truncation::BlockBeyondEnd {
                block,
                end,
                file_len: d.file_len,
            }),
            Err(why) => Some(Truncation::Directory(std::sync::Arc::new(why))),
        };
        RasterHeader {
            width,
            height,
            band_types,
            nodata,
            geo_transform,
            crs,
            truncated,
        }
    }

    /// The CRS as GDAL builds it (slow: a PROJ look-up).
    fn gdal_crs(&self) -> Option<RasterCrs> {
        let srs = self.dataset.spatial_ref().ok()?;
        if srs.auth_name().as_deref() == Some("EPSG") {
            if let Some(code) = srs.auth_code().ok().and_then(|c| u32::try_from(c).ok()) {
                return Some(RasterCrs::Epsg(code));
            }
        }
        srs.to_wkt()
            .ok()
            .filter(|w| !w.is_empty())
            .map(RasterCrs::Wkt)
    }

    /// Each band's description, as GDAL reads it (a GeoTIFF's
    /// `GDAL_METADATA` tag); empty for a band without one.
    pub fn band_descriptions(&self) -> Vec<String> {
        use gdal::Metadata;
        let ds = &self.dataset;
        (1..=ds.raster_count())
            .map(|i| {
                ds.rasterband(i)
                    .ok()
                    .and_then(|band| band.description().ok())
                    .unwrap_or_default()
            })
            .collect()
    }

    /// Band `band` (1-based) as bytes, row by row.
    pub fn read_u8(&self, band: usize) -> Result<Vec<u8>, RasterReadError> {
        self.read::<u8>(band)
    }

    /// Band `band` (1-based) converted to `f64`, row by row.
    pub fn read_f64(&self, band: usize) -> Result<Vec<f64>, RasterReadError> {
        self.read::<f64>(band)
    }

    fn read<T: gdal::raster::GdalType + Copy + Default>(
        &self,
        band: usize,
    ) -> Result<Vec<T>, RasterReadError> {
        let (w, h) = self.dataset.raster_size();
        let band = self
            .dataset
            .rasterband(band)
            .map_err(|e| RasterReadError::of(&e))?;
        let mut data = vec![T::default(); w * h];
        band.read_into_slice((0, 0), (w, h), (w, h), &mut data, None)
            .map_err(|e| RasterReadError::of(&e))?;
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_type_names() {
        assert_eq!(data_type_from_name("Byte"), Some(GdalDataType::UInt8));
        assert_eq!(data_type_from_name("Float32"), Some(GdalDataType::Float32));
        assert_eq!(data_type_from_name("Int17"), None);
        assert!(is_float(GdalDataType::Float64));
        assert!(!is_float(GdalDataType::Int16));
    }

    #[test]
    fn a_text_file_is_not_a_raster() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.tif");
        std::fs::write(&path, "not a tiff").unwrap();
        let err = open(&path).err().expect("a text file does not open");
        assert!(!err.to_string().is_empty());
    }
}
