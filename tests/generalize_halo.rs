//! `generalize --halo`: regions cut by the edge of the target grid are
//! judged on their whole extent, read and processed beyond the edge.

mod generalize_common;

use std::path::Path;

use generalize_common::*;
use geo_types::{polygon, MultiPolygon};

/// A profile reading a layer whose `class` field holds the class itself.
fn class_profile(dir: &Path) -> std::path::PathBuf {
    let text = multisenge::generalize::config::DEFAULT_CONFIG;
    let head = &text[..text.find("[[mapping]]").unwrap()];
    let mut profile = head
        .replace("cover_field = \"code_cs\"", "cover_field = \"class\"")
        .replace("usage_field = \"code_us\"", "usage_field = \"\"");
    for class in [6, 9] {
        profile.push_str(&format!(
            "[[mapping]]\ncover = \"{class}\"\nclass = {class}\n\n"
        ));
    }
    let path = dir.join("classes.toml");
    std::fs::write(&path, profile).unwrap();
    path
}

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![
        polygon![(x: x0, y: y0), (x: x1, y: y0), (x: x1, y: y1), (x: x0, y: y1)],
    ])
}

/// A 100 × 100 px grid; a grassland field (class 9) 40 × 20 px crosses its
/// right edge with 10 × 20 = 200 px inside (below the MMU of 250 px) and
/// 800 px in all (above it), in arable land (class 6) reaching well beyond
/// the grid. Without a halo the field is removed; with one it is kept.
#[test]
fn a_field_crossing_the_edge_is_judged_on_its_whole_area() {
    let dir = tempfile::tempdir().unwrap();
    let (grid, _) = grid(100);
    let like = like(dir.path(), 100);
    let (x, y) = (grid.ulx, grid.uly);
    let background = rect(x - 3000.0, y - 4000.0, x + 4000.0, y + 3000.0);
    let field = rect(x + 900.0, y - 500.0, x + 1300.0, y - 300.0);
    let srs = multisenge::io::formats::vector::srs_from_epsg(32631).unwrap();
    let src = dir.path().join("fields.gpkg");
    multisenge::io::formats::vector::write_polygons(
        &src,
        &srs,
        &[(1, 6, &background), (2, 9, &field)],
        false,
    )
    .unwrap();
    let config = class_profile(dir.path());
    let field_pixels = |halo: &str| -> usize {
        let out = dir.path().join(format!("halo{halo}.tif"));
        let o = multisenge(&[
            "generalize",
            "--source",
            src.to_str().unwrap(),
            "--like",
            like.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--halo",
            halo,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let r = read(&out);
        assert!(r.data.iter().all(|&v| v == 6 || v == 9));
        // Every class 9 pixel is inside the field's part within the grid.
        for row in 0..100 {
            for col in 0..100 {
                if r.get(col, row) == 9 {
                    assert!((90..100).contains(&col) && (30..50).contains(&row));
                }
            }
        }
        r.data.iter().filter(|&&v| v == 9).count()
    };
    assert_eq!(
        field_pixels("0"),
        0,
        "without a halo the field is cut and removed"
    );
    assert_eq!(field_pixels("512"), 200, "with a halo the field is kept");
    assert_eq!(field_pixels("10"), 200, "a halo of 10 px is enough here");
}
