//! `multisenge stats`: release-note figures of a dataset.

use std::path::PathBuf;

use clap::Args;

use multisenge::engine::{self, Options};
use multisenge::report::stats;

use super::{CliError, EXIT_OK};

/// Print release-note figures: patches per tile, acquisitions per month and
/// sensor, class frequencies.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Dataset root, or a folder of label files.
    dataset: PathBuf,
    /// Dataset profile (TOML). Default: the bundled validators/multisenge.toml.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// Use the label files only, even if raster folders exist.
    #[arg(long)]
    labels_only: bool,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: StatsArgs) -> u8 {
    super::report_failure("multisenge: ", run_inner(args))
}

fn run_inner(args: StatsArgs) -> Result<u8, CliError> {
    let profile = super::load_profile(args.profile.as_deref())?;
    let options = Options {
        labels_only: args.labels_only,
        progress: true,
    };
    let report = engine::validate(&args.dataset, &profile, &options)?;
    let rendered = if args.format == "json" {
        stats::json(&report, &profile)
    } else {
        stats::text(&report, &profile)
    };
    super::emit(args.output.as_deref(), &rendered)?;
    Ok(EXIT_OK)
}
