//! Class rasters carry the profile's class names and colours, as GDAL
//! itself reads them back (`gdalinfo -json`, the oracle): colour table,
//! category names, raster attribute table, nodata, overviews, COG layout;
//! the disagreement raster of `compare` a white-to-red ramp.

mod generalize_common;

use std::path::Path;
use std::process::Command;

use generalize_common::*;
use multisenge::profile::LoadedProfile;
use serde_json::Value;

fn gdalinfo(path: &Path) -> Value {
    let out = Command::new("gdalinfo")
        .arg("-json")
        .arg(path)
        .output()
        .expect("gdalinfo (gdal-bin)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Checks band 1's colour table against the default profile's classes.
fn assert_colours(info: &Value) {
    let profile = LoadedProfile::default_profile();
    let band = &info["bands"][0];
    assert_eq!(band["colorInterpretation"], "Palette");
    let entries = band["colorTable"]["entries"].as_array().unwrap();
    for c in profile.class_entries() {
        let [r, g, b] = c.rgb.map(i64::from);
        assert_eq!(
            entries[usize::from(c.value)],
            serde_json::json!([r, g, b, 255])
        );
    }
    assert_eq!(entries[0], serde_json::json!([0, 0, 0, 0]));
}

/// Checks band 1 against the default profile's classes: colours, names,
/// attribute table.
fn assert_classes(info: &Value) {
    assert_colours(info);
    let profile = LoadedProfile::default_profile();
    let band = &info["bands"][0];
    let entries = band["colorTable"]["entries"].as_array().unwrap();
    let categories = band["categories"].as_array().unwrap();
    let rat_rows = info["rat"]["row"].as_array().unwrap();
    assert_eq!(rat_rows.len(), 14);
    for c in profile.class_entries() {
        let v = usize::from(c.value);
        let [r, g, b] = c.rgb.map(i64::from);
        assert_eq!(entries[v], serde_json::json!([r, g, b, 255]), "class {v}");
        assert_eq!(categories[v], c.name.as_str());
        let row = &rat_rows[v - 1]["f"];
        assert_eq!(row[0], c.value);
        assert_eq!(row[1], c.name.as_str());
        assert_eq!(
            [&row[2], &row[3], &row[4]],
            [r, g, b].map(Value::from).each_ref()
        );
    }
    assert_eq!(categories.len(), 15);
}

/// The classes of a QGIS style written beside a raster (its palette
/// entries).
fn qml_classes(path: &std::path::Path) -> usize {
    let qml = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    assert!(qml.starts_with("<!DOCTYPE qgis"), "{path:?}");
    qml.matches("<paletteEntry ").count()
}

#[test]
fn generalize_output_patches_and_cog_carry_class_names_and_colours() {
    if !tool("gdalinfo", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path(), 11_000);
    // 1 100 px: large enough for internal overviews.
    let like = like(dir.path(), 1100);
    let (s, l) = (src.to_str().unwrap(), like.to_str().unwrap());
    let out = dir.path().join("gr.tif");
    let o = multisenge(&[
        "generalize",
        "--source",
        s,
        "--like",
        l,
        "-o",
        out.to_str().unwrap(),
        "--fill-propagation-limit",
        "0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let info = gdalinfo(&out);
    assert_classes(&info);
    assert_eq!(info["bands"][0]["noDataValue"], 0.0);
    let overviews = info["bands"][0]["overviews"].as_array().unwrap();
    // 550 and 275 px.
    assert_eq!(overviews.len(), 2, "{overviews:?}");
    // A QGIS style only when asked (`--qml`).
    assert!(!dir.path().join("gr.qml").exists());

    let cog = dir.path().join("cog.tif");
    let o = multisenge(&[
        "generalize",
        "--source",
        s,
        "--like",
        l,
        "-o",
        cog.to_str().unwrap(),
        "--fill-propagation-limit",
        "0",
        "--cog",
        "--qml",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Asked for: the style beside the output, the profile's 14 classes.
    assert_eq!(qml_classes(&dir.path().join("cog.qml")), 14);
    let info = gdalinfo(&cog);
    assert_eq!(info["metadata"]["IMAGE_STRUCTURE"]["LAYOUT"], "COG");
    assert_classes(&info);
    assert!(!info["bands"][0]["overviews"].as_array().unwrap().is_empty());
    // Same values as the plain GeoTIFF.
    assert_eq!(read(&cog), read(&out));

    // Patches, on the tile's grid.
    let patches = dir.path().join("patches");
    let cut = |extra: &[&str]| {
        let mut args = vec![
            "generalize",
            "--source",
            s,
            "--tile",
            TILE,
            "--from",
            out.to_str().unwrap(),
            "--steps",
            "roads",
            "--patches",
            patches.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = multisenge(&args);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    cut(&[]);
    // Patches as the published ones: no side-car; what GeoTIFF keeps
    // inside (colour table, nodata, band description) only.
    let patch = patches.join(format!("ground_reference/{TILE}_GR_0_0.tif"));
    let info = gdalinfo(&patch);
    assert_colours(&info);
    assert!(info["bands"][0]["categories"].is_null(), "{info}");
    assert!(info["rat"].is_null(), "{info}");
    assert_eq!(info["bands"][0]["noDataValue"], 0.0);
    assert_eq!(info["bands"][0]["description"], "land-cover class");
    assert_eq!(
        info["files"].as_array().unwrap().len(),
        1,
        "{}",
        info["files"]
    );
    let written: Vec<String> = std::fs::read_dir(patches.join("ground_reference"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !written.is_empty() && written.iter().all(|n| n.ends_with(".tif")),
        "{written:?}"
    );
    // With --qml: a style beside every patch, and nothing else beside them.
    cut(&["--qml", "--force"]);
    let mut tifs = 0;
    for entry in std::fs::read_dir(patches.join("ground_reference")).unwrap() {
        let path = entry.unwrap().path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("tif") => {
                tifs += 1;
                assert_eq!(qml_classes(&path.with_extension("qml")), 14, "{path:?}");
            }
            Some("qml") => {}
            _ => panic!("{path:?}"),
        }
    }
    assert!(tifs > 0);
    // With --patch-sidecars: the class names and attribute table beside it.
    cut(&["--patch-sidecars", "--force"]);
    let info = gdalinfo(&patch);
    assert_classes(&info);
    assert_eq!(info["bands"][0]["noDataValue"], 0.0);
    // Written again without them (--force): the old side-cars go.
    cut(&["--force"]);
    assert!(gdalinfo(&patch)["bands"][0]["categories"].is_null());
    assert!(!patch.with_extension("tif.aux.xml").exists());
    // Validation takes the side-car GDAL keeps the names in as part of the
    // patch: written once more with them.
    cut(&["--patch-sidecars", "--force"]);
    assert!(patch.with_extension("tif.aux.xml").exists());
    let v = multisenge(&[
        "validate",
        patches.to_str().unwrap(),
        "--select",
        "L",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_slice(&v.stdout).unwrap();
    let stray: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "L003")
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn disagreement_raster_is_a_white_to_red_ramp_with_nodata() {
    if !tool("gdalinfo", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path(), 2000);
    let like = like(dir.path(), 200);
    let out = dir.path().join("gr.tif");
    let o = multisenge(&[
        "generalize",
        "--source",
        src.to_str().unwrap(),
        "--like",
        like.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--fill-propagation-limit",
        "0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dis = dir.path().join("dis.tif");
    let o = multisenge(&[
        "compare",
        "--source",
        src.to_str().unwrap(),
        "--raster",
        out.to_str().unwrap(),
        "--disagreement",
        dis.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let info = gdalinfo(&dis);
    let band = &info["bands"][0];
    assert_eq!(band["noDataValue"], 255.0);
    let entries = band["colorTable"]["entries"].as_array().unwrap();
    assert_eq!(entries[0], serde_json::json!([255, 255, 255, 255]));
    assert_eq!(entries[50], serde_json::json!([255, 128, 128, 255]));
    assert_eq!(entries[100], serde_json::json!([255, 0, 0, 255]));
    assert_eq!(entries[255][3], 0);
}
