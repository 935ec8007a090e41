//! `multisenge stats`: release-note figures of a dataset.

use multisenge::dataset_stats;
use multisenge::jobspec::{self, Values};
use multisenge::profile::LoadedProfile;
use multisenge::report::data_format::DataFormat;
use multisenge::report::stats;

use super::{CliError, Ui, EXIT_OK, EXIT_USAGE};

pub fn run(v: &Values, ui: &Ui) -> Result<u8, CliError> {
    let profile = LoadedProfile::load_or_default(v.path("PROFILE").as_deref())?;
    let Some(Ok(format)) = v.text("FORMAT").map(str::parse::<DataFormat>) else {
        return Ok(EXIT_USAGE); // the spec only lets the listed names through
    };
    let options = jobspec::stats::options(v);
    let dataset = v.path("DATASET").unwrap_or_default();
    let figures = dataset_stats::compute(&dataset, &profile, &options, ui.progress())?;
    super::emit(
        v.path("OUTPUT").as_deref(),
        &stats::render(&figures, format),
    )?;
    Ok(EXIT_OK)
}
