//! Step 5: buffer road and railway lines (and rail surfaces of the
//! land-cover source) and burn them as class 5.
//!
//! Semantics:
//!
//! * Every line carries its buffer as a distance on each side, in metres
//!   ([`RoadLine::buffer_m`]), with round ends and joins, as
//!   `ST_Buffer(line, d)` in GEOS. The profile's values (30 m for the most
//!   important roads, 10 m for secondary roads and railways) are turned into
//!   that distance by its `buffer_mode`: `width` (the `paper` profile) reads
//!   30 m as the corridor's total width, 15 m on each side; `distance`
//!   (`ocsge-plus`) as 30 m on each side, a 60 m corridor
//!   ([`BufferMode::each_side`](super::config::BufferMode::each_side)).
//! * A pixel is burned when its **centre** lies within that distance of
//!   the line (distance ≤ buffer, boundary included), computed exactly
//!   segment by segment; GEOS approximates the round parts with polygons,
//!   the only source of difference from `gdal_rasterize` on a GEOS buffer.
//! * A **surface** ([`RoadSurface`], a rail surface of the land-cover
//!   source) burns the pixels whose centre lies in it (the even-odd and
//!   half-open rules of step 1's centre rule) or within its buffer
//!   distance of its outline.
//! * Burned pixels take class 5 whatever they held, empty pixels included;
//!   roads are drawn over the land cover, after steps 2–4. Pixels outside
//!   the source's coverage ([`OUTSIDE`]) are burned only when asked
//!   (`burn_outside_coverage`): by default a road crossing ground the land
//!   cover does not describe creates no land there.
//!
//! ```
//! use geo_types::line_string;
//! use multisenge::generalize::{Grid, Raster};
//! use multisenge::generalize::burn_roads::{burn_roads, RoadLine};
//!
//! let grid = Grid { ulx: 0.0, uly: 50.0, pixel_size: 10.0, width: 5, height: 5 };
//! // 10 m on each side: a 20 m corridor (a `width` of 20 m, a `distance` of 10 m).
//! let road = RoadLine { geometry: line_string![(x: 0.0, y: 25.0), (x: 50.0, y: 25.0)], buffer_m: 10.0 };
//! let (out, burned) = burn_roads(&Raster::filled(5, 5, 6), &grid, &[road]);
//! // Row centres at y = 25 ± 0 and ± 10 are within 10 m of the line.
//! assert_eq!(burned, 15);
//! assert_eq!(out.get(2, 0), 6);
//! assert_eq!(out.get(2, 1), 5);
//! ```

use geo_types::{LineString, MultiPolygon};

use super::rasterize::for_each_span;
use super::{Grid, Raster, NETWORK_CLASS, OUTSIDE};

/// A line to burn with its buffer distance, in the grid's CRS.
#[derive(Clone, Debug)]
pub struct RoadLine {
    pub geometry: LineString<f64>,
    /// Buffer distance on each side, metres (the profile's value read by
    /// its `buffer_mode`).
    pub buffer_m: f64,
}

/// A surface to burn (a rail surface of the land-cover source) with its
/// buffer distance around its outline, in the grid's CRS.
#[derive(Clone, Debug)]
pub struct RoadSurface {
    pub geometry: MultiPolygon<f64>,
    /// Buffer distance around the outline, metres.
    pub buffer_m: f64,
}

/// Everything step 5 burns.
#[derive(Clone, Debug, Default)]
pub struct Network {
    pub lines: Vec<RoadLine>,
    pub surfaces: Vec<RoadSurface>,
}

impl Network {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.surfaces.is_empty()
    }
}

/// Returns a copy of `raster` with the buffered lines burned as class 5, and
/// the number of pixels that changed to class 5 (pixels outside the
/// coverage included: see [`burn_network`]).
pub fn burn_roads(raster: &Raster, grid: &Grid, lines: &[RoadLine]) -> (Raster, u64) {
    let mut out = raster.clone();
    let burned = burn_in_place(&mut out, grid, lines, &[], true);
    (out, burned)
}

/// Burns `network` as class 5 into `raster`, pixels outside the source's
/// coverage only when `over_outside`; returns the number of pixels that
/// changed to class 5.
pub fn burn_network(
    raster: &mut Raster,
    grid: &Grid,
    network: &Network,
    over_outside: bool,
) -> u64 {
    burn_in_place(
        raster,
        grid,
        &network.lines,
        &network.surfaces,
        over_outside,
    )
}

fn burn_in_place(
    raster: &mut Raster,
    grid: &Grid,
    lines: &[RoadLine],
    surfaces: &[RoadSurface],
    over_outside: bool,
) -> u64 {
    let mut burned = 0u64;
    let mut burn = |x: usize, y: usize| {
        let v = &mut raster.data[y * grid.width + x];
        if *v != NETWORK_CLASS && (over_outside || *v != OUTSIDE) {
            burned += 1;
            *v = NETWORK_CLASS;
        }
    };
    for_each_buffered_pixel(grid, lines, &mut burn);
    for_each_surface_pixel(grid, surfaces, &mut burn);
    burned
}

/// The pixels [`burn_network`] burns (outside the coverage included), as a
/// row-major mask of the grid.
pub fn network_mask(grid: &Grid, network: &Network) -> Vec<bool> {
    let mut mask = vec![false; grid.width * grid.height];
    let mut set = |x: usize, y: usize| mask[y * grid.width + x] = true;
    for_each_buffered_pixel(grid, &network.lines, &mut set);
    for_each_surface_pixel(grid, &network.surfaces, &mut set);
    mask
}

/// Calls `f(col, row)` for every pixel whose centre is in one of the
/// surfaces or within its buffer of its outline (possibly several times
/// for the same pixel).
pub fn for_each_surface_pixel(
    grid: &Grid,
    surfaces: &[RoadSurface],
    mut f: impl FnMut(usize, usize),
) {
    for s in surfaces {
        if s.buffer_m.is_nan() || s.buffer_m < 0.0 || !s.buffer_m.is_finite() {
            continue;
        }
        for_each_span(&s.geometry, grid, |row, c0, c1| {
            for col in c0..c1 {
                f(col, row);
            }
        });
        let outline: Vec<RoadLine> = s
            .geometry
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .map(|ring| RoadLine {
                geometry: ring.clone(),
                buffer_m: s.buffer_m,
            })
            .collect();
        for_each_buffered_pixel(grid, &outline, &mut f);
    }
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

    /// A surface with a hole burns the pixels whose centre is inside it
    /// (crossing-number test) or within its buffer of a ring; pixels
    /// outside the coverage only when asked.
    #[test]
    fn surfaces_agree_with_inside_or_near_the_outline() {
        use crate::generalize::rasterize::tests::inside;
        use geo_types::Polygon;
        let grid = Grid {
            ulx: 0.0,
            uly: 300.0,
            pixel_size: 10.0,
            width: 30,
            height: 30,
        };
        let outer = LineString::from(vec![
            (21.3, 33.7),
            (251.9, 61.2),
            (188.4, 270.6),
            (40.2, 230.9),
        ]);
        let hole = LineString::from(vec![(90.7, 110.3), (150.2, 115.9), (120.4, 170.8)]);
        let geometry = MultiPolygon(vec![Polygon::new(outer.clone(), vec![hole.clone()])]);
        // Pixels in the left third are outside the coverage.
        let mut raster = Raster::filled(30, 30, 6);
        for y in 0..30 {
            for x in 0..10 {
                raster.data[y * 30 + x] = OUTSIDE;
            }
        }
        for d in [0.0, 7.5, 15.0] {
            let network = Network {
                lines: vec![],
                surfaces: vec![RoadSurface {
                    geometry: geometry.clone(),
                    buffer_m: d,
                }],
            };
            let mask = network_mask(&grid, &network);
            let mut kept = raster.clone();
            let burned = burn_network(&mut kept, &grid, &network, false);
            let mut all = raster.clone();
            burn_network(&mut all, &grid, &network, true);
            let mut want_burned = 0;
            for row in 0..30 {
                for col in 0..30 {
                    let p = (col as f64 * 10.0 + 5.0, 300.0 - (row as f64 * 10.0 + 5.0));
                    let near = [&outer, &hole].iter().any(|ring| {
                        let pts = &ring.0;
                        (0..pts.len()).any(|i| {
                            let (a, b) = (pts[i], pts[(i + 1) % pts.len()]);
                            dist_to_segment(p, (a.x, a.y), (b.x, b.y)) <= d
                        })
                    });
                    let want = inside(&geometry, p.0, p.1) || near;
                    let i = row * 30 + col;
                    assert_eq!(mask[i], want, "d {d}: pixel ({col}, {row})");
                    assert_eq!(all.data[i] == 5, want, "d {d}: ({col}, {row})");
                    let outside = col < 10;
                    assert_eq!(kept.data[i] == 5, want && !outside, "d {d}: ({col}, {row})");
                    want_burned += usize::from(want && !outside);
                }
            }
            assert_eq!(burned, want_burned as u64);
            // The outside third and the hole both matter.
            assert!((0..900).any(|i| all.data[i] == 5 && i % 30 < 10), "d {d}");
            assert_eq!(kept.get(12, 17) == 5, d >= 15.0, "d {d}: the hole's middle");
        }
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
        let network = Network {
            lines: lines.to_vec(),
            surfaces: vec![],
        };
        let mask = network_mask(&grid, &network);
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
