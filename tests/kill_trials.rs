//! Kill trials of every subcommand that writes (`validate -o`, `stats -o`,
//! `footprints`, `select -o`, `generalize`, `compare`, `merge`, `list`,
//! `man`, `report`, `stac`): children are sent SIGTERM, SIGINT or SIGHUP
//! while a temporary of theirs is on disk (an event seen on disk, not a
//! guess of time) and at spread-out shares of an uninterrupted run's time.
//!
//! After each trial, decided by what is on disk: no temporary
//! (`.multisenge-*`) is left; the user's file in the output folder is as it
//! was; and either nothing the run created is left (a cancellation: exit
//! 130, or the signal's own death before the handler was armed) or every
//! output the uninterrupted run writes is there (the signal came once they
//! were all in place). A cancelled run says "cancelled" on standard error.
//! `tests/generalize_kill.rs` tries `generalize` harder (every phase,
//! patches, SIGKILL).

mod common;
mod generalize_common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{copy_tree, sample};

/// Every path under `dir`, relative, sorted.
fn entries(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).into_iter().flatten() {
            let path = e.unwrap().path();
            out.push(path.strip_prefix(root).unwrap().to_path_buf());
            if path.is_dir() && !path.is_symlink() {
                walk(root, &path, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn is_temporary(p: &Path) -> bool {
    p.components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with(".multisenge-"))
}

/// A user's own file in every output folder, which no trial may touch.
const KEPT: &str = "user-notes.txt";

/// When a trial sends its signal.
#[derive(Clone, Copy, Debug)]
enum When {
    /// Once a temporary of the run is on disk in the output folder.
    Temporary,
    /// After this share of the uninterrupted run's time.
    Share(f64),
}

const PLAN: [(&str, When); 9] = [
    ("-TERM", When::Temporary),
    ("-INT", When::Temporary),
    ("-HUP", When::Temporary),
    ("-TERM", When::Share(0.05)),
    ("-INT", When::Share(0.2)),
    ("-HUP", When::Share(0.4)),
    ("-TERM", When::Share(0.6)),
    ("-INT", When::Share(0.8)),
    ("-HUP", When::Share(1.0)),
];

/// Runs the trials of one subcommand: `command(out)` writes into the
/// folder `out`.
fn trials(name: &str, command: impl Fn(&Path) -> Command) {
    let dir = tempfile::tempdir().unwrap();
    let prepare = |tag: &str| {
        let out = dir.path().join(tag);
        fs::create_dir(&out).unwrap();
        fs::write(out.join(KEPT), "mine").unwrap();
        out
    };
    let reference = prepare("reference");
    let started = Instant::now();
    let status = command(&reference)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let run_time = started.elapsed();
    assert!(
        status.code().is_some_and(|c| c <= 1),
        "{name}: the uninterrupted run: {status:?}"
    );
    let complete = entries(&reference);
    assert!(complete.len() > 1, "{name}: wrote nothing: {complete:?}");
    let mut cancelled = 0;
    for (trial, &(signal, when)) in PLAN.iter().enumerate() {
        let out = prepare(&format!("trial{trial}"));
        let log = dir.path().join(format!("trial{trial}.log"));
        let mut child = command(&out)
            .stdout(Stdio::null())
            .stderr(fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        match when {
            When::Share(share) => std::thread::sleep(run_time.mul_f64(share)),
            When::Temporary => {
                while child.try_wait().unwrap().is_none()
                    && !entries(&out).iter().any(|p| is_temporary(p))
                {
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
        }
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        let said = fs::read_to_string(&log).unwrap_or_default();
        let left = entries(&out);
        let what = format!("{name} trial {trial} ({signal} {when:?}): {status:?}, {said}");
        assert!(
            !left.iter().any(|p| is_temporary(p)),
            "{what}: temporaries left: {left:?}"
        );
        assert_eq!(fs::read(out.join(KEPT)).unwrap(), b"mine", "{what}");
        let created: Vec<&PathBuf> = left.iter().filter(|p| *p != Path::new(KEPT)).collect();
        if status.code() == Some(130) {
            assert!(
                created.is_empty(),
                "{what}: cancelled, yet left {created:?}"
            );
            assert!(said.contains("cancelled"), "{what}");
            cancelled += 1;
        } else if created.is_empty() {
            // Ended by the signal before its handler was armed.
            assert!(status.code().is_none(), "{what}: no output and no cancel");
        } else {
            assert_eq!(left, complete, "{what}: outputs not the complete run's");
            assert!(
                status.code().is_none() || status.code().is_some_and(|c| c <= 1),
                "{what}"
            );
        }
    }
    eprintln!("{name}: {cancelled} of {} trials cancelled", PLAN.len());
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_multisenge"));
    c.env("XDG_CACHE_HOME", common::test_cache_home());
    c
}

/// A copy of the defective sample (findings, so reports have content) with
/// the valid one's patches.
fn dataset() -> PathBuf {
    static DS: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    DS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let ds = dir.path().join("ds");
        copy_tree(&sample().join("valid"), &ds);
        (dir, ds)
    })
    .1
    .clone()
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn validate_output() {
    let ds = dataset();
    trials("validate -o", |out| {
        let mut c = bin();
        c.args(["validate", arg(&ds), "--format", "json", "-o"])
            .arg(out.join("report.json"))
            .arg("--write-baseline")
            .arg(out.join("baseline.json"));
        c
    });
}

#[test]
fn stats_output() {
    let ds = dataset();
    trials("stats -o", |out| {
        let mut c = bin();
        c.args(["stats", arg(&ds), "-o"]).arg(out.join("stats.txt"));
        c
    });
}

#[test]
fn footprints_output() {
    let ds = dataset();
    trials("footprints", |out| {
        let mut c = bin();
        c.args(["footprints", arg(&ds), "-o"])
            .arg(out.join("footprints.gpkg"));
        c
    });
}

#[test]
fn select_output() {
    let ds = dataset();
    trials("select -o", |out| {
        let mut c = bin();
        c.args(["select", arg(&ds), "-o"])
            .arg(out.join("patches.txt"));
        c
    });
}

#[test]
fn list_output() {
    let ds = dataset();
    trials("list", |out| {
        let mut c = bin();
        c.args(["list", arg(&ds), "-o"])
            .arg(out.join("listing.txt.gz"));
        c
    });
}

#[test]
fn merge_output() {
    let ds = dataset();
    let dir = tempfile::tempdir().unwrap();
    let partials: Vec<PathBuf> = (0..2)
        .map(|k| {
            let p = dir.path().join(format!("p{k}.json"));
            let status = bin()
                .args(["validate", arg(&ds), "--shard", &format!("{k}/2"), "-o"])
                .arg(&p)
                .status()
                .unwrap();
            assert!(status.code().is_some_and(|c| c <= 1));
            p
        })
        .collect();
    trials("merge", |out| {
        let mut c = bin();
        c.arg("merge")
            .args(&partials)
            .args(["--format", "json", "-o"])
            .arg(out.join("merged.json"));
        c
    });
}

#[test]
fn man_output() {
    trials("man", |out| {
        let mut c = bin();
        c.arg("man").arg(out.join("man"));
        c
    });
}

#[test]
fn report_output() {
    let ds = dataset();
    trials("report", |out| {
        let mut c = bin();
        c.args(["report", arg(&ds), "-o"])
            .arg(out.join("report.html"));
        c
    });
}

#[test]
fn stac_output() {
    let ds = dataset();
    trials("stac", |out| {
        let mut c = bin();
        c.args(["stac", arg(&ds), "-o"]).arg(out.join("catalog"));
        c
    });
}

#[test]
fn generalize_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let src = generalize_common::source(dir.path(), 3000);
    let like = generalize_common::like(dir.path(), 300);
    trials("generalize", |out| {
        let mut c = bin();
        c.args(["generalize", "--source", arg(&src), "--like", arg(&like)])
            .args(["--tile", generalize_common::TILE, "--halo", "0"])
            .arg("-o")
            .arg(out.join("gr.tif"))
            .arg("--patches")
            .arg(out.join("patches"))
            .args(["--s2-dates", "20200731"]);
        c
    });
}

#[test]
fn compare_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let src = generalize_common::source(dir.path(), 3000);
    let like = generalize_common::like(dir.path(), 300);
    let gr = dir.path().join("gr.tif");
    let status = bin()
        .args(["generalize", "--source", arg(&src), "--like", arg(&like)])
        .args(["--tile", generalize_common::TILE, "-o", arg(&gr)])
        .status()
        .unwrap();
    assert!(status.success());
    trials("compare", |out| {
        let mut c = bin();
        c.args(["compare", "--source", arg(&src), "--raster", arg(&gr)])
            .args(["--roads", arg(&src), "--format", "json", "-o"])
            .arg(out.join("compare.json"))
            .arg("--disagreement")
            .arg(out.join("disagreement.tif"))
            .arg("--lost")
            .arg(out.join("lost.gpkg"))
            .arg("--quicklook")
            .arg(out.join("quicklook.png"));
        c
    });
}
