use crate::model::FileKind;
use crate::rules::declare::declare_rule;
use crate::rules::input::{Entry, EntryFacts, Out};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// A file whose name follows one nomenclature lies in that kind's folder:
    /// ground references in `ground_reference/`, Sentinel-2 in `s2/`,
    /// Sentinel-1 in `s1/`, label files in `labels/`.
    ///
    /// ## Why it matters
    /// Loaders look for each modality in its folder; a Sentinel-1 file in
    /// `s2/` is missing for them, and may be read as Sentinel-2.
    ///
    /// ## Example
    /// ```text
    /// s2/31UER_20200105_S1_0_0.tif: a Sentinel-1 file belongs in `s1/`
    /// ```
    pub struct WrongFolder {
        code: "N007",
        name: "wrong-folder",
        family: Naming,
        severity: Error,
        summary: "A file in the folder of another kind",
        reads: [Entry(check)],
    }
    data {
        /// The kind the name says.
        kind: FileKind,
        /// The profile's folder for that kind.
        folder: String,
    }
}

impl Record for WrongFolder {
    fn message(&self) -> String {
        format!(
            "a {} file belongs in `{}/`",
            self.kind.describe(),
            self.folder
        )
    }
}

/// N007: a well-named file at the root, or in the folder of another kind.
fn check(facts: &EntryFacts, out: &mut Out) {
    let Entry::File {
        parts: Some(parts), ..
    } = &facts.entry
    else {
        return;
    };
    let misplaced = facts.folder != Some(parts.kind);
    if parts.has_expected_extension() && misplaced {
        out.push(WrongFolder {
            kind: parts.kind,
            folder: facts.folder_name(parts.kind).to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NameParts;
    use crate::rules::input::messages;

    fn file(name: &str, folder: Option<FileKind>) -> Vec<String> {
        let facts = EntryFacts {
            path: name,
            folder,
            folder_names: &["ground_reference", "s2", "s1", "labels"],
            entry: Entry::File {
                name,
                parts: NameParts::split(name),
            },
        };
        messages(check, &facts)
    }

    #[test]
    fn names_the_home_folder() {
        let s1 = "31UER_20200105_S1_0_0.tif";
        assert_eq!(
            file(s1, Some(FileKind::S2)),
            ["a Sentinel-1 file belongs in `s1/`"]
        );
        assert_eq!(file(s1, None), ["a Sentinel-1 file belongs in `s1/`"]);
        assert!(file(s1, Some(FileKind::S1)).is_empty());
        assert!(
            file("31UER_20200105_S1_0_0.tiff", Some(FileKind::S2)).is_empty(),
            "L004's"
        );
    }
}
