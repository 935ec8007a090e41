use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every file and folder name is valid UTF-8. The finding shows the name
    /// with the invalid bytes replaced by `�`.
    ///
    /// ## Why it matters
    /// Such names cannot be written in a label file (JSON is UTF-8), break
    /// archives and object stores, and cannot follow the nomenclature.
    ///
    /// ## Example
    /// ```text
    /// s2/31UER_2020�_S2_0_0.tif: file name is not valid UTF-8
    /// ```
    pub struct NonUtf8Name {
        code: "L006",
        name: "non-utf8-name",
        family: Layout,
        severity: Error,
        summary: "A file or folder name that is not valid UTF-8",
    }
}

/// L006's message (the finding's path shows the name, made valid).
pub(crate) const MESSAGE: &str = "file name is not valid UTF-8";
