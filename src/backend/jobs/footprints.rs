//! `footprints`: every patch of a dataset on a map, with the patches it
//! overlaps ([`crate::footprints`], as the `footprints` subcommand).

use serde_json::json;

use super::{dataset_param, labels_only_param, param, profile_param};
use crate::backend::{Descriptor, Feedback, JobError, Kind, Output, Outputs, Params};
use crate::footprints::{export_footprints, ExportOptions};
use crate::io::footprint_layer::Destination;

pub fn descriptor() -> Descriptor {
    Descriptor {
        id: "footprints",
        name: "Patch footprints",
        group: "Validation",
        help: "Every patch footprint (from its reference raster, or from the Sentinel-2 tiling \
               grid for label files alone) as a layer with its tile, x, y, EPSG code, classes, \
               Sentinel-2 and Sentinel-1 date counts, first and last date, and the ids of the \
               patches it overlaps (rules S001/S002).",
        parameters: vec![
            dataset_param(),
            profile_param(),
            labels_only_param(
                "Use the label files and the tiling grid only, even if rasters exist",
            ),
            param("T_SRS", "CRS of the layer", Kind::Crs, true).with_default(json!("EPSG:4326")),
            param(
                "OUTPUT",
                "Footprints (GeoPackage, or GeoJSON by extension)",
                Kind::OutputVector { extension: "gpkg" },
                false,
            ),
        ],
        outputs: vec![Output {
            name: "OVERLAPPING_PAIRS",
            description: "Pairs of patches that overlap",
            kind: "number",
        }],
        styles: [("OUTPUT".to_string(), json!("footprints"))]
            .into_iter()
            .collect(),
    }
}

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let profile = super::load_profile(params)?;
    let dataset = params.required_path("DATASET")?;
    let path = params.required_path("OUTPUT")?;
    let options = ExportOptions {
        labels_only: params.flag("LABELS_ONLY"),
        t_srs: params.text("T_SRS").unwrap_or("EPSG:4326").to_string(),
        destination: Destination::File(path.clone()),
        overwrite: params.overwrite,
        listing: Default::default(),
        progress: false,
    };
    feedback.progress(1.0);
    let summary = export_footprints(&dataset, &profile, &options).map_err(JobError::failed)?;
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(path));
    outputs.insert("OVERLAPPING_PAIRS".into(), json!(summary.overlapping_pairs));
    Ok(outputs)
}
