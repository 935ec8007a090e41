use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// A label file is no larger than the profile's `[label_files] max_bytes`
    /// (1 MiB by default; published files are a few kilobytes). Larger files
    /// are not read, so no other label rule reports on them.
    ///
    /// ## Why it matters
    /// A label file of megabytes is not a label file (a raster or an archive
    /// renamed by mistake), and reading it would slow every loader.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_0_0.json: file is 52428800 bytes, more than the 1048576 allowed for a label file
    /// ```
    pub struct OversizedLabelFile {
        code: "J006",
        name: "oversized-label-file",
        family: Labels,
        severity: Error,
        summary: "A label file larger than the profile allows",
    }
}
