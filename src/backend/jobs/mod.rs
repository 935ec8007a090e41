//! One file per job: its descriptor and the function that runs it.

pub mod compare;
pub mod footprints;
pub mod generalize;
pub mod report;
pub mod rules;
pub mod select;
pub mod stac;
pub mod stats;
pub mod validate;

use super::{Kind, Parameter};

/// A parameter with the usual flags, to keep descriptors short.
pub(crate) fn param(
    name: &'static str,
    description: &'static str,
    kind: Kind,
    optional: bool,
) -> Parameter {
    Parameter {
        name,
        description,
        kind,
        optional,
        default: None,
    }
}

/// `DATASET`, a dataset root or a folder of label files.
pub(crate) fn dataset_param() -> Parameter {
    param(
        "DATASET",
        "Dataset root, or a folder of label files",
        Kind::Folder,
        false,
    )
}

/// `LABELS_ONLY`, off by default.
pub(crate) fn labels_only_param(description: &'static str) -> Parameter {
    param("LABELS_ONLY", description, Kind::Boolean, true).with_default(serde_json::json!(false))
}

/// The dataset-profile parameter shared by validate and stats.
pub(crate) fn profile_param() -> Parameter {
    param(
        "PROFILE",
        "Dataset profile (TOML); default: the bundled validators/multisenge.toml",
        Kind::File {
            extension: Some("toml"),
        },
        true,
    )
}

/// The generalization-profile parameter shared by generalize and compare.
pub(crate) fn config_param() -> Parameter {
    param(
        "CONFIG",
        "Generalization profile (TOML) or a bundled profile's name (paper, ocsge-plus); default: paper",
        Kind::File {
            extension: Some("toml"),
        },
        true,
    )
}

/// Runs the validation engine on `DATASET` with `LABELS_ONLY` (validate and
/// stats, which also wants the `class_pixels`), its progress reported as 0
/// to `up_to` percent.
pub(crate) fn run_engine(
    params: &super::Params,
    profile: &crate::profile::LoadedProfile,
    feedback: &dyn super::Feedback,
    up_to: f64,
    class_pixels: bool,
) -> Result<crate::engine::Report, super::JobError> {
    let dataset = params.required_path("DATASET")?;
    let options = crate::engine::Options {
        labels_only: params.flag("LABELS_ONLY"),
        progress: false,
        class_pixels,
        listing: None,
    };
    let hook = |percent: f64| feedback.progress(percent * up_to / 100.0);
    crate::engine::validate_with_progress(&dataset, profile, &options, Some(&hook))
        .map_err(super::JobError::failed)
}

/// Loads `CONFIG` or the bundled generalization profile.
pub(crate) fn load_config(
    params: &super::Params,
) -> Result<crate::generalize::config::GeneralizeConfig, super::JobError> {
    use crate::generalize::config::GeneralizeConfig;
    GeneralizeConfig::from_option(params.path("CONFIG").as_deref()).map_err(super::JobError::failed)
}

/// Loads `PROFILE` or the bundled profile.
pub(crate) fn load_profile(
    params: &super::Params,
) -> Result<crate::profile::LoadedProfile, super::JobError> {
    crate::profile::LoadedProfile::load_or_default(params.path("PROFILE").as_deref())
        .map_err(super::JobError::failed)
}

/// Writes a text output atomically.
pub(crate) fn write_text(path: &std::path::Path, text: &str) -> Result<(), super::JobError> {
    crate::io::atomic::write_bytes(path, text.as_bytes()).map_err(|e| {
        super::JobError::failed(std::io::Error::new(
            e.kind(),
            format!("{}: {e}", path.display()),
        ))
    })
}
