//! Shared helpers of the integration tests: run the binaries, generate the
//! sample datasets once per test binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub fn multisenge() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_multisenge"));
    cmd.env_remove("CLICOLOR_FORCE").env("NO_COLOR", "1");
    // The validation cache of the tests' runs: in one temporary folder per
    // test binary, not the user's.
    cmd.env("XDG_CACHE_HOME", test_cache_home());
    cmd
}

/// The folder the tests' runs keep the validation cache in
/// (`XDG_CACHE_HOME`): one temporary folder per test binary, never the
/// user's `~/.cache/multisenge`.
pub fn test_cache_home() -> &'static Path {
    static HOME: OnceLock<tempfile::TempDir> = OnceLock::new();
    HOME.get_or_init(|| tempfile::tempdir().expect("temporary folder"))
        .path()
}

pub fn run(args: &[&str]) -> Output {
    multisenge().args(args).output().expect("multisenge runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The sample datasets (`valid`, `defective`, `missing-folder` and their
/// manifests), written once into a temporary folder kept for the run.
pub fn sample() -> &'static Path {
    static SAMPLE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SAMPLE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temporary folder");
            let out = dir.path().join("sample");
            let status = Command::new(env!("CARGO_BIN_EXE_multisenge-testdata"))
                .arg("sample")
                .arg(&out)
                .output()
                .expect("generator runs");
            assert!(
                status.status.success(),
                "generator failed: {}",
                stderr(&status)
            );
            (dir, out)
        })
        .1
}

/// Runs `validate --format json` and returns the report and exit code.
pub fn validate_json(dataset: &Path, extra: &[&str]) -> (serde_json::Value, i32) {
    let output = multisenge()
        .arg("validate")
        .arg(dataset)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("multisenge runs");
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("JSON report ({e}): {}{}", stdout(&output), stderr(&output)));
    (report, output.status.code().unwrap_or(-1))
}

/// `(code, path)` of every finding, sorted.
pub fn code_paths(report: &serde_json::Value) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_string(),
                f["path"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    pairs.sort();
    pairs
}

/// Copies a folder tree (files and symbolic links as they are).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), target).unwrap();
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The published MultiSenGE label files beside the repository
/// (`../shared/data/multisenge-labels-sample`), when present.
pub fn published_labels() -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/multisenge-labels-sample");
    if dir.is_dir() {
        Some(dir)
    } else {
        assert!(!in_ci(), "{} is beside the repository in CI", dir.display());
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

/// Whether the tests run under CI: `CI` set to anything but empty, `0` or
/// `false` (`.ci/run` sets `CI=1`, GitHub Actions and GitLab CI `true`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
}

/// Whether an external tool is available (`found`); in CI (`CI=true`) it
/// must be, so the test fails instead of skipping.
pub fn require_tool(what: &str, found: bool) -> bool {
    if !found {
        assert!(
            !in_ci(),
            "{what} is required in CI: scripts/install-deps.sh installs it"
        );
        eprintln!("skipped: {what} is not installed (scripts/install-deps.sh installs it)");
    }
    found
}

/// A file installed by scripts/install-deps.sh under target/npm.
pub fn npm_file(relative: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/npm/node_modules")
        .join(relative);
    require_tool(
        &format!("target/npm/node_modules/{relative}"),
        path.exists(),
    )
    .then_some(path)
}

/// Runs `validate DATASET --format FORMAT` plus `extra`; returns stdout and
/// the exit code.
pub fn validate_as(dataset: &Path, format: &str, extra: &[&str]) -> (String, i32) {
    let output = multisenge()
        .arg("validate")
        .arg(dataset)
        .args(["--format", format])
        .args(extra)
        .output()
        .expect("multisenge runs");
    (stdout(&output), output.status.code().unwrap_or(-1))
}

/// A label file of the valid sample.
pub fn valid_label() -> PathBuf {
    std::fs::read_dir(sample().join("valid/labels"))
        .expect("sample labels")
        .next()
        .expect("a label file")
        .expect("readable entry")
        .path()
}

/// Runs `command` with `input` on its standard input; its whole output.
pub fn run_with_stdin(command: &mut Command, input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// A point of UTM zone 31N as GDAL's own `gdaltransform` puts it in
/// EPSG:4326: `[longitude, latitude]` (the oracle of the GeoJSON reports).
pub fn utm31_to_lonlat(easting: f64, northing: f64) -> Vec<f64> {
    let mut gdaltransform = Command::new("gdaltransform");
    gdaltransform.args(["-s_srs", "EPSG:32631", "-t_srs", "EPSG:4326", "-output_xy"]);
    let out = run_with_stdin(
        &mut gdaltransform,
        format!("{easting} {northing}\n").as_bytes(),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    text.split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect()
}
