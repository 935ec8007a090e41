//! `generalize --patches DIR --avoid DATASET`: which of a tile's patches
//! would overlap patches already published for other tiles (in DATASET, or
//! already written in DIR), so they are not written. Reading those
//! datasets is `footprints::existing_patches`'s job; this is the pure part.

use crate::model::footprint::Footprint;
use crate::model::grid::TilingGrid;
use crate::model::{PatchKey, TileCode};

use super::footprints::{patch_id, PlacedPatch};
use super::overlap::{find_overlaps, OverlapSettings};
use super::Reproject;

/// Patches of other tiles that `generalize --patches` must not overlap.
#[derive(Clone, Debug)]
pub struct AvoidPatches {
    pub existing: Vec<PlacedPatch>,
    /// The default validation profile's `[spatial]` settings.
    pub settings: OverlapSettings,
}

/// A patch not written, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct SkippedPatch {
    pub x: usize,
    pub y: usize,
    /// Id of the existing patch it would overlap the most.
    pub overlaps: String,
    /// That overlap's area, m².
    pub area_m2: f64,
}

/// The patch origins to write and those skipped.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AvoidOutcome {
    pub keep: Vec<(usize, usize)>,
    pub skipped: Vec<SkippedPatch>,
}

/// Splits `origins` (pixel positions of `patch_size` patches in `tile`)
/// into those whose footprint overlaps none of `existing` by more than the
/// tolerance, and the others. Existing patches of `tile` itself are
/// ignored: they are the ones being rewritten.
///
/// ```
/// use multisenge::io::formats::reproject::GdalReprojector;
/// use multisenge::model::footprint::Footprint;
/// use multisenge::model::grid::TilingGrid;
/// use multisenge::model::{PatchKey, TileCode};
/// use multisenge::spatial::avoid::split_origins;
/// use multisenge::spatial::footprints::PlacedPatch;
/// use multisenge::spatial::overlap::OverlapSettings;
/// // 31UFQ_10023_0 covers the west 229 columns of 31UGQ_0_0.
/// let key = PatchKey { tile: TileCode::parse("31UFQ").unwrap(), x: 10023, y: 0 };
/// let footprint = Footprint::of_window(TilingGrid::official(), &key, 0, 0, 256, 256).unwrap();
/// let existing = [PlacedPatch { key, footprint, path: "labels/31UFQ_10023_0.json".into() }];
/// let settings = OverlapSettings { tolerance_m2: 10.0, equal_area_epsg: 3035 };
/// let tile = TileCode::parse("31UGQ").unwrap();
/// let out = split_origins(tile, &[(0, 0), (257, 0), (514, 0)], 256, &existing,
///                         &settings, &GdalReprojector);
/// assert_eq!(out.keep, vec![(514, 0)]);
/// assert_eq!(out.skipped[0].overlaps, "31UFQ_10023_0");
/// assert_eq!(out.skipped[1].x, 257); // 26 columns of overlap
/// ```
pub fn split_origins(
    tile: TileCode,
    origins: &[(usize, usize)],
    patch_size: u32,
    existing: &[PlacedPatch],
    settings: &OverlapSettings,
    reproject: &dyn Reproject,
) -> AvoidOutcome {
    let grid = TilingGrid::official();
    let others: Vec<&PlacedPatch> = existing.iter().filter(|p| p.key.tile != tile).collect();
    let mut footprints: Vec<Footprint> = others.iter().map(|p| p.footprint).collect();
    let first_new = footprints.len();
    // Origins outside the grid cannot be placed: kept (nothing to avoid).
    let mut placed_origin = Vec::new();
    for &(x, y) in origins {
        let key = PatchKey {
            tile,
            x: x as u32,
            y: y as u32,
        };
        if let Some(f) = Footprint::of_window(grid, &key, 0, 0, patch_size, patch_size) {
            placed_origin.push((x, y));
            footprints.push(f);
        }
    }
    let mut worst: Vec<Option<(usize, f64)>> = vec![None; placed_origin.len()];
    for o in find_overlaps(&footprints, settings, reproject).overlaps {
        // Existing patches come first: a < b.
        if o.a < first_new && o.b >= first_new {
            let slot = &mut worst[o.b - first_new];
            if slot.map_or(true, |(_, area)| o.area_m2 > area) {
                *slot = Some((o.a, o.area_m2));
            }
        }
    }
    let mut out = AvoidOutcome::default();
    for (&(x, y), w) in placed_origin.iter().zip(worst) {
        match w {
            None => out.keep.push((x, y)),
            Some((k, area_m2)) => out.skipped.push(SkippedPatch {
                x,
                y,
                overlaps: patch_id(&others[k].key),
                area_m2,
            }),
        }
    }
    out.keep
        .extend(origins.iter().filter(|o| !placed_origin.contains(o)));
    out
}
