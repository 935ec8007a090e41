//! Matches label files with the files on disk: every patch complete, every
//! listed file present, every file listed.

use std::collections::HashSet;

use crate::finding::Finding;
use crate::model::dataset::{Mode, PatchIndex};
use crate::model::FileKind;
use crate::rules::{triplets, Rule};

use super::{Context, Sink};

pub(crate) fn check(cx: &Context, index: &PatchIndex, sink: &mut Sink) {
    let dataset = cx.dataset;
    if dataset.mode == Mode::LabelsOnly {
        return;
    }
    let folder = |kind| cx.profile.profile.folders.name(kind).to_string();
    let has_gr = dataset.has_folder(FileKind::GroundReference);
    let has_s2 = dataset.has_folder(FileKind::S2);
    let has_s1 = dataset.has_folder(FileKind::S1);
    let on_disk_s2: HashSet<&str> = index
        .values()
        .flat_map(|p| &p.s2)
        .map(|f| &*f.name)
        .collect();
    let on_disk_s1: HashSet<&str> = index
        .values()
        .flat_map(|p| &p.s1)
        .map(|f| &*f.name)
        .collect();

    for (key, patch) in index {
        let path_of = |kind| format!("{}/{}", folder(kind), key.file_name(kind, ""));
        let label_name = path_of(FileKind::Label);
        let gr_name = path_of(FileKind::GroundReference);
        match (&patch.label, &patch.ground_reference) {
            (Some(label), None) if has_gr => {
                sink.push(
                    Finding::new(
                        Rule::LabelWithoutGroundReference,
                        triplets::label_without_ground_reference::message(&gr_name),
                    )
                    .path(label.path.to_string())
                    .patch(*key),
                );
            }
            (None, Some(gr)) => {
                sink.push(
                    Finding::new(
                        Rule::GroundReferenceWithoutLabel,
                        triplets::ground_reference_without_label::message(&label_name),
                    )
                    .path(gr.path.to_string())
                    .patch(*key),
                );
            }
            _ => {}
        }
        if let Some(label) = &patch.label {
            for (listed, on_disk, present, kind) in [
                (&label.s2, &on_disk_s2, has_s2, FileKind::S2),
                (&label.s1, &on_disk_s1, has_s1, FileKind::S1),
            ] {
                if !present {
                    continue;
                }
                for name in listed.iter().filter(|n| !on_disk.contains(&***n)) {
                    sink.push(
                        Finding::new(
                            Rule::ListedFileMissing,
                            triplets::listed_file_missing::message(&folder(kind), name),
                        )
                        .path(label.path.to_string())
                        .patch(*key),
                    );
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
        for file in patch.s2.iter().chain(&patch.s1) {
            if listed.contains(&*file.name) {
                continue;
            }
            let label = patch.label.as_ref().map(|l| &*l.path);
            let why = triplets::unlisted_file::message(label, &label_name);
            sink.push(
                Finding::new(Rule::UnlistedFile, why)
                    .path(file.path.to_string())
                    .patch(*key),
            );
        }
    }
}
