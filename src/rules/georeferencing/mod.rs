//! Georeferencing: CRS, pixel size, origin and agreement inside a patch.

pub mod label_projection_mismatch;
pub mod misplaced_origin;
pub mod missing_crs;
pub mod triplet_georeferencing_mismatch;
pub mod wrong_pixel_size;
pub mod wrong_utm_zone;

use crate::io::formats::crs::Crs;
use crate::model::FileKind;

/// What the georeferencing rules know of one raster of a patch.
#[derive(Clone, Debug)]
pub(crate) struct Georef {
    pub path: Box<str>,
    pub kind: FileKind,
    pub crs: Option<Crs>,
    pub geo_transform: Option<[f64; 6]>,
}
