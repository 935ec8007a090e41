//! `rules`: the rule reference, as Markdown.

use serde_json::{json, Map};

use super::param;
use crate::backend::{Descriptor, Feedback, JobError, Kind, Output, Outputs, Params};
use crate::rules::{docs, Rule};

pub fn descriptor() -> Descriptor {
    Descriptor {
        id: "rules",
        name: "Rule reference",
        group: "Validation",
        help: "Writes the documentation of every rule (code, name, default severity, what it \
               checks, why it matters, an example) as Markdown: the content of docs/rules.md.",
        parameters: vec![param(
            "OUTPUT",
            "Rule reference (Markdown)",
            Kind::OutputFile { extension: "md" },
            false,
        )],
        outputs: vec![Output {
            name: "RULES",
            description: "Number of rules",
            kind: "number",
        }],
        styles: Map::new(),
    }
}

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let path = params.required_path("OUTPUT")?;
    super::write_text(&path, &docs::markdown())?;
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(path));
    outputs.insert("RULES".into(), json!(Rule::ALL.len()));
    Ok(outputs)
}
