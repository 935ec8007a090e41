//! `multisenge select`: the selection agrees with an independent Python
//! implementation (tests/oracles/select_patches.py) on the published label
//! files and on random label files; options are checked; outputs and help
//! are snapshots.

mod common;
#[path = "generalize_common/mod.rs"]
mod generalize_common;

use std::path::Path;

use generalize_common::{run_python, tool};
use serde_json::{json, Value};

/// Criteria as the oracle reads them, and the same as command-line options.
fn cases() -> Vec<(Value, Vec<&'static str>)> {
    vec![
        (json!({}), vec![]),
        (json!({"min_s2_dates": 10}), vec!["--min-s2-dates", "10"]),
        (json!({"min_s1_dates": 30}), vec!["--min-s1-dates", "30"]),
        (
            json!({"periods": ["20200301-20200531", "20200801-20200930"], "min_s1_per_period": 5}),
            vec![
                "--period",
                "20200301-20200531",
                "--period",
                "20200801-20200930",
                "--min-s1-per-period",
                "5",
            ],
        ),
        (
            json!({"months": ["202006", "202009"], "s2_min_gap_days": 20, "s1_nearest": true, "s1_max_offset_days": 3}),
            vec![
                "--month",
                "202006",
                "--month",
                "202009",
                "--s2-min-gap",
                "20",
                "--s1-nearest",
                "--s1-max-offset",
                "3",
            ],
        ),
        (
            json!({"s2_min_gap_days": 30, "min_s2_dates": 4, "s1_nearest": true}),
            vec!["--s2-min-gap", "30", "--min-s2-dates", "4", "--s1-nearest"],
        ),
        (
            json!({"periods": ["20200601-20200630"], "months": ["202009"], "min_s2_per_period": 2, "min_s1_per_month": 3, "min_s2_per_month": 0}),
            vec![
                "--period",
                "20200601-20200630",
                "--month",
                "202009",
                "--min-s2-per-period",
                "2",
                "--min-s1-per-month",
                "3",
                "--min-s2-per-month",
                "0",
            ],
        ),
        (
            json!({"s2_min_gap_days": 100000}),
            vec!["--s2-min-gap", "100000"],
        ),
        (
            json!({"periods": ["20200315-20200315"], "min_s2_per_period": 0, "min_s1_per_period": 1}),
            vec![
                "--period",
                "20200315-20200315",
                "--min-s2-per-period",
                "0",
                "--min-s1-per-period",
                "1",
            ],
        ),
    ]
}

fn select_json(dir: &Path, args: &[&str]) -> Value {
    let output = common::multisenge()
        .arg("select")
        .arg(dir)
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Runs every case through `multisenge select` and the oracle; returns how
/// many patches each case selected.
fn compare_with_oracle(dir: &Path) -> Vec<usize> {
    let mut counts = Vec::new();
    for (criteria, args) in cases() {
        let oracle: Value = serde_json::from_str(&run_python(
            include_str!("oracles/select_patches.py"),
            &[dir.to_str().unwrap(), &criteria.to_string()],
        ))
        .unwrap();
        let ours = select_json(dir, &args);
        assert_eq!(ours["considered"], oracle["considered"], "{args:?}");
        let expected = oracle["selected"].as_object().unwrap();
        let got = ours["patches"].as_array().unwrap();
        assert_eq!(got.len(), expected.len(), "{args:?}");
        for p in got {
            let id = p["id"].as_str().unwrap();
            let want = &expected[id];
            assert_eq!(p["s2_dates"], want["s2"], "{id} {args:?}");
            assert_eq!(p["s1_dates"], want["s1"], "{id} {args:?}");
        }
        let rejected: u64 = ours["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["patches"].as_u64().unwrap())
            .sum();
        assert_eq!(
            rejected as usize + got.len(),
            ours["considered"].as_u64().unwrap() as usize
        );
        counts.push(got.len());
    }
    counts
}

#[test]
fn selection_on_published_labels_matches_the_oracle() {
    let Some(dir) = common::published_labels() else {
        return;
    };
    if !tool("/usr/bin/python3", &["-c", "import json"]) {
        return;
    }
    let counts = compare_with_oracle(&dir);
    assert!(counts.iter().any(|&n| n > 0 && n < 126), "{counts:?}");
}

/// A deterministic pseudo-random label folder: varied dates per patch over
/// 2020 and early 2021 (leap day included), repeated names.
fn random_labels(dir: &Path, patches: u32) {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    for i in 0..patches {
        let (x, y) = (257 * (i % 40), 257 * (i / 40));
        let names = |sensor: &str, max: u64, next: &mut dyn FnMut(u64) -> u64| {
            // At least one name: an empty list is a defect of its own (J004).
            let count = 1 + next(max);
            (0..count)
                .map(|_| {
                    // Days 0..=425 from 2020-01-01, through 2021-03-01.
                    let day = next(426) as i64;
                    let date = date_from_day(day);
                    format!("31UER_{date}_{sensor}_{x}_{y}.tif")
                })
                .collect::<Vec<_>>()
                .join(";")
        };
        let s2 = names("S2", 20, &mut next);
        let s1 = names("S1", 40, &mut next);
        let label = json!({
            "corresponding_s2": s2,
            "corresponding_s1": s1,
            "projection": "EPSG:32631",
            "labels": "6",
        });
        std::fs::write(dir.join(format!("31UER_{x}_{y}.json")), label.to_string()).unwrap();
    }
}

/// `YYYYMMDD` of the day `n` days after 2020-01-01.
fn date_from_day(mut n: i64) -> String {
    let mut year = 2020;
    loop {
        for (month, days) in [
            31,
            if year == 2020 { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ]
        .into_iter()
        .enumerate()
        {
            if n < days {
                return format!("{year}{:02}{:02}", month + 1, n + 1);
            }
            n -= days;
        }
        year += 1;
    }
}

#[test]
fn selection_on_random_labels_matches_the_oracle() {
    if !tool("/usr/bin/python3", &["-c", "import json"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    random_labels(dir.path(), 400);
    let counts = compare_with_oracle(dir.path());
    // The cases are not trivial: most select some patches but not all.
    let partial = counts.iter().filter(|&&n| n > 0 && n < 400).count();
    assert!(partial >= 6, "{counts:?}");
}

#[test]
fn a_dataset_and_its_labels_folder_give_the_same_selection() {
    let root = common::sample().join("valid");
    let args = ["--month", "202007", "--s1-nearest", "--list", "files"];
    let mut full = select_json(&root, &args);
    let mut labels = select_json(&root.join("labels"), &args);
    assert_eq!(full["mode"], "full");
    assert_eq!(labels["mode"], "labels-only");
    for v in [&mut full, &mut labels] {
        v["root"] = Value::Null;
        v["mode"] = Value::Null;
    }
    assert_eq!(full, labels);
    // Every listed file exists in the dataset.
    let patches = full["patches"].as_array().unwrap();
    assert_eq!(patches.len(), 6);
    for p in patches {
        let mut paths = vec![&p["label"], &p["ground_reference"]];
        paths.extend(p["s2"].as_array().unwrap());
        paths.extend(p["s1"].as_array().unwrap());
        for path in paths {
            assert!(root.join(path.as_str().unwrap()).is_file(), "{path}");
        }
    }
}

#[test]
fn unusable_label_files_are_named_and_the_others_selected() {
    let dir = tempfile::tempdir().unwrap();
    random_labels(dir.path(), 5);
    std::fs::write(dir.path().join("31UER_0_257.json"), "{not json").unwrap();
    std::fs::write(
        dir.path().join("31UER_0_514.json"),
        json!({"corresponding_s2": "31UER_20201345_S2_0_514.tif",
               "corresponding_s1": "31UER_20200101_S1_0_514.tif",
               "projection": "", "labels": "6"})
        .to_string(),
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.json"), "{}").unwrap();
    let output = common::run(&["select", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = common::stderr(&output);
    let stderr = stderr.replace(dir.path().to_str().unwrap(), "[DIR]");
    insta::assert_snapshot!("select_skipped_stderr", stderr);
    assert_eq!(common::stdout(&output).lines().count(), 5);
}

#[test]
fn invalid_options_are_usage_errors_with_a_message() {
    let root = common::sample().join("valid");
    let root = root.to_str().unwrap();
    let mut messages = String::new();
    for args in [
        &["--period", "20201345-20201401"][..],
        &["--period", "20200531-20200301"],
        &["--period", "2020-03-01"],
        &["--month", "202013"],
        &["--month", "2020"],
        &["--min-s2-dates", "-1"],
        &["--min-s1-dates", "99999999999"],
        &["--s2-min-gap", "NaN"],
        &["--s2-min-gap", "1.5"],
        &["--min-s2-per-period", "2"],
        &["--min-s1-per-month", "1"],
        &["--s1-max-offset", "3"],
        &["--list", "paths"],
        &["--format", "xml"],
    ] {
        let output = common::multisenge()
            .arg("select")
            .arg(root)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty());
        let first = common::stderr(&output).lines().next().unwrap().to_string();
        messages += &format!("{}\n  {first}\n", args.join(" "));
    }
    insta::assert_snapshot!("select_usage_errors", messages);
    let missing = common::run(&["select", "/nonexistent/labels"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(common::stderr(&missing).contains("/nonexistent/labels"));
    let empty = tempfile::tempdir().unwrap();
    let nothing = common::run(&["select", empty.path().to_str().unwrap()]);
    assert_eq!(nothing.status.code(), Some(2));
    assert!(common::stderr(&nothing).contains("cannot list the label files"));
}

#[test]
fn output_file_and_formats() {
    let root = common::sample().join("valid");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("selection.csv");
    let output = common::multisenge()
        .arg("select")
        .arg(&root)
        .args(["--month", "202007", "--s1-nearest", "--list", "files"])
        .args(["--format", "csv", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let csv = std::fs::read_to_string(&out).unwrap();
    insta::assert_snapshot!("select_files_csv", csv);
    let ids = common::multisenge()
        .arg("select")
        .arg(&root)
        .args(["--min-s1-dates", "4", "--format", "csv"])
        .output()
        .unwrap();
    insta::assert_snapshot!("select_ids_csv", common::stdout(&ids));
    let text = common::multisenge()
        .arg("select")
        .arg(&root)
        .args(["--period", "20200301-20200331", "--list", "files"])
        .output()
        .unwrap();
    insta::assert_snapshot!("select_files_text", common::stdout(&text));
}

#[test]
fn json_on_published_labels() {
    let Some(dir) = common::published_labels() else {
        return;
    };
    // The months case of `cases()`, with the triplets' files.
    let mut args = cases()[4].1.clone();
    args.extend(["--list", "files"]);
    let mut v = select_json(&dir, &args);
    v["root"] = json!("[LABELS]");
    // The first two patches in full, to keep the snapshot readable.
    v["patches"].as_array_mut().unwrap().truncate(2);
    insta::assert_snapshot!(
        "select_published_json",
        serde_json::to_string_pretty(&v).unwrap()
    );
}

#[test]
fn select_help() {
    let output = common::run(&["select", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!("select_help", common::stdout(&output));
}
