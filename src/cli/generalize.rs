//! `multisenge generalize`: vector land cover (+ roads) → ground reference.
//! Parses the options into a [`Job`]; the work is
//! [`multisenge::generalize::job::run`].

use std::path::PathBuf;

use clap::Args;

use multisenge::generalize::config::GeneralizeConfig;
use multisenge::generalize::request::{Job, PatchLayout};
use multisenge::generalize::tiles;
use multisenge::profile::LoadedProfile;

use super::{CliError, Ui, EXIT_OK};

/// Turn vector land cover into the 10 m ground reference of a tile.
///
/// From a land-cover layer (and road/railway lines) to the ground reference
/// on the 10 m grid of a Sentinel-2 tile: rasterize, remove regions below
/// the MMU, fill, close, burn roads, and optionally cut patches with label
/// files. Options left out take their value from the generalization profile
/// (--config); the defaults shown are those of the default profile, `paper`.
/// See docs/generalize.md for the exact semantics of every step.
#[derive(Debug, Args)]
pub struct GeneralizeArgs {
    #[command(flatten)]
    job: Job,
    /// With --patches: skip patches whose footprint overlaps (by more than
    /// the default profile's [spatial] overlap_tolerance, 10 m²) a patch of
    /// another tile in DATASET (a dataset or a folder of label files;
    /// repeatable) or already in DIR. Patches of DIR are always avoided.
    #[arg(long, value_name = "DATASET")]
    avoid: Vec<PathBuf>,
    /// Generalization profile (TOML): mapping table, road fields, defaults;
    /// or a bundled profile's name: `paper` (default, docs/generalize.md) or
    /// `ocsge-plus`.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub fn run(args: GeneralizeArgs, ui: &Ui) -> Result<u8, CliError> {
    let config = GeneralizeConfig::from_option(args.config.as_deref())?;
    let layout = PatchLayout::of(&LoadedProfile::default_profile().profile);
    let mut job = args.job;
    job.avoid = match (&job.patches, args.avoid.is_empty()) {
        (Some(dir), _) => Some(multisenge::footprints::existing_patches(dir, &args.avoid)?),
        (None, true) => None,
        (None, false) => return Err(multisenge::footprints::AvoidError::NeedsPatches.into()),
    };
    if super::is_stdout(job.output.as_deref()) && job.output.is_some() {
        return Err(CliError::StdoutRaster);
    }
    let outcomes = tiles::run_all(&job, &config, &layout, &mut |line| eprintln!("{line}"))?;
    for (tile, outcome) in outcomes.iter().filter(|_| !ui.quiet) {
        let header = (outcomes.len() > 1).then_some(tile.as_deref().unwrap_or(""));
        eprintln!("{}", outcome.summary(tile.as_deref(), header).join("\n"));
    }
    Ok(EXIT_OK)
}
