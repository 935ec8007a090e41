//! Multi-band rasters through GDAL, for `triplets`: a raster's header
//! (size, geotransform, CRS, band descriptions and nodata) without its
//! pixels, windows of a band read as a given type, and a stack of bands
//! written as one GeoTIFF, each band's description set, atomically (a
//! temporary file renamed when complete, see [`crate::io::safety::atomic`]).

use std::ffi::c_void;
use std::path::Path;

use gdal::raster::{GdalDataType, GdalType, RasterCreationOptions};
use gdal::{Dataset, DriverManager, Metadata};

use super::geotiff::RasterIoError;
use crate::io::safety::atomic::{self, WriteWithError};
use crate::raster::Grid;

/// What a raster's header says.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    pub width: usize,
    pub height: usize,
    /// GDAL's geotransform; `None` when the file has none.
    pub geo_transform: Option<[f64; 6]>,
    /// The CRS as WKT; empty when the file has none.
    pub wkt: String,
    /// Per band: data type, nodata, description.
    pub types: Vec<GdalDataType>,
    pub nodata: Vec<Option<f64>>,
    pub descriptions: Vec<String>,
}

fn open_dataset(path: &Path) -> Result<Dataset, String> {
    if !crate::io::storage::vfs::is_virtual(path) {
        crate::io::safety::special::ensure_not_special(path).map_err(|e| e.to_string())?;
    }
    Dataset::open(path).map_err(|e| super::gdal_error::open_failure(path, "raster", &e))
}

/// Reads the header of `path` (a local path or a GDAL virtual one, e.g.
/// `/vsizip/product.zip/…`); the error does not repeat the path.
pub fn header(path: &Path) -> Result<Header, String> {
    let ds = open_dataset(path)?;
    let (width, height) = ds.raster_size();
    let mut header = Header {
        width,
        height,
        geo_transform: ds.geo_transform().ok(),
        wkt: ds.projection(),
        types: Vec::new(),
        nodata: Vec::new(),
        descriptions: Vec::new(),
    };
    for i in 1..=ds.raster_count() {
        let band = ds.rasterband(i).map_err(|e| e.to_string())?;
        header.types.push(band.band_type());
        header.nodata.push(band.no_data_value());
        header
            .descriptions
            .push(band.description().unwrap_or_default());
    }
    Ok(header)
}

/// An open raster whose bands are read by windows.
pub struct Reader {
    dataset: Dataset,
}

impl Reader {
    pub fn open(path: &Path) -> Result<Reader, String> {
        Ok(Reader {
            dataset: open_dataset(path)?,
        })
    }

    /// Reads `size` pixels of band `band` (1-based) from `origin` into
    /// `out` (resized to `width × height`), converted to `T` by GDAL.
    pub fn read<T: GdalType + Copy + Default>(
        &self,
        band: usize,
        origin: (usize, usize),
        size: (usize, usize),
        out: &mut Vec<T>,
    ) -> Result<(), String> {
        out.clear();
        out.resize(size.0 * size.1, T::default());
        let band = self.dataset.rasterband(band).map_err(|e| e.to_string())?;
        band.read_into_slice(
            (origin.0 as isize, origin.1 as isize),
            size,
            size,
            out.as_mut_slice(),
            None,
        )
        .map_err(|e| e.to_string())
    }
}

/// How a stack is written.
#[derive(Clone, Copy, Debug)]
pub struct StackSpec<'a> {
    pub grid: &'a Grid,
    pub wkt: &'a str,
    /// The bands' data type in the file (values are converted by GDAL).
    pub data_type: GdalDataType,
    pub nodata: Option<f64>,
    /// One per band.
    pub descriptions: &'a [&'a str],
    /// Replace an existing file.
    pub overwrite: bool,
}

/// Writes `data` (the bands one after the other, each `grid.width ×
/// grid.height` pixels) as a GeoTIFF at `path`: band-interleaved,
/// uncompressed, each band described and with `spec.nodata`.
pub fn write_stack<T: GdalType + Copy>(
    path: &Path,
    data: &mut [T],
    spec: &StackSpec,
) -> Result<(), RasterIoError> {
    let (w, h) = (spec.grid.width, spec.grid.height);
    let bands = spec.descriptions.len();
    if data.len() != w * h * bands || bands == 0 {
        return Err(RasterIoError::Io {
            path: path.to_path_buf(),
            message: format!(
                "{} values for {bands} bands of {w} × {h} pixels",
                data.len()
            ),
        });
    }
    let written = atomic::write_with(path, spec.overwrite, &[], |tmp| {
        write_gtiff::<T>(tmp, data, spec)
    });
    match written {
        Ok(()) => Ok(()),
        Err(WriteWithError::Exists) => Err(RasterIoError::Exists(path.to_path_buf())),
        Err(WriteWithError::Io(e)) => Err(RasterIoError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        }),
        Err(WriteWithError::Write(message)) => Err(RasterIoError::Io {
            path: path.to_path_buf(),
            message,
        }),
    }
}

fn write_gtiff<T: GdalType + Copy>(
    tmp: &Path,
    data: &mut [T],
    spec: &StackSpec,
) -> Result<(), String> {
    let e = |e: gdal::errors::GdalError| e.to_string();
    let driver = DriverManager::get_driver_by_name("GTiff").map_err(e)?;
    let (w, h) = (spec.grid.width, spec.grid.height);
    let bands = spec.descriptions.len();
    let options = RasterCreationOptions::from_iter(["INTERLEAVE=BAND"]);
    let name = std::ffi::CString::new(tmp.to_string_lossy().as_bytes())
        .map_err(|_| "a path with a NUL byte".to_string())?;
    // The gdal crate creates a dataset of a compile-time type only; the
    // file's type comes from the dataset profile.
    let handle = unsafe {
        gdal_sys::GDALCreate(
            driver.c_driver(),
            name.as_ptr(),
            w as i32,
            h as i32,
            bands as i32,
            spec.data_type as u32,
            options.as_ptr(),
        )
    };
    if handle.is_null() {
        return Err("cannot create the GeoTIFF".into());
    }
    let mut ds = unsafe { Dataset::from_c_dataset(handle) };
    ds.set_geo_transform(&spec.grid.geotransform()).map_err(e)?;
    ds.set_projection(spec.wkt).map_err(e)?;
    for (i, description) in spec.descriptions.iter().enumerate() {
        let mut band = ds.rasterband(i + 1).map_err(e)?;
        band.set_description(description).map_err(e)?;
        band.set_no_data_value(spec.nodata).map_err(e)?;
    }
    let rv = unsafe {
        gdal_sys::GDALDatasetRasterIO(
            ds.c_dataset(),
            gdal_sys::GDALRWFlag::GF_Write,
            0,
            0,
            w as i32,
            h as i32,
            data.as_mut_ptr() as *mut c_void,
            w as i32,
            h as i32,
            T::gdal_ordinal(),
            bands as i32,
            std::ptr::null_mut(),
            0,
            0,
            0,
        )
    };
    if rv != gdal_sys::CPLErr::CE_None {
        return Err("cannot write the bands".into());
    }
    ds.flush_cache().map_err(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stack_reads_back_with_its_descriptions_type_and_nodata() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.tif");
        let grid = Grid {
            ulx: 600_000.0,
            uly: 5_000_000.0,
            pixel_size: 10.0,
            width: 3,
            height: 2,
        };
        let wkt = gdal::spatial_ref::SpatialRef::from_epsg(32631)
            .unwrap()
            .to_wkt()
            .unwrap();
        let mut data: Vec<i16> = (0..12).map(|v| v * 100 - 300).collect();
        let spec = StackSpec {
            grid: &grid,
            wkt: &wkt,
            data_type: GdalDataType::Int16,
            nodata: Some(-10_000.0),
            descriptions: &["B2", "B8A"],
            overwrite: false,
        };
        write_stack(&path, &mut data, &spec).unwrap();
        let h = header(&path).unwrap();
        assert_eq!((h.width, h.height), (3, 2));
        assert_eq!(h.descriptions, ["B2", "B8A"]);
        assert_eq!(h.types, [GdalDataType::Int16; 2]);
        assert_eq!(h.nodata, [Some(-10_000.0); 2]);
        assert_eq!(h.geo_transform, Some(grid.geotransform()));
        let reader = Reader::open(&path).unwrap();
        let mut band2 = Vec::<i16>::new();
        reader.read(2, (1, 0), (2, 2), &mut band2).unwrap();
        assert_eq!(band2, [400, 500, 700, 800]);
        // Not replaced without `overwrite`; a wrong buffer is refused.
        assert!(matches!(
            write_stack(&path, &mut data, &spec),
            Err(RasterIoError::Exists(_))
        ));
        let other = dir.path().join("t.tif");
        assert!(write_stack(&other, &mut data[..6], &spec).is_err());
        assert!(!other.exists());
        // Float values written as the file's type.
        let mut f: Vec<f32> = vec![1.5; 12];
        let float = StackSpec {
            data_type: GdalDataType::Float32,
            nodata: None,
            ..spec
        };
        write_stack(&other, &mut f, &float).unwrap();
        assert_eq!(header(&other).unwrap().types, [GdalDataType::Float32; 2]);
        assert!(header(&dir.path().join("none.tif"))
            .unwrap_err()
            .contains("does not exist"));
    }
}
