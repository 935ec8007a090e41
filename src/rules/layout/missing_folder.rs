use crate::model::FileKind;
use crate::rules::declare_rule;

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
    }
}

/// L001: the folder `rel` of `kind` files is not there.
pub(crate) fn message(rel: &str, kind: FileKind) -> String {
    format!(
        "folder `{rel}/` is missing ({} files are expected there)",
        kind.describe()
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_the_folder_and_its_kind() {
        assert_eq!(
            super::message("s1", crate::model::FileKind::S1),
            "folder `s1/` is missing (Sentinel-1 files are expected there)"
        );
    }
}
