//! JUnit XML, as CI systems (Jenkins, GitLab, Azure DevOps) display test
//! results, valid against the Jenkins JUnit schema: one test suite per rule
//! family, one test case per enabled rule. A test case fails when its rule
//! found something at or above `--fail-on` that the baseline does not know;
//! its `<failure>` lists those findings. Other findings of the rule (below
//! the failure level, or known) are listed in the test case's
//! `<system-out>`. Enabled rules that did not run (raster rules in
//! labels-only mode) are skipped test cases.

use std::fmt::Write;

use crate::engine::Report;
use crate::finding::Finding;
use crate::rules::Rule;

use super::{fails, place, RenderOptions};

/// One test case: a rule, whether it ran, its findings that fail the run
/// and its other findings.
struct Case<'a> {
    rule: Rule,
    ran: bool,
    failing: Vec<&'a Finding>,
    other: Vec<&'a Finding>,
}

pub fn render(report: &Report, options: &RenderOptions) -> String {
    let mut rules: Vec<(Rule, bool)> = report.rules_run.iter().map(|r| (*r, true)).collect();
    rules.extend(report.rules_not_run.iter().map(|r| (*r, false)));
    rules.sort();
    let cases: Vec<Case> = rules
        .into_iter()
        .map(|(rule, ran)| {
            let (failing, other) = report
                .findings
                .iter()
                .filter(|f| f.rule == rule)
                .partition(|f| fails(f, options.fail_on));
            Case {
                rule,
                ran,
                failing,
                other,
            }
        })
        .collect();
    let failures = |cases: &[Case]| cases.iter().filter(|c| !c.failing.is_empty()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"multisenge validate {}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
        escape(&report.root, true),
        cases.len(),
        failures(&cases)
    );
    for suite in cases.chunk_by(|a, b| a.rule.meta().family == b.rule.meta().family) {
        let family = suite[0].rule.meta().family.name();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{family}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
            suite.len(),
            failures(suite),
            suite.iter().filter(|c| !c.ran).count()
        );
        for case in suite {
            testcase(&mut out, family, case);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn testcase(out: &mut String, family: &str, case: &Case) {
    let m = case.rule.meta();
    let _ = write!(
        out,
        "    <testcase name=\"{} {}\" classname=\"multisenge.{family}\"",
        m.code, m.name
    );
    if case.ran && case.failing.is_empty() && case.other.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    if !case.ran {
        out.push_str("      <skipped>not run: a labels-only run reads no raster</skipped>\n");
    }
    if let Some(first) = case.failing.first() {
        let message = match case.failing.len() {
            1 => first.message.clone(),
            n => format!("{n} findings; first: {}", first.message),
        };
        let _ = writeln!(
            out,
            "      <failure type=\"{}\" message=\"{}\">{}</failure>",
            first.severity.as_str(),
            escape(&message, true),
            escape(&lines(&case.failing), false)
        );
    }
    if !case.other.is_empty() {
        let _ = writeln!(
            out,
            "      <system-out>{}</system-out>",
            escape(&lines(&case.other), false)
        );
    }
    out.push_str("    </testcase>\n");
}

/// One line per finding: `severity path [location]: message`, and
/// `(known)` for findings of the baseline.
fn lines(findings: &[&Finding]) -> String {
    let mut text = String::new();
    for f in findings {
        let _ = writeln!(
            text,
            "{} {}: {}{}",
            f.severity.as_str(),
            place(f),
            f.message,
            if f.known { " (known)" } else { "" }
        );
    }
    text
}

/// Escapes text for XML content or (`attribute`) an attribute value.
/// Characters XML 1.0 cannot carry at all (control characters but tab, line
/// feed and carriage return) are written as visible `\u{1b}` escapes; in
/// attribute values, tab and line feed become character references so that
/// parsers keep them; a carriage return always does.
fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{fffe}' || c == '\u{ffff}' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn control_characters_are_escaped_visibly() {
        assert_eq!(escape("a\u{1b}[31m<b>", false), "a\\u{1b}[31m&lt;b&gt;");
        assert_eq!(escape("x\ty\nz\r", true), "x&#9;y&#10;z&#13;");
        assert_eq!(escape("x\ty\nz\r", false), "x\ty\nz&#13;");
        assert_eq!(escape("\u{0}\u{7f}", true), "\\u{0}\\u{7f}");
    }
}
