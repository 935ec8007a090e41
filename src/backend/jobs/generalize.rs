//! `generalize`: vector land cover (+ roads) → ground-reference raster of a
//! tile, optionally cut into patches ([`crate::generalize::job`], as the
//! `generalize` subcommand).

use serde_json::json;

use crate::backend::job::{Feedback, JobError, Outputs};
use crate::backend::params::Params;
use crate::generalize::job;
use crate::generalize::request::PatchLayout;
use crate::profile::LoadedProfile;

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let output = params.required_path("OUTPUT")?;
    let config = crate::jobspec::generalize::config(&params.values).map_err(JobError::failed)?;
    let layout = PatchLayout::of(&LoadedProfile::default_profile().profile);
    let mut job = crate::jobspec::generalize::job(&params.values, params.overwrite);
    if let Some(dir) = &job.patches {
        job.avoid = Some(crate::footprints::existing_patches(dir, &[]).map_err(JobError::failed)?);
    }
    let phases = super::phase_reporter(feedback);
    job::run_reporting(
        &job,
        &config,
        &layout,
        &mut |line| feedback.log(line),
        &phases,
    )
    .map_err(JobError::failed)?;
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(output));
    if let Some(dir) = job.patches {
        outputs.insert("PATCHES".into(), json!(dir));
    }
    Ok(outputs)
}
