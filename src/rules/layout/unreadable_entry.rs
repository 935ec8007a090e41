use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every folder can be listed and every file read, with the permissions
    /// the tool runs with. The rest of the dataset is still checked.
    ///
    /// ## Why it matters
    /// A folder or file that cannot be read cannot be checked, and will be
    /// just as unreadable for the users of the release.
    ///
    /// ## Example
    /// ```text
    /// s1: cannot list folder: Permission denied (os error 13)
    /// ```
    pub struct UnreadableEntry {
        code: "L005",
        name: "unreadable-entry",
        family: Layout,
        severity: Error,
        summary: "A folder or file that cannot be read",
    }
}
