use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every strip or tile listed in the TIFF directory lies inside the file (its
    /// offset plus its byte count is at most the file's length; checked from the
    /// directory alone, without decoding pixels), and, for files whose pixels are
    /// read by other rules, every block decodes.
    ///
    /// ## Why it matters
    /// A copy interrupted mid-way leaves a file whose header is intact: it opens,
    /// looks right, and fails when the pixels are read, often only for its last
    /// bands.
    ///
    /// ## Example
    /// ```text
    /// s2/31UGQ_20200325_S2_2827_2570.tif: strip or tile 148 ends at byte 26098, beyond the end of the file (26052 bytes)
    /// ```
    pub struct TruncatedRaster {
        code: "R002",
        name: "truncated-raster",
        family: Raster,
        severity: Error,
        summary: "A raster whose strips or tiles cannot all be read",
    }
}

/// The message for a band whose pixels cannot be decoded (the strips that
/// lie beyond the end of the file are found by `io::tiff` from the
/// directory alone, with their own message).
pub(crate) fn unreadable_band(band: usize, why: &str) -> String {
    format!("band {band}: pixels cannot be read: {why}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_the_band() {
        assert_eq!(
            super::unreadable_band(3, "TIFFReadEncodedStrip() failed"),
            "band 3: pixels cannot be read: TIFFReadEncodedStrip() failed"
        );
    }
}
