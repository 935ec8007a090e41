//! Command-line interface: argument parsing and exit codes only; the work is
//! done by the library.

mod compare;
mod generalize;
mod manual;
mod rules;
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
    Rules(rules::RulesArgs),
    Generalize(Box<generalize::GeneralizeArgs>),
    Compare(compare::CompareArgs),
    Stats(stats::StatsArgs),
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
    let code = match cli.command {
        Command::Validate(args) => validate::run(args, ui),
        Command::Rules(args) => rules::run(args),
        Command::Generalize(args) => generalize::run(*args, ui),
        Command::Compare(args) => compare::run(args, ui),
        Command::Stats(args) => stats::run(args, ui),
        Command::Completions(args) => manual::completions(args),
        Command::Man(args) => manual::man(args),
    };
    ExitCode::from(code)
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

/// Writes a report to `--output FILE` (atomically) or to standard output
/// (no `--output`, or `-`); `Err` is the exit code when the file cannot be
/// written.
pub(crate) fn emit(output: Option<&Path>, text: &str) -> Result<(), u8> {
    match output.filter(|p| !is_stdout(Some(p))) {
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
