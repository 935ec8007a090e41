//! Whole-file writes that readers never see half done: a temporary file in
//! the destination folder, renamed when complete, readable by all (0644
//! before the umask, like any file a program creates; temporary files are
//! created private).
//!
//! Every temporary file or folder in flight is recorded, so that a cancelled
//! run ([`cancel`], called when `multisenge run` receives SIGTERM or SIGINT)
//! can remove them before the process exits: a cancelled job leaves no
//! `.multisenge-*` file behind, and no rename happens after the cancellation.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary paths in flight, and whether the process was cancelled.
static IN_FLIGHT: Mutex<(bool, Option<HashSet<PathBuf>>)> = Mutex::new((false, None));

fn cancelled_error() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::Interrupted, "cancelled")
}

/// Records a temporary path; refused once the process is cancelled.
fn track(path: &Path) -> std::io::Result<()> {
    let mut state = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    if state.0 {
        return Err(cancelled_error());
    }
    state.1.get_or_insert_with(HashSet::new).insert(path.into());
    Ok(())
}

fn untrack(path: &Path) {
    let mut state = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(set) = state.1.as_mut() {
        set.remove(path);
    }
}

/// Renames `from` to `to` unless the process was cancelled (checked under
/// the same lock [`cancel`] takes, so no output appears after it).
fn rename_unless_cancelled(from: &Path, to: &Path) -> std::io::Result<()> {
    let state = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    if state.0 {
        return Err(cancelled_error());
    }
    std::fs::rename(from, to)
}

/// Cancels every write in flight: removes the temporary files and folders
/// and makes later writes fail. Returns how many paths were removed.
pub fn cancel() -> usize {
    let mut state = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    state.0 = true;
    let mut removed = 0;
    for path in state.1.take().unwrap_or_default() {
        let gone = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed += usize::from(gone.is_ok());
    }
    removed
}

/// Gives a finished temporary file the usual permissions.
pub fn make_readable(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A private temporary folder beside `path`, for writers (GDAL's) that need
/// a file name rather than a handle: the file is complete before it is
/// renamed onto `path`, and the folder goes away whatever happens.
pub fn temp_dir_beside(path: &Path) -> std::io::Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix(".multisenge-")
        .tempdir_in(parent_dir(path))
}

/// Writes `content` to `path` atomically.
pub fn write_bytes(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".multisenge-")
        .tempfile_in(parent_dir(path))?;
    track(tmp.path())?;
    let result = (|| {
        tmp.write_all(content)?;
        tmp.as_file().sync_all()?;
        make_readable(tmp.path())?;
        rename_unless_cancelled(tmp.path(), path)
    })();
    untrack(tmp.path());
    result
}

/// Writes a file that a library (GDAL) creates by name: `write` receives a
/// path inside a private temporary folder beside `path`; when it succeeds,
/// the file and its side-cars (`path` + each of `sidecars`, e.g.
/// `.aux.xml`, when the library wrote one) are renamed into place, side-cars
/// first. The folder is removed whatever happens. An existing `path` is
/// only replaced when `overwrite`.
pub fn write_with<E>(
    path: &Path,
    overwrite: bool,
    sidecars: &[&str],
    write: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), WriteWithError<E>> {
    if path.exists() && !overwrite {
        return Err(WriteWithError::Exists);
    }
    let dir = parent_dir(path);
    std::fs::create_dir_all(dir).map_err(WriteWithError::Io)?;
    let tmp = tempfile::Builder::new()
        .prefix(".multisenge-")
        .tempdir_in(dir)
        .map_err(WriteWithError::Io)?;
    track(tmp.path()).map_err(WriteWithError::Io)?;
    let result = (|| {
        let name = path.file_name().unwrap_or(std::ffi::OsStr::new("out"));
        let inner = tmp.path().join(name);
        write(&inner).map_err(WriteWithError::Write)?;
        for suffix in sidecars {
            let side = with_suffix(&inner, suffix);
            if side.exists() {
                make_readable(&side).map_err(WriteWithError::Io)?;
                rename_unless_cancelled(&side, &with_suffix(path, suffix))
                    .map_err(WriteWithError::Io)?;
            }
        }
        make_readable(&inner).map_err(WriteWithError::Io)?;
        rename_unless_cancelled(&inner, path).map_err(WriteWithError::Io)
    })();
    untrack(tmp.path());
    result
}

/// `path` with `suffix` appended to its file name (`a.tif` → `a.tif.aux.xml`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Why [`write_with`] failed.
#[derive(Debug)]
pub enum WriteWithError<E> {
    /// The destination exists and overwriting was not asked for.
    Exists,
    /// The temporary folder or a rename failed (or the run was cancelled).
    Io(std::io::Error),
    /// The writer failed.
    Write(E),
}

impl<E: std::fmt::Display> std::fmt::Display for WriteWithError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteWithError::Exists => f.write_str("exists; use --force to overwrite it"),
            WriteWithError::Io(e) => write!(f, "{e}"),
            WriteWithError::Write(e) => write!(f, "{e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_with_renames_the_file_and_its_sidecars_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a.tif");
        write_with(
            &out,
            false,
            &[".aux.xml"],
            |p| -> Result<(), std::io::Error> {
                std::fs::write(p, "tif")?;
                std::fs::write(with_suffix(p, ".aux.xml"), "pam")
            },
        )
        .unwrap();
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.tif", "a.tif.aux.xml"]);
        let again = write_with(&out, false, &[], |_| Ok::<(), std::io::Error>(()));
        assert!(matches!(again, Err(WriteWithError::Exists)));
        let failed = write_with(&dir.path().join("b.tif"), false, &[], |p| {
            std::fs::write(p, "half")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(matches!(failed, Err(WriteWithError::Write(_))));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
