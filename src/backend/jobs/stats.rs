//! `stats`: release-note figures of a dataset, as JSON.

use serde_json::{json, Map};

use super::{dataset_param, labels_only_param, param, profile_param};
use crate::backend::{Descriptor, Feedback, JobError, Kind, Output, Outputs, Params};
use crate::report::stats;

pub fn descriptor() -> Descriptor {
    Descriptor {
        id: "stats",
        name: "Dataset statistics",
        group: "Validation",
        help: "Release-note figures: patches per tile, acquisitions per month and sensor, \
               class frequencies (JSON, as `multisenge stats --format json`).",
        parameters: vec![
            dataset_param(),
            profile_param(),
            labels_only_param("Use the label files only, even if raster folders exist"),
            param(
                "OUTPUT",
                "Statistics (JSON)",
                Kind::OutputFile { extension: "json" },
                false,
            ),
        ],
        outputs: vec![Output {
            name: "PATCHES",
            description: "Number of patches",
            kind: "number",
        }],
        styles: Map::new(),
    }
}

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let profile = super::load_profile(params)?;
    let report = super::run_engine(params, &profile, feedback, 90.0, true)?;
    let path = params.required_path("OUTPUT")?;
    let figures = crate::dataset_stats::from_report(&report, &profile);
    super::write_text(&path, &stats::json(&figures))?;
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(path));
    outputs.insert("PATCHES".into(), json!(report.summary.patches));
    Ok(outputs)
}
