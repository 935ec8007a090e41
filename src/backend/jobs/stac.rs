//! `stac`: a static STAC 1.0 catalog of the dataset
//! ([`crate::publish::stac`], as the `stac` subcommand).

use serde_json::{json, Map};

use super::{dataset_param, labels_only_param, param, profile_param};
use crate::backend::{Descriptor, Feedback, JobError, Kind, Output, Outputs, Params};
use crate::publish::{stac, StacArgs};

pub fn descriptor() -> Descriptor {
    Descriptor {
        id: "stac",
        name: "STAC catalog",
        group: "Publication",
        help: "A static STAC 1.0 catalog in a folder: one Collection (extent, licence and \
               citation from the profile, the class table through the label extension) and \
               one Item per patch (footprint, date range, projection extension, the ground \
               reference, label file and every Sentinel-2 and Sentinel-1 file as assets), \
               with relative links.",
        parameters: vec![
            dataset_param(),
            profile_param(),
            labels_only_param(
                "Use the label files only, even if raster folders exist (assets: the listed names)",
            ),
            param(
                "ASSET_BASE",
                "URL the dataset root is published under (default: relative paths)",
                Kind::String,
                true,
            ),
            param(
                "OUTPUT",
                "Catalog folder (must not exist or be empty unless overwriting)",
                Kind::OutputFolder,
                false,
            ),
        ],
        outputs: vec![Output {
            name: "ITEMS",
            description: "Number of items (patches)",
            kind: "number",
        }],
        styles: Map::new(),
    }
}

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let path = params.required_path("OUTPUT")?;
    let args = StacArgs {
        dataset: params.required_path("DATASET")?,
        output: path.clone(),
        force: params.overwrite,
        labels_only: params.flag("LABELS_ONLY"),
        profile: params.path("PROFILE"),
        asset_base: params.text("ASSET_BASE").map(str::to_string),
        listing: Default::default(),
    };
    let hook = |percent: f64| feedback.progress(percent * 0.8);
    let summary = stac(&args, false, Some(&hook)).map_err(JobError::failed)?;
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(path));
    outputs.insert("ITEMS".into(), json!(summary.items));
    Ok(outputs)
}
