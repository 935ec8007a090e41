use crate::model::FileKind;
use crate::rules::declare::declare_rule;
use crate::rules::input::{NameFacts, NamePart, NamePlace, Out};
use crate::rules::naming::listed;
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// A file in a dataset folder that has the folder's extension, and every
    /// name listed in a label file, follows one of the nomenclatures:
    /// `{tile}_GR_{x}_{y}.tif`, `{tile}_{date}_S2_{x}_{y}.tif`,
    /// `{tile}_{date}_S1_{x}_{y}.tif` or `{tile}_{x}_{y}.json`, where `date`
    /// is eight digits and `x`, `y` are decimal numbers without sign or
    /// leading zero.
    ///
    /// ## Why it matters
    /// The name is the only link between a patch's members: a name that does
    /// not parse cannot be matched to its patch, tile or date.
    ///
    /// ## Example
    /// ```text
    /// s2/31UER_2020-07-31_S2_0_0.tif: name does not follow {tile}_{date}_S2_{x}_{y}.tif
    /// ```
    pub struct MalformedName {
        code: "N001",
        name: "malformed-name",
        family: Naming,
        severity: Error,
        summary: "A name that follows none of the nomenclatures",
        reads: [Name(&[NamePart::Shape], check)],
    }
    data {
        /// The kind of file the name should be: the folder's, or the list's.
        expected_kind: FileKind,
        /// For a name listed in a label file: the name (absent for a file
        /// on disk, which is the finding's path).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_name: Option<String>,
        /// For a name listed in a label file: the field that lists it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_in: Option<String>,
    }
}

impl Record for MalformedName {
    fn message(&self) -> String {
        let why = format!("name does not follow {}", self.expected_kind.nomenclature());
        listed(&self.listed_name, &self.listed_in, why)
    }
}

/// N001: a name that does not split, on disk with the folder's extension
/// (any other file is stray, L003), or listed once in a label file.
fn check(facts: &NameFacts, out: &mut Out) {
    if facts.parts.is_some() {
        return;
    }
    let expected_kind = match facts.place {
        NamePlace::OnDisk { folder } if folder.extension_of(facts.name) => folder,
        NamePlace::Listed {
            expected,
            duplicate: false,
            ..
        } => expected,
        _ => return,
    };
    let (listed_name, listed_in) = facts.listed();
    out.push(MalformedName {
        expected_kind,
        listed_name,
        listed_in,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::naming::fixtures::{in_folder, listed_facts};

    #[test]
    fn gives_the_nomenclature() {
        assert_eq!(
            in_folder("31UER_2020-07-31_S2_0_0.tif", FileKind::S2, check),
            ["name does not follow {tile}_{date}_S2_{x}_{y}.tif"]
        );
        assert!(
            in_folder("notes.txt", FileKind::S2, check).is_empty(),
            "stray"
        );
        assert!(in_folder("31UER_20200731_S2_0_0.tif", FileKind::S2, check).is_empty());
        assert_eq!(
            listed_facts("x.tif", false, check),
            ["listed `x.tif` in `corresponding_s2`: name does not follow {tile}_{date}_S2_{x}_{y}.tif"]
        );
        assert!(listed_facts("x.tif", true, check).is_empty(), "T006's");
    }
}
