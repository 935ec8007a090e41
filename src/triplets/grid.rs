//! The tile's grid, and where an input raster lies on it: checked from
//! the raster's header (CRS, north-up, pixel size, corner on the grid),
//! with messages saying what was expected.

use std::collections::HashMap;

use gdal::spatial_ref::SpatialRef;

use super::params::Settings;
use crate::io::formats::bands::Header;
use crate::model::grid::TilingGrid;

/// The tile's grid: its corner, CRS and code.
pub struct TileGrid {
    pub code: String,
    pub ulx: f64,
    pub uly: f64,
    pub epsg: u32,
    pub wkt: String,
    srs: SpatialRef,
    /// WKT of files already compared with the tile's CRS, and the answer.
    same_crs: HashMap<String, bool>,
}

impl TileGrid {
    /// The grid of `settings.tile`, from the official tiling grid.
    pub fn of(settings: &Settings) -> Result<TileGrid, String> {
        let tile = settings.tile;
        let g = TilingGrid::official()
            .get(&tile)
            .ok_or_else(|| format!("--tile {tile}: not a tile of the Sentinel-2 tiling grid"))?;
        let srs = crate::io::formats::vector::srs_from_epsg(g.epsg).map_err(|e| e.to_string())?;
        let wkt = srs.to_wkt().map_err(|e| e.to_string())?;
        Ok(TileGrid {
            code: tile.to_string(),
            ulx: g.ulx,
            uly: g.uly,
            epsg: g.epsg,
            wkt,
            srs,
            same_crs: HashMap::new(),
        })
    }

    /// Where a raster of `header` lies on the tile's grid of `pixel_size`
    /// metres; the error does not repeat the file's path.
    pub fn place(&mut self, header: &Header, pixel_size: f64) -> Result<Placement, String> {
        if header.wkt.is_empty() {
            return Err(format!(
                "has no CRS; expected EPSG:{}, the UTM zone of tile {}",
                self.epsg, self.code
            ));
        }
        if !self.same_crs.contains_key(&header.wkt) {
            let same = SpatialRef::from_wkt(&header.wkt).is_ok_and(|s| s == self.srs);
            self.same_crs.insert(header.wkt.clone(), same);
        }
        if !self.same_crs[&header.wkt] {
            let name = SpatialRef::from_wkt(&header.wkt)
                .ok()
                .and_then(|s| s.name())
                .unwrap_or_else(|| "another CRS".into());
            return Err(format!(
                "not on the grid of tile {}: its CRS is {name}, expected EPSG:{} (the tile's UTM zone)",
                self.code, self.epsg
            ));
        }
        let gt = header.geo_transform.ok_or_else(|| {
            format!(
                "has no geotransform; expected the grid of tile {}",
                self.code
            )
        })?;
        if gt[2] != 0.0 || gt[4] != 0.0 || gt[5] >= 0.0 {
            return Err(format!(
                "not on the grid of tile {}: not north-up",
                self.code
            ));
        }
        let size = gt[1];
        if (size - pixel_size).abs() > 1e-6 * pixel_size
            || (gt[5] + pixel_size).abs() > 1e-6 * pixel_size
        {
            return Err(format!(
                "{} m pixels; expected {pixel_size} m pixels on the grid of tile {}",
                fmt_m(size),
                self.code
            ));
        }
        let fx = (gt[0] - self.ulx) / pixel_size;
        let fy = (self.uly - gt[3]) / pixel_size;
        if (fx - fx.round()).abs() > 1e-3 || (fy - fy.round()).abs() > 1e-3 {
            return Err(format!(
                "not on the grid of tile {}: its corner ({}, {}) is not the tile's corner ({}, {}) plus whole {pixel_size} m pixels",
                self.code, gt[0], gt[3], self.ulx, self.uly
            ));
        }
        Ok(Placement {
            x0: fx.round() as i64,
            y0: fy.round() as i64,
            width: header.width,
            height: header.height,
            pixel_size,
        })
    }
}

fn fmt_m(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// Where a raster lies on the tile's grid, in its own pixels from the
/// tile's corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    pub x0: i64,
    pub y0: i64,
    pub width: usize,
    pub height: usize,
    pub pixel_size: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::LoadedProfile;
    use crate::triplets::config::TripletsConfig;
    use crate::triplets::params::TripletsJob;

    fn grid() -> TileGrid {
        let job = TripletsJob {
            tile: "31UGQ".into(),
            ..TripletsJob::default()
        };
        let profile = LoadedProfile::default_profile().profile;
        let settings = Settings::resolve(&job, &TripletsConfig::paper(), &profile).unwrap();
        TileGrid::of(&settings).unwrap()
    }

    fn header(gt: [f64; 6], wkt: &str) -> Header {
        Header {
            width: 300,
            height: 200,
            geo_transform: Some(gt),
            wkt: wkt.to_string(),
            types: vec![],
            nodata: vec![],
            descriptions: vec![],
        }
    }

    #[test]
    fn rasters_are_placed_on_the_grid_or_refused_with_the_reason() {
        let mut g = grid();
        let (ulx, uly, wkt) = (g.ulx, g.uly, g.wkt.clone());
        let at = |dx: f64, dy: f64, px: f64| [ulx + dx, px, 0.0, uly - dy, 0.0, -px];
        let p = g
            .place(&header(at(5140.0, 2560.0, 20.0), &wkt), 20.0)
            .unwrap();
        assert_eq!((p.x0, p.y0, p.width, p.height), (257, 128, 300, 200));
        let p = g.place(&header(at(-100.0, 0.0, 10.0), &wkt), 10.0).unwrap();
        assert_eq!(p.x0, -10);
        let e = g
            .place(&header(at(5.0, 0.0, 10.0), &wkt), 10.0)
            .unwrap_err();
        assert!(e.contains("is not the tile's corner"), "{e}");
        let e = g
            .place(&header(at(0.0, 0.0, 20.0), &wkt), 10.0)
            .unwrap_err();
        assert!(e.starts_with("20 m pixels; expected 10 m"), "{e}");
        let e = g.place(&header(at(0.0, 0.0, 10.0), ""), 10.0).unwrap_err();
        assert!(e.starts_with("has no CRS; expected EPSG:32631"), "{e}");
        let other = SpatialRef::from_epsg(32632).unwrap().to_wkt().unwrap();
        let e = g
            .place(&header(at(0.0, 0.0, 10.0), &other), 10.0)
            .unwrap_err();
        assert!(
            e.contains("its CRS is WGS 84 / UTM zone 32N, expected EPSG:32631"),
            "{e}"
        );
        let mut rotated = at(0.0, 0.0, 10.0);
        rotated[2] = 0.1;
        let e = g.place(&header(rotated, &wkt), 10.0).unwrap_err();
        assert!(e.contains("not north-up"), "{e}");
    }
}
