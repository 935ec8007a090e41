//! `multisenge completions SHELL` and `multisenge man DIR`: shell
//! completions and man pages generated from the argument definitions.

use std::path::PathBuf;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, EXIT_OK};

/// Print a shell completion script.
///
/// bash: `multisenge completions bash > /etc/bash_completion.d/multisenge`;
/// zsh: into a folder of $fpath as `_multisenge`; fish:
/// `~/.config/fish/completions/multisenge.fish`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to complete for.
    #[arg(value_enum)]
    shell: Shell,
}

/// Write the man pages (roff): multisenge.1 and one per subcommand.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Folder to write into (created if needed); `man -l DIR/multisenge.1`
    /// reads a page.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
}

pub fn completions(args: CompletionsArgs) -> Result<u8, super::CliError> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "multisenge", &mut out);
    super::print_stdout(&String::from_utf8_lossy(&out))?;
    Ok(EXIT_OK)
}

pub fn man(args: ManArgs) -> Result<u8, super::CliError> {
    multisenge::report::manual::write_man_pages(Cli::command(), "multisenge", &args.dir).map_err(
        |source| super::CliError::Write {
            path: args.dir.clone(),
            source,
        },
    )?;
    Ok(EXIT_OK)
}
