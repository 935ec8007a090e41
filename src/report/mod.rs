//! Reports: a validation's findings and summary, in the formats people and
//! CI systems read.

pub mod data_format;
pub mod geojson;
pub mod github;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod selection;
pub mod stats;
pub mod text;

use std::fmt;
use std::str::FromStr;

use crate::engine::Report;

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

/// Renders `report` in `format`; `color` only affects text.
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Text => text::render(report, color),
        Format::Json => json::render(report),
        Format::Junit => junit::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
        Format::Geojson => geojson::render(report),
    }
}
