//! Whole-file writes that readers never see half done: a temporary file in
//! the destination folder, renamed when complete, readable by all (0644
//! before the umask, like any file a program creates; temporary files are
//! created private).
//!
//! Where the destination is not a plain file:
//! - a symbolic link is written through: its target is replaced, the link
//!   stays;
//! - an existing file keeps its permissions (mode);
//! - a character device or a FIFO (`/dev/stdout`, `/dev/null`, a pipe) is
//!   written directly, never replaced by a regular file; a block device or a
//!   socket is refused, and so is a folder;
//! - a missing destination folder is an error naming the folder
//!   (`NotFound`), never a temporary file's name.
//!
//! Every temporary file or folder is recorded by [`super::journal`] the
//! moment it is made; in a run ([`super::journal::begin`]) finished writes
//! wait for the whole run to succeed before they are renamed into place,
//! and a failed or cancelled run (SIGTERM, SIGINT, SIGHUP) removes them
//! all: no `.multisenge-*` file stays behind and no output appears.
//!
//! SIGKILL cannot be caught: a killed run's output is still never half
//! written (the rename did not happen), but its temporary file or folder
//! stays. Temporary names hold the writing process's id
//! (`.multisenge-PID-…`), and the first write of a later run into that folder
//! removes those whose process no longer exists ([`sweep_stale`]).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::journal::{self, Temp};

/// Cancels every write in flight (see [`journal::cancel`]).
pub fn cancel() -> journal::Cancel {
    journal::cancel()
}

/// Whether the run was cancelled: writers of many files stop early.
pub fn is_cancelled() -> bool {
    journal::is_cancelled()
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

/// The prefix of this process's temporary names: `.multisenge-PID-`.
fn temp_prefix() -> String {
    format!("{STALE_PREFIX}{}-", std::process::id())
}

const STALE_PREFIX: &str = ".multisenge-";

/// Folders already swept by this process.
static SWEPT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

/// Removes from `dir` the temporary files and folders left by processes
/// that no longer run (killed by SIGKILL, or by a power cut): a name
/// `.multisenge-PID-…` whose PID has no `/proc/PID`. Names without a PID,
/// and those of running processes, are left. Done once per folder and
/// process; returns how many entries were removed.
pub fn sweep_stale(dir: &Path) -> usize {
    {
        let mut swept = SWEPT.lock().unwrap_or_else(|e| e.into_inner());
        if !swept
            .get_or_insert_with(HashSet::new)
            .insert(dir.to_path_buf())
        {
            return 0;
        }
    }
    if !Path::new("/proc/self").exists() {
        return 0;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(STALE_PREFIX)) else {
            continue;
        };
        let pid = rest.split('-').next().unwrap_or("");
        if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if Path::new("/proc").join(pid).exists() {
            continue;
        }
        let path = entry.path();
        let gone = match entry.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
        removed += usize::from(gone.is_ok());
    }
    removed
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Where a write really goes.
#[derive(Debug, PartialEq)]
pub enum Destination {
    /// A regular file (existing with this mode, or new), written by
    /// temporary file and rename.
    File { path: PathBuf, mode: Option<u32> },
    /// A character device or FIFO, written directly.
    Direct(PathBuf),
}

fn other(kind: std::io::ErrorKind, path: &Path, what: &str) -> std::io::Error {
    std::io::Error::new(kind, format!("{}: {what}", path.display()))
}

/// Follows symbolic links (also dangling ones: the file is created where
/// the link points) and tells how `path` is to be written.
pub fn destination(path: &Path) -> std::io::Result<Destination> {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let dir = parent_dir(&path);
                if !dir.is_dir() {
                    return Err(other(
                        std::io::ErrorKind::NotFound,
                        dir,
                        "the output folder does not exist",
                    ));
                }
                return Ok(Destination::File { path, mode: None });
            }
            Err(e) => return Err(e),
        };
        let t = meta.file_type();
        if t.is_symlink() {
            let target = std::fs::read_link(&path)?;
            path = parent_dir(&path).join(target);
            continue;
        }
        if t.is_dir() {
            return Err(other(
                std::io::ErrorKind::InvalidInput,
                &path,
                "is a folder; give a file name",
            ));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::{FileTypeExt, PermissionsExt};
            if t.is_char_device() || t.is_fifo() {
                return Ok(Destination::Direct(path));
            }
            if t.is_block_device() || t.is_socket() {
                return Err(other(
                    std::io::ErrorKind::InvalidInput,
                    &path,
                    "is a block device or socket; not written",
                ));
            }
            let mode = Some(meta.permissions().mode() & 0o7777);
            return Ok(Destination::File { path, mode });
        }
        #[cfg(not(unix))]
        return Ok(Destination::File { path, mode: None });
    }
    Err(other(
        std::io::ErrorKind::InvalidInput,
        &path,
        "too many levels of symbolic links",
    ))
}

/// Gives a finished temporary file the mode of the file it replaces, or
/// the usual permissions.
fn set_mode(path: &Path, mode: Option<u32>) -> std::io::Result<()> {
    match mode {
        #[cfg(unix)]
        Some(mode) => {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        }
        _ => make_readable(path),
    }
}

/// An output that cannot be written, found before any output is.
#[derive(Debug, thiserror::Error)]
#[error("cannot write to {}: {source}", path.display())]
pub struct Unwritable {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Checks, before a command writes any of its outputs, that each of
/// `outputs` can be written ([`destination`]: its folder exists, it is not
/// a folder, a block device or a socket); `None` and `-` (standard output)
/// are skipped. The first that cannot is the error.
pub fn check_writable<'a>(
    outputs: impl IntoIterator<Item = Option<&'a Path>>,
) -> Result<(), Unwritable> {
    for path in outputs
        .into_iter()
        .flatten()
        .filter(|p| *p != Path::new("-"))
    {
        destination(path).map_err(|source| Unwritable {
            path: path.to_path_buf(),
            source,
        })?;
    }
    Ok(())
}

/// Writes `content` to `path` atomically (see the module's documentation
/// for links, devices and FIFOs).
pub fn write_bytes(path: &Path, content: &[u8]) -> std::io::Result<()> {
    write_bytes_with(path, content, true)
}

/// [`write_bytes`] without waiting for the bytes to reach the disk: for a
/// file the next run can do without (the validation cache). Readers see
/// the old file or the new one whole; only a crash of the machine can
/// leave a part, which such a file's reader must detect (the cache's
/// length and checksum).
pub fn write_bytes_unsynced(path: &Path, content: &[u8]) -> std::io::Result<()> {
    write_bytes_with(path, content, false)
}

fn write_bytes_with(path: &Path, content: &[u8], sync: bool) -> std::io::Result<()> {
    let (path, mode) = match destination(path)? {
        Destination::Direct(path) => {
            let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
            return file.write_all(content).and_then(|()| file.flush());
        }
        Destination::File { path, mode } => (path, mode),
    };
    let dir = parent_dir(&path);
    sweep_stale(dir);
    let mut tmp = journal::make_temp(|| {
        tempfile::Builder::new()
            .prefix(&temp_prefix())
            .tempfile_in(dir)
            .map(Temp::File)
            .map_err(|e| in_folder(dir, e))
    })?;
    let written = match &mut tmp {
        Temp::File(f) => f
            .write_all(content)
            .and_then(|()| match sync {
                true => f.as_file().sync_all(),
                false => Ok(()),
            })
            .and_then(|()| set_mode(f.path(), mode)),
        Temp::Dir(_) => Ok(()),
    };
    if let Err(e) = written {
        journal::forget(tmp);
        return Err(e);
    }
    let from = tmp.path().to_path_buf();
    journal::publish(tmp, vec![journal::Move::rename(from, path)])
}

/// An error making a temporary file in `dir`, naming the folder (never the
/// temporary file's name, which the user never chose).
fn in_folder(dir: &Path, e: std::io::Error) -> std::io::Error {
    let why = match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            "the output folder is not writable (permission denied)".to_string()
        }
        std::io::ErrorKind::NotFound => "the output folder does not exist".to_string(),
        _ => format!("cannot write in the output folder: {}", plain(&e)),
    };
    other(e.kind(), dir, &why)
}

/// An I/O error's text without tempfile's "at path …" addition.
fn plain(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" at path ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Writes a file that a library (GDAL) creates by name: `write` receives a
/// path inside a private temporary folder beside `path`; when it succeeds,
/// the file and its side-cars (`path` + each of `sidecars`, e.g.
/// `.aux.xml`, when the library wrote one) are renamed into place, side-cars
/// first. The folder is removed whatever happens. An existing `path` is
/// only replaced when `overwrite`; a symbolic link is written through and
/// keeps pointing at the new file, which keeps the old one's mode; a
/// device or FIFO is refused (a library writes files, not streams).
pub fn write_with<E>(
    path: &Path,
    overwrite: bool,
    sidecars: &[&str],
    write: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), WriteWithError<E>> {
    if path.exists() && !overwrite {
        return Err(WriteWithError::Exists);
    }
    journal::create_dir_all(parent_dir(path)).map_err(WriteWithError::Io)?;
    let (path, mode) = match destination(path).map_err(WriteWithError::Io)? {
        Destination::File { path, mode } => (path, mode),
        Destination::Direct(p) => {
            return Err(WriteWithError::Io(other(
                std::io::ErrorKind::InvalidInput,
                &p,
                "is a device or FIFO; a raster is written to a regular file",
            )))
        }
    };
    let path = path.as_path();
    let dir = parent_dir(path);
    sweep_stale(dir);
    let tmp = journal::make_temp(|| {
        tempfile::Builder::new()
            .prefix(&temp_prefix())
            .tempdir_in(dir)
            .map(Temp::Dir)
            .map_err(|e| in_folder(dir, e))
    })
    .map_err(WriteWithError::Io)?;
    let name = path.file_name().unwrap_or(std::ffi::OsStr::new("out"));
    let inner = tmp.path().join(name);
    let result = (|| {
        write(&inner).map_err(WriteWithError::Write)?;
        let mut moves = Vec::new();
        for suffix in sidecars {
            let side = with_suffix(&inner, suffix);
            let target = with_suffix(path, suffix);
            if side.exists() {
                make_readable(&side).map_err(WriteWithError::Io)?;
                moves.push(journal::Move::rename(side, target));
            } else if overwrite && target.is_file() {
                // An earlier run's side-car would describe another file.
                moves.push(journal::Move {
                    from: PathBuf::new(),
                    to: target,
                    how: journal::How::Remove,
                });
            }
        }
        set_mode(&inner, mode).map_err(WriteWithError::Io)?;
        moves.push(journal::Move::rename(inner.clone(), path.to_path_buf()));
        Ok(moves)
    })();
    match result {
        Ok(moves) => journal::publish(tmp, moves).map_err(WriteWithError::Io),
        Err(e) => {
            journal::forget(tmp);
            Err(e)
        }
    }
}

/// Writes a folder of files that readers never see half done: `write`
/// fills a private temporary folder beside `path`, which then takes its
/// place (a rename; with `overwrite`, an existing folder is swapped out in
/// one step, `renameat2`'s exchange, and removed after). An existing
/// folder that is not empty is only replaced when `overwrite`; an empty
/// one is replaced; a file at `path` is refused. A cancelled or killed run
/// leaves `path` as it was (see the module's documentation for what is
/// left of the temporary folder after SIGKILL).
pub fn write_folder<E>(
    path: &Path,
    overwrite: bool,
    write: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), WriteWithError<E>> {
    let existing = match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => Some(
            std::fs::read_dir(path)
                .map_err(WriteWithError::Io)?
                .next()
                .is_some(),
        ),
        Ok(_) => {
            return Err(WriteWithError::Io(other(
                std::io::ErrorKind::InvalidInput,
                path,
                "exists and is not a folder",
            )))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(WriteWithError::Io(e)),
    };
    if existing == Some(true) && !overwrite {
        return Err(WriteWithError::Exists);
    }
    let dir = parent_dir(path);
    if !dir.is_dir() {
        return Err(WriteWithError::Io(other(
            std::io::ErrorKind::NotFound,
            dir,
            "the output folder does not exist",
        )));
    }
    sweep_stale(dir);
    let tmp = journal::make_temp(|| {
        tempfile::Builder::new()
            .prefix(&temp_prefix())
            .tempdir_in(dir)
            .map(Temp::Dir)
            .map_err(|e| in_folder(dir, e))
    })
    .map_err(WriteWithError::Io)?;
    let result = (|| {
        write(tmp.path()).map_err(WriteWithError::Write)?;
        make_readable_dir(tmp.path()).map_err(WriteWithError::Io)
    })();
    if let Err(e) = result {
        journal::forget(tmp);
        return Err(e);
    }
    let how = match existing {
        // The temporary folder then holds the old one, removed after.
        Some(true) => journal::How::Exchange,
        _ => journal::How::Rename,
    };
    let step = journal::Move {
        from: tmp.path().to_path_buf(),
        to: path.to_path_buf(),
        how,
    };
    journal::publish(tmp, vec![step]).map_err(WriteWithError::Io)
}

/// A finished temporary folder gets the usual permissions (0755 before the
/// umask; temporary folders are created private).
fn make_readable_dir(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
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
    #[test]
    fn stale_temporaries_of_dead_processes_are_swept_once() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path();
        // 999999999 is above any Linux pid_max (4 194 304 at most).
        std::fs::write(p.join(".multisenge-999999999-a.json"), "x").unwrap();
        std::fs::create_dir(p.join(".multisenge-999999999-b")).unwrap();
        std::fs::write(p.join(".multisenge-999999999-b/o.tif"), "x").unwrap();
        let mine = format!(".multisenge-{}-c", std::process::id());
        std::fs::write(p.join(&mine), "x").unwrap();
        std::fs::write(p.join(".multisenge-old"), "x").unwrap();
        std::fs::write(p.join("report.json"), "x").unwrap();
        assert_eq!(sweep_stale(p), 2);
        let mut left: Vec<String> = std::fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut want = vec![".multisenge-old".to_string(), mine, "report.json".into()];
        want.sort();
        assert_eq!(left, want);
        std::fs::write(p.join(".multisenge-999999999-d"), "x").unwrap();
        assert_eq!(sweep_stale(p), 0, "once per folder and process");
    }

    use super::*;

    #[cfg(unix)]
    #[test]
    fn links_are_written_through_modes_kept_and_devices_not_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink("real.txt", &link).unwrap();
        write_bytes(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // A dangling link: the file is created where it points.
        let dangling = dir.path().join("dangling.txt");
        std::os::unix::fs::symlink("made.txt", &dangling).unwrap();
        write_bytes(&dangling, b"made").unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("made.txt")).unwrap(),
            "made"
        );
        // /dev/null is written, not replaced.
        write_bytes(Path::new("/dev/null"), b"x").unwrap();
        let t = std::fs::metadata("/dev/null").unwrap().file_type();
        assert!(std::os::unix::fs::FileTypeExt::is_char_device(&t));
        assert_eq!(
            destination(Path::new("/dev/null")).unwrap(),
            Destination::Direct("/dev/null".into())
        );
        // A missing folder is named, with no temporary file name.
        let err = write_bytes(&dir.path().join("no/such/out.txt"), b"x").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
        assert!(
            err.to_string().contains("the output folder does not exist"),
            "{err}"
        );
        assert!(!err.to_string().contains(".multisenge-"), "{err}");
    }

    #[test]
    fn write_folder_refuses_a_full_folder_unless_overwrite_and_swaps_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("catalog");
        let fill = |text: &'static str| {
            move |p: &Path| -> Result<(), std::io::Error> { std::fs::write(p.join("a.json"), text) }
        };
        write_folder(&out, false, fill("1")).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.json")).unwrap(), "1");
        let again = write_folder(&out, false, fill("2"));
        assert!(matches!(again, Err(WriteWithError::Exists)));
        assert_eq!(std::fs::read_to_string(out.join("a.json")).unwrap(), "1");
        std::fs::write(out.join("old.json"), "x").unwrap();
        write_folder(&out, true, fill("3")).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.json")).unwrap(), "3");
        assert!(
            !out.join("old.json").exists(),
            "the old folder is gone whole"
        );
        // A writer that fails leaves the folder as it was, and no temporary.
        let failed = write_folder(&out, true, |p| {
            std::fs::write(p.join("a.json"), "half")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(matches!(failed, Err(WriteWithError::Write(_))));
        assert_eq!(std::fs::read_to_string(out.join("a.json")).unwrap(), "3");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
        // An empty folder is replaced; a file is refused.
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        write_folder(&empty, false, fill("4")).unwrap();
        assert!(empty.join("a.json").exists());
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(matches!(
            write_folder(&file, true, fill("5")),
            Err(WriteWithError::Io(_))
        ));
    }

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
