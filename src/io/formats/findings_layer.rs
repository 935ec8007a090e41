//! The findings of a validation as a GeoPackage QGIS opens styled, with two
//! layers in EPSG:4326:
//!
//! * `findings`: one polygon per located finding (fields code, name,
//!   severity, message, file, tile, x, y, then a typed column per field of
//!   the findings' records: an area as a real, a class as an integer...),
//!   outlined by severity, unlabelled;
//! * `findings_by_patch`: one polygon per patch (its footprint) with the
//!   codes of its findings joined, their count and the worst severity,
//!   filled by that severity and labelled by the codes: one label per
//!   patch, where labels of findings sharing a footprint would stack;
//!
//! and QGIS's `layer_styles` table holding both default styles
//! ([`super::layer_styles`]), so each layer shows styled whichever way it
//! is opened.

use std::path::Path;

use gdal::spatial_ref::SpatialRef;
use gdal::vector::{Feature, Geometry, LayerAccess, LayerOptions, OGRFieldType};
use gdal::DriverManager;
use serde_json::Value;

use super::layer_styles::{self, LayerStyle};
use crate::io::safety::atomic::{self, WriteWithError};

/// The per-finding layer's name inside the GeoPackage.
pub const LAYER: &str = "findings";
/// The per-patch layer's name inside the GeoPackage.
pub const BY_PATCH_LAYER: &str = "findings_by_patch";

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
    /// The values of the record columns, by column name (absent: null).
    pub data: serde_json::Map<String, Value>,
}

/// The type of a record column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    /// 32-bit integer.
    Integer,
    /// 64-bit integer.
    Integer64,
    Real,
    /// An integer of subtype boolean.
    Boolean,
    String,
    /// A string of subtype JSON (lists).
    Json,
}

/// A column for a field of the findings' records.
#[derive(Clone, Debug)]
pub struct Column<'a> {
    pub name: &'a str,
    pub kind: ColumnType,
}

/// One patch with located findings.
#[derive(Clone, Debug)]
pub struct PatchFeature {
    pub tile: String,
    pub x: u32,
    pub y: u32,
    /// The distinct codes of its findings, sorted, joined by ", ".
    pub codes: String,
    /// How many findings it has.
    pub count: usize,
    /// The worst severity among them.
    pub severity: &'static str,
    /// The patch footprint: closed outer ring, `[longitude, latitude]`.
    pub ring: Vec<Vec<f64>>,
}

#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct FindingsLayerError {
    path: String,
    message: String,
}

/// Writes `features` and `patches` to a new GeoPackage at `path`,
/// atomically; an existing file is only replaced when `overwrite`.
pub fn write(
    path: &Path,
    columns: &[Column],
    features: &[FindingFeature],
    patches: &[PatchFeature],
    overwrite: bool,
) -> Result<(), FindingsLayerError> {
    let fail = |message: String| FindingsLayerError {
        path: path.display().to_string(),
        message,
    };
    atomic::write_with(path, overwrite, &[], |tmp| {
        write_gpkg(tmp, columns, features, patches)
    })
    .map_err(|e| match e {
        WriteWithError::Write(m) => fail(m),
        other => fail(other.to_string()),
    })
}

/// A polygon from a closed ring of `[longitude, latitude]` points.
fn polygon(ring: &[Vec<f64>]) -> Result<Geometry, gdal::errors::GdalError> {
    let mut outer = Geometry::empty(gdal::vector::OGRwkbGeometryType::wkbLinearRing)?;
    for p in ring {
        outer.add_point_2d((p[0], p[1]));
    }
    let mut polygon = Geometry::empty(gdal::vector::OGRwkbGeometryType::wkbPolygon)?;
    polygon.add_geometry(outer)?;
    Ok(polygon)
}

fn write_gpkg(
    path: &Path,
    columns: &[Column],
    features: &[FindingFeature],
    patches: &[PatchFeature],
) -> Result<(), String> {
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
        for column in columns {
            create_column(&layer, column)?;
        }
        let defn = layer.defn();
        for f in features {
            let mut feature = Feature::new(defn).map_err(e)?;
            feature
                .set_geometry(polygon(&f.ring).map_err(e)?)
                .map_err(e)?;
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
            for (i, column) in columns.iter().enumerate() {
                if let Some(value) = f.data.get(column.name) {
                    set_value(&mut feature, fields.len() + i, column.kind, value).map_err(e)?;
                }
            }
            feature.create(&layer).map_err(e)?;
        }
    }
    write_patches(&mut tx, &srs, patches)?;
    let styles = [
        LayerStyle {
            layer: LAYER,
            name: "multisenge findings",
            qml: layer_styles::FINDINGS_QML,
        },
        LayerStyle {
            layer: BY_PATCH_LAYER,
            name: "multisenge findings by patch",
            qml: layer_styles::FINDINGS_BY_PATCH_QML,
        },
    ];
    layer_styles::write(&mut tx, &styles)?;
    tx.commit().map_err(e)?;
    Ok(())
}

/// Adds a record column to `layer`, with its subtype (boolean, JSON), which
/// the gdal crate does not wrap.
fn create_column(layer: &impl LayerAccess, column: &Column) -> Result<(), String> {
    use gdal_sys::OGRFieldSubType::{OFSTBoolean, OFSTJSON};
    let (kind, subtype) = match column.kind {
        ColumnType::Integer => (OGRFieldType::OFTInteger, None),
        ColumnType::Integer64 => (OGRFieldType::OFTInteger64, None),
        ColumnType::Real => (OGRFieldType::OFTReal, None),
        ColumnType::Boolean => (OGRFieldType::OFTInteger, Some(OFSTBoolean)),
        ColumnType::String => (OGRFieldType::OFTString, None),
        ColumnType::Json => (OGRFieldType::OFTString, Some(OFSTJSON)),
    };
    let name = std::ffi::CString::new(column.name).map_err(|e| e.to_string())?;
    // SAFETY: the field definition is created, used and destroyed here;
    // the layer handle is alive as long as `layer`, and OGR copies the
    // definition into the layer.
    let created = unsafe {
        let defn = gdal_sys::OGR_Fld_Create(name.as_ptr(), kind);
        if defn.is_null() {
            return Err(format!("cannot create the field `{}`", column.name));
        }
        if let Some(subtype) = subtype {
            gdal_sys::OGR_Fld_SetSubType(defn, subtype);
        }
        let created = gdal_sys::OGR_L_CreateField(layer.c_layer(), defn, 1);
        gdal_sys::OGR_Fld_Destroy(defn);
        created
    };
    if created != gdal_sys::OGRErr::OGRERR_NONE {
        return Err(format!("cannot create the field `{}`", column.name));
    }
    Ok(())
}

/// Sets field `index` of `feature` to `value` as a column of `kind` holds
/// it (a value of another JSON type is written as its text).
fn set_value(
    feature: &mut Feature,
    index: usize,
    kind: ColumnType,
    value: &Value,
) -> gdal::errors::Result<()> {
    match (kind, value) {
        (ColumnType::Integer, Value::Number(n)) => {
            let v = n.as_i64().unwrap_or_default();
            feature.set_field_integer(index, i32::try_from(v).unwrap_or(i32::MAX))
        }
        (ColumnType::Integer64, Value::Number(n)) => {
            feature.set_field_integer64(index, n.as_i64().unwrap_or(i64::MAX))
        }
        (ColumnType::Real, Value::Number(n)) => {
            feature.set_field_double(index, n.as_f64().unwrap_or(f64::NAN))
        }
        (ColumnType::Boolean, Value::Bool(b)) => feature.set_field_integer(index, i32::from(*b)),
        (_, Value::String(text)) => feature.set_field_string(index, text),
        (_, other) => feature.set_field_string(index, &other.to_string()),
    }
}

/// The `findings_by_patch` layer: fields tile, x, y, severity, codes, count.
fn write_patches(
    ds: &mut gdal::Dataset,
    srs: &SpatialRef,
    patches: &[PatchFeature],
) -> Result<(), String> {
    let e = |e: gdal::errors::GdalError| crate::io::formats::gdal_error::sentence(&e);
    let layer = ds
        .create_layer(LayerOptions {
            name: BY_PATCH_LAYER,
            srs: Some(srs),
            ty: gdal::vector::OGRwkbGeometryType::wkbPolygon,
            options: None,
        })
        .map_err(e)?;
    let fields = [
        ("tile", OGRFieldType::OFTString),
        ("x", OGRFieldType::OFTInteger),
        ("y", OGRFieldType::OFTInteger),
        ("severity", OGRFieldType::OFTString),
        ("codes", OGRFieldType::OFTString),
        ("count", OGRFieldType::OFTInteger),
    ];
    layer.create_defn_fields(&fields).map_err(e)?;
    let whole = |v: usize| i32::try_from(v).unwrap_or(i32::MAX);
    for p in patches {
        let mut feature = Feature::new(layer.defn()).map_err(e)?;
        feature
            .set_geometry(polygon(&p.ring).map_err(e)?)
            .map_err(e)?;
        feature.set_field_string(0, &p.tile).map_err(e)?;
        feature
            .set_field_integer(1, whole(p.x as usize))
            .map_err(e)?;
        feature
            .set_field_integer(2, whole(p.y as usize))
            .map_err(e)?;
        feature.set_field_string(3, p.severity).map_err(e)?;
        feature.set_field_string(4, &p.codes).map_err(e)?;
        feature.set_field_integer(5, whole(p.count)).map_err(e)?;
        feature.create(&layer).map_err(e)?;
    }
    Ok(())
}
