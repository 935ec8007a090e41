//! The spatial rules (S001, S002) end to end: overlap areas against an
//! independent computation (GDAL/OSR + shapely), both sides of the
//! tolerance, labels-only mode from the tiling grid, and the report fields.

mod common;
mod generalize_common;

use std::path::Path;
use std::process::Command;

use common::{sample, validate_json};

/// Python 3 with GDAL and shapely (Debian's), or `None` outside CI.
fn python() -> Option<&'static str> {
    let python = "/usr/bin/python3";
    generalize_common::tool(python, &["-c", "import shapely, osgeo"]).then_some(python)
}

fn oracle_area(python: &str, a: &Path, b: &Path) -> f64 {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oracle/overlap_area.py");
    let out = Command::new(python)
        .arg(script)
        .arg(a)
        .arg(b)
        .output()
        .expect("oracle runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// The area in a finding's message (`... by 25 588 m²` or `(6 555 469 m²)`).
fn message_area(message: &str) -> f64 {
    let before = message.rsplit_once(" m²").unwrap().0;
    let digits: String = before
        .rsplit(|c: char| !(c.is_ascii_digit() || c == ' '))
        .next()
        .unwrap()
        .replace(' ', "");
    digits.parse().unwrap()
}

/// `31UGQ_2570_2570` → `ground_reference/31UGQ_GR_2570_2570.tif`.
fn other_ground_reference(message: &str) -> String {
    let name = message
        .split_whitespace()
        .find(|w| w.len() > 6 && w.as_bytes()[5] == b'_')
        .unwrap();
    let (tile, xy) = name.split_once('_').unwrap();
    format!("ground_reference/{tile}_GR_{xy}.tif")
}

fn spatial_findings(report: &serde_json::Value) -> Vec<serde_json::Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"].as_str().unwrap().starts_with('S'))
        .cloned()
        .collect()
}

#[test]
fn overlap_areas_agree_with_gdal_and_shapely_within_one_percent() {
    let root = sample().join("defective");
    let (report, _) = validate_json(&root, &[]);
    let findings = spatial_findings(&report);
    assert_eq!(findings.len(), 4);
    let mut total = 0.0;
    for f in &findings {
        let message = f["message"].as_str().unwrap();
        let ours = message_area(message);
        total += ours;
        // The location is the overlap polygon, closed, in a UTM zone.
        let location = &f["location"];
        assert_eq!(location["type"], "polygon");
        let ring = location["rings"][0].as_array().unwrap();
        assert!(ring.len() >= 5 && ring.first() == ring.last(), "{location}");
        assert!(matches!(location["epsg"].as_u64(), Some(32631 | 32632)));
        let Some(python) = python() else { continue };
        let a = root.join(f["path"].as_str().unwrap());
        let b = root.join(other_ground_reference(message));
        let oracle = oracle_area(python, &a, &b);
        assert!(
            (ours - oracle).abs() <= 0.01 * oracle,
            "{message}: oracle {oracle} m²"
        );
    }
    let summary = &report["summary"]["overlaps"];
    assert_eq!(summary["pairs"], 4);
    let area = summary["area_m2"].as_f64().unwrap();
    assert!((area - total).abs() < 4.0, "{area} vs {total}");
}

fn profile_with_tolerance(dir: &Path, tolerance: f64) -> String {
    let text = multisenge::profile::DEFAULT_PROFILE.replace(
        "overlap_tolerance = 10.0",
        &format!("overlap_tolerance = {tolerance}"),
    );
    assert_ne!(text, multisenge::profile::DEFAULT_PROFILE);
    let path = dir.join(format!("tolerance-{tolerance}.toml"));
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_one_pixel_sliver_is_reported_below_its_area_and_not_above() {
    // The sliver is 10 m × 2 560 m = 25 600 m² in UTM, 25 588 m² in
    // EPSG:3035; the default tolerance (10 m²) reports it.
    let root = sample().join("defective");
    let dir = tempfile::tempdir().unwrap();
    let sliver = "ground_reference/31UGQ_GR_2313_2570.tif";
    let has_sliver = |report: &serde_json::Value| {
        spatial_findings(report)
            .iter()
            .any(|f| f["path"] == sliver && f["code"] == "S001")
    };
    let (default, _) = validate_json(&root, &[]);
    assert!(has_sliver(&default));
    let below = profile_with_tolerance(dir.path(), 25_500.0);
    let (report, _) = validate_json(&root, &["--profile", &below]);
    assert!(has_sliver(&report));
    let above = profile_with_tolerance(dir.path(), 25_700.0);
    let (report, _) = validate_json(&root, &["--profile", &above]);
    assert!(!has_sliver(&report));
    // The other overlaps are still reported; naming rules stay on, so that
    // misnamed files are not placed.
    assert_eq!(spatial_findings(&report).len(), 3);
}

#[test]
fn bad_tolerances_and_crs_are_profile_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("overlap_tolerance = 10.0", "overlap_tolerance = -1.0"),
        ("overlap_tolerance = 10.0", "overlap_tolerance = nan"),
        ("overlap_tolerance = 10.0", "overlap_tolerance = inf"),
        ("equal_area_epsg = 3035", "equal_area_epsg = 4326"),
        ("equal_area_epsg = 3035", "equal_area_epsg = 999999"),
        ("equal_area_epsg = 3035", "equal_area_epsg = -3"),
    ] {
        let text = multisenge::profile::DEFAULT_PROFILE.replace(from, to);
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, text).unwrap();
        let out = common::run(&[
            "validate",
            sample().join("valid").to_str().unwrap(),
            "--profile",
            path.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{to}");
        assert!(common::stderr(&out).contains("bad.toml"), "{to}");
    }
}

#[test]
fn labels_only_overlap_of_neighbouring_tiles_from_the_grid() {
    // The example: 31UFQ_10023_0 and 31UGQ_0_0 share 2 290 m ×
    // 2 560 m of ground (31UFQ's origin is 99 960 m west of 31UGQ's).
    let dir = tempfile::tempdir().unwrap();
    let valid_label = common::valid_label();
    for name in ["31UFQ_10023_0.json", "31UGQ_0_0.json", "31UGQ_257_257.json"] {
        std::fs::copy(&valid_label, dir.path().join(name)).unwrap();
    }
    let (report, _) = validate_json(dir.path(), &["--labels-only", "--select", "S"]);
    let findings = spatial_findings(&report);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["path"], "31UFQ_10023_0.json");
    let area = message_area(findings[0]["message"].as_str().unwrap());
    let utm = 2290.0 * 2560.0;
    // UTM's scale near the zone edge (k ≈ 1.0004) against equal area.
    assert!((area - utm).abs() < 0.005 * utm, "{area}");
}

#[test]
fn geojson_report_shows_the_overlap_polygon_in_wgs84() {
    let root = sample().join("defective");
    let out = common::run(&["validate", root.to_str().unwrap(), "--format", "geojson"]);
    let collection: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let feature = collection["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["properties"]["code"] == "S001"
                && f["properties"]["path"] == "ground_reference/31UFR_GR_9766_9766.tif"
        })
        .unwrap()
        .clone();
    let ring = feature["geometry"]["coordinates"][0].as_array().unwrap();
    assert_eq!(ring.len(), 5);
    // The overlap's south-west corner, (699960, 5499820) in EPSG:32631,
    // through GDAL's own command-line tool.
    if !generalize_common::tool("gdaltransform", &["--version"]) {
        return;
    }
    let lonlat = common::utm31_to_lonlat(699960.0, 5499820.0);
    let sw = &ring[0];
    assert!(
        (sw[0].as_f64().unwrap() - lonlat[0]).abs() < 1e-6,
        "{sw:?} {lonlat:?}"
    );
    assert!(
        (sw[1].as_f64().unwrap() - lonlat[1]).abs() < 1e-6,
        "{sw:?} {lonlat:?}"
    );
}
