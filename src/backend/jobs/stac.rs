//! `stac`: a static STAC catalog of the dataset ([`crate::publish::stac`],
//! as the `stac` subcommand).

use serde_json::json;

use crate::backend::job::{Feedback, JobError, Outputs};
use crate::backend::params::Params;

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let path = params.required_path("OUTPUT")?;
    let request = crate::jobspec::stac::request(&params.values, params.overwrite);
    let hook = |percent: f64| feedback.progress(percent * 0.8);
    let summary = crate::publish::stac(&request, false, Some(&hook)).map_err(JobError::failed)?;
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(path));
    outputs.insert("ITEMS".into(), json!(summary.items));
    Ok(outputs)
}
