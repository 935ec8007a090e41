//! Opening a vector layer through OGR (special files refused, failures
//! named), its fields, its CRS and the transformation of its coordinates
//! to a target CRS (GDAL's, in easting/northing order).

use std::path::{Path, PathBuf};

use gdal::spatial_ref::{AxisMappingStrategy, CoordTransform, SpatialRef};
use gdal::vector::{Layer, LayerAccess};
use gdal::Dataset;

/// A vector input problem: the file and what was expected.
#[derive(Debug, thiserror::Error)]
pub enum VectorError {
    #[error("{path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error("{path}: no layer named `{layer}` (layers: {available})")]
    NoSuchLayer {
        path: PathBuf,
        layer: String,
        available: String,
    },
    #[error("{path}: has no layer")]
    NoLayer { path: PathBuf },
    #[error("{path}: no layer {index} (layers, from 0: {available})")]
    NoLayerIndex {
        path: PathBuf,
        index: usize,
        available: String,
    },
    #[error("{path}, layer `{layer}`: no field `{field}` ({what}); fields are: {available}")]
    MissingField {
        path: PathBuf,
        layer: String,
        field: String,
        what: String,
        available: String,
    },
    #[error("{path}, layer `{layer}`: the layer is empty (no feature)")]
    EmptyLayer { path: PathBuf, layer: String },
    #[error("{path}, layer `{layer}`: no CRS is declared; declare the source's CRS (e.g. `ogr2ogr -a_srs EPSG:2154 out.gpkg in.shp`)")]
    NoCrs { path: PathBuf, layer: String },
    #[error("{what}: {message}")]
    Crs { what: String, message: String },
    #[error("{path}, layer `{layer}`: expected polygons (land-cover areas), found {found} only; name the polygon layer in the profile's [source] layer")]
    NotPolygons {
        path: PathBuf,
        layer: String,
        /// The geometry type met first (`Point`, `Line String`), or `no
        /// geometry`.
        found: String,
    },
    #[error("{path}, layer `{layer}`: expected lines (roads or railways), found {found}; name the line layer with FILE|layername=NAME or in the profile's [roads]")]
    NotLines {
        path: PathBuf,
        layer: String,
        /// The geometry type declared or met (`Multi Polygon`).
        found: String,
    },
    #[error("{path}, layer `{layer}`: {message}")]
    Other {
        path: PathBuf,
        layer: String,
        message: String,
    },
}

pub(super) fn open(path: &Path) -> Result<Dataset, VectorError> {
    crate::io::safety::special::ensure_not_special(path).map_err(|e| VectorError::Open {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    crate::io::formats::dataset::open(path).map_err(|e| VectorError::Open {
        path: path.to_path_buf(),
        message: crate::io::formats::gdal_error::open_failure(path, "vector dataset", &e),
    })
}

pub(super) fn layer_names(ds: &Dataset) -> String {
    ds.layers().map(|l| l.name()).collect::<Vec<_>>().join(", ")
}

pub(super) fn pick_layer<'a>(
    ds: &'a Dataset,
    path: &Path,
    name: &str,
) -> Result<Layer<'a>, VectorError> {
    if name.is_empty() {
        ds.layer(0).map_err(|_| VectorError::NoLayer {
            path: path.to_path_buf(),
        })
    } else {
        ds.layer_by_name(name)
            .map_err(|_| VectorError::NoSuchLayer {
                path: path.to_path_buf(),
                layer: name.to_string(),
                available: layer_names(ds),
            })
    }
}

/// Which layer of a vector dataset to read: OGR's and QGIS's
/// `PATH|layername=NAME` or `PATH|layerid=N` (N from 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayerRef {
    Name(String),
    Index(usize),
}

/// The name of the layer `layer` picks in the vector dataset at `path`,
/// checked to be there.
pub fn layer_name(path: &Path, layer: &LayerRef) -> Result<String, VectorError> {
    let ds = open(path)?;
    match layer {
        LayerRef::Name(name) => pick_layer(&ds, path, name).map(|l| l.name()),
        LayerRef::Index(index) => {
            ds.layer(*index)
                .map(|l| l.name())
                .map_err(|_| VectorError::NoLayerIndex {
                    path: path.to_path_buf(),
                    index: *index,
                    available: layer_names(&ds),
                })
        }
    }
}

/// `SpatialRef` from an EPSG code, in easting/northing (longitude/latitude) order.
pub fn srs_from_epsg(epsg: u32) -> Result<SpatialRef, VectorError> {
    let mut s = SpatialRef::from_epsg(epsg).map_err(|e| VectorError::Crs {
        what: format!("EPSG:{epsg}"),
        message: crate::io::formats::gdal_error::sentence(&e),
    })?;
    s.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    Ok(s)
}

/// `SpatialRef` from the WKT of the raster `path`, in easting/northing
/// order (the order of the coordinates the rasters and vectors share).
pub fn srs_from_wkt(wkt: &str, path: &Path) -> Result<SpatialRef, VectorError> {
    let mut s = SpatialRef::from_wkt(wkt).map_err(|e| VectorError::Crs {
        what: format!("{}: CRS", path.display()),
        message: crate::io::formats::gdal_error::sentence(&e),
    })?;
    s.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    Ok(s)
}

/// The layer's CRS and the target's, as WKT, when they differ (None when
/// equal); checks that a transformation exists.
pub(super) fn transform_for(
    layer: &Layer,
    path: &Path,
    target: &SpatialRef,
) -> Result<Option<(String, String)>, VectorError> {
    let mut src = layer.spatial_ref().ok_or_else(|| VectorError::NoCrs {
        path: path.to_path_buf(),
        layer: layer.name(),
    })?;
    src.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    if src == *target {
        return Ok(None);
    }
    let other = |message: String| VectorError::Other {
        path: path.to_path_buf(),
        layer: layer.name(),
        message,
    };
    CoordTransform::new(&src, target).map_err(|e| {
        other(format!(
            "cannot transform from the layer's CRS to the target CRS: {e}"
        ))
    })?;
    let wkt = |s: &SpatialRef| s.to_wkt().map_err(|e| other(format!("CRS as WKT: {e}")));
    Ok(Some((wkt(&src)?, wkt(target)?)))
}

/// The rectangle, in the layer's CRS, of the features that may reach
/// `bounds` (target CRS); `None` when it cannot be computed (all are read).
pub(super) fn source_rect(
    layer: &Layer,
    target: &SpatialRef,
    bounds: [f64; 4],
) -> Option<[f64; 4]> {
    let mut src = layer.spatial_ref()?;
    src.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let back = CoordTransform::new(target, &src).ok()?;
    back.transform_bounds(&bounds, 21).ok()
}

/// Restricts reading to features that may reach `bounds` (target CRS).
pub(super) fn filter_to(layer: &mut Layer, target: &SpatialRef, bounds: [f64; 4]) {
    if let Some(b) = source_rect(layer, target, bounds) {
        layer.set_spatial_filter_rect(b[0], b[1], b[2], b[3]);
    }
}

pub(super) fn field_index(
    layer: &Layer,
    path: &Path,
    field: &str,
    what: &str,
) -> Result<usize, VectorError> {
    layer
        .defn()
        .field_index(field)
        .map_err(|_| VectorError::MissingField {
            path: path.to_path_buf(),
            layer: layer.name(),
            field: field.to_string(),
            what: what.to_string(),
            available: layer
                .defn()
                .fields()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

pub(super) fn transform_all(
    t: &Option<(String, String)>,
    xs: &mut [f64],
    ys: &mut [f64],
    path: &Path,
    layer: &str,
) -> Result<(), VectorError> {
    use rayon::prelude::*;
    let Some((src, dst)) = t else { return Ok(()) };
    let err = |e: gdal::errors::GdalError| VectorError::Other {
        path: path.to_path_buf(),
        layer: layer.to_string(),
        message: format!(
            "coordinate transformation failed: {}",
            crate::io::formats::gdal_error::sentence(&e)
        ),
    };
    // GDAL's transformation objects are not shared between threads: each
    // chunk builds its own from the two CRSs.
    const CHUNK: usize = 1 << 18;
    xs.par_chunks_mut(CHUNK)
        .zip(ys.par_chunks_mut(CHUNK))
        .try_for_each(|(cx, cy)| {
            let mut s = SpatialRef::from_wkt(src).map_err(err)?;
            let mut d = SpatialRef::from_wkt(dst).map_err(err)?;
            s.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
            d.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
            let t = CoordTransform::new(&s, &d).map_err(err)?;
            let mut z = vec![0.0; cx.len()];
            t.transform_coords(cx, cy, &mut z).map_err(err)
        })
}

/// Transforms points from `from` to `to` in place (easting/northing order),
/// as the layers are reprojected when read. `what` names them in errors.
pub fn transform_points(
    from: &SpatialRef,
    to: &SpatialRef,
    xs: &mut [f64],
    ys: &mut [f64],
    what: &Path,
) -> Result<(), VectorError> {
    let other = |message: String| VectorError::Other {
        path: what.to_path_buf(),
        layer: String::new(),
        message,
    };
    let wkt = |s: &SpatialRef| s.to_wkt().map_err(|e| other(format!("CRS as WKT: {e}")));
    let t = Some((wkt(from)?, wkt(to)?));
    transform_all(&t, xs, ys, what, "")
}

/// The extent, in `to`, of the extent `bounds` (xmin, ymin, xmax, ymax) of
/// `from` (its edges densified, so the result holds the whole extent).
pub fn bounds_in(
    bounds: [f64; 4],
    from: &SpatialRef,
    to: &SpatialRef,
) -> Result<[f64; 4], gdal::errors::GdalError> {
    let mut f = from.clone();
    let mut t = to.clone();
    f.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    t.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    CoordTransform::new(&f, &t)?.transform_bounds(&bounds, 21)
}
