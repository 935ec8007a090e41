//! The label files of a dataset folder: listing them and reading each
//! within a size limit (a label file is a few kilobytes; a huge file in
//! the labels folder must not be loaded whole).

use std::fs;
use std::io::Read;
use std::path::Path;

use crate::model::{Dataset, FileKind};

/// Reads a file unless it is larger than `max` bytes (`Ok(None)` then);
/// a special file (FIFO, device) is refused without being opened.
pub fn read_at_most(path: &Path, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    super::special::ensure_not_special(path)?;
    let file = fs::File::open(path)?;
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
    for entry in fs::read_dir(dataset.absolute(&folder.rel))? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.ends_with(".json") && entry.file_type().is_ok_and(|t| !t.is_dir()) {
            paths.push(folder.file_path(name));
        }
    }
    paths.sort_unstable();
    Ok(paths)
}
