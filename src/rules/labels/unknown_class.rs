use crate::model::label_file::{class_value, items};
use crate::rules::declare::declare_rule;
use crate::rules::input::{LabelFileFacts, LabelRead, Out};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// Every item of a label file's `labels` is the value of a class of the
    /// profile's class table (1–14 for MultiSenGE), written as a decimal
    /// integer.
    ///
    /// ## Why it matters
    /// `labels` tells users which classes a patch contains (used to balance
    /// or filter training sets); a value outside the table is meaningless.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_0_0.json: label `15` is not a class of the class table (1–14)
    /// ```
    pub struct UnknownClass {
        code: "J005",
        name: "unknown-class",
        family: Labels,
        severity: Error,
        summary: "A `labels` value outside the class table",
        reads: [LabelFile(check)],
    }
    data {
        /// The `labels` item, as written.
        label: String,
        /// The smallest class value of the class table (null when the table
        /// is empty).
        first_class: Option<u8>,
        /// The largest class value of the class table.
        last_class: Option<u8>,
    }
}

impl Record for UnknownClass {
    fn message(&self) -> String {
        let range = match (self.first_class, self.last_class) {
            (Some(a), Some(b)) => format!("{a}–{b}"),
            _ => "empty".to_string(),
        };
        format!(
            "label `{}` is not a class of the class table ({range})",
            self.label
        )
    }
}

/// J005: each `labels` item that is not a class value written plainly.
fn check(facts: &LabelFileFacts, out: &mut Out) {
    let LabelRead::Read {
        labels: Some(labels),
        ..
    } = facts.read
    else {
        return;
    };
    for item in items(labels) {
        if class_value(item, facts.classes).is_none() {
            out.push(UnknownClass {
                label: item.to_string(),
                first_class: facts.classes.keys().next().copied(),
                last_class: facts.classes.keys().last().copied(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::messages;
    use std::collections::BTreeMap;

    #[test]
    fn values_of_the_class_table_written_plainly() {
        let classes: BTreeMap<u8, String> = [(1, "a".to_string()), (14, "b".to_string())].into();
        let judge = |labels: &str| {
            let facts = LabelFileFacts {
                read: LabelRead::Read {
                    problems: &[],
                    labels: Some(labels),
                },
                classes: &classes,
            };
            messages(check, &facts)
        };
        assert!(judge("14;1").is_empty());
        assert_eq!(
            judge("15"),
            ["label `15` is not a class of the class table (1–14)"]
        );
        assert_eq!(judge("014;x").len(), 2, "leading zero, not a number");
    }
}
