//! Every patch of a dataset placed on the ground, with what its label file
//! says: the input of the overlap pass, of `multisenge footprints` and of
//! `generalize --avoid`.

use crate::model::dataset::{DatasetFile, PatchFiles, PatchIndex};
use crate::model::footprint::Footprint;
use crate::model::grid::TilingGrid;
use crate::model::{NameParts, PatchKey};

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

/// One patch as the `footprints` map shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct FootprintRecord {
    /// `{tile}_{x}_{y}`.
    pub id: String,
    pub key: PatchKey,
    pub footprint: Footprint,
    /// The label file's classes, sorted (empty when unknown).
    pub classes: Vec<u8>,
    /// Distinct Sentinel-2 and Sentinel-1 dates (`YYYYMMDD`), sorted: from
    /// the label file's lists, else from the files on disk.
    pub s2_dates: Vec<String>,
    pub s1_dates: Vec<String>,
    /// Ids of the patches this one overlaps (S001 and S002 pairs).
    pub overlaps: Vec<String>,
}

impl FootprintRecord {
    /// First and last acquisition date of either sensor.
    pub fn date_range(&self) -> Option<(&str, &str)> {
        let all = self.s2_dates.iter().chain(&self.s1_dates);
        let first = all.clone().min()?;
        let last = all.max()?;
        Some((first, last))
    }
}

/// The patch id used in reports and maps: `31UGQ_257_0`.
pub fn patch_id(key: &PatchKey) -> String {
    format!("{}_{}_{}", key.tile, key.x, key.y)
}

/// What the map shows of each placed patch, in `placed` order; `overlaps`
/// index `placed`.
///
/// ```
/// use multisenge::model::dataset::{LabelInfo, PatchIndex};
/// use multisenge::model::grid::TilingGrid;
/// use multisenge::model::{PatchKey, TileCode};
/// use multisenge::spatial::footprints::{placed_patches, records};
/// let key = PatchKey { tile: TileCode::parse("31UGQ").unwrap(), x: 0, y: 0 };
/// let mut index = PatchIndex::new();
/// index.entry(key).or_default().label = Some(LabelInfo {
///     path: "labels/31UGQ_0_0.json".into(),
///     classes: Some(vec![6, 11]),
///     s2: vec!["31UGQ_20200731_S2_0_0.tif".into(), "31UGQ_20200325_S2_0_0.tif".into()],
///     ..LabelInfo::default()
/// });
/// let placed = placed_patches(&index, TilingGrid::official(), 256);
/// let r = &records(&index, &placed, &[])[0];
/// assert_eq!((r.id.as_str(), r.s2_dates.len()), ("31UGQ_0_0", 2));
/// assert_eq!(r.date_range(), Some(("20200325", "20200731")));
/// ```
pub fn records(
    index: &PatchIndex,
    placed: &[PlacedPatch],
    overlaps: &[super::overlap::Overlap],
) -> Vec<FootprintRecord> {
    let mut others: Vec<Vec<String>> = vec![Vec::new(); placed.len()];
    for o in overlaps {
        others[o.a].push(patch_id(&placed[o.b].key));
        others[o.b].push(patch_id(&placed[o.a].key));
    }
    placed
        .iter()
        .zip(others)
        .map(|(p, overlaps)| {
            let files = index.get(&p.key);
            let label = files.and_then(|f| f.label.as_ref());
            let dates = |listed: Option<&Vec<Box<str>>>, on_disk: Option<&Vec<DatasetFile>>| {
                let names: Vec<&str> = match listed.filter(|l| !l.is_empty()) {
                    Some(l) => l.iter().map(|n| &**n).collect(),
                    None => on_disk.into_iter().flatten().map(|f| &*f.name).collect(),
                };
                let mut dates: Vec<String> = names
                    .iter()
                    .filter_map(|n| NameParts::split(n)?.date.map(str::to_string))
                    .collect();
                dates.sort_unstable();
                dates.dedup();
                dates
            };
            FootprintRecord {
                id: patch_id(&p.key),
                key: p.key,
                footprint: p.footprint,
                classes: label.and_then(|l| l.classes.clone()).unwrap_or_default(),
                s2_dates: dates(label.map(|l| &l.s2), files.map(|f| &f.s2)),
                s1_dates: dates(label.map(|l| &l.s1), files.map(|f| &f.s1)),
                overlaps,
            }
        })
        .collect()
}
