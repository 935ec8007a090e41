use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every ground reference `{tile}_GR_{x}_{y}.tif` has its label file
    /// `{tile}_{x}_{y}.json`.
    ///
    /// ## Why it matters
    /// Without its label file a ground reference has no time series: the
    /// patch's Sentinel-2 and Sentinel-1 files are unknown.
    ///
    /// ## Example
    /// ```text
    /// ground_reference/31UER_GR_0_0.tif: no label file `labels/31UER_0_0.json` for this ground reference
    /// ```
    pub struct GroundReferenceWithoutLabel {
        code: "T002",
        name: "ground-reference-without-label",
        family: Triplets,
        severity: Error,
        summary: "A ground reference without label file",
    }
}

/// T002: `label_name` is where the patch's label file should be.
pub(crate) fn message(label_name: &str) -> String {
    format!("no label file `{label_name}` for this ground reference")
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_the_expected_file() {
        assert_eq!(
            super::message("labels/31UGQ_0_0.json"),
            "no label file `labels/31UGQ_0_0.json` for this ground reference"
        );
    }
}
