//! Step 6: cut the tile raster into patches and describe each with its label
//! file, in the published format.
//!
//! Semantics:
//!
//! * Patches are `size × size` pixels (256) with their top-left corners at
//!   multiples of `stride` (257, a one-pixel gap) in both directions; only
//!   patches entirely inside the raster are cut (42 × 42 on a 10 980-pixel
//!   tile).
//! * A patch whose pixels are all empty (0) is skipped; any other patch is
//!   kept, empty pixels included (they only occur where the source has no
//!   data at all).
//! * The patch `(x, y)` of tile `T` is written `T_GR_x_y.tif`, its label file
//!   `T_x_y.json`; `labels` lists the classes present (1–14, empty excluded),
//!   ascending, `;`-separated.
//!
//! ```
//! use multisenge::generalize::Raster;
//! use multisenge::generalize::patchify::{cut_patches, label_json};
//!
//! let mut r = Raster::filled(5, 5, 0);
//! r.data[0] = 9;
//! r.data[1] = 6;
//! let patches = cut_patches(&r, 2, 3);
//! // Origins (0,0), (3,0), (0,3), (3,3); only (0,0) holds data.
//! assert_eq!(patches.len(), 1);
//! assert_eq!(patches[0].labels, vec![6, 9]);
//! let json = label_json(&patches[0].labels, "WKT", &[], &[]);
//! assert_eq!(json, r#"{"corresponding_s2":"","corresponding_s1":"","projection":"WKT","labels":"6;9"}"#);
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

/// The patch at `(x, y)`, or `None` when all its pixels are empty.
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
    let labels: Vec<u8> = (1..=255u8).filter(|&c| hist[c as usize] > 0).collect();
    if labels.is_empty() {
        return None;
    }
    Some(Patch {
        x,
        y,
        raster: patch,
        labels,
    })
}

/// Every non-empty patch of the raster.
pub fn cut_patches(raster: &Raster, size: usize, stride: usize) -> Vec<Patch> {
    patch_origins(raster.width, raster.height, size, stride)
        .into_iter()
        .filter_map(|(x, y)| cut_patch(raster, x, y, size))
        .collect()
}

/// File name of a ground-reference patch.
pub fn patch_file_name(tile: &str, x: usize, y: usize) -> String {
    format!("{tile}_GR_{x}_{y}.tif")
}

/// File name of a patch's label file.
pub fn label_file_name(tile: &str, x: usize, y: usize) -> String {
    format!("{tile}_{x}_{y}.json")
}

/// The label file's content: the four string fields in published order.
pub fn label_json(labels: &[u8], projection_wkt: &str, s2: &[String], s1: &[String]) -> String {
    let mut m = serde_json::Map::new();
    m.insert("corresponding_s2".into(), s2.join(";").into());
    m.insert("corresponding_s1".into(), s1.join(";").into());
    m.insert("projection".into(), projection_wkt.into());
    let labels: Vec<String> = labels.iter().map(u8::to_string).collect();
    m.insert("labels".into(), labels.join(";").into());
    serde_json::Value::Object(m).to_string()
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
