//! Sharded validation on a real Slurm: a single-node cluster started on this
//! machine (`tests/slurm/cluster.sh`: Debian's slurm-wlm and munge), an
//! `sbatch --array=0-3 --wait` job whose four tasks each run
//! `validate --shard auto`, then `merge`: the merged report is the report of
//! one `validate` run, byte for byte.
//!
//! Needs root (SlurmdUser=root, munged as user munge). Outside CI it is
//! skipped, with the reason printed, when not root or when Slurm is not
//! installed; in CI (`CI=true`) both are required. Alone:
//! `cargo test --test slurm -- --nocapture`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{multisenge, require_tool, sample, stderr, stdout, validate_as};

/// Seconds any one wait (cluster start, the array job, a command) may take.
const TIMEOUT_S: &str = "300";

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/slurm/cluster.sh")
}

/// `program args`, killed after TIMEOUT_S seconds (coreutils' `timeout`).
fn bounded(program: &str) -> Command {
    let mut command = Command::new("timeout");
    command.args(["--kill-after=10", TIMEOUT_S, program]);
    command
}

fn succeeded(what: &str, output: &Output) -> String {
    assert!(
        output.status.success(),
        "{what}: {}\n{}{}",
        output.status,
        stdout(output),
        stderr(output)
    );
    stdout(output)
}

/// A running single-node cluster under a temporary folder; dropping it
/// (also when the test fails) prints the daemons' logs if the test is
/// failing, stops the daemons by their pid files and deletes the folder.
struct Cluster {
    dir: tempfile::TempDir,
}

impl Cluster {
    fn start() -> Cluster {
        // Under /tmp whatever TMPDIR says: munged wants every folder above
        // its socket open to all, and a socket path is at most 107 bytes.
        let dir = tempfile::Builder::new()
            .prefix("multisenge-slurm-")
            .tempdir_in("/tmp")
            .expect("temporary folder in /tmp");
        let cluster = Cluster { dir };
        let start = bounded("bash")
            .arg(script())
            .arg("start")
            .arg(cluster.path())
            .env("CLUSTER_TIMEOUT", "120")
            .output()
            .expect("bash runs");
        succeeded("tests/slurm/cluster.sh start", &start);
        cluster
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A Slurm command of this cluster (`SLURM_CONF` set), bounded in time.
    fn command(&self, program: &str) -> Command {
        let mut command = bounded(program);
        command.env("SLURM_CONF", self.path().join("slurm.conf"));
        command
    }

    fn script(&self, action: &str) -> Output {
        bounded("bash")
            .arg(script())
            .arg(action)
            .arg(self.path())
            .output()
            .expect("bash runs")
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let logs = self.script("logs");
            eprintln!("The cluster's logs:\n{}", stdout(&logs));
            // The array tasks' output (--output=slurm-%A_%a.out).
            let work = std::fs::read_dir(self.path().join("work"));
            for entry in work.into_iter().flatten().flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "out") {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    eprintln!("==== {}\n{text}", path.display());
                }
            }
        }
        let stop = self.script("stop");
        if !stop.status.success() {
            eprintln!("tests/slurm/cluster.sh stop: {}", stderr(&stop));
        }
    }
}

/// Whether the test can run here: root, slurm-wlm and munge installed. In
/// CI both are required.
fn slurm_here() -> bool {
    let id = Command::new("id").arg("-u").output().expect("id runs");
    if stdout(&id).trim() != "0" {
        assert!(
            !common::in_ci(),
            "the Slurm test runs as root in CI (SlurmdUser=root, munged as user munge)"
        );
        eprintln!("skipped: the Slurm test needs root (SlurmdUser=root, munged as user munge)");
        return false;
    }
    let tools = "slurmctld slurmd sbatch sinfo scontrol munged mungekey";
    let found = Command::new("sh")
        .args([
            "-c",
            &format!("export PATH=$PATH:/usr/sbin:/sbin; command -v {tools}"),
        ])
        .output()
        .is_ok_and(|o| o.status.success());
    require_tool("Slurm and munge (slurm-wlm, munge)", found)
}

/// The job script: each array task validates its shard of both datasets.
const JOB: &str = r#"#!/bin/bash
set -euo pipefail
echo "array job $SLURM_ARRAY_JOB_ID task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT on $(hostname)"
for dataset in valid defective; do
  "$MULTISENGE" validate "$SAMPLE/$dataset" --shard auto -o "parts/$dataset/part-$SLURM_ARRAY_TASK_ID.json"
done
"#;

const DATASETS: [&str; 2] = ["valid", "defective"];

/// `merge` of `partials` against `validate` of `dataset`, in `format`: the
/// same bytes and the same exit code, which is returned.
fn assert_merge_is_single_run(
    dataset: &Path,
    partials: &[PathBuf],
    work: &Path,
    format: &str,
) -> Option<i32> {
    let name = dataset.file_name().unwrap().to_string_lossy();
    let merged = work.join(format!("merged-{name}.{format}"));
    let merge = multisenge()
        .arg("merge")
        .args(partials)
        .args(["--format", format, "-o"])
        .arg(&merged)
        .output()
        .unwrap();
    let (single, single_code) = validate_as(dataset, format, &[]);
    assert_eq!(
        merge.status.code(),
        Some(single_code),
        "{name} {format}: {}",
        stderr(&merge)
    );
    let merged = std::fs::read(&merged).unwrap_or_else(|e| panic!("{}: {e}", merged.display()));
    assert!(!merged.is_empty(), "{name} {format}");
    assert_eq!(
        String::from_utf8_lossy(&merged),
        single,
        "{name} {format}: merged report vs one validate run"
    );
    merge.status.code()
}

#[test]
fn four_slurm_array_tasks_then_merge_equal_one_run() {
    if !slurm_here() {
        return;
    }
    let cluster = Cluster::start();
    let work = cluster.path().join("work");
    for dataset in DATASETS {
        std::fs::create_dir_all(work.join("parts").join(dataset)).unwrap();
    }
    std::fs::write(work.join("shards.sbatch"), JOB).unwrap();

    let sbatch = cluster
        .command("sbatch")
        .args(["--array=0-3", "--wait", "--parsable"])
        .args(["--job-name=multisenge-shards", "--output=slurm-%A_%a.out"])
        .arg(format!("--chdir={}", work.display()))
        .arg("shards.sbatch")
        .env("MULTISENGE", env!("CARGO_BIN_EXE_multisenge"))
        .env("XDG_CACHE_HOME", common::test_cache_home())
        .env("SAMPLE", sample())
        .output()
        .unwrap();
    let job = succeeded("sbatch --array=0-3 --wait", &sbatch);
    let job = job.trim().split(';').next().unwrap().to_owned();
    assert!(job.parse::<u64>().is_ok(), "job id: {job:?}");

    // The controller still knows the job (MinJobAge, 300 s): one record per
    // array task, all completed.
    let show = cluster
        .command("scontrol")
        .args(["--oneliner", "show", "job", &job])
        .output()
        .unwrap();
    let show = succeeded("scontrol show job", &show);
    let mut tasks: Vec<&str> = show
        .lines()
        .filter_map(|line| {
            line.split_whitespace()
                .find_map(|field| field.strip_prefix("ArrayTaskId="))
        })
        .collect();
    tasks.sort_unstable();
    assert_eq!(tasks, ["0", "1", "2", "3"], "{show}");
    assert_eq!(show.matches("JobState=COMPLETED").count(), 4, "{show}");

    for task in 0..4 {
        let log = work.join(format!("slurm-{job}_{task}.out"));
        let log =
            std::fs::read_to_string(&log).unwrap_or_else(|e| panic!("{}: {e}", log.display()));
        assert!(
            log.starts_with(&format!("array job {job} task {task} of 4 on ")),
            "{log}"
        );
    }

    for dataset in DATASETS {
        let mut partials: Vec<PathBuf> = std::fs::read_dir(work.join("parts").join(dataset))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        partials.sort();
        assert_eq!(partials.len(), 4, "{dataset}: {partials:?}");
        for (task, partial) in partials.iter().enumerate() {
            let partial: serde_json::Value =
                serde_json::from_slice(&std::fs::read(partial).unwrap()).unwrap();
            assert_eq!(partial["format"], "multisenge-partial-report");
            assert_eq!(partial["shard"], task, "{dataset}");
            assert_eq!(partial["shards"], 4, "{dataset}");
        }
        // The defective sample has findings (exit code 1), the valid none.
        let expected = Some(i32::from(dataset == "defective"));
        for format in ["json", "sarif", "text"] {
            let code =
                assert_merge_is_single_run(&sample().join(dataset), &partials, &work, format);
            assert_eq!(code, expected, "{dataset} {format}");
        }
        // The merge as docs/scale.md runs it: a job depending on the array
        // (its exit code is merge's, 1 when there are findings).
        let in_slurm = format!("merged-{dataset}-in-slurm.json");
        let merge = cluster
            .command("sbatch")
            .args(["--wait", "--output=merge-%j.out"])
            .arg(format!("--dependency=afterok:{job}"))
            .arg(format!("--chdir={}", work.display()))
            .arg(format!(
                "--wrap=\"$MULTISENGE\" merge parts/{dataset}/part-*.json --format json -o {in_slurm}"
            ))
            .env("MULTISENGE", env!("CARGO_BIN_EXE_multisenge"))
            .output()
            .unwrap();
        assert_eq!(merge.status.code(), expected, "{}", stderr(&merge));
        assert_eq!(
            std::fs::read_to_string(work.join(in_slurm)).unwrap(),
            std::fs::read_to_string(work.join(format!("merged-{dataset}.json"))).unwrap(),
            "{dataset}: merged in a Slurm job"
        );
    }
}
