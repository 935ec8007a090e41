use crate::rules::declare_rule;

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
    }
}

pub(crate) fn check(bands: usize, expected: usize, kind: &str) -> Option<String> {
    (bands != expected).then(|| {
        let plural = if bands == 1 { "" } else { "s" };
        format!("{bands} band{plural}, expected {expected} for a {kind} patch")
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn count() {
        assert_eq!(super::check(10, 10, "Sentinel-2"), None);
        assert_eq!(
            super::check(9, 10, "Sentinel-2").as_deref(),
            Some("9 bands, expected 10 for a Sentinel-2 patch")
        );
        assert_eq!(
            super::check(1, 2, "Sentinel-1").as_deref(),
            Some("1 band, expected 2 for a Sentinel-1 patch")
        );
    }
}
