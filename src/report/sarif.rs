//! SARIF 2.1.0, read by code-scanning dashboards: the enabled rules with
//! their documentation, and one result per finding. Paths are relative to
//! the dataset root, given as the `DATASET` base URI.

use serde_json::{json, Value};

use crate::engine::Report;
use crate::finding::Severity;
use crate::rules::Rule;

pub fn render(report: &Report) -> String {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|rule| {
            let m = rule.meta();
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": m.summary },
                "help": { "text": m.doc, "markdown": m.doc },
                "defaultConfiguration": { "level": level(m.default_severity) },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut result = json!({
                "ruleId": f.rule.code(),
                "ruleIndex": f.rule.index(),
                "level": level(f.severity),
                "message": { "text": f.message },
            });
            if let Some(path) = &f.path {
                result["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(path), "uriBaseId": "DATASET" }
                    }
                }]);
            }
            let mut properties = serde_json::Map::new();
            if let Some(k) = f.patch {
                properties.insert(
                    "patch".into(),
                    json!({ "tile": k.tile.as_str(), "x": k.x, "y": k.y }),
                );
            }
            if let Some([col, row, width, height]) = f.window() {
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
    let root = std::path::Path::new(&report.root);
    let root_uri = std::fs::canonicalize(root)
        .map(|p| format!("file://{}/", uri(&p.to_string_lossy())))
        .unwrap_or_else(|_| format!("{}/", uri(&report.root)));
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "multisenge",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "originalUriBaseIds": { "DATASET": { "uri": root_uri } },
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&sarif).unwrap_or_default() + "\n"
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes what may not appear in a URI path.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
