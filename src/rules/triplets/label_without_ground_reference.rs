use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every label file `{tile}_{x}_{y}.json` has its ground reference
    /// `{tile}_GR_{x}_{y}.tif`. Not run in labels-only mode.
    ///
    /// ## Why it matters
    /// A patch without ground reference cannot be used for training or
    /// evaluation; its label file describes classes nobody can see.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_0_0.json: no ground reference `ground_reference/31UER_GR_0_0.tif` for this label file
    /// ```
    pub struct LabelWithoutGroundReference {
        code: "T001",
        name: "label-without-ground-reference",
        family: Triplets,
        severity: Error,
        summary: "A label file whose ground reference is missing",
    }
}

/// T001: `gr_name` is where the patch's ground reference should be.
pub(crate) fn message(gr_name: &str) -> String {
    format!("no ground reference `{gr_name}` for this label file")
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_the_expected_file() {
        assert_eq!(
            super::message("ground_reference/31UGQ_GR_0_0.tif"),
            "no ground reference `ground_reference/31UGQ_GR_0_0.tif` for this label file"
        );
    }
}
