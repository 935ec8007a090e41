//! `triplets`: Sentinel-2 and Sentinel-1 time series and the ground
//! reference cut into triplets with their label files
//! ([`crate::triplets::job`], as the `triplets` subcommand).

use serde_json::json;

use crate::backend::job::{Feedback, JobError, Outputs};
use crate::backend::params::Params;
use crate::triplets::job;

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let output = params.required_path("OUTPUT")?;
    let request = crate::jobspec::triplets::job(&params.values, params.overwrite);
    let avoid =
        crate::footprints::existing_patches(&output, &request.avoid).map_err(JobError::failed)?;
    feedback.progress(1.0);
    let summary = job::run(&request, Some(&avoid), &|done, all| {
        feedback.progress(1.0 + 98.0 * done as f64 / all.max(1) as f64);
    })
    .map_err(JobError::failed)?;
    for line in summary.lines() {
        feedback.log(&line);
    }
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(output));
    if let Some(report) = &request.report {
        outputs.insert("REPORT".into(), json!(report));
    }
    outputs.insert("PATCHES".into(), json!(summary.patches.written));
    Ok(outputs)
}
