//! The profile's `[spatial]` section: what counts as an overlap (rules
//! S001, S002) and where areas are measured.

use serde::Deserialize;

use crate::spatial::overlap::OverlapSettings;

/// `[spatial]` in a profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpatialSection {
    /// Overlaps of this area or less are not reported, m² (default 10 m²,
    /// a tenth of a 10 m pixel: reprojection noise between UTM zones is
    /// far below it, a one-pixel sliver of a 256-pixel edge — 25 600 m² —
    /// is far above it).
    #[serde(default = "default_overlap_tolerance")]
    pub overlap_tolerance: f64,
    /// Equal-area CRS in which overlap areas are measured, EPSG code
    /// (default 3035, ETRS89-extended / LAEA Europe).
    #[serde(default = "default_equal_area_epsg")]
    pub equal_area_epsg: u32,
}

fn default_overlap_tolerance() -> f64 {
    10.0
}
fn default_equal_area_epsg() -> u32 {
    3035
}

impl Default for SpatialSection {
    fn default() -> Self {
        SpatialSection {
            overlap_tolerance: default_overlap_tolerance(),
            equal_area_epsg: default_equal_area_epsg(),
        }
    }
}

impl SpatialSection {
    /// Values serde cannot check: a finite, non-negative tolerance and a
    /// projected CRS GDAL knows, in metres.
    pub fn check(&self) -> Result<(), String> {
        let t = self.overlap_tolerance;
        if !(t.is_finite() && t >= 0.0) {
            return Err(format!(
                "[spatial] overlap_tolerance must be a finite area of at least 0 m², not {t}"
            ));
        }
        // The default is known to pass (`the_default_crs_passes`); asking
        // GDAL opens PROJ's database, a few milliseconds of every run.
        if self.equal_area_epsg == default_equal_area_epsg() {
            return Ok(());
        }
        check_equal_area_crs(self.equal_area_epsg)
    }

    pub fn overlap_settings(&self) -> OverlapSettings {
        OverlapSettings {
            tolerance_m2: self.overlap_tolerance,
            equal_area_epsg: self.equal_area_epsg,
        }
    }
}

/// `epsg` is a projected CRS GDAL knows, in metres.
fn check_equal_area_crs(epsg: u32) -> Result<(), String> {
    let srs = crate::io::formats::vector::srs_from_epsg(epsg)
        .map_err(|_| format!("[spatial] equal_area_epsg: EPSG:{epsg} is not a CRS GDAL knows"))?;
    if !srs.is_projected() || srs.linear_units() != 1.0 {
        return Err(format!(
            "[spatial] equal_area_epsg: EPSG:{epsg} is not a projected CRS in metres"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_crs_passes() {
        assert_eq!(check_equal_area_crs(default_equal_area_epsg()), Ok(()));
        assert!(check_equal_area_crs(4326)
            .unwrap_err()
            .contains("not a projected CRS"));
        assert!(check_equal_area_crs(999_999)
            .unwrap_err()
            .contains("not a CRS GDAL knows"));
    }
}
