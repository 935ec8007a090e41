use std::collections::HashSet;

use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every Sentinel-2 and Sentinel-1 file on disk is listed by the label
    /// file of its patch. Files of a patch whose label file could not be read
    /// are not reported (the label file's own finding says why).
    ///
    /// ## Why it matters
    /// Unlisted files are dead weight in the release, or a label file that
    /// forgot part of its time series.
    ///
    /// ## Example
    /// ```text
    /// s2/31UER_20200731_S2_0_0.tif: not listed in `labels/31UER_0_0.json`
    /// ```
    pub struct UnlistedFile {
        code: "T004",
        name: "unlisted-file",
        family: Triplets,
        severity: Error,
        summary: "A raster on disk that no label file lists",
    }
}

/// T004: a raster on disk its patch's label file does not list (`listed`:
/// the names it lists); `label` is that label file when there is one,
/// `label_name` where it should be otherwise.
pub(crate) fn check(
    name: &str,
    listed: &HashSet<&str>,
    label: Option<&str>,
    label_name: &str,
) -> Option<String> {
    if listed.contains(name) {
        return None;
    }
    Some(match label {
        Some(label) => format!("not listed in `{label}`"),
        None => format!("no label file `{label_name}` lists it"),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn with_and_without_label_file() {
        let label = "labels/31UGQ_0_0.json";
        let listed = ["31UGQ_20200106_S1_0_0.tif"].into();
        let s2 = "31UGQ_20200325_S2_0_0.tif";
        assert_eq!(
            super::check(s2, &listed, Some(label), label).as_deref(),
            Some("not listed in `labels/31UGQ_0_0.json`")
        );
        assert_eq!(
            super::check(s2, &Default::default(), None, label).as_deref(),
            Some("no label file `labels/31UGQ_0_0.json` lists it")
        );
        assert_eq!(
            super::check("31UGQ_20200106_S1_0_0.tif", &listed, Some(label), label),
            None
        );
    }
}
