//! Matches label files with the files on disk: every patch complete, every
//! listed file present, every file listed.

use std::collections::HashSet;

use crate::finding::Finding;
use crate::model::dataset::{Mode, PatchIndex};
use crate::model::FileKind;
use crate::rules::{triplets, Rule};

use super::{Context, Sink};

/// Checks the patches of `index`; the files on disk are those of `all` (the
/// whole dataset, when `index` is one shard's part of it).
pub(crate) fn check(cx: &Context, index: &PatchIndex, all: &PatchIndex, sink: &mut Sink) {
    let dataset = cx.dataset;
    if dataset.mode == Mode::LabelsOnly {
        return;
    }
    let folder = |kind| cx.profile.profile.folders.name(kind).to_string();
    let has_gr = dataset.has_folder(FileKind::GroundReference);
    let has_s2 = dataset.has_folder(FileKind::S2);
    let has_s1 = dataset.has_folder(FileKind::S1);
    // Label files that could not be listed are unknown: the rasters are not
    // judged against them (one L005 finding stands for the folder).
    let labels_unknown = dataset.unreadable(FileKind::Label);
    let on_disk_s2: HashSet<&str> = all.values().flat_map(|p| &p.s2).map(|f| &*f.name).collect();
    let on_disk_s1: HashSet<&str> = all.values().flat_map(|p| &p.s1).map(|f| &*f.name).collect();

    for (key, patch) in index {
        let push = |sink: &mut Sink, rule: Rule, path: &str, why: Option<String>| {
            if let Some(why) = why {
                sink.push(Finding::new(rule, why).path(path).patch(*key));
            }
        };
        let path_of = |kind| format!("{}/{}", folder(kind), key.file_name(kind, ""));
        let label_name = path_of(FileKind::Label);
        let gr_name = path_of(FileKind::GroundReference);
        if let Some(label) = &patch.label {
            let why = triplets::label_without_ground_reference::check(patch, has_gr, &gr_name);
            push(sink, Rule::LabelWithoutGroundReference, &label.path, why);
        }
        if labels_unknown {
            continue;
        }
        if let Some(gr) = &patch.ground_reference {
            let why = triplets::ground_reference_without_label::check(patch, &label_name);
            push(sink, Rule::GroundReferenceWithoutLabel, &gr.path, why);
        }
        if let Some(label) = &patch.label {
            for (listed, on_disk, present, kind) in [
                (&label.s2, &on_disk_s2, has_s2, FileKind::S2),
                (&label.s1, &on_disk_s1, has_s1, FileKind::S1),
            ] {
                if !present {
                    continue;
                }
                let folder = folder(kind);
                for name in listed.iter() {
                    let why = triplets::listed_file_missing::check(name, on_disk, &folder);
                    push(sink, Rule::ListedFileMissing, &label.path, why);
                }
            }
        }
        // Files of a patch whose label file could not be read are not judged.
        if patch.label.as_ref().is_some_and(|l| !l.parsed) {
            continue;
        }
        // Names carry their sensor, and only names of the right sensor are
        // kept in each list, so one set serves both.
        let listed: HashSet<&str> = patch
            .label
            .iter()
            .flat_map(|l| l.s2.iter().chain(&l.s1))
            .map(|n| &**n)
            .collect();
        let label = patch.label.as_ref().map(|l| &*l.path);
        for file in patch.s2.iter().chain(&patch.s1) {
            let why = triplets::unlisted_file::check(&file.name, &listed, label, &label_name);
            push(sink, Rule::UnlistedFile, &file.path, why);
        }
    }
}
