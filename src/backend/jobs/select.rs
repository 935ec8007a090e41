//! `select`: patches chosen by temporal criteria, with the files of each
//! triplet ([`crate::select`], as the `select` subcommand).

use serde_json::json;

use crate::backend::job::{Feedback, JobError, Outputs};
use crate::backend::params::Params;
use crate::report::data_format::DataFormat;
use crate::report::selection::{self, Listing};
use crate::select as selecting;

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let profile = super::load_profile(params)?;
    let dataset = params.required_path("DATASET")?;
    let path = params.required_path("OUTPUT")?;
    let criteria =
        crate::jobspec::select::criteria(&params.values).map_err(|e| JobError::BadParameter {
            name: e.name.clone(),
            message: format!("`{}`: {}", e.value, e.message),
        })?;
    feedback.progress(1.0);
    let chosen = selecting::run(&dataset, &profile, false, criteria).map_err(JobError::failed)?;
    for skipped in &chosen.skipped {
        feedback.log(&format!("skipped {}: {}", skipped.path, skipped.reason));
    }
    let text = selection::render(&chosen, DataFormat::Json, Listing::Files);
    super::write_text(&path, &text)?;
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(path));
    outputs.insert("SELECTED".into(), json!(chosen.selected.len()));
    Ok(outputs)
}
