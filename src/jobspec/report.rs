//! `report`: the release report, one self-contained HTML file, from a
//! validation or from its saved outputs.

use super::shared::{report as file, DATASET, LABELS_ONLY, LISTING, PROFILE};
use super::spec::{Backend, Flag, JobSpec, Output, Param, Required};
use super::types::Type;
use super::value::Values;
use crate::publish::{ReportRequest, SavedOutputs};

pub const SPEC: JobSpec = JobSpec {
    id: "report",
    about: "Write a self-contained HTML report: map, charts, findings by rule",
    long_about: "One HTML file with its styles, script and pictures inline (nothing is fetched \
                 when it is opened): the release-note summary; a map of every patch footprint \
                 over the tile outlines, coloured by its worst finding, with the overlapping \
                 pairs (pan, zoom, click a patch for its findings and files); class frequencies, \
                 acquisition dates per tile and sensor, dates per patch; the findings grouped by \
                 rule, filterable by severity, tile and rule. Without scripts the page still \
                 reads (tables), and it prints.",
    backend: Some(Backend {
        name: "Release report (HTML)",
        group: "Publication",
        help: "One self-contained HTML file (opens without network): the release-note summary, \
               a map of every patch footprint coloured by its worst finding with the \
               overlapping pairs, class and acquisition-date charts, and the findings grouped \
               by rule, filterable by severity, tile and rule.",
        outputs: &[
            Output {
                name: "PATCHES",
                description: "Number of patches",
                kind: "number",
            },
            Output {
                name: "FINDINGS",
                description: "Number of findings",
                kind: "number",
            },
        ],
        styles: &[],
    }),
    params: &[
        DATASET.required(Required::Backend).help(
            "Dataset root, or a folder of label files: local, or /vsis3/BUCKET/PREFIX. With \
             --from-json it is optional and only places the patches on the map (nothing is \
             validated again)",
        ),
        PROFILE,
        LABELS_ONLY
            .label("Use the label files only, even if raster folders exist")
            .help("Use the label files only, even if raster folders exist"),
        LISTING,
        Param::cli(
            "FROM_JSON",
            Type::File {
                extension: Some("json"),
            },
            Flag::long("from-json", "FILE").requires(&["STATS"]),
        )
        .help(
            "Build the report from a saved `validate --format json` report instead of \
             validating (with --stats)",
        ),
        Param::cli(
            "STATS",
            Type::File {
                extension: Some("json"),
            },
            Flag::long("stats", "FILE").requires(&["FROM_JSON"]),
        )
        .help("The saved `stats --format json` figures that go with --from-json"),
        Param::cli("DOCS_URL", Type::Text, Flag::long("docs-url", "URL"))
            .default(crate::report::DEFAULT_DOCS_URL)
            .help(
                "URL of docs/rules.md, to which each rule's anchor is appended \
                 (#n003-invalid-date) for its link",
            ),
        Param::new(
            "OUTPUT",
            file("html", true),
            Flag::long("output", "FILE").short('o'),
        )
        .label("Report (HTML)")
        .help(
            "The HTML file to write (atomically: a temporary file renamed when complete); `-`: \
             standard output",
        )
        .required(Required::Both),
        Param::cli("FORCE", Type::Flag, Flag::long("force", "")).help("Replace FILE if it exists"),
    ],
};

/// The report asked for (`overwrite`: `--force`, or `run --force`).
pub fn request(v: &Values, overwrite: bool) -> ReportRequest {
    let saved = match (v.path("FROM_JSON"), v.path("STATS")) {
        (Some(report), Some(stats)) => Some(SavedOutputs { report, stats }),
        _ => None,
    };
    ReportRequest {
        dataset: v.path("DATASET"),
        output: v.path("OUTPUT").unwrap_or_default(),
        force: overwrite || v.flag("FORCE"),
        labels_only: v.flag("LABELS_ONLY"),
        profile: v.path("PROFILE"),
        saved,
        docs_url: v
            .text("DOCS_URL")
            .unwrap_or(crate::report::DEFAULT_DOCS_URL)
            .to_string(),
        listing: super::validate::listing(v),
    }
}
