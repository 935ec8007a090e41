//! Reading a listing for a validation: a listing file, or an S3 Inventory
//! report read as one, checked to be a listing of the dataset given.

use std::io::BufRead;
use std::path::Path;

use super::{s3_inventory, same_root, text, Listing, ListingError};

impl Listing {
    /// Reads the listing at `path` (local or in object storage; plain or
    /// gzip), or builds it from an S3 Inventory `manifest.json`, and checks
    /// that it is a listing of `root`.
    pub fn load(path: &Path, root: &Path) -> Result<Listing, ListingError> {
        let shown = path.display().to_string();
        let read = |source| ListingError::Read {
            path: shown.clone(),
            source,
        };
        let mut reader = text::open(path).map_err(read)?;
        let head = reader.fill_buf().map_err(read)?;
        let mut listing = if head.first() == Some(&b'{') {
            s3_inventory::listing(path, reader, root)?
        } else {
            text::parse(&shown, reader)?
        };
        if !same_root(listing.root(), root) {
            return Err(ListingError::OtherRoot {
                path: shown,
                listed: listing.root,
                given: root.display().to_string(),
            });
        }
        listing.base = root.to_path_buf();
        Ok(listing)
    }
}
