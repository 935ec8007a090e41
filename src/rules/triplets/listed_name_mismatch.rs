use crate::model::{FileKind, PatchKey};
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every name listed by a label file has the label file's tile, `x` and
    /// `y`, and sits in the right list: Sentinel-2 names in
    /// `corresponding_s2`, Sentinel-1 names in `corresponding_s1`.
    ///
    /// ## Why it matters
    /// A name of another patch or of the other sensor pairs the wrong images
    /// with the ground reference: the sample is wrong, silently.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_0_0.json: listed `31UER_20200731_S2_257_0.tif` is at x 257, y 0, not at the label file's x 0, y 0
    /// ```
    pub struct ListedNameMismatch {
        code: "T005",
        name: "listed-name-mismatch",
        family: Triplets,
        severity: Error,
        summary: "A listed name of another patch, tile or sensor",
    }
}

/// T005 when a list holds a name of another sensor (`found` instead of
/// `expected`).
pub(crate) fn check_kind(found: FileKind, expected: FileKind) -> Option<String> {
    (found != expected).then(|| {
        format!(
            "a {} name, expected a {} name",
            found.describe(),
            expected.describe()
        )
    })
}

/// T005 when a listed name is of another patch than its label file's.
pub(crate) fn check_patch(listed: &PatchKey, label: &PatchKey) -> Option<String> {
    (listed != label)
        .then(|| format!("it names patch {listed}, not the label file's patch {label}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensor_and_patch() {
        assert_eq!(check_kind(FileKind::S2, FileKind::S2), None);
        assert_eq!(
            check_kind(FileKind::S1, FileKind::S2).as_deref(),
            Some("a Sentinel-1 name, expected a Sentinel-2 name")
        );
        let key = |x| PatchKey {
            tile: crate::model::TileCode::parse("31UGQ").unwrap(),
            x,
            y: 0,
        };
        assert_eq!(check_patch(&key(0), &key(0)), None);
        assert_eq!(
            check_patch(&key(257), &key(0)).as_deref(),
            Some("it names patch 31UGQ_257_0, not the label file's patch 31UGQ_0_0")
        );
    }
}
