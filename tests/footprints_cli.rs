//! `multisenge footprints`: one feature per patch with its attributes, read
//! back with GDAL's own `ogrinfo`; atomic output, no silent overwrite.

mod common;
mod generalize_common;

use std::process::Command;

use common::{run, sample, stderr, validate_json};

fn ogrinfo() -> bool {
    generalize_common::tool("ogrinfo", &["--version"])
}

/// Features of the footprints layer (`ogrinfo`) as (field → value) maps
/// (a GeoPackage also holds its style, in `layer_styles`).
fn features(path: &std::path::Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut ogrinfo = Command::new("ogrinfo");
    ogrinfo.args(["-ro", "-al", "-geom=NO", "-q"]).arg(path);
    if path.extension().is_some_and(|e| e == "gpkg") {
        ogrinfo.arg("footprints");
    }
    let out = ogrinfo.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let mut all = Vec::new();
    for block in text.split("OGRFeature(").skip(1) {
        let mut fields = std::collections::BTreeMap::new();
        for line in block.lines().skip(1) {
            if let Some((name, value)) = line.trim().split_once(" =") {
                let name = name.split_whitespace().next().unwrap().to_string();
                fields.insert(name, value.trim_start().to_string());
            }
        }
        all.push(fields);
    }
    all
}

#[test]
fn geopackage_has_one_feature_per_patch_with_its_attributes() {
    if !ogrinfo() {
        return;
    }
    let root = sample().join("defective");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("footprints.gpkg");
    let status = run(&[
        "footprints",
        root.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(status.status.code(), Some(0), "{}", stderr(&status));
    let features = features(&out);
    let (report, _) = validate_json(&root, &[]);
    assert_eq!(
        features.len() as u64,
        report["summary"]["patches"].as_u64().unwrap()
    );
    let by_id = |id: &str| features.iter().find(|f| f["id"] == id).unwrap().clone();
    // The diagonal-neighbour defect: its overlap in both directions.
    let corner = by_id("31UFR_9766_9766");
    assert_eq!(corner["tile"], "31UFR");
    assert_eq!(
        (corner["x"].as_str(), corner["y"].as_str()),
        ("9766", "9766")
    );
    assert_eq!(corner["epsg"], "32631");
    assert_eq!(corner["overlaps"], "31UGQ_0_0");
    assert_eq!(
        (corner["s2_dates"].as_str(), corner["s1_dates"].as_str()),
        ("3", "4")
    );
    assert_eq!(
        (corner["first_date"].as_str(), corner["last_date"].as_str()),
        ("20200106", "20201103")
    );
    // Classes as the label file lists them.
    let label: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("labels/31UFR_9766_9766.json")).unwrap())
            .unwrap();
    assert_eq!(corner["classes"], label["labels"].as_str().unwrap());
    assert_eq!(by_id("31UGQ_0_0")["overlaps"], "31UFR_9766_9766");
    assert_eq!(by_id("32ULU_4112_0")["epsg"], "32632");
    let isolated = by_id("31UGQ_0_257");
    assert_eq!(isolated["overlaps"], "");

    // No silent overwrite; --force replaces.
    let before = std::fs::read(&out).unwrap();
    let again = run(&[
        "footprints",
        root.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"));
    assert_eq!(std::fs::read(&out).unwrap(), before);
    let forced = run(&[
        "footprints",
        root.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(forced.status.code(), Some(0));
    // Nothing left beside the output.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("footprints.gpkg")]);
}

#[test]
fn published_labels_as_geojson_on_stdout_have_no_overlap() {
    let Some(dir) = common::published_labels() else {
        return;
    };
    let out = run(&["footprints", dir.to_str().unwrap(), "-o", "-"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let collection: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let features = collection["features"].as_array().unwrap();
    assert_eq!(features.len(), 126);
    for f in features {
        let p = &f["properties"];
        assert_eq!(p["overlaps"], "", "{p}");
        // Counted from the label file itself.
        let name = format!("{}.json", p["id"].as_str().unwrap());
        let label: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap();
        let distinct = |field: &str| {
            let mut dates: Vec<&str> = label[field]
                .as_str()
                .unwrap()
                .split(';')
                .map(|n| n.split('_').nth(1).unwrap())
                .collect();
            dates.sort_unstable();
            dates.dedup();
            dates.len() as u64
        };
        assert_eq!(p["s2_dates"].as_u64(), Some(distinct("corresponding_s2")));
        assert_eq!(p["s1_dates"].as_u64(), Some(distinct("corresponding_s1")));
        assert_eq!(p["classes"], label["labels"]);
        // EPSG:4326, longitude first: these tiles lie in France and Germany.
        let lon = f["geometry"]["coordinates"][0][0][0].as_f64().unwrap();
        let lat = f["geometry"]["coordinates"][0][0][1].as_f64().unwrap();
        assert!(
            (0.0..12.0).contains(&lon) && (45.0..52.0).contains(&lat),
            "{lon} {lat}"
        );
    }
}

#[test]
fn target_crs_and_bad_arguments() {
    let root = sample().join("valid");
    let out = run(&[
        "footprints",
        root.to_str().unwrap(),
        "-o",
        "-",
        "--t-srs",
        "EPSG:3035",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let collection: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let x = collection["features"][0]["geometry"]["coordinates"][0][0][0]
        .as_f64()
        .unwrap();
    assert!(x > 3_000_000.0, "{x}: LAEA Europe metres");

    let dir = tempfile::tempdir().unwrap();
    for (name, t_srs, expected) in [
        ("out.gpkg", "EPSG:0", "--t-srs"),
        ("out.gpkg", "nonsense", "--t-srs"),
        ("out.shp", "EPSG:4326", "unknown output format"),
    ] {
        let output = dir.path().join(name);
        let all = [
            "footprints",
            root.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
            "--t-srs",
            t_srs,
        ];
        let out = run(&all);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
        assert!(!output.exists());
    }
    let missing = run(&["footprints", "/nonexistent", "-o", "-"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn footprints_help() {
    let out = run(&["footprints", "--help"]);
    insta::assert_snapshot!("footprints_help", common::stdout(&out));
}
