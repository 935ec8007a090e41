use crate::io::formats::crs::Crs;
use crate::rules::declare::declare_rule;
use crate::rules::input::{GeoreferencingFacts, Out};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// The patch's reference raster (its ground reference, else its first
    /// Sentinel-2 or Sentinel-1 file) is in WGS 84 / UTM of its tile's zone,
    /// EPSG:326ZZ for northern latitude bands and 327ZZ for southern ones. The
    /// other members are compared with the reference by rule G006.
    ///
    /// ## Why it matters
    /// Sentinel-2 tiles are delivered in their own zone; a patch in a neighbouring
    /// zone was reprojected and resampled, or mislabelled.
    ///
    /// ## Example
    /// ```text
    /// ground_reference/31UGQ_GR_5140_2570.tif: CRS is EPSG:32632, expected EPSG:32631 (UTM zone of tile 31UGQ)
    /// ```
    pub struct WrongUtmZone {
        code: "G002",
        name: "wrong-utm-zone",
        family: Georeferencing,
        severity: Error,
        summary: "A patch whose CRS is not the UTM zone of its tile",
        reads: [Georeferencing(check)],
    }
    data {
        /// The reference raster's CRS, as the message names it.
        crs: String,
        /// The EPSG code of the tile's UTM zone.
        expected_epsg: u32,
        /// The patch's tile.
        tile_code: String,
    }
}

impl Record for WrongUtmZone {
    fn message(&self) -> String {
        format!(
            "CRS is {}, expected EPSG:{} (UTM zone of tile {})",
            self.crs, self.expected_epsg, self.tile_code
        )
    }
}

/// G002 on the patch's reference raster: its CRS against the UTM zone of
/// the tile its name gives. A CRS that cannot be compared (no EPSG code,
/// unparsable) is reported too: it is not the tile's zone.
fn check(facts: &GeoreferencingFacts, out: &mut Out) {
    let Some(crs) = &facts.reference.crs else {
        return;
    };
    let expected = facts.key.tile.utm_epsg();
    if crs.same_as(&Crs::Epsg(expected)) != Some(true) {
        out.push(WrongUtmZone {
            crs: crs.describe(),
            expected_epsg: expected,
            tile_code: facts.key.tile.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;
    use crate::rules::georeferencing::fixtures::{georef, judge};

    #[test]
    fn zone_of_the_tile() {
        let gr = |crs| georef(FileKind::GroundReference, "gr.tif", Some(crs), None);
        assert!(judge(check, &[gr(Crs::Epsg(32631))]).is_empty());
        assert_eq!(
            judge(check, &[gr(Crs::Epsg(32632))])[0].1,
            "CRS is EPSG:32632, expected EPSG:32631 (UTM zone of tile 31UGQ)"
        );
        assert_eq!(judge(check, &[gr(Crs::Invalid)]).len(), 1);
    }
}
