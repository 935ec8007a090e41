use std::collections::BTreeMap;

use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// The label file's `labels` list exactly the classes present in the ground
    /// reference raster. Classes present but not listed and classes listed but
    /// absent are reported by name.
    ///
    /// ## Why it matters
    /// Users select patches by their `labels` (e.g. every patch with vineyards);
    /// a wrong list hides patches from them or hands them patches without the
    /// class.
    ///
    /// ## Example
    /// ```text
    /// labels/31UGQ_6682_2570.json: classes present in the ground reference but not listed: 6 Arable lands
    /// ```
    pub struct LabelsDisagreeWithRaster {
        code: "C002",
        name: "labels-disagree-with-raster",
        family: Classes,
        severity: Error,
        summary: "A label file whose labels are not the classes of its ground reference",
    }
}

/// C002: the classes of the class table present in the ground reference
/// (from its histogram) against those the label file lists (sorted).
pub(crate) fn check_counts(
    counts: &[u32; 256],
    listed: &[u8],
    classes: &BTreeMap<u8, String>,
) -> Option<String> {
    let present: Vec<u8> = super::present(counts)
        .into_iter()
        .filter(|c| classes.contains_key(c))
        .collect();
    let name = |v: u8| classes.get(&v).cloned().unwrap_or_default();
    check(&present, listed, name)
}

/// Compares the classes present in the raster with those listed (both
/// sorted, values of the class table only).
pub(crate) fn check(present: &[u8], listed: &[u8], name: impl Fn(u8) -> String) -> Option<String> {
    let describe = |values: Vec<u8>| -> String {
        values
            .into_iter()
            .map(|v| format!("{v} {}", name(v)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let missing: Vec<u8> = present
        .iter()
        .copied()
        .filter(|c| !listed.contains(c))
        .collect();
    let extra: Vec<u8> = listed
        .iter()
        .copied()
        .filter(|c| !present.contains(c))
        .collect();
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!(
            "classes present in the ground reference but not listed: {}",
            describe(missing)
        ));
    }
    if !extra.is_empty() {
        parts.push(format!(
            "classes listed but absent from the ground reference: {}",
            describe(extra)
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

#[cfg(test)]
mod tests {
    #[test]
    fn missing_and_extra() {
        let name = |v: u8| format!("class{v}");
        assert_eq!(super::check(&[1, 6], &[1, 6], name), None);
        assert_eq!(
            super::check(&[1, 6, 9], &[1, 11], name).as_deref(),
            Some("classes present in the ground reference but not listed: 6 class6, 9 class9; classes listed but absent from the ground reference: 11 class11")
        );
    }

    #[test]
    fn from_the_histogram_ignoring_unknown_values() {
        let classes: super::BTreeMap<u8, String> = [
            (1, "Dense built-up".to_string()),
            (6, "Arable lands".to_string()),
        ]
        .into();
        let counts = crate::rules::classes::histogram(&[1, 1, 6, 0, 15]);
        assert_eq!(super::check_counts(&counts, &[1, 6], &classes), None);
        assert_eq!(
            super::check_counts(&counts, &[1], &classes).as_deref(),
            Some("classes present in the ground reference but not listed: 6 Arable lands")
        );
    }
}
