//! Reading land-cover polygons and road lines through GDAL/OGR, reprojected
//! to a target CRS with GDAL's coordinate transformation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gdal::spatial_ref::{AxisMappingStrategy, CoordTransform, SpatialRef};
use gdal::vector::{geometry_type_flatten, Geometry, Layer, LayerAccess, OGRwkbGeometryType};
use gdal::Dataset;
use geo_types::{Coord, LineString, MultiPolygon, Polygon};

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
    #[error("{path}, layer `{layer}`: {message}")]
    Other {
        path: PathBuf,
        layer: String,
        message: String,
    },
}

/// A land-cover polygon, reprojected, with its class.
#[derive(Clone, Debug)]
pub struct SourcePolygon {
    /// Id field value (or OGR feature id).
    pub id: i64,
    pub class: u8,
    pub geometry: MultiPolygon<f64>,
}

/// Features whose code pair is not in the mapping table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Unmapped {
    pub count: u64,
    /// The first ids met (at most 10).
    pub ids: Vec<i64>,
}

/// What was read from the land-cover layer.
#[derive(Clone, Debug, Default)]
pub struct LandCover {
    pub polygons: Vec<SourcePolygon>,
    /// (cover, usage) → unmapped features.
    pub unmapped: BTreeMap<(String, String), Unmapped>,
    /// Features without a polygon geometry (null, points, lines).
    pub skipped_non_polygon: u64,
    /// Features whose codes map to class 0: left blank on purpose.
    pub left_blank: u64,
    pub layer: String,
    pub features_read: u64,
}

/// A line read from a roads or railways layer, reprojected.
#[derive(Clone, Debug)]
pub struct SourceLine {
    /// The importance field's value ("" for railways).
    pub importance: String,
    pub geometry: LineString<f64>,
}

fn open(path: &Path) -> Result<Dataset, VectorError> {
    super::special::ensure_not_special(path).map_err(|e| VectorError::Open {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    Dataset::open(path).map_err(|e| VectorError::Open {
        path: path.to_path_buf(),
        message: super::gdal_error::open_failure(path, "vector dataset", &e),
    })
}

fn layer_names(ds: &Dataset) -> String {
    ds.layers().map(|l| l.name()).collect::<Vec<_>>().join(", ")
}

fn pick_layer<'a>(ds: &'a Dataset, path: &Path, name: &str) -> Result<Layer<'a>, VectorError> {
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

/// `SpatialRef` from an EPSG code, in easting/northing (longitude/latitude) order.
pub fn srs_from_epsg(epsg: u32) -> Result<SpatialRef, VectorError> {
    let mut s = SpatialRef::from_epsg(epsg).map_err(|e| VectorError::Crs {
        what: format!("EPSG:{epsg}"),
        message: e.to_string(),
    })?;
    s.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    Ok(s)
}

/// `SpatialRef` from the WKT of the raster `path`, in easting/northing
/// order (the order of the coordinates the rasters and vectors share).
pub fn srs_from_wkt(wkt: &str, path: &Path) -> Result<SpatialRef, VectorError> {
    let mut s = SpatialRef::from_wkt(wkt).map_err(|e| VectorError::Crs {
        what: format!("{}: CRS", path.display()),
        message: e.to_string(),
    })?;
    s.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    Ok(s)
}

/// The layer's CRS and the target's, as WKT, when they differ (None when
/// equal); checks that a transformation exists.
fn transform_for(
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

/// Restricts reading to features that may reach `bounds` (target CRS).
fn filter_to(layer: &mut Layer, target: &SpatialRef, bounds: [f64; 4]) {
    let Some(mut src) = layer.spatial_ref() else {
        return;
    };
    src.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    if let Ok(back) = CoordTransform::new(target, &src) {
        if let Ok(b) = back.transform_bounds(&bounds, 21) {
            layer.set_spatial_filter_rect(b[0], b[1], b[2], b[3]);
        }
    }
}

fn field_index(layer: &Layer, path: &Path, field: &str, what: &str) -> Result<usize, VectorError> {
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

/// Rings of polygon parts, as point counts into a flat coordinate buffer.
struct Shape {
    id: i64,
    class: u8,
    /// Parts → rings → number of points.
    parts: Vec<Vec<usize>>,
}

fn collect_rings(
    g: &Geometry,
    parts: &mut Vec<Vec<usize>>,
    xs: &mut Vec<f64>,
    ys: &mut Vec<f64>,
    buf: &mut Vec<(f64, f64, f64)>,
) {
    let ty = geometry_type_flatten(g.geometry_type());
    if ty == OGRwkbGeometryType::wkbPolygon {
        let mut rings = Vec::with_capacity(g.geometry_count());
        for r in 0..g.geometry_count() {
            let ring = g.get_geometry(r);
            buf.clear();
            ring.get_points(buf);
            rings.push(buf.len());
            for p in buf.iter() {
                xs.push(p.0);
                ys.push(p.1);
            }
        }
        parts.push(rings);
    } else if ty == OGRwkbGeometryType::wkbMultiPolygon
        || ty == OGRwkbGeometryType::wkbGeometryCollection
    {
        for i in 0..g.geometry_count() {
            collect_rings(&g.get_geometry(i), parts, xs, ys, buf);
        }
    }
}

fn transform_all(
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
        message: format!("coordinate transformation failed: {e}"),
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

/// Where a land-cover layer's codes are: the layer and its fields (the
/// generalization profile's `[source]` section).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LandCoverFields {
    pub layer: String,
    pub cover_field: String,
    pub usage_field: String,
    pub id_field: String,
}

/// How a land-cover layer is read: where its codes are, and the class they
/// map to. Implemented by the generalization profile
/// (`generalize::config::GeneralizeConfig`), so that reading needs no
/// knowledge of the generalization.
pub trait LandCoverSchema {
    fn fields(&self) -> &LandCoverFields;
    /// The class of a feature's cover and usage codes; `None`: unmapped;
    /// `Some(0)`: left blank on purpose (not read).
    fn class_of(&self, cover: &str, usage: &str) -> Option<u8>;
}

/// Reads the land-cover layer named in `config`, maps every feature's codes
/// to a class, and reprojects polygons to `target`. With `bounds` (target
/// CRS: xmin, ymin, xmax, ymax), only features that may reach them are read.
pub fn read_land_cover(
    path: &Path,
    config: &impl LandCoverSchema,
    target: &SpatialRef,
    bounds: Option<[f64; 4]>,
) -> Result<LandCover, VectorError> {
    let ds = open(path)?;
    let mut layer = pick_layer(&ds, path, &config.fields().layer)?;
    let name = layer.name();
    let cover_idx = field_index(
        &layer,
        path,
        &config.fields().cover_field,
        "the cover code, [source] cover_field",
    )?;
    let usage_idx = if config.fields().usage_field.is_empty() {
        None
    } else {
        Some(field_index(
            &layer,
            path,
            &config.fields().usage_field,
            "the usage code, [source] usage_field",
        )?)
    };
    let id_idx = if config.fields().id_field.is_empty() {
        None
    } else {
        Some(field_index(
            &layer,
            path,
            &config.fields().id_field,
            "the polygon id, [source] id_field",
        )?)
    };
    // A layer declared as points or lines is refused at once, wherever its
    // features lie (those outside the target grid are not read below).
    let declared = geometry_type_flatten(layer.defn().geometry_type());
    if [
        OGRwkbGeometryType::wkbPoint,
        OGRwkbGeometryType::wkbMultiPoint,
        OGRwkbGeometryType::wkbLineString,
        OGRwkbGeometryType::wkbMultiLineString,
    ]
    .contains(&declared)
    {
        return Err(VectorError::NotPolygons {
            path: path.to_path_buf(),
            layer: name,
            found: gdal::vector::geometry_type_to_name(declared),
        });
    }
    let transform = transform_for(&layer, path, target)?;
    if layer.feature_count() == 0 {
        return Err(VectorError::EmptyLayer {
            path: path.to_path_buf(),
            layer: name,
        });
    }
    if let Some(b) = bounds {
        filter_to(&mut layer, target, b);
    }
    let mut out = LandCover {
        layer: name.clone(),
        ..Default::default()
    };
    let mut shapes: Vec<Shape> = Vec::new();
    // The kind of the first feature that is not a polygon.
    let mut other_kind: Option<String> = None;
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    let mut buf = Vec::new();
    for feature in layer.features() {
        out.features_read += 1;
        let id = match id_idx {
            Some(i) => feature.field_as_integer64(i).ok().flatten(),
            None => None,
        }
        .or_else(|| feature.fid().map(|f| f as i64))
        .unwrap_or(-1);
        let cover = feature
            .field_as_string(cover_idx)
            .ok()
            .flatten()
            .unwrap_or_default();
        let usage = match usage_idx {
            Some(i) => feature
                .field_as_string(i)
                .ok()
                .flatten()
                .unwrap_or_default(),
            None => String::new(),
        };
        let Some(class) = config.class_of(&cover, &usage) else {
            let u = out.unmapped.entry((cover, usage)).or_default();
            u.count += 1;
            if u.ids.len() < 10 {
                u.ids.push(id);
            }
            continue;
        };
        if class == 0 {
            // Mapped to "left blank" on purpose.
            out.left_blank += 1;
            continue;
        }
        let Some(g) = feature.geometry() else {
            out.skipped_non_polygon += 1;
            other_kind.get_or_insert_with(|| "no geometry".to_string());
            continue;
        };
        let mut parts = Vec::new();
        collect_rings(g, &mut parts, &mut xs, &mut ys, &mut buf);
        if parts.is_empty() {
            out.skipped_non_polygon += 1;
            let ty = geometry_type_flatten(g.geometry_type());
            other_kind.get_or_insert_with(|| gdal::vector::geometry_type_to_name(ty));
            continue;
        }
        shapes.push(Shape { id, class, parts });
    }
    // A layer of points or lines would give an empty raster or all-zero
    // figures: refused, naming what it holds.
    if let (true, Some(found)) = (shapes.is_empty(), other_kind) {
        return Err(VectorError::NotPolygons {
            path: path.to_path_buf(),
            layer: name,
            found,
        });
    }
    transform_all(&transform, &mut xs, &mut ys, path, &name)?;
    let mut at = 0usize;
    out.polygons.reserve(shapes.len());
    for s in shapes {
        let mut polys = Vec::with_capacity(s.parts.len());
        for rings in s.parts {
            let mut ls: Vec<LineString<f64>> = rings
                .iter()
                .map(|&n| {
                    let r: Vec<Coord<f64>> =
                        (at..at + n).map(|i| Coord { x: xs[i], y: ys[i] }).collect();
                    at += n;
                    LineString(r)
                })
                .collect();
            if ls.is_empty() {
                continue;
            }
            let exterior = ls.remove(0);
            polys.push(Polygon::new(exterior, ls));
        }
        out.polygons.push(SourcePolygon {
            id: s.id,
            class: s.class,
            geometry: MultiPolygon(polys),
        });
    }
    Ok(out)
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
        }
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

/// Writes polygons (with `id` and `class` fields) to a new GeoPackage layer
/// `lost_polygons`, atomically (temporary file, then rename).
pub fn write_polygons(
    path: &Path,
    srs: &SpatialRef,
    polygons: &[(i64, u8, &MultiPolygon<f64>)],
    overwrite: bool,
) -> Result<(), VectorError> {
    use gdal::vector::{LayerOptions, OGRFieldType, ToGdal};
    use gdal::DriverManager;
    let other = |message: String| VectorError::Other {
        path: path.to_path_buf(),
        layer: "lost_polygons".into(),
        message,
    };
    if path.exists() && !overwrite {
        return Err(other("exists; use --force to overwrite it".into()));
    }
    let tmp = super::atomic::temp_dir_beside(path)
        .map_err(|e| other(format!("cannot create a temporary folder: {e}")))?;
    let tmp_path = tmp.path().join("out.gpkg");
    {
        let driver = DriverManager::get_driver_by_name("GPKG").map_err(|e| other(e.to_string()))?;
        let mut ds = driver
            .create_vector_only(&tmp_path)
            .map_err(|e| other(e.to_string()))?;
        let mut tx = ds.start_transaction().map_err(|e| other(e.to_string()))?;
        let layer = tx
            .create_layer(LayerOptions {
                name: "lost_polygons",
                srs: Some(srs),
                ty: OGRwkbGeometryType::wkbMultiPolygon,
                options: None,
            })
            .map_err(|e| other(e.to_string()))?;
        layer
            .create_defn_fields(&[
                ("id", OGRFieldType::OFTInteger64),
                ("class", OGRFieldType::OFTInteger),
            ])
            .map_err(|e| other(e.to_string()))?;
        let defn = layer.defn();
        for (id, class, g) in polygons {
            let mut f = gdal::vector::Feature::new(defn).map_err(|e| other(e.to_string()))?;
            f.set_geometry((*g).to_gdal().map_err(|e| other(e.to_string()))?)
                .map_err(|e| other(e.to_string()))?;
            f.set_field_integer64(0, *id)
                .map_err(|e| other(e.to_string()))?;
            f.set_field_integer(1, i32::from(*class))
                .map_err(|e| other(e.to_string()))?;
            f.create(&layer).map_err(|e| other(e.to_string()))?;
        }
        tx.commit().map_err(|e| other(e.to_string()))?;
    }
    super::atomic::make_readable(&tmp_path).map_err(|e| other(e.to_string()))?;
    if overwrite && path.exists() {
        std::fs::remove_file(path).map_err(|e| other(e.to_string()))?;
    }
    std::fs::rename(&tmp_path, path)
        .map_err(|e| other(format!("cannot rename the temporary file: {e}")))?;
    Ok(())
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
