//! How an 8-bit raster shows in a GIS without any style file: a GDAL colour
//! table, category names and a raster attribute table (value, name, red,
//! green, blue) for class rasters; a colour ramp for percentage rasters.
//!
//! GeoTIFF keeps the colour table in the file itself; GDAL keeps category
//! names and the attribute table in the `.aux.xml` side-car (its PAM file),
//! which the writers move into place beside the raster when asked. QGIS
//! (3.22) reads both: a class raster opens as a paletted layer in the class
//! colours, whose legend shows the class names with the side-car and the
//! values without it.

use std::ffi::CString;

use gdal::raster::{ColorEntry, ColorInterpretation, ColorTable, RasterBand};

/// One class of a class raster.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassEntry {
    pub value: u8,
    pub name: String,
    pub rgb: [u8; 3],
}

/// The QGIS style of class rasters shipped with the plugin (the default
/// profile's classes); [`class_qml`] puts other classes in it.
pub const CLASSES_QML: &str = include_str!("../../../qgis/multisenge/styles/classes.qml");

/// A QGIS style (`.qml`) showing exactly `classes`: QGIS opens `NAME.qml`
/// beside `NAME.tif` as the layer's default style, so the legend lists the
/// classes only (the GeoTIFF colour table always has 256 entries).
pub fn class_qml(classes: &[ClassEntry]) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let (Some(start), Some(end)) = (
        CLASSES_QML.find("<colorPalette>"),
        CLASSES_QML.find("</colorPalette>"),
    ) else {
        return CLASSES_QML.to_string();
    };
    let mut palette = String::from("<colorPalette>\n");
    for c in classes {
        let [r, g, b] = c.rgb;
        palette.push_str(&format!(
            "        <paletteEntry value=\"{}\" color=\"#{r:02x}{g:02x}{b:02x}\" alpha=\"255\" label=\"{}\"/>\n",
            c.value,
            escape(&c.name)
        ));
    }
    palette.push_str("      ");
    format!("{}{palette}{}", &CLASSES_QML[..start], &CLASSES_QML[end..])
}

/// What to attach to a written raster.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Symbology {
    /// Nothing: values only.
    #[default]
    None,
    /// Classes with names and colours (value 0 stays transparent, "no class").
    Classes(Vec<ClassEntry>),
    /// Percentages 0–100 from white to red; other values transparent.
    PercentRamp,
}

/// Why the symbology could not be set.
#[derive(Debug, thiserror::Error)]
#[error("cannot set the raster's {what}: {message}")]
pub struct SymbologyError {
    what: &'static str,
    message: String,
}

fn err(what: &'static str, message: impl ToString) -> SymbologyError {
    SymbologyError {
        what,
        message: message.to_string(),
    }
}

/// Sets the colour table (and, for classes with `names`, category names
/// and attribute table, which GDAL keeps in the `.aux.xml` side-car) of
/// `band`.
pub fn apply(
    band: &mut RasterBand,
    symbology: &Symbology,
    names: bool,
) -> Result<(), SymbologyError> {
    let table = match symbology {
        Symbology::None => return Ok(()),
        Symbology::Classes(classes) => {
            let mut colors = vec![[0u8, 0, 0, 0]; 256];
            for c in classes {
                colors[usize::from(c.value)] = [c.rgb[0], c.rgb[1], c.rgb[2], 255];
            }
            colors
        }
        Symbology::PercentRamp => (0..256)
            .map(|v| match v {
                0..=100 => {
                    // White (agreement) to red (complete disagreement).
                    let fade = (255.0 * (1.0 - f64::from(v) / 100.0)).round() as u8;
                    [255, fade, fade, 255]
                }
                _ => [0, 0, 0, 0],
            })
            .collect(),
    };
    let mut ct = ColorTable::default();
    for (i, [r, g, b, a]) in table.iter().enumerate() {
        ct.set_color_entry(
            i as u16,
            &ColorEntry::rgba(i16::from(*r), i16::from(*g), i16::from(*b), i16::from(*a)),
        );
    }
    band.set_color_table(&ct);
    band.set_color_interpretation(ColorInterpretation::PaletteIndex)
        .map_err(|e| err("colour interpretation", e))?;
    if let (Symbology::Classes(classes), true) = (symbology, names) {
        set_category_names(band, classes)?;
        set_attribute_table(band, classes)?;
    }
    Ok(())
}

/// Category names, indexed by value from 0 to the largest class.
fn set_category_names(band: &mut RasterBand, classes: &[ClassEntry]) -> Result<(), SymbologyError> {
    let top = classes.iter().map(|c| c.value).max().unwrap_or(0);
    let mut names: Vec<CString> = Vec::with_capacity(usize::from(top) + 1);
    for v in 0..=top {
        let name = classes
            .iter()
            .find(|c| c.value == v)
            .map(|c| c.name.as_str())
            .unwrap_or("");
        names.push(CString::new(name.replace('\0', " ")).map_err(|e| err("category names", e))?);
    }
    let mut pointers: Vec<*mut std::os::raw::c_char> =
        names.iter().map(|n| n.as_ptr() as *mut _).collect();
    pointers.push(std::ptr::null_mut());
    // SAFETY: the band handle is valid while `band` lives; GDAL copies the
    // NULL-terminated list, whose strings outlive the call.
    let rv =
        unsafe { gdal_sys::GDALSetRasterCategoryNames(band.c_rasterband(), pointers.as_mut_ptr()) };
    if rv != gdal_sys::CPLErr::CE_None {
        return Err(err("category names", format!("GDAL error {rv}")));
    }
    Ok(())
}

/// A raster attribute table: one row per class with its value, name and RGB.
fn set_attribute_table(
    band: &mut RasterBand,
    classes: &[ClassEntry],
) -> Result<(), SymbologyError> {
    use gdal_sys::{GDALRATFieldType, GDALRATFieldUsage};
    let columns = [
        (
            "Value",
            GDALRATFieldType::GFT_Integer,
            GDALRATFieldUsage::GFU_MinMax,
        ),
        (
            "Class_name",
            GDALRATFieldType::GFT_String,
            GDALRATFieldUsage::GFU_Name,
        ),
        (
            "Red",
            GDALRATFieldType::GFT_Integer,
            GDALRATFieldUsage::GFU_Red,
        ),
        (
            "Green",
            GDALRATFieldType::GFT_Integer,
            GDALRATFieldUsage::GFU_Green,
        ),
        (
            "Blue",
            GDALRATFieldType::GFT_Integer,
            GDALRATFieldUsage::GFU_Blue,
        ),
    ];
    // SAFETY: the table is created, filled and handed to GDAL (which copies
    // it) here, then destroyed; every string passed outlives its call.
    unsafe {
        let rat = gdal_sys::GDALCreateRasterAttributeTable();
        let mut ok = true;
        for (name, ty, usage) in columns {
            let name = CString::new(name).expect("static name");
            ok &= gdal_sys::GDALRATCreateColumn(rat, name.as_ptr(), ty, usage)
                == gdal_sys::CPLErr::CE_None;
        }
        gdal_sys::GDALRATSetRowCount(rat, classes.len() as i32);
        for (row, c) in classes.iter().enumerate() {
            let row = row as i32;
            let name = CString::new(c.name.replace('\0', " ")).unwrap_or_default();
            gdal_sys::GDALRATSetValueAsInt(rat, row, 0, i32::from(c.value));
            gdal_sys::GDALRATSetValueAsString(rat, row, 1, name.as_ptr());
            for (i, v) in c.rgb.iter().enumerate() {
                gdal_sys::GDALRATSetValueAsInt(rat, row, 2 + i as i32, i32::from(*v));
            }
        }
        if ok {
            ok = gdal_sys::GDALSetDefaultRAT(band.c_rasterband(), rat) == gdal_sys::CPLErr::CE_None;
        }
        gdal_sys::GDALDestroyRasterAttributeTable(rat);
        if !ok {
            return Err(err("attribute table", "GDAL refused it"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(value, color, label)` of every `<paletteEntry>` (attributes in any
    /// order, as QGIS writes them).
    fn palette(qml: &str) -> Vec<(String, String, String)> {
        qml.split("<paletteEntry ")
            .skip(1)
            .map(|element| {
                let element = &element[..element.find("/>").unwrap()];
                let attr = |name: &str| {
                    let start = element
                        .find(&format!(" {name}=\""))
                        .map(|i| i + name.len() + 3);
                    let start = start.or_else(|| {
                        element
                            .starts_with(&format!("{name}=\""))
                            .then_some(name.len() + 2)
                    });
                    let rest = &element[start.unwrap()..];
                    rest[..rest.find('"').unwrap()].to_string()
                };
                (attr("value"), attr("color"), attr("label"))
            })
            .collect()
    }

    #[test]
    fn the_shipped_class_style_is_the_default_profiles() {
        let classes = crate::profile::LoadedProfile::default_profile().class_entries();
        assert_eq!(classes.len(), 14);
        let want: Vec<(String, String, String)> = classes
            .iter()
            .map(|c| {
                let [r, g, b] = c.rgb;
                (
                    c.value.to_string(),
                    format!("#{r:02x}{g:02x}{b:02x}"),
                    c.name.clone(),
                )
            })
            .collect();
        // Regenerate with qgis/tools/make_styles.py when this fails.
        assert_eq!(palette(CLASSES_QML), want);
        assert_eq!(palette(&class_qml(&classes)), want);
        let two = class_qml(&classes[..2]);
        assert_eq!(palette(&two), want[..2]);
        assert!(two.starts_with(&CLASSES_QML[..CLASSES_QML.find("<colorPalette>").unwrap()]));
    }
}
