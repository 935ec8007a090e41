//! Reads every label file (in parallel) and checks its content and the names
//! it lists.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::finding::{Finding, Location};
use crate::io::storage::label_folder::OpenFolder;
use crate::model::dataset::{DatasetFile, LabelInfo, Mode};
use crate::model::label_file::{LabelProblem, LabelText, FIELD_LABELS, FIELD_S1, FIELD_S2};
use crate::model::naming::DatedNames;
use crate::model::{FileKind, NameParts, PatchKey};
use crate::rules::{labels, layout, naming, triplets, Rule};

use super::date_counts::DateCounts;
use super::{Context, Sink};

/// A label file's outcome, with the count of names it lists.
pub(crate) struct LabelOutcome {
    pub info: LabelInfo,
    pub listed_s2: usize,
    pub listed_s1: usize,
}

pub(crate) fn check_all(
    cx: &Context,
    files: &[DatasetFile],
    sink: &mut Sink,
) -> (Vec<(PatchKey, LabelOutcome)>, DateCounts) {
    let rules = sink.rules;
    let bar = super::progress_bar(cx, files.len() as u64, "label files", (5.0, 30.0));
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
            let outcome = check_one(cx, file, folder.as_ref(), &projections, &mut local, listed);
            if let Ok(mut dates) = dates.lock() {
                dates.add_all(file.patch.tile, listed);
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
    (outcomes, dates.into_inner().unwrap_or_default())
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
    let bytes = match read {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            // More than `max` bytes were there to read.
            let size = crate::io::storage::vfs::metadata(&cx.dataset.absolute(&path))
                .map_or(0, |m| m.len());
            let why = labels::oversized_label_file::message(size, max);
            sink.push(
                Finding::new(Rule::OversizedLabelFile, why)
                    .path(path)
                    .patch(file.patch),
            );
            return outcome;
        }
        Err(e) => {
            sink.push(
                Finding::new(
                    Rule::UnreadableEntry,
                    layout::unreadable_entry::cannot_read_file(&e),
                )
                .path(path)
                .patch(file.patch),
            );
            return outcome;
        }
    };
    let (parsed, problems) = LabelText::parse(&bytes);
    for problem in &problems {
        let Some((rule, why)) = labels::judge(problem) else {
            continue;
        };
        let mut finding = Finding::new(rule, why).path(path.clone()).patch(file.patch);
        if let LabelProblem::InvalidJson(_, Some((line, column))) = problem {
            finding = finding.location(Location::Text {
                line: *line,
                column: *column,
            });
        }
        sink.push(finding);
    }
    let Some(label) = parsed else {
        return outcome;
    };
    outcome.info.parsed = true;

    let mut classes = Vec::new();
    let labels = label.labels();
    let has_labels = labels.is_some();
    for item in labels.into_iter().flatten() {
        match labels::unknown_class::check(item, &cx.profile.classes) {
            Ok(value) => {
                // A handful of classes: a linear search beats hashing.
                if !classes.contains(&value) {
                    classes.push(value);
                } else {
                    sink.push(
                        Finding::new(
                            Rule::DuplicateEntry,
                            triplets::duplicate_entry::class_twice(item, FIELD_LABELS),
                        )
                        .path(path.clone())
                        .patch(file.patch),
                    );
                }
            }
            Err(why) => {
                sink.push(
                    Finding::new(Rule::UnknownClass, why)
                        .path(path.clone())
                        .patch(file.patch),
                );
            }
        }
    }
    classes.sort_unstable();
    outcome.info.classes = has_labels.then_some(classes);
    outcome.info.projection = label.projection.as_deref().map(|p| projections.intern(p));
    let mut names = ListedNames {
        seen: HashSet::default(),
        clean: naming::CleanValues::sharing(&cx.clean_dates),
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
    clean: naming::CleanValues<'a>,
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
        if let Some(quick) = self.all_own_and_clean(cx, &own_names, expected, list, dates) {
            return quick;
        }
        dates.truncate(before);
        let names = crate::model::label_file::items(list);
        let mut kept = Vec::new();
        let seen = &mut self.seen;
        seen.clear();
        let path = file.path.to_string();
        let own_tile = file.patch.tile.as_str();
        let mut count = 0;
        for name in names {
            count += 1;
            let mut push = |rule: Rule, why: String| {
                sink.push(
                    Finding::new(rule, format!("listed `{name}` in `{field}`: {why}"))
                        .path(path.clone())
                        .patch(file.patch),
                )
            };
            if !seen.insert(name) {
                sink.push(
                    Finding::new(
                        Rule::DuplicateEntry,
                        triplets::duplicate_entry::name_twice(name, field),
                    )
                    .path(path.clone())
                    .patch(file.patch),
                );
                continue;
            }
            let Some(parts) = own_names.split(name).or_else(|| NameParts::split(name)) else {
                push(
                    Rule::MalformedName,
                    naming::malformed_name::message(expected),
                );
                continue;
            };
            if let Some(why) = layout::wrong_extension::check(&parts) {
                push(Rule::WrongExtension, why);
                continue;
            }
            if let Some(why) = triplets::listed_name_mismatch::check_kind(parts.kind, expected) {
                push(Rule::ListedNameMismatch, why);
                continue;
            }
            let mut clean = true;
            let problems =
                naming::check_values_remembering(&parts, &cx.naming, cx.grid, &mut self.clean);
            for (rule, why) in problems {
                clean &= !push(rule, why);
            }
            // The label file's own patch, spelled as it is: no need to parse it.
            let own = parts.tile == own_tile && (parts.x, parts.y) == (file.patch.x, file.patch.y);
            if let Some(patch) = (!own).then(|| parts.patch()).flatten() {
                if let Some(why) = triplets::listed_name_mismatch::check_patch(&patch, &file.patch)
                {
                    clean &= !push(Rule::ListedNameMismatch, why);
                }
            }
            if !clean {
                continue;
            }
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
    fn all_own_and_clean(
        &mut self,
        cx: &Context,
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
        // The first name through every rule, as `check` would.
        let first = list.get(..len)?;
        let parts = own.split(first)?;
        if layout::wrong_extension::check(&parts).is_some()
            || triplets::listed_name_mismatch::check_kind(parts.kind, expected).is_some()
        {
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
            if k == 0 || !cx.clean_dates.holds_value(date) {
                let parts = own.split(name)?;
                if !naming::check_values_remembering(&parts, &cx.naming, cx.grid, &mut self.clean)
                    .is_empty()
                {
                    return None;
                }
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
