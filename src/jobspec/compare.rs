//! `compare`: a generalized raster against its vector source.

use super::generalize::{road_overrides, SOURCE};
use super::shared::{
    int, names, report, CONFIG, MAX_MEMORY, NARROW_BUFFER, RAILWAYS_FROM, RAILWAY_BUFFER,
    ROAD_BUFFER_MODE, WIDE_BUFFER,
};
use super::spec::{Backend, Flag, JobSpec, Output, Param, Required};
use super::types::{OutputKind, Type};
use super::value::Values;
use crate::compare::job::CompareJob;
use crate::generalize::limits;

/// A figure of the report given as a numeric result.
const fn figure(name: &'static str, description: &'static str) -> Output {
    Output {
        name,
        description,
        kind: "number",
    }
}

pub const SPEC: JobSpec = JobSpec {
    id: "compare",
    about: "Compare a generalized raster with its vector source.",
    long_about: "Per-class areas, confusion matrix (vector classes by supersampling), overall \
                 accuracy, kappa, per-class precision, recall, F1 and IoU, weighted F1, and the \
                 polygons lost entirely. See docs/generalize.md.",
    backend: Some(Backend {
        name: "Compare ground reference with its source",
        group: "Generalization",
        help: "Per-class areas, confusion matrix, overall accuracy, kappa, per-class precision, \
               recall, F1 and IoU, weighted F1 (JSON report), the polygons lost entirely (layer), \
               the disagreement raster (percentage of each pixel whose vector class differs, as a \
               white-to-red colour ramp) and a PNG quick-look. See docs/generalize.md.",
        outputs: &[
            figure("OVERALL_ACCURACY", "Overall accuracy (0 to 1)"),
            figure("KAPPA", "Cohen's kappa"),
            figure(
                "WEIGHTED_F1",
                "F1 weighted by each class's share of the vector area",
            ),
            figure("LOST_COUNT", "Number of polygons lost entirely"),
            figure("LOST_AREA", "Area of the polygons lost entirely, ha"),
            figure(
                "UNCOVERED_AREA",
                "Area of the raster that no source polygon covers, ha",
            ),
        ],
        styles: &[("LOST", "lost_polygons"), ("DISAGREEMENT", "disagreement")],
    }),
    params: &[
        SOURCE.required(Required::Both),
        Param::new("RASTER", Type::Raster, Flag::long("raster", "FILE"))
            .label("Generalized class raster")
            .help("Generalized raster (band 1, class values); its grid and CRS are used")
            .required(Required::Both),
        CONFIG,
        Param::new(
            "SUPERSAMPLE",
            int(limits::SUPERSAMPLE, "sub-pixels"),
            Flag::long("supersample", "N"),
        )
        .default("10")
        .label("Sub-pixels per pixel side for the vector classes")
        .help(
            "Sub-pixels per pixel side used to find the vector class of each part of a pixel (N \
             × N sub-pixels, each takes the class of the polygon containing its centre); from 10 \
             to 100",
        ),
        Param::cli("ROADS", Type::Vector, Flag::long("roads", "FILE")).help(
            "Road and railway lines (as `generalize --roads`): the pixels of the buffered network \
             are reported apart, measured against the source's transport surfaces ([network] \
             transport_surfaces), so the other classes' figures measure the generalization alone",
        ),
        WIDE_BUFFER,
        NARROW_BUFFER,
        RAILWAY_BUFFER,
        ROAD_BUFFER_MODE,
        RAILWAYS_FROM,
        Param::cli("FORMAT", names(&["text", "json"]), Flag::long("format", ""))
            .default("text")
            .help("Report format"),
        Param::new(
            "OUTPUT",
            report("json", true),
            Flag::long("output", "FILE").short('o'),
        )
        .label("Comparison report (JSON)")
        .help(
            "Write the report to FILE (atomically) instead of standard output (`-`: standard \
                 output)",
        )
        .required(Required::Backend),
        Param::new(
            "LOST",
            Type::Output {
                kind: OutputKind::Vector,
                usual: Some("gpkg"),
                only: &["gpkg"],
                stdout: false,
            },
            Flag::long("lost", "FILE"),
        )
        .label("Polygons lost entirely (GeoPackage, layer lost_polygons)")
        .help(
            "Write the polygons lost entirely (no sub-pixel of their class in the raster) as a \
             GeoPackage layer `lost_polygons` (id, class)",
        ),
        Param::new(
            "DISAGREEMENT",
            Type::Output {
                kind: OutputKind::Raster,
                usual: Some("tif"),
                only: &["tif", "tiff"],
                stdout: false,
            },
            Flag::long("disagreement", "FILE"),
        )
        .label("Disagreement raster, percent (255: no polygon)")
        .help(
            "Write the disagreement raster: per pixel, the percentage (0–100) of its \
             polygon-covered sub-pixels whose vector class differs from the pixel's value; 255 \
             where no polygon covers it (nodata)",
        ),
        Param::new(
            "QUICKLOOK",
            Type::Output {
                kind: OutputKind::File,
                usual: Some("png"),
                only: &["png"],
                stdout: false,
            },
            Flag::long("quicklook", "FILE"),
        )
        .label("Quick-look (PNG)")
        .help(
            "Write a PNG quick-look (at most 2 048 px a side): the raster in the class colours, \
             disagreeing pixels (≥ 50 %) in black, empty in white",
        ),
        Param::cli("FORCE", Type::Flag, Flag::long("force", "")).help("Overwrite existing outputs"),
        MAX_MEMORY,
    ],
};

/// The comparison asked for (`force`: `--force`, or `run --force`; `json`:
/// the report as JSON).
pub fn job(v: &Values, force: bool, json: bool) -> CompareJob {
    CompareJob {
        source: v.path("SOURCE").unwrap_or_default(),
        raster: v.path("RASTER").unwrap_or_default(),
        supersample: v.int("SUPERSAMPLE").unwrap_or(10),
        json,
        output: v
            .path("OUTPUT")
            .filter(|p| !crate::report::color::is_stdout(Some(p))),
        lost: v.path("LOST"),
        disagreement: v.path("DISAGREEMENT"),
        quicklook: v.path("QUICKLOOK"),
        force: force || v.flag("FORCE"),
        roads: v.path("ROADS"),
        road_options: road_overrides(v),
        memory: super::validate::memory(v),
    }
}
