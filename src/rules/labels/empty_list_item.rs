use crate::model::label_file::LabelProblem;
use crate::rules::declare::declare_rule;
use crate::rules::input::{LabelFileFacts, Out};
use crate::rules::record::Record;

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
        reads: [LabelFile(check)],
    }
    data {
        /// The list's field.
        field: String,
        /// The empty item's position in the list, from 1.
        position: u32,
    }
}

impl Record for EmptyListItem {
    fn message(&self) -> String {
        format!(
            "field `{}` has an empty item at position {} (`;`-separated list)",
            self.field, self.position
        )
    }
}

/// J004: each empty item of each list.
fn check(facts: &LabelFileFacts, out: &mut Out) {
    for problem in super::problems(facts) {
        if let LabelProblem::EmptyItem { field, position } = problem {
            out.push(EmptyListItem {
                field: field.to_string(),
                position: u32::try_from(*position).unwrap_or(u32::MAX),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::{messages, LabelRead};

    #[test]
    fn names_field_and_position() {
        let problems = [LabelProblem::EmptyItem {
            field: "labels",
            position: 2,
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
            ["field `labels` has an empty item at position 2 (`;`-separated list)"]
        );
    }
}
