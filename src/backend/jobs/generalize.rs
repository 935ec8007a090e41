//! `generalize`: vector land cover (+ roads) → ground-reference raster of a
//! tile, optionally cut into patches ([`crate::generalize::job`], as the
//! `generalize` subcommand).

use serde_json::{json, Map};

use super::param;
use crate::backend::{Descriptor, Feedback, JobError, Kind, Outputs, Params};
use crate::generalize::config::PixelRule;
use crate::generalize::job::{self, Job, Overrides, PatchLayout};
use crate::profile::LoadedProfile;

pub fn descriptor() -> Descriptor {
    let number = |name, description, min, max, unit| {
        param(
            name,
            description,
            Kind::Number {
                integer: true,
                min: Some(min),
                max,
                unit,
            },
            true,
        )
    };
    let mut styles = Map::new();
    styles.insert("OUTPUT".into(), json!("classes"));
    Descriptor {
        id: "generalize",
        name: "Generalize land cover to a ground reference",
        group: "Generalization",
        help: "Rasterizes a land-cover layer onto the 10 m grid of a Sentinel-2 tile (or of a \
               given raster), removes regions below the minimum mapping unit, fills, closes, \
               burns roads, and writes the class raster (colour table and class names of the \
               profile, internal overviews) and optionally the 256 x 256 patches with their \
               label files. Options left out take the generalization profile's values; see \
               docs/generalize.md.",
        parameters: vec![
            param("SOURCE", "Land-cover polygons (any OGR format and CRS)", Kind::Vector, false),
            param("ROADS", "Road and railway lines", Kind::Vector, true),
            param(
                "TILE",
                "Sentinel-2 tile code of the target grid (e.g. 31UGQ); names the patches",
                Kind::String,
                true,
            ),
            param("LIKE", "Target grid: the grid and CRS of this raster instead of a tile", Kind::Raster, true),
            super::config_param(),
            param(
                "PIXEL_RULE",
                "Rasterize pixel rule (default: the profile's, majority)",
                Kind::Enum { options: &["majority", "centre"] },
                true,
            ),
            number("MMU", "Minimum mapping unit, pixels (default: the profile's, 250)", 0.0, None, "px"),
            param(
                "CONNECTIVITY",
                "Region connectivity (default: the profile's, 8)",
                Kind::Enum { options: &["8", "4"] },
                true,
            ),
            number(
                "FILL_PROPAGATION_LIMIT",
                "Fill: how far the propagation may go beyond the vote radius (0 for a source covering part of the tile; default: no limit)",
                0.0,
                None,
                "px",
            ),
            param("COG", "Write a Cloud Optimized GeoTIFF", Kind::Boolean, true)
                .with_default(json!(false)),
            param(
                "OUTPUT",
                "Ground-reference raster (GeoTIFF)",
                Kind::OutputRaster { extension: "tif" },
                false,
            ),
            param(
                "PATCHES",
                "Folder for the patches (ground_reference/ and labels/); needs TILE",
                Kind::OutputFolder,
                true,
            ),
        ],
        outputs: vec![],
        styles,
    }
}

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let output = params.required_path("OUTPUT")?;
    let config = super::load_config(params)?;
    let layout = PatchLayout::of(&LoadedProfile::default_profile().profile);
    let whole = |name| params.number(name).map(|v| v as usize);
    let patches = params.path("PATCHES");
    let avoid = match &patches {
        Some(dir) => Some(crate::footprints::existing_patches(dir, &[]).map_err(JobError::failed)?),
        None => None,
    };
    let job = Job {
        source: super::vector_path(params, "SOURCE"),
        roads: super::vector_path(params, "ROADS"),
        tile: params.text("TILE").map(str::to_string),
        like: params.path("LIKE"),
        steps: vec!["all".into()],
        output: Some(output.clone()),
        patches: patches.clone(),
        overrides: Overrides {
            pixel_rule: match params.text("PIXEL_RULE") {
                Some("centre") => Some(PixelRule::Centre),
                Some(_) => Some(PixelRule::Majority),
                None => None,
            },
            mmu: whole("MMU").map(|px| px.to_string()),
            connectivity: params.text("CONNECTIVITY").and_then(|c| c.parse().ok()),
            fill_propagation_limit: whole("FILL_PROPAGATION_LIMIT"),
            ..Overrides::default()
        },
        force: params.overwrite,
        cog: params.flag("COG"),
        avoid,
        ..Job::default()
    };
    let phases = super::phase_reporter(feedback);
    job::run_reporting(
        &job,
        &config,
        &layout,
        &mut |line| feedback.log(line),
        &phases,
    )
    .map_err(JobError::failed)?;
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(output));
    if let Some(dir) = patches {
        outputs.insert("PATCHES".into(), json!(dir));
    }
    Ok(outputs)
}
