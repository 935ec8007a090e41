use crate::model::FileKind;
use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, TripletFacts};
use crate::rules::record::Record;

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
        reads: [Triplet(check)],
    }
    data {
        /// Where the label file should be, relative to the dataset root.
        expected_path: String,
    }
}

impl Record for GroundReferenceWithoutLabel {
    fn message(&self) -> String {
        format!(
            "no label file `{}` for this ground reference",
            self.expected_path
        )
    }
}

/// T002: a patch with a ground reference and no label file (unless the
/// labels folder could not be listed: L005 stands for it).
fn check(facts: &TripletFacts, out: &mut Out) {
    let Some(gr) = &facts.patch.ground_reference else {
        return;
    };
    if facts.patch.label.is_none() && !facts.labels_unknown {
        out.push_at(
            &*gr.path,
            GroundReferenceWithoutLabel {
                expected_path: facts.expected_path(FileKind::Label),
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
    fn ground_reference_alone() {
        let gr_only = PatchFiles {
            ground_reference: Some(file(FileKind::GroundReference, "31UGQ_GR_0_0.tif")),
            ..Default::default()
        };
        assert_eq!(
            judge(check, &gr_only, &[], false),
            [(
                "ground_reference/31UGQ_GR_0_0.tif".to_string(),
                "no label file `labels/31UGQ_0_0.json` for this ground reference".to_string()
            )]
        );
        assert!(
            judge(check, &gr_only, &[], true).is_empty(),
            "labels unknown"
        );
        let both = PatchFiles {
            label: Some(label(&[], &[])),
            ..gr_only
        };
        assert!(judge(check, &both, &[], false).is_empty());
    }
}
