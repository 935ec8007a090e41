use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// No list of a label file names the same file or class twice.
    ///
    /// ## Why it matters
    /// A duplicated date doubles an acquisition in the time series; a
    /// duplicated class skews class statistics computed from label files.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_0_0.json: `31UER_20200731_S2_0_0.tif` is listed twice in `corresponding_s2`
    /// ```
    pub struct DuplicateEntry {
        code: "T006",
        name: "duplicate-entry",
        family: Triplets,
        severity: Error,
        summary: "A file or class listed twice in a label file",
    }
}

/// T006 for a class listed twice in `field` (`labels`).
pub(crate) fn class_twice(item: &str, field: &str) -> String {
    format!("class `{item}` is listed twice in `{field}`")
}

/// T006 for a file name listed twice in `field`.
pub(crate) fn name_twice(name: &str, field: &str) -> String {
    format!("`{name}` is listed twice in `{field}`")
}

#[cfg(test)]
mod tests {
    #[test]
    fn messages() {
        assert_eq!(
            super::class_twice("6", "labels"),
            "class `6` is listed twice in `labels`"
        );
        assert_eq!(
            super::name_twice("a.tif", "corresponding_s2"),
            "`a.tif` is listed twice in `corresponding_s2`"
        );
    }
}
