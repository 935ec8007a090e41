use crate::rules::declare::declare_rule;
use crate::rules::input::{Entry, EntryFacts, Out};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// Every file is a dataset file: its name has the shape of one of the four
    /// nomenclatures, or matches the profile's `[layout] allowed_files`
    /// patterns (README, LICENSE...). Files whose name has the dataset's
    /// extension but not its shape are reported by `N001` instead.
    /// Side-cars GDAL and QGIS write beside a raster that is present
    /// (`NAME.tif.aux.xml`, `.tif.ovr`, `.tif.msk`, `NAME.qml`) are part of
    /// it, not stray; paths matching the profile's `[layout] exclude` or
    /// `--exclude` are not looked at.
    ///
    /// ## Why it matters
    /// Stray files (`.DS_Store`, `notes.txt`, an archive) inflate a release
    /// and confuse loaders that glob a folder.

    ///
    /// ## Example
    /// ```text
    /// s2/notes.txt: `notes.txt` is not a dataset file
    /// ```
    pub struct StrayFile {
        code: "L003",
        name: "stray-file",
        family: Layout,
        severity: Warning,
        summary: "A file that is not part of the dataset",
        reads: [Entry(check)],
    }
    data {
        /// The file's name.
        file_name: String,
    }
}

impl Record for StrayFile {
    fn message(&self) -> String {
        format!("`{}` is not a dataset file", self.file_name)
    }
}

/// L003: at the root, a file that is not a well-named dataset file; in a
/// dataset folder, a file that follows no nomenclature and has not the
/// folder's extension (N001's otherwise).
fn check(facts: &EntryFacts, out: &mut Out) {
    let Entry::File { name, parts } = &facts.entry else {
        return;
    };
    let stray = match facts.folder {
        None => !parts.is_some_and(|p| p.has_expected_extension()),
        Some(kind) => parts.is_none() && !kind.extension_of(name),
    };
    if stray {
        out.push(StrayFile {
            file_name: name.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileKind, NameParts};
    use crate::rules::input::messages;

    fn file(name: &str, in_folder: Option<FileKind>) -> Vec<String> {
        let facts = EntryFacts {
            path: name,
            folder: in_folder,
            folder_names: &["ground_reference", "s2", "s1", "labels"],
            entry: Entry::File {
                name,
                parts: NameParts::split(name),
            },
        };
        messages(check, &facts)
    }

    #[test]
    fn names_the_file() {
        assert_eq!(
            file("notes.txt", Some(FileKind::S2)),
            ["`notes.txt` is not a dataset file"]
        );
        assert!(file("notes.tif", Some(FileKind::S2)).is_empty(), "N001's");
        assert_eq!(file("notes.tif", None).len(), 1, "at the root");
        assert!(file("31UGQ_GR_0_0.tif", None).is_empty(), "N007's");
        assert_eq!(file("31UGQ_GR_0_0.tiff", None).len(), 1);
    }
}
