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
use crate::sample::{self, gr_name, key, label_json, label_name, s1_name, s2_name};
use crate::Result;

pub const S2_PER_PATCH: usize = 9;
pub const S1_PER_PATCH: usize = 124;

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

pub fn write_scale(out: &Path, patches: usize) -> Result<()> {
    for folder in sample::FOLDERS {
        fs::create_dir_all(out.join(folder))?;
    }
    let per_row = 10_980 / 257;
    if patches > per_row * per_row {
        return Err(format!("at most {} patches fit in one tile", per_row * per_row).into());
    }
    let tile = "31UGQ";
    let first = key(tile, 0, 0);
    let origin0 = rasters::georef(&first)?.geo_transform;
    let template_map = rasters::voronoi_map(1);
    let tmp = tempfile::tempdir()?;
    let (s2_tpl, s1_tpl) = (tmp.path().join("s2.tif"), tmp.path().join("s1.tif"));
    rasters::write_patch(&s2_tpl, &first, &rasters::s2_bands(&template_map, 0))?;
    rasters::write_patch(&s1_tpl, &first, &rasters::s1_bands(&template_map, 0))?;
    let s2 = Template::new(&s2_tpl, (origin0[0], origin0[3]))?;
    let s1 = Template::new(&s1_tpl, (origin0[0], origin0[3]))?;
    let projection = rasters::crs_wkt(&first)?;
    let mut buffer = Vec::new();
    for i in 0..patches {
        let patch = key(tile, (i % per_row) as u32 * 257, (i / per_row) as u32 * 257);
        let gt = rasters::georef(&patch)?.geo_transform;
        let origin = (gt[0], gt[3]);
        let map = rasters::voronoi_map(10_000 + i as u64);
        rasters::write_patch(
            &out.join("ground_reference").join(gr_name(&patch)),
            &patch,
            &[map.clone()],
        )?;
        let s2_names: Vec<String> = (0..S2_PER_PATCH)
            .map(|d| s2_name(&patch, &date_of(d * 40 + 3)))
            .collect();
        let s1_names: Vec<String> = (0..S1_PER_PATCH)
            .map(|d| s1_name(&patch, &date_of(d * 2 + 1)))
            .collect();
        for name in &s2_names {
            s2.write(&out.join("s2").join(name), origin, &mut buffer)?;
        }
        for name in &s1_names {
            s1.write(&out.join("s1").join(name), origin, &mut buffer)?;
        }
        let json = label_json(
            &s2_names,
            &s1_names,
            &projection,
            &rasters::classes_present(&map),
        );
        fs::write(out.join("labels").join(label_name(&patch)), json)?;
    }
    debug_assert_eq!(SIZE, 256);
    println!(
        "wrote {patches} patches ({} rasters) in {}",
        patches * (1 + S2_PER_PATCH + S1_PER_PATCH),
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
