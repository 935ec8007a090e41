//! The backend of GIS front ends (the QGIS plugin in `qgis/multisenge/`):
//! every job is a self-describing algorithm, Processing style.
//!
//! * [`descriptors`] lists every job: id, display name, group, help, typed
//!   parameters with defaults and limits, outputs, styles and help page
//!   (`multisenge algorithms --json`), derived from the job's
//!   [`JobSpec`](crate::jobspec::JobSpec); [`docs`] renders them as
//!   `docs/jobs.md`, the help pages;
//! * [`run`] checks a job's parameters as its spec says (the same parsers
//!   as the command line's) and runs it, reporting progress and log lines
//!   through [`Feedback`] (`multisenge run ID --params JSON` prints them as
//!   JSON lines).
//!
//! A job is one entry of [`JOBS`] (its spec, with a backend part) and one
//! function in `jobs/`: it takes checked [`Params`] and a [`Feedback`] and
//! returns its outputs by name.

pub mod cancel;
pub mod descriptor;
pub mod docs;
pub mod job;
mod jobs;
pub mod params;
pub mod protocol;

use serde_json::Value;

pub use descriptor::{Descriptor, Kind, Output, Parameter};
pub use job::{Feedback, JobError, Outputs};
pub use params::Params;

/// Version of the descriptor and result format; a front end refuses a
/// version it does not know.
pub const SCHEMA_VERSION: u32 = 1;

/// A job: its spec (with a backend part) and the function that runs it.
pub struct Job {
    pub spec: &'static crate::jobspec::JobSpec,
    pub run: fn(&Params, &dyn Feedback) -> Result<Outputs, JobError>,
}

impl Job {
    /// The job's descriptor.
    pub fn descriptor(&self) -> Descriptor {
        descriptor::of(self.spec)
    }
}

/// Every job, in the order front ends list them.
pub const JOBS: &[Job] = &[
    Job {
        spec: &crate::jobspec::validate::SPEC,
        run: jobs::validate::run,
    },
    Job {
        spec: &crate::jobspec::stats::SPEC,
        run: jobs::stats::run,
    },
    Job {
        spec: &crate::jobspec::rules::SPEC,
        run: jobs::rules::run,
    },
    Job {
        spec: &crate::jobspec::footprints::SPEC,
        run: jobs::footprints::run,
    },
    Job {
        spec: &crate::jobspec::report::SPEC,
        run: jobs::report::run,
    },
    Job {
        spec: &crate::jobspec::stac::SPEC,
        run: jobs::stac::run,
    },
    Job {
        spec: &crate::jobspec::select::SPEC,
        run: jobs::select::run,
    },
    Job {
        spec: &crate::jobspec::generalize::SPEC,
        run: jobs::generalize::run,
    },
    Job {
        spec: &crate::jobspec::compare::SPEC,
        run: jobs::compare::run,
    },
    Job {
        spec: &crate::jobspec::triplets::SPEC,
        run: jobs::triplets::run,
    },
];

/// Every job's descriptor, in a versioned envelope: `schema` (this
/// format's version) and `version` (the binary's, so a front end can ask
/// for a newer one).
pub fn descriptors() -> Value {
    let algorithms: Vec<Descriptor> = JOBS.iter().map(Job::descriptor).collect();
    serde_json::json!({
        "schema": SCHEMA_VERSION,
        "version": env!("CARGO_PKG_VERSION"),
        "algorithms": algorithms,
    })
}

/// The job with this id.
pub fn job(id: &str) -> Result<&'static Job, JobError> {
    JOBS.iter()
        .find(|j| j.spec.id == id)
        .ok_or_else(|| JobError::UnknownJob(id.to_string()))
}

/// Job `id` with `params` (a JSON object) checked against its spec:
/// unknown names, types, limits, existing inputs, outputs that exist
/// without `overwrite`.
pub fn prepare(
    id: &str,
    params: &Value,
    overwrite: bool,
) -> Result<(&'static Job, Params), JobError> {
    let job = job(id)?;
    Ok((job, Params::check(job.spec, params, overwrite)?))
}

/// Runs job `id` with `params` (checked by [`prepare`]).
pub fn run(
    id: &str,
    params: &Value,
    overwrite: bool,
    feedback: &dyn Feedback,
) -> Result<Outputs, JobError> {
    let (job, params) = prepare(id, params, overwrite)?;
    (job.run)(&params, feedback)
}
