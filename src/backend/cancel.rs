//! Cancellation of a running job: SIGTERM or SIGINT (what a front end sends
//! when its user presses Cancel) stops the process at once and
//! leaves no partial output.
//!
//! On the signal, a watcher thread
//! 1. cancels every write in flight ([`crate::io::safety::atomic::cancel`]: temporary
//!    files removed, no rename after that point);
//! 2. removes what the job wrote so far: each output file that did not exist
//!    when the job started (and its `.aux.xml`), and in output folders every
//!    file and folder that was not there before;
//! 3. calls `announce` (the `run` command prints `{"cancelled": true}`) and
//!    ends the process with [`EXIT_CANCELLED`].
//!
//! Limit: an output file that existed before and was already replaced (with
//! `--force`) when the signal came keeps its new, complete content.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Exit code of a cancelled job (128 + SIGINT, as shells report it).
pub const EXIT_CANCELLED: i32 = 130;

/// What existed of the outputs before the job.
struct Before {
    /// Output files that did not exist.
    new_files: Vec<PathBuf>,
    /// Output folders and the paths inside them, recursively.
    folders: Vec<(PathBuf, HashSet<PathBuf>)>,
}

fn list_recursive(dir: &Path, into: &mut HashSet<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            list_recursive(&path, into);
        }
        into.insert(path);
    }
}

impl Before {
    fn record(outputs: &[(PathBuf, bool)]) -> Before {
        let mut before = Before {
            new_files: Vec::new(),
            folders: Vec::new(),
        };
        for (path, is_folder) in outputs {
            if *is_folder {
                let mut existing = HashSet::new();
                if path.is_dir() {
                    existing.insert(path.clone());
                    list_recursive(path, &mut existing);
                }
                before.folders.push((path.clone(), existing));
            } else if !path.exists() {
                before.new_files.push(path.clone());
            }
        }
        before
    }

    fn remove_new(&self) {
        for file in &self.new_files {
            let _ = std::fs::remove_file(file);
            let _ = std::fs::remove_file(crate::io::safety::atomic::with_suffix(file, ".aux.xml"));
        }
        for (folder, existing) in &self.folders {
            if !existing.contains(folder) {
                let _ = std::fs::remove_dir_all(folder);
                continue;
            }
            let mut now = HashSet::new();
            list_recursive(folder, &mut now);
            // Deepest first, so that new folders are empty when removed.
            let mut added: Vec<&PathBuf> = now.difference(existing).collect();
            added.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
            for path in added {
                let _ = std::fs::remove_file(path).or_else(|_| std::fs::remove_dir(path));
            }
        }
    }
}

/// Installs the SIGTERM/SIGINT handling described above for a job writing
/// `outputs` (paths, `true` for folders).
pub fn exit_on_signal(outputs: &[(PathBuf, bool)], announce: fn()) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
    ])?;
    let before = Before::record(outputs);
    // The watcher sleeps until a signal comes (no polling).
    std::thread::Builder::new()
        .name("cancel-watch".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                crate::io::safety::atomic::cancel();
                before.remove_new();
                announce();
                std::process::exit(EXIT_CANCELLED);
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_what_appeared() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.tif");
        std::fs::write(&old, "keep").unwrap();
        let out = dir.path().join("new.tif");
        let folder = dir.path().join("patches");
        std::fs::create_dir_all(folder.join("labels")).unwrap();
        std::fs::write(folder.join("labels/kept.json"), "{}").unwrap();
        let fresh = dir.path().join("fresh");
        let before = Before::record(&[
            (old.clone(), false),
            (out.clone(), false),
            (folder.clone(), true),
            (fresh.clone(), true),
        ]);
        std::fs::write(&out, "x").unwrap();
        std::fs::write(
            crate::io::safety::atomic::with_suffix(&out, ".aux.xml"),
            "x",
        )
        .unwrap();
        std::fs::create_dir_all(folder.join("ground_reference")).unwrap();
        std::fs::write(folder.join("ground_reference/a.tif"), "x").unwrap();
        std::fs::write(folder.join("labels/new.json"), "x").unwrap();
        std::fs::create_dir_all(fresh.join("a")).unwrap();
        before.remove_new();
        let mut left = HashSet::new();
        list_recursive(dir.path(), &mut left);
        let mut left: Vec<String> = left
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "old.tif",
                "patches",
                "patches/labels",
                "patches/labels/kept.json"
            ]
        );
    }
}
