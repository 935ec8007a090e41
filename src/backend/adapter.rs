//! Jobs whose work is still orchestrated by the command line
//! (`generalize`, `compare`: reading the profile and inputs, choosing the
//! grid, writing outputs live in `src/cli/` today) run it through this one
//! adapter: the binary installs a function that runs a subcommand in
//! process, and the job hands it the equivalent arguments.
//!
//! Once that orchestration moves into the library, the two jobs call it
//! directly and this module goes away.

use std::sync::OnceLock;

use super::JobError;

/// Runs `multisenge ARGS...` in process (ARGS without the program name) and
/// returns its exit code.
pub type SubcommandRunner = fn(&[String]) -> u8;

static RUNNER: OnceLock<SubcommandRunner> = OnceLock::new();

/// Installs the runner (the `multisenge` binary does, before `run`).
pub fn install(runner: SubcommandRunner) {
    let _ = RUNNER.set(runner);
}

/// Why a subcommand run through the adapter failed.
#[derive(Debug, thiserror::Error)]
pub enum AdapterError {
    #[error("this program cannot run `{0}` (no command-line runner installed)")]
    NoRunner(String),
    #[error(
        "`multisenge {command}` failed with exit code {code} (its messages are on standard error)"
    )]
    Failed { command: String, code: u8 },
}

/// Runs the subcommand `args` (with `--force` when the job may overwrite),
/// logging its command line and reporting start and end.
pub(crate) fn run_job(
    mut args: Vec<String>,
    params: &super::Params,
    feedback: &dyn super::Feedback,
) -> Result<(), JobError> {
    if params.overwrite {
        args.push("--force".into());
    }
    feedback.log(&format!("multisenge {}", args.join(" ")));
    feedback.progress(1.0);
    run_subcommand(&args)?;
    feedback.progress(100.0);
    Ok(())
}

/// Runs the subcommand; exit code 0 is success.
fn run_subcommand(args: &[String]) -> Result<(), JobError> {
    let command = args.first().cloned().unwrap_or_default();
    let runner = RUNNER
        .get()
        .ok_or_else(|| JobError::failed(AdapterError::NoRunner(command.clone())))?;
    match runner(args) {
        0 => Ok(()),
        code => Err(JobError::failed(AdapterError::Failed { command, code })),
    }
}

/// Appends `--flag VALUE` for each parameter present.
pub(crate) fn push_options(
    args: &mut Vec<String>,
    params: &super::Params,
    options: &[(&str, &str)],
) {
    for (name, flag) in options {
        let value = params
            .text(name)
            .map(str::to_string)
            .or_else(|| params.number(name).map(|v| v.to_string()));
        if let Some(v) = value {
            args.push((*flag).to_string());
            args.push(v);
        }
    }
}
