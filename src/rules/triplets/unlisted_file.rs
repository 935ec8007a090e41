use std::collections::HashSet;

use crate::model::FileKind;
use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, TripletFacts};
use crate::rules::record::Record;

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
        reads: [Triplet(check)],
    }
    data {
        /// The patch's label file: the one that does not list the file, or
        /// where it should be when there is none.
        label_file: String,
        /// Whether that label file exists.
        label_exists: bool,
    }
}

impl Record for UnlistedFile {
    fn message(&self) -> String {
        if self.label_exists {
            format!("not listed in `{}`", self.label_file)
        } else {
            format!("no label file `{}` lists it", self.label_file)
        }
    }
}

/// T004: each Sentinel-2 or Sentinel-1 file of the patch that its label
/// file does not list (none when the label file could not be read or the
/// labels folder listed).
fn check(facts: &TripletFacts, out: &mut Out) {
    let label = facts.patch.label.as_ref();
    if facts.labels_unknown || label.is_some_and(|l| !l.parsed) {
        return;
    }
    // Names carry their sensor, and only names of the right sensor are
    // kept in each list, so one set serves both.
    let listed: HashSet<&str> = label
        .iter()
        .flat_map(|l| l.s2.iter().chain(&l.s1))
        .map(|n| &**n)
        .collect();
    let patch = facts.patch;
    for file in patch.s2.iter().chain(&patch.s1) {
        if listed.contains(&*file.name) {
            continue;
        }
        out.push_at(
            &*file.path,
            UnlistedFile {
                label_file: label.map_or_else(
                    || facts.expected_path(FileKind::Label),
                    |l| l.path.to_string(),
                ),
                label_exists: label.is_some(),
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
    fn with_and_without_label_file() {
        let s2 = "31UGQ_20200325_S2_0_0.tif";
        let s1 = "31UGQ_20200106_S1_0_0.tif";
        let mut patch = PatchFiles {
            label: Some(label(&[], &[s1])),
            s2: vec![file(FileKind::S2, s2)],
            s1: vec![file(FileKind::S1, s1)],
            ..Default::default()
        };
        assert_eq!(
            judge(check, &patch, &[], false),
            [(
                format!("s2/{s2}"),
                "not listed in `labels/31UGQ_0_0.json`".to_string()
            )]
        );
        patch.label.as_mut().unwrap().parsed = false;
        assert!(
            judge(check, &patch, &[], false).is_empty(),
            "unreadable label"
        );
        patch.label = None;
        assert_eq!(
            judge(check, &patch, &[], false)[0].1,
            "no label file `labels/31UGQ_0_0.json` lists it"
        );
        assert!(judge(check, &patch, &[], true).is_empty(), "labels unknown");
    }
}
