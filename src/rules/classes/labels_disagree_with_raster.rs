use crate::rules::declare::declare_rule;
use crate::rules::input::{ClassMapFacts, Out};
use crate::rules::record::Record;

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
        reads: [ClassMap(check)],
    }
    data {
        /// Classes present in the ground reference that `labels` does not
        /// list.
        unlisted_classes: Vec<u8>,
        /// Their names in the class table.
        unlisted_names: Vec<String>,
        /// Classes `labels` lists that the ground reference does not hold.
        absent_classes: Vec<u8>,
        /// Their names in the class table.
        absent_names: Vec<String>,
    }
}

impl Record for LabelsDisagreeWithRaster {
    fn message(&self) -> String {
        let describe = |values: &[u8], names: &[String]| -> String {
            values
                .iter()
                .zip(names)
                .map(|(v, n)| format!("{v} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !self.unlisted_classes.is_empty() {
            parts.push(format!(
                "classes present in the ground reference but not listed: {}",
                describe(&self.unlisted_classes, &self.unlisted_names)
            ));
        }
        if !self.absent_classes.is_empty() {
            parts.push(format!(
                "classes listed but absent from the ground reference: {}",
                describe(&self.absent_classes, &self.absent_names)
            ));
        }
        parts.join("; ")
    }
}

/// C002: the classes of the class table present in the ground reference
/// (from its histogram) against those its label file lists; the finding is
/// on the label file.
fn check(facts: &ClassMapFacts, out: &mut Out) {
    let Some(label) = facts.label.filter(|l| l.parsed) else {
        return;
    };
    let Some(listed) = &label.classes else { return };
    let present: Vec<u8> = super::present(facts.counts)
        .into_iter()
        .filter(|c| facts.classes.contains_key(c))
        .collect();
    let unlisted: Vec<u8> = present
        .iter()
        .copied()
        .filter(|c| !listed.contains(c))
        .collect();
    let absent: Vec<u8> = listed
        .iter()
        .copied()
        .filter(|c| !present.contains(c))
        .collect();
    if unlisted.is_empty() && absent.is_empty() {
        return;
    }
    let names = |values: &[u8]| -> Vec<String> {
        values
            .iter()
            .map(|v| facts.classes.get(v).cloned().unwrap_or_default())
            .collect()
    };
    out.push_at(
        &*label.path,
        LabelsDisagreeWithRaster {
            unlisted_names: names(&unlisted),
            absent_names: names(&absent),
            unlisted_classes: unlisted,
            absent_classes: absent,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dataset::LabelInfo;
    use crate::rules::classes::histogram;
    use crate::rules::input::found;
    use std::collections::BTreeMap;

    fn judge(map: &[u8], listed: &[u8]) -> Vec<(String, String)> {
        let classes: BTreeMap<u8, String> = [
            (1, "Dense built-up".to_string()),
            (6, "Arable lands".to_string()),
            (9, "Grasslands".to_string()),
            (11, "Forests".to_string()),
        ]
        .into();
        let label = LabelInfo {
            path: "labels/x.json".into(),
            parsed: true,
            classes: Some(listed.to_vec()),
            ..LabelInfo::default()
        };
        let counts = histogram(map);
        let facts = ClassMapFacts {
            counts: &counts,
            classes: &classes,
            label: Some(&label),
        };
        found(check, &facts)
            .into_iter()
            .map(|e| (e.path.unwrap_or_default(), e.record.message()))
            .collect()
    }

    #[test]
    fn missing_and_extra_ignoring_unknown_values() {
        assert!(judge(&[1, 1, 6, 0, 15], &[1, 6]).is_empty());
        assert_eq!(
            judge(&[1, 1, 6, 0, 15], &[1]),
            [(
                "labels/x.json".to_string(),
                "classes present in the ground reference but not listed: 6 Arable lands"
                    .to_string()
            )]
        );
        assert_eq!(
            judge(&[1, 6, 9], &[1, 11])[0].1,
            "classes present in the ground reference but not listed: 6 Arable lands, 9 Grasslands; classes listed but absent from the ground reference: 11 Forests"
        );
    }
}
