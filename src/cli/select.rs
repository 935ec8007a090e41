//! `multisenge select`: patches chosen by temporal criteria.

use multisenge::jobspec::{self, Values};
use multisenge::profile::LoadedProfile;
use multisenge::report::data_format::DataFormat;
use multisenge::report::selection::{self, Listing};
use multisenge::select as selecting;

use super::{CliError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

pub fn run(v: &Values) -> Result<u8, CliError> {
    let profile = LoadedProfile::load_or_default(v.path("PROFILE").as_deref())?;
    let (Some(Ok(format)), Some(Ok(listing))) = (
        v.text("FORMAT").map(str::parse::<DataFormat>),
        v.text("LIST").map(str::parse::<Listing>),
    ) else {
        return Ok(EXIT_USAGE); // the spec only lets the listed names through
    };
    let criteria = jobspec::select::criteria(v)?;
    let dataset = v.path("DATASET").unwrap_or_default();
    let chosen = selecting::run(&dataset, &profile, v.flag("LABELS_ONLY"), criteria)?;
    let text = selection::render(&chosen, format, listing);
    super::emit(v.path("OUTPUT").as_deref(), &text)?;
    for skipped in &chosen.skipped {
        eprintln!("multisenge: skipped {}: {}", skipped.path, skipped.reason);
    }
    eprintln!("multisenge: {}", selection::summary(&chosen));
    let failed = !chosen.skipped.is_empty();
    Ok(if failed { EXIT_FINDINGS } else { EXIT_OK })
}
