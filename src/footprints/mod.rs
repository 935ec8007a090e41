//! `multisenge footprints`: every patch of a dataset on a map, with what
//! its label file says and the patches it overlaps; and the patches that
//! `generalize --avoid` must not overlap. This layer sits above the engine
//! (it reads whole datasets); the geometry is in [`crate::spatial`].

use std::path::{Path, PathBuf};

use crate::engine::{self, EngineError, Options};
use crate::io::formats::footprint_layer::{self, Destination, FootprintLayerError};
use crate::profile::LoadedProfile;
use crate::rules::{Family, Rule};

use crate::spatial::avoid::AvoidPatches;
use crate::spatial::footprints::records;

/// What to export, and where: the options of `multisenge footprints`, parsed by [`crate::jobspec::footprints`].
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// Output file: .gpkg (GeoPackage) or .geojson/.json (GeoJSON); `-`
    /// for GeoJSON on standard output. Written atomically.
    pub destination: Destination,
    /// Target CRS (any definition GDAL accepts: EPSG:n, WKT, PROJ string).
    pub t_srs: String,
    /// Replace FILE if it exists.
    pub overwrite: bool,
    /// Use the label files and the tiling grid only, even if raster folders exist.
    pub labels_only: bool,
    pub listing: crate::io::storage::listing::ListingOptions,
    /// A progress bar on long runs (the command line's `--no-progress`).
    pub progress: bool,
}

/// What was written.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportSummary {
    pub patches: usize,
    /// Pairs of patches that overlap by more than the profile's tolerance.
    pub overlapping_pairs: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    Layer(#[from] FootprintLayerError),
}

impl ExportError {
    /// A failure of the program or the system rather than of the input
    /// (an unreadable dataset, an existing output or a bad CRS).
    pub fn is_internal(&self) -> bool {
        !matches!(
            self,
            ExportError::Engine(_)
                | ExportError::Layer(
                    FootprintLayerError::Exists(_)
                        | FootprintLayerError::UnknownFormat(_)
                        | FootprintLayerError::BadCrs { .. }
                )
        )
    }
}

/// Reads the dataset at `root` to place its patches: only the rules that
/// decide which names are patches run (layout, naming, label files) and the
/// spatial ones; rasters are opened for their headers only.
pub fn place_dataset(
    root: &Path,
    profile: &LoadedProfile,
    options: &Options,
) -> Result<engine::Run, EngineError> {
    place_dataset_with_progress(root, profile, options, None)
}

/// [`place_dataset`], handing the percentage done to `hook`.
pub fn place_dataset_with_progress(
    root: &Path,
    profile: &LoadedProfile,
    options: &Options,
    hook: Option<engine::ProgressHook>,
) -> Result<engine::Run, EngineError> {
    let mut profile = profile.clone();
    let skipped: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|r| {
            !matches!(
                r.meta().family,
                Family::Layout | Family::Naming | Family::Labels | Family::Spatial
            )
        })
        .collect();
    profile.rules.ignore(&skipped);
    engine::run_with_progress(root, &profile, options, hook)
}

/// Places every patch of the dataset at `root` (footprints from the
/// reference rasters, or from the tiling grid in labels-only mode), finds
/// the overlaps and writes the layer (see [`place_dataset`]).
pub fn export_footprints(
    root: &Path,
    profile: &LoadedProfile,
    options: &ExportOptions,
) -> Result<ExportSummary, ExportError> {
    // Fail on a bad CRS or an existing output before reading the dataset.
    let srs = footprint_layer::target_srs(&options.t_srs)?;
    footprint_layer::check_destination(&options.destination, options.overwrite)?;
    let engine_options = Options {
        labels_only: options.labels_only,
        progress: options.progress,
        listing: options.listing.path.clone(),
        ..Options::default()
    };
    let run = place_dataset(root, profile, &engine_options)?;
    let records = records(&run.index, &run.placed, &run.overlaps);
    footprint_layer::write_footprints(&options.destination, &srs, &records, options.overwrite)?;
    Ok(ExportSummary {
        patches: records.len(),
        overlapping_pairs: run.overlaps.len(),
    })
}

/// Why the patches to avoid could not be read.
#[derive(Debug, thiserror::Error)]
pub enum AvoidError {
    #[error("--avoid {}: not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("--avoid needs --patches DIR")]
    NeedsPatches,
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// The patches already in `target` (when it exists) and in each of `avoid`
/// (datasets or label folders, which must exist), placed with the default
/// validation profile, whose `[spatial]` tolerance applies.
pub fn existing_patches(target: &Path, avoid: &[PathBuf]) -> Result<AvoidPatches, AvoidError> {
    if let Some(missing) = avoid.iter().find(|a| !a.is_dir()) {
        return Err(AvoidError::NotAFolder(missing.clone()));
    }
    let profile = LoadedProfile::default_profile();
    let mut existing = Vec::new();
    let roots = std::iter::once(target).chain(avoid.iter().map(PathBuf::as_path));
    for (i, root) in roots.enumerate() {
        // The target folder may not exist yet; --avoid folders must.
        if i == 0 && !crate::io::storage::vfs::is_dir(root) {
            continue;
        }
        existing.extend(place_dataset(root, &profile, &Options::default())?.placed);
    }
    Ok(AvoidPatches {
        existing,
        settings: profile.profile.spatial.overlap_settings(),
    })
}
