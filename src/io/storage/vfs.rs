//! The dataset's files wherever they are: a local (or mounted) folder, read
//! with `std::fs`, or object storage through GDAL's virtual file systems
//! (`/vsis3/bucket/prefix`, `/vsigs/…`, `/vsiaz/…`, `/vsicurl/…`, and
//! `/vsimem/…` in memory), configured as GDAL is (`AWS_S3_ENDPOINT`,
//! `AWS_HTTPS`, `AWS_VIRTUAL_HOSTING`, credentials from the environment).
//!
//! A path is *virtual* when it starts with `/vsi`; anything else is local
//! and behaves exactly as `std::fs` does (symbolic links followed, special
//! files seen as such). For a virtual path:
//!
//! * a folder is listed with `VSIOpenDir` (one level): on S3 one
//!   `ListObjects` request per 1 000 names, each name with its size and
//!   whether it is a "folder" (a common prefix), so no request per file;
//! * a file is read with `VSIFOpenExL` / `VSIFSeekL` / `VSIFReadL`: ranged
//!   `GET`s of `CPL_VSIL_CURL_CHUNK_SIZE` bytes (16 KB by default), kept in
//!   GDAL's block cache, which the GDAL driver opening the same file shares;
//!   only the bytes asked for are fetched, never the whole object;
//! * a failure is an [`std::io::Error`] carrying GDAL's message ("The
//!   specified bucket does not exist", "The AWS Access Key Id you provided
//!   does not exist in our records", "CURL error: Failed to connect…"),
//!   of kind `NotFound` for a missing bucket or object and
//!   `PermissionDenied` for refused credentials.
//!
//! Object storage has no symbolic links, special files or empty folders,
//! and its names are UTF-8, so the findings about those never arise there.

use std::ffi::{CStr, CString, OsString};
use std::fs;
use std::io;
use std::os::raw::{c_char, c_int};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gdal_sys::{VSIDIREntry, VSIStatBufL, VSILFILE};

// From cpl_vsi_error.h, which gdal-sys does not bind.
extern "C" {
    fn VSIErrorReset();
    fn VSIGetLastErrorNo() -> c_int;
    fn VSIGetLastErrorMsg() -> *const c_char;
}

/// `VSIStatExL` flags (cpl_vsi.h).
const STAT_EXISTS: c_int = 0x1;
const STAT_NATURE: c_int = 0x2;
const STAT_SIZE: c_int = 0x4;
const STAT_SET_ERROR: c_int = 0x8;
/// `VSIE_BucketNotFound`, `VSIE_ObjectNotFound`.
const NOT_FOUND: [c_int; 2] = [7, 8];
/// `VSIE_AccessDenied`, `VSIE_InvalidCredentials`, `VSIE_SignatureDoesNotMatch`.
const DENIED: [c_int; 3] = [6, 9, 10];
/// `VSIE_ObjectNotFound`: the key (or prefix) is not there, the bucket is.
const OBJECT_NOT_FOUND: c_int = 8;

/// Whether `path` goes through GDAL's virtual file systems.
///
/// ```
/// use std::path::Path;
/// use multisenge::io::storage::vfs::is_virtual;
/// assert!(is_virtual(Path::new("/vsis3/bucket/multisenge")));
/// assert!(!is_virtual(Path::new("/data/multisenge")));
/// assert!(!is_virtual(Path::new("vsis3/bucket")));
/// ```
pub fn is_virtual(path: &Path) -> bool {
    path.to_str().is_some_and(|p| p.starts_with("/vsi"))
}

/// Sets GDAL's configuration options for many small reads, once per process.
pub fn configure() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        for (key, value) in [
            ("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR"),
            ("GDAL_PAM_ENABLED", "NO"),
            ("GTIFF_POINT_GEO_IGNORE", "NO"),
            ("CPL_DEBUG", "OFF"),
        ] {
            // A refused option only costs speed; nothing to report.
            let _ = gdal::config::set_config_option(key, value);
        }
        // Errors reach the findings through the returned values; GDAL's
        // default handler would also print each of them on standard error.
        super::http::collect_gdal_messages();
    });
}

/// Configures GDAL for a dataset at `root`: for object storage, the
/// options of [`configure`] (no sidecar probing, which would cost a listing
/// per file) and the HTTP settings ([`super::http::HTTP_SETTINGS`]: a value
/// the user set is kept, once checked against its range); nothing for a
/// local root.
pub fn configure_for(root: &Path) -> Result<(), super::http::BadHttpSetting> {
    if !is_virtual(root) {
        return Ok(());
    }
    configure();
    super::http::apply_settings()
}

/// Virtual file systems of object storage: a prefix is a folder only when
/// it holds objects, which a listing then returns.
const OBJECT_STORES: [&str; 6] = [
    "/vsis3/",
    "/vsigs/",
    "/vsiaz/",
    "/vsiadls/",
    "/vsioss/",
    "/vsiswift/",
];

/// Checks that GDAL can list the folder at `root`. In object storage a
/// prefix that is a folder can be listed (no request made here); elsewhere
/// (`/vsicurl/`: a plain HTTP server, whose index page GDAL may not read)
/// the folder is listed once, and no name at all is an error, rather than
/// a dataset of "0 patches, 0 errors".
pub fn check_listable(root: &Path) -> io::Result<()> {
    let text = root.to_string_lossy();
    if !is_virtual(root) || OBJECT_STORES.iter().any(|p| text.starts_with(p)) {
        return Ok(());
    }
    if read_dir(root)?.next().is_none() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "GDAL lists no file there (a plain HTTP server gives no listing GDAL reads): \
             serve the dataset from object storage (/vsis3/, /vsigs/, /vsiaz/), or give its \
             names with --listing",
        ));
    }
    Ok(())
}

/// The storage's own URL of a virtual path, ending in `/`, for reports
/// that want a URI base (SARIF): `/vsis3/b/k` is `s3://b/k/`, `/vsigs/b/k`
/// `gs://b/k/`, `/vsicurl/https://host/k` `https://host/k/`; `None` for a
/// local path or another virtual file system.
///
/// ```
/// use std::path::Path;
/// use multisenge::io::storage::vfs::storage_url;
/// assert_eq!(storage_url(Path::new("/vsis3/bucket/data")).as_deref(), Some("s3://bucket/data/"));
/// assert_eq!(storage_url(Path::new("/vsicurl/https://h.org/d/")).as_deref(), Some("https://h.org/d/"));
/// assert_eq!(storage_url(Path::new("/data")), None);
/// ```
pub fn storage_url(path: &Path) -> Option<String> {
    let text = path.to_str()?;
    let url = [
        ("/vsis3/", "s3://"),
        ("/vsigs/", "gs://"),
        ("/vsicurl/", ""),
    ]
    .iter()
    .find_map(|(prefix, scheme)| Some(format!("{scheme}{}", text.strip_prefix(prefix)?)))?;
    Some(if url.ends_with('/') { url } else { url + "/" })
}

/// What is known of a file or folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Metadata {
    dir: bool,
    file: bool,
    len: u64,
}

impl Metadata {
    pub fn is_dir(&self) -> bool {
        self.dir
    }
    /// A regular file (or an object in object storage).
    pub fn is_file(&self) -> bool {
        self.file
    }
    pub fn len(&self) -> u64 {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// A folder (`dir`) or a file of unknown length, as a listing says.
    pub fn of_kind(dir: bool) -> Metadata {
        Metadata {
            dir,
            file: !dir,
            len: 0,
        }
    }
}

impl From<fs::Metadata> for Metadata {
    fn from(m: fs::Metadata) -> Metadata {
        Metadata {
            dir: m.is_dir(),
            file: m.is_file(),
            len: m.len(),
        }
    }
}

fn c_path(path: &Path) -> io::Result<CString> {
    let text = path
        .to_str()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "a GDAL path must be UTF-8"))?;
    CString::new(text).map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a NUL in a path"))
}

/// GDAL's last error on this thread, as an [`io::Error`]; `doing` says
/// what failed when GDAL left a number but no message. A failure GDAL
/// says nothing about is a path that is not there.
fn last_error(doing: &str) -> io::Error {
    last_error_numbered(doing).1
}

/// [`last_error`] with GDAL's error number (`VSIE_*`, 0 for none).
fn last_error_numbered(doing: &str) -> (c_int, io::Error) {
    // SAFETY: both read GDAL's thread-local error state; the message is
    // copied before any other GDAL call.
    let (number, message) = unsafe {
        let number = VSIGetLastErrorNo();
        let mut message = text_of(VSIGetLastErrorMsg());
        if message.is_empty() {
            message = text_of(gdal_sys::CPLGetLastErrorMsg());
        }
        (number, message)
    };
    let silent = number == 0 && message.trim().is_empty();
    let kind = if NOT_FOUND.contains(&number) || silent {
        io::ErrorKind::NotFound
    } else if DENIED.contains(&number) {
        io::ErrorKind::PermissionDenied
    } else {
        io::ErrorKind::Other
    };
    let message = match message.trim() {
        "" if number == OBJECT_NOT_FOUND || silent => "No such file or directory".to_string(),
        "" => format!("GDAL cannot {doing}"),
        text => text.to_string(),
    };
    (number, io::Error::new(kind, message))
}

/// # Safety
/// `text` is null or a NUL-terminated string.
unsafe fn text_of(text: *const c_char) -> String {
    if text.is_null() {
        String::new()
    } else {
        CStr::from_ptr(text).to_string_lossy().into_owned()
    }
}

fn reset_errors() {
    // SAFETY: resets GDAL's thread-local error state.
    unsafe {
        VSIErrorReset();
        gdal_sys::CPLErrorReset();
    }
}

/// `VSIStatExL` with error reporting.
fn vsi_stat(path: &Path, flags: c_int) -> io::Result<Metadata> {
    vsi_stat_numbered(path, flags).map_err(|(_, e)| e)
}

/// [`vsi_stat`] keeping GDAL's error number.
fn vsi_stat_numbered(path: &Path, flags: c_int) -> Result<Metadata, (c_int, io::Error)> {
    let c = c_path(path).map_err(|e| (0, e))?;
    reset_errors();
    // SAFETY: `VSIStatBufL` is the C library's `struct stat64`, which
    // GDAL fills (the bindings leave it opaque); `c` outlives the call.
    let (status, stat) = unsafe {
        let mut stat: libc::stat64 = std::mem::zeroed();
        let buffer = (&mut stat as *mut libc::stat64).cast::<VSIStatBufL>();
        let status = gdal_sys::VSIStatExL(c.as_ptr(), buffer, flags | STAT_SET_ERROR);
        (status, stat)
    };
    if status != 0 {
        return Err(last_error_numbered("examine the path"));
    }
    Ok(Metadata {
        dir: is_dir_mode(stat.st_mode),
        file: is_file_mode(stat.st_mode),
        len: u64::try_from(stat.st_size).unwrap_or(0),
    })
}

fn is_dir_mode(mode: u32) -> bool {
    mode & 0o170_000 == 0o040_000
}

fn is_file_mode(mode: u32) -> bool {
    mode & 0o170_000 == 0o100_000
}

/// What `path` is, following symbolic links (`std::fs::metadata`).
pub fn metadata(path: &Path) -> io::Result<Metadata> {
    if is_virtual(path) {
        vsi_stat(path, STAT_EXISTS | STAT_NATURE | STAT_SIZE)
    } else {
        fs::metadata(path).map(Metadata::from)
    }
}

/// Whether `path` is a folder (a prefix holding objects, in object storage).
pub fn is_dir(path: &Path) -> bool {
    if is_virtual(path) {
        metadata(path).is_ok_and(|m| m.is_dir())
    } else {
        path.is_dir()
    }
}

/// Whether `path` is a regular file.
pub fn is_file(path: &Path) -> bool {
    if is_virtual(path) {
        metadata(path).is_ok_and(|m| m.is_file())
    } else {
        path.is_file()
    }
}

/// Whether `path` is a folder: `Ok(false)` when it is something else or is
/// not there; `Err` when object storage cannot be asked (missing bucket,
/// refused credentials, unreachable endpoint), with GDAL's reason.
pub fn folder_status(path: &Path) -> io::Result<bool> {
    if !is_virtual(path) {
        return Ok(path.is_dir());
    }
    match vsi_stat_numbered(path, STAT_EXISTS | STAT_NATURE) {
        Ok(m) => Ok(m.is_dir()),
        // The bucket is there, the prefix holds nothing (or GDAL said
        // nothing, as for a missing `/vsimem/` path).
        Err((OBJECT_NOT_FOUND | 0, e)) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err((_, e)) => Err(super::http::with_hint(e)),
    }
}

/// Whether something is at `path` that cannot be examined (a broken
/// symbolic link, a file without permission): listing it then fails with a
/// finding that says why. Never the case in object storage.
pub fn is_there_but_unreadable(path: &Path) -> bool {
    !is_virtual(path) && path.symlink_metadata().is_ok() && fs::metadata(path).is_err()
}

/// Whether the folder at `path` can be listed (read permission) and its
/// entries looked at (search permission): `path/.` is reached only through
/// the folder itself. In object storage, a prefix holding objects (its
/// listing, done next, says whether it can be read).
pub fn enter(path: &Path) -> io::Result<()> {
    if is_virtual(path) {
        if metadata(path)?.is_dir() {
            return Ok(());
        }
        return Err(io::Error::other("not a folder"));
    }
    fs::read_dir(path)?;
    fs::metadata(path.join(".")).map(drop)
}

/// Where a symbolic link points, for the message about a broken one.
pub fn read_link(path: &Path) -> Option<PathBuf> {
    if is_virtual(path) {
        None
    } else {
        fs::read_link(path).ok()
    }
}

/// One entry of a folder listing.
pub enum DirEntry {
    Local(fs::DirEntry),
    Virtual {
        path: PathBuf,
        name: OsString,
        /// From the listing, when GDAL knew it.
        known: Option<Metadata>,
        /// The object's size, time and ETag as the listing gave them
        /// (`None` when it gave none of them).
        listed: Option<Box<super::listed::Listed>>,
    },
    /// An entry of a [`crate::io::storage::listing::Listing`] whose type could not be
    /// read when the listing was made (a broken symbolic link).
    Failed {
        path: PathBuf,
        name: OsString,
        error: String,
    },
}

impl DirEntry {
    pub fn file_name(&self) -> OsString {
        match self {
            DirEntry::Local(e) => e.file_name(),
            DirEntry::Virtual { name, .. } | DirEntry::Failed { name, .. } => name.clone(),
        }
    }

    pub fn path(&self) -> PathBuf {
        match self {
            DirEntry::Local(e) => e.path(),
            DirEntry::Virtual { path, .. } | DirEntry::Failed { path, .. } => path.clone(),
        }
    }

    /// What the entry is, following symbolic links; in object storage,
    /// from the listing (no request).
    pub fn metadata(&self) -> io::Result<Metadata> {
        match self {
            DirEntry::Local(e) => fs::metadata(e.path()).map(Metadata::from),
            DirEntry::Virtual { known: Some(m), .. } => Ok(*m),
            DirEntry::Virtual { path, .. } => metadata(path),
            DirEntry::Failed { error, .. } => Err(io::Error::other(error.clone())),
        }
    }

    /// Whether the entry is a folder, following symbolic links. Locally the
    /// type the listing gives costs nothing (no `stat` per file, measured
    /// in docs/performance.md, issue 8); only links are followed with
    /// `stat`. In object storage, from the listing.
    pub fn is_dir(&self) -> io::Result<bool> {
        match self {
            DirEntry::Local(e) => match e.file_type() {
                Ok(t) if !t.is_symlink() => Ok(t.is_dir()),
                _ => fs::metadata(e.path()).map(|m| m.is_dir()),
            },
            DirEntry::Virtual { .. } | DirEntry::Failed { .. } => {
                self.metadata().map(|m| m.is_dir())
            }
        }
    }

    /// Whether the entry itself is a folder (a symbolic link is not).
    pub fn is_dir_entry(&self) -> io::Result<bool> {
        match self {
            DirEntry::Local(e) => e.file_type().map(|t| t.is_dir()),
            DirEntry::Virtual { .. } => self.metadata().map(|m| m.is_dir()),
            // A broken link is not a folder.
            DirEntry::Failed { .. } => Ok(false),
        }
    }
}

/// A folder's entries, in no particular order.
pub enum ReadDir {
    Local(fs::ReadDir),
    Virtual(std::vec::IntoIter<DirEntry>),
    /// From a [`crate::io::storage::listing::Listing`], with the listing's errors.
    Listed(Box<dyn Iterator<Item = io::Result<DirEntry>>>),
}

impl Iterator for ReadDir {
    type Item = io::Result<DirEntry>;

    fn next(&mut self) -> Option<io::Result<DirEntry>> {
        match self {
            ReadDir::Local(entries) => entries.next().map(|e| e.map(DirEntry::Local)),
            ReadDir::Virtual(entries) => entries.next().map(Ok),
            ReadDir::Listed(entries) => entries.next(),
        }
    }
}

/// Lists the folder at `path` (one level).
pub fn read_dir(path: &Path) -> io::Result<ReadDir> {
    if !is_virtual(path) {
        return fs::read_dir(path).map(ReadDir::Local);
    }
    let c = c_path(path)?;
    reset_errors();
    // SAFETY: the handle is closed below; each entry is copied before the
    // next call invalidates it.
    let entries = unsafe {
        let dir = gdal_sys::VSIOpenDir(c.as_ptr(), 0, std::ptr::null());
        if dir.is_null() {
            return Err(last_error("list the folder"));
        }
        let mut entries = Vec::new();
        loop {
            let entry: *const VSIDIREntry = gdal_sys::VSIGetNextDirEntry(dir);
            let Some(entry) = entry.as_ref() else { break };
            let name = text_of(entry.pszName);
            let known = (entry.bModeKnown != 0).then(|| {
                let mode = entry.nMode as u32;
                Metadata {
                    dir: is_dir_mode(mode),
                    file: is_file_mode(mode),
                    len: if entry.bSizeKnown != 0 {
                        entry.nSize
                    } else {
                        0
                    },
                }
            });
            let known = known.filter(|m| m.dir || entry.bSizeKnown != 0);
            let listed = listed_of(entry);
            entries.push(DirEntry::Virtual {
                path: path.join(&name),
                name: name.into(),
                known,
                listed: (!listed.is_empty()).then(|| Box::new(listed)),
            });
        }
        gdal_sys::VSICloseDir(dir);
        entries
    };
    Ok(ReadDir::Virtual(entries.into_iter()))
}

/// What GDAL's listing says of a file entry: its size and time when known,
/// and the ETag the `ListObjects` answer gave, which GDAL 3.6 hands on in
/// the entry's extra fields (`ETag=...`): no request is made for any of
/// them.
///
/// # Safety
/// `entry` is an entry `VSIGetNextDirEntry` returned, not yet invalidated.
unsafe fn listed_of(entry: &VSIDIREntry) -> super::listed::Listed {
    let file = entry.bModeKnown != 0 && is_file_mode(entry.nMode as u32);
    if !file {
        return super::listed::Listed::default();
    }
    let etag = if entry.papszExtra.is_null() {
        None
    } else {
        let value = gdal_sys::CSLFetchNameValue(entry.papszExtra, c"ETag".as_ptr());
        (!value.is_null())
            .then(|| text_of(value))
            .and_then(|t| super::listed::etag(&t))
    };
    super::listed::Listed {
        size: (entry.bSizeKnown != 0).then_some(entry.nSize),
        mtime: (entry.bMTimeKnown != 0).then_some(entry.nMTime),
        etag,
    }
}

/// A file opened for reads at given offsets.
pub enum RandomAccess {
    Local(fs::File),
    Virtual {
        handle: *mut VSILFILE,
        path: PathBuf,
    },
}

impl RandomAccess {
    /// Opens `path` for reading; a local special file (FIFO, device) is
    /// refused without being opened.
    pub fn open(path: &Path) -> io::Result<RandomAccess> {
        if !is_virtual(path) {
            crate::io::safety::special::ensure_not_special(path)?;
            return fs::File::open(path).map(RandomAccess::Local);
        }
        let c = c_path(path)?;
        reset_errors();
        // SAFETY: GDAL copies the path; the handle is closed on drop.
        let handle = unsafe { gdal_sys::VSIFOpenExL(c.as_ptr(), c"rb".as_ptr(), 1) };
        if handle.is_null() {
            return Err(last_error("open the file"));
        }
        Ok(RandomAccess::Virtual {
            handle,
            path: path.to_path_buf(),
        })
    }

    /// The file's length in bytes (in object storage, from the listing's
    /// cache: no request).
    pub fn byte_len(&self) -> io::Result<u64> {
        match self {
            RandomAccess::Local(f) => f.metadata().map(|m| m.len()),
            RandomAccess::Virtual { path, .. } => {
                vsi_stat(path, STAT_EXISTS | STAT_SIZE).map(|m| m.len)
            }
        }
    }

    /// Reads exactly `buf.len()` bytes at `offset`.
    pub fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        let handle = match self {
            RandomAccess::Local(f) => return f.read_exact_at(buf, offset),
            RandomAccess::Virtual { handle, .. } => *handle,
        };
        if self.read_at(handle, buf, offset)? < buf.len() {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "failed to fill whole buffer",
            ));
        }
        Ok(())
    }

    /// Reads up to `buf.len()` bytes at `offset`; the count read (0 at
    /// the end).
    pub fn read_some_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        match self {
            RandomAccess::Local(f) => f.read_at(buf, offset),
            RandomAccess::Virtual { handle, .. } => self.read_at(*handle, buf, offset),
        }
    }

    /// Reads up to `buf.len()` bytes at `offset`; the count read.
    fn read_at(&self, handle: *mut VSILFILE, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        reset_errors();
        // SAFETY: `handle` is open (closed only on drop) and `buf` holds
        // `buf.len()` writable bytes.
        unsafe {
            if gdal_sys::VSIFSeekL(handle, offset, 0) != 0 {
                return Err(last_error("seek in the file"));
            }
            let read = gdal_sys::VSIFReadL(buf.as_mut_ptr().cast(), 1, buf.len(), handle);
            if read < buf.len() && gdal_sys::VSIFEofL(handle) == 0 {
                return Err(last_error("read the file"));
            }
            Ok(read)
        }
    }

    /// Reads at most `n` bytes from the start.
    pub fn read_prefix(&self, n: u64) -> io::Result<Vec<u8>> {
        use std::io::Read;
        match self {
            RandomAccess::Local(f) => {
                let mut bytes = Vec::new();
                f.take(n).read_to_end(&mut bytes)?;
                Ok(bytes)
            }
            RandomAccess::Virtual { handle, .. } => {
                let mut bytes = Vec::new();
                let mut chunk = vec![0u8; 1 << 16];
                while (bytes.len() as u64) < n {
                    let want = chunk.len().min((n - bytes.len() as u64) as usize);
                    let read = self.read_at(*handle, &mut chunk[..want], bytes.len() as u64)?;
                    bytes.extend_from_slice(&chunk[..read]);
                    if read < want {
                        break;
                    }
                }
                Ok(bytes)
            }
        }
    }
}

impl Drop for RandomAccess {
    fn drop(&mut self) {
        if let RandomAccess::Virtual { handle, .. } = self {
            // SAFETY: opened by `VSIFOpenExL`, closed once.
            unsafe {
                gdal_sys::VSIFCloseL(*handle);
            }
        }
    }
}

/// The probe [`crate::model::Dataset::locate`] asks where the folders are.
pub struct Probe;

impl crate::model::dataset::FolderProbe for Probe {
    fn is_dir(&self, path: &Path) -> bool {
        is_dir(path)
    }

    fn is_there_but_unreadable(&self, path: &Path) -> bool {
        is_there_but_unreadable(path)
    }

    fn enter(&self, path: &Path) -> io::Result<()> {
        enter(path)
    }

    fn has_json_files(&self, dir: &Path) -> bool {
        read_dir(dir).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "json"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `/vsimem/` goes through the same GDAL calls as `/vsis3/`, without a
    /// server.
    fn mem_file(path: &str, bytes: &[u8]) {
        gdal::vsi::create_mem_file(path, bytes.to_vec()).unwrap();
    }

    fn mem_dir(path: &str) {
        let c = CString::new(path).unwrap();
        // SAFETY: a plain call with a NUL-terminated path.
        assert_eq!(unsafe { gdal_sys::VSIMkdir(c.as_ptr(), 0o755) }, 0);
    }

    /// The folder's entries with what the listing says, by name.
    fn listing(dir: &Path) -> Vec<(String, Metadata)> {
        let mut entries: Vec<(String, Metadata)> = read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.file_name().into_string().unwrap(), e.metadata().unwrap())
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries
    }

    #[test]
    fn lists_and_reads_through_gdal() {
        let root = "/vsimem/vfs_test/data";
        for dir in [
            "/vsimem/vfs_test",
            root,
            &format!("{root}/s2"),
            &format!("{root}/labels"),
        ] {
            mem_dir(dir);
        }
        mem_file(&format!("{root}/s2/a.tif"), b"0123456789");
        mem_file(&format!("{root}/s2/b.json"), b"{}");
        mem_file(&format!("{root}/labels/c.json"), b"[1]");
        let root = Path::new(root);
        assert!(is_dir(root));
        assert!(folder_status(root).unwrap());
        assert!(!folder_status(&root.join("missing")).unwrap());
        let names = listing(root);
        assert_eq!(names[0].0, "labels");
        assert!(names[0].1.is_dir() && names[1].1.is_dir());
        let files: Vec<(String, bool, u64)> = listing(&root.join("s2"))
            .into_iter()
            .map(|(name, m)| (name, m.is_file(), m.len()))
            .collect();
        assert_eq!(
            files,
            [("a.tif".into(), true, 10), ("b.json".into(), true, 2)]
        );
        let file = RandomAccess::open(&root.join("s2/a.tif")).unwrap();
        assert_eq!(file.byte_len().unwrap(), 10);
        let mut buf = [0u8; 3];
        file.read_exact_at(&mut buf, 4).unwrap();
        assert_eq!(&buf, b"456");
        assert!(file.read_exact_at(&mut buf, 8).is_err());
        assert_eq!(file.read_prefix(4).unwrap(), b"0123");
        assert_eq!(file.read_prefix(100).unwrap(), b"0123456789");
        assert!(crate::model::dataset::FolderProbe::has_json_files(
            &Probe,
            &root.join("labels")
        ));
        assert!(is_file(&root.join("s2/a.tif")) && !is_file(&root.join("s2")));
        let missing = RandomAccess::open(&root.join("s2/none.tif")).err().unwrap();
        assert!(!missing.to_string().is_empty());
        assert!(read_dir(&root.join("nothing")).is_err());
    }

    #[test]
    fn local_paths_keep_std_fs_behaviour() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("f.json"), "{}").unwrap();
        std::os::unix::fs::symlink("nowhere", dir.path().join("link")).unwrap();
        assert!(!is_virtual(dir.path()));
        assert!(is_dir(dir.path()) && folder_status(dir.path()).unwrap());
        assert!(is_there_but_unreadable(&dir.path().join("link")));
        assert_eq!(
            read_link(&dir.path().join("link")),
            Some(PathBuf::from("nowhere"))
        );
        let mut seen = Vec::new();
        for e in read_dir(dir.path()).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().into_string().unwrap();
            match name.as_str() {
                "link" => assert!(e.metadata().is_err() && !e.is_dir_entry().unwrap()),
                "sub" => assert!(e.metadata().unwrap().is_dir()),
                _ => assert_eq!(e.metadata().unwrap().len(), 2),
            }
            seen.push(name);
        }
        seen.sort();
        assert_eq!(seen, ["f.json", "link", "sub"]);
        let file = RandomAccess::open(&dir.path().join("f.json")).unwrap();
        assert_eq!(file.read_prefix(1).unwrap(), b"{");
    }
}
