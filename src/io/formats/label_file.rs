//! Writing label files: atomically (a temporary file renamed into place),
//! in the published layout of [`crate::model::label_file::published_json`].

use std::path::Path;

/// Writes the label file `path`: `s2` and `s1` are the names listed,
/// `projection` the CRS definition, `classes` the classes present.
pub fn write(
    path: &Path,
    s2: &[String],
    s1: &[String],
    projection: &str,
    classes: &[u8],
) -> std::io::Result<()> {
    let json = crate::model::label_file::published_json(s2, s1, projection, classes);
    crate::io::safety::atomic::write_bytes(path, json.as_bytes())
}
