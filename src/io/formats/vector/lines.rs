//! Reading the lines of a roads or railways layer, reprojected.

use std::path::Path;

use gdal::spatial_ref::SpatialRef;
use gdal::vector::{geometry_type_flatten, Geometry, LayerAccess, OGRwkbGeometryType};
use geo_types::{Coord, LineString};

use super::layer::{
    field_index, filter_to, open, pick_layer, transform_all, transform_for, VectorError,
};

/// A line read from a roads or railways layer, reprojected.
#[derive(Clone, Debug)]
pub struct SourceLine {
    /// The importance field's value ("" for railways).
    pub importance: String,
    pub geometry: LineString<f64>,
}

/// Reads every line of a layer (`layer` "" = first layer), with the value of
/// `importance_field` ("" = none), reprojected to `target`. A missing named
/// layer is `Ok(None)` when `optional`.
pub fn read_lines(
    path: &Path,
    layer: &str,
    importance_field: &str,
    target: &SpatialRef,
    bounds: Option<[f64; 4]>,
    optional: bool,
) -> Result<Option<Vec<SourceLine>>, VectorError> {
    let ds = open(path)?;
    let mut lyr = match pick_layer(&ds, path, layer) {
        Ok(l) => l,
        Err(VectorError::NoSuchLayer { .. }) if optional => return Ok(None),
        Err(e) => return Err(e),
    };
    let name = lyr.name();
    // A layer declared as points or polygons is refused wherever its
    // features lie: roads burnt from polygons would burn nothing, silently.
    let declared = geometry_type_flatten(lyr.defn().geometry_type());
    let lines = [
        OGRwkbGeometryType::wkbLineString,
        OGRwkbGeometryType::wkbMultiLineString,
    ];
    let unknown = [
        OGRwkbGeometryType::wkbUnknown,
        OGRwkbGeometryType::wkbGeometryCollection,
        OGRwkbGeometryType::wkbNone,
    ];
    let not_lines = |found: OGRwkbGeometryType::Type| VectorError::NotLines {
        path: path.to_path_buf(),
        layer: name.clone(),
        found: gdal::vector::geometry_type_to_name(found),
    };
    if !lines.contains(&declared) && !unknown.contains(&declared) {
        return Err(not_lines(declared));
    }
    let idx = if importance_field.is_empty() {
        None
    } else {
        Some(field_index(
            &lyr,
            path,
            importance_field,
            "the road importance, [roads] importance_field",
        )?)
    };
    let transform = transform_for(&lyr, path, target)?;
    if let Some(b) = bounds {
        filter_to(&mut lyr, target, b);
    }
    let mut values = Vec::new();
    let mut counts = Vec::new();
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    let mut buf = Vec::new();
    let mut other_kind = None;
    for f in lyr.features() {
        let importance = idx
            .and_then(|i| f.field_as_string(i).ok().flatten())
            .unwrap_or_default();
        let Some(g) = f.geometry() else { continue };
        let mut push = |g: &Geometry| {
            buf.clear();
            g.get_points(&mut buf);
            if buf.is_empty() {
                return;
            }
            counts.push(buf.len());
            values.push(importance.clone());
            for p in buf.iter() {
                xs.push(p.0);
                ys.push(p.1);
            }
        };
        let ty = geometry_type_flatten(g.geometry_type());
        if ty == OGRwkbGeometryType::wkbLineString {
            push(g);
        } else if ty == OGRwkbGeometryType::wkbMultiLineString {
            for i in 0..g.geometry_count() {
                push(&g.get_geometry(i));
            }
        } else if other_kind.is_none() {
            other_kind = Some(ty);
        }
    }
    // A layer of undeclared type whose features are none of them lines.
    if let (true, Some(found)) = (counts.is_empty(), other_kind) {
        return Err(VectorError::NotLines {
            path: path.to_path_buf(),
            layer: name,
            found: format!("{} only", gdal::vector::geometry_type_to_name(found)),
        });
    }
    transform_all(&transform, &mut xs, &mut ys, path, &name)?;
    let mut at = 0;
    let mut lines = Vec::with_capacity(counts.len());
    for (n, importance) in counts.into_iter().zip(values) {
        let coords = (at..at + n).map(|i| Coord { x: xs[i], y: ys[i] }).collect();
        at += n;
        lines.push(SourceLine {
            importance,
            geometry: LineString(coords),
        });
    }
    Ok(Some(lines))
}
