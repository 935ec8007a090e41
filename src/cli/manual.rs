//! `multisenge completions SHELL` and `multisenge man DIR`: shell
//! completions and man pages generated from the argument definitions.

use std::path::PathBuf;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, EXIT_INTERNAL, EXIT_OK};

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

pub fn completions(args: CompletionsArgs) -> u8 {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "multisenge", &mut out);
    let printed = super::print_stdout(&String::from_utf8_lossy(&out));
    super::report_failure("multisenge: ", printed.map(|()| EXIT_OK))
}

pub fn man(args: ManArgs) -> u8 {
    let mut cmd = Cli::command();
    cmd.build();
    let mut pages = vec![("multisenge".to_string(), cmd.clone())];
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let page = sub.clone().version(env!("CARGO_PKG_VERSION"));
        pages.push((format!("multisenge-{}", sub.get_name()), page));
    }
    let written = std::fs::create_dir_all(&args.dir).and_then(|()| {
        for (name, page) in pages {
            let mut roff = Vec::new();
            clap_mangen::Man::new(page)
                .title(name.to_uppercase())
                .render(&mut roff)?;
            multisenge::io::atomic::write_bytes(&args.dir.join(format!("{name}.1")), &roff)?;
        }
        Ok(())
    });
    match written {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("multisenge man: {}: {e}", args.dir.display());
            EXIT_INTERNAL
        }
    }
}
