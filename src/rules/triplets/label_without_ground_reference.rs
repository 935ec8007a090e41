use crate::model::FileKind;
use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, TripletFacts};
use crate::rules::record::Record;

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
        reads: [Triplet(check)],
    }
    data {
        /// Where the ground reference should be, relative to the dataset root.
        expected_path: String,
    }
}

impl Record for LabelWithoutGroundReference {
    fn message(&self) -> String {
        format!(
            "no ground reference `{}` for this label file",
            self.expected_path
        )
    }
}

/// T001: a patch with a label file and no ground reference, when the
/// dataset has a ground-reference folder (a missing folder is L001's).
fn check(facts: &TripletFacts, out: &mut Out) {
    let Some(label) = &facts.patch.label else {
        return;
    };
    if facts.patch.ground_reference.is_none() && facts.has_folder(FileKind::GroundReference) {
        out.push_at(
            &*label.path,
            LabelWithoutGroundReference {
                expected_path: facts.expected_path(FileKind::GroundReference),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dataset::PatchFiles;
    use crate::rules::triplets::fixtures::{file, judge, label};

    #[test]
    fn label_file_alone() {
        let label_only = PatchFiles {
            label: Some(label(&[], &[])),
            ..Default::default()
        };
        assert_eq!(
            judge(check, &label_only, &[], false),
            [(
                "labels/31UGQ_0_0.json".to_string(),
                "no ground reference `ground_reference/31UGQ_GR_0_0.tif` for this label file"
                    .to_string()
            )]
        );
        let both = PatchFiles {
            ground_reference: Some(file(FileKind::GroundReference, "31UGQ_GR_0_0.tif")),
            ..label_only
        };
        assert!(judge(check, &both, &[], false).is_empty());
        assert!(judge(check, &PatchFiles::default(), &[], false).is_empty());
    }
}
