//! `validate`: check a dataset; findings as a styled GeoPackage layer, the
//! JSON report and the text summary.

use serde_json::{json, Map};

use super::{param, profile_param};
use crate::backend::{Descriptor, Feedback, JobError, Kind, Output, Outputs, Params};
use crate::io::findings_layer::{self, FindingFeature};
use crate::report;

pub fn descriptor() -> Descriptor {
    let text = |name, description| param(name, description, Kind::String, true);
    let mut styles = Map::new();
    styles.insert("OUTPUT".into(), json!("findings"));
    Descriptor {
        id: "validate",
        name: "Validate dataset",
        group: "Validation",
        help: "Checks a MultiSenGE-style dataset (layout, names, label files, triplets, rasters, \
               georeferencing, classes, minimum mapping unit) and writes one feature per located \
               finding (on the patch footprint or its pixel window, EPSG:4326) with its code, \
               severity and message. Findings without a location (a missing folder, a stray \
               file) are in the JSON report and the summary only.",
        parameters: vec![
            param(
                "DATASET",
                "Dataset root (ground_reference/, s2/, s1/, labels/) or a folder of label files",
                Kind::Folder,
                false,
            ),
            profile_param(),
            param(
                "LABELS_ONLY",
                "Check label files only, without rasters",
                Kind::Boolean,
                true,
            )
            .with_default(json!(false)),
            text("SELECT", "Run only these rules: codes or prefixes, comma-separated (e.g. N,T003)"),
            text("IGNORE", "Do not run these rules: codes or prefixes, comma-separated"),
            text(
                "EXCLUDE",
                "Skip paths matching these globs, comma-separated (relative to the root, * matches any characters)",
            ),
            param(
                "OUTPUT",
                "Findings layer (GeoPackage, layer `findings`)",
                Kind::OutputVector { extension: "gpkg" },
                false,
            ),
            param(
                "REPORT",
                "JSON report (docs/report-format.md)",
                Kind::OutputFile { extension: "json" },
                true,
            ),
            param(
                "SUMMARY",
                "Text report, grouped by rule, with the summary",
                Kind::OutputFile { extension: "txt" },
                true,
            ),
        ],
        outputs: vec![
            Output {
                name: "FINDINGS",
                description: "Number of findings",
                kind: "number",
            },
            Output {
                name: "LOCATED",
                description: "Number of findings in the layer (located on a patch)",
                kind: "number",
            },
            Output {
                name: "ERRORS",
                description: "Number of findings of severity error",
                kind: "number",
            },
        ],
        styles,
    }
}

fn list(params: &Params, name: &str) -> Vec<String> {
    params
        .text(name)
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let dataset = params.required_path("DATASET")?;
    let mut profile = super::load_profile(params)?;
    profile
        .rules
        .apply_command_line(&list(params, "SELECT"), &list(params, "IGNORE"), &[])
        .map_err(|e| JobError::BadParameter {
            name: "SELECT/IGNORE".into(),
            message: e.to_string(),
        })?;
    profile
        .profile
        .layout
        .exclude
        .extend(list(params, "EXCLUDE"));
    feedback.log(&format!("validating {}", dataset.display()));
    let report = super::run_engine(params, &profile, feedback, 80.0, false)?;
    let (located, _) = report::geojson::located(&report);
    let fields = report::fields::columns_of(&located.iter().map(|(f, _)| *f).collect::<Vec<_>>());
    let columns = report::fields::layer_columns(&fields);
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
    findings_layer::write(&layer, &columns, &features, params.overwrite)
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
