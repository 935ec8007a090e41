//! A dataset's listing made once (`multisenge list`) and read by every
//! shard instead of listing the folders again (`validate --listing`): on
//! object storage, listing 110 million names costs 110 000 `LIST` pages
//! per shard, read sequentially; a listing file costs one download.
//!
//! # Format (version 2; version 1 is still read)
//!
//! UTF-8 text, one record a line, gzip-compressed when the file name ends
//! in `.gz` (reading also recognises gzip by its first bytes):
//!
//! ```text
//! multisenge-listing 2
//! root<TAB>/vsis3/bucket/multisenge
//! d<TAB>s2
//! f<TAB>s2/31TCJ_2020_S2_....tif<TAB>1311158<TAB>1764118800<TAB>9b2cf535f27731c974343645a3985328
//! ...
//! end<TAB>4
//! ```
//!
//! * `d REL`: a folder; `f REL [SIZE MTIME ETAG]`: a file (an object), REL
//!   relative to the root, `/`-separated; what the root holds, and one
//!   level of every folder at the root (what the validation lists). The
//!   three optional columns (version 2) are the file's size in bytes, its
//!   modification time in whole seconds since 1970 (UTC) and its ETag
//!   (without quotes), each empty when unknown; they are what the
//!   validation cache stamps an object with (docs/cache.md). Version 1
//!   has only `f REL`;
//! * `? REL ERROR LINK`: an entry whose type cannot be read (a broken
//!   symbolic link to LINK, empty when it is not a link);
//! * `x REL ERROR`: a folder that cannot be entered or listed (REL empty
//!   for the root); `e REL ERROR`: an entry of folder REL that failed
//!   while listing;
//! * `end N`: the number of records above; a listing without it, or with
//!   another count, is truncated and refused.
//!
//! In names and messages, `%`, control characters (tab and line feed
//! included) and, in a name that is not UTF-8, every byte above 127 are
//! written `%XX`. Records are sorted (per folder, by name), so a listing
//! made twice of the same dataset is the same file.
//!
//! A listing is a snapshot: files added after it was made are not seen by
//! a validation that reads it, and files removed since are reported where
//! they are read (a label file or raster "cannot be read").

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::io::storage::stamp::Listed;
use crate::io::storage::vfs;

mod load;
pub mod s3_inventory;
pub mod text;

/// Version of the listing format written; listings of this version and of
/// [`OLDEST_VERSION`] on are read, others refused.
pub const LISTING_VERSION: u32 = 2;
/// The oldest version read: version 1, with no sizes, times or ETags.
pub const OLDEST_VERSION: u32 = 1;
const MAGIC: &str = "multisenge-listing";

/// Why a listing cannot be made or used.
#[derive(Debug, thiserror::Error)]
pub enum ListingError {
    #[error("cannot read listing {path}: {source}")]
    Read { path: String, source: io::Error },
    #[error("{path}: not a multisenge listing (the first line is not `{MAGIC} {LISTING_VERSION}`); make one with `multisenge list`")]
    NotListing { path: String },
    #[error("{path}: listing format version {found}, this multisenge reads versions {OLDEST_VERSION} to {LISTING_VERSION}: make it again with this version's `multisenge list`")]
    Version { path: String, found: String },
    #[error(
        "{path}: truncated listing ({why}): copy it whole, or make it again with `multisenge list`"
    )]
    Truncated { path: String, why: String },
    #[error("{path}, line {line}: {why}")]
    Malformed {
        path: String,
        line: usize,
        why: String,
    },
    #[error("{path} is the listing of `{listed}`, not of `{given}`: give the dataset it was made of, or make a listing of this one")]
    OtherRoot {
        path: String,
        listed: String,
        given: String,
    },
    #[error("{path}: dataset root does not exist or is not a folder")]
    NoRoot { path: String },
    #[error("{path}: cannot read the dataset root: {why}")]
    Unreachable { path: String, why: io::Error },
    #[error("cannot write listing {path}: {source}")]
    Write { path: String, source: io::Error },
    #[error(transparent)]
    Inventory(#[from] InventoryError),
}

/// Why an inventory cannot be used as a listing.
#[derive(Debug, thiserror::Error)]
pub enum InventoryError {
    #[error("{path}: not an S3 Inventory manifest.json: {why}")]
    Manifest { path: String, why: String },
    #[error("{path}: a {format} inventory; only CSV inventories are read")]
    Format { path: String, format: String },
    #[error("an S3 Inventory lists a bucket: the dataset root must be /vsis3/BUCKET/PREFIX, not `{root}`")]
    Root { root: String },
    #[error(
        "{path} is the inventory of bucket `{inventory}`, the dataset is in bucket `{dataset}`"
    )]
    Bucket {
        path: String,
        inventory: String,
        dataset: String,
    },
    #[error("cannot read inventory file {path}: {source}")]
    Data {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}, line {line}: {why}")]
    Row {
        path: String,
        line: usize,
        why: String,
    },
}

/// `--listing`.
#[derive(Clone, Debug, Default)]
pub struct ListingOptions {
    /// Take the dataset's names from FILE, made by `multisenge list` (or an
    /// S3 Inventory manifest.json), instead of listing its folders: no
    /// LIST request. A stale listing misses the files added since it was
    /// made; files removed since are reported as unreadable. Default: list
    /// the folders.
    pub path: Option<PathBuf>,
}

/// List a dataset's files once, for every shard to read (`--listing`)
///
/// Writes the names in the dataset's root and one level of every folder
/// in it (what `validate` lists) to a listing file (format version 2,
/// documented in docs/scale.md), with each file's size, modification time
/// and, in object storage, ETag (what the validation cache keys an object
/// by), atomically; gzip-compressed when FILE ends in .gz. From the
/// folders (on S3, one LIST request per 1 000 names), or from an S3
/// Inventory report (no LIST request: --from; sizes, times and ETags when
/// its fileSchema has them).
#[derive(Debug)]
pub struct ListArgs {
    /// Dataset root: local, or in object storage as /vsis3/BUCKET/PREFIX.
    pub dataset: PathBuf,
    /// The listing file to write (local; `-`: standard output, plain text).
    pub output: PathBuf,
    /// Take the names from FILE instead of listing the folders: an S3
    /// Inventory report's manifest.json (CSV format; local or /vsis3/...),
    /// or a listing (to compress it into a .gz, for example).
    pub from: Option<PathBuf>,
}

impl ListArgs {
    /// Makes and writes the listing; the number of names listed.
    pub fn run(&self) -> Result<usize, ListingError> {
        crate::io::safety::atomic::check_writable([Some(self.output.as_path())]).map_err(|e| {
            ListingError::Write {
                path: e.path.display().to_string(),
                source: e.source,
            }
        })?;
        let listing = match &self.from {
            Some(manifest) => Listing::load(manifest, &self.dataset)?,
            None => Listing::make(&self.dataset)?,
        };
        if self.output == Path::new("-") {
            let mut out = io::BufWriter::new(io::stdout().lock());
            let written = listing.write_text(&mut out).and_then(|()| out.flush());
            match written {
                // A closed pipe (`| head`) ends the output quietly.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
                other => other.map_err(|source| ListingError::Write {
                    path: "standard output".into(),
                    source,
                })?,
            }
        } else {
            listing.write(&self.output)?;
        }
        Ok(listing.entries())
    }
}

/// What an entry is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    File,
    Folder,
    /// Its type cannot be read (a broken symbolic link to `link`); boxed,
    /// the rare case, to keep every entry small.
    Unknown(Box<Broken>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Broken {
    error: String,
    link: Option<PathBuf>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    name: OsString,
    kind: Kind,
    /// A file's size, time and ETag, when the listing has any (boxed: a
    /// version 1 listing of 100 million names pays 8 bytes a name).
    listed: Option<Box<Listed>>,
}

/// One listed folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Folder {
    /// Why it cannot be entered or listed.
    error: Option<String>,
    /// Sorted by name.
    entries: Vec<Entry>,
    /// Entries that failed while listing.
    list_errors: Vec<String>,
}

/// The names of a dataset: its root's entries and one level of every
/// folder at the root, as [`vfs::read_dir`] gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    root: String,
    /// The root as the run names it, which paths asked about start with
    /// (`./data` for a listing of `data`, found the same folder).
    base: PathBuf,
    /// By path relative to the root (empty for the root).
    folders: HashMap<PathBuf, Folder>,
}

impl Listing {
    /// The dataset root as given to `multisenge list`.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// Files and folders listed (what `end` counts, errors aside).
    pub fn entries(&self) -> usize {
        self.folders.values().map(|f| f.entries.len()).sum()
    }

    /// An empty listing of `root` (folders are added by [`Listing::add`]).
    pub(crate) fn new(root: &str) -> Listing {
        let mut folders = HashMap::new();
        folders.insert(PathBuf::new(), Folder::default());
        Listing {
            root: root.to_string(),
            base: PathBuf::from(root),
            folders,
        }
    }

    /// Adds a file (`dir` false) or folder at `rel` (at most two levels
    /// deep), and its folder at the root (as object storage implies it
    /// from a key).
    pub(crate) fn add(&mut self, rel: &Path, dir: bool) {
        self.add_listed(rel, dir, Listed::default());
    }

    /// [`Listing::add`], with what is known of a file's size, time and
    /// ETag.
    pub(crate) fn add_listed(&mut self, rel: &Path, dir: bool, listed: Listed) {
        let mut components = rel.components();
        if let (Some(top), Some(_)) = (components.next(), components.next()) {
            if !self.folders.contains_key(Path::new(&top)) {
                self.push(Path::new(&top), Kind::Folder);
            }
        }
        if dir {
            self.push(rel, Kind::Folder);
        } else {
            self.push_listed(rel, Kind::File, listed);
        }
    }

    /// Records an entry (duplicates are dropped by [`Listing::sort`]).
    fn push(&mut self, rel: &Path, kind: Kind) {
        self.push_listed(rel, kind, Listed::default());
    }

    /// [`Listing::push`] with a file's size, time and ETag.
    fn push_listed(&mut self, rel: &Path, kind: Kind, known: Listed) {
        if kind == Kind::Folder && rel.components().count() == 1 {
            self.folders.entry(rel.to_path_buf()).or_default();
        }
        let folder = rel.parent().unwrap_or(Path::new(""));
        let name = rel.file_name().unwrap_or_default().to_os_string();
        // One lookup without allocation per name (most are in a known folder).
        if !self.folders.contains_key(folder) {
            self.folders.insert(folder.to_path_buf(), Folder::default());
        }
        if let Some(listed) = self.folders.get_mut(folder) {
            listed.entries.push(Entry {
                name,
                kind,
                listed: (!known.is_empty()).then(|| Box::new(known)),
            });
        }
    }

    /// Sorts every folder's entries by name (the order of the file) and
    /// drops repeated names.
    pub(crate) fn sort(&mut self) {
        for folder in self.folders.values_mut() {
            folder
                .entries
                .sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
            folder.entries.dedup_by(|a, b| a.name == b.name);
            folder.entries.shrink_to_fit();
        }
    }

    /// Lists the dataset at `root` (local, or in object storage): the
    /// root, and one level of each folder at the root.
    pub fn make(root: &Path) -> Result<Listing, ListingError> {
        let shown = root.display().to_string();
        vfs::configure_for(root).map_err(|e| ListingError::Unreachable {
            path: shown.clone(),
            why: io::Error::new(io::ErrorKind::InvalidInput, e.to_string()),
        })?;
        match vfs::folder_status(root) {
            Ok(true) => vfs::check_listable(root).map_err(|why| ListingError::Unreachable {
                path: shown.clone(),
                why,
            })?,
            Ok(false) => return Err(ListingError::NoRoot { path: shown }),
            Err(why) => return Err(ListingError::Unreachable { path: shown, why }),
        }
        let text = root.to_str().map(str::to_string).unwrap_or(shown);
        let mut listing = Listing::new(&text);
        let top = list_folder(root);
        let subfolders: Vec<OsString> = top
            .entries
            .iter()
            .filter(|e| e.kind == Kind::Folder)
            .map(|e| e.name.clone())
            .collect();
        listing.folders.insert(PathBuf::new(), top);
        for name in subfolders {
            let folder = list_folder(&root.join(&name));
            listing.folders.insert(PathBuf::from(name), folder);
        }
        listing.sort();
        Ok(listing)
    }

    /// The path of `path` relative to the root, when it is under it.
    fn rel<'p>(&self, path: &'p Path) -> Option<&'p Path> {
        path.strip_prefix(&self.base).ok()
    }

    fn entry(&self, path: &Path) -> Option<&Entry> {
        let (folder, name) = split(self.rel(path)?);
        let entries = &self.folders.get(folder)?.entries;
        let at = entries
            .binary_search_by(|e| e.name.as_bytes().cmp(name.as_bytes()))
            .ok()?;
        Some(&entries[at])
    }

    /// Like [`vfs::enter`], from the listing.
    pub fn enter(&self, path: &Path) -> io::Result<()> {
        let folder = self.rel(path).and_then(|rel| self.folders.get(rel));
        match folder {
            Some(Folder {
                error: Some(error), ..
            }) => Err(io::Error::other(error.clone())),
            Some(_) => Ok(()),
            None => Err(io::Error::new(
                io::ErrorKind::NotFound,
                "not a folder of the listing",
            )),
        }
    }

    /// Whether `path` is a listed file.
    pub fn is_file(&self, path: &Path) -> bool {
        self.entry(path).is_some_and(|e| e.kind == Kind::File)
    }

    /// What the listing says of the file at `path`: size, modification
    /// time, ETag (each when known); `None` for a file listed without them
    /// (a version 1 listing) or not listed.
    pub fn listed(&self, path: &Path) -> Option<&Listed> {
        self.entry(path)
            .filter(|e| e.kind == Kind::File)
            .and_then(|e| e.listed.as_deref())
    }

    /// Whether any file of the listing has a size, time or ETag.
    pub fn has_stamps(&self) -> bool {
        self.folders
            .values()
            .any(|f| f.entries.iter().any(|e| e.listed.is_some()))
    }

    /// Where the broken symbolic link at `path` pointed.
    pub fn read_link(&self, path: &Path) -> Option<PathBuf> {
        match &self.entry(path)?.kind {
            Kind::Unknown(broken) => broken.link.clone(),
            _ => None,
        }
    }
}

impl crate::model::dataset::FolderProbe for Listing {
    fn is_dir(&self, path: &Path) -> bool {
        path == self.base || self.entry(path).is_some_and(|e| e.kind == Kind::Folder)
    }

    fn is_there_but_unreadable(&self, path: &Path) -> bool {
        self.entry(path)
            .is_some_and(|e| matches!(e.kind, Kind::Unknown(_)))
    }

    fn has_json_files(&self, dir: &Path) -> bool {
        let folder = self.rel(dir).and_then(|rel| self.folders.get(rel));
        folder.is_some_and(|f| {
            f.entries
                .iter()
                .any(|e| Path::new(&e.name).extension().is_some_and(|x| x == "json"))
        })
    }

    fn enter(&self, path: &Path) -> io::Result<()> {
        Listing::enter(self, path)
    }
}

/// Where a validation takes the dataset's names from: its folders, listed
/// now, or a [`Listing`] made before.
#[derive(Clone)]
pub enum Names {
    Live,
    Listed(Arc<Listing>),
}

impl Names {
    pub fn enter(&self, path: &Path) -> io::Result<()> {
        match self {
            Names::Live => vfs::enter(path),
            Names::Listed(l) => l.enter(path),
        }
    }

    pub fn read_dir(&self, path: &Path) -> io::Result<vfs::ReadDir> {
        match self {
            Names::Live => vfs::read_dir(path),
            Names::Listed(l) => read_listed(l, path),
        }
    }

    pub fn is_file(&self, path: &Path) -> bool {
        match self {
            Names::Live => vfs::is_file(path),
            Names::Listed(l) => l.is_file(path),
        }
    }

    pub fn read_link(&self, path: &Path) -> Option<PathBuf> {
        match self {
            Names::Live => vfs::read_link(path),
            Names::Listed(l) => l.read_link(path),
        }
    }

    /// What [`crate::model::dataset::Dataset::locate`] asks.
    pub fn probe(&self) -> &dyn crate::model::dataset::FolderProbe {
        match self {
            Names::Live => &vfs::Probe,
            Names::Listed(l) => l.as_ref(),
        }
    }
}

/// Like [`vfs::read_dir`], from the listing (no request); the entries are
/// made one at a time, as the scan takes them (a folder of 100 million
/// names is not copied).
fn read_listed(listing: &Arc<Listing>, path: &Path) -> io::Result<vfs::ReadDir> {
    listing.enter(path)?;
    let rel = listing.rel(path).unwrap_or(Path::new("")).to_path_buf();
    Ok(vfs::ReadDir::Listed(Box::new(ListedDir {
        listing: Arc::clone(listing),
        rel,
        dir: path.to_path_buf(),
        at: 0,
    })))
}

/// The entries of one folder of a listing.
struct ListedDir {
    listing: Arc<Listing>,
    rel: PathBuf,
    dir: PathBuf,
    at: usize,
}

impl Iterator for ListedDir {
    type Item = io::Result<vfs::DirEntry>;

    fn next(&mut self) -> Option<io::Result<vfs::DirEntry>> {
        let folder = self.listing.folders.get(&self.rel)?;
        let errors = folder.list_errors.len();
        let item = match folder.list_errors.get(self.at) {
            Some(error) => Err(io::Error::other(error.clone())),
            None => {
                let e = folder.entries.get(self.at - errors)?;
                let (path, name) = (self.dir.join(&e.name), e.name.clone());
                Ok(match &e.kind {
                    Kind::Unknown(broken) => vfs::DirEntry::Failed {
                        path,
                        name,
                        error: broken.error.clone(),
                    },
                    kind => vfs::DirEntry::Virtual {
                        path,
                        name,
                        known: Some(vfs::Metadata::of_kind(*kind == Kind::Folder)),
                        listed: e.listed.clone(),
                    },
                })
            }
        };
        self.at += 1;
        Some(item)
    }
}

/// One level of the folder at `path`, as the validation sees it.
fn list_folder(path: &Path) -> Folder {
    let mut folder = Folder::default();
    let entries = match vfs::enter(path).and_then(|()| vfs::read_dir(path)) {
        Ok(entries) => entries,
        Err(e) => {
            folder.error = Some(e.to_string());
            return folder;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                folder.list_errors.push(e.to_string());
                continue;
            }
        };
        let kind = match entry.is_dir() {
            Ok(true) => Kind::Folder,
            Ok(false) => Kind::File,
            Err(e) => Kind::Unknown(Box::new(Broken {
                error: e.to_string(),
                link: vfs::read_link(&entry.path()),
            })),
        };
        let listed = match (&kind, &entry) {
            (Kind::File, vfs::DirEntry::Virtual { listed, .. }) => listed.clone(),
            (Kind::File, vfs::DirEntry::Local(_)) => local_listed(&entry.path()),
            _ => None,
        };
        folder.entries.push(Entry {
            name: entry.file_name(),
            kind,
            listed,
        });
    }
    folder
}

/// A local file's size and modification time (whole seconds), following
/// symbolic links as reading it does. Informative only: the validation
/// cache stamps a local file by its own `stat` (change time, inode).
fn local_listed(path: &Path) -> Option<Box<Listed>> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some(Box::new(Listed {
        size: Some(m.size()),
        mtime: Some(m.mtime()),
        etag: None,
    }))
}

/// A relative path's folder and name.
fn split(rel: &Path) -> (&Path, &OsStr) {
    let name = rel.file_name().unwrap_or_default();
    (rel.parent().unwrap_or(Path::new("")), name)
}

/// Whether a listing made of `listed` serves the dataset given as `given`
/// (a trailing `/` aside; local paths compared once resolved).
fn same_root(listed: &str, given: &Path) -> bool {
    let trim = |s: &str| s.trim_end_matches('/').to_string();
    let given_text = given.to_string_lossy();
    if trim(listed) == trim(&given_text) {
        return true;
    }
    if vfs::is_virtual(given) || vfs::is_virtual(Path::new(listed)) {
        return false;
    }
    match (Path::new(listed).canonicalize(), given.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_match_lexically_or_once_resolved() {
        let dir = tempfile::tempdir().unwrap();
        let here = dir.path().to_str().unwrap();
        assert!(same_root(here, &dir.path().join(".")));
        assert!(same_root(&format!("{here}/"), dir.path()));
        assert!(!same_root(here, &dir.path().join("other")));
        assert!(same_root("/vsis3/b/d/", Path::new("/vsis3/b/d")));
        assert!(!same_root("/vsis3/b/d", Path::new("/vsis3/b/e")));
    }
}
