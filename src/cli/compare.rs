//! `multisenge compare`: a generalized raster against its vector source.
//! The arguments are [`multisenge::jobspec::compare`]'s; the work is
//! [`multisenge::compare::job::run`].

use multisenge::compare::job;
use multisenge::jobspec::{self, Values};

use super::{CliError, Ui, EXIT_OK};

pub fn run(v: &Values, ui: &Ui) -> Result<u8, CliError> {
    let config = jobspec::generalize::config(v)?;
    let json = v.text("FORMAT") == Some("json");
    let job = jobspec::compare::job(v, false, json);
    let text = job::run(&job, &config, &mut |line| {
        if !ui.quiet {
            eprintln!("{line}")
        }
    })?;
    super::emit(job.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}
