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
mod tests {
    use super::*;

    #[test]
    fn its_own_problem_only() {
        let mine = LabelProblem::EmptyItem {
            field: "labels",
            position: 2,
        };
        assert_eq!(check(&mine), Some(mine.message()));
        let other = LabelProblem::InvalidJson("EOF".into());
        let theirs = LabelProblem::MissingField("projection");
        let not_mine = if check(&other).is_some() {
            theirs
        } else {
            other
        };
        assert_eq!(check(&not_mine), None);
    }
}
