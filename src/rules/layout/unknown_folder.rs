use crate::rules::declare::declare_rule;
use crate::rules::input::{Entry, EntryFacts, Out};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// Every folder under the dataset root is one the profile names, and the
    /// dataset folders hold files only (no sub-folders).
    ///
    /// ## Why it matters
    /// Unknown folders are usually left-overs (a `tmp/`, an `s2_old/`) that
    /// get published by accident, or files put one level too deep where no
    /// loader will find them.
    ///
    /// ## Example
    /// ```text
    /// s2_backup: folder `s2_backup/` is not one of the profile's folders
    /// ```
    pub struct UnknownFolder {
        code: "L002",
        name: "unknown-folder",
        family: Layout,
        severity: Warning,
        summary: "A folder that the profile does not know",
        reads: [Entry(check)],
    }
    data {
        /// The folder: its name at the root, its path inside a dataset
        /// folder.
        folder: String,
        /// Inside a dataset folder rather than at the root.
        nested: bool,
    }
}

impl Record for UnknownFolder {
    fn message(&self) -> String {
        if self.nested {
            format!(
                "folder `{}/` inside a dataset folder (files are expected here, not folders)",
                self.folder
            )
        } else {
            format!(
                "folder `{}/` is not one of the profile's folders",
                self.folder
            )
        }
    }
}

/// L002: a folder at the root that the profile does not name, or any
/// folder inside a dataset folder.
fn check(facts: &EntryFacts, out: &mut Out) {
    let Entry::Folder { name } = facts.entry else {
        return;
    };
    match facts.folder {
        None if facts.folder_names.contains(&name) => {}
        None => out.push(UnknownFolder {
            folder: name.to_string(),
            nested: false,
        }),
        Some(_) => out.push(UnknownFolder {
            folder: facts.path.to_string(),
            nested: true,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;
    use crate::rules::input::messages;

    const FOLDERS: [&str; 4] = ["ground_reference", "s2", "s1", "labels"];

    fn folder(path: &str, name: &str, in_folder: Option<FileKind>) -> Vec<String> {
        let facts = EntryFacts {
            path,
            folder: in_folder,
            folder_names: &FOLDERS,
            entry: Entry::Folder { name },
        };
        messages(check, &facts)
    }

    #[test]
    fn root_and_nested() {
        assert_eq!(
            folder("tmp", "tmp", None),
            ["folder `tmp/` is not one of the profile's folders"]
        );
        assert!(folder("s2", "s2", None).is_empty(), "a profile folder");
        let nested = folder("s2/old", "old", Some(FileKind::S2));
        assert!(
            nested[0].starts_with("folder `s2/old/` inside"),
            "{nested:?}"
        );
    }
}
