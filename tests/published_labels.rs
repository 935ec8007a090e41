//! The real published label files (../shared/data/multisenge-labels-sample,
//! 126 files of tiles 32UMU and 31UER) validate cleanly in labels-only mode.

mod common;

use std::path::PathBuf;

fn published() -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/multisenge-labels-sample");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} is absent (the published labels are not bundled)",
            dir.display()
        );
        None
    }
}

#[test]
fn published_labels_have_no_naming_reference_or_content_finding() {
    let Some(dir) = published() else { return };
    let (report, code) = common::validate_json(&dir, &["--labels-only", "--fail-on", "info"]);
    assert_eq!(common::code_paths(&report), vec![]);
    assert_eq!(code, 0);
    assert_eq!(report["mode"], "labels-only");
    let summary = &report["summary"];
    assert_eq!(summary["patches"], 126);
    assert_eq!(summary["files"]["labels"], 126);
    // Counted independently of the tool's label-file reader.
    let (mut s2, mut s1) = (0, 0);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
        s2 += value["corresponding_s2"]
            .as_str()
            .unwrap()
            .split(';')
            .count();
        s1 += value["corresponding_s1"]
            .as_str()
            .unwrap()
            .split(';')
            .count();
    }
    assert_eq!(
        (s2, s1),
        (630, 17_430),
        "the published sample as documented"
    );
    // No two published patches overlap (S001, S002 ran on grid footprints).
    assert_eq!(summary["overlaps"]["pairs"], 0);
    assert_eq!(summary["listed"]["s2"], s2);
    assert_eq!(summary["listed"]["s1"], s1);
}

#[test]
fn labels_only_mode_is_automatic_for_a_folder_of_label_files() {
    let Some(dir) = published() else { return };
    let (report, _) = common::validate_json(&dir, &[]);
    assert_eq!(report["mode"], "labels-only");
    assert_eq!(report["summary"]["patches"], 126);
}
