//! The valid sample dataset and the many-labels benchmark dataset.

use std::fs;
use std::path::Path;

use multisenge::model::{FileKind, PatchKey, TileCode};

use crate::rasters::{self, Rng};
use crate::Result;

/// Two tiles in two UTM zones (31 and 32), three patches each, away from the
/// tiles' overlap strip so no two patches overlap.
pub const PATCHES: [(&str, u32, u32); 6] = [
    ("31UGQ", 0, 0),
    ("31UGQ", 257, 0),
    ("31UGQ", 0, 257),
    ("32ULU", 5140, 5140),
    ("32ULU", 5397, 5140),
    ("32ULU", 5140, 5397),
];
pub const S2_DATES: [&str; 3] = ["20200325", "20200731", "20200909"];
pub const S1_DATES: [&str; 4] = ["20200106", "20200418", "20200723", "20201103"];
pub const FOLDERS: [&str; 4] = ["ground_reference", "s2", "s1", "labels"];

pub fn key(tile: &str, x: u32, y: u32) -> PatchKey {
    PatchKey {
        tile: TileCode::parse(tile).expect("sample tiles are valid"),
        x,
        y,
    }
}

pub fn gr_name(p: &PatchKey) -> String {
    p.file_name(FileKind::GroundReference, "")
}
pub fn s2_name(p: &PatchKey, date: &str) -> String {
    p.file_name(FileKind::S2, date)
}
pub fn s1_name(p: &PatchKey, date: &str) -> String {
    p.file_name(FileKind::S1, date)
}
pub fn label_name(p: &PatchKey) -> String {
    p.file_name(FileKind::Label, "")
}

/// Writes a label file with the library's one writer.
pub fn write_label(
    path: &Path,
    s2: &[String],
    s1: &[String],
    projection: &str,
    classes: &[u8],
) -> Result<()> {
    multisenge::io::formats::label_file::write(path, s2, s1, projection, classes)?;
    Ok(())
}

/// Writes every file of one patch.
pub fn write_patch(root: &Path, patch: &PatchKey, seed: u64) -> Result<()> {
    let map = rasters::class_map(seed);
    rasters::write_patch(
        &root.join("ground_reference").join(gr_name(patch)),
        patch,
        std::slice::from_ref(&map),
    )?;
    for (i, date) in S2_DATES.iter().enumerate() {
        let bands = rasters::s2_bands(&map, i);
        rasters::write_patch(&root.join("s2").join(s2_name(patch, date)), patch, &bands)?;
    }
    for (i, date) in S1_DATES.iter().enumerate() {
        let bands = rasters::s1_bands(&map, i);
        rasters::write_patch(&root.join("s1").join(s1_name(patch, date)), patch, &bands)?;
    }
    let s2: Vec<String> = S2_DATES.iter().map(|d| s2_name(patch, d)).collect();
    let s1: Vec<String> = S1_DATES.iter().map(|d| s1_name(patch, d)).collect();
    write_label(
        &root.join("labels").join(label_name(patch)),
        &s2,
        &s1,
        &rasters::crs_wkt(patch)?,
        &rasters::classes_present(&map),
    )?;
    Ok(())
}

pub fn write_valid(root: &Path) -> Result<()> {
    for folder in FOLDERS {
        fs::create_dir_all(root.join(folder))?;
    }
    fs::write(
        root.join("README.md"),
        "Sample dataset written by multisenge-testdata: 2 tiles (UTM zones 31 and 32), \
         6 patches, 3 Sentinel-2 and 4 Sentinel-1 dates per patch.\n",
    )?;
    for (i, (tile, x, y)) in PATCHES.iter().enumerate() {
        write_patch(root, &key(tile, *x, *y), 1000 + i as u64)?;
    }
    Ok(())
}

/// Writes `out/valid`, `out/defective` and `out/missing-folder`, with a
/// manifest of the findings expected on each defective variant.
pub fn write_all(out: &Path) -> Result<()> {
    let valid = out.join("valid");
    write_valid(&valid)?;
    crate::defects::write_defective(
        &valid,
        &out.join("defective"),
        &out.join("defective.manifest.json"),
    )?;
    crate::defects::write_missing_folder(
        &valid,
        &out.join("missing-folder"),
        &out.join("missing-folder.manifest.json"),
    )?;
    crate::release::write_release(&valid, out)?;
    println!("wrote {}", out.display());
    Ok(())
}

pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// `patches` label files on the 257-pixel grid of tiles of eastern France's
/// UTM zones, then of the zones around them (as many tiles as needed,
/// 1 764 patches each), with the
/// published proportions (9 S2 and 124 S1 names each). With `no_overlap`,
/// a tile's patches that overlap patches of the tiles written before it
/// are left out (more tiles are then used).
pub fn write_many_labels(out: &Path, patches: usize, no_overlap: bool) -> Result<()> {
    let labels = out.join("labels");
    fs::create_dir_all(&labels)?;
    let per_row = 10_980 / 257;
    let all: Vec<String> = multisenge::model::grid::TilingGrid::official()
        .tiles()
        .map(|t| t.to_string())
        .collect();
    let eastern_france =
        |t: &str| (t.starts_with("31") || t.starts_with("32")) && matches!(&t[2..3], "T" | "U");
    let mut tiles: Vec<String> = all.iter().filter(|t| eastern_france(t)).cloned().collect();
    tiles.sort();
    // Beyond those 182 tiles (321 048 patches), the tiles of the UTM zones
    // 29 to 34 in latitude bands S to V, after them: the first 321 048
    // patches stay the same.
    let mut more: Vec<String> = all
        .into_iter()
        .filter(|t| {
            !eastern_france(t)
                && matches!(&t[..2], "29" | "30" | "31" | "32" | "33" | "34")
                && matches!(&t[2..3], "S" | "T" | "U" | "V")
        })
        .collect();
    more.sort();
    tiles.extend(more);
    let keys = patch_keys(&tiles, per_row as u32, patches, no_overlap);
    if keys.len() < patches {
        return Err(format!("at most {} patches", keys.len()).into());
    }
    let mut wkt_by_epsg = std::collections::HashMap::new();
    for patch in &keys {
        if let std::collections::hash_map::Entry::Vacant(e) =
            wkt_by_epsg.entry(patch.tile.utm_epsg())
        {
            e.insert(rasters::crs_wkt(patch)?);
        }
    }
    let mut rng = Rng::new(7);
    let classes: Vec<Vec<u8>> = keys
        .iter()
        .map(|_| {
            let classes: Vec<u8> = (1..=14u8).filter(|_| rng.below(3) == 0).collect();
            if classes.is_empty() {
                vec![6]
            } else {
                classes
            }
        })
        .collect();
    // The output folder is new (`prepare`): the files are written in
    // parallel, plainly (a million label files written one by one, each
    // synced and renamed, took some 75 minutes).
    use rayon::prelude::*;
    keys.par_iter().zip(classes.par_iter()).try_for_each(
        |(patch, classes)| -> std::io::Result<()> {
            let s2: Vec<String> = (0..9)
                .map(|d| s2_name(patch, &format!("2020{:02}{:02}", 1 + d, 5 + d)))
                .collect();
            let s1: Vec<String> = (0..124)
                .map(|d| s1_name(patch, &format!("2020{:02}{:02}", 1 + d % 12, 1 + d / 12)))
                .collect();
            let wkt = &wkt_by_epsg[&patch.tile.utm_epsg()];
            let json = multisenge::model::label_file::published_json(&s2, &s1, wkt, classes);
            fs::write(labels.join(label_name(patch)), json)
        },
    )?;
    println!("wrote {patches} label files in {}", labels.display());
    Ok(())
}

/// The first `count` patches of the tiles' 257-pixel grids, tile after
/// tile; with `no_overlap`, without those that overlap a patch kept before.
fn patch_keys(tiles: &[String], per_row: u32, count: usize, no_overlap: bool) -> Vec<PatchKey> {
    use multisenge::io::formats::reproject::GdalReprojector;
    use multisenge::model::footprint::Footprint;
    use multisenge::model::grid::TilingGrid;
    use multisenge::spatial::{avoid::split_origins, footprints::PlacedPatch};
    let settings = multisenge::profile::spatial::SpatialSection::default().overlap_settings();
    let mut placed: Vec<PlacedPatch> = Vec::new();
    let mut keys = Vec::with_capacity(count);
    for tile in tiles {
        if keys.len() >= count {
            break;
        }
        let code = TileCode::parse(tile).expect("grid tiles are valid");
        let origins: Vec<(usize, usize)> = (0..per_row * per_row)
            .map(|cell| {
                (
                    (cell % per_row * 257) as usize,
                    (cell / per_row * 257) as usize,
                )
            })
            .collect();
        let kept = if no_overlap {
            split_origins(code, &origins, 256, &placed, &settings, &GdalReprojector).keep
        } else {
            origins
        };
        for (x, y) in kept.into_iter().take(count - keys.len()) {
            let k = key(tile, x as u32, y as u32);
            if no_overlap {
                let footprint = Footprint::of_window(TilingGrid::official(), &k, 0, 0, 256, 256)
                    .expect("grid tile");
                placed.push(PlacedPatch {
                    key: k,
                    footprint,
                    path: "".into(),
                });
            }
            keys.push(k);
        }
    }
    keys
}
