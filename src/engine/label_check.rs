//! Reads every label file (in parallel) and checks its content and the names
//! it lists.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::finding::Finding;
use crate::io::storage::label_folder::OpenFolder;
use crate::io::storage::stamp::Stamp;
use crate::model::dataset::{DatasetFile, LabelInfo, Mode};
use crate::model::label_file::{class_value, items, LabelText, FIELD_S1, FIELD_S2};
use crate::model::naming::DatedNames;
use crate::model::{FileKind, NameParts, PatchKey};
use crate::rules::input::{LabelFileFacts, LabelRead, NameFacts, NamePlace, PatchDatesFacts};

use super::cache::entry::{self, Facts, LabelEntry};
use super::cache::Store;
use super::context::{Context, Sink};
use super::date_counts::DateCounts;
use super::names::{self, CleanParts};

/// A label file's outcome, with the count of names it lists.
#[derive(Clone)]
pub(crate) struct LabelOutcome {
    pub info: LabelInfo,
    pub listed_s2: usize,
    pub listed_s1: usize,
}

pub(crate) fn check_all(
    cx: &Context,
    files: &[DatasetFile],
    sink: &mut Sink,
) -> (Vec<(PatchKey, LabelOutcome)>, super::cache::totals::DateMap) {
    let rules = sink.rules;
    let bar = super::context::bar(cx, files.len() as u64, "label files", (5.0, 30.0));
    // Each file's dates are added under the lock once the file is read: a
    // few hundred array increments, so the workers hardly ever wait.
    let dates = Mutex::new(DateCounts::default());
    let projections = Projections::default();
    let folder = cx.dataset.folder(FileKind::Label).map(|f| LabelFolder {
        rel: &f.rel,
        open: OpenFolder::open(&cx.dataset.absolute(&f.rel)),
    });
    let results: Vec<(PatchKey, LabelOutcome, Vec<Finding>)> = files
        .par_iter()
        // One buffer of listed dates per worker, emptied for each file.
        .map_init(Vec::new, |listed, file| {
            let mut local = Sink::new(rules);
            listed.clear();
            let (outcome, replayed) =
                cached_check(cx, file, folder.as_ref(), &projections, &mut local, listed);
            if outcome.info.parsed && needs_dates(cx) {
                patch_dates(cx, file, listed, &mut local);
            }
            // A replayed file's dates are in the cache's totals already.
            if !replayed {
                if let Ok(mut dates) = dates.lock() {
                    dates.add_all(file.patch.tile, listed);
                }
            }
            bar.inc(1);
            (file.patch, outcome, local.findings)
        })
        .collect();
    bar.finish_and_clear();
    let outcomes = results
        .into_iter()
        .map(|(patch, outcome, findings)| {
            sink.findings.extend(findings);
            (patch, outcome)
        })
        .collect();
    let fresh = dates.into_inner().unwrap_or_default().into_map();
    let dates = match cx.cache {
        Some(store) => store.listed_by_date(fresh),
        None => fresh,
    };
    (outcomes, dates)
}

/// Whether the patch-dates checks run, which read each file's dates.
fn needs_dates(cx: &Context) -> bool {
    let bounds = cx.release.s2_dates.is_some() || cx.release.s1_dates.is_some();
    bounds && !cx.plan.patch_dates.is_empty()
}

/// The patch-dates checks on one parsed label file: its distinct dates per
/// sensor, from the dates of its listed names that passed the naming rules.
fn patch_dates(cx: &Context, file: &DatasetFile, listed: &[(FileKind, u32)], sink: &mut Sink) {
    let distinct = |kind: FileKind| {
        let mut dates: Vec<u32> = listed
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, d)| *d)
            .collect();
        dates.sort_unstable();
        dates.dedup();
        dates.len()
    };
    let facts = PatchDatesFacts {
        key: &file.patch,
        s2_dates: distinct(FileKind::S2),
        s1_dates: distinct(FileKind::S1),
        declared: &cx.release,
    };
    let path = file.path.to_string();
    sink.run(&cx.plan.patch_dates, &facts, Some(&path), Some(file.patch));
}

/// [`check_one`], or what the cache kept of the label file when its stamp
/// is the one recorded (its findings go to `sink`, its dates to `dates`
/// when the patch-dates checks need them); a file read is recorded in the
/// cache. Whether the outcome is the cache's.
fn cached_check(
    cx: &Context,
    file: &DatasetFile,
    folder: Option<&LabelFolder>,
    projections: &Projections,
    sink: &mut Sink,
    dates: &mut Vec<(FileKind, u32)>,
) -> (LabelOutcome, bool) {
    let Some((store, stamp)) = cx.cache.and_then(|store| {
        Some((
            store,
            store.stamp(&file.path, || cx.dataset.absolute(&file.path))?,
        ))
    }) else {
        return (check_one(cx, file, folder, projections, sink, dates), false);
    };
    let wanted = needs_dates(cx).then_some(&mut *dates);
    if let Some(outcome) = replay(store, file, &stamp, sink, wanted) {
        return (outcome, true);
    }
    let outcome = check_one(cx, file, folder, projections, sink, dates);
    let of = |kind| {
        entry::PackedDates::pack(dates.iter().filter(|d| d.0 == kind).map(|d| d.1).collect())
    };
    let info = &outcome.info;
    let kept = LabelEntry {
        tile: file.patch.tile.as_str().into(),
        findings: sink.findings.iter().map(entry::CachedFinding::of).collect(),
        parsed: info.parsed,
        classes: info.classes.clone(),
        projection: info.projection.as_deref().map(|p| store.intern(p)),
        s2: info.s2.clone(),
        s1: info.s1.clone(),
        listed_s2: outcome.listed_s2 as u32,
        listed_s1: outcome.listed_s1 as u32,
        s2_dates: of(FileKind::S2),
        s1_dates: of(FileKind::S1),
    };
    store.insert(entry::Entry {
        path: file.path.clone(),
        stamp,
        facts: Facts::Label(kept),
    });
    (outcome, false)
}

/// The outcome the cache kept of `file`, when its stamp is `stamp` (its
/// dates decoded into `dates` when asked).
fn replay(
    store: &Store,
    file: &DatasetFile,
    stamp: &Stamp,
    sink: &mut Sink,
    dates: Option<&mut Vec<(FileKind, u32)>>,
) -> Option<LabelOutcome> {
    let (at, kept) = store.lookup(&file.path, stamp)?;
    let Facts::Label(label) = kept else {
        return None;
    };
    // The cache's date totals count the entry under this tile.
    if *label.tile != *file.patch.tile.as_str() {
        return None;
    }
    let findings = entry::findings(&label.findings)?;
    let projection = match label.projection {
        Some(i) => Some(store.text(i)?),
        None => None,
    };
    store.reuse(at);
    for finding in findings {
        sink.push(finding);
    }
    if let Some(dates) = dates {
        dates.extend(label.s2_dates.dates().map(|d| (FileKind::S2, d)));
        dates.extend(label.s1_dates.dates().map(|d| (FileKind::S1, d)));
    }
    Some(LabelOutcome {
        info: LabelInfo {
            path: file.path.clone(),
            parsed: label.parsed,
            projection,
            classes: label.classes,
            s2: label.s2,
            s1: label.s1,
        },
        listed_s2: label.listed_s2 as usize,
        listed_s1: label.listed_s1 as usize,
    })
}

/// The labels folder, opened once.
struct LabelFolder<'a> {
    rel: &'a str,
    open: OpenFolder,
}

fn check_one(
    cx: &Context,
    file: &DatasetFile,
    folder: Option<&LabelFolder>,
    projections: &Projections,
    sink: &mut Sink,
    dates: &mut Vec<(FileKind, u32)>,
) -> LabelOutcome {
    let path = file.path.to_string();
    let mut outcome = LabelOutcome {
        info: LabelInfo {
            path: file.path.clone(),
            ..LabelInfo::default()
        },
        listed_s2: 0,
        listed_s1: 0,
    };
    let max = cx.profile.profile.label_files.max_bytes;
    let in_folder = folder.filter(|f| {
        let parent = file.path.strip_suffix(&*file.name);
        parent.is_some_and(|p| p.strip_suffix('/').unwrap_or(p) == f.rel)
    });
    let read = match in_folder {
        Some(f) => f.open.read_at_most(&file.name, max),
        None => crate::io::storage::label_folder::read_at_most(&cx.dataset.absolute(&path), max),
    };
    let label_file = |sink: &mut Sink, read| {
        let facts = LabelFileFacts {
            read,
            classes: &cx.profile.classes,
        };
        sink.run(&cx.plan.label_file, &facts, Some(&path), Some(file.patch));
    };
    let bytes = match read {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            // More than `max` bytes were there to read.
            let size = crate::io::storage::vfs::metadata(&cx.dataset.absolute(&path))
                .map_or(0, |m| m.len());
            label_file(sink, LabelRead::TooLarge { size, max });
            return outcome;
        }
        Err(e) => {
            label_file(sink, LabelRead::Unreadable(&e));
            return outcome;
        }
    };
    let (parsed, problems) = LabelText::parse(&bytes);
    let labels = parsed.as_ref().and_then(LabelText::labels_text);
    label_file(
        sink,
        LabelRead::Read {
            problems: &problems,
            labels,
        },
    );
    let Some(label) = &parsed else {
        return outcome;
    };
    outcome.info.parsed = true;

    outcome.info.classes = labels.map(|labels| {
        // A handful of classes: a linear search beats hashing.
        let mut classes = Vec::new();
        for value in items(labels).filter_map(|item| class_value(item, &cx.profile.classes)) {
            if !classes.contains(&value) {
                classes.push(value);
            }
        }
        classes.sort_unstable();
        classes
    });
    outcome.info.projection = label.projection.as_deref().map(|p| projections.intern(p));
    let mut names = ListedNames {
        seen: HashSet::default(),
        clean: CleanParts::default(),
        days: SeenDays::default(),
    };
    let (s2, listed_s2) = names.check(
        cx,
        file,
        FIELD_S2,
        FileKind::S2,
        label.s2_text(),
        dates,
        sink,
    );
    let (s1, listed_s1) = names.check(
        cx,
        file,
        FIELD_S1,
        FileKind::S1,
        label.s1_text(),
        dates,
        sink,
    );
    (outcome.info.s2, outcome.listed_s2) = (s2, listed_s2);
    (outcome.info.s1, outcome.listed_s1) = (s1, listed_s1);
    outcome
}

/// The few distinct `projection` texts of a dataset (one per UTM zone),
/// each kept once and shared by the label files that carry it.
#[derive(Default)]
pub(crate) struct Projections(Mutex<Vec<Arc<str>>>);

impl Projections {
    fn intern(&self, text: &str) -> Arc<str> {
        let mut known = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = known.iter().find(|p| ***p == *text) {
            return p.clone();
        }
        let p: Arc<str> = text.into();
        // A dataset whose label files all differ keeps them all, but does
        // not make every lookup slower.
        if known.len() < 64 {
            known.push(p.clone());
        }
        p
    }
}

/// What the lists of one label file share while their names are checked:
/// the names seen (one table for both lists, emptied between them), the
/// tile and position already found clean, and the quick path's days.
struct ListedNames<'a> {
    seen: HashSet<&'a str, foldhash::fast::FixedState>,
    clean: CleanParts,
    days: SeenDays,
}

impl<'a> ListedNames<'a> {
    /// Checks the names of one list (`list`, the field's text); returns
    /// those that passed every enabled rule, which are the ones matched
    /// against the files on disk, and how many names the list holds.
    #[allow(clippy::too_many_arguments)]
    fn check(
        &mut self,
        cx: &Context,
        file: &DatasetFile,
        field: &str,
        expected: FileKind,
        list: &'a str,
        dates: &mut Vec<(FileKind, u32)>,
        sink: &mut Sink,
    ) -> (Vec<Box<str>>, usize) {
        let own_names = DatedNames::of(&file.patch, expected);
        let before = dates.len();
        if let Some(quick) =
            self.all_own_and_clean(cx, file, field, &own_names, expected, list, dates)
        {
            return quick;
        }
        dates.truncate(before);
        let mut kept = Vec::new();
        let seen = &mut self.seen;
        seen.clear();
        let path = file.path.to_string();
        let mut count = 0;
        let mut found = Vec::new();
        for name in items(list) {
            count += 1;
            let duplicate = !seen.insert(name);
            let parts = if duplicate {
                None
            } else {
                own_names.split(name).or_else(|| NameParts::split(name))
            };
            let facts = NameFacts {
                name,
                parts,
                place: NamePlace::Listed {
                    field,
                    expected,
                    label: &file.patch,
                    duplicate,
                },
                naming: &cx.naming,
                grid: cx.grid,
            };
            // A name of another sensor or with another extension is not
            // one of the list's: its findings are the shape checks'.
            let well_formed =
                parts.is_some_and(|p| p.has_expected_extension() && p.kind == expected);
            found.clear();
            names::judge(
                &cx.plan.names,
                &facts,
                well_formed,
                &mut self.clean,
                &cx.clean_dates,
                &mut found,
            );
            let mut fired = false;
            for (rule, e) in found.drain(..) {
                fired |= super::scan::push(sink, rule, e, &path, Some(file.patch));
            }
            let Some(parts) = parts.filter(|_| well_formed && !fired) else {
                continue;
            };
            if let Some(date) = parts.date.and_then(|d| d.parse::<u32>().ok()) {
                dates.push((expected, date));
            }
            // Only the triplet checks need the names, and only with rasters.
            if keeps_names(cx) {
                kept.push(name.into());
            }
        }
        (kept, count)
    }

    /// The quick path of [`ListedNames::check`], for the list of a sound
    /// dataset: when every item is the label file's own patch's name with a
    /// date (`own`), no two dates are the same and every name passes the
    /// naming rules, no rule can find anything in the list; its outcome is
    /// then returned and its dates added to `dates`. Otherwise `None`,
    /// having pushed no finding (the caller drops the dates it added), and
    /// the list is checked name by name.
    ///
    /// Such a list is read at a fixed stride (each name is `own`'s length,
    /// then a `;`) instead of being split; duplicates are told by date
    /// (two such names with one date are the same name).
    #[allow(clippy::too_many_arguments)]
    fn all_own_and_clean(
        &mut self,
        cx: &Context,
        file: &DatasetFile,
        field: &str,
        own: &DatedNames,
        expected: FileKind,
        list: &'a str,
        dates: &mut Vec<(FileKind, u32)>,
    ) -> Option<(Vec<Box<str>>, usize)> {
        self.days.clear();
        let before = dates.len();
        let (len, date_at) = (own.name_len(), own.date_offset());
        if list.len() % (len + 1) != len {
            return None;
        }
        let facts = |name, parts| NameFacts {
            name,
            parts: Some(parts),
            place: NamePlace::Listed {
                field,
                expected,
                label: &file.patch,
                duplicate: false,
            },
            naming: &cx.naming,
            grid: cx.grid,
        };
        // The first name through every check, as `check` would.
        let first = list.get(..len)?;
        let parts = own.split(first)?;
        if !parts.has_expected_extension() || parts.kind != expected {
            return None;
        }
        let mut found = Vec::new();
        let (checks, clean_dates) = (&cx.plan.names, &cx.clean_dates);
        names::judge(
            checks,
            &facts(first, parts),
            true,
            &mut self.clean,
            clean_dates,
            &mut found,
        );
        if !found.is_empty() {
            return None;
        }
        let first = first.as_bytes();
        let (head, tail) = (&first[..date_at], &first[date_at + 8..]);
        let mut kept = Vec::new();
        for (k, name) in list.as_bytes().chunks(len + 1).enumerate() {
            // Each one `;`-terminated but the last, and the first's bytes
            // but its date's.
            let (name, end) = name.split_at(len);
            if end.first().is_some_and(|b| *b != b';')
                || name[..date_at] != *head
                || name[date_at + 8..] != *tail
            {
                return None;
            }
            let date = eight_digits(&name[date_at..date_at + 8])?;
            let at = k * (len + 1);
            let name = list.get(at..at + len)?;
            // Only the date differs from the first name's: only the checks
            // that read it can judge otherwise.
            let judged = !checks.dated.is_empty() || !clean_dates.holds_value(date);
            if k > 0
                && judged
                && !names::judge_date(checks, &facts(name, own.split(name)?), clean_dates)
            {
                return None;
            }
            if !self.days.insert(date)? {
                return None;
            }
            dates.push((expected, date));
            if keeps_names(cx) {
                kept.push(name.into());
            }
        }
        Some((kept, dates.len() - before))
    }
}

/// The value of eight ASCII digits.
fn eight_digits(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |v, d| {
        d.is_ascii_digit().then(|| v * 10 + u32::from(d - b'0'))
    })
}

/// Whether the listed names are kept: only the triplet checks need them,
/// and only with rasters (or patches placed from them).
fn keeps_names(cx: &Context) -> bool {
    cx.dataset.mode == Mode::Full || cx.place_patches
}

/// The calendar dates of one list, one bit a day of four consecutive years
/// (31 slots a month), for telling duplicates without hashing names.
#[derive(Default)]
struct SeenDays {
    first_year: Option<u32>,
    bits: [u64; 24],
}

impl SeenDays {
    fn clear(&mut self) {
        self.first_year = None;
        self.bits = [0; 24];
    }

    /// Records `date` (`YYYYMMDD`, a real calendar date): `Some(true)` when
    /// new, `Some(false)` when seen before, `None` when its year is not
    /// within four years of the first date's.
    fn insert(&mut self, date: u32) -> Option<bool> {
        let year = date / 10_000;
        let first = *self.first_year.get_or_insert(year);
        let (month, day) = (date / 100 % 100, date % 100);
        if year < first
            || year - first >= 4
            || !(1..=12).contains(&month)
            || !(1..=31).contains(&day)
        {
            return None;
        }
        let slot = ((year - first) * 372 + (month - 1) * 31 + (day - 1)) as usize;
        let (word, bit) = (slot / 64, 1u64 << (slot % 64));
        let new = self.bits[word] & bit == 0;
        self.bits[word] |= bit;
        Some(new)
    }
}
