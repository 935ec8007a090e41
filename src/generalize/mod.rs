//! Reference generalization: from a vector land-cover layer to the 10 m
//! ground reference, in six steps, each a pure function over in-memory
//! rasters and geometries (one file each):
//!
//! 1. [`rasterize`]: polygons → class raster (pixel-centre or majority rule);
//! 2. [`remove_small_regions`]: per-class connected regions below the MMU
//!    become empty;
//! 3. [`fill`]: empty pixels take the inverse-distance-weighted vote of their
//!    k nearest labelled pixels;
//! 4. [`close`]: morphological closing of every class with a rectangle;
//! 5. [`burn_roads`]: buffered road and railway lines burned as class 5;
//! 6. [`patchify`]: 256 × 256 patches on the 257-pixel grid with their labels.
//!
//! Reading and writing files is done by [`crate::io`]; the configuration
//! (mapping table, road fields, defaults) by [`config`].

// Pixel loops read better with explicit indices.
#![allow(clippy::needless_range_loop)]

pub mod burn_roads;
pub mod close;
pub mod config;
pub mod fill;
pub mod patchify;
pub mod pipeline;
pub mod rasterize;
pub mod remove_small_regions;

/// Value of an empty (unlabelled) pixel. Classes are 1–14.
pub const EMPTY: u8 = 0;

/// Class value of roads and railways ("Large scale networks").
pub const NETWORK_CLASS: u8 = 5;

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

    /// The rows `row0..row0 + rows` of this grid as a grid of their own.
    pub fn rows(&self, row0: usize, rows: usize) -> Grid {
        Grid {
            uly: self.uly - row0 as f64 * self.pixel_size,
            height: rows,
            ..*self
        }
    }
}
