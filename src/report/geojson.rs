//! GeoJSON for GIS users (QGIS loads it as a layer): one feature per located
//! finding, in EPSG:4326 (longitude, latitude). A finding is located when it
//! concerns a patch whose tile is in the Sentinel-2 grid: its geometry is the
//! patch footprint, or the pixel window inside it when the finding has one,
//! or the overlap polygon of an overlap finding (S001, S002).
//! Findings without a patch (a stray file, a missing folder) are left out;
//! `properties.unlocated` in the collection counts them. A feature's
//! properties are the finding's code, name, severity, message, path and
//! patch, then the fields of its rule's record (`report::fields`; null
//! fields left out): OGR and QGIS read them as typed attributes.

use std::collections::HashMap;

use gdal::spatial_ref::{AxisMappingStrategy, CoordTransform, SpatialRef};
use geojson::{Feature, FeatureCollection, Geometry, JsonObject, Value as GeoValue};
use serde_json::json;

use crate::engine::Report;
use crate::finding::{Finding, Location};
use crate::model::footprint::Footprint;
use crate::model::grid::TilingGrid;
use crate::model::PatchKey;

pub fn render(report: &Report) -> String {
    let (located, unlocated) = located(report);
    let mut features = Vec::new();
    for (f, ring) in located {
        let mut properties = json!({
            "code": f.rule.code(),
            "name": f.rule.meta().name,
            "severity": f.severity,
            "message": f.message,
            "path": f.path,
            "tile": f.patch.map(|k| k.tile.as_str().to_string()),
            "x": f.patch.map(|k| k.x),
            "y": f.patch.map(|k| k.y),
        });
        if let Some(properties) = properties.as_object_mut() {
            properties.extend(super::fields::values(f));
        }
        features.push(Feature {
            bbox: None,
            geometry: Some(Geometry::new(GeoValue::Polygon(vec![ring]))),
            id: None,
            properties: properties.as_object().cloned(),
            foreign_members: None,
        });
    }
    let mut members = JsonObject::new();
    members.insert("name".into(), json!("multisenge findings"));
    members.insert(
        "properties".into(),
        json!({ "root": report.root, "unlocated": unlocated }),
    );
    let collection = FeatureCollection {
        bbox: None,
        features,
        foreign_members: Some(members),
    };
    serde_json::to_string_pretty(&collection).unwrap_or_default() + "\n"
}

/// A closed ring of `[longitude, latitude]` points.
pub type Ring = Vec<Vec<f64>>;

/// The located findings with their outer ring in EPSG:4326 (closed,
/// `[longitude, latitude]`), in report order, and how many findings have
/// no location.
pub fn located(report: &Report) -> (Vec<(&Finding, Ring)>, usize) {
    let mut transforms: HashMap<u32, Option<CoordTransform>> = HashMap::new();
    let mut located = Vec::new();
    let mut unlocated = 0usize;
    for f in &report.findings {
        match ring_in_wgs84(report, f, &mut transforms) {
            Some(ring) => located.push((f, ring)),
            None => unlocated += 1,
        }
    }
    (located, unlocated)
}

fn ring_in_wgs84(
    report: &Report,
    f: &Finding,
    transforms: &mut HashMap<u32, Option<CoordTransform>>,
) -> Option<Vec<Vec<f64>>> {
    let patch = f.patch?;
    let size = report.patch_size;
    let (epsg, ring) = match &f.location {
        // An overlap polygon (S001, S002).
        Some(Location::Polygon { epsg, rings }) => (*epsg, rings.first()?.clone()),
        Some(Location::Window {
            col,
            row,
            width,
            height,
        }) => {
            let f =
                Footprint::of_window(TilingGrid::official(), &patch, *col, *row, *width, *height)?;
            (f.epsg, f.ring())
        }
        // A position in a label file: the patch it stands for.
        None | Some(Location::Text { .. }) => {
            let f = Footprint::of_window(TilingGrid::official(), &patch, 0, 0, size, size)?;
            (f.epsg, f.ring())
        }
    };
    ring_to_wgs84(epsg, &ring, transforms)
}

/// One patch named by located findings: its footprint and those findings.
pub struct PatchFindings<'a> {
    pub patch: PatchKey,
    /// The whole patch's footprint, EPSG:4326, closed.
    pub ring: Ring,
    /// The located findings of the patch, in report order.
    pub findings: Vec<&'a Finding>,
}

/// The `located` findings (as [`located`] gives them) grouped by patch, in
/// the order the patches are first named, each patch with its whole
/// footprint: one map feature per patch, where the findings' own outlines
/// (the same footprint, or pixel windows and overlaps inside it) would
/// stack. A finding located on the whole patch lends its ring; only the
/// other patches' footprints are reprojected.
pub fn located_by_patch<'a>(
    report: &Report,
    located: &[(&'a Finding, Ring)],
) -> Vec<PatchFindings<'a>> {
    let mut transforms: HashMap<u32, Option<CoordTransform>> = HashMap::new();
    let mut index: HashMap<PatchKey, usize> = HashMap::new();
    let mut out: Vec<PatchFindings> = Vec::new();
    let whole = |f: &Finding| matches!(f.location, None | Some(Location::Text { .. }));
    for (f, ring) in located {
        let Some(patch) = f.patch else { continue };
        let i = match index.get(&patch) {
            Some(&i) => i,
            None => {
                let ring = if whole(f) {
                    Some(ring.clone())
                } else {
                    let size = report.patch_size;
                    Footprint::of_window(TilingGrid::official(), &patch, 0, 0, size, size)
                        .and_then(|fp| ring_to_wgs84(fp.epsg, &fp.ring(), &mut transforms))
                };
                let Some(ring) = ring else { continue };
                out.push(PatchFindings {
                    patch,
                    ring,
                    findings: Vec::new(),
                });
                index.insert(patch, out.len() - 1);
                out.len() - 1
            }
        };
        out[i].findings.push(f);
    }
    out
}

/// `ring` (in EPSG:`epsg`) in EPSG:4326, coordinates rounded to 1e-7°.
fn ring_to_wgs84(
    epsg: u32,
    ring: &[[f64; 2]],
    transforms: &mut HashMap<u32, Option<CoordTransform>>,
) -> Option<Ring> {
    let transform = transforms
        .entry(epsg)
        .or_insert_with(|| to_wgs84(epsg))
        .as_ref()?;
    let mut xs: Vec<f64> = ring.iter().map(|p| p[0]).collect();
    let mut ys: Vec<f64> = ring.iter().map(|p| p[1]).collect();
    transform.transform_coords(&mut xs, &mut ys, &mut []).ok()?;
    let round = |v: f64| (v * 1e7).round() / 1e7;
    Some(
        xs.iter()
            .zip(&ys)
            .map(|(x, y)| vec![round(*x), round(*y)])
            .collect(),
    )
}

fn to_wgs84(epsg: u32) -> Option<CoordTransform> {
    let mut source = SpatialRef::from_epsg(epsg).ok()?;
    let mut target = SpatialRef::from_epsg(4326).ok()?;
    source.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    target.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    CoordTransform::new(&source, &target).ok()
}
