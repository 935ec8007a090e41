//! Reading a vector layer in batches through OGR's Arrow stream
//! (`OGR_L_GetArrowStream`, GDAL ≥ 3.6: the Arrow C stream interface): a
//! few columns and the geometry as WKB, with the layer's filters, far
//! cheaper than feature by feature. The WKB is decoded by [`wkb_rings`].

use std::ffi::CStr;

use gdal::vector::{Layer, LayerAccess};
use gdal_sys::{ArrowArray, ArrowArrayStream, ArrowSchema};

/// A column of a batch: where its values are.
#[derive(Clone, Copy)]
enum Column {
    Int64(*const ArrowArray),
    Int32(*const ArrowArray),
    Utf8(*const ArrowArray),
}

/// One feature of a batch: its FID, the requested fields and its WKB.
pub struct Row<'a> {
    pub fid: Option<i64>,
    /// Integer fields as integers, the others as strings.
    pub values: Vec<Value<'a>>,
    pub wkb: Option<&'a [u8]>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Text(&'a [u8]),
}

/// Releases what the C interface handed over, whatever happens.
struct Guard<T: Releasable>(T);

trait Releasable {
    fn release(&mut self);
}

impl Releasable for ArrowArrayStream {
    fn release(&mut self) {
        if let Some(r) = self.release {
            // SAFETY: the producer's own release callback, called once.
            unsafe { r(self) };
        }
    }
}

impl Releasable for ArrowSchema {
    fn release(&mut self) {
        if let Some(r) = self.release {
            // SAFETY: as above.
            unsafe { r(self) };
        }
    }
}

impl Releasable for ArrowArray {
    fn release(&mut self) {
        if let Some(r) = self.release {
            // SAFETY: as above.
            unsafe { r(self) };
        }
    }
}

impl<T: Releasable> Drop for Guard<T> {
    fn drop(&mut self) {
        self.0.release();
    }
}

/// Calls `each` for every feature `layer` yields (its spatial and attribute
/// filters apply), with the values of `fields` (by name) and the geometry
/// as WKB. `Ok(false)`: the stream is not available or a column has a type
/// not handled here (nothing was read: read feature by feature instead).
pub fn for_each_row(
    layer: &mut Layer,
    fields: &[&str],
    mut each: impl FnMut(Row) -> Result<(), String>,
) -> Result<bool, String> {
    // SAFETY: zeroed structures are the "released" state of the interface;
    // GDAL fills them in.
    let mut stream: Guard<ArrowArrayStream> = Guard(unsafe { std::mem::zeroed() });
    let mut options = gdal::cpl::CslStringList::new();
    options
        .set_name_value("INCLUDE_FID", "YES")
        .map_err(|e| crate::io::formats::gdal_error::sentence(&e))?;
    // SAFETY: `stream.0` is a valid out-parameter.
    if unsafe { layer.read_arrow_stream(&mut stream.0, &options) }.is_err() {
        return Ok(false);
    }
    let (Some(get_schema), Some(get_next)) = (stream.0.get_schema, stream.0.get_next) else {
        return Ok(false);
    };
    let mut schema: Guard<ArrowSchema> = Guard(unsafe { std::mem::zeroed() });
    // SAFETY: callbacks of a live stream, valid out-parameter.
    if unsafe { get_schema(&mut stream.0, &mut schema.0) } != 0 {
        return Ok(false);
    }
    // SAFETY: GDAL's column names and the layer's, NUL-terminated.
    let name_of = |p: *const std::ffi::c_char| unsafe {
        if p.is_null() {
            String::new()
        } else {
            CStr::from_ptr(p).to_string_lossy().into_owned()
        }
    };
    let fid_name = {
        // SAFETY: the layer handle is valid for `layer`'s lifetime.
        let n = name_of(unsafe { gdal_sys::OGR_L_GetFIDColumn(layer.c_layer()) });
        if n.is_empty() {
            "OGC_FID".to_string()
        } else {
            n
        }
    };
    // SAFETY: as above.
    let geom_name = name_of(unsafe { gdal_sys::OGR_L_GetGeometryColumn(layer.c_layer()) });
    let mut children: Vec<(String, String)> = Vec::new();
    for k in 0..schema.0.n_children.max(0) as usize {
        // SAFETY: `n_children` pointers to live child schemas.
        let child = unsafe { &**schema.0.children.add(k) };
        children.push((name_of(child.name), name_of(child.format)));
    }
    let find = |name: &str| children.iter().position(|(n, _)| n == name);
    let (Some(fid_at), Some(geom_at)) = (find(&fid_name), find(&geom_name)) else {
        return Ok(false);
    };
    if children[geom_at].1 != "z" || children[fid_at].1 != "l" {
        return Ok(false);
    }
    let mut wanted = Vec::new();
    for f in fields {
        let Some(at) = find(f) else { return Ok(false) };
        match children[at].1.as_str() {
            "l" | "i" | "u" => wanted.push(at),
            _ => return Ok(false),
        }
    }
    loop {
        let mut batch: Guard<ArrowArray> = Guard(unsafe { std::mem::zeroed() });
        // SAFETY: callbacks of a live stream, valid out-parameter.
        if unsafe { get_next(&mut stream.0, &mut batch.0) } != 0 {
            return Err("the Arrow stream failed".into());
        }
        if batch.0.release.is_none() {
            return Ok(true);
        }
        let b = &batch.0;
        if b.n_children as usize != children.len() {
            return Err("an Arrow batch does not match its schema".into());
        }
        // SAFETY: `n_children` pointers to live child arrays.
        let child = |k: usize| unsafe { *b.children.add(k) as *const ArrowArray };
        let columns: Vec<Column> = wanted
            .iter()
            .map(|&k| match children[k].1.as_str() {
                "l" => Column::Int64(child(k)),
                "i" => Column::Int32(child(k)),
                _ => Column::Utf8(child(k)),
            })
            .collect();
        for i in 0..b.length.max(0) as usize {
            // SAFETY: every column of a batch holds `length` values at the
            // buffers the C data interface defines for its format.
            let row = unsafe {
                Row {
                    fid: int64(child(fid_at), i),
                    values: columns
                        .iter()
                        .map(|c| match *c {
                            Column::Int64(a) => int64(a, i).map_or(Value::Null, Value::Int),
                            Column::Int32(a) => int32(a, i).map_or(Value::Null, Value::Int),
                            Column::Utf8(a) => bytes(a, i).map_or(Value::Null, Value::Text),
                        })
                        .collect(),
                    wkb: bytes(child(geom_at), i),
                }
            };
            each(row)?;
        }
    }
}

/// Whether value `i` of `a` is set (validity bitmap).
unsafe fn valid(a: &ArrowArray, i: usize) -> bool {
    let bitmap = *a.buffers as *const u8;
    if bitmap.is_null() {
        return true;
    }
    let j = a.offset as usize + i;
    (*bitmap.add(j / 8) >> (j % 8)) & 1 == 1
}

unsafe fn int64(a: *const ArrowArray, i: usize) -> Option<i64> {
    let a = &*a;
    valid(a, i).then(|| *(*a.buffers.add(1) as *const i64).add(a.offset as usize + i))
}

unsafe fn int32(a: *const ArrowArray, i: usize) -> Option<i64> {
    let a = &*a;
    valid(a, i).then(|| i64::from(*(*a.buffers.add(1) as *const i32).add(a.offset as usize + i)))
}

/// Value `i` of a string or binary array (32-bit offsets).
unsafe fn bytes<'a>(a: *const ArrowArray, i: usize) -> Option<&'a [u8]> {
    let a = &*a;
    if !valid(a, i) {
        return None;
    }
    let offsets = *a.buffers.add(1) as *const i32;
    let j = a.offset as usize + i;
    let (start, end) = (*offsets.add(j) as usize, *offsets.add(j + 1) as usize);
    let data = *a.buffers.add(2) as *const u8;
    if end <= start {
        return Some(&[]);
    }
    Some(std::slice::from_raw_parts(data.add(start), end - start))
}

/// What [`wkb_rings`] found in a geometry.
#[derive(Debug, PartialEq)]
pub enum WkbShape {
    /// Polygons: parts → rings → number of points (appended to the
    /// coordinate buffers).
    Polygons(Vec<Vec<usize>>),
    /// No polygon: the OGR geometry type (2D) met, for messages.
    Other(u32),
}

/// Decodes the polygons of a WKB geometry (ISO or extended WKB, any byte
/// order, Z and M dropped; polygons, multipolygons and collections of
/// them), appending their points to `xs` and `ys`. `None`: malformed.
///
/// ```
/// use multisenge::io::formats::arrow_layer::{wkb_rings, WkbShape};
/// // POLYGON((0 0, 1 0, 1 1, 0 0)), little-endian.
/// let mut wkb = vec![1u8, 3, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0];
/// for v in [0.0f64, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0] {
///     wkb.extend(v.to_le_bytes());
/// }
/// let (mut xs, mut ys) = (Vec::new(), Vec::new());
/// assert_eq!(wkb_rings(&wkb, &mut xs, &mut ys), Some(WkbShape::Polygons(vec![vec![4]])));
/// assert_eq!(xs, vec![0.0, 1.0, 1.0, 0.0]);
/// ```
pub fn wkb_rings(wkb: &[u8], xs: &mut Vec<f64>, ys: &mut Vec<f64>) -> Option<WkbShape> {
    let mut parts = Vec::new();
    let mut at = 0;
    let base = geometry(wkb, &mut at, &mut parts, xs, ys, 0)?;
    Some(if parts.is_empty() && base != 3 {
        WkbShape::Other(base)
    } else {
        WkbShape::Polygons(parts)
    })
}

/// Reads one geometry at `at`, appending the rings of its polygons; returns
/// its type (2D). Points and lines inside a collection are skipped; other
/// types there (curves) are not handled (`None`).
fn geometry(
    wkb: &[u8],
    at: &mut usize,
    parts: &mut Vec<Vec<usize>>,
    xs: &mut Vec<f64>,
    ys: &mut Vec<f64>,
    depth: usize,
) -> Option<u32> {
    if depth > MAX_NESTING {
        return None;
    }
    let (little, base, dims) = header(wkb, at)?;
    let points = |at: &mut usize, n: usize| -> Option<&[u8]> {
        let need = n.checked_mul(dims * 8)?;
        let pts = wkb.get(*at..at.checked_add(need)?)?;
        *at += need;
        Some(pts)
    };
    match base {
        1 => {
            points(at, 1)?;
        }
        2 => {
            let n = u32_at(wkb, at, little)? as usize;
            points(at, n)?;
        }
        3 => {
            let rings = u32_at(wkb, at, little)? as usize;
            let mut counts = Vec::with_capacity(rings.min(1 << 16));
            for _ in 0..rings {
                let n = u32_at(wkb, at, little)? as usize;
                for p in points(at, n)?.chunks_exact(dims * 8) {
                    xs.push(f64_of(&p[0..8], little));
                    ys.push(f64_of(&p[8..16], little));
                }
                counts.push(n);
            }
            parts.push(counts);
        }
        4..=7 => {
            let n = u32_at(wkb, at, little)?;
            for _ in 0..n {
                geometry(wkb, at, parts, xs, ys, depth + 1)?;
            }
        }
        _ if *at == 5 => {} // not polygonal, at the top: named only
        _ => return None,
    }
    Some(base)
}

/// The envelope (xmin, ymin, xmax, ymax) of every point of a WKB geometry
/// of the simple types (points, lines, polygons and their collections);
/// xmin > xmax when it has none. `None`: malformed or another type.
pub fn wkb_envelope(wkb: &[u8]) -> Option<[f64; 4]> {
    let mut env = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    envelope_at(wkb, &mut 0, &mut env)?;
    Some(env)
}

/// Collections nested deeper than this are not decoded here (`None`: the
/// feature-by-feature reading takes them), so that a crafted geometry
/// cannot exhaust the stack; OGR's own WKB reader stops at 32 too.
const MAX_NESTING: usize = 32;

fn envelope_at(wkb: &[u8], at: &mut usize, env: &mut [f64; 4]) -> Option<()> {
    envelope_nested(wkb, at, env, 0)
}

fn envelope_nested(wkb: &[u8], at: &mut usize, env: &mut [f64; 4], depth: usize) -> Option<()> {
    if depth > MAX_NESTING {
        return None;
    }
    let (little, base, dims) = header(wkb, at)?;
    let mut points = |at: &mut usize, n: usize| -> Option<()> {
        let need = n.checked_mul(dims * 8)?;
        let pts = wkb.get(*at..at.checked_add(need)?)?;
        for p in pts.chunks_exact(dims * 8) {
            let (x, y) = (f64_of(&p[0..8], little), f64_of(&p[8..16], little));
            // An empty point is written as NaN coordinates.
            if x.is_nan() || y.is_nan() {
                continue;
            }
            env[0] = env[0].min(x);
            env[1] = env[1].min(y);
            env[2] = env[2].max(x);
            env[3] = env[3].max(y);
        }
        *at += need;
        Some(())
    };
    match base {
        1 => points(at, 1),
        2 => {
            let n = u32_at(wkb, at, little)? as usize;
            points(at, n)
        }
        3 => {
            for _ in 0..u32_at(wkb, at, little)? {
                let n = u32_at(wkb, at, little)? as usize;
                points(at, n)?;
            }
            Some(())
        }
        4..=7 => {
            for _ in 0..u32_at(wkb, at, little)? {
                envelope_nested(wkb, at, env, depth + 1)?;
            }
            Some(())
        }
        _ => None,
    }
}

/// A geometry's header at `at`: byte order (little-endian?), type (2D) and
/// coordinates per point.
fn header(wkb: &[u8], at: &mut usize) -> Option<(bool, u32, usize)> {
    let little = *wkb.get(*at)? == 1;
    *at += 1;
    let raw = u32_at(wkb, at, little)?;
    // Extended WKB: flags in the high bits; ISO: thousands.
    let (ext_z, ext_m) = (raw & 0x8000_0000 != 0, raw & 0x4000_0000 != 0);
    let code = raw & 0x0fff_ffff;
    let (base, iso) = (code % 1000, code / 1000);
    let dims =
        2 + usize::from(ext_z || iso == 1 || iso == 3) + usize::from(ext_m || iso == 2 || iso == 3);
    Some((little, base, dims))
}

fn u32_at(wkb: &[u8], at: &mut usize, little: bool) -> Option<u32> {
    let b: [u8; 4] = wkb.get(*at..*at + 4)?.try_into().ok()?;
    *at += 4;
    Some(if little {
        u32::from_le_bytes(b)
    } else {
        u32::from_be_bytes(b)
    })
}

fn f64_of(b: &[u8], little: bool) -> f64 {
    let b: [u8; 8] = b.try_into().expect("8 bytes");
    if little {
        f64::from_le_bytes(b)
    } else {
        f64::from_be_bytes(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gdal::vector::Geometry;

    /// The WKB OGR writes for `g`: ISO or extended, big- or little-endian.
    fn wkb(g: &Geometry, iso: bool, big: bool) -> Vec<u8> {
        // SAFETY: a live geometry; the buffer has the size OGR asks for.
        unsafe {
            let h = g.c_geometry();
            let mut out = vec![0u8; gdal_sys::OGR_G_WkbSize(h) as usize];
            let order = if big {
                gdal_sys::OGRwkbByteOrder::wkbXDR
            } else {
                gdal_sys::OGRwkbByteOrder::wkbNDR
            };
            let err = if iso {
                gdal_sys::OGR_G_ExportToIsoWkb(h, order, out.as_mut_ptr())
            } else {
                gdal_sys::OGR_G_ExportToWkb(h, order, out.as_mut_ptr())
            };
            assert_eq!(err, gdal_sys::OGRErr::OGRERR_NONE);
            out
        }
    }

    /// Against OGR's own reading of the same geometries: the rings, their
    /// points, and the type of what is not polygonal.
    #[test]
    fn nesting_is_bounded() {
        // A triangle inside `levels` collections of one geometry each.
        let nested = |levels: usize| {
            let mut wkb = Vec::new();
            for _ in 0..levels {
                wkb.extend([1u8, 7, 0, 0, 0, 1, 0, 0, 0]);
            }
            wkb.extend([1u8, 3, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0]);
            for v in [0.0f64, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0] {
                wkb.extend(v.to_le_bytes());
            }
            wkb
        };
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        let shallow = nested(3);
        assert_eq!(
            wkb_rings(&shallow, &mut xs, &mut ys),
            Some(WkbShape::Polygons(vec![vec![4]]))
        );
        assert_eq!(wkb_envelope(&shallow), Some([0.0, 0.0, 1.0, 1.0]));
        // Deep enough to exhaust the stack if followed.
        let deep = nested(200_000);
        assert_eq!(wkb_rings(&deep, &mut xs, &mut ys), None);
        assert_eq!(wkb_envelope(&deep), None);
    }

    #[test]
    fn wkb_rings_agree_with_ogr() {
        let cases = [
            (
                "POLYGON ((0 0,4 0,4 4,0 0),(1 1,2 1,2 2,1 1))",
                Some(vec![vec![4, 4]]),
            ),
            ("POLYGON Z ((0 0 5,4 0 5,4 4 5,0 0 5))", Some(vec![vec![4]])),
            ("POLYGON M ((0 0 5,4 0 5,4 4 5,0 0 5))", Some(vec![vec![4]])),
            (
                "POLYGON ZM ((0 0 5 6,4 0 5 6,4 4 5 6,0 0 5 6))",
                Some(vec![vec![4]]),
            ),
            (
                "MULTIPOLYGON (((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 6,5 5)))",
                Some(vec![vec![4], vec![5]]),
            ),
            (
                "GEOMETRYCOLLECTION (POINT (1 2),LINESTRING (0 0,1 1),POLYGON ((0 0,1 0,1 1,0 0)))",
                Some(vec![vec![4]]),
            ),
            ("LINESTRING (0 0,1 1)", None),
            ("MULTIPOLYGON EMPTY", None),
            ("GEOMETRYCOLLECTION (POINT (1 2))", None),
        ];
        for (text, rings) in cases {
            let g = Geometry::from_wkt(text).unwrap();
            let mut want = (Vec::new(), Vec::new());
            if rings.is_some() {
                let mut n = 0;
                let mut pts = Vec::new();
                fn walk(g: &Geometry, pts: &mut Vec<(f64, f64, f64)>, n: &mut usize) {
                    if g.geometry_count() == 0 {
                        let mut buf = Vec::new();
                        g.get_points(&mut buf);
                        if g.geometry_name().contains("LINEARRING")
                            || g.geometry_name() == "LINESTRING"
                        {
                            *n += buf.len();
                            pts.extend(buf);
                        }
                        return;
                    }
                    for i in 0..g.geometry_count() {
                        let c = g.get_geometry(i);
                        if !c.geometry_name().starts_with("POINT")
                            && !c.geometry_name().starts_with("LINESTRING")
                        {
                            walk(&c, pts, n);
                        }
                    }
                }
                walk(&g, &mut pts, &mut n);
                want = (
                    pts.iter().map(|p| p.0).collect(),
                    pts.iter().map(|p| p.1).collect(),
                );
            }
            for iso in [true, false] {
                for big in [true, false] {
                    let (mut xs, mut ys) = (Vec::new(), Vec::new());
                    let got = wkb_rings(&wkb(&g, iso, big), &mut xs, &mut ys).unwrap();
                    match &rings {
                        Some(r) => {
                            assert_eq!(got, WkbShape::Polygons(r.clone()), "{text}");
                            assert_eq!((&xs, &ys), (&want.0, &want.1), "{text}");
                        }
                        None => {
                            let ty = gdal::vector::geometry_type_flatten(g.geometry_type());
                            assert_eq!(got, WkbShape::Other(ty), "{text} iso {iso} big {big}");
                        }
                    }
                }
            }
        }
    }
}
