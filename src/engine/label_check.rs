//! Reads every label file (in parallel) and checks its content and the names
//! it lists.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::finding::{Finding, Location};
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
    let results: Vec<(PatchKey, LabelOutcome, Vec<Finding>)> = files
        .par_iter()
        .map(|file| {
            let mut local = Sink::new(rules);
            let mut listed = Vec::new();
            let outcome = check_one(cx, file, &projections, &mut local, &mut listed);
            if let Ok(mut dates) = dates.lock() {
                dates.add_all(file.patch.tile, &listed);
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

fn check_one(
    cx: &Context,
    file: &DatasetFile,
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
    let bytes = match crate::io::label_folder::read_at_most(&cx.dataset.absolute(&path), max) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            // More than `max` bytes were there to read.
            let size = crate::io::vfs::metadata(&cx.dataset.absolute(&path)).map_or(0, |m| m.len());
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

    let mut seen_classes = HashSet::new();
    let mut classes = Vec::new();
    let labels = label.labels();
    let has_labels = labels.is_some();
    for item in labels.into_iter().flatten() {
        match labels::unknown_class::check(item, &cx.profile.classes) {
            Ok(value) => {
                if seen_classes.insert(value) {
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
        seen: HashSet::with_capacity_and_hasher(256, Default::default()),
        clean: naming::CleanValues::default(),
    };
    let (s2, listed_s2) = names.check(cx, file, FIELD_S2, FileKind::S2, label.s2(), dates, sink);
    let (s1, listed_s1) = names.check(cx, file, FIELD_S1, FileKind::S1, label.s1(), dates, sink);
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
/// the names seen (one table for both lists, emptied between them) and the
/// tile and position already found clean.
struct ListedNames<'a> {
    seen: HashSet<&'a str, foldhash::fast::FixedState>,
    clean: naming::CleanValues<'a>,
}

impl<'a> ListedNames<'a> {
    /// Checks the names of one list; returns those that passed every
    /// enabled rule, which are the ones matched against the files on disk,
    /// and how many names the list holds.
    #[allow(clippy::too_many_arguments)]
    fn check(
        &mut self,
        cx: &Context,
        file: &DatasetFile,
        field: &str,
        expected: FileKind,
        names: impl Iterator<Item = &'a str>,
        dates: &mut Vec<(FileKind, u32)>,
        sink: &mut Sink,
    ) -> (Vec<Box<str>>, usize) {
        let mut kept = Vec::new();
        let seen = &mut self.seen;
        seen.clear();
        let path = file.path.to_string();
        let own_tile = file.patch.tile.as_str();
        let own_names = DatedNames::of(&file.patch, expected);
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
            if cx.dataset.mode == Mode::Full || cx.place_patches {
                kept.push(name.into());
            }
        }
        (kept, count)
    }
}
