use crate::rules::declare::declare_rule;
use crate::rules::input::{NameFacts, NamePart, Out};
use crate::rules::naming::listed;
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// A file whose name has the shape of a nomenclature carries that
    /// nomenclature's extension exactly: `.tif` for rasters, `.json` for
    /// label files (lower case).
    ///
    /// ## Why it matters
    /// Label files list rasters by exact name; `31UER_GR_0_0.TIF` or
    /// `31UER_GR_0_0.tiff` will not be found by them, nor by loaders that
    /// match `*.tif`.
    ///
    /// ## Example
    /// ```text
    /// ground_reference/31UER_GR_0_0.tiff: extension `.tiff` should be `.tif`
    /// ```
    pub struct WrongExtension {
        code: "L004",
        name: "wrong-extension",
        family: Layout,
        severity: Error,
        summary: "A dataset file with the wrong extension",
        reads: [Name(&[NamePart::Shape], check)],
    }
    data {
        /// The extension found, without the dot (empty: none).
        extension: String,
        /// The extension of the name's kind.
        expected_extension: String,
        /// For a name listed in a label file: the name (absent for a file
        /// on disk, which is the finding's path).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_name: Option<String>,
        /// For a name listed in a label file: the field that lists it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_in: Option<String>,
    }
}

impl Record for WrongExtension {
    fn message(&self) -> String {
        let found = if self.extension.is_empty() {
            "no extension".to_string()
        } else {
            format!("extension `.{}`", self.extension)
        };
        let why = format!("{found} should be `.{}`", self.expected_extension);
        listed(&self.listed_name, &self.listed_in, why)
    }
}

/// L004: a name with the shape of a nomenclature and another extension
/// (a name listed twice is T006's).
fn check(facts: &NameFacts, out: &mut Out) {
    let Some(parts) = facts.parts else { return };
    if parts.has_expected_extension() || facts.duplicate() {
        return;
    }
    let (listed_name, listed_in) = facts.listed();
    out.push(WrongExtension {
        extension: parts.extension.to_string(),
        expected_extension: parts.kind.extension().to_string(),
        listed_name,
        listed_in,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::naming::fixtures::{listed_facts, on_disk};

    #[test]
    fn extension_of_the_kind() {
        assert!(on_disk("31UER_GR_0_0.tif", check).is_empty());
        assert_eq!(
            on_disk("31UER_GR_0_0.tiff", check),
            ["extension `.tiff` should be `.tif`"]
        );
        assert_eq!(
            on_disk("31UER_GR_0_0", check),
            ["no extension should be `.tif`"]
        );
        assert_eq!(
            listed_facts("31UER_20200101_S2_0_0.TIF", false, check),
            ["listed `31UER_20200101_S2_0_0.TIF` in `corresponding_s2`: extension `.TIF` should be `.tif`"]
        );
        assert!(
            listed_facts("31UER_20200101_S2_0_0.TIF", true, check).is_empty(),
            "T006's"
        );
    }
}
