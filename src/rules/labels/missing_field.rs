use crate::model::label_file::LabelProblem;
use crate::rules::declare::declare_rule;
use crate::rules::input::{LabelFileFacts, Out};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// A label file has the four fields of the published format:
    /// `corresponding_s2`, `corresponding_s1`, `projection` and `labels`.
    ///
    /// ## Why it matters
    /// Each field is read by the dataset's users; a missing one loses the
    /// patch's time series, its CRS or its classes.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_0_0.json: field `labels` is missing
    /// ```
    pub struct MissingField {
        code: "J002",
        name: "missing-field",
        family: Labels,
        severity: Error,
        summary: "A label file without one of its four fields",
        reads: [LabelFile(check)],
    }
    data {
        /// The missing field.
        field: String,
    }
}

impl Record for MissingField {
    fn message(&self) -> String {
        format!("field `{}` is missing", self.field)
    }
}

/// J002: each of the four fields the file lacks.
fn check(facts: &LabelFileFacts, out: &mut Out) {
    for problem in super::problems(facts) {
        if let LabelProblem::MissingField(field) = problem {
            out.push(MissingField {
                field: field.to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::{messages, LabelRead};

    #[test]
    fn names_the_field() {
        let problems = [LabelProblem::MissingField("labels")];
        let facts = LabelFileFacts {
            read: LabelRead::Read {
                problems: &problems,
                labels: None,
            },
            classes: &Default::default(),
        };
        assert_eq!(messages(check, &facts), ["field `labels` is missing"]);
    }
}
