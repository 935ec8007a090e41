use crate::model::label_file::LabelProblem;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// A label file is a JSON object, encoded in UTF-8: not empty, not
    /// binary, not truncated, and an object rather than an array or a value.
    ///
    /// ## Why it matters
    /// A label file that does not parse loses the whole patch: its rasters
    /// can no longer be grouped, and loaders stop on it.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_0_0.json: not valid JSON: EOF while parsing a string at line 1 column 80
    /// ```
    pub struct InvalidJson {
        code: "J001",
        name: "invalid-json",
        family: Labels,
        severity: Error,
        summary: "A label file that is not a JSON object",
    }
}

/// The message when the label file's reading met this rule's problem.
pub(crate) fn check(problem: &LabelProblem) -> Option<String> {
    matches!(
        problem,
        LabelProblem::InvalidJson(..) | LabelProblem::NotAnObject(_)
    )
    .then(|| problem.message())
}

#[cfg(test)]
#[test]
fn recognises_its_own_problem_only() {
    super::judges_only(check, LabelProblem::NotAnObject("an array"));
}
