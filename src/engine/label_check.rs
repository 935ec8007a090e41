//! Reads every label file (in parallel) and checks its content and the names
//! it lists.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Read;

use rayon::prelude::*;

use crate::finding::{Finding, Location};
use crate::model::dataset::{DatasetFile, LabelInfo, Mode};
use crate::model::label_file::{LabelFile, LabelProblem, FIELD_LABELS, FIELD_S1, FIELD_S2};
use crate::model::{FileKind, NameParts, PatchKey};
use crate::rules::{labels, layout, naming, Rule};

use super::{Context, Sink};

/// A label file's outcome, with the count of names it lists.
pub(crate) struct LabelOutcome {
    pub info: LabelInfo,
    pub listed_s2: usize,
    pub listed_s1: usize,
    /// Listed names that passed the naming rules, per (sensor, YYYYMM):
    /// a small sorted vector, as one is kept per label file until merged.
    pub months: Vec<((FileKind, u32), u32)>,
}

pub(crate) fn check_all(
    cx: &Context,
    files: &[DatasetFile],
    sink: &mut Sink,
) -> Vec<(PatchKey, LabelOutcome)> {
    let rules = sink.rules;
    let bar = super::progress_bar(cx, files.len() as u64, "label files");
    let results: Vec<(PatchKey, LabelOutcome, Vec<Finding>)> = files
        .par_iter()
        .map(|file| {
            let mut local = Sink::new(rules);
            let outcome = check_one(cx, file, &mut local);
            bar.inc(1);
            (file.patch, outcome, local.findings)
        })
        .collect();
    bar.finish_and_clear();
    results
        .into_iter()
        .map(|(patch, outcome, findings)| {
            sink.findings.extend(findings);
            (patch, outcome)
        })
        .collect()
}

fn check_one(cx: &Context, file: &DatasetFile, sink: &mut Sink) -> LabelOutcome {
    let path = file.path.to_string();
    let mut outcome = LabelOutcome {
        info: LabelInfo {
            path: file.path.clone(),
            ..LabelInfo::default()
        },
        listed_s2: 0,
        listed_s1: 0,
        months: Vec::new(),
    };
    let max = cx.profile.profile.label_files.max_bytes;
    let bytes = match read_at_most(&cx.dataset.absolute(&path), max) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            let size = fs::metadata(cx.dataset.absolute(&path)).map_or(0, |m| m.len());
            sink.push(
                Finding::new(
                    Rule::OversizedLabelFile,
                    format!("file is {size} bytes, more than the {max} allowed for a label file"),
                )
                .path(path)
                .patch(file.patch),
            );
            return outcome;
        }
        Err(e) => {
            sink.push(
                Finding::new(Rule::UnreadableEntry, format!("cannot read file: {e}"))
                    .path(path)
                    .patch(file.patch),
            );
            return outcome;
        }
    };
    let (parsed, problems) = LabelFile::parse(&bytes);
    for problem in &problems {
        let rule = match problem {
            LabelProblem::InvalidJson(..) | LabelProblem::NotAnObject(_) => Rule::InvalidJson,
            LabelProblem::MissingField(_) => Rule::MissingField,
            LabelProblem::WrongType { .. } => Rule::WrongFieldType,
            LabelProblem::EmptyItem { .. } => Rule::EmptyListItem,
        };
        let mut finding = Finding::new(rule, problem.message())
            .path(path.clone())
            .patch(file.patch);
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
                            format!("class `{item}` is listed twice in `{FIELD_LABELS}`"),
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
    let mut months = BTreeMap::new();
    outcome.info.s2 = check_listed(
        cx,
        file,
        FIELD_S2,
        FileKind::S2,
        &label.s2,
        &mut months,
        sink,
    );
    outcome.info.s1 = check_listed(
        cx,
        file,
        FIELD_S1,
        FileKind::S1,
        &label.s1,
        &mut months,
        sink,
    );
    outcome.months = months.into_iter().collect();
    outcome
}

/// Reads a file unless it is larger than `max` bytes (`Ok(None)` then).
fn read_at_most(path: &std::path::Path, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    let file = fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

/// Checks the names of one list; returns those that passed every enabled
/// rule, which are the ones matched against the files on disk.
fn check_listed(
    cx: &Context,
    file: &DatasetFile,
    field: &str,
    expected: FileKind,
    names: &[String],
    months: &mut BTreeMap<(FileKind, u32), u32>,
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
                    format!("`{name}` is listed twice in `{field}`"),
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
        if parts.kind != expected {
            push(
                Rule::ListedNameMismatch,
                format!(
                    "a {} name, expected a {} name",
                    parts.kind.describe(),
                    expected.describe()
                ),
            );
            continue;
        }
        let mut clean = true;
        for (rule, why) in naming::check_values(&parts, &cx.profile.profile, cx.grid) {
            clean &= !push(rule, why);
        }
        if let Some(patch) = parts.patch() {
            if patch != file.patch {
                clean &= !push(
                    Rule::ListedNameMismatch,
                    format!(
                        "it names patch {patch}, not the label file's patch {}",
                        file.patch
                    ),
                );
            }
        }
        if !clean {
            continue;
        }
        if let Some(month) = parts.date.and_then(|d| d[..6].parse::<u32>().ok()) {
            *months.entry((expected, month)).or_default() += 1;
        }
        // Only the triplet checks need the names, and only with rasters.
        if cx.dataset.mode == Mode::Full {
            kept.push(name.as_str().into());
        }
    }
    kept
}
