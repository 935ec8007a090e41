//! When output is coloured, and the other conventions terminal programs
//! share (`--color`, the `NO_COLOR` variable, `TERM=dumb`, `-q`, `-v`,
//! `--no-progress`, `-o -`).

use std::io::IsTerminal;
use std::path::Path;

/// `--color`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// When writing to a terminal, unless NO_COLOR is set (to anything
    /// non-empty) or TERM is `dumb`.
    #[default]
    Auto,
    /// Always, even into a file or a pipe.
    Always,
    /// Never.
    Never,
}

impl std::str::FromStr for ColorChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<ColorChoice, String> {
        match s {
            "auto" => Ok(ColorChoice::Auto),
            "always" => Ok(ColorChoice::Always),
            "never" => Ok(ColorChoice::Never),
            _ => Err(format!("`{s}`: expected auto, always or never")),
        }
    }
}

impl ColorChoice {
    /// Whether to colour output going to a terminal (`to_terminal`) or not,
    /// given the values of `NO_COLOR` and `TERM`.
    ///
    /// ```
    /// use multisenge::report::color::ColorChoice;
    /// assert!(ColorChoice::Auto.enabled(true, None, Some("xterm-256color")));
    /// assert!(!ColorChoice::Auto.enabled(true, Some("1"), Some("xterm")));
    /// assert!(!ColorChoice::Auto.enabled(true, None, Some("dumb")));
    /// assert!(!ColorChoice::Auto.enabled(false, None, Some("xterm")));
    /// assert!(ColorChoice::Always.enabled(false, Some("1"), Some("dumb")));
    /// ```
    pub fn enabled(self, to_terminal: bool, no_color: Option<&str>, term: Option<&str>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            // no-color.org: set and not empty disables colour.
            ColorChoice::Auto => {
                to_terminal && !no_color.is_some_and(|v| !v.is_empty()) && term != Some("dumb")
            }
        }
    }

    /// [`enabled`](Self::enabled) with this process's environment.
    pub fn enabled_here(self, to_terminal: bool) -> bool {
        let var = |name| std::env::var(name).ok();
        self.enabled(
            to_terminal,
            var("NO_COLOR").as_deref(),
            var("TERM").as_deref(),
        )
    }
}

/// The conventions every subcommand of the command line follows, in one
/// place (its options: [`crate::jobspec::global`]).
#[derive(Debug, Default)]
pub struct Ui {
    /// `--color`.
    pub color: ColorChoice,
    /// Print only the findings or results: no summary, notes or progress.
    pub quiet: bool,
    /// Also print what was read and how long each step took, on standard
    /// error.
    pub verbose: bool,
    /// No progress bar (one is shown on long runs when standard error is a
    /// terminal).
    pub no_progress: bool,
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
pub fn is_stdout(output: Option<&Path>) -> bool {
    output.map_or(true, |p| p == Path::new("-"))
}
