//! Why a generalization could not run or finish: one error for the whole
//! job, naming the option, file or value at fault.

use std::path::PathBuf;

use super::config::ConfigError;
use crate::io::formats::geotiff::RasterIoError;
use crate::io::formats::vector::VectorError;
use crate::model::TileCode;

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
    #[error("--tiles: tile {0} is given twice")]
    TileTwice(String),
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
    Memory(#[from] crate::io::safety::memory::MemoryError),
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
    #[error("{}", crate::io::formats::gdal_error::sentence(.0))]
    Gdal(#[from] gdal::errors::GdalError),
}

impl JobError {
    /// Whether the failure is the tool's, not the user's input.
    pub fn is_internal(&self) -> bool {
        matches!(self, JobError::Gdal(_))
    }
}
