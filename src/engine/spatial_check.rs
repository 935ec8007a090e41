//! The overlap pass: every patch's footprint — from its reference raster
//! when that is trustworthy, else from the tiling grid — goes through the
//! overlap measurement; each pair that shares ground goes to the checks
//! that read pairs (`Input::Overlap`), on the first patch of the pair.

use crate::finding::Finding;
use crate::io::formats::reproject::GdalReprojector;
use crate::model::dataset::PatchIndex;
use crate::rules::input::{OverlapCheck, OverlapFacts};
use crate::rules::Rule;
use crate::spatial::footprints::{placed_patches, PlacedPatch};
use crate::spatial::overlap::{find_overlaps, Overlap, OverlapSettings};

use super::cache::totals;
use super::context::{run_checks, Context, Sink};
use super::raster_check::RasterFootprint;

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
    if !cx.place_patches && !cx.plan.places_patches() {
        return SpatialOutcome {
            summary: OverlapSummary::default(),
            placed: Vec::new(),
            overlaps: Vec::new(),
        };
    }
    let placed = place(cx, index, from_rasters);
    let settings = cx.profile.profile.spatial.overlap_settings();
    let checks = &cx.plan.overlap;
    // With the cache, the pairs measured in the run that kept them are
    // taken as they are when every patch is placed as it was then (same
    // keys, footprints and files, in the same order); the checks run on
    // them again (their settings and selection are in the run key).
    let fingerprint = cx.cache.map(|_| totals::fingerprint(&placed));
    let measured = cx
        .cache
        .zip(fingerprint)
        .and_then(|(store, f)| store.overlaps(f))
        .map(|memo| memo.overlaps.clone());
    let (summary, mut overlaps) =
        overlap_pass(&placed, &settings, checks, measured, &mut |f| sink.push(f));
    if let (Some(store), Some(fingerprint)) = (cx.cache, fingerprint) {
        let kept = if cx.place_patches {
            overlaps.clone()
        } else {
            std::mem::take(&mut overlaps)
        };
        store.set_overlaps(Some(totals::OverlapMemo {
            fingerprint,
            overlaps: kept,
        }));
    }
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
/// of a sharded run too): each measured pair goes to `checks`, and what
/// they find to `push`, which returns whether it was kept; the summary
/// counts the pairs of the kept findings. `measured`: the pairs, measured
/// before on these very patches (the validation cache).
pub(crate) fn overlap_pass(
    placed: &[PlacedPatch],
    settings: &OverlapSettings,
    checks: &[(Rule, OverlapCheck)],
    measured: Option<Vec<Overlap>>,
    push: &mut dyn FnMut(Finding) -> bool,
) -> (OverlapSummary, Vec<Overlap>) {
    let mut summary = OverlapSummary::default();
    let overlaps = measured.unwrap_or_else(|| {
        let footprints: Vec<_> = placed.iter().map(|p| p.footprint).collect();
        find_overlaps(&footprints, settings, &GdalReprojector).overlaps
    });
    let mut scratch = Vec::new();
    for o in &overlaps {
        let (first, second) = (&placed[o.a], &placed[o.b]);
        let facts = OverlapFacts {
            overlap: o,
            other: &second.key,
            tolerance_m2: settings.tolerance_m2,
        };
        let path = Some(&*first.path);
        let kept = run_checks(checks, &facts, path, Some(first.key), &mut scratch, push);
        summary.pairs += kept;
        summary.area_m2 += kept as f64 * o.area_m2;
    }
    (summary, overlaps)
}
