//! Writing and reading single-band 8-bit GeoTIFFs. Writes go to a temporary
//! file in the destination folder, renamed when complete, so a reader never
//! sees a half-written file; an existing file is only replaced when asked.

use std::path::{Path, PathBuf};

use gdal::raster::{Buffer, RasterCreationOptions};
use gdal::{Dataset, DriverManager};

use crate::generalize::{Grid, Raster};

#[derive(Debug, thiserror::Error)]
pub enum RasterIoError {
    #[error("{0}: exists; use --force to overwrite it")]
    Exists(PathBuf),
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
}

fn io_err(path: &Path, message: impl ToString) -> RasterIoError {
    RasterIoError::Io {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// How to write: compression and overwrite.
#[derive(Clone, Copy, Debug)]
pub struct WriteOptions {
    pub overwrite: bool,
    /// Nodata value written in the header (None: no nodata).
    pub nodata: Option<f64>,
}

/// Writes `raster` on `grid` with the CRS `wkt` as a tiled, DEFLATE-compressed
/// GeoTIFF, atomically.
pub fn write_u8(
    path: &Path,
    raster: &Raster,
    grid: &Grid,
    wkt: &str,
    options: WriteOptions,
) -> Result<(), RasterIoError> {
    if path.exists() && !options.overwrite {
        return Err(RasterIoError::Exists(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| io_err(&dir, format!("cannot create folder: {e}")))?;
    let tmp = tempfile::Builder::new()
        .prefix(".multisenge-")
        .suffix(".tif.part")
        .tempfile_in(&dir)
        .map_err(|e| io_err(&dir, format!("cannot create a temporary file: {e}")))?;
    let tmp_path = tmp.path().to_path_buf();
    {
        let driver = DriverManager::get_driver_by_name("GTiff").map_err(|e| io_err(path, e))?;
        let block = if raster.width >= 256 && raster.height >= 256 {
            256
        } else {
            16
        };
        let opts = RasterCreationOptions::from_iter([
            "TILED=YES".to_string(),
            "COMPRESS=DEFLATE".to_string(),
            "ZLEVEL=1".to_string(),
            format!("BLOCKXSIZE={block}"),
            format!("BLOCKYSIZE={block}"),
            "NUM_THREADS=ALL_CPUS".to_string(),
        ]);
        let mut ds = driver
            .create_with_band_type_with_options::<u8, _>(
                &tmp_path,
                raster.width,
                raster.height,
                1,
                &opts,
            )
            .map_err(|e| io_err(path, format!("cannot create GeoTIFF: {e}")))?;
        ds.set_geo_transform(&grid.geotransform())
            .map_err(|e| io_err(path, e))?;
        ds.set_projection(wkt).map_err(|e| io_err(path, e))?;
        let mut band = ds.rasterband(1).map_err(|e| io_err(path, e))?;
        if let Some(nd) = options.nodata {
            band.set_no_data_value(Some(nd))
                .map_err(|e| io_err(path, e))?;
        }
        let mut buf = Buffer::new((raster.width, raster.height), raster.data.clone());
        band.write((0, 0), (raster.width, raster.height), &mut buf)
            .map_err(|e| io_err(path, e))?;
        ds.flush_cache().map_err(|e| io_err(path, e))?;
    }
    super::atomic::make_readable(&tmp_path).map_err(|e| io_err(path, e))?;
    tmp.persist(path).map_err(|e| {
        io_err(
            path,
            format!("cannot rename the temporary file: {}", e.error),
        )
    })?;
    Ok(())
}

/// A raster read back with its grid and CRS.
#[derive(Clone, Debug)]
pub struct ReadRaster {
    pub raster: Raster,
    pub grid: Grid,
    pub wkt: String,
}

/// Reads band 1 of a north-up raster with square pixels as 8-bit values.
pub fn read_u8(path: &Path) -> Result<ReadRaster, RasterIoError> {
    let (ds, grid, wkt) = open_grid(path)?;
    let band = ds.rasterband(1).map_err(|e| io_err(path, e))?;
    let buf = band.read_band_as::<u8>().map_err(|e| io_err(path, e))?;
    let (_, data) = buf.into_shape_and_vec();
    Ok(ReadRaster {
        raster: Raster {
            width: grid.width,
            height: grid.height,
            data,
        },
        grid,
        wkt,
    })
}

/// The grid and CRS of a raster, without its pixels (`--like FILE`).
pub fn read_grid(path: &Path) -> Result<(Grid, String), RasterIoError> {
    open_grid(path).map(|(_, grid, wkt)| (grid, wkt))
}

/// Opens a raster and checks it is north-up with square pixels and a CRS.
fn open_grid(path: &Path) -> Result<(Dataset, Grid, String), RasterIoError> {
    let ds = Dataset::open(path)
        .map_err(|e| io_err(path, super::gdal_error::open_failure(path, "raster", &e)))?;
    let (w, h) = ds.raster_size();
    let gt = ds
        .geo_transform()
        .map_err(|e| io_err(path, format!("no geotransform: {e}")))?;
    if gt[2] != 0.0 || gt[4] != 0.0 || gt[5] >= 0.0 || (gt[1] + gt[5]).abs() > 1e-9 * gt[1].abs() {
        return Err(io_err(
            path,
            "expected a north-up raster with square pixels",
        ));
    }
    let wkt = ds.projection();
    if wkt.is_empty() {
        return Err(io_err(path, "the raster has no CRS"));
    }
    let grid = Grid {
        ulx: gt[0],
        uly: gt[3],
        pixel_size: gt[1],
        width: w,
        height: h,
    };
    Ok((ds, grid, wkt))
}
