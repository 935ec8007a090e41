use crate::model::FileKind;
use crate::rules::declare::declare_rule;
use crate::rules::input::{NameFacts, NamePart, NamePlace, Out};
use crate::rules::record::Record;

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
        reads: [Name(&[NamePart::Shape], check)],
    }
    data {
        /// The listed name.
        listed_name: String,
        /// The field that lists it.
        listed_in: String,
        /// The kind the name says.
        kind: FileKind,
        /// The kind the list holds.
        expected_kind: FileKind,
        /// The patch the name says (`{tile}_{x}_{y}`), when it is of the
        /// list's kind but of another patch.
        named_patch: Option<String>,
        /// The label file's patch.
        label_patch: String,
    }
}

impl Record for ListedNameMismatch {
    fn message(&self) -> String {
        let why = match &self.named_patch {
            Some(named) => format!(
                "it names patch {named}, not the label file's patch {}",
                self.label_patch
            ),
            None => format!(
                "a {} name, expected a {} name",
                self.kind.describe(),
                self.expected_kind.describe()
            ),
        };
        format!(
            "listed `{}` in `{}`: {why}",
            self.listed_name, self.listed_in
        )
    }
}

/// T005: a name listed once, with its kind's extension, that is of the
/// other sensor, or of another patch than its label file's (whose tile code
/// is valid: an invalid one is N002's).
fn check(facts: &NameFacts, out: &mut Out) {
    let NamePlace::Listed {
        field,
        expected,
        label,
        duplicate: false,
    } = facts.place
    else {
        return;
    };
    let Some(parts) = facts.parts.filter(|p| p.has_expected_extension()) else {
        return;
    };
    let record = |named_patch| ListedNameMismatch {
        listed_name: facts.name.to_string(),
        listed_in: field.to_string(),
        kind: parts.kind,
        expected_kind: expected,
        named_patch,
        label_patch: label.to_string(),
    };
    if parts.kind != expected {
        out.push(record(None));
        return;
    }
    // The label file's own patch, spelled as it is: no need to parse it.
    let own = parts.tile == label.tile.as_str() && (parts.x, parts.y) == (label.x, label.y);
    if let Some(named) = (!own).then(|| parts.patch()).flatten() {
        if named != *label {
            out.push(record(Some(named.to_string())));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::naming::fixtures::listed_facts;

    #[test]
    fn sensor_and_patch() {
        assert!(listed_facts("31UER_20200101_S2_0_0.tif", false, check).is_empty());
        assert_eq!(
            listed_facts("31UER_20200101_S1_0_0.tif", false, check),
            ["listed `31UER_20200101_S1_0_0.tif` in `corresponding_s2`: a Sentinel-1 name, expected a Sentinel-2 name"]
        );
        assert_eq!(
            listed_facts("31UER_20200101_S2_257_0.tif", false, check),
            ["listed `31UER_20200101_S2_257_0.tif` in `corresponding_s2`: it names patch 31UER_257_0, not the label file's patch 31UER_0_0"]
        );
        assert!(
            listed_facts("31UJR_20200101_S2_257_0.tif", false, check).is_empty(),
            "an invalid tile is N002's"
        );
        assert!(
            listed_facts("31UER_20200101_S1_0_0.tif", true, check).is_empty(),
            "T006's"
        );
    }
}
