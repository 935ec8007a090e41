//! The JSON report, schema version 1, documented in `docs/report-format.md`
//! and described by the JSON Schema `docs/report.schema.json`, which is
//! generated from the types below ([`schema`]). Fields are only ever added
//! within a schema version.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::engine::Report;
use crate::finding::{Finding, Location, Severity};
use crate::model::dataset::Mode;
use crate::rules::Rule;

use super::fingerprint;

/// Version of the JSON report schema.
pub const SCHEMA_VERSION: u32 = 1;

/// A validation report of multisenge (`multisenge validate --format json`).
#[derive(Serialize, JsonSchema)]
#[schemars(title = "multisenge validation report", rename = "Report")]
pub struct JsonReport<'a> {
    /// Version of this schema (1); fields are only added within a version.
    #[schemars(range(min = 1, max = 1))]
    pub schema_version: u32,
    pub tool: Tool,
    /// The dataset root as given on the command line.
    pub root: &'a str,
    /// `full` when rasters were expected, `labels-only` otherwise.
    pub mode: JsonMode,
    /// The profile used (a file path; `validators/multisenge.toml` for the
    /// bundled default).
    pub profile: &'a str,
    /// Every finding, by rule in the order of docs/rules.md, then path
    /// (findings without a path first), then message.
    pub findings: Vec<JsonFinding<'a>>,
    pub summary: JsonSummary<'a>,
}

/// The program that wrote the report.
#[derive(Serialize, JsonSchema)]
pub struct Tool {
    /// Always `multisenge`.
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Mode")]
#[serde(rename_all = "kebab-case")]
pub enum JsonMode {
    Full,
    LabelsOnly,
}

/// One finding of one rule.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Finding")]
pub struct JsonFinding<'a> {
    /// Stable rule code, e.g. `N003` (docs/rules.md).
    #[schemars(regex(pattern = r"^[A-Z][0-9]{3}$"))]
    pub code: &'static str,
    /// Stable rule name, e.g. `invalid-date`.
    pub name: &'static str,
    /// After the profile's and `--severity` overrides.
    pub severity: Severity,
    /// What is wrong and what was expected.
    pub message: &'a str,
    /// File or folder concerned, relative to `root`, `/`-separated.
    pub path: Option<&'a str>,
    /// The patch concerned, when the file name gives one.
    pub patch: Option<JsonPatch>,
    /// Where inside the file.
    pub location: Option<&'a Location>,
    /// The facts the rule found, as typed fields: the rule's record, from
    /// which `message` is rendered. Its fields depend on the rule (the
    /// schema gives each rule's record, by `code`; docs/rules.md lists
    /// them).
    pub data: serde_json::Value,
    /// Stable identity of the finding across runs (32 hexadecimal digits),
    /// the key of `--baseline`; equal to SARIF `partialFingerprints`.
    #[schemars(regex(pattern = r"^[0-9a-f]{32}$"))]
    pub fingerprint: String,
    /// Only with `--baseline`: `unchanged` when the baseline has the
    /// finding (it does not count toward the exit code), `new` otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_state: Option<BaselineState>,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BaselineState {
    New,
    Unchanged,
}

/// A patch: its Sentinel-2 tile and the pixel position of its top-left
/// corner in the tile.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Patch")]
pub struct JsonPatch {
    pub tile: String,
    pub x: u32,
    pub y: u32,
}

/// Counts.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Summary")]
pub struct JsonSummary<'a> {
    /// Distinct patches (tile, x, y) among well-named files on disk.
    pub patches: usize,
    /// Well-named files on disk by kind, and `other` files.
    pub files: Files,
    /// Names listed in the label files' `corresponding_s2` and
    /// `corresponding_s1`.
    pub listed: Listed,
    pub overlaps: Overlaps,
    /// Rasters whose bands have no description, by kind (`s2`...), for the
    /// kinds whose band descriptions a rule read (R010 for Sentinel-2):
    /// such files are not judged by it. Absent when none was read.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub without_band_descriptions: BTreeMap<&'static str, usize>,
    pub findings: FindingCounts,
    /// Only with `--baseline`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<JsonBaseline<'a>>,
}

#[derive(Serialize, JsonSchema)]
pub struct Files {
    pub ground_reference: usize,
    pub s2: usize,
    pub s1: usize,
    pub labels: usize,
    /// Files that follow no nomenclature or failed a naming rule.
    pub other: usize,
}

/// Pairs of patches reported as overlapping or duplicated (S001, S002).
#[derive(Serialize, JsonSchema)]
pub struct Overlaps {
    pub pairs: usize,
    /// Their total overlap area, m², in the profile's equal-area CRS
    /// (rounded to 0.01 m²).
    pub area_m2: f64,
}

#[derive(Serialize, JsonSchema)]
pub struct Listed {
    pub s2: usize,
    pub s1: usize,
}

#[derive(Serialize, JsonSchema)]
pub struct FindingCounts {
    pub total: usize,
    pub by_severity: BySeverity,
    /// Findings per rule code (codes without findings are left out).
    pub by_code: BTreeMap<&'static str, usize>,
}

#[derive(Serialize, JsonSchema)]
pub struct BySeverity {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

/// The comparison with the baseline.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Baseline")]
pub struct JsonBaseline<'a> {
    /// The baseline file as given.
    pub file: &'a str,
    /// Findings also in the baseline.
    pub known: usize,
    /// Findings not in the baseline: only these count toward the exit code.
    pub new: usize,
    /// Baseline findings no longer found.
    pub absent: usize,
}

pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(&build(report)).unwrap_or_default();
    text.push('\n');
    text
}

/// The report as the typed JSON document.
pub fn build(report: &Report) -> JsonReport<'_> {
    let s = &report.summary;
    let severity = |sev| s.findings_by_severity.get(&sev).copied().unwrap_or(0);
    let files = |k: &str| s.files.get(k).copied().unwrap_or(0);
    let prints = fingerprint::all(&report.findings);
    let with_baseline = report.baseline.is_some();
    JsonReport {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "multisenge",
            version: env!("CARGO_PKG_VERSION"),
        },
        root: &report.root,
        mode: match report.mode {
            Mode::Full => JsonMode::Full,
            Mode::LabelsOnly => JsonMode::LabelsOnly,
        },
        profile: &report.profile,
        findings: report
            .findings
            .iter()
            .zip(prints)
            .map(|(f, print)| finding(f, print, with_baseline))
            .collect(),
        summary: JsonSummary {
            patches: s.patches,
            files: Files {
                ground_reference: files("ground_reference"),
                s2: files("s2"),
                s1: files("s1"),
                labels: files("labels"),
                other: s.other_files,
            },
            listed: Listed {
                s2: s.listed_s2,
                s1: s.listed_s1,
            },
            overlaps: Overlaps {
                pairs: s.overlaps.pairs,
                area_m2: (s.overlaps.area_m2 * 100.0).round() / 100.0,
            },
            without_band_descriptions: s
                .undescribed
                .iter()
                .map(|(kind, n)| (kind.key(), *n))
                .collect(),
            findings: FindingCounts {
                total: report.findings.len(),
                by_severity: BySeverity {
                    error: severity(Severity::Error),
                    warning: severity(Severity::Warning),
                    info: severity(Severity::Info),
                },
                by_code: s.findings_by_code.clone(),
            },
            baseline: report.baseline.as_ref().map(|b| JsonBaseline {
                file: &b.file,
                known: b.known,
                new: b.new,
                absent: b.absent,
            }),
        },
    }
}

fn finding(f: &Finding, fingerprint: String, with_baseline: bool) -> JsonFinding<'_> {
    let meta = f.rule.meta();
    JsonFinding {
        code: meta.code,
        name: meta.name,
        severity: f.severity,
        message: &f.message,
        path: f.path.as_deref(),
        patch: f.patch.map(|k| JsonPatch {
            tile: k.tile.as_str().to_string(),
            x: k.x,
            y: k.y,
        }),
        location: f.location.as_ref(),
        data: f.data.to_json(),
        fingerprint,
        baseline_state: with_baseline.then_some(if f.known {
            BaselineState::Unchanged
        } else {
            BaselineState::New
        }),
    }
}

/// The JSON Schema of the report (draft 2020-12), as shipped in
/// `docs/report.schema.json`: a finding's `data` is the record of the rule
/// its `code` names.
pub fn schema() -> String {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.root_schema_for::<JsonReport<'static>>();
    // The records' definitions after the report's own.
    let records: Vec<(Rule, serde_json::Value)> = Rule::ALL
        .iter()
        .map(|r| (*r, r.record_schema(&mut generator).to_value()))
        .collect();
    if let Some(defs) = schema
        .get_mut("$defs")
        .and_then(serde_json::Value::as_object_mut)
    {
        for (name, definition) in generator.definitions() {
            if !defs.contains_key(name) {
                defs.insert(name.clone(), definition.clone());
            }
        }
    }
    let by_code: Vec<serde_json::Value> = records
        .into_iter()
        .map(|(rule, record)| {
            serde_json::json!({
                "if": { "properties": { "code": { "const": rule.code() } }, "required": ["code"] },
                "then": { "properties": { "data": record } }
            })
        })
        .collect();
    let finding = schema
        .get_mut("$defs")
        .and_then(|defs| defs.get_mut("Finding"))
        .and_then(serde_json::Value::as_object_mut);
    if let Some(finding) = finding {
        if let Some(properties) = finding
            .get_mut("properties")
            .and_then(serde_json::Value::as_object_mut)
        {
            let description = properties
                .get("data")
                .and_then(|d| d.get("description"))
                .cloned();
            let data = serde_json::json!({ "description": description, "type": "object" });
            properties.insert("data".into(), data);
        }
        // Reports of schema version 1 written before it have no `data`.
        if let Some(required) = finding
            .get_mut("required")
            .and_then(serde_json::Value::as_array_mut)
        {
            required.retain(|r| r != "data");
        }
        finding.insert("allOf".into(), by_code.into());
    }
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}
