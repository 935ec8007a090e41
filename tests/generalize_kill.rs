//! Kill trials of `generalize`: children writing an output raster, its kept
//! intermediates and patches with label files are killed at spread-out
//! points of the run, by SIGTERM, SIGINT or SIGKILL. After each, every
//! output that exists is complete (the raster equals the uninterrupted
//! run's, each patch and label file is whole), and no temporary file is
//! left: SIGTERM and SIGINT remove them at once; what SIGKILL leaves is
//! removed by the next run writing into that folder.

mod generalize_common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use generalize_common::*;

/// Every file under `dir` (relative path → content); temporary ones too.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, fs::read(&path).unwrap_or_default());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn temporaries(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).into_iter().flatten() {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with(".multisenge-") || name.ends_with(".part") {
                out.push(path);
            } else if path.is_dir() {
                walk(&path, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out
}

/// The command writing into `out`: `gr.tif`, its six intermediates, and
/// the patches under `ds/`.
fn generalize(src: &Path, like: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_multisenge"));
    c.arg("generalize")
        .args(["--source", src.to_str().unwrap()])
        .args(["--roads", src.to_str().unwrap()])
        .args(["--like", like.to_str().unwrap(), "--tile", TILE])
        .args(["-o", out.join("gr.tif").to_str().unwrap()])
        .args(["--keep-intermediate", "--patches"])
        .arg(out.join("ds"))
        .args([
            "--s2-dates",
            "20200731",
            "--config",
            "ocsge-plus",
            "--halo",
            "0",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

#[test]
fn killed_generalize_leaves_complete_outputs_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path(), 6000);
    let like = like(dir.path(), 600);
    let reference_dir = dir.path().join("reference");
    fs::create_dir(&reference_dir).unwrap();
    let started = Instant::now();
    let status = generalize(&src, &like, &reference_dir).status().unwrap();
    let run_time = started.elapsed();
    assert!(status.success());
    let reference = files(&reference_dir);
    assert!(reference.len() > 10, "{:?}", reference.keys());

    let signals = ["-TERM", "-INT", "-KILL"];
    for trial in 0..12u32 {
        let out = dir.path().join(format!("trial{trial}"));
        fs::create_dir(&out).unwrap();
        let mut child = generalize(&src, &like, &out).spawn().unwrap();
        // Spread over the whole run (reading, steps, writing, patches).
        std::thread::sleep(run_time.mul_f64(f64::from(trial % 6) / 6.0 + 0.05));
        let signal = signals[trial as usize % 3];
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        let left = temporaries(&out);
        let written = files(&out).len() - left.len();
        eprintln!(
            "trial {trial} {signal}: {status:?}, {written} files, {} temporary",
            left.len()
        );
        if signal == "-KILL" {
            // The next run in these folders sweeps what the killed one left.
            let again = generalize(&src, &like, &out).arg("--force").status();
            assert!(again.unwrap().success(), "trial {trial}: rerun");
            let left = temporaries(&out);
            assert!(
                left.is_empty(),
                "trial {trial}: left after a rerun: {left:?}"
            );
            assert_eq!(files(&out), reference, "trial {trial}: rerun output");
            continue;
        }
        assert!(
            left.is_empty(),
            "trial {trial} ({signal}, {status:?}): temporary files left: {left:?}"
        );
        assert!(
            status.success() || status.code() == Some(130) || status.code().is_none(),
            "trial {trial}: {status:?}"
        );
        // Whatever was written is whole: the same bytes as the reference
        // run's file of that name (patches and label files are written one
        // by one, so a cancelled run has some of them).
        for (name, content) in files(&out) {
            let want = reference
                .get(&name)
                .unwrap_or_else(|| panic!("trial {trial}: unexpected file {name:?}"));
            assert!(
                &content == want,
                "trial {trial} ({signal}): {name:?} differs from the complete run's"
            );
        }
    }
}
