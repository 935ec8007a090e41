//! The spatial rules (S001, S002): every patch's footprint — from its
//! reference raster when that is trustworthy, else from the tiling grid —
//! goes through the overlap pass; each overlapping pair becomes one finding
//! on the first patch of the pair, naming the second.

use crate::finding::{Finding, Location};
use crate::io::formats::reproject::GdalReprojector;
use crate::model::dataset::PatchIndex;
use crate::rules::{spatial, Rule};
use crate::spatial::footprints::{placed_patches, PlacedPatch};
use crate::spatial::overlap::{find_overlaps, Overlap, OverlapSettings};

use super::raster_check::RasterFootprint;
use super::{Context, Sink};

pub(crate) const RULES: [Rule; 2] = [Rule::PatchesOverlap, Rule::DuplicateFootprint];

/// What the summary reports of the pass.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct OverlapSummary {
    /// Pairs reported (S001 and S002).
    pub pairs: usize,
    /// Their total overlap area, m² (equal-area CRS).
    pub area_m2: f64,
}

/// The pass's outcome: the summary, and the placed patches and their
/// overlaps for [`super::run`]'s callers.
pub(crate) struct SpatialOutcome {
    pub summary: OverlapSummary,
    pub placed: Vec<PlacedPatch>,
    pub overlaps: Vec<Overlap>,
}

pub(crate) fn check(
    cx: &Context,
    index: &PatchIndex,
    from_rasters: Vec<RasterFootprint>,
    sink: &mut Sink,
) -> SpatialOutcome {
    if !cx.place_patches && !RULES.iter().any(|&r| sink.enabled(r)) {
        return SpatialOutcome {
            summary: OverlapSummary::default(),
            placed: Vec::new(),
            overlaps: Vec::new(),
        };
    }
    let placed = place(cx, index, from_rasters);
    let settings = cx.profile.profile.spatial.overlap_settings();
    let (summary, overlaps) = overlap_pass(&placed, &settings, &mut |f| sink.push(f));
    SpatialOutcome {
        summary,
        placed,
        overlaps,
    }
}

/// The patches of `index` placed on the ground, in index order: from their
/// reference raster when it is trustworthy, else from the tiling grid.
pub(crate) fn place(
    cx: &Context,
    index: &PatchIndex,
    from_rasters: Vec<RasterFootprint>,
) -> Vec<PlacedPatch> {
    let mut rasters: std::collections::HashMap<_, _> = from_rasters
        .into_iter()
        .map(|r| (r.key, (r.footprint, r.path)))
        .collect();
    placed_patches(index, cx.grid, cx.profile.profile.dataset.patch_size)
        .into_iter()
        .map(|mut p| {
            if let Some((footprint, path)) = rasters.remove(&p.key) {
                p.footprint = footprint;
                p.path = path;
            }
            p
        })
        .collect()
}

/// The overlap pass over every placed patch of the dataset (the global pass
/// of a sharded run too): each reported pair goes to `push`, which returns
/// whether its rule is enabled.
pub(crate) fn overlap_pass(
    placed: &[PlacedPatch],
    settings: &OverlapSettings,
    push: &mut dyn FnMut(Finding) -> bool,
) -> (OverlapSummary, Vec<Overlap>) {
    let mut summary = OverlapSummary::default();
    let footprints: Vec<_> = placed.iter().map(|p| p.footprint).collect();
    let outcome = find_overlaps(&footprints, settings, &GdalReprojector);
    for o in &outcome.overlaps {
        let (first, second) = (&placed[o.a], &placed[o.b]);
        let message = spatial::patches_overlap::check(o, &second.key)
            .map(|m| (Rule::PatchesOverlap, m))
            .or_else(|| {
                spatial::duplicate_footprint::check(o, &second.key)
                    .map(|m| (Rule::DuplicateFootprint, m))
            });
        let Some((rule, message)) = message else {
            continue;
        };
        let area = o.area_m2;
        let finding = Finding::new(rule, message)
            .path(first.path.to_string())
            .patch(first.key)
            .location(Location::Polygon {
                epsg: o.epsg,
                rings: vec![o.ring.clone()],
            });
        if push(finding) {
            summary.pairs += 1;
            summary.area_m2 += area;
        }
    }
    (summary, outcome.overlaps)
}
