//! `multisenge compare`: a generalized raster against its vector source.
//! Parses the options into a [`CompareJob`]; the work is
//! [`multisenge::compare::job::run`].

use std::path::PathBuf;

use clap::Args;

use multisenge::compare::job::{self, CompareJob};
use multisenge::generalize::config::GeneralizeConfig;

use super::{CliError, EXIT_OK};

/// Compare a generalized raster with its vector source.
///
/// Per-class areas, confusion matrix (vector classes by supersampling),
/// overall accuracy, kappa, per-class precision, recall, F1 and IoU,
/// weighted F1, and the polygons lost entirely. See docs/generalize.md.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Land-cover polygons (any OGR format, any declared CRS), mapped to
    /// classes with the generalization profile.
    #[arg(long, value_name = "FILE")]
    source: PathBuf,
    /// Generalized raster (band 1, class values); its grid and CRS are used.
    #[arg(long, value_name = "FILE")]
    raster: PathBuf,
    /// Generalization profile (TOML): mapping table and colours; or a
    /// bundled profile's name: `paper` (default), `ocsge-plus`.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Sub-pixels per pixel side used to find the vector class of each part
    /// of a pixel (N × N sub-pixels, each takes the class of the polygon
    /// containing its centre); at least 10.
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = clap::value_parser!(u16).range(10..=100))]
    supersample: u16,
    /// Report format.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write the polygons lost entirely (no sub-pixel of their class in the
    /// raster) as a GeoPackage layer `lost_polygons` (id, class).
    #[arg(long, value_name = "FILE")]
    lost: Option<PathBuf>,
    /// Write the disagreement raster: per pixel, the percentage (0–100) of
    /// its polygon-covered sub-pixels whose vector class differs from the
    /// pixel's value; 255 where no polygon covers it (nodata).
    #[arg(long, value_name = "FILE")]
    disagreement: Option<PathBuf>,
    /// Write a PNG quick-look (at most 2 048 px a side): the raster in the
    /// class colours, disagreeing pixels (≥ 50 %) in black, empty in white.
    #[arg(long, value_name = "FILE")]
    quicklook: Option<PathBuf>,
    /// Road and railway lines (as generalize's --roads): class 5 is judged
    /// against their buffers, read with the options below.
    #[arg(long, value_name = "FILE")]
    roads: Option<PathBuf>,
    #[command(flatten)]
    road_options: super::generalize::RoadArgs,
    /// Overwrite existing outputs.
    #[arg(long)]
    force: bool,
}

pub fn run(args: CompareArgs) -> u8 {
    super::report_failure("multisenge compare: ", run_inner(args))
}

fn run_inner(args: CompareArgs) -> Result<u8, CliError> {
    let config = GeneralizeConfig::from_option(args.config.as_deref())?;
    let job = CompareJob {
        source: args.source,
        raster: args.raster,
        supersample: usize::from(args.supersample),
        json: args.format == "json",
        output: args.output,
        lost: args.lost,
        disagreement: args.disagreement,
        quicklook: args.quicklook,
        force: args.force,
        roads: args.roads,
        road_options: args.road_options.into(),
    };
    let text = job::run(&job, &config, &mut |line| eprintln!("{line}"))?;
    super::emit(job.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}
