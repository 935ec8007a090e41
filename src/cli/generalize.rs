//! `multisenge generalize`: vector land cover (+ roads) → ground reference.
//! The arguments are [`multisenge::jobspec::generalize`]'s; the work is
//! [`multisenge::generalize::tiles::run_all`].

use multisenge::generalize::request::PatchLayout;
use multisenge::generalize::tiles;
use multisenge::jobspec::{self, Values};
use multisenge::profile::LoadedProfile;

use super::{CliError, Ui, EXIT_OK};

pub fn run(v: &Values, ui: &Ui) -> Result<u8, CliError> {
    let config = jobspec::generalize::config(v)?;
    let layout = PatchLayout::of(&LoadedProfile::default_profile().profile);
    let mut job = jobspec::generalize::job(v, false);
    let avoid = v.paths("AVOID");
    job.avoid = match (&job.patches, avoid.is_empty()) {
        (Some(dir), _) => Some(multisenge::footprints::existing_patches(dir, &avoid)?),
        (None, true) => None,
        (None, false) => return Err(multisenge::footprints::AvoidError::NeedsPatches.into()),
    };
    let outcomes = tiles::run_all(&job, &config, &layout, &mut |line| eprintln!("{line}"))?;
    for (tile, outcome) in outcomes.iter().filter(|_| !ui.quiet) {
        let header = (outcomes.len() > 1).then_some(tile.as_deref().unwrap_or(""));
        eprintln!("{}", outcome.summary(tile.as_deref(), header).join("\n"));
    }
    Ok(EXIT_OK)
}
