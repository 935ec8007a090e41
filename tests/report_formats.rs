//! The CI and GIS report formats on the defective sample.

mod common;

use std::process::Command;

use common::{sample, stdout};

fn report(format: &str) -> String {
    let output = common::multisenge()
        .args(["validate", "--format", format])
        .arg(sample().join("defective"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    stdout(&output).replace(sample().to_str().unwrap(), "[SAMPLE]")
}

/// Whether an external tool exists; in CI (`CI` set) it must.
fn tool(name: &str) -> bool {
    let found = Command::new(name).arg("--help").output().is_ok();
    if !found {
        assert!(!common::in_ci(), "{name} is required in CI");
        eprintln!("skipped: {name} is not installed");
    }
    found
}

#[test]
fn junit_sarif_and_github_snapshots() {
    insta::assert_snapshot!("junit", report("junit"));
    insta::assert_snapshot!("github", report("github"));
    let sarif: serde_json::Value = serde_json::from_str(&report("sarif")).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let json: serde_json::Value = serde_json::from_str(&report("json")).unwrap();
    assert_eq!(results.len(), json["findings"].as_array().unwrap().len());
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
    insta::assert_json_snapshot!("sarif_results", results);
}

#[test]
fn geojson_is_readable_by_ogr_and_correctly_placed() {
    let text = report("geojson");
    let collection: serde_json::Value = serde_json::from_str(&text).unwrap();
    let features = collection["features"].as_array().unwrap();
    let json: serde_json::Value = serde_json::from_str(&report("json")).unwrap();
    let with_patch = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["patch"].is_null())
        .count();
    // The sample's tiles are all in the grid except 31UAA (N008) and the
    // invalid 31UJQ, which has no patch.
    assert_eq!(features.len(), with_patch - 1);
    assert_eq!(
        collection["properties"]["unlocated"].as_u64().unwrap() as usize,
        json["findings"].as_array().unwrap().len() - features.len()
    );

    // Upper-left corner of the T005 finding's patch, 31UGQ (0, 257): tile
    // origin (699960, 5500020) + (0, -2570) m, transformed by gdaltransform.
    let t005 = features
        .iter()
        .find(|f| f["properties"]["code"] == "T005")
        .unwrap();
    let ring = t005["geometry"]["coordinates"][0].as_array().unwrap();
    let ul = &ring[3];
    if tool("gdaltransform") {
        let lonlat = common::utm31_to_lonlat(699960.0, 5497450.0);
        // gdaltransform -output_xy gives longitude, latitude.
        assert!(
            (ul[0].as_f64().unwrap() - lonlat[0]).abs() < 1e-6,
            "{ul:?} vs {lonlat:?}"
        );
        assert!(
            (ul[1].as_f64().unwrap() - lonlat[1]).abs() < 1e-6,
            "{ul:?} vs {lonlat:?}"
        );
    }
    if tool("ogrinfo") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("findings.geojson");
        std::fs::write(&path, &text).unwrap();
        let out = Command::new("ogrinfo")
            .args(["-ro", "-al", "-so"])
            .arg(&path)
            .output()
            .unwrap();
        let info = String::from_utf8_lossy(&out.stdout);
        assert!(
            info.contains(&format!("Feature Count: {}", features.len())),
            "{info}"
        );
        assert!(info.contains("Polygon"), "{info}");
    }
}
