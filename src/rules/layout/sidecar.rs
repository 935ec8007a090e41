//! Side-car files: what GDAL and QGIS write beside a raster when it is
//! opened or styled. They belong to their raster and are not stray files
//! (rule L003) as long as the raster is there.
//!
//! | side-car | written by |
//! |---|---|
//! | `NAME.tif.aux.xml` | GDAL (statistics, category names, attribute table) |
//! | `NAME.tif.ovr` | GDAL / QGIS (external overviews, "build pyramids") |
//! | `NAME.tif.msk` | GDAL (external mask) |
//! | `NAME.qml`, `NAME.tif.qml` | QGIS (saved layer style) |
//!
//! A side-car whose raster is missing is still reported as stray.

/// Suffixes appended to the raster's whole file name.
const APPENDED: [&str; 4] = [".aux.xml", ".ovr", ".msk", ".qml"];

/// Raster extensions a side-car may belong to.
const RASTER_EXTENSIONS: [&str; 2] = [".tif", ".tiff"];

/// The raster names `name` may be the side-car of, longest suffix first.
pub fn raster_names(name: &str) -> Vec<String> {
    let mut names = Vec::new();
    for suffix in APPENDED {
        if let Some(base) = name.strip_suffix(suffix) {
            if RASTER_EXTENSIONS.iter().any(|e| base.ends_with(e)) {
                names.push(base.to_string());
            }
        }
    }
    // QGIS's "save as default" style replaces the extension: NAME.qml.
    if let Some(stem) = name.strip_suffix(".qml") {
        names.extend(RASTER_EXTENSIONS.iter().map(|e| format!("{stem}{e}")));
    }
    names
}

/// Whether `name` is the side-car of a raster in the same folder;
/// `exists(n)` says whether the folder holds a file named `n`.
///
/// ```
/// use multisenge::rules::layout::sidecar::is_sidecar;
/// let folder = ["31UFQ_GR_0_0.tif"];
/// let exists = |n: &str| folder.contains(&n);
/// assert!(is_sidecar("31UFQ_GR_0_0.tif.aux.xml", exists));
/// assert!(is_sidecar("31UFQ_GR_0_0.qml", exists));
/// assert!(!is_sidecar("31UFQ_GR_0_257.tif.aux.xml", exists)); // no raster
/// assert!(!is_sidecar("notes.txt", exists));
/// ```
pub fn is_sidecar(name: &str, exists: impl Fn(&str) -> bool) -> bool {
    raster_names(name).iter().any(|n| exists(n))
}
