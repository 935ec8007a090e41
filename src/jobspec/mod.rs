//! One description of every job, from which both front ends are derived:
//! the command line's arguments ([`cli`], clap) and the descriptors of
//! `multisenge algorithms --json` (`crate::backend`). A job's parameters,
//! their types, limits, defaults and help text are written here once; each
//! parameter says which front ends take it (the command line, GIS front
//! ends through `run`, or both) and how the command line spells it.
//!
//! Values are parsed by one parser per [`Type`] whichever front end they
//! come from ([`types`], into [`value`]s): a command-line word and a JSON value of `run`
//! are accepted or refused alike, with a message naming the value and what
//! was expected (the front end names the option or parameter). Numbers are
//! never coerced: `12.7` is not a whole number, `abc` is not 0, `maybe` is
//! not true; a number outside its range is refused by the parameter's own
//! range, also when it is negative or not finite.
//!
//! Each job has its file here: its [`JobSpec`] and the functions that turn
//! checked [`Values`] into the library's request (`generalize::request::Job`,
//! `compare::job::CompareJob`, `select::Criteria`…), which both front ends
//! call. See docs/architecture.md, "Adding a subcommand".

pub mod cli;
pub mod compare;
pub mod footprints;
pub mod gate;
pub mod generalize;
pub mod global;
pub mod list;
pub mod merge;
pub mod report;
pub mod rules;
pub mod select;
mod shared;
pub mod spec;
pub mod stac;
pub mod stats;
pub mod triplets;
pub mod types;
pub mod validate;
pub mod value;

pub use spec::{Backend, Flag, JobSpec, Output, Param, Required};
pub use types::{Choice, Custom, Many, Shown, Type};
pub use value::{ParamError, Value, Values};

/// Every job, in the order of `multisenge --help` (the backend lists
/// those with a [`Backend`] part in its own order, `backend::JOBS`).
pub const SPECS: [&JobSpec; 12] = [
    &validate::SPEC,
    &merge::SPEC,
    &list::SPEC,
    &rules::SPEC,
    &generalize::SPEC,
    &compare::SPEC,
    &triplets::SPEC,
    &stats::SPEC,
    &select::SPEC,
    &footprints::SPEC,
    &report::SPEC,
    &stac::SPEC,
];

/// The job with this id.
pub fn find(id: &str) -> Option<&'static JobSpec> {
    SPECS.into_iter().find(|s| s.id == id)
}
