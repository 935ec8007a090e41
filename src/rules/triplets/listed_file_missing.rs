use crate::model::FileKind;
use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, TripletFacts};
use crate::rules::record::Record;

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
        reads: [Triplet(check)],
    }
    data {
        /// The name the label file lists.
        listed_name: String,
        /// The folder where it should be.
        folder: String,
    }
}

impl Record for ListedFileMissing {
    fn message(&self) -> String {
        format!(
            "listed file `{}/{}` does not exist",
            self.folder, self.listed_name
        )
    }
}

/// T003: each name a label file lists that is not among the files on disk
/// of its folder (when the folder exists).
fn check(facts: &TripletFacts, out: &mut Out) {
    let Some(label) = &facts.patch.label else {
        return;
    };
    if facts.labels_unknown {
        return;
    }
    for (listed, on_disk, kind) in [
        (&label.s2, facts.on_disk_s2, FileKind::S2),
        (&label.s1, facts.on_disk_s1, FileKind::S1),
    ] {
        if !facts.has_folder(kind) {
            continue;
        }
        for name in listed.iter().filter(|n| !on_disk.contains(&***n)) {
            out.push_at(
                &*label.path,
                ListedFileMissing {
                    listed_name: name.to_string(),
                    folder: facts.folder(kind).to_string(),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dataset::PatchFiles;
    use crate::rules::triplets::fixtures::{judge, label};

    #[test]
    fn names_the_listed_file() {
        let patch = PatchFiles {
            label: Some(label(
                &["31UGQ_20200325_S2_0_0.tif", "31UGQ_20200731_S2_0_0.tif"],
                &[],
            )),
            ..Default::default()
        };
        assert_eq!(
            judge(check, &patch, &["31UGQ_20200731_S2_0_0.tif"], false),
            [(
                "labels/31UGQ_0_0.json".to_string(),
                "listed file `s2/31UGQ_20200325_S2_0_0.tif` does not exist".to_string()
            )]
        );
    }
}
