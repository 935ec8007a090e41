//! Why a `triplets` run could not run or finish.

use std::path::PathBuf;

use super::config::ConfigError;
use super::inputs::InputError;
use super::params::SettingsError;
use crate::io::formats::geotiff::RasterIoError;

#[derive(Debug, thiserror::Error)]
pub enum TripletsError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Profile(#[from] crate::profile::ProfileError),
    /// The tile is not in the tiling grid, or its CRS cannot be built.
    #[error("{0}")]
    Tile(String),
    /// A bad input: the file and what was expected.
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{}: exists{}; give --resume to complete an interrupted run, or --force to rewrite the tile's patches", path.display(), if *others > 0 { format!(" (and {others} other files of tile {tile})") } else { String::new() })]
    Exists {
        path: PathBuf,
        tile: String,
        others: usize,
    },
    #[error("{}: {why}", path.display())]
    OutputFolder { path: PathBuf, why: String },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: cannot read: {why}", path.display())]
    Read { path: PathBuf, why: String },
    #[error(transparent)]
    Raster(#[from] RasterIoError),
    #[error(transparent)]
    Memory(#[from] crate::io::safety::memory::MemoryError),
    /// An `--avoid` dataset that cannot be read.
    #[error(transparent)]
    Avoid(#[from] crate::footprints::AvoidError),
}

impl TripletsError {
    /// Whether the failure is the tool's rather than the input's: a read
    /// of a file whose header was fine, or a write that failed for
    /// another reason than a missing folder or an existing file.
    pub fn is_internal(&self) -> bool {
        match self {
            TripletsError::Write { source, .. } => !matches!(
                source.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::InvalidInput
            ),
            _ => false,
        }
    }
}
