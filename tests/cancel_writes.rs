//! `io::atomic::cancel` (what SIGTERM triggers in `multisenge run`): a
//! write in flight loses its temporary folder and never renames into place,
//! later writes are refused. Its own test binary: cancelling is for the
//! whole process.

use std::sync::mpsc;

use multisenge::io::safety::atomic;

#[test]
fn cancel_removes_temporaries_and_stops_renames() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.tif");
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
    assert!(atomic::cancel() >= 1);
    assert!(!tmp.exists() && !tmp.parent().unwrap().exists());
    go_tx.send(()).unwrap();
    assert!(writer.join().unwrap().is_err());
    assert!(atomic::write_bytes(&dir.path().join("b.json"), b"{}").is_err());
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}
