//! Command-line interface: argument parsing and exit codes only; the work is
//! done by the library.

mod rules;
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
    Stats(stats::StatsArgs),
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { EXIT_OK });
        }
    };
    let code = match cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Stats(args) => stats::run(args),
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

/// Writes `content` to `path` through a temporary file in the same folder
/// and a rename, so a reader never sees a half-written file.
pub(crate) fn write_atomically(path: &Path, content: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(content)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
