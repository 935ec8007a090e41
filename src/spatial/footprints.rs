//! Every patch of a dataset placed on the ground, with what its label file
//! says: the input of the overlap pass, of `multisenge footprints` and of
//! `generalize --avoid`.

use crate::model::dataset::{PatchFiles, PatchIndex};
use crate::model::footprint::Footprint;
use crate::model::grid::TilingGrid;
use crate::model::PatchKey;

/// A patch with its footprint and the file that stands for it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedPatch {
    pub key: PatchKey,
    pub footprint: Footprint,
    /// The file findings about the patch's place are reported on: its
    /// label file, else its ground reference, else its first raster.
    pub path: Box<str>,
}

/// The patches of `index` whose tile is in the grid, in index order, each
/// placed from the tiling grid (`patch_size` pixels of 10 m).
///
/// ```
/// use multisenge::model::dataset::{LabelInfo, PatchFiles, PatchIndex};
/// use multisenge::model::grid::TilingGrid;
/// use multisenge::model::{PatchKey, TileCode};
/// use multisenge::spatial::footprints::placed_patches;
/// let key = PatchKey { tile: TileCode::parse("31UGQ").unwrap(), x: 257, y: 0 };
/// let mut index = PatchIndex::new();
/// index.entry(key).or_default().label =
///     Some(LabelInfo { path: "labels/31UGQ_257_0.json".into(), ..LabelInfo::default() });
/// let placed = placed_patches(&index, TilingGrid::official(), 256);
/// assert_eq!(placed[0].footprint.min_x, 699_960.0 + 2570.0);
/// assert_eq!(&*placed[0].path, "labels/31UGQ_257_0.json");
/// ```
pub fn placed_patches(index: &PatchIndex, grid: &TilingGrid, patch_size: u32) -> Vec<PlacedPatch> {
    index
        .iter()
        .filter_map(|(key, files)| {
            let footprint = Footprint::of_window(grid, key, 0, 0, patch_size, patch_size)?;
            Some(PlacedPatch {
                key: *key,
                footprint,
                path: representative_path(files)?,
            })
        })
        .collect()
}

fn representative_path(files: &PatchFiles) -> Option<Box<str>> {
    if let Some(label) = &files.label {
        return Some(label.path.clone());
    }
    files
        .ground_reference
        .iter()
        .chain(&files.s2)
        .chain(&files.s1)
        .next()
        .map(|f| f.path.clone())
}
