//! One file per job: its descriptor and the function that runs it.

pub mod compare;
pub mod footprints;
pub mod generalize;
pub mod rules;
pub mod select;
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

/// The bundled dataset profile's name (validators/multisenge.toml).
const BUNDLED_PROFILES: &[&str] = &["multisenge"];

/// The bundled generalization profiles' names
/// ([`crate::generalize::config::BUNDLED`]).
const BUNDLED_CONFIGS: &[&str] = &["paper", "ocsge-plus"];

/// The dataset-profile parameter shared by validate and stats.
pub(crate) fn profile_param() -> Parameter {
    param(
        "PROFILE",
        "Dataset profile: `multisenge` (bundled, validators/multisenge.toml) or a TOML file",
        Kind::Profile {
            bundled: BUNDLED_PROFILES,
            extension: "toml",
        },
        true,
    )
    .with_default(serde_json::json!("multisenge"))
}

/// The generalization-profile parameter shared by generalize and compare.
pub(crate) fn config_param() -> Parameter {
    param(
        "CONFIG",
        "Generalization profile: a bundled one (paper, ocsge-plus) or a TOML file",
        Kind::Profile {
            bundled: BUNDLED_CONFIGS,
            extension: "toml",
        },
        true,
    )
    .with_default(serde_json::json!("paper"))
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
    let mut config = match params.text("CONFIG") {
        Some(name) if BUNDLED_CONFIGS.contains(&name) => GeneralizeConfig::bundled_named(name)
            .ok_or_else(|| super::JobError::BadParameter {
                name: "CONFIG".into(),
                message: format!("{name}: not a bundled profile"),
            })?,
        path => GeneralizeConfig::from_option(path.map(std::path::Path::new))
            .map_err(super::JobError::failed)?,
    };
    // A layer named with the path (`|layername=`, `|layerid=`) is read
    // instead of the profile's.
    if let Some((_, Some(layer))) = params.vector("SOURCE") {
        config.source.layer = layer;
    }
    if let Some((_, Some(layer))) = params.vector("ROADS") {
        config.roads.layer = layer;
    }
    Ok(config)
}

/// The file of a vector parameter (without its `|layername=`).
pub(crate) fn vector_path(params: &super::Params, name: &str) -> Option<std::path::PathBuf> {
    params.vector(name).map(|(path, _)| path)
}

/// Loads `PROFILE` or the bundled profile.
pub(crate) fn load_profile(
    params: &super::Params,
) -> Result<crate::profile::LoadedProfile, super::JobError> {
    let path = params
        .text("PROFILE")
        .filter(|p| !BUNDLED_PROFILES.contains(p));
    crate::profile::LoadedProfile::load_or_default(path.map(std::path::Path::new))
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

/// A job's phases as [`super::Feedback::phase`] calls: the share of the
/// run done, from 0 to 1, as 1 to 99 percent (the job reports 100 when
/// its result is ready).
pub(crate) fn phase_reporter(feedback: &dyn super::Feedback) -> impl Fn(&str, f64) + Sync + '_ {
    move |name: &str, done: f64| feedback.phase(name, 1.0 + 98.0 * done.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    #[test]
    fn bundled_config_names_are_the_bundled_profiles() {
        let names: Vec<&str> = crate::generalize::config::BUNDLED
            .iter()
            .map(|(n, _, _)| *n)
            .collect();
        assert_eq!(names, super::BUNDLED_CONFIGS);
    }
}
