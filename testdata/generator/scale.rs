//! A benchmark dataset at the published proportions: per patch one ground
//! reference, 9 Sentinel-2 and 124 Sentinel-1 files and a label file
//! (MultiSenGE: 72 033 S2 and 1 012 227 S1 files for 8 157 patches).
//!
//! Every ground reference gets its own class map (the pixel rules' input
//! must be realistic). Sentinel files are byte copies of one template per
//! kind with the GeoTIFF tie point rewritten for their patch: opening and
//! reading them costs what a real file costs, and writing 100 000 of them
//! takes seconds instead of minutes.

use std::fs;
use std::path::Path;

use crate::rasters::{self, SIZE};
use crate::sample::{self, gr_name, key, label_name, s1_name, s2_name, write_label};
use crate::Result;

/// Files per patch in the published dataset (72 033 / 8 157 and
/// 1 012 227 / 8 157, rounded).
pub const S2_PER_PATCH: usize = 9;
pub const S1_PER_PATCH: usize = 124;

/// Tiles of eastern France, filled one after the other.
const TILES: [&str; 14] = [
    "31TGM", "31TGN", "31UFP", "31UFQ", "31UGP", "31UGQ", "31UGR", "32TLT", "32ULU", "32ULV",
    "32UMU", "32UMV", "32UNU", "32UNV",
];

/// `YYYYMMDD` of day `n` (0-based) of 2020.
fn date_of(n: usize) -> String {
    let months = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut day = n % 366;
    for (m, len) in months.iter().enumerate() {
        if day < *len {
            return format!("2020{:02}{:02}", m + 1, day + 1);
        }
        day -= len;
    }
    unreachable!("day of year below 366")
}

/// A template file's bytes and the byte offset of the tie point's X, Y.
struct Template {
    bytes: Vec<u8>,
    tiepoint: usize,
}

impl Template {
    fn new(path: &Path, origin: (f64, f64)) -> Result<Template> {
        let bytes = fs::read(path)?;
        let mut needle = origin.0.to_le_bytes().to_vec();
        needle.extend_from_slice(&origin.1.to_le_bytes());
        let tiepoint = bytes
            .windows(16)
            .position(|w| w == needle.as_slice())
            .ok_or("template tie point not found")?;
        Ok(Template { bytes, tiepoint })
    }

    fn write(&self, path: &Path, origin: (f64, f64), buffer: &mut Vec<u8>) -> Result<()> {
        buffer.clear();
        buffer.extend_from_slice(&self.bytes);
        buffer[self.tiepoint..self.tiepoint + 8].copy_from_slice(&origin.0.to_le_bytes());
        buffer[self.tiepoint + 8..self.tiepoint + 16].copy_from_slice(&origin.1.to_le_bytes());
        fs::write(path, &buffer)?;
        Ok(())
    }
}

/// Sentinel-2 and Sentinel-1 templates of one tile.
struct Templates {
    s2: Template,
    s1: Template,
    projection: String,
}

impl Templates {
    fn new(tile: &str, dir: &Path) -> Result<Templates> {
        let first = key(tile, 0, 0);
        let origin = rasters::georef(&first)?.geo_transform;
        let map = rasters::voronoi_map(1);
        let s2 = dir.join(format!("{tile}_s2.tif"));
        let s1 = dir.join(format!("{tile}_s1.tif"));
        rasters::write_patch(&s2, &first, &rasters::s2_bands(&map, 0))?;
        rasters::write_patch(&s1, &first, &rasters::s1_bands(&map, 0))?;
        Ok(Templates {
            s2: Template::new(&s2, (origin[0], origin[3]))?,
            s1: Template::new(&s1, (origin[0], origin[3]))?,
            projection: rasters::crs_wkt(&first)?,
        })
    }
}

/// `patches` patches with `n_s2` and `n_s1` Sentinel files each, filling
/// the tiles one after the other on the 257-pixel grid.
pub fn write_scale(out: &Path, patches: usize, n_s2: usize, n_s1: usize) -> Result<()> {
    for folder in sample::FOLDERS {
        fs::create_dir_all(out.join(folder))?;
    }
    let per_row = 10_980 / 257;
    let per_tile = per_row * per_row;
    if patches > per_tile * TILES.len() {
        return Err(format!(
            "at most {} patches fit in the tiles",
            per_tile * TILES.len()
        )
        .into());
    }
    if n_s2 > 366 || n_s1 > 183 {
        return Err("at most 366 Sentinel-2 and 183 Sentinel-1 dates".into());
    }
    let tmp = tempfile::tempdir()?;
    let mut templates: Option<(usize, Templates)> = None;
    let mut buffer = Vec::new();
    for i in 0..patches {
        let tile_index = i / per_tile;
        if templates.as_ref().map_or(true, |t| t.0 != tile_index) {
            templates = Some((tile_index, Templates::new(TILES[tile_index], tmp.path())?));
        }
        let Some((_, t)) = &templates else {
            unreachable!("templates set above")
        };
        let (s2, s1, projection) = (&t.s2, &t.s1, &t.projection);
        let cell = i % per_tile;
        let patch = key(
            TILES[tile_index],
            (cell % per_row) as u32 * 257,
            (cell / per_row) as u32 * 257,
        );
        let gt = rasters::georef(&patch)?.geo_transform;
        let origin = (gt[0], gt[3]);
        let map = rasters::voronoi_map(10_000 + i as u64);
        rasters::write_patch(
            &out.join("ground_reference").join(gr_name(&patch)),
            &patch,
            std::slice::from_ref(&map),
        )?;
        let s2_names: Vec<String> = (0..n_s2)
            .map(|d| s2_name(&patch, &date_of(d * (366 / n_s2.max(1)))))
            .collect();
        let s1_names: Vec<String> = (0..n_s1)
            .map(|d| s1_name(&patch, &date_of(d * (366 / n_s1.max(1)))))
            .collect();
        for name in &s2_names {
            s2.write(&out.join("s2").join(name), origin, &mut buffer)?;
        }
        for name in &s1_names {
            s1.write(&out.join("s1").join(name), origin, &mut buffer)?;
        }
        write_label(
            &out.join("labels").join(label_name(&patch)),
            &s2_names,
            &s1_names,
            projection,
            &rasters::classes_present(&map),
        )?;
    }
    debug_assert_eq!(SIZE, 256);
    println!(
        "wrote {patches} patches ({} rasters) in {}",
        patches * (1 + n_s2 + n_s1),
        out.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert_eq!(super::date_of(0), "20200101");
        assert_eq!(super::date_of(59), "20200229");
        assert_eq!(super::date_of(365), "20201231");
    }
}
