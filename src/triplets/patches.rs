//! Which patches of a tile `multisenge triplets` considers, pure:
//!
//! * patches are `size × size` pixels (256) with their top-left corners at
//!   multiples of `stride` (257) from the tile's corner, as `generalize
//!   --patches` cuts them; only those lying entirely inside the ground
//!   reference (which may be a window of the tile) and the tile are
//!   considered;
//! * a patch is written only where its ground reference holds no empty
//!   pixel: 0 (not a class; what a generalization leaves where no source
//!   polygon reaches) or the raster's declared nodata;
//! * patches are processed by **strips**, one row of patches at a time, so
//!   that every input is read once, by windows of `size` rows.
//!
//! ```
//! use multisenge::triplets::patches::{origins_in, strips, Window};
//! // A ground reference of 600 × 600 px at the tile's corner: 2 × 2 patches.
//! let o = origins_in(&Window { x: 0, y: 0, width: 600, height: 600 }, 256, 257, 10_980);
//! assert_eq!(o, vec![(0, 0), (257, 0), (0, 257), (257, 257)]);
//! assert_eq!(strips(&o)[1].y, 257);
//! ```

/// A rectangle of a tile's 10 m pixels, from the tile's corner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub x: usize,
    pub y: usize,
    pub width: usize,
    pub height: usize,
}

impl Window {
    /// Whether `other` lies entirely inside.
    pub fn contains(&self, other: &Window) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.x + other.width <= self.x + self.width
            && other.y + other.height <= self.y + self.height
    }
}

/// The origins (top-left pixels, from the tile's corner) of the patches of
/// the `stride` grid that lie entirely inside `window` and the tile of
/// `tile_size` pixels, row by row.
pub fn origins_in(
    window: &Window,
    size: usize,
    stride: usize,
    tile_size: usize,
) -> Vec<(usize, usize)> {
    if size == 0 || stride == 0 {
        return Vec::new();
    }
    let axis = |start: usize, len: usize| -> Vec<usize> {
        let first = start.div_ceil(stride) * stride;
        let end = (start + len).min(tile_size);
        (first..)
            .step_by(stride)
            .take_while(|o| o + size <= end)
            .collect()
    };
    let xs = axis(window.x, window.width);
    axis(window.y, window.height)
        .into_iter()
        .flat_map(|y| xs.iter().map(move |&x| (x, y)))
        .collect()
}

/// One row of patches: their common row and their columns, ascending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Strip {
    pub y: usize,
    pub xs: Vec<usize>,
}

impl Strip {
    /// The columns the strip's patches span: first column and width.
    pub fn span(&self, size: usize) -> Option<(usize, usize)> {
        let first = *self.xs.first()?;
        let last = *self.xs.last()?;
        Some((first, last + size - first))
    }
}

/// `origins` grouped by row, rows ascending.
pub fn strips(origins: &[(usize, usize)]) -> Vec<Strip> {
    let mut out: Vec<Strip> = Vec::new();
    let mut sorted = origins.to_vec();
    sorted.sort_by_key(|&(x, y)| (y, x));
    for (x, y) in sorted {
        match out.last_mut() {
            Some(s) if s.y == y => s.xs.push(x),
            _ => out.push(Strip { y, xs: vec![x] }),
        }
    }
    out
}

/// The classes of a ground-reference patch (values present, ascending),
/// or `None` when a pixel is empty: 0 or `nodata`.
///
/// ```
/// use multisenge::triplets::patches::classes_if_complete;
/// assert_eq!(classes_if_complete(&[9, 6, 6, 11], None), Some(vec![6, 9, 11]));
/// assert_eq!(classes_if_complete(&[9, 0, 6, 11], None), None);
/// assert_eq!(classes_if_complete(&[9, 255, 6], Some(255)), None);
/// ```
pub fn classes_if_complete(pixels: &[u8], nodata: Option<u8>) -> Option<Vec<u8>> {
    let mut seen = [false; 256];
    for &v in pixels {
        seen[usize::from(v)] = true;
    }
    if seen[0] || nodata.is_some_and(|nd| seen[usize::from(nd)]) {
        return None;
    }
    Some((1..=255u8).filter(|&c| seen[usize::from(c)]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_tile_has_the_42_by_42_patches_of_generalize() {
        let tile = Window {
            x: 0,
            y: 0,
            width: 10_980,
            height: 10_980,
        };
        let o = origins_in(&tile, 256, 257, 10_980);
        assert_eq!(
            o,
            crate::generalize::patchify::patch_origins(10_980, 10_980, 256, 257)
        );
        assert_eq!(strips(&o).len(), 42);
        assert_eq!(strips(&o)[41].span(256), Some((0, 41 * 257 + 256)));
    }

    #[test]
    fn a_window_inside_the_tile_keeps_the_grid_of_the_tile() {
        // From pixel 300: the first origin on the grid is 514.
        let w = Window {
            x: 300,
            y: 10,
            width: 800,
            height: 600,
        };
        let o = origins_in(&w, 256, 257, 10_980);
        assert_eq!(o, vec![(514, 257), (771, 257)]);
        // A window reaching beyond the tile is cut by it.
        let edge = Window {
            x: 10_700,
            y: 0,
            width: 1_000,
            height: 300,
        };
        assert_eq!(origins_in(&edge, 256, 257, 10_980), vec![]);
        assert!(w.contains(&Window {
            x: 514,
            y: 257,
            width: 256,
            height: 256
        }));
    }

    #[test]
    fn strips_group_rows() {
        let s = strips(&[(257, 0), (0, 257), (0, 0)]);
        assert_eq!(
            s,
            vec![
                Strip {
                    y: 0,
                    xs: vec![0, 257]
                },
                Strip {
                    y: 257,
                    xs: vec![0]
                }
            ]
        );
        assert_eq!(s[0].span(256), Some((0, 513)));
    }
}
