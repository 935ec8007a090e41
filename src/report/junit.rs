//! JUnit XML, as CI systems display test results: one test suite per rule
//! that has findings, one failing test case per finding. A run without
//! findings is one passing test case, so CI shows that the check ran.

use std::fmt::Write;

use crate::engine::Report;
use crate::finding::Finding;

pub fn render(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total = report.findings.len().max(1);
    let _ = writeln!(
        out,
        "<testsuites name=\"multisenge\" tests=\"{total}\" failures=\"{}\">",
        report.findings.len()
    );
    if report.findings.is_empty() {
        let _ = writeln!(
            out,
            "  <testsuite name=\"multisenge validate\" tests=\"1\" failures=\"0\">\n    \
             <testcase name=\"{}\" classname=\"multisenge\"/>\n  </testsuite>",
            xml(&report.root)
        );
    }
    for group in report.findings.chunk_by(|a, b| a.rule == b.rule) {
        let meta = group[0].rule.meta();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{} {}\" tests=\"{}\" failures=\"{}\">",
            meta.code,
            meta.name,
            group.len(),
            group.len()
        );
        for f in group {
            testcase(&mut out, f);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn testcase(out: &mut String, f: &Finding) {
    let place = f.path.clone().unwrap_or_else(|| ".".into());
    let _ = writeln!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\">\n      \
         <failure type=\"{}\" message=\"{}\">{}: {} {}</failure>\n    </testcase>",
        xml(&place),
        f.rule.code(),
        xml(&place),
        f.severity.as_str(),
        xml(&f.message),
        xml(&place),
        f.rule.code(),
        xml(&f.message)
    );
}

/// Escapes text for XML attributes and content.
pub(crate) fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}
