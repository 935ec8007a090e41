//! Georeferencing: CRS, pixel size, origin and agreement inside a patch.

pub mod label_projection_mismatch;
pub mod misplaced_origin;
pub mod missing_crs;
pub mod triplet_georeferencing_mismatch;
pub mod wrong_pixel_size;
pub mod wrong_utm_zone;
