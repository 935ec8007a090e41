//! The dataset seen as places: patch footprints on the ground, and the
//! pairs of patches whose footprints overlap (also across UTM zones).
//!
//! * [`overlap`]: the overlap pass (R-trees per 100 km cell, exact rectangle
//!   arithmetic inside a zone, reprojected outlines across zones, areas in an
//!   equal-area CRS);
//! * [`lattice`]: reprojection through a lattice of exactly reprojected
//!   points, so a million outlines cost a few hundred thousand PROJ calls;
//! * [`clip`]: plane polygon clipping, densification and area;
//! * [`footprints`]: every patch of a dataset with its footprint and what
//!   its label file says (the `footprints` command and `generalize --avoid`);
//! * [`avoid`]: which of a tile's new patches overlap existing ones.
//!
//! Reprojection is behind the [`Reproject`] trait; GDAL's implementation is
//! [`crate::io::formats::reproject::GdalReprojector`].

pub mod avoid;
pub mod clip;
pub mod footprints;
pub mod lattice;
pub mod overlap;

/// Why points could not be reprojected.
#[derive(Debug, thiserror::Error)]
pub enum SpatialError {
    #[error("cannot reproject from EPSG:{from} to EPSG:{to}: {reason}")]
    Reproject { from: u32, to: u32, reason: String },
}

/// Reprojects points between two CRS given by EPSG code, in place
/// (x = easting or longitude, y = northing or latitude).
pub trait Reproject: Sync {
    fn reproject(&self, from: u32, to: u32, points: &mut [[f64; 2]]) -> Result<(), SpatialError>;
}
