//! `multisenge validate` and `multisenge merge`: check a dataset (whole, or
//! one shard of it) and report.

use std::path::PathBuf;

use clap::Args;

use multisenge::engine::{self, shard, shard::ShardOptions, Options};
use multisenge::profile::Selection;
use multisenge::report::baseline::{self, Baseline};
use multisenge::report::{self, Format, OutputOptions, RenderOptions};

use super::{CliError, Ui, EXIT_FINDINGS, EXIT_OK};

/// Check a dataset's integrity: layout, names, label files, triplets, rasters,
/// georeferencing, classes and minimum mapping unit.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Dataset root (with ground_reference/, s2/, s1/, labels/), or a folder
    /// of label files: local, or in object storage as /vsis3/BUCKET/PREFIX.
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
    #[command(flatten)]
    out: OutputOptions,
    /// A previous JSON report (--format json or --write-baseline): its
    /// findings are reported as known and do not count toward the exit code.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Also write this run's JSON report to FILE (atomically), to pass to
    /// --baseline later. The exit code is unchanged.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    #[command(flatten)]
    shard: ShardOptions,
    #[command(flatten)]
    memory: multisenge::io::safety::memory::MemoryOptions,
}

/// Join the partial reports of `validate --shard` into the dataset's report,
/// identical to a single `validate` run.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Every shard's partial report.
    #[arg(required = true)]
    partials: Vec<PathBuf>,
    #[command(flatten)]
    out: OutputOptions,
}

pub fn run(args: ValidateArgs, ui: &Ui) -> Result<u8, CliError> {
    let mut profile = multisenge::profile::LoadedProfile::load_or_default(args.profile.as_deref())?;
    profile.apply(&args.selection)?;
    args.memory.apply();
    let outputs = [args.out.output.as_deref(), args.write_baseline.as_deref()];
    multisenge::io::safety::atomic::check_writable(outputs)?;
    let options = Options {
        labels_only: args.labels_only,
        progress: ui.progress(),
        listing: args.shard.listing.path.clone(),
        ..Options::default()
    };
    if let Some(spec) = args.shard.spec()? {
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

pub fn merge(args: MergeArgs, ui: &Ui) -> Result<u8, CliError> {
    finish(&shard::merge_files(&args.partials)?, args.out, ui)
}

fn finish(report: &engine::Report, out: OutputOptions, ui: &Ui) -> Result<u8, CliError> {
    if ui.verbose {
        eprint!("{}", report::text::verbose(report));
    }
    let render = RenderOptions {
        color: ui.color(out.output.as_deref()),
        quiet: ui.quiet,
        fail_on: out.fail_on.level(),
        sarif_root: out.sarif_root,
        docs_url: out.docs_url,
    };
    let format = out.format.parse().unwrap_or(Format::Text);
    let text = report::render(report, format, &render)?;
    super::emit(out.output.as_deref(), &text)?;
    let failed = render.fail_on.is_some_and(|level| report.fails_at(level));
    Ok(if failed { EXIT_FINDINGS } else { EXIT_OK })
}
