//! What a running job reports ([`Feedback`]), gives back ([`Outputs`]),
//! and why it may not run or fail ([`JobError`]).

use serde_json::{Map, Value};

/// Receives what a running job reports (from any thread).
pub trait Feedback: Sync {
    /// Percent done, 0 to 100.
    fn progress(&self, percent: f64);
    /// A line for the user.
    fn log(&self, message: &str);
    /// Phase `name` starts, `percent` of the job being done.
    fn phase(&self, name: &str, percent: f64) {
        let _ = name;
        self.progress(percent);
    }
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
