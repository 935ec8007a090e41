//! Kill trials of `triplets`: runs killed at spread-out points by SIGTERM,
//! SIGINT or SIGKILL leave no partial file (every file there is the
//! uninterrupted run's, byte for byte) and, after SIGTERM and SIGINT, no
//! temporary file; `--resume` then completes the region, writing only
//! what is missing (the files left keep their modification time), and
//! removes what SIGKILL left behind.

mod triplets_common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Instant, SystemTime};

use triplets_common::*;

/// Every file under `dir` (relative path → content and modification time).
fn files(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, (Vec<u8>, SystemTime)>) {
        for e in fs::read_dir(dir).into_iter().flatten() {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                let modified = fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .unwrap_or(SystemTime::UNIX_EPOCH);
                out.insert(rel, (fs::read(&path).unwrap_or_default(), modified));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn is_temporary(p: &Path) -> bool {
    p.components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with(".multisenge-"))
}

#[test]
fn a_killed_run_leaves_whole_files_and_resume_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let reference_dir = dir.path().join("reference");
    let status = triplets_cmd(&reference_dir, &[])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let reference: BTreeMap<PathBuf, Vec<u8>> = files(&reference_dir)
        .into_iter()
        .map(|(k, v)| (k, v.0))
        .collect();
    assert!(reference.len() > 40, "{:?}", reference.keys());

    let signals = ["-TERM", "-INT", "-KILL"];
    for trial in 0..6u32 {
        let out = dir.path().join(format!("trial{trial}"));
        let mut child = triplets_cmd(&out, &[])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Spread over the run: before any write (trial 0), then after
        // growing shares of the files are written.
        let target = reference.len() * trial as usize / 6;
        let deadline = Instant::now() + std::time::Duration::from_secs(120);
        while files(&out).len() < target.max(1) * usize::from(trial > 0)
            && child.try_wait().unwrap().is_none()
            && Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let signal = signals[trial as usize % 3];
        let _ = std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let output = child.wait_with_output().unwrap();
        let status = output.status;
        let said = String::from_utf8_lossy(&output.stderr);
        if trial >= 1 && signal != "-KILL" {
            assert!(
                said.contains("the files it had finished are kept, each whole"),
                "trial {trial} ({signal}): {said}"
            );
        }
        let left = files(&out);
        let temporaries: Vec<&PathBuf> = left.keys().filter(|p| is_temporary(p)).collect();
        if signal != "-KILL" {
            assert!(
                temporaries.is_empty(),
                "trial {trial} ({signal}, {status:?}): {temporaries:?}"
            );
            let ended = status.success() || status.code() == Some(130) || status.code().is_none();
            assert!(ended, "trial {trial}: {status:?}");
        }
        // Whatever was written is whole: the reference's bytes.
        for (name, (content, _)) in left.iter().filter(|(p, _)| !is_temporary(p)) {
            let want = reference
                .get(name)
                .unwrap_or_else(|| panic!("trial {trial}: unexpected {name:?}"));
            assert!(
                content == want,
                "trial {trial} ({signal}): {name:?} differs from the complete run's"
            );
        }
        let whole = left.len() - temporaries.len();
        eprintln!(
            "trial {trial} {signal}: {status:?}, {whole} files, {} temporary",
            temporaries.len()
        );
        // Files are published as they are written: a run stopped after a
        // third of them leaves whole files for --resume to keep.
        if trial >= 2 {
            assert!(
                whole > 0,
                "trial {trial} ({signal}): nothing left to resume"
            );
        }
        // --resume completes it and rewrites nothing that was there.
        let o = triplets(&out, &["--resume"]);
        assert!(o.status.success(), "trial {trial}: {}", stderr(&o));
        let after = files(&out);
        let now: BTreeMap<PathBuf, Vec<u8>> = after
            .iter()
            .map(|(k, v)| (k.clone(), v.0.clone()))
            .collect();
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            reference.keys().collect::<Vec<_>>(),
            "trial {trial}: resumed files"
        );
        assert!(now == reference, "trial {trial}: resumed content");
        for (name, (_, modified)) in left.iter().filter(|(p, _)| !is_temporary(p)) {
            assert_eq!(
                after[name].1, *modified,
                "trial {trial}: {name:?} was rewritten"
            );
        }
    }
}
