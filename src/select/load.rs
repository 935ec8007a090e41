//! A dataset's label files as [`PatchDates`]: each label file read (in
//! parallel) and its listed names turned into dates. A file that cannot be
//! used whole is skipped with its reason rather than half used: a training
//! set must not silently miss dates.

use rayon::prelude::*;

use super::{PatchDates, SelectError, Skipped};
use crate::io::storage::label_folder;
use crate::model::naming::Date;
use crate::model::{Dataset, FileKind, LabelFile, NameParts, PatchKey};

pub(super) fn patch_dates(
    dataset: &Dataset,
    max_bytes: u64,
) -> Result<(Vec<PatchDates>, Vec<Skipped>), SelectError> {
    let paths = label_folder::list(dataset).map_err(|source| {
        let folder = dataset
            .folder(FileKind::Label)
            .map_or("", |f| f.rel.as_str());
        SelectError::CannotList {
            path: dataset.absolute(folder).display().to_string(),
            source,
        }
    })?;
    let read: Vec<Result<PatchDates, Skipped>> = paths
        .par_iter()
        .map(|path| {
            one(dataset, path, max_bytes).map_err(|reason| Skipped {
                path: path.clone(),
                reason,
            })
        })
        .collect();
    let mut patches = Vec::with_capacity(read.len());
    let mut skipped = Vec::new();
    for r in read {
        match r {
            Ok(p) => patches.push(p),
            Err(s) => skipped.push(s),
        }
    }
    patches.sort_by_key(|p| p.patch);
    Ok((patches, skipped))
}

fn one(dataset: &Dataset, path: &str, max_bytes: u64) -> Result<PatchDates, String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let patch = NameParts::split(name)
        .filter(|p| p.kind == FileKind::Label && p.has_expected_extension())
        .and_then(|p| p.patch())
        .ok_or_else(|| format!("not a label file name ({})", FileKind::Label.nomenclature()))?;
    let bytes = label_folder::read_at_most(&dataset.absolute(path), max_bytes)
        .map_err(|e| format!("cannot read file: {e}"))?
        .ok_or_else(|| format!("larger than the {max_bytes} bytes allowed for a label file"))?;
    let (label, problems) = LabelFile::parse(&bytes);
    if let Some(problem) = problems.first() {
        return Err(crate::rules::labels::describe(problem));
    }
    let label = label.ok_or("not a label file")?;
    Ok(PatchDates {
        patch,
        s2: dates(&label.s2, FileKind::S2, patch)?,
        s1: dates(&label.s1, FileKind::S1, patch)?,
    })
}

/// The sorted, distinct dates of listed names, which must all be names of
/// `kind` files of `patch` with a real date.
fn dates(names: &[String], kind: FileKind, patch: PatchKey) -> Result<Vec<Date>, String> {
    let mut dates = Vec::with_capacity(names.len());
    for name in names {
        let wrong = || {
            format!(
                "listed `{name}` is not a {} file of patch {patch} ({})",
                kind.describe(),
                kind.nomenclature()
            )
        };
        let parts = NameParts::split(name)
            .filter(|p| p.kind == kind && p.has_expected_extension() && p.patch() == Some(patch))
            .ok_or_else(wrong)?;
        let date = Date::parse(parts.date.unwrap_or_default())
            .map_err(|why| format!("listed `{name}`: {why}"))?;
        dates.push(date);
    }
    dates.sort_unstable();
    dates.dedup();
    Ok(dates)
}
