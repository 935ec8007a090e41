//! Step 5: buffer road and railway lines and burn them as class 5.
//!
//! Semantics:
//!
//! * Every line carries its own buffer distance in metres (from the
//!   profile: 30 m for the most important roads, 10 m for secondary roads and
//!   railways by default). The distance is measured on each side of the line
//!   (a buffer of 30 m is a 60 m wide corridor), with round ends and joins,
//!   as `ST_Buffer(line, 30)` in GEOS.
//! * A pixel is burned when its **centre** lies within the buffer distance of
//!   the line (distance ≤ buffer, boundary included), computed exactly
//!   segment by segment; GEOS approximates the round parts with polygons, the
//!   only source of difference from `gdal_rasterize` on a GEOS buffer.
//! * Burned pixels take class 5 whatever they held, empty pixels included;
//!   roads are drawn over the land cover, after steps 2–4.
//!
//! ```
//! use geo_types::line_string;
//! use multisenge::generalize::{Grid, Raster};
//! use multisenge::generalize::burn_roads::{burn_roads, RoadLine};
//!
//! let grid = Grid { ulx: 0.0, uly: 50.0, pixel_size: 10.0, width: 5, height: 5 };
//! let road = RoadLine { geometry: line_string![(x: 0.0, y: 25.0), (x: 50.0, y: 25.0)], buffer_m: 10.0 };
//! let (out, burned) = burn_roads(&Raster::filled(5, 5, 6), &grid, &[road]);
//! // Row centres at y = 25 ± 0 and ± 10 are within 10 m of the line.
//! assert_eq!(burned, 15);
//! assert_eq!(out.get(2, 0), 6);
//! assert_eq!(out.get(2, 1), 5);
//! ```

use geo_types::LineString;

use super::{Grid, Raster, NETWORK_CLASS};

/// A line to burn with its buffer distance, in the grid's CRS.
#[derive(Clone, Debug)]
pub struct RoadLine {
    pub geometry: LineString<f64>,
    /// Buffer distance on each side, metres.
    pub buffer_m: f64,
}

/// Returns a copy of `raster` with the buffered lines burned as class 5, and
/// the number of pixels that changed to class 5.
pub fn burn_roads(raster: &Raster, grid: &Grid, lines: &[RoadLine]) -> (Raster, u64) {
    let mut out = raster.clone();
    let mut burned = 0u64;
    for_each_buffered_pixel(grid, lines, |x, y| {
        let v = &mut out.data[y * grid.width + x];
        if *v != NETWORK_CLASS {
            burned += 1;
        }
        *v = NETWORK_CLASS;
    });
    (out, burned)
}

/// The pixels `burn_roads` burns, as a row-major mask of the grid.
pub fn network_mask(grid: &Grid, lines: &[RoadLine]) -> Vec<bool> {
    let mut mask = vec![false; grid.width * grid.height];
    for_each_buffered_pixel(grid, lines, |x, y| mask[y * grid.width + x] = true);
    mask
}

/// Calls `f(col, row)` for every pixel whose centre is within the buffer of
/// one of the lines (possibly several times for the same pixel).
pub fn for_each_buffered_pixel(grid: &Grid, lines: &[RoadLine], mut f: impl FnMut(usize, usize)) {
    let (w, h) = (grid.width as f64, grid.height as f64);
    for line in lines {
        let d = line.buffer_m / grid.pixel_size;
        if d.is_nan() || d < 0.0 || !d.is_finite() {
            continue;
        }
        let pts: Vec<(f64, f64)> = line
            .geometry
            .0
            .iter()
            .map(|c| grid.to_pixel(c.x, c.y))
            .collect();
        let segs: Vec<((f64, f64), (f64, f64))> = if pts.len() == 1 {
            vec![(pts[0], pts[0])]
        } else {
            pts.windows(2).map(|p| (p[0], p[1])).collect()
        };
        for (a, b) in segs {
            if !(a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite()) {
                continue;
            }
            let ymin = a.1.min(b.1) - d;
            let ymax = a.1.max(b.1) + d;
            let r0 = (ymin - 0.5).ceil().max(0.0);
            let r1 = (ymax - 0.5).floor().min(h - 1.0);
            if r1 < r0 {
                continue;
            }
            for row in r0 as usize..=r1 as usize {
                let yc = row as f64 + 0.5;
                if let Some((lo, hi)) = capsule_span(a, b, d, yc) {
                    let c0 = (lo - 0.5).ceil().max(0.0);
                    let c1 = (hi - 0.5).floor().min(w - 1.0);
                    if c1 >= c0 {
                        for col in c0 as usize..=c1 as usize {
                            f(col, row);
                        }
                    }
                }
            }
        }
    }
}

/// The x interval of the horizontal line `y = yc` within distance `d` of
/// segment `a`–`b` (a convex "capsule", so the set is one interval).
fn capsule_span(a: (f64, f64), b: (f64, f64), d: f64, yc: f64) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for p in [a, b] {
        let dy = yc - p.1;
        if dy.abs() <= d {
            let half = (d * d - dy * dy).max(0.0).sqrt();
            lo = lo.min(p.0 - half);
            hi = hi.max(p.0 + half);
        }
    }
    let (vx, vy) = (b.0 - a.0, b.1 - a.1);
    let len = (vx * vx + vy * vy).sqrt();
    if len > 0.0 {
        let (ux, uy) = (vx / len, vy / len);
        // Along the row, t(x) = ux·x + t0 and n(x) = −uy·x + n0 are the
        // coordinates along and across the segment; keep 0 ≤ t ≤ len, |n| ≤ d.
        let t0 = -a.0 * ux + (yc - a.1) * uy;
        let n0 = a.0 * uy + (yc - a.1) * ux;
        let mut range = (f64::NEG_INFINITY, f64::INFINITY);
        let mut ok = true;
        for (coef, c0, min, max) in [(ux, t0, 0.0, len), (-uy, n0, -d, d)] {
            if coef.abs() < 1e-12 {
                if c0 < min || c0 > max {
                    ok = false;
                }
            } else {
                let (x1, x2) = ((min - c0) / coef, (max - c0) / coef);
                range.0 = range.0.max(x1.min(x2));
                range.1 = range.1.min(x1.max(x2));
            }
        }
        if ok && range.0 <= range.1 {
            lo = lo.min(range.0);
            hi = hi.max(range.1);
        }
    }
    (lo <= hi).then_some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::line_string;

    fn dist_to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
        let (vx, vy) = (b.0 - a.0, b.1 - a.1);
        let l2 = vx * vx + vy * vy;
        let t = if l2 == 0.0 {
            0.0
        } else {
            (((p.0 - a.0) * vx + (p.1 - a.1) * vy) / l2).clamp(0.0, 1.0)
        };
        let (qx, qy) = (a.0 + t * vx, a.1 + t * vy);
        ((p.0 - qx).powi(2) + (p.1 - qy).powi(2)).sqrt()
    }

    #[test]
    fn agrees_with_point_to_segment_distance() {
        let grid = Grid {
            ulx: 0.0,
            uly: 400.0,
            pixel_size: 10.0,
            width: 40,
            height: 40,
        };
        let line = line_string![(x: 13.0, y: 17.0), (x: 211.0, y: 377.0), (x: 390.0, y: 120.5), (x: 250.0, y: 20.0)];
        let lines = [RoadLine {
            geometry: line.clone(),
            buffer_m: 23.0,
        }];
        let (out, _) = burn_roads(&Raster::filled(40, 40, 0), &grid, &lines);
        let mask = network_mask(&grid, &lines);
        assert!((0..1600).all(|i| mask[i] == (out.data[i] == 5)));
        for row in 0..40 {
            for col in 0..40 {
                let p = (col as f64 * 10.0 + 5.0, 400.0 - (row as f64 * 10.0 + 5.0));
                let d = line
                    .0
                    .windows(2)
                    .map(|s| dist_to_segment(p, (s[0].x, s[0].y), (s[1].x, s[1].y)))
                    .fold(f64::INFINITY, f64::min);
                assert_eq!(
                    out.get(col, row) == 5,
                    d <= 23.0,
                    "pixel ({col}, {row}) at distance {d}"
                );
            }
        }
    }
}
