use std::collections::HashSet;

use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every Sentinel-2 and Sentinel-1 file a label file lists exists in its
    /// folder. Not run in labels-only mode, nor for a folder that is missing
    /// altogether (`L001` reports that once).
    ///
    /// ## Why it matters
    /// Loaders open what the label file lists; a missing file is a crash or a
    /// silently shorter time series.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_0_0.json: listed file `s1/31UER_20200105_S1_0_0.tif` does not exist
    /// ```
    pub struct ListedFileMissing {
        code: "T003",
        name: "listed-file-missing",
        family: Triplets,
        severity: Error,
        summary: "A file listed by a label file is not on disk",
    }
}

/// T003: a name a label file lists that is not among the files on disk of
/// its `folder`.
pub(crate) fn check(name: &str, on_disk: &HashSet<&str>, folder: &str) -> Option<String> {
    (!on_disk.contains(name)).then(|| format!("listed file `{folder}/{name}` does not exist"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_the_listed_file() {
        let on_disk = ["31UGQ_20200731_S2_0_0.tif"].into();
        assert_eq!(
            super::check("31UGQ_20200325_S2_0_0.tif", &on_disk, "s2").as_deref(),
            Some("listed file `s2/31UGQ_20200325_S2_0_0.tif` does not exist")
        );
        assert_eq!(
            super::check("31UGQ_20200731_S2_0_0.tif", &on_disk, "s2"),
            None
        );
    }
}
