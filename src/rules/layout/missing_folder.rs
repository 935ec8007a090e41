use crate::model::FileKind;
use crate::rules::declare::declare_rule;
use crate::rules::input::{FolderFacts, FolderState, Out};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// Each folder the profile names (`ground_reference/`, `s2/`, `s1/` and
    /// `labels/` by default) exists under the dataset root. In labels-only
    /// mode only the labels folder is required.
    ///
    /// ## Why it matters
    /// A missing folder means a whole modality is absent: a training loader
    /// would fail on the first patch, or silently train without it.
    ///
    /// ## Example
    /// ```text
    /// s1: folder `s1/` is missing (Sentinel-1 files are expected there)
    /// ```
    pub struct MissingFolder {
        code: "L001",
        name: "missing-folder",
        family: Layout,
        severity: Error,
        summary: "A folder the profile requires is missing",
        reads: [Folder(check)],
    }
    data {
        /// The folder, relative to the dataset root.
        folder: String,
        /// The kind of files expected in it.
        kind: FileKind,
    }
}

impl Record for MissingFolder {
    fn message(&self) -> String {
        format!(
            "folder `{}/` is missing ({} files are expected there)",
            self.folder,
            self.kind.describe()
        )
    }
}

/// L001: a dataset folder that is not there (in labels-only mode, only the
/// labels folder is required).
fn check(facts: &FolderFacts, out: &mut Out) {
    let Some(kind) = facts.kind else { return };
    let required = !facts.labels_only || kind == FileKind::Label;
    if matches!(facts.state, FolderState::Missing) && required {
        out.push(MissingFolder {
            folder: facts.shown.to_string(),
            kind,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::messages;

    fn missing(kind: FileKind, labels_only: bool) -> Vec<String> {
        let facts = FolderFacts {
            shown: kind.key(),
            root: false,
            kind: Some(kind),
            state: FolderState::Missing,
            labels_only,
        };
        messages(check, &facts)
    }

    #[test]
    fn names_the_folder_and_its_kind() {
        assert_eq!(
            missing(FileKind::S1, false),
            ["folder `s1/` is missing (Sentinel-1 files are expected there)"]
        );
        assert!(missing(FileKind::S1, true).is_empty(), "labels-only");
        assert_eq!(missing(FileKind::Label, true).len(), 1);
    }
}
