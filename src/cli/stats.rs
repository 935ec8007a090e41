//! `multisenge stats`: release-note figures of a dataset.

use std::path::PathBuf;

use clap::Args;

use multisenge::dataset_stats;
use multisenge::report::data_format::DataFormat;
use multisenge::report::stats;

use super::{CliError, Ui, EXIT_OK, EXIT_USAGE};

/// Print release-note figures: patches, acquisition dates, class frequencies
///
/// Per tile and for all tiles: patches; distinct acquisition dates per
/// sensor and month, and apart the patch files listed for them; first and
/// last dates; class frequencies in patches (label files listing the class)
/// and, when rasters are present, in ground-reference pixels.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Dataset root, or a folder of label files: local, or /vsis3/BUCKET/PREFIX.
    dataset: PathBuf,
    /// Dataset profile (TOML). Default: the bundled validators/multisenge.toml.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    #[command(flatten)]
    options: dataset_stats::StatsOptions,
    /// Output format: text (release note), json (schema version 2) or csv
    /// (one long table: tile,sensor,month,class,measure,value).
    #[arg(long, default_value = "text", value_parser = DataFormat::NAMES)]
    format: String,
    /// Write to FILE (atomically: a temporary file renamed when complete)
    /// instead of standard output (`-`: standard output).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: StatsArgs, ui: &Ui) -> Result<u8, CliError> {
    let profile = multisenge::profile::LoadedProfile::load_or_default(args.profile.as_deref())?;
    let Ok(format) = args.format.parse::<DataFormat>() else {
        return Ok(EXIT_USAGE); // clap only lets the listed names through
    };
    let figures = dataset_stats::compute(&args.dataset, &profile, &args.options, ui.progress())?;
    super::emit(args.output.as_deref(), &stats::render(&figures, format))?;
    Ok(EXIT_OK)
}
