//! The text report: findings grouped by rule, then a summary (left out
//! with `quiet`). Colour only when asked (`--color`, `NO_COLOR`). Findings
//! known from the baseline end with `(known)`.

use std::fmt::Write;

use owo_colors::{OwoColorize, Style};

use crate::engine::Report;
use crate::finding::{Finding, Severity};

use super::RenderOptions;

/// `text` with control characters (newline, escape, …, as found in file
/// names) shown as escapes (`\n`, `\u{1b}`), so that one finding stays on
/// one line and a name cannot drive the terminal.
///
/// ```
/// use multisenge::report::text::visible;
/// assert_eq!(visible("a\nb\u{1b}[31m"), "a\\nb\\u{1b}[31m");
/// assert_eq!(visible("plain é"), "plain é");
/// ```
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

pub fn render(report: &Report, options: &RenderOptions) -> String {
    let color = options.color;
    let paint = |s: &str, style: Style| -> String {
        if color {
            s.style(style).to_string()
        } else {
            s.to_string()
        }
    };
    let severity_style = |s: Severity| match s {
        Severity::Error => Style::new().red().bold(),
        Severity::Warning => Style::new().yellow().bold(),
        Severity::Info => Style::new().cyan(),
    };
    let mut out = String::new();
    let mut groups: Vec<&[Finding]> = report
        .findings
        .chunk_by(|a, b| a.rule == b.rule && a.severity == b.severity)
        .collect();
    groups.sort_by_key(|g| (std::cmp::Reverse(g[0].severity), g[0].rule));
    for group in groups {
        let first = &group[0];
        let meta = first.rule.meta();
        let count = match group.len() {
            1 => "1 finding".to_string(),
            n => format!("{n} findings"),
        };
        let _ = writeln!(
            out,
            "{} {} {} ({count})",
            paint(meta.code, Style::new().bold()),
            paint(first.severity.as_str(), severity_style(first.severity)),
            meta.name,
        );
        for f in group {
            let _ = writeln!(
                out,
                "  {}: {}{}",
                paint(&visible(&super::place(f)), Style::new().dimmed()),
                visible(&f.message),
                if f.known {
                    paint(" (known)", Style::new().dimmed())
                } else {
                    String::new()
                }
            );
        }
        out.push('\n');
    }
    if options.quiet {
        return out;
    }
    let s = &report.summary;
    let files: Vec<String> = crate::model::FileKind::ALL
        .iter()
        .filter_map(|k| s.files.get(k.key()).map(|n| format!("{n} {}", k.key())))
        .collect();
    let _ = writeln!(
        out,
        "Checked {} patches ({} mode): {} files ({}{}), {} S2 and {} S1 files listed in label files.",
        s.patches,
        report.mode.as_str(),
        s.files.values().sum::<usize>() + s.other_files,
        if files.is_empty() { "none well-named".to_string() } else { files.join(", ") },
        if s.other_files > 0 { format!(", {} other", s.other_files) } else { String::new() },
        s.listed_s2,
        s.listed_s1,
    );
    for (kind, n) in s.undescribed.iter().filter(|(_, n)| **n > 0) {
        // R011 judges a Sentinel-1 file's polarisations, R010 the order of
        // the other kinds' bands.
        let what = if *kind == crate::model::FileKind::S1 {
            "polarisations are"
        } else {
            "band order is"
        };
        let _ = writeln!(
            out,
            "{n} {} file{} without band descriptions: {} {what} not checked.",
            kind.describe(),
            if *n == 1 { "" } else { "s" },
            if *n == 1 { "its" } else { "their" },
        );
    }
    if s.overlaps.pairs > 0 {
        let _ = writeln!(
            out,
            "{} of patches overlap (S001, S002): {} m² of ground counted twice.",
            if s.overlaps.pairs == 1 {
                "1 pair".to_string()
            } else {
                format!("{} pairs", s.overlaps.pairs)
            },
            crate::rules::spatial::area(s.overlaps.area_m2),
        );
    }
    let count = |sev| s.findings_by_severity.get(&sev).copied().unwrap_or(0);
    let plural = |n: usize, word: &str| {
        if n == 1 || word == "info" {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let line = format!(
        "{}, {}, {}.",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Info), "info"),
    );
    let style = if count(Severity::Error) > 0 {
        severity_style(Severity::Error)
    } else if count(Severity::Warning) > 0 {
        severity_style(Severity::Warning)
    } else {
        Style::new().green().bold()
    };
    let _ = writeln!(out, "{}", paint(&line, style));
    if let Some(b) = &report.baseline {
        let _ = writeln!(
            out,
            "Baseline {}: {} new, {} known (not counted toward the exit code), {} fixed.",
            b.file, b.new, b.known, b.absent
        );
    }
    out
}

/// What `-v` adds on standard error: what was read and how long each step
/// took.
pub fn verbose(report: &Report) -> String {
    let s = &report.summary;
    let mut out = format!(
        "dataset {} ({} mode), profile {}\n",
        report.root,
        report.mode.as_str(),
        report.profile
    );
    let files: Vec<String> = s.files.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let _ = writeln!(
        out,
        "read: {} patches; files {}, {} other; {} rules run, {} not run in this mode",
        s.patches,
        if files.is_empty() {
            "none well-named".to_string()
        } else {
            files.join(", ")
        },
        s.other_files,
        report.rules_run.len(),
        report.rules_not_run.len()
    );
    for (step, time) in &report.timings {
        let _ = writeln!(out, "{step:<12} {:>8.3} s", time.as_secs_f64());
    }
    out
}
