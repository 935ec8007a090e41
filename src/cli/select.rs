//! `multisenge select`: patches chosen by temporal criteria.

use std::path::PathBuf;

use clap::Args;

use multisenge::report::data_format::DataFormat;
use multisenge::report::selection::{self, Listing};
use multisenge::select::{self as selecting, Criteria};

use super::{CliError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

/// Choose patches by temporal criteria and list their ids or files
///
/// For a training pipeline; only the label files are read. Per patch: the dates inside the given periods and months (all dates when
/// none is given) are kept; Sentinel-2 dates are thinned to --s2-min-gap
/// days apart, greedily from the earliest; with --s1-nearest each kept
/// Sentinel-2 date is paired with the nearest Sentinel-1 date (ties to the
/// earlier). The criteria are then counted on the kept dates, so the output
/// satisfies them. Counts are distinct dates. Numbers are whole, 0 to
/// 100000. Exit code 1 when a label file could not be used (named on
/// standard error; the others are still selected).
#[derive(Debug, Args)]
pub struct SelectArgs {
    /// Dataset root, or a folder of label files: local, or /vsis3/BUCKET/PREFIX.
    dataset: PathBuf,
    #[command(flatten)]
    criteria: Criteria,
    /// What to list per patch: ids (patch ids and kept dates) or files (the
    /// label, ground reference and kept Sentinel files, as paths relative to
    /// the dataset root).
    #[arg(long, default_value = "ids", value_parser = Listing::NAMES)]
    list: String,
    /// Output format: text (one id per line, or a block per patch), json
    /// (schema version 1, with the criteria and the reasons for rejection)
    /// or csv.
    #[arg(long, default_value = "text", value_parser = DataFormat::NAMES)]
    format: String,
    /// Write to FILE (atomically: a temporary file renamed when complete)
    /// instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Read the labels folder even if raster folders exist (only label
    /// files are read in any case).
    #[arg(long)]
    labels_only: bool,
    /// Dataset profile (TOML), for folder names and the label-file size
    /// limit. Default: the bundled validators/multisenge.toml.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
}

pub fn run(args: SelectArgs) -> Result<u8, CliError> {
    let profile = multisenge::profile::LoadedProfile::load_or_default(args.profile.as_deref())?;
    let (Ok(format), Ok(listing)) = (
        args.format.parse::<DataFormat>(),
        args.list.parse::<Listing>(),
    ) else {
        return Ok(EXIT_USAGE); // clap only lets the listed names through
    };
    let chosen = selecting::run(&args.dataset, &profile, args.labels_only, args.criteria)?;
    let text = selection::render(&chosen, format, listing);
    super::emit(args.output.as_deref(), &text)?;
    for skipped in &chosen.skipped {
        eprintln!("multisenge: skipped {}: {}", skipped.path, skipped.reason);
    }
    eprintln!("multisenge: {}", selection::summary(&chosen));
    let failed = !chosen.skipped.is_empty();
    Ok(if failed { EXIT_FINDINGS } else { EXIT_OK })
}
