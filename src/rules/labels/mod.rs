//! Labels: the content of the per-patch label files (JSON, `;`-separated
//! lists, classes from the profile's class table). J001–J004 each
//! recognise their own problem among those the reading of a label file
//! met (`model::label_file::LabelProblem`).

pub mod empty_list_item;
pub mod invalid_json;
pub mod missing_field;
pub mod oversized_label_file;
pub mod unknown_class;
pub mod wrong_field_type;

use crate::model::label_file::LabelProblem;
use crate::rules::input::{Check, LabelFileFacts, LabelRead, Out};

/// What a problem met while reading a label file is, as the rule that
/// recognises it says it (for the tools that read label files outside a
/// validation, such as `select`).
pub fn describe(problem: &LabelProblem) -> String {
    let facts = LabelFileFacts {
        read: LabelRead::Read {
            problems: std::slice::from_ref(problem),
            labels: None,
        },
        classes: &Default::default(),
    };
    let mut found = Vec::new();
    for checks in [
        invalid_json::InvalidJson::CHECKS,
        missing_field::MissingField::CHECKS,
        wrong_field_type::WrongFieldType::CHECKS,
        empty_list_item::EmptyListItem::CHECKS,
    ] {
        for check in checks {
            if let Check::LabelFile(check) = check {
                check(&facts, &mut Out::new(&mut found));
            }
        }
    }
    found
        .first()
        .map_or_else(String::new, |e| e.record.message())
}

/// The problems the reading of a label file met (none when it was not
/// read).
fn problems<'a>(facts: &LabelFileFacts<'a>) -> &'a [LabelProblem] {
    match facts.read {
        LabelRead::Read { problems, .. } => problems,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::found;

    /// Every problem the parser can report belongs to exactly one rule.
    #[test]
    fn each_problem_has_exactly_one_rule() {
        let problems = [
            LabelProblem::InvalidJson("EOF".into(), None),
            LabelProblem::NotAnObject("an array"),
            LabelProblem::MissingField("projection"),
            LabelProblem::WrongType {
                field: "labels",
                found: "a number",
            },
            LabelProblem::EmptyItem {
                field: "labels",
                position: 1,
            },
        ];
        let checks: [fn(&LabelFileFacts, &mut Out); 4] = [
            invalid_json::InvalidJson::CHECKS,
            missing_field::MissingField::CHECKS,
            wrong_field_type::WrongFieldType::CHECKS,
            empty_list_item::EmptyListItem::CHECKS,
        ]
        .map(|checks| match checks {
            [crate::rules::input::Check::LabelFile(f)] => *f,
            _ => panic!("one label-file check"),
        });
        for problem in problems {
            let facts = LabelFileFacts {
                read: LabelRead::Read {
                    problems: std::slice::from_ref(&problem),
                    labels: None,
                },
                classes: &Default::default(),
            };
            let judged: usize = checks.iter().map(|c| found(*c, &facts).len()).sum();
            assert_eq!(judged, 1, "{problem:?}");
            assert!(!describe(&problem).is_empty());
        }
    }
}
