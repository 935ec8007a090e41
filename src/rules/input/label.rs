//! The facts of label files: as read, against the files on disk, and their
//! projection against the patch.

use std::collections::{BTreeMap, HashSet};

use crate::io::formats::crs::Crs;
use crate::model::dataset::PatchFiles;
use crate::model::label_file::LabelProblem;
use crate::model::{FileKind, PatchKey, TileCode};

/// [`super::Input::LabelFile`]: one label file.
#[derive(Debug)]
pub struct LabelFileFacts<'a> {
    pub read: LabelRead<'a>,
    /// The profile's class table (value: name).
    pub classes: &'a BTreeMap<u8, String>,
}

#[derive(Debug)]
pub enum LabelRead<'a> {
    /// Larger than the profile's `max_bytes` (`size` bytes): not read.
    TooLarge { size: u64, max: u64 },
    /// Cannot be read.
    Unreadable(&'a std::io::Error),
    /// Read and parsed: the problems met, and the `labels` field's text when
    /// it is a string.
    Read {
        problems: &'a [LabelProblem],
        labels: Option<&'a str>,
    },
}

/// [`super::Input::Triplet`]: one patch's files, with what its label file
/// says, against the files on disk (full mode only).
#[derive(Debug)]
pub struct TripletFacts<'a> {
    pub key: &'a PatchKey,
    pub patch: &'a PatchFiles,
    /// The profile's folder name of each kind, in [`FileKind::ALL`] order.
    pub folder_names: &'a [&'a str; 4],
    /// Which of those folders exist, in the same order.
    pub folders_present: [bool; 4],
    /// The labels folder could not be listed: which label files exist is
    /// unknown.
    pub labels_unknown: bool,
    /// Names of the Sentinel-2 and Sentinel-1 files on disk (the whole
    /// dataset's, when the run checks one shard).
    pub on_disk_s2: &'a HashSet<&'a str>,
    pub on_disk_s1: &'a HashSet<&'a str>,
}

impl TripletFacts<'_> {
    fn slot(kind: FileKind) -> usize {
        FileKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
    }

    /// The profile's folder for files of `kind`.
    pub fn folder(&self, kind: FileKind) -> &str {
        self.folder_names[Self::slot(kind)]
    }

    /// Whether the folder for files of `kind` exists.
    pub fn has_folder(&self, kind: FileKind) -> bool {
        self.folders_present[Self::slot(kind)]
    }

    /// Where the patch's file of `kind` is expected: `folder/name`.
    pub fn expected_path(&self, kind: FileKind) -> String {
        format!("{}/{}", self.folder(kind), self.key.file_name(kind, ""))
    }
}

/// [`super::Input::LabelProjection`]: a label file's `projection`, with
/// the CRS of its patch's reference raster when one was read.
#[derive(Debug)]
pub struct ProjectionFacts<'a> {
    pub declared: &'a Crs,
    /// `None` in labels-only mode or when no raster of the patch opens.
    pub raster_crs: Option<&'a Crs>,
    pub tile: &'a TileCode,
}
