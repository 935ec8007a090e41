use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, RasterFacts};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// Every ground-reference, Sentinel-2 and Sentinel-1 file opens with GDAL's
    /// GeoTIFF driver: it exists, can be read, and is a TIFF file.
    ///
    /// ## Why it matters
    /// A file that does not open breaks every data loader that meets it, usually
    /// hours into a training run. The other raster, georeferencing, class and
    /// minimum-mapping-unit rules are skipped for it.
    ///
    /// ## Example
    /// ```text
    /// s1/31UGQ_20200106_S1_2570_2570.tif: cannot be opened as a GeoTIFF: not a TIFF file GDAL can read
    /// ```
    pub struct UnreadableRaster {
        code: "R001",
        name: "unreadable-raster",
        family: Raster,
        severity: Error,
        summary: "A raster that cannot be opened as a GeoTIFF",
        reads: [Raster(check)],
    }
    data {
        /// GDAL's reason.
        reason: String,
    }
}

impl Record for UnreadableRaster {
    fn message(&self) -> String {
        format!("cannot be opened as a GeoTIFF: {}", self.reason)
    }
}

/// R001: a raster GDAL cannot open.
fn check(facts: &RasterFacts, out: &mut Out) {
    if let Err(why) = facts.opened {
        out.push(UnreadableRaster {
            reason: why.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_reason() {
        let r = UnreadableRaster {
            reason: "not a TIFF".into(),
        };
        assert_eq!(r.message(), "cannot be opened as a GeoTIFF: not a TIFF");
    }
}
