//! SARIF 2.1.0, read by code-scanning dashboards (GitHub code scanning,
//! Azure DevOps): every rule with its documentation and one result per
//! finding, checked in the tests with the SARIF Multitool under GitHub's
//! upload policy.
//!
//! - URIs are relative to the repository root (`--sarif-root`, or the git
//!   work tree holding the dataset; base id `%SRCROOT%`), else to the
//!   dataset root (base id `DATASET`).
//! - Every result has a region: the line and column of a text position when
//!   the finding has one, line 1 otherwise (rasters are binary files; the
//!   pixel window is in the result's `properties.window`).
//! - A result's `properties` hold its patch, its window and the fields of
//!   its rule's record (`report::fields`; null fields left out).
//! - `partialFingerprints` hold the finding's stable fingerprint, and with
//!   `--baseline` every result has a `baselineState` (`new`, `unchanged`).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::engine::Report;
use crate::finding::{Location, Severity};
use crate::rules::{docs, Rule};

use super::uri::{encode, Paths};
use super::{fingerprint, RenderError, RenderOptions};

pub fn render(report: &Report, options: &RenderOptions) -> Result<String, RenderError> {
    let paths = Paths::resolve(report, options)?;
    let base_id = if paths.prefix.is_some() {
        "%SRCROOT%"
    } else {
        "DATASET"
    };
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|rule| {
            let m = rule.meta();
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": docs::section(m.doc, "Why it matters") },
                "helpUri": format!("{}#{}", options.docs_url, docs::anchor(m.code, m.name)),
                "help": { "text": docs::text(*rule), "markdown": docs::body(m.doc) },
                "defaultConfiguration": { "level": level(m.default_severity) },
                "properties": { "family": m.family.name() },
            })
        })
        .collect();
    let prints = fingerprint::all(&report.findings);
    let results: Vec<SarifResult> = report
        .findings
        .iter()
        .zip(prints)
        .map(|(f, print)| {
            let (start_line, start_column) = match f.location {
                Some(Location::Text { line, column }) => (line, Some(column)),
                _ => (1, None),
            };
            let mut properties = Map::new();
            if let Some(k) = f.patch {
                let patch = json!({ "tile": k.tile.as_str(), "x": k.x, "y": k.y });
                properties.insert("patch".into(), patch);
            }
            if let Some(Location::Window {
                col,
                row,
                width,
                height,
            }) = f.location
            {
                let window = json!({ "col": col, "row": row, "width": width, "height": height });
                properties.insert("window".into(), window);
            }
            properties.extend(super::fields::values(f));
            SarifResult {
                rule_id: f.rule.code(),
                rule_index: f.rule.index(),
                level: level(f.severity),
                message: Message { text: &f.message },
                locations: [ResultLocation {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: encode(&paths.relative(f.path.as_deref())),
                            uri_base_id: base_id,
                        },
                        region: Region {
                            start_line,
                            start_column,
                        },
                    },
                }],
                partial_fingerprints: [(fingerprint::SARIF_KEY, print)].into(),
                baseline_state: report.baseline.as_ref().map(|_| {
                    if f.known {
                        "unchanged"
                    } else {
                        "new"
                    }
                }),
                properties: (!properties.is_empty()).then_some(properties),
            }
        })
        .collect();
    let sarif = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: json!({ "driver": {
                "name": "multisenge",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }}),
            original_uri_base_ids: json!({ base_id: { "uri": paths.root_uri } }),
            results,
        }],
    };
    Ok(serde_json::to_string_pretty(&sarif).unwrap_or_default() + "\n")
}

// The log is written through these types rather than a `serde_json::Value`
// tree: 268 000 results took 2.6 GB as a tree (docs/performance.md).

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Value,
    original_uri_base_ids: Value,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Message<'a>,
    locations: [ResultLocation; 1],
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Map<String, Value>>,
}

#[derive(Serialize)]
struct Message<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}
