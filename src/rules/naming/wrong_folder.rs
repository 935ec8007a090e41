use crate::model::FileKind;
use crate::rules::declare_rule;

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
    }
}

/// N007 for a file of `kind` found in the folder of `folder_kind`;
/// `home` is the folder it belongs in.
pub(crate) fn check(kind: FileKind, folder_kind: FileKind, home: &str) -> Option<String> {
    (kind != folder_kind).then(|| message(kind, home))
}

/// N007's message (also for a dataset file at the root).
pub(crate) fn message(kind: FileKind, folder: &str) -> String {
    format!("a {} file belongs in `{folder}/`", kind.describe())
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_the_home_folder() {
        assert_eq!(
            super::message(super::FileKind::S1, "s1"),
            "a Sentinel-1 file belongs in `s1/`"
        );
        assert_eq!(
            super::check(super::FileKind::S1, super::FileKind::S2, "s1").as_deref(),
            Some("a Sentinel-1 file belongs in `s1/`")
        );
        assert_eq!(
            super::check(super::FileKind::S2, super::FileKind::S2, "s2"),
            None
        );
    }
}
