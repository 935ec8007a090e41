//! A whole `multisenge triplets` run: settings resolved and checked, the
//! outputs checked before any work, the inputs found and checked from
//! their headers, then the strips of patches built in parallel (rayon),
//! each reading every input once over its window, and the summary.
//!
//! Memory: a strip holds its inputs' windows (a few bytes per pixel of
//! 256 rows) and the stacks of one date's patches; at most one strip per
//! worker thread is in flight, so the peak is about the threads times a
//! strip (estimated and checked against `--max-memory` before any work)
//! plus GDAL's block cache, set to 256 MB unless `GDAL_CACHEMAX` is set.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use super::config::TripletsConfig;
use super::error::TripletsError;
use super::inputs::{self, TileGrid};
use super::params::{folder, Settings, TripletsJob};
use super::patches::{origins_in, strips};
use super::report::{kept_dates, patch_drops, CloudyProduct, SensorSummary, Summary};
use super::select::PatchDrop;
use super::strip::{Mode, Plan, StripOutcome};
use crate::io::formats::geotiff::Styling;
use crate::io::formats::symbology::Symbology;
use crate::model::naming::NameParts;
use crate::model::FileKind;
use crate::profile::LoadedProfile;
use crate::spatial::avoid::{split_origins, AvoidPatches};

/// Receives (strips done, strips in all), from any thread.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// GDAL's block cache during a run, bytes, unless `GDAL_CACHEMAX` is set.
pub const GDAL_CACHE_BYTES: i64 = 256 << 20;

/// The output folder: a folder, or a name in an existing folder; its
/// subfolders, when they exist, are folders.
fn check_output(settings: &Settings, out: &Path) -> Result<(), TripletsError> {
    let err = |path: &Path, why: &str| TripletsError::OutputFolder {
        path: path.to_path_buf(),
        why: why.to_string(),
    };
    if out.exists() {
        if !out.is_dir() {
            return Err(err(out, "is not a folder"));
        }
        for kind in FileKind::ALL {
            let sub = folder(settings, out, kind);
            if sub.exists() && !sub.is_dir() {
                return Err(err(&sub, "is not a folder"));
            }
        }
        return Ok(());
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        return Err(err(out, "the folder that should hold it does not exist"));
    }
    Ok(())
}

/// The files of `tile` in the output's four folders, by patch.
fn existing_files(settings: &Settings, out: &Path) -> BTreeMap<(u32, u32), Vec<PathBuf>> {
    let mut files: BTreeMap<(u32, u32), Vec<PathBuf>> = BTreeMap::new();
    for kind in FileKind::ALL {
        let Ok(entries) = std::fs::read_dir(folder(settings, out, kind)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(key) = NameParts::split(&name).and_then(|p| p.patch()) else {
                continue;
            };
            if key.tile == settings.tile {
                files.entry((key.x, key.y)).or_default().push(e.path());
            }
        }
    }
    for list in files.values_mut() {
        list.sort();
    }
    files
}

/// Bytes a strip holds at most: per pixel of its 256 rows, the masks and
/// flags (6 bytes), a 10 m band (2) and the Sentinel-1 pair (8); the 20 m
/// window; the stacks of one date for every patch of the row.
fn strip_bytes(settings: &Settings, width: usize, patches: usize) -> u64 {
    let size = settings.patch_size as u64;
    let w = width as u64;
    let pixels = size * w;
    let coarse = (size / 2 + 4) * (w / 2 + 4) * 2;
    let stacks = patches as u64 * size * size * (2 * settings.bands.len() as u64 + 8);
    pixels * 16 + coarse + stacks
}

/// Runs `job`, skipping the patches that overlap `avoid` (patches of
/// other tiles, read by `footprints::existing_patches`); `progress`
/// receives the strips done.
pub fn run(
    job: &TripletsJob,
    avoid: Option<&AvoidPatches>,
    progress: Progress,
) -> Result<Summary, TripletsError> {
    let started = Instant::now();
    job.memory.apply();
    let config = TripletsConfig::from_option(job.config.as_deref())?;
    let profile = LoadedProfile::load_or_default(job.profile.as_deref())?;
    let settings = Settings::resolve(job, &config, &profile.profile)?;
    let mut grid = TileGrid::of(&settings).map_err(TripletsError::Tile)?;
    let out = &job.output;
    check_output(&settings, out)?;
    if let Some(report) = &job.report {
        crate::io::safety::atomic::check_writable([Some(report.as_path())]).map_err(|e| {
            TripletsError::Write {
                path: e.path,
                source: e.source,
            }
        })?;
    }
    let existing = existing_files(&settings, out);
    let mode = match (job.resume, job.force) {
        (true, _) => Mode::Resume,
        (_, true) => Mode::Force,
        _ => Mode::Fresh,
    };
    if mode == Mode::Fresh {
        if let Some(first) = existing.values().flatten().next() {
            return Err(TripletsError::Exists {
                path: first.clone(),
                tile: settings.tile.to_string(),
                others: existing.values().map(Vec::len).sum::<usize>() - 1,
            });
        }
    }
    crate::io::storage::vfs::configure();
    if std::env::var_os("GDAL_CACHEMAX").is_none() {
        // SAFETY: a plain setter of GDAL's global cache size.
        unsafe { gdal_sys::GDALSetCacheMax64(GDAL_CACHE_BYTES) };
    }
    let (gr, window) = inputs::ground_reference(&job.ground_reference, &settings, &mut grid)?;
    let inputs = inputs::scan(&job.s2, &job.s1, &settings, &mut grid)?;
    let scan_time = started.elapsed();

    let mut origins = origins_in(
        &window,
        settings.patch_size,
        settings.stride,
        settings.tile_size,
    );
    let considered = origins.len();
    let mut dropped: BTreeMap<PatchDrop, usize> = BTreeMap::new();
    let mut avoided_example = None;
    if let Some(avoid) = avoid {
        let split = split_origins(
            settings.tile,
            &origins,
            settings.patch_size as u32,
            &avoid.existing,
            &avoid.settings,
            &crate::io::formats::reproject::GdalReprojector,
        );
        origins = split.keep;
        if let Some(first) = split.skipped.first() {
            avoided_example = Some(format!(
                "{}_{}_{} overlaps {} by {:.0} m²",
                settings.tile, first.x, first.y, first.overlaps, first.area_m2
            ));
        }
        dropped.insert(PatchDrop::Avoided, split.skipped.len());
    }
    let strips = strips(&origins);
    let widest = strips
        .iter()
        .filter_map(|s| s.span(settings.patch_size))
        .map(|(_, w)| w)
        .max()
        .unwrap_or(0);
    let most = strips.iter().map(|s| s.xs.len()).max().unwrap_or(0);
    crate::io::safety::memory::check(
        &format!(
            "{} strips of {widest} × {} px in flight",
            rayon::current_num_threads(),
            settings.patch_size
        ),
        rayon::current_num_threads() as u64,
        strip_bytes(&settings, widest, most),
    )?;
    if job.publish_as_written {
        crate::io::safety::journal::publish_each_write().map_err(|source| {
            TripletsError::Write {
                path: out.clone(),
                source,
            }
        })?;
    }
    let folders = FileKind::ALL.map(|k| folder(&settings, out, k));
    for f in &folders {
        std::fs::create_dir_all(f).map_err(|source| TripletsError::Write {
            path: f.clone(),
            source,
        })?;
        crate::io::safety::atomic::sweep_stale(f);
    }
    // As `generalize --patches` writes them: no side-car, as published.
    let styling = Styling {
        symbology: Symbology::Classes(profile.class_entries()),
        aux_xml: false,
        description: crate::generalize::job::CLASS_BAND.to_string(),
        overviews: false,
        cog: false,
        qml: false,
    };
    let plan = Plan {
        settings: &settings,
        ulx: grid.ulx,
        uly: grid.uly,
        wkt: &grid.wkt,
        ground_reference: &gr,
        inputs: &inputs,
        folders,
        mode,
        existing: &existing,
        styling: &styling,
    };
    let done = AtomicUsize::new(0);
    progress(0, strips.len());
    let outcomes: Vec<Result<StripOutcome, TripletsError>> = strips
        .par_iter()
        .map(|strip| {
            let outcome = plan.run(strip);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, strips.len());
            outcome
        })
        .collect();
    let mut total = StripOutcome::default();
    for o in outcomes {
        total.add(o?);
    }
    for (k, v) in &total.dropped {
        *dropped.entry(*k).or_default() += v;
    }
    total.written.sort_by_key(|p| (p.y, p.x));
    let summary = summarize(
        &settings,
        &inputs,
        total,
        dropped,
        (considered, avoided_example),
        (scan_time, started),
    );
    if let Some(path) = &job.report {
        write_report(path, &summary)?;
    }
    Ok(summary)
}

fn sum(by_date: &super::strip::ByDate) -> super::strip::SensorCounts {
    let mut total = super::strip::SensorCounts::default();
    for c in by_date.values() {
        total.add(c);
    }
    total
}

fn summarize(
    settings: &Settings,
    inputs: &inputs::Inputs,
    total: StripOutcome,
    dropped: BTreeMap<PatchDrop, usize>,
    (considered, avoided_example): (usize, Option<String>),
    (scan_time, started): (std::time::Duration, Instant),
) -> Summary {
    let (s2_kept, s1_kept) = kept_dates(&total.written);
    let distinct = |dates: Vec<&str>| {
        dates
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    let s2_dates = distinct(
        inputs
            .s2
            .iter()
            .map(|i| i.date.as_str())
            .chain(inputs.s2_cloudy.iter().map(|d| d.date.as_str()))
            .collect(),
    );
    let s1_dates = distinct(inputs.s1.iter().map(|i| i.date.as_str()).collect());
    let mut summary = Summary {
        schema_version: 1,
        tile: settings.tile.to_string(),
        avoided_example,
        sentinel2: SensorSummary {
            acquisitions: inputs.s2.len() + inputs.s2_cloudy.len(),
            dates: s2_dates,
            cloudy_products: inputs.s2_cloudy.iter().map(CloudyProduct::from).collect(),
            dates_kept: s2_kept.len(),
            dates_dropped: s2_dates - s2_kept.len(),
            patch_dates: sum(&total.s2),
            by_date: total.s2.clone(),
        },
        sentinel1: SensorSummary {
            acquisitions: inputs.s1.len(),
            dates: s1_dates,
            cloudy_products: Vec::new(),
            dates_kept: s1_kept.len(),
            dates_dropped: s1_dates - s1_kept.len(),
            patch_dates: sum(&total.s1),
            by_date: total.s1.clone(),
        },
        files_written: total.files_written,
        files_kept: total.files_kept,
        files_removed: total.files_removed,
        ignored_inputs: inputs.ignored,
        max_cloud_cover: settings.max_cloud_cover,
        scan_time,
        ..Summary::default()
    };
    summary.patches.considered = considered;
    summary.patches.written = total.written.len();
    summary.patches.already_complete = total.already_complete;
    patch_drops(&mut summary.patches, &dropped);
    summary.written = total.written;
    summary.total_time = started.elapsed();
    summary
}

/// A progress bar of the strips on standard error, when `show` and on a
/// terminal (hidden otherwise).
pub fn progress_bar(show: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !show || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} triplets [{bar:40}] {pos}/{len} strips ({eta})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Writes the JSON report of `summary` to `path`, atomically.
pub fn write_report(path: &Path, summary: &Summary) -> Result<(), TripletsError> {
    crate::io::safety::atomic::write_bytes(path, summary.to_json().as_bytes()).map_err(|source| {
        TripletsError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}
