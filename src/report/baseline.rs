//! Baselines: a previous JSON report whose findings are known. With
//! `--baseline FILE` the findings also in FILE are still reported (marked
//! known: SARIF `baselineState: "unchanged"`, JSON `baseline_state`, a
//! marker in text) but do not count toward the exit code, so a maintainer
//! can adopt the checks on a dataset with known issues and still gate
//! new ones. Findings are matched by their [fingerprint](super::fingerprint).

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use crate::engine::{BaselineSummary, Report};
use crate::finding::Location;
use crate::rules::Rule;

use super::fingerprint;

/// Why a baseline cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("baseline {path}: cannot read the file: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "baseline {path}: not a multisenge JSON report (`validate --format json` or \
         `--write-baseline`): {source}"
    )]
    Parse {
        path: String,
        source: serde_json::Error,
    },
    #[error("baseline {path}: schema version {found}, this program reads version 1")]
    Version { path: String, found: u64 },
    #[error("baseline {path}: finding {index}: {why}")]
    Range {
        path: String,
        index: usize,
        why: String,
    },
}

/// The fingerprints of a baseline report.
#[derive(Clone, Debug, Default)]
pub struct Baseline {
    file: String,
    fingerprints: HashSet<String>,
}

#[derive(Deserialize)]
struct File {
    schema_version: u64,
    findings: Vec<FileFinding>,
}

#[derive(Deserialize)]
struct FileFinding {
    code: String,
    message: String,
    path: Option<String>,
    location: Option<Location>,
    fingerprint: Option<String>,
}

impl Baseline {
    /// Reads a JSON report. Reports written before fingerprints were added
    /// to the JSON format get theirs recomputed from code, path, location
    /// and message (unknown rule codes are kept and simply never match).
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let name = path.display().to_string();
        let bytes = crate::io::safety::gate::read_limited(
            path,
            crate::io::safety::gate::limits::BASELINE,
            "a baseline",
        )
        .map_err(|source| BaselineError::Read {
            path: name.clone(),
            source,
        })?;
        let file: File = serde_json::from_slice(&bytes).map_err(|source| BaselineError::Parse {
            path: name.clone(),
            source,
        })?;
        if file.schema_version != u64::from(super::json::SCHEMA_VERSION) {
            return Err(BaselineError::Version {
                path: name,
                found: file.schema_version,
            });
        }
        let mut fingerprints = HashSet::new();
        let mut missing = Vec::new();
        for (index, f) in file.findings.iter().enumerate() {
            check_finding(f).map_err(|why| BaselineError::Range {
                path: name.clone(),
                index: index + 1,
                why,
            })?;
        }
        for f in &file.findings {
            match (&f.fingerprint, Rule::from_code(&f.code)) {
                (Some(print), _) => {
                    fingerprints.insert(print.clone());
                }
                (None, Some(rule)) => missing.push(fingerprint::Key {
                    code: rule.code(),
                    path: f.path.as_deref(),
                    location: f.location.as_ref(),
                    message: &f.message,
                }),
                (None, None) => {}
            }
        }
        fingerprints.extend(fingerprint::of_keys(missing));
        Ok(Baseline {
            file: name,
            fingerprints,
        })
    }

    /// Number of findings in the baseline.
    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }
}

/// A finding of a baseline as this program writes them: a fingerprint of
/// 32 hexadecimal digits, a pixel window of at least one pixel, a polygon
/// in an EPSG code's range with finite coordinates of plausible size.
fn check_finding(f: &FileFinding) -> Result<(), String> {
    if let Some(print) = &f.fingerprint {
        if print.len() != 32 || !print.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!(
                "fingerprint `{print}`: expected 32 hexadecimal digits"
            ));
        }
    }
    match &f.location {
        Some(Location::Window { width, height, .. }) if *width == 0 || *height == 0 => {
            Err("a pixel window of no pixel".into())
        }
        Some(Location::Polygon { epsg, rings }) => {
            if !(1024..=999_999).contains(epsg) {
                return Err(format!("EPSG:{epsg}: expected a code from 1024 to 999999"));
            }
            let bad = rings
                .iter()
                .flatten()
                .flatten()
                .find(|v| !v.is_finite() || v.abs() > crate::model::grid::MAX_COORDINATE);
            match bad {
                Some(v) => Err(format!(
                    "coordinate {v:e}: expected a finite value within ±{:e} m",
                    crate::model::grid::MAX_COORDINATE
                )),
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// Marks the findings of `report` that are in `baseline` as known and
/// records the comparison in `report.baseline`.
pub fn apply(report: &mut Report, baseline: &Baseline) {
    let prints = fingerprint::all(&report.findings);
    let mut summary = BaselineSummary {
        file: baseline.file.clone(),
        ..BaselineSummary::default()
    };
    for (f, print) in report.findings.iter_mut().zip(&prints) {
        f.known = baseline.fingerprints.contains(print);
        if f.known {
            summary.known += 1;
        } else {
            summary.new += 1;
        }
    }
    summary.absent = baseline.len() - summary.known;
    report.baseline = Some(summary);
}
