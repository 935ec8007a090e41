//! The validation cache: what the checks of each file found, and the facts
//! the checks across files read from it, kept between runs so that a
//! second run reads again only the files that changed (docs/cache.md).
//!
//! * A file's entry is trusted when its [stamp](crate::io::storage::stamp)
//!   is the one recorded: size, modification and change times, device and
//!   inode; an object's size and ETag, or size and modification time, from
//!   the listing (GDAL's `ListObjects` answer, or the `--listing` file when
//!   it has them: no request per object).
//! * The whole cache is trusted when its *run key* is this run's: the
//!   cache format, multisenge's version and build, GDAL's version, the
//!   profile's settings, classes, rule selection and severities, and the
//!   run's mode ([`key`]). Otherwise it is set aside and written anew.
//! * Every check across files (triplets, georeferencing agreement, the
//!   label's projection and classes against the rasters, overlaps, the
//!   summary's totals) runs again on the kept and fresh facts together:
//!   the report is the one a run without cache gives.
//! * The file is written to a temporary name and renamed: a reader sees
//!   the old file or the new one, never a part; of two runs at once, the
//!   last to finish wins. A file that does not read back whole (truncated,
//!   damaged, another version) is a warning, and the run reads everything.

pub(crate) mod entry;
pub(crate) mod format;
mod key;
pub(crate) mod state;
pub(crate) mod totals;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use crate::io::storage::listing::Listing;
use crate::io::storage::stamp::{self, Stamp};

use super::date_counts::DateCounts;
use crate::model::FileKind;
use entry::{Entry, Facts};
use format::{Blob, Record};
pub use key::run_key;
use totals::{DateMap, OverlapMemo, Totals};

/// Where the cache is, and whether it is used.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CacheOptions {
    /// Read the cache and write it back (`validate` turns it on unless
    /// `--no-cache`; the library's other callers leave it off).
    pub enabled: bool,
    /// The folder of the cache files (`--cache-dir`). Default: the
    /// platform's cache folder ([`default_dir`]).
    pub dir: Option<PathBuf>,
    /// Keep it beside the dataset, in `.multisenge-cache/` in the folder
    /// holding the dataset root (`--cache-beside`).
    pub beside: bool,
}

/// What the cache did during a run (said on standard error, never in the
/// report, which is the same with or without cache).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CacheOutcome {
    /// The cache file.
    pub file: Option<PathBuf>,
    /// Entries the file held that this run could trust (0 when it was
    /// missing, refused or of another run key).
    pub loaded: usize,
    /// Files whose entry was reused, and files read.
    pub reused: usize,
    pub read: usize,
    /// Whether the file was written back.
    pub written: bool,
    /// Whether the file holds this run's entries (written, or already).
    pub current: bool,
    /// Whether nothing had changed since the last run: its findings and
    /// counts were used, and no entry was read ([`state`]).
    pub unchanged: bool,
    /// Why it was not read or not written, for the user.
    pub warnings: Vec<String>,
}

impl CacheOutcome {
    /// What a front end tells the user: the warnings (a cache that cannot
    /// be read or written never fails the run), and with `verbose` what
    /// it reused.
    pub fn notes(&self, verbose: bool) -> Vec<String> {
        let mut notes: Vec<String> = self
            .warnings
            .iter()
            .map(|w| format!("warning: {w}"))
            .collect();
        if let (true, Some(file), true) = (verbose, &self.file, self.unchanged) {
            notes.push(format!(
                "cache {}: {} files reused, 0 read: nothing changed since the last run, \
                 its findings and counts used",
                file.display(),
                self.reused
            ));
        } else if let (true, Some(file)) = (verbose, &self.file) {
            notes.push(format!(
                "cache {}: {} files reused, {} read{}",
                file.display(),
                self.reused,
                self.read,
                if self.written { ", written" } else { "" }
            ));
        }
        notes
    }
}

/// `$XDG_CACHE_HOME/multisenge`, else `~/.cache/multisenge` (the XDG base
/// directory convention); `None` without either variable.
pub fn default_dir() -> Option<PathBuf> {
    let absolute = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME").and_then(absolute) {
        return Some(dir.join("multisenge"));
    }
    std::env::var_os("HOME")
        .and_then(absolute)
        .map(|home| home.join(".cache").join("multisenge"))
}

/// The long texts entries refer to by index.
#[derive(Default)]
struct Texts {
    list: Vec<Arc<str>>,
    index: std::collections::HashMap<Arc<str>, u32>,
}

/// The entry of a file read in this run, its facts encoded.
struct Fresh {
    path: Box<str>,
    stamp: Stamp,
    facts: Vec<u8>,
}

/// A run's cache: the entries read from the file (sorted by path) and the
/// entries of the files read in this run.
pub(crate) struct Store {
    file: PathBuf,
    run_key: String,
    /// The file's entries, their facts still encoded, and its totals.
    kept: format::Body,
    /// The entries' positions by a hash of their path (`u32::MAX`: two
    /// paths share the hash, found by binary search instead).
    positions: std::collections::HashMap<u64, u32, foldhash::fast::FixedState>,
    used: Vec<AtomicBool>,
    texts: RwLock<Texts>,
    /// The entries of the files read, their facts encoded.
    fresh: Mutex<Vec<Fresh>>,
    /// The results across files: this run's.
    totals: Mutex<Totals>,
    outcome: CacheOutcome,
    /// The `--listing` the run reads, when it gives objects' sizes, times
    /// or ETags: their stamps are taken from it.
    listing: Option<Arc<Listing>>,
    /// The stamps the run's [`state::probe`] took, by relative path.
    probed: Option<Arc<state::Probe>>,
}

/// The hash of a path in [`Store`]'s positions.
fn path_hash(path: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x6d73_6765).hash_one(path)
}

impl Store {
    /// The cache of the dataset at `root` (`shard`: one shard's own file),
    /// under `run_key`, with the run's `--listing` (the objects' stamps
    /// are taken from it when it has them); `None`, with the reason in
    /// `warnings`, when it cannot be used at all.
    pub(crate) fn open(
        options: &CacheOptions,
        root: &Path,
        shard: Option<(u32, u32)>,
        run_key: String,
        listing: Option<Arc<Listing>>,
        warnings: &mut Vec<String>,
    ) -> Option<Store> {
        if !options.enabled {
            return None;
        }
        let file = match cache_file(options, root, shard) {
            Ok(file) => file,
            Err(why) => {
                warnings.push(format!("cache not used: {why}"));
                return None;
            }
        };
        let mut outcome = CacheOutcome {
            file: Some(file.clone()),
            ..CacheOutcome::default()
        };
        let mut kept = format::Body::default();
        let mut texts = Texts::default();
        match std::fs::read(&file) {
            Ok(bytes) => match format::decode(bytes) {
                Ok(mut body) if body.run_key == run_key => {
                    for text in std::mem::take(&mut body.texts) {
                        let text: Arc<str> = text.into();
                        texts.index.insert(text.clone(), texts.list.len() as u32);
                        texts.list.push(text);
                    }
                    kept = body;
                }
                // Another profile, selection, mode or build: a run under
                // this key starts afresh (and writes its own).
                Ok(_) => {}
                Err(why) => outcome.warnings.push(format!(
                    "cache {} ignored and rebuilt: {why}",
                    file.display()
                )),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => outcome
                .warnings
                .push(format!("cache {} ignored and rebuilt: {e}", file.display())),
        }
        // Written sorted; a file that is not was not written by us.
        let sorted = kept
            .entries
            .windows(2)
            .all(|w| kept.path(&w[0]) < kept.path(&w[1]));
        if !sorted {
            outcome.warnings.push(format!(
                "cache {} ignored and rebuilt: its entries are out of order",
                file.display()
            ));
            kept = format::Body::default();
        }
        outcome.loaded = kept.entries.len();
        let used = kept
            .entries
            .iter()
            .map(|_| AtomicBool::new(false))
            .collect();
        let mut positions = std::collections::HashMap::with_capacity_and_hasher(
            kept.entries.len(),
            foldhash::fast::FixedState::default(),
        );
        for (i, e) in kept.entries.iter().enumerate() {
            positions
                .entry(path_hash(kept.path(e)))
                .and_modify(|at| *at = u32::MAX)
                .or_insert(i as u32);
        }
        Some(Store {
            file,
            run_key,
            totals: Mutex::new(kept.totals.clone()),
            kept,
            positions,
            used,
            texts: RwLock::new(texts),
            fresh: Mutex::new(Vec::new()),
            outcome,
            listing: listing.filter(|l| l.has_stamps()),
            probed: None,
        })
    }

    /// Takes local files' stamps from `probe` rather than from a `stat`
    /// each.
    pub(crate) fn use_probe(&mut self, probe: Arc<state::Probe>) {
        self.probed = Some(probe);
    }

    /// The position of the entry of `path`.
    fn position(&self, path: &str) -> Option<usize> {
        let at = match *self.positions.get(&path_hash(path))? {
            u32::MAX => self
                .kept
                .entries
                .binary_search_by(|e| self.kept.path(e).cmp(path))
                .ok()?,
            at => at as usize,
        };
        (self.kept.path(&self.kept.entries[at]) == path).then_some(at)
    }

    /// The stamp of the file at `absolute` (`rel` from the root); `None`
    /// when it cannot be taken (the file is then read, and not cached). An
    /// object the listing gives a size and an ETag (or a time) is stamped
    /// by them, with no request; otherwise it is examined (`stat`, or
    /// GDAL's request). A local file is always stamped by its own `stat`,
    /// the one the run's probe took when it did.
    pub(crate) fn stamp(&self, rel: &str, absolute: impl FnOnce() -> PathBuf) -> Option<Stamp> {
        if let Some(stamp) = self.probed.as_ref().and_then(|p| p.stamp(rel)) {
            return Some(stamp);
        }
        let absolute = &absolute();
        let listed = self
            .listing
            .as_ref()
            .filter(|_| crate::io::storage::vfs::is_virtual(absolute))
            .and_then(|l| l.listed(absolute))
            .and_then(|l| l.object_stamp());
        listed.or_else(|| stamp::stamp(absolute).ok())
    }

    /// The facts kept of the file at `path` when its stamp is `stamp`,
    /// decoded, and the entry's position for [`Store::reuse`].
    pub(crate) fn lookup(&self, path: &str, stamp: &Stamp) -> Option<(usize, Facts)> {
        let at = self.position(path)?;
        let entry = &self.kept.entries[at];
        if entry.stamp != *stamp {
            return None;
        }
        Some((at, self.kept.facts(entry)?))
    }

    /// Records that the entry at `at` (found by [`Store::lookup`]) was
    /// used: it is kept.
    pub(crate) fn reuse(&self, at: usize) {
        if let Some(used) = self.used.get(at) {
            used.store(true, Ordering::Relaxed);
        }
    }

    /// Records the entry of a file read in this run (its facts encoded
    /// here, by the worker that read it).
    pub(crate) fn insert(&self, entry: Entry) {
        let Ok(facts) = format::encode_facts(&entry.facts) else {
            return;
        };
        let fresh = Fresh {
            path: entry.path,
            stamp: entry.stamp,
            facts,
        };
        if let Ok(mut all) = self.fresh.lock() {
            all.push(fresh);
        }
    }

    /// The text at `index` of the table.
    pub(crate) fn text(&self, index: u32) -> Option<Arc<str>> {
        let texts = self.texts.read().ok()?;
        texts.list.get(index as usize).cloned()
    }

    /// The index of `text` in the table, added when new.
    pub(crate) fn intern(&self, text: &str) -> u32 {
        if let Ok(texts) = self.texts.read() {
            if let Some(i) = texts.index.get(text) {
                return *i;
            }
        }
        let mut texts = self.texts.write().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = texts.index.get(text) {
            return *i;
        }
        let text: Arc<str> = text.into();
        let i = texts.list.len() as u32;
        texts.list.push(text.clone());
        texts.index.insert(text, i);
        i
    }

    /// The listed names per (tile, sensor, date) of this run's label
    /// files, given those of the files read (`fresh`), once the label
    /// files are checked: the kept totals, less the label entries not used
    /// (their files changed or are gone), plus `fresh`. When the kept
    /// totals do not agree with the entries, they are counted again from
    /// the entries used. Kept for the file.
    pub(crate) fn listed_by_date(&self, fresh: DateMap) -> DateMap {
        let label_dates = |used: bool| {
            let mut counts = DateCounts::default();
            for (e, u) in self.kept.entries.iter().zip(&self.used) {
                if u.load(Ordering::Relaxed) != used {
                    continue;
                }
                let Facts::Label(label) = self.kept.facts(e)? else {
                    continue;
                };
                let tile = label.tile_code()?;
                let dates = (label.s2_dates.dates())
                    .map(|d| (FileKind::S2, d))
                    .chain(label.s1_dates.dates().map(|d| (FileKind::S1, d)));
                for (kind, date) in dates {
                    counts.add(tile, kind, date);
                }
            }
            Some(counts.into_map())
        };
        let updated = self
            .kept
            .totals
            .date_map()
            .and_then(|kept| totals::update(kept, &label_dates(false)?, &fresh));
        let map = updated.unwrap_or_else(|| {
            // Recounted from every entry used (their tiles read back: a
            // label entry is used only when its tile is its file's).
            let used = label_dates(true).unwrap_or_default();
            totals::update(used, &DateMap::new(), &fresh).unwrap_or_default()
        });
        if let Ok(mut totals) = self.totals.lock() {
            totals.set_dates(&map);
        }
        map
    }

    /// The overlap pass's kept outcome, when it was computed from patches
    /// placed as `fingerprint` says.
    pub(crate) fn overlaps(&self, fingerprint: u64) -> Option<&OverlapMemo> {
        self.kept
            .totals
            .overlaps
            .as_ref()
            .filter(|m| m.fingerprint == fingerprint)
    }

    /// Keeps this run's overlap pass outcome for the file.
    pub(crate) fn set_overlaps(&self, memo: Option<OverlapMemo>) {
        if let Ok(mut totals) = self.totals.lock() {
            totals.overlaps = memo;
        }
    }

    /// Writes the cache back (when anything changed) and tells what it did:
    /// the entries reused and those of the files read, sorted by path;
    /// entries of files no longer there are dropped.
    pub(crate) fn finish(self) -> CacheOutcome {
        let Store {
            file,
            run_key,
            kept,
            used,
            texts,
            fresh,
            totals,
            mut outcome,
            ..
        } = self;
        let totals = totals.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut fresh = fresh.into_inner().unwrap_or_else(|e| e.into_inner());
        let used: Vec<bool> = used.into_iter().map(AtomicBool::into_inner).collect();
        outcome.reused = used.iter().filter(|u| **u).count();
        outcome.read = fresh.len();
        let all_used = outcome.reused == used.len();
        let unchanged = fresh.is_empty() && all_used && outcome.loaded > 0 && totals == kept.totals;
        if unchanged {
            outcome.current = true;
            return outcome;
        }
        {
            use rayon::slice::ParallelSliceMut;
            fresh.par_sort_unstable_by(|a, b| a.path.cmp(&b.path));
        }
        fresh.dedup_by(|a, b| a.path == b.path);
        // The entries used (sorted, as the file holds them: their bytes
        // written back as read) and the fresh ones merged by path; a fresh
        // entry replaces a kept one.
        let kept_records = kept
            .entries
            .iter()
            .zip(&used)
            .filter(|(_, u)| **u)
            .map(|(e, _)| Record {
                path: kept.path(e),
                stamp: &e.stamp,
                facts: Blob(kept.facts_bytes(e)),
            });
        let fresh_records = fresh.iter().map(|f| Record {
            path: &f.path,
            stamp: &f.stamp,
            facts: Blob(&f.facts),
        });
        let mut all = Vec::with_capacity(outcome.reused + fresh.len());
        let (mut k, mut f) = (kept_records.peekable(), fresh_records.peekable());
        while let (Some(a), Some(b)) = (k.peek(), f.peek()) {
            match a.path.cmp(b.path) {
                std::cmp::Ordering::Less => all.extend(k.next()),
                std::cmp::Ordering::Greater => all.extend(f.next()),
                std::cmp::Ordering::Equal => {
                    k.next();
                    all.extend(f.next());
                }
            }
        }
        all.extend(k);
        all.extend(f);
        let texts = texts.into_inner().unwrap_or_else(|e| e.into_inner());
        let body = format::BodyRef {
            run_key: &run_key,
            texts: texts.list.iter().map(|t| &**t).collect(),
            entries: all,
            totals: &totals,
        };
        let written = format::encode(&body).and_then(|bytes| format::write(&file, &bytes));
        match written {
            Ok(()) => {
                outcome.written = true;
                outcome.current = true;
            }
            Err(why) => outcome
                .warnings
                .push(format!("cache {} not written: {why}", file.display())),
        }
        outcome
    }
}

/// The cache file of the dataset at `root`: `validate-HASH.cache`, HASH
/// naming the root (and the shard) in the folder [`CacheOptions`] says.
pub(crate) fn cache_file(
    options: &CacheOptions,
    root: &Path,
    shard: Option<(u32, u32)>,
) -> Result<PathBuf, String> {
    let virtual_root = crate::io::storage::vfs::is_virtual(root);
    let root_text = if virtual_root {
        root.display().to_string()
    } else {
        std::fs::canonicalize(root)
            .unwrap_or_else(|_| root.to_path_buf())
            .display()
            .to_string()
    };
    let dir = match (&options.dir, options.beside) {
        (Some(dir), _) => dir.clone(),
        (None, true) if virtual_root => {
            return Err(format!(
                "--cache-beside needs a local dataset ({root_text} is in object storage); \
                 give --cache-dir"
            ))
        }
        (None, true) => {
            let root = PathBuf::from(&root_text);
            root.parent()
                .map(|p| p.join(".multisenge-cache"))
                .ok_or_else(|| format!("{root_text} has no folder to hold the cache beside it"))?
        }
        (None, false) => default_dir().ok_or(
            "neither XDG_CACHE_HOME nor HOME is set to an absolute path; give --cache-dir",
        )?,
    };
    let named = match shard {
        Some((k, n)) => format!("{root_text}\nshard {k}/{n}"),
        None => root_text,
    };
    Ok(dir.join(format!(
        "validate-{:016x}.cache",
        key::fnv(named.as_bytes())
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::storage::stamp::Listed;
    use entry::{Facts, LabelEntry};

    /// A store over a cache holding one entry of `labels/a.json` stamped
    /// `kept`, with `listing`.
    fn store(dir: &Path, kept: Stamp, listing: Option<Listing>) -> Store {
        let options = CacheOptions {
            enabled: true,
            dir: Some(dir.to_path_buf()),
            beside: false,
        };
        let root = Path::new("/vsimem/multisenge-cache-test/data");
        let facts = format::encode_facts(&Facts::Label(LabelEntry::default())).unwrap();
        let bytes = format::encode(&format::BodyRef {
            run_key: "k",
            texts: vec![],
            entries: vec![Record {
                path: "labels/a.json",
                stamp: &kept,
                facts: Blob(&facts),
            }],
            totals: &Totals::default(),
        })
        .unwrap();
        format::write(&cache_file(&options, root, None).unwrap(), &bytes).unwrap();
        let mut warnings = Vec::new();
        let store = Store::open(
            &options,
            root,
            None,
            "k".into(),
            listing.map(Arc::new),
            &mut warnings,
        )
        .unwrap();
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(store.outcome.loaded, 1);
        store
    }

    fn listed(etag: Option<&str>, mtime: Option<i64>) -> Listing {
        let mut listing = Listing::new("/vsimem/multisenge-cache-test/data");
        let known = Listed {
            size: Some(120),
            mtime,
            etag: etag.map(Into::into),
        };
        listing.add_listed(Path::new("labels/a.json"), false, known);
        listing.add(Path::new("labels/bare.json"), false);
        listing.sort();
        listing
    }

    #[test]
    fn an_object_with_another_etag_and_the_same_size_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let tagged = Stamp::ObjectTag {
            size: 120,
            etag: "aa".into(),
        };
        let path = Path::new("/vsimem/multisenge-cache-test/data/labels/a.json");
        // The listing's stamp is taken without examining the object (there
        // is none in GDAL's memory file system): the entry is found.
        let same = store(
            dir.path(),
            tagged.clone(),
            Some(listed(Some("aa"), Some(5))),
        );
        let stamp = same.stamp("labels/a.json", || path.to_path_buf()).unwrap();
        assert_eq!(stamp, tagged);
        assert!(same.lookup("labels/a.json", &stamp).is_some());
        // Same size, same time, another ETag: not found, so read again.
        let rewritten = store(
            dir.path(),
            tagged.clone(),
            Some(listed(Some("bb"), Some(5))),
        );
        let stamp = rewritten
            .stamp("labels/a.json", || path.to_path_buf())
            .unwrap();
        assert!(rewritten.lookup("labels/a.json", &stamp).is_none());
        // Without an ETag the listing's time stamps it.
        let timed = store(dir.path(), tagged, Some(listed(None, Some(5))));
        assert_eq!(
            timed.stamp("labels/a.json", || path.to_path_buf()),
            Some(Stamp::Object {
                size: 120,
                mtime: 5
            })
        );
        assert!(timed
            .lookup(
                "labels/a.json",
                &timed.stamp("labels/a.json", || path.to_path_buf()).unwrap()
            )
            .is_none());
    }

    #[test]
    fn without_listed_stamps_the_file_is_examined() {
        let dir = tempfile::tempdir().unwrap();
        let kept = Stamp::Object { size: 1, mtime: 1 };
        // A listed name without size: examined (here it is not there, so
        // no stamp, and the file is read).
        let store_ = store(dir.path(), kept.clone(), Some(listed(Some("aa"), None)));
        assert_eq!(
            store_.stamp("labels/bare.json", || PathBuf::from(
                "/vsimem/multisenge-cache-test/data/labels/bare.json"
            )),
            None
        );
        // A local file is stamped by its own stat, whatever a listing says.
        let local = dir.path().join("a.json");
        std::fs::write(&local, "{}").unwrap();
        let mut listing = Listing::new(dir.path().to_str().unwrap());
        listing.add_listed(
            Path::new("a.json"),
            false,
            Listed {
                size: Some(2),
                mtime: Some(0),
                etag: Some("aa".into()),
            },
        );
        listing.sort();
        let with_local = store(dir.path(), kept, Some(listing));
        assert!(matches!(
            with_local.stamp("a.json", || local.clone()),
            Some(Stamp::Local { size: 2, .. })
        ));
    }
}
