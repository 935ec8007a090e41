//! `multisenge validate`: check a dataset and report.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use multisenge::engine::{self, Options};
use multisenge::finding::Severity;
use multisenge::profile::Selection;
use multisenge::report::baseline::{self, Baseline};
use multisenge::report::{self, Format, RenderOptions};

use super::{CliError, Ui, EXIT_FINDINGS, EXIT_OK};

/// Check a dataset's integrity: layout, names, label files, triplets, rasters,
/// georeferencing, classes and minimum mapping unit.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Dataset root (with ground_reference/, s2/, s1/, labels/), or a folder
    /// of label files.
    dataset: PathBuf,
    /// Dataset profile (TOML). Default: the bundled validators/multisenge.toml.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// Check label files only, without rasters (automatic when only a
    /// labels folder or label files are present).
    #[arg(long)]
    labels_only: bool,
    #[command(flatten)]
    selection: Selection,
    /// Report format: text (grouped, for people), json (docs/report-format.md),
    /// junit, sarif, github (workflow annotations) or geojson (one feature per
    /// finding located on a patch, EPSG:4326, for QGIS).
    #[arg(long, default_value = "text", value_parser = Format::NAMES)]
    format: String,
    /// Write the report to FILE (atomically) instead of standard output
    /// (`-`: standard output).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// A previous JSON report (--format json or --write-baseline): its
    /// findings are reported as known and do not count toward the exit code.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Also write this run's JSON report to FILE (atomically), to pass to
    /// --baseline later. The exit code is unchanged.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// SARIF and GitHub paths relative to DIR. Default: the git work tree
    /// holding the dataset, or else the dataset root.
    #[arg(long, value_name = "DIR")]
    sarif_root: Option<PathBuf>,
    /// SARIF helpUri base: the URL of docs/rules.md, to which the rule's
    /// anchor is appended (#n003-invalid-date).
    #[arg(long, value_name = "URL", default_value = report::DEFAULT_DOCS_URL)]
    docs_url: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    /// Exit 0 whatever is found.
    Never,
}

pub fn run(args: ValidateArgs, ui: &Ui) -> Result<u8, CliError> {
    let mut profile = multisenge::profile::LoadedProfile::load_or_default(args.profile.as_deref())?;
    profile.apply(&args.selection)?;
    let options = Options {
        labels_only: args.labels_only,
        progress: ui.progress(),
        ..Options::default()
    };
    let known = args.baseline.as_deref().map(Baseline::load).transpose()?;
    let mut report = engine::validate(&args.dataset, &profile, &options)?;
    if let Some(known) = &known {
        baseline::apply(&mut report, known);
    }
    if ui.verbose {
        eprint!("{}", report::text::verbose(&report));
    }
    let fail_level = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let render = RenderOptions {
        color: ui.color(args.output.as_deref()),
        quiet: ui.quiet,
        fail_on: fail_level,
        sarif_root: args.sarif_root,
        docs_url: args.docs_url,
    };
    let format: Format = args.format.parse().unwrap_or(Format::Text);
    let rendered = report::render(&report, format, &render)?;
    if let Some(path) = &args.write_baseline {
        super::emit(Some(path), &report::json::render(&report))?;
    }
    super::emit(args.output.as_deref(), &rendered)?;
    Ok(match fail_level {
        Some(level) if report.fails_at(level) => EXIT_FINDINGS,
        _ => EXIT_OK,
    })
}
