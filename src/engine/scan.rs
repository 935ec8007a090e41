//! Lists the dataset's folders and hands every folder, entry and name found
//! there to the checks that read them.

use rayon::prelude::*;

use crate::finding::Finding;
use crate::model::dataset::{DatasetFile, DatasetFolder, Mode};
use crate::model::{FileKind, NameParts};
use crate::rules::input::{Entry, EntryFacts, FolderFacts, FolderState, NameFacts, NamePlace};
use crate::rules::layout::sidecar;

use super::context::{Context, Sink};
use super::names::{self, CleanParts};

#[derive(Default)]
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
    let labels_only = dataset.mode == Mode::LabelsOnly;
    let folder = |shown, root, kind, state| FolderFacts {
        shown,
        root,
        kind,
        state,
        labels_only,
    };
    if let Err(e) = cx.names.enter(&dataset.root) {
        // Nothing under the root can be known: one finding, not one per
        // folder "missing".
        let facts = folder(".", true, None, FolderState::CannotEnter(&e));
        sink.run(&cx.plan.folder, &facts, Some("."), None);
        return scanned;
    }
    let root_is_labels = dataset.folders.iter().any(|f| f.rel.is_empty());
    if !root_is_labels {
        scan_root(cx, sink, &mut scanned);
    }
    for f in &dataset.folders {
        if f.exists {
            scan_folder(cx, f, sink, &mut scanned);
        } else {
            let facts = folder(&f.rel, false, Some(f.kind), FolderState::Missing);
            sink.run(&cx.plan.folder, &facts, Some(&f.rel), None);
        }
    }
    scanned
}

/// The profile's folder names, in [`FileKind::ALL`] order.
fn folder_names<'a>(cx: &Context<'a>) -> [&'a str; 4] {
    FileKind::ALL.map(|k| cx.profile.profile.folders.name(k))
}

/// The root holds the dataset folders and allowed files only.
fn scan_root(cx: &Context, sink: &mut Sink, scanned: &mut Scanned) {
    let root = &cx.dataset.root;
    let labels_only = cx.dataset.mode == Mode::LabelsOnly;
    let cannot_list = |sink: &mut Sink, e: &std::io::Error| {
        let facts = FolderFacts {
            shown: ".",
            root: true,
            kind: None,
            state: FolderState::CannotList(e),
            labels_only,
        };
        sink.run(&cx.plan.folder, &facts, None, None);
    };
    let entries = match cx.names.read_dir(root) {
        Ok(entries) => entries,
        Err(e) => {
            cannot_list(sink, &e);
            return;
        }
    };
    let names = folder_names(cx);
    let layout = &cx.profile.profile.layout;
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                cannot_list(sink, &e);
                continue;
            }
        };
        let at_root = Place {
            folder: None,
            names: &names,
        };
        let name_os = entry.file_name();
        let Some(name) = name_os.to_str() else {
            at_root.judge(cx, sink, &name_os.to_string_lossy(), Entry::NonUtf8, None);
            continue;
        };
        if layout.is_excluded(name) {
            continue;
        }
        match at_root.is_dir(cx, sink, &entry, name) {
            Some(true) => {
                at_root.judge(cx, sink, name, Entry::Folder { name }, None);
                continue;
            }
            Some(false) => {}
            None => continue,
        }
        if layout.is_allowed(name) {
            continue;
        }
        scanned.other_files += 1;
        let parts = NameParts::split(name);
        // The patch of a dataset file (one with its kind's extension).
        let patch = parts
            .filter(|p| p.has_expected_extension())
            .and_then(|p| p.patch());
        at_root.judge(cx, sink, name, Entry::File { name, parts }, patch);
    }
}

/// Entries listed before they are judged, a batch at a time.
const BATCH: usize = 32_768;
/// Entries one worker judges in a row.
const CHUNK: usize = 2_048;

fn scan_folder(cx: &Context, folder: &DatasetFolder, sink: &mut Sink, scanned: &mut Scanned) {
    let dir = cx.dataset.absolute(&folder.rel);
    // A folder that cannot be listed or entered: one finding for all it
    // holds (its files are then unknown, not missing: see `has_folder`).
    let mut entries = match cx.names.enter(&dir).and_then(|()| cx.names.read_dir(&dir)) {
        Ok(entries) => entries,
        Err(e) => {
            unreadable(cx, folder, sink, true, &e);
            return;
        }
    };
    let at = Folder {
        folder,
        dir: &dir,
        names: folder_names(cx),
    };
    // The entries are judged in parallel, a chunk each, and gathered in
    // the folder's order: the findings and files are those of judging
    // them one by one. (Each chunk has its own memo of clean parts: a
    // check of one part is a pure function of it, `names`.)
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        batch.clear();
        batch.extend(entries.by_ref().take(BATCH));
        if batch.is_empty() {
            break;
        }
        let judged: Vec<(Vec<Finding>, Scanned)> = batch
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut local = Sink::new(sink.rules);
                let mut out = Scanned::default();
                let mut clean = CleanParts::default();
                let mut found = Vec::new();
                for entry in chunk {
                    at.scan_entry(cx, entry, &mut local, &mut out, &mut clean, &mut found);
                }
                (local.findings, out)
            })
            .collect();
        for (findings, out) in judged {
            sink.findings.extend(findings);
            scanned.files.extend(out.files);
            scanned.label_files.extend(out.label_files);
            scanned.other_files += out.other_files;
        }
    }
}

/// The finding of a dataset folder that cannot be entered or listed.
fn unreadable(
    cx: &Context,
    folder: &DatasetFolder,
    sink: &mut Sink,
    enter: bool,
    e: &std::io::Error,
) {
    let shown = if folder.rel.is_empty() {
        "."
    } else {
        folder.rel.as_str()
    };
    let state = if enter {
        FolderState::CannotEnter(e)
    } else {
        FolderState::CannotList(e)
    };
    let facts = FolderFacts {
        shown,
        root: false,
        kind: Some(folder.kind),
        state,
        labels_only: cx.dataset.mode == Mode::LabelsOnly,
    };
    sink.run(&cx.plan.folder, &facts, Some(shown), None);
}

/// A dataset folder being scanned.
struct Folder<'a> {
    folder: &'a DatasetFolder,
    dir: &'a std::path::Path,
    names: [&'a str; 4],
}

impl Folder<'_> {
    /// Judges one entry of the folder: its findings to `sink`, a dataset
    /// file to `scanned`; `clean` remembers the parts found clean.
    fn scan_entry(
        &self,
        cx: &Context,
        entry: &std::io::Result<crate::io::storage::vfs::DirEntry>,
        sink: &mut Sink,
        scanned: &mut Scanned,
        clean: &mut CleanParts,
        found: &mut Vec<(crate::rules::Rule, crate::rules::input::Emitted)>,
    ) {
        let (folder, dir) = (self.folder, self.dir);
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                unreadable(cx, folder, sink, false, e);
                return;
            }
        };
        let place = Place {
            folder: Some(folder.kind),
            names: &self.names,
        };
        let layout = &cx.profile.profile.layout;
        let name_os = entry.file_name();
        let Some(name) = name_os.to_str() else {
            let lossy = folder.file_path(&name_os.to_string_lossy());
            place.judge(cx, sink, &lossy, Entry::NonUtf8, None);
            return;
        };
        let path = folder.file_path(name);
        if layout.is_excluded(&path)
            || sidecar::is_sidecar(name, |n| cx.names.is_file(&dir.join(n)))
        {
            return;
        }
        match place.is_dir(cx, sink, entry, &path) {
            Some(true) => {
                place.judge(cx, sink, &path, Entry::Folder { name }, None);
                return;
            }
            Some(false) => {}
            None => return,
        }
        if layout.is_allowed(name) {
            return;
        }
        let parts = NameParts::split(name);
        let patch = parts.and_then(|p| p.patch());
        place.judge(cx, sink, &path, Entry::File { name, parts }, patch);
        // A name of no nomenclature, or with another extension than its
        // kind's, is no dataset file; its findings are the shape checks'.
        let well_formed = parts.is_some_and(|p| p.has_expected_extension());
        let name_facts = NameFacts {
            name,
            parts,
            place: NamePlace::OnDisk {
                folder: folder.kind,
            },
            naming: &cx.naming,
            grid: cx.grid,
        };
        found.clear();
        names::judge(
            &cx.plan.names,
            &name_facts,
            well_formed,
            clean,
            &cx.clean_dates,
            found,
        );
        let mut fired = false;
        for (rule, e) in found.drain(..) {
            fired |= push(sink, rule, e, &path, patch);
        }
        match (parts, patch) {
            (Some(parts), Some(patch)) if well_formed && !fired => {
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

/// Where entries are found: the root (`folder` is `None`) or a dataset
/// folder, with the profile's folder names.
struct Place<'a> {
    folder: Option<FileKind>,
    names: &'a [&'a str; 4],
}

impl Place<'_> {
    /// Runs the entry checks on `entry`, found at `path`.
    fn judge(
        &self,
        cx: &Context,
        sink: &mut Sink,
        path: &str,
        entry: Entry,
        patch: Option<crate::model::PatchKey>,
    ) {
        let facts = EntryFacts {
            path,
            folder: self.folder,
            folder_names: self.names,
            entry,
        };
        sink.run(&cx.plan.entry, &facts, Some(path), patch);
    }

    /// Whether `entry` (at `path`) is a folder; `None`, having judged it,
    /// when its metadata cannot be read.
    fn is_dir(
        &self,
        cx: &Context,
        sink: &mut Sink,
        entry: &crate::io::storage::vfs::DirEntry,
        path: &str,
    ) -> Option<bool> {
        match entry.is_dir() {
            Ok(is_dir) => Some(is_dir),
            Err(error) => {
                let link = cx.names.read_link(&entry.path());
                let link = link.as_deref();
                self.judge(
                    cx,
                    sink,
                    path,
                    Entry::Unreadable {
                        link,
                        error: &error,
                    },
                    None,
                );
                None
            }
        }
    }
}

/// Records a finding of a name check on the file at `path`; returns
/// whether its rule is enabled.
pub(crate) fn push(
    sink: &mut Sink,
    rule: crate::rules::Rule,
    e: crate::rules::input::Emitted,
    path: &str,
    patch: Option<crate::model::PatchKey>,
) -> bool {
    let mut finding = crate::finding::Finding::of(rule, e.record);
    finding.path = Some(e.path.unwrap_or_else(|| path.to_string()));
    finding.patch = patch;
    finding.location = e.location;
    sink.push(finding)
}
