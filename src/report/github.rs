//! GitHub Actions workflow commands: one annotation per finding, shown on
//! the pull request and the run's summary. Paths are relative to the
//! repository root (`--sarif-root`, or the git work tree holding the
//! dataset), else the dataset root joined with the finding's path; `line`
//! and `col` where the finding has a text position; the pixel window in the
//! message. Findings known from the baseline are notices.

use crate::engine::Report;
use crate::finding::{Location, Severity};

use super::uri::Paths;
use super::{RenderError, RenderOptions};

pub fn render(report: &Report, options: &RenderOptions) -> Result<String, RenderError> {
    let paths = Paths::resolve(report, options)?;
    let mut out = String::new();
    for f in &report.findings {
        let command = match f.severity {
            _ if f.known => "notice",
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let path = match paths.prefix {
            Some(_) => paths.relative(f.path.as_deref()),
            None => {
                let root = report.root.trim_end_matches('/');
                f.path
                    .as_ref()
                    .map_or(root.to_string(), |p| format!("{root}/{p}"))
            }
        };
        let mut props = format!("file={}", property(&path));
        let mut message = f.message.clone();
        match &f.location {
            Some(Location::Text { line, column }) => {
                props.push_str(&format!(",line={line},col={column}"));
            }
            Some(location) => message.push_str(&location.describe()),
            None => {}
        }
        if f.known {
            message.push_str(" (known from the baseline)");
        }
        let meta = f.rule.meta();
        out.push_str(&format!(
            "::{command} {props},title={}::{}\n",
            property(&format!("{} {}", meta.code, meta.name)),
            data(&message)
        ));
    }
    Ok(out)
}

fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}
