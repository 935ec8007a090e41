//! `multisenge algorithms`: the jobs GIS front ends can run.

use clap::Args;

use multisenge::backend;

use super::{print_stdout, report_failure, EXIT_OK};

/// List the jobs `run` executes (what the QGIS plugin shows).
#[derive(Debug, Args)]
pub struct AlgorithmsArgs {
    /// Print every job's descriptor as JSON (id, name, group, help, typed
    /// parameters with defaults and limits, outputs), for front ends.
    #[arg(long)]
    json: bool,
}

pub fn run(args: AlgorithmsArgs) -> u8 {
    let all = backend::descriptors();
    if args.json {
        return report_failure(
            "multisenge: ",
            print_stdout(&format!("{all:#}\n")).map(|()| EXIT_OK),
        );
    }
    let mut listing = String::new();
    for d in backend::JOBS.iter().map(|j| (j.descriptor)()) {
        listing.push_str(&format!("{:12} {:16} {}\n", d.id, d.group, d.name));
    }
    report_failure("multisenge: ", print_stdout(&listing).map(|()| EXIT_OK))
}
