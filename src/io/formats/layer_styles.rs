//! QGIS's `layer_styles` table in a GeoPackage: a layer's default style
//! stored in the file, so that QGIS shows the layer styled however it is
//! opened (dropped on the map, the browser, Processing), with no side-car.
//!
//! The table has the schema QGIS itself creates when it saves a style into
//! a GeoPackage; QGIS applies the row with `useAsDefault` = 1 of the
//! layer's `f_table_name` when it loads the layer. The styles are the
//! plugin's (`qgis/multisenge/styles/*.qml`, written by
//! `qgis/tools/make_styles.py`), compiled in.

use gdal::vector::{Feature, LayerAccess, LayerOptions, OGRFieldType, OGRwkbGeometryType};

/// Per-finding layer: outline by severity, no labels (they would stack).
pub const FINDINGS_QML: &str = include_str!("../../../qgis/multisenge/styles/findings.qml");
/// One feature per patch: fill by worst severity, labelled by its codes.
pub const FINDINGS_BY_PATCH_QML: &str =
    include_str!("../../../qgis/multisenge/styles/findings_by_patch.qml");
/// Patch footprints: outlines only, labelled by patch id.
pub const FOOTPRINTS_QML: &str = include_str!("../../../qgis/multisenge/styles/footprints.qml");
/// Polygons lost by a generalization: their class's colour and name.
pub const LOST_POLYGONS_QML: &str =
    include_str!("../../../qgis/multisenge/styles/lost_polygons.qml");

/// A layer of a GeoPackage and its default style.
#[derive(Clone, Copy, Debug)]
pub struct LayerStyle<'a> {
    /// The layer (`f_table_name`).
    pub layer: &'a str,
    /// The style's name, shown in QGIS's style manager.
    pub name: &'a str,
    /// The QGIS style document (`.qml` content).
    pub qml: &'a str,
}

/// Creates the `layer_styles` table in `ds` (a GeoPackage being written,
/// inside its transaction) with `styles` as the default style of each
/// layer (geometry column `geom`, GDAL's name for GeoPackages).
pub fn write(ds: &mut gdal::Dataset, styles: &[LayerStyle]) -> Result<(), String> {
    let e = |e: gdal::errors::GdalError| crate::io::formats::gdal_error::sentence(&e);
    let table = ds
        .create_layer(LayerOptions {
            name: "layer_styles",
            srs: None,
            ty: OGRwkbGeometryType::wkbNone,
            options: None,
        })
        .map_err(e)?;
    let fields = [
        ("f_table_catalog", OGRFieldType::OFTString),
        ("f_table_schema", OGRFieldType::OFTString),
        ("f_table_name", OGRFieldType::OFTString),
        ("f_geometry_column", OGRFieldType::OFTString),
        ("styleName", OGRFieldType::OFTString),
        ("styleQML", OGRFieldType::OFTString),
        ("styleSLD", OGRFieldType::OFTString),
        ("useAsDefault", OGRFieldType::OFTInteger),
        ("description", OGRFieldType::OFTString),
        ("owner", OGRFieldType::OFTString),
        ("ui", OGRFieldType::OFTString),
        ("update_time", OGRFieldType::OFTDateTime),
    ];
    table.create_defn_fields(&fields).map_err(e)?;
    for style in styles {
        let values = ["", "", style.layer, "geom", style.name, style.qml, ""];
        let mut feature = Feature::new(table.defn()).map_err(e)?;
        for (i, value) in values.iter().enumerate() {
            feature.set_field_string(i, value).map_err(e)?;
        }
        feature.set_field_integer(7, 1).map_err(e)?;
        feature
            .set_field_string(8, "written by multisenge")
            .map_err(e)?;
        feature.create(&table).map_err(e)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped styles are QGIS documents of the kind their layer needs.
    #[test]
    fn styles_are_qgis_documents_of_their_renderer() {
        for (qml, renderer) in [
            (FINDINGS_QML, "categorizedSymbol"),
            (FINDINGS_BY_PATCH_QML, "categorizedSymbol"),
            (FOOTPRINTS_QML, "singleSymbol"),
            (LOST_POLYGONS_QML, "categorizedSymbol"),
        ] {
            assert!(qml.starts_with("<!DOCTYPE qgis"), "{}", &qml[..40]);
            // Attributes come in any order (QGIS writes them so).
            let start = qml.find("<renderer-v2 ").expect("a renderer");
            let element = &qml[start..start + qml[start..].find('>').unwrap()];
            assert!(
                element.contains(&format!(" type=\"{renderer}\"")),
                "{renderer}: {element}"
            );
        }
    }

    #[test]
    fn one_default_style_per_layer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.gpkg");
        let driver = gdal::DriverManager::get_driver_by_name("GPKG").unwrap();
        let mut ds = driver.create_vector_only(&path).unwrap();
        let styles = [
            LayerStyle {
                layer: "a",
                name: "style a",
                qml: "<qgis/>",
            },
            LayerStyle {
                layer: "b",
                name: "style b",
                qml: "<qgis x=\"1\"/>",
            },
        ];
        write(&mut ds, &styles).unwrap();
        drop(ds);
        let ds = gdal::Dataset::open(&path).unwrap();
        let mut table = ds.layer_by_name("layer_styles").unwrap();
        let rows: Vec<(String, String, i32)> = table
            .features()
            .map(|f| {
                (
                    f.field_as_string(2).unwrap().unwrap(),
                    f.field_as_string(5).unwrap().unwrap(),
                    f.field_as_integer(7).unwrap().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("a".to_string(), "<qgis/>".to_string(), 1),
                ("b".to_string(), "<qgis x=\"1\"/>".to_string(), 1)
            ]
        );
    }
}
