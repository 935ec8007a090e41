use crate::model::dataset::PatchFiles;
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

/// T001: a patch with a label file and no ground reference, when the
/// dataset has a ground-reference folder (a missing folder is L001's);
/// `gr_name` is where the ground reference should be.
pub(crate) fn check(patch: &PatchFiles, gr_folder: bool, gr_name: &str) -> Option<String> {
    let orphan = patch.label.is_some() && patch.ground_reference.is_none() && gr_folder;
    orphan.then(|| format!("no ground reference `{gr_name}` for this label file"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_file_alone() {
        let gr = "ground_reference/31UGQ_GR_0_0.tif";
        let label_only = PatchFiles {
            label: Some(Default::default()),
            ..Default::default()
        };
        assert_eq!(
            check(&label_only, true, gr).as_deref(),
            Some("no ground reference `ground_reference/31UGQ_GR_0_0.tif` for this label file")
        );
        assert_eq!(check(&label_only, false, gr), None, "no folder: L001's");
        assert_eq!(check(&PatchFiles::default(), true, gr), None);
    }
}
