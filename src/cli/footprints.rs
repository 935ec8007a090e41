//! `multisenge footprints`: the dataset's patches as a map layer.

use multisenge::footprints::export_footprints;
use multisenge::jobspec::{self, Values};
use multisenge::profile::LoadedProfile;

use super::{CliError, Ui, EXIT_OK};

pub fn run(v: &Values, ui: &Ui) -> Result<u8, CliError> {
    let profile = LoadedProfile::load_or_default(v.path("PROFILE").as_deref())?;
    let options = jobspec::footprints::options(v, false, ui.progress());
    let dataset = v.path("DATASET").unwrap_or_default();
    let summary = export_footprints(&dataset, &profile, &options)?;
    if !ui.quiet {
        eprintln!(
            "multisenge: {} footprints, {} overlapping pairs, written to {}",
            summary.patches, summary.overlapping_pairs, options.destination
        );
    }
    Ok(EXIT_OK)
}
