use crate::model::dataset::PatchFiles;
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

/// T002: a patch with a ground reference and no label file; `label_name`
/// is where the label file should be.
pub(crate) fn check(patch: &PatchFiles, label_name: &str) -> Option<String> {
    let orphan = patch.ground_reference.is_some() && patch.label.is_none();
    orphan.then(|| format!("no label file `{label_name}` for this ground reference"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DatasetFile;

    #[test]
    fn ground_reference_alone() {
        let key = crate::model::PatchKey {
            tile: crate::model::TileCode::parse("31UGQ").unwrap(),
            x: 0,
            y: 0,
        };
        let gr_only = PatchFiles {
            ground_reference: Some(DatasetFile {
                kind: crate::model::FileKind::GroundReference,
                patch: key,
                name: "31UGQ_GR_0_0.tif".into(),
                path: "ground_reference/31UGQ_GR_0_0.tif".into(),
            }),
            ..Default::default()
        };
        let label = "labels/31UGQ_0_0.json";
        assert_eq!(
            check(&gr_only, label).as_deref(),
            Some("no label file `labels/31UGQ_0_0.json` for this ground reference")
        );
        let both = PatchFiles {
            label: Some(Default::default()),
            ..gr_only
        };
        assert_eq!(check(&both, label), None);
    }
}
