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
use std::process::ExitCode;

use clap::{ArgMatches, Parser, Subcommand};

use multisenge::jobspec::{self, Values};
pub(crate) use multisenge::report::color::Ui;
pub(crate) use multisenge::report::emit::{emit, print_stdout};

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
        impl Job for $marker {
            const SPEC: &'static jobspec::JobSpec = &$spec;
        }
    )*};
}

/// A subcommand's job spec.
pub(crate) trait Job {
    const SPEC: &'static jobspec::JobSpec;
}

impl<S: Job> Args<S> {
    /// Runs the job once its inputs and outputs pass the gates
    /// ([`jobspec::gate`]).
    fn gated(self, job: impl FnOnce(&Values) -> Result<u8, CliError>) -> Result<u8, CliError> {
        jobspec::gate::check(S::SPEC, &self.0, jobspec::gate::cli_name)?;
        job(&self.0)
    }
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
        Command::Validate(a) => ("multisenge: ", a.gated(|v| validate::run(v, ui))),
        Command::Merge(a) => ("multisenge: ", a.gated(|v| validate::merge(v, ui))),
        Command::List(a) => ("multisenge: ", a.gated(validate::list)),
        Command::Rules(Args(v, _)) => ("multisenge: ", rules::run(&v)),
        Command::Generalize(a) => (
            "multisenge generalize: ",
            a.gated(|v| generalize::run(v, ui)),
        ),
        Command::Compare(a) => ("multisenge compare: ", a.gated(|v| compare::run(v, ui))),
        Command::Triplets(a) => ("multisenge triplets: ", a.gated(|v| triplets::run(v, ui))),
        Command::Stats(a) => ("multisenge: ", a.gated(|v| stats::run(v, ui))),
        Command::Select(a) => ("multisenge: ", a.gated(select::run)),
        Command::Footprints(a) => ("multisenge: ", a.gated(|v| footprints::run(v, ui))),
        Command::Report(a) => ("multisenge: ", a.gated(|v| publish::report(v, ui))),
        Command::Stac(a) => ("multisenge: ", a.gated(|v| publish::stac(v, ui))),
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
    #[error(transparent)]
    Emit(#[from] multisenge::report::emit::EmitError),
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
            CliError::Emit(e) => e.is_internal(),
            CliError::Commit(_) => true,
            _ => false,
        };
        if internal {
            EXIT_INTERNAL
        } else {
            EXIT_USAGE
        }
    }
}
