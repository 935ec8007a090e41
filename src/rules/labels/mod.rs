//! Labels: the content of the per-patch label files (JSON, `;`-separated
//! lists, classes from the profile's class table).

pub mod empty_list_item;
pub mod invalid_json;
pub mod missing_field;
pub mod oversized_label_file;
pub mod unknown_class;
pub mod wrong_field_type;

use crate::model::label_file::LabelProblem;
use crate::rules::Rule;

/// The rule and message of a problem met while reading a label file: each
/// of J001-J004 recognises its own.
pub(crate) fn judge(problem: &LabelProblem) -> Option<(Rule, String)> {
    [
        (Rule::InvalidJson, invalid_json::check(problem)),
        (Rule::MissingField, missing_field::check(problem)),
        (Rule::WrongFieldType, wrong_field_type::check(problem)),
        (Rule::EmptyListItem, empty_list_item::check(problem)),
    ]
    .into_iter()
    .find_map(|(rule, why)| why.map(|why| (rule, why)))
}
