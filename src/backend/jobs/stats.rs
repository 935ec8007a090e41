//! `stats`: release-note figures of a dataset, as JSON.

use serde_json::json;

use crate::backend::job::{Feedback, JobError, Outputs};
use crate::backend::params::Params;
use crate::report::stats;

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let profile = super::load_profile(params)?;
    let report = super::run_engine(params, &profile, feedback, 90.0, true, Default::default())?;
    let path = params.required_path("OUTPUT")?;
    let figures = crate::dataset_stats::from_report(&report, &profile);
    super::write_text(&path, &stats::json(&figures))?;
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(path));
    outputs.insert("PATCHES".into(), json!(report.summary.patches));
    Ok(outputs)
}
