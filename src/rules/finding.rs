//! Findings: what a rule reports, with its severity and where it applies.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::PatchKey;
use crate::rules::Rule;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Where inside a file a finding applies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Location {
    /// A pixel window: column, row, width and height, in pixels.
    Window {
        col: u32,
        row: u32,
        width: u32,
        height: u32,
    },
    /// A polygon in the CRS given by `epsg` (rings of `[x, y]`).
    Polygon {
        epsg: u32,
        rings: Vec<Vec<[f64; 2]>>,
    },
    /// A position in a text file: line and column, both counted from 1.
    Text { line: u32, column: u32 },
}

impl Location {
    /// The location as a user reads it after a path, e.g. ` [columns
    /// 100–107, rows 30–34]` or ` [line 1, column 80]`; empty for polygons.
    pub fn describe(&self) -> String {
        match self {
            Location::Window {
                col,
                row,
                width,
                height,
            } => format!(
                " [columns {col}–{}, rows {row}–{}]",
                col + width.saturating_sub(1),
                row + height.saturating_sub(1)
            ),
            Location::Text { line, column } => format!(" [line {line}, column {column}]"),
            Location::Polygon { .. } => String::new(),
        }
    }
}

/// One finding of one rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub rule: Rule,
    /// Filled in by the engine from the rule's default and the profile.
    pub severity: Severity,
    pub message: String,
    /// Path relative to the dataset root, `/`-separated.
    pub path: Option<String>,
    pub patch: Option<PatchKey>,
    pub location: Option<Location>,
    /// Also in the baseline given with `--baseline`: reported, but not
    /// counted toward the exit code.
    pub known: bool,
}

impl Finding {
    /// The pixel window the finding points at, `[col, row, width, height]`.
    pub fn window(&self) -> Option<[u32; 4]> {
        match self.location {
            Some(Location::Window {
                col,
                row,
                width,
                height,
            }) => Some([col, row, width, height]),
            _ => None,
        }
    }

    pub fn new(rule: Rule, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: rule.meta().default_severity,
            message: message.into(),
            path: None,
            patch: None,
            location: None,
            known: false,
        }
    }

    pub fn path(mut self, path: impl Into<String>) -> Finding {
        self.path = Some(path.into());
        self
    }

    pub fn patch(mut self, patch: impl Into<Option<PatchKey>>) -> Finding {
        self.patch = patch.into();
        self
    }

    pub fn location(mut self, location: Location) -> Finding {
        self.location = Some(location);
        self
    }
}
