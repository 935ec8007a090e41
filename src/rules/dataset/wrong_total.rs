use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, ReleaseFacts};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// The dataset's totals equal those the release declares in
    /// `[release]`: `patches` (patches seen: well-named files and label
    /// files), `s2_files` and `s1_files` (the names the label files list
    /// in `corresponding_s2` and `corresponding_s1`, so that a run with
    /// rasters and a labels-only run count the same; a listed file missing
    /// on disk is T003's). One finding per total that differs, with both
    /// numbers; a total left out of the profile is not checked. Runs in
    /// labels-only mode too; not in one shard of a sharded run.
    ///
    /// ## Why it matters
    /// The paper states its totals (§3.3: 8 157 patches, 72 033
    /// Sentinel-2 and 1 012 227 Sentinel-1 patch files); a release that
    /// differs from what its documentation announces has lost or gained
    /// files on the way, which no per-file check sees.
    ///
    /// ## Example
    /// ```text
    /// 126 patches, the release declares 8157
    /// ```
    ///
    /// ## How to fix
    /// Find the patches or files lost or added (`multisenge stats` counts
    /// them per tile), or correct the declared total if the release
    /// changed on purpose.
    pub struct WrongTotal {
        code: "D003",
        name: "wrong-total",
        family: Dataset,
        severity: Error,
        summary: "A dataset total (patches, Sentinel-2 or Sentinel-1 files) that differs from the release's",
        reads: [Release(check)],
    }
    data {
        /// Which total: `patches`, `s2_files` or `s1_files`.
        total: String,
        /// The dataset's count.
        counted: u64,
        /// The release's `[release]` value.
        declared: u64,
    }
}

impl Record for WrongTotal {
    fn message(&self) -> String {
        let what = match self.total.as_str() {
            "patches" => "patches",
            "s2_files" => "Sentinel-2 files listed by the label files",
            "s1_files" => "Sentinel-1 files listed by the label files",
            other => other,
        };
        format!(
            "{} {what}, the release declares {}",
            self.counted, self.declared
        )
    }
}

/// D003: each declared total that the dataset's count differs from.
fn check(facts: &ReleaseFacts, out: &mut Out) {
    let d = facts.declared;
    let totals = [
        ("patches", facts.patches, d.patches),
        ("s2_files", facts.listed_s2, d.s2_files),
        ("s1_files", facts.listed_s1, d.s1_files),
    ];
    for (total, counted, declared) in totals {
        let counted = counted as u64;
        if let Some(declared) = declared.filter(|d| *d != counted) {
            out.push(WrongTotal {
                total: total.into(),
                counted,
                declared,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::dataset::fixtures::judge_counts;
    use crate::rules::input::ReleaseDeclaration;

    #[test]
    fn each_total_that_differs_with_both_numbers() {
        let declared = ReleaseDeclaration {
            patches: Some(8157),
            s2_files: Some(72_033),
            s1_files: Some(1_012_227),
            ..Default::default()
        };
        let tiles = [("32UMU", 60), ("31UER", 66)];
        assert_eq!(
            judge_counts(check, &declared, &tiles, (1098, 14_427)),
            [
                "126 patches, the release declares 8157",
                "1098 Sentinel-2 files listed by the label files, the release declares 72033",
                "14427 Sentinel-1 files listed by the label files, the release declares 1012227",
            ]
        );
        let matching = ReleaseDeclaration {
            patches: Some(126),
            s2_files: Some(1098),
            s1_files: Some(14_427),
            ..Default::default()
        };
        assert!(judge_counts(check, &matching, &tiles, (1098, 14_427)).is_empty());
        let only_s1 = ReleaseDeclaration {
            s1_files: Some(14_428),
            ..Default::default()
        };
        assert_eq!(
            judge_counts(check, &only_s1, &tiles, (0, 14_427)),
            ["14427 Sentinel-1 files listed by the label files, the release declares 14428"],
            "totals left out are not checked"
        );
    }
}
