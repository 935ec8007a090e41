//! I/O at the edges: reading and writing rasters and vectors through GDAL.
//! Algorithms and rules never open files themselves; they receive what these
//! modules read.

pub mod arrow_layer;
pub mod atomic;
pub mod crs;
pub mod findings_layer;
pub mod footprint_layer;
pub mod gdal_error;
pub mod geotiff;
pub mod label_file;
pub mod label_folder;
pub mod layer_styles;
pub mod listing;
pub mod memory;
pub mod raster;
pub mod reproject;
pub mod s3_inventory;
pub mod special;
pub mod symbology;
pub mod tiff;
pub mod vector;
pub mod vfs;
pub mod worktree;
