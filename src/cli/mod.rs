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

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use multisenge::report::color::ColorChoice;

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

/// The conventions every subcommand follows, in one place.
#[derive(Debug, Args)]
pub(crate) struct Ui {
    /// Colour: auto (when writing to a terminal, unless NO_COLOR is set or
    /// TERM=dumb), always or never.
    #[arg(long, value_enum, default_value_t, value_name = "WHEN", global = true)]
    color: ColorChoice,
    /// Print only the findings or results: no summary, notes or progress.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print what was read and how long each step took, on standard
    /// error.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// No progress bar (one is shown on long runs when standard error is a
    /// terminal).
    #[arg(long, global = true)]
    no_progress: bool,
}

impl Ui {
    pub fn progress(&self) -> bool {
        !self.no_progress && !self.quiet
    }

    /// Whether to colour what goes to `output` (`None` or `-`: standard
    /// output).
    pub fn color(&self, output: Option<&Path>) -> bool {
        self.color
            .enabled_here(is_stdout(output) && std::io::stdout().is_terminal())
    }
}

/// Whether `-o` names standard output: absent, or `-`.
pub(crate) fn is_stdout(output: Option<&Path>) -> bool {
    output.map_or(true, |p| p == Path::new("-"))
}

#[derive(Debug, Subcommand)]
enum Command {
    Validate(validate::ValidateArgs),
    Merge(validate::MergeArgs),
    Rules(rules::RulesArgs),
    Generalize(Box<generalize::GeneralizeArgs>),
    Compare(compare::CompareArgs),
    Stats(stats::StatsArgs),
    Select(select::SelectArgs),
    Footprints(footprints::FootprintsArgs),
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
    ExitCode::from(match cli.command {
        Command::Validate(args) => validate::run(args, ui),
        Command::Merge(args) => validate::merge(args, ui),
        Command::Rules(args) => rules::run(args),
        Command::Generalize(args) => generalize::run(*args, ui),
        Command::Compare(args) => compare::run(args, ui),
        Command::Stats(args) => stats::run(args, ui),
        Command::Select(args) => select::run(args),
        Command::Footprints(args) => footprints::run(args),
        Command::Algorithms(args) => algorithms::run(args),
        Command::Run(args) => run::run(args),
        Command::Completions(args) => manual::completions(args),
        Command::Man(args) => manual::man(args),
    })
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
            CliError::Write { .. } => true,
            _ => false,
        };
        if internal {
            EXIT_INTERNAL
        } else {
            EXIT_USAGE
        }
    }
}

/// The exit code of a subcommand's result; an error is printed after
/// `prefix` first.
pub(crate) fn report_failure(prefix: &str, result: Result<u8, CliError>) -> u8 {
    result.unwrap_or_else(|e| {
        eprintln!("{prefix}{e}");
        e.exit_code()
    })
}

/// Prints to standard output; a closed pipe (`| head`) ends the output
/// quietly instead of failing.
pub(crate) fn print_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

/// The profile given with `--profile`, or the bundled default.
pub(crate) fn load_profile(
    path: Option<&Path>,
) -> Result<multisenge::profile::LoadedProfile, CliError> {
    Ok(match path {
        Some(path) => multisenge::profile::LoadedProfile::load(path)?,
        None => multisenge::profile::LoadedProfile::default_profile(),
    })
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
        None => {
            print_stdout(text);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    /// Subcommands that are not jobs: the backend's own, and `merge` (a
    /// step of batch schedulers, after `validate --shard`).
    const NOT_JOBS: [&str; 5] = ["algorithms", "run", "completions", "man", "merge"];

    #[test]
    fn every_job_subcommand_is_listed_by_algorithms() {
        let listed = multisenge::backend::descriptors();
        let ids: Vec<&str> = listed["algorithms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap())
            .collect();
        let command = <super::Cli as clap::CommandFactory>::command();
        for sub in command.get_subcommands().map(|s| s.get_name()) {
            assert!(
                NOT_JOBS.contains(&sub) || ids.contains(&sub),
                "subcommand `{sub}` is not a job of `algorithms --json`: add it to \
                 multisenge::backend::JOBS (or to NOT_JOBS if it is not a job)"
            );
        }
    }
}
