//! Building a region (`multisenge triplets`): Sentinel-2 and Sentinel-1
//! time series and the ground reference cut into triplets, as §2.2, §2.3
//! and §3.2 of the paper describe, with their label files.
//!
//! Pure decisions, one file each:
//!
//! * [`names`]: the inputs' file names (THEIA products, S1-Tiling
//!   outputs, dated plain GeoTIFFs);
//! * [`metadata`]: a THEIA product's `MTD_ALL.xml` (tile, date, cloud cover);
//! * [`patches`]: which patches of the tile, by strips of patch rows;
//! * [`resample`]: the 20 m bands on the 10 m grid, cubic (GDAL's exactly);
//! * [`stack`]: 10 m and 20 m bands, Sentinel-1 units;
//! * [`select`]: which dates a patch keeps (coverage, clouds, two
//!   acquisitions on one day, minimum of dates).
//!
//! Parameters and profile: [`params`] (every option, in one place),
//! [`config`] (the triplets profile, `validators/triplets-paper.toml`).
//! I/O at the edges: [`inputs`] finds and checks the inputs from their
//! headers (against the tile's [`grid`]), [`look`] reads an acquisition over a strip and counts what
//! each patch sees, [`strip`] decides and writes a strip's patches,
//! [`job`] is a whole run, [`report`] its summary. See docs/triplets.md.

// Pixel loops read better with explicit indices.
#![allow(clippy::needless_range_loop)]

pub mod config;
pub mod error;
pub mod grid;
pub mod inputs;
pub mod job;
pub mod look;
pub mod metadata;
pub mod names;
pub mod params;
pub mod patches;
pub mod report;
pub mod resample;
pub mod select;
pub mod stack;
pub mod strip;

pub use error::TripletsError;
pub use params::TripletsJob;
