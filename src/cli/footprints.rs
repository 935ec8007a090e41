//! `multisenge footprints`: the dataset's patches as a map layer.

use std::path::PathBuf;

use clap::Args;

use multisenge::footprints::{export_footprints, ExportOptions};
use multisenge::io::footprint_layer::Destination;

use super::{CliError, EXIT_OK};

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
    /// Dataset root, or a folder of label files.
    dataset: PathBuf,
    /// Output file: .gpkg (GeoPackage) or .geojson/.json (GeoJSON); `-`
    /// for GeoJSON on standard output. Written atomically.
    #[arg(long, short, value_name = "FILE")]
    output: PathBuf,
    /// Target CRS (any definition GDAL accepts: EPSG:n, WKT, PROJ string).
    #[arg(long, value_name = "CRS", default_value = "EPSG:4326")]
    t_srs: String,
    /// Replace FILE if it exists.
    #[arg(long)]
    force: bool,
    /// Use the label files and the tiling grid only, even if raster folders exist.
    #[arg(long)]
    labels_only: bool,
    /// Dataset profile (TOML). Default: the bundled validators/multisenge.toml.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
}

pub fn run(args: FootprintsArgs) -> u8 {
    super::report_failure("multisenge: ", run_inner(args))
}

fn run_inner(args: FootprintsArgs) -> Result<u8, CliError> {
    let profile = super::load_profile(args.profile.as_deref())?;
    let destination = if args.output.as_os_str() == "-" {
        Destination::Stdout
    } else {
        Destination::File(args.output.clone())
    };
    let options = ExportOptions {
        labels_only: args.labels_only,
        t_srs: args.t_srs,
        destination,
        overwrite: args.force,
        progress: true,
    };
    let summary = export_footprints(&args.dataset, &profile, &options)?;
    eprintln!(
        "multisenge: {} footprints, {} overlapping pairs, written to {}",
        summary.patches,
        summary.overlapping_pairs,
        args.output.display()
    );
    Ok(EXIT_OK)
}
