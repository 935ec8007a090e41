//! GDAL's failures to open a file, as sentences a user can act on: GDAL
//! itself often says only that a call "returned a NULL pointer".

use std::path::Path;

use gdal::errors::GdalError;

/// Why `path` could not be opened as a `what` ("raster", "vector
/// dataset"), without the path (callers put it first):
/// "does not exist", "is a folder", "cannot be read: …", or "is not a
/// raster GDAL can read" with GDAL's own message when it gave one.
pub fn open_failure(path: &Path, what: &str, error: &GdalError) -> String {
    let metadata = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return "does not exist".into(),
        Err(e) => return format!("cannot be read: {e}"),
    };
    if metadata.is_file() {
        if let Err(e) = std::fs::File::open(path) {
            return format!("cannot be read: {e}");
        }
    }
    let detail = match error {
        GdalError::NullPointer { msg, .. } | GdalError::CplError { msg, .. } => msg.trim(),
        _ => "",
    };
    let kind = if metadata.is_dir() {
        "a folder, and "
    } else {
        ""
    };
    let mut sentence = format!("is {kind}not a {what} GDAL can read (unknown or damaged format)");
    if !detail.is_empty() {
        sentence.push_str(&format!("; GDAL says: {detail}"));
    }
    sentence
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_for_the_usual_causes() {
        let dir = tempfile::tempdir().unwrap();
        let null = GdalError::NullPointer {
            method_name: "GDALOpenEx",
            msg: String::new(),
        };
        let missing = dir.path().join("missing.tif");
        assert_eq!(open_failure(&missing, "raster", &null), "does not exist");
        let text = dir.path().join("notes.tif");
        std::fs::write(&text, "text").unwrap();
        assert_eq!(
            open_failure(&text, "raster", &null),
            "is not a raster GDAL can read (unknown or damaged format)"
        );
        let said = GdalError::NullPointer {
            method_name: "GDALOpenEx",
            msg: "`x' not recognized as a supported file format.".into(),
        };
        assert!(open_failure(&text, "raster", &said)
            .ends_with("GDAL says: `x' not recognized as a supported file format."));
        assert!(open_failure(dir.path(), "raster", &null).starts_with("is a folder"));
    }
}
