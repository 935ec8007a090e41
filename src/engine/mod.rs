//! The rule engine: walks a dataset, runs the enabled rules and gathers
//! their findings into a [`Report`].
//!
//! Order of work: [`scan`] lists the folders (layout and naming rules on
//! every name), [`label_check`] reads the label files in parallel (label and
//! listing rules), [`triplet_check`] matches label files with the files on
//! disk. Bad input is a finding; only an unusable root or profile is an error.

pub mod cache;
mod context;
mod date_counts;
mod label_check;
mod names;
pub mod partial;
pub mod partial_check;
pub mod partition;
mod patch_index;
mod plan;
mod progress;
mod raster_check;
mod scan;
pub mod shard;
mod spatial_check;
mod triplet_check;

pub use raster_check::ClassPixels;
pub use spatial_check::OverlapSummary;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::finding::{Finding, Severity};
use crate::model::dataset::{Dataset, Mode, PatchIndex};
use crate::model::grid::TilingGrid;
use crate::model::{FileKind, TileCode};
use crate::profile::LoadedProfile;
use crate::rules::Rule;

use context::{Context, Sink};
use plan::Plan;
pub use progress::ProgressHook;

/// How to run a validation.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Check label files only, even if raster folders exist.
    pub labels_only: bool,
    /// Show a progress bar (only honoured on a terminal).
    pub progress: bool,
    /// Read every ground reference's pixels for the class histogram of
    /// [`Summary::class_pixels`], even when no rule needs them (`stats`).
    pub class_pixels: bool,
    /// Take the dataset's names from this listing (`multisenge list`, or
    /// an S3 Inventory `manifest.json`) instead of listing its folders.
    pub listing: Option<std::path::PathBuf>,
    /// The validation cache (off unless asked for).
    pub cache: cache::CacheOptions,
}

/// Why a validation could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("{path}: dataset root does not exist or is not a folder")]
    NoRoot { path: String },
    #[error(transparent)]
    Memory(#[from] crate::io::safety::memory::MemoryError),
    /// Object storage could not be asked (missing bucket, refused
    /// credentials, unreachable endpoint).
    #[error("{path}: cannot read the dataset root: {why}")]
    Unreachable { path: String, why: std::io::Error },
    #[error(transparent)]
    Http(#[from] crate::io::storage::http::BadHttpSetting),
    #[error(transparent)]
    Listing(#[from] crate::io::storage::listing::ListingError),
}

/// The outcome of a validation.
#[derive(Clone, Debug)]
pub struct Report {
    /// The dataset root as given.
    pub root: String,
    pub mode: Mode,
    /// The profile's source (file path).
    pub profile: String,
    /// Patch width and height in pixels (for footprints in GeoJSON reports).
    pub patch_size: u32,
    /// Sorted by rule (in the order of [`Rule::ALL`]: by family, as in
    /// docs/rules.md), then path (findings without a path first), then
    /// message.
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// The enabled rules that ran, in [`Rule::ALL`] order.
    pub rules_run: Vec<Rule>,
    /// Enabled rules that did not run because their input is absent in this
    /// mode (rasters in labels-only mode).
    pub rules_not_run: Vec<Rule>,
    /// Wall-clock time of each step of the run, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// The comparison with `--baseline`, once applied
    /// (`report::baseline::apply`).
    pub baseline: Option<BaselineSummary>,
    /// What the validation cache did, when it was asked for (not in any
    /// rendering of the report, which is the same with or without it).
    pub cache: Option<cache::CacheOutcome>,
}

/// How a run compares with a baseline report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BaselineSummary {
    /// The baseline file as given.
    pub file: String,
    /// Findings also in the baseline (reported as known, not counted toward
    /// the exit code).
    pub known: usize,
    /// Findings not in the baseline.
    pub new: usize,
    /// Baseline findings no longer found.
    pub absent: usize,
}

/// Counts a maintainer reads at the end of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Distinct patches seen (from any well-named file).
    pub patches: usize,
    /// Well-named files on disk, by kind key (`ground_reference`, `s2`...).
    pub files: BTreeMap<&'static str, usize>,
    /// Files on disk that follow no nomenclature.
    pub other_files: usize,
    /// Names listed by label files (`corresponding_s2`, `corresponding_s1`).
    pub listed_s2: usize,
    pub listed_s1: usize,
    /// Listed names that passed the naming rules, per tile, sensor and
    /// acquisition date (`YYYYMMDD`).
    pub listed_by_date: BTreeMap<(TileCode, FileKind, u32), usize>,
    /// Patches per tile.
    pub patches_per_tile: BTreeMap<TileCode, usize>,
    /// Patches whose label file lists each class, per tile and class value.
    pub label_class_patches: BTreeMap<(TileCode, u8), usize>,
    /// Ground-reference pixels per value, per tile, from the rasters whose
    /// pixels were read (full mode, when a class rule or
    /// [`Options::class_pixels`] asks for them).
    pub class_pixels: BTreeMap<TileCode, ClassPixels>,
    pub findings_by_severity: BTreeMap<Severity, usize>,
    pub findings_by_code: BTreeMap<&'static str, usize>,
    /// Overlapping pairs reported (S001, S002) and their total area.
    pub overlaps: OverlapSummary,
    /// Rasters whose bands have no description, by kind; a kind is there
    /// when a rule read its band descriptions (the rasters counted are not
    /// judged by it).
    pub undescribed: BTreeMap<FileKind, usize>,
}

impl Report {
    /// Whether any finding not known from a baseline is at or above `level`.
    pub fn fails_at(&self, level: Severity) -> bool {
        self.findings
            .iter()
            .any(|f| !f.known && f.severity >= level)
    }
}

/// Validates the dataset at `root` with `profile`.
pub fn validate(
    root: &Path,
    profile: &LoadedProfile,
    options: &Options,
) -> Result<Report, EngineError> {
    validate_with_progress(root, profile, options, None)
}

/// [`validate`], handing the percentage done to `hook` (see
/// [`progress`](self::progress) for the phases).
pub fn validate_with_progress(
    root: &Path,
    profile: &LoadedProfile,
    options: &Options,
    hook: Option<ProgressHook>,
) -> Result<Report, EngineError> {
    run_with(root, profile, options, false, hook, None).map(|r| r.report)
}

/// Validates one shard of the dataset at `root` (its patches' label files
/// and rasters; the listing findings on shard 0) and returns its partial
/// report, which [`shard::merge`] joins with the other shards', with what
/// its own cache did (a shard keeps its own cache file).
pub fn validate_shard(
    root: &Path,
    profile: &LoadedProfile,
    options: &Options,
    spec: shard::ShardSpec,
) -> Result<(shard::Partial, Option<cache::CacheOutcome>), EngineError> {
    let run = run_with(root, profile, options, false, None, Some(spec))?;
    let mut partial = shard::Partial::new(spec, &run.report, profile, &run.placed);
    partial.partition = run.partition.unwrap_or_default();
    Ok((partial, run.report.cache))
}

/// A validation with the dataset seen as places.
pub struct Run {
    pub report: Report,
    /// Every patch with its files and what its label file says.
    pub index: PatchIndex,
    /// The patches placed on the ground (index order), and the pairs that
    /// overlap (whether S001 and S002 are on or not).
    pub placed: Vec<crate::spatial::footprints::PlacedPatch>,
    pub overlaps: Vec<crate::spatial::overlap::Overlap>,
    /// For a shard: a hash of what its partition was computed from (every
    /// patch and its file count), the same in every shard that saw the
    /// same files.
    pub partition: Option<String>,
}

/// Validates the dataset at `root` and keeps the patch index (with the
/// names each label file lists, in labels-only mode too) and the placed
/// patches with their overlaps.
pub fn run(root: &Path, profile: &LoadedProfile, options: &Options) -> Result<Run, EngineError> {
    run_with(root, profile, options, true, None, None)
}

/// [`run`], handing the percentage done to `hook`.
pub fn run_with_progress(
    root: &Path,
    profile: &LoadedProfile,
    options: &Options,
    hook: Option<ProgressHook>,
) -> Result<Run, EngineError> {
    run_with(root, profile, options, true, hook, None)
}

fn run_with(
    root: &Path,
    profile: &LoadedProfile,
    options: &Options,
    place_patches: bool,
    hook: Option<ProgressHook>,
    shard: Option<shard::ShardSpec>,
) -> Result<Run, EngineError> {
    crate::io::storage::vfs::configure_for(root)?;
    let started = Instant::now();
    let listing = match &options.listing {
        Some(path) => Some(crate::io::storage::listing::Listing::load(path, root)?),
        // Object storage with the cache: the folders listed at once into a
        // listing (the same LIST requests the scan makes), which keeps each
        // object's ETag from the LIST answer for its stamp (docs/cache.md).
        None if options.cache.enabled && crate::io::storage::vfs::is_virtual(root) => {
            check_root(root)?;
            crate::io::storage::listing::Listing::make(root).ok()
        }
        None => {
            check_root(root)?;
            None
        }
    };
    let names = match listing {
        Some(listing) => crate::io::storage::listing::Names::Listed(std::sync::Arc::new(listing)),
        None => crate::io::storage::listing::Names::Live,
    };
    let folders = &profile.profile.folders;
    let folder_names = FileKind::ALL.map(|k| folders.name(k));
    let dataset = Dataset::locate(root, folder_names, options.labels_only, names.probe());
    let rasters = &profile.profile.rasters;
    let mut cx = Context {
        profile,
        dataset: &dataset,
        grid: TilingGrid::official(),
        progress: options.progress,
        plan: Plan::new(&profile.rules),
        naming: profile.profile.dataset.naming_settings(),
        mmu: profile.profile.mmu.settings(),
        release: profile.profile.release.declaration(),
        rasters: FileKind::ALL.map(|k| rasters.kind(k).map(|r| r.expectation())),
        clean_dates: Default::default(),
        class_pixels: options.class_pixels,
        place_patches,
        progress_hook: hook,
        names,
        cache: None,
    };
    raster_check::check_memory(&cx)?;
    let listing_time = started.elapsed();
    let mut cache_warnings = Vec::new();
    let cache_started = Instant::now();
    let run_key = cache::run_key(profile, dataset.mode, options.class_pixels, place_patches);
    // Nothing changed since the last run (a local dataset validated whole,
    // the report only): its findings and counts, with no entry read.
    let live = matches!(cx.names, crate::io::storage::listing::Names::Live);
    let probe = (options.cache.enabled && live && shard.is_none() && !place_patches)
        .then(|| cache::state::probe(&dataset))
        .flatten()
        .map(std::sync::Arc::new);
    if let Some(probe) = &probe {
        if let Ok(file) = cache::cache_file(&options.cache, root, None) {
            let last = cache::state::last_file(&file);
            match kept_outcome(&last, &run_key, &probe.digest) {
                Ok(Some((findings, summary))) => {
                    let outcome = cache::CacheOutcome {
                        file: Some(file),
                        reused: summary.files.values().sum(),
                        unchanged: true,
                        current: true,
                        ..cache::CacheOutcome::default()
                    };
                    let timings = vec![("cache read", cache_started.elapsed())];
                    let cache = (timings, Some(outcome));
                    return Ok(Run {
                        report: report(profile, &dataset, root, cache, findings, summary),
                        index: PatchIndex::new(),
                        placed: Vec::new(),
                        overlaps: Vec::new(),
                        partition: None,
                    });
                }
                Ok(None) => {}
                Err(why) => cache_warnings.push(format!(
                    "cache {} ignored and rebuilt: {why}",
                    last.display()
                )),
            }
        }
    }
    let mut store = cache::Store::open(
        &options.cache,
        root,
        shard.map(|s| (s.index, s.count)),
        run_key.clone(),
        match &cx.names {
            crate::io::storage::listing::Names::Listed(listing) => Some(listing.clone()),
            crate::io::storage::listing::Names::Live => None,
        },
        &mut cache_warnings,
    );
    if let (Some(store), Some(probe)) = (&mut store, &probe) {
        store.use_probe(probe.clone());
    }
    cx.cache = store.as_ref();
    let mut sink = Sink::new(&profile.rules);
    let mut summary = Summary::default();

    let mut timings = Vec::new();
    if matches!(cx.names, crate::io::storage::listing::Names::Listed(_)) {
        timings.push(("listing read", listing_time));
    }
    if cx.cache.is_some() {
        timings.push(("cache read", cache_started.elapsed()));
    }
    let mut clock = Instant::now();
    let mut lap = |step: &'static str| {
        timings.push((step, clock.elapsed()));
        clock = Instant::now();
    };
    let scanned = scan::scan(&cx, &mut sink);
    // Only the scan takes names from a listing: its memory is given back.
    cx.names = crate::io::storage::listing::Names::Live;
    if let Some(hook) = hook {
        hook(5.0);
    }
    lap("scan");
    let mut index = patch_index::index_of(scanned.files);
    let mut label_files = scanned.label_files;
    // A shard keeps its own patches (and the listing findings on shard 0);
    // the triplet rules still see every file on disk.
    let mut all = None;
    let mut partition = None;
    if let Some(spec) = shard {
        let (owned, fingerprint) = own_patches(&index, &label_files, spec);
        partition = Some(fingerprint);
        label_files.retain(|f| owned.contains(&f.patch));
        let mine = index
            .iter()
            .filter(|(k, _)| owned.contains(k))
            .map(|(k, p)| (*k, p.clone()))
            .collect();
        all = Some(std::mem::replace(&mut index, mine));
        if spec.index != 0 {
            sink.findings.clear();
        }
    }
    if shard.map_or(true, |s| s.index == 0) {
        summary.other_files = scanned.other_files;
    }
    for patch in index.values() {
        let kinds = [
            (
                FileKind::GroundReference,
                usize::from(patch.ground_reference.is_some()),
            ),
            (FileKind::S2, patch.s2.len()),
            (FileKind::S1, patch.s1.len()),
        ];
        for (kind, n) in kinds.into_iter().filter(|(_, n)| *n > 0) {
            *summary.files.entry(kind.key()).or_default() += n;
        }
    }
    if !label_files.is_empty() {
        *summary.files.entry(FileKind::Label.key()).or_default() += label_files.len();
    }

    let (labels, dates) = label_check::check_all(&cx, &label_files, &mut sink);
    summary.listed_by_date = dates;
    lap("label files");
    // Counted per tile in a table of the 256 classes a byte names, then
    // kept in the summary's map (tens of millions of look-ups otherwise).
    let mut class_patches: std::collections::HashMap<TileCode, Box<[usize; 256]>> =
        Default::default();
    for (patch, info) in &labels {
        summary.listed_s2 += info.listed_s2;
        summary.listed_s1 += info.listed_s1;
        if let Some(classes) = &info.info.classes {
            let counts = class_patches
                .entry(patch.tile)
                .or_insert_with(|| Box::new([0; 256]));
            for class in classes {
                counts[usize::from(*class)] += 1;
            }
        }
    }
    for (tile, counts) in class_patches {
        for (class, n) in (0..=u8::MAX).zip(counts.iter()).filter(|(_, n)| **n > 0) {
            *summary
                .label_class_patches
                .entry((tile, class))
                .or_default() += n;
        }
    }
    index = patch_index::with_labels(index, labels);
    summary.patches = index.len();
    for key in index.keys() {
        *summary.patches_per_tile.entry(key.tile).or_default() += 1;
    }

    if shard.is_none() {
        release_check(&cx, &summary, &mut sink);
    }
    triplet_check::check(&cx, &index, all.as_ref().unwrap_or(&index), &mut sink);
    lap("triplets");
    let raster_pass = raster_check::check(&cx, &index, &mut sink);
    summary.class_pixels = raster_pass.class_pixels;
    summary.undescribed = raster_pass.undescribed;
    lap("rasters");
    let spatial = match shard {
        // The overlap pass is global: a shard only places its patches.
        Some(_) => spatial_check::SpatialOutcome {
            summary: OverlapSummary::default(),
            placed: spatial_check::place(&cx, &index, raster_pass.footprints),
            overlaps: Vec::new(),
        },
        None => spatial_check::check(&cx, &index, raster_pass.footprints, &mut sink),
    };
    summary.overlaps = spatial.summary;
    lap("overlaps");

    let mut findings = sink.findings;
    finish_findings(&mut findings, &mut summary);
    cx.cache = None;
    let cache = match store {
        Some(store) => {
            let mut outcome = store.finish();
            // Kept for the next run beside the entries, when nothing was
            // added or removed while this one ran.
            let probe = probe
                .as_deref()
                .filter(|p| outcome.current && p.folders_unchanged());
            if let (Some(probe), Some(file)) = (probe, &outcome.file) {
                let last = cache::state::last_file(file);
                let kept = cache::state::Outcome {
                    findings,
                    summary: partial::PartialSummary::of(&summary),
                    overlap_pairs: summary.overlaps.pairs as u64,
                    overlap_area_m2: summary.overlaps.area_m2,
                };
                if let Err(why) = cache::state::write(&last, &run_key, &probe.digest, &kept) {
                    outcome
                        .warnings
                        .push(format!("cache {} not written: {why}", last.display()));
                }
                findings = kept.findings;
            }
            cache_warnings.append(&mut outcome.warnings);
            outcome.warnings = cache_warnings;
            Some(outcome)
        }
        None if options.cache.enabled => Some(cache::CacheOutcome {
            warnings: cache_warnings,
            ..cache::CacheOutcome::default()
        }),
        None => None,
    };
    lap("cache write");
    let report = report(profile, &dataset, root, (timings, cache), findings, summary);
    Ok(Run {
        report,
        index,
        placed: spatial.placed,
        overlaps: spatial.overlaps,
        partition,
    })
}

/// The findings (in report order) and counts the last run kept in `last`
/// under `run_key` and `digest` (`cache::state`); `None` when it kept
/// them under another key or state, or kept none; `Err` when the file
/// cannot be trusted.
fn kept_outcome(
    last: &Path,
    run_key: &str,
    digest: &[u8; 32],
) -> Result<Option<(Vec<Finding>, Summary)>, String> {
    let cache::state::Kept::Same(kept) = cache::state::read(last, run_key, digest)? else {
        return Ok(None);
    };
    let mut summary = Summary::default();
    shard::add_summary(&mut summary, &kept.summary)?;
    summary.overlaps = OverlapSummary {
        pairs: kept.overlap_pairs as usize,
        area_m2: kept.overlap_area_m2,
    };
    let mut findings = kept.findings;
    finish_findings(&mut findings, &mut summary);
    Ok(Some((findings, summary)))
}

/// The report of a run of `profile` over `dataset` at `root`: what the run
/// took and what the cache did, its findings (in report order) and counts.
fn report(
    profile: &LoadedProfile,
    dataset: &Dataset,
    root: &Path,
    (timings, cache): (Vec<(&'static str, Duration)>, Option<cache::CacheOutcome>),
    findings: Vec<Finding>,
    summary: Summary,
) -> Report {
    let (rules_run, rules_not_run) = Rule::ALL
        .iter()
        .filter(|r| profile.rules.enabled(**r))
        .partition(|r| dataset.mode == Mode::Full || !plan::needs_rasters(**r));
    Report {
        rules_run,
        rules_not_run,
        timings,
        baseline: None,
        cache,
        root: root.display().to_string(),
        mode: dataset.mode,
        profile: profile.source.clone(),
        patch_size: profile.profile.dataset.patch_size,
        findings,
        summary,
    }
}

/// The dataset's tiles and totals against the release's declaration, from
/// the counts of the scan and the label files (a shard, which sees part of
/// the dataset, does not run it).
fn release_check(cx: &Context, summary: &Summary, sink: &mut Sink) {
    if cx.plan.release.is_empty() || !cx.release.declares_totals() {
        return;
    }
    let facts = crate::rules::input::ReleaseFacts {
        declared: &cx.release,
        patches_per_tile: &summary.patches_per_tile,
        patches: summary.patches,
        listed_s2: summary.listed_s2,
        listed_s1: summary.listed_s1,
    };
    sink.run(&cx.plan.release, &facts, None, None);
}

/// Whether `root` is a folder that can be read.
fn check_root(root: &Path) -> Result<(), EngineError> {
    let path = root.display().to_string();
    match crate::io::storage::vfs::folder_status(root) {
        Ok(true) => crate::io::storage::vfs::check_listable(root)
            .map_err(|why| EngineError::Unreachable { path, why }),
        Ok(false) => Err(EngineError::NoRoot { path }),
        Err(why) => Err(EngineError::Unreachable { path, why }),
    }
}

/// Sorts findings into report order (stable: ties keep the order found) and
/// counts them.
pub(crate) fn finish_findings(findings: &mut [Finding], summary: &mut Summary) {
    findings.sort_by(|a, b| (a.rule, &a.path, &a.message).cmp(&(b.rule, &b.path, &b.message)));
    for f in findings.iter() {
        *summary.findings_by_severity.entry(f.severity).or_default() += 1;
        *summary.findings_by_code.entry(f.rule.code()).or_default() += 1;
    }
}

/// The patches of shard `spec`: those on disk and those named by label
/// files, split by [`partition::partition`] on their file counts; and a
/// hash (FNV-1a) of those counts, which `merge` compares across shards.
fn own_patches(
    index: &PatchIndex,
    label_files: &[crate::model::dataset::DatasetFile],
    spec: shard::ShardSpec,
) -> (std::collections::BTreeSet<crate::model::PatchKey>, String) {
    let mut files: BTreeMap<crate::model::PatchKey, u64> = index
        .iter()
        .map(|(k, p)| {
            let n = usize::from(p.ground_reference.is_some()) + p.s2.len() + p.s1.len();
            (*k, n as u64)
        })
        .collect();
    for f in label_files {
        *files.entry(f.patch).or_default() += 1;
    }
    let counts: Vec<u64> = files.values().copied().collect();
    let shards = partition::partition(&counts, spec.count);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (key, count) in &files {
        let text = format!("{}_{}_{}:{count};", key.tile, key.x, key.y);
        for b in text.bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    let owned = files
        .keys()
        .zip(shards)
        .filter(|(_, s)| *s == spec.index)
        .map(|(k, _)| *k)
        .collect();
    (owned, format!("{:016x}-{}", hash, files.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::select::matching;

    /// `rules::raster::throwaway` (R999) is registered in the crate's own
    /// tests and nowhere else: no part of the engine names it. Selected
    /// alone, it makes the engine read Sentinel-2 pixels (which no other
    /// enabled rule needs) and runs on every band.
    #[test]
    fn a_rule_added_through_the_registry_alone_runs() {
        let dir = tempfile::tempdir().unwrap();
        for folder in ["ground_reference", "s2", "s1", "labels"] {
            std::fs::create_dir(dir.path().join(folder)).unwrap();
        }
        let driver = gdal::DriverManager::get_driver_by_name("GTiff").unwrap();
        let write = |name: &str, peak: i16| {
            let path = dir.path().join("s2").join(name);
            let ds = driver
                .create_with_band_type::<i16, _>(&path, 256, 256, 10)
                .unwrap();
            let mut band = ds.rasterband(3).unwrap();
            let mut pixels = gdal::raster::Buffer::new((256, 256), vec![500i16; 256 * 256]);
            pixels.data_mut()[1000] = peak;
            band.write((0, 0), (256, 256), &mut pixels).unwrap();
        };
        write("31UGQ_20200325_S2_0_0.tif", 4242);
        write("31UGQ_20200418_S2_0_0.tif", 4241);
        let mut profile = LoadedProfile::default_profile();
        profile.rules.select(&matching("R999").unwrap());
        let report = validate(dir.path(), &profile, &Options::default()).unwrap();
        let found: Vec<(&str, &str, &str)> = report
            .findings
            .iter()
            .map(|f| (f.rule.code(), f.path.as_deref().unwrap_or(""), &*f.message))
            .collect();
        assert_eq!(
            found,
            [(
                "R999",
                "s2/31UGQ_20200325_S2_0_0.tif",
                "band 3 reaches 4242"
            )]
        );
        assert_eq!(report.rules_run, [Rule::from_code("R999").unwrap()]);
        let record = report.findings[0].data.to_json();
        assert_eq!(record, serde_json::json!({ "band": 3 }));
    }
}
