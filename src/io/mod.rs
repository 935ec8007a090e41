//! I/O at the edges: reading and writing rasters and vectors through GDAL.
//! Algorithms and rules never open files themselves; they receive what these
//! modules read. Three rooms, each using only those before it:
//!
//! * [`safety`]: how outputs are written without harm (atomic writes,
//!   special files, work-tree paths, the memory budget);
//! * [`storage`]: where a dataset's files are (the local file system or
//!   object storage through GDAL's VSI), its listings and S3 Inventory
//!   reports;
//! * [`formats`]: what the files hold, through GDAL (raster headers and
//!   pixels, the TIFF directory, GeoTIFF, vectors, CRS, symbology, the
//!   findings and footprint layers, label files).

pub mod formats;
pub mod safety;
pub mod storage;
