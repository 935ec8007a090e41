use crate::model::FileKind;
use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, RasterFacts};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// The number of bands equals the profile's `bands` for the file's kind
    /// (`[rasters.ground_reference]` 1, `[rasters.s2]` 10, `[rasters.s1]` 2).
    ///
    /// ## Why it matters
    /// A Sentinel-2 patch missing a band (often B8A or B12, resampled from 20 m)
    /// shifts every band after it: the model silently learns from the wrong
    /// wavelengths.
    ///
    /// ## Example
    /// ```text
    /// s2/31UGQ_20200325_S2_3341_2570.tif: 9 bands, expected 10 for a Sentinel-2 patch
    /// ```
    pub struct WrongBandCount {
        code: "R004",
        name: "wrong-band-count",
        family: Raster,
        severity: Error,
        summary: "A raster with another band count than its kind's",
        reads: [Raster(check)],
    }
    data {
        /// The raster's bands.
        band_count: u64,
        /// The profile's `bands` for its kind.
        expected_band_count: u64,
        /// The raster's kind.
        kind: FileKind,
    }
}

impl Record for WrongBandCount {
    fn message(&self) -> String {
        let plural = if self.band_count == 1 { "" } else { "s" };
        format!(
            "{} band{plural}, expected {} for a {} patch",
            self.band_count,
            self.expected_band_count,
            self.kind.describe()
        )
    }
}

/// R004: another band count than the kind's.
fn check(facts: &RasterFacts, out: &mut Out) {
    let Ok(header) = facts.opened else { return };
    let bands = header.band_types.len();
    if bands != facts.expected.bands {
        out.push(WrongBandCount {
            band_count: bands as u64,
            expected_band_count: facts.expected.bands as u64,
            kind: facts.kind,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count() {
        let r = |band_count, expected_band_count, kind| WrongBandCount {
            band_count,
            expected_band_count,
            kind,
        };
        assert_eq!(
            r(9, 10, FileKind::S2).message(),
            "9 bands, expected 10 for a Sentinel-2 patch"
        );
        assert_eq!(
            r(1, 2, FileKind::S1).message(),
            "1 band, expected 2 for a Sentinel-1 patch"
        );
    }
}
