//! The vector source's classes against the raster's, by supersampling.
//!
//! Semantics:
//!
//! * Every raster pixel is split into `factor × factor` sub-pixels (10 × 10
//!   by default: 1 m² sub-pixels at 10 m). A sub-pixel's **vector class** is
//!   that of the last polygon containing its centre (the even-odd and
//!   half-open rules of [`rasterize`](crate::generalize::rasterize)), or none.
//!   Polygons of class 0 (left blank by the mapping, or codes missing from
//!   it) come first in the slice: they hide no class, and give none.
//! * The confusion matrix counts sub-pixels: row = vector class, column =
//!   the raster value of the pixel holding the sub-pixel (0 = empty is a
//!   column like the others). Sub-pixels without a class are counted apart
//!   (`uncovered`) and left out of the matrix; of them, those in no polygon
//!   at all are **outside the source's coverage** (`outside`). Areas are
//!   sub-pixel counts × sub-pixel area.
//! * **Empty pixels** (raster value 0) are counted by cause: outside the
//!   source's coverage, or inside it, as `generalize` decides it with its
//!   samples ([`crate::generalize::coverage`]): a pixel is outside when
//!   more than half of its sub-pixels are in no polygon, unless it lies in
//!   a gap the source encloses.
//! * A polygon is **lost** when none of its visible sub-pixels lies in a
//!   raster pixel of its own class; polygons with no visible sub-pixel at
//!   all (smaller than a sub-pixel, or hidden under later polygons) are lost
//!   too. Polygons of class 0 are never lost.
//! * The **disagreement** of a pixel is the share of its sub-pixels with a
//!   class whose vector class differs from the pixel's value, in percent
//!   (0–100), or 255 when none has a class.
//! * With a **network** mask (`compare --roads`: the pixels the roads step
//!   burns, [`network_mask`](crate::generalize::burn_roads::network_mask)),
//!   the network's pixels are set apart: they are left out of the matrix
//!   (so every class there measures steps 1–4, and the land under the roads
//!   counts against no class), and measured against the source's
//!   **transport surfaces** (polygons flagged `transport`): how much of the
//!   network lies on them and how much of them the network covers
//!   ([`NetworkCounts`]). A network pixel's disagreement is the share of its
//!   sub-pixels on no transport surface. The buffers that made class 5 are
//!   never its reference. Lost polygons are still judged on their own
//!   class, network or not.
//!
//! ```
//! use geo_types::{polygon, MultiPolygon};
//! use multisenge::compare::coverage::{compare_coverage, ComparePolygon};
//! use multisenge::generalize::{Grid, Raster};
//!
//! let grid = Grid { ulx: 0.0, uly: 10.0, pixel_size: 10.0, width: 2, height: 1 };
//! // A polygon covering the left pixel and 30 % of the right one.
//! let p = polygon![(x: 0.0, y: 0.0), (x: 13.0, y: 0.0), (x: 13.0, y: 10.0), (x: 0.0, y: 10.0)];
//! let polys = [ComparePolygon { id: 1, class: 6, transport: false, geometry: MultiPolygon(vec![p]) }];
//! let c = compare_coverage(&polys, &Raster::from_rows(&[&[6, 9]]), &grid, 10, None);
//! assert_eq!(c.matrix.get(6, 6), 100);
//! assert_eq!(c.matrix.get(6, 9), 30);
//! assert_eq!((c.uncovered, c.outside), (70, 70));
//! assert_eq!(c.disagreement.data, vec![0, 100]);
//! assert!(c.lost.is_empty());
//! ```

use geo_types::MultiPolygon;
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};

mod runs;

use runs::{value_runs, visible_runs, ColumnCounts, Run};

use crate::generalize::coverage::runs_reaching_the_edge;
use crate::generalize::rasterize::{bucket_by_band, for_each_span};
use crate::generalize::OUTSIDE;
use crate::raster::{regions, Grid, Raster};

/// A source polygon with its id and class, in the raster's CRS.
#[derive(Clone, Debug)]
pub struct ComparePolygon {
    pub id: i64,
    /// 1–14, or 0: covers its ground without a class.
    pub class: u8,
    /// A transport surface of the source (`[network] transport_surfaces`).
    pub transport: bool,
    pub geometry: MultiPolygon<f64>,
}

/// A 256 × 256 confusion matrix: `get(vector_class, raster_value)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfusionMatrix {
    counts: Vec<u64>,
}

impl Default for ConfusionMatrix {
    fn default() -> Self {
        ConfusionMatrix {
            counts: vec![0; 256 * 256],
        }
    }
}

impl ConfusionMatrix {
    pub fn get(&self, vector: u8, raster: u8) -> u64 {
        self.counts[vector as usize * 256 + raster as usize]
    }

    pub fn add(&mut self, vector: u8, raster: u8, n: u64) {
        self.counts[vector as usize * 256 + raster as usize] += n;
    }

    fn merge(&mut self, other: &ConfusionMatrix) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    /// Values with a non-zero row or column, ascending.
    pub fn classes(&self) -> Vec<u8> {
        (0..=255u8)
            .filter(|&c| (0..=255u8).any(|o| self.get(c, o) > 0 || self.get(o, c) > 0))
            .collect()
    }

    pub fn row_sum(&self, vector: u8) -> u64 {
        (0..=255u8).map(|r| self.get(vector, r)).sum()
    }

    pub fn col_sum(&self, raster: u8) -> u64 {
        (0..=255u8).map(|v| self.get(v, raster)).sum()
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// A polygon with no sub-pixel of its class in the raster.
#[derive(Clone, Debug, PartialEq)]
pub struct LostPolygon {
    /// Index in the input slice.
    pub index: usize,
    pub id: i64,
    pub class: u8,
}

/// The network's pixels against the source's transport surfaces, in
/// sub-pixels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NetworkCounts {
    /// Sub-pixels of the network's pixels.
    pub network: u64,
    /// Of which on a transport surface.
    pub on_transport: u64,
    /// Sub-pixels of transport surfaces, network or not.
    pub transport: u64,
}

/// Result of [`compare_coverage`].
#[derive(Clone, Debug)]
pub struct Coverage {
    pub factor: usize,
    /// In sub-pixels, the network's pixels left out.
    pub matrix: ConfusionMatrix,
    /// Sub-pixels without a class (off the network).
    pub uncovered: u64,
    /// Of which outside every polygon: outside the source's coverage.
    pub outside: u64,
    /// Empty pixels (raster value 0) outside the coverage, and inside it.
    pub empty_outside: u64,
    pub empty_inside: u64,
    /// With a network mask.
    pub network: Option<NetworkCounts>,
    pub lost: Vec<LostPolygon>,
    /// Per-pixel disagreement, percent (255 = no sub-pixel with a class).
    pub disagreement: Raster,
}

/// What one strip counts, reduced over the strips.
#[derive(Default)]
struct StripCounts {
    matrix: ConfusionMatrix,
    uncovered: u64,
    outside: u64,
    network: NetworkCounts,
    /// Empty raster pixels.
    empty: u64,
}

impl StripCounts {
    fn merge(mut self, o: StripCounts) -> StripCounts {
        self.matrix.merge(&o.matrix);
        self.uncovered += o.uncovered;
        self.outside += o.outside;
        self.empty += o.empty;
        self.network.network += o.network.network;
        self.network.on_transport += o.network.on_transport;
        self.network.transport += o.network.transport;
        self
    }
}

/// Raster rows per parallel strip.
const STRIP_ROWS: usize = 16;

/// Compares `polygons` with `raster` on `grid`, with `factor × factor`
/// sub-pixels per pixel; `network` (row-major, one per pixel) marks the
/// pixels whose reference is class 5.
///
/// Counts are exact sub-pixel counts, computed run by run rather than
/// sub-pixel by sub-pixel: every sub-row is cut into runs of one visible
/// polygon (the last one drawn there), every pixel row into runs of one
/// raster value (and network flag), and each piece where the two overlap is
/// counted at once.
pub fn compare_coverage(
    polygons: &[ComparePolygon],
    raster: &Raster,
    grid: &Grid,
    factor: usize,
    network: Option<&[bool]>,
) -> Coverage {
    let f = factor.max(1);
    let w = grid.width;
    let geoms: Vec<&MultiPolygon<f64>> = polygons.iter().map(|p| &p.geometry).collect();
    // Bucketed by sub-rows: a polygon may reach sub-pixel centres of a
    // strip without reaching any of its pixel centres.
    let buckets = bucket_by_band(&geoms, &grid.supersampled(f), STRIP_ROWS * f);
    let classes: Vec<(u8, bool)> = polygons.iter().map(|p| (p.class, p.transport)).collect();
    let mut disagreement = Raster::filled(w, grid.height, 255);
    // Polygons seen on a pixel of their class, flagged from every strip.
    let found: Vec<AtomicBool> = polygons.iter().map(|_| AtomicBool::new(false)).collect();
    // Per row, the runs of pixels mostly in no polygon.
    let mut outside_rows: Vec<Vec<regions::Run>> = vec![Vec::new(); grid.height];
    let counts = disagreement
        .data
        .par_chunks_mut(STRIP_ROWS * w.max(1))
        .zip(outside_rows.par_chunks_mut(STRIP_ROWS))
        .zip(buckets.par_iter())
        .enumerate()
        .map(|(strip, ((dis, outside_rows), members))| {
            let row0 = strip * STRIP_ROWS;
            let rows = dis.len() / w.max(1);
            let sub = grid.rows(row0, rows).supersampled(f);
            let sw = sub.width as u32;
            // Every sub-row's spans (x0, x1, polygon index), in drawing order.
            let mut spans: Vec<Vec<Run>> = vec![Vec::new(); sub.height];
            for &i in members {
                for_each_span(&polygons[i as usize].geometry, &sub, |r, c0, c1| {
                    spans[r].push((c0 as u32, c1 as u32, i));
                });
            }
            let mut acc = Accumulator {
                f: f as u32,
                counts: StripCounts::default(),
                found: &found,
                covered: ColumnCounts::new(w),
                differ: ColumnCounts::new(w),
                outside: ColumnCounts::new(w),
            };
            let half = (f * f / 2) as u32;
            let mut visible: Vec<Run> = Vec::new();
            let mut values: Vec<Run> = Vec::new();
            for r in 0..rows {
                let span = (row0 + r) * w..(row0 + r + 1) * w;
                value_runs(
                    &raster.data[span.clone()],
                    network.map(|n| &n[span]),
                    f,
                    &mut values,
                );
                for spans in &mut spans[r * f..(r + 1) * f] {
                    visible_runs(spans, sw, &mut visible);
                    acc.sub_row(&visible, &values, &classes);
                }
                let covered = acc.covered.take();
                let differ = acc.differ.take();
                let outside = acc.outside.take();
                let runs = &mut outside_rows[r];
                for c in 0..w {
                    if covered[c] > 0 {
                        dis[r * w + c] =
                            ((differ[c] as f64 * 100.0 / covered[c] as f64).round()) as u8;
                    }
                    if outside[c] > half {
                        match runs.last_mut() {
                            Some(run) if run.end as usize == c => run.end += 1,
                            _ => runs.push(regions::Run {
                                start: c as u32,
                                end: c as u32 + 1,
                                class: OUTSIDE,
                            }),
                        }
                    }
                }
                let row = &raster.data[(row0 + r) * w..(row0 + r + 1) * w];
                acc.counts.empty += row.iter().filter(|&&v| v == 0).count() as u64;
            }
            acc.counts
        })
        .reduce(StripCounts::default, StripCounts::merge);
    let mut runs = regions::Runs::default();
    for row in outside_rows {
        runs.row_start.push(runs.runs.len());
        runs.runs.extend(row);
    }
    runs.row_start.push(runs.runs.len());
    // Gaps the source encloses are inside its coverage, as `generalize`
    // decides it: the empty pixels outside are those of the runs that
    // reach the edge.
    let open = runs_reaching_the_edge(&runs, w);
    let mut empty_outside = 0u64;
    for (y, i, run) in runs.iter() {
        if open[i] {
            let row = &raster.data[y as usize * w..(y as usize + 1) * w];
            let part = &row[run.start as usize..run.end as usize];
            empty_outside += part.iter().filter(|&&v| v == 0).count() as u64;
        }
    }
    let empty = (empty_outside, counts.empty - empty_outside);
    let lost = polygons
        .iter()
        .enumerate()
        .filter(|(i, p)| p.class != 0 && !found[*i].load(Ordering::Relaxed))
        .map(|(index, p)| LostPolygon {
            index,
            id: p.id,
            class: p.class,
        })
        .collect();
    Coverage {
        factor: f,
        matrix: counts.matrix,
        uncovered: counts.uncovered,
        outside: counts.outside,
        empty_outside: empty.0,
        empty_inside: empty.1,
        network: network.map(|_| counts.network),
        lost,
        disagreement,
    }
}

/// What a strip counts.
struct Accumulator<'a> {
    f: u32,
    counts: StripCounts,
    /// Per polygon: seen on a pixel of its class.
    found: &'a [AtomicBool],
    covered: ColumnCounts,
    differ: ColumnCounts,
    /// Sub-pixels in no polygon, per column.
    outside: ColumnCounts,
}

impl Accumulator<'_> {
    /// Counts one sub-row: its visible runs against its pixel row's value
    /// runs (both cover the whole row). `classes`: every polygon's class
    /// and transport flag.
    fn sub_row(&mut self, visible: &[Run], values: &[Run], classes: &[(u8, bool)]) {
        let (mut i, mut j) = (0, 0);
        while i < visible.len() && j < values.len() {
            let (v0, v1, o) = visible[i];
            let (r0, r1, key) = values[j];
            let (a, b) = (v0.max(r0), v1.min(r1));
            if v1 <= r1 {
                i += 1;
            }
            if r1 <= v1 {
                j += 1;
            }
            if b <= a {
                continue;
            }
            let n = u64::from(b - a);
            let rv = (key & 255) as u8;
            let on_network = key >= 256;
            let (class, transport) = match o {
                0 => (0, false),
                o => classes[o as usize - 1],
            };
            if o == 0 {
                self.outside.add(a, b, self.f);
            }
            if class != 0 && rv == class {
                self.found[o as usize - 1].store(true, Ordering::Relaxed);
            }
            let net = &mut self.counts.network;
            if transport {
                net.transport += n;
            }
            if on_network {
                net.network += n;
                self.covered.add(a, b, self.f);
                if transport {
                    net.on_transport += n;
                } else {
                    self.differ.add(a, b, self.f);
                }
                continue;
            }
            if class == 0 {
                self.counts.uncovered += n;
                if o == 0 {
                    self.counts.outside += n;
                }
                continue;
            }
            self.counts.matrix.add(class, rv, n);
            self.covered.add(a, b, self.f);
            if rv != class {
                self.differ.add(a, b, self.f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generalize::rasterize::tests::inside;
    use geo_types::polygon;

    /// A 10 m grid of `width` × `height` pixels from (0, `uly`).
    fn grid(width: usize, height: usize, uly: f64) -> Grid {
        Grid {
            ulx: 0.0,
            uly,
            pixel_size: 10.0,
            width,
            height,
        }
    }

    /// What the oracle counts.
    struct Brute {
        matrix: ConfusionMatrix,
        uncovered: u64,
        outside: u64,
        empty: (u64, u64),
        network: NetworkCounts,
        lost: Vec<i64>,
        dis: Vec<u8>,
    }

    /// Oracle: every sub-pixel centre tested against every polygon, one at
    /// a time, following the definitions of the module documentation.
    fn brute(
        polys: &[ComparePolygon],
        raster: &Raster,
        grid: &Grid,
        f: usize,
        network: Option<&[bool]>,
    ) -> Brute {
        let (w, h) = (grid.width, grid.height);
        let mut b = Brute {
            matrix: ConfusionMatrix::default(),
            uncovered: 0,
            outside: 0,
            empty: (0, 0),
            network: NetworkCounts::default(),
            lost: vec![],
            dis: vec![255u8; w * h],
        };
        let mut seen = vec![false; polys.len()];
        let mut reach = Raster::filled(w, h, 0);
        let step = grid.pixel_size / f as f64;
        for row in 0..h {
            for col in 0..w {
                let rv = raster.get(col, row);
                let net = network.is_some_and(|n| n[row * w + col]);
                let (mut covered, mut differ, mut out) = (0u32, 0u32, 0usize);
                for sr in 0..f {
                    for sc in 0..f {
                        let x = grid.ulx + (col * f + sc) as f64 * step + step / 2.0;
                        let y = grid.uly - (row * f + sr) as f64 * step - step / 2.0;
                        let owner = (0..polys.len())
                            .rev()
                            .find(|&i| inside(&polys[i].geometry, x, y));
                        let (class, transport) =
                            owner.map_or((0, false), |i| (polys[i].class, polys[i].transport));
                        out += usize::from(owner.is_none());
                        if let Some(i) = owner {
                            seen[i] |= class != 0 && class == rv;
                        }
                        b.network.transport += u64::from(transport);
                        if net {
                            b.network.network += 1;
                            b.network.on_transport += u64::from(transport);
                            covered += 1;
                            differ += u32::from(!transport);
                            continue;
                        }
                        if class == 0 {
                            b.uncovered += 1;
                            b.outside += u64::from(owner.is_none());
                            continue;
                        }
                        b.matrix.add(class, rv, 1);
                        covered += 1;
                        differ += u32::from(class != rv);
                    }
                }
                if covered > 0 {
                    b.dis[row * w + col] = (differ as f64 * 100.0 / covered as f64).round() as u8;
                }
                reach.data[row * w + col] = if 2 * out > f * f { OUTSIDE } else { 0 };
            }
        }
        // Enclosed gaps by a flood fill from the edge.
        let mut open = vec![false; w * h];
        let mut stack: Vec<usize> = (0..w * h)
            .filter(|&i| {
                let (x, y) = (i % w, i / w);
                reach.data[i] == OUTSIDE && (x == 0 || y == 0 || x == w - 1 || y == h - 1)
            })
            .collect();
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut open[i], true) {
                continue;
            }
            let (x, y) = (i % w, i / w);
            for (nx, ny) in [
                (x.wrapping_sub(1), y),
                (x + 1, y),
                (x, y.wrapping_sub(1)),
                (x, y + 1),
            ] {
                if nx < w && ny < h && reach.data[ny * w + nx] == OUTSIDE {
                    stack.push(ny * w + nx);
                }
            }
        }
        for i in 0..w * h {
            if raster.data[i] == 0 {
                if open[i] {
                    b.empty.0 += 1;
                } else {
                    b.empty.1 += 1;
                }
            }
        }
        b.lost = (0..polys.len())
            .filter(|&i| polys[i].class != 0 && !seen[i])
            .map(|i| polys[i].id)
            .collect();
        b
    }

    /// Random overlapping polygons (some with holes, some touching pixel
    /// edges, some smaller than a sub-pixel, some without a class, some
    /// transport surfaces), random raster and network: the run-by-run
    /// counts equal the sub-pixel-by-sub-pixel oracle's.
    #[test]
    fn agrees_with_the_sub_pixel_oracle() {
        let mut s = 0x2545_f491_4f6c_dd1du64;
        let mut rnd = move |n: u64| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s % n
        };
        let (w, h) = (23, 37);
        let g = grid(w, h, h as f64 * 10.0);
        // Coordinates in 1/8 m plus 0.0137 m (a vertex never at a
        // sub-pixel centre's height, where the half-open rules of oracle
        // and scanline differ).
        let mut coord = |max: f64| (rnd((max * 8.0) as u64 + 1) as f64) / 8.0 - 2.9863;
        let mut polys = Vec::new();
        for id in 0..40 {
            let (cx, cy) = (coord(240.0), coord(380.0));
            let r = [2.0, 9.0, 25.0, 60.0, 0.3][id % 5];
            let n = 3 + id % 4;
            let ring: Vec<(f64, f64)> = (0..n)
                .map(|k| {
                    let a = k as f64 / n as f64 * std::f64::consts::TAU + id as f64;
                    (cx + r * a.cos(), cy + r * 0.7 * a.sin())
                })
                .collect();
            let holes = if id % 7 == 0 {
                vec![geo_types::LineString::from(vec![
                    (cx - r / 4.0, cy - r / 5.0),
                    (cx + r / 3.0, cy - r / 6.0),
                    (cx, cy + r / 5.0),
                ])]
            } else {
                vec![]
            };
            let p = geo_types::Polygon::new(geo_types::LineString::from(ring), holes);
            polys.push(ComparePolygon {
                id: id as i64,
                class: [3, 6, 9, 14, 0, 5][id % 6],
                transport: id % 9 == 4 || id % 6 == 5,
                geometry: MultiPolygon(vec![p]),
            });
        }
        let data: Vec<u8> = (0..w * h)
            .map(|_| [0, 3, 6, 9, 5][rnd(5) as usize])
            .collect();
        let raster = Raster {
            width: w,
            height: h,
            data,
        };
        let net: Vec<bool> = (0..w * h).map(|_| rnd(6) == 0).collect();
        for (f, network) in [(10, None), (10, Some(&net[..])), (13, Some(&net[..]))] {
            let c = compare_coverage(&polys, &raster, &g, f, network);
            let b = brute(&polys, &raster, &g, f, network);
            for v in [0u8, 3, 5, 6, 9, 14] {
                for r in [0u8, 3, 5, 6, 9, 14] {
                    assert_eq!(
                        c.matrix.get(v, r),
                        b.matrix.get(v, r),
                        "factor {f}: ({v}, {r})"
                    );
                }
            }
            assert_eq!(c.matrix.total(), b.matrix.total(), "factor {f}");
            assert_eq!(
                (c.uncovered, c.outside),
                (b.uncovered, b.outside),
                "factor {f}"
            );
            assert_eq!((c.empty_outside, c.empty_inside), b.empty, "factor {f}");
            assert_eq!(c.network, network.map(|_| b.network), "factor {f}");
            assert_eq!(c.lost.iter().map(|l| l.id).collect::<Vec<_>>(), b.lost);
            assert_eq!(c.disagreement.data, b.dis, "factor {f}");
            assert!(!b.lost.is_empty() && b.lost.len() < polys.len());
            assert!(b.empty.0 > 0 && b.empty.1 > 0 && b.outside < b.uncovered);
            if network.is_some() {
                assert!(b.network.on_transport > 0 && b.network.on_transport < b.network.network);
            }
        }
    }

    #[test]
    fn hidden_and_tiny_polygons_are_lost() {
        let grid = grid(2, 2, 20.0);
        let big =
            polygon![(x: 0.0, y: 0.0), (x: 20.0, y: 0.0), (x: 20.0, y: 20.0), (x: 0.0, y: 20.0)];
        let tiny = polygon![(x: 1.0, y: 1.0), (x: 1.2, y: 1.0), (x: 1.2, y: 1.2), (x: 1.0, y: 1.2)];
        let under =
            polygon![(x: 0.0, y: 0.0), (x: 5.0, y: 0.0), (x: 5.0, y: 5.0), (x: 0.0, y: 5.0)];
        let polys = vec![
            ComparePolygon {
                id: 10,
                class: 9,
                transport: false,
                geometry: MultiPolygon(vec![under]),
            },
            ComparePolygon {
                id: 11,
                class: 6,
                transport: false,
                geometry: MultiPolygon(vec![big]),
            },
            ComparePolygon {
                id: 12,
                class: 14,
                transport: false,
                geometry: MultiPolygon(vec![tiny]),
            },
        ];
        let c = compare_coverage(&polys, &Raster::filled(2, 2, 6), &grid, 10, None);
        let ids: Vec<i64> = c.lost.iter().map(|l| l.id).collect();
        assert_eq!(ids, vec![10, 12]);
        assert_eq!(c.matrix.get(6, 6), 400);
        assert_eq!(c.matrix.total(), 400);
    }

    /// The network's pixels are left out of the matrix and measured
    /// against the transport surfaces; the other pixels keep their
    /// polygon's class.
    #[test]
    fn network_pixels_are_set_apart_and_measured_against_transport_surfaces() {
        let grid = grid(4, 1, 10.0);
        // A class 6 field over pixels 0–1, a transport surface without a
        // class over pixel 2; pixel 3 is bare.
        let field =
            polygon![(x: 0.0, y: 0.0), (x: 20.0, y: 0.0), (x: 20.0, y: 10.0), (x: 0.0, y: 10.0)];
        let road =
            polygon![(x: 20.0, y: 0.0), (x: 30.0, y: 0.0), (x: 30.0, y: 10.0), (x: 20.0, y: 10.0)];
        let polys = [
            ComparePolygon {
                id: 2,
                class: 0,
                transport: true,
                geometry: MultiPolygon(vec![road]),
            },
            ComparePolygon {
                id: 1,
                class: 6,
                transport: false,
                geometry: MultiPolygon(vec![field]),
            },
        ];
        let raster = Raster::from_rows(&[&[6, 5, 5, 0]]);
        let without = compare_coverage(&polys, &raster, &grid, 10, None);
        assert_eq!(without.matrix.get(6, 5), 100);
        assert_eq!((without.uncovered, without.outside), (200, 100));
        assert_eq!((without.empty_outside, without.empty_inside), (1, 0));
        assert_eq!(without.network, None);
        // The roads burned pixels 1 and 2: out of the matrix; pixel 2 lies on
        // the transport surface, pixel 1 on the field.
        let net = [false, true, true, false];
        let with = compare_coverage(&polys, &raster, &grid, 10, Some(&net));
        assert_eq!(with.matrix.get(6, 6), 100);
        assert_eq!(with.matrix.total(), 100);
        assert_eq!(with.uncovered, 100);
        assert_eq!(
            with.network,
            Some(NetworkCounts {
                network: 200,
                on_transport: 100,
                transport: 100
            })
        );
        assert_eq!(with.disagreement.data, vec![0, 100, 0, 255]);
        assert!(with.lost.is_empty());
    }
}
