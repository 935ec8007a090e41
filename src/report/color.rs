//! When output is coloured: the conventions terminal programs share
//! (`--color`, the `NO_COLOR` variable, `TERM=dumb`).

/// `--color`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
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
