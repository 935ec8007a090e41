//! The JSON lines of `multisenge run` on standard output: `{"progress": P}`,
//! `{"phase": "NAME", "progress": P}`, `{"log": "..."}`, then `{"result": {...}}`, `{"error": "..."}` or, after
//! a cancellation, `{"cancelled": true}` (docs/backend.md).

use serde_json::{json, Value};

use super::cancel;
use super::job::{Feedback, JobError, Outputs};

/// Prints one JSON object on its own line; a closed pipe is ignored (the
/// job still runs to the end or to its cancellation).
pub fn print_line(value: &Value) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{value}").and_then(|_| out.flush());
}

/// [`Feedback`] as JSON lines on standard output.
pub struct JsonLines;

impl Feedback for JsonLines {
    fn progress(&self, percent: f64) {
        print_line(&json!({ "progress": percent }));
    }
    fn log(&self, message: &str) {
        print_line(&json!({ "log": message }));
    }
    fn phase(&self, name: &str, percent: f64) {
        print_line(&json!({ "phase": name, "progress": percent }));
    }
}

/// Parses the parameters given to `run` (empty text: no parameter).
/// The parameters given with `--params`, or else read from standard input.
pub fn read_params(given: Option<String>) -> Result<Value, JobError> {
    let text = match given {
        Some(text) => text,
        None => std::io::read_to_string(std::io::stdin())
            .map_err(|e| JobError::BadParams(format!("cannot read standard input: {e}")))?,
    };
    parse_params(&text)
}

pub fn parse_params(text: &str) -> Result<Value, JobError> {
    if text.trim().is_empty() {
        return Ok(json!({}));
    }
    serde_json::from_str(text).map_err(|e| JobError::BadParams(format!("not valid JSON: {e}")))
}

/// Checks the parameters, arms the cancellation (SIGTERM/SIGINT, see
/// [`cancel`]) for the job's outputs, runs the job with [`JsonLines`], and
/// prints the last line: the result or the error.
pub fn run_cancellable(id: &str, params: &Value, overwrite: bool) -> Result<Outputs, JobError> {
    let result = crate::backend::prepare(id, params, overwrite).and_then(|(job, params)| {
        cancel::exit_on_signal(params.outputs(), || {
            print_line(&json!({ "cancelled": true }))
        })
        .map_err(JobError::failed)?;
        (job.run)(&params, &JsonLines)
    });
    match &result {
        Ok(outputs) => print_line(&json!({ "result": outputs })),
        Err(e) => print_line(&json!({ "error": e.to_string() })),
    }
    result
}
