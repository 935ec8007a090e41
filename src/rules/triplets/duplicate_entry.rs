use crate::model::label_file::{class_value, items, FIELD_LABELS};
use crate::rules::declare::declare_rule;
use crate::rules::input::{LabelFileFacts, LabelRead, NameFacts, NamePart, NamePlace, Out};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// No list of a label file names the same file or class twice.
    ///
    /// ## Why it matters
    /// A duplicated date doubles an acquisition in the time series; a
    /// duplicated class skews class statistics computed from label files.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_0_0.json: `31UER_20200731_S2_0_0.tif` is listed twice in `corresponding_s2`
    /// ```
    pub struct DuplicateEntry {
        code: "T006",
        name: "duplicate-entry",
        family: Triplets,
        severity: Error,
        summary: "A file or class listed twice in a label file",
        reads: [Name(&[NamePart::Shape], check_name), LabelFile(check_classes)],
    }
    data {
        /// The item listed twice (a file name, or a class of `labels`).
        entry: String,
        /// The field that lists it.
        field: String,
    }
}

impl Record for DuplicateEntry {
    fn message(&self) -> String {
        if self.field == FIELD_LABELS {
            format!("class `{}` is listed twice in `{}`", self.entry, self.field)
        } else {
            format!("`{}` is listed twice in `{}`", self.entry, self.field)
        }
    }
}

/// T006 for a file name listed again in the same list.
fn check_name(facts: &NameFacts, out: &mut Out) {
    if let NamePlace::Listed {
        field,
        duplicate: true,
        ..
    } = facts.place
    {
        out.push(DuplicateEntry {
            entry: facts.name.to_string(),
            field: field.to_string(),
        });
    }
}

/// T006 for a class listed again in `labels` (items that are no class are
/// J005's).
fn check_classes(facts: &LabelFileFacts, out: &mut Out) {
    let LabelRead::Read {
        labels: Some(labels),
        ..
    } = facts.read
    else {
        return;
    };
    let mut seen = Vec::new();
    for item in items(labels) {
        let Some(value) = class_value(item, facts.classes) else {
            continue;
        };
        // A handful of classes: a linear search beats hashing.
        if seen.contains(&value) {
            out.push(DuplicateEntry {
                entry: item.to_string(),
                field: FIELD_LABELS.to_string(),
            });
        } else {
            seen.push(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::messages;
    use crate::rules::naming::fixtures::listed_facts;

    #[test]
    fn names_and_classes() {
        assert_eq!(
            listed_facts("a.tif", true, check_name),
            ["`a.tif` is listed twice in `corresponding_s2`"]
        );
        assert!(listed_facts("a.tif", false, check_name).is_empty());
        let classes = [(6, "a".to_string()), (9, "b".to_string())].into();
        let facts = LabelFileFacts {
            read: LabelRead::Read {
                problems: &[],
                labels: Some("6;9;6;15;15"),
            },
            classes: &classes,
        };
        assert_eq!(
            messages(check_classes, &facts),
            ["class `6` is listed twice in `labels`"]
        );
    }
}
