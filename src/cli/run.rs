//! `multisenge run`: one job, for GIS front ends; JSON lines out.

use std::io::Read;

use clap::Args;
use serde_json::{json, Value};

use multisenge::backend::{self, cancel, Feedback, JobError};

use super::{EXIT_OK, EXIT_USAGE};

/// Run one job (see `algorithms`) and report as JSON lines.
///
/// Standard output gets one JSON object per line: {"progress": 42.0},
/// {"log": "..."}, then {"result": {...}} naming the outputs, or
/// {"error": "..."}. SIGTERM or SIGINT cancels: temporary and new outputs
/// are removed, {"cancelled": true} is printed and the exit code is 130.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Job id, e.g. validate.
    id: String,
    /// Parameters as a JSON object ({"DATASET": "...", "OUTPUT": "..."});
    /// read from standard input when left out.
    #[arg(long, value_name = "JSON")]
    params: Option<String>,
    /// Replace outputs that exist.
    #[arg(long)]
    force: bool,
}

fn line(value: Value) {
    super::print_stdout(&format!("{value}\n"));
}

struct JsonLines;

impl Feedback for JsonLines {
    fn progress(&self, percent: f64) {
        line(json!({ "progress": percent }));
    }
    fn log(&self, message: &str) {
        line(json!({ "log": message }));
    }
}

pub fn run(args: RunArgs) -> u8 {
    let text = match args.params {
        Some(p) => p,
        None => {
            let mut s = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut s) {
                line(
                    json!({ "error": format!("cannot read parameters from standard input: {e}") }),
                );
                return EXIT_USAGE;
            }
            s
        }
    };
    let params: Value =
        match serde_json::from_str(if text.trim().is_empty() { "{}" } else { &text }) {
            Ok(v) => v,
            Err(e) => {
                line(json!({ "error": format!("parameters are not valid JSON: {e}") }));
                return EXIT_USAGE;
            }
        };
    backend::adapter::install(super::run_args);
    let result = backend::prepare(&args.id, &params, args.force).and_then(|(job, params)| {
        cancel::exit_on_signal(params.outputs(), || line(json!({ "cancelled": true })))
            .map_err(|e| JobError::Failed(Box::new(e)))?;
        (job.run)(&params, &JsonLines)
    });
    match result {
        Ok(outputs) => {
            line(json!({ "result": outputs }));
            EXIT_OK
        }
        Err(e) => {
            line(json!({ "error": e.to_string() }));
            EXIT_USAGE
        }
    }
}
