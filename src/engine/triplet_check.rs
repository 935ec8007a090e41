//! Matches label files with the files on disk (full mode): each patch's
//! files and label file go to the checks that read them.

use std::collections::HashSet;

use crate::model::dataset::{Mode, PatchIndex};
use crate::model::FileKind;
use crate::rules::input::TripletFacts;

use super::context::{Context, Sink};

/// Checks the patches of `index`; the files on disk are those of `all` (the
/// whole dataset, when `index` is one shard's part of it).
pub(crate) fn check(cx: &Context, index: &PatchIndex, all: &PatchIndex, sink: &mut Sink) {
    let dataset = cx.dataset;
    if dataset.mode == Mode::LabelsOnly || cx.plan.triplet.is_empty() {
        return;
    }
    let folder_names = FileKind::ALL.map(|k| cx.profile.profile.folders.name(k));
    let folders_present = FileKind::ALL.map(|k| dataset.has_folder(k));
    // Label files that could not be listed are unknown: the rasters are not
    // judged against them (one L005 finding stands for the folder).
    let labels_unknown = dataset.unreadable(FileKind::Label);
    let on_disk_s2: HashSet<&str> = all.values().flat_map(|p| &p.s2).map(|f| &*f.name).collect();
    let on_disk_s1: HashSet<&str> = all.values().flat_map(|p| &p.s1).map(|f| &*f.name).collect();
    for (key, patch) in index {
        let facts = TripletFacts {
            key,
            patch,
            folder_names: &folder_names,
            folders_present,
            labels_unknown,
            on_disk_s2: &on_disk_s2,
            on_disk_s1: &on_disk_s1,
        };
        sink.run(&cx.plan.triplet, &facts, None, Some(*key));
    }
}
