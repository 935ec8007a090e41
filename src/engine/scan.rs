//! Lists the dataset's folders and judges every name found there.

use std::path::Path;

use crate::finding::Finding;
use crate::model::dataset::{DatasetFile, DatasetFolder, Mode};
use crate::model::{FileKind, NameParts};
use crate::rules::{layout, naming, Rule};

use super::{Context, Sink};

pub(crate) struct Scanned {
    /// Well-named files whose names passed every enabled naming rule.
    pub files: Vec<DatasetFile>,
    /// The label files among them, to be read.
    pub label_files: Vec<DatasetFile>,
    pub other_files: usize,
}

pub(crate) fn scan(cx: &Context, sink: &mut Sink) -> Scanned {
    let mut scanned = Scanned {
        files: Vec::new(),
        label_files: Vec::new(),
        other_files: 0,
    };
    let dataset = cx.dataset;
    if let Err(e) = cx.names.enter(&dataset.root) {
        // Nothing under the root can be known: one finding, not one per
        // folder "missing".
        let why = layout::unreadable_entry::cannot_enter(true, &e);
        sink.push(Finding::new(Rule::UnreadableEntry, why).path("."));
        return scanned;
    }
    let root_is_labels = dataset.folders.iter().any(|f| f.rel.is_empty());
    if !root_is_labels {
        scan_root(cx, sink, &mut scanned);
    }
    for folder in &dataset.folders {
        if folder.exists {
            scan_folder(cx, folder, sink, &mut scanned);
        } else if dataset.mode == Mode::Full || folder.kind == FileKind::Label {
            sink.push(
                Finding::new(
                    Rule::MissingFolder,
                    layout::missing_folder::message(&folder.rel, folder.kind),
                )
                .path(folder.rel.clone()),
            );
        }
    }
    scanned
}

/// The root holds the dataset folders and allowed files only.
fn scan_root(cx: &Context, sink: &mut Sink, scanned: &mut Scanned) {
    let root = &cx.dataset.root;
    let entries = match cx.names.read_dir(root) {
        Ok(entries) => entries,
        Err(e) => {
            sink.push(Finding::new(
                Rule::UnreadableEntry,
                layout::unreadable_entry::cannot_list(true, &e),
            ));
            return;
        }
    };
    let known: Vec<&str> = FileKind::ALL
        .iter()
        .map(|&k| cx.profile.profile.folders.name(k))
        .collect();
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                sink.push(Finding::new(
                    Rule::UnreadableEntry,
                    layout::unreadable_entry::cannot_list(true, &e),
                ));
                continue;
            }
        };
        let name_os = entry.file_name();
        let name = match layout::non_utf8_name::check(&name_os) {
            Ok(name) => name,
            Err(why) => {
                non_utf8(sink, why, &name_os.to_string_lossy());
                continue;
            }
        };
        if cx.profile.profile.layout.is_excluded(name) {
            continue;
        }
        let is_dir = match entry.is_dir() {
            Ok(is_dir) => is_dir,
            Err(e) => {
                sink.push(unreadable(cx, &entry.path(), &e).path(name));
                continue;
            }
        };
        if is_dir {
            if !known.contains(&name) {
                sink.push(
                    Finding::new(Rule::UnknownFolder, layout::unknown_folder::at_root(name))
                        .path(name),
                );
            }
            continue;
        }
        if cx.profile.profile.layout.is_allowed(name) {
            continue;
        }
        scanned.other_files += 1;
        match NameParts::split(name) {
            Some(parts) if parts.has_expected_extension() => {
                let folder = cx.profile.profile.folders.name(parts.kind);
                sink.push(
                    Finding::new(
                        Rule::WrongFolder,
                        naming::wrong_folder::message(parts.kind, folder),
                    )
                    .path(name)
                    .patch(parts.patch()),
                );
            }
            _ => {
                sink.push(stray(name, name));
            }
        }
    }
}

fn scan_folder(cx: &Context, folder: &DatasetFolder, sink: &mut Sink, scanned: &mut Scanned) {
    let dir = cx.dataset.absolute(&folder.rel);
    let shown = if folder.rel.is_empty() {
        "."
    } else {
        folder.rel.as_str()
    };
    // A folder that cannot be listed or entered: one finding for all it
    // holds (its files are then unknown, not missing: see `has_folder`).
    let entries = match cx.names.enter(&dir).and_then(|()| cx.names.read_dir(&dir)) {
        Ok(entries) => entries,
        Err(e) => {
            let why = layout::unreadable_entry::cannot_enter(false, &e);
            sink.push(Finding::new(Rule::UnreadableEntry, why).path(shown));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let why = layout::unreadable_entry::cannot_list(false, &e);
                sink.push(Finding::new(Rule::UnreadableEntry, why).path(shown));
                continue;
            }
        };
        let name_os = entry.file_name();
        let name = match layout::non_utf8_name::check(&name_os) {
            Ok(name) => name,
            Err(why) => {
                non_utf8(sink, why, &folder.file_path(&name_os.to_string_lossy()));
                continue;
            }
        };
        let path = folder.file_path(name);
        if cx.profile.profile.layout.is_excluded(&path)
            || layout::sidecar::is_sidecar(name, |n| cx.names.is_file(&dir.join(n)))
        {
            continue;
        }
        let is_dir = match entry.is_dir() {
            Ok(is_dir) => is_dir,
            Err(e) => {
                sink.push(unreadable(cx, &entry.path(), &e).path(path));
                continue;
            }
        };
        if is_dir {
            sink.push(
                Finding::new(Rule::UnknownFolder, layout::unknown_folder::nested(&path)).path(path),
            );
            continue;
        }
        if cx.profile.profile.layout.is_allowed(name) {
            continue;
        }
        let Some(parts) = NameParts::split(name) else {
            scanned.other_files += 1;
            match naming::malformed_name::check(name, folder.kind) {
                Some(why) => sink.push(Finding::new(Rule::MalformedName, why).path(path)),
                None => sink.push(stray(&path, name)),
            };
            continue;
        };
        if let Some(why) = layout::wrong_extension::check(&parts) {
            scanned.other_files += 1;
            sink.push(
                Finding::new(Rule::WrongExtension, why)
                    .path(path)
                    .patch(parts.patch()),
            );
            continue;
        }
        let mut clean = true;
        let home = cx.profile.profile.folders.name(parts.kind);
        if let Some(why) = naming::wrong_folder::check(parts.kind, folder.kind, home) {
            sink.push(
                Finding::new(Rule::WrongFolder, why)
                    .path(path.clone())
                    .patch(parts.patch()),
            );
        }
        for (rule, why) in naming::check_values(&parts, &cx.naming, cx.grid) {
            clean &= !sink.push(
                Finding::new(rule, why)
                    .path(path.clone())
                    .patch(parts.patch()),
            );
        }
        match parts.patch() {
            Some(patch) if clean => {
                let file = DatasetFile {
                    kind: parts.kind,
                    patch,
                    name: name.into(),
                    path: path.into(),
                };
                if file.kind == FileKind::Label {
                    scanned.label_files.push(file.clone());
                }
                scanned.files.push(file);
            }
            _ => scanned.other_files += 1,
        }
    }
}

/// Why an entry cannot be read, naming a broken symbolic link as such.
fn unreadable(cx: &Context, path: &Path, error: &std::io::Error) -> Finding {
    let link = cx.names.read_link(path);
    let message = layout::unreadable_entry::cannot_read_entry(link.as_deref(), error);
    Finding::new(Rule::UnreadableEntry, message)
}

fn non_utf8(sink: &mut Sink, why: &str, lossy_path: &str) {
    sink.push(Finding::new(Rule::NonUtf8Name, why).path(lossy_path));
}

fn stray(path: &str, name: &str) -> Finding {
    Finding::new(Rule::StrayFile, layout::stray_file::message(name)).path(path)
}
