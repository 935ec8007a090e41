//! "Nothing changed": the dataset's state as one digest, and the last
//! run's findings and counts kept under it (docs/cache.md).
//!
//! A local dataset's state is what a run can see of it: the stamps of the
//! root and of every dataset folder (their own change times move when an
//! entry is added, removed or renamed), and every entry of each with its
//! stamp (size, modification and change times, device, inode, mode),
//! taken with one `stat` an entry relative to its folder. A run whose run
//! key and digest are those kept gives the kept findings and counts
//! without opening the cache's entries, the label files or the rasters:
//! every check's outcome is a function of the files those stamps name
//! and of the run key. Any other run goes on as without this, using the
//! stamps taken here (no second `stat`), and keeps its outcome under the
//! digest when the folders' stamps are still those taken at the start
//! (nothing was added or removed while it ran).
//!
//! The kept outcome is its own file beside the cache file
//! (`validate-HASH.last`), so that a run with nothing changed does not
//! read the entries at all; it is written as the cache file is (a
//! temporary file renamed), and one that does not read back whole is a
//! warning and ignored.

use std::collections::HashMap;
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::engine::partial::PartialSummary;
use crate::finding::Finding;
use crate::io::storage::stamp::{self, Stamp};
use crate::model::dataset::Dataset;

use super::entry::CachedFinding;

const MAGIC: &[u8; 8] = b"MSGELAST";
/// Raised whenever [`Last`] or the digest's input changes shape.
const VERSION: u32 = 1;

/// The stamps of a local dataset's entries, and their digest.
pub(crate) struct Probe {
    pub digest: [u8; 32],
    /// The root first, then the dataset's existing folders.
    folders: Vec<Folder>,
}

/// A folder's own stamp, and its entries' names (sorted) and stamps.
struct Folder {
    rel: String,
    dir: PathBuf,
    own: Stamp,
    names: Vec<std::ffi::OsString>,
    /// `None`: the entry could not be examined through its links.
    stamps: Vec<Option<Stamp>>,
    /// The names' positions by their hash (`u32::MAX`: two names share
    /// it), made at the first look-up: a run with nothing changed makes
    /// none.
    positions: std::sync::OnceLock<HashMap<u64, u32, foldhash::fast::FixedState>>,
}

impl Folder {
    fn position(&self, name: &str) -> Option<usize> {
        let hash = |n: &[u8]| {
            use std::hash::BuildHasher;
            foldhash::fast::FixedState::with_seed(0x7072_6f62).hash_one(n)
        };
        let positions = self.positions.get_or_init(|| {
            let mut positions = HashMap::with_capacity_and_hasher(
                self.names.len(),
                foldhash::fast::FixedState::default(),
            );
            for (i, n) in self.names.iter().enumerate() {
                positions
                    .entry(hash(n.as_bytes()))
                    .and_modify(|at| *at = u32::MAX)
                    .or_insert(i as u32);
            }
            positions
        });
        let at = match *positions.get(&hash(name.as_bytes()))? {
            u32::MAX => self
                .names
                .binary_search_by(|n| n.as_bytes().cmp(name.as_bytes()))
                .ok()?,
            at => at as usize,
        };
        (self.names[at].as_bytes() == name.as_bytes()).then_some(at)
    }
}

/// Entries hashed together (in parallel): the digest of a folder is that
/// of its runs' digests, so it does not depend on the threads.
const RUN: usize = 4096;

impl Probe {
    /// The stamp of the entry at `path` (relative to the root) the probe
    /// took.
    pub fn stamp(&self, path: &str) -> Option<&Stamp> {
        let (rel, name) = path.rsplit_once('/').unwrap_or(("", path));
        let folder = self.folders.iter().find(|f| f.rel == rel)?;
        folder.stamps.get(folder.position(name)?)?.as_ref()
    }

    /// Whether the root and the folders are as the probe found them: no
    /// entry added, removed or renamed since.
    pub fn folders_unchanged(&self) -> bool {
        self.folders
            .iter()
            .all(|f| stamp::stamp(&f.dir).is_ok_and(|s| s == f.own))
    }
}

/// The stamps of every entry of the root and of the dataset's existing
/// folders; `None` for a dataset in object storage, or when a folder or
/// an entry cannot be examined (the run then goes on without this).
pub(crate) fn probe(dataset: &Dataset) -> Option<Probe> {
    if crate::io::storage::vfs::is_virtual(&dataset.root) {
        return None;
    }
    let mut rels: Vec<&str> = vec![""];
    for f in dataset.folders.iter().filter(|f| f.exists) {
        if !rels.contains(&f.rel.as_str()) {
            rels.push(&f.rel);
        }
    }
    let mut hasher = blake3::Hasher::new();
    hasher.update(&VERSION.to_le_bytes());
    let mut folders = Vec::new();
    for rel in rels {
        let dir = dataset.absolute(rel);
        let own = stamp::stamp(&dir).ok()?;
        let handle = std::fs::File::open(&dir).ok()?;
        let mut names: Vec<std::ffi::OsString> = std::fs::read_dir(&dir)
            .ok()?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<Result<_, _>>()
            .ok()?;
        names.par_sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        let fd = handle.as_raw_fd();
        // An entry that cannot be examined through its links (a broken
        // link) is taken as the error and the link's own stamp; one that
        // cannot be examined at all (removed since the listing): no digest.
        let entries: Vec<Seen> = names
            .par_iter()
            .map(|name| seen(fd, name.as_bytes()))
            .collect::<Option<_>>()?;
        let runs: Vec<[u8; 32]> = names
            .par_chunks(RUN)
            .zip(entries.par_chunks(RUN))
            .map(|(names, entries)| {
                let mut bytes = Vec::with_capacity(names.len() * 96);
                for (name, seen) in names.iter().zip(entries) {
                    bytes.extend_from_slice(name.as_bytes());
                    bytes.push(0);
                    match seen {
                        Seen::Stamp(stamp, mode) => feed(&mut bytes, stamp, *mode),
                        Seen::Broken(errno, stamp, mode) => {
                            bytes.extend_from_slice(&errno.to_le_bytes());
                            feed(&mut bytes, stamp, *mode);
                        }
                    }
                }
                *blake3::hash(&bytes).as_bytes()
            })
            .collect();
        let mut head = Vec::new();
        head.extend_from_slice(rel.as_bytes());
        head.push(0);
        feed(&mut head, &own, 0);
        head.extend_from_slice(&(names.len() as u64).to_le_bytes());
        hasher.update(&head);
        for run in &runs {
            hasher.update(run);
        }
        folders.push(Folder {
            rel: rel.to_string(),
            dir,
            own,
            names,
            stamps: entries
                .into_iter()
                .map(|seen| match seen {
                    Seen::Stamp(stamp, _) => Some(stamp),
                    Seen::Broken(..) => None,
                })
                .collect(),
            positions: std::sync::OnceLock::new(),
        });
    }
    Some(Probe {
        digest: *hasher.finalize().as_bytes(),
        folders,
    })
}

/// What the probe saw of an entry.
enum Seen {
    /// Its stamp and mode, through its links (as reading it does).
    Stamp(Stamp, u32),
    /// The error through its links, and the link's own stamp and mode.
    Broken(i32, Stamp, u32),
}

fn seen(dir: std::os::raw::c_int, name: &[u8]) -> Option<Seen> {
    match stat_at(dir, name, 0) {
        Ok((stamp, mode)) => Some(Seen::Stamp(stamp, mode)),
        Err(errno) => {
            let (stamp, mode) = stat_at(dir, name, libc::AT_SYMLINK_NOFOLLOW).ok()?;
            Some(Seen::Broken(errno, stamp, mode))
        }
    }
}

/// `fstatat` of `name` in the folder `dir` with `flags`: its stamp and
/// mode, or the error number.
fn stat_at(
    dir: std::os::raw::c_int,
    name: &[u8],
    flags: std::os::raw::c_int,
) -> Result<(Stamp, u32), i32> {
    // A name of the folder's listing: at most 255 bytes, no NUL (the
    // file system's own limits).
    let mut c = [0u8; 256];
    if name.len() >= c.len() {
        return Err(libc::ENAMETOOLONG);
    }
    c[..name.len()].copy_from_slice(name);
    // SAFETY: `st` is a plain C struct the call fills; `c` is
    // NUL-terminated and outlives it, and `dir` is an open folder for the
    // whole probe.
    let st = unsafe {
        let mut st: libc::stat64 = std::mem::zeroed();
        if libc::fstatat64(dir, c.as_ptr().cast(), &mut st, flags) != 0 {
            return Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(0));
        }
        st
    };
    Ok((
        Stamp::Local {
            size: st.st_size as u64,
            mtime: (st.st_mtime, st.st_mtime_nsec),
            ctime: (st.st_ctime, st.st_ctime_nsec),
            dev: st.st_dev,
            ino: st.st_ino,
        },
        st.st_mode,
    ))
}

fn feed(bytes: &mut Vec<u8>, stamp: &Stamp, mode: u32) {
    if let Stamp::Local {
        size,
        mtime,
        ctime,
        dev,
        ino,
    } = stamp
    {
        for n in [*size, *dev, *ino, u64::from(mode)] {
            bytes.extend_from_slice(&n.to_le_bytes());
        }
        for n in [mtime.0, mtime.1, ctime.0, ctime.1] {
            bytes.extend_from_slice(&n.to_le_bytes());
        }
    }
}

/// A run's findings and counts, kept under its run key and state.
#[derive(Serialize, Deserialize)]
struct Last {
    run_key: String,
    digest: [u8; 32],
    findings: Vec<CachedFinding>,
    summary: PartialSummary,
    overlap_pairs: u64,
    overlap_area_m2: f64,
}

/// The file of the kept outcome beside the cache file `cache`.
pub(crate) fn last_file(cache: &Path) -> PathBuf {
    cache.with_extension("last")
}

/// A run's outcome as kept: its findings (in report order) and counts
/// (the overlap pairs' count and area apart, which partial reports leave
/// to the merge).
pub(crate) struct Outcome {
    pub findings: Vec<Finding>,
    pub summary: PartialSummary,
    pub overlap_pairs: u64,
    pub overlap_area_m2: f64,
}

/// What [`read`] found.
pub(crate) enum Kept {
    /// The outcome kept under this run key and state.
    Same(Box<Outcome>),
    /// None kept, or under another run key or state.
    Other,
}

/// The outcome kept in `file` when it was kept under `run_key` and
/// `digest`; `Err` (a warning) when the file does not read back whole.
pub(crate) fn read(file: &Path, run_key: &str, digest: &[u8; 32]) -> Result<Kept, String> {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Kept::Other),
        Err(e) => return Err(e.to_string()),
    };
    let last: Last = decode(&bytes)?;
    if last.run_key != run_key || last.digest != *digest {
        return Ok(Kept::Other);
    }
    let findings = last
        .findings
        .iter()
        .map(|f| f.finding().ok_or("a kept finding does not read back"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Kept::Same(Box::new(Outcome {
        findings,
        summary: last.summary,
        overlap_pairs: last.overlap_pairs,
        overlap_area_m2: last.overlap_area_m2,
    })))
}

/// Keeps `outcome` in `file` under `run_key` and `digest`.
pub(crate) fn write(
    file: &Path,
    run_key: &str,
    digest: &[u8; 32],
    outcome: &Outcome,
) -> Result<(), String> {
    let last = Last {
        run_key: run_key.to_string(),
        digest: *digest,
        findings: outcome.findings.iter().map(CachedFinding::of).collect(),
        summary: outcome.summary.clone(),
        overlap_pairs: outcome.overlap_pairs,
        overlap_area_m2: outcome.overlap_area_m2,
    };
    let payload = postcard::to_stdvec(&last).map_err(|e| e.to_string())?;
    super::format::write(file, &super::format::frame(MAGIC, VERSION, &payload))
}

fn decode(bytes: &[u8]) -> Result<Last, String> {
    let payload = super::format::unframe(bytes, MAGIC, VERSION)?;
    postcard::from_bytes(payload).map_err(|e| format!("body does not decode: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dataset::{DatasetFolder, Mode};
    use crate::model::FileKind;

    fn labels_dataset(root: &Path) -> Dataset {
        Dataset {
            root: root.to_path_buf(),
            mode: Mode::LabelsOnly,
            folders: vec![DatasetFolder {
                kind: FileKind::Label,
                rel: "labels".into(),
                exists: true,
                readable: true,
            }],
        }
    }

    #[test]
    fn every_change_a_run_can_see_changes_the_digest() {
        let dir = tempfile::tempdir().unwrap();
        let labels = dir.path().join("labels");
        std::fs::create_dir(&labels).unwrap();
        let a = labels.join("31UER_1_1.json");
        std::fs::write(&a, "{}").unwrap();
        let ds = labels_dataset(dir.path());
        let digest = || probe(&ds).unwrap().digest;
        let first = digest();
        assert_eq!(digest(), first, "the same state, the same digest");
        // Rewritten with the same size and its time put back: the change
        // time moves.
        let before = std::fs::metadata(&a).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&a, "[]").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&a)
            .unwrap()
            .set_modified(before)
            .unwrap();
        let rewritten = digest();
        assert_ne!(rewritten, first);
        // Added, then removed: the folder's own stamp moved.
        let b = labels.join("31UER_1_2.json");
        std::fs::write(&b, "{}").unwrap();
        let added = digest();
        assert_ne!(added, rewritten);
        std::fs::remove_file(&b).unwrap();
        assert_ne!(digest(), added);
        // A file at the root.
        std::fs::write(dir.path().join("README"), "x").unwrap();
        assert_ne!(digest(), added);
        let p = probe(&ds).unwrap();
        assert!(p.stamp("labels/31UER_1_1.json").is_some());
        assert!(p.stamp("labels/31UER_9_9.json").is_none());
        // The root's entries are probed too: its labels folder and README.
        assert!(p.stamp("labels").is_some() && p.stamp("README").is_some());
        assert!(p.folders_unchanged());
        std::fs::write(labels.join("c.json"), "{}").unwrap();
        assert!(!p.folders_unchanged());
        // A broken link is seen as one (no stamp to use), and pointed
        // elsewhere it changes the digest.
        let link = labels.join("31UER_2_2.json");
        std::os::unix::fs::symlink("nowhere", &link).unwrap();
        let broken = probe(&ds).unwrap();
        assert!(broken.stamp("labels/31UER_2_2.json").is_none());
        std::fs::remove_file(&link).unwrap();
        std::os::unix::fs::symlink("elsewhere", &link).unwrap();
        assert_ne!(digest(), broken.digest);
    }

    #[test]
    fn a_damaged_file_is_refused_and_another_state_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("validate-0.last");
        let outcome = Outcome {
            findings: Vec::new(),
            summary: PartialSummary {
                patches: 3,
                ..PartialSummary::default()
            },
            overlap_pairs: 2,
            overlap_area_m2: 0.1,
        };
        write(&file, "k", &[1; 32], &outcome).unwrap();
        match read(&file, "k", &[1; 32]).unwrap() {
            Kept::Same(o) => assert!(
                o.findings.is_empty()
                    && o.summary.patches == 3
                    && (o.overlap_pairs, o.overlap_area_m2) == (2, 0.1)
            ),
            Kept::Other => panic!("kept under this key and state"),
        }
        assert!(matches!(read(&file, "k", &[2; 32]), Ok(Kept::Other)));
        assert!(matches!(read(&file, "j", &[1; 32]), Ok(Kept::Other)));
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&file, &bytes).unwrap();
        let refused = |file: &Path| match read(file, "k", &[1; 32]) {
            Err(why) => why,
            Ok(_) => panic!("a damaged file is refused"),
        };
        assert!(refused(&file).contains("checksum"));
        bytes[8] = 7;
        std::fs::write(&file, &bytes).unwrap();
        assert!(refused(&file).contains("version 7"));
        std::fs::write(&file, &bytes[..10]).unwrap();
        assert!(read(&file, "k", &[1; 32]).is_err());
        assert!(matches!(
            read(&dir.path().join("none.last"), "k", &[1; 32]),
            Ok(Kept::Other)
        ));
    }
}
