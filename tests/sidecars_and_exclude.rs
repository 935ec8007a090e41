//! Files GDAL and QGIS write beside rasters are part of them, not stray
//! files; `--exclude` and the profile's `[layout] exclude` skip other paths.

mod common;

use std::path::Path;

use common::{code_paths, sample, validate_json};

fn copy_valid(to: &Path) -> std::path::PathBuf {
    let dest = to.join("valid");
    common::copy_tree(&sample().join("valid"), &dest);
    dest
}

#[test]
fn sidecars_of_present_rasters_are_recognised_orphans_are_stray() {
    let dir = tempfile::tempdir().unwrap();
    let root = copy_valid(dir.path());
    let gr = root.join("ground_reference");
    let s2 = std::fs::read_dir(root.join("s2"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".tif"))
        .unwrap();
    for name in [
        "31UGQ_GR_0_0.tif.aux.xml",
        "31UGQ_GR_0_0.tif.ovr",
        "31UGQ_GR_0_0.tif.msk",
        "31UGQ_GR_0_0.qml",
        "31UGQ_GR_0_257.tif.qml",
    ] {
        std::fs::write(gr.join(name), "x").unwrap();
    }
    std::fs::write(root.join("s2").join(format!("{s2}.aux.xml")), "x").unwrap();
    let (report, code) = validate_json(&root, &[]);
    assert_eq!(code_paths(&report), vec![]);
    assert_eq!(code, 0);

    // A side-car whose raster is not there is a stray file.
    std::fs::write(gr.join("31UGQ_GR_9766_9766.tif.aux.xml"), "x").unwrap();
    let (report, _) = validate_json(&root, &[]);
    assert_eq!(
        code_paths(&report),
        vec![(
            "L003".to_string(),
            "ground_reference/31UGQ_GR_9766_9766.tif.aux.xml".to_string()
        )]
    );
}

#[test]
fn excluded_paths_are_not_looked_at() {
    let dir = tempfile::tempdir().unwrap();
    let root = copy_valid(dir.path());
    std::fs::create_dir(root.join("scratch")).unwrap();
    std::fs::write(root.join("s2/notes.bak"), "x").unwrap();
    std::fs::write(root.join("labels/old.bak"), "x").unwrap();
    let (report, _) = validate_json(&root, &[]);
    assert_eq!(
        code_paths(&report),
        vec![
            ("L002".to_string(), "scratch".to_string()),
            ("L003".to_string(), "labels/old.bak".to_string()),
            ("L003".to_string(), "s2/notes.bak".to_string()),
        ]
    );
    let (report, code) = validate_json(&root, &["--exclude", "scratch", "--exclude", "*.bak"]);
    assert_eq!(code_paths(&report), vec![]);
    assert_eq!(code, 0);
    // The same from the profile, with a folder-limited pattern.
    let profile = dir.path().join("profile.toml");
    let text = multisenge::profile::DEFAULT_PROFILE
        .replace("exclude = []", "exclude = [\"scratch/\", \"s2/*.bak\"]");
    assert_ne!(text, multisenge::profile::DEFAULT_PROFILE);
    std::fs::write(&profile, text).unwrap();
    let (report, _) = validate_json(&root, &["--profile", profile.to_str().unwrap()]);
    assert_eq!(
        code_paths(&report),
        vec![("L003".to_string(), "labels/old.bak".to_string())]
    );
}

/// A folder of more names than the scan lists at once (32 768) and judges
/// in one chunk (2 048): each name is judged as if alone. The expected
/// findings are built here name by name: a well-formed label name is a
/// dataset file, read (empty, so J001); a position off the patch grid is
/// N005 and a name of no nomenclature N001, neither read.
#[test]
fn every_name_of_a_folder_larger_than_a_batch_is_judged_as_if_alone() {
    let dir = tempfile::tempdir().unwrap();
    let labels = dir.path().join("labels");
    std::fs::create_dir(&labels).unwrap();
    let mut expected = Vec::new();
    let mut good = 0;
    for i in 0..34_000u32 {
        let (x, y) = (i % 200 * 257, i / 200 * 257);
        let (name, code) = match i % 101 {
            7 => (format!("31TFN_{}_{y}.json", x + 1), "N005"),
            50 => (format!("notes {i}.json"), "N001"),
            _ => {
                good += 1;
                (format!("31TFN_{x}_{y}.json"), "J001")
            }
        };
        std::fs::write(labels.join(&name), "").unwrap();
        expected.push((code.to_string(), format!("labels/{name}")));
    }
    expected.sort();
    let (report, code) = validate_json(
        dir.path(),
        &["--labels-only", "--no-cache", "--select", "N001,N005,J001"],
    );
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["files"]["labels"], good);
    assert_eq!(report["summary"]["files"]["other"], 34_000 - good);
    assert!(code_paths(&report) == expected, "findings differ");
}
