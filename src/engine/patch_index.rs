//! The index of patches, built from the scan's files and the label
//! files' outcomes in patch order: one sort and one pass, where inserting
//! a million patches one by one into the map costs seconds.

use crate::model::dataset::{DatasetFile, PatchFiles, PatchIndex};
use crate::model::{FileKind, PatchKey};

use super::label_check::LabelOutcome;

/// The patches of the scan's `files`, with their rasters (a label file's
/// patch gets an entry; the file is read in the next step, apart so that
/// the reading is parallel); built in one pass in patch order, not a
/// million look-ups.
pub(super) fn index_of(mut files: Vec<DatasetFile>) -> PatchIndex {
    files.sort_by_key(|f| f.patch);
    // Sized once: grown by doubling, a million patches' worth of memory
    // was copied and faulted in several times over.
    let distinct = 1 + files
        .windows(2)
        .filter(|w| w[0].patch != w[1].patch)
        .count();
    let mut patches: Vec<(PatchKey, PatchFiles)> = Vec::with_capacity(distinct);
    for file in files {
        if patches.last().map_or(true, |(k, _)| *k != file.patch) {
            patches.push((file.patch, PatchFiles::default()));
        }
        let Some((_, patch)) = patches.last_mut() else {
            continue;
        };
        match file.kind {
            FileKind::GroundReference => patch.ground_reference = Some(file),
            FileKind::S2 => patch.s2.push(file),
            FileKind::S1 => patch.s1.push(file),
            FileKind::Label => {}
        }
    }
    patches.into_iter().collect()
}

/// `index` with each patch's label information (a patch of several label
/// files: the last one's); built in one pass over both in patch order,
/// not a million look-ups.
pub(super) fn with_labels(
    index: PatchIndex,
    mut labels: Vec<(PatchKey, LabelOutcome)>,
) -> PatchIndex {
    labels.sort_by_key(|(patch, _)| *patch);
    let mut merged: Vec<(PatchKey, PatchFiles)> = Vec::with_capacity(index.len() + labels.len());
    let mut old = index.into_iter().peekable();
    for (patch, info) in labels {
        merged.extend(std::iter::from_fn(|| old.next_if(|(k, _)| *k < patch)));
        match merged.last_mut() {
            Some((k, files)) if *k == patch => files.label = Some(info.info),
            _ => {
                let mut files = old
                    .next_if(|(k, _)| *k == patch)
                    .map(|(_, f)| f)
                    .unwrap_or_default();
                files.label = Some(info.info);
                merged.push((patch, files));
            }
        }
    }
    merged.extend(old);
    merged.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TileCode;

    /// The merge gives what inserting each label in turn gives: the
    /// patches' files kept, new patches added, the last of a patch's
    /// several label files kept.
    #[test]
    fn the_index_built_in_patch_order_is_the_one_inserted_file_by_file() {
        let key = |tile: &str, x: u32, y: u32| PatchKey {
            tile: TileCode::parse(tile).unwrap(),
            x,
            y,
        };
        let file = |patch: PatchKey, name: &str| DatasetFile {
            kind: FileKind::S2,
            patch,
            name: name.into(),
            path: format!("s2/{name}").into(),
        };
        let label = |path: &str| LabelOutcome {
            info: crate::model::dataset::LabelInfo {
                path: path.into(),
                ..Default::default()
            },
            listed_s2: 0,
            listed_s1: 0,
        };
        let mut index = PatchIndex::new();
        for (tile, x, y) in [("31UGQ", 0, 0), ("31UGQ", 256, 0), ("32ULU", 0, 512)] {
            let patch = key(tile, x, y);
            index.entry(patch).or_default().s2.push(file(patch, tile));
        }
        let labels = vec![
            (key("32ULU", 0, 512), label("a")),
            (key("31UGQ", 0, 256), label("b")),
            (key("31UGQ", 0, 0), label("c")),
            (key("31UGQ", 0, 256), label("d")),
            (key("30TXT", 0, 0), label("e")),
            (key("31UGQ", 0, 0), label("f")),
        ];
        let mut expected = index.clone();
        for (patch, info) in labels.clone() {
            expected.entry(patch).or_default().label = Some(info.info);
        }
        let merged = with_labels(index, labels);
        assert_eq!(format!("{merged:?}"), format!("{expected:?}"));
        assert_eq!(merged.len(), 5);
        // The scan's files indexed as inserted one by one: a patch's
        // Sentinel files in the scan's order, its last ground reference.
        let mut files = Vec::new();
        for (i, (tile, x, kind)) in [
            ("32ULU", 0, FileKind::S2),
            ("31UGQ", 256, FileKind::GroundReference),
            ("31UGQ", 0, FileKind::S1),
            ("32ULU", 0, FileKind::S2),
            ("31UGQ", 256, FileKind::GroundReference),
            ("31UGQ", 512, FileKind::Label),
            ("31UGQ", 0, FileKind::S1),
        ]
        .into_iter()
        .enumerate()
        {
            let mut f = file(key(tile, x, 0), &format!("{tile}_{i}"));
            f.kind = kind;
            files.push(f);
        }
        let mut expected = PatchIndex::new();
        for file in files.clone() {
            let patch = expected.entry(file.patch).or_default();
            match file.kind {
                FileKind::GroundReference => patch.ground_reference = Some(file),
                FileKind::S2 => patch.s2.push(file),
                FileKind::S1 => patch.s1.push(file),
                FileKind::Label => {}
            }
        }
        let indexed = index_of(files);
        assert_eq!(format!("{indexed:?}"), format!("{expected:?}"));
        assert_eq!(indexed.len(), 4);
    }
}
