//! Where step 5's railways come from, and with which buffer: the railway
//! lines of the roads file, the rail surfaces of the land-cover source (as
//! the paper: "Large Scale Networks ... come from OCSGE2-GEOGRANDEST for
//! the railway and BDTOPO-IGN for the most important road networks"), or
//! both (`[railways] from`, `--railways-from`). Shared by `generalize` and
//! `compare --roads`, which must burn the same network.

use super::burn_roads::RoadSurface;
use super::config::{GeneralizeConfig, RailwaySource, TAG_RAIL_SURFACE};
use super::request::RoadOverrides;
use crate::io::formats::vector::SourcePolygon;

/// Where the railways come from: the option over the profile.
pub fn railway_source(config: &GeneralizeConfig, o: &RoadOverrides) -> RailwaySource {
    o.railways_from.unwrap_or(config.railways.from)
}

/// The railway buffer as a distance on each side, metres: the option over
/// the profile's `buffer_m`, read by the buffer mode.
pub fn railway_each_side(config: &GeneralizeConfig, o: &RoadOverrides) -> f64 {
    let mode = o.mode.unwrap_or(config.roads.buffer_mode);
    mode.each_side(o.railway_buffer.unwrap_or(config.railways.buffer_m))
}

/// The rail surfaces among `polygons` (tagged by the profile's `[railways]
/// surfaces`), each burned with `buffer_m` around its outline.
///
/// ```
/// use geo_types::{polygon, MultiPolygon};
/// use multisenge::generalize::config::TAG_RAIL_SURFACE;
/// use multisenge::generalize::network::rail_surfaces;
/// use multisenge::io::formats::vector::SourcePolygon;
///
/// let square = MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 9.0, y: 0.0), (x: 9.0, y: 9.0)]]);
/// let polygons = [
///     SourcePolygon { id: 1, class: 0, tag: TAG_RAIL_SURFACE, geometry: square.clone() },
///     SourcePolygon { id: 2, class: 6, tag: 0, geometry: square },
/// ];
/// let surfaces = rail_surfaces(&polygons, 5.0);
/// assert_eq!(surfaces.len(), 1);
/// assert_eq!(surfaces[0].buffer_m, 5.0);
/// ```
pub fn rail_surfaces(polygons: &[SourcePolygon], buffer_m: f64) -> Vec<RoadSurface> {
    polygons
        .iter()
        .filter(|p| p.tag & TAG_RAIL_SURFACE != 0)
        .map(|p| RoadSurface {
            geometry: p.geometry.clone(),
            buffer_m,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generalize::config::BufferMode;

    #[test]
    fn options_over_the_profile() {
        let paper = GeneralizeConfig::bundled();
        let none = RoadOverrides::default();
        assert_eq!(railway_source(&paper, &none), RailwaySource::Surfaces);
        // 10 m read as a width: 5 m on each side.
        assert_eq!(railway_each_side(&paper, &none), 5.0);
        let o = RoadOverrides {
            railways_from: Some(RailwaySource::Both),
            railway_buffer: Some(12.0),
            mode: Some(BufferMode::Distance),
            ..RoadOverrides::default()
        };
        assert_eq!(railway_source(&paper, &o), RailwaySource::Both);
        assert_eq!(railway_each_side(&paper, &o), 12.0);
        let plus = GeneralizeConfig::bundled_named("ocsge-plus").unwrap();
        assert_eq!(railway_source(&plus, &none), RailwaySource::Lines);
    }
}
