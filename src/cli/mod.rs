//! Command-line interface: argument parsing and exit codes only; the work is
//! done by the library.

mod algorithms;
mod compare;
mod footprints;
mod generalize;
mod manual;
mod publish;
mod rules;
mod run;
mod select;
mod stats;
mod triplets;
mod validate;

use std::marker::PhantomData;
use std::path::Path;
use std::process::ExitCode;

use clap::{ArgMatches, Parser, Subcommand};

use multisenge::jobspec::{self, Values};
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
    ui: Args<Global>,
}

/// A subcommand's arguments, as its job spec declares them
/// ([`multisenge::jobspec`]): clap's arguments are derived from the spec,
/// and parsing gives the checked [`Values`].
#[derive(Debug)]
pub(crate) struct Args<S>(Values, PhantomData<S>);

/// Which spec a subcommand's [`Args`] follow.
pub(crate) trait Spec {
    fn augment(cmd: clap::Command) -> clap::Command;
    fn values(matches: &ArgMatches) -> Values;
}

macro_rules! specs {
    ($($marker:ident => $spec:path),* $(,)?) => {$(
        #[derive(Debug)]
        pub(crate) struct $marker;
        impl Spec for $marker {
            fn augment(cmd: clap::Command) -> clap::Command {
                jobspec::cli::augment(cmd, &$spec)
            }
            fn values(matches: &ArgMatches) -> Values {
                jobspec::cli::values(&$spec, matches)
            }
        }
    )*};
}

specs! {
    Validate => jobspec::validate::SPEC,
    Merge => jobspec::merge::SPEC,
    List => jobspec::list::SPEC,
    Rules => jobspec::rules::SPEC,
    Generalize => jobspec::generalize::SPEC,
    Compare => jobspec::compare::SPEC,
    Triplets => jobspec::triplets::SPEC,
    Stats => jobspec::stats::SPEC,
    Select => jobspec::select::SPEC,
    Footprints => jobspec::footprints::SPEC,
    Report => jobspec::report::SPEC,
    Stac => jobspec::stac::SPEC,
}

/// The options every subcommand takes.
#[derive(Debug)]
pub(crate) struct Global;

impl Spec for Global {
    fn augment(cmd: clap::Command) -> clap::Command {
        jobspec::cli::augment_params(cmd, &jobspec::global::PARAMS)
    }
    fn values(matches: &ArgMatches) -> Values {
        let mut values = Values::default();
        jobspec::cli::read(&jobspec::global::PARAMS, matches, &mut values);
        values
    }
}

impl<S: Spec> clap::FromArgMatches for Args<S> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        Ok(Args(S::values(matches), PhantomData))
    }
    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0 = S::values(matches);
        Ok(())
    }
}

impl<S: Spec> clap::Args for Args<S> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        S::augment(cmd)
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        S::augment(cmd)
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    Validate(Args<Validate>),
    Merge(Args<Merge>),
    List(Args<List>),
    Rules(Args<Rules>),
    Generalize(Args<Generalize>),
    Compare(Args<Compare>),
    Triplets(Args<Triplets>),
    Stats(Args<Stats>),
    Select(Args<Select>),
    Footprints(Args<Footprints>),
    Report(Args<Report>),
    Stac(Args<Stac>),
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
    let ui = &jobspec::global::ui(&cli.ui.0);
    // One run, all or nothing, cancelled by TERM, INT or HUP.
    use multisenge::io::safety::journal;
    if let Err(e) = multisenge::backend::cancel::begin_run(matches!(cli.command, Command::Run(_))) {
        eprintln!("multisenge: cannot watch for signals: {e}");
        return ExitCode::from(EXIT_INTERNAL);
    }
    let (prefix, result) = match cli.command {
        Command::Validate(Args(v, _)) => (
            "multisenge: ",
            gated(&jobspec::validate::SPEC, &v, |v| validate::run(v, ui)),
        ),
        Command::Merge(Args(v, _)) => (
            "multisenge: ",
            gated(&jobspec::merge::SPEC, &v, |v| validate::merge(v, ui)),
        ),
        Command::List(Args(v, _)) => (
            "multisenge: ",
            gated(&jobspec::list::SPEC, &v, validate::list),
        ),
        Command::Rules(Args(v, _)) => ("multisenge: ", rules::run(&v)),
        Command::Generalize(Args(v, _)) => (
            "multisenge generalize: ",
            gated(&jobspec::generalize::SPEC, &v, |v| generalize::run(v, ui)),
        ),
        Command::Compare(Args(v, _)) => (
            "multisenge compare: ",
            gated(&jobspec::compare::SPEC, &v, |v| compare::run(v, ui)),
        ),
        Command::Triplets(Args(v, _)) => (
            "multisenge triplets: ",
            gated(&jobspec::triplets::SPEC, &v, |v| triplets::run(v, ui)),
        ),
        Command::Stats(Args(v, _)) => (
            "multisenge: ",
            gated(&jobspec::stats::SPEC, &v, |v| stats::run(v, ui)),
        ),
        Command::Select(Args(v, _)) => (
            "multisenge: ",
            gated(&jobspec::select::SPEC, &v, select::run),
        ),
        Command::Footprints(Args(v, _)) => (
            "multisenge: ",
            gated(&jobspec::footprints::SPEC, &v, |v| footprints::run(v, ui)),
        ),
        Command::Report(Args(v, _)) => (
            "multisenge: ",
            gated(&jobspec::report::SPEC, &v, |v| publish::report(v, ui)),
        ),
        Command::Stac(Args(v, _)) => (
            "multisenge: ",
            gated(&jobspec::stac::SPEC, &v, |v| publish::stac(v, ui)),
        ),
        Command::Algorithms(args) => ("multisenge: ", algorithms::run(args)),
        Command::Run(args) => ("", Ok(run::run(args))),
        Command::Completions(args) => ("multisenge: ", manual::completions(args)),
        Command::Man(args) => ("multisenge man: ", manual::man(args)),
    };
    let result = result.and_then(|code| {
        journal::commit().map_err(CliError::Commit)?;
        Ok(code)
    });
    ExitCode::from(result.unwrap_or_else(|e| {
        // A failure the cancellation caused: the watcher reports it.
        journal::wait_if_cancelled();
        journal::rollback();
        eprintln!("{prefix}{e}");
        e.exit_code()
    }))
}

/// Runs a job once its inputs and outputs pass the gates
/// ([`jobspec::gate`]).
fn gated(
    spec: &jobspec::JobSpec,
    v: &Values,
    job: impl FnOnce(&Values) -> Result<u8, CliError>,
) -> Result<u8, CliError> {
    jobspec::gate::check(spec, v, jobspec::gate::cli_name)?;
    job(v)
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
    Listing(#[from] multisenge::io::storage::listing::ListingError),
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
    Generalize(#[from] multisenge::generalize::error::JobError),
    #[error(transparent)]
    Compare(#[from] multisenge::compare::job::CompareError),
    #[error(transparent)]
    Triplets(#[from] multisenge::triplets::TripletsError),
    #[error(transparent)]
    Publish(#[from] multisenge::publish::PublishError),
    #[error(transparent)]
    Param(#[from] multisenge::jobspec::ParamError),
    #[error(transparent)]
    Unwritable(#[from] multisenge::io::safety::atomic::Unwritable),
    #[error(transparent)]
    Gate(#[from] multisenge::io::safety::gate::GateError),
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
    #[error("{0}; nothing was written")]
    Commit(std::io::Error),
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
            CliError::Triplets(e) => e.is_internal(),
            CliError::Footprints(e) => e.is_internal(),
            CliError::Publish(e) => e.is_internal(),
            CliError::Write { source, .. } => !multisenge::io::safety::gate::is_user_error(source),
            // An output that cannot be written (a full disk, a full
            // standard output) is the system's, as for every subcommand.
            CliError::Listing(multisenge::io::storage::listing::ListingError::Write {
                source,
                ..
            }) => !multisenge::io::safety::gate::is_user_error(source),
            CliError::Stdout(_) | CliError::Commit(_) => true,
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
            multisenge::io::safety::atomic::write_bytes(path, text.as_bytes()).map_err(|source| {
                CliError::Write {
                    path: path.to_path_buf(),
                    source,
                }
            })
        }
        None => print_stdout(text),
    }
}
