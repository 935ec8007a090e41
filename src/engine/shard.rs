//! Sharded validation: one process per shard writes a partial report
//! ([`Partial`], JSON), and [`merge`] joins them, runs the global pass
//! (overlaps S001/S002 over every patch's footprint) and gives the report a
//! single process gives, finding for finding and count for count.
//!
//! Every shard lists the whole dataset (names are cheap: layout, naming and
//! the files on disk that the triplet rules compare label files with), then
//! reads only its own patches' label files and rasters ([`partition`]).
//! Listing findings are kept by shard 0 only.
//!
//! [`partition`]: super::partition::partition

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use crate::finding::Finding;
use crate::model::dataset::Mode;
use crate::model::footprint::Footprint;
use crate::model::{FileKind, PatchKey, TileCode};
use crate::profile::LoadedProfile;
use crate::rules::Rule;
use crate::spatial::footprints::PlacedPatch;
use crate::spatial::overlap::OverlapSettings;

pub use super::partial::{
    Partial, PartialFinding, PartialFootprint, PartialPatch, PartialSummary, MAX_SHARDS,
};
use super::{ClassPixels, Report, Summary};

/// Version of the partial report format; partials of another version are
/// refused by [`merge`] (2: findings carry their rule's record).
pub const PARTIAL_VERSION: u32 = 2;

/// Which shard to run: `index` in `0..count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShardSpec {
    pub index: u32,
    pub count: u32,
}

/// A shard that cannot be run, or partials that cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum ShardError {
    #[error("--shard `{0}`: expected K/N with 0 <= K < N <= 1000000 (e.g. 2/8), or `auto`")]
    Spec(String),
    #[error(
        "--shard auto: no array index found: set SLURM_ARRAY_TASK_ID (Slurm), \
         JOB_COMPLETION_INDEX with --shard-count (Kubernetes Indexed Job) or \
         AWS_BATCH_JOB_ARRAY_INDEX with --shard-count (AWS Batch)"
    )]
    NoEnvironment,
    #[error("--shard auto: {var}=`{value}` is not a shard index below the shard count {count}")]
    BadEnvironment {
        var: &'static str,
        value: String,
        count: u32,
    },
    #[error("--shard auto: {var} is set but the shard count is not: give --shard-count N")]
    NoCount { var: &'static str },
    #[error("cannot read partial report {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("merge: no partial report given")]
    Empty,
    #[error("merge: {path} was written by {what} `{found}`, the first partial by `{expected}`: all partials must come from the same {what}")]
    Mismatch {
        path: String,
        what: &'static str,
        found: String,
        expected: String,
    },
    #[error("merge: shard {index}/{count} given twice ({first} and {second})")]
    Duplicate {
        index: u32,
        count: u32,
        first: String,
        second: String,
    },
    #[error(
        "merge: shard(s) {missing} of {count} missing: every shard's partial report is needed"
    )]
    Missing { missing: String, count: u32 },
}

impl FromStr for ShardSpec {
    type Err = ShardError;

    /// `K/N`.
    ///
    /// ```
    /// use multisenge::engine::shard::ShardSpec;
    /// assert_eq!("2/8".parse::<ShardSpec>().unwrap(), ShardSpec { index: 2, count: 8 });
    /// assert!("8/8".parse::<ShardSpec>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<ShardSpec, ShardError> {
        let bad = || ShardError::Spec(s.to_string());
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count || count > MAX_SHARDS {
            return Err(bad());
        }
        Ok(ShardSpec { index, count })
    }
}

/// `validate --shard`, `--shard-count`, `--listing` (parsed by
/// [`crate::jobspec::validate`]).
#[derive(Clone, Debug, Default)]
pub struct ShardOptions {
    /// Run shard K of N (K/N, 0 <= K < N) or `auto` (from SLURM_ARRAY_TASK_ID,
    /// JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX) and write its
    /// partial report (JSON) for `multisenge merge`; see docs/scale.md.
    pub shard: Option<String>,
    /// Shard count for `--shard auto` when the environment has none
    /// (Kubernetes, AWS Batch), 1 to 1000000.
    pub shard_count: Option<u32>,
    pub listing: crate::io::storage::listing::ListingOptions,
}

impl ShardOptions {
    /// The shard asked for, if any (environment variables for `auto`).
    pub fn spec(&self) -> Result<Option<ShardSpec>, ShardError> {
        let env = |v: &str| std::env::var(v).ok();
        self.shard
            .as_deref()
            .map(|s| ShardSpec::resolve(s, self.shard_count, env))
            .transpose()
    }
}

impl ShardSpec {
    /// `--shard K/N`, or `auto`: the array index from the scheduler's
    /// environment, read through `var` — Slurm `SLURM_ARRAY_TASK_ID` (with
    /// `SLURM_ARRAY_TASK_COUNT`, or `count`), Kubernetes
    /// `JOB_COMPLETION_INDEX` or AWS Batch `AWS_BATCH_JOB_ARRAY_INDEX` (both
    /// with `count`, `--shard-count`). Slurm arrays must start at 0
    /// (`--array=0-N`).
    ///
    /// ```
    /// use multisenge::engine::shard::ShardSpec;
    /// let env = |v: &str| match v {
    ///     "SLURM_ARRAY_TASK_ID" => Some("3".to_string()),
    ///     "SLURM_ARRAY_TASK_COUNT" => Some("4".to_string()),
    ///     _ => None,
    /// };
    /// assert_eq!(ShardSpec::resolve("auto", None, env).unwrap(), ShardSpec { index: 3, count: 4 });
    /// ```
    pub fn resolve(
        spec: &str,
        count: Option<u32>,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<ShardSpec, ShardError> {
        if spec != "auto" {
            return spec.parse();
        }
        const VARS: [(&str, Option<&str>); 3] = [
            ("SLURM_ARRAY_TASK_ID", Some("SLURM_ARRAY_TASK_COUNT")),
            ("JOB_COMPLETION_INDEX", None),
            ("AWS_BATCH_JOB_ARRAY_INDEX", None),
        ];
        for (index_var, count_var) in VARS {
            let Some(value) = var(index_var) else {
                continue;
            };
            let count = match count
                .or_else(|| count_var.and_then(&var).and_then(|c| c.trim().parse().ok()))
            {
                Some(c) if c > 0 && c <= MAX_SHARDS => c,
                _ => return Err(ShardError::NoCount { var: index_var }),
            };
            return match value.trim().parse::<u32>() {
                Ok(index) if index < count => Ok(ShardSpec { index, count }),
                _ => Err(ShardError::BadEnvironment {
                    var: index_var,
                    value,
                    count,
                }),
            };
        }
        Err(ShardError::NoEnvironment)
    }
}

/// A hash of what decides the findings ([`LoadedProfile::fingerprint`]).
pub(crate) fn profile_fingerprint(profile: &LoadedProfile) -> String {
    profile.fingerprint()
}

fn patch_out(key: &PatchKey) -> PartialPatch {
    PartialPatch {
        tile: key.tile.to_string(),
        x: key.x,
        y: key.y,
    }
}

fn tile_in(tile: &str) -> Result<TileCode, String> {
    TileCode::parse(tile).map_err(|e| format!("tile `{tile}`: {e}"))
}

fn patch_in(p: &PartialPatch) -> Result<PatchKey, String> {
    Ok(PatchKey {
        tile: tile_in(&p.tile)?,
        x: p.x,
        y: p.y,
    })
}

fn kind_key(key: &str) -> Result<&'static str, String> {
    FileKind::ALL
        .iter()
        .map(|k| k.key())
        .find(|k| *k == key)
        .ok_or_else(|| format!("unknown file kind `{key}`"))
}

impl Partial {
    /// The partial of a shard's run (also how `multisenge-testdata
    /// partials` writes benchmark partials through this serializer).
    pub fn new(
        shard: ShardSpec,
        report: &Report,
        profile: &LoadedProfile,
        placed: &[PlacedPatch],
    ) -> Partial {
        let s = &report.summary;
        let settings = profile.profile.spatial.overlap_settings();
        Partial {
            format: "multisenge-partial-report".into(),
            partial_version: PARTIAL_VERSION,
            tool_version: env!("CARGO_PKG_VERSION").into(),
            shard: shard.index,
            shards: shard.count,
            root: report.root.clone(),
            labels_only: report.mode == Mode::LabelsOnly,
            profile: report.profile.clone(),
            profile_fingerprint: profile_fingerprint(profile),
            patch_size: report.patch_size,
            rules_run: report.rules_run.iter().map(|r| r.code().into()).collect(),
            rules_not_run: report
                .rules_not_run
                .iter()
                .map(|r| r.code().into())
                .collect(),
            overlap_tolerance_m2: settings.tolerance_m2,
            equal_area_epsg: settings.equal_area_epsg,
            overlap_severity: super::plan::overlap_rules()
                .into_iter()
                .map(|r| profile.rules.severity(r))
                .collect(),
            findings: report
                .findings
                .iter()
                .map(|f| PartialFinding {
                    code: f.rule.code().into(),
                    severity: f.severity,
                    message: f.message.clone(),
                    path: f.path.clone(),
                    patch: f.patch.as_ref().map(patch_out),
                    location: f.location.clone(),
                    data: f.data.to_json(),
                })
                .collect(),
            summary: PartialSummary::of(s),
            footprints: placed
                .iter()
                .map(|p| PartialFootprint {
                    patch: patch_out(&p.key),
                    epsg: p.footprint.epsg,
                    bounds: [
                        p.footprint.min_x,
                        p.footprint.min_y,
                        p.footprint.max_x,
                        p.footprint.max_y,
                    ],
                    path: p.path.to_string(),
                })
                .collect(),
            partition: String::new(),
        }
    }

    /// The partial as JSON (floats written so they read back exactly).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a partial report written by `validate --shard`.
    pub fn load(path: &Path) -> Result<Partial, ShardError> {
        let read = |reason: String| ShardError::Read {
            path: path.display().to_string(),
            reason,
        };
        let text = crate::io::safety::gate::read_text_limited(
            path,
            crate::io::safety::gate::limits::PARTIAL,
            "a partial report",
        )
        .map_err(|e| read(e.to_string()))?;
        let partial: Partial = serde_json::from_str(&text)
            .map_err(|e| read(format!("not a partial report of `validate --shard` ({e})")))?;
        if partial.format != "multisenge-partial-report" {
            return Err(read(format!(
                "`format` is `{}`, expected `multisenge-partial-report`",
                partial.format
            )));
        }
        super::partial_check::check(&partial).map_err(read)?;
        Ok(partial)
    }
}

/// Joins every shard's partial report (`names` name them in messages) into
/// the report of the whole dataset: the same findings in the same order and
/// the same summary as a single process. Refuses partials of different
/// versions, profiles, roots or shard counts, a shard given twice and a
/// missing shard.
pub fn merge(partials: &[(String, Partial)]) -> Result<Report, ShardError> {
    let Some((first_name, first)) = partials.first() else {
        return Err(ShardError::Empty);
    };
    let mut seen: BTreeMap<u32, &str> = BTreeMap::new();
    for (name, p) in partials {
        let checks: [(&'static str, String, String); 7] = [
            (
                "partial report version",
                p.partial_version.to_string(),
                PARTIAL_VERSION.to_string(),
            ),
            (
                "multisenge version",
                p.tool_version.clone(),
                first.tool_version.clone(),
            ),
            (
                "shard count",
                p.shards.to_string(),
                first.shards.to_string(),
            ),
            (
                "profile",
                format!("{} ({})", p.profile, p.profile_fingerprint),
                format!("{} ({})", first.profile, first.profile_fingerprint),
            ),
            ("dataset root", p.root.clone(), first.root.clone()),
            (
                "mode",
                p.labels_only.to_string(),
                first.labels_only.to_string(),
            ),
            (
                "view of the dataset's files (patches and file counts: \
                 make one listing with `multisenge list` and give it to every shard)",
                p.partition.clone(),
                first.partition.clone(),
            ),
        ];
        for (what, found, expected) in checks {
            if found != expected {
                return Err(ShardError::Mismatch {
                    path: name.clone(),
                    what,
                    found,
                    expected,
                });
            }
        }
        if let Some(other) = seen.insert(p.shard, name) {
            return Err(ShardError::Duplicate {
                index: p.shard,
                count: p.shards,
                first: other.to_string(),
                second: name.clone(),
            });
        }
    }
    let missing: Vec<String> = (0..first.shards)
        .filter(|k| !seen.contains_key(k))
        .map(|k| k.to_string())
        .collect();
    if !missing.is_empty() || seen.len() != first.shards as usize {
        return Err(ShardError::Missing {
            missing: if missing.is_empty() {
                "beyond the count".into()
            } else {
                missing.join(", ")
            },
            count: first.shards,
        });
    }
    let mut ordered: Vec<&(String, Partial)> = partials.iter().collect();
    ordered.sort_by_key(|(_, p)| p.shard);
    join(first_name, &ordered).map_err(|(path, reason)| ShardError::Read { path, reason })
}

fn rule_in(code: &str) -> Result<Rule, String> {
    Rule::from_code(code).ok_or_else(|| format!("unknown rule `{code}`"))
}

fn join(first_name: &str, ordered: &[&(String, Partial)]) -> Result<Report, (String, String)> {
    let first = &ordered[0].1;
    let mut findings = Vec::new();
    let mut summary = Summary::default();
    let mut placed = Vec::new();
    for (name, p) in ordered {
        let bad = |reason: String| (name.clone(), reason);
        for f in &p.findings {
            let rule = rule_in(&f.code).map_err(bad)?;
            let data = rule
                .record_from_json(f.data.clone())
                .map_err(|e| bad(format!("finding of {rule} without its record: {e}")))?;
            let mut finding = Finding::of(rule, data);
            finding.severity = f.severity;
            finding.path = f.path.clone();
            finding.patch = f.patch.as_ref().map(patch_in).transpose().map_err(bad)?;
            finding.location = f.location.clone();
            findings.push(finding);
        }
        add_summary(&mut summary, &p.summary).map_err(bad)?;
        for fp in &p.footprints {
            let [min_x, min_y, max_x, max_y] = fp.bounds;
            placed.push(PlacedPatch {
                key: patch_in(&fp.patch).map_err(bad)?,
                footprint: Footprint {
                    epsg: fp.epsg,
                    min_x,
                    min_y,
                    max_x,
                    max_y,
                },
                path: fp.path.as_str().into(),
            });
        }
    }
    // The single process places patches in index order; shards are
    // contiguous runs of it, but sort anyway.
    placed.sort_by_key(|p| p.key);
    let overlap_rules = super::plan::overlap_rules();
    let severity = |rule: Rule| {
        overlap_rules
            .iter()
            .position(|&r| r == rule)
            .and_then(|i| first.overlap_severity.get(i).copied().flatten())
    };
    let settings = OverlapSettings {
        tolerance_m2: first.overlap_tolerance_m2,
        equal_area_epsg: first.equal_area_epsg,
    };
    let enabled = overlap_rules
        .iter()
        .copied()
        .filter(|r| severity(*r).is_some());
    let checks = super::plan::Plan::of(enabled).overlap;
    if !checks.is_empty() {
        let (overlaps, _) =
            super::spatial_check::overlap_pass(&placed, &settings, &checks, None, &mut |mut f| {
                match severity(f.rule) {
                    Some(s) => {
                        f.severity = s;
                        findings.push(f);
                        true
                    }
                    None => false,
                }
            });
        summary.overlaps = overlaps;
    }
    super::finish_findings(&mut findings, &mut summary);
    let rules = |codes: &[String]| -> Result<Vec<Rule>, (String, String)> {
        codes
            .iter()
            .map(|c| rule_in(c).map_err(|e| (first_name.to_string(), e)))
            .collect()
    };
    Ok(Report {
        root: first.root.clone(),
        mode: if first.labels_only {
            Mode::LabelsOnly
        } else {
            Mode::Full
        },
        profile: first.profile.clone(),
        patch_size: first.patch_size,
        findings,
        summary,
        rules_run: rules(&first.rules_run)?,
        rules_not_run: rules(&first.rules_not_run)?,
        timings: Vec::new(),
        cache: None,
        baseline: None,
    })
}

impl PartialSummary {
    /// The counts of `s` as a partial report (and the cache's kept
    /// outcome, `cache::state`) carries them.
    pub(crate) fn of(s: &Summary) -> PartialSummary {
        PartialSummary {
            patches: s.patches,
            files: s.files.iter().map(|(k, n)| (k.to_string(), *n)).collect(),
            other_files: s.other_files,
            listed_s2: s.listed_s2,
            listed_s1: s.listed_s1,
            listed_by_date: s
                .listed_by_date
                .iter()
                .map(|((t, k, d), n)| (t.to_string(), k.key().into(), *d, *n))
                .collect(),
            patches_per_tile: s
                .patches_per_tile
                .iter()
                .map(|(t, n)| (t.to_string(), *n))
                .collect(),
            label_class_patches: s
                .label_class_patches
                .iter()
                .map(|((t, c), n)| (t.to_string(), *c, *n))
                .collect(),
            class_pixels: s
                .class_pixels
                .iter()
                .map(|(t, c)| (t.to_string(), c.rasters, c.counts.clone()))
                .collect(),
            undescribed: s
                .undescribed
                .iter()
                .map(|(k, n)| (k.key().to_string(), *n))
                .collect(),
        }
    }
}

/// Adds the counts of `part` to `total` (`Err`: a count that overflows,
/// an unknown tile or kind).
pub(crate) fn add_summary(total: &mut Summary, part: &PartialSummary) -> Result<(), String> {
    use super::partial_check::add;
    total.patches = add(total.patches, part.patches, "summary.patches")?;
    for (kind, n) in &part.files {
        let sum = total.files.entry(kind_key(kind)?).or_default();
        *sum = add(*sum, *n, "summary.files")?;
    }
    total.other_files = add(total.other_files, part.other_files, "summary.other_files")?;
    total.listed_s2 = add(total.listed_s2, part.listed_s2, "summary.listed_s2")?;
    total.listed_s1 = add(total.listed_s1, part.listed_s1, "summary.listed_s1")?;
    for (tile, kind, date, n) in &part.listed_by_date {
        let kind = FileKind::ALL
            .into_iter()
            .find(|k| k.key() == kind)
            .ok_or_else(|| format!("unknown file kind `{kind}`"))?;
        let sum = total
            .listed_by_date
            .entry((tile_in(tile)?, kind, *date))
            .or_default();
        *sum = add(*sum, *n, "summary.listed_by_date")?;
    }
    for (tile, n) in &part.patches_per_tile {
        let sum = total.patches_per_tile.entry(tile_in(tile)?).or_default();
        *sum = add(*sum, *n, "summary.patches_per_tile")?;
    }
    for (tile, class, n) in &part.label_class_patches {
        let sum = total
            .label_class_patches
            .entry((tile_in(tile)?, *class))
            .or_default();
        *sum = add(*sum, *n, "summary.label_class_patches")?;
    }
    for (kind, n) in &part.undescribed {
        let kind = FileKind::ALL
            .into_iter()
            .find(|k| k.key() == kind)
            .ok_or_else(|| format!("unknown file kind `{kind}`"))?;
        *total.undescribed.entry(kind).or_default() += n;
    }
    for (tile, rasters, counts) in &part.class_pixels {
        if counts.len() != 256 {
            return Err(format!("class_pixels of {tile}: expected 256 counts"));
        }
        total
            .class_pixels
            .entry(tile_in(tile)?)
            .or_default()
            .merge(&ClassPixels {
                rasters: *rasters,
                counts: counts.clone(),
            });
    }
    Ok(())
}

/// Reads the partial reports at `paths` (in parallel: parsing is half of
/// a merge's time, docs/performance.md) and [`merge`]s them.
pub fn merge_files(paths: &[std::path::PathBuf]) -> Result<Report, ShardError> {
    use rayon::prelude::*;
    let partials = paths
        .par_iter()
        .map(|p| Ok((p.display().to_string(), Partial::load(p)?)))
        .collect::<Vec<Result<_, ShardError>>>()
        // The first partial that cannot be read, in the order given.
        .into_iter()
        .collect::<Result<Vec<_>, ShardError>>()?;
    merge(&partials)
}
