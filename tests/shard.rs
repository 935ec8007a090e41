//! Sharded validation end to end: `validate --shard K/N` on every shard then
//! `merge` gives byte for byte the report of one `validate` run, in every
//! format; bad partial sets are refused with a message naming the file.

mod common;

use std::path::{Path, PathBuf};

use common::{multisenge, sample, stderr};

/// Runs the `count` shards of `dataset` (extra arguments to each), writing
/// their partials into `dir`.
fn shards(dataset: &Path, count: u32, dir: &Path, extra: &[&str]) -> Vec<PathBuf> {
    (0..count)
        .map(|k| {
            let out = dir.join(format!("part-{k}-of-{count}.json"));
            let run = multisenge()
                .arg("validate")
                .arg(dataset)
                .args(["--shard", &format!("{k}/{count}"), "-o"])
                .arg(&out)
                .args(extra)
                .output()
                .unwrap();
            assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
            out
        })
        .collect()
}

fn merged(partials: &[PathBuf], format: &str) -> (Vec<u8>, Option<i32>) {
    let run = multisenge()
        .arg("merge")
        .args(partials)
        .args(["--format", format])
        .output()
        .unwrap();
    (run.stdout, run.status.code())
}

fn single(dataset: &Path, format: &str, extra: &[&str]) -> (Vec<u8>, Option<i32>) {
    let run = multisenge()
        .arg("validate")
        .arg(dataset)
        .args(["--format", format])
        .args(extra)
        .output()
        .unwrap();
    (run.stdout, run.status.code())
}

fn assert_same_as_single(dataset: &Path, extra: &[&str], formats: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    for count in [1, 3, 7] {
        let partials = shards(dataset, count, dir.path(), extra);
        for format in formats {
            let (one, one_code) = single(dataset, format, extra);
            let (joined, joined_code) = merged(&partials, format);
            assert_eq!(
                String::from_utf8_lossy(&joined),
                String::from_utf8_lossy(&one),
                "{format}, {count} shards"
            );
            assert_eq!(joined_code, one_code, "{format}, {count} shards");
        }
    }
    serde_json::from_slice(&single(dataset, "json", extra).0).unwrap()
}

const FORMATS: [&str; 6] = ["json", "text", "junit", "sarif", "github", "geojson"];

#[test]
fn merged_shards_of_the_defective_sample_equal_one_run() {
    let report = assert_same_as_single(&sample().join("defective"), &[], &FORMATS);
    // The sample has findings of every family, overlaps included.
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    for code in ["S001", "S002", "T001", "N003", "J001"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
}

#[test]
fn merged_shards_of_the_valid_and_missing_folder_samples_equal_one_run() {
    assert_same_as_single(&sample().join("valid"), &[], &["json"]);
    assert_same_as_single(&sample().join("missing-folder"), &[], &["json"]);
    assert_same_as_single(
        &sample().join("defective"),
        &["--select", "T,S", "--severity", "S001=info"],
        &["json"],
    );
}

#[test]
fn overlaps_across_shard_boundaries_are_found_by_the_merge() {
    // Two columns of 20 label files on either side of the 31UFQ/31UGQ edge:
    // 31UFQ_10023_y overlaps 31UGQ_0_y (31UFQ's origin is 9 996 pixels west
    // of 31UGQ's). The index holds 31UFQ's patches before 31UGQ's, so with
    // 3 or 7 shards every pair is split between two shards.
    let dir = tempfile::tempdir().unwrap();
    let valid_label = common::valid_label();
    for i in 0..20 {
        let names = [
            format!("31UFQ_10023_{}.json", 257 * i),
            format!("31UGQ_0_{}.json", 257 * i),
        ];
        for name in names {
            std::fs::copy(&valid_label, dir.path().join(name)).unwrap();
        }
    }
    let report = assert_same_as_single(dir.path(), &["--labels-only"], &["json", "geojson"]);
    let overlaps = report["summary"]["overlaps"]["pairs"].as_u64().unwrap();
    assert_eq!(overlaps, 20);
}

#[test]
fn bad_partial_sets_are_refused_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = sample().join("defective");
    let three = shards(&dataset, 3, dir.path(), &[]);
    let two = shards(&dataset, 2, dir.path(), &[]);
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let selected = shards(&dataset, 3, &other, &["--select", "T"]);
    let garbage = dir.path().join("garbage.json");
    std::fs::write(&garbage, "{\"format\": 3}").unwrap();
    let absent = dir.path().join("absent.json");
    let cases: [(Vec<&Path>, &str); 6] = [
        (vec![&three[0], &three[2]], "shard(s) 1 of 3 missing"),
        (
            vec![&three[0], &three[1], &three[1], &three[2]],
            "given twice",
        ),
        (vec![&three[0], &three[1], &two[1]], "same shard count"),
        (vec![&three[0], &three[1], &selected[2]], "same profile"),
        (vec![&garbage], "garbage.json: not a partial report"),
        (vec![&absent], "absent.json"),
    ];
    for (partials, expected) in cases {
        let run = multisenge().arg("merge").args(&partials).output().unwrap();
        assert_eq!(run.status.code(), Some(2), "{expected}");
        assert!(
            stderr(&run).contains(expected),
            "{expected}: {}",
            stderr(&run)
        );
    }
}

/// Environment variables of a run.
type Env<'a> = &'a [(&'a str, &'a str)];

#[test]
fn shard_auto_reads_the_schedulers_array_index() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = sample().join("defective");
    let expected = shards(&dataset, 4, dir.path(), &[]);
    let envs: [(Env, &[&str]); 3] = [
        (
            &[
                ("SLURM_ARRAY_TASK_ID", "2"),
                ("SLURM_ARRAY_TASK_COUNT", "4"),
            ],
            &[],
        ),
        (&[("JOB_COMPLETION_INDEX", "2")], &["--shard-count", "4"]),
        (
            &[("AWS_BATCH_JOB_ARRAY_INDEX", "2")],
            &["--shard-count", "4"],
        ),
    ];
    for (env, extra) in envs {
        let run = multisenge()
            .arg("validate")
            .arg(&dataset)
            .args(["--shard", "auto"])
            .args(extra)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        assert_eq!(run.stdout, std::fs::read(&expected[2]).unwrap(), "{env:?}");
    }
    let bad: [(Env, &str); 3] = [
        (&[], "no array index found"),
        (&[("JOB_COMPLETION_INDEX", "1")], "give --shard-count"),
        (
            &[
                ("SLURM_ARRAY_TASK_ID", "9"),
                ("SLURM_ARRAY_TASK_COUNT", "4"),
            ],
            "SLURM_ARRAY_TASK_ID=`9`",
        ),
    ];
    for (env, expected) in bad {
        let run = multisenge()
            .arg("validate")
            .arg(&dataset)
            .args(["--shard", "auto"])
            .env_remove("SLURM_ARRAY_TASK_ID")
            .env_remove("JOB_COMPLETION_INDEX")
            .env_remove("AWS_BATCH_JOB_ARRAY_INDEX")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2));
        assert!(stderr(&run).contains(expected), "{}", stderr(&run));
    }
    for spec in ["0/0", "4/4", "1/x", "3", "1/2000000"] {
        let run = multisenge()
            .arg("validate")
            .arg(&dataset)
            .args(["--shard", spec])
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{spec}");
        assert!(stderr(&run).contains("expected K/N"), "{}", stderr(&run));
    }
}
