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
