//! I/O at the edges: reading and writing rasters and vectors through GDAL.
//! Algorithms and rules never open files themselves; they receive what these
//! modules read.

pub mod crs;
pub mod raster;
pub mod tiff;
