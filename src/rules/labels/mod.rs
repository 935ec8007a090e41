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

/// Asserts that `check` gives `mine` its message (each rule's test).
#[cfg(test)]
fn judges_only(check: fn(&LabelProblem) -> Option<String>, mine: LabelProblem) {
    assert_eq!(check(&mine), Some(mine.message()));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every problem the parser can report belongs to exactly one rule.
    #[test]
    fn each_problem_has_exactly_one_rule() {
        let problems = [
            (
                LabelProblem::InvalidJson("EOF".into(), None),
                Rule::InvalidJson,
            ),
            (LabelProblem::NotAnObject("an array"), Rule::InvalidJson),
            (LabelProblem::MissingField("projection"), Rule::MissingField),
            (
                LabelProblem::WrongType {
                    field: "labels",
                    found: "a number",
                },
                Rule::WrongFieldType,
            ),
            (
                LabelProblem::EmptyItem {
                    field: "labels",
                    position: 1,
                },
                Rule::EmptyListItem,
            ),
        ];
        let checks: [fn(&LabelProblem) -> Option<String>; 4] = [
            invalid_json::check,
            missing_field::check,
            wrong_field_type::check,
            empty_list_item::check,
        ];
        for (problem, rule) in problems {
            let judged = checks.iter().filter(|c| c(&problem).is_some()).count();
            assert_eq!(judged, 1, "{problem:?}");
            assert_eq!(judge(&problem), Some((rule, problem.message())));
        }
    }
}
