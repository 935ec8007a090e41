//! What a listing says of a file (its size, time and ETag, each when it
//! says it): from GDAL's directory entries, a listing file or an S3
//! Inventory. [`super::stamp`] turns it into an object's stamp.

/// What a listing says of an object, each part when it says it: its size,
/// its modification time (seconds since 1970, UTC) and its ETag (without
/// the quotes HTTP puts around it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listed {
    pub size: Option<u64>,
    pub mtime: Option<i64>,
    pub etag: Option<Box<str>>,
}

impl Listed {
    /// Nothing known.
    pub fn is_empty(&self) -> bool {
        self.size.is_none() && self.mtime.is_none() && self.etag.is_none()
    }
}

/// An ETag as listings give it, the quotes of its HTTP form taken off
/// (`"abc"` and `abc` are the same tag); `None` when empty.
///
/// ```
/// use multisenge::io::storage::listed::etag;
/// assert_eq!(etag("\"9b2cf5\"").as_deref(), Some("9b2cf5"));
/// assert_eq!(etag("9b2cf5-2").as_deref(), Some("9b2cf5-2"));
/// assert_eq!(etag("\"\""), None);
/// ```
pub fn etag(text: &str) -> Option<Box<str>> {
    let bare = text.trim();
    let bare = bare
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(bare);
    (!bare.is_empty()).then(|| bare.into())
}
