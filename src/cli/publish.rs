//! `multisenge report` and `multisenge stac`: the release report and the
//! STAC catalog.

use multisenge::jobspec::{self, Values};
use multisenge::publish;

use super::{CliError, Ui, EXIT_OK};

pub fn report(v: &Values, ui: &Ui) -> Result<u8, CliError> {
    let request = jobspec::report::request(v, false);
    let s = publish::report(&request, ui.progress(), None)?;
    if !ui.quiet {
        eprintln!(
            "multisenge: {} patches, {} findings, {} overlapping pairs; written to {}",
            s.patches,
            s.findings,
            s.overlaps,
            request.output.display()
        );
    }
    Ok(EXIT_OK)
}

pub fn stac(v: &Values, ui: &Ui) -> Result<u8, CliError> {
    let request = jobspec::stac::request(v, false);
    let s = publish::stac(&request, ui.progress(), None)?;
    if !ui.quiet {
        let undated = match s.undated {
            0 => String::new(),
            n => format!(" ({n} patches without any date left out)"),
        };
        eprintln!(
            "multisenge: {} items, {} assets{undated}; written to {}",
            s.items,
            s.assets,
            request.output.display()
        );
    }
    Ok(EXIT_OK)
}
