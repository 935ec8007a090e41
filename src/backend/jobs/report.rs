//! `report`: the release report, one self-contained HTML file
//! ([`crate::publish::report`], as the `report` subcommand).

use serde_json::{json, Map};

use super::{dataset_param, labels_only_param, param, profile_param};
use crate::backend::{Descriptor, Feedback, JobError, Kind, Output, Outputs, Params};
use crate::publish::{report, ReportArgs};

pub fn descriptor() -> Descriptor {
    Descriptor {
        id: "report",
        name: "Release report (HTML)",
        group: "Publication",
        help: "One self-contained HTML file (opens without network): the release-note summary, \
               a map of every patch footprint coloured by its worst finding with the \
               overlapping pairs, class and acquisition-date charts, and the findings grouped \
               by rule, filterable by severity, tile and rule.",
        parameters: vec![
            dataset_param(),
            profile_param(),
            labels_only_param("Use the label files only, even if raster folders exist"),
            param(
                "OUTPUT",
                "Report (HTML)",
                Kind::OutputFile { extension: "html" },
                false,
            ),
        ],
        outputs: vec![
            Output {
                name: "PATCHES",
                description: "Number of patches",
                kind: "number",
            },
            Output {
                name: "FINDINGS",
                description: "Number of findings",
                kind: "number",
            },
        ],
        styles: Map::new(),
    }
}

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let path = params.required_path("OUTPUT")?;
    let args = ReportArgs {
        dataset: Some(params.required_path("DATASET")?),
        output: path.clone(),
        force: params.overwrite,
        labels_only: params.flag("LABELS_ONLY"),
        profile: params.path("PROFILE"),
        from_json: None,
        stats: None,
        docs_url: crate::report::DEFAULT_DOCS_URL.to_string(),
        listing: Default::default(),
    };
    let hook = |percent: f64| feedback.progress(percent * 0.9);
    let summary = report(&args, false, Some(&hook)).map_err(JobError::failed)?;
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(path));
    outputs.insert("PATCHES".into(), json!(summary.patches));
    outputs.insert("FINDINGS".into(), json!(summary.findings));
    Ok(outputs)
}
