//! Kill trials of `generalize`: children writing an output raster, its kept
//! intermediates and patches with label files are killed at spread-out
//! points of the run, by SIGTERM, SIGINT, SIGHUP or SIGKILL. After SIGTERM,
//! SIGINT or SIGHUP nothing the run created is left (no output, no
//! temporary file or folder, no patches folder): the outputs are renamed
//! into place only once all of them are complete, and the signal removes
//! the rest; or, when the signal came after that, every output is the
//! uninterrupted run's. What SIGKILL leaves (temporaries only: nothing is
//! renamed before the run ends) is removed by the next run writing into
//! that folder. Outcomes are decided by what is on disk, never by timing.

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

/// Temporary files and folders under `dir` (`.multisenge-*`, `*.part`),
/// and every file inside the temporary folders.
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

/// Every path under `dir` (files and folders), relative.
fn entries(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).into_iter().flatten() {
            let path = e.unwrap().path();
            out.push(path.strip_prefix(root).unwrap().to_path_buf());
            if path.is_dir() {
                walk(root, &path, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
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

    // (signal, when): a share of the reference run's time (reading, the
    // steps), or once the patches are being written (a temporary appears
    // among them: an event on disk, not a guess of time).
    let plan: [(&str, Option<f64>); 11] = [
        ("-TERM", Some(0.1)),
        ("-INT", Some(0.45)),
        ("-HUP", Some(0.8)),
        ("-TERM", None),
        ("-INT", None),
        ("-HUP", None),
        ("-TERM", Some(0.6)),
        ("-INT", Some(0.25)),
        ("-HUP", Some(0.05)),
        ("-KILL", Some(0.5)),
        ("-KILL", None),
    ];
    let mut cancelled = 0;
    for (trial, &(signal, when)) in plan.iter().enumerate() {
        let out = dir.path().join(format!("trial{trial}"));
        fs::create_dir(&out).unwrap();
        let log = dir.path().join(format!("trial{trial}.log"));
        let mut child = generalize(&src, &like, &out)
            .stderr(fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        match when {
            Some(share) => std::thread::sleep(run_time.mul_f64(share)),
            None => {
                let patches = out.join("ds/ground_reference");
                while child.try_wait().unwrap().is_none() && temporaries(&patches).is_empty() {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
            }
        }
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        let left = temporaries(&out);
        eprintln!(
            "trial {trial} {signal}: {status:?}, {} entries, {} temporary",
            entries(&out).len(),
            left.len()
        );
        if signal == "-KILL" {
            // A file outside the temporaries was renamed into place by a
            // commit: it is whole.
            for (name, content) in files(&out) {
                if left.iter().any(|t| out.join(&name).starts_with(t)) {
                    continue;
                }
                assert!(
                    reference.get(&name) == Some(&content),
                    "trial {trial}: {name:?} is not the complete run's"
                );
            }
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
            "trial {trial} ({signal}, {status:?}): temporaries left: {left:?}"
        );
        // Cancelled (exit 130, or killed before the handler was armed at
        // start-up): nothing the run created is left, not even the
        // patches folder. Or the signal came once every output was in
        // place: all of them are the complete run's.
        let created = entries(&out);
        if created.is_empty() {
            cancelled += usize::from(status.code() == Some(130));
        } else {
            assert_eq!(
                files(&out),
                reference,
                "trial {trial} ({signal}, {status:?}): a run that was not cancelled left \
                 outputs that differ from the complete run's"
            );
        }
        assert!(
            status.success() || status.code() == Some(130) || status.code().is_none(),
            "trial {trial}: {status:?}: {}",
            fs::read_to_string(&log).unwrap_or_default()
        );
    }
    assert!(cancelled > 0, "no trial was cancelled");
}
