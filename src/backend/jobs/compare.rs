//! `compare`: a generalized raster against its vector source
//! ([`crate::compare::job`], as the `compare` subcommand).

use serde_json::json;

use crate::backend::job::{Feedback, JobError, Outputs};
use crate::backend::params::Params;
use crate::compare::job;

/// The spec's numeric outputs (`jobspec::compare::SPEC`) and where each is
/// in the JSON report (docs/generalize.md).
const FIGURES: [(&str, &str); 6] = [
    ("OVERALL_ACCURACY", "/overall_accuracy"),
    ("KAPPA", "/kappa"),
    ("WEIGHTED_F1", "/weighted_f1"),
    ("LOST_COUNT", "/lost_polygons/count"),
    ("LOST_AREA", "/lost_polygons/area"),
    ("UNCOVERED_AREA", "/uncovered_area"),
];

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let v = &params.values;
    let config = crate::jobspec::generalize::config(v).map_err(JobError::failed)?;
    let job = crate::jobspec::compare::job(v, params.overwrite, true);
    let output = params.required_path("OUTPUT")?;
    let phases = super::phase_reporter(feedback);
    let report = job::run_reporting(&job, &config, &mut |line| feedback.log(line), &phases)
        .map_err(JobError::failed)?;
    super::write_text(&output, &report)?;
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    for name in ["OUTPUT", "LOST", "DISAGREEMENT", "QUICKLOOK"] {
        if let Some(path) = params.path(name) {
            outputs.insert(name.into(), json!(path));
        }
    }
    // The report's headline figures as numbers (the JSON report parsed
    // back: one rendering, one source of truth).
    let figures: serde_json::Value = serde_json::from_str(&report).map_err(JobError::failed)?;
    for (name, pointer) in FIGURES {
        let value = figures.pointer(pointer).cloned().unwrap_or_default();
        outputs.insert(name.into(), value);
    }
    Ok(outputs)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_figure_is_an_output_of_the_spec_and_back() {
        let spec = crate::jobspec::compare::SPEC.backend.as_ref().unwrap();
        let listed: Vec<&str> = spec.outputs.iter().map(|o| o.name).collect();
        let given: Vec<&str> = super::FIGURES.iter().map(|(n, _)| *n).collect();
        assert_eq!(listed, given);
    }
}
