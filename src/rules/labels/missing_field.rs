use crate::model::label_file::LabelProblem;
use crate::rules::declare_rule;

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
    }
}

/// The message when the label file's reading met this rule's problem.
pub(crate) fn check(problem: &LabelProblem) -> Option<String> {
    matches!(problem, LabelProblem::MissingField(_)).then(|| problem.message())
}

#[cfg(test)]
#[test]
fn recognises_its_own_problem_only() {
    super::judges_only(check, LabelProblem::MissingField("labels"));
}
