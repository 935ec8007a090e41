//! GDAL's failures to open a file, as sentences a user can act on: GDAL
//! itself often says only that a call "returned a NULL pointer".

use std::path::Path;

use gdal::errors::GdalError;

pub use crate::io::storage::http::{
    collect_gdal_messages as collect_errors, recent_gdal_messages as recent,
};

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

/// A GDAL, OGR or PROJ failure as a sentence: GDAL's own message when it
/// gave one, without the `gdal` crate's wrapping ("CPL error class…",
/// "returned a NULL pointer", Rust's `None`/`Some(…)`).
pub fn sentence(error: &GdalError) -> String {
    let said = |msg: &str| {
        let msg = msg.trim().trim_end_matches('.');
        (!msg.is_empty()).then(|| msg.to_string())
    };
    match error {
        GdalError::CplError { msg, .. } | GdalError::NullPointer { msg, .. } => {
            said(msg).unwrap_or_else(|| "GDAL gave no reason".into())
        }
        GdalError::OgrError { err, .. } => format!("OGR failed: {}", ogr_error(*err)),
        GdalError::InvalidCoordinateRange { from, to, msg } => {
            let mut text = format!(
                "coordinates outside the area where {} can be converted to {}",
                crs_name(from),
                crs_name(to)
            );
            if let Some(m) = msg.as_deref().and_then(said) {
                text.push_str(&format!(" ({m})"));
            }
            text
        }
        GdalError::InvalidFieldName { field_name, .. } => format!("no field `{field_name}`"),
        GdalError::InvalidFieldIndex { index, .. } => format!("no field number {index}"),
        GdalError::UnsupportedGdalGeometryType(t) => {
            format!("a geometry of a type this program does not read (OGR type {t})")
        }
        other => other.to_string(),
    }
}

/// A CRS as the `gdal` crate names it in errors (a WKT or a PROJ string):
/// its `NAME[...]`'s first quoted name, else the text.
fn crs_name(definition: &str) -> String {
    definition
        .split_once('"')
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(name, _)| name.to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| definition.to_string())
}

/// OGR's error codes (ogr_core.h) in words.
fn ogr_error(code: gdal_sys::OGRErr::Type) -> &'static str {
    match code {
        1 => "not enough data",
        2 => "not enough memory",
        3 => "unsupported geometry type",
        4 => "unsupported operation",
        5 => "corrupt data",
        6 => "failure",
        7 => "unsupported spatial reference system",
        8 => "invalid handle",
        9 => "non-existing feature",
        _ => "unknown error",
    }
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

    #[test]
    fn sentences_carry_no_wrapping() {
        let range = GdalError::InvalidCoordinateRange {
            from: "EPSG:32631".into(),
            to: r#"GEOGCS["WGS 84",DATUM["WGS_1984"]]"#.into(),
            msg: None,
        };
        let text = sentence(&range);
        assert_eq!(
            text,
            "coordinates outside the area where EPSG:32631 can be converted to WGS 84"
        );
        let cpl = GdalError::CplError {
            class: 3,
            number: 1,
            msg: "database disk image is malformed".into(),
        };
        assert_eq!(sentence(&cpl), "database disk image is malformed");
        let ogr = GdalError::OgrError {
            err: 5,
            method_name: "OGR_L_GetNextFeature",
        };
        assert_eq!(sentence(&ogr), "OGR failed: corrupt data");
        for e in [range, cpl, ogr] {
            let text = sentence(&e);
            assert!(!text.contains("None") && !text.contains("Some("), "{text}");
        }
    }
}
