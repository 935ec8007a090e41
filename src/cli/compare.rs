//! `multisenge compare`: a generalized raster against its vector source.
use clap::Args;

/// Compare a generalized raster with its vector source.
#[derive(Debug, Args)]
pub struct CompareArgs {}

pub fn run(_args: CompareArgs) -> u8 {
    super::EXIT_INTERNAL
}
