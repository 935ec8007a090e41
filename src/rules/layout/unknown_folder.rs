use crate::rules::declare_rule;

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
    }
}

/// L002 for a folder at the dataset root that is not one of the profile's.
pub(crate) fn at_root(name: &str) -> String {
    format!("folder `{name}/` is not one of the profile's folders")
}

/// L002 for a folder inside a dataset folder.
pub(crate) fn nested(path: &str) -> String {
    format!("folder `{path}/` inside a dataset folder (files are expected here, not folders)")
}

#[cfg(test)]
mod tests {
    #[test]
    fn root_and_nested() {
        assert_eq!(
            super::at_root("tmp"),
            "folder `tmp/` is not one of the profile's folders"
        );
        assert!(super::nested("s2/old").starts_with("folder `s2/old/` inside"));
    }
}
