//! Shared fixture of the `triplets` tests: a ground reference generalized
//! from the synthetic land cover over a 600 px corner of tile 31UGQ
//! (2 × 2 patches), and THEIA-like and S1-Tiling-like inputs over the same
//! window (`multisenge-testdata region`), made once per test binary.
#![allow(dead_code, unused_imports)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

#[path = "../generalize_common/mod.rs"]
pub mod generalize_common;
pub use generalize_common::{python_ok, run_python, stderr, tool, TILE};

pub const PIXELS: usize = 600;

pub struct Fixture {
    _dir: tempfile::TempDir,
    /// The ground reference (generalize -o).
    pub gr: PathBuf,
    /// `theia/` and `s1tiling/31UGQ/`.
    pub theia: PathBuf,
    pub s1: PathBuf,
}

pub fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let src = generalize_common::source(dir.path(), 6000);
        let like = generalize_common::like(dir.path(), PIXELS);
        let gr = dir.path().join("gr.tif");
        let o = generalize_common::multisenge(&[
            "generalize",
            "--source",
            src.to_str().unwrap(),
            "--roads",
            src.to_str().unwrap(),
            "--like",
            like.to_str().unwrap(),
            "--tile",
            TILE,
            "-o",
            gr.to_str().unwrap(),
            "--config",
            "ocsge-plus",
            "--halo",
            "0",
            // The synthetic source leaves a few pixels of the window's edge
            // uncovered (467 of 360 000), which `generalize` leaves empty
            // by default; filled here so that the four patches are
            // complete (patches with an empty pixel have their own test).
            "--fill-beyond-coverage",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let region = dir.path().join("region");
        let o = Command::new(env!("CARGO_BIN_EXE_multisenge-testdata"))
            .args(["region", region.to_str().unwrap(), "--tile", TILE, "--size"])
            .arg(PIXELS.to_string())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        Fixture {
            gr,
            theia: region.join("theia"),
            s1: region.join("s1tiling").join(TILE),
            _dir: dir,
        }
    })
}

/// `multisenge triplets` on the fixture into `out`, with `extra` options.
pub fn triplets_cmd(out: &Path, extra: &[&str]) -> Command {
    triplets_with(&fixture().gr, out, extra)
}

/// The same with another ground reference.
pub fn triplets_with(gr: &Path, out: &Path, extra: &[&str]) -> Command {
    let f = fixture();
    let mut c = Command::new(env!("CARGO_BIN_EXE_multisenge"));
    c.args(["triplets", "--tile", TILE, "--ground-reference"])
        .arg(gr)
        .arg("--s2")
        .arg(&f.theia)
        .arg("--s1")
        .arg(&f.s1)
        .arg("-o")
        .arg(out)
        .args(extra);
    c
}

pub fn triplets(out: &Path, extra: &[&str]) -> Output {
    triplets_cmd(out, extra).output().unwrap()
}

/// The names in `dir` (sorted), without GDAL's side-cars.
pub fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| !n.ends_with(".aux.xml"))
                .collect()
        })
        .unwrap_or_default();
    n.sort();
    n
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}
