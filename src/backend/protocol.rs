//! The JSON lines of `multisenge run` on standard output: `{"progress": P}`,
//! `{"phase": "NAME", "progress": P}`, `{"log": "..."}`, then `{"result": {...}}`, `{"error": "..."}` or, after
//! a cancellation, `{"cancelled": true}` (docs/backend.md).

use serde_json::{json, Value};

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

/// Checks the parameters, runs the job with [`JsonLines`] and prints the
/// last line: the result once the job's outputs are all in place
/// ([`crate::io::safety::journal::commit`]), or the error once everything
/// the job wrote is removed. The caller begins the run and arms the
/// cancellation ([`super::cancel::exit_on_signal`] with [`announce_cancel`]).
pub fn run_cancellable(id: &str, params: &Value, overwrite: bool) -> Result<Outputs, JobError> {
    use crate::io::safety::journal;
    let result = crate::backend::prepare(id, params, overwrite)
        .and_then(|(job, params)| (job.run)(&params, &JsonLines))
        .and_then(|outputs| {
            journal::commit()
                .map(|()| outputs)
                .map_err(JobError::failed)
        });
    match &result {
        Ok(outputs) => print_line(&json!({ "result": outputs })),
        Err(e) => {
            // A failure the cancellation caused: the watcher reports it.
            journal::wait_if_cancelled();
            journal::rollback();
            print_line(&json!({ "error": e.to_string() }))
        }
    }
    result
}

/// The last line of a cancelled job: `{"cancelled": true, "signal": NAME}`.
pub fn announce_cancel(signal: &str) {
    print_line(&json!({ "cancelled": true, "signal": signal }));
}
