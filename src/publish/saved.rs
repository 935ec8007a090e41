//! A report built from saved outputs instead of a new validation: the JSON
//! report of `validate --format json` (schema version 1,
//! docs/report-format.md) and the JSON of `stats --format json` (schema
//! version 2, docs/stats.md), so that CI can publish the HTML report of
//! the run it already made.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::dataset_stats::{DatasetStats, MonthStats, SensorStats, TileStats};
use crate::engine::{ClassPixels, OverlapSummary, Report, Summary};
use crate::finding::{Finding, Location, Severity};
use crate::model::{Mode, PatchKey, TileCode};
use crate::rules::Rule;

/// Why a saved report or stats file cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct SavedError {
    pub path: String,
    pub message: String,
}

#[derive(Deserialize)]
struct JsonReport {
    schema_version: u32,
    root: String,
    mode: String,
    #[serde(default)]
    profile: String,
    findings: Vec<JsonFinding>,
    summary: JsonSummary,
}

#[derive(Deserialize)]
struct JsonFinding {
    code: String,
    severity: Severity,
    message: String,
    path: Option<String>,
    patch: Option<JsonPatch>,
    location: Option<Location>,
    /// The rule's record; a report written before findings carried data
    /// has none.
    #[serde(default)]
    data: Option<serde_json::Value>,
    #[serde(default)]
    baseline_state: Option<String>,
}

#[derive(Deserialize)]
struct JsonPatch {
    tile: String,
    x: u32,
    y: u32,
}

#[derive(Deserialize)]
struct JsonSummary {
    patches: usize,
    files: BTreeMap<String, usize>,
    listed: BTreeMap<String, usize>,
    overlaps: JsonOverlaps,
}

#[derive(Deserialize)]
struct JsonOverlaps {
    pairs: usize,
    area_m2: f64,
}

#[derive(Deserialize)]
struct JsonStats {
    schema_version: u32,
    dataset: String,
    root: String,
    mode: String,
    total: JsonTile,
    tiles: Vec<JsonTile>,
    listed_names: BTreeMap<String, usize>,
    #[serde(default)]
    files_on_disk: BTreeMap<String, usize>,
    findings: usize,
}

#[derive(Deserialize)]
struct JsonTile {
    tile: String,
    patches: usize,
    s2: JsonSensor,
    s1: JsonSensor,
    classes: Vec<JsonClass>,
    pixels_outside_class_table: Option<u64>,
    #[serde(default)]
    ground_reference_rasters: usize,
}

#[derive(Deserialize)]
struct JsonSensor {
    distinct_dates: usize,
    files: usize,
    first_date: Option<String>,
    last_date: Option<String>,
    months: BTreeMap<String, JsonMonth>,
    /// Since `multisenge report` needs it; older stats files lack it.
    #[serde(default)]
    dates: BTreeMap<String, usize>,
}

#[derive(Deserialize)]
struct JsonMonth {
    distinct_dates: usize,
    files: usize,
}

#[derive(Deserialize)]
struct JsonClass {
    value: u8,
    name: String,
    patches: usize,
    pixels: Option<u64>,
}

fn read<T: serde::de::DeserializeOwned>(path: &Path, what: &str) -> Result<T, SavedError> {
    let fail = |message: String| SavedError {
        path: path.display().to_string(),
        message,
    };
    let bytes = crate::io::safety::special::ensure_not_special(path)
        .and_then(|()| std::fs::read(path))
        .map_err(|e| fail(format!("cannot read: {e}")))?;
    serde_json::from_slice(&bytes).map_err(|e| fail(format!("not {what}: {e}")))
}

fn mode(text: &str) -> Mode {
    if text == "labels-only" {
        Mode::LabelsOnly
    } else {
        Mode::Full
    }
}

/// `YYYY-MM-DD` or `YYYY-MM` as a number (`YYYYMMDD`, `YYYYMM`).
fn number(text: &str) -> Option<u32> {
    let digits: String = text.chars().filter(|c| *c != '-').collect();
    (digits.len() == 8 || digits.len() == 6)
        .then(|| digits.parse().ok())
        .flatten()
}

/// Reads a saved JSON report as the validation it describes.
pub fn read_report(path: &Path) -> Result<Report, SavedError> {
    let json: JsonReport = read(path, "a JSON report of `multisenge validate --format json`")?;
    let fail = |message: String| SavedError {
        path: path.display().to_string(),
        message,
    };
    if json.schema_version != 1 {
        return Err(fail(format!(
            "schema_version {}: this program reads version 1",
            json.schema_version
        )));
    }
    let mut findings = Vec::with_capacity(json.findings.len());
    for (i, f) in json.findings.into_iter().enumerate() {
        let rule = Rule::from_code(&f.code)
            .ok_or_else(|| fail(format!("finding {}: unknown rule code `{}`", i + 1, f.code)))?;
        let patch = match f.patch {
            Some(p) => Some(PatchKey {
                tile: TileCode::parse(&p.tile).map_err(|e| {
                    fail(format!("finding {}: patch tile `{}`: {e}", i + 1, p.tile))
                })?,
                x: p.x,
                y: p.y,
            }),
            None => None,
        };
        let data = f.data.ok_or_else(|| {
            fail(format!(
                "finding {} ({}): no `data`: a report of an older multisenge; validate again",
                i + 1,
                f.code
            ))
        })?;
        let data = rule
            .record_from_json(data)
            .map_err(|e| fail(format!("finding {} ({}): `data`: {e}", i + 1, f.code)))?;
        let mut finding = Finding::of(rule, data);
        finding.severity = f.severity;
        finding.message = f.message;
        finding.path = f.path;
        finding.patch = patch;
        finding.location = f.location;
        finding.known = f.baseline_state.as_deref() == Some("unchanged");
        findings.push(finding);
    }
    let s = json.summary;
    let mut summary = Summary {
        patches: s.patches,
        other_files: s.files.get("other").copied().unwrap_or(0),
        listed_s2: s.listed.get("s2").copied().unwrap_or(0),
        listed_s1: s.listed.get("s1").copied().unwrap_or(0),
        overlaps: OverlapSummary {
            pairs: s.overlaps.pairs,
            area_m2: s.overlaps.area_m2,
        },
        ..Summary::default()
    };
    for f in &findings {
        *summary.findings_by_severity.entry(f.severity).or_default() += 1;
        *summary.findings_by_code.entry(f.rule.code()).or_default() += 1;
    }
    Ok(Report {
        root: json.root,
        mode: mode(&json.mode),
        profile: json.profile,
        patch_size: 256,
        findings,
        summary,
        rules_run: Vec::new(),
        rules_not_run: Vec::new(),
        timings: Vec::new(),
        cache: None,
        baseline: None,
    })
}

/// Reads saved `stats --format json` figures.
pub fn read_stats(path: &Path) -> Result<DatasetStats, SavedError> {
    let json: JsonStats = read(path, "the JSON of `multisenge stats --format json`")?;
    let fail = |message: String| SavedError {
        path: path.display().to_string(),
        message,
    };
    if json.schema_version != 2 {
        return Err(fail(format!(
            "schema_version {}: this program reads version 2",
            json.schema_version
        )));
    }
    let classes: Vec<(u8, String)> = json
        .total
        .classes
        .iter()
        .map(|c| (c.value, c.name.clone()))
        .collect();
    let mut tiles = Vec::with_capacity(json.tiles.len());
    for t in &json.tiles {
        let code = TileCode::parse(&t.tile).map_err(|e| fail(format!("tile `{}`: {e}", t.tile)))?;
        tiles.push(tile(t, Some(code)));
    }
    let files_on_disk = json
        .files_on_disk
        .iter()
        .filter_map(|(k, n)| {
            crate::model::FileKind::ALL
                .iter()
                .find(|kind| kind.key() == k)
                .map(|kind| (kind.key(), *n))
        })
        .collect();
    Ok(DatasetStats {
        dataset_name: json.dataset,
        root: json.root,
        mode: mode(&json.mode),
        total: tile(&json.total, None),
        tiles,
        classes,
        listed_s2: json.listed_names.get("s2").copied().unwrap_or(0),
        listed_s1: json.listed_names.get("s1").copied().unwrap_or(0),
        files_on_disk,
        findings: json.findings,
    })
}

fn tile(t: &JsonTile, code: Option<TileCode>) -> TileStats {
    let pixels = t.classes.iter().any(|c| c.pixels.is_some()).then(|| {
        let mut p = ClassPixels {
            rasters: t.ground_reference_rasters,
            ..ClassPixels::default()
        };
        for c in &t.classes {
            p.counts[usize::from(c.value)] = c.pixels.unwrap_or(0);
        }
        // Values outside the class table are counted apart, whatever they
        // are: kept at 0 unless 0 is a class.
        if !t.classes.iter().any(|c| c.value == 0) {
            p.counts[0] = t.pixels_outside_class_table.unwrap_or(0);
        }
        p
    });
    TileStats {
        tile: code,
        patches: t.patches,
        s2: sensor(&t.s2),
        s1: sensor(&t.s1),
        class_patches: t
            .classes
            .iter()
            .filter(|c| c.patches > 0)
            .map(|c| (c.value, c.patches))
            .collect(),
        class_pixels: pixels,
    }
}

fn sensor(s: &JsonSensor) -> SensorStats {
    SensorStats {
        dates: s.distinct_dates,
        files: s.files,
        first: s.first_date.as_deref().and_then(number),
        last: s.last_date.as_deref().and_then(number),
        months: s
            .months
            .iter()
            .filter_map(|(m, c)| {
                Some((
                    number(m)?,
                    MonthStats {
                        dates: c.distinct_dates,
                        files: c.files,
                    },
                ))
            })
            .collect(),
        by_date: s
            .dates
            .iter()
            .filter_map(|(d, n)| Some((number(d)?, *n)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_of_dates_and_months() {
        assert_eq!(number("2020-01-05"), Some(20200105));
        assert_eq!(number("2020-01"), Some(202001));
        assert_eq!(number("2020"), None);
        assert_eq!(number("2020-01-0x"), None);
    }

    #[test]
    fn wrong_files_are_named_with_what_was_expected() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.json");
        std::fs::write(&p, "{\"schema_version\": 2}").unwrap();
        let e = read_report(&p).unwrap_err().to_string();
        assert!(e.contains("r.json: not a JSON report"), "{e}");
        std::fs::write(&p, "[]").unwrap();
        let e = read_stats(&p).unwrap_err().to_string();
        assert!(e.contains("not the JSON of `multisenge stats"), "{e}");
        let e = read_stats(&dir.path().join("none.json"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("cannot read"), "{e}");
    }
}
