//! The facts of a release's declaration: the dataset's tiles and totals,
//! and each patch's dates, against what the profile's `[release]` section
//! declares.

use std::collections::BTreeMap;

use crate::model::{PatchKey, TileCode};

/// What a release declares of itself (the profile's `[release]`); a
/// total left out is not checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReleaseDeclaration {
    /// Its tiles, sorted; `None`: not declared.
    pub tiles: Option<Vec<TileCode>>,
    /// Its patch count.
    pub patches: Option<u64>,
    /// Its Sentinel-2 and Sentinel-1 file counts.
    pub s2_files: Option<u64>,
    pub s1_files: Option<u64>,
    /// The fewest and most distinct dates a patch has, per sensor.
    pub s2_dates: Option<(u32, u32)>,
    pub s1_dates: Option<(u32, u32)>,
}

impl ReleaseDeclaration {
    /// Whether it declares any dataset-wide figure (tiles or totals).
    pub fn declares_totals(&self) -> bool {
        self.tiles.is_some()
            || self.patches.is_some()
            || self.s2_files.is_some()
            || self.s1_files.is_some()
    }
}

/// [`super::Input::Release`]: the dataset as a whole, counted from the
/// names the scan and the label files gave, once per run (not in a shard,
/// which sees a part of the dataset).
#[derive(Debug)]
pub struct ReleaseFacts<'a> {
    pub declared: &'a ReleaseDeclaration,
    /// Patches (any well-named file or label file) per tile.
    pub patches_per_tile: &'a BTreeMap<TileCode, usize>,
    /// Every patch seen.
    pub patches: usize,
    /// Names listed by the label files in `corresponding_s2` and
    /// `corresponding_s1`: the same count with rasters and without.
    pub listed_s2: usize,
    pub listed_s1: usize,
}

/// [`super::Input::PatchDates`]: one parsed label file's distinct dates
/// per sensor, from the names it lists that passed the naming rules.
#[derive(Debug)]
pub struct PatchDatesFacts<'a> {
    pub key: &'a PatchKey,
    pub s2_dates: usize,
    pub s1_dates: usize,
    pub declared: &'a ReleaseDeclaration,
}
