//! One file per job: the function that runs it from checked parameters
//! (its parameters are in its spec, `crate::jobspec`).

pub mod compare;
pub mod footprints;
pub mod generalize;
pub mod report;
pub mod rules;
pub mod select;
pub mod stac;
pub mod stats;
pub mod triplets;
pub mod validate;

use crate::backend::job::{Feedback, JobError};
use crate::backend::params::Params;

/// Runs the validation engine on `DATASET` with `LABELS_ONLY` (validate and
/// stats, which also wants the `class_pixels`), its progress reported as 0
/// to `up_to` percent; the cache's warnings are logged.
pub(crate) fn run_engine(
    params: &Params,
    profile: &crate::profile::LoadedProfile,
    feedback: &dyn Feedback,
    up_to: f64,
    class_pixels: bool,
    cache: crate::engine::cache::CacheOptions,
) -> Result<crate::engine::Report, JobError> {
    let dataset = params.required_path("DATASET")?;
    let options = crate::engine::Options {
        labels_only: params.values.flag("LABELS_ONLY"),
        progress: false,
        class_pixels,
        listing: None,
        cache,
    };
    let hook = |percent: f64| feedback.progress(percent * up_to / 100.0);
    let report = crate::engine::validate_with_progress(&dataset, profile, &options, Some(&hook))
        .map_err(JobError::failed)?;
    for warning in report.cache.iter().flat_map(|c| &c.warnings) {
        feedback.log(&format!("warning: {warning}"));
    }
    Ok(report)
}

/// Loads `PROFILE`: a file, a bundled profile's name, or the default.
pub(crate) fn load_profile(params: &Params) -> Result<crate::profile::LoadedProfile, JobError> {
    crate::profile::LoadedProfile::load_or_default(params.path("PROFILE").as_deref())
        .map_err(JobError::failed)
}

/// A job's phases as [`Feedback::phase`] calls: the share of the run done,
/// from 0 to 1, as 1 to 99 percent (the job reports 100 when its result is
/// ready).
pub(crate) fn phase_reporter(feedback: &dyn Feedback) -> impl Fn(&str, f64) + Sync + '_ {
    move |name: &str, done: f64| feedback.phase(name, 1.0 + 98.0 * done.clamp(0.0, 1.0))
}

/// Writes a text output atomically.
pub(crate) fn write_text(path: &std::path::Path, text: &str) -> Result<(), JobError> {
    crate::io::safety::atomic::write_bytes(path, text.as_bytes()).map_err(|e| {
        JobError::failed(std::io::Error::new(
            e.kind(),
            format!("{}: {e}", path.display()),
        ))
    })
}
