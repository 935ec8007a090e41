use crate::io::formats::crs::Crs;
use crate::model::TileCode;
use crate::rules::declare_rule;

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
    }
}

/// G002 on the patch's reference raster: its CRS against the UTM zone of
/// the tile its name gives. A CRS that cannot be compared (no EPSG code,
/// unparsable) is reported too: it is not the tile's zone.
pub(crate) fn check(crs: &Crs, tile: &TileCode) -> Option<String> {
    let expected = tile.utm_epsg();
    (crs.same_as(&Crs::Epsg(expected)) != Some(true)).then(|| {
        format!(
            "CRS is {}, expected EPSG:{expected} (UTM zone of tile {tile})",
            crs.describe()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_of_the_tile() {
        let tile = TileCode::parse("31UGQ").unwrap();
        assert_eq!(check(&Crs::Epsg(32631), &tile), None);
        assert_eq!(
            check(&Crs::Epsg(32632), &tile).as_deref(),
            Some("CRS is EPSG:32632, expected EPSG:32631 (UTM zone of tile 31UGQ)")
        );
        let south = TileCode::parse("33HYD").unwrap();
        assert_eq!(check(&Crs::Epsg(32733), &south), None);
        assert!(check(&Crs::Invalid, &tile).is_some());
    }
}
