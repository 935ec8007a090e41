//! `multisenge select`: patches chosen by temporal criteria.

use std::path::PathBuf;

use clap::Args;

use multisenge::model::calendar::{Month, Period};
use multisenge::report::data_format::DataFormat;
use multisenge::report::selection::{self, Listing};
use multisenge::select::{self as selecting, parse_number, Criteria};

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
    /// Dataset root, or a folder of label files.
    dataset: PathBuf,
    /// At least N Sentinel-2 dates [default: 0, no minimum].
    #[arg(long, value_name = "N", value_parser = parse_number, allow_negative_numbers = true)]
    min_s2_dates: Option<u32>,
    /// At least N Sentinel-1 dates [default: 0, no minimum].
    #[arg(long, value_name = "N", value_parser = parse_number, allow_negative_numbers = true)]
    min_s1_dates: Option<u32>,
    /// A period START-END (YYYYMMDD-YYYYMMDD, both days included) that must
    /// hold the per-period minimums; repeatable. Dates outside every period
    /// and month are not kept.
    #[arg(long, value_name = "START-END", value_parser = str::parse::<Period>)]
    period: Vec<Period>,
    /// At least N Sentinel-2 dates in each --period [default: 1].
    #[arg(long, value_name = "N", value_parser = parse_number, allow_negative_numbers = true)]
    min_s2_per_period: Option<u32>,
    /// At least N Sentinel-1 dates in each --period [default: 0].
    #[arg(long, value_name = "N", value_parser = parse_number, allow_negative_numbers = true)]
    min_s1_per_period: Option<u32>,
    /// A month (YYYYMM) that must hold the per-month minimums; repeatable.
    #[arg(long, value_name = "YYYYMM", value_parser = str::parse::<Month>)]
    month: Vec<Month>,
    /// At least N Sentinel-2 dates in each --month [default: 1].
    #[arg(long, value_name = "N", value_parser = parse_number, allow_negative_numbers = true)]
    min_s2_per_month: Option<u32>,
    /// At least N Sentinel-1 dates in each --month [default: 0].
    #[arg(long, value_name = "N", value_parser = parse_number, allow_negative_numbers = true)]
    min_s1_per_month: Option<u32>,
    /// Keep Sentinel-2 dates at least DAYS days apart, greedily from the
    /// earliest [default: 0, keep all].
    #[arg(long, value_name = "DAYS", value_parser = parse_number, allow_negative_numbers = true)]
    s2_min_gap: Option<u32>,
    /// Keep, for each kept Sentinel-2 date, only the nearest Sentinel-1 date
    /// (ties to the earlier) instead of all Sentinel-1 dates.
    #[arg(long)]
    s1_nearest: bool,
    /// With --s1-nearest: reject a patch whose nearest Sentinel-1 date is
    /// more than DAYS days from a kept Sentinel-2 date [default: no limit].
    #[arg(long, value_name = "DAYS", value_parser = parse_number, allow_negative_numbers = true)]
    s1_max_offset: Option<u32>,
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

pub fn run(args: SelectArgs) -> u8 {
    super::report_failure("multisenge: ", run_inner(args))
}

fn run_inner(args: SelectArgs) -> Result<u8, CliError> {
    let profile = super::load_profile(args.profile.as_deref())?;
    let (Ok(format), Ok(listing)) = (
        args.format.parse::<DataFormat>(),
        args.list.parse::<Listing>(),
    ) else {
        return Ok(EXIT_USAGE); // clap only lets the listed names through
    };
    let criteria = Criteria {
        min_s2_dates: args.min_s2_dates.unwrap_or(0),
        min_s1_dates: args.min_s1_dates.unwrap_or(0),
        periods: args.period,
        min_s2_per_period: args.min_s2_per_period,
        min_s1_per_period: args.min_s1_per_period,
        months: args.month,
        min_s2_per_month: args.min_s2_per_month,
        min_s1_per_month: args.min_s1_per_month,
        s2_min_gap_days: args.s2_min_gap.unwrap_or(0),
        s1_nearest: args.s1_nearest,
        s1_max_offset_days: args.s1_max_offset,
    };
    let chosen = selecting::run(&args.dataset, &profile, args.labels_only, criteria)?;
    super::emit(
        args.output.as_deref(),
        &selection::render(&chosen, format, listing),
    )?;
    for skipped in &chosen.skipped {
        eprintln!("multisenge: skipped {}: {}", skipped.path, skipped.reason);
    }
    eprintln!("multisenge: {}", selection::summary(&chosen));
    Ok(if chosen.skipped.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    })
}
