//! The overlap benchmark: synthetic footprints on the 257-pixel grid of
//! every tile of UTM zones 31 and 32 nearest to the zones' common edge
//! (what `generalize --patches` writes today on whole tiles: neighbouring
//! tiles share their 9.8 km strips, and zone-edge tiles share far more),
//! run through the overlap pass; optionally written as CSV for the shapely
//! reference (`bench/overlap_reference.py`).

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use multisenge::io::formats::reproject::GdalReprojector;
use multisenge::model::footprint::Footprint;
use multisenge::model::grid::TilingGrid;
use multisenge::model::{PatchKey, TileCode};
use multisenge::spatial::overlap::{find_overlaps, OverlapSettings};

use crate::Result;

/// `count` footprints, tile after tile, tiles ordered by distance from
/// 6° E 49° N (zone 31/32 edge).
pub fn footprints(count: usize) -> Vec<(PatchKey, Footprint)> {
    let grid = TilingGrid::official();
    let per_row = 10_980 / 257;
    // Tile origins are near the MGRS square corners: order by the UTM
    // distance of the origin to the zone edge at 49° N in its own zone.
    let mut tiles: Vec<_> = grid
        .tiles()
        .filter(|t| matches!(t.utm_epsg(), 32631 | 32632))
        .map(|t| {
            let g = grid.get(t).expect("listed tile");
            let edge_x = if g.epsg == 32631 {
                719_000.0
            } else {
                281_000.0
            };
            let d = (g.ulx + 54_900.0 - edge_x).hypot(g.uly - 54_900.0 - 5_430_000.0);
            (d, *t)
        })
        .collect();
    tiles.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    grid_patches(tiles.into_iter().map(|(_, t)| t), per_row, count)
}

/// The first `count` patches of `tiles`, tile after tile, each tile's
/// first `side` × `side` positions of the 257-pixel grid, row by row, with
/// their footprints.
pub fn grid_patches(
    tiles: impl IntoIterator<Item = TileCode>,
    side: u32,
    count: usize,
) -> Vec<(PatchKey, Footprint)> {
    let grid = TilingGrid::official();
    let mut out = Vec::with_capacity(count);
    'tiles: for tile in tiles {
        for row in 0..side {
            for col in 0..side {
                if out.len() == count {
                    break 'tiles;
                }
                let key = PatchKey {
                    tile,
                    x: col * 257,
                    y: row * 257,
                };
                let f = Footprint::of_window(grid, &key, 0, 0, 256, 256).expect("grid tile");
                out.push((key, f));
            }
        }
    }
    out
}

pub fn run(count: usize, csv: Option<&Path>) -> Result<()> {
    let t0 = Instant::now();
    let placed = footprints(count);
    let tiles: std::collections::BTreeSet<_> = placed.iter().map(|(k, _)| k.tile).collect();
    let zones: std::collections::BTreeSet<_> = placed.iter().map(|(_, f)| f.epsg).collect();
    println!(
        "{} footprints on {} tiles of {} UTM zones (generated in {:.2} s)",
        placed.len(),
        tiles.len(),
        zones.len(),
        t0.elapsed().as_secs_f64()
    );
    if let Some(path) = csv {
        let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
        writeln!(w, "epsg,min_x,min_y,max_x,max_y")?;
        for (_, f) in &placed {
            writeln!(
                w,
                "{},{},{},{},{}",
                f.epsg, f.min_x, f.min_y, f.max_x, f.max_y
            )?;
        }
        println!("wrote {}", path.display());
    }
    let footprints: Vec<Footprint> = placed.into_iter().map(|(_, f)| f).collect();
    let settings = OverlapSettings {
        tolerance_m2: 10.0,
        equal_area_epsg: 3035,
    };
    let t0 = Instant::now();
    let outcome = find_overlaps(&footprints, &settings, &GdalReprojector);
    let seconds = t0.elapsed().as_secs_f64();
    let cross = outcome
        .overlaps
        .iter()
        .filter(|o| footprints[o.a].epsg != footprints[o.b].epsg)
        .count();
    let area: f64 = outcome.overlaps.iter().map(|o| o.area_m2).sum();
    println!(
        "overlap pass: {:.3} s, {} overlapping pairs ({} across zones), {:.0} m² in total, {} unplaced",
        seconds,
        outcome.overlaps.len(),
        cross,
        area,
        outcome.unplaced.len()
    );
    Ok(())
}
