//! `generalize --patches DIR [--avoid DATASET]` never writes patches that
//! overlap: not each other (one tile on the 257-pixel grid), not patches of
//! other tiles already in DIR or in DATASET.

#![allow(clippy::needless_range_loop)]

mod generalize_common;

use std::path::Path;

use generalize_common::*;

const PIXELS: usize = 600;

/// A label file in the published layout (its content does not matter for
/// placing the patch).
fn label(dir: &Path, name: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join(name),
        r#"{"corresponding_s2": "", "corresponding_s1": "", "projection": "EPSG:32631", "labels": "6"}"#,
    )
    .unwrap();
}

/// Generalizes the synthetic source over a 600 px corner of 31UGQ into
/// patches in `ds`.
fn run_generalize(dir: &Path, ds: &Path, extra: &[&str]) -> std::process::Output {
    let src = source(dir, 6000);
    let like = like(dir, PIXELS);
    let mut args = vec![
        "generalize",
        "--source",
        src.to_str().unwrap(),
        "--like",
        like.to_str().unwrap(),
        "--tile",
        TILE,
        "--patches",
        ds.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    multisenge(&args)
}

/// The label files of TILE written, and standard error.
fn generalize(dir: &Path, ds: &Path, extra: &[&str]) -> (Vec<String>, String) {
    let o = run_generalize(dir, ds, extra);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(ds.join("labels"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(TILE))
        .collect();
    names.sort();
    (names, stderr(&o))
}

/// S001/S002 findings of a labels-only validation of `dir`.
fn overlaps_in(dir: &Path) -> usize {
    let o = multisenge(&[
        "validate",
        dir.to_str().unwrap(),
        "--labels-only",
        "--select",
        "S",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    report["summary"]["overlaps"]["pairs"].as_u64().unwrap() as usize
}

#[test]
fn one_tile_alone_writes_no_overlapping_patches() {
    let dir = tempfile::tempdir().unwrap();
    let ds = dir.path().join("ds");
    let (names, err) = generalize(dir.path(), &ds, &[]);
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(!err.contains("skipped"), "{err}");
    assert_eq!(overlaps_in(&ds.join("labels")), 0);
}

#[test]
fn patches_over_other_tiles_in_the_target_or_avoided_dataset_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let ds = dir.path().join("ds");
    // Already in the target: 31UFQ_10023_257 covers columns 27–282 of
    // 31UGQ's rows 257–512, i.e. parts of 31UGQ_0_257 and 31UGQ_257_257.
    label(&ds.join("labels"), "31UFQ_10023_257.json");
    // In another dataset: 31UFR_9766_9766's south-east corner covers
    // 260 m × 200 m of 31UGQ_0_0.
    let other = dir.path().join("published");
    label(&other, "31UFR_9766_9766.json");
    let (names, err) = generalize(dir.path(), &ds, &["--avoid", other.to_str().unwrap()]);
    assert_eq!(names, ["31UGQ_257_0.json"]);
    assert!(err.contains("patches: 3 skipped"), "{err}");
    // The target folder, with the neighbour's patch, holds no overlap.
    assert_eq!(overlaps_in(&ds.join("labels")), 0);
    // Without --avoid the 31UFR overlap is written.
    let again = dir.path().join("again");
    label(&again.join("labels"), "31UFQ_10023_257.json");
    let (names, _) = generalize(dir.path(), &again, &[]);
    assert_eq!(names, ["31UGQ_0_0.json", "31UGQ_257_0.json"]);
    std::fs::copy(
        other.join("31UFR_9766_9766.json"),
        again.join("labels/31UFR_9766_9766.json"),
    )
    .unwrap();
    assert_eq!(overlaps_in(&again.join("labels")), 1);
}

#[test]
fn a_missing_avoid_dataset_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let ds = dir.path().join("ds");
    let o = run_generalize(dir.path(), &ds, &["--avoid", "/nonexistent/dataset"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("/nonexistent/dataset"),
        "{}",
        stderr(&o)
    );
}
