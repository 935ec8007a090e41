use crate::model::label_file::LabelProblem;
use crate::rules::declare::declare_rule;
use crate::rules::input::{LabelFileFacts, Out};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// Each of the four fields is a JSON string. In the published files even
    /// lists are strings, separated by `;` (`"labels": "6;9;11"`), whatever
    /// the dataset paper says.
    ///
    /// ## Why it matters
    /// Readers written for the published format split strings; an array or a
    /// number breaks them.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_0_0.json: field `labels` must be a string, found an array
    /// ```
    pub struct WrongFieldType {
        code: "J003",
        name: "wrong-field-type",
        family: Labels,
        severity: Error,
        summary: "A label-file field that is not a string",
        reads: [LabelFile(check)],
    }
    data {
        /// The field.
        field: String,
        /// What it holds instead of a string (`an array`, `a number`...).
        found: String,
    }
}

impl Record for WrongFieldType {
    fn message(&self) -> String {
        format!(
            "field `{}` must be a string, found {}",
            self.field, self.found
        )
    }
}

/// J003: each field that is not a string.
fn check(facts: &LabelFileFacts, out: &mut Out) {
    for problem in super::problems(facts) {
        if let LabelProblem::WrongType { field, found } = problem {
            out.push(WrongFieldType {
                field: field.to_string(),
                found: found.to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::{messages, LabelRead};

    #[test]
    fn names_field_and_type() {
        let problems = [LabelProblem::WrongType {
            field: "labels",
            found: "an array",
        }];
        let facts = LabelFileFacts {
            read: LabelRead::Read {
                problems: &problems,
                labels: None,
            },
            classes: &Default::default(),
        };
        assert_eq!(
            messages(check, &facts),
            ["field `labels` must be a string, found an array"]
        );
    }
}
