//! A dataset on disk: where its folders are, and the index of its patches
//! built from the files found and the label files read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::naming::{FileKind, PatchKey};

/// Whether rasters are expected, or only label files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Ground reference, Sentinel-2, Sentinel-1 and label folders.
    Full,
    /// A folder of label files on its own, as the labels are published.
    LabelsOnly,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Full => "full",
            Mode::LabelsOnly => "labels-only",
        }
    }
}

/// The kind of folder a file was found in.
pub type FolderKind = FileKind;

/// Where a dataset's folders are.
#[derive(Clone, Debug)]
pub struct Dataset {
    pub root: PathBuf,
    pub mode: Mode,
    /// Each expected folder with its path relative to the root (`""` when the
    /// root itself is the labels folder) and whether it exists.
    pub folders: Vec<DatasetFolder>,
}

#[derive(Clone, Debug)]
pub struct DatasetFolder {
    pub kind: FolderKind,
    /// Relative to the root, `/`-separated, without trailing slash; empty for
    /// the root itself.
    pub rel: String,
    pub exists: bool,
    /// Whether it can be listed and entered ([`FolderProbe::enter`]): an existing folder
    /// that cannot is reported once, and its files count as unknown rather
    /// than missing.
    pub readable: bool,
}

impl DatasetFolder {
    /// The relative path of a file in this folder.
    pub fn file_path(&self, name: &str) -> String {
        if self.rel.is_empty() {
            name.to_string()
        } else {
            format!("{}/{}", self.rel, name)
        }
    }
}

impl Dataset {
    /// Decides the mode and the folders of the dataset at `root`.
    ///
    /// Labels-only mode is used when asked, or when none of the raster
    /// folders exists and there is a labels folder or label files at the
    /// root. The labels folder is `root/<labels>` when it exists, else the
    /// root itself. `fs` answers where the folders are (the local file
    /// system or object storage, `io::vfs::Probe`).
    pub fn locate(
        root: &Path,
        folder_names: [&str; 4],
        labels_only: bool,
        fs: &dyn FolderProbe,
    ) -> Dataset {
        let is_dir = |name: &str| fs.is_dir(&root.join(name));
        let raster_folders = [FileKind::GroundReference, FileKind::S2, FileKind::S1];
        let any_raster_folder = raster_folders
            .iter()
            .any(|k| is_dir(folder_names[kind_index(*k)]));
        let labels_name = folder_names[kind_index(FileKind::Label)];
        let labels_only =
            labels_only || (!any_raster_folder && (is_dir(labels_name) || fs.has_json_files(root)));
        if labels_only {
            let (rel, exists) = if is_dir(labels_name) {
                (labels_name.to_string(), true)
            } else {
                (String::new(), fs.is_dir(root))
            };
            return Dataset {
                root: root.to_path_buf(),
                mode: Mode::LabelsOnly,
                folders: vec![DatasetFolder {
                    kind: FileKind::Label,
                    readable: fs.enter(&root.join(&rel)).is_ok(),
                    rel,
                    exists,
                }],
            };
        }
        Dataset {
            root: root.to_path_buf(),
            mode: Mode::Full,
            folders: FileKind::ALL
                .iter()
                .map(|&kind| {
                    let name = folder_names[kind_index(kind)];
                    // A folder that is there but cannot be opened (a broken
                    // link, no permission) is "existing": listing it fails
                    // with a finding that says why.
                    let path = root.join(name);
                    let exists = fs.is_dir(&path) || fs.is_there_but_unreadable(&path);
                    DatasetFolder {
                        kind,
                        rel: name.to_string(),
                        exists,
                        readable: fs.enter(&path).is_ok(),
                    }
                })
                .collect(),
        }
    }

    pub fn folder(&self, kind: FolderKind) -> Option<&DatasetFolder> {
        self.folders.iter().find(|f| f.kind == kind)
    }

    /// Whether files of this kind are expected and their folder exists and
    /// can be read.
    pub fn has_folder(&self, kind: FolderKind) -> bool {
        self.folder(kind).is_some_and(|f| f.exists && f.readable)
    }

    /// Whether the folder of this kind is there but cannot be read (what is
    /// in it is unknown, not missing).
    pub fn unreadable(&self, kind: FolderKind) -> bool {
        self.folder(kind).is_some_and(|f| f.exists && !f.readable)
    }

    pub fn absolute(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }
}

/// Index of `FileKind` in `[GroundReference, S2, S1, Label]` order.
pub fn kind_index(kind: FileKind) -> usize {
    match kind {
        FileKind::GroundReference => 0,
        FileKind::S2 => 1,
        FileKind::S1 => 2,
        FileKind::Label => 3,
    }
}

/// What [`Dataset::locate`] asks of the file system holding the dataset.
pub trait FolderProbe {
    /// Whether `path` is a folder (following symbolic links).
    fn is_dir(&self, path: &Path) -> bool;
    /// Whether something is at `path` that cannot be examined (a broken
    /// symbolic link, no permission).
    fn is_there_but_unreadable(&self, path: &Path) -> bool;
    /// Whether the folder `dir` holds an entry named `*.json`.
    fn has_json_files(&self, dir: &Path) -> bool;
    /// Whether the folder at `path` can be listed and its entries looked
    /// at: `Err` says why not.
    fn enter(&self, path: &Path) -> std::io::Result<()>;
}

/// A well-named file found on disk.
#[derive(Clone, Debug, PartialEq)]
pub struct DatasetFile {
    /// Kind by name (which may differ from the folder it was found in).
    pub kind: FileKind,
    pub patch: PatchKey,
    /// File name.
    pub name: Box<str>,
    /// Path relative to the dataset root.
    pub path: Box<str>,
}

/// What a readable label file says, kept for the checks that follow.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelInfo {
    pub path: Box<str>,
    /// Whether the file could be read and parsed as an object; when not,
    /// listing checks are skipped for its patch.
    pub parsed: bool,
    /// `None` when the field could not be read (its finding says why).
    /// Shared by the label files that carry the same text (a dataset has
    /// one per UTM zone).
    pub projection: Option<std::sync::Arc<str>>,
    /// Class values of `labels` that are in the class table, sorted; `None`
    /// when the field could not be read.
    pub classes: Option<Vec<u8>>,
    /// Listed names that passed the naming checks (kept in full mode only,
    /// where they are matched with the files on disk).
    pub s2: Vec<Box<str>>,
    pub s1: Vec<Box<str>>,
}

/// Everything known about one patch.
#[derive(Clone, Debug, Default)]
pub struct PatchFiles {
    pub ground_reference: Option<DatasetFile>,
    pub label: Option<LabelInfo>,
    pub s2: Vec<DatasetFile>,
    pub s1: Vec<DatasetFile>,
}

/// The index of patches, in tile, x, y order.
pub type PatchIndex = BTreeMap<PatchKey, PatchFiles>;
