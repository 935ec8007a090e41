//! `list`: a dataset's names listed once, for every shard to read (the
//! command line only).

use super::shared::{report, DATASET};
use super::spec::{Flag, JobSpec, Param, Required};
use super::types::Type;
use super::value::Values;
use crate::io::storage::listing::ListArgs;

pub const SPEC: JobSpec = JobSpec {
    id: "list",
    about: "List a dataset's files once, for every shard to read (`--listing`)",
    long_about: "Writes the names in the dataset's root and one level of every folder in it \
                 (what `validate` lists) to a listing file (format version 2, documented in \
                 docs/scale.md), with each file's size, modification time and, in object \
                 storage, ETag (what the validation cache keys an object by), atomically; \
                 gzip-compressed when FILE ends in .gz. From the folders (on S3, one LIST \
                 request per 1 000 names), or from an S3 Inventory report (no LIST request: \
                 --from; sizes, times and ETags when its fileSchema has them).",
    backend: None,
    params: &[
        DATASET,
        Param::cli(
            "OUTPUT",
            report("txt", true),
            Flag::long("output", "FILE").short('o'),
        )
        .required(Required::Cli)
        .help("The listing file to write (local; `-`: standard output, plain text)"),
        Param::cli(
            "FROM",
            Type::File { extension: None },
            Flag::long("from", "FILE"),
        )
        .help(
            "Take the names from FILE instead of listing the folders: an S3 Inventory report's \
             manifest.json (CSV format; local or /vsis3/...), or a listing (to compress it into \
             a .gz, for example)",
        ),
    ],
};

/// What `list` is asked to do.
pub fn args(v: &Values) -> ListArgs {
    ListArgs {
        dataset: v.path("DATASET").unwrap_or_default(),
        output: v.path("OUTPUT").unwrap_or_default(),
        from: v.path("FROM"),
    }
}
