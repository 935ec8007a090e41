//! `multisenge algorithms`: the jobs GIS front ends can run.

use clap::Args;

use multisenge::backend;

use super::{print_stdout, CliError, EXIT_OK};

/// List the jobs `run` executes (what the QGIS plugin shows).
#[derive(Debug, Args)]
pub struct AlgorithmsArgs {
    /// Print every job's descriptor as JSON (id, name, group, help, typed
    /// parameters with defaults and limits, outputs), for front ends.
    #[arg(long)]
    json: bool,
}

pub fn run(args: AlgorithmsArgs) -> Result<u8, CliError> {
    let all = backend::descriptors();
    let text = if args.json {
        format!("{all:#}\n")
    } else {
        let listing = backend::JOBS.iter().map(backend::Job::descriptor);
        listing
            .map(|d| format!("{:12} {:16} {}\n", d.id, d.group, d.name))
            .collect()
    };
    print_stdout(&text)?;
    Ok(EXIT_OK)
}
