//! The vector source's classes against the raster's, by supersampling.
//!
//! Semantics:
//!
//! * Every raster pixel is split into `factor × factor` sub-pixels (10 × 10
//!   by default: 1 m² sub-pixels at 10 m). A sub-pixel's **vector class** is
//!   that of the last polygon containing its centre (the even-odd and
//!   half-open rules of [`rasterize`](crate::generalize::rasterize)), or none.
//! * The confusion matrix counts sub-pixels: row = vector class, column =
//!   the raster value of the pixel holding the sub-pixel (0 = empty is a
//!   column like the others). Sub-pixels with no polygon are counted apart
//!   (`uncovered`) and left out of the matrix. Areas are sub-pixel counts ×
//!   sub-pixel area.
//! * A polygon is **lost** when none of its visible sub-pixels lies in a
//!   raster pixel of its own class; polygons with no visible sub-pixel at
//!   all (smaller than a sub-pixel, or hidden under later polygons) are lost
//!   too.
//! * The **disagreement** of a pixel is the share of its covered sub-pixels
//!   whose vector class differs from the pixel's value, in percent (0–100),
//!   or 255 when no polygon covers it.
//! * With a **network** mask (`compare --roads`: the pixels the roads step
//!   burns, [`network_mask`](crate::generalize::burn_roads::network_mask)),
//!   every sub-pixel of a network pixel has vector class 5 (and counts as
//!   covered), whatever polygon lies there: class 5 is judged against the
//!   buffered network, and the other classes lose no figure to the roads
//!   burned over them. Lost polygons are still judged on their own class.
//!
//! ```
//! use geo_types::{polygon, MultiPolygon};
//! use multisenge::compare::coverage::{compare_coverage, ComparePolygon};
//! use multisenge::generalize::{Grid, Raster};
//!
//! let grid = Grid { ulx: 0.0, uly: 10.0, pixel_size: 10.0, width: 2, height: 1 };
//! // A polygon covering the left pixel and 30 % of the right one.
//! let p = polygon![(x: 0.0, y: 0.0), (x: 13.0, y: 0.0), (x: 13.0, y: 10.0), (x: 0.0, y: 10.0)];
//! let polys = [ComparePolygon { id: 1, class: 6, geometry: MultiPolygon(vec![p]) }];
//! let c = compare_coverage(&polys, &Raster::from_rows(&[&[6, 9]]), &grid, 10, None);
//! assert_eq!(c.matrix.get(6, 6), 100);
//! assert_eq!(c.matrix.get(6, 9), 30);
//! assert_eq!(c.uncovered, 70);
//! assert_eq!(c.disagreement.data, vec![0, 100]);
//! assert!(c.lost.is_empty());
//! ```

use geo_types::MultiPolygon;
use rayon::prelude::*;

use crate::generalize::rasterize::{bucket_by_band, for_each_span};
use crate::generalize::NETWORK_CLASS;
use crate::raster::{Grid, Raster};

/// A source polygon with its id and class, in the raster's CRS.
#[derive(Clone, Debug)]
pub struct ComparePolygon {
    pub id: i64,
    pub class: u8,
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

/// Result of [`compare_coverage`].
#[derive(Clone, Debug)]
pub struct Coverage {
    pub factor: usize,
    /// In sub-pixels.
    pub matrix: ConfusionMatrix,
    /// Sub-pixels covered by no polygon.
    pub uncovered: u64,
    pub lost: Vec<LostPolygon>,
    /// Per-pixel disagreement, percent (255 = no polygon).
    pub disagreement: Raster,
}

/// Raster rows per parallel strip.
const STRIP_ROWS: usize = 4;

/// Compares `polygons` with `raster` on `grid`, with `factor × factor`
/// sub-pixels per pixel; `network` (row-major, one per pixel) marks the
/// pixels whose reference is class 5.
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
    let buckets = bucket_by_band(&geoms, grid, STRIP_ROWS);
    let classes: Vec<u8> = polygons.iter().map(|p| p.class).collect();
    let mut disagreement = Raster::filled(w, grid.height, 255);
    let results: Vec<(ConfusionMatrix, u64, Vec<u32>)> = disagreement
        .data
        .par_chunks_mut(STRIP_ROWS * w.max(1))
        .zip(buckets.par_iter())
        .enumerate()
        .map(|(strip, (dis, members))| {
            let row0 = strip * STRIP_ROWS;
            let rows = dis.len() / w.max(1);
            let sub = grid.rows(row0, rows).supersampled(f);
            let sw = sub.width;
            // Index + 1 of the visible polygon of every sub-pixel (0: none).
            let mut owner = vec![0u32; sw * sub.height];
            for &i in members {
                for_each_span(&polygons[i as usize].geometry, &sub, |r, c0, c1| {
                    owner[r * sw + c0..r * sw + c1].fill(i + 1);
                });
            }
            let mut matrix = ConfusionMatrix::default();
            let mut uncovered = 0u64;
            let mut found: Vec<u32> = Vec::new();
            let mut covered = vec![0u32; w];
            let mut differ = vec![0u32; w];
            for r in 0..rows {
                covered.fill(0);
                differ.fill(0);
                let span = (row0 + r) * w..(row0 + r + 1) * w;
                let raster_row = &raster.data[span.clone()];
                let net_row = network.map(|n| &n[span]);
                for sr in r * f..(r + 1) * f {
                    for (sc, &o) in owner[sr * sw..(sr + 1) * sw].iter().enumerate() {
                        let col = sc / f;
                        let on_network = net_row.is_some_and(|n| n[col]);
                        if o == 0 && !on_network {
                            uncovered += 1;
                            continue;
                        }
                        let rv = raster_row[col];
                        let class = if on_network {
                            NETWORK_CLASS
                        } else {
                            classes[o as usize - 1]
                        };
                        matrix.add(class, rv, 1);
                        covered[col] += 1;
                        if rv != class {
                            differ[col] += 1;
                        }
                        if o != 0 && rv == classes[o as usize - 1] && found.last() != Some(&(o - 1))
                        {
                            found.push(o - 1);
                        }
                    }
                }
                for c in 0..w {
                    if covered[c] > 0 {
                        dis[r * w + c] =
                            ((differ[c] as f64 * 100.0 / covered[c] as f64).round()) as u8;
                    }
                }
                found.sort_unstable();
                found.dedup();
            }
            (matrix, uncovered, found)
        })
        .collect();
    let mut matrix = ConfusionMatrix::default();
    let mut uncovered = 0;
    let mut seen = vec![false; polygons.len()];
    for (m, u, found) in &results {
        matrix.merge(m);
        uncovered += u;
        for &i in found {
            seen[i as usize] = true;
        }
    }
    let lost = polygons
        .iter()
        .enumerate()
        .filter(|(i, _)| !seen[*i])
        .map(|(index, p)| LostPolygon {
            index,
            id: p.id,
            class: p.class,
        })
        .collect();
    Coverage {
        factor: f,
        matrix,
        uncovered,
        lost,
        disagreement,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
                geometry: MultiPolygon(vec![under]),
            },
            ComparePolygon {
                id: 11,
                class: 6,
                geometry: MultiPolygon(vec![big]),
            },
            ComparePolygon {
                id: 12,
                class: 14,
                geometry: MultiPolygon(vec![tiny]),
            },
        ];
        let c = compare_coverage(&polys, &Raster::filled(2, 2, 6), &grid, 10, None);
        let ids: Vec<i64> = c.lost.iter().map(|l| l.id).collect();
        assert_eq!(ids, vec![10, 12]);
        assert_eq!(c.matrix.get(6, 6), 400);
        assert_eq!(c.matrix.total(), 400);
    }

    /// Network pixels are class 5 in the reference, covered or not; the
    /// other pixels keep their polygon's class.
    #[test]
    fn network_pixels_are_judged_as_class_5() {
        let grid = grid(3, 1, 10.0);
        // A class 6 polygon over the first two pixels; the third is bare.
        let p =
            polygon![(x: 0.0, y: 0.0), (x: 20.0, y: 0.0), (x: 20.0, y: 10.0), (x: 0.0, y: 10.0)];
        let polys = [ComparePolygon {
            id: 1,
            class: 6,
            geometry: MultiPolygon(vec![p]),
        }];
        let raster = Raster::from_rows(&[&[6, 5, 5]]);
        let without = compare_coverage(&polys, &raster, &grid, 10, None);
        assert_eq!(without.matrix.get(6, 5), 100);
        assert_eq!(without.uncovered, 100);
        let net = [false, true, true];
        let with = compare_coverage(&polys, &raster, &grid, 10, Some(&net));
        assert_eq!(with.matrix.get(6, 6), 100);
        assert_eq!(with.matrix.get(5, 5), 200);
        assert_eq!(with.matrix.total(), 300);
        assert_eq!(with.uncovered, 0);
        assert_eq!(with.disagreement.data, vec![0, 0, 0]);
        // A network pixel the raster did not burn disagrees.
        let missed = compare_coverage(
            &polys,
            &Raster::from_rows(&[&[6, 6, 5]]),
            &grid,
            10,
            Some(&net),
        );
        assert_eq!(missed.matrix.get(5, 6), 100);
        assert_eq!(missed.disagreement.data, vec![0, 100, 0]);
        assert!(missed.lost.is_empty());
    }
}
