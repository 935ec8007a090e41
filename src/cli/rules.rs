//! `multisenge rules`: the rule reference.

use multisenge::jobspec::Values;
use multisenge::rules::docs;

use super::{print_stdout, CliError, EXIT_OK};

pub fn run(v: &Values) -> Result<u8, CliError> {
    let text = match (v.text("CODE"), v.flag("MARKDOWN")) {
        (_, true) => docs::markdown(),
        (Some(code), false) => docs::text_of(code)?,
        (None, false) => docs::listing(),
    };
    print_stdout(&text)?;
    Ok(EXIT_OK)
}
