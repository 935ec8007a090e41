//! Special files (FIFO, character or block device, socket) are never opened
//! for reading as data: opening a FIFO blocks until a writer comes, and a
//! device can be endless. Every reader of dataset files checks the file type
//! first (following symbolic links).

use std::path::Path;

/// What kind of special file `path` is, or `None` for a regular file, a
/// folder or a path that cannot be examined (the open that follows reports
/// that).
pub fn special_kind(path: &Path) -> Option<&'static str> {
    let meta = std::fs::metadata(path).ok()?;
    special_kind_of(&meta.file_type())
}

/// As [`special_kind`], from a file type already known.
pub fn special_kind_of(t: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    let _ = t;
    None
}

/// `Err` (kind `InvalidInput`, "is a FIFO …, not a regular file") when
/// `path` is a special file.
pub fn ensure_not_special(path: &Path) -> std::io::Result<()> {
    match special_kind(path) {
        Some(kind) => Err(not_regular(kind)),
        None => Ok(()),
    }
}

/// The error for a special file of `kind` (from [`special_kind_of`]).
pub fn not_regular(kind: &str) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("is {kind}, not a regular file; not read"),
    )
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn regular_files_pass_and_devices_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a");
        std::fs::write(&file, "x").unwrap();
        assert!(ensure_not_special(&file).is_ok());
        assert!(ensure_not_special(&dir.path().join("missing")).is_ok());
        let err = ensure_not_special(Path::new("/dev/null")).unwrap_err();
        assert!(err.to_string().contains("character device"), "{err}");
    }
}
