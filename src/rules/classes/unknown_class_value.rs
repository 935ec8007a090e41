use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every pixel of a ground reference holds a value of the profile's class
    /// table (1–14 for MultiSenGE; 0 is not a class). The finding counts the
    /// pixels of each unknown value.
    ///
    /// ## Why it matters
    /// Unknown values become an extra class for a model, or crash one-hot
    /// encoding; 0 usually marks unfilled holes left by the generalization.
    ///
    /// ## Example
    /// ```text
    /// ground_reference/31UGQ_GR_6425_2570.tif: 9 pixels hold values outside the class table (15: 9 pixels)
    /// ```
    pub struct UnknownClassValue {
        code: "C001",
        name: "unknown-class-value",
        family: Classes,
        severity: Error,
        summary: "Ground-reference pixels whose value is not in the class table",
    }
}

use std::collections::BTreeMap;

/// Counts the pixels whose value is not a class, from the map's
/// histogram; `None` when there are none.
pub(crate) fn check(counts: &[u32; 256], classes: &BTreeMap<u8, String>) -> Option<String> {
    let unknown: Vec<(usize, u32)> = counts
        .iter()
        .enumerate()
        .filter(|&(v, &n)| n > 0 && !classes.contains_key(&(v as u8)))
        .map(|(v, &n)| (v, n))
        .collect();
    if unknown.is_empty() {
        return None;
    }
    let total: u32 = unknown.iter().map(|u| u.1).sum();
    let each: Vec<String> = unknown
        .iter()
        .map(|(v, n)| format!("{v}: {n} pixel{}", if *n == 1 { "" } else { "s" }))
        .collect();
    Some(format!(
        "{total} pixel{} hold{} values outside the class table ({})",
        if total == 1 { "" } else { "s" },
        if total == 1 { "s" } else { "" },
        each.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_unknown_values() {
        let classes: BTreeMap<u8, String> = [(1, "a".to_string()), (2, "b".to_string())].into();
        let h = crate::rules::classes::histogram;
        assert_eq!(check(&h(&[1, 2, 2, 1]), &classes), None);
        assert_eq!(
            check(&h(&[1, 15, 15, 0, 2]), &classes).as_deref(),
            Some("3 pixels hold values outside the class table (0: 1 pixel, 15: 2 pixels)")
        );
    }
}
