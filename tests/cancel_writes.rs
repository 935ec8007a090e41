//! `io::safety::journal`, the writes of one run: staged until the whole run
//! succeeds, then renamed all at once; removed, with the folders the run
//! created, when it fails or is cancelled (what SIGTERM, SIGINT and SIGHUP
//! trigger in every subcommand); a run may publish each write as it is
//! finished instead. Its own test binary, one test: the
//! journal is the whole process's, and a cancellation is for good.

use std::path::Path;
use std::sync::mpsc;

use multisenge::io::safety::{atomic, journal};

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walkdir(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect();
    names.sort();
    names
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        }
        out.push(p);
    }
    out
}

fn gtiff_like(out: &Path) -> Result<(), atomic::WriteWithError<std::io::Error>> {
    atomic::write_with(out, true, &[".aux.xml"], |tmp| {
        std::fs::write(tmp, "tif")?;
        std::fs::write(atomic::with_suffix(tmp, ".aux.xml"), "pam")
    })
}

#[test]
fn a_run_publishes_all_or_nothing_and_a_cancel_removes_everything() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("old.json"), "old").unwrap();

    // Staged: nothing appears, an existing file keeps its content, until
    // the commit renames them all.
    journal::begin();
    atomic::write_bytes(&d.join("old.json"), b"new").unwrap();
    journal::create_dir_all(&d.join("patches/labels")).unwrap();
    atomic::write_bytes(&d.join("patches/labels/a.json"), b"{}").unwrap();
    gtiff_like(&d.join("r.tif")).unwrap();
    assert_eq!(std::fs::read_to_string(d.join("old.json")).unwrap(), "old");
    assert!(!d.join("r.tif").exists() && !d.join("patches/labels/a.json").exists());
    // The same destination twice in one run is refused.
    let twice = atomic::write_bytes(&d.join("r.tif"), b"x").unwrap_err();
    assert!(twice.to_string().contains("written twice"), "{twice}");
    journal::commit().unwrap();
    assert_eq!(
        names(d),
        [
            "old.json",
            "patches",
            "patches/labels",
            "patches/labels/a.json",
            "r.tif",
            "r.tif.aux.xml"
        ]
    );
    assert_eq!(std::fs::read_to_string(d.join("old.json")).unwrap(), "new");

    // A failed run: its temporaries and new folders go, nothing is renamed,
    // what existed stays.
    journal::begin();
    atomic::write_bytes(&d.join("old.json"), b"newer").unwrap();
    journal::create_dir_all(&d.join("fresh/ground_reference")).unwrap();
    gtiff_like(&d.join("fresh/ground_reference/g.tif")).unwrap();
    assert!(journal::rollback() >= 3);
    assert_eq!(
        names(d),
        [
            "old.json",
            "patches",
            "patches/labels",
            "patches/labels/a.json",
            "r.tif",
            "r.tif.aux.xml"
        ]
    );
    assert_eq!(std::fs::read_to_string(d.join("old.json")).unwrap(), "new");

    // Outside a run, a write is renamed at once.
    atomic::write_bytes(&d.join("now.json"), b"{}").unwrap();
    assert!(d.join("now.json").exists());
    std::fs::remove_file(d.join("now.json")).unwrap();

    // A run that publishes each write as it is finished: what it staged
    // before is published then, later writes at once (one in flight stays
    // temporary); a failed run then removes only what is in flight.
    journal::begin();
    journal::create_dir_all(&d.join("region/s2")).unwrap();
    gtiff_like(&d.join("region/s2/first.tif")).unwrap();
    assert!(!d.join("region/s2/first.tif").exists(), "staged");
    journal::publish_each_write().unwrap();
    atomic::write_bytes(&d.join("region/first.json"), b"{}").unwrap();
    let (inside_tx, inside_rx) = mpsc::channel();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let writer = {
        let out = d.join("region/s2/second.tif");
        std::thread::spawn(move || {
            atomic::write_with(&out, false, &[".aux.xml"], |tmp| {
                std::fs::write(tmp, "tif")?;
                inside_tx.send(tmp.to_path_buf()).unwrap();
                go_rx.recv().unwrap();
                Ok::<(), std::io::Error>(())
            })
        })
    };
    let in_flight = inside_rx.recv().unwrap();
    let region = |d: &Path| -> Vec<String> {
        names(d)
            .into_iter()
            .filter(|n| n.starts_with("region") && !n.contains(".multisenge-"))
            .collect()
    };
    let published = [
        "region",
        "region/first.json",
        "region/s2",
        "region/s2/first.tif",
        "region/s2/first.tif.aux.xml",
    ];
    assert_eq!(region(d), published);
    assert!(in_flight.exists());
    assert!(journal::rollback() >= 1, "the write in flight");
    assert!(!in_flight.exists());
    go_tx.send(()).unwrap();
    assert!(writer.join().unwrap().is_err(), "its temporary is gone");
    assert_eq!(region(d), published, "what was published stays");
    std::fs::remove_dir_all(d.join("region")).unwrap();

    // A cancel while GDAL writes: the temporary folder goes, no rename
    // happens after it, later writes are refused.
    journal::begin();
    journal::create_dir_all(&d.join("cancelled")).unwrap();
    let out = d.join("cancelled/a.tif");
    let (inside_tx, inside_rx) = mpsc::channel();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let writer = {
        let out = out.clone();
        std::thread::spawn(move || {
            atomic::write_with(&out, false, &[".aux.xml"], |tmp| {
                std::fs::write(tmp, "half")?;
                std::fs::write(atomic::with_suffix(tmp, ".aux.xml"), "pam")?;
                inside_tx.send(tmp.to_path_buf()).unwrap();
                go_rx.recv().unwrap();
                Ok::<(), std::io::Error>(())
            })
        })
    };
    let tmp = inside_rx.recv().unwrap();
    assert!(tmp.exists());
    assert!(matches!(journal::cancel(), journal::Cancel::RolledBack(n) if n >= 2));
    assert!(!tmp.exists() && !tmp.parent().unwrap().exists());
    assert!(
        !d.join("cancelled").exists(),
        "the run's new folder is removed"
    );
    go_tx.send(()).unwrap();
    assert!(writer.join().unwrap().is_err());
    assert!(atomic::write_bytes(&d.join("b.json"), b"{}").is_err());
    assert!(journal::create_dir_all(&d.join("later")).is_err());
    assert!(journal::commit().is_err());
    assert_eq!(
        names(d),
        [
            "old.json",
            "patches",
            "patches/labels",
            "patches/labels/a.json",
            "r.tif",
            "r.tif.aux.xml"
        ]
    );
}
