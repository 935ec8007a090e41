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

/// J006: a label file of `size` bytes when `max` are allowed (the engine
/// reads at most `max + 1` bytes, and calls this when it got them all).
pub(crate) fn message(size: u64, max: u64) -> String {
    format!("file is {size} bytes, more than the {max} allowed for a label file")
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_size_and_limit() {
        assert_eq!(
            super::message(2048, 1024),
            "file is 2048 bytes, more than the 1024 allowed for a label file"
        );
    }
}
