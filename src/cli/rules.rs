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

pub fn run(args: RulesArgs) -> u8 {
    let text = if args.markdown {
        Ok(docs::markdown())
    } else {
        match &args.code {
            Some(code) => docs::text_of(code),
            None => Ok(docs::listing()),
        }
    };
    let result = text
        .map_err(CliError::from)
        .and_then(|text| print_stdout(&text).map(|()| EXIT_OK));
    super::report_failure("multisenge: ", result)
}
