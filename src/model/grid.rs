//! The official Sentinel-2 tiling grid: for every tile, the EPSG code of its
//! UTM zone and the UTM coordinates of its upper-left corner.
//!
//! The table (`validators/s2-tiling-grid.csv`, 56 686 tiles, derived from the
//! ESA tiling-grid KML; see the README beside it for the attribution) is
//! compiled into the binary and parsed on first use. Origins taken from it
//! are exact; an origin derived from the MGRS code alone can be off by up to
//! 60 m, which is why the grid is used wherever rasters are not available.

use std::sync::OnceLock;

use super::tile::TileCode;

/// Width and height of a Sentinel-2 tile, in metres (10 980 px at 10 m).
pub const TILE_SIZE_M: f64 = 109_800.0;

/// The largest projected coordinate read from a file this program wrote
/// (a baseline's polygon, a partial report's footprint), metres: a
/// hundred times the Earth's circumference; beyond it the file was crafted
/// or damaged.
pub const MAX_COORDINATE: f64 = 4e9;

/// Whether `epsg` is a WGS 84 / UTM zone (EPSG:32601–32660 north,
/// 32701–32760 south), the CRS of every patch footprint.
///
/// ```
/// use multisenge::model::grid::is_utm_epsg;
/// assert!(is_utm_epsg(32631) && is_utm_epsg(32760));
/// assert!(!is_utm_epsg(32661) && !is_utm_epsg(999999) && !is_utm_epsg(4326));
/// ```
pub fn is_utm_epsg(epsg: u32) -> bool {
    (32601..=32660).contains(&epsg) || (32701..=32760).contains(&epsg)
}

/// Whether (x, y) is a position a UTM zone can hold, metres: eastings
/// within a zone's width beyond its edges (-1 000 km to 2 000 km),
/// northings from the south pole's false northing to the north pole
/// (-10 000 km to 20 000 km). Outside, a raster's origin is damaged or
/// crafted, and reprojecting it fails.
pub fn is_utm_position(x: f64, y: f64) -> bool {
    (-1e6..=2e6).contains(&x) && (-1e7..=2e7).contains(&y)
}

static GRID_CSV: &str = include_str!("../../validators/s2-tiling-grid.csv");

/// One tile of the grid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GridTile {
    pub epsg: u32,
    /// Easting of the upper-left corner, metres.
    pub ulx: f64,
    /// Northing of the upper-left corner, metres.
    pub uly: f64,
}

/// A line of the tiling-grid table that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GridError {
    #[error("tiling grid line {0}: expected tile,epsg,ulx,uly")]
    Line(usize),
    #[error("tiling grid line {0}: expected tile,epsg,ulx,uly: {1}")]
    Tile(usize, crate::model::tile::TileCodeError),
}

/// The tiling grid, sorted by tile code (looked up by binary search: no
/// hashing while the table is built at start-up, where its 56 686 lines
/// took a tenth of a labels-only run of 8 157 files; docs/performance.md,
/// issue 8).
pub struct TilingGrid {
    tiles: Vec<(TileCode, GridTile)>,
}

impl TilingGrid {
    /// The grid compiled into the binary.
    pub fn official() -> &'static TilingGrid {
        static GRID: OnceLock<TilingGrid> = OnceLock::new();
        GRID.get_or_init(|| TilingGrid::from_csv(GRID_CSV).expect("bundled tiling grid is valid"))
    }

    /// Parses a `tile,epsg,ulx,uly` table with a header line.
    pub fn from_csv(text: &str) -> Result<TilingGrid, GridError> {
        let mut tiles = Vec::with_capacity(60_000);
        for (i, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let bad = || GridError::Line(i + 1);
            let mut cols = line.split(',');
            let (Some(code), Some(epsg), Some(ulx), Some(uly)) =
                (cols.next(), cols.next(), cols.next(), cols.next())
            else {
                return Err(bad());
            };
            let tile = TileCode::parse(code).map_err(|e| GridError::Tile(i + 1, e))?;
            let parsed = GridTile {
                epsg: epsg.parse().map_err(|_| bad())?,
                ulx: metres(ulx).ok_or_else(bad)?,
                uly: metres(uly).ok_or_else(bad)?,
            };
            tiles.push((tile, parsed));
        }
        // The bundled table is sorted already (a linear check then); a tile
        // given twice keeps its last line.
        tiles.sort_by_key(|(tile, _)| *tile);
        tiles.dedup_by(|later, earlier| {
            let same = later.0 == earlier.0;
            if same {
                *earlier = *later;
            }
            same
        });
        Ok(TilingGrid { tiles })
    }

    pub fn get(&self, tile: &TileCode) -> Option<&GridTile> {
        self.tiles
            .binary_search_by_key(tile, |(t, _)| *t)
            .ok()
            .map(|i| &self.tiles[i].1)
    }

    /// Every tile code of the grid, in code order.
    pub fn tiles(&self) -> impl Iterator<Item = &TileCode> {
        self.tiles.iter().map(|(t, _)| t)
    }

    pub fn len(&self) -> usize {
        self.tiles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tiles.is_empty()
    }
}

/// A coordinate of the table, metres: whole metres (every line of the
/// bundled table) parsed as integers, anything else as a decimal.
fn metres(text: &str) -> Option<f64> {
    match text.parse::<i64>() {
        // Exact: the table's values are far below 2^53.
        Ok(v) if v.unsigned_abs() < 1 << 53 => Some(v as f64),
        _ => text.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_lines_win_and_decimals_are_read() {
        let grid = TilingGrid::from_csv(
            "tile,epsg,ulx,uly\n31UGQ,32631,1,2\n31UFQ,32631,600000.5,-3e2\n31UGQ,32631,699960,5500020\n",
        )
        .unwrap();
        let t = |c: &str| grid.get(&TileCode::parse(c).unwrap()).copied();
        assert_eq!(grid.len(), 2);
        assert_eq!(
            t("31UGQ").map(|g| (g.ulx, g.uly)),
            Some((699_960.0, 5_500_020.0))
        );
        assert_eq!(
            t("31UFQ").map(|g| (g.ulx, g.uly)),
            Some((600_000.5, -300.0))
        );
        assert_eq!(t("31UFR"), None);
        assert!(TilingGrid::from_csv("tile,epsg,ulx,uly\n31UGQ,32631,x,2\n").is_err());
    }

    #[test]
    fn bundled_grid_has_every_tile_and_the_readme_examples() {
        let grid = TilingGrid::official();
        assert_eq!(grid.len(), 56_686);
        let t = |c: &str| *grid.get(&TileCode::parse(c).unwrap()).unwrap();
        assert_eq!(
            t("31UGQ"),
            GridTile {
                epsg: 32631,
                ulx: 699_960.0,
                uly: 5_500_020.0
            }
        );
        assert_eq!(
            t("31UFR"),
            GridTile {
                epsg: 32631,
                ulx: 600_000.0,
                uly: 5_600_040.0
            }
        );
        assert_eq!(
            t("32TLT"),
            GridTile {
                epsg: 32632,
                ulx: 300_000.0,
                uly: 5_300_040.0
            }
        );
    }

    #[test]
    fn grid_epsg_agrees_with_tile_code() {
        for (tile, g) in &TilingGrid::official().tiles {
            assert_eq!(tile.utm_epsg(), g.epsg, "{tile}");
        }
    }
}
