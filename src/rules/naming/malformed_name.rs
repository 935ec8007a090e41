use crate::model::FileKind;
use crate::rules::declare_rule;

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
    }
}

/// N001 for a file of a `folder_kind` folder whose name follows no
/// nomenclature: a name with the folder's extension is malformed; any
/// other file is stray (L003), `None` here.
pub(crate) fn check(name: &str, folder_kind: FileKind) -> Option<String> {
    let extension = std::path::Path::new(name).extension();
    extension
        .is_some_and(|e| e == folder_kind.extension())
        .then(|| message(folder_kind))
}

/// N001's message for a name expected to follow the nomenclature of
/// `expected` (also used for names listed in label files).
pub(crate) fn message(expected: FileKind) -> String {
    format!("name does not follow {}", expected.nomenclature())
}

#[cfg(test)]
mod tests {
    #[test]
    fn gives_the_nomenclature() {
        assert_eq!(
            super::message(super::FileKind::S2),
            "name does not follow {tile}_{date}_S2_{x}_{y}.tif"
        );
        assert_eq!(
            super::check("31UER_2020-07-31_S2_0_0.tif", super::FileKind::S2).as_deref(),
            Some("name does not follow {tile}_{date}_S2_{x}_{y}.tif")
        );
        assert_eq!(
            super::check("notes.txt", super::FileKind::S2),
            None,
            "stray"
        );
    }
}
