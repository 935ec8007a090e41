//! `report`: the release report, one self-contained HTML file
//! ([`crate::publish::report`], as the `report` subcommand).

use serde_json::json;

use crate::backend::job::{Feedback, JobError, Outputs};
use crate::backend::params::Params;

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let path = params.required_path("OUTPUT")?;
    let request = crate::jobspec::report::request(&params.values, params.overwrite);
    let hook = |percent: f64| feedback.progress(percent * 0.9);
    let summary = crate::publish::report(&request, false, Some(&hook)).map_err(JobError::failed)?;
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(path));
    outputs.insert("PATCHES".into(), json!(summary.patches));
    outputs.insert("FINDINGS".into(), json!(summary.findings));
    Ok(outputs)
}
