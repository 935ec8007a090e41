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
mod tests {
    use super::*;

    #[test]
    fn its_own_problem_only() {
        let mine = LabelProblem::MissingField("labels");
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
