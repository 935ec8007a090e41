//! Command-line interface: argument parsing and exit codes only; the work is
//! done by the library.

mod algorithms;
mod compare;
mod footprints;
mod generalize;
mod manual;
mod rules;
mod run;
mod select;
mod stats;
mod validate;

use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub(crate) use multisenge::report::color::{is_stdout, Ui};

/// Nothing at or above the failure level.
pub const EXIT_OK: u8 = 0;
/// Findings at or above the failure level.
pub const EXIT_FINDINGS: u8 = 1;
/// Usage or configuration error.
pub const EXIT_USAGE: u8 = 2;
/// Internal error.
pub const EXIT_INTERNAL: u8 = 3;

/// Validate, generalize and compare MultiSenGE-style geospatial datasets.
///
/// Exit codes: 0 no finding at or above the failure level, 1 findings,
/// 2 usage or configuration error, 3 internal error.
#[derive(Debug, Parser)]
#[command(name = "multisenge", version, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    ui: Ui,
}

#[derive(Debug, Subcommand)]
enum Command {
    Validate(validate::ValidateArgs),
    Merge(validate::MergeArgs),
    List(multisenge::io::listing::ListArgs),
    Rules(rules::RulesArgs),
    Generalize(Box<generalize::GeneralizeArgs>),
    Compare(compare::CompareArgs),
    Stats(stats::StatsArgs),
    Select(select::SelectArgs),
    Footprints(footprints::FootprintsArgs),
    #[command(flatten)]
    Publish(multisenge::publish::PublishCommand),
    Algorithms(algorithms::AlgorithmsArgs),
    Run(run::RunArgs),
    Completions(manual::CompletionsArgs),
    Man(manual::ManArgs),
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { EXIT_OK });
        }
    };
    let ui = &cli.ui;
    if !matches!(cli.command, Command::Run(_)) {
        // `run` installs its own, which also removes the job's outputs.
        let _ = multisenge::backend::cancel::exit_on_signal(&[], || {});
    }
    let (prefix, result) = match cli.command {
        Command::Validate(args) => ("multisenge: ", validate::run(args, ui)),
        Command::Merge(args) => ("multisenge: ", validate::merge(args, ui)),
        Command::List(a) => ("multisenge: ", a.run().map(|_| EXIT_OK).map_err(Into::into)),
        Command::Rules(args) => ("multisenge: ", rules::run(args)),
        Command::Generalize(args) => ("multisenge generalize: ", generalize::run(*args, ui)),
        Command::Compare(args) => ("multisenge compare: ", compare::run(args, ui)),
        Command::Stats(args) => ("multisenge: ", stats::run(args, ui)),
        Command::Select(args) => ("multisenge: ", select::run(args)),
        Command::Footprints(args) => ("multisenge: ", footprints::run(args, ui)),
        Command::Publish(c) => ("", Ok(c.run(ui.progress(), ui.quiet))),
        Command::Algorithms(args) => ("multisenge: ", algorithms::run(args)),
        Command::Run(args) => ("", Ok(run::run(args))),
        Command::Completions(args) => ("multisenge: ", manual::completions(args)),
        Command::Man(args) => ("", Ok(manual::man(args))),
    };
    ExitCode::from(result.unwrap_or_else(|e| {
        eprintln!("{prefix}{e}");
        e.exit_code()
    }))
}

/// Why a subcommand failed: the library's error of each layer, each with
/// its way to an exit code (2 usage or configuration, 3 internal).
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    #[error(transparent)]
    Profile(#[from] multisenge::profile::ProfileError),
    #[error(transparent)]
    Select(#[from] multisenge::rules::select::SelectError),
    #[error(transparent)]
    UnknownRule(#[from] multisenge::rules::docs::UnknownRule),
    #[error(transparent)]
    Engine(#[from] multisenge::engine::EngineError),
    #[error(transparent)]
    Shard(#[from] multisenge::engine::shard::ShardError),
    #[error(transparent)]
    Listing(#[from] multisenge::io::listing::ListingError),
    #[error(transparent)]
    Selection(#[from] multisenge::select::SelectError),
    #[error(transparent)]
    Footprints(#[from] multisenge::footprints::ExportError),
    #[error(transparent)]
    Avoid(#[from] multisenge::footprints::AvoidError),
    #[error(transparent)]
    Baseline(#[from] multisenge::report::baseline::BaselineError),
    #[error(transparent)]
    Render(#[from] multisenge::report::RenderError),
    #[error(transparent)]
    Generalize(#[from] multisenge::generalize::job::JobError),
    #[error(transparent)]
    Compare(#[from] multisenge::compare::job::CompareError),
    #[error("--output -: a GeoTIFF cannot be written to standard output; give a file name")]
    StdoutRaster,
    #[error(transparent)]
    Unwritable(#[from] multisenge::io::atomic::Unwritable),
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
    #[error("cannot write to {}: {source}", path.display())]
    Write {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

impl CliError {
    fn exit_code(&self) -> u8 {
        let internal = match self {
            CliError::Generalize(e) => e.is_internal(),
            CliError::Compare(e) => e.is_internal(),
            CliError::Footprints(e) => e.is_internal(),
            CliError::Write { source, .. } => !matches!(
                source.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::InvalidInput
            ),
            CliError::Stdout(_) => true,
            _ => false,
        };
        if internal {
            EXIT_INTERNAL
        } else {
            EXIT_USAGE
        }
    }
}

/// Prints to standard output; a closed pipe (`| head`) ends the output
/// quietly, any other write error (full disk) is an error.
pub(crate) fn print_stdout(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Stdout(e)),
        _ => Ok(()),
    }
}

/// Writes a report to `--output FILE` (atomically) or to standard output.
pub(crate) fn emit(output: Option<&Path>, text: &str) -> Result<(), CliError> {
    match output.filter(|p| !is_stdout(Some(p))) {
        Some(path) => {
            multisenge::io::atomic::write_bytes(path, text.as_bytes()).map_err(|source| {
                CliError::Write {
                    path: path.to_path_buf(),
                    source,
                }
            })
        }
        None => print_stdout(text),
    }
}
