//! `multisenge stats`: release-note figures of a dataset.

use std::path::PathBuf;

use clap::Args;

use multisenge::engine::{self, Options};
use multisenge::report::stats;

use super::{Ui, EXIT_OK, EXIT_USAGE};

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
    /// Write to FILE (atomically) instead of standard output (`-`: standard
    /// output).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: StatsArgs, ui: &Ui) -> u8 {
    let profile = match super::load_profile(args.profile.as_deref()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let options = Options {
        labels_only: args.labels_only,
        progress: ui.progress(),
    };
    let report = match engine::validate(&args.dataset, &profile, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("multisenge: {e}");
            return EXIT_USAGE;
        }
    };
    if ui.verbose {
        eprint!("{}", multisenge::report::text::verbose(&report));
    }
    let rendered = if args.format == "json" {
        stats::json(&report, &profile)
    } else {
        stats::text(&report, &profile)
    };
    if let Err(code) = super::emit(args.output.as_deref(), &rendered) {
        return code;
    }
    EXIT_OK
}
