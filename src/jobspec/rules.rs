//! `rules`: the rule reference (on the command line one rule's
//! documentation or the list; in `run` the whole reference as Markdown).

use super::shared::report;
use super::spec::{Backend, Flag, JobSpec, Output, Param, Required};
use super::types::Type;

pub const SPEC: JobSpec = JobSpec {
    id: "rules",
    about: "List the rules, or print one rule's documentation",
    long_about: "",
    backend: Some(Backend {
        name: "Rule reference",
        group: "Validation",
        help: "Writes the documentation of every rule (code, name, default severity, what it \
               checks, why it matters, an example) as Markdown: the content of docs/rules.md.",
        outputs: &[Output {
            name: "RULES",
            description: "Number of rules",
            kind: "number",
        }],
        styles: &[],
    }),
    params: &[
        Param::cli("CODE", Type::Text, Flag::positional()).help(
            "A rule code (e.g. N003) to document in full; without it, every rule is listed on \
             one line each",
        ),
        Param::cli(
            "MARKDOWN",
            Type::Flag,
            Flag::long("markdown", "").conflicts_with(&["CODE"]),
        )
        .help("Print the whole reference as Markdown (the content of docs/rules.md)"),
        Param::backend("OUTPUT", report("md", false))
            .label("Rule reference (Markdown)")
            .required(Required::Backend),
    ],
};
