//! The real published label files (../shared/data/multisenge-labels-sample,
//! 126 files of tiles 32UMU and 31UER) validate cleanly in labels-only mode,
//! and against the release profile but for its totals.

mod common;

use std::path::PathBuf;

fn published() -> Option<PathBuf> {
    common::published_labels()
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

/// Each label file's distinct dates per sensor, read without the tool.
fn dates_per_patch(dir: &std::path::Path) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let dates = |field: &str| {
            let mut dates: Vec<&str> = value[field]
                .as_str()
                .unwrap()
                .split(';')
                .map(|name| name.split('_').nth(1).unwrap())
                .collect();
            dates.sort_unstable();
            dates.dedup();
            dates.len()
        };
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        out.push((name, dates("corresponding_s2"), dates("corresponding_s1")));
    }
    out.sort();
    out
}

/// `--profile multisenge-release` on the published sample: every rule
/// passes but the totals, which are the whole release's (D003, both
/// numbers); the sample's dates a patch are within the published bounds.
#[test]
fn published_labels_pass_the_release_profile_but_its_totals() {
    let Some(dir) = published() else { return };
    let dates = dates_per_patch(&dir);
    assert!(dates
        .iter()
        .all(|(_, s2, s1)| (2..=23).contains(s2) && (89..=181).contains(s1)));
    let (report, code) = common::validate_json(
        &dir,
        &["--profile", "multisenge-release", "--fail-on", "info"],
    );
    assert_eq!(code, 1);
    let found: Vec<(&str, &str, &serde_json::Value)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap(),
                f["message"].as_str().unwrap(),
                &f["data"],
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "D003",
                "126 patches, the release declares 8157",
                &serde_json::json!({"total": "patches", "counted": 126, "declared": 8157})
            ),
            (
                "D003",
                "17430 Sentinel-1 files listed by the label files, the release declares 1012227",
                &serde_json::json!({"total": "s1_files", "counted": 17430, "declared": 1012227})
            ),
            (
                "D003",
                "630 Sentinel-2 files listed by the label files, the release declares 72033",
                &serde_json::json!({"total": "s2_files", "counted": 630, "declared": 72033})
            ),
        ]
    );
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["path"].is_null()));
}

/// A declaration that matches the published sample passes; each rule
/// fires alone on a mutated declaration or a mutated copy of the files.
#[test]
fn each_dataset_rule_fires_on_a_mutated_copy_of_the_published_labels() {
    let Some(dir) = published() else { return };
    let dates = dates_per_patch(&dir);
    let s1_min = dates.iter().map(|d| d.2).min().unwrap();
    let s1_max = dates.iter().map(|d| d.2).max().unwrap();
    let s2_min = dates.iter().map(|d| d.1).min().unwrap();
    let s2_max = dates.iter().map(|d| d.1).max().unwrap();
    let work = tempfile::tempdir().unwrap();
    let copy = work.path().join("labels");
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    let run = |release: &str| {
        let profile = work.path().join("p.toml");
        let text = format!(
            "{}\n[release]\n{release}\n",
            multisenge::profile::DEFAULT_PROFILE
        );
        std::fs::write(&profile, text).unwrap();
        let (report, _) = common::validate_json(
            &copy,
            &["--profile", profile.to_str().unwrap(), "--select", "D"],
        );
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let path = f["path"].as_str().unwrap_or("").to_string();
                format!(
                    "{} {path} {}",
                    f["code"].as_str().unwrap(),
                    f["message"].as_str().unwrap()
                )
            })
            .collect::<Vec<String>>()
    };
    let bounds = format!("s2_dates = [{s2_min}, {s2_max}]\ns1_dates = [{s1_min}, {s1_max}]");
    let matching = format!(
        "tiles = [\"31UER\", \"32UMU\"]\npatches = 126\ns2_files = 630\ns1_files = 17430\n{bounds}"
    );
    assert_eq!(run(&matching), Vec::<String>::new());
    assert_eq!(
        run(&matching.replace("\"32UMU\"]", "\"32UMU\", \"31UFQ\"]")),
        ["D001  tile 31UFQ is declared by the release but has no patch"]
    );
    let per_tile = dates.iter().filter(|d| d.0.starts_with("31UER")).count();
    assert_eq!(
        run(&matching.replace("\"31UER\", ", "")),
        [format!(
            "D002  tile 31UER is not declared by the release ({per_tile} patches)"
        )]
    );
    assert_eq!(
        run(&matching.replace("patches = 126", "patches = 125")),
        ["D003  126 patches, the release declares 125"]
    );
    // One Sentinel-1 name dropped from a patch with the fewest dates (and
    // the declared total with it): that patch alone is below the bounds.
    let (name, _, _) = dates.iter().find(|d| d.2 == s1_min).unwrap();
    let label = copy.join(name);
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&label).unwrap()).unwrap();
    let list = value["corresponding_s1"].as_str().unwrap().to_string();
    let shorter = list.split_once(';').unwrap().1.to_string();
    value["corresponding_s1"] = shorter.into();
    std::fs::write(&label, serde_json::to_string(&value).unwrap()).unwrap();
    assert_eq!(
        run(&matching.replace("s1_files = 17430", "s1_files = 17429")),
        [format!(
            "D004 {name} {} Sentinel-1 dates, the release declares {s1_min} to {s1_max} a patch",
            s1_min - 1
        )]
    );
}
