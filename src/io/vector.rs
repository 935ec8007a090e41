//! Reading land-cover polygons and road lines through GDAL/OGR, reprojected
//! to a target CRS with GDAL's coordinate transformation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gdal::spatial_ref::{AxisMappingStrategy, CoordTransform, SpatialRef};
use gdal::vector::{geometry_type_flatten, Geometry, Layer, LayerAccess, OGRwkbGeometryType};
use gdal::Dataset;
use geo_types::{Coord, LineString, MultiPolygon, Polygon};

use super::arrow_layer::{Value, WkbShape};

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
    /// The first ids (at most 10), in drawing order.
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

/// The rectangle, in the layer's CRS, of the features that may reach
/// `bounds` (target CRS); `None` when it cannot be computed (all are read).
fn source_rect(layer: &Layer, target: &SpatialRef, bounds: [f64; 4]) -> Option<[f64; 4]> {
    let mut src = layer.spatial_ref()?;
    src.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let back = CoordTransform::new(target, &src).ok()?;
    back.transform_bounds(&bounds, 21).ok()
}

/// Restricts reading to features that may reach `bounds` (target CRS).
fn filter_to(layer: &mut Layer, target: &SpatialRef, bounds: [f64; 4]) {
    if let Some(b) = source_rect(layer, target, bounds) {
        layer.set_spatial_filter_rect(b[0], b[1], b[2], b[3]);
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
    /// The feature's place in the drawing order.
    order: i64,
    id: i64,
    class: u8,
    /// Where its points start in the coordinate buffers.
    start: usize,
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

/// The field indices of a land-cover layer.
#[derive(Clone, Copy)]
struct FieldIndices {
    cover: usize,
    usage: Option<usize>,
    id: Option<usize>,
}

/// What one reading of (part of) a land-cover layer gave, reprojected.
#[derive(Default)]
struct Part {
    polygons: Vec<SourcePolygon>,
    /// Features with unmapped codes: (place in the drawing order, codes, id).
    unmapped: Vec<(i64, (String, String), i64)>,
    skipped_non_polygon: u64,
    left_blank: u64,
    features_read: u64,
    /// The kind of the first feature that is not a polygon.
    other_kind: Option<String>,
}

/// Features of the layer per parallel part, at least.
const MIN_FEATURES_PER_PART: u64 = 20_000;

/// FID ranges `[lo, hi)` splitting `layer` into `parts` parts to read in
/// parallel, each through its own connection. Only for GeoPackages, where a
/// FID range is a range of the table's row ids (read in that order, and
/// selected without reading the rest); other formats give one part, read
/// sequentially (`None`).
fn fid_ranges(
    ds: &Dataset,
    layer: &Layer,
    parts: usize,
    min_per_part: u64,
) -> Option<Vec<(i64, i64)>> {
    if parts < 2 || ds.driver().short_name() != "GPKG" {
        return None;
    }
    let parts = parts.min((layer.try_feature_count()? / min_per_part.max(1)) as usize);
    if parts < 2 {
        return None;
    }
    let fid = fid_column(layer)?;
    let sql = format!(
        "SELECT MIN(\"{fid}\"), MAX(\"{fid}\") FROM \"{}\"",
        layer.name().replace('"', "\"\"")
    );
    let mut rs = ds
        .execute_sql(sql, None, gdal::vector::sql::Dialect::DEFAULT)
        .ok()??;
    let f = rs.features().next()?;
    let lo = f.field_as_integer64(0).ok()??;
    let hi = f.field_as_integer64(1).ok()?? + 1;
    let step = ((hi - lo + parts as i64 - 1) / parts as i64).max(1);
    Some(
        (0..parts as i64)
            .map(|k| (lo + k * step, (lo + (k + 1) * step).min(hi)))
            .filter(|(a, b)| a < b)
            .collect(),
    )
}

/// The layer's FID column (GeoPackage: the table's integer primary key),
/// `None` when it has none; refused when its name needs quoting.
fn fid_column(layer: &Layer) -> Option<String> {
    // SAFETY: the layer handle is valid for `layer`'s lifetime; GDAL returns
    // a string it owns, copied at once.
    let name = unsafe {
        let p = gdal_sys::OGR_L_GetFIDColumn(layer.c_layer());
        if p.is_null() {
            return None;
        }
        std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
    };
    (!name.is_empty() && !name.contains('"')).then_some(name)
}

/// A feature's geometry as the reading gives it.
enum FeatureGeometry<'a> {
    Missing,
    Ogr(&'a Geometry),
    Wkb(&'a [u8]),
}

/// A part being read: its counts, its shapes and their points.
#[derive(Default)]
struct Reading {
    out: Part,
    shapes: Vec<Shape>,
    xs: Vec<f64>,
    ys: Vec<f64>,
    buf: Vec<(f64, f64, f64)>,
}

impl Reading {
    /// Adds one feature; `false`: its WKB is not understood.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        config: &impl LandCoverSchema,
        order: i64,
        id: i64,
        cover: String,
        usage: String,
        geometry: FeatureGeometry,
    ) -> bool {
        let out = &mut self.out;
        out.features_read += 1;
        let Some(class) = config.class_of(&cover, &usage) else {
            out.unmapped.push((order, (cover, usage), id));
            return true;
        };
        if class == 0 {
            // Mapped to "left blank" on purpose.
            out.left_blank += 1;
            return true;
        }
        let start = self.xs.len();
        let mut parts = Vec::new();
        let other = match geometry {
            FeatureGeometry::Missing => Some("no geometry".to_string()),
            FeatureGeometry::Ogr(g) => {
                collect_rings(g, &mut parts, &mut self.xs, &mut self.ys, &mut self.buf);
                let ty = geometry_type_flatten(g.geometry_type());
                // A null geometry of a GeoPackage comes as one of unknown type.
                parts.is_empty().then(|| match ty {
                    OGRwkbGeometryType::wkbUnknown => "no geometry".to_string(),
                    _ => gdal::vector::geometry_type_to_name(ty),
                })
            }
            FeatureGeometry::Wkb(wkb) => {
                match super::arrow_layer::wkb_rings(wkb, &mut self.xs, &mut self.ys) {
                    Some(WkbShape::Polygons(p)) => {
                        parts = p;
                        None
                    }
                    Some(WkbShape::Other(ty)) => Some(gdal::vector::geometry_type_to_name(ty)),
                    None => return false,
                }
            }
        };
        if let Some(kind) = other {
            out.skipped_non_polygon += 1;
            out.other_kind.get_or_insert(kind);
            return true;
        }
        self.shapes.push(Shape {
            order,
            id,
            class,
            start,
            parts,
        });
        true
    }
}

/// Reads `layer` feature by feature into `r`.
fn feature_rows(
    layer: &mut Layer,
    config: &impl LandCoverSchema,
    idx: FieldIndices,
    by_fid: bool,
    r: &mut Reading,
) {
    for (n, feature) in layer.features().enumerate() {
        let fid = feature.fid().map(|f| f as i64);
        let order = if by_fid { fid.unwrap_or(-1) } else { n as i64 };
        let id = match idx.id {
            Some(i) => feature.field_as_integer64(i).ok().flatten(),
            None => None,
        }
        .or(fid)
        .unwrap_or(-1);
        let text = |i: usize| {
            feature
                .field_as_string(i)
                .ok()
                .flatten()
                .unwrap_or_default()
        };
        let cover = text(idx.cover);
        let usage = idx.usage.map(text).unwrap_or_default();
        let geometry = match feature.geometry() {
            Some(g) => FeatureGeometry::Ogr(g),
            None => FeatureGeometry::Missing,
        };
        r.add(config, order, id, cover, usage, geometry);
    }
}

/// Reads `layer` through OGR's Arrow stream into `r`, in FID order;
/// `false`: not possible (the stream, a column type or a geometry is not
/// handled), `r` is then to be discarded.
fn arrow_rows(
    layer: &mut Layer,
    config: &impl LandCoverSchema,
    rect: Option<[f64; 4]>,
    r: &mut Reading,
) -> Result<bool, VectorError> {
    let f = config.fields();
    let filter = match rect {
        Some(b) => match Geometry::bbox(b[0], b[1], b[2], b[3]) {
            Ok(g) => Some((b, g)),
            Err(_) => return Ok(false),
        },
        None => None,
    };
    let mut names = vec![f.cover_field.as_str()];
    if !f.usage_field.is_empty() {
        names.push(&f.usage_field);
    }
    if !f.id_field.is_empty() {
        names.push(&f.id_field);
    }
    let text = |v: &Value| match v {
        Value::Null => Some(String::new()),
        Value::Text(b) => Some(String::from_utf8_lossy(b).into_owned()),
        Value::Int(i) => Some(i.to_string()),
    };
    let usage_at = (!f.usage_field.is_empty()).then_some(1);
    let id_at = (!f.id_field.is_empty()).then_some(names.len() - 1);
    let done = super::arrow_layer::for_each_row(layer, &names, |row| {
        // The stream keeps what the spatial index gives for the extent: the
        // geometries are then tested as OGR tests them when reading feature
        // by feature (none or empty: out; envelope outside: out; inside:
        // in; else whether the geometry intersects the extent).
        if let Some((b, extent)) = &filter {
            let Some(w) = row.wkb else { return Ok(()) };
            let keep = match super::arrow_layer::wkb_envelope(w) {
                Some(e) if e[0] > e[2] => false,
                Some(e) if e[2] < b[0] || e[3] < b[1] || b[2] < e[0] || b[3] < e[1] => false,
                Some(e) if e[0] >= b[0] && e[1] >= b[1] && e[2] <= b[2] && e[3] <= b[3] => true,
                _ => {
                    let g = Geometry::from_wkb(w).map_err(|e| e.to_string())?;
                    !g.is_empty() && g.intersects(extent)
                }
            };
            if !keep {
                return Ok(());
            }
        }
        let id = match id_at.map(|k| &row.values[k]) {
            Some(Value::Int(i)) => Some(*i),
            Some(Value::Text(_)) => return Err("a text id".into()),
            _ => None,
        }
        .or(row.fid)
        .unwrap_or(-1);
        let (Some(cover), Some(usage)) = (
            text(&row.values[0]),
            usage_at.map_or(Some(String::new()), |k| text(&row.values[k])),
        ) else {
            return Err("codes".into());
        };
        let geometry = match row.wkb {
            Some(w) => FeatureGeometry::Wkb(w),
            None => FeatureGeometry::Missing,
        };
        if r.add(config, row.fid.unwrap_or(-1), id, cover, usage, geometry) {
            Ok(())
        } else {
            Err("a geometry".into())
        }
    });
    Ok(matches!(done, Ok(true)))
}

/// Reads the features `layer` yields (its filters set), maps their codes,
/// and reprojects their polygons with `transform`. With `by_fid`, the
/// features are put in FID order (a GeoPackage read through its spatial
/// index yields them in the index's order), else kept in reading order.
fn read_part(
    layer: &mut Layer,
    config: &impl LandCoverSchema,
    idx: FieldIndices,
    transform: &Option<(String, String)>,
    (path, by_fid, rect): (&Path, bool, Option<[f64; 4]>),
) -> Result<Part, VectorError> {
    let arrow = by_fid;
    let mut r = Reading::default();
    // With `arrow`, read through OGR's Arrow stream (the same features,
    // values and geometries; far fewer calls), unless anything in it is not
    // handled: then, as otherwise, feature by feature.
    if !arrow || !arrow_rows(layer, config, rect, &mut r)? {
        r = Reading::default();
        layer.reset_feature_reading();
        feature_rows(layer, config, idx, by_fid, &mut r);
    }
    let Reading {
        mut out,
        mut shapes,
        mut xs,
        mut ys,
        ..
    } = r;
    if !shapes.windows(2).all(|w| w[0].order <= w[1].order) {
        shapes.sort_by_key(|s| s.order);
    }
    transform_all(transform, &mut xs, &mut ys, path, &layer.name())?;
    out.polygons.reserve(shapes.len());
    for s in shapes {
        let mut at = s.start;
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

/// Reads the land-cover layer named in `config`, maps every feature's codes
/// to a class, and reprojects polygons to `target`. With `bounds` (target
/// CRS: xmin, ymin, xmax, ymax), only features that may reach them are read.
/// A large GeoPackage layer is read in parallel parts (FID ranges, each
/// through its own connection), joined in FID order: the result is that of
/// one sequential reading.
pub fn read_land_cover(
    path: &Path,
    config: &(impl LandCoverSchema + Sync),
    target: &SpatialRef,
    bounds: Option<[f64; 4]>,
) -> Result<LandCover, VectorError> {
    let split = (rayon::current_num_threads(), MIN_FEATURES_PER_PART);
    read_land_cover_split(path, config, target, bounds, split)
}

/// [`read_land_cover`] in at most `parts` parts of at least
/// `min_per_part` features.
fn read_land_cover_split(
    path: &Path,
    config: &(impl LandCoverSchema + Sync),
    target: &SpatialRef,
    bounds: Option<[f64; 4]>,
    (parts, min_per_part): (usize, u64),
) -> Result<LandCover, VectorError> {
    let ds = open(path)?;
    let mut layer = pick_layer(&ds, path, &config.fields().layer)?;
    let name = layer.name();
    let cover = field_index(
        &layer,
        path,
        &config.fields().cover_field,
        "the cover code, [source] cover_field",
    )?;
    let usage = if config.fields().usage_field.is_empty() {
        None
    } else {
        Some(field_index(
            &layer,
            path,
            &config.fields().usage_field,
            "the usage code, [source] usage_field",
        )?)
    };
    let id = if config.fields().id_field.is_empty() {
        None
    } else {
        Some(field_index(
            &layer,
            path,
            &config.fields().id_field,
            "the polygon id, [source] id_field",
        )?)
    };
    let idx = FieldIndices { cover, usage, id };
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
    // A GeoPackage read through its spatial index yields the features in the
    // index's order, which depends on the bounds: drawn in FID order
    // instead, whatever the bounds and the parts.
    let by_fid = ds.driver().short_name() == "GPKG";
    let rect = bounds.and_then(|b| source_rect(&layer, target, b));
    let parts = match fid_ranges(&ds, &layer, parts, min_per_part) {
        Some(ranges) => {
            use rayon::prelude::*;
            let fid = fid_column(&layer).unwrap_or_default();
            ranges
                .into_par_iter()
                .map(|(lo, hi)| {
                    let ds = open(path)?;
                    let mut layer = pick_layer(&ds, path, &config.fields().layer)?;
                    if let Some(b) = rect {
                        layer.set_spatial_filter_rect(b[0], b[1], b[2], b[3]);
                    }
                    let range = format!("\"{fid}\" >= {lo} AND \"{fid}\" < {hi}");
                    layer
                        .set_attribute_filter(&range)
                        .map_err(|e| VectorError::Other {
                            path: path.to_path_buf(),
                            layer: layer.name(),
                            message: format!("cannot select the features {range}: {e}"),
                        })?;
                    read_part(&mut layer, config, idx, &transform, (path, by_fid, rect))
                })
                .collect::<Result<Vec<Part>, VectorError>>()?
        }
        None => {
            if let Some(b) = rect {
                layer.set_spatial_filter_rect(b[0], b[1], b[2], b[3]);
            }
            vec![read_part(
                &mut layer,
                config,
                idx,
                &transform,
                (path, by_fid, rect),
            )?]
        }
    };
    let mut out = LandCover {
        layer: name.clone(),
        ..Default::default()
    };
    out.polygons
        .reserve(parts.iter().map(|p| p.polygons.len()).sum());
    let mut other_kind = None;
    let mut unmapped = Vec::new();
    for part in parts {
        out.polygons.extend(part.polygons);
        unmapped.extend(part.unmapped);
        out.skipped_non_polygon += part.skipped_non_polygon;
        out.left_blank += part.left_blank;
        out.features_read += part.features_read;
        other_kind = other_kind.or(part.other_kind);
    }
    unmapped.sort_by_key(|u| u.0);
    for (_, codes, id) in unmapped {
        let u = out.unmapped.entry(codes).or_default();
        u.count += 1;
        if u.ids.len() < 10 {
            u.ids.push(id);
        }
    }
    // A layer of points or lines would give an empty raster or all-zero
    // figures: refused, naming what it holds.
    if let (true, Some(found)) = (out.polygons.is_empty(), other_kind) {
        return Err(VectorError::NotPolygons {
            path: path.to_path_buf(),
            layer: name,
            found,
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
/// `lost_polygons`, with its QGIS style (the class colours and names of the
/// default profile), atomically (temporary file, then rename).
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
        let style = super::layer_styles::LayerStyle {
            layer: "lost_polygons",
            name: "multisenge lost polygons",
            qml: super::layer_styles::LOST_POLYGONS_QML,
        };
        super::layer_styles::write(&mut tx, &[style]).map_err(other)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use gdal::vector::{LayerOptions, OGRFieldType};

    struct Schema(LandCoverFields);

    impl LandCoverSchema for Schema {
        fn fields(&self) -> &LandCoverFields {
            &self.0
        }
        fn class_of(&self, cover: &str, _usage: &str) -> Option<u8> {
            match cover {
                "A" => Some(3),
                "B" => Some(7),
                "Z" => Some(0),
                _ => None,
            }
        }
    }

    /// The codes in `cs`, the ids in `id`, no usage.
    fn schema() -> Schema {
        Schema(LandCoverFields {
            layer: "landcover".into(),
            cover_field: "cs".into(),
            usage_field: String::new(),
            id_field: "id".into(),
        })
    }

    /// A GeoPackage of `n` features in Lambert-93, in a 40-column grid of
    /// 100 m cells: squares, multipolygons with a hole, unmapped and blank
    /// codes, null geometries, and ids that are not the FIDs.
    fn write_source(path: &Path, n: usize) {
        let driver = gdal::DriverManager::get_driver_by_name("GPKG").unwrap();
        let mut ds = driver.create_vector_only(path).unwrap();
        let srs = srs_from_epsg(2154).unwrap();
        let mut tx = ds.start_transaction().unwrap();
        let layer = tx
            .create_layer(LayerOptions {
                name: "landcover",
                srs: Some(&srs),
                ty: OGRwkbGeometryType::wkbMultiPolygon,
                options: None,
            })
            .unwrap();
        layer
            .create_defn_fields(&[
                ("id", OGRFieldType::OFTInteger64),
                ("cs", OGRFieldType::OFTString),
            ])
            .unwrap();
        for k in 0..n {
            let (x, y) = (
                700_000.0 + (k % 40) as f64 * 100.0,
                6_600_000.0 + (k / 40) as f64 * 100.0,
            );
            let sq = |x: f64, y: f64, d: f64| {
                format!(
                    "({x} {y}, {} {y}, {} {}, {x} {}, {x} {y})",
                    x + d,
                    x + d,
                    y + d,
                    y + d
                )
            };
            let wkt = if k % 5 == 0 {
                format!(
                    "MULTIPOLYGON(({}, {}), ({}))",
                    sq(x, y, 60.0),
                    sq(x + 10.0, y + 10.0, 20.0),
                    sq(x + 70.0, y + 70.0, 20.0)
                )
            } else {
                format!("MULTIPOLYGON(({}))", sq(x, y, 90.0))
            };
            let cover = ["A", "B", "A", "Q", "Z", "B", "R"][k % 7];
            let geometry = (k % 11 != 3).then(|| Geometry::from_wkt(&wkt).unwrap());
            let mut f = gdal::vector::Feature::new(layer.defn()).unwrap();
            f.set_field_integer64(0, 1_000_000 - k as i64).unwrap();
            f.set_field_string(1, cover).unwrap();
            if let Some(g) = geometry {
                f.set_geometry(g).unwrap();
            }
            f.create(&layer).unwrap();
        }
        tx.commit().unwrap();
    }

    /// The Arrow stream against feature by feature, on the same layer with
    /// the same filters: the same features, codes, ids, kinds of what is
    /// not a polygon, rings and coordinates.
    #[test]
    fn arrow_stream_reads_as_feature_by_feature() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("source.gpkg");
        write_source(&path, 900);
        let schema = schema();
        let idx = FieldIndices {
            cover: 1,
            usage: None,
            id: Some(0),
        };
        for filter in [None, Some("\"fid\" >= 100 AND \"fid\" < 700")] {
            // The extent's edges cut cells: envelopes half in, and some
            // (a square and a small part apart) whose parts are all out.
            for rect in [None, Some([700_565.0, 6_600_565.0, 702_567.0, 6_601_567.0])] {
                let ds = open(&path).unwrap();
                let mut layer = ds.layer_by_name("landcover").unwrap();
                if let Some(f) = filter {
                    layer.set_attribute_filter(f).unwrap();
                }
                if let Some(b) = rect {
                    layer.set_spatial_filter_rect(b[0], b[1], b[2], b[3]);
                }
                let mut a = Reading::default();
                assert!(arrow_rows(&mut layer, &schema, rect, &mut a).unwrap());
                let mut f = Reading::default();
                layer.reset_feature_reading();
                feature_rows(&mut layer, &schema, idx, true, &mut f);
                assert!(f.out.features_read > 50, "{filter:?} {rect:?}");
                assert_eq!(a.out.features_read, f.out.features_read);
                assert_eq!(a.out.left_blank, f.out.left_blank);
                assert_eq!(a.out.skipped_non_polygon, f.out.skipped_non_polygon);
                assert_eq!(a.out.other_kind, f.out.other_kind);
                for r in [&mut a, &mut f] {
                    r.out.unmapped.sort_by_key(|u| u.0);
                    r.shapes.sort_by_key(|s| s.order);
                }
                assert_eq!(a.out.unmapped, f.out.unmapped);
                assert_eq!(a.shapes.len(), f.shapes.len());
                for (p, q) in a.shapes.iter().zip(&f.shapes) {
                    assert_eq!((p.order, p.id, p.class), (q.order, q.id, q.class));
                    assert_eq!(p.parts, q.parts);
                    let n: usize = p.parts.iter().flatten().sum();
                    assert_eq!(a.xs[p.start..p.start + n], f.xs[q.start..q.start + n]);
                    assert_eq!(a.ys[p.start..p.start + n], f.ys[q.start..q.start + n]);
                }
            }
        }
    }

    /// Reading in parallel FID ranges gives exactly one sequential
    /// reading: the same polygons in the same order with the same
    /// coordinates, the same unmapped codes with the same first ids, the
    /// same counts.
    #[test]
    fn parallel_parts_read_as_one_sequential_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("source.gpkg");
        write_source(&path, 2_000);
        let schema = schema();
        let utm = srs_from_epsg(32631).unwrap();
        // Bounds (UTM) holding part of the features only.
        let b = bounds_in(
            [700_500.0, 6_600_500.0, 702_500.0, 6_604_000.0],
            &srs_from_epsg(2154).unwrap(),
            &utm,
        )
        .unwrap();
        for bounds in [None, Some(b)] {
            let one = read_land_cover_split(&path, &schema, &utm, bounds, (1, 1)).unwrap();
            assert!(one.polygons.len() > 100 && one.unmapped.len() == 2);
            // (The spatial filter leaves out the features without geometry.)
            assert!(one.left_blank > 0 && (bounds.is_some() || one.skipped_non_polygon > 0));
            assert!(bounds.is_none() || one.features_read < 2_000);
            // FID order (ids decrease as FIDs increase), also through the
            // spatial index.
            assert!(one.polygons.windows(2).all(|w| w[0].id > w[1].id));
            for parts in [2, 3, 7] {
                let ds = open(&path).unwrap();
                let layer = ds.layer_by_name("landcover").unwrap();
                assert_eq!(
                    fid_ranges(&ds, &layer, parts, 1).map(|r| r.len()),
                    Some(parts)
                );
                let split =
                    read_land_cover_split(&path, &schema, &utm, bounds, (parts, 1)).unwrap();
                assert_eq!(split.features_read, one.features_read);
                assert_eq!(split.skipped_non_polygon, one.skipped_non_polygon);
                assert_eq!(split.left_blank, one.left_blank);
                assert_eq!(split.unmapped, one.unmapped);
                assert_eq!(split.polygons.len(), one.polygons.len());
                for (p, q) in split.polygons.iter().zip(&one.polygons) {
                    assert_eq!((p.id, p.class), (q.id, q.class));
                    assert_eq!(p.geometry, q.geometry);
                }
            }
        }
    }
}
