use crate::model::label_file::LabelProblem;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// No item of a `;`-separated list (`corresponding_s2`,
    /// `corresponding_s1`, `labels`) is empty: no `;;`, no leading or trailing
    /// `;`, no empty list.
    ///
    /// ## Why it matters
    /// An empty item becomes an empty file name or class for every reader
    /// that splits on `;`.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_0_0.json: field `labels` has an empty item at position 2 (`;`-separated list)
    /// ```
    pub struct EmptyListItem {
        code: "J004",
        name: "empty-list-item",
        family: Labels,
        severity: Error,
        summary: "An empty item in a `;`-separated list",
    }
}

/// The message when the label file's reading met this rule's problem.
pub(crate) fn check(problem: &LabelProblem) -> Option<String> {
    matches!(problem, LabelProblem::EmptyItem { .. }).then(|| problem.message())
}

#[cfg(test)]
#[test]
fn recognises_its_own_problem_only() {
    super::judges_only(
        check,
        LabelProblem::EmptyItem {
            field: "labels",
            position: 2,
        },
    );
}
