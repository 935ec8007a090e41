//! Step 6: cut the tile raster into patches and describe each with its label
//! file, in the published format.
//!
//! Semantics:
//!
//! * Patches are `size × size` pixels (256) with their top-left corners at
//!   multiples of `stride` (257, a one-pixel gap) in both directions; only
//!   patches entirely inside the raster are cut (42 × 42 on a 10 980-pixel
//!   tile).
//! * A patch that holds any empty (0) pixel is skipped: a ground reference
//!   with unclassified pixels is not publishable. After all steps, empty
//!   pixels only remain where the source has no data at all, or beyond the
//!   fill's `propagation_limit`.
//! * Each patch lists the classes present (1–14, empty excluded), ascending:
//!   its label file's `labels`. Names and label files are written by
//!   [`super::job`] with the model's one formatter
//!   ([`crate::model::PatchKey::file_name`]) and writer
//!   ([`crate::io::formats::label_file::write`]).
//!
//! ```
//! use multisenge::generalize::Raster;
//! use multisenge::generalize::patchify::cut_patches;
//!
//! let mut r = Raster::filled(5, 5, 0);
//! for i in [0, 1, 5, 6] {
//!     r.data[i] = 9;
//! }
//! r.data[1] = 6;
//! r.data[23] = 11; // in patch (3, 3), which keeps empty pixels
//! let patches = cut_patches(&r, 2, 3);
//! // Origins (0,0), (3,0), (0,3), (3,3); only (0,0) is fully classified.
//! assert_eq!(patches.len(), 1);
//! assert_eq!(patches[0].labels, vec![6, 9]);
//! ```

use super::Raster;

/// One patch: its top-left pixel in the tile, its pixels and its classes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Patch {
    pub x: usize,
    pub y: usize,
    pub raster: Raster,
    /// Classes present, ascending, empty excluded.
    pub labels: Vec<u8>,
}

/// Top-left corners of the patches that fit entirely, row by row.
pub fn patch_origins(
    width: usize,
    height: usize,
    size: usize,
    stride: usize,
) -> Vec<(usize, usize)> {
    if size == 0 || stride == 0 || size > width || size > height {
        return Vec::new();
    }
    let xs: Vec<usize> = (0..=width - size).step_by(stride).collect();
    let ys: Vec<usize> = (0..=height - size).step_by(stride).collect();
    ys.iter()
        .flat_map(|&y| xs.iter().map(move |&x| (x, y)))
        .collect()
}

/// The patch at `(x, y)`, or `None` when any of its pixels is empty.
pub fn cut_patch(raster: &Raster, x: usize, y: usize, size: usize) -> Option<Patch> {
    let mut data = Vec::with_capacity(size * size);
    for row in y..y + size {
        data.extend_from_slice(&raster.data[row * raster.width + x..row * raster.width + x + size]);
    }
    let patch = Raster {
        width: size,
        height: size,
        data,
    };
    let hist = patch.histogram();
    if hist[0] > 0 {
        return None;
    }
    let labels: Vec<u8> = (1..=255u8).filter(|&c| hist[c as usize] > 0).collect();
    Some(Patch {
        x,
        y,
        raster: patch,
        labels,
    })
}

/// Every fully classified patch of the raster.
pub fn cut_patches(raster: &Raster, size: usize, stride: usize) -> Vec<Patch> {
    patch_origins(raster.width, raster.height, size, stride)
        .into_iter()
        .filter_map(|(x, y)| cut_patch(raster, x, y, size))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_tile_has_42_by_42_origins_on_the_257_grid() {
        let o = patch_origins(10_980, 10_980, 256, 257);
        assert_eq!(o.len(), 42 * 42);
        assert_eq!(o[1], (257, 0));
        assert_eq!(o.last(), Some(&(41 * 257, 41 * 257)));
    }

    #[test]
    fn patch_pixels_and_labels_are_exact() {
        let mut r = Raster::filled(7, 7, 11);
        r.data[7 * 4 + 5] = 14;
        let p = cut_patch(&r, 4, 4, 3).unwrap();
        assert_eq!(p.raster.get(1, 0), 14);
        assert_eq!(p.labels, vec![11, 14]);
    }
}
