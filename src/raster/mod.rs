//! In-memory rasters and their regions: the types every layer shares.
//!
//! [`Raster`] (one 8-bit band, row-major) and [`Grid`] (a north-up grid in
//! the coordinates of its CRS) are what `io` reads and writes, what the
//! generalization steps and the comparison compute on, and what the rules
//! judge. [`regions`] labels the connected regions of a class map, once for
//! the minimum-mapping-unit rules and the generalization alike, with one
//! [`Connectivity`] type.
//!
//! This module depends on nothing else of the crate: it is the bottom layer.

pub mod regions;

pub use regions::Connectivity;

/// A single-band 8-bit raster held in memory, row-major.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Raster {
    pub width: usize,
    pub height: usize,
    pub data: Vec<u8>,
}

impl Raster {
    /// A raster filled with `value`.
    pub fn filled(width: usize, height: usize, value: u8) -> Raster {
        Raster {
            width,
            height,
            data: vec![value; width * height],
        }
    }

    /// A raster from rows of equal length (handy in tests and examples).
    pub fn from_rows(rows: &[&[u8]]) -> Raster {
        let height = rows.len();
        let width = rows.first().map_or(0, |r| r.len());
        let mut data = Vec::with_capacity(width * height);
        for r in rows {
            assert_eq!(r.len(), width, "rows of unequal length");
            data.extend_from_slice(r);
        }
        Raster {
            width,
            height,
            data,
        }
    }

    #[inline]
    pub fn get(&self, col: usize, row: usize) -> u8 {
        self.data[row * self.width + col]
    }

    /// The `width` × `height` window whose upper-left pixel is (`x`, `y`);
    /// it must lie inside the raster.
    ///
    /// ```
    /// use multisenge::raster::Raster;
    /// let r = Raster::from_rows(&[&[1, 2, 3], &[4, 5, 6]]);
    /// assert_eq!(r.window(1, 0, 2, 2), Raster::from_rows(&[&[2, 3], &[5, 6]]));
    /// ```
    pub fn window(&self, x: usize, y: usize, width: usize, height: usize) -> Raster {
        assert!(x + width <= self.width && y + height <= self.height);
        let mut data = Vec::with_capacity(width * height);
        for row in y..y + height {
            data.extend_from_slice(&self.data[row * self.width + x..][..width]);
        }
        Raster {
            width,
            height,
            data,
        }
    }

    /// Pixel count per value (index = value).
    pub fn histogram(&self) -> [u64; 256] {
        let mut h = [0u64; 256];
        for &v in &self.data {
            h[v as usize] += 1;
        }
        h
    }
}

/// A north-up grid: upper-left corner, square pixel size and size in pixels,
/// in the coordinates of its CRS (metres for UTM).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    pub ulx: f64,
    pub uly: f64,
    pub pixel_size: f64,
    pub width: usize,
    pub height: usize,
}

impl Grid {
    /// The GDAL geotransform of the grid.
    pub fn geotransform(&self) -> [f64; 6] {
        [
            self.ulx,
            self.pixel_size,
            0.0,
            self.uly,
            0.0,
            -self.pixel_size,
        ]
    }

    /// The extent: xmin, ymin, xmax, ymax. What the generalization and the
    /// comparison read of their vector sources.
    pub fn bounds(&self) -> [f64; 4] {
        [
            self.ulx,
            self.uly - self.height as f64 * self.pixel_size,
            self.ulx + self.width as f64 * self.pixel_size,
            self.uly,
        ]
    }

    /// World coordinates → fractional pixel coordinates (column, row).
    #[inline]
    pub fn to_pixel(&self, x: f64, y: f64) -> (f64, f64) {
        (
            (x - self.ulx) / self.pixel_size,
            (self.uly - y) / self.pixel_size,
        )
    }

    /// The same extent with every pixel split into `factor` × `factor`.
    pub fn supersampled(&self, factor: usize) -> Grid {
        Grid {
            ulx: self.ulx,
            uly: self.uly,
            pixel_size: self.pixel_size / factor as f64,
            width: self.width * factor,
            height: self.height * factor,
        }
    }

    /// This grid with `n` more pixels on every side (a halo).
    pub fn expanded(&self, n: usize) -> Grid {
        let m = n as f64 * self.pixel_size;
        Grid {
            ulx: self.ulx - m,
            uly: self.uly + m,
            width: self.width + 2 * n,
            height: self.height + 2 * n,
            ..*self
        }
    }

    /// The rows `row0..row0 + rows` of this grid as a grid of their own.
    pub fn rows(&self, row0: usize, rows: usize) -> Grid {
        Grid {
            uly: self.uly - row0 as f64 * self.pixel_size,
            height: rows,
            ..*self
        }
    }
}
