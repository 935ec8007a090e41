//! Layout: the dataset's folders, stray files and extensions.

pub mod missing_folder;
pub mod non_utf8_name;
pub mod sidecar;
pub mod stray_file;
pub mod unknown_folder;
pub mod unreadable_entry;
pub mod wrong_extension;
