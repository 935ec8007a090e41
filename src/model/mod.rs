//! The dataset model: what a MultiSenGE-style dataset is made of.
//!
//! * [`tile`]: Sentinel-2 (MGRS) tile codes;
//! * [`grid`]: the official Sentinel-2 tiling grid (tile origins and zones);
//! * [`naming`]: the four file nomenclatures and calendar dates;
//! * [`calendar`]: day arithmetic, periods and months of a temporal selection;
//! * [`label_file`]: the per-patch label file, in its published format;
//! * [`dataset`]: the folders of a dataset on disk and the index of its patches.

pub mod calendar;
pub mod dataset;
pub mod footprint;
pub mod grid;
pub mod label_file;
pub mod naming;
pub mod tile;

pub use dataset::{Dataset, DatasetFile, FolderKind, Mode};
pub use label_file::LabelFile;
pub use naming::{FileKind, NameParts, PatchKey};
pub use tile::TileCode;
