use crate::rules::declare::declare_rule;
use crate::rules::input::{
    Entry, EntryFacts, FolderFacts, FolderState, LabelFileFacts, LabelRead, Out,
};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// Every folder can be listed and every file read, with the permissions
    /// the tool runs with. The rest of the dataset is still checked. A
    /// folder that cannot be listed or entered (no read or no execute
    /// permission) is one finding: its files are not reported as missing,
    /// unlisted or without a label file.
    ///
    /// ## Why it matters
    /// A folder or file that cannot be read cannot be checked, and will be
    /// just as unreadable for the users of the release.
    ///
    /// ## Example
    /// ```text
    /// s1: cannot read folder: Permission denied (os error 13); none of its files is checked
    /// ```
    pub struct UnreadableEntry {
        code: "L005",
        name: "unreadable-entry",
        family: Layout,
        severity: Error,
        summary: "A folder or file that cannot be read",
        reads: [Folder(check_folder), Entry(check_entry), LabelFile(check_label_file)],
    }
    data {
        /// What could not be read.
        what: Unreadable,
        /// The system's error.
        error: String,
        /// For a symbolic link that cannot be followed: its target.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        link_target: Option<String>,
    }
}

/// What L005 could not read.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Unreadable {
    /// The dataset root could not be listed.
    ListRoot,
    /// A dataset folder could not be listed.
    ListFolder,
    /// The dataset root could not be entered: nothing under it is checked.
    EnterRoot,
    /// A dataset folder could not be entered: none of its files is checked.
    EnterFolder,
    /// An entry's metadata (or a symbolic link's target).
    Entry,
    /// A file's content.
    File,
}

impl Record for UnreadableEntry {
    fn message(&self) -> String {
        let e = &self.error;
        match self.what {
            Unreadable::ListRoot => format!("cannot list the dataset root: {e}"),
            Unreadable::ListFolder => format!("cannot list folder: {e}"),
            Unreadable::EnterRoot => {
                format!("cannot read the dataset root: {e}; nothing under it is checked")
            }
            Unreadable::EnterFolder => {
                format!("cannot read folder: {e}; none of its files is checked")
            }
            Unreadable::Entry => match &self.link_target {
                Some(target) => format!("symbolic link to `{target}` cannot be followed: {e}"),
                None => format!("cannot read entry: {e}"),
            },
            Unreadable::File => format!("cannot read file: {e}"),
        }
    }
}

fn unreadable(what: Unreadable, error: &std::io::Error) -> UnreadableEntry {
    UnreadableEntry {
        what,
        error: error.to_string(),
        link_target: None,
    }
}

/// L005 for the root or a dataset folder that cannot be entered or listed.
fn check_folder(facts: &FolderFacts, out: &mut Out) {
    let (what, error) = match (&facts.state, facts.root) {
        (FolderState::CannotEnter(e), true) => (Unreadable::EnterRoot, e),
        (FolderState::CannotEnter(e), false) => (Unreadable::EnterFolder, e),
        (FolderState::CannotList(e), true) => (Unreadable::ListRoot, e),
        (FolderState::CannotList(e), false) => (Unreadable::ListFolder, e),
        (FolderState::Missing, _) => return,
    };
    out.push(unreadable(what, error));
}

/// L005 for an entry whose metadata cannot be read (a broken symbolic
/// link, named as such).
fn check_entry(facts: &EntryFacts, out: &mut Out) {
    if let Entry::Unreadable { link, error } = facts.entry {
        out.push(UnreadableEntry {
            link_target: link.map(|t| t.display().to_string()),
            ..unreadable(Unreadable::Entry, error)
        });
    }
}

/// L005 for a label file that cannot be read.
fn check_label_file(facts: &LabelFileFacts, out: &mut Out) {
    if let LabelRead::Unreadable(error) = facts.read {
        out.push(unreadable(Unreadable::File, error));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::messages;

    #[test]
    fn messages_of_each_case() {
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let folder = |state, root| FolderFacts {
            shown: "s1",
            root,
            kind: None,
            state,
            labels_only: false,
        };
        let one = |facts: &FolderFacts| messages(check_folder, facts).remove(0);
        assert!(one(&folder(FolderState::CannotList(&e), true))
            .starts_with("cannot list the dataset root: "));
        assert!(
            one(&folder(FolderState::CannotList(&e), false)).starts_with("cannot list folder: ")
        );
        assert!(one(&folder(FolderState::CannotEnter(&e), true))
            .starts_with("cannot read the dataset root: "));
        assert!(one(&folder(FolderState::CannotEnter(&e), false))
            .ends_with("none of its files is checked"));
        assert!(messages(check_folder, &folder(FolderState::Missing, false)).is_empty());
        let entry = |link| EntryFacts {
            path: "s1/x.tif",
            folder: None,
            folder_names: &["ground_reference", "s2", "s1", "labels"],
            entry: Entry::Unreadable { link, error: &e },
        };
        let gone = std::path::Path::new("/gone");
        assert!(messages(check_entry, &entry(Some(gone)))[0]
            .starts_with("symbolic link to `/gone` cannot be followed: "));
        assert!(messages(check_entry, &entry(None))[0].starts_with("cannot read entry: "));
        let label = LabelFileFacts {
            read: LabelRead::Unreadable(&e),
            classes: &Default::default(),
        };
        assert!(messages(check_label_file, &label)[0].starts_with("cannot read file: "));
    }
}
