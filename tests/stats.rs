//! `multisenge stats` agrees with counts made independently from the label
//! files, and its text output is what a release note needs.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

#[test]
fn stats_on_published_labels_match_an_independent_count() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/multisenge-labels-sample");
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let (mut tiles, mut months, mut classes) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let tile = path.file_name().unwrap().to_str().unwrap()[..5].to_string();
        *tiles.entry(tile).or_insert(0u64) += 1;
        let label: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for (field, sensor) in [("corresponding_s2", "s2"), ("corresponding_s1", "s1")] {
            for name in label[field].as_str().unwrap().split(';') {
                let date = name.split('_').nth(1).unwrap();
                let month = format!("{}-{}", &date[..4], &date[4..6]);
                *months.entry((sensor, month)).or_insert(0u64) += 1;
            }
        }
        for class in label["labels"].as_str().unwrap().split(';') {
            *classes.entry(class.parse::<u64>().unwrap()).or_insert(0u64) += 1;
        }
    }
    let output = common::run(&["stats", "--format", "json", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for (tile, n) in &tiles {
        assert_eq!(stats["patches_per_tile"][tile], *n, "{tile}");
    }
    assert_eq!(
        stats["patches_per_tile"].as_object().unwrap().len(),
        tiles.len()
    );
    for ((sensor, month), n) in &months {
        assert_eq!(
            stats["listed_per_month"][sensor][month], *n,
            "{sensor} {month}"
        );
    }
    for class in stats["classes"].as_array().unwrap() {
        let value = class["value"].as_u64().unwrap();
        assert_eq!(
            class["patches"],
            classes.get(&value).copied().unwrap_or(0),
            "class {value}"
        );
    }
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
