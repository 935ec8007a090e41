//! The ground reference never invents land (issue 19): ground no source
//! polygon covers stays empty (nodata), no patch holding it is written, the
//! run says how much was left empty and why, roads create no land there,
//! and over the ground the source covers the output is the one before
//! (`tests/coverage/main-d13a8ad.tif`: written by main at d13a8ad, which
//! propagated classes over the whole grid).

#![allow(clippy::needless_range_loop)]

mod generalize_common;

use std::path::{Path, PathBuf};

use generalize_common::*;
use geo::Contains;
use multisenge::generalize::config::{GeneralizeConfig, TAG_RAIL_SURFACE};
use multisenge::generalize::patchify::patch_origins;
use multisenge::io::formats::vector;

/// The names of the files in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The land-cover polygons of `src` in the tile's CRS.
fn polygons_in_utm(src: &Path) -> Vec<vector::SourcePolygon> {
    let (_, wkt) = grid(1);
    let mut srs = gdal::spatial_ref::SpatialRef::from_wkt(&wkt).unwrap();
    srs.set_axis_mapping_strategy(gdal::spatial_ref::AxisMappingStrategy::TraditionalGisOrder);
    vector::read_land_cover(src, &GeneralizeConfig::bundled(), &srs, None)
        .unwrap()
        .polygons
}

/// The numbers of the run summary's line `empty …: N pixels left empty
/// (…): O outside the source's coverage (…), I inside it …`: (O, I).
fn empty_summary(stderr: &str) -> (u64, u64) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("empty "))
        .unwrap_or_else(|| panic!("no summary of the empty pixels in: {stderr}"));
    let number = |after: &str| -> u64 {
        let rest = &line[line.find(after).unwrap() + after.len()..];
        rest.split_whitespace().next().unwrap().parse().unwrap()
    };
    (number("): "), number("ha), "))
}

/// `generalize ARGS --like LIKE -o OUT --keep-intermediate`: the output's
/// pixels and standard error.
fn generalize_like(like: &Path, out: &Path, args: &[&str]) -> (Vec<u8>, String) {
    let mut all = vec!["generalize", "--like", like.to_str().unwrap()];
    all.extend_from_slice(&["-o", out.to_str().unwrap(), "--keep-intermediate"]);
    all.extend_from_slice(args);
    let o = multisenge(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    (read(out).data, stderr(&o))
}

/// The pixels outside the source's coverage of the run that wrote `out`
/// (255 in its kept step-1 raster).
fn outside_of(out: &Path) -> Vec<bool> {
    let step1 = out.with_file_name(format!(
        "{}.1-rasterize.tif",
        out.file_stem().unwrap().to_string_lossy()
    ));
    read(&step1).data.iter().map(|&v| v == 255).collect()
}

/// The case of the issue: the default `paper` profile, a source over
/// 8 km × 8 km of tile 31UGQ (8.56 km from the corner, with the
/// generator's margin), roads, patches, and the Sentinel-2 and Sentinel-1
/// dates a contributor lists in the label files. Only the patches inside
/// the source's extent are written (counted against the extent of its
/// polygons in the tile's CRS: 9 of the tile's 1 764), without a side-car;
/// the run says how many pixels it left empty, all outside the coverage,
/// which are the output's empty pixels; and `validate`, every rule run,
/// reports no error on them but T003 (listed file missing) for exactly the
/// Sentinel files the label files list (see below).
#[test]
fn a_source_over_8_km_gives_only_the_patches_it_covers() {
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path(), 8000);
    let s = src.to_str().unwrap();
    let ds = dir.path().join("ds");
    let out = dir.path().join("gr.tif");
    let o = multisenge(&[
        "generalize",
        "--source",
        s,
        "--roads",
        s,
        "--tile",
        TILE,
        "-o",
        out.to_str().unwrap(),
        "--patches",
        ds.to_str().unwrap(),
        "--s2-dates",
        "20200325,20200731",
        "--s1-dates",
        "20200106,20200118",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    // The source's extent in the tile's CRS, from its polygons' vertices.
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in polygons_in_utm(&src) {
        for part in &p.geometry.0 {
            for c in &part.exterior().0 {
                (x0, y0, x1, y1) = (x0.min(c.x), y0.min(c.y), x1.max(c.x), y1.max(c.y));
            }
        }
    }
    let (tile, _) = grid(10_980);
    let mut expected: Vec<String> = patch_origins(10_980, 10_980, 256, 257)
        .into_iter()
        .filter(|&(x, y)| {
            let (left, top) = (tile.ulx + x as f64 * 10.0, tile.uly - y as f64 * 10.0);
            left >= x0 && left + 2560.0 <= x1 && top <= y1 && top - 2560.0 >= y0
        })
        .map(|(x, y)| format!("{TILE}_GR_{x}_{y}.tif"))
        .collect();
    expected.sort();
    assert_eq!(
        expected.len(),
        9,
        "the source's extent: {x0} {y0} {x1} {y1}"
    );
    // No side-car, and one label file per patch.
    assert_eq!(names(&ds.join("ground_reference")), expected);
    assert_eq!(names(&ds.join("labels")).len(), 9);
    let err = stderr(&o);
    assert!(err.contains("9 written, 1755 skipped"), "{err}");

    // The empty pixels, counted by cause in the summary: all outside.
    let hist = read(&out).histogram();
    let (outside, inside) = empty_summary(&err);
    assert_eq!((outside, inside), (hist[0], 0), "{err}");
    assert!(hist[0] > 10_980 * 10_980 / 2);

    // `validate` on what generalize wrote, the s2/ and s1/ folders a
    // contributor adds created empty. Every rule runs on the ground
    // reference and the label files (their lists full, with the dates
    // given); the Sentinel-2 and Sentinel-1 patches themselves are not
    // written by `generalize` (they are cut from the imagery), so the only
    // errors are T003, one for each of the 4 files each label file lists.
    std::fs::create_dir(ds.join("s2")).unwrap();
    std::fs::create_dir(ds.join("s1")).unwrap();
    let validate = |extra: &[&str]| {
        let mut args = vec!["validate", ds.to_str().unwrap(), "--format", "json"];
        args.extend_from_slice(extra);
        let v = multisenge(&args);
        let report: serde_json::Value = serde_json::from_slice(&v.stdout).unwrap();
        (v.status.code(), report)
    };
    let (_, all) = validate(&[]);
    assert_eq!(all["summary"]["patches"], 9, "{}", all["summary"]);
    let errors: Vec<&serde_json::Value> = all["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    let mut missing: Vec<String> = errors
        .iter()
        .map(|f| {
            assert_eq!(f["code"], "T003", "{f}");
            // "listed file `s2/NAME` does not exist"
            let message = f["message"].as_str().unwrap();
            let quoted = message.split('`').nth(1).unwrap_or(message);
            quoted.rsplit('/').next().unwrap().to_string()
        })
        .collect();
    missing.sort();
    let mut listed: Vec<String> = expected
        .iter()
        .flat_map(|gr| {
            let (x, y) = gr
                .trim_end_matches(".tif")
                .rsplit_once("_GR_")
                .unwrap()
                .1
                .split_once('_')
                .unwrap();
            [
                ("20200325", "S2"),
                ("20200731", "S2"),
                ("20200106", "S1"),
                ("20200118", "S1"),
            ]
            .map(|(date, sensor)| format!("{TILE}_{date}_{sensor}_{x}_{y}.tif"))
        })
        .collect();
    listed.sort();
    assert_eq!(missing, listed, "the errors are the absent Sentinel files");
    // Without T003: no error, exit code 0.
    let (code, rest) = validate(&["--ignore", "T003"]);
    assert_eq!(code, Some(0), "{}", rest["findings"]);
    let errors = rest["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .count();
    assert_eq!(errors, 0, "{}", rest["findings"]);
}

/// A source covering the upper-left corner of a 600 px grid (336 px of
/// it): the output is main's (d13a8ad) over the ground the source covers
/// (required away from the coverage's edge, measured everywhere: 0 pixels
/// differ), empty elsewhere; with `--fill-beyond-coverage` it is main's
/// everywhere, byte for byte. `compare` tells the empty area apart: outside
/// the coverage, not inside.
#[test]
fn over_the_covered_ground_the_output_is_mains() {
    const N: usize = 600;
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path(), 2600);
    let like = like(dir.path(), N);
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/coverage/main-d13a8ad.tif");
    let main = read(&fixture).data;
    let s = src.to_str().unwrap();
    let run = |name: &str, extra: &[&str]| {
        let mut args = vec!["--source", s];
        args.extend_from_slice(extra);
        generalize_like(&like, &dir.path().join(name), &args)
    };
    let (new, err) = run("gr.tif", &[]);
    let outside = outside_of(&dir.path().join("gr.tif"));
    let n_outside = outside.iter().filter(|&&o| o).count();
    assert!(
        n_outside > N * N / 2 && n_outside < N * N * 3 / 4,
        "{n_outside}"
    );
    let dist = chessboard_distance(&outside, N);
    let mut differ = 0;
    for i in 0..N * N {
        if outside[i] {
            assert_eq!(new[i], 0, "pixel {i} outside the coverage");
            continue;
        }
        assert_ne!(new[i], 0, "pixel {i} inside the coverage left empty");
        differ += usize::from(new[i] != main[i]);
        if dist[i] > 2 {
            assert_eq!(new[i], main[i], "pixel {i}, {} px from the edge", dist[i]);
        }
    }
    eprintln!("covered pixels differing from main's output: {differ}");
    assert_eq!(empty_summary(&err), (n_outside as u64, 0));

    let (beyond, _) = run("beyond.tif", &["--fill-beyond-coverage"]);
    assert!(
        beyond == main,
        "--fill-beyond-coverage is main's propagation"
    );

    let o = multisenge(&[
        "compare",
        "--source",
        src.to_str().unwrap(),
        "--raster",
        dir.path().join("gr.tif").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let (out_ha, in_ha) = (
        v["empty_area"]["outside_coverage"].as_f64().unwrap(),
        v["empty_area"]["inside_coverage"].as_f64().unwrap(),
    );
    // Decided by 10 × 10 sub-pixels instead of 3 × 3 samples: a few pixels
    // at the edge may go the other way.
    let want = n_outside as f64 / 100.0;
    assert!(
        (out_ha + in_ha - want).abs() < 1e-6,
        "{out_ha} + {in_ha} ha, {want} ha empty"
    );
    assert!(in_ha < 0.01 * want, "{in_ha} ha inside the coverage");
}

/// Roads crossing ground the land cover does not describe create no land
/// there by default; `--burn-outside-coverage` burns them anyway, and
/// changes nothing else.
#[test]
fn roads_create_no_land_outside_the_coverage_unless_asked() {
    const N: usize = 600;
    let (small, large) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let src = source(small.path(), 2600);
    let roads = source(large.path(), 6000);
    // Every road burned (importance 1: 30 m corridors).
    sql(&roads, "UPDATE roads SET importance = '1'");
    let like = like(small.path(), N);
    let (s, r) = (src.to_str().unwrap(), roads.to_str().unwrap());
    let run = |name: &str, extra: &[&str]| {
        let mut args = vec!["--source", s, "--roads", r];
        args.extend_from_slice(extra);
        generalize_like(&like, &small.path().join(name), &args).0
    };
    let kept = run("gr.tif", &[]);
    let outside = outside_of(&small.path().join("gr.tif"));
    let burned = run("all.tif", &["--burn-outside-coverage"]);
    let mut over_outside = 0;
    for i in 0..N * N {
        if outside[i] {
            assert_eq!(kept[i], 0, "pixel {i}");
            assert!(burned[i] == 0 || burned[i] == 5, "pixel {i}: {}", burned[i]);
            over_outside += usize::from(burned[i] == 5);
        } else {
            assert_eq!(kept[i], burned[i], "pixel {i}");
        }
    }
    assert!(over_outside > 1000, "{over_outside} pixels of road outside");
    assert!(kept.contains(&5), "roads are burned inside");
}

/// The paper takes the railways from the land-cover database: in the
/// `paper` profile, its rail surfaces (usage US4.1.2, here one polygon in
/// 15 set so) are class 5 after step 5, every pixel whose centre is in one
/// (tested with `geo`'s point in polygon); with `--railways-from lines`
/// they are not burned (filled by step 3 like other transport surfaces),
/// and the railway lines of the roads file are.
#[test]
fn rail_surfaces_of_the_source_are_burned_as_class_5() {
    const N: usize = 300;
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path(), 3000);
    sql(
        &src,
        "UPDATE landcover SET code_cs = 'CS1.1.1.2', code_us = 'US4.1.2' WHERE id % 15 = 7",
    );
    let like = like(dir.path(), N);
    let s = src.to_str().unwrap();
    let run = |name: &str, extra: &[&str]| {
        let mut args = vec!["--source", s, "--roads", s];
        args.extend_from_slice(extra);
        generalize_like(&like, &dir.path().join(name), &args).0
    };
    let surfaces = run("surfaces.tif", &[]);
    let lines = run("lines.tif", &["--railways-from", "lines"]);
    let (g, _) = grid(N);
    let rails: Vec<_> = polygons_in_utm(&src)
        .into_iter()
        .filter(|p| p.tag & TAG_RAIL_SURFACE != 0)
        .collect();
    assert!(rails.len() > 10 && rails.iter().all(|p| p.class == 0));
    let mut on_rail = 0;
    let mut five_with_lines = 0;
    for row in 0..N {
        for col in 0..N {
            let centre = geo_types::Point::new(
                g.ulx + (col as f64 + 0.5) * 10.0,
                g.uly - (row as f64 + 0.5) * 10.0,
            );
            if rails.iter().any(|p| p.geometry.contains(&centre)) {
                on_rail += 1;
                let i = row * N + col;
                assert_eq!(surfaces[i], 5, "pixel ({col}, {row}) on a rail surface");
                five_with_lines += usize::from(lines[i] == 5);
            }
        }
    }
    assert!(on_rail > 1000, "{on_rail}");
    assert!(
        five_with_lines * 10 < on_rail,
        "{five_with_lines} of {on_rail}"
    );
    // The railway lines: class 5 where the surfaces gave none.
    let only_lines = (0..N * N)
        .filter(|&i| lines[i] == 5 && surfaces[i] != 5)
        .count();
    assert!(only_lines > 0);
}
