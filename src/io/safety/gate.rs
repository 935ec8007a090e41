//! The input gate and the output gate: what every subcommand and every
//! backend job checks before any work (`jobspec::gate` applies them to a
//! job's parameters), and how the files a job reads whole are read.
//!
//! **Inputs.** A file the job reads is never a special file: a FIFO (whose
//! open blocks until a writer comes), a socket or a device (`/dev/zero` is
//! endless) is refused before anything is opened, and so is a folder where
//! a file is expected. Files read whole ([`read_limited`]: profiles,
//! baselines, partial reports, manifests) are opened without blocking,
//! checked to be regular files on the open handle, and read up to a limit
//! stated in the message when they are larger; files read line by line
//! (listings) have a limit per line ([`read_line_limited`]).
//!
//! **Outputs** ([`check_outputs`]). Before any work, every output path is
//! checked against every input of the run: not the same file (same path,
//! or same inode through a link), not inside a dataset being read, not the
//! same as another output; its folder exists and is writable; a device or
//! FIFO is written through only by the outputs that are streams of text (a
//! report), refused for the files GDAL writes by name (a GeoPackage, a
//! GeoTIFF), never replaced.

use std::fs::File;
use std::io::{self, BufRead, Read};
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::{Component, Path, PathBuf};

use super::atomic::{destination, Destination};
use super::special::special_kind_of;

/// The size limits of the files read whole, bytes.
pub mod limits {
    /// A dataset or generalization profile (TOML).
    pub const PROFILE: u64 = 1 << 20;
    /// A baseline (a JSON report of a whole dataset).
    pub const BASELINE: u64 = 1 << 30;
    /// A partial report of `validate --shard`.
    pub const PARTIAL: u64 = 1 << 30;
    /// An S3 Inventory `manifest.json`.
    pub const MANIFEST: u64 = 16 << 20;
    /// One line of a listing or of an S3 Inventory CSV file.
    pub const LINE: u64 = 64 << 10;
}

/// A size in words: `1 GiB`, `64 KiB`, `300 B`.
pub fn size_words(bytes: u64) -> String {
    for (unit, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)] {
        if bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return format!("{} {unit}", bytes >> shift);
        }
    }
    format!("{bytes} B")
}

/// A GDAL virtual path (`/vsis3/…`, `/vsicurl/…`), not on the local disk
/// (as `io::storage::vfs::is_virtual`, which this room cannot use).
fn is_virtual(path: &Path) -> bool {
    path.to_str().is_some_and(|p| p.starts_with("/vsi"))
}

fn refused(kind: io::ErrorKind, why: impl Into<String>) -> io::Error {
    io::Error::new(kind, why.into())
}

/// Refuses a local input that is a special file, or a folder where a file
/// is expected (`folder_ok` false). A path that is not there passes (the
/// reader says so in its own words); so does a virtual (`/vsi…`) path.
pub fn check_input(path: &Path, folder_ok: bool) -> io::Result<()> {
    if is_virtual(path) {
        return Ok(());
    }
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    if let Some(kind) = special_kind_of(&meta.file_type()) {
        return Err(super::special::not_regular(kind));
    }
    if meta.is_dir() && !folder_ok {
        return Err(refused(
            io::ErrorKind::InvalidInput,
            "is a folder, expected a file; not read",
        ));
    }
    Ok(())
}

/// Opens a local file for reading without blocking on a FIFO, and checks
/// on the open handle that it is a regular file (no race with a swap).
pub fn open_regular(path: &Path) -> io::Result<File> {
    check_input(path, false)?;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let meta = file.metadata()?;
    if let Some(kind) = special_kind_of(&meta.file_type()) {
        return Err(super::special::not_regular(kind));
    }
    if meta.is_dir() {
        return Err(refused(
            io::ErrorKind::InvalidInput,
            "is a folder, expected a file; not read",
        ));
    }
    Ok(file)
}

/// Reads the local file at `path` whole, refusing a special file or a
/// folder, and a file larger than `limit` bytes (`what` names the kind of
/// file in the message: "a baseline").
pub fn read_limited(path: &Path, limit: u64, what: &str) -> io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let too_large = || {
        refused(
            io::ErrorKind::InvalidData,
            format!(
                "is larger than {}, the limit for {what}; not read",
                size_words(limit)
            ),
        )
    };
    if file.metadata()?.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// [`read_limited`] as UTF-8 text.
pub fn read_text_limited(path: &Path, limit: u64, what: &str) -> io::Result<String> {
    String::from_utf8(read_limited(path, limit, what)?)
        .map_err(|_| refused(io::ErrorKind::InvalidData, "is not UTF-8 text"))
}

/// Reads one line (up to and with its `\n`) into `line`, cleared first;
/// a line longer than [`limits::LINE`] is an error (the file is not what
/// it should be, and its line would otherwise be held whole in memory).
/// `Ok(false)` at the end of the file.
pub fn read_line_limited(reader: &mut dyn BufRead, line: &mut Vec<u8>) -> io::Result<bool> {
    line.clear();
    let n = reader.take(limits::LINE + 1).read_until(b'\n', line)?;
    if line.len() as u64 > limits::LINE {
        return Err(refused(
            io::ErrorKind::InvalidData,
            format!(
                "holds a line longer than {}, the limit of a line; not read further",
                size_words(limits::LINE)
            ),
        ));
    }
    Ok(n > 0)
}

/// What an output is, for [`check_outputs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    /// Text the program writes itself (a report): a device or FIFO is
    /// written through.
    Stream,
    /// A file GDAL writes by name (GeoTIFF, GeoPackage): a device or FIFO
    /// is refused.
    File,
    /// A folder written into (created if missing, in an existing folder).
    Folder,
}

/// One output of a run, named as its front end names it (`--output`,
/// `parameter OUTPUT`).
#[derive(Clone, Debug)]
pub struct Output {
    pub name: String,
    pub path: PathBuf,
    pub kind: OutputKind,
}

/// One input of a run: a file read (`dataset` false) or a dataset root
/// whose files are read (`dataset` true).
#[derive(Clone, Debug)]
pub struct Input {
    pub name: String,
    pub path: PathBuf,
    pub dataset: bool,
}

/// Why an input or output was refused.
#[derive(Debug, thiserror::Error)]
#[error("{name} {}: {why}", path.display())]
pub struct GateError {
    /// How the front end names the parameter (`--output`).
    pub name: String,
    pub path: PathBuf,
    pub why: String,
}

/// `path` made absolute and free of `.` and `..`, its symbolic links
/// resolved where it exists (the missing end kept as written).
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => resolved(parent).join(name),
        (_, Some(name)) => std::env::current_dir()
            .map(|d| d.join(name))
            .unwrap_or_else(|_| PathBuf::from(name)),
        _ => lexical(path),
    }
}

/// `.` and `..` removed without looking at the disk.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A file's device and inode numbers.
type Inode = (u64, u64);

/// The device and inode of what `path` names, if it exists.
fn inode(path: &Path) -> Option<Inode> {
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Whether the folder at `dir` can be written into (created files go
/// there); for a folder that does not exist yet, its nearest existing
/// parent.
fn writable(dir: &Path) -> io::Result<()> {
    let mut at = Some(dir);
    while let Some(d) = at {
        let d = if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        };
        if d.exists() {
            let c = std::ffi::CString::new(d.as_os_str().as_encoded_bytes())
                .map_err(|_| refused(io::ErrorKind::InvalidInput, "a NUL in the path"))?;
            // SAFETY: `c` is a NUL-terminated path that outlives the call.
            if unsafe { libc::access(c.as_ptr(), libc::W_OK | libc::X_OK) } != 0 {
                let e = io::Error::last_os_error();
                let why = if e.raw_os_error() == Some(libc::EROFS) {
                    "is on a read-only file system"
                } else {
                    "is not writable (permission denied)"
                };
                return Err(refused(
                    io::ErrorKind::PermissionDenied,
                    format!("the output folder {} {why}", d.display()),
                ));
            }
            return Ok(());
        }
        at = d.parent();
    }
    Ok(())
}

/// Checks, before any work, the outputs of a run against its inputs and
/// each other (see the module's documentation); the first refused output
/// is the error. Standard output (`-`) and virtual paths are not checked.
pub fn check_outputs(outputs: &[Output], inputs: &[Input]) -> Result<(), GateError> {
    let local = |p: &Path| p != Path::new("-") && !is_virtual(p);
    let inputs: Vec<(&Input, PathBuf, Option<Inode>)> = inputs
        .iter()
        .filter(|i| local(&i.path))
        .map(|i| (i, resolved(&i.path), inode(&i.path)))
        .collect();
    let mut seen: Vec<(&Output, PathBuf, Option<Inode>)> = Vec::new();
    for out in outputs.iter().filter(|o| local(&o.path)) {
        let refuse = |why: String| GateError {
            name: out.name.clone(),
            path: out.path.clone(),
            why,
        };
        check_one(out).map_err(|e| refuse(e.to_string()))?;
        let at = resolved(&out.path);
        let node = inode(&out.path);
        for (input, path, input_node) in &inputs {
            let same = *path == at || (node.is_some() && node == *input_node);
            if input.dataset && out.kind != OutputKind::Folder && at.starts_with(path) {
                return Err(refuse(format!(
                    "is inside the dataset {} being read ({}); write it elsewhere",
                    input.path.display(),
                    input.name
                )));
            }
            if same && !input.dataset {
                return Err(refuse(format!(
                    "is also an input of this run ({}); writing it would destroy it",
                    input.name
                )));
            }
        }
        if let Some((other, _, _)) = seen
            .iter()
            .find(|(_, p, n)| *p == at || (node.is_some() && node == *n))
        {
            return Err(refuse(format!(
                "is also given as {}; every output needs its own name",
                other.name
            )));
        }
        seen.push((out, at, node));
    }
    Ok(())
}

/// The checks of one output alone.
fn check_one(out: &Output) -> io::Result<()> {
    if out.kind == OutputKind::Folder {
        return check_output_folder(&out.path);
    }
    match destination(&out.path)? {
        Destination::Direct(target) => {
            let meta = std::fs::metadata(&target)?;
            let what = if meta.file_type().is_fifo() {
                "a FIFO (named pipe)"
            } else {
                "a device"
            };
            if out.kind == OutputKind::File {
                return Err(refused(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "is {what}; this output is a file GDAL writes by name, so it is neither \
                         written to {what} nor put in its place"
                    ),
                ));
            }
            Ok(())
        }
        Destination::File { path, .. } => {
            let dir = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            writable(dir)
        }
    }
}

/// A folder written into: an existing folder (not a file or a special
/// file), or a new name whose parent exists; writable.
pub fn check_output_folder(dir: &Path) -> io::Result<()> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => writable(dir),
        Ok(m) => {
            let what = special_kind_of(&m.file_type()).unwrap_or("a file");
            Err(refused(
                io::ErrorKind::InvalidInput,
                format!("is {what}, expected a folder to write into"),
            ))
        }
        Err(_) if std::fs::symlink_metadata(dir).is_ok() => Err(refused(
            io::ErrorKind::InvalidInput,
            "is a broken symbolic link, expected a folder to write into",
        )),
        Err(_) => writable(dir),
    }
}

/// Whether an I/O error is the user's to fix (a missing, refused or
/// misnamed path, a read-only folder) rather than the system's (a full
/// disk, a failing device): exit code 2 rather than 3.
pub fn is_user_error(e: &io::Error) -> bool {
    use io::ErrorKind as K;
    matches!(
        e.kind(),
        K::NotFound
            | K::InvalidInput
            | K::InvalidData
            | K::PermissionDenied
            | K::AlreadyExists
            | K::ReadOnlyFilesystem
            | K::NotADirectory
            | K::IsADirectory
    ) || matches!(
        e.raw_os_error(),
        Some(libc::EROFS | libc::ENOTDIR | libc::EISDIR | libc::EACCES | libc::EPERM)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(name: &str, path: &Path, kind: OutputKind) -> Output {
        Output {
            name: name.into(),
            path: path.into(),
            kind,
        }
    }

    fn input(name: &str, path: &Path, dataset: bool) -> Input {
        Input {
            name: name.into(),
            path: path.into(),
            dataset,
        }
    }

    #[test]
    fn outputs_onto_inputs_datasets_and_each_other_are_refused() {
        let d = tempfile::tempdir().unwrap();
        let ds = d.path().join("ds");
        std::fs::create_dir_all(ds.join("labels")).unwrap();
        let label = ds.join("labels/a.json");
        std::fs::write(&label, "{}").unwrap();
        let src = d.path().join("src.gpkg");
        std::fs::write(&src, "x").unwrap();
        let link = d.path().join("link.gpkg");
        std::os::unix::fs::symlink(&src, &link).unwrap();
        let hard = d.path().join("hard.gpkg");
        std::fs::hard_link(&src, &hard).unwrap();
        let inputs = [input("DATASET", &ds, true), input("--source", &src, false)];
        let check = |o: Output| check_outputs(&[o], &inputs).map_err(|e| e.to_string());
        let e = check(out("-o", &label, OutputKind::Stream)).unwrap_err();
        assert!(e.contains("is inside the dataset"), "{e}");
        let dotted = d.path().join("ds/./labels/../new.json");
        assert!(check(out("-o", &dotted, OutputKind::Stream)).is_err());
        for same in [&src, &link, &hard] {
            let e = check(out("-o", same, OutputKind::File)).unwrap_err();
            assert!(e.contains("is also an input of this run (--source)"), "{e}");
        }
        let fine = d.path().join("report.json");
        assert!(check(out("-o", &fine, OutputKind::Stream)).is_ok());
        let twice = [
            out("--lost", &d.path().join("x.gpkg"), OutputKind::File),
            out("-o", &d.path().join("./x.gpkg"), OutputKind::Stream),
        ];
        let e = check_outputs(&twice, &inputs).unwrap_err().to_string();
        assert!(e.contains("is also given as --lost"), "{e}");
        // Devices: written through for a stream, refused for GDAL's files.
        let null = Path::new("/dev/null");
        assert!(check(out("-o", null, OutputKind::Stream)).is_ok());
        let e = check(out("--lost", null, OutputKind::File)).unwrap_err();
        assert!(e.contains("is a device"), "{e}");
        // Folders.
        let e = check(out("--patches", &src, OutputKind::Folder)).unwrap_err();
        assert!(e.contains("expected a folder"), "{e}");
        assert!(check(out("--patches", &d.path().join("new"), OutputKind::Folder)).is_ok());
        let e = check(out("-o", &d.path().join("no/r.json"), OutputKind::Stream)).unwrap_err();
        assert!(e.contains("does not exist"), "{e}");
    }

    #[test]
    fn special_files_folders_and_large_files_are_not_read() {
        let d = tempfile::tempdir().unwrap();
        let e = read_limited(Path::new("/dev/zero"), 10, "a test").unwrap_err();
        assert!(e.to_string().contains("character device"), "{e}");
        let e = read_limited(d.path(), 10, "a test").unwrap_err();
        assert!(e.to_string().contains("is a folder"), "{e}");
        let f = d.path().join("f");
        std::fs::write(&f, "0123456789A").unwrap();
        let e = read_limited(&f, 10, "a test").unwrap_err();
        assert_eq!(
            e.to_string(),
            "is larger than 10 B, the limit for a test; not read"
        );
        assert_eq!(read_limited(&f, 11, "a test").unwrap().len(), 11);
        let fifo = d.path().join("fifo");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let e = read_limited(&fifo, 10, "a test").unwrap_err();
        assert!(e.to_string().contains("FIFO"), "{e}");
        assert_eq!(size_words(1 << 30), "1 GiB");
        assert_eq!(size_words(64 << 10), "64 KiB");
    }

    #[test]
    fn lines_are_read_within_their_limit() {
        let mut text = b"short\n".to_vec();
        text.extend(std::iter::repeat(b'x').take(limits::LINE as usize + 10));
        let mut reader = io::BufReader::new(&text[..]);
        let mut line = Vec::new();
        assert!(read_line_limited(&mut reader, &mut line).unwrap());
        assert_eq!(line, b"short\n");
        let e = read_line_limited(&mut reader, &mut line).unwrap_err();
        assert!(e.to_string().contains("longer than 64 KiB"), "{e}");
    }
}
