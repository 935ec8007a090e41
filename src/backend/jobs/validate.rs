//! `validate`: check a dataset; findings as a styled GeoPackage (one
//! feature per finding, one per patch), the JSON report and the text
//! summary.

use serde_json::json;

use crate::backend::job::{Feedback, JobError, Outputs};
use crate::backend::params::Params;
use crate::io::formats::findings_layer::{self, Column, ColumnType, FindingFeature, PatchFeature};
use crate::report;
use crate::rules::fields::{Field, FieldType};

/// One feature per patch with located findings: its codes joined, their
/// count and the worst severity.
fn by_patch(
    report: &crate::engine::Report,
    located: &[(&crate::finding::Finding, report::geojson::Ring)],
) -> Vec<PatchFeature> {
    report::geojson::located_by_patch(report, located)
        .into_iter()
        .map(|p| {
            let codes: std::collections::BTreeSet<&str> =
                p.findings.iter().map(|f| f.rule.code()).collect();
            let worst = p.findings.iter().map(|f| f.severity).max();
            PatchFeature {
                tile: p.patch.tile.as_str().to_string(),
                x: p.patch.x,
                y: p.patch.y,
                codes: codes.into_iter().collect::<Vec<_>>().join(", "),
                count: p.findings.len(),
                severity: worst.map_or("info", |s| s.as_str()),
                ring: p.ring,
            }
        })
        .collect()
}

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let dataset = params.required_path("DATASET")?;
    let mut profile = super::load_profile(params)?;
    let selection = crate::jobspec::validate::selection(&params.values);
    profile
        .apply(&selection)
        .map_err(|e| JobError::BadParameter {
            name: "SELECT/IGNORE".into(),
            message: e.to_string(),
        })?;
    feedback.log(&format!("validating {}", dataset.display()));
    let report = super::run_engine(
        params,
        &profile,
        feedback,
        80.0,
        false,
        crate::jobspec::validate::cache(&params.values),
    )?;
    let (located, _) = report::geojson::located(&report);
    let fields = report::fields::columns_of(&located.iter().map(|(f, _)| *f).collect::<Vec<_>>());
    let columns = layer_columns(&fields);
    let patches = by_patch(&report, &located);
    let features: Vec<FindingFeature> = located
        .into_iter()
        .map(|(f, ring)| FindingFeature {
            code: f.rule.code(),
            name: f.rule.meta().name,
            severity: f.severity.as_str(),
            message: &f.message,
            file: f.path.as_deref(),
            tile: f.patch.map(|k| k.tile.as_str().to_string()),
            x: f.patch.map(|k| k.x),
            y: f.patch.map(|k| k.y),
            ring,
            data: report::fields::values(f),
        })
        .collect();
    let layer = params.required_path("OUTPUT")?;
    findings_layer::write(&layer, &columns, &features, &patches, params.overwrite)
        .map_err(JobError::failed)?;
    feedback.progress(90.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(layer));
    if let Some(path) = params.path("REPORT") {
        super::write_text(&path, &report::json::render(&report))?;
        outputs.insert("REPORT".into(), json!(path));
    }
    if let Some(path) = params.path("SUMMARY") {
        super::write_text(&path, &report::text::render(&report, &Default::default()))?;
        outputs.insert("SUMMARY".into(), json!(path));
    }
    let errors = report
        .summary
        .findings_by_severity
        .get(&crate::finding::Severity::Error)
        .copied()
        .unwrap_or(0);
    feedback.log(&format!(
        "{} findings ({} errors), {} located in the layer",
        report.findings.len(),
        errors,
        features.len()
    ));
    outputs.insert("FINDINGS".into(), json!(report.findings.len()));
    outputs.insert("LOCATED".into(), json!(features.len()));
    outputs.insert("ERRORS".into(), json!(errors));
    feedback.progress(100.0);
    Ok(outputs)
}

/// The findings layer's columns for `fields`.
fn layer_columns(fields: &[Field]) -> Vec<Column<'_>> {
    fields
        .iter()
        .map(|f| Column {
            name: &f.name,
            kind: match f.kind {
                FieldType::Integer => ColumnType::Integer,
                FieldType::Integer64 => ColumnType::Integer64,
                FieldType::Real => ColumnType::Real,
                FieldType::Boolean => ColumnType::Boolean,
                FieldType::String => ColumnType::String,
                FieldType::List => ColumnType::Json,
            },
        })
        .collect()
}
