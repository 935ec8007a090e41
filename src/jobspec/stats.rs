//! `stats`: release-note figures of a dataset.

use super::shared::{data_format, report, DATASET, LABELS_ONLY, LISTING, PROFILE};
use super::spec::{Backend, Flag, JobSpec, Output, Param, Required};
use super::value::Values;
use crate::dataset_stats::StatsOptions;

pub const SPEC: JobSpec = JobSpec {
    id: "stats",
    about: "Print release-note figures: patches, acquisition dates, class frequencies",
    long_about: "Per tile and for all tiles: patches; distinct acquisition dates per sensor and \
                 month, and apart the patch files listed for them; first and last dates; class \
                 frequencies in patches (label files listing the class) and, when rasters are \
                 present, in ground-reference pixels.",
    backend: Some(Backend {
        name: "Dataset statistics",
        group: "Validation",
        help: "Release-note figures: patches per tile, acquisitions per month and sensor, \
               class frequencies (JSON, as `multisenge stats --format json`).",
        outputs: &[Output {
            name: "PATCHES",
            description: "Number of patches",
            kind: "number",
        }],
        styles: &[],
    }),
    params: &[
        DATASET,
        PROFILE,
        LABELS_ONLY
            .label("Use the label files only, even if raster folders exist")
            .help("Use the label files only, even if raster folders exist (no pixel counts then)"),
        LISTING,
        data_format(
            "Output format: text (release note), json (schema version 2) or csv (one long \
             table: tile,sensor,month,class,measure,value)",
        ),
        Param::new(
            "OUTPUT",
            report("json", true),
            Flag::long("output", "FILE").short('o'),
        )
        .label("Statistics (JSON)")
        .help(
            "Write to FILE (atomically: a temporary file renamed when complete) instead of \
                 standard output (`-`: standard output)",
        )
        .required(Required::Backend),
    ],
};

/// What `stats` reads.
pub fn options(v: &Values) -> StatsOptions {
    StatsOptions {
        labels_only: v.flag("LABELS_ONLY"),
        listing: super::validate::listing(v),
    }
}
