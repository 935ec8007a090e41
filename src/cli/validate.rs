//! `multisenge validate`: check a dataset and report.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use multisenge::engine::shard::{self, ShardSpec};
use multisenge::engine::{self, Options};
use multisenge::finding::Severity;
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
    /// Run only these rules: codes or prefixes, comma-separated (e.g. N,T003).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    select: Vec<String>,
    /// Do not run these rules: codes or prefixes, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    ignore: Vec<String>,
    /// Change a rule's severity: CODE=LEVEL with LEVEL error, warning or
    /// info; CODE may be a prefix. Repeatable.
    #[arg(long, value_name = "CODE=LEVEL")]
    severity: Vec<String>,
    /// Skip paths matching GLOB (relative to the dataset root, `*` matches
    /// any characters, `/` included), in addition to the profile's
    /// `[layout] exclude`. Repeatable. Default: none.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    #[command(flatten)]
    out: OutputArgs,
    /// A previous JSON report (--format json or --write-baseline): its
    /// findings are reported as known and do not count toward the exit code.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Also write this run's JSON report to FILE (atomically), to pass to
    /// --baseline later. The exit code is unchanged.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Run shard K of N (K/N, 0 <= K < N) or `auto` (from SLURM_ARRAY_TASK_ID,
    /// JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX) and write its
    /// partial report (JSON) for `multisenge merge`; see docs/scale.md.
    #[arg(long, value_name = "K/N|auto")]
    shard: Option<String>,
    /// Shard count for `--shard auto` when the environment has none
    /// (Kubernetes, AWS Batch), 1 to 1000000.
    #[arg(long, value_name = "N")]
    shard_count: Option<u32>,
}

/// Join the partial reports of `validate --shard` into the dataset's report,
/// identical to a single `validate` run.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Every shard's partial report.
    #[arg(required = true)]
    partials: Vec<PathBuf>,
    #[command(flatten)]
    out: OutputArgs,
}

/// How a report is rendered and where it goes (`validate`, `merge`).
#[derive(Debug, Args)]
pub struct OutputArgs {
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

pub fn run(args: ValidateArgs, ui: &Ui) -> u8 {
    super::report_failure("multisenge: ", run_inner(args, ui))
}

fn run_inner(args: ValidateArgs, ui: &Ui) -> Result<u8, CliError> {
    let mut profile = super::load_profile(args.profile.as_deref())?;
    profile
        .profile
        .layout
        .exclude
        .extend(args.exclude.iter().cloned());
    profile
        .rules
        .apply_command_line(&args.select, &args.ignore, &args.severity)?;
    let options = Options {
        labels_only: args.labels_only,
        progress: ui.progress(),
        ..Options::default()
    };
    if let Some(spec) = &args.shard {
        let spec = ShardSpec::resolve(spec, args.shard_count, |v| std::env::var(v).ok())?;
        let partial = engine::validate_shard(&args.dataset, &profile, &options, spec)?;
        super::emit(args.out.output.as_deref(), &partial.to_json())?;
        return Ok(EXIT_OK);
    }
    let known = args.baseline.as_deref().map(Baseline::load).transpose()?;
    let mut report = engine::validate(&args.dataset, &profile, &options)?;
    if let Some(known) = &known {
        baseline::apply(&mut report, known);
    }
    if let Some(path) = &args.write_baseline {
        super::emit(Some(path), &report::json::render(&report))?;
    }
    finish(&report, args.out, ui)
}

pub fn merge(args: MergeArgs, ui: &Ui) -> u8 {
    let report = shard::merge_files(&args.partials).map_err(CliError::from);
    super::report_failure(
        "multisenge: ",
        report.and_then(|r| finish(&r, args.out, ui)),
    )
}

/// Renders and writes `report`; the exit code of its findings.
fn finish(report: &engine::Report, args: OutputArgs, ui: &Ui) -> Result<u8, CliError> {
    if ui.verbose {
        eprint!("{}", report::text::verbose(report));
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
    let rendered = report::render(report, format, &render)?;
    super::emit(args.output.as_deref(), &rendered)?;
    Ok(match fail_level {
        Some(level) if report.fails_at(level) => EXIT_FINDINGS,
        _ => EXIT_OK,
    })
}
