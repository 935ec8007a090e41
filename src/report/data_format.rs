//! The formats of the data outputs (`stats`, `select`): text for people,
//! JSON and CSV for programs.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataFormat {
    Text,
    Json,
    Csv,
}

impl DataFormat {
    pub const NAMES: [&'static str; 3] = ["text", "json", "csv"];
}

/// A format name that is not one of [`DataFormat::NAMES`].
#[derive(Debug, thiserror::Error)]
#[error("unknown format `{0}` (expected one of text, json, csv)")]
pub struct UnknownFormat(pub String);

impl FromStr for DataFormat {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<DataFormat, UnknownFormat> {
        match s {
            "text" => Ok(DataFormat::Text),
            "json" => Ok(DataFormat::Json),
            "csv" => Ok(DataFormat::Csv),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

impl fmt::Display for DataFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DataFormat::Text => "text",
            DataFormat::Json => "json",
            DataFormat::Csv => "csv",
        })
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break
/// (RFC 4180).
///
/// ```
/// use multisenge::report::data_format::csv_field;
/// assert_eq!(csv_field("31UER"), "31UER");
/// assert_eq!(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
/// ```
pub fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// `YYYYMMDD` as `YYYY-MM-DD`.
pub fn iso_date(yyyymmdd: u32) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        yyyymmdd / 10_000,
        yyyymmdd / 100 % 100,
        yyyymmdd % 100
    )
}

/// `YYYYMM` as `YYYY-MM`.
pub fn iso_month(yyyymm: u32) -> String {
    format!("{:04}-{:02}", yyyymm / 100, yyyymm % 100)
}
