//! The options every subcommand takes: colour, quiet, verbose, progress.

use super::spec::{Flag, Param};
use super::types::{Choice, Type};
use super::value::Values;
use crate::report::color::{ColorChoice, Ui};

pub const PARAMS: [Param; 4] = [
    Param::cli(
        "COLOR",
        Type::Choice(Choice {
            names: &["auto", "always", "never"],
            helps: &[
                "When writing to a terminal, unless NO_COLOR is set (to anything non-empty) or \
                 TERM is `dumb`",
                "Always, even into a file or a pipe",
                "Never",
            ],
        }),
        Flag::long("color", "WHEN").global(),
    )
    .default("auto")
    .help(
        "Colour: auto (when writing to a terminal, unless NO_COLOR is set or TERM=dumb), always \
         or never",
    ),
    Param::cli(
        "QUIET",
        Type::Flag,
        Flag::long("quiet", "")
            .short('q')
            .global()
            .conflicts_with(&["VERBOSE"]),
    )
    .help("Print only the findings or results: no summary, notes or progress"),
    Param::cli(
        "VERBOSE",
        Type::Flag,
        Flag::long("verbose", "").short('v').global(),
    )
    .help("Also print what was read and how long each step took, on standard error"),
    Param::cli(
        "NO_PROGRESS",
        Type::Flag,
        Flag::long("no-progress", "").global(),
    )
    .help("No progress bar (one is shown on long runs when standard error is a terminal)"),
];

/// The conventions the options ask for.
pub fn ui(v: &Values) -> Ui {
    Ui {
        color: v
            .text("COLOR")
            .and_then(|c| c.parse().ok())
            .unwrap_or(ColorChoice::Auto),
        quiet: v.flag("QUIET"),
        verbose: v.flag("VERBOSE"),
        no_progress: v.flag("NO_PROGRESS"),
    }
}
