//! Comparison of a generalized raster with its vector source: pure functions
//! over in-memory polygons and rasters.
//!
//! * [`coverage`]: confusion matrix by supersampling, lost polygons and the
//!   per-pixel disagreement;
//! * [`metrics`]: overall accuracy, kappa, per-class precision, recall, F1,
//!   IoU and weighted F1 from a confusion matrix;
//! * [`quicklook`]: an RGB picture in the class colours;
//! * [`report`]: the text and JSON reports;
//! * [`job`]: a whole run of `multisenge compare` (reads, outputs).

// Pixel loops read better with explicit indices.
#![allow(clippy::needless_range_loop)]

pub mod coverage;
pub mod job;
pub mod metrics;
pub mod quicklook;
pub mod report;
