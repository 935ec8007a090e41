//! `rules`: the rule reference, as Markdown.

use serde_json::json;

use crate::backend::job::{Feedback, JobError, Outputs};
use crate::backend::params::Params;
use crate::rules::{docs, Rule};

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let path = params.required_path("OUTPUT")?;
    super::write_text(&path, &docs::markdown())?;
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(path));
    outputs.insert("RULES".into(), json!(Rule::ALL.len()));
    Ok(outputs)
}
