//! The findings of a validation as a GeoPackage layer QGIS opens styled:
//! layer `findings` (polygons in EPSG:4326, fields code, name, severity,
//! message, file, tile, x, y) and QGIS's `layer_styles` table holding the
//! default style (colour by severity, label by code), so the layer shows
//! styled whichever way it is opened.

use std::path::Path;

use gdal::spatial_ref::SpatialRef;
use gdal::vector::{Feature, Geometry, LayerAccess, LayerOptions, OGRFieldType};
use gdal::DriverManager;

use crate::io::safety::atomic::{self, WriteWithError};

/// The layer's name inside the GeoPackage.
pub const LAYER: &str = "findings";

/// The QGIS style of the findings layer (also shipped with the plugin).
pub const FINDINGS_QML: &str = include_str!("../../../qgis/multisenge/styles/findings.qml");

/// One located finding.
#[derive(Clone, Debug)]
pub struct FindingFeature<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub severity: &'a str,
    pub message: &'a str,
    pub file: Option<&'a str>,
    pub tile: Option<String>,
    pub x: Option<u32>,
    pub y: Option<u32>,
    /// Closed outer ring, `[longitude, latitude]`.
    pub ring: Vec<Vec<f64>>,
}

#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct FindingsLayerError {
    path: String,
    message: String,
}

/// Writes `features` to a new GeoPackage at `path`, atomically; an existing
/// file is only replaced when `overwrite`.
pub fn write(
    path: &Path,
    features: &[FindingFeature],
    overwrite: bool,
) -> Result<(), FindingsLayerError> {
    let fail = |message: String| FindingsLayerError {
        path: path.display().to_string(),
        message,
    };
    atomic::write_with(path, overwrite, &[], |tmp| write_gpkg(tmp, features)).map_err(|e| match e {
        WriteWithError::Write(m) => fail(m),
        other => fail(other.to_string()),
    })
}

fn write_gpkg(path: &Path, features: &[FindingFeature]) -> Result<(), String> {
    let e = |e: gdal::errors::GdalError| crate::io::formats::gdal_error::sentence(&e);
    let driver = DriverManager::get_driver_by_name("GPKG").map_err(e)?;
    let mut ds = driver.create_vector_only(path).map_err(e)?;
    let mut srs = SpatialRef::from_epsg(4326).map_err(e)?;
    srs.set_axis_mapping_strategy(gdal::spatial_ref::AxisMappingStrategy::TraditionalGisOrder);
    let mut tx = ds.start_transaction().map_err(e)?;
    {
        let layer = tx
            .create_layer(LayerOptions {
                name: LAYER,
                srs: Some(&srs),
                ty: gdal::vector::OGRwkbGeometryType::wkbPolygon,
                options: None,
            })
            .map_err(e)?;
        let fields = [
            ("code", OGRFieldType::OFTString),
            ("name", OGRFieldType::OFTString),
            ("severity", OGRFieldType::OFTString),
            ("message", OGRFieldType::OFTString),
            ("file", OGRFieldType::OFTString),
            ("tile", OGRFieldType::OFTString),
            ("x", OGRFieldType::OFTInteger),
            ("y", OGRFieldType::OFTInteger),
        ];
        layer.create_defn_fields(&fields).map_err(e)?;
        let defn = layer.defn();
        for f in features {
            let mut feature = Feature::new(defn).map_err(e)?;
            let mut ring =
                Geometry::empty(gdal::vector::OGRwkbGeometryType::wkbLinearRing).map_err(e)?;
            for p in &f.ring {
                ring.add_point_2d((p[0], p[1]));
            }
            let mut polygon =
                Geometry::empty(gdal::vector::OGRwkbGeometryType::wkbPolygon).map_err(e)?;
            polygon.add_geometry(ring).map_err(e)?;
            feature.set_geometry(polygon).map_err(e)?;
            let text = [f.code, f.name, f.severity, f.message];
            for (i, value) in text.iter().enumerate() {
                feature.set_field_string(i, value).map_err(e)?;
            }
            if let Some(file) = f.file {
                feature.set_field_string(4, file).map_err(e)?;
            }
            if let Some(tile) = &f.tile {
                feature.set_field_string(5, tile).map_err(e)?;
            }
            for (i, v) in [(6, f.x), (7, f.y)] {
                if let Some(v) = v {
                    feature
                        .set_field_integer(i, i32::try_from(v).unwrap_or(i32::MAX))
                        .map_err(e)?;
                }
            }
            feature.create(&layer).map_err(e)?;
        }
    }
    write_layer_style(&mut tx, LAYER, "multisenge findings", FINDINGS_QML)?;
    tx.commit().map_err(e)?;
    Ok(())
}

/// QGIS's `layer_styles` table (the schema QGIS itself creates in a
/// GeoPackage) with `qml` as the default style of `layer`.
fn write_layer_style(
    ds: &mut gdal::Dataset,
    layer: &str,
    style_name: &str,
    qml: &str,
) -> Result<(), String> {
    let e = |e: gdal::errors::GdalError| crate::io::formats::gdal_error::sentence(&e);
    let styles = ds
        .create_layer(LayerOptions {
            name: "layer_styles",
            srs: None,
            ty: gdal::vector::OGRwkbGeometryType::wkbNone,
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
    styles.create_defn_fields(&fields).map_err(e)?;
    let values = [
        "", // f_table_catalog
        "", // f_table_schema
        layer, "geom", style_name, qml, "", // styleSLD
    ];
    let mut feature = Feature::new(styles.defn()).map_err(e)?;
    for (i, value) in values.iter().enumerate() {
        feature.set_field_string(i, value).map_err(e)?;
    }
    feature.set_field_integer(7, 1).map_err(e)?;
    feature
        .set_field_string(8, "written by multisenge")
        .map_err(e)?;
    feature.create(&styles).map_err(e)?;
    Ok(())
}
