//! `multisenge rules`: the rule reference.

use clap::Args;

use multisenge::rules::{docs, select, Rule};

use super::{print_stdout, EXIT_OK, EXIT_USAGE};

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
    if args.markdown {
        print_stdout(&docs::markdown());
        return EXIT_OK;
    }
    match args.code {
        Some(code) => match Rule::from_code(&code.to_ascii_uppercase()) {
            Some(rule) => {
                print_stdout(&docs::text(rule));
                EXIT_OK
            }
            None => {
                let hint = select::matching(&code.to_ascii_uppercase())
                    .map(|rules| {
                        let codes: Vec<&str> = rules.iter().map(|r| r.code()).collect();
                        format!(" (rules with this prefix: {})", codes.join(", "))
                    })
                    .unwrap_or_default();
                eprintln!("multisenge: `{code}` is not a rule code{hint}");
                EXIT_USAGE
            }
        },
        None => {
            let mut listing = String::new();
            for rule in Rule::ALL {
                let m = rule.meta();
                listing.push_str(&format!(
                    "{:5} {:32} {:8} {}\n",
                    m.code,
                    m.name,
                    m.default_severity.as_str(),
                    m.summary
                ));
            }
            print_stdout(&listing);
            EXIT_OK
        }
    }
}
