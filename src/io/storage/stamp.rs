//! What tells a file changed without reading it: its *stamp*. A local
//! file's is its size, modification and change times (nanoseconds) and its
//! device and inode; an object's (object storage, through GDAL's VSI) its
//! size and ETag, or its size and modification time, as a listing gave
//! them ([`Listed`]: `ListObjects`, a listing file, an S3 Inventory).
//!
//! The change time is what catches a file rewritten with its size kept and
//! its modification time restored (`touch -r`, `cp -p`, `rsync -t`): no
//! user call can set it back. The inode catches a file replaced by another
//! (a rename over it, a restore from a backup).

use std::ffi::CString;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use super::listed::{etag, Listed};

/// A file's stamp; two stamps equal means "not changed".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stamp {
    Local {
        size: u64,
        mtime: (i64, i64),
        ctime: (i64, i64),
        dev: u64,
        ino: u64,
    },
    /// An object: its size and modification time, from a listing without
    /// ETag or from GDAL's stat (after GDAL's own listing, which keeps what
    /// `ListObjects` gave, it asks nothing more; otherwise GDAL examines
    /// the object).
    Object { size: u64, mtime: i64 },
    /// An object: its size and ETag from a listing. The ETag changes with
    /// the content (S3: the MD5 of a single upload, a digest of the parts'
    /// of a multipart one), so an object uploaded again with the same size
    /// within the same second is told apart, which its time cannot do.
    ObjectTag { size: u64, etag: Box<str> },
}

impl Listed {
    /// The object's stamp from the listing alone: (size, ETag) when both
    /// are known, else (size, modification time); `None` without a size
    /// or with neither of the others.
    pub fn object_stamp(&self) -> Option<Stamp> {
        let size = self.size?;
        match (&self.etag, self.mtime) {
            (Some(etag), _) => Some(Stamp::ObjectTag {
                size,
                etag: etag.clone(),
            }),
            (None, Some(mtime)) => Some(Stamp::Object { size, mtime }),
            (None, None) => None,
        }
    }
}

/// The stamp of the file at `path` (following symbolic links, as reading
/// it does).
pub fn stamp(path: &Path) -> io::Result<Stamp> {
    if super::vfs::is_virtual(path) {
        return object_stamp(path);
    }
    let m = std::fs::metadata(path)?;
    Ok(Stamp::Local {
        size: m.size(),
        mtime: (m.mtime(), m.mtime_nsec()),
        ctime: (m.ctime(), m.ctime_nsec()),
        dev: m.dev(),
        ino: m.ino(),
    })
}

/// `VSIStatExL` flags (cpl_vsi.h): exists, nature, size.
const STAT_FLAGS: std::os::raw::c_int = 0x1 | 0x2 | 0x4;

fn object_stamp(path: &Path) -> io::Result<Stamp> {
    let text = path
        .to_str()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "a GDAL path must be UTF-8"))?;
    let c = CString::new(text)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a NUL in a path"))?;
    // SAFETY: `VSIStatBufL` is the C library's `struct stat64`, which GDAL
    // fills (the bindings leave it opaque); `c` outlives the call.
    let (status, stat) = unsafe {
        let mut stat: libc::stat64 = std::mem::zeroed();
        let buffer = (&mut stat as *mut libc::stat64).cast::<gdal_sys::VSIStatBufL>();
        let status = gdal_sys::VSIStatExL(c.as_ptr(), buffer, STAT_FLAGS);
        (status, stat)
    };
    if status != 0 {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("{text}: cannot be examined"),
        ));
    }
    Ok(Stamp::Object {
        size: u64::try_from(stat.st_size).unwrap_or(0),
        mtime: stat.st_mtime,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewrite_with_size_and_time_restored_changes_the_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, b"{\"a\": 1}").unwrap();
        let before = stamp(&path).unwrap();
        let Stamp::Local { mtime, .. } = before else {
            panic!("a local file has a local stamp")
        };
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, b"{\"a\": 2}").unwrap();
        let times = std::fs::FileTimes::new().set_modified(
            std::time::UNIX_EPOCH + std::time::Duration::new(mtime.0 as u64, mtime.1 as u32),
        );
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_times(times)
            .unwrap();
        let after = stamp(&path).unwrap();
        let (
            Stamp::Local {
                size: s0,
                mtime: m0,
                ctime: c0,
                ..
            },
            Stamp::Local {
                size: s1,
                mtime: m1,
                ctime: c1,
                ..
            },
        ) = (&before, &after)
        else {
            panic!("local stamps")
        };
        assert_eq!((s0, m0), (s1, m1), "size and modification time restored");
        assert_ne!(c0, c1, "the change time moved");
        assert_ne!(before, after);
    }

    #[test]
    fn a_missing_file_has_no_stamp() {
        let dir = tempfile::tempdir().unwrap();
        assert!(stamp(&dir.path().join("nope")).is_err());
        assert!(stamp(Path::new("/vsimem/multisenge-stamp-nope.tif")).is_err());
    }

    #[test]
    fn a_listed_object_is_stamped_by_etag_then_by_time() {
        let tagged = Listed {
            size: Some(10),
            mtime: Some(1_700_000_000),
            etag: Some("aa".into()),
        };
        assert_eq!(
            tagged.object_stamp(),
            Some(Stamp::ObjectTag {
                size: 10,
                etag: "aa".into()
            })
        );
        // The same size and time, another ETag: another stamp.
        let rewritten = Listed {
            etag: Some("bb".into()),
            ..tagged.clone()
        };
        assert_ne!(tagged.object_stamp(), rewritten.object_stamp());
        let timed = Listed {
            etag: None,
            ..tagged.clone()
        };
        assert_eq!(
            timed.object_stamp(),
            Some(Stamp::Object {
                size: 10,
                mtime: 1_700_000_000
            })
        );
        let sized = Listed {
            mtime: None,
            ..timed.clone()
        };
        assert_eq!(sized.object_stamp(), None);
        let unsized_ = Listed {
            size: None,
            ..tagged
        };
        assert_eq!(unsized_.object_stamp(), None);
        assert!(Listed::default().is_empty());
    }
}
