//! The backend of GIS front ends (the QGIS plugin in `qgis/multisenge/`):
//! every job is a self-describing algorithm, Processing style.
//!
//! * [`descriptors`] lists every job: id, display name, group, help, typed
//!   parameters with defaults and limits, outputs (`multisenge algorithms
//!   --json`);
//! * [`run`] checks a job's parameters against its descriptor and runs it,
//!   reporting progress and log lines through [`Feedback`]
//!   (`multisenge run ID --params JSON` prints them as JSON lines).
//!
//! A job is one entry of [`JOBS`] and one function in `jobs/`: it takes
//! checked [`Params`] and a [`Feedback`] and returns its outputs by name.

pub mod cancel;
mod jobs;
pub mod params;
pub mod protocol;

use serde::Serialize;
use serde_json::{Map, Value};

pub use params::Params;

/// Version of the descriptor and result format; a front end refuses a
/// version it does not know.
pub const SCHEMA_VERSION: u32 = 1;

/// A job's parameter: what a front end shows and checks.
#[derive(Clone, Debug, Serialize)]
pub struct Parameter {
    /// Key in the `--params` object, upper case (`DATASET`).
    pub name: &'static str,
    /// Label shown to users.
    pub description: &'static str,
    #[serde(flatten)]
    pub kind: Kind,
    pub optional: bool,
    /// Value used when the parameter is left out (None: nothing).
    pub default: Option<Value>,
}

impl Parameter {
    /// The same parameter with a default value.
    pub fn with_default(mut self, value: Value) -> Parameter {
        self.default = Some(value);
        self
    }
}

/// Parameter types, after QGIS Processing's.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Kind {
    /// An existing folder.
    Folder,
    /// An existing file, with its usual extension (without dot), if any.
    File {
        extension: Option<&'static str>,
    },
    /// An existing vector layer (any OGR format).
    Vector,
    /// An existing raster layer.
    Raster,
    /// One of `options`, passed by value.
    Enum {
        options: &'static [&'static str],
    },
    /// A number within [min, max]; `integer` when only whole numbers.
    Number {
        integer: bool,
        min: Option<f64>,
        max: Option<f64>,
        unit: &'static str,
    },
    Boolean,
    /// Free text.
    String,
    /// A CRS as `EPSG:n` or WKT.
    Crs,
    /// Files the job writes; `extension` without dot.
    OutputFile {
        extension: &'static str,
    },
    OutputFolder,
    OutputVector {
        extension: &'static str,
    },
    OutputRaster {
        extension: &'static str,
    },
}

impl Kind {
    /// Whether the parameter names something the job writes.
    pub fn is_output(&self) -> bool {
        matches!(
            self,
            Kind::OutputFile { .. }
                | Kind::OutputFolder
                | Kind::OutputVector { .. }
                | Kind::OutputRaster { .. }
        )
    }
}

/// A result that is not a written file (those are the output parameters).
#[derive(Clone, Debug, Serialize)]
pub struct Output {
    pub name: &'static str,
    pub description: &'static str,
    /// `number` or `string`.
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// One job's descriptor.
#[derive(Clone, Debug, Serialize)]
pub struct Descriptor {
    /// Stable id: QGIS shows the job as `multisenge:<id>`.
    pub id: &'static str,
    pub name: &'static str,
    pub group: &'static str,
    pub help: &'static str,
    pub parameters: Vec<Parameter>,
    /// Results other than the output parameters (counts, ...).
    pub outputs: Vec<Output>,
    /// Style a front end applies to each output parameter, by parameter
    /// name: `findings` (findings layer) or `classes` (class raster); the
    /// plugin ships them as `styles/<name>.qml`.
    pub styles: Map<String, Value>,
}

/// Receives what a running job reports (from any thread).
pub trait Feedback: Sync {
    /// Percent done, 0 to 100.
    fn progress(&self, percent: f64);
    /// A line for the user.
    fn log(&self, message: &str);
}

/// A job's named results: output parameter paths, counts.
pub type Outputs = Map<String, Value>;

/// Why a job did not run or failed.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("`{0}` is not a job (see `multisenge algorithms`)")]
    UnknownJob(String),
    #[error("parameters: {0}")]
    BadParams(String),
    #[error("parameter {name}: {message}")]
    BadParameter { name: String, message: String },
    /// The job could not do its work (unreadable input, profile error,
    /// output that cannot be written...).
    #[error("{0}")]
    Failed(Box<dyn std::error::Error + Send + Sync>),
}

impl JobError {
    pub(crate) fn failed(e: impl std::error::Error + Send + Sync + 'static) -> JobError {
        JobError::Failed(Box::new(e))
    }
}

/// A job: its descriptor and the function that runs it.
pub struct Job {
    pub descriptor: fn() -> Descriptor,
    pub run: fn(&Params, &dyn Feedback) -> Result<Outputs, JobError>,
}

/// Every job, in the order front ends list them.
pub const JOBS: &[Job] = &[
    Job {
        descriptor: jobs::validate::descriptor,
        run: jobs::validate::run,
    },
    Job {
        descriptor: jobs::stats::descriptor,
        run: jobs::stats::run,
    },
    Job {
        descriptor: jobs::rules::descriptor,
        run: jobs::rules::run,
    },
    Job {
        descriptor: jobs::footprints::descriptor,
        run: jobs::footprints::run,
    },
    Job {
        descriptor: jobs::report::descriptor,
        run: jobs::report::run,
    },
    Job {
        descriptor: jobs::stac::descriptor,
        run: jobs::stac::run,
    },
    Job {
        descriptor: jobs::select::descriptor,
        run: jobs::select::run,
    },
    Job {
        descriptor: jobs::generalize::descriptor,
        run: jobs::generalize::run,
    },
    Job {
        descriptor: jobs::compare::descriptor,
        run: jobs::compare::run,
    },
];

/// Every job's descriptor, in a versioned envelope: `schema` (this
/// format's version) and `version` (the binary's, so a front end can ask
/// for a newer one).
pub fn descriptors() -> Value {
    let algorithms: Vec<Descriptor> = JOBS.iter().map(|j| (j.descriptor)()).collect();
    serde_json::json!({
        "schema": SCHEMA_VERSION,
        "version": env!("CARGO_PKG_VERSION"),
        "algorithms": algorithms,
    })
}

/// The job with this id.
pub fn job(id: &str) -> Result<(&'static Job, Descriptor), JobError> {
    JOBS.iter()
        .map(|j| (j, (j.descriptor)()))
        .find(|(_, d)| d.id == id)
        .ok_or_else(|| JobError::UnknownJob(id.to_string()))
}

/// Job `id` with `params` (a JSON object) checked against its descriptor:
/// unknown names, types, limits, existing inputs, outputs that exist
/// without `overwrite`.
pub fn prepare(
    id: &str,
    params: &Value,
    overwrite: bool,
) -> Result<(&'static Job, Params), JobError> {
    let (job, descriptor) = job(id)?;
    Ok((job, Params::check(&descriptor, params, overwrite)?))
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
