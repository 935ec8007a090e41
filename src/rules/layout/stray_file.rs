use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every file is a dataset file: its name has the shape of one of the four
    /// nomenclatures, or matches the profile's `[layout] allowed_files`
    /// patterns (README, LICENSE...). Files whose name has the dataset's
    /// extension but not its shape are reported by `N001` instead.
    /// Side-cars GDAL and QGIS write beside a raster that is present
    /// (`NAME.tif.aux.xml`, `.tif.ovr`, `.tif.msk`, `NAME.qml`) are part of
    /// it, not stray; paths matching the profile's `[layout] exclude` or
    /// `--exclude` are not looked at.
    ///
    /// ## Why it matters
    /// Stray files (`.DS_Store`, `notes.txt`, an archive) inflate a release
    /// and confuse loaders that glob a folder.

    ///
    /// ## Example
    /// ```text
    /// s2/notes.txt: `notes.txt` is not a dataset file
    /// ```
    pub struct StrayFile {
        code: "L003",
        name: "stray-file",
        family: Layout,
        severity: Warning,
        summary: "A file that is not part of the dataset",
    }
}

/// L003: `name` follows no nomenclature and has not the folder's extension.
pub(crate) fn message(name: &str) -> String {
    format!("`{name}` is not a dataset file")
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_the_file() {
        assert_eq!(
            super::message("notes.txt"),
            "`notes.txt` is not a dataset file"
        );
    }
}
