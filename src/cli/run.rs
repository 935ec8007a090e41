//! `multisenge run`: one job, for GIS front ends; JSON lines out.

use clap::Args;

use multisenge::backend::protocol;

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

pub fn run(args: RunArgs) -> u8 {
    let done = protocol::read_params(args.params)
        .inspect_err(|e| protocol::print_line(&serde_json::json!({ "error": e.to_string() })))
        .and_then(|params| protocol::run_cancellable(&args.id, &params, args.force));
    done.map_or(EXIT_USAGE, |_| EXIT_OK)
}
