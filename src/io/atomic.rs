//! Whole-file writes that readers never see half done: a temporary file in
//! the destination folder, renamed when complete, readable by all (0644
//! before the umask, like any file a program creates; temporary files are
//! created private).

use std::io::Write;
use std::path::Path;

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

/// A private temporary folder beside `path`, for writers (GDAL's) that need
/// a file name rather than a handle: the file is complete before it is
/// renamed onto `path`, and the folder goes away whatever happens.
pub fn temp_dir_beside(path: &Path) -> std::io::Result<tempfile::TempDir> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    tempfile::Builder::new()
        .prefix(".multisenge-")
        .tempdir_in(dir)
}

/// Writes `content` to `path` atomically.
pub fn write_bytes(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(content)?;
    tmp.as_file().sync_all()?;
    make_readable(tmp.path())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
