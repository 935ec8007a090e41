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
