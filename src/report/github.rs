//! GitHub Actions workflow commands: one annotation per finding, shown on
//! the pull request. Paths are the dataset root joined with the finding's
//! path, so run from the repository root with a relative dataset path.

use crate::engine::Report;
use crate::finding::Severity;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let file = match &f.path {
            Some(p) => format!(
                "file={},",
                property(&format!("{}/{p}", report.root.trim_end_matches('/')))
            ),
            None => String::new(),
        };
        let meta = f.rule.meta();
        out.push_str(&format!(
            "::{command} {file}title={}::{}\n",
            property(&format!("{} {}", meta.code, meta.name)),
            data(&f.message)
        ));
    }
    out
}

fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}
