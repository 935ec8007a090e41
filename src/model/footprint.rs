//! Where a patch lies on Earth: its footprint in the UTM CRS of its tile,
//! from the tiling grid, the patch position and the 10 m pixel size.

use super::grid::TilingGrid;
use super::naming::PatchKey;

/// Pixel size of every patch, metres.
pub const PIXEL_SIZE_M: f64 = 10.0;

/// Whether a GDAL geotransform has square pixels of `pixel_size` metres,
/// north-up (negative pixel height) and no rotation terms (within 1e-6 of
/// the size).
///
/// ```
/// use multisenge::model::footprint::north_up_with_pixel_size;
/// assert!(north_up_with_pixel_size(&[0.0, 10.0, 0.0, 0.0, 0.0, -10.0], 10.0));
/// assert!(!north_up_with_pixel_size(&[0.0, 10.0, 0.0, 0.0, 0.0, 10.0], 10.0));
/// ```
pub fn north_up_with_pixel_size(gt: &[f64; 6], pixel_size: f64) -> bool {
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * pixel_size.max(1.0);
    close(gt[1], pixel_size) && close(gt[5], -pixel_size) && gt[2] == 0.0 && gt[4] == 0.0
}

/// An axis-aligned rectangle in a UTM CRS.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Footprint {
    pub epsg: u32,
    pub min_x: f64,
    pub min_y: f64,
    pub max_x: f64,
    pub max_y: f64,
}

impl Footprint {
    /// The footprint of a window of `width` × `height` pixels at (`col`,
    /// `row`) inside `patch`; `None` when the tile is not in the grid.
    ///
    /// ```
    /// use multisenge::model::{footprint::Footprint, grid::TilingGrid, PatchKey, TileCode};
    /// let patch = PatchKey { tile: TileCode::parse("31UGQ").unwrap(), x: 257, y: 0 };
    /// let f = Footprint::of_window(TilingGrid::official(), &patch, 0, 0, 256, 256).unwrap();
    /// assert_eq!((f.epsg, f.min_x, f.max_y), (32631, 699_960.0 + 2570.0, 5_500_020.0));
    /// assert_eq!(f.max_x - f.min_x, 2560.0);
    /// ```
    pub fn of_window(
        grid: &TilingGrid,
        patch: &PatchKey,
        col: u32,
        row: u32,
        width: u32,
        height: u32,
    ) -> Option<Footprint> {
        let tile = grid.get(&patch.tile)?;
        let left = tile.ulx + f64::from(patch.x + col) * PIXEL_SIZE_M;
        let top = tile.uly - f64::from(patch.y + row) * PIXEL_SIZE_M;
        Some(Footprint {
            epsg: tile.epsg,
            min_x: left,
            max_x: left + f64::from(width) * PIXEL_SIZE_M,
            min_y: top - f64::from(height) * PIXEL_SIZE_M,
            max_y: top,
        })
    }

    /// The closed ring of the rectangle, counter-clockwise.
    pub fn ring(&self) -> Vec<[f64; 2]> {
        vec![
            [self.min_x, self.min_y],
            [self.max_x, self.min_y],
            [self.max_x, self.max_y],
            [self.min_x, self.max_y],
            [self.min_x, self.min_y],
        ]
    }
}
