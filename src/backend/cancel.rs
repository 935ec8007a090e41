//! Cancellation of a running job: SIGTERM, SIGINT or SIGHUP (what a front
//! end sends when its user presses Cancel, Ctrl-C, a closed terminal)
//! stops the process at once and leaves nothing the run created.
//!
//! On the signal, a watcher thread
//! 1. cancels the run ([`crate::io::safety::journal::cancel`]): every
//!    temporary file and folder is removed, so are the folders the run
//!    created, and no output is renamed into place any more; since a run's
//!    outputs are only renamed into place once all of them are complete
//!    ([`crate::io::safety::journal::commit`]), nothing it wrote remains,
//!    and the files that existed before are as they were;
//! 2. calls `announce` with the signal's name (`run` prints
//!    `{"cancelled": true}`, the command line a sentence on standard
//!    error) and ends the process with [`EXIT_CANCELLED`].
//!
//! A signal that comes after the run committed its outputs (they are all
//! complete, the process is printing its last lines) ends the process as
//! the signal does by default, without claiming a cancellation.

/// Exit code of a cancelled job (128 + SIGINT, as shells report it).
pub const EXIT_CANCELLED: i32 = 130;

/// The signals that cancel a run.
pub const SIGNALS: [i32; 3] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGHUP,
];

/// A signal's name, for messages.
pub fn signal_name(signal: i32) -> &'static str {
    match signal {
        signal_hook::consts::SIGTERM => "SIGTERM",
        signal_hook::consts::SIGINT => "SIGINT",
        signal_hook::consts::SIGHUP => "SIGHUP",
        _ => "a signal",
    }
}

/// Installs the handling described above for the process's run.
pub fn exit_on_signal(announce: fn(&str)) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new(SIGNALS)?;
    // The watcher sleeps until a signal comes (no polling).
    std::thread::Builder::new()
        .name("cancel-watch".into())
        .spawn(move || {
            let Some(signal) = signals.forever().next() else {
                return;
            };
            match crate::io::safety::journal::cancel() {
                crate::io::safety::journal::Cancel::RolledBack(_) => {
                    announce(signal_name(signal));
                    std::process::exit(EXIT_CANCELLED);
                }
                crate::io::safety::journal::Cancel::TooLate => {
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            }
        })?;
    Ok(())
}

/// Begins the process's run (see [`crate::io::safety::journal`]: its
/// outputs renamed into place only once all are complete), keeps GDAL's
/// messages for the errors that quote them instead of printing raw
/// `ERROR n:` lines, and arms the cancellation: `run`'s last line is
/// `{"cancelled": true, "signal": NAME}` (`backend` true), the command
/// line's a sentence on standard error.
pub fn begin_run(backend: bool) -> std::io::Result<()> {
    crate::io::safety::journal::begin();
    crate::io::storage::http::collect_gdal_messages();
    let announce: fn(&str) = if backend {
        super::protocol::announce_cancel
    } else {
        |signal| {
            if crate::io::safety::journal::publishes_each_write() {
                eprintln!(
                    "multisenge: cancelled by {signal}; the files it had finished are kept, \
                     each whole, the others removed"
                )
            } else {
                eprintln!("multisenge: cancelled by {signal}; nothing this run wrote is left")
            }
        }
    };
    exit_on_signal(announce)
}
