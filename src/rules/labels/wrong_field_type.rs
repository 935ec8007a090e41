use crate::model::label_file::LabelProblem;
use crate::rules::declare_rule;

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
    }
}

/// The message when the label file's reading met this rule's problem.
pub(crate) fn check(problem: &LabelProblem) -> Option<String> {
    matches!(problem, LabelProblem::WrongType { .. }).then(|| problem.message())
}

#[cfg(test)]
#[test]
fn recognises_its_own_problem_only() {
    super::judges_only(
        check,
        LabelProblem::WrongType {
            field: "labels",
            found: "a number",
        },
    );
}
