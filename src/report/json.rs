//! The JSON report, schema version 1, documented in `docs/report-format.md`.
//! Fields are only ever added within a schema version.

use serde_json::{json, Map, Value};

use crate::engine::Report;
use crate::finding::Finding;

/// Version of the JSON report schema.
pub const SCHEMA_VERSION: u32 = 1;

pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(&to_value(report)).unwrap_or_default();
    text.push('\n');
    text
}

pub fn to_value(report: &Report) -> Value {
    let s = &report.summary;
    let by_severity: Map<String, Value> = ["error", "warning", "info"]
        .iter()
        .map(|name| {
            let n = s
                .findings_by_severity
                .iter()
                .find(|(sev, _)| sev.as_str() == *name)
                .map_or(0, |(_, n)| *n);
            (name.to_string(), json!(n))
        })
        .collect();
    let mut files: Map<String, Value> = ["ground_reference", "s2", "s1", "labels"]
        .iter()
        .map(|k| (k.to_string(), json!(s.files.get(k).copied().unwrap_or(0))))
        .collect();
    files.insert("other".into(), json!(s.other_files));
    json!({
        "schema_version": SCHEMA_VERSION,
        "tool": { "name": "multisenge", "version": env!("CARGO_PKG_VERSION") },
        "root": report.root,
        "mode": report.mode.as_str(),
        "profile": report.profile,
        "findings": report.findings.iter().map(finding).collect::<Vec<_>>(),
        "summary": {
            "patches": s.patches,
            "files": files,
            "listed": { "s2": s.listed_s2, "s1": s.listed_s1 },
            "overlaps": {
                "pairs": s.overlaps.pairs,
                "area_m2": (s.overlaps.area_m2 * 100.0).round() / 100.0,
            },
            "findings": {
                "total": report.findings.len(),
                "by_severity": by_severity,
                "by_code": s.findings_by_code,
            },
        },
    })
}

fn finding(f: &Finding) -> Value {
    let meta = f.rule.meta();
    json!({
        "code": meta.code,
        "name": meta.name,
        "severity": f.severity,
        "message": f.message,
        "path": f.path,
        "patch": f.patch.map(|k| json!({ "tile": k.tile.as_str(), "x": k.x, "y": k.y })),
        "location": f.location,
    })
}
