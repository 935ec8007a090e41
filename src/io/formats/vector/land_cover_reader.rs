//! Reading a land-cover layer: its rows (feature by feature, or through
//! OGR's Arrow stream), their codes mapped to classes, their polygons
//! reprojected; a large GeoPackage in parallel parts of FID ranges.

use std::path::Path;

use gdal::spatial_ref::SpatialRef;
use gdal::vector::{geometry_type_flatten, Geometry, Layer, LayerAccess, OGRwkbGeometryType};
use gdal::Dataset;
use geo_types::{Coord, LineString, MultiPolygon, Polygon};

use super::land_cover::{LandCover, LandCoverSchema, SourcePolygon};
use super::layer::{
    field_index, open, pick_layer, source_rect, transform_all, transform_for, VectorError,
};
use crate::io::formats::arrow_layer::{Value, WkbShape};

/// Rings of polygon parts, as point counts into a flat coordinate buffer.
struct Shape {
    /// The feature's place in the drawing order.
    order: i64,
    id: i64,
    class: u8,
    tag: u8,
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
        let tag = config.tag_of(&cover, &usage);
        // Unmapped, or mapped to "left blank" on purpose: read with class
        // 0, for the ground it covers.
        let class = match config.class_of(&cover, &usage) {
            Some(0) => {
                out.left_blank += 1;
                0
            }
            Some(class) => class,
            None => {
                out.unmapped.push((order, (cover, usage), id));
                0
            }
        };
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
                match crate::io::formats::arrow_layer::wkb_rings(wkb, &mut self.xs, &mut self.ys) {
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
            tag,
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
    let done = crate::io::formats::arrow_layer::for_each_row(layer, &names, |row| {
        // The stream keeps what the spatial index gives for the extent: the
        // geometries are then tested as OGR tests them when reading feature
        // by feature (none or empty: out; envelope outside: out; inside:
        // in; else whether the geometry intersects the extent).
        if let Some((b, extent)) = &filter {
            let Some(w) = row.wkb else { return Ok(()) };
            let keep = match crate::io::formats::arrow_layer::wkb_envelope(w) {
                Some(e) if e[0] > e[2] => false,
                Some(e) if e[2] < b[0] || e[3] < b[1] || b[2] < e[0] || b[3] < e[1] => false,
                Some(e) if e[0] >= b[0] && e[1] >= b[1] && e[2] <= b[2] && e[3] <= b[3] => true,
                _ => {
                    let g = Geometry::from_wkb(w)
                        .map_err(|e| crate::io::formats::gdal_error::sentence(&e))?;
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
            tag: s.tag,
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
                            message: format!(
                                "cannot select the features {range}: {}",
                                crate::io::formats::gdal_error::sentence(&e)
                            ),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::formats::vector::land_cover::LandCoverFields;
    use crate::io::formats::vector::layer::{bounds_in, srs_from_epsg};
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
        fn tag_of(&self, cover: &str, _usage: &str) -> u8 {
            u8::from(cover == "Z" || cover == "R")
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
                    assert_eq!(
                        (p.order, p.id, p.class, p.tag),
                        (q.order, q.id, q.class, q.tag)
                    );
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
            // Blank (Z) and unmapped (Q, R) polygons are read, class 0,
            // with their tags (Z and R).
            let class0 = |cover: &str| {
                let k = ["A", "B", "A", "Q", "Z", "B", "R"]
                    .iter()
                    .position(|c| *c == cover)
                    .unwrap();
                one.polygons
                    .iter()
                    .filter(|p| (1_000_000 - p.id) as usize % 7 == k)
                    .map(|p| (p.class, p.tag))
                    .collect::<Vec<_>>()
            };
            for (cover, tag) in [("Z", 1), ("Q", 0), ("R", 1)] {
                let got = class0(cover);
                assert!(
                    !got.is_empty() && got.iter().all(|&t| t == (0, tag)),
                    "{cover}: {got:?}"
                );
            }
            assert!(class0("A").iter().all(|&t| t == (3, 0)));
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
                    assert_eq!((p.id, p.class, p.tag), (q.id, q.class, q.tag));
                    assert_eq!(p.geometry, q.geometry);
                }
            }
        }
    }
}
