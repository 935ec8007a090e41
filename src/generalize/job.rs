//! A generalization job, as `multisenge generalize` runs it: the target
//! grid (a tile of the Sentinel-2 tiling grid, the grid of a raster, or the
//! raster to start from), the inputs read within its bounds (land cover
//! mapped to classes, roads and railways sorted into buffer widths), the
//! steps of [`pipeline`], and the outputs: the tile raster,
//! the kept intermediate rasters, and the patches with their label files,
//! cut with the dataset profile's patch size and grid stride.
//!
//! The command line only turns its options into a [`Job`]; everything here
//! can be run and tested without the binary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gdal::spatial_ref::SpatialRef;
use rayon::prelude::*;

use super::burn_roads::RoadLine;
use super::config::{BufferMode, ConfigError, GeneralizeConfig, PixelRule, RoadsSection};
use super::fill::FillParams;
use super::patchify::{cut_patch, patch_origins};
use super::pipeline::{self, Params, Step, StepReport};
use super::rasterize::ClassPolygon;
use super::remove_small_regions::hectares_to_pixels;
use crate::io::geotiff::{self, RasterIoError, Styling, WriteOptions};
use crate::io::reproject::GdalReprojector;
use crate::io::symbology::Symbology;
use crate::io::vector::{self, Unmapped, VectorError};
use crate::model::grid::{TilingGrid, TILE_SIZE_M};
use crate::model::{FileKind, PatchKey, TileCode};
use crate::profile::LoadedProfile;
use crate::raster::{Connectivity, Grid, Raster};
use crate::spatial::avoid::{split_origins, AvoidPatches, SkippedPatch};

/// Everything a generalization is asked to do: the options of
/// `multisenge generalize` (each field's documentation is its `--help`).
/// Options left `None` take the generalization profile's default.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct Job {
    /// Land-cover polygons: any OGR format (GeoPackage, Shapefile, GeoJSON,
    /// FlatGeobuf) in any declared CRS; reprojected to the tile's UTM zone.
    #[arg(long, value_name = "FILE")]
    pub source: Option<PathBuf>,
    /// Road and railway lines (layers and fields named in the profile).
    /// Without it, step `roads` burns nothing.
    #[arg(long, value_name = "FILE")]
    pub roads: Option<PathBuf>,
    /// Target grid: the 10 980 × 10 980 px, 10 m grid of this Sentinel-2
    /// tile (e.g. 31UGQ, from the official tiling grid). Also names patches.
    #[arg(long, value_name = "CODE")]
    pub tile: Option<String>,
    /// Several tiles in one run, comma-separated: the source is read once;
    /// -o must hold `{tile}` (e.g. out/{tile}_GR.tif). Replaces --tile.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub tiles: Vec<String>,
    /// Target grid: the grid and CRS of this raster instead of a tile.
    #[arg(long, value_name = "FILE")]
    pub like: Option<PathBuf>,
    /// Start from this class raster instead of rasterizing (to run later
    /// steps alone, e.g. on a kept intermediate); its grid is the target grid.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// Steps to run, comma-separated, always in pipeline order: rasterize,
    /// sieve, fill, close, roads, final-mmu, or `all`.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "all",
        value_name = "STEPS"
    )]
    pub steps: Vec<String>,
    /// Final ground-reference raster (GeoTIFF, tiled, DEFLATE).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write every step's raster beside the output, as
    /// OUTPUT-STEM.N-STEP.tif.
    #[arg(long)]
    pub keep_intermediate: bool,
    /// Cut 256 × 256 patches on the 257-pixel grid into DIR/ground_reference
    /// ({tile}_GR_{x}_{y}.tif) and DIR/labels ({tile}_{x}_{y}.json); patches
    /// holding any empty pixel are skipped. Needs --tile for the names.
    #[arg(long, value_name = "DIR")]
    pub patches: Option<PathBuf>,
    /// Sentinel-2 dates listed in every label file's corresponding_s2 as
    /// {tile}_{date}_S2_{x}_{y}.tif, comma-separated YYYYMMDD. Default: none
    /// (the field is an empty string).
    #[arg(long, value_delimiter = ',', value_name = "DATES")]
    pub s2_dates: Vec<String>,
    /// Sentinel-1 dates for corresponding_s1, as --s2-dates. Default: none.
    #[arg(long, value_delimiter = ',', value_name = "DATES")]
    pub s1_dates: Vec<String>,
    #[command(flatten)]
    pub overrides: Overrides,
    /// Fail (exit 2) when source features have codes missing from the
    /// mapping table, instead of reporting and skipping them.
    #[arg(long)]
    pub strict_mapping: bool,
    /// Write the output as a Cloud Optimized GeoTIFF (tiled 512 px, DEFLATE,
    /// internal overviews). Default: a tiled GeoTIFF, with internal
    /// overviews from 1 024 px a side.
    #[arg(long)]
    pub cog: bool,
    /// Also write a QGIS style beside the output and each patch (NAME.qml:
    /// the profile's classes with their names and colours, nothing for
    /// other values), which QGIS opens as the raster's default style.
    /// Without it, QGIS 3.22 lists all 256 entries of the GeoTIFF's colour
    /// table (the plugin styles the rasters itself).
    #[arg(long)]
    pub qml: bool,
    /// Overwrite existing outputs.
    #[arg(long)]
    pub force: bool,
    /// Patches of other tiles the written patches must not overlap (read by
    /// the caller: `footprints::existing_patches`).
    #[arg(skip)]
    pub avoid: Option<AvoidPatches>,
    /// Pixels read and processed beyond each side of the target grid, then
    /// cropped, so that decisions at its edge see the ground beyond; 0
    /// disables; ignored with --from. [default: 512]
    #[arg(long, value_name = "PIXELS")]
    pub halo: Option<usize>,
    #[command(flatten)]
    pub memory: crate::io::memory::MemoryOptions,
}

/// The default halo, pixels (5.12 km at 10 m): beyond the fill's search
/// radius (16 px), the closing and an MMU region's extent, so that the
/// decisions at the tile's edge see the ground beyond it.
pub const DEFAULT_HALO: usize = 512;

/// Step parameters given on the command line, over the profile's defaults.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct Overrides {
    /// Step 1 pixel rule: `centre` (class of the polygon containing the pixel
    /// centre, as gdal_rasterize) or `majority` (class covering most of the
    /// pixel, on N × N samples). [default: majority]
    #[arg(long, value_enum, value_name = "RULE")]
    pub pixel_rule: Option<PixelRule>,
    /// N of the majority rule, samples per pixel side. [default: 3]
    #[arg(long, value_name = "N")]
    pub majority_samples: Option<usize>,
    /// Minimum mapping unit of steps sieve and final-mmu: regions with fewer
    /// pixels are removed; pixels (`250`, `250px`) or hectares (`2.5ha`).
    /// [default: 250 px = 2.5 ha]
    #[arg(long, value_name = "SIZE")]
    pub mmu: Option<String>,
    /// Region connectivity, 4 or 8 neighbours. [default: 8]
    #[arg(long, value_name = "4|8")]
    pub connectivity: Option<u8>,
    /// Step fill: number of nearest labelled pixels voting. [default: 8]
    #[arg(long, value_name = "K")]
    pub fill_k: Option<usize>,
    /// Step fill: power p of the vote weight 1 / distance^p. [default: 1]
    #[arg(long, value_name = "P")]
    pub fill_power: Option<f64>,
    /// Step fill: search radius of the vote, pixels; farther pixels take the
    /// class of their nearest labelled pixel by propagation. [default: 16]
    #[arg(long, value_name = "PIXELS")]
    pub fill_max_radius: Option<usize>,
    /// Step fill: how far the propagation may go beyond --fill-max-radius,
    /// pixels; farther pixels stay empty and patches holding them are not
    /// written. Use 0 for a source that covers only part of the tile.
    /// [default: no limit]
    #[arg(long, value_name = "PIXELS")]
    pub fill_propagation_limit: Option<usize>,
    /// Step close: structuring element WIDTHxHEIGHT, pixels, odd. [default: 3x3]
    #[arg(long, value_name = "WxH")]
    pub closing: Option<String>,
    #[command(flatten)]
    pub roads: RoadOverrides,
    /// Step final-mmu (not in the paper): regions below the MMU left by
    /// steps 3–5 (class 5 exempt) merge into the neighbouring class with the
    /// longest shared boundary, or into class 5 when enclosed by roads; at
    /// most N passes; 0 disables. [default: 0]
    #[arg(long, value_name = "N")]
    pub final_mmu_passes: Option<usize>,
}

/// Road and railway buffer options over the profile's `[roads]` and
/// `[railways]` values (shared by `generalize` and `compare --roads`).
#[derive(Clone, Debug, Default, clap::Args)]
pub struct RoadOverrides {
    /// Step roads: buffer of the most important roads, metres. [default: 30]
    #[arg(long, value_name = "METRES")]
    pub wide_buffer: Option<f64>,
    /// Step roads: buffer of secondary roads, metres. [default: 10]
    #[arg(long, value_name = "METRES")]
    pub narrow_buffer: Option<f64>,
    /// Step roads: buffer of railways, metres. [default: 10]
    #[arg(long, value_name = "METRES")]
    pub railway_buffer: Option<f64>,
    /// Step roads: the buffers are the corridor's total `width` or a
    /// `distance` on each side. [default: width]
    #[arg(long = "road-buffer-mode", value_name = "width|distance")]
    pub mode: Option<BufferMode>,
}

/// The shape of the dataset's patches, from the dataset profile
/// (`[dataset] patch_size`, `grid_stride`, `[georeferencing] pixel_size`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PatchLayout {
    /// Patch width and height, pixels.
    pub size: usize,
    /// Step between patch origins, pixels.
    pub stride: usize,
    /// Pixel size of a tile's grid, metres.
    pub pixel_size: f64,
}

impl PatchLayout {
    /// The layout of a dataset profile.
    pub fn of(profile: &crate::profile::Profile) -> PatchLayout {
        PatchLayout {
            size: profile.dataset.patch_size as usize,
            stride: profile.dataset.grid_stride as usize,
            pixel_size: profile.georeferencing.pixel_size,
        }
    }
}

/// What a job did, step by step.
#[derive(Debug)]
pub struct Outcome {
    pub read_time: Duration,
    pub reports: Vec<StepReport>,
    /// Time to write `--output`, when asked for.
    pub write_time: Option<Duration>,
    /// Patches written and the time taken, when asked for.
    pub patches: Option<(usize, Duration)>,
    /// Patches not written because they overlap patches of other tiles.
    pub skipped_patches: Vec<SkippedPatch>,
    pub total: Duration,
}

impl Outcome {
    /// The run summary printed on standard error: read time, each step's
    /// time and summary, writing, patches (`tile` names them), total;
    /// under a `header` line when given.
    pub fn summary(&self, tile: Option<&str>, header: Option<&str>) -> Vec<String> {
        let mut out: Vec<String> = header.map(|h| format!("== {h}")).into_iter().collect();
        out.push(format!(
            "read inputs: {:.2} s",
            self.read_time.as_secs_f64()
        ));
        for r in &self.reports {
            let secs = r.elapsed.as_secs_f64();
            out.push(format!(
                "{:<10} {secs:>6.2} s  {}",
                r.step.name(),
                r.summary
            ));
        }
        if let Some(t) = self.write_time {
            out.push(format!("write      {:>6.2} s", t.as_secs_f64()));
        }
        if let Some(first) = self.skipped_patches.first() {
            out.push(format!(
                "patches: {} skipped, they overlap patches of other tiles (e.g. {}_{}_{} overlaps {} by {:.0} m²)",
                self.skipped_patches.len(),
                tile.unwrap_or(""),
                first.x,
                first.y,
                first.overlaps,
                first.area_m2
            ));
        }
        if let Some((count, t)) = self.patches {
            out.push(format!(
                "patches    {:>6.2} s  {count} written",
                t.as_secs_f64()
            ));
        }
        out.push(format!("total      {:>6.2} s", self.total.as_secs_f64()));
        out
    }
}

/// Why a job could not run or finish.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("--steps: unknown step `{0}`; expected rasterize, sieve, fill, close, roads, final-mmu or all")]
    UnknownStep(String),
    #[error("--from starts after rasterizing; remove `rasterize` from --steps or drop --from")]
    FromWithRasterize,
    #[error("without the rasterize step, give the raster to start from with --from FILE")]
    NoStart,
    #[error("the rasterize step needs the land-cover layer: --source FILE")]
    NoSource,
    #[error("nothing to write: give --output FILE and/or --patches DIR")]
    NothingToWrite,
    #[error("give the target grid: --tile CODE or --like FILE (or --from FILE)")]
    NoTargetGrid,
    #[error("--tile `{code}`: {why}")]
    InvalidTile {
        code: String,
        why: crate::model::tile::TileCodeError,
    },
    #[error("--tile {0}: not a tile of the Sentinel-2 tiling grid")]
    TileNotInGrid(TileCode),
    #[error("--tiles replaces --tile, --like and --from: give only --tiles")]
    TilesWithTarget,
    #[error("--tiles with several tiles: the output name must hold `{{tile}}`, e.g. -o out/{{tile}}_GR.tif")]
    TilesOutput,
    #[error("--tiles with several tiles and --patches: write the patches one tile at a time (each tile's patches must avoid those already written)")]
    TilesPatches,
    #[error("--patches needs --tile CODE to name the patches")]
    PatchesNeedTile,
    #[error("--patches {}: the target grid must start at the upper-left corner of tile {tile} ({ulx}, {uly}) with {pixel_size} m pixels", dir.display())]
    PatchesOffTile {
        dir: PathBuf,
        tile: TileCode,
        ulx: f64,
        uly: f64,
        pixel_size: f64,
    },
    #[error("--mmu `{0}`: expected pixels (250, 250px) or hectares (2.5ha)")]
    Mmu(String),
    #[error("--closing `{0}`: expected WIDTHxHEIGHT with odd sizes, e.g. 3x3")]
    Closing(String),
    #[error("--connectivity: expected 4 or 8")]
    Connectivity,
    #[error("--fill-k: expected at least 1")]
    FillK,
    #[error(transparent)]
    OutOfRange(#[from] super::limits::OutOfRange),
    #[error(transparent)]
    Memory(#[from] crate::io::memory::MemoryError),
    #[error("{}: exists; use --force to overwrite it", .0.display())]
    Exists(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("--patches {}: {why}", path.display())]
    PatchesFolder { path: PathBuf, why: String },
    #[error("{option}: {why}; expected dates YYYYMMDD, e.g. 20200731")]
    BadDate {
        option: &'static str,
        why: crate::model::naming::DateError,
    },
    #[error("{}: unmapped codes (see above) and --strict-mapping", .0.display())]
    Unmapped(PathBuf),
    #[error("{}, layer `{layer}`: no mapped polygon reaches the target grid ({read} features read)", path.display())]
    NoPolygons {
        path: PathBuf,
        layer: String,
        read: u64,
    },
    #[error("{}: cannot create folder: {source}", path.display())]
    CreateFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {source}", path.display())]
    WriteLabel {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Raster(#[from] RasterIoError),
    #[error(transparent)]
    Vector(#[from] VectorError),
    /// GDAL failed where it should not (a CRS it built cannot be written).
    #[error("{0}")]
    Gdal(#[from] gdal::errors::GdalError),
}

impl JobError {
    /// Whether the failure is the tool's, not the user's input.
    pub fn is_internal(&self) -> bool {
        matches!(self, JobError::Gdal(_))
    }
}

/// Parses `250`, `250px` or `2.5ha` into pixels at `pixel_size` metres.
pub fn parse_mmu(text: &str, pixel_size: f64) -> Result<usize, JobError> {
    let t = text.trim();
    let bad = || JobError::Mmu(text.to_string());
    if let Some(ha) = t.strip_suffix("ha") {
        let v: f64 = ha.trim().parse().map_err(|_| bad())?;
        if !(v >= 0.0 && v.is_finite()) {
            return Err(bad());
        }
        Ok(hectares_to_pixels(v, pixel_size))
    } else {
        t.strip_suffix("px")
            .unwrap_or(t)
            .trim()
            .parse()
            .map_err(|_| bad())
    }
}

/// Parses `WIDTHxHEIGHT` with odd sizes.
pub fn parse_closing(text: &str) -> Result<(usize, usize), JobError> {
    let bad = || JobError::Closing(text.to_string());
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h): (usize, usize) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    if w % 2 == 0 || h % 2 == 0 {
        return Err(bad());
    }
    Ok((w, h))
}

/// The steps named, in the order given (the pipeline sorts them).
pub fn parse_steps(names: &[String]) -> Result<Vec<Step>, JobError> {
    let mut steps = Vec::new();
    for s in names {
        if s == "all" {
            steps.extend(Step::ALL);
        } else {
            steps.push(Step::parse(s).ok_or_else(|| JobError::UnknownStep(s.clone()))?);
        }
    }
    Ok(steps)
}

/// The grid of a Sentinel-2 tile at `pixel_size` metres (10 980 × 10 980
/// pixels at 10 m) and its CRS.
pub fn tile_grid(tile: &TileCode, pixel_size: f64) -> Result<(Grid, SpatialRef), JobError> {
    let g = TilingGrid::official()
        .get(tile)
        .ok_or(JobError::TileNotInGrid(*tile))?;
    let srs = vector::srs_from_epsg(g.epsg)?;
    let size = (TILE_SIZE_M / pixel_size).round() as usize;
    let grid = Grid {
        ulx: g.ulx,
        uly: g.uly,
        pixel_size,
        width: size,
        height: size,
    };
    Ok((grid, srs))
}

/// The target grid, its CRS (as WKT and as GDAL's, in easting/northing
/// order) and the raster to start from, when there is one (its pixels are
/// read once the memory they take has been checked).
struct Target {
    grid: Grid,
    wkt: String,
    srs: SpatialRef,
    start: Option<PathBuf>,
}

fn target(job: &Job, tile: Option<&TileCode>, layout: &PatchLayout) -> Result<Target, JobError> {
    if let Some(from) = &job.from {
        let (grid, wkt) = geotiff::read_grid(from)?;
        let srs = vector::srs_from_wkt(&wkt, from)?;
        return Ok(Target {
            grid,
            wkt,
            srs,
            start: Some(from.clone()),
        });
    }
    if let Some(like) = &job.like {
        let (grid, wkt) = geotiff::read_grid(like)?;
        let srs = vector::srs_from_wkt(&wkt, like)?;
        return Ok(Target {
            grid,
            wkt,
            srs,
            start: None,
        });
    }
    let tile = tile.ok_or(JobError::NoTargetGrid)?;
    let (grid, srs) = tile_grid(tile, layout.pixel_size)?;
    Ok(Target {
        grid,
        wkt: srs.to_wkt()?,
        srs,
        start: None,
    })
}

/// The pixels of the work grid whose fill decides the cropped output: the
/// target and, around it, what the closing reads (a pixel's closing depends
/// on the pixels within the rectangle's size). `None` (fill everything)
/// without a halo, or when the final MMU pass runs (it merges whole
/// regions, which may reach far into the halo).
fn fill_window(
    halo: usize,
    grid: &Grid,
    work: &Grid,
    steps: &[Step],
    params: &Params,
) -> Option<super::fill::Window> {
    if halo == 0 || (steps.contains(&Step::FinalMmu) && params.final_mmu_passes > 0) {
        return None;
    }
    let margin = params.closing.0.max(params.closing.1);
    Some(super::fill::Window {
        x0: halo.saturating_sub(margin),
        y0: halo.saturating_sub(margin),
        x1: (halo + grid.width + margin).min(work.width),
        y1: (halo + grid.height + margin).min(work.height),
    })
}

/// The step parameters: the job's overrides over the profile's defaults.
fn params(job: &Job, config: &GeneralizeConfig, pixel_size: f64) -> Result<Params, JobError> {
    let (o, d) = (&job.overrides, &config.defaults);
    let mmu_pixels = match &o.mmu {
        Some(t) => parse_mmu(t, pixel_size)?,
        None => d.mmu_pixels,
    };
    let connectivity = Connectivity::from_number(o.connectivity.unwrap_or(d.connectivity))
        .ok_or(JobError::Connectivity)?;
    let closing = match &o.closing {
        Some(t) => parse_closing(t)?,
        None => (d.closing_width, d.closing_height),
    };
    let fill_k = o.fill_k.unwrap_or(d.fill_k);
    if fill_k == 0 {
        return Err(JobError::FillK);
    }
    let params = Params {
        pixel_rule: o.pixel_rule.unwrap_or(d.pixel_rule),
        majority_samples: o.majority_samples.unwrap_or(d.majority_samples),
        mmu_pixels,
        connectivity,
        fill: FillParams {
            k: fill_k,
            power: o.fill_power.unwrap_or(d.fill_power),
            max_radius: o.fill_max_radius.unwrap_or(d.fill_max_radius),
            ignore: vec![],
            propagation_limit: o.fill_propagation_limit.or(d.fill_propagation_limit),
        },
        closing,
        final_mmu_passes: o.final_mmu_passes.unwrap_or(d.final_mmu_passes),
        fill_window: None,
    };
    super::limits::check_params(&params)?;
    Ok(params)
}

/// The land-cover polygons reaching the target grid; unmapped codes are
/// reported through `note`.
fn land_cover(
    source: &Path,
    config: &GeneralizeConfig,
    (srs, grid): (&SpatialRef, &Grid),
    strict: bool,
    note: &mut dyn FnMut(&str),
) -> Result<Vec<ClassPolygon>, JobError> {
    let lc = vector::read_land_cover(source, config, srs, Some(grid.bounds()))?;
    if !lc.unmapped.is_empty() {
        note_unmapped(source, &lc.unmapped, note);
        if strict {
            return Err(JobError::Unmapped(source.to_path_buf()));
        }
    }
    if lc.polygons.is_empty() {
        return Err(JobError::NoPolygons {
            path: source.to_path_buf(),
            layer: lc.layer,
            read: lc.features_read,
        });
    }
    Ok(lc
        .polygons
        .into_iter()
        .map(|p| ClassPolygon {
            class: p.class,
            geometry: p.geometry,
        })
        .collect())
}

fn note_unmapped(
    source: &Path,
    unmapped: &BTreeMap<(String, String), Unmapped>,
    note: &mut dyn FnMut(&str),
) {
    let total: u64 = unmapped.values().map(|u| u.count).sum();
    note(&format!(
        "{}: {total} features with codes missing from the mapping table were skipped:",
        source.display()
    ));
    for ((cs, us), u) in unmapped {
        let ids: Vec<String> = u.ids.iter().map(i64::to_string).collect();
        note(&format!(
            "  cover `{cs}`, usage `{us}`: {} features (ids {})",
            u.count,
            ids.join(", ")
        ));
    }
}

/// The buffer distance (each side, metres) of a road of `importance`:
/// `wide` for the profile's `wide_values`, `narrow` for its
/// `narrow_values`; `None`: the road is not burned.
pub fn road_buffer(
    importance: &str,
    roads: &RoadsSection,
    (wide, narrow): (f64, f64),
) -> Option<f64> {
    if roads.wide_values.iter().any(|v| v == importance) {
        Some(wide)
    } else if roads.narrow_values.iter().any(|v| v == importance) {
        Some(narrow)
    } else {
        None
    }
}

/// Road and railway lines of `path` reaching `grid` (in `srs`), with their
/// buffer distance on each side: the profile's wide and narrow importance
/// values (others are not burned), railways apart, the values read by the
/// buffer mode. `note` receives "no railway layer".
pub fn network_lines(
    path: &Path,
    config: &GeneralizeConfig,
    o: &RoadOverrides,
    (srs, grid): (&SpatialRef, &Grid),
    note: &mut dyn FnMut(&str),
) -> Result<Vec<RoadLine>, VectorError> {
    let r = &config.roads;
    let mode = o.mode.unwrap_or(r.buffer_mode);
    let wide = mode.each_side(o.wide_buffer.unwrap_or(r.wide_buffer_m));
    let narrow = mode.each_side(o.narrow_buffer.unwrap_or(r.narrow_buffer_m));
    let bounds = Some(grid.bounds());
    let lines = vector::read_lines(path, &r.layer, &r.importance_field, srs, bounds, false)?
        .unwrap_or_default();
    let mut roads: Vec<RoadLine> = lines
        .into_iter()
        .filter_map(|l| {
            let buffer_m = road_buffer(&l.importance, r, (wide, narrow))?;
            Some(RoadLine {
                geometry: l.geometry,
                buffer_m,
            })
        })
        .collect();
    let rail = &config.railways;
    if !rail.layer.is_empty() {
        let buffer_m = mode.each_side(o.railway_buffer.unwrap_or(rail.buffer_m));
        match vector::read_lines(path, &rail.layer, "", srs, bounds, true)? {
            Some(lines) => roads.extend(lines.into_iter().map(|l| RoadLine {
                geometry: l.geometry,
                buffer_m,
            })),
            None => note(&format!(
                "{}: no layer `{}`: no railway burned",
                path.display(),
                rail.layer
            )),
        }
    }
    Ok(roads)
}

/// The land cover and the network lines a job needs, read over `grid`.
pub(super) fn read_inputs(
    job: &Job,
    config: &GeneralizeConfig,
    (srs, grid): (&SpatialRef, &Grid),
    steps: &[Step],
    note: &mut dyn FnMut(&str),
) -> Result<(Vec<ClassPolygon>, Vec<RoadLine>), JobError> {
    let polygons = match (&job.source, steps.contains(&Step::Rasterize)) {
        (Some(source), true) => land_cover(source, config, (srs, grid), job.strict_mapping, note)?,
        _ => Vec::new(),
    };
    let roads = match (&job.roads, steps.contains(&Step::Roads)) {
        (Some(path), true) => network_lines(path, config, &job.overrides.roads, (srs, grid), note)?,
        _ => Vec::new(),
    };
    Ok((polygons, roads))
}

/// Where an intermediate raster is kept: `STEM.N-STEP.tif` beside `base`.
pub fn intermediate_path(base: &Path, index: usize, step: Step) -> PathBuf {
    let stem = base
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generalized".into());
    base.with_file_name(format!("{stem}.{index}-{}.tif", step.name()))
}

/// Runs `job`; `note` receives the warnings (unmapped codes, missing
/// railway layer) as they come. See [`super::tiles::run_all`] for `tiles`.
pub fn run(
    job: &Job,
    config: &GeneralizeConfig,
    layout: &PatchLayout,
    note: &mut dyn FnMut(&str),
) -> Result<Outcome, JobError> {
    run_reporting(job, config, layout, note, super::progress::silent())
}

/// [`run`], reporting each phase as it starts (reading, the steps, writing
/// the output, writing the patches) through `progress`.
pub fn run_reporting(
    job: &Job,
    config: &GeneralizeConfig,
    layout: &PatchLayout,
    note: &mut dyn FnMut(&str),
    progress: super::progress::Report,
) -> Result<Outcome, JobError> {
    job.memory.apply();
    run_with(job, config, layout, None, note, progress)
}

/// The dates listed in every label file are calendar dates, as `validate`
/// requires of them (rule N003): checked before any work.
pub(super) fn check_dates(job: &Job) -> Result<(), JobError> {
    for (option, dates) in [("--s2-dates", &job.s2_dates), ("--s1-dates", &job.s1_dates)] {
        for date in dates {
            crate::model::naming::Date::parse(date)
                .map_err(|why| JobError::BadDate { option, why })?;
        }
    }
    Ok(())
}

/// Parses the job's tile code, if any.
pub(super) fn job_tile(job: &Job) -> Result<Option<TileCode>, JobError> {
    match &job.tile {
        Some(code) => Ok(Some(TileCode::parse(code).map_err(|why| {
            JobError::InvalidTile {
                code: code.clone(),
                why,
            }
        })?)),
        None => Ok(None),
    }
}

/// The halo of a job on `target`: none when starting from a raster.
fn halo(job: &Job, target: &Target) -> usize {
    match target.start {
        Some(_) => 0,
        None => job.halo.unwrap_or(DEFAULT_HALO),
    }
}

/// The grid a job works on: its target grid and halo.
pub(super) fn work_grid(job: &Job, layout: &PatchLayout) -> Result<(Grid, SpatialRef), JobError> {
    let target = target(job, job_tile(job)?.as_ref(), layout)?;
    let halo = halo(job, &target);
    Ok((target.grid.expanded(halo), target.srs))
}

/// [`run`], with the inputs already read (by [`super::tiles`]) when given.
pub(super) fn run_with(
    job: &Job,
    config: &GeneralizeConfig,
    layout: &PatchLayout,
    pre: Option<&super::tiles::Inputs>,
    note: &mut dyn FnMut(&str),
    progress: super::progress::Report,
) -> Result<Outcome, JobError> {
    let started = Instant::now();
    let mut steps = parse_steps(&job.steps)?;
    steps.sort();
    steps.dedup();
    let rasterizing = steps.contains(&Step::Rasterize);
    match (rasterizing, &job.from, &job.source) {
        (true, Some(_), _) => return Err(JobError::FromWithRasterize),
        (false, None, _) => return Err(JobError::NoStart),
        (true, _, None) => return Err(JobError::NoSource),
        _ => {}
    }
    if job.output.is_none() && job.patches.is_none() {
        return Err(JobError::NothingToWrite);
    }
    check_dates(job)?;
    let tile = job_tile(job)?;
    let mut target = target(job, tile.as_ref(), layout)?;
    let grid = target.grid;
    if let Some(dir) = &job.patches {
        let tile = tile.as_ref().ok_or(JobError::PatchesNeedTile)?;
        // Patch positions are counted from the tile's corner.
        let (tile_grid, _) = tile_grid(tile, layout.pixel_size)?;
        if (tile_grid.ulx - grid.ulx).abs() > 1e-6
            || (tile_grid.uly - grid.uly).abs() > 1e-6
            || grid.pixel_size != layout.pixel_size
        {
            return Err(JobError::PatchesOffTile {
                dir: dir.clone(),
                tile: *tile,
                ulx: tile_grid.ulx,
                uly: tile_grid.uly,
                pixel_size: layout.pixel_size,
            });
        }
    }
    let params = params(job, config, grid.pixel_size)?;
    // The halo: the work is done on a larger grid, cropped to `grid`.
    let halo = halo(job, &target);
    let work = grid.expanded(halo);
    let crop = |r: &Raster| r.window(halo, halo, grid.width, grid.height);
    let (o, r) = (&job.overrides.roads, &config.roads);
    let buffers = [
        (
            "--wide-buffer (wide_buffer_m)",
            o.wide_buffer.unwrap_or(r.wide_buffer_m),
        ),
        (
            "--narrow-buffer (narrow_buffer_m)",
            o.narrow_buffer.unwrap_or(r.narrow_buffer_m),
        ),
        (
            "--railway-buffer (buffer_m)",
            o.railway_buffer.unwrap_or(config.railways.buffer_m),
        ),
    ];
    for (option, metres) in buffers {
        super::limits::check_buffer(option, metres)?;
    }
    crate::io::memory::check(
        &format!("the {} × {} px target grid", work.width, work.height),
        (work.width as u64).saturating_mul(work.height as u64),
        super::limits::bytes_per_pixel(&params),
    )?;
    // Every output checked before any work.
    super::outputs::check_all(job, &steps)?;

    let list = super::progress::generalize_phases(
        &steps,
        pre.is_none(),
        job.output.is_some(),
        job.patches.is_some(),
    );
    let phases = super::progress::Phases::new(&list, progress);
    phases.begin();
    let t = Instant::now();
    let pre = pre.map(|p| p.for_grid(&target.srs, &work)).transpose()?;
    let (polygons, roads) = match pre {
        Some(inputs) => inputs,
        None => read_inputs(job, config, (&target.srs, &work), &steps, note)?,
    };
    let read_time = t.elapsed();
    phases.finish("read");

    let keep_base = job.output.clone().unwrap_or_else(|| {
        job.patches
            .clone()
            .unwrap_or_default()
            .join("generalized.tif")
    });
    let write_opts = WriteOptions {
        overwrite: job.force,
        nodata: Some(0.0),
    };
    // Class names and colours of the dataset profile, so QGIS shows them.
    let classes = Styling {
        symbology: Symbology::Classes(LoadedProfile::default_profile().class_entries()),
        overviews: true,
        cog: false,
        qml: job.qml,
    };
    let mut index = 0;
    let keep = |step: Step, raster: &Raster| -> Result<(), JobError> {
        index += 1;
        if job.keep_intermediate {
            let path = intermediate_path(&keep_base, index, step);
            let r = crop(raster);
            geotiff::write_u8_styled(&path, &r, &grid, &target.wkt, write_opts, &classes)?;
        }
        phases.finish(step.name());
        Ok(())
    };
    let mut params = params;
    params.fill_window = fill_window(halo, &grid, &work, &steps, &params);
    let start = match target.start.take() {
        Some(from) => Some(geotiff::read_u8(&from)?.raster),
        None => None,
    };
    let (result, reports) = pipeline::run(&steps, &work, start, polygons, &roads, &params, keep)?;
    let mut write_time = None;
    if let Some(out) = &job.output {
        let t = Instant::now();
        let styling = Styling {
            cog: job.cog,
            ..classes.clone()
        };
        // The halo is cropped as the file is written.
        let part = geotiff::Part {
            x: halo,
            y: halo,
            width: grid.width,
            height: grid.height,
        };
        geotiff::write_u8_styled_part(
            out,
            &result,
            part,
            &grid,
            &target.wkt,
            write_opts,
            &styling,
        )?;
        write_time = Some(t.elapsed());
        phases.finish("write");
    }
    let result = if halo > 0 && job.patches.is_some() {
        crop(&result)
    } else {
        result
    };
    let mut patches = None;
    let mut skipped_patches = Vec::new();
    if let (Some(dir), Some(tile)) = (&job.patches, &tile) {
        let t = Instant::now();
        let out = PatchOutput {
            dir,
            tile: *tile,
            layout,
            wkt: &target.wkt,
            s2_dates: &job.s2_dates,
            s1_dates: &job.s1_dates,
            force: job.force,
            avoid: job.avoid.as_ref(),
            styling: &classes,
        };
        let written = write_patches(&out, &result, &grid)?;
        skipped_patches = written.skipped;
        patches = Some((written.count, t.elapsed()));
        phases.finish("patches");
    }
    Ok(Outcome {
        read_time,
        reports,
        write_time,
        patches,
        skipped_patches,
        total: started.elapsed(),
    })
}

/// Where and how patches are written.
pub struct PatchOutput<'a> {
    /// Holds `ground_reference/` and `labels/`.
    pub dir: &'a Path,
    pub tile: TileCode,
    pub layout: &'a PatchLayout,
    /// CRS of the patches and the label files' `projection`.
    pub wkt: &'a str,
    pub s2_dates: &'a [String],
    pub s1_dates: &'a [String],
    pub force: bool,
    /// Skip the patches that overlap these.
    pub avoid: Option<&'a AvoidPatches>,
    /// Colour table and class names of each patch.
    pub styling: &'a Styling,
}

/// What [`write_patches`] did.
#[derive(Debug)]
pub struct PatchesWritten {
    pub count: usize,
    /// Origins not written because they overlap a patch to avoid.
    pub skipped: Vec<SkippedPatch>,
}

/// Cuts the fully classified patches of a tile raster (on `grid`, starting
/// at the tile's corner) and writes each with its label file; returns how
/// many were written and which were skipped as overlapping `out.avoid`.
pub fn write_patches(
    out: &PatchOutput,
    raster: &Raster,
    grid: &Grid,
) -> Result<PatchesWritten, JobError> {
    let gr_dir = out.dir.join("ground_reference");
    let labels_dir = out.dir.join("labels");
    for d in [&gr_dir, &labels_dir] {
        std::fs::create_dir_all(d).map_err(|source| JobError::CreateFolder {
            path: d.clone(),
            source,
        })?;
    }
    let size = out.layout.size;
    let mut origins = patch_origins(raster.width, raster.height, size, out.layout.stride);
    let mut skipped = Vec::new();
    if let Some(avoid) = out.avoid {
        let split = split_origins(
            out.tile,
            &origins,
            size as u32,
            &avoid.existing,
            &avoid.settings,
            &GdalReprojector,
        );
        origins = split.keep;
        skipped = split.skipped;
    }
    let written: Result<Vec<usize>, JobError> = origins
        .par_iter()
        .map(|&(x, y)| {
            let Some(p) = cut_patch(raster, x, y, size) else {
                return Ok(0);
            };
            let key = PatchKey {
                tile: out.tile,
                x: x as u32,
                y: y as u32,
            };
            let gr = gr_dir.join(key.file_name(FileKind::GroundReference, ""));
            let label = labels_dir.join(key.file_name(FileKind::Label, ""));
            if let Some(f) = [&gr, &label].into_iter().find(|f| f.exists() && !out.force) {
                return Err(JobError::Exists(f.to_path_buf()));
            }
            let patch_grid = Grid {
                ulx: grid.ulx + x as f64 * grid.pixel_size,
                uly: grid.uly - y as f64 * grid.pixel_size,
                width: size,
                height: size,
                ..*grid
            };
            let options = WriteOptions {
                overwrite: out.force,
                nodata: Some(0.0),
            };
            geotiff::write_u8_styled(&gr, &p.raster, &patch_grid, out.wkt, options, out.styling)?;
            let names = |dates: &[String], kind| -> Vec<String> {
                dates.iter().map(|d| key.file_name(kind, d)).collect()
            };
            let (s2, s1) = (
                names(out.s2_dates, FileKind::S2),
                names(out.s1_dates, FileKind::S1),
            );
            crate::io::label_file::write(&label, &s2, &s1, out.wkt, &p.labels).map_err(
                |source| JobError::WriteLabel {
                    path: label.clone(),
                    source,
                },
            )?;
            Ok(1)
        })
        .collect();
    Ok(PatchesWritten {
        count: written?.into_iter().sum(),
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mmu_accepts_pixels_and_hectares() {
        assert_eq!(parse_mmu("250", 10.0).unwrap(), 250);
        assert_eq!(parse_mmu("250px", 10.0).unwrap(), 250);
        assert_eq!(parse_mmu("2.5ha", 10.0).unwrap(), 250);
        assert_eq!(parse_mmu("1 ha", 10.0).unwrap(), 100);
        assert!(parse_mmu("big", 10.0).is_err());
        assert!(parse_mmu("-1ha", 10.0).is_err());
        assert!(parse_mmu("NaNha", 10.0).is_err());
        assert_eq!(parse_closing("5x3").unwrap(), (5, 3));
        assert!(parse_closing("4x4").is_err());
        assert!(parse_closing("3").is_err());
    }

    #[test]
    fn road_classes_of_the_bundled_profile() {
        let roads = &GeneralizeConfig::bundled().roads;
        assert_eq!(road_buffer("1", roads, (30.0, 10.0)), Some(30.0));
        assert_eq!(road_buffer("2", roads, (30.0, 10.0)), Some(10.0));
        assert_eq!(road_buffer("2", roads, (30.0, 12.5)), Some(12.5));
        assert_eq!(road_buffer("5", roads, (30.0, 10.0)), None);
        assert_eq!(road_buffer("", roads, (30.0, 10.0)), None);
    }

    /// The two readings of a buffer, measured on a long straight road at a
    /// slight angle (so that pixel centres sample every offset): burned
    /// area / length is the corridor's width.
    #[test]
    fn buffer_modes_give_corridors_of_the_documented_widths() {
        use super::super::burn_roads::burn_roads;
        use geo_types::line_string;
        let grid = Grid {
            ulx: 0.0,
            uly: 4000.0,
            pixel_size: 10.0,
            width: 400,
            height: 400,
        };
        // From (0, 1000) to (4000, 1370): slope 0.0925.
        let (dx, dy) = (4000.0f64, 370.0f64);
        let road = line_string![(x: 0.0, y: 1000.0), (x: dx, y: 1000.0 + dy)];
        for (mode, value, expected) in [
            (BufferMode::Width, 30.0, 30.0),
            (BufferMode::Distance, 30.0, 60.0),
            (BufferMode::Width, 10.0, 10.0),
            (BufferMode::Distance, 10.0, 20.0),
        ] {
            let line = RoadLine {
                geometry: road.clone(),
                buffer_m: mode.each_side(value),
            };
            let (out, _) = burn_roads(&Raster::filled(400, 400, 6), &grid, &[line]);
            // Columns 50..350: away from the round ends.
            let burned = (0..400)
                .flat_map(|y| (50..350).map(move |x| (x, y)))
                .filter(|&(x, y)| out.get(x, y) == 5)
                .count() as f64;
            let length = 300.0 * 10.0 * (dx * dx + dy * dy).sqrt() / dx;
            let width = burned * 100.0 / length;
            assert!(
                (width - expected).abs() < 0.5,
                "{mode:?} {value} m: corridor {width:.2} m wide, expected {expected}"
            );
        }
    }

    #[test]
    fn steps_and_target_grid() {
        let all = parse_steps(&["all".into()]).unwrap();
        assert_eq!(all, Step::ALL.to_vec());
        assert!(matches!(
            parse_steps(&["smooth".into()]),
            Err(JobError::UnknownStep(s)) if s == "smooth"
        ));
        let tile = TileCode::parse("31UGQ").unwrap();
        let (grid, _) = tile_grid(&tile, 10.0).unwrap();
        assert_eq!(
            (grid.width, grid.height, grid.pixel_size),
            (10_980, 10_980, 10.0)
        );
        let (coarse, _) = tile_grid(&tile, 20.0).unwrap();
        assert_eq!(coarse.width, 5_490);
        let ocean = TileCode::parse("31UAA").unwrap();
        assert!(matches!(
            tile_grid(&ocean, 10.0),
            Err(JobError::TileNotInGrid(_))
        ));
    }

    #[test]
    fn inconsistent_jobs_are_refused_before_any_work() {
        let config = GeneralizeConfig::bundled();
        let layout = PatchLayout::of(&crate::profile::LoadedProfile::default_profile().profile);
        let run = |job: Job| run(&job, &config, &layout, &mut |_| {}).unwrap_err();
        let all = vec!["all".to_string()];
        let job = Job {
            steps: all.clone(),
            output: Some("out.tif".into()),
            ..Job::default()
        };
        assert!(matches!(run(job.clone()), JobError::NoSource));
        let from = Job {
            from: Some("x.tif".into()),
            ..job.clone()
        };
        assert!(matches!(run(from), JobError::FromWithRasterize));
        let nothing = Job {
            source: Some("lc.gpkg".into()),
            output: None,
            ..job.clone()
        };
        assert!(matches!(run(nothing), JobError::NothingToWrite));
        let no_grid = Job {
            source: Some("lc.gpkg".into()),
            ..job
        };
        assert!(matches!(run(no_grid), JobError::NoTargetGrid));
    }

    /// Patches on a small tile-like grid: the profile's size and stride
    /// are used, names and label files come from the model's formatter and
    /// writer, patches with empty pixels are skipped.
    #[test]
    fn patches_follow_the_layout() {
        let dir = tempfile::tempdir().unwrap();
        let layout = PatchLayout {
            size: 4,
            stride: 5,
            pixel_size: 10.0,
        };
        let mut raster = Raster::filled(14, 9, 6);
        raster.data[5 * 14 + 1] = 0; // in patch (0, 5)
        raster.data[2] = 9; // in patch (0, 0)
        let grid = Grid {
            ulx: 699_960.0,
            uly: 5_500_020.0,
            pixel_size: 10.0,
            width: 14,
            height: 9,
        };
        let (s2, s1) = (vec!["20200325".to_string()], vec!["20200106".to_string()]);
        let wkt = vector::srs_from_epsg(32631).unwrap().to_wkt().unwrap();
        let out = PatchOutput {
            dir: dir.path(),
            tile: TileCode::parse("31UGQ").unwrap(),
            layout: &layout,
            wkt: &wkt,
            s2_dates: &s2,
            s1_dates: &s1,
            force: false,
            avoid: None,
            styling: &Styling {
                symbology: Symbology::Classes(Vec::new()),
                overviews: false,
                cog: false,
                qml: false,
            },
        };
        // Origins (0,0), (5,0), (10,0), (0,5), (5,5), (10,5); (0,5) is not
        // fully classified.
        assert_eq!(write_patches(&out, &raster, &grid).unwrap().count, 5);
        let label = dir.path().join("labels/31UGQ_0_0.json");
        let (parsed, problems) = crate::model::LabelFile::parse(&std::fs::read(&label).unwrap());
        assert!(problems.is_empty(), "{problems:?}");
        let parsed = parsed.unwrap();
        assert_eq!(parsed.labels, Some(vec!["6".to_string(), "9".to_string()]));
        assert_eq!(parsed.s2, vec!["31UGQ_20200325_S2_0_0.tif".to_string()]);
        assert!(dir
            .path()
            .join("ground_reference/31UGQ_GR_10_5.tif")
            .exists());
        assert!(!dir
            .path()
            .join("ground_reference/31UGQ_GR_0_5.tif")
            .exists());
        let written =
            geotiff::read_u8(&dir.path().join("ground_reference/31UGQ_GR_5_0.tif")).unwrap();
        assert_eq!((written.grid.ulx, written.grid.width), (700_010.0, 4));
        assert!(matches!(
            write_patches(&out, &raster, &grid),
            Err(JobError::Exists(_))
        ));
    }
}
