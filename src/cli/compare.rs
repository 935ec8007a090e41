//! `multisenge compare`: a generalized raster against its vector source.
//! Parses the options into a [`CompareJob`]; the work is
//! [`multisenge::compare::job::run`].

use std::path::PathBuf;

use clap::Args;

use multisenge::compare::job::{self, CompareJob};
use multisenge::generalize::config::GeneralizeConfig;

use super::{CliError, Ui, EXIT_OK};

/// Compare a generalized raster with its vector source.
///
/// Per-class areas, confusion matrix (vector classes by supersampling),
/// overall accuracy, kappa, per-class precision, recall, F1 and IoU,
/// weighted F1, and the polygons lost entirely. See docs/generalize.md.
#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    job: CompareJob,
    /// Generalization profile (TOML): mapping table and colours; or a
    /// bundled profile's name: `paper` (default), `ocsge-plus`.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Report format.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

pub fn run(args: CompareArgs, ui: &Ui) -> Result<u8, CliError> {
    let config = GeneralizeConfig::from_option(args.config.as_deref())?;
    let mut job = args.job;
    job.json = args.format == "json";
    job.output = job.output.filter(|p| !super::is_stdout(Some(p)));
    let text = job::run(&job, &config, &mut |line| {
        if !ui.quiet {
            eprintln!("{line}")
        }
    })?;
    super::emit(job.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}
