//! Reference generalization: from a vector land-cover layer to the 10 m
//! ground reference, in six steps, each a pure function over in-memory
//! rasters and geometries (one file each):
//!
//! 1. [`rasterize`]: polygons → class raster (pixel-centre or majority rule);
//! 2. [`remove_small_regions`]: per-class connected regions below the MMU
//!    become empty;
//! 3. [`fill`]: empty pixels inside the source's coverage take the
//!    inverse-distance-weighted vote of their k nearest labelled pixels;
//! 4. [`close`]: morphological closing of every class with a rectangle;
//! 5. [`burn_roads`]: buffered road and railway lines burned as class 5;
//! 6. [`patchify`]: 256 × 256 patches on the 257-pixel grid with their labels.
//!
//! [`pipeline`] chains the steps; a whole run of `multisenge generalize`
//! is what it asks for ([`request`]), its inputs ([`inputs`]: target grid,
//! land cover, roads), its outputs ([`outputs`]: checked before any work,
//! patches written), and the run itself ([`job`]; [`tiles`] for several
//! tiles reading the inputs once).
//!
//! Reading and writing files is done by [`crate::io`]; the configuration
//! (mapping table, road fields, defaults) by [`config`].

// Pixel loops read better with explicit indices.
#![allow(clippy::needless_range_loop)]

pub mod burn_roads;
pub mod close;
pub mod config;
pub mod coverage;
pub mod error;
pub mod fill;
pub mod inputs;
pub mod job;
pub mod limits;
pub mod network;
pub mod outputs;
pub mod patchify;
pub mod pipeline;
pub mod progress;
pub mod rasterize;
pub mod remove_small_regions;
pub mod request;
pub mod tiles;

/// Value of an empty (unlabelled) pixel inside the source's coverage: left
/// blank by step 1 or emptied by step 2, filled by step 3. Classes are 1–14.
pub const EMPTY: u8 = 0;

/// Value, between the steps, of a pixel outside the source's coverage (no
/// source polygon covers it, see [`coverage`]): no step gives it a class
/// unless asked to (`fill_beyond_coverage`, `burn_outside_coverage`). The
/// kept intermediate rasters hold it, so that a run `--from` one of them
/// knows the coverage; the output raster and the patches hold
/// [`EMPTY`] (their nodata value) instead.
pub const OUTSIDE: u8 = 255;

/// Class value of roads and railways ("Large scale networks").
pub const NETWORK_CLASS: u8 = 5;

/// The raster types live at the bottom of the crate; re-exported here, where
/// the generalization steps take them.
pub use crate::raster::{Grid, Raster};
