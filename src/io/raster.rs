//! Reading GeoTIFF patches through GDAL: a header without pixels, and pixel
//! reads on demand.
//!
//! GDAL is configured once ([`configure`]) so that opening a file costs one
//! `open` and a read of the TIFF directory: no directory listing to look for
//! sidecar files (`GDAL_DISABLE_READDIR_ON_OPEN=EMPTY_DIR`), no `.aux.xml`
//! (`GDAL_PAM_ENABLED=NO`), only the GTiff driver tried, and GDAL's error
//! messages kept for the findings instead of printed on standard error.

use std::path::Path;
use std::sync::OnceLock;

use gdal::raster::GdalDataType;
use gdal::{Dataset, DatasetOptions, GdalOpenFlags, Metadata};

/// Sets GDAL's configuration options for many small reads, once per process.
pub fn configure() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        for (key, value) in [
            ("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR"),
            ("GDAL_PAM_ENABLED", "NO"),
            ("GTIFF_POINT_GEO_IGNORE", "NO"),
            ("CPL_DEBUG", "OFF"),
        ] {
            // A refused option only costs speed; nothing to report.
            let _ = gdal::config::set_config_option(key, value);
        }
        // Errors reach the findings through the returned values; GDAL's
        // default handler would also print each of them on standard error.
        gdal::config::set_error_handler(|_, _, _| {});
    });
}

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
    /// The CRS as WKT; `None` when the file has none.
    pub crs_wkt: Option<String>,
    /// The CRS's EPSG code, when its definition carries one.
    pub epsg: Option<u32>,
    /// Why the file is truncated, when a strip or tile ends beyond the end
    /// of the file.
    pub truncated: Option<String>,
}

/// An open raster.
pub struct Raster {
    dataset: Dataset,
}

/// Opens a raster with the GTiff driver only.
pub fn open(path: &Path) -> Result<Raster, String> {
    configure();
    let options = DatasetOptions {
        open_flags: GdalOpenFlags::GDAL_OF_RASTER
            | GdalOpenFlags::GDAL_OF_READONLY
            | GdalOpenFlags::GDAL_OF_VERBOSE_ERROR,
        allowed_drivers: Some(&["GTiff"]),
        open_options: None,
        sibling_files: None,
    };
    match Dataset::open_ex(path, options) {
        Ok(dataset) => Ok(Raster { dataset }),
        Err(e) => Err(gdal_message(&e.to_string())),
    }
}

/// GDAL's message without the crate's wrapping, or a plain explanation.
fn gdal_message(error: &str) -> String {
    let last = error.rsplit("msg: ").next().unwrap_or(error).trim();
    let last = last.trim_matches(['\'', '"', ' ']);
    if last.is_empty() || last.contains("not recognized as") {
        "not a TIFF file GDAL can read".to_string()
    } else {
        last.to_string()
    }
}

impl Raster {
    /// Reads the header: size, bands, types, nodata, geotransform, CRS, and
    /// compares the strip or tile extents from the TIFF directory with the
    /// file's length (`file_len`, bytes) to detect truncation.
    pub fn header(&self, file_len: u64) -> RasterHeader {
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
        let (crs_wkt, epsg) = match ds.spatial_ref() {
            Ok(srs) => {
                let epsg = (srs.auth_name().as_deref() == Some("EPSG"))
                    .then(|| srs.auth_code().ok())
                    .flatten()
                    .and_then(|c| u32::try_from(c).ok());
                (srs.to_wkt().ok().filter(|w| !w.is_empty()), epsg)
            }
            Err(_) => (None, None),
        };
        let truncated = self.truncation(file_len);
        RasterHeader {
            width,
            height,
            band_types,
            nodata,
            geo_transform,
            crs_wkt,
            epsg,
            truncated,
        }
    }

    /// The first strip or tile that ends beyond the end of the file. Uses
    /// the offsets and byte counts GDAL already read from the TIFF directory
    /// (`BLOCK_OFFSET_x_y`, `BLOCK_SIZE_x_y` in the `TIFF` domain), so no
    /// pixel is decoded. With pixel interleaving all bands share the blocks
    /// of band 1; with band interleaving every band is checked.
    fn truncation(&self, file_len: u64) -> Option<String> {
        let ds = &self.dataset;
        let interleaved_by_band =
            ds.metadata_item("INTERLEAVE", "IMAGE_STRUCTURE").as_deref() == Some("BAND");
        let bands = if interleaved_by_band {
            ds.raster_count()
        } else {
            ds.raster_count().min(1)
        };
        for i in 1..=bands {
            let band = ds.rasterband(i).ok()?;
            let (bw, bh) = band.block_size();
            let (w, h) = band.size();
            if bw == 0 || bh == 0 {
                return None;
            }
            for by in 0..h.div_ceil(bh) {
                for bx in 0..w.div_ceil(bw) {
                    let item = |what: &str| {
                        band.metadata_item(&format!("BLOCK_{what}_{bx}_{by}"), "TIFF")
                            .and_then(|v| v.parse::<u64>().ok())
                    };
                    // Sparse blocks (no offset) are legal: they read as nodata.
                    let (Some(offset), Some(size)) = (item("OFFSET"), item("SIZE")) else {
                        continue;
                    };
                    if offset + size > file_len {
                        return Some(format!(
                            "block ({bx}, {by}) of band {i} ends at byte {}, beyond the end of the file ({file_len} bytes)",
                            offset + size
                        ));
                    }
                }
            }
        }
        None
    }

    /// Band `band` (1-based) as bytes, row by row.
    pub fn read_u8(&self, band: usize) -> Result<Vec<u8>, String> {
        self.read::<u8>(band)
    }

    /// Band `band` (1-based) converted to `f64`, row by row.
    pub fn read_f64(&self, band: usize) -> Result<Vec<f64>, String> {
        self.read::<f64>(band)
    }

    fn read<T: gdal::raster::GdalType + Copy + Default>(
        &self,
        band: usize,
    ) -> Result<Vec<T>, String> {
        let (w, h) = self.dataset.raster_size();
        let band = self
            .dataset
            .rasterband(band)
            .map_err(|e| gdal_message(&e.to_string()))?;
        let mut data = vec![T::default(); w * h];
        band.read_into_slice((0, 0), (w, h), (w, h), &mut data, None)
            .map_err(|e| gdal_message(&e.to_string()))?;
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
        assert!(!err.is_empty());
    }
}
