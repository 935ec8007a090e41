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

use std::ffi::CStr;
use std::os::fd::OwnedFd;
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
const VERSION: u32 = 2;

/// The stamps of a local dataset's entries, and their digest.
pub(crate) struct Probe {
    pub digest: [u8; 32],
    /// The root first, then the dataset's existing folders.
    folders: Vec<Folder>,
}

/// A folder's own stamp, and what was seen of its entries.
struct Folder {
    rel: String,
    dir: PathBuf,
    own: Stamp,
    /// The entries' names, in the order the folder listed them.
    listed: Listed,
    /// What was seen of each entry, in the same order.
    seen: Vec<Seen>,
    /// The entries by the hash of their name, then by name: the order
    /// the digest takes them in (whatever order the folder lists them
    /// in), and the index look-ups search.
    order: Vec<(u64, u32)>,
    /// Where in `order` the hashes of each leading `bits` bits start (then
    /// the end): a look-up reads one range of about one entry, rather
    /// than searching a million.
    buckets: Vec<u32>,
    bits: u32,
}

/// The hash of a name in [`Folder::order`].
fn name_hash(name: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x7072_6f62).hash_one(name)
}

impl Folder {
    /// The entry named `name`.
    fn find(&self, name: &str) -> Option<u32> {
        let hash = name_hash(name.as_bytes());
        let b = bucket(hash, self.bits);
        let range = self.buckets[b] as usize..self.buckets[b + 1] as usize;
        self.order[range]
            .iter()
            .filter(|(h, _)| *h == hash)
            .map(|(_, i)| *i)
            .find(|i| self.listed.name(*i) == name.as_bytes())
    }
}

/// The bucket of `hash` among `1 << bits`.
fn bucket(hash: u64, bits: u32) -> usize {
    hash.checked_shr(64 - bits).unwrap_or(0) as usize
}

/// The [`Folder::buckets`] of `order` (sorted by hash), with about one
/// entry a bucket.
fn buckets(order: &[(u64, u32)]) -> (Vec<u32>, u32) {
    let bits = (usize::BITS - order.len().leading_zeros()).min(26);
    let mut starts = Vec::with_capacity((1 << bits) + 1);
    let mut at = 0;
    for b in 0..1usize << bits {
        while at < order.len() && bucket(order[at].0, bits) < b {
            at += 1;
        }
        starts.push(at as u32);
    }
    starts.push(order.len() as u32);
    (starts, bits)
}

/// Entries hashed together (in parallel): the digest of a folder is that
/// of its runs' digests, so it does not depend on the threads.
const RUN: usize = 4096;

impl Probe {
    /// The stamp of the entry at `path` (relative to the root) the probe
    /// took.
    pub fn stamp(&self, path: &str) -> Option<Stamp> {
        let (rel, name) = path.rsplit_once('/').unwrap_or(("", path));
        let folder = self.folders.iter().find(|f| f.rel == rel)?;
        let seen = folder.seen[folder.find(name)? as usize];
        (seen.errno == 0).then(|| seen.stamp())
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
        let handle = open_folder(&dir)?;
        let (listed, seen) = examine(&handle)?;
        let count = seen.len();
        let mut order: Vec<(u64, u32)> = (0..count as u32)
            .into_par_iter()
            .map(|i| (name_hash(listed.name(i)), i))
            .collect();
        order.par_sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| listed.name(a.1).cmp(listed.name(b.1)))
        });
        let runs: Vec<[u8; 32]> = order
            .par_chunks(RUN)
            .map(|run| {
                let mut bytes = Vec::with_capacity(run.len() * 96);
                for (_, i) in run {
                    bytes.extend_from_slice(listed.name(*i));
                    bytes.push(0);
                    seen[*i as usize].feed(&mut bytes);
                }
                *blake3::hash(&bytes).as_bytes()
            })
            .collect();
        let mut head = Vec::new();
        head.extend_from_slice(rel.as_bytes());
        head.push(0);
        Seen::from_stamp(&own).feed(&mut head);
        head.extend_from_slice(&(count as u64).to_le_bytes());
        hasher.update(&head);
        for run in &runs {
            hasher.update(run);
        }
        let (buckets, bits) = buckets(&order);
        folders.push(Folder {
            buckets,
            bits,
            rel: rel.to_string(),
            dir,
            own,
            listed,
            seen,
            order,
        });
    }
    Some(Probe {
        digest: *hasher.finalize().as_bytes(),
        folders,
    })
}

/// The folder at `dir`, opened to list it and examine its entries.
fn open_folder(dir: &Path) -> Option<OwnedFd> {
    use rustix::fs::{Mode, OFlags, CWD};
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    rustix::fs::openat(CWD, dir, flags, Mode::empty()).ok()
}

/// Names listed together, examined together.
const BATCH: usize = 8192;

/// Entries of a folder as listed: their names, each with its NUL, one
/// after the other, and where each starts (then the end).
struct Listed {
    names: Vec<u8>,
    starts: Vec<u32>,
}

impl Listed {
    fn new() -> Listed {
        Listed {
            names: Vec::new(),
            starts: vec![0],
        }
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// The name of entry `i`, with its NUL.
    fn name_nul(&self, i: u32) -> &[u8] {
        let i = i as usize;
        &self.names[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// The name of entry `i`.
    fn name(&self, i: u32) -> &[u8] {
        let name = self.name_nul(i);
        &name[..name.len() - 1]
    }

    /// What [`Seen::of`] finds of each entry, in the folder `handle`.
    fn examine(&self, handle: &OwnedFd) -> Option<Vec<Seen>> {
        (0..self.len() as u32)
            .map(|i| Seen::of(handle, CStr::from_bytes_with_nul(self.name_nul(i)).ok()?))
            .collect()
    }
}

/// The folder `handle`'s entries ("." and ".." left out), each batch of
/// names examined while the next is listed: their names in the order
/// listed, and what was seen of each. An entry that cannot be examined
/// through its links (a broken link) is taken as the error and the link's
/// own stamp; `None` when the folder cannot be listed, an entry cannot be
/// examined at all (removed since the listing) or the names do not fit in
/// 4 GiB.
fn examine(handle: &OwnedFd) -> Option<(Listed, Vec<Seen>)> {
    type Examined = (usize, Listed, Option<Vec<Seen>>);
    let examined: std::sync::Mutex<Vec<Examined>> = std::sync::Mutex::new(Vec::new());
    let listed = rayon::scope(|scope| {
        let mut buffer = Vec::with_capacity(1 << 20);
        let mut listing = rustix::fs::RawDir::new(handle, buffer.spare_capacity_mut());
        let mut batch = Listed::new();
        let mut batches = 0;
        loop {
            let next = listing.next();
            if batch.len() > 0 && (next.is_none() || batch.len() == BATCH) {
                let batch = std::mem::replace(&mut batch, Listed::new());
                let (examined, at) = (&examined, batches);
                batches += 1;
                scope.spawn(move |_| {
                    let seen = batch.examine(handle);
                    if let Ok(mut examined) = examined.lock() {
                        examined.push((at, batch, seen));
                    }
                });
            }
            let Some(entry) = next else {
                return Some(batches);
            };
            let entry = entry.ok()?;
            let name = entry.file_name().to_bytes_with_nul();
            if name == b".\0" || name == b"..\0" {
                continue;
            }
            batch.names.extend_from_slice(name);
            batch.starts.push(u32::try_from(batch.names.len()).ok()?);
        }
    });
    let mut examined = examined.into_inner().ok()?;
    if listed? != examined.len() {
        return None;
    }
    examined.sort_unstable_by_key(|(at, ..)| *at);
    let mut listed = Listed::new();
    let mut seen = Vec::new();
    for (_, batch, batch_seen) in examined {
        let base = u32::try_from(listed.names.len()).ok()?;
        for end in &batch.starts[1..] {
            listed.starts.push(base.checked_add(*end)?);
        }
        listed.names.extend_from_slice(&batch.names);
        seen.extend(batch_seen?);
    }
    Some((listed, seen))
}

/// What the probe saw of an entry: its stamp and mode through its links
/// (as reading it does), or when that fails the error (`errno`, never 0)
/// and the link's own stamp and mode.
#[derive(Clone, Copy)]
struct Seen {
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
    dev: u64,
    ino: u64,
    mode: u32,
    errno: i32,
}

impl Seen {
    /// `fstatat` of `name` in the folder `dir` (through links, then of
    /// the link itself); `None` when neither can be taken.
    fn of(dir: &OwnedFd, name: &CStr) -> Option<Seen> {
        use rustix::fs::{statat, AtFlags};
        let seen = |st: rustix::fs::Stat, errno: i32| Seen {
            size: st.st_size as u64,
            mtime: (st.st_mtime, st.st_mtime_nsec as i64),
            ctime: (st.st_ctime, st.st_ctime_nsec as i64),
            dev: st.st_dev,
            ino: st.st_ino,
            mode: st.st_mode,
            errno,
        };
        match statat(dir, name, AtFlags::empty()) {
            Ok(st) => Some(seen(st, 0)),
            Err(e) => {
                let st = statat(dir, name, AtFlags::SYMLINK_NOFOLLOW).ok()?;
                Some(seen(st, e.raw_os_error().max(1)))
            }
        }
    }

    /// A folder's own stamp, seen (its mode left at 0).
    fn from_stamp(stamp: &Stamp) -> Seen {
        let mut seen = Seen {
            size: 0,
            mtime: (0, 0),
            ctime: (0, 0),
            dev: 0,
            ino: 0,
            mode: 0,
            errno: 0,
        };
        if let Stamp::Local {
            size,
            mtime,
            ctime,
            dev,
            ino,
        } = stamp
        {
            (seen.size, seen.mtime, seen.ctime) = (*size, *mtime, *ctime);
            (seen.dev, seen.ino) = (*dev, *ino);
        }
        seen
    }

    fn stamp(&self) -> Stamp {
        Stamp::Local {
            size: self.size,
            mtime: self.mtime,
            ctime: self.ctime,
            dev: self.dev,
            ino: self.ino,
        }
    }

    /// Its bytes in the digest's input.
    fn feed(&self, bytes: &mut Vec<u8>) {
        bytes.extend_from_slice(&self.errno.to_le_bytes());
        for n in [self.size, self.dev, self.ino, u64::from(self.mode)] {
            bytes.extend_from_slice(&n.to_le_bytes());
        }
        for n in [self.mtime.0, self.mtime.1, self.ctime.0, self.ctime.1] {
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
    fn every_entry_of_a_large_folder_is_stamped_as_std_sees_it() {
        use std::os::unix::fs::MetadataExt;
        // More entries than a batch: listed and examined in several.
        let dir = tempfile::tempdir().unwrap();
        let labels = dir.path().join("labels");
        std::fs::create_dir(&labels).unwrap();
        let count = BATCH * 2 + 17;
        for i in 0..count {
            std::fs::write(labels.join(format!("31UER_{i}_1.json")), i.to_string()).unwrap();
        }
        let p = probe(&labels_dataset(dir.path())).unwrap();
        let folder = p.folders.iter().find(|f| f.rel == "labels").unwrap();
        assert_eq!((folder.seen.len(), folder.order.len()), (count, count));
        for i in 0..count {
            let path = labels.join(format!("31UER_{i}_1.json"));
            let m = std::fs::metadata(&path).unwrap();
            let expected = Stamp::Local {
                size: m.size(),
                mtime: (m.mtime(), m.mtime_nsec()),
                ctime: (m.ctime(), m.ctime_nsec()),
                dev: m.dev(),
                ino: m.ino(),
            };
            assert_eq!(p.stamp(&format!("labels/31UER_{i}_1.json")), Some(expected));
        }
        assert_eq!(probe(&labels_dataset(dir.path())).unwrap().digest, p.digest);
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
