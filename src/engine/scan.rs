//! Lists the dataset's folders and judges every name found there.

use std::fs;
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
                    format!(
                        "folder `{}/` is missing ({} files are expected there)",
                        folder.rel,
                        folder.kind.describe()
                    ),
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
    let entries = match fs::read_dir(root) {
        Ok(entries) => entries,
        Err(e) => {
            sink.push(Finding::new(
                Rule::UnreadableEntry,
                format!("cannot list the dataset root: {e}"),
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
                    format!("cannot list the dataset root: {e}"),
                ));
                continue;
            }
        };
        let name_os = entry.file_name();
        let Some(name) = name_os.to_str() else {
            non_utf8(sink, &name_os.to_string_lossy());
            continue;
        };
        if cx.profile.profile.layout.is_excluded(name) {
            continue;
        }
        let meta = match fs::metadata(entry.path()) {
            Ok(meta) => meta,
            Err(e) => {
                sink.push(unreadable(&entry.path(), &e).path(name));
                continue;
            }
        };
        if meta.is_dir() {
            if !known.contains(&name) {
                sink.push(
                    Finding::new(
                        Rule::UnknownFolder,
                        format!("folder `{name}/` is not one of the profile's folders"),
                    )
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
            _ => stray(sink, name, name),
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
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            sink.push(
                Finding::new(Rule::UnreadableEntry, format!("cannot list folder: {e}")).path(shown),
            );
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                sink.push(
                    Finding::new(Rule::UnreadableEntry, format!("cannot list folder: {e}"))
                        .path(shown),
                );
                continue;
            }
        };
        let name_os = entry.file_name();
        let Some(name) = name_os.to_str() else {
            non_utf8(sink, &folder.file_path(&name_os.to_string_lossy()));
            continue;
        };
        let path = folder.file_path(name);
        if cx.profile.profile.layout.is_excluded(&path)
            || layout::sidecar::is_sidecar(name, |n| dir.join(n).is_file())
        {
            continue;
        }
        let meta = match fs::metadata(entry.path()) {
            Ok(meta) => meta,
            Err(e) => {
                sink.push(unreadable(&entry.path(), &e).path(path));
                continue;
            }
        };
        if meta.is_dir() {
            sink.push(
                Finding::new(
                    Rule::UnknownFolder,
                    format!("folder `{path}/` inside a dataset folder (files are expected here, not folders)"),
                )
                .path(path),
            );
            continue;
        }
        if cx.profile.profile.layout.is_allowed(name) {
            continue;
        }
        let Some(parts) = NameParts::split(name) else {
            scanned.other_files += 1;
            if Path::new(name)
                .extension()
                .is_some_and(|e| e == folder.kind.extension())
            {
                sink.push(
                    Finding::new(
                        Rule::MalformedName,
                        naming::malformed_name::message(folder.kind),
                    )
                    .path(path),
                );
            } else {
                stray(sink, &path, name);
            }
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
        if parts.kind != folder.kind {
            let home = cx.profile.profile.folders.name(parts.kind);
            sink.push(
                Finding::new(
                    Rule::WrongFolder,
                    naming::wrong_folder::message(parts.kind, home),
                )
                .path(path.clone())
                .patch(parts.patch()),
            );
        }
        for (rule, why) in naming::check_values(&parts, &cx.profile.profile, cx.grid) {
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
fn unreadable(path: &Path, error: &std::io::Error) -> Finding {
    let message = match fs::read_link(path) {
        Ok(target) => format!(
            "symbolic link to `{}` cannot be followed: {error}",
            target.display()
        ),
        Err(_) => format!("cannot read entry: {error}"),
    };
    Finding::new(Rule::UnreadableEntry, message)
}

fn non_utf8(sink: &mut Sink, lossy_path: &str) {
    sink.push(Finding::new(Rule::NonUtf8Name, "file name is not valid UTF-8").path(lossy_path));
}

fn stray(sink: &mut Sink, path: &str, name: &str) {
    sink.push(Finding::new(Rule::StrayFile, format!("`{name}` is not a dataset file")).path(path));
}
