use crate::io::formats::raster::Truncation;
use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, PixelReadFacts, RasterFacts};
use crate::rules::record::Record;

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
        reads: [Raster(check), PixelRead(check_pixels)],
    }
    data {
        /// The first strip or tile that ends beyond the end of the file
        /// (from the TIFF directory).
        block: Option<u64>,
        /// The byte where that strip or tile ends.
        end_byte: Option<u64>,
        /// The file's length, bytes.
        file_bytes: Option<u64>,
        /// The band whose pixels cannot be decoded (1-based).
        band: Option<u16>,
        /// Why the directory or the band cannot be read.
        reason: Option<String>,
    }
}

impl Record for TruncatedRaster {
    fn message(&self) -> String {
        let why = self.reason.as_deref().unwrap_or("");
        match (self.band, self.block, self.end_byte, self.file_bytes) {
            (Some(band), ..) => format!("band {band}: pixels cannot be read: {why}"),
            (None, Some(block), Some(end), Some(len)) => format!(
                "strip or tile {block} ends at byte {end}, beyond the end of the file ({len} bytes)"
            ),
            _ => format!("the TIFF directory cannot be read: {why}"),
        }
    }
}

const NONE: TruncatedRaster = TruncatedRaster {
    block: None,
    end_byte: None,
    file_bytes: None,
    band: None,
    reason: None,
};

/// R002 from the TIFF directory, before any pixel is read.
fn check(facts: &RasterFacts, out: &mut Out) {
    let Ok(header) = facts.opened else { return };
    match &header.truncated {
        None => {}
        Some(Truncation::BlockBeyondEnd {
            block,
            end,
            file_len,
        }) => out.push(TruncatedRaster {
            block: Some(*block as u64),
            end_byte: Some(*end),
            file_bytes: Some(*file_len),
            ..NONE
        }),
        Some(Truncation::Directory(why)) => out.push(TruncatedRaster {
            reason: Some(why.to_string()),
            ..NONE
        }),
    }
}

/// R002 for a band whose pixels cannot be decoded (strips beyond the end
/// of the file are found from the directory alone, above).
fn check_pixels(facts: &PixelReadFacts, out: &mut Out) {
    out.push(TruncatedRaster {
        band: Some(super::band_number(facts.band)),
        reason: Some(facts.error.to_string()),
        ..NONE
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_of_each_case() {
        let band = TruncatedRaster {
            band: Some(3),
            reason: Some("TIFFReadEncodedStrip() failed".into()),
            ..NONE
        };
        assert_eq!(
            band.message(),
            "band 3: pixels cannot be read: TIFFReadEncodedStrip() failed"
        );
        let beyond = TruncatedRaster {
            block: Some(148),
            end_byte: Some(26_098),
            file_bytes: Some(26_052),
            ..NONE
        };
        assert_eq!(
            beyond.message(),
            "strip or tile 148 ends at byte 26098, beyond the end of the file (26052 bytes)"
        );
        let directory = TruncatedRaster {
            reason: Some(crate::io::formats::tiff::TiffError::TooShort.to_string()),
            ..NONE
        };
        assert_eq!(
            directory.message(),
            "the TIFF directory cannot be read: not a TIFF file (too short)"
        );
    }
}
