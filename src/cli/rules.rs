//! `multisenge rules`: the rule reference.

use clap::Args;

use multisenge::rules::docs;

use super::{print_stdout, CliError, EXIT_OK};

/// List the rules, or print one rule's documentation.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// A rule code (e.g. N003) to document in full; without it, every rule
    /// is listed on one line each.
    code: Option<String>,
    /// Print the whole reference as Markdown (the content of docs/rules.md).
    #[arg(long, conflicts_with = "code")]
    markdown: bool,
}

pub fn run(args: RulesArgs) -> Result<u8, CliError> {
    let text = match (&args.code, args.markdown) {
        (_, true) => docs::markdown(),
        (Some(code), false) => docs::text_of(code)?,
        (None, false) => docs::listing(),
    };
    print_stdout(&text)?;
    Ok(EXIT_OK)
}
