//! The label files of a dataset folder: listing them and reading each
//! within a size limit (a label file is a few kilobytes; a huge file in
//! the labels folder must not be loaded whole). Local folders and object
//! storage alike, through [`super::vfs`].

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
    if super::vfs::is_virtual(path) {
        let file = super::vfs::RandomAccess::open(path)?;
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
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) => {
            // A socket cannot be opened at all: name what it is.
            super::special::ensure_not_special(path)?;
            return Err(e);
        }
    };
    let meta = file.metadata()?;
    if let Some(kind) = super::special::special_kind_of(&meta.file_type()) {
        return Err(super::special::not_regular(kind));
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
    for entry in super::vfs::read_dir(&dataset.absolute(&folder.rel))? {
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
