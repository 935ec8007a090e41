use crate::model::NameParts;
use crate::rules::declare_rule;

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
    }
}

/// The message when `parts` does not carry its kind's extension.
pub(crate) fn check(parts: &NameParts) -> Option<String> {
    if parts.has_expected_extension() {
        return None;
    }
    let found = if parts.extension.is_empty() {
        "no extension".to_string()
    } else {
        format!("extension `.{}`", parts.extension)
    };
    Some(format!("{found} should be `.{}`", parts.kind.extension()))
}

#[cfg(test)]
mod tests {
    use crate::model::NameParts;

    #[test]
    fn extension_of_the_kind() {
        let ok = NameParts::split("31UER_GR_0_0.tif").unwrap();
        assert_eq!(super::check(&ok), None);
        let tiff = NameParts::split("31UER_GR_0_0.tiff").unwrap();
        assert_eq!(
            super::check(&tiff).as_deref(),
            Some("extension `.tiff` should be `.tif`")
        );
    }
}
