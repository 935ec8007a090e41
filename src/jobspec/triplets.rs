//! `triplets`: Sentinel-2 and Sentinel-1 time series and the ground
//! reference cut into triplets with their label files (building a region).

use super::shared::{custom, MAX_MEMORY, PROFILE};
use super::spec::{Backend, Flag, JobSpec, Output, Param, Required};
use super::types::{Choice, OutputKind, Type};
use super::value::Values;
use crate::profile::BackscatterUnit;
use crate::triplets::config::{Reflectance, MAX_MIN_DATES};
use crate::triplets::params::Overrides;
use crate::triplets::select::SameDay;
use crate::triplets::TripletsJob;

/// The bundled triplets profiles' names.
fn triplets_profiles() -> Vec<&'static str> {
    vec!["paper"]
}

const PERCENT: Type = Type::Real {
    min: 0.0,
    max: 100.0,
    unit: "%",
};

const DATES: Type = Type::Int {
    min: 1.0,
    max: MAX_MIN_DATES as f64,
    unit: "dates",
};

const UNIT: Type = Type::Choice(Choice {
    names: &["linear", "dB"],
    helps: &[
        "Linear σ0, as S1-Tiling writes it",
        "Decibels: 10 · log10(σ0)",
    ],
});

/// A Sentinel-2 or Sentinel-1 input of the command line: a file, a zip or
/// a folder (the library says which it takes and refuses the others,
/// naming them).
const INPUT: Type = Type::FileOrFolder;

pub const SPEC: JobSpec = JobSpec {
    id: "triplets",
    about: "Cut Sentinel-2 and Sentinel-1 time series into triplets with the ground reference.",
    long_about: "For each 256 × 256 patch of the tile's 257-pixel grid whose ground reference has \
                 no empty pixel: one Sentinel-2 file per date kept (the profile's bands stacked, \
                 20 m bands resampled to 10 m by cubic convolution), one Sentinel-1 file per date \
                 kept (VV, VH), the ground reference, and the label file listing them, in the \
                 published layout. A date is kept for a patch when it covers the patch (no nodata \
                 pixel, few enough cloudy pixels). Options left out take the triplets profile's \
                 values (--config); the defaults shown are those of the bundled profile, `paper`. \
                 See docs/triplets.md.",
    backend: Some(Backend {
        name: "Build a region: Sentinel-2 and Sentinel-1 triplets",
        group: "Generalization",
        help: "Cuts THEIA Level-2A products (folders or zips) and S1-Tiling outputs, with the \
               ground reference, into 256 x 256 triplets on the tile's 257-pixel grid: per patch \
               one Sentinel-2 file per date kept (10 bands, 20 m bands resampled to 10 m by cubic \
               convolution), one Sentinel-1 file per date kept (VV, VH), the ground reference and \
               the label file listing them. A date is kept for a patch when it covers it (no \
               nodata, few enough cloudy pixels). Options left out take the triplets profile's \
               values; see docs/triplets.md.",
        outputs: &[Output {
            name: "PATCHES",
            description: "Patches written",
            kind: "number",
        }],
        styles: &[],
    }),
    params: &[
        Param::new(
            "TILE",
            custom("a Sentinel-2 tile code (e.g. 31UGQ)", super::shared::tile),
            Flag::long("tile", "CODE"),
        )
        .label("Sentinel-2 tile code (e.g. 31UGQ)")
        .help(
            "Sentinel-2 tile (e.g. 31UGQ): the grid every input must be on (its UTM zone, its \
             corner from the official tiling grid, 10 m pixels, or 20 m for the 20 m bands) and \
             the name of every patch",
        )
        .required(Required::Both),
        Param::new(
            "GROUND_REFERENCE",
            Type::Raster,
            Flag::long("ground-reference", "FILE"),
        )
        .label("Ground reference on the tile's 10 m grid (generalize's output)")
        .help(
            "The tile's ground reference: a class raster on the tile's 10 m grid (what \
             `generalize` writes), the whole tile or a window of it. Patches holding an empty \
             pixel (0, or the raster's nodata) are not written",
        )
        .required(Required::Both),
        Param::cli("S2_INPUTS", INPUT, Flag::long("s2", "PATH"))
            .repeat()
            .help(
                "Sentinel-2 input: a THEIA Level-2A product (folder or zip), a plain GeoTIFF \
                 named with its date (the profile's bands, in order, on the tile's 10 m grid), or \
                 a folder holding them; repeatable",
            )
            .required(Required::Cli),
        Param::backend("S2", Type::Folder)
            .label("Sentinel-2: a folder of THEIA products (folders or zips) or dated GeoTIFFs")
            .required(Required::Backend),
        Param::cli("S1_INPUTS", INPUT, Flag::long("s1", "PATH"))
            .repeat()
            .help(
                "Sentinel-1 input: S1-Tiling outputs (one GeoTIFF per acquisition and \
                 polarisation, VV and VH side by side), a plain two-band GeoTIFF (VV, VH) named \
                 with its date, or a folder holding them; repeatable",
            )
            .required(Required::Cli),
        Param::backend("S1", Type::Folder)
            .label("Sentinel-1: a folder of S1-Tiling outputs or dated two-band GeoTIFFs")
            .required(Required::Backend),
        Param::new(
            "OUTPUT",
            Type::Output {
                kind: OutputKind::Folder,
                usual: None,
                only: &[],
                stdout: false,
            },
            Flag::long("output", "DIR").short('o'),
        )
        .label("Region folder (ground_reference/, s2/, s1/, labels/)")
        .help(
            "The dataset folder written: ground_reference/, s2/, s1/, labels/ (names from the \
             dataset profile). Created if missing, in an existing folder",
        )
        .required(Required::Both),
        Param::new(
            "REFLECTANCE",
            Type::Choice(Choice {
                names: &["SRE", "FRE"],
                helps: &[
                    "Surface reflectance, corrected for atmospheric effects",
                    "Flat reflectance: surface reflectance also corrected for slope effects",
                ],
            }),
            Flag::long("reflectance", "SRE|FRE"),
        )
        .label("THEIA reflectance (default: the profile's, SRE)")
        .help(
            "THEIA reflectance stacked: SRE (surface reflectance, corrected for atmospheric \
             effects: the paper's wording) or FRE (also corrected for slope effects). [default: \
             SRE]",
        ),
        Param::new(
            "MAX_CLOUD_COVER",
            PERCENT,
            Flag::long("max-cloud-cover", "PERCENT"),
        )
        .label("Products kept below this cloud cover, % (default: the profile's, 10)")
        .help(
            "A Sentinel-2 product is kept only when its cloud cover (MTD_ALL.xml CloudPercent) \
             is strictly below this, percent, 0 to 100. [default: 10]",
        ),
        Param::new(
            "MAX_CLOUDY_PIXELS",
            PERCENT,
            Flag::long("max-cloudy-pixels", "PERCENT"),
        )
        .label("Cloudy pixels allowed in a patch, % (default: the profile's, 0)")
        .help(
            "A Sentinel-2 date is kept for a patch only when at most this share of the patch's \
             pixels is cloudy in the product's cloud mask (MASKS/*_CLM_R1.tif), percent, 0 to \
             100. [default: 0]",
        ),
        Param::new("MIN_S2_DATES", DATES, Flag::long("min-s2-dates", "N"))
            .label("Fewest Sentinel-2 dates of a patch written (default: the profile's, 1)")
            .help("Patches with fewer Sentinel-2 dates kept are not written, 1 to 366. [default: 1]"),
        Param::new("MIN_S1_DATES", DATES, Flag::long("min-s1-dates", "N"))
            .label("Fewest Sentinel-1 dates of a patch written (default: the profile's, 1)")
            .help("Patches with fewer Sentinel-1 dates kept are not written, 1 to 366. [default: 1]"),
        Param::new(
            "SAME_DAY",
            Type::Choice(Choice {
                names: &["descending", "ascending"],
                helps: &[
                    "The descending pass (over Europe the morning one, about 06:00 local solar \
                     time), then the ascending one",
                    "The ascending pass (the evening one), then the descending one",
                ],
            }),
            Flag::long("same-day", "DIRECTION"),
        )
        .label("Two Sentinel-1 acquisitions on one day: the orbit direction kept (default: descending)")
        .help(
            "Two Sentinel-1 acquisitions of one day: a patch keeps the one of this orbit \
             direction that covers it, then the first by name. [default: descending]",
        ),
        Param::new("S1_UNIT", UNIT, Flag::long("s1-unit", "linear|dB"))
            .label("Unit of the Sentinel-1 files written (default: the dataset profile's, dB)")
            .help(
                "Unit of the Sentinel-1 files written; values are converted when the input's \
                 differs. [default: the dataset profile's [rasters.s1] unit, dB]",
            ),
        Param::new("S1_PLAIN_UNIT", UNIT, Flag::long("s1-plain-unit", "linear|dB"))
            .label("Unit of plain (not S1-Tiling) Sentinel-1 GeoTIFFs (default: linear)")
            .help(
                "Unit of plain (not S1-Tiling) Sentinel-1 GeoTIFFs; S1-Tiling's are linear σ0. \
                 [default: linear]",
            ),
        Param::new("RESUME", Type::Flag, Flag::long("resume", ""))
            .label("Complete an interrupted run into the same folder")
            .help(
                "Complete an interrupted run into the same folder: patches whose label file \
                 exists are left as they are, files already written are kept, only what is \
                 missing is written",
            ),
        Param::cli("FORCE", Type::Flag, Flag::long("force", "").conflicts_with(&["RESUME"])).help(
            "Rewrite the patches of this tile in the output folder (their files that this run \
             does not write are removed)",
        ),
        Param::new(
            "REPORT",
            Type::Output {
                kind: OutputKind::File,
                usual: Some("json"),
                only: &["json"],
                stdout: false,
            },
            Flag::long("report", "FILE"),
        )
        .label("Summary of the run (JSON)")
        .help(
            "Also write the run's summary as JSON: per sensor, inputs read, dates and patch \
             dates kept and dropped (and why), and each written patch's dates. Default: none",
        ),
        Param::cli("AVOID_DATASETS", Type::Dataset, Flag::long("avoid", "DATASET"))
            .repeat()
            .help(
                "Skip patches whose footprint overlaps (by more than the default dataset \
                 profile's [spatial] overlap_tolerance, 10 m²) a patch of another tile in DATASET \
                 (a dataset or a folder of label files; repeatable) or already in the output \
                 folder, which is always avoided. Default: the output folder only",
            ),
        Param::backend("AVOID", Type::Dataset)
            .label("A dataset whose patches (of other tiles) must not be overlapped"),
        Param::new(
            "CONFIG",
            Type::Profile {
                extension: "toml",
                names: triplets_profiles,
            },
            Flag::long("config", "FILE"),
        )
        .label("Triplets profile (TOML) or a bundled profile's name (paper); default: paper")
        .help(
            "Triplets profile (TOML): band order, reflectance, cloud limits, minimum dates, \
             same-day rule; or `paper`, the bundled one (validators/triplets-paper.toml). \
             [default: paper]",
        ),
        PROFILE,
        MAX_MEMORY,
    ],
};

/// The triplets asked for (`force`: `run --force`).
pub fn job(v: &Values, force: bool) -> TripletsJob {
    let inputs = |cli: &str, backend: &str| {
        let mut paths = v.paths(cli);
        paths.extend(v.path(backend));
        paths
    };
    let resume = v.flag("RESUME");
    TripletsJob {
        tile: v.text("TILE").unwrap_or_default().to_string(),
        ground_reference: v.path("GROUND_REFERENCE").unwrap_or_default(),
        s2: inputs("S2_INPUTS", "S2"),
        s1: inputs("S1_INPUTS", "S1"),
        output: v.path("OUTPUT").unwrap_or_default(),
        overrides: Overrides {
            reflectance: v.text("REFLECTANCE").map(|r| match r {
                "FRE" => Reflectance::Fre,
                _ => Reflectance::Sre,
            }),
            max_cloud_cover: v.real("MAX_CLOUD_COVER"),
            max_cloudy_pixels: v.real("MAX_CLOUDY_PIXELS"),
            min_s2_dates: v.int("MIN_S2_DATES"),
            min_s1_dates: v.int("MIN_S1_DATES"),
            same_day: v.text("SAME_DAY").map(|d| match d {
                "ascending" => SameDay::Ascending,
                _ => SameDay::Descending,
            }),
            s1_unit: v.text("S1_UNIT").map(unit),
            s1_plain_unit: v.text("S1_PLAIN_UNIT").map(unit),
        },
        resume,
        force: !resume && (force || v.flag("FORCE")),
        report: v.path("REPORT"),
        avoid: inputs("AVOID_DATASETS", "AVOID"),
        config: v.path("CONFIG"),
        profile: v.path("PROFILE"),
        memory: super::validate::memory(v),
        publish_as_written: false,
    }
}

fn unit(name: &str) -> BackscatterUnit {
    match name {
        "linear" => BackscatterUnit::Linear,
        _ => BackscatterUnit::Db,
    }
}
