//! Command-line interface: argument parsing and exit codes only; the work is
//! done by the library.

mod algorithms;
mod compare;
mod generalize;
mod rules;
mod run;
mod stats;
mod validate;

use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
}

#[derive(Debug, Subcommand)]
enum Command {
    Validate(validate::ValidateArgs),
    Rules(rules::RulesArgs),
    Generalize(Box<generalize::GeneralizeArgs>),
    Compare(compare::CompareArgs),
    Stats(stats::StatsArgs),
    Algorithms(algorithms::AlgorithmsArgs),
    Run(run::RunArgs),
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { EXIT_OK });
        }
    };
    ExitCode::from(execute(cli.command))
}

fn execute(command: Command) -> u8 {
    match command {
        Command::Validate(args) => validate::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Generalize(args) => generalize::run(*args),
        Command::Compare(args) => compare::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Algorithms(args) => algorithms::run(args),
        Command::Run(args) => run::run(args),
    }
}

/// Runs `multisenge ARGS...` in process, for jobs the library still
/// delegates to a subcommand (`multisenge::backend::adapter`).
pub(crate) fn run_args(args: &[String]) -> u8 {
    let argv = std::iter::once("multisenge".to_string()).chain(args.iter().cloned());
    match Cli::try_parse_from(argv) {
        Ok(cli) => execute(cli.command),
        Err(e) => {
            eprintln!("{e}");
            EXIT_USAGE
        }
    }
}

/// Prints to standard output; a closed pipe (`| head`) ends the output
/// quietly instead of failing.
pub(crate) fn print_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

/// The profile given with `--profile`, or the bundled default; a profile
/// error is printed and becomes exit code 2.
pub(crate) fn load_profile(path: Option<&Path>) -> Result<multisenge::profile::LoadedProfile, u8> {
    match path {
        Some(path) => multisenge::profile::LoadedProfile::load(path).map_err(|e| {
            eprintln!("multisenge: {e}");
            EXIT_USAGE
        }),
        None => Ok(multisenge::profile::LoadedProfile::default_profile()),
    }
}

/// Writes a report to `--output FILE` (atomically) or to standard output;
/// `Err` is the exit code when the file cannot be written.
pub(crate) fn emit(output: Option<&Path>, text: &str) -> Result<(), u8> {
    match output {
        Some(path) => multisenge::io::atomic::write_bytes(path, text.as_bytes()).map_err(|e| {
            eprintln!("multisenge: cannot write to {}: {e}", path.display());
            EXIT_INTERNAL
        }),
        None => {
            print_stdout(text);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    /// Subcommands that are not jobs: the backend's own.
    const NOT_JOBS: [&str; 3] = ["algorithms", "run", "completions"];

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
