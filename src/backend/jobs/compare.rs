//! `compare`: a generalized raster against its vector source
//! ([`crate::compare::job`], as the `compare` subcommand).

use serde_json::{json, Map};

use super::param;
use crate::backend::{Descriptor, Feedback, JobError, Kind, Output, Outputs, Params};
use crate::compare::job::{self, CompareJob};

/// The report's figures given as numeric results.
const FIGURES: [(&str, &str); 6] = [
    ("OVERALL_ACCURACY", "Overall accuracy (0 to 1)"),
    ("KAPPA", "Cohen's kappa"),
    (
        "WEIGHTED_F1",
        "F1 weighted by each class's share of the vector area",
    ),
    ("LOST_COUNT", "Number of polygons lost entirely"),
    ("LOST_AREA", "Area of the polygons lost entirely, ha"),
    (
        "UNCOVERED_AREA",
        "Area of the raster that no source polygon covers, ha",
    ),
];

pub fn descriptor() -> Descriptor {
    let mut styles = Map::new();
    styles.insert("LOST".into(), json!("lost_polygons"));
    styles.insert("DISAGREEMENT".into(), json!("disagreement"));
    Descriptor {
        id: "compare",
        name: "Compare ground reference with its source",
        group: "Generalization",
        help: "Per-class areas, confusion matrix, overall accuracy, kappa, per-class precision, \
               recall, F1 and IoU, weighted F1 (JSON report), the polygons lost entirely (layer), \
               the disagreement raster (percentage of each pixel whose vector class differs, as a \
               white-to-red colour ramp) and a PNG quick-look. See docs/generalize.md.",
        parameters: vec![
            param(
                "SOURCE",
                "Land-cover polygons (any OGR format and CRS)",
                Kind::Vector,
                false,
            ),
            param("RASTER", "Generalized class raster", Kind::Raster, false),
            super::config_param(),
            param(
                "SUPERSAMPLE",
                "Sub-pixels per pixel side for the vector classes",
                Kind::Number {
                    integer: true,
                    min: Some(10.0),
                    max: Some(100.0),
                    unit: "sub-pixels",
                },
                true,
            )
            .with_default(json!(10)),
            param(
                "OUTPUT",
                "Comparison report (JSON)",
                Kind::OutputFile { extension: "json" },
                false,
            ),
            param(
                "LOST",
                "Polygons lost entirely (GeoPackage, layer lost_polygons)",
                Kind::OutputVector { extension: "gpkg" },
                true,
            ),
            param(
                "DISAGREEMENT",
                "Disagreement raster, percent (255: no polygon)",
                Kind::OutputRaster { extension: "tif" },
                true,
            ),
            param(
                "QUICKLOOK",
                "Quick-look (PNG)",
                Kind::OutputFile { extension: "png" },
                true,
            ),
        ],
        outputs: FIGURES
            .iter()
            .map(|&(name, description)| Output {
                name,
                description,
                kind: "number",
            })
            .collect(),
        styles,
    }
}

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let config = super::load_config(params)?;
    let job = CompareJob {
        source: super::vector_path(params, "SOURCE").ok_or_else(|| JobError::BadParameter {
            name: "SOURCE".into(),
            message: "missing (required)".into(),
        })?,
        raster: params.required_path("RASTER")?,
        supersample: params.number("SUPERSAMPLE").map_or(10, |v| v as u16),
        json: true,
        output: Some(params.required_path("OUTPUT")?),
        lost: params.path("LOST"),
        disagreement: params.path("DISAGREEMENT"),
        quicklook: params.path("QUICKLOOK"),
        force: params.overwrite,
        roads: None,
        road_options: Default::default(),
        memory: Default::default(),
    };
    let phases = super::phase_reporter(feedback);
    let report = job::run_reporting(&job, &config, &mut |line| feedback.log(line), &phases)
        .map_err(JobError::failed)?;
    if let Some(path) = &job.output {
        super::write_text(path, &report)?;
    }
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    for name in ["OUTPUT", "LOST", "DISAGREEMENT", "QUICKLOOK"] {
        if let Some(path) = params.path(name) {
            outputs.insert(name.into(), json!(path));
        }
    }
    // The report's headline figures as numbers (the JSON report, parsed
    // back: one rendering, one source of truth).
    let figures: serde_json::Value = serde_json::from_str(&report).map_err(JobError::failed)?;
    for (name, value) in [
        ("OVERALL_ACCURACY", &figures["overall_accuracy"]),
        ("KAPPA", &figures["kappa"]),
        ("WEIGHTED_F1", &figures["weighted_f1"]),
        ("LOST_COUNT", &figures["lost_polygons"]["count"]),
        ("LOST_AREA", &figures["lost_polygons"]["area"]),
        ("UNCOVERED_AREA", &figures["uncovered_area"]),
    ] {
        outputs.insert(name.into(), value.clone());
    }
    Ok(outputs)
}
