//! Triplets: every patch has its label file and ground reference, and the
//! Sentinel-2 and Sentinel-1 files the label file lists are exactly those on
//! disk.

pub mod duplicate_entry;
pub mod ground_reference_without_label;
pub mod label_without_ground_reference;
pub mod listed_file_missing;
pub mod listed_name_mismatch;
pub mod unlisted_file;

/// Patches as the rules' tests judge them.
#[cfg(test)]
pub(crate) mod fixtures {
    use std::collections::HashSet;

    use crate::model::dataset::{DatasetFile, LabelInfo, PatchFiles};
    use crate::model::{FileKind, PatchKey, TileCode};
    use crate::rules::input::{found, Out, TripletFacts};

    pub fn key() -> PatchKey {
        PatchKey {
            tile: TileCode::parse("31UGQ").unwrap(),
            x: 0,
            y: 0,
        }
    }

    pub fn file(kind: FileKind, name: &str) -> DatasetFile {
        DatasetFile {
            kind,
            patch: key(),
            name: name.into(),
            path: format!("{}/{name}", kind.key()).into(),
        }
    }

    pub fn label(s2: &[&str], s1: &[&str]) -> LabelInfo {
        LabelInfo {
            path: "labels/31UGQ_0_0.json".into(),
            parsed: true,
            s2: s2.iter().map(|n| (*n).into()).collect(),
            s1: s1.iter().map(|n| (*n).into()).collect(),
            ..LabelInfo::default()
        }
    }

    /// `(path, message)` of what `check` finds in `patch`, with every
    /// folder present and `on_disk` the Sentinel files on disk.
    pub fn judge(
        check: fn(&TripletFacts, &mut Out),
        patch: &PatchFiles,
        on_disk: &[&str],
        labels_unknown: bool,
    ) -> Vec<(String, String)> {
        let key = key();
        let on_disk: HashSet<&str> = on_disk.iter().copied().collect();
        let facts = TripletFacts {
            key: &key,
            patch,
            folder_names: &["ground_reference", "s2", "s1", "labels"],
            folders_present: [true; 4],
            labels_unknown,
            on_disk_s2: &on_disk,
            on_disk_s1: &on_disk,
        };
        found(check, &facts)
            .into_iter()
            .map(|e| (e.path.unwrap_or_default(), e.record.message()))
            .collect()
    }
}
