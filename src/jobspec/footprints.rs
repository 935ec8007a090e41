//! `footprints`: every patch of a dataset on a map, with the patches it
//! overlaps.

use super::shared::{DATASET, LABELS_ONLY, LISTING, PROFILE};
use super::spec::{Backend, Flag, JobSpec, Output, Param, Required};
use super::types::{OutputKind, Type};
use super::value::Values;
use crate::footprints::ExportOptions;
use crate::io::formats::footprint_layer::Destination;

pub const SPEC: JobSpec = JobSpec {
    id: "footprints",
    about: "Write every patch footprint, with its overlaps, as a map layer",
    long_about: "A GeoPackage or GeoJSON layer (by the output's extension) with, per patch: \
                 tile, x, y, EPSG code, classes, number of Sentinel-2 and Sentinel-1 dates, first \
                 and last date, and the ids of the patches it overlaps.\n\n\
                 Footprints come from each patch's reference raster (ground reference, else first \
                 readable Sentinel file) when it is in its tile's UTM zone with the profile's \
                 pixel size, else from the tiling grid (always in labels-only mode). Overlaps are \
                 those of rules S001/S002 (the profile's [spatial] overlap_tolerance, m²).",
    backend: Some(Backend {
        name: "Patch footprints",
        group: "Validation",
        help: "Every patch footprint (from its reference raster, or from the Sentinel-2 tiling \
               grid for label files alone) as a layer with its tile, x, y, EPSG code, classes, \
               Sentinel-2 and Sentinel-1 date counts, first and last date, and the ids of the \
               patches it overlaps (rules S001/S002).",
        outputs: &[Output {
            name: "OVERLAPPING_PAIRS",
            description: "Pairs of patches that overlap",
            kind: "number",
        }],
        styles: &[("OUTPUT", "footprints")],
    }),
    params: &[
        DATASET,
        PROFILE,
        LABELS_ONLY
            .label("Use the label files and the tiling grid only, even if rasters exist")
            .help("Use the label files and the tiling grid only, even if raster folders exist"),
        LISTING,
        Param::new("T_SRS", Type::Crs, Flag::long("t-srs", "CRS"))
            .default("EPSG:4326")
            .label("CRS of the layer")
            .help("Target CRS (any definition GDAL accepts: EPSG:n, WKT, PROJ string)"),
        Param::new(
            "OUTPUT",
            Type::Output {
                kind: OutputKind::Vector,
                usual: Some("gpkg"),
                only: &["gpkg", "geojson", "json"],
                stdout: true,
            },
            Flag::long("output", "FILE").short('o'),
        )
        .label("Footprints (GeoPackage, or GeoJSON by extension)")
        .help(
            "Output file: .gpkg (GeoPackage) or .geojson/.json (GeoJSON); `-` for GeoJSON on \
             standard output. Written atomically",
        )
        .required(Required::Both),
        Param::cli("FORCE", Type::Flag, Flag::long("force", "")).help("Replace FILE if it exists"),
    ],
};

/// What to export, and where (`overwrite`: `--force`, or `run --force`).
pub fn options(v: &Values, overwrite: bool, progress: bool) -> ExportOptions {
    let destination = v
        .path("OUTPUT")
        .map(|p| Destination::from(p.into_os_string()))
        .unwrap_or(Destination::Stdout);
    ExportOptions {
        destination,
        t_srs: v.text("T_SRS").unwrap_or("EPSG:4326").to_string(),
        overwrite: overwrite || v.flag("FORCE"),
        labels_only: v.flag("LABELS_ONLY"),
        listing: super::validate::listing(v),
        progress,
    }
}
