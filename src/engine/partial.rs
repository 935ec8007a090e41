//! A partial report of `validate --shard`: one shard's findings and counts,
//! and what the global pass needs, as written to and read from JSON
//! (`shard` writes, reads and merges them; `partial_check` checks their
//! ranges).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::finding::{Location, Severity};

/// Largest shard count accepted.
pub const MAX_SHARDS: u32 = 1_000_000;

/// One shard's outcome: its findings and counts, and what the global pass
/// needs (each patch's footprint).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Partial {
    /// Always `multisenge-partial-report`.
    pub format: String,
    pub partial_version: u32,
    pub tool_version: String,
    pub shard: u32,
    pub shards: u32,
    pub root: String,
    pub labels_only: bool,
    pub profile: String,
    /// A hash of the profile's settings and rule selection.
    pub profile_fingerprint: String,
    pub patch_size: u32,
    pub rules_run: Vec<String>,
    pub rules_not_run: Vec<String>,
    /// The overlap pass's settings, and the severities of the rules that
    /// read it, in registry order (S001, S002; absent: off).
    pub overlap_tolerance_m2: f64,
    pub equal_area_epsg: u32,
    pub overlap_severity: Vec<Option<Severity>>,
    pub findings: Vec<PartialFinding>,
    pub summary: PartialSummary,
    /// The shard's patches placed on the ground, in index order.
    pub footprints: Vec<PartialFootprint>,
    /// What the partition was computed from (a hash of every patch and its
    /// file count, and the patch count): shards that saw different files
    /// (a dataset changed between shards, another listing) cut the dataset
    /// differently and are not merged. Empty in partials that predate it.
    #[serde(default)]
    pub partition: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PartialFinding {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub path: Option<String>,
    pub patch: Option<PartialPatch>,
    pub location: Option<Location>,
    /// The rule's record (the message is rendered from it again).
    #[serde(default)]
    pub data: serde_json::Value,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PartialPatch {
    pub tile: String,
    pub x: u32,
    pub y: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PartialFootprint {
    pub patch: PartialPatch,
    pub epsg: u32,
    /// min x, min y, max x, max y, metres.
    pub bounds: [f64; 4],
    pub path: String,
}

/// The shard's counts; every one adds up across shards.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PartialSummary {
    pub patches: usize,
    pub files: BTreeMap<String, usize>,
    pub other_files: usize,
    pub listed_s2: usize,
    pub listed_s1: usize,
    /// (tile, kind, date, count).
    pub listed_by_date: Vec<(String, String, u32, usize)>,
    pub patches_per_tile: Vec<(String, usize)>,
    /// (tile, class, patches).
    pub label_class_patches: Vec<(String, u8, usize)>,
    /// (tile, rasters, pixels per value).
    pub class_pixels: Vec<(String, usize, Vec<u64>)>,
    /// (kind, rasters without band descriptions), for the kinds whose
    /// descriptions were read.
    #[serde(default)]
    pub undescribed: Vec<(String, usize)>,
}
