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
//! - `partialFingerprints` hold the finding's stable fingerprint, and with
//!   `--baseline` every result has a `baselineState` (`new`, `unchanged`).

use serde_json::{json, Value};

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
    let results: Vec<Value> = report
        .findings
        .iter()
        .zip(prints)
        .map(|(f, print)| {
            let mut region = json!({ "startLine": 1 });
            if let Some(Location::Text { line, column }) = f.location {
                region = json!({ "startLine": line, "startColumn": column });
            }
            let mut result = json!({
                "ruleId": f.rule.code(),
                "ruleIndex": f.rule.index(),
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": encode(&paths.relative(f.path.as_deref())),
                            "uriBaseId": base_id,
                        },
                        "region": region,
                    }
                }],
                "partialFingerprints": { fingerprint::SARIF_KEY: print },
            });
            if report.baseline.is_some() {
                result["baselineState"] = json!(if f.known { "unchanged" } else { "new" });
            }
            let mut properties = serde_json::Map::new();
            if let Some(k) = f.patch {
                properties.insert(
                    "patch".into(),
                    json!({ "tile": k.tile.as_str(), "x": k.x, "y": k.y }),
                );
            }
            if let Some(Location::Window {
                col,
                row,
                width,
                height,
            }) = &f.location
            {
                properties.insert(
                    "window".into(),
                    json!({ "col": col, "row": row, "width": width, "height": height }),
                );
            }
            if !properties.is_empty() {
                result["properties"] = Value::Object(properties);
            }
            result
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "multisenge",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "originalUriBaseIds": { base_id: { "uri": paths.root_uri } },
            "results": results,
        }],
    });
    Ok(serde_json::to_string_pretty(&sarif).unwrap_or_default() + "\n")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}
