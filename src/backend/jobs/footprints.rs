//! `footprints`: every patch of a dataset on a map, with the patches it
//! overlaps ([`crate::footprints`], as the `footprints` subcommand).

use serde_json::json;

use crate::backend::job::{Feedback, JobError, Outputs};
use crate::backend::params::Params;
use crate::footprints::export_footprints;

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let profile = super::load_profile(params)?;
    let dataset = params.required_path("DATASET")?;
    let path = params.required_path("OUTPUT")?;
    let options = crate::jobspec::footprints::options(&params.values, params.overwrite, false);
    feedback.progress(1.0);
    let summary = export_footprints(&dataset, &profile, &options).map_err(JobError::failed)?;
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(path));
    outputs.insert("OVERLAPPING_PAIRS".into(), json!(summary.overlapping_pairs));
    Ok(outputs)
}
