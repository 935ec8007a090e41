//! Opening a GDAL dataset by a path of any bytes: the `gdal` crate turns a
//! path into text, replacing bytes that are not UTF-8, so a file under a
//! folder whose name is not UTF-8 (Latin-1 names on old disks) would not be
//! found. GDAL itself takes the bytes as they are.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use gdal::errors::GdalError;
use gdal::{Dataset, DatasetOptions};

/// [`Dataset::open_ex`], with the path's bytes given to GDAL unchanged.
pub fn open_ex(path: &Path, options: DatasetOptions) -> Result<Dataset, GdalError> {
    if path.to_str().is_some() {
        return Dataset::open_ex(path, options);
    }
    // Registers the drivers, as the crate's own open does.
    let _ = gdal::DriverManager::count();
    let c_path = CString::new(path.as_os_str().as_bytes())?;
    let drivers: Vec<CString> = options
        .allowed_drivers
        .unwrap_or_default()
        .iter()
        .map(|d| CString::new(*d))
        .collect::<Result<_, _>>()?;
    let mut driver_ptrs: Vec<*const std::os::raw::c_char> =
        drivers.iter().map(|d| d.as_ptr()).collect();
    driver_ptrs.push(std::ptr::null());
    let drivers_arg = if options.allowed_drivers.is_some() {
        driver_ptrs.as_ptr()
    } else {
        std::ptr::null()
    };
    // SAFETY: every pointer is a NUL-terminated string (or a NULL-ended
    // array of them) that outlives the call.
    let handle = unsafe {
        gdal_sys::GDALOpenEx(
            c_path.as_ptr(),
            options.open_flags.bits(),
            drivers_arg,
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    if handle.is_null() {
        // SAFETY: reads GDAL's thread-local error message and resets it.
        let msg = unsafe {
            let m = gdal_sys::CPLGetLastErrorMsg();
            let text = if m.is_null() {
                String::new()
            } else {
                std::ffi::CStr::from_ptr(m).to_string_lossy().into_owned()
            };
            gdal_sys::CPLErrorReset();
            text
        };
        return Err(GdalError::NullPointer {
            method_name: "GDALOpenEx",
            msg,
        });
    }
    // SAFETY: a dataset handle GDAL just opened, owned from now on.
    Ok(unsafe { Dataset::from_c_dataset(handle) })
}

/// [`open_ex`] with GDAL's default options (any driver, read-only).
pub fn open(path: &Path) -> Result<Dataset, GdalError> {
    open_ex(path, DatasetOptions::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_that_is_not_utf8_opens() {
        use std::os::unix::ffi::OsStringExt;
        let dir = tempfile::tempdir().unwrap();
        let folder = dir
            .path()
            .join(std::ffi::OsString::from_vec(b"caf\xe9".to_vec()));
        std::fs::create_dir(&folder).unwrap();
        let file = folder.join("a.geojson");
        std::fs::write(
            &file,
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#,
        )
        .unwrap();
        let ds = open(&file).unwrap();
        assert_eq!(ds.layer_count(), 1);
        assert!(Dataset::open(&file).is_err(), "the crate's own open fails");
        assert!(open(&folder.join("missing.tif")).is_err());
    }
}
