//! Reprojection of points through GDAL's coordinate transformation (PROJ 9
//! underneath): the [`Reproject`] implementation the overlap pass uses.
//! Transformations are built once per thread and CRS pair: building one
//! costs far more than transforming a few hundred points.

use std::cell::RefCell;
use std::collections::HashMap;

use gdal::spatial_ref::CoordTransform;

use crate::spatial::{Reproject, SpatialError};

/// Reprojects with GDAL (`OCTTransform`), easting/northing (longitude/
/// latitude) axis order.
#[derive(Clone, Copy, Debug, Default)]
pub struct GdalReprojector;

thread_local! {
    static TRANSFORMS: RefCell<HashMap<(u32, u32), Option<CoordTransform>>> =
        RefCell::new(HashMap::new());
}

impl Reproject for GdalReprojector {
    fn reproject(&self, from: u32, to: u32, points: &mut [[f64; 2]]) -> Result<(), SpatialError> {
        if from == to || points.is_empty() {
            return Ok(());
        }
        let fail = |reason: String| SpatialError::Reproject { from, to, reason };
        TRANSFORMS.with(|cache| {
            let mut cache = cache.borrow_mut();
            let transform = cache.entry((from, to)).or_insert_with(|| {
                crate::io::storage::vfs::configure();
                let src = crate::io::formats::vector::srs_from_epsg(from).ok()?;
                let dst = crate::io::formats::vector::srs_from_epsg(to).ok()?;
                CoordTransform::new(&src, &dst).ok()
            });
            let transform = transform
                .as_ref()
                .ok_or_else(|| fail("no such CRS or no transformation between them".into()))?;
            let mut xs: Vec<f64> = points.iter().map(|p| p[0]).collect();
            let mut ys: Vec<f64> = points.iter().map(|p| p[1]).collect();
            transform
                .transform_coords(&mut xs, &mut ys, &mut [])
                .map_err(|e| fail(crate::io::formats::gdal_error::sentence(&e)))?;
            for (p, (x, y)) in points.iter_mut().zip(xs.into_iter().zip(ys)) {
                if !x.is_finite() || !y.is_finite() {
                    return Err(fail("a point falls outside the target CRS".into()));
                }
                *p = [x, y];
            }
            Ok(())
        })
    }
}
