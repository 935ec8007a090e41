//! The label files of a dataset folder: listing them and reading each
//! within a size limit (a label file is a few kilobytes; a huge file in
//! the labels folder must not be loaded whole). Local folders and object
//! storage alike, through [`crate::io::storage::vfs`].

use std::fs;
use std::io::Read;
use std::path::Path;

use crate::model::{Dataset, FileKind};

/// Reads a file unless it is larger than `max` bytes (`Ok(None)` then);
/// a special file (FIFO, device, socket) is refused without being read.
/// In object storage, only the first `max + 1` bytes are fetched.
///
/// The file is opened without waiting (`O_NONBLOCK`: a FIFO does not block
/// the open) and its type is then asked of the open file: one path lookup
/// per file instead of two (docs/performance.md, issue 8).
pub fn read_at_most(path: &Path, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    if crate::io::storage::vfs::is_virtual(path) {
        let file = crate::io::storage::vfs::RandomAccess::open(path)?;
        let bytes = file.read_prefix(max.saturating_add(1))?;
        return Ok((bytes.len() as u64 <= max).then_some(bytes));
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    match options.open(path) {
        Ok(file) => read_open(file, max),
        Err(e) => {
            // A socket cannot be opened at all: name what it is.
            crate::io::safety::special::ensure_not_special(path)?;
            Err(e)
        }
    }
}

/// A local folder opened once, whose files are then opened relative to it:
/// the kernel resolves one path component per file instead of the whole
/// path (8 157 label files: docs/performance.md, issue 8). Elsewhere (object
/// storage, or a folder that does not open) files are read by full path.
pub struct OpenFolder {
    path: std::path::PathBuf,
    #[cfg(unix)]
    dir: Option<fs::File>,
}

impl OpenFolder {
    pub fn open(path: &Path) -> OpenFolder {
        OpenFolder {
            path: path.to_path_buf(),
            #[cfg(unix)]
            dir: (!crate::io::storage::vfs::is_virtual(path))
                .then(|| fs::File::open(path).ok())
                .flatten(),
        }
    }

    /// [`read_at_most`] of the folder's file `name`.
    pub fn read_at_most(&self, name: &str, max: u64) -> std::io::Result<Option<Vec<u8>>> {
        #[cfg(unix)]
        if let Some(dir) = &self.dir {
            if let Some(file) = open_in(dir, name) {
                return read_open(file, max);
            }
        }
        read_at_most(&self.path.join(name), max)
    }
}

/// `name` opened for reading in `dir` without waiting (as
/// [`read_at_most`] opens it); `None` when it does not open, so that the
/// caller's open by full path gives the error and its explanation.
#[cfg(unix)]
fn open_in(dir: &fs::File, name: &str) -> Option<fs::File> {
    use std::os::fd::{AsRawFd, FromRawFd};
    let name = std::ffi::CString::new(name).ok()?;
    let flags = libc::O_RDONLY | libc::O_NONBLOCK | libc::O_CLOEXEC;
    // SAFETY: `name` is a NUL-terminated string and `dir` an open folder
    // for the duration of the call.
    let fd = unsafe { libc::openat(dir.as_raw_fd(), name.as_ptr(), flags) };
    // SAFETY: a non-negative result of `openat` is a new descriptor that
    // nothing else owns.
    (fd >= 0).then(|| unsafe { fs::File::from_raw_fd(fd) })
}

/// Reads an open file unless it is larger than `max` bytes.
fn read_open(file: fs::File, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    let meta = file.metadata()?;
    if let Some(kind) = crate::io::safety::special::special_kind_of(&meta.file_type()) {
        return Err(crate::io::safety::special::not_regular(kind));
    }
    let size = meta.len();
    if size > 0 && size <= max {
        // The size known, the bytes it gives are read (one `read` for a
        // label file) and nothing more is asked: what is appended while
        // the file is read is not part of this reading.
        let mut bytes = vec![0; usize::try_from(size).unwrap_or(0)];
        let mut filled = 0;
        let mut file = file;
        while filled < bytes.len() {
            match file.read(&mut bytes[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        bytes.truncate(filled);
        return Ok(Some(bytes));
    }
    // Too large, or a size the file system does not know (0): read up to
    // one byte past the limit.
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

/// The `.json` files of the dataset's labels folder, as paths relative to
/// the root, sorted; other entries are not label files and are left out.
pub fn list(dataset: &Dataset) -> std::io::Result<Vec<String>> {
    let Some(folder) = dataset.folder(FileKind::Label) else {
        return Ok(Vec::new());
    };
    let mut paths = Vec::new();
    for entry in crate::io::storage::vfs::read_dir(&dataset.absolute(&folder.rel))? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.ends_with(".json") && entry.is_dir_entry().is_ok_and(|dir| !dir) {
            paths.push(folder.file_path(name));
        }
    }
    paths.sort_unstable();
    Ok(paths)
}
