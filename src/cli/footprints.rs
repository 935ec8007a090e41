//! `multisenge footprints`: the dataset's patches as a map layer.

use std::path::PathBuf;

use clap::Args;

use multisenge::footprints::{export_footprints, ExportOptions};

use super::{CliError, Ui, EXIT_OK};

/// Write every patch footprint, with its overlaps, as a map layer
///
/// A GeoPackage or GeoJSON layer (by the output's extension) with, per
/// patch: tile, x, y, EPSG code, classes, number of Sentinel-2 and
/// Sentinel-1 dates, first and last date, and the ids of the patches it
/// overlaps.
///
/// Footprints come from each patch's reference raster (ground reference,
/// else first readable Sentinel file) when it is in its tile's UTM zone
/// with the profile's pixel size, else from the tiling grid (always in
/// labels-only mode). Overlaps are those of rules S001/S002 (the profile's
/// [spatial] overlap_tolerance, m²).
#[derive(Debug, Args)]
pub struct FootprintsArgs {
    /// Dataset root, or a folder of label files: local, or /vsis3/BUCKET/PREFIX.
    dataset: PathBuf,
    #[command(flatten)]
    options: ExportOptions,
    /// Dataset profile (TOML). Default: the bundled validators/multisenge.toml.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
}

pub fn run(args: FootprintsArgs, ui: &Ui) -> Result<u8, CliError> {
    let profile = multisenge::profile::LoadedProfile::load_or_default(args.profile.as_deref())?;
    let options = ExportOptions {
        progress: ui.progress(),
        ..args.options
    };
    let summary = export_footprints(&args.dataset, &profile, &options)?;
    if !ui.quiet {
        eprintln!(
            "multisenge: {} footprints, {} overlapping pairs, written to {}",
            summary.patches, summary.overlapping_pairs, options.destination
        );
    }
    Ok(EXIT_OK)
}
