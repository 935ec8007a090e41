//! The facts of the scan: folders, entries and names.

use std::path::Path;

use crate::model::grid::TilingGrid;
use crate::model::{FileKind, NameParts, PatchKey};

/// What the naming rules need from the profile's `[dataset]` section.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NamingSettings {
    /// Year of every acquisition date (N004); `None`: any year.
    pub year: Option<u16>,
    /// Patch width and height, pixels (N006).
    pub patch_size: u32,
    /// Step between patch positions, pixels (N005).
    pub grid_stride: u32,
    /// Tile width and height, pixels (N006).
    pub tile_size: u32,
}

/// [`super::Input::Folder`]: the dataset root or one of the profile's
/// folders, when it is missing or cannot be read.
#[derive(Debug)]
pub struct FolderFacts<'a> {
    /// Its path relative to the dataset root, as findings show it (`.` for
    /// the root).
    pub shown: &'a str,
    /// The dataset root itself (not a dataset folder, even one that is the
    /// root, as a folder of label files is).
    pub root: bool,
    /// The kind of files it holds; `None` for the root.
    pub kind: Option<FileKind>,
    pub state: FolderState<'a>,
    /// Whether the run checks label files only.
    pub labels_only: bool,
}

#[derive(Debug)]
pub enum FolderState<'a> {
    /// Not there.
    Missing,
    /// Cannot be entered (nothing under it can be known).
    CannotEnter(&'a std::io::Error),
    /// Entered, but its listing failed.
    CannotList(&'a std::io::Error),
}

/// [`super::Input::Entry`]: one entry of the root or of a dataset folder
/// (entries the profile excludes or allows, and side-cars of a raster, are
/// not entries of the dataset).
#[derive(Debug)]
pub struct EntryFacts<'a> {
    /// Relative to the dataset root (shown with `�` for bytes that are not
    /// UTF-8).
    pub path: &'a str,
    /// The kind of the folder it is in; `None` at the root.
    pub folder: Option<FileKind>,
    /// The profile's folder name of each kind, in [`FileKind::ALL`] order.
    pub folder_names: &'a [&'a str; 4],
    pub entry: Entry<'a>,
}

#[derive(Debug)]
pub enum Entry<'a> {
    /// A name that is not valid UTF-8.
    NonUtf8,
    /// Its metadata cannot be read; `link` is the target when it is a
    /// symbolic link.
    Unreadable {
        link: Option<&'a Path>,
        error: &'a std::io::Error,
    },
    Folder {
        name: &'a str,
    },
    File {
        name: &'a str,
        /// The name's parts when it has the shape of a nomenclature.
        parts: Option<NameParts<'a>>,
    },
}

impl EntryFacts<'_> {
    /// The profile's folder for files of `kind`.
    pub fn folder_name(&self, kind: FileKind) -> &str {
        self.folder_names[FileKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)]
    }
}

/// Which part of a name a name check reads (`Check::Name`). The engine
/// calls checks that read only the tile, the date or the position on
/// well-formed names (split, with their kind's extension, and listed in the
/// list of their sensor, once), and remembers which tiles, dates and
/// positions passed them: such a check must give the same answer for the
/// same part. Checks that read the shape are called on every name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NamePart {
    /// Whether and how the name splits, its extension and kind, where it
    /// was found (folder, list, duplicate).
    Shape,
    Tile,
    Date,
    Position,
}

impl NamePart {
    pub fn describe(self) -> &'static str {
        match self {
            NamePart::Shape => "its shape",
            NamePart::Tile => "its tile",
            NamePart::Date => "its date",
            NamePart::Position => "its position",
        }
    }
}

/// [`super::Input::Name`]: a file name found on disk or listed by a label
/// file.
#[derive(Clone, Copy)]
pub struct NameFacts<'a> {
    pub name: &'a str,
    /// Its parts when it has the shape of a nomenclature (not computed for
    /// a listed duplicate).
    pub parts: Option<NameParts<'a>>,
    pub place: NamePlace<'a>,
    pub naming: &'a NamingSettings,
    pub grid: &'a TilingGrid,
}

#[derive(Clone, Copy, Debug)]
pub enum NamePlace<'a> {
    /// A file in the folder of `folder` files.
    OnDisk { folder: FileKind },
    /// Listed in `field` of the label file of patch `label`, where names of
    /// `expected` files belong; `duplicate` when listed before in the list.
    Listed {
        field: &'a str,
        expected: FileKind,
        label: &'a PatchKey,
        duplicate: bool,
    },
}

impl NameFacts<'_> {
    /// The listed name and its field, for a record; `(None, None)` on disk.
    pub fn listed(&self) -> (Option<String>, Option<String>) {
        match self.place {
            NamePlace::Listed { field, .. } => (Some(self.name.to_string()), Some(field.into())),
            NamePlace::OnDisk { .. } => (None, None),
        }
    }

    /// Whether it is a listed name seen before in its list.
    pub fn duplicate(&self) -> bool {
        matches!(
            self.place,
            NamePlace::Listed {
                duplicate: true,
                ..
            }
        )
    }
}
