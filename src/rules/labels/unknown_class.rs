use std::collections::BTreeMap;

use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every item of a label file's `labels` is the value of a class of the
    /// profile's class table (1–14 for MultiSenGE), written as a decimal
    /// integer.
    ///
    /// ## Why it matters
    /// `labels` tells users which classes a patch contains (used to balance
    /// or filter training sets); a value outside the table is meaningless.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_0_0.json: label `15` is not a class of the class table (1–14)
    /// ```
    pub struct UnknownClass {
        code: "J005",
        name: "unknown-class",
        family: Labels,
        severity: Error,
        summary: "A `labels` value outside the class table",
    }
}

/// The class value of a `labels` item, or why it is not one.
pub(crate) fn check(item: &str, classes: &BTreeMap<u8, String>) -> Result<u8, String> {
    let range = match (classes.keys().next(), classes.keys().last()) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => "empty".to_string(),
    };
    match item.parse::<u8>() {
        Ok(v) if classes.contains_key(&v) && item == v.to_string() => Ok(v),
        _ => Err(format!(
            "label `{item}` is not a class of the class table ({range})"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_of_the_class_table_written_plainly() {
        let classes: BTreeMap<u8, String> = [(1, "a".to_string()), (14, "b".to_string())].into();
        assert_eq!(check("14", &classes), Ok(14));
        assert_eq!(
            check("15", &classes),
            Err("label `15` is not a class of the class table (1–14)".into())
        );
        assert!(check("014", &classes).is_err(), "leading zero");
        assert!(check("x", &classes).is_err());
    }
}
