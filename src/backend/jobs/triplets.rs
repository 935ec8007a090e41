//! `triplets`: Sentinel-2 and Sentinel-1 time series and the ground
//! reference cut into triplets with their label files
//! ([`crate::triplets::job`], as the `triplets` subcommand).

use serde_json::{json, Map};

use super::param;
use crate::backend::{Descriptor, Feedback, JobError, Kind, Output, Outputs, Params};
use crate::profile::BackscatterUnit;
use crate::triplets::config::Reflectance;
use crate::triplets::select::SameDay;
use crate::triplets::{job, TripletsJob};

pub fn descriptor() -> Descriptor {
    let number = |name, description, (min, max), integer, unit| {
        let kind = Kind::Number {
            integer,
            min: Some(min),
            max: Some(max),
            unit,
        };
        param(name, description, kind, true)
    };
    Descriptor {
        id: "triplets",
        name: "Build a region: Sentinel-2 and Sentinel-1 triplets",
        group: "Generalization",
        help: "Cuts THEIA Level-2A products (folders or zips) and S1-Tiling outputs, with the \
               ground reference, into 256 x 256 triplets on the tile's 257-pixel grid: per \
               patch one Sentinel-2 file per date kept (10 bands, 20 m bands resampled to 10 m \
               by cubic convolution), one Sentinel-1 file per date kept (VV, VH), the ground \
               reference and the label file listing them. A date is kept for a patch when it \
               covers it (no nodata, few enough cloudy pixels). Options left out take the \
               triplets profile's values; see docs/triplets.md.",
        parameters: vec![
            param("TILE", "Sentinel-2 tile code (e.g. 31UGQ)", Kind::String, false),
            param(
                "GROUND_REFERENCE",
                "Ground reference on the tile's 10 m grid (generalize's output)",
                Kind::Raster,
                false,
            ),
            param(
                "S2",
                "Sentinel-2: a folder of THEIA products (folders or zips) or dated GeoTIFFs",
                Kind::Folder,
                false,
            ),
            param(
                "S1",
                "Sentinel-1: a folder of S1-Tiling outputs or dated two-band GeoTIFFs",
                Kind::Folder,
                false,
            ),
            param(
                "CONFIG",
                "Triplets profile (TOML); default: the bundled paper profile",
                Kind::File {
                    extension: Some("toml"),
                },
                true,
            ),
            param(
                "REFLECTANCE",
                "THEIA reflectance (default: the profile's, SRE)",
                Kind::Enum {
                    options: &["SRE", "FRE"],
                },
                true,
            ),
            number(
                "MAX_CLOUD_COVER",
                "Products kept below this cloud cover (default: 10)",
                (0.0, 100.0),
                false,
                "%",
            ),
            number(
                "MAX_CLOUDY_PIXELS",
                "Cloudy pixels allowed in a patch (default: 0)",
                (0.0, 100.0),
                false,
                "%",
            ),
            number("MIN_S2_DATES", "Fewest Sentinel-2 dates of a patch (default: 1)", (1.0, 366.0), true, "dates"),
            number("MIN_S1_DATES", "Fewest Sentinel-1 dates of a patch (default: 1)", (1.0, 366.0), true, "dates"),
            param(
                "SAME_DAY",
                "Two Sentinel-1 acquisitions on one day: the orbit direction kept (default: descending)",
                Kind::Enum {
                    options: &["descending", "ascending"],
                },
                true,
            ),
            param(
                "S1_UNIT",
                "Unit of the Sentinel-1 files (default: the dataset profile's, dB)",
                Kind::Enum {
                    options: &["dB", "linear"],
                },
                true,
            ),
            param(
                "AVOID",
                "A dataset whose patches (of other tiles) must not be overlapped",
                Kind::Folder,
                true,
            ),
            param(
                "RESUME",
                "Complete an interrupted run into the same folder",
                Kind::Boolean,
                true,
            )
            .with_default(json!(false)),
            param("OUTPUT", "Region folder (ground_reference/, s2/, s1/, labels/)", Kind::OutputFolder, false),
            param(
                "REPORT",
                "Summary of the run (JSON)",
                Kind::OutputFile { extension: "json" },
                true,
            ),
        ],
        outputs: vec![Output {
            name: "PATCHES",
            description: "Patches written",
            kind: "number",
        }],
        styles: Map::new(),
    }
}

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let output = params.required_path("OUTPUT")?;
    let whole = |name| params.number(name).map(|v| v as usize);
    let overrides = crate::triplets::params::Overrides {
        reflectance: params.text("REFLECTANCE").map(|r| {
            if r == "FRE" {
                Reflectance::Fre
            } else {
                Reflectance::Sre
            }
        }),
        max_cloud_cover: params.number("MAX_CLOUD_COVER"),
        max_cloudy_pixels: params.number("MAX_CLOUDY_PIXELS"),
        min_s2_dates: whole("MIN_S2_DATES"),
        min_s1_dates: whole("MIN_S1_DATES"),
        same_day: params.text("SAME_DAY").map(|d| {
            if d == "ascending" {
                SameDay::Ascending
            } else {
                SameDay::Descending
            }
        }),
        s1_unit: params.text("S1_UNIT").map(|u| {
            if u == "linear" {
                BackscatterUnit::Linear
            } else {
                BackscatterUnit::Db
            }
        }),
        s1_plain_unit: None,
    };
    let job = TripletsJob {
        tile: params.text("TILE").unwrap_or_default().to_string(),
        ground_reference: params.required_path("GROUND_REFERENCE")?,
        s2: vec![params.required_path("S2")?],
        s1: vec![params.required_path("S1")?],
        output: output.clone(),
        overrides,
        resume: params.flag("RESUME"),
        force: params.overwrite && !params.flag("RESUME"),
        report: params.path("REPORT"),
        avoid: params.path("AVOID").into_iter().collect(),
        config: params.path("CONFIG"),
        ..TripletsJob::default()
    };
    let avoid =
        crate::footprints::existing_patches(&output, &job.avoid).map_err(JobError::failed)?;
    feedback.progress(1.0);
    let summary = job::run(&job, Some(&avoid), &|done, all| {
        feedback.progress(1.0 + 99.0 * done as f64 / all.max(1) as f64);
    })
    .map_err(JobError::failed)?;
    for line in summary.lines() {
        feedback.log(&line);
    }
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(output));
    if let Some(report) = &job.report {
        outputs.insert("REPORT".into(), json!(report));
    }
    outputs.insert("PATCHES".into(), json!(summary.patches.written));
    Ok(outputs)
}
