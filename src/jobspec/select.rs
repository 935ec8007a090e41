//! `select`: patches chosen by temporal criteria, with the files of each
//! triplet.

use super::shared::{custom, data_format, names, report, DATASET, PROFILE};
use super::spec::{Backend, Flag, JobSpec, Output, Param, Required};
use super::types::Type;
use super::value::{ParamError, Values};
use crate::report::selection::Listing;
use crate::select::{Criteria, MAX_NUMBER};

/// A count of dates or days, 0 to [`MAX_NUMBER`].
const fn count(unit: &'static str) -> Type {
    Type::Int {
        min: 0.0,
        max: MAX_NUMBER as f64,
        unit,
    }
}

/// A per-window minimum (command line only; its default depends on
/// whether periods or months are given).
const fn per_window(name: &'static str, long: &'static str, help: &'static str) -> Param {
    Param::cli(name, count("dates"), Flag::long(long, "N")).help(help)
}

pub const SPEC: JobSpec = JobSpec {
    id: "select",
    about: "Choose patches by temporal criteria and list their ids or files",
    long_about: "For a training pipeline; only the label files are read. Per patch: the dates \
                 inside the given periods and months (all dates when none is given) are kept; \
                 Sentinel-2 dates are thinned to --s2-min-gap days apart, greedily from the \
                 earliest; with --s1-nearest each kept Sentinel-2 date is paired with the nearest \
                 Sentinel-1 date (ties to the earlier). The criteria are then counted on the kept \
                 dates, so the output satisfies them. Counts are distinct dates. Numbers are \
                 whole, 0 to 100000. Exit code 1 when a label file could not be used (named on \
                 standard error; the others are still selected).",
    backend: Some(Backend {
        name: "Select patches by date",
        group: "Validation",
        help: "Patches with enough Sentinel-2 and Sentinel-1 dates, overall, in given periods \
               or in given months, Sentinel-2 dates thinned to a minimum gap, each paired with \
               its nearest Sentinel-1 date; written as JSON with the files of each triplet \
               (as `multisenge select --list files --format json`, docs/select.md).",
        outputs: &[Output {
            name: "SELECTED",
            description: "Number of patches selected",
            kind: "number",
        }],
        styles: &[],
    }),
    params: &[
        DATASET,
        PROFILE,
        Param::new(
            "MIN_S2_DATES",
            count("dates"),
            Flag::long("min-s2-dates", "N").hide_default(),
        )
        .default("0")
        .label("At least this many Sentinel-2 dates")
        .help("At least N Sentinel-2 dates [default: 0, no minimum]"),
        Param::new(
            "MIN_S1_DATES",
            count("dates"),
            Flag::long("min-s1-dates", "N").hide_default(),
        )
        .default("0")
        .label("At least this many Sentinel-1 dates")
        .help("At least N Sentinel-1 dates [default: 0, no minimum]"),
        Param::new(
            "PERIODS",
            custom("a period YYYYMMDD-YYYYMMDD", super::shared::period),
            Flag::long("period", "START-END"),
        )
        .list()
        .label("Periods YYYYMMDD-YYYYMMDD, comma-separated; each must hold the minimums")
        .help(
            "A period START-END (YYYYMMDD-YYYYMMDD, both days included) that must hold the \
             per-period minimums; repeatable, or comma-separated. Dates outside every period \
             and month are not kept",
        ),
        per_window(
            "MIN_S2_PER_PERIOD",
            "min-s2-per-period",
            "At least N Sentinel-2 dates in each --period [default: 1]",
        ),
        per_window(
            "MIN_S1_PER_PERIOD",
            "min-s1-per-period",
            "At least N Sentinel-1 dates in each --period [default: 0]",
        ),
        Param::new(
            "MONTHS",
            custom("a month YYYYMM", super::shared::month),
            Flag::long("month", "YYYYMM"),
        )
        .list()
        .label("Months YYYYMM, comma-separated; each must hold the minimums")
        .help(
            "A month (YYYYMM) that must hold the per-month minimums; repeatable, or \
                 comma-separated",
        ),
        per_window(
            "MIN_S2_PER_MONTH",
            "min-s2-per-month",
            "At least N Sentinel-2 dates in each --month [default: 1]",
        ),
        per_window(
            "MIN_S1_PER_MONTH",
            "min-s1-per-month",
            "At least N Sentinel-1 dates in each --month [default: 0]",
        ),
        Param::new(
            "S2_MIN_GAP",
            count("days"),
            Flag::long("s2-min-gap", "DAYS").hide_default(),
        )
        .default("0")
        .label("Minimum gap between kept Sentinel-2 dates")
        .help(
            "Keep Sentinel-2 dates at least DAYS days apart, greedily from the earliest \
                 [default: 0, keep all]",
        ),
        Param::new("S1_NEAREST", Type::Flag, Flag::long("s1-nearest", ""))
            .label("Keep only the Sentinel-1 date nearest to each kept Sentinel-2 date")
            .help(
                "Keep, for each kept Sentinel-2 date, only the nearest Sentinel-1 date (ties to \
                 the earlier) instead of all Sentinel-1 dates",
            ),
        Param::cli(
            "S1_MAX_OFFSET",
            count("days"),
            Flag::long("s1-max-offset", "DAYS"),
        )
        .help(
            "With --s1-nearest: reject a patch whose nearest Sentinel-1 date is more than DAYS \
             days from a kept Sentinel-2 date [default: no limit]",
        ),
        Param::cli("LABELS_ONLY", Type::Flag, Flag::long("labels-only", "")).help(
            "Read the labels folder even if raster folders exist (only label files are read in \
             any case)",
        ),
        Param::cli(
            "LIST",
            names(&Listing::NAMES),
            Flag::long("list", ""),
        )
        .default("ids")
        .help(
            "What to list per patch: ids (patch ids and kept dates) or files (the label, ground \
             reference and kept Sentinel files, as paths relative to the dataset root)",
        ),
        data_format("Output format: text (one id per line, or a block per patch), json (schema version \
             1, with the criteria and the reasons for rejection) or csv"),
        Param::new(
            "OUTPUT",
            report("json", true),
            Flag::long("output", "FILE").short('o'),
        )
        .label("Selected patches and their files (JSON)")
        .help(
            "Write to FILE (atomically: a temporary file renamed when complete) instead of \
                 standard output",
        )
        .required(Required::Backend),
    ],
};

/// The criteria asked for.
pub fn criteria(v: &Values) -> Result<Criteria, ParamError> {
    Ok(Criteria {
        min_s2_dates: v.int("MIN_S2_DATES").unwrap_or(0),
        min_s1_dates: v.int("MIN_S1_DATES").unwrap_or(0),
        periods: v.parsed("PERIODS")?,
        min_s2_per_period: v.int("MIN_S2_PER_PERIOD"),
        min_s1_per_period: v.int("MIN_S1_PER_PERIOD"),
        months: v.parsed("MONTHS")?,
        min_s2_per_month: v.int("MIN_S2_PER_MONTH"),
        min_s1_per_month: v.int("MIN_S1_PER_MONTH"),
        s2_min_gap_days: v.int("S2_MIN_GAP").unwrap_or(0),
        s1_nearest: v.flag("S1_NEAREST"),
        s1_max_offset_days: v.int("S1_MAX_OFFSET"),
    })
}
