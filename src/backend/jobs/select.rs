//! `select`: patches chosen by temporal criteria, with the files of each
//! triplet ([`crate::select`], as the `select` subcommand).

use serde_json::{json, Map};

use super::{dataset_param, param, profile_param};
use crate::backend::{Descriptor, Feedback, JobError, Kind, Output, Outputs, Params};
use crate::model::calendar::{Month, Period};
use crate::report::data_format::DataFormat;
use crate::report::selection::{self, Listing};
use crate::select::{self as selecting, Criteria};

pub fn descriptor() -> Descriptor {
    let count = |name, description| {
        param(
            name,
            description,
            Kind::Number {
                integer: true,
                min: Some(0.0),
                max: Some(100_000.0),
                unit: "dates",
            },
            true,
        )
    };
    Descriptor {
        id: "select",
        name: "Select patches by date",
        group: "Validation",
        help: "Patches with enough Sentinel-2 and Sentinel-1 dates, overall, in given periods \
               or in given months, Sentinel-2 dates thinned to a minimum gap, each paired with \
               its nearest Sentinel-1 date; written as JSON with the files of each triplet \
               (as `multisenge select --list files --format json`, docs/select.md).",
        parameters: vec![
            dataset_param(),
            profile_param(),
            count("MIN_S2_DATES", "At least this many Sentinel-2 dates"),
            count("MIN_S1_DATES", "At least this many Sentinel-1 dates"),
            param(
                "PERIODS",
                "Periods YYYYMMDD-YYYYMMDD, comma-separated; each must hold the minimums",
                Kind::String,
                true,
            ),
            param(
                "MONTHS",
                "Months YYYYMM, comma-separated; each must hold the minimums",
                Kind::String,
                true,
            ),
            param(
                "S2_MIN_GAP",
                "Minimum gap between kept Sentinel-2 dates",
                Kind::Number {
                    integer: true,
                    min: Some(0.0),
                    max: Some(100_000.0),
                    unit: "days",
                },
                true,
            ),
            param(
                "S1_NEAREST",
                "Keep only the Sentinel-1 date nearest to each kept Sentinel-2 date",
                Kind::Boolean,
                true,
            )
            .with_default(json!(false)),
            param(
                "OUTPUT",
                "Selected patches and their files (JSON)",
                Kind::OutputFile { extension: "json" },
                false,
            ),
        ],
        outputs: vec![Output {
            name: "SELECTED",
            description: "Number of patches selected",
            kind: "number",
        }],
        styles: Map::new(),
    }
}

/// A comma-separated list of periods or months.
fn list<T: std::str::FromStr>(params: &Params, name: &str) -> Result<Vec<T>, JobError>
where
    T::Err: std::fmt::Display,
{
    let items = params.text(name).unwrap_or_default().split(',');
    items
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse().map_err(|e: T::Err| JobError::BadParameter {
                name: name.to_string(),
                message: e.to_string(),
            })
        })
        .collect()
}

pub fn run(params: &Params, feedback: &dyn Feedback) -> Result<Outputs, JobError> {
    let profile = super::load_profile(params)?;
    let dataset = params.required_path("DATASET")?;
    let path = params.required_path("OUTPUT")?;
    let whole = |name| params.number(name).map_or(0, |v| v as u32);
    let criteria = Criteria {
        min_s2_dates: whole("MIN_S2_DATES"),
        min_s1_dates: whole("MIN_S1_DATES"),
        periods: list::<Period>(params, "PERIODS")?,
        min_s2_per_period: None,
        min_s1_per_period: None,
        months: list::<Month>(params, "MONTHS")?,
        min_s2_per_month: None,
        min_s1_per_month: None,
        s2_min_gap_days: whole("S2_MIN_GAP"),
        s1_nearest: params.flag("S1_NEAREST"),
        s1_max_offset_days: None,
    };
    feedback.progress(1.0);
    let chosen = selecting::run(&dataset, &profile, false, criteria).map_err(JobError::failed)?;
    for skipped in &chosen.skipped {
        feedback.log(&format!("skipped {}: {}", skipped.path, skipped.reason));
    }
    let text = selection::render(&chosen, DataFormat::Json, Listing::Files);
    super::write_text(&path, &text)?;
    feedback.progress(100.0);
    let mut outputs = Outputs::new();
    outputs.insert("OUTPUT".into(), json!(path));
    outputs.insert("SELECTED".into(), json!(chosen.selected.len()));
    Ok(outputs)
}
