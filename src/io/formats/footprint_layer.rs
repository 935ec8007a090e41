//! Writes patch footprints as a vector layer (GeoPackage or GeoJSON, by the
//! file's extension; GeoJSON on standard output), reprojected to a target
//! CRS (a GeoPackage holds its QGIS style: outlines labelled by patch id),
//! atomically: a temporary file beside the output, renamed when
//! complete; an existing file is replaced only when asked.

use std::path::{Path, PathBuf};

use gdal::spatial_ref::{CoordTransform, SpatialRef};
use gdal::vector::{
    Feature, Geometry, LayerAccess, LayerOptions, OGRFieldType, OGRwkbGeometryType,
};
use gdal::DriverManager;

use crate::spatial::clip::{densify, rect_ring};
use crate::spatial::footprints::FootprintRecord;

/// Name of the layer written.
pub const LAYER: &str = "footprints";
/// Outline points are at most this far apart before reprojection, metres.
const EDGE_M: f64 = 640.0;

/// Where the layer goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Destination {
    /// GeoJSON on standard output.
    Stdout,
    /// A `.gpkg`, `.geojson` or `.json` file.
    File(PathBuf),
}

impl From<std::ffi::OsString> for Destination {
    /// `-` is standard output; anything else a file.
    fn from(arg: std::ffi::OsString) -> Destination {
        if arg == "-" {
            Destination::Stdout
        } else {
            Destination::File(PathBuf::from(arg))
        }
    }
}

impl std::fmt::Display for Destination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Destination::Stdout => f.write_str("standard output"),
            Destination::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// Why the layer could not be written.
#[derive(Debug, thiserror::Error)]
pub enum FootprintLayerError {
    #[error("{0}: exists; use --force to overwrite it")]
    Exists(PathBuf),
    #[error("{0}: unknown output format; use a .gpkg, .geojson or .json file, or - for GeoJSON on standard output")]
    UnknownFormat(PathBuf),
    #[error("--t-srs {definition}: not a CRS GDAL knows ({reason})")]
    BadCrs { definition: String, reason: String },
    #[error("cannot reproject footprints from EPSG:{epsg}: {reason}")]
    Reproject { epsg: u32, reason: String },
    #[error("{path}: {reason}")]
    Write { path: String, reason: String },
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
}

/// The target CRS from a user's definition (`EPSG:4326`, WKT, PROJ string).
pub fn target_srs(definition: &str) -> Result<SpatialRef, FootprintLayerError> {
    crate::io::formats::crs::parse_definition(definition).map_err(|reason| {
        FootprintLayerError::BadCrs {
            definition: definition.to_string(),
            reason,
        }
    })
}

/// The GDAL driver for a destination; fails on an unknown extension, or on
/// an existing file unless `overwrite`.
pub fn check_destination(
    destination: &Destination,
    overwrite: bool,
) -> Result<&'static str, FootprintLayerError> {
    let Destination::File(path) = destination else {
        return Ok("GeoJSON");
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let driver = match ext.as_deref() {
        Some("gpkg") => "GPKG",
        Some("geojson" | "json") => "GeoJSON",
        _ => return Err(FootprintLayerError::UnknownFormat(path.clone())),
    };
    if path.exists() && !overwrite {
        return Err(FootprintLayerError::Exists(path.clone()));
    }
    Ok(driver)
}

/// Writes one feature per record, with the attributes tile, x, y, epsg,
/// classes, s2_dates, s1_dates, first_date, last_date and overlaps.
pub fn write_footprints(
    destination: &Destination,
    srs: &SpatialRef,
    records: &[FootprintRecord],
    overwrite: bool,
) -> Result<(), FootprintLayerError> {
    let driver = check_destination(destination, overwrite)?;
    match destination {
        Destination::Stdout => {
            // Written in memory, then to standard output with its errors
            // seen (GDAL's /vsistdout/ drops them: a full disk would pass).
            let mem = PathBuf::from(format!(
                "/vsimem/multisenge-footprints-{}.geojson",
                std::process::id()
            ));
            write_layer(&mem, driver, srs, records)?;
            let bytes = gdal::vsi::get_vsi_mem_file_bytes_owned(&mem).map_err(|e| {
                FootprintLayerError::Write {
                    path: "standard output".into(),
                    reason: crate::io::formats::gdal_error::sentence(&e),
                }
            })?;
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            match out.write_all(&bytes).and_then(|()| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(FootprintLayerError::Stdout(e))
                }
                _ => Ok(()),
            }
        }
        Destination::File(path) => {
            use crate::io::safety::atomic::{write_with, WriteWithError};
            write_with(path, overwrite, &[], |tmp| {
                write_layer(tmp, driver, srs, records)
            })
            .map_err(|e| match e {
                WriteWithError::Exists => FootprintLayerError::Exists(path.clone()),
                WriteWithError::Io(e) => FootprintLayerError::Write {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                },
                WriteWithError::Write(e) => e,
            })
        }
    }
}

fn write_layer(
    path: &Path,
    driver: &str,
    srs: &SpatialRef,
    records: &[FootprintRecord],
) -> Result<(), FootprintLayerError> {
    crate::io::storage::vfs::configure();
    let err = |e: gdal::errors::GdalError| FootprintLayerError::Write {
        path: path.display().to_string(),
        reason: crate::io::formats::gdal_error::sentence(&e),
    };
    let gpkg = driver == "GPKG";
    let driver = DriverManager::get_driver_by_name(driver).map_err(err)?;
    let mut ds = driver.create_vector_only(path).map_err(err)?;
    if gpkg {
        // One transaction: a GeoPackage commits once, not once per feature.
        let mut tx = ds.start_transaction().map_err(err)?;
        fill_layer(&mut tx, path, srs, records)?;
        // Outlines labelled by patch id: the rasters under them stay visible.
        let style = super::layer_styles::LayerStyle {
            layer: LAYER,
            name: "multisenge footprints",
            qml: super::layer_styles::FOOTPRINTS_QML,
        };
        super::layer_styles::write(&mut tx, &[style]).map_err(|reason| {
            FootprintLayerError::Write {
                path: path.display().to_string(),
                reason,
            }
        })?;
        tx.commit().map_err(err)?;
        Ok(())
    } else {
        fill_layer(&mut ds, path, srs, records)
    }
}

fn fill_layer(
    ds: &mut gdal::Dataset,
    path: &Path,
    srs: &SpatialRef,
    records: &[FootprintRecord],
) -> Result<(), FootprintLayerError> {
    let err = |e: gdal::errors::GdalError| FootprintLayerError::Write {
        path: path.display().to_string(),
        reason: crate::io::formats::gdal_error::sentence(&e),
    };
    let layer = ds
        .create_layer(LayerOptions {
            name: LAYER,
            srs: Some(srs),
            ty: OGRwkbGeometryType::wkbPolygon,
            options: None,
        })
        .map_err(err)?;
    let fields = [
        ("id", OGRFieldType::OFTString),
        ("tile", OGRFieldType::OFTString),
        ("x", OGRFieldType::OFTInteger),
        ("y", OGRFieldType::OFTInteger),
        ("epsg", OGRFieldType::OFTInteger),
        ("classes", OGRFieldType::OFTString),
        ("s2_dates", OGRFieldType::OFTInteger),
        ("s1_dates", OGRFieldType::OFTInteger),
        ("first_date", OGRFieldType::OFTString),
        ("last_date", OGRFieldType::OFTString),
        ("overlaps", OGRFieldType::OFTString),
    ];
    layer.create_defn_fields(&fields).map_err(err)?;
    let mut transforms: std::collections::HashMap<u32, CoordTransform> = Default::default();
    for r in records {
        let epsg = r.footprint.epsg;
        let transform = match transforms.entry(epsg) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let source = crate::io::formats::vector::srs_from_epsg(epsg).map_err(|reason| {
                    FootprintLayerError::Reproject {
                        epsg,
                        reason: reason.to_string(),
                    }
                })?;
                let t = CoordTransform::new(&source, srs).map_err(|e| {
                    FootprintLayerError::Reproject {
                        epsg,
                        reason: crate::io::formats::gdal_error::sentence(&e),
                    }
                })?;
                e.insert(t)
            }
        };
        let f = &r.footprint;
        let mut ring = densify(&rect_ring([f.min_x, f.min_y, f.max_x, f.max_y]), EDGE_M);
        ring.push(ring[0]);
        let mut xs: Vec<f64> = ring.iter().map(|p| p[0]).collect();
        let mut ys: Vec<f64> = ring.iter().map(|p| p[1]).collect();
        transform
            .transform_coords(&mut xs, &mut ys, &mut [])
            .map_err(|e| FootprintLayerError::Reproject {
                epsg,
                reason: crate::io::formats::gdal_error::sentence(&e),
            })?;
        let wkt: Vec<String> = xs
            .iter()
            .zip(&ys)
            .map(|(x, y)| format!("{x} {y}"))
            .collect();
        let geometry = Geometry::from_wkt(&format!("POLYGON(({}))", wkt.join(","))).map_err(err)?;
        let mut feature = Feature::new(layer.defn()).map_err(err)?;
        feature.set_geometry(geometry).map_err(err)?;
        let join = |v: &[String]| v.join(";");
        let classes: Vec<String> = r.classes.iter().map(u8::to_string).collect();
        let range = r.date_range();
        feature.set_field_string(0, &r.id).map_err(err)?;
        feature
            .set_field_string(1, r.key.tile.as_str())
            .map_err(err)?;
        feature.set_field_integer(2, r.key.x as i32).map_err(err)?;
        feature.set_field_integer(3, r.key.y as i32).map_err(err)?;
        feature.set_field_integer(4, epsg as i32).map_err(err)?;
        feature.set_field_string(5, &join(&classes)).map_err(err)?;
        feature
            .set_field_integer(6, r.s2_dates.len() as i32)
            .map_err(err)?;
        feature
            .set_field_integer(7, r.s1_dates.len() as i32)
            .map_err(err)?;
        if let Some((first, last)) = range {
            feature.set_field_string(8, first).map_err(err)?;
            feature.set_field_string(9, last).map_err(err)?;
        }
        feature
            .set_field_string(10, &join(&r.overlaps))
            .map_err(err)?;
        feature.create(&layer).map_err(err)?;
    }
    Ok(())
}
