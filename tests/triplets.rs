//! `multisenge triplets` end to end, on the synthetic land cover
//! generalized over a 600 px corner of 31UGQ and THEIA-like and
//! S1-Tiling-like products over the same window: the region passes
//! `validate` with no error and no warning, `stats` counts exactly the
//! dates kept, the dates kept are those an independent choice with GDAL
//! and numpy keeps (`tests/oracles/triplet_dates.py`), each reason a patch
//! or a date is dropped is counted, and outputs are never overwritten
//! unless asked.

mod triplets_common;

use std::collections::BTreeSet;
use std::path::Path;

use gdal::Metadata;
use serde_json::Value;
use triplets_common::*;

fn report(out: &Path, extra: &[&str]) -> Value {
    let path = out.with_extension("json");
    let mut args = vec!["--report", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = triplets(out, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

fn json_of(args: &[&str]) -> (Value, i32) {
    // The validation cache in a temporary folder, not the user's.
    static CACHE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(|| tempfile::tempdir().unwrap());
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_multisenge"))
        .env("XDG_CACHE_HOME", cache.path())
        .args(args)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    (v, o.status.code().unwrap_or(-1))
}

/// The dates of every written patch, from the report: TILE_X_Y → (s2, s1).
fn dates_of(report: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for p in report["written"].as_array().unwrap() {
        let id = format!("{TILE}_{}_{}", p["x"], p["y"]);
        out.insert(id, serde_json::json!({"s2": p["s2"], "s1": p["s1"]}));
    }
    Value::Object(out)
}

#[test]
fn a_region_passes_validate_and_stats_counts_the_dates_kept() {
    let dir = tempfile::tempdir().unwrap();
    let ds = dir.path().join("region");
    let r = report(&ds, &[]);
    assert_eq!(r["patches"]["written"], 4, "{r:#}");

    // No error and no warning.
    let (v, code) = json_of(&["validate", "--format", "json", ds.to_str().unwrap()]);
    let serious: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "info")
        .collect();
    assert!(serious.is_empty(), "{serious:#?}");
    assert_eq!(code, 0);

    // stats counts exactly the dates kept per patch.
    let (stats, _) = json_of(&["stats", "--format", "json", ds.to_str().unwrap()]);
    let written = r["written"].as_array().unwrap();
    for (sensor, key) in [("s2", "sentinel2"), ("s1", "sentinel1")] {
        let files: usize = written
            .iter()
            .map(|p| p[sensor].as_array().unwrap().len())
            .sum();
        let dates: BTreeSet<&str> = written
            .iter()
            .flat_map(|p| {
                p[sensor]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d.as_str().unwrap())
            })
            .collect();
        assert_eq!(stats["total"][sensor]["files"], files, "{sensor}");
        assert_eq!(
            stats["total"][sensor]["distinct_dates"],
            dates.len(),
            "{sensor}"
        );
        assert_eq!(r[key]["patch_dates"]["kept"], files, "{sensor}");
        assert_eq!(r[key]["dates_kept"], dates.len(), "{sensor}");
        assert!(files > 4, "{sensor}: {files} files");
    }
    assert_eq!(stats["total"]["patches"], 4);

    // Each label file lists exactly the files written.
    let mut listed = BTreeSet::new();
    for label in names(&ds.join("labels")) {
        let l: Value =
            serde_json::from_slice(&std::fs::read(ds.join("labels").join(&label)).unwrap())
                .unwrap();
        for field in ["corresponding_s2", "corresponding_s1"] {
            listed.extend(l[field].as_str().unwrap().split(';').map(str::to_string));
        }
    }
    let on_disk: BTreeSet<String> = names(&ds.join("s2"))
        .into_iter()
        .chain(names(&ds.join("s1")))
        .collect();
    assert_eq!(listed, on_disk);

    // The dates kept are those of an independent choice (GDAL + numpy).
    if !python_ok() {
        return;
    }
    let f = fixture();
    let tile = multisenge::model::TileCode::parse(TILE).unwrap();
    let corner = multisenge::model::grid::TilingGrid::official()
        .get(&tile)
        .unwrap();
    let (ulx, uly) = (corner.ulx.to_string(), corner.uly.to_string());
    let oracle: Value = serde_json::from_str(&run_python(
        include_str!("oracles/triplet_dates.py"),
        &[
            f.gr.to_str().unwrap(),
            f.theia.to_str().unwrap(),
            f.s1.to_str().unwrap(),
            TILE,
            &ulx,
            &uly,
        ],
    ))
    .unwrap();
    assert_eq!(dates_of(&r), oracle["patches"]);
    for (sensor, key) in [("s2", "sentinel2"), ("s1", "sentinel1")] {
        for count in ["kept", "not_covered", "cloudy", "same_day"] {
            assert_eq!(
                r[key]["patch_dates"][count], oracle[sensor][count],
                "{sensor} {count}"
            );
        }
    }
    assert_eq!(r["patches"]["considered"], oracle["considered"]);
}

/// Cloudy products and cloudy or partly seen dates, per patch: the
/// scenario's product of 20200415 (37 % cloud cover) is dropped whole; that
/// of 20200520 is seen only on the west 60 % of the window, so the east
/// patches lose it; that of 20200619 has small clouds over patches (0, 0)
/// and (257, 257), which lose it. On 20200127 the descending acquisition is
/// seen only east of column 240: the west patches keep the ascending one
/// of that day, the east ones the descending one.
#[test]
fn cloudy_and_partly_covered_dates_are_dropped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let r = report(&dir.path().join("ds"), &[]);
    let d = dates_of(&r);
    let s2 = |id: &str| -> Vec<String> { serde_json::from_value(d[id]["s2"].clone()).unwrap() };
    assert!(!s2("31UGQ_0_0").contains(&"20200619".to_string()), "cloudy");
    assert!(s2("31UGQ_257_0").contains(&"20200619".to_string()));
    assert!(
        !s2("31UGQ_257_0").contains(&"20200520".to_string()),
        "partly seen"
    );
    assert!(s2("31UGQ_0_0").contains(&"20200520".to_string()));
    for id in ["31UGQ_0_0", "31UGQ_257_0", "31UGQ_0_257", "31UGQ_257_257"] {
        assert!(!s2(id).contains(&"20200415".to_string()), "cloudy product");
    }
    let s2c = &r["sentinel2"];
    assert_eq!(s2c["cloudy_products"][0]["date"], "20200415");
    assert_eq!(s2c["patch_dates"]["cloudy"], 2);
    assert_eq!(s2c["patch_dates"]["not_covered"], 2);
    assert_eq!(s2c["dates_dropped"], 1);
    let s1c = &r["sentinel1"]["patch_dates"];
    assert_eq!(
        (s1c["not_covered"].as_u64(), s1c["same_day"].as_u64()),
        (Some(2), Some(2))
    );
    // The same, date by date.
    assert_eq!(s2c["by_date"]["20200619"]["cloudy"], 2);
    assert_eq!(s2c["by_date"]["20200520"]["not_covered"], 2);
    assert_eq!(s2c["by_date"]["20200325"]["kept"], 4);
    assert_eq!(r["sentinel1"]["by_date"]["20200127"]["same_day"], 2);
    assert_eq!(r["sentinel1"]["by_date"]["20200127"]["kept"], 4);
    // One file per date: on 20200127 each patch has one Sentinel-1 file.
    assert_eq!(r["sentinel1"]["dates_kept"], 7);
    assert_eq!(r["sentinel1"]["acquisitions"], 8);
}

#[test]
fn patches_with_an_empty_ground_reference_pixel_are_dropped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    // The fixture's ground reference with one pixel of patch (257, 257) empty.
    let gr = dir.path().join("gr.tif");
    let f = fixture();
    let src = gdal::Dataset::open(&f.gr).unwrap();
    {
        let copy = src
            .create_copy(
                &gdal::DriverManager::get_driver_by_name("GTiff").unwrap(),
                &gr,
                &Default::default(),
            )
            .unwrap();
        let mut band = copy.rasterband(1).unwrap();
        let mut one = gdal::raster::Buffer::new((1, 1), vec![0u8]);
        band.write((300, 400), (1, 1), &mut one).unwrap();
    }
    let ds = dir.path().join("ds");
    let report_path = dir.path().join("r.json");
    let o = triplets_with(&gr, &ds, &["--report", report_path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let r: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(r["patches"]["empty_ground_reference"], 1);
    assert_eq!(r["patches"]["written"], 3);
    assert!(
        stderr(&o).contains("1 with an empty ground-reference pixel"),
        "{}",
        stderr(&o)
    );
    let leftovers: Vec<String> = ["ground_reference", "s2", "s1", "labels"]
        .iter()
        .flat_map(|k| names(&ds.join(k)))
        .filter(|n| n.ends_with("_257_257.tif") || n.ends_with("_257_257.json"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn patches_overlapping_another_dataset_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    // A published patch of the western neighbour 31UFQ: it covers columns
    // of 31UGQ's patches (0, 0) and (257, 0) (spatial::avoid's example).
    let other = dir.path().join("other/labels");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(
        other.join("31UFQ_10023_0.json"),
        r#"{"corresponding_s2": "", "corresponding_s1": "", "projection": "EPSG:32631", "labels": "6"}"#,
    )
    .unwrap();
    let ds = dir.path().join("ds");
    let r = report(
        &ds,
        &["--avoid", dir.path().join("other").to_str().unwrap()],
    );
    assert_eq!(r["patches"]["overlapping_other_tiles"], 2);
    assert_eq!(r["patches"]["written"], 2);
    assert_eq!(
        names(&ds.join("labels")),
        ["31UGQ_0_257.json", "31UGQ_257_257.json"]
    );
}

#[test]
fn patches_with_too_few_dates_are_not_written_and_leave_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let ds = dir.path().join("ds");
    // Patches keep 4 or 5 Sentinel-2 dates: those with 4 go.
    let r = report(&ds, &["--min-s2-dates", "5"]);
    let written = r["patches"]["written"].as_u64().unwrap();
    let dropped = r["patches"]["too_few_s2_dates"].as_u64().unwrap();
    assert!(
        written >= 1 && dropped >= 1 && written + dropped == 4,
        "{r:#}"
    );
    assert!(
        r["sentinel2"]["patch_dates"]["patch_not_written"]
            .as_u64()
            .unwrap()
            >= 4
    );
    let (v, code) = json_of(&["validate", "--format", "json", ds.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(names(&ds.join("labels")).len() as u64, written);
    assert_eq!(names(&ds.join("ground_reference")).len() as u64, written);
}

#[test]
fn outputs_are_kept_unless_resume_or_force() {
    let dir = tempfile::tempdir().unwrap();
    let ds = dir.path().join("ds");
    assert!(triplets(&ds, &[]).status.success());
    let before = names(&ds.join("s2"));
    let again = triplets(&ds, &[]);
    assert_eq!(again.status.code(), Some(2));
    let e = stderr(&again);
    assert!(
        e.contains("exists") && e.contains("--resume") && e.contains("--force"),
        "{e}"
    );
    // A complete run resumed writes nothing.
    let r = report(&ds, &["--resume"]);
    assert_eq!(r["files_written"], 0);
    assert_eq!(r["patches"]["already_complete"], 4);
    // --force rewrites, and removes the files of dates no longer kept.
    let r = report(
        &ds,
        &["--force", "--min-s1-dates", "1", "--max-cloud-cover", "0"],
    );
    assert_eq!(
        r["patches"]["written"], 0,
        "every product has a cloud cover of 0 % or more"
    );
    assert!(names(&ds.join("s2")).is_empty(), "{before:?}");
    assert!(names(&ds.join("labels")).is_empty());
}

#[test]
fn options_out_of_their_limits_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (args, message) in [
        (
            vec!["--max-cloud-cover", "101"],
            "'--max-cloud-cover <PERCENT>': `101`: expected a number from 0 to 100 %",
        ),
        (
            vec!["--max-cloudy-pixels=-1", "--resume"],
            "'--max-cloudy-pixels <PERCENT>': `-1`: expected a number from 0 to 100 %",
        ),
        (
            vec!["--min-s2-dates", "0"],
            "'--min-s2-dates <N>': `0`: expected a whole number from 1 to 366 dates",
        ),
        (
            vec!["--min-s1-dates", "2.5"],
            "'--min-s1-dates <N>': `2.5`: expected a whole number from 1 to 366 dates",
        ),
        (
            vec!["--same-day", "noon"],
            "`noon`: expected one of descending, ascending",
        ),
        (
            vec!["--resume", "--force"],
            "'--resume' cannot be used with '--force'",
        ),
    ] {
        let o = triplets(&dir.path().join("ds"), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(message), "{}", stderr(&o));
        assert!(!dir.path().join("ds").exists(), "nothing written");
    }
    // A triplets profile's keys have the same limits, named with the file
    // and the line.
    let config = dir.path().join("bad.toml");
    std::fs::write(
        &config,
        include_str!("../validators/triplets-paper.toml")
            .replace("max_cloud_cover = 10.0", "max_cloud_cover = 120.0"),
    )
    .unwrap();
    let o = triplets(
        &dir.path().join("ds"),
        &["--config", config.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("bad.toml, line ") && e.contains("max_cloud_cover = 120: expected 0 to 100"),
        "{e}"
    );
    assert!(!dir.path().join("ds").exists(), "nothing written");
}

/// The 20 m bands of the written patches against `gdalwarp -r cubic` of
/// the same band onto the 10 m grid, pixel by pixel, tolerance 0: with
/// 16-bit inputs and the two phases of the kernel (weights n/128) both
/// sums are exact, so they round alike (docs/triplets.md). The 10 m bands
/// are the source's pixels; band order, descriptions, type and nodata as
/// GDAL reads them back; Sentinel-1 in dB = 10 log10 of S1-Tiling's σ0.
#[test]
fn cubic_bands_equal_gdalwarp_and_bands_read_back_in_order() {
    if !python_ok() || !tool("gdalwarp", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ds = dir.path().join("ds");
    let o = triplets(&ds, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let f = fixture();
    let product = f
        .theia
        .join("SENTINEL2B_20200325-103818-460_L2A_T31UGQ_C_V2-2");
    let out = run_python(
        r#"
import json, os, subprocess, sys
import numpy as np
from osgeo import gdal
gdal.UseExceptions()
ds, product, s1, work = sys.argv[1:5]
name = os.path.basename(product)
order = ["B2", "B3", "B4", "B8", "B5", "B6", "B7", "B8A", "B11", "B12"]
warped = {}
for b in order[4:]:
    target = os.path.join(work, b + ".tif")
    subprocess.run(["gdalwarp", "-q", "-r", "cubic", "-tr", "10", "10",
                    os.path.join(product, f"{name}_SRE_{b}.tif"), target], check=True)
    warped[b] = gdal.Open(target)
checked, differ, max_diff = 0, 0, 0
for f in sorted(os.listdir(os.path.join(ds, "s2"))):
    if "_20200325_" not in f:
        continue
    p = gdal.Open(os.path.join(ds, "s2", f))
    assert p.RasterCount == 10, f
    gt = p.GetGeoTransform()
    for i, b in enumerate(order):
        band = p.GetRasterBand(i + 1)
        assert band.GetDescription() == b, (f, i, band.GetDescription())
        assert gdal.GetDataTypeName(band.DataType) == "Int16"
        assert band.GetNoDataValue() == -10000
        src = warped[b] if b in warped else gdal.Open(os.path.join(product, f"{name}_SRE_{b}.tif"))
        sgt = src.GetGeoTransform()
        assert sgt[1] == 10
        x, y = round((gt[0] - sgt[0]) / 10), round((sgt[3] - gt[3]) / 10)
        want = src.ReadAsArray(x, y, 256, 256).astype(np.int64)
        got = band.ReadAsArray().astype(np.int64)
        checked += got.size
        differ += int((got != want).sum())
        max_diff = max(max_diff, int(abs(got - want).max()))
s1_max = 0.0
for f in sorted(os.listdir(os.path.join(ds, "s1"))):
    if "_20200103_" not in f:
        continue
    p = gdal.Open(os.path.join(ds, "s1", f))
    gt = p.GetGeoTransform()
    for i, pol in enumerate(["VV", "VH"]):
        band = p.GetRasterBand(i + 1)
        assert band.GetDescription() == pol
        assert gdal.GetDataTypeName(band.DataType) == "Float32"
        src = gdal.Open(os.path.join(s1, f"s1a_31UGQ_{pol.lower()}_DES_037_20200103t054223.tif"))
        sgt = src.GetGeoTransform()
        x, y = round((gt[0] - sgt[0]) / 10), round((sgt[3] - gt[3]) / 10)
        want = 10 * np.log10(src.ReadAsArray(x, y, 256, 256).astype(np.float64))
        s1_max = max(s1_max, float(abs(band.ReadAsArray() - want).max()))
print(json.dumps({"checked": checked, "differ": differ, "max_diff": max_diff, "s1_max_db": s1_max}))
"#,
        &[
            ds.to_str().unwrap(),
            product.to_str().unwrap(),
            f.s1.to_str().unwrap(),
            dir.path().to_str().unwrap(),
        ],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    // Four patches × 10 bands × 65 536 pixels.
    assert_eq!(v["checked"], 4 * 10 * 65_536, "{v}");
    assert_eq!(
        (v["differ"].as_u64(), v["max_diff"].as_u64()),
        (Some(0), Some(0)),
        "{v}"
    );
    // Float32 rounding of values near −20 dB: a few 1e-6 dB.
    assert!(v["s1_max_db"].as_f64().unwrap() < 1e-4, "{v}");
}

/// The Sentinel-2 and Sentinel-1 bands are stacked in the dataset
/// profile's `band_names` order, which `validate`'s R010 and R011 check: a
/// profile with B8 and B5, and VV and VH, swapped gives files described in
/// that order, which pass `validate` with that profile and give one R010
/// per Sentinel-2 file and one R011 per Sentinel-1 file with the default
/// one.
#[test]
fn bands_follow_the_dataset_profiles_band_names_which_r010_and_r011_check() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("swapped.toml");
    let default = include_str!("../validators/multisenge.toml");
    let paper = r#"band_names = ["B2", "B3", "B4", "B8", "B5","#;
    assert!(default.contains(paper));
    let s1 = r#"band_names = ["VV", "VH"]"#;
    assert!(default.contains(s1));
    std::fs::write(
        &profile,
        default
            .replace(paper, r#"band_names = ["B2", "B3", "B4", "B5", "B8","#)
            .replace(s1, r#"band_names = ["VH", "VV"]"#),
    )
    .unwrap();
    let ds = dir.path().join("ds");
    let o = triplets(&ds, &["--profile", profile.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s2 = names(&ds.join("s2"));
    let first = gdal::Dataset::open(ds.join("s2").join(&s2[0])).unwrap();
    let described: Vec<String> = (1..=10)
        .map(|b| first.rasterband(b).unwrap().description().unwrap())
        .collect();
    assert_eq!(
        described,
        ["B2", "B3", "B4", "B5", "B8", "B6", "B7", "B8A", "B11", "B12"]
    );
    let s1 = names(&ds.join("s1"));
    let first = gdal::Dataset::open(ds.join("s1").join(&s1[0])).unwrap();
    let described: Vec<String> = (1..=2)
        .map(|b| first.rasterband(b).unwrap().description().unwrap())
        .collect();
    assert_eq!(described, ["VH", "VV"]);
    // Findings of R010 and R011, with the custom profile, then the default.
    let counts = |extra: &[&str]| -> (usize, usize) {
        let mut args = vec!["validate", "--format", "json", ds.to_str().unwrap()];
        args.extend_from_slice(extra);
        let (v, _) = json_of(&args);
        let findings = v["findings"].as_array().unwrap();
        let count = |code: &str| findings.iter().filter(|f| f["code"] == code).count();
        (count("R010"), count("R011"))
    };
    assert_eq!(counts(&["--profile", profile.to_str().unwrap()]), (0, 0));
    assert_eq!(counts(&[]), (s2.len(), s1.len()));
}

/// The QGIS plugin's job (`multisenge run triplets`): progress as JSON
/// lines, the same region as the command, its patch count as a result.
#[test]
fn the_backend_job_writes_the_same_region_as_the_command() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let (cli, job) = (dir.path().join("cli"), dir.path().join("job"));
    assert!(triplets(&cli, &[]).status.success());
    let params = serde_json::json!({
        "TILE": TILE,
        "GROUND_REFERENCE": f.gr,
        "S2": f.theia,
        "S1": f.s1,
        "OUTPUT": job,
        "REPORT": dir.path().join("job.json"),
    });
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_multisenge"))
        .args(["run", "triplets", "--params", &params.to_string()])
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(o.status.success(), "{lines:?} {}", stderr(&o));
    assert!(lines.iter().any(|l| l["progress"] == 100.0), "{lines:?}");
    let result = &lines.last().unwrap()["result"];
    assert_eq!(result["PATCHES"], 4, "{lines:?}");
    for kind in ["ground_reference", "s2", "s1", "labels"] {
        assert_eq!(names(&cli.join(kind)), names(&job.join(kind)), "{kind}");
    }
    for label in names(&cli.join("labels")) {
        let read = |root: &Path| std::fs::read(root.join("labels").join(&label)).unwrap();
        assert!(read(&cli) == read(&job), "{label}");
    }
    // Outputs exist: without RESUME (or --force) the job refuses; with
    // RESUME it has nothing to write.
    let mut params = params;
    params.as_object_mut().unwrap().remove("REPORT");
    let again = |params: &Value| {
        std::process::Command::new(env!("CARGO_BIN_EXE_multisenge"))
            .args(["run", "triplets", "--params", &params.to_string()])
            .output()
            .unwrap()
    };
    let refused = again(&params);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stdout).contains("--resume"));
    params["RESUME"] = true.into();
    let resumed = again(&params);
    assert!(resumed.status.success());
    assert!(String::from_utf8_lossy(&resumed.stdout).contains("4 already complete"));
}

#[test]
fn help() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_multisenge"))
        .args(["triplets", "--help"])
        .output()
        .unwrap();
    insta::assert_snapshot!("triplets_help", String::from_utf8_lossy(&o.stdout));
}
