//! Writing and reading single-band 8-bit GeoTIFFs. Writes go to a temporary
//! file in the destination folder, renamed when complete, so a reader never
//! sees a half-written file; an existing file is only replaced when asked.

use std::path::{Path, PathBuf};

use gdal::raster::{Buffer, RasterCreationOptions};
use gdal::{Dataset, DriverManager, Metadata};

use crate::io::formats::symbology::{self, Symbology};
use crate::io::safety::atomic::{self, WriteWithError};
use crate::raster::{Grid, Raster};

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
    write_u8_styled(path, raster, grid, wkt, options, &Styling::default())
}

/// What a GIS needs beside the values (see [`symbology`]).
#[derive(Clone, Debug, Default)]
pub struct Styling {
    /// Colour table, and for classes (with `aux_xml`) category names and
    /// attribute table.
    pub symbology: Symbology,
    /// Write what does not fit in the GeoTIFF (category names, attribute
    /// table) in the side-car `PATH.aux.xml`, which GDAL keeps them in;
    /// without it the file holds only what GeoTIFF keeps inside (colour
    /// table, nodata, band description) and no side-car is written.
    pub aux_xml: bool,
    /// Band 1's description (kept inside the GeoTIFF); "" for none.
    pub description: String,
    /// Internal overviews (nearest neighbour, factors 2, 4, 8... down to
    /// about 256 px) when the raster is at least 1 024 px on a side.
    pub overviews: bool,
    /// Write a Cloud Optimized GeoTIFF (GDAL's COG driver: tiled 512 px,
    /// DEFLATE, internal overviews) instead of a plain tiled GeoTIFF.
    pub cog: bool,
    /// For classes, also write the QGIS style `PATH-STEM.qml` beside the
    /// raster ([`symbology::class_qml`]).
    pub qml: bool,
}

/// Side-car of a GeoTIFF written with category names or an attribute table.
pub const PAM_SUFFIX: &str = ".aux.xml";

/// [`write_u8`] with a colour table, class names and overviews.
pub fn write_u8_styled(
    path: &Path,
    raster: &Raster,
    grid: &Grid,
    wkt: &str,
    options: WriteOptions,
    styling: &Styling,
) -> Result<(), RasterIoError> {
    let part = Part {
        x: 0,
        y: 0,
        width: raster.width,
        height: raster.height,
    };
    write_u8_styled_part(path, raster, part, grid, wkt, options, styling)
}

/// A rectangle of a raster's pixels: columns `x..x + width`, rows
/// `y..y + height`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    pub x: usize,
    pub y: usize,
    pub width: usize,
    pub height: usize,
}

/// [`write_u8_styled`] of the `part` of `raster` (whose grid is `grid`):
/// a halo is cropped as the file is written, without a copy of the raster.
pub fn write_u8_styled_part(
    path: &Path,
    raster: &Raster,
    part: Part,
    grid: &Grid,
    wkt: &str,
    options: WriteOptions,
    styling: &Styling,
) -> Result<(), RasterIoError> {
    if part.x + part.width > raster.width || part.y + part.height > raster.height {
        return Err(io_err(
            path,
            format!(
                "cannot write pixels {}..{} × {}..{} of a {} × {} raster",
                part.x,
                part.x + part.width,
                part.y,
                part.y + part.height,
                raster.width,
                raster.height
            ),
        ));
    }
    let written = atomic::write_with(path, options.overwrite, &[PAM_SUFFIX], |tmp| {
        write_gtiff(tmp, (raster, part), grid, wkt, options, styling)
    });
    match written {
        Ok(()) => match &styling.symbology {
            Symbology::Classes(classes) if styling.qml => {
                let qml = path.with_extension("qml");
                atomic::write_bytes(&qml, symbology::class_qml(classes).as_bytes())
                    .map_err(|e| io_err(&qml, e))
            }
            _ => Ok(()),
        },
        Err(WriteWithError::Exists) => Err(RasterIoError::Exists(path.to_path_buf())),
        Err(WriteWithError::Io(e)) => Err(io_err(path, e)),
        Err(WriteWithError::Write(message)) => Err(io_err(path, message)),
    }
}

/// Overview factors for a raster of `size` px: 2, 4, ... while the overview
/// stays at least 256 px.
fn overview_factors(size: usize) -> Vec<i32> {
    let mut factors = Vec::new();
    let mut f = 2;
    while size / f >= 256 {
        factors.push(f as i32);
        f *= 2;
    }
    factors
}

fn write_gtiff(
    tmp: &Path,
    (raster, part): (&Raster, Part),
    grid: &Grid,
    wkt: &str,
    options: WriteOptions,
    styling: &Styling,
) -> Result<(), String> {
    let e = |e: gdal::errors::GdalError| crate::io::formats::gdal_error::sentence(&e);
    // Category names and the attribute table live in the `.aux.xml`
    // side-car, which the validation pass turns off for speed
    // (`vfs::configure`); a writer in the same process needs it on, and
    // off when no side-car is wanted (then nothing can go there).
    let pam = if styling.aux_xml { "YES" } else { "NO" };
    gdal::config::set_thread_local_config_option("GDAL_PAM_ENABLED", pam).map_err(e)?;
    let driver = DriverManager::get_driver_by_name("GTiff").map_err(e)?;
    let (width, height) = (part.width, part.height);
    let block = if width >= 256 && height >= 256 {
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
    // A COG is copied from a plain GeoTIFF written first, in the same
    // temporary folder.
    let plain = if styling.cog {
        atomic::with_suffix(tmp, ".plain.tif")
    } else {
        tmp.to_path_buf()
    };
    {
        let mut ds = driver
            .create_with_band_type_with_options::<u8, _>(&plain, width, height, 1, &opts)
            .map_err(|err| format!("cannot create GeoTIFF: {err}"))?;
        ds.set_geo_transform(&grid.geotransform()).map_err(e)?;
        ds.set_projection(wkt).map_err(e)?;
        let mut band = ds.rasterband(1).map_err(e)?;
        if let Some(nd) = options.nodata {
            band.set_no_data_value(Some(nd)).map_err(e)?;
        }
        if !styling.description.is_empty() {
            band.set_description(&styling.description).map_err(e)?;
        }
        symbology::apply(&mut band, &styling.symbology, styling.aux_xml)
            .map_err(|err| err.to_string())?;
        // A row of blocks at a time, through one buffer (GDAL's block cache
        // keeps them until the flush, which compresses them).
        let mut strip: Vec<u8> = Vec::with_capacity(width * block);
        for y in (0..height).step_by(block) {
            let rows = block.min(height - y);
            strip.clear();
            for row in part.y + y..part.y + y + rows {
                let start = row * raster.width + part.x;
                strip.extend_from_slice(&raster.data[start..start + width]);
            }
            let mut buf = Buffer::new((width, rows), strip);
            band.write((0, y as isize), (width, rows), &mut buf)
                .map_err(e)?;
            strip = buf.into_shape_and_vec().1;
        }
        let factors = overview_factors(width.min(height));
        if styling.overviews && !styling.cog && width.min(height) >= 1024 {
            ds.build_overviews("NEAREST", &factors, &[]).map_err(e)?;
        }
        if styling.cog {
            let cog = DriverManager::get_driver_by_name("COG").map_err(e)?;
            let cog_opts = RasterCreationOptions::from_iter([
                "COMPRESS=DEFLATE".to_string(),
                "LEVEL=1".to_string(),
                "OVERVIEW_RESAMPLING=NEAREST".to_string(),
                "NUM_THREADS=ALL_CPUS".to_string(),
            ]);
            ds.create_copy(&cog, tmp, &cog_opts)
                .map_err(|err| format!("cannot write the COG: {err}"))?;
        } else {
            ds.flush_cache().map_err(e)?;
        }
    }
    Ok(())
}

/// A raster read back with its grid and CRS.
#[derive(Clone, Debug)]
pub struct ReadRaster {
    pub raster: Raster,
    pub grid: Grid,
    pub wkt: String,
}

/// Reads a class raster (one band of 8-bit values, north-up, square
/// pixels: [`read_class_grid`]).
pub fn read_u8(path: &Path) -> Result<ReadRaster, RasterIoError> {
    let (ds, grid, wkt) = open_grid(path)?;
    check_class_raster(&ds, path)?;
    let pixels = (grid.width as u64).saturating_mul(grid.height as u64);
    let what = format!("reading {} × {} px", grid.width, grid.height);
    crate::io::safety::memory::check(&what, pixels, 1).map_err(|e| io_err(path, e))?;
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

/// The grid and CRS of a class raster (`compare --raster`, `generalize
/// --from`): one band of 8-bit values, as `generalize` writes and the
/// ground reference is; anything else (a Sentinel-2 patch, 10 bands of
/// 16-bit values) is refused before its pixels are read, naming what it
/// holds, rather than read as classes.
pub fn read_class_grid(path: &Path) -> Result<(Grid, String), RasterIoError> {
    let (ds, grid, wkt) = open_grid(path)?;
    check_class_raster(&ds, path)?;
    Ok((grid, wkt))
}

fn check_class_raster(ds: &Dataset, path: &Path) -> Result<(), RasterIoError> {
    let bands = ds.raster_count();
    let kind = ds
        .rasterband(1)
        .map(|b| b.band_type().name())
        .unwrap_or_else(|_| "no".to_string());
    if bands == 1 && kind == "Byte" {
        return Ok(());
    }
    let plural = if bands == 1 { "" } else { "s" };
    Err(io_err(
        path,
        format!(
            "expected a class raster (one band of 8-bit values, as a ground reference or \
             `generalize -o`), found {bands} band{plural} of {kind} values"
        ),
    ))
}

/// Opens a raster and checks it is north-up with square pixels and a CRS.
fn open_grid(path: &Path) -> Result<(Dataset, Grid, String), RasterIoError> {
    crate::io::safety::special::ensure_not_special(path).map_err(|e| io_err(path, e))?;
    let ds = crate::io::formats::dataset::open(path).map_err(|e| {
        io_err(
            path,
            crate::io::formats::gdal_error::open_failure(path, "raster", &e),
        )
    })?;
    let (w, h) = ds.raster_size();
    let gt = ds
        .geo_transform()
        .map_err(|e| io_err(path, format!("no geotransform: {e}")))?;
    if !gt.iter().all(|v| v.is_finite()) || gt[1] <= 0.0 {
        return Err(io_err(
            path,
            format!(
                "origin ({}, {}) and pixel size {}: expected finite numbers and a pixel size above 0",
                gt[0], gt[3], gt[1]
            ),
        ));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A part written (by rows of 256 × 256 blocks) reads back as that
    /// window of the raster, with the grid given; a part beyond the raster
    /// is refused.
    #[test]
    fn part_reads_back_as_the_window() {
        let (w, h) = (700, 610);
        let data: Vec<u8> = (0..w * h)
            .map(|i| ((i * 31 + i / w * 7) % 251) as u8)
            .collect();
        let raster = Raster {
            width: w,
            height: h,
            data,
        };
        let part = Part {
            x: 13,
            y: 40,
            width: 600,
            height: 530,
        };
        let grid = Grid {
            ulx: 500_000.0,
            uly: 5_000_000.0,
            pixel_size: 10.0,
            width: part.width,
            height: part.height,
        };
        let wkt = gdal::spatial_ref::SpatialRef::from_epsg(32631)
            .unwrap()
            .to_wkt()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("part.tif");
        let options = WriteOptions {
            overwrite: false,
            nodata: Some(0.0),
        };
        write_u8_styled_part(
            &path,
            &raster,
            part,
            &grid,
            &wkt,
            options,
            &Styling::default(),
        )
        .unwrap();
        let back = read_u8(&path).unwrap();
        assert_eq!(back.grid, grid);
        assert_eq!(
            back.raster,
            raster.window(part.x, part.y, part.width, part.height)
        );
        let beyond = Part { x: 101, ..part };
        let other = dir.path().join("beyond.tif");
        let err = write_u8_styled_part(
            &other,
            &raster,
            beyond,
            &grid,
            &wkt,
            options,
            &Styling::default(),
        );
        assert!(matches!(err, Err(RasterIoError::Io { .. })));
        assert!(!other.exists());
    }
}
