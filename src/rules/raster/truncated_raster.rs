use std::fmt::Display;

use crate::io::formats::raster::Truncation;
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

/// R002 from the TIFF directory, before any pixel is read.
pub(crate) fn check(truncation: Option<&Truncation>) -> Option<String> {
    Some(match truncation? {
        Truncation::BlockBeyondEnd {
            block,
            end,
            file_len,
        } => format!(
            "strip or tile {block} ends at byte {end}, beyond the end of the file ({file_len} bytes)"
        ),
        Truncation::Directory(why) => format!("the TIFF directory cannot be read: {why}"),
    })
}

/// The message for a band whose pixels cannot be decoded (the strips that
/// lie beyond the end of the file are found by `io::tiff` from the
/// directory alone, with their own message).
pub(crate) fn unreadable_band(band: usize, why: &impl Display) -> String {
    format!("band {band}: pixels cannot be read: {why}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_the_band() {
        assert_eq!(
            super::unreadable_band(3, &"TIFFReadEncodedStrip() failed"),
            "band 3: pixels cannot be read: TIFFReadEncodedStrip() failed"
        );
        assert_eq!(super::check(None), None);
        let beyond = super::Truncation::BlockBeyondEnd {
            block: 148,
            end: 26_098,
            file_len: 26_052,
        };
        assert_eq!(
            super::check(Some(&beyond)).as_deref(),
            Some("strip or tile 148 ends at byte 26098, beyond the end of the file (26052 bytes)")
        );
        let unreadable = super::Truncation::Directory(std::sync::Arc::new(
            crate::io::formats::tiff::TiffError::TooShort,
        ));
        assert_eq!(
            super::check(Some(&unreadable)).as_deref(),
            Some("the TIFF directory cannot be read: not a TIFF file (too short)")
        );
    }
}
