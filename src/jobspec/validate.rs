//! `validate`: check a dataset's integrity; on the command line a report
//! in one of six formats (or one shard's partial report), in `run` the
//! findings as a styled GeoPackage (one feature per finding, one per
//! patch), the JSON report and the text summary.

use super::shared::{
    custom, int, names, report, DATASET, LABELS_ONLY, LISTING, MAX_MEMORY, PROFILE,
};
use super::spec::{Backend, Flag, JobSpec, Output, Param, Required};
use super::types::{Choice, OutputKind, Type};
use super::value::Values;
use crate::engine::shard::{ShardOptions, MAX_SHARDS};
use crate::io::storage::listing::ListingOptions;
use crate::profile::Selection;
use crate::report::{Format, OutputOptions};

/// `--format` of `validate` and `merge`.
pub const FORMAT: Param = Param::cli("FORMAT", names(&Format::NAMES), Flag::long("format", ""))
    .default("text")
    .help(
        "Report format: text (grouped, for people), json (docs/report-format.md), junit, sarif, \
     github (workflow annotations) or geojson (one feature per finding located on a patch, \
     EPSG:4326, for QGIS)",
    );

/// The report: `-o` on the command line (in `--format`), `REPORT` (JSON)
/// in `run`.
pub const REPORT: Param = Param::new(
    "REPORT",
    report("json", true),
    Flag::long("output", "FILE").short('o'),
)
.label("JSON report (docs/report-format.md)")
.help("Write the report to FILE (atomically) instead of standard output (`-`: standard output)");

pub const FAIL_ON: Param = Param::cli(
    "FAIL_ON",
    Type::Choice(Choice {
        names: &["error", "warning", "info", "never"],
        helps: &["", "", "", "Exit 0 whatever is found"],
    }),
    Flag::long("fail-on", ""),
)
.default("error")
.help("Lowest severity that makes the exit code 1");

pub const SARIF_ROOT: Param =
    Param::cli("SARIF_ROOT", Type::Folder, Flag::long("sarif-root", "DIR")).help(
        "SARIF and GitHub paths relative to DIR. Default: the git work tree holding the dataset, \
         or else the dataset root",
    );

pub const DOCS_URL: Param = Param::cli("DOCS_URL", Type::Text, Flag::long("docs-url", "URL"))
    .default(crate::report::DEFAULT_DOCS_URL)
    .help(
        "SARIF helpUri base: the URL of docs/rules.md, to which the rule's anchor is appended \
         (#n003-invalid-date)",
    );

pub const SPEC: JobSpec = JobSpec {
    id: "validate",
    about: "Check a dataset's integrity: layout, names, label files, triplets, rasters, \
            georeferencing, classes and minimum mapping unit.",
    long_about: "",
    backend: Some(Backend {
        name: "Validate dataset",
        group: "Validation",
        help: "Checks a MultiSenGE-style dataset (layout, names, label files, triplets, rasters, \
               georeferencing, classes, minimum mapping unit) and writes one feature per located \
               finding (on the patch footprint or its pixel window, EPSG:4326) with its code, \
               severity and message, and one feature per patch with the codes of its findings \
               joined, coloured by the worst severity. Findings without a location (a missing \
               folder, a stray file) are in the JSON report and the summary only.",
        outputs: &[
            Output {
                name: "FINDINGS",
                description: "Number of findings",
                kind: "number",
            },
            Output {
                name: "LOCATED",
                description: "Number of findings in the layer (located on a patch)",
                kind: "number",
            },
            Output {
                name: "ERRORS",
                description: "Number of findings of severity error",
                kind: "number",
            },
        ],
        // One feature per finding, and above it one per patch with the
        // codes joined (the GeoPackage's second layer).
        styles: &[
            ("OUTPUT", "findings"),
            ("OUTPUT|layername=findings_by_patch", "findings_by_patch"),
        ],
    }),
    params: &[
        DATASET,
        PROFILE,
        LABELS_ONLY
            .label("Check label files only, without rasters")
            .help(
                "Check label files only, without rasters (automatic when only a labels folder or \
                 label files are present)",
            ),
        Param::new("SELECT", Type::Text, Flag::long("select", "CODES"))
            .list()
            .label("Run only these rules: codes or prefixes, comma-separated (e.g. N,T003)")
            .help("Run only these rules: codes or prefixes, comma-separated (e.g. N,T003)"),
        Param::new("IGNORE", Type::Text, Flag::long("ignore", "CODES"))
            .list()
            .label("Do not run these rules: codes or prefixes, comma-separated")
            .help("Do not run these rules: codes or prefixes, comma-separated"),
        Param::cli("SEVERITY", Type::Text, Flag::long("severity", "CODE=LEVEL"))
            .repeat()
            .help(
                "Change a rule's severity: CODE=LEVEL with LEVEL error, warning or info; CODE may \
                 be a prefix. Repeatable",
            ),
        Param::new("EXCLUDE", Type::Text, Flag::long("exclude", "GLOB"))
            .list()
            .label(
                "Skip paths matching these globs, comma-separated (relative to the root, * \
                 matches any characters)",
            )
            .help(
                "Skip paths matching GLOB (relative to the dataset root, `*` matches any \
                 characters, `/` included), in addition to the profile's `[layout] exclude`. \
                 Comma-separated, repeatable. Default: none",
            ),
        FORMAT,
        Param::backend(
            "OUTPUT",
            Type::Output {
                kind: OutputKind::Vector,
                usual: Some("gpkg"),
                only: &["gpkg"],
                stdout: false,
            },
        )
        .label("Findings (GeoPackage: layers findings and findings_by_patch)")
        .required(Required::Backend),
        REPORT,
        Param::backend("SUMMARY", report("txt", false))
            .label("Text report, grouped by rule, with the summary"),
        FAIL_ON,
        SARIF_ROOT,
        DOCS_URL,
        Param::cli(
            "BASELINE",
            Type::File {
                extension: Some("json"),
            },
            Flag::long("baseline", "FILE").conflicts_with(&["SHARD"]),
        )
        .help(
            "A previous JSON report (--format json or --write-baseline): its findings are \
                 reported as known and do not count toward the exit code. Not with --shard (a \
                 baseline applies to whole runs, docs/scale.md)",
        ),
        Param::cli(
            "WRITE_BASELINE",
            report("json", false),
            Flag::long("write-baseline", "FILE").conflicts_with(&["SHARD"]),
        )
        .help(
            "Also write this run's JSON report to FILE (atomically), to pass to --baseline \
                 later. The exit code is unchanged",
        ),
        Param::cli(
            "SHARD",
            custom("K/N or `auto`", super::shared::shard),
            Flag::long("shard", "K/N|auto"),
        )
        .help(
            "Run shard K of N (K/N, 0 <= K < N) or `auto` (from SLURM_ARRAY_TASK_ID, \
                 JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX) and write its partial report \
                 (JSON) for `multisenge merge`; see docs/scale.md",
        ),
        Param::cli(
            "SHARD_COUNT",
            int(
                crate::generalize::limits::Range {
                    min: 1.0,
                    max: MAX_SHARDS as f64,
                },
                "",
            ),
            Flag::long("shard-count", "N"),
        )
        .help(
            "Shard count for `--shard auto` when the environment has none (Kubernetes, AWS \
             Batch), 1 to 1000000",
        ),
        LISTING,
        MAX_MEMORY,
        Param::new("NO_CACHE", Type::Flag, Flag::long("no-cache", ""))
            .label("Read every file: neither read nor write the validation cache")
            .help(
                "Read every file: neither read nor write the validation cache (docs/cache.md). \
                 Default: a file whose size, modification and change times and inode (an \
                 object's size and time from the listing) are those of the last run with the \
                 same profile, selection and mode is not read again; the report is the same",
            ),
        Param::new("CACHE_DIR", Type::Folder, Flag::long("cache-dir", "DIR"))
            .label("Folder of the validation cache (default: the user's cache folder)")
            .help(
                "Keep the validation cache in DIR (made if missing; one file per dataset root \
                 and shard). Default: $XDG_CACHE_HOME/multisenge, else ~/.cache/multisenge",
            ),
        Param::new("CACHE_BESIDE", Type::Flag, Flag::long("cache-beside", ""))
            .label("Keep the validation cache beside the dataset")
            .help(
                "Keep the validation cache beside the dataset, in .multisenge-cache/ in the \
                 folder holding the dataset root (local datasets; --cache-dir wins)",
            ),
    ],
};

/// `--no-cache`, `--cache-dir`, `--cache-beside`: the cache is on unless
/// `--no-cache`.
pub fn cache(v: &Values) -> crate::engine::cache::CacheOptions {
    crate::engine::cache::CacheOptions {
        enabled: !v.flag("NO_CACHE"),
        dir: v.path("CACHE_DIR"),
        beside: v.flag("CACHE_BESIDE"),
    }
}

/// The rules and paths asked for, over the profile's.
pub fn selection(v: &Values) -> Selection {
    Selection {
        select: v.texts("SELECT"),
        ignore: v.texts("IGNORE"),
        severity: v.texts("SEVERITY"),
        exclude: v.texts("EXCLUDE"),
    }
}

/// How the report is written (`validate` and `merge`).
pub fn output_options(v: &Values) -> OutputOptions {
    OutputOptions {
        format: v.text("FORMAT").unwrap_or("text").to_string(),
        output: v.path("REPORT"),
        fail_on: v
            .text("FAIL_ON")
            .and_then(|t| t.parse().ok())
            .unwrap_or_default(),
        sarif_root: v.path("SARIF_ROOT"),
        docs_url: v
            .text("DOCS_URL")
            .unwrap_or(crate::report::DEFAULT_DOCS_URL)
            .to_string(),
    }
}

/// `--listing`.
pub fn listing(v: &Values) -> ListingOptions {
    ListingOptions {
        path: v.path("LISTING"),
    }
}

/// `--shard`, `--shard-count`, `--listing`.
pub fn shard_options(v: &Values) -> ShardOptions {
    ShardOptions {
        shard: v.text("SHARD").map(str::to_string),
        shard_count: v.int("SHARD_COUNT"),
        listing: listing(v),
    }
}

/// `--max-memory`.
pub fn memory(v: &Values) -> crate::io::safety::memory::MemoryOptions {
    crate::io::safety::memory::MemoryOptions {
        max_memory: v.int("MAX_MEMORY"),
    }
}
