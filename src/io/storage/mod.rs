//! Where a dataset's files are: the local file system or object storage
//! (GDAL's VSI), listed folder by folder, from a listing made once, or from
//! an S3 Inventory report; label files read within a size limit; the stamps
//! that tell a file changed without reading it.

pub mod http;
pub mod label_folder;
pub mod listed;
pub mod listing;
pub mod stamp;
pub mod vfs;
