use crate::rules::declare::declare_rule;
use crate::rules::input::{ClassMapFacts, Out};
use crate::rules::record::Record;

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
        reads: [ClassMap(check)],
    }
    data {
        /// The pixels whose value is not a class, in all.
        pixels: u64,
        /// Each such value, in increasing order.
        values: Vec<u8>,
        /// The pixel count of each of `values`.
        value_pixels: Vec<u64>,
    }
}

impl Record for UnknownClassValue {
    fn message(&self) -> String {
        let plural = |n: u64| if n == 1 { "" } else { "s" };
        let each: Vec<String> = self
            .values
            .iter()
            .zip(&self.value_pixels)
            .map(|(v, n)| format!("{v}: {n} pixel{}", plural(*n)))
            .collect();
        let total = self.pixels;
        format!(
            "{total} pixel{} hold{} values outside the class table ({})",
            plural(total),
            if total == 1 { "s" } else { "" },
            each.join(", ")
        )
    }
}

/// C001: pixels whose value is not a class, from the map's histogram.
fn check(facts: &ClassMapFacts, out: &mut Out) {
    let (values, value_pixels): (Vec<u8>, Vec<u64>) = (0..=255u8)
        .map(|v| (v, u64::from(facts.counts[v as usize])))
        .filter(|&(v, n)| n > 0 && !facts.classes.contains_key(&v))
        .unzip();
    if !values.is_empty() {
        out.push(UnknownClassValue {
            pixels: value_pixels.iter().sum(),
            values,
            value_pixels,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::classes::histogram;
    use crate::rules::input::messages;
    use std::collections::BTreeMap;

    #[test]
    fn counts_unknown_values() {
        let classes: BTreeMap<u8, String> = [(1, "a".to_string()), (2, "b".to_string())].into();
        let judge = |map: &[u8]| {
            let counts = histogram(map);
            let facts = ClassMapFacts {
                counts: &counts,
                classes: &classes,
                label: None,
            };
            messages(check, &facts)
        };
        assert!(judge(&[1, 2, 2, 1]).is_empty());
        assert_eq!(
            judge(&[1, 15, 15, 0, 2]),
            ["3 pixels hold values outside the class table (0: 1 pixel, 15: 2 pixels)"]
        );
        assert_eq!(
            judge(&[1, 15]),
            ["1 pixel holds values outside the class table (15: 1 pixel)"]
        );
    }
}
