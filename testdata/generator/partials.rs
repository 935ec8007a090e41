//! Partial reports for the merge benchmark (issue 13): what N shards of
//! `validate --shard K/N --labels-only` over a continental labels-only
//! dataset would write, without writing the dataset (a million label files
//! would take 4 GB of disk and every shard would list them all).
//!
//! Footprints: patches on the 257-pixel grid of the Sentinel-2 tiles of UTM
//! zones 29 to 34, latitude bands S to V (Europe), tile after tile in code order,
//! each tile's 38 × 38 patches inside its own 100 km square (so that
//! neighbouring tiles of one zone do not overlap). Unless `overlapping`,
//! the patches that still overlap one written before (across zones, where
//! the grid's squares are cut by the zone edge) are left out, found by the
//! overlap pass itself, as `generalize --avoid` leaves them out: the merge
//! then reports nothing, like the merge of a sound dataset. With
//! `overlapping`, the 257-pixel grid covers whole tiles and every shared
//! strip holds overlaps to report.
//!
//! Each partial is built by `multisenge::engine::shard::Partial::new` from a
//! report holding the shard's counts and written by `Partial::to_json`, the
//! serializer `validate --shard` uses.

use std::path::Path;

use multisenge::engine::shard::{Partial, ShardSpec};
use multisenge::engine::{Report, Summary};
use multisenge::io::formats::reproject::GdalReprojector;
use multisenge::model::dataset::Mode;
use multisenge::model::footprint::Footprint;
use multisenge::model::grid::TilingGrid;
use multisenge::model::FileKind;
use multisenge::profile::LoadedProfile;
use multisenge::rules::Rule;
use multisenge::spatial::footprints::PlacedPatch;
use multisenge::spatial::overlap::find_overlaps;

use crate::Result;

/// Patch positions per tile side inside the tile's own 100 km square:
/// 37 × 257 + 256 = 9 765 px, under the 10 000 px to the next tile's
/// origin less its 0–60 m offset.
const INSIDE_SQUARE: u32 = 38;
/// Patch positions per tile side on the whole tile.
const WHOLE_TILE: u32 = 10_980 / 257;

/// The dataset root the partials name (never read).
const ROOT: &str = "/data/continental-labels";

pub fn write_partials(out: &Path, shards: u32, footprints: usize, overlapping: bool) -> Result<()> {
    if shards == 0 || shards as usize > footprints.max(1) {
        return Err(format!(
            "--shards must be between 1 and the number of footprints ({footprints})"
        )
        .into());
    }
    let t0 = std::time::Instant::now();
    let placed = patches(footprints, overlapping)?;
    let profile = LoadedProfile::default_profile();
    let rules_run: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|r| profile.rules.enabled(*r))
        .collect();
    let per_shard = placed.len().div_ceil(shards as usize);
    let mut bytes = 0;
    for (index, chunk) in placed.chunks(per_shard).enumerate() {
        let mut summary = Summary {
            patches: chunk.len(),
            ..Summary::default()
        };
        summary.files.insert(FileKind::Label.key(), chunk.len());
        for p in chunk {
            *summary.patches_per_tile.entry(p.key.tile).or_default() += 1;
        }
        let report = Report {
            root: ROOT.into(),
            mode: Mode::LabelsOnly,
            profile: profile.source.clone(),
            patch_size: profile.profile.dataset.patch_size,
            findings: Vec::new(),
            summary,
            rules_run: rules_run.clone(),
            rules_not_run: Vec::new(),
            timings: Vec::new(),
            baseline: None,
            cache: None,
        };
        let spec = ShardSpec {
            index: index as u32,
            count: shards,
        };
        let json = Partial::new(spec, &report, &profile, chunk).to_json();
        bytes += json.len();
        let path = out.join(format!("partial-{index:04}-of-{shards:04}.json"));
        multisenge::io::safety::atomic::write_bytes(&path, json.as_bytes())?;
    }
    println!(
        "wrote {shards} partial reports holding {} footprints ({} tiles, {:.0} MB) in {} ({:.1} s)",
        placed.len(),
        placed
            .iter()
            .map(|p| p.key.tile)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        bytes as f64 / 1e6,
        out.display(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `count` patches in key order (the order of a single run's index).
fn patches(count: usize, overlapping: bool) -> Result<Vec<PlacedPatch>> {
    let grid = TilingGrid::official();
    let mut tiles: Vec<_> = grid
        .tiles()
        .filter(|t| {
            let code = t.to_string();
            matches!(&code[..2], "29" | "30" | "31" | "32" | "33" | "34")
                && matches!(&code[2..3], "S" | "T" | "U" | "V")
        })
        .copied()
        .collect();
    tiles.sort();
    let side = if overlapping {
        WHOLE_TILE
    } else {
        INSIDE_SQUARE
    };
    // A few more candidates than needed when some are to be left out.
    let wanted = if overlapping {
        count
    } else {
        count + count / 8
    };
    let mut placed: Vec<PlacedPatch> = crate::overlaps::grid_patches(tiles, side, wanted)
        .into_iter()
        .map(|(key, footprint)| PlacedPatch {
            key,
            footprint,
            path: format!("labels/{}", key.file_name(FileKind::Label, "")).into(),
        })
        .collect();
    if !overlapping {
        let settings = multisenge::profile::spatial::SpatialSection::default().overlap_settings();
        let footprints: Vec<Footprint> = placed.iter().map(|p| p.footprint).collect();
        let overlaps = find_overlaps(&footprints, &settings, &GdalReprojector).overlaps;
        // Pairs come sorted by (a, b): the later patch of a pair whose
        // patches are both still kept is left out.
        let mut dropped = vec![false; placed.len()];
        for o in &overlaps {
            if !dropped[o.a] && !dropped[o.b] {
                dropped[o.b] = true;
            }
        }
        let mut keep = dropped.iter().map(|d| !d);
        placed.retain(|_| keep.next().unwrap_or(false));
    }
    if placed.len() < count {
        return Err(format!("only {} patches available", placed.len()).into());
    }
    placed.truncate(count);
    placed.sort_by_key(|p| p.key);
    Ok(placed)
}
