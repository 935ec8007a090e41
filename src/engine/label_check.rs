//! Reads every label file (in parallel) and checks its content and the names
//! it lists.

use std::collections::HashSet;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::finding::{Finding, Location};
use crate::model::dataset::{DatasetFile, LabelInfo, Mode};
use crate::model::label_file::{LabelFile, LabelProblem, FIELD_LABELS, FIELD_S1, FIELD_S2};
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
    let results: Vec<(PatchKey, LabelOutcome, Vec<Finding>)> = files
        .par_iter()
        .map(|file| {
            let mut local = Sink::new(rules);
            let mut listed = Vec::new();
            let outcome = check_one(cx, file, &mut local, &mut listed);
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
    let (parsed, problems) = LabelFile::parse(&bytes);
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
    outcome.listed_s2 = label.s2.len();
    outcome.listed_s1 = label.s1.len();

    let mut seen_classes = HashSet::new();
    let mut classes = Vec::new();
    for item in label.labels.iter().flatten() {
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
    outcome.info.classes = label.labels.is_some().then_some(classes);
    outcome.info.projection = label.projection;
    outcome.info.s2 = check_listed(cx, file, FIELD_S2, FileKind::S2, &label.s2, dates, sink);
    outcome.info.s1 = check_listed(cx, file, FIELD_S1, FileKind::S1, &label.s1, dates, sink);
    outcome
}

/// Checks the names of one list; returns those that passed every enabled
/// rule, which are the ones matched against the files on disk.
fn check_listed(
    cx: &Context,
    file: &DatasetFile,
    field: &str,
    expected: FileKind,
    names: &[String],
    dates: &mut Vec<(FileKind, u32)>,
    sink: &mut Sink,
) -> Vec<Box<str>> {
    let mut kept = Vec::with_capacity(names.len());
    let mut seen = HashSet::with_capacity(names.len());
    let path = file.path.to_string();
    for name in names {
        let mut push = |rule: Rule, why: String| {
            sink.push(
                Finding::new(rule, format!("listed `{name}` in `{field}`: {why}"))
                    .path(path.clone())
                    .patch(file.patch),
            )
        };
        if !seen.insert(name.as_str()) {
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
        let Some(parts) = NameParts::split(name) else {
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
        for (rule, why) in naming::check_values(&parts, &cx.naming, cx.grid) {
            clean &= !push(rule, why);
        }
        if let Some(patch) = parts.patch() {
            if let Some(why) = triplets::listed_name_mismatch::check_patch(&patch, &file.patch) {
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
            kept.push(name.as_str().into());
        }
    }
    kept
}
