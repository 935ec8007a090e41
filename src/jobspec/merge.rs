//! `merge`: the partial reports of `validate --shard` joined into the
//! dataset's report (the command line only: a GIS front end runs
//! `validate` whole).

use super::spec::{Flag, JobSpec, Param, Required};
use super::types::Type;
use super::validate::{DOCS_URL, FAIL_ON, FORMAT, REPORT, SARIF_ROOT};

pub const SPEC: JobSpec = JobSpec {
    id: "merge",
    about: "Join the partial reports of `validate --shard` into the dataset's report, identical \
            to a single `validate` run.",
    long_about: "",
    backend: None,
    params: &[
        Param::cli(
            "PARTIALS",
            Type::File {
                extension: Some("json"),
            },
            Flag::positional(),
        )
        .repeat()
        .required(Required::Cli)
        .help("Every shard's partial report"),
        FORMAT,
        REPORT,
        FAIL_ON,
        SARIF_ROOT,
        DOCS_URL,
    ],
};
