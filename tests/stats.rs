//! `multisenge stats` agrees with counts made independently from the files
//! (a Python count of the label files, GDAL + numpy for the pixels), its
//! three formats carry the same figures, and its text output is what a
//! release note needs.

mod common;
#[path = "generalize_common/mod.rs"]
mod generalize_common;

use std::path::Path;

use generalize_common::{run_python, tool};
use serde_json::Value;

fn stats_json(dataset: &Path) -> Value {
    let output = common::multisenge()
        .args(["stats", "--format", "json"])
        .arg(dataset)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The figures of one tile (or `all`) in the stats JSON.
fn tile<'a>(stats: &'a Value, name: &str) -> &'a Value {
    if name == "all" {
        return &stats["total"];
    }
    stats["tiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tile"] == name)
        .unwrap_or_else(|| panic!("tile {name} missing"))
}

#[test]
fn stats_on_published_labels_match_an_independent_count() {
    let Some(dir) = common::published_labels() else {
        return;
    };
    if !tool("/usr/bin/python3", &["-c", "import json"]) {
        return;
    }
    let script = include_str!("oracles/label_stats.py");
    let expected: Value =
        serde_json::from_str(&run_python(script, &[dir.to_str().unwrap()])).unwrap();
    let stats = stats_json(&dir);
    let expected = expected.as_object().unwrap();
    assert_eq!(stats["tiles"].as_array().unwrap().len() + 1, expected.len());
    for (name, want) in expected {
        let got = tile(&stats, name);
        assert_eq!(got["patches"], want["patches"], "{name}");
        for sensor in ["s2", "s1"] {
            assert_eq!(got[sensor], want[sensor], "{name} {sensor}");
        }
        for class in got["classes"].as_array().unwrap() {
            let key = class["value"].to_string();
            let n = want["classes"].get(&key).cloned().unwrap_or(Value::from(0));
            assert_eq!(class["patches"], n, "{name} class {key}");
            assert_eq!(class["pixels"], Value::Null, "labels-only has no pixels");
        }
    }
    // The issue's example: 1 428 Sentinel-1 files in January, 20 dates.
    let january = &stats["total"]["s1"]["months"]["2020-01"];
    assert_eq!(
        (&january["files"], &january["distinct_dates"]),
        (&Value::from(1428), &Value::from(20))
    );
}

#[test]
fn pixel_counts_match_gdal_and_numpy() {
    if !generalize_common::python_ok() {
        return;
    }
    let root = common::sample().join("valid");
    let script = r#"
import glob, json, os, sys
import numpy
from osgeo import gdal
counts = {}
for path in sorted(glob.glob(os.path.join(sys.argv[1], "ground_reference", "*.tif"))):
    tile = os.path.basename(path).split("_")[0]
    raster = gdal.Open(path)  # kept alive: a band outliving its dataset crashes
    values = raster.GetRasterBand(1).ReadAsArray()
    h = numpy.bincount(values.ravel(), minlength=256)
    for t in (tile, "all"):
        counts[t] = counts.get(t, numpy.zeros(256, dtype=numpy.int64)) + h
print(json.dumps({t: [int(v) for v in c] for t, c in counts.items()}))
"#;
    let expected: Value =
        serde_json::from_str(&run_python(script, &[root.to_str().unwrap()])).unwrap();
    let stats = stats_json(&root);
    for (name, counts) in expected.as_object().unwrap() {
        let got = tile(&stats, name);
        let mut in_classes = 0;
        for class in got["classes"].as_array().unwrap() {
            let value = class["value"].as_u64().unwrap() as usize;
            assert_eq!(class["pixels"], counts[value], "{name} class {value}");
            in_classes += counts[value].as_u64().unwrap();
        }
        let all: u64 = counts
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert_eq!(got["pixels_outside_class_table"], all - in_classes);
        assert!(all > 0);
    }
    assert_eq!(stats["total"]["ground_reference_rasters"], 6);
}

#[test]
fn csv_rows_are_the_json_figures() {
    let root = common::sample().join("valid");
    let stats = stats_json(&root);
    let output = common::run(&["stats", "--format", "csv", root.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let text = common::stdout(&output);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("tile,sensor,month,class,measure,value"));
    let mut checked = 0;
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let [tile_name, sensor, month, class, measure, value] = f[..] else {
            panic!("not six fields: {line}");
        };
        let t = tile(&stats, tile_name);
        let want = match (sensor, month, class, measure) {
            ("", "", "", "patches") => t["patches"].clone(),
            (s, "", "", "listed_names") => stats["listed_names"][s].clone(),
            (s, "", "", "files_on_disk") => stats["files_on_disk"][s].clone(),
            (s, "", "", m) => t[s][m].clone(),
            (s, m, "", measure) => t[s]["months"][m][measure].clone(),
            ("", "", c, measure) => t["classes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["value"].as_u64().map(|v| v.to_string()).as_deref() == Some(c))
                .unwrap()[measure]
                .clone(),
            _ => panic!("unexpected row {line}"),
        };
        let want = match want {
            Value::String(s) => s,
            other => other.to_string(),
        };
        assert_eq!(value, want, "{line}");
        checked += 1;
    }
    assert!(checked > 100, "{checked} rows");
}

#[test]
fn output_file_is_written_whole_and_bad_options_are_usage_errors() {
    let root = common::sample().join("valid");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stats.json");
    let output = common::run(&[
        "stats",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
        root.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let written: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(written, stats_json(&root));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    let bad = common::run(&["stats", "--format", "xml", root.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(common::stderr(&bad).contains("text, json, csv"));
    let missing = common::run(&["stats", "/nonexistent/dataset"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(common::stderr(&missing).contains("/nonexistent/dataset"));
}

#[test]
fn stats_text_on_the_valid_sample() {
    let root = common::sample().join("valid");
    let output = common::multisenge()
        .arg("stats")
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = common::stdout(&output).replace(common::sample().to_str().unwrap(), "[SAMPLE]");
    insta::assert_snapshot!("stats_valid", text);
}

#[test]
fn stats_text_on_the_published_labels() {
    let Some(dir) = common::published_labels() else {
        return;
    };
    let output = common::run(&["stats", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let text = common::stdout(&output).replace(dir.to_str().unwrap(), "[LABELS]");
    insta::assert_snapshot!("stats_published_labels", text);
}

#[test]
fn pixels_are_counted_even_when_no_rule_reads_them() {
    // A profile running only the naming rules: the raster pass would read
    // no pixel for validation, but `stats` still asks for the histogram.
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("naming-only.toml");
    let default = include_str!("../validators/multisenge.toml");
    std::fs::write(
        &profile,
        default.replace("select = [\"ALL\"]", "select = [\"N\"]"),
    )
    .unwrap();
    assert_ne!(std::fs::read_to_string(&profile).unwrap(), default);
    let root = common::sample().join("valid");
    let output = common::multisenge()
        .args(["stats", "--format", "json", "--profile"])
        .arg(&profile)
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    let with_naming_only: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(with_naming_only["total"], stats_json(&root)["total"]);
    assert_eq!(with_naming_only["total"]["ground_reference_rasters"], 6);
}

#[test]
fn a_defective_dataset_still_gets_its_figures_and_its_finding_count() {
    let root = common::sample().join("defective");
    let stats = stats_json(&root);
    assert!(stats["findings"].as_u64().unwrap() > 10);
    assert!(stats["total"]["patches"].as_u64().unwrap() > 0);
    // Names failing a naming rule are listed but not counted as files.
    assert!(stats["listed_names"]["s2"].as_u64() > stats["total"]["s2"]["files"].as_u64());
}
