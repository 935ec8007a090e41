//! Writing polygons as a GeoPackage layer (`compare --lost`) with its QGIS
//! style, atomically.

use std::path::Path;

use gdal::spatial_ref::SpatialRef;
use gdal::vector::{LayerAccess, OGRwkbGeometryType};
use geo_types::MultiPolygon;

use super::layer::VectorError;

/// Writes polygons (with `id` and `class` fields) to a new GeoPackage layer
/// `lost_polygons`, with its QGIS style (the class colours and names of the
/// default profile), atomically (temporary file, then rename).
pub fn write_polygons(
    path: &Path,
    srs: &SpatialRef,
    polygons: &[(i64, u8, &MultiPolygon<f64>)],
    overwrite: bool,
) -> Result<(), VectorError> {
    use gdal::vector::{LayerOptions, OGRFieldType, ToGdal};
    use gdal::DriverManager;
    let other = |message: String| VectorError::Other {
        path: path.to_path_buf(),
        layer: "lost_polygons".into(),
        message,
    };
    use crate::io::safety::atomic::{write_with, WriteWithError};
    let written = write_with(path, overwrite, &[], |tmp_path| -> Result<(), String> {
        let e = |e: gdal::errors::GdalError| crate::io::formats::gdal_error::sentence(&e);
        let driver = DriverManager::get_driver_by_name("GPKG").map_err(e)?;
        let mut ds = driver.create_vector_only(tmp_path).map_err(e)?;
        let mut tx = ds.start_transaction().map_err(e)?;
        let layer = tx
            .create_layer(LayerOptions {
                name: "lost_polygons",
                srs: Some(srs),
                ty: OGRwkbGeometryType::wkbMultiPolygon,
                options: None,
            })
            .map_err(e)?;
        layer
            .create_defn_fields(&[
                ("id", OGRFieldType::OFTInteger64),
                ("class", OGRFieldType::OFTInteger),
            ])
            .map_err(e)?;
        let defn = layer.defn();
        for (id, class, g) in polygons {
            let mut f = gdal::vector::Feature::new(defn).map_err(e)?;
            f.set_geometry((*g).to_gdal().map_err(e)?).map_err(e)?;
            f.set_field_integer64(0, *id).map_err(e)?;
            f.set_field_integer(1, i32::from(*class)).map_err(e)?;
            f.create(&layer).map_err(e)?;
        }
        let style = crate::io::formats::layer_styles::LayerStyle {
            layer: "lost_polygons",
            name: "multisenge lost polygons",
            qml: crate::io::formats::layer_styles::LOST_POLYGONS_QML,
        };
        crate::io::formats::layer_styles::write(&mut tx, &[style])?;
        tx.commit().map_err(e)
    });
    written.map_err(|err| match err {
        WriteWithError::Exists => other("exists; use --force to overwrite it".into()),
        WriteWithError::Io(err) => other(err.to_string()),
        WriteWithError::Write(message) => other(message),
    })?;
    Ok(())
}
