//! What the files hold, read and written through GDAL: raster headers and
//! pixels, multi-band stacks (headers, windows, described stacks written,
//! for `triplets`), the TIFF directory, GeoTIFF, vector layers (land cover, roads,
//! findings, footprints), CRS, class symbology, the QGIS styles stored in
//! GeoPackages; and label files.

pub mod arrow_layer;
pub mod bands;
pub mod crs;
pub mod dataset;
pub mod findings_layer;
pub mod footprint_layer;
pub mod gdal_error;
pub mod geotiff;
pub mod label_file;
pub mod layer_styles;
pub mod raster;
pub mod reproject;
pub mod symbology;
pub mod tiff;
pub mod vector;
