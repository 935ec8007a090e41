use std::ffi::OsStr;

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

/// L006: the entry's name as UTF-8, or the finding's message when it is
/// not (the finding's path then shows the name made valid).
pub(crate) fn check(name: &OsStr) -> Result<&str, &'static str> {
    name.to_str().ok_or("file name is not valid UTF-8")
}

#[cfg(test)]
mod tests {
    #[test]
    fn invalid_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let bad = std::ffi::OsStr::from_bytes(b"31UGQ_\xfe\xff_0_0.json");
        assert_eq!(super::check(bad), Err("file name is not valid UTF-8"));
        let good = std::ffi::OsStr::new("31UGQ_0_0.json");
        assert_eq!(super::check(good), Ok("31UGQ_0_0.json"));
    }
}
