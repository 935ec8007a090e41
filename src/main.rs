//! The `multisenge` command: a thin layer over the library.

mod cli;

use std::process::ExitCode;

/// mimalloc rather than glibc's allocator: a million-file run allocates
/// and frees millions of small blocks, and glibc's consolidation of them
/// cost a tenth of a run's CPU (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Exit code 3 for anything unexpected, never a bare panic message.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("multisenge: internal error: {info}");
        eprintln!("This is a bug; please report it with the command that triggered it.");
    }));
    match std::panic::catch_unwind(cli::run) {
        Ok(code) => code,
        Err(_) => {
            // Nothing the run wrote is left (its temporaries, new folders).
            multisenge::io::safety::journal::rollback();
            ExitCode::from(cli::EXIT_INTERNAL)
        }
    }
}
