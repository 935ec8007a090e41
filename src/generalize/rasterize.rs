//! Step 1: rasterize land-cover polygons onto a grid.
//!
//! Semantics:
//!
//! * Polygons are drawn in input order; where polygons overlap, the later one
//!   wins (like `gdal_rasterize`, which burns features in layer order).
//! * A polygon's interior is decided by the **even-odd rule** over all rings
//!   of all its parts, so holes are holes, overlapping parts of an invalid
//!   multipolygon cancel out and a self-intersecting (bow-tie) ring fills its
//!   two lobes, as GDAL does.
//! * [`PixelRule::Centre`]: a pixel takes the class of the last polygon
//!   containing its centre. A centre on a left or bottom edge is inside, on
//!   a right or top edge outside (half-open spans), so two polygons sharing
//!   an edge never both claim a pixel and never leave a gap.
//! * [`PixelRule::Majority`]: every pixel is sampled on `n × n` evenly spaced
//!   points (the centres of an `n × n` sub-grid), each sample gets its class
//!   by the centre rule, and the pixel takes the most frequent value among
//!   the samples, the empty value included; ties go to a class over empty,
//!   then to the lowest class value.
//! * **Coverage.** A polygon of class 0 (left blank: its codes map to 0,
//!   or are missing from the mapping table) is drawn first, as
//!   [`EMPTY`](super::EMPTY): its ground is covered by the source but has
//!   no class (step 3 fills it). Drawn before the classes, it never hides
//!   a class, whatever the layer order.
//! * Ground reached by no polygon is [`OUTSIDE`](super::OUTSIDE): a pixel
//!   whose centre is (centre rule), or more than half of whose samples are
//!   (majority rule; otherwise the rule above decides, counting both kinds
//!   of empty samples as empty). Which of those pixels are gaps inside the
//!   source rather than beyond it is decided afterwards
//!   ([`super::coverage::enclosed_gaps_to_empty`]).
//!
//! Coordinates must already be in the grid's CRS (reprojection is done when
//! reading, see [`crate::io::formats::vector`]). Work is split into bands of rows run
//! in parallel; the result does not depend on the number of threads.
//!
//! ```
//! use geo_types::{polygon, MultiPolygon};
//! use multisenge::generalize::{Grid, rasterize::{rasterize, ClassPolygon}};
//! use multisenge::generalize::config::PixelRule;
//!
//! let grid = Grid { ulx: 0.0, uly: 40.0, pixel_size: 10.0, width: 4, height: 4 };
//! let square = polygon![(x: 0.0, y: 0.0), (x: 20.0, y: 0.0), (x: 20.0, y: 20.0), (x: 0.0, y: 20.0)];
//! let shapes = [ClassPolygon { class: 6, geometry: MultiPolygon(vec![square]) }];
//! let r = rasterize(&shapes, &grid, PixelRule::Centre, 1);
//! // 255 (`OUTSIDE`): no polygon covers the pixel.
//! assert_eq!(r.data, vec![255, 255, 255, 255,  255, 255, 255, 255,  6, 6, 255, 255,  6, 6, 255, 255]);
//! ```

use geo_types::MultiPolygon;
use rayon::prelude::*;

use super::config::PixelRule;
use super::{Grid, Raster, EMPTY, OUTSIDE};

/// A polygon (or multipolygon) with its class, in the grid's CRS.
#[derive(Clone, Debug)]
pub struct ClassPolygon {
    /// 1–14, or 0: covered by the source, without a class (left blank).
    pub class: u8,
    pub geometry: MultiPolygon<f64>,
}

/// Rows per parallel band.
const BAND_ROWS: usize = 128;

/// Rasterizes `shapes` onto `grid` with the given pixel rule
/// (`samples` is the `n` of the majority rule, ignored for the centre rule).
pub fn rasterize(shapes: &[ClassPolygon], grid: &Grid, rule: PixelRule, samples: usize) -> Raster {
    let mut raster = Raster::filled(grid.width, grid.height, OUTSIDE);
    if grid.width == 0 || grid.height == 0 {
        return raster;
    }
    let geoms: Vec<&MultiPolygon<f64>> = shapes.iter().map(|s| &s.geometry).collect();
    let n = match rule {
        PixelRule::Centre => 1,
        PixelRule::Majority => samples.max(1),
    };
    // Bucketed by sample rows: a polygon may reach sample centres of a band
    // without reaching any of its pixel centres.
    let buckets = bucket_by_band(&geoms, &grid.supersampled(n), BAND_ROWS * n);
    raster
        .data
        .par_chunks_mut(BAND_ROWS * grid.width)
        .zip(buckets.par_iter())
        .enumerate()
        .for_each(|(band, (out, members))| {
            let row0 = band * BAND_ROWS;
            let rows = out.len() / grid.width;
            if n == 1 {
                let band_grid = grid.rows(row0, rows);
                for_each_drawn_span(shapes, members, &band_grid, |r, c0, c1, class| {
                    out[r * grid.width + c0..r * grid.width + c1].fill(class);
                });
            } else {
                majority_band(shapes, members, &grid.rows(row0, rows), n, out);
            }
        });
    raster
}

/// The majority rule over one band of pixel rows (`band`, `out` its
/// pixels). Pixel row by pixel row, its `n` sample rows are drawn into a
/// small buffer and cut into runs of one value; a pixel whose sample rows
/// hold one value all across takes it without counting, together with the
/// following pixels for which this stays true.
fn majority_band(shapes: &[ClassPolygon], members: &[u32], band: &Grid, n: usize, out: &mut [u8]) {
    let sub = band.supersampled(n);
    let (w, sw) = (band.width, sub.width);
    // Every sample row's spans (x0, x1, class), in drawing order.
    let mut spans: Vec<Vec<(u32, u32, u8)>> = vec![Vec::new(); sub.height];
    for_each_drawn_span(shapes, members, &sub, |sr, c0, c1, class| {
        spans[sr].push((c0 as u32, c1 as u32, class));
    });
    let mut samples = vec![OUTSIDE; n * sw];
    // Per sample row of the pixel row: runs of one value, covering [0, sw).
    let mut runs: Vec<Vec<(u32, u32, u8)>> = vec![Vec::new(); n];
    let mut at = vec![0usize; n];
    let mut counts = [0u16; 256];
    let mut seen: Vec<u8> = Vec::with_capacity(n * n);
    let nu = n as u32;
    let all = (n * n) as u16;
    for (r, line) in out.chunks_exact_mut(w).enumerate() {
        samples.fill(OUTSIDE);
        for (k, (row, row_runs)) in samples.chunks_exact_mut(sw).zip(&mut runs).enumerate() {
            for &(c0, c1, class) in &spans[r * n + k] {
                row[c0 as usize..c1 as usize].fill(class);
            }
            row_runs.clear();
            let mut x = 0;
            while x < sw {
                let end = run_end(row, x);
                row_runs.push((x as u32, end as u32, row[x]));
                x = end;
            }
        }
        at.fill(0);
        let mut c = 0;
        while c < w {
            let (s0, s1) = (c as u32 * nu, (c as u32 + 1) * nu);
            let mut uniform = true;
            let mut end = u32::MAX;
            let mut class = EMPTY;
            for (k, row_runs) in runs.iter().enumerate() {
                while row_runs[at[k]].1 <= s0 {
                    at[k] += 1;
                }
                let run = row_runs[at[k]];
                if k == 0 {
                    class = run.2;
                }
                uniform &= run.2 == class && run.1 >= s1;
                end = end.min(run.1);
            }
            if uniform {
                // Every pixel up to the first run end holds that value only.
                let next = (end / nu) as usize;
                line[c..next].fill(class);
                c = next;
                continue;
            }
            for (k, row_runs) in runs.iter().enumerate() {
                for &(a, b, v) in row_runs[at[k]..].iter().take_while(|run| run.0 < s1) {
                    if counts[v as usize] == 0 {
                        seen.push(v);
                    }
                    counts[v as usize] += (b.min(s1) - a.max(s0)) as u16;
                }
            }
            line[c] = plurality(&counts, &seen, all);
            for &v in &seen {
                counts[v as usize] = 0;
            }
            seen.clear();
            c += 1;
        }
    }
}

/// The end of the run of `row[from]`'s value starting at `from`: the first
/// index after it holding another value, or `row.len()`. Compares eight
/// bytes at a time.
fn run_end(row: &[u8], from: usize) -> usize {
    let v = row[from];
    let splat = u64::from_ne_bytes([v; 8]);
    let mut i = from + 1;
    while i + 8 <= row.len() {
        let word = u64::from_le_bytes(row[i..i + 8].try_into().expect("8 bytes"));
        let differ = word ^ splat;
        if differ != 0 {
            // The lowest differing byte is the first in memory.
            return i + (differ.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < row.len() && row[i] == v {
        i += 1;
    }
    i
}

/// Most frequent value among `seen` (the values with a count), the empty
/// samples of both kinds counted together; ties to a class over empty, then
/// to the lowest class. An empty pixel is [`OUTSIDE`] when more than half
/// of its `all` samples are.
fn plurality(counts: &[u16; 256], seen: &[u8], all: u16) -> u8 {
    let mut best = EMPTY;
    let mut best_count = counts[EMPTY as usize] + counts[OUTSIDE as usize];
    for &v in seen {
        if v == EMPTY || v == OUTSIDE {
            continue;
        }
        let c = counts[v as usize];
        if c > best_count || (c == best_count && (best == EMPTY || v < best)) {
            best = v;
            best_count = c;
        }
    }
    if best == EMPTY && 2 * counts[OUTSIDE as usize] > all {
        OUTSIDE
    } else {
        best
    }
}

/// Calls `f(row, c0, c1, value)` for the spans of the `members` of
/// `shapes` on `grid`, in drawing order: first the polygons of class 0,
/// then the others, each group in layer order.
fn for_each_drawn_span(
    shapes: &[ClassPolygon],
    members: &[u32],
    grid: &Grid,
    mut f: impl FnMut(usize, usize, usize, u8),
) {
    for blank in [true, false] {
        for &i in members {
            let shape = &shapes[i as usize];
            if (shape.class == EMPTY) == blank {
                for_each_span(&shape.geometry, grid, |r, c0, c1| f(r, c0, c1, shape.class));
            }
        }
    }
}

/// For every band of `band_rows` rows, the indices (in order) of the
/// geometries whose bounding box reaches it.
pub fn bucket_by_band(
    geoms: &[&MultiPolygon<f64>],
    grid: &Grid,
    band_rows: usize,
) -> Vec<Vec<u32>> {
    let bands = grid.height.div_ceil(band_rows);
    let mut buckets = vec![Vec::new(); bands];
    for (i, g) in geoms.iter().enumerate() {
        let Some((r0, r1)) = row_range(g, grid) else {
            continue;
        };
        for b in r0 / band_rows..=(r1 - 1) / band_rows {
            buckets[b].push(i as u32);
        }
    }
    buckets
}

/// Rows `[r0, r1)` whose centres may fall inside the geometry, clipped to
/// the grid; `None` if none.
fn row_range(g: &MultiPolygon<f64>, grid: &Grid) -> Option<(usize, usize)> {
    let (mut ymin, mut ymax) = (f64::INFINITY, f64::NEG_INFINITY);
    let (mut xmin, mut xmax) = (f64::INFINITY, f64::NEG_INFINITY);
    for p in &g.0 {
        for c in &p.exterior().0 {
            ymin = ymin.min(c.y);
            ymax = ymax.max(c.y);
            xmin = xmin.min(c.x);
            xmax = xmax.max(c.x);
        }
    }
    if !ymin.is_finite() {
        return None;
    }
    let (cx0, ry_top) = grid.to_pixel(xmin, ymax);
    let (cx1, ry_bottom) = grid.to_pixel(xmax, ymin);
    if cx1 < 0.0 || cx0 > grid.width as f64 {
        return None;
    }
    let r0 = (ry_top - 0.5).ceil().max(0.0);
    let r1 = ((ry_bottom - 0.5).ceil()).min(grid.height as f64);
    if r1 <= r0 {
        return None;
    }
    Some((r0 as usize, r1 as usize))
}

/// Calls `f(row, c0, c1)` for every run of pixels `c0..c1` of `row` whose
/// centres are inside `geometry` by the even-odd rule (half-open spans).
pub fn for_each_span(
    geometry: &MultiPolygon<f64>,
    grid: &Grid,
    mut f: impl FnMut(usize, usize, usize),
) {
    // Edges in pixel coordinates, oriented so that y0 < y1; horizontal edges
    // never cross a row centre and are dropped.
    let mut edges: Vec<[f64; 4]> = Vec::new();
    let mut push_ring = |ring: &geo_types::LineString<f64>| {
        let pts = &ring.0;
        if pts.len() < 3 {
            return;
        }
        let n = pts.len();
        for i in 0..n {
            let a = pts[i];
            let b = pts[(i + 1) % n];
            let (ax, ay) = grid.to_pixel(a.x, a.y);
            let (bx, by) = grid.to_pixel(b.x, b.y);
            if !(ax.is_finite() && ay.is_finite() && bx.is_finite() && by.is_finite()) || ay == by {
                continue;
            }
            if ay < by {
                edges.push([ax, ay, bx, by]);
            } else {
                edges.push([bx, by, ax, ay]);
            }
        }
    };
    for p in &geometry.0 {
        push_ring(p.exterior());
        for h in p.interiors() {
            push_ring(h);
        }
    }
    if edges.is_empty() {
        return;
    }
    edges.sort_unstable_by(|a, b| a[1].total_cmp(&b[1]));
    let ymin = edges[0][1];
    let ymax = edges.iter().map(|e| e[3]).fold(f64::NEG_INFINITY, f64::max);
    let r0 = ((ymin - 0.5).ceil().max(0.0)) as usize;
    let r1 = ((ymax - 0.5).ceil().min(grid.height as f64)).max(0.0) as usize;
    let width = grid.width as f64;
    let mut next = 0;
    let mut active: Vec<usize> = Vec::new();
    let mut xs: Vec<f64> = Vec::new();
    for row in r0..r1 {
        let yc = row as f64 + 0.5;
        while next < edges.len() && edges[next][1] <= yc {
            active.push(next);
            next += 1;
        }
        active.retain(|&i| edges[i][3] > yc);
        xs.clear();
        for &i in &active {
            let [x0, y0, x1, y1] = edges[i];
            xs.push(x0 + (yc - y0) * (x1 - x0) / (y1 - y0));
        }
        xs.sort_unstable_by(f64::total_cmp);
        for pair in xs.chunks_exact(2) {
            // Pixel c is inside when its centre c + 0.5 is in [xa, xb).
            let c0 = (pair[0] - 0.5).ceil().clamp(0.0, width);
            let c1 = (pair[1] - 0.5).ceil().clamp(0.0, width);
            if c1 > c0 {
                f(row, c0 as usize, c1 as usize);
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use geo_types::{polygon, LineString, Polygon};

    fn grid(w: usize, h: usize) -> Grid {
        Grid {
            ulx: 0.0,
            uly: h as f64,
            pixel_size: 1.0,
            width: w,
            height: h,
        }
    }

    fn shape(class: u8, p: Polygon<f64>) -> ClassPolygon {
        ClassPolygon {
            class,
            geometry: MultiPolygon(vec![p]),
        }
    }

    /// Brute-force oracle: crossing-number (even-odd) test of a point.
    pub(crate) fn inside(g: &MultiPolygon<f64>, x: f64, y: f64) -> bool {
        let mut c = false;
        for p in &g.0 {
            for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                let pts = &ring.0;
                for i in 0..pts.len() {
                    let (a, b) = (pts[i], pts[(i + 1) % pts.len()]);
                    if (a.y <= y) != (b.y <= y) {
                        let xi = a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y);
                        if x < xi {
                            c = !c;
                        }
                    }
                }
            }
        }
        c
    }

    #[test]
    fn hole_stays_empty_and_later_polygon_wins() {
        let with_hole = Polygon::new(
            LineString::from(vec![(0.0, 0.0), (6.0, 0.0), (6.0, 6.0), (0.0, 6.0)]),
            vec![LineString::from(vec![
                (2.0, 2.0),
                (4.0, 2.0),
                (4.0, 4.0),
                (2.0, 4.0),
            ])],
        );
        let over = polygon![(x: 5.0, y: 0.0), (x: 6.0, y: 0.0), (x: 6.0, y: 6.0), (x: 5.0, y: 6.0)];
        let r = rasterize(
            &[shape(11, with_hole), shape(14, over)],
            &grid(6, 6),
            PixelRule::Centre,
            1,
        );
        assert_eq!(r.get(2, 2), OUTSIDE);
        assert_eq!(r.get(3, 3), OUTSIDE);
        assert_eq!(r.get(0, 0), 11);
        assert_eq!(r.get(5, 3), 14);
    }

    #[test]
    fn matches_brute_force_on_odd_shapes() {
        // A bow-tie (invalid ring) and a star with non-integer vertices.
        let bowtie =
            polygon![(x: 0.3, y: 0.2), (x: 9.7, y: 9.1), (x: 9.6, y: 0.4), (x: 0.27, y: 9.8)];
        let star = polygon![(x: 5.0, y: 0.1), (x: 6.1, y: 3.9), (x: 9.9, y: 4.2), (x: 6.8, y: 6.1),
            (x: 8.2, y: 9.9), (x: 5.0, y: 7.3), (x: 1.7, y: 9.7), (x: 3.1, y: 6.0), (x: 0.1, y: 4.0), (x: 3.9, y: 3.8)];
        for p in [bowtie, star] {
            let mp = MultiPolygon(vec![p.clone()]);
            let r = rasterize(&[shape(3, p)], &grid(10, 10), PixelRule::Centre, 1);
            for row in 0..10 {
                for col in 0..10 {
                    let want = inside(&mp, col as f64 + 0.5, 10.0 - (row as f64 + 0.5));
                    assert_eq!(r.get(col, row) == 3, want, "pixel ({col}, {row})");
                }
            }
        }
    }

    #[test]
    fn majority_rule_takes_the_larger_share() {
        // Covers 70 % of pixel (0, 0) but not its centre.
        let p = polygon![(x: 0.0, y: 0.0), (x: 0.45, y: 0.0), (x: 0.45, y: 1.0), (x: 0.0, y: 1.0)];
        let q = polygon![(x: 0.0, y: 0.0), (x: 0.7, y: 0.0), (x: 0.7, y: 1.0), (x: 0.0, y: 1.0)];
        let g = grid(1, 1);
        assert_eq!(
            rasterize(&[shape(6, p)], &g, PixelRule::Centre, 1).data,
            vec![OUTSIDE]
        );
        assert_eq!(
            rasterize(&[shape(6, q.clone())], &g, PixelRule::Centre, 1).data,
            vec![6]
        );
        assert_eq!(
            rasterize(&[shape(6, q)], &g, PixelRule::Majority, 10).data,
            vec![6]
        );
        let p = polygon![(x: 0.0, y: 0.0), (x: 0.45, y: 0.0), (x: 0.45, y: 1.0), (x: 0.0, y: 1.0)];
        assert_eq!(
            rasterize(&[shape(6, p.clone())], &g, PixelRule::Majority, 10).data,
            vec![OUTSIDE]
        );
        // The same share of the pixel, with the rest blank (covered by a
        // polygon of class 0): empty, inside the coverage.
        let rest =
            polygon![(x: 0.45, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.45, y: 1.0)];
        assert_eq!(
            rasterize(&[shape(6, p), shape(0, rest)], &g, PixelRule::Majority, 10).data,
            vec![EMPTY]
        );
    }

    /// The majority rule against its definition, sample by sample, on
    /// overlapping polygons (uniform pixels and mixed ones); no vertex lies
    /// on a sample's row or column, where the half-open rules differ.
    #[test]
    fn majority_rule_matches_brute_force() {
        let shapes = [
            shape(
                3,
                polygon![(x: 0.33, y: 0.23), (x: 17.73, y: 3.13), (x: 9.63, y: 15.43)],
            ),
            shape(
                7,
                polygon![(x: 5.13, y: 4.33), (x: 19.93, y: 4.33), (x: 19.93, y: 19.23), (x: 5.13, y: 19.23)],
            ),
            shape(
                2,
                polygon![(x: 1.05, y: 9.93), (x: 8.23, y: 12.13), (x: 2.23, y: 18.73)],
            ),
            // A field with a hole, partly over nothing else.
            ClassPolygon {
                class: 9,
                geometry: MultiPolygon(vec![Polygon::new(
                    LineString::from(vec![
                        (12.07, 0.13),
                        (19.91, 0.17),
                        (19.87, 11.03),
                        (12.11, 10.97),
                    ]),
                    vec![LineString::from(vec![
                        (13.93, 1.07),
                        (18.03, 1.13),
                        (17.97, 3.91),
                        (14.01, 3.87),
                    ])],
                )]),
            },
            // Blank (class 0), drawn last over classes and over nothing: the
            // classes still show, the rest is empty inside the coverage.
            shape(
                0,
                polygon![(x: 0.21, y: 13.07), (x: 11.93, y: 13.03), (x: 11.97, y: 19.91), (x: 0.17, y: 19.83)],
            ),
        ];
        let g = grid(20, 20);
        for n in [1usize, 2, 3, 5] {
            let r = rasterize(&shapes, &g, PixelRule::Majority, n);
            let want = majority_oracle(&shapes, &g, n);
            assert_eq!(r.data, want, "n {n}");
            // Every kind of pixel is there.
            for v in [EMPTY, OUTSIDE, 2, 3, 7, 9] {
                assert!(want.contains(&v), "n {n}: no pixel {v}");
            }
        }
        // The centre rule is the majority rule with one sample.
        assert_eq!(
            rasterize(&shapes, &g, PixelRule::Centre, 1).data,
            majority_oracle(&shapes, &g, 1)
        );
    }

    /// A point's value by the definitions: the last polygon of a class
    /// containing it; else empty when a polygon of class 0 contains it;
    /// else outside.
    pub(crate) fn value_at(shapes: &[ClassPolygon], x: f64, y: f64) -> u8 {
        if let Some(s) = shapes
            .iter()
            .rev()
            .find(|s| s.class != 0 && inside(&s.geometry, x, y))
        {
            return s.class;
        }
        if shapes
            .iter()
            .any(|s| s.class == 0 && inside(&s.geometry, x, y))
        {
            EMPTY
        } else {
            OUTSIDE
        }
    }

    /// The majority rule by its definition: every sample of every pixel
    /// tested against every polygon ([`value_at`]).
    fn majority_oracle(shapes: &[ClassPolygon], g: &Grid, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(g.width * g.height);
        for row in 0..g.height {
            for col in 0..g.width {
                let mut counts = [0usize; 256];
                for sr in 0..n {
                    for sc in 0..n {
                        let x = g.ulx + (col as f64 + (sc as f64 + 0.5) / n as f64) * g.pixel_size;
                        let y = g.uly - (row as f64 + (sr as f64 + 0.5) / n as f64) * g.pixel_size;
                        counts[value_at(shapes, x, y) as usize] += 1;
                    }
                }
                // Most frequent, both kinds of empty together; ties to a
                // class over empty, then lowest; outside when more than
                // half the samples are.
                let empty = counts[0] + counts[255];
                let best = (1..255)
                    .filter(|&v| counts[v] > 0)
                    .max_by_key(|&v| (counts[v], std::cmp::Reverse(v)))
                    .filter(|&v| counts[v] >= empty)
                    .unwrap_or(if 2 * counts[255] > n * n { 255 } else { 0 });
                out.push(best as u8);
            }
        }
        out
    }

    /// Polygons that reach sample centres of a band (128 pixel rows) but
    /// none of its pixel centres, or no pixel centre at all: thin slivers
    /// between two rows of pixel centres, inside a band and across the
    /// boundary of two bands, over and under larger polygons.
    #[test]
    fn majority_rule_sees_samples_beyond_pixel_centres() {
        let h = 300usize;
        // A polygon given in pixel coordinates (column, row from the top).
        let at = |class: u8, pts: &[(f64, f64)]| {
            let ring: Vec<(f64, f64)> = pts.iter().map(|&(c, r)| (c, h as f64 - r)).collect();
            shape(class, Polygon::new(LineString::from(ring), vec![]))
        };
        let shapes = [
            // Under everything: a large field over both band boundaries.
            at(
                4,
                &[
                    (0.41, 120.23),
                    (29.62, 119.07),
                    (28.33, 262.91),
                    (1.04, 261.43),
                ],
            ),
            // Rows 127.23–128.41: pixel centres of band 0 only.
            at(
                9,
                &[
                    (2.07, 127.23),
                    (25.93, 127.23),
                    (25.93, 128.41),
                    (2.07, 128.41),
                ],
            ),
            // Rows 127.62–127.96: no pixel centre; and 128.04–128.38.
            at(
                11,
                &[
                    (3.09, 127.62),
                    (12.93, 127.62),
                    (12.93, 127.96),
                    (3.09, 127.96),
                ],
            ),
            at(
                12,
                &[
                    (14.09, 128.04),
                    (27.93, 128.04),
                    (27.93, 128.38),
                    (14.09, 128.38),
                ],
            ),
            // A sliver inside band 1, between two rows of centres.
            at(
                2,
                &[
                    (5.04, 200.57),
                    (22.93, 200.63),
                    (22.91, 200.97),
                    (5.07, 200.96),
                ],
            ),
            // A triangle ending between the centres of rows 255 and 256.
            at(7, &[(6.04, 240.07), (16.96, 255.93), (4.03, 255.91)]),
            // Thin diagonal crossing band 1 → 2.
            at(
                3,
                &[
                    (0.07, 250.04),
                    (29.93, 259.96),
                    (29.94, 260.41),
                    (0.06, 250.47),
                ],
            ),
        ];
        let g = grid(30, h);
        for n in [2usize, 3, 4] {
            let r = rasterize(&shapes, &g, PixelRule::Majority, n);
            let want = majority_oracle(&shapes, &g, n);
            let bad: Vec<usize> = (0..want.len()).filter(|&i| r.data[i] != want[i]).collect();
            assert!(
                bad.is_empty(),
                "n {n}: pixels {bad:?} differ from the oracle"
            );
        }
        // The slivers and the band-crossing polygons decide pixels: without
        // them the oracle differs.
        let without = majority_oracle(&shapes[..2], &g, 2);
        let with = majority_oracle(&shapes, &g, 2);
        let mut changed = 0;
        for row in 119..263 {
            changed += (0..30)
                .filter(|&c| without[row * 30 + c] != with[row * 30 + c])
                .count();
        }
        assert!(changed > 0);
    }

    /// Eight bytes at a time against one at a time, for runs ending at
    /// every offset in and across words.
    #[test]
    fn run_end_matches_a_byte_scan() {
        let mut row = vec![0u8; 61];
        for (i, v) in row.iter_mut().enumerate() {
            // Runs of lengths 1, 2, 3, … with alternating values.
            let mut k = 0;
            let mut len = 1;
            while k + len <= i {
                k += len;
                len += 1;
            }
            *v = [4, 9, 255, 0][(len - 1) % 4];
        }
        for from in 0..row.len() {
            let want = (from..row.len())
                .find(|&i| row[i] != row[from])
                .unwrap_or(row.len());
            assert_eq!(run_end(&row, from), want, "from {from}");
        }
    }

    #[test]
    fn banding_does_not_change_the_result() {
        let p = polygon![(x: 3.0, y: 1.0), (x: 290.0, y: 7.0), (x: 150.0, y: 299.0)];
        let g = grid(300, 300);
        let r = rasterize(&[shape(9, p.clone())], &g, PixelRule::Centre, 1);
        let mp = MultiPolygon(vec![p]);
        let mut bad = 0;
        for row in 0..300 {
            for col in 0..300 {
                let want = inside(&mp, col as f64 + 0.5, 300.0 - (row as f64 + 0.5));
                bad += usize::from((r.get(col, row) == 9) != want);
            }
        }
        assert_eq!(bad, 0);
    }
}
