//! A quick-look picture of the raster in the class colours, with the pixels
//! where the vector disagrees marked.
//!
//! Semantics: the picture is the raster reduced by an integer `step` (the
//! smallest that makes it at most `max_side` pixels wide and high; each
//! picture pixel shows the top-left raster pixel of its block). A pixel is
//! drawn in its class colour, black when at least half of its sub-pixels
//! disagree with the vector (`disagreement ≥ 50`), white when empty (0).
//!
//! ```
//! use multisenge::compare::quicklook::quicklook;
//! use multisenge::generalize::Raster;
//!
//! let r = Raster::from_rows(&[&[6, 9]]);
//! let dis = Raster::from_rows(&[&[0, 80]]);
//! let img = quicklook(&r, &dis, |c| [c, c, c], 100);
//! assert_eq!(img.get_pixel(0, 0).0, [6, 6, 6]);
//! assert_eq!(img.get_pixel(1, 0).0, [0, 0, 0]);
//! ```

use image::{Rgb, RgbImage};

use crate::raster::Raster;

pub fn quicklook(
    raster: &Raster,
    disagreement: &Raster,
    color: impl Fn(u8) -> [u8; 3],
    max_side: usize,
) -> RgbImage {
    let side = raster.width.max(raster.height).max(1);
    let step = side.div_ceil(max_side.max(1)).max(1);
    let (w, h) = (raster.width.div_ceil(step), raster.height.div_ceil(step));
    RgbImage::from_fn(w as u32, h as u32, |x, y| {
        let (c, r) = (x as usize * step, y as usize * step);
        let v = raster.get(c, r);
        let d = disagreement.get(c, r);
        if v == 0 {
            Rgb([255, 255, 255])
        } else if d != 255 && d >= 50 {
            Rgb([0, 0, 0])
        } else {
            Rgb(color(v))
        }
    })
}
