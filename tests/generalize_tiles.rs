//! Several tiles in one run (`generalize --tiles`, `tiles::run_many`): the
//! ground two tiles of different UTM zones share gets the same classes in
//! both, measured after resampling one onto the other.

mod generalize_common;

use std::path::{Path, PathBuf};
use std::process::Command;

use generalize_common::*;
use multisenge::generalize::config::GeneralizeConfig;
use multisenge::generalize::request::{Job, PatchLayout};
use multisenge::generalize::tiles::run_many;
use multisenge::generalize::{Grid, Raster};
use multisenge::io::formats::geotiff::{self, WriteOptions};
use multisenge::io::formats::vector::{bounds_in, srs_from_epsg, transform_points};

const SIZE: usize = 400;

/// An empty raster on `grid` in EPSG `epsg`, for `like`.
fn like_raster(path: &Path, grid: &Grid, epsg: u32) -> PathBuf {
    let wkt = srs_from_epsg(epsg).unwrap().to_wkt().unwrap();
    let opts = WriteOptions {
        overwrite: true,
        nodata: None,
    };
    let r = Raster::filled(grid.width, grid.height, 0);
    geotiff::write_u8(path, &r, grid, &wkt, opts).unwrap();
    path.to_path_buf()
}

/// Share of the pixels of `a` (on `ga`, EPSG:32632), at least `margin`
/// pixels inside it, whose centre falls in a pixel of `b` (on `gb`,
/// EPSG:32631) of the same class (nearest neighbour).
fn agreement(a: &Raster, ga: &Grid, b: &Raster, gb: &Grid, margin: usize) -> f64 {
    let mut idx = Vec::new();
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for row in margin..ga.height - margin {
        for col in margin..ga.width - margin {
            idx.push((col, row));
            xs.push(ga.ulx + (col as f64 + 0.5) * ga.pixel_size);
            ys.push(ga.uly - (row as f64 + 0.5) * ga.pixel_size);
        }
    }
    let (from, to) = (srs_from_epsg(32632).unwrap(), srs_from_epsg(32631).unwrap());
    transform_points(&from, &to, &mut xs, &mut ys, Path::new("test")).unwrap();
    let mut same = 0usize;
    for (i, &(col, row)) in idx.iter().enumerate() {
        let (c, r) = gb.to_pixel(xs[i], ys[i]);
        assert!(c >= 0.0 && r >= 0.0 && (c as usize) < gb.width && (r as usize) < gb.height);
        if b.get(c as usize, r as usize) == a.get(col, row) {
            same += 1;
        }
    }
    same as f64 / idx.len() as f64
}

#[test]
fn two_tiles_of_different_zones_agree_where_they_overlap() {
    let dir = tempfile::tempdir().unwrap();
    // The source: 4 km from the corner of 32ULV, which lies inside 31UGQ.
    let src = dir.path().join("source.gpkg");
    let o = Command::new(env!("CARGO_BIN_EXE_multisenge-landcover"))
        .args(["--tile", "32ULV", "--size-m", "4000", "-o"])
        .arg(&src)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    // Grid A: that square on 32ULV's grid; grid B: 31UGQ's lattice around it.
    let ga = Grid {
        ulx: 300_000.0,
        uly: 5_500_020.0,
        pixel_size: 10.0,
        width: SIZE,
        height: SIZE,
    };
    let b = bounds_in(
        ga.bounds(),
        &srs_from_epsg(32632).unwrap(),
        &srs_from_epsg(32631).unwrap(),
    )
    .unwrap();
    let snap = |v: f64, origin: f64, up: bool| {
        let k = (v - origin) / 10.0;
        origin + 10.0 * if up { k.ceil() } else { k.floor() }
    };
    let (ulx, uly) = (snap(b[0], 699_960.0, false), snap(b[3], 5_500_020.0, true));
    let gb = Grid {
        ulx,
        uly,
        pixel_size: 10.0,
        width: ((b[2] - ulx) / 10.0).ceil() as usize,
        height: ((uly - b[1]) / 10.0).ceil() as usize,
    };
    let like_a = like_raster(&dir.path().join("like-a.tif"), &ga, 32632);
    let like_b = like_raster(&dir.path().join("like-b.tif"), &gb, 32631);
    let (out_a, out_b) = (dir.path().join("a.tif"), dir.path().join("b.tif"));
    let job = |like: &Path, out: &Path, steps: &str| Job {
        source: Some(src.clone()),
        roads: Some(src.clone()),
        like: Some(like.to_path_buf()),
        steps: vec![steps.to_string()],
        output: Some(out.to_path_buf()),
        force: true,
        ..Job::default()
    };
    let layout = PatchLayout::of(&multisenge::profile::LoadedProfile::default_profile().profile);
    let config = GeneralizeConfig::bundled();
    let mut notes = Vec::new();
    let measure = |steps: &str, notes: &mut Vec<String>| -> f64 {
        let jobs = [job(&like_a, &out_a, steps), job(&like_b, &out_b, steps)];
        run_many(&jobs, &config, &layout, &mut |l| notes.push(l.to_string())).unwrap();
        let (a, b) = (read(&out_a), read(&out_b));
        assert!(
            a.data.iter().all(|&v| v != 0) && b.data.iter().all(|&v| v != 0)
                || steps == "rasterize"
        );
        agreement(&a, &ga, &b, &gb, 20)
    };
    // The floor set by the two lattices alone (rasterized only), then the
    // whole generalization.
    let rasterized = measure("rasterize", &mut notes);
    let all = measure("all", &mut notes);
    eprintln!("agreement: rasterized {rasterized:.4}, all steps {all:.4}");
    assert!(
        notes
            .iter()
            .any(|n| n.contains("inputs read once for 2 tiles")),
        "{notes:?}"
    );
    assert!(
        all >= 0.99,
        "all steps: {all:.4} of the shared pixels agree (rasterized only: {rasterized:.4})"
    );
}

/// `--tiles` refuses what it cannot do, naming the option (exit 2).
#[test]
fn tiles_option_errors() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("gr.tif");
    let o = o.to_str().unwrap();
    // An output folder that exists: the option check, not the output gate.
    let each = dir.path().join("{tile}.tif");
    let each = each.to_str().unwrap();
    for (args, needle) in [
        (vec!["--tiles", "31UGQ,32ULV", "-o", o], "{tile}"),
        (
            vec!["--tiles", "31UGQ", "--tile", "31UGQ", "-o", o],
            "--tiles replaces",
        ),
        (
            vec!["--tiles", "31UGQ,32ULV", "-o", each, "--patches", "p"],
            "one tile at a time",
        ),
        (vec!["--tiles", "31UGX", "-o", o], "31UGX"),
    ] {
        let mut all = vec!["generalize", "--source", "missing.gpkg"];
        all.extend(args);
        let out = multisenge(&all);
        assert_eq!(out.status.code(), Some(2), "{all:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(needle), "{all:?}: {}", stderr(&out));
    }
}
