//! `multisenge generalize` end to end: outputs, patches and label files, and
//! bad input giving clear errors (exit 2), never a panic.

#![allow(clippy::needless_range_loop)]

mod generalize_common;

use generalize_common::*;
use multisenge::generalize::remove_small_regions::{remove_small_regions, Connectivity};
use multisenge::model::label_file::LabelFile;

const PIXELS: usize = 600;

#[test]
fn all_steps_patches_and_label_files() {
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path(), 6000);
    let like = like(dir.path(), PIXELS);
    let out = dir.path().join("gr.tif");
    let ds = dir.path().join("ds");
    let o = multisenge(&[
        "generalize",
        "--source",
        src.to_str().unwrap(),
        "--roads",
        src.to_str().unwrap(),
        "--like",
        like.to_str().unwrap(),
        "--tile",
        TILE,
        "-o",
        out.to_str().unwrap(),
        "--keep-intermediate",
        "--patches",
        ds.to_str().unwrap(),
        "--s2-dates",
        "20200731,20200909",
        "--s1-dates",
        "20201129",
        // The profile with the final MMU pass: no region below the MMU left.
        "--config",
        "ocsge-plus",
        // No halo: a step run alone on a kept intermediate (below) gives the
        // same raster only when the whole run worked on the same grid.
        "--halo",
        "0",
        // Without a halo, the gaps of the source cut by the grid's edge
        // (uncovered lobes of bow-tie rings) cannot be told from its end
        // and would stay empty: filled here, as this test is about the
        // steps, patches and label files (coverage: generalize_coverage.rs).
        "--fill-beyond-coverage",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for step in [
        "1-rasterize",
        "2-sieve",
        "3-fill",
        "4-close",
        "5-roads",
        "6-final-mmu",
    ] {
        assert!(
            dir.path().join(format!("gr.{step}.tif")).exists(),
            "{step} kept"
        );
    }
    let result = read(&out);
    assert!(
        result.data.iter().all(|&v| (1..=14).contains(&v)),
        "values 1-14 only, none empty"
    );
    // No region below the MMU is left, except class 5 (exempt) and the
    // parts of larger regions cut by the raster's edge (the halo, cropped).
    let (sieved, _) = remove_small_regions(&result, 250, Connectivity::Eight, &[5]);
    let n = PIXELS;
    let mut seen = vec![false; n * n];
    for start in (0..n * n).filter(|&i| sieved.data[i] != result.data[i]) {
        if seen[start] {
            continue;
        }
        // Flood fill (8-connected) of the small region: it must touch the edge.
        let (class, mut stack, mut edge, mut size) = (result.data[start], vec![start], false, 0);
        seen[start] = true;
        while let Some(i) = stack.pop() {
            size += 1;
            let (r, c) = (i / n, i % n);
            edge |= r == 0 || c == 0 || r == n - 1 || c == n - 1;
            for j in neighbours8(i, n) {
                if !seen[j] && result.data[j] == class {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
        assert!(
            edge,
            "a region of {size} px, class {class}, below the MMU inside the raster"
        );
    }

    // 600 px: patches at 0 and 257 in both directions.
    let mut names: Vec<String> = std::fs::read_dir(ds.join("ground_reference"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // Their `.aux.xml` side-cars (class names) are checked in raster_symbology.rs.
        .filter(|n| n.ends_with(".tif"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "31UGQ_GR_0_0.tif",
            "31UGQ_GR_0_257.tif",
            "31UGQ_GR_257_0.tif",
            "31UGQ_GR_257_257.tif"
        ]
    );
    let (grid, wkt) = grid(PIXELS);
    let patch =
        multisenge::io::formats::geotiff::read_u8(&ds.join("ground_reference/31UGQ_GR_257_0.tif"))
            .unwrap();
    assert_eq!((patch.raster.width, patch.raster.height), (256, 256));
    assert_eq!(
        (patch.grid.ulx, patch.grid.uly, patch.grid.pixel_size),
        (grid.ulx + 2570.0, grid.uly, 10.0)
    );
    for y in 0..256 {
        for x in 0..256 {
            assert_eq!(patch.raster.get(x, y), result.get(257 + x, y));
        }
    }
    let bytes = std::fs::read(ds.join("labels/31UGQ_257_0.json")).unwrap();
    let (label, problems) = LabelFile::parse(&bytes);
    assert!(problems.is_empty(), "{problems:?}");
    let label = label.unwrap();
    let hist = patch.raster.histogram();
    let present: Vec<String> = (1..=14u8)
        .filter(|&c| hist[c as usize] > 0)
        .map(|c| c.to_string())
        .collect();
    assert_eq!(label.labels, Some(present));
    assert_eq!(label.projection, Some(wkt));
    assert_eq!(
        label.s2,
        ["31UGQ_20200731_S2_257_0.tif", "31UGQ_20200909_S2_257_0.tif"]
    );
    assert_eq!(label.s1, ["31UGQ_20201129_S1_257_0.tif"]);

    // An input is never an output, not even with --force (the output
    // gate, before any work).
    for force in [&[][..], &["--force"][..]] {
        let mut args = vec![
            "generalize",
            "--from",
            out.to_str().unwrap(),
            "--steps",
            "close",
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend(force);
        let o = multisenge(&args);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("is also an input of this run (--from)"),
            "{}",
            stderr(&o)
        );
    }
    // A step alone, from a kept intermediate.
    let closed = dir.path().join("closed.tif");
    let sieved = dir.path().join("gr.2-sieve.tif");
    let o = multisenge(&[
        "generalize",
        "--from",
        sieved.to_str().unwrap(),
        "--steps",
        "fill",
        "-o",
        closed.to_str().unwrap(),
        "--fill-beyond-coverage",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read(&closed), read(&dir.path().join("gr.3-fill.tif")));
}

/// The default `paper` profile: class 5 comes from step 5 only (buffered
/// road lines, and rail surfaces of the land cover, which the generated
/// source has none of). Before the roads step no pixel is class 5
/// (transport surfaces are left blank and filled), the roads step changes
/// pixels to class 5 only, and nothing runs after it (no final MMU pass).
#[test]
fn paper_profile_has_class_5_only_in_the_buffered_networks() {
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path(), 3000);
    let like = like(dir.path(), 300);
    let out = dir.path().join("gr.tif");
    let s = src.to_str().unwrap();
    let o = multisenge(&[
        "generalize",
        "--source",
        s,
        "--roads",
        s,
        "--like",
        like.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--keep-intermediate",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let closed = read(&dir.path().join("gr.4-close.tif"));
    let roads = read(&dir.path().join("gr.5-roads.tif"));
    let result = read(&out);
    assert_eq!(result, roads, "nothing changes after the roads step");
    assert!(closed.data.iter().all(|&v| v != 5), "class 5 before roads");
    let burned = (0..result.data.len())
        .filter(|&i| result.data[i] != closed.data[i])
        .inspect(|&i| assert_eq!(result.data[i], 5))
        .count();
    assert!(burned > 0, "roads were burned");
}

fn expect_usage_error(args: &[&str], needle: &str) {
    let o = multisenge(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        err.contains(needle),
        "{args:?}: expected `{needle}` in: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path(), 1000);
    let like = like(dir.path(), 100);
    let (s, l) = (src.to_str().unwrap(), like.to_str().unwrap());
    let out = dir.path().join("o.tif");
    let o = out.to_str().unwrap();

    expect_usage_error(
        &["generalize", "--source", s, "--tile", "31UGQX", "-o", o],
        "'--tile <CODE>': tile code `31UGQX`",
    );
    expect_usage_error(
        &["generalize", "--source", s, "--tile", "99ZZZ", "-o", o],
        "99ZZZ",
    );
    expect_usage_error(
        &[
            "generalize",
            "--source",
            "/nonexistent.gpkg",
            "--like",
            l,
            "-o",
            o,
        ],
        "/nonexistent.gpkg",
    );
    expect_usage_error(
        &[
            "generalize",
            "--source",
            s,
            "--like",
            l,
            "-o",
            o,
            "--steps",
            "sift",
        ],
        "unknown step `sift`",
    );
    expect_usage_error(
        &[
            "generalize",
            "--source",
            s,
            "--like",
            l,
            "-o",
            o,
            "--mmu",
            "lots",
        ],
        "--mmu",
    );

    // Missing class field: a profile naming a field the layer lacks.
    let cfg = dir.path().join("bad.toml");
    let text = multisenge::generalize::config::DEFAULT_CONFIG
        .replace("cover_field = \"code_cs\"", "cover_field = \"cs_code\"");
    std::fs::write(&cfg, text).unwrap();
    expect_usage_error(
        &[
            "generalize",
            "--source",
            s,
            "--like",
            l,
            "-o",
            o,
            "--config",
            cfg.to_str().unwrap(),
        ],
        "no field `cs_code`",
    );
    // A profile with a typo is an error with its file and line.
    std::fs::write(
        &cfg,
        multisenge::generalize::config::DEFAULT_CONFIG.replace("mmu_pixels", "mmu_pixel"),
    )
    .unwrap();
    expect_usage_error(
        &[
            "generalize",
            "--source",
            s,
            "--like",
            l,
            "-o",
            o,
            "--config",
            cfg.to_str().unwrap(),
        ],
        "bad.toml:",
    );

    // Unmapped codes (grassland dropped from the table): reported with ids,
    // not fatal; an error with --strict-mapping.
    std::fs::write(
        &cfg,
        multisenge::generalize::config::DEFAULT_CONFIG
            .replace("cover = \"CS2.2.1.2\"", "cover = \"CS2.2.1.2.9\""),
    )
    .unwrap();
    let c = cfg.to_str().unwrap();
    let unmapped = multisenge(&[
        "generalize",
        "--source",
        s,
        "--like",
        l,
        "-o",
        o,
        "--config",
        c,
    ]);
    assert!(unmapped.status.success(), "{}", stderr(&unmapped));
    assert!(
        stderr(&unmapped).contains("missing from the mapping table"),
        "{}",
        stderr(&unmapped)
    );
    assert!(
        stderr(&unmapped).contains("cover `CS2.2.1.2`, usage `US1.1`"),
        "{}",
        stderr(&unmapped)
    );
    std::fs::remove_file(&out).unwrap();
    expect_usage_error(
        &[
            "generalize",
            "--source",
            s,
            "--like",
            l,
            "-o",
            o,
            "--config",
            c,
            "--strict-mapping",
        ],
        "--strict-mapping",
    );

    if !tool("ogr2ogr", &["--version"]) {
        return;
    }
    // Empty layer.
    let empty = dir.path().join("empty.gpkg");
    let st = std::process::Command::new("ogr2ogr")
        .arg(&empty)
        .arg(&src)
        .args(["landcover", "-where", "1=0"])
        .status()
        .unwrap();
    assert!(st.success());
    expect_usage_error(
        &[
            "generalize",
            "--source",
            empty.to_str().unwrap(),
            "--like",
            l,
            "-o",
            o,
        ],
        "empty",
    );
    // Coordinates in another CRS with no CRS declared: a shapefile without .prj.
    let shp = dir.path().join("nocrs.shp");
    let st = std::process::Command::new("ogr2ogr")
        .arg(&shp)
        .arg(&src)
        .arg("landcover")
        .status()
        .unwrap();
    assert!(st.success());
    std::fs::remove_file(dir.path().join("nocrs.prj")).unwrap();
    expect_usage_error(
        &[
            "generalize",
            "--source",
            shp.to_str().unwrap(),
            "--like",
            l,
            "-o",
            o,
        ],
        "no CRS is declared",
    );
    assert!(!out.exists(), "no output after errors");
}

/// A source covering only the grid's upper-left corner (a 2 600 m square in
/// Lambert-93, i.e. up to about 340 px of 600 once in UTM): by default the
/// ground it does not cover stays empty and only the covered patch is cut;
/// `--fill-beyond-coverage` spreads it over the whole grid (4 patches); with
/// `--fill-propagation-limit 0` too, a pixel is classified exactly when a
/// labelled pixel of step 2's output lies within the vote's radius (16 px,
/// chessboard distance), up to one more pixel that closing may claim at the
/// edge.
#[test]
fn propagation_limit_keeps_land_cover_inside_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path(), 2600);
    let like = like(dir.path(), PIXELS);
    let patches_for = |name: &str, extra: &[&str]| -> (Vec<String>, Vec<u8>) {
        let out = dir.path().join(format!("{name}.tif"));
        let ds = dir.path().join(name);
        let mut args = vec![
            "generalize",
            "--source",
            src.to_str().unwrap(),
            "--like",
            like.to_str().unwrap(),
            "--tile",
            TILE,
            "-o",
            out.to_str().unwrap(),
            "--keep-intermediate",
            "--patches",
            ds.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = multisenge(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let mut names: Vec<String> = std::fs::read_dir(ds.join("ground_reference"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tif"))
            .collect();
        names.sort();
        (names, read(&out).data)
    };

    let (covered, default) = patches_for("default", &[]);
    assert_eq!(covered, ["31UGQ_GR_0_0.tif"]);
    let outside = read(&dir.path().join("default.1-rasterize.tif")).data;
    for i in 0..default.len() {
        assert_eq!(default[i] == 0, outside[i] == 255, "pixel {i}");
    }

    let (all, unlimited) = patches_for("unlimited", &["--fill-beyond-coverage"]);
    assert_eq!(all.len(), 4, "{all:?}");
    assert!(unlimited.iter().all(|&v| v != 0));

    let (kept, limited) = patches_for(
        "limited",
        &["--fill-beyond-coverage", "--fill-propagation-limit", "0"],
    );
    assert_eq!(kept, ["31UGQ_GR_0_0.tif"]);

    // Oracle: chessboard distance to the labelled pixels of step 2 (a class:
    // neither empty nor outside the coverage), by BFS.
    let sieved = read(&dir.path().join("limited.2-sieve.tif")).data;
    let labelled: Vec<bool> = sieved.iter().map(|&v| v != 0 && v != 255).collect();
    let dist = chessboard_distance(&labelled, PIXELS);
    let mut empty_beyond = 0;
    for i in 0..dist.len() {
        if dist[i] <= 16 {
            assert_ne!(
                limited[i], 0,
                "pixel {i} at distance {} left empty",
                dist[i]
            );
        }
        if dist[i] > 17 {
            assert_eq!(
                limited[i], 0,
                "pixel {i} at distance {} classified",
                dist[i]
            );
            empty_beyond += 1;
        }
    }
    assert!(
        empty_beyond > PIXELS * PIXELS / 2,
        "the source covers a corner only"
    );
}
