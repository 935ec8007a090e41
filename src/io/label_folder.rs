//! The label files of a dataset folder: listing them and reading each
//! within a size limit (a label file is a few kilobytes; a huge file in
//! the labels folder must not be loaded whole). Local folders and object
//! storage alike, through [`super::vfs`].

use std::path::Path;

use crate::model::{Dataset, FileKind};

/// Reads a file unless it is larger than `max` bytes (`Ok(None)` then);
/// a special file (FIFO, device) is refused without being opened. In
/// object storage, only the first `max + 1` bytes are fetched.
pub fn read_at_most(path: &Path, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    let file = super::vfs::RandomAccess::open(path)?;
    let bytes = file.read_prefix(max.saturating_add(1))?;
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
