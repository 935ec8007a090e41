use crate::rules::declare::declare_rule;
use crate::rules::input::{Entry, EntryFacts, Out};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// Every file and folder name is valid UTF-8. The finding shows the name
    /// with the invalid bytes replaced by `�`.
    ///
    /// ## Why it matters
    /// Such names cannot be written in a label file (JSON is UTF-8), break
    /// archives and object stores, and cannot follow the nomenclature.
    ///
    /// ## Example
    /// ```text
    /// s2/31UER_2020�_S2_0_0.tif: file name is not valid UTF-8
    /// ```
    pub struct NonUtf8Name {
        code: "L006",
        name: "non-utf8-name",
        family: Layout,
        severity: Error,
        summary: "A file or folder name that is not valid UTF-8",
        reads: [Entry(check)],
    }
    data {}
}

impl Record for NonUtf8Name {
    fn message(&self) -> String {
        "file name is not valid UTF-8".into()
    }
}

/// L006: an entry whose name is not UTF-8 (the finding's path shows the
/// name made valid).
fn check(facts: &EntryFacts, out: &mut Out) {
    if matches!(facts.entry, Entry::NonUtf8) {
        out.push(NonUtf8Name {});
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::messages;

    #[test]
    fn invalid_bytes() {
        let facts = |entry| EntryFacts {
            path: "s2/31UGQ_\u{fffd}_0_0.json",
            folder: None,
            folder_names: &["ground_reference", "s2", "s1", "labels"],
            entry,
        };
        assert_eq!(
            messages(check, &facts(Entry::NonUtf8)),
            ["file name is not valid UTF-8"]
        );
        let folder = Entry::Folder { name: "s2" };
        assert!(messages(check, &facts(folder)).is_empty());
    }
}
