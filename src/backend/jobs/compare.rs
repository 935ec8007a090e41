//! `compare`: a generalized raster against its vector source
//! ([`crate::compare::job`], as the `compare` subcommand).

use serde_json::json;

use crate::backend::job::{Feedback, JobError, Outputs};
use crate::backend::params::Params;
use crate::compare::job;

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let v = &params.values;
    let config = crate::jobspec::generalize::config(v).map_err(JobError::failed)?;
    let job = crate::jobspec::compare::job(v, params.overwrite, true);
    let output = params.required_path("OUTPUT")?;
    feedback.progress(1.0);
    let report =
        job::run(&job, &config, &mut |line| feedback.log(line)).map_err(JobError::failed)?;
    super::write_text(&output, &report)?;
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    for name in ["OUTPUT", "LOST", "DISAGREEMENT", "QUICKLOOK"] {
        if let Some(path) = params.path(name) {
            outputs.insert(name.into(), json!(path));
        }
    }
    Ok(outputs)
}
