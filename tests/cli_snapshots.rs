//! What users see: `--help`, the rule listing, and the reports on the
//! defective sample. Review every change to these snapshots.

mod common;

use common::{run, sample, stdout};

fn help(args: &[&str]) -> String {
    let output = run(args);
    assert_eq!(output.status.code(), Some(0), "{args:?}");
    stdout(&output)
}

#[test]
fn help_texts() {
    insta::assert_snapshot!("help", help(&["--help"]));
    insta::assert_snapshot!("validate_help", help(&["validate", "--help"]));
    insta::assert_snapshot!("rules_help", help(&["rules", "--help"]));
}

#[test]
fn rule_listing_and_one_rule() {
    insta::assert_snapshot!("rules", help(&["rules"]));
    insta::assert_snapshot!("rules_n005", help(&["rules", "N005"]));
    let unknown = run(&["rules", "N9"]);
    assert_eq!(unknown.status.code(), Some(2));
    insta::assert_snapshot!("rules_unknown", common::stderr(&unknown));
}

/// A report with the sample's temporary location replaced by `[SAMPLE]`.
fn report(dataset: &str, format: &str) -> String {
    let root = sample().join(dataset);
    let output = common::multisenge()
        .args(["validate", "--format", format])
        .arg(&root)
        .output()
        .unwrap();
    stdout(&output).replace(sample().to_str().unwrap(), "[SAMPLE]")
}

#[test]
fn text_report_of_the_defective_sample() {
    insta::assert_snapshot!("defective_text", report("defective", "text"));
    insta::assert_snapshot!("valid_text", report("valid", "text"));
}

#[test]
fn json_report_of_the_defective_sample() {
    insta::assert_snapshot!("defective_json", report("defective", "json"));
}

#[test]
fn colour_only_when_asked() {
    let plain = report("defective", "text");
    assert!(!plain.contains('\u{1b}'));
    let output = common::multisenge()
        .args(["validate", "--color", "always"])
        .arg(sample().join("defective"))
        .output()
        .unwrap();
    assert!(stdout(&output).contains("\u{1b}["));
}

#[test]
fn output_file_is_written_and_exit_code_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let output = common::multisenge()
        .args(["validate", "--format", "json", "--output"])
        .arg(&out)
        .arg(sample().join("defective"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(report["schema_version"], 1);
    // Readable by others like any file a program writes (the temporary file
    // it is renamed from is created private).
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&out).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o644, "{mode:o}");
    // Only the report is left in the folder: no temporary file.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
