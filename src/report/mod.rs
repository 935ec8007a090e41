//! Reports: a validation's findings and summary, in the formats people and
//! CI systems read.

pub mod baseline;
pub mod color;
pub mod data_format;
pub mod emit;
pub mod fields;
pub mod fingerprint;
pub mod geojson;
pub mod github;
pub mod json;
pub mod junit;
pub mod manual;
pub mod sarif;
pub mod selection;
pub mod stats;
pub mod text;
mod uri;

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use crate::engine::Report;
use crate::finding::{Finding, Severity};

/// Output formats of `validate --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Junit,
    Sarif,
    Github,
    Geojson,
}

impl Format {
    pub const NAMES: [&'static str; 6] = ["text", "json", "junit", "sarif", "github", "geojson"];
}

/// A report format name that is not one of [`Format::NAMES`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("unknown format `{0}` (expected one of text, json, junit, sarif, github, geojson)")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "junit" => Ok(Format::Junit),
            "sarif" => Ok(Format::Sarif),
            "github" => Ok(Format::Github),
            "geojson" => Ok(Format::Geojson),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Junit => "junit",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Geojson => "geojson",
        })
    }
}

/// Where the rules' documentation is published: `helpUri` of SARIF rules is
/// this URL followed by the rule's anchor (`#n003-invalid-date`).
pub const DEFAULT_DOCS_URL: &str =
    concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

/// How to render a report.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// Colour (text only).
    pub color: bool,
    /// Text: the findings only, no summary.
    pub quiet: bool,
    /// Lowest severity that fails the run (`--fail-on`); `None` never fails.
    /// JUnit test cases fail on the findings at or above it.
    pub fail_on: Option<Severity>,
    /// The folder SARIF and GitHub paths are relative to (`--sarif-root`);
    /// by default the git work tree holding the dataset, if any.
    pub sarif_root: Option<PathBuf>,
    /// Base URL of docs/rules.md for SARIF `helpUri`.
    pub docs_url: String,
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions {
            color: false,
            quiet: false,
            fail_on: Some(Severity::Error),
            sarif_root: None,
            docs_url: DEFAULT_DOCS_URL.to_string(),
        }
    }
}

/// How `validate` and `merge` report: the options they share (parsed by
/// [`crate::jobspec::validate`]).
#[derive(Clone, Debug)]
pub struct OutputOptions {
    /// Report format: text (grouped, for people), json (docs/report-format.md),
    /// junit, sarif, github (workflow annotations) or geojson (one feature per
    /// finding located on a patch, EPSG:4326, for QGIS).
    pub format: String,
    /// Write the report to FILE (atomically) instead of standard output
    /// (`-`: standard output).
    pub output: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1.
    pub fail_on: FailOn,
    /// SARIF and GitHub paths relative to DIR. Default: the git work tree
    /// holding the dataset, or else the dataset root.
    pub sarif_root: Option<PathBuf>,
    /// SARIF helpUri base: the URL of docs/rules.md, to which the rule's
    /// anchor is appended (#n003-invalid-date).
    pub docs_url: String,
}

/// `--fail-on`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Info,
    /// Exit 0 whatever is found.
    Never,
}

impl FromStr for FailOn {
    type Err = String;
    fn from_str(s: &str) -> Result<FailOn, String> {
        match s {
            "error" => Ok(FailOn::Error),
            "warning" => Ok(FailOn::Warning),
            "info" => Ok(FailOn::Info),
            "never" => Ok(FailOn::Never),
            _ => Err(format!("`{s}`: expected error, warning, info or never")),
        }
    }
}

impl FailOn {
    /// The lowest severity that fails the run; `None` for never.
    pub fn level(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// Why a report cannot be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("--sarif-root {root}: the dataset {dataset} is not inside this folder")]
    DatasetOutsideRoot { root: String, dataset: String },
    #[error("--sarif-root {root}: not a folder")]
    RootNotAFolder { root: String },
    #[error(
        "--docs-url `{url}`: expected an absolute URL such as https://example.org/docs/rules.md"
    )]
    DocsUrl { url: String },
}

/// Renders `report` in `format`.
pub fn render(
    report: &Report,
    format: Format,
    options: &RenderOptions,
) -> Result<String, RenderError> {
    Ok(match format {
        Format::Text => text::render(report, options),
        Format::Json => json::render(report),
        Format::Junit => junit::render(report, options),
        Format::Sarif => sarif::render(report, options)?,
        Format::Github => github::render(report, options)?,
        Format::Geojson => geojson::render(report),
    })
}

/// Whether a finding fails the run: at or above `fail_on` and not known
/// from the baseline.
fn fails(f: &Finding, fail_on: Option<Severity>) -> bool {
    !f.known && fail_on.is_some_and(|level| f.severity >= level)
}

/// Where a finding is, as a user reads it: the path (or the patch) and the
/// location inside the file.
fn place(f: &Finding) -> String {
    let mut place = match (&f.path, &f.patch) {
        (Some(p), _) => p.clone(),
        (None, Some(k)) => k.to_string(),
        (None, None) => ".".to_string(),
    };
    if let Some(location) = &f.location {
        place.push_str(&location.describe());
    }
    place
}
