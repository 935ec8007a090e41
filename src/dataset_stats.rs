//! The figures of a release note, computed from one validation pass:
//! per tile, the patches, the **distinct** acquisition dates per sensor and
//! month (and, apart, the number of patch files listed for them), the first
//! and last date per sensor, and the class frequencies in patches (label
//! files listing the class) and in pixels (ground-reference rasters, full
//! mode). The same figures for all tiles together are the totals the paper
//! gives in its text (§3.3): patches, Sentinel-2 and Sentinel-1 patch files.
//!
//! A date seen in two tiles is one date in the all-tiles figures: distinct
//! dates do not add up across tiles, files do.
//!
//! Counts come from the same pass as `validate` (listed names that fail a
//! naming rule are not counted), and the number of findings is kept so that
//! a dataset with problems is not described as if it had none. Rendering is
//! in [`crate::report::stats`].

use std::collections::BTreeMap;
use std::path::Path;

use crate::engine::{self, ClassPixels, EngineError, Options, Report};
use crate::model::{FileKind, Mode, TileCode};
use crate::profile::LoadedProfile;

/// Every figure of `multisenge stats`.
#[derive(Clone, Debug, PartialEq)]
pub struct DatasetStats {
    /// The dataset's name in the profile (e.g. `MultiSenGE`).
    pub dataset_name: String,
    /// The dataset root as given.
    pub root: String,
    pub mode: Mode,
    /// One entry per tile, in tile order.
    pub tiles: Vec<TileStats>,
    /// All tiles together (`tile` is `None`).
    pub total: TileStats,
    /// The profile's class table (value, name).
    pub classes: Vec<(u8, String)>,
    /// Names listed by the label files, whether or not they passed the
    /// naming rules (the per-sensor `files` count only those that did).
    pub listed_s2: usize,
    pub listed_s1: usize,
    /// Well-named files on disk per kind key (full mode).
    pub files_on_disk: BTreeMap<&'static str, usize>,
    /// Findings of the validation pass.
    pub findings: usize,
}

/// The figures of one tile, or of all tiles (`tile: None`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TileStats {
    pub tile: Option<TileCode>,
    pub patches: usize,
    pub s2: SensorStats,
    pub s1: SensorStats,
    /// Patches whose label file lists each class value.
    pub class_patches: BTreeMap<u8, usize>,
    /// Ground-reference pixels per value; `None` when no raster was read
    /// (labels-only mode, or no readable ground reference).
    pub class_pixels: Option<ClassPixels>,
}

/// Acquisitions of one sensor.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SensorStats {
    /// Distinct acquisition dates.
    pub dates: usize,
    /// Patch files listed (one per patch and date).
    pub files: usize,
    /// First and last acquisition dates, `YYYYMMDD`.
    pub first: Option<u32>,
    pub last: Option<u32>,
    /// Per month `YYYYMM`.
    pub months: BTreeMap<u32, MonthStats>,
    /// Patch files listed per acquisition date `YYYYMMDD`.
    pub by_date: BTreeMap<u32, usize>,
}

/// Acquisitions of one sensor in one month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MonthStats {
    /// Distinct acquisition dates in the month.
    pub dates: usize,
    /// Patch files listed for those dates.
    pub files: usize,
}

impl SensorStats {
    /// Figures from the files listed per date (`YYYYMMDD` → files, each
    /// date once).
    ///
    /// ```
    /// use multisenge::dataset_stats::SensorStats;
    /// // Two patches seen on 3 January, one on 30 January, one on 2 March.
    /// let s = SensorStats::from_dates([(20200103, 2), (20200130, 1), (20200302, 1)]);
    /// assert_eq!((s.dates, s.files, s.first, s.last), (3, 4, Some(20200103), Some(20200302)));
    /// assert_eq!((s.months[&202001].dates, s.months[&202001].files), (2, 3));
    /// ```
    pub fn from_dates(dates: impl IntoIterator<Item = (u32, usize)>) -> SensorStats {
        let mut stats = SensorStats::default();
        for (date, files) in dates {
            if files == 0 {
                continue;
            }
            stats.dates += 1;
            stats.files += files;
            stats.first = Some(stats.first.map_or(date, |d| d.min(date)));
            stats.last = Some(stats.last.map_or(date, |d| d.max(date)));
            *stats.by_date.entry(date).or_default() += files;
            let month = stats.months.entry(date / 100).or_default();
            month.dates += 1;
            month.files += files;
        }
        stats
    }
}

/// What `stats` reads (parsed by [`crate::jobspec::stats`]).
#[derive(Clone, Debug, Default)]
pub struct StatsOptions {
    /// Use the label files only, even if raster folders exist (no pixel
    /// counts then).
    pub labels_only: bool,
    pub listing: crate::io::storage::listing::ListingOptions,
}

/// Validates the dataset (reading every ground reference's pixels once,
/// for the class rules and the histogram alike) and computes its figures.
pub fn compute(
    root: &Path,
    profile: &LoadedProfile,
    options: &StatsOptions,
    progress: bool,
) -> Result<DatasetStats, EngineError> {
    let options = Options {
        labels_only: options.labels_only,
        progress,
        class_pixels: true,
        listing: options.listing.path.clone(),
        cache: Default::default(),
    };
    let report = engine::validate(root, profile, &options)?;
    Ok(from_report(&report, profile))
}

/// The figures of a validation report (a pure function of its summary).
pub fn from_report(report: &Report, profile: &LoadedProfile) -> DatasetStats {
    let s = &report.summary;
    // Files per date, per (tile, sensor) and for all tiles.
    let mut per_tile: BTreeMap<(TileCode, FileKind), BTreeMap<u32, usize>> = BTreeMap::new();
    let mut all: BTreeMap<FileKind, BTreeMap<u32, usize>> = BTreeMap::new();
    for (&(tile, kind, date), &n) in &s.listed_by_date {
        *per_tile
            .entry((tile, kind))
            .or_default()
            .entry(date)
            .or_default() += n;
        *all.entry(kind).or_default().entry(date).or_default() += n;
    }
    let sensor = |dates: Option<&BTreeMap<u32, usize>>| {
        SensorStats::from_dates(dates.into_iter().flatten().map(|(&d, &n)| (d, n)))
    };
    let mut tiles: Vec<TileCode> = s.patches_per_tile.keys().copied().collect();
    tiles.extend(per_tile.keys().map(|(t, _)| *t));
    tiles.extend(s.class_pixels.keys().copied());
    tiles.sort_unstable();
    tiles.dedup();
    let tiles: Vec<TileStats> = tiles
        .into_iter()
        .map(|tile| TileStats {
            tile: Some(tile),
            patches: s.patches_per_tile.get(&tile).copied().unwrap_or(0),
            s2: sensor(per_tile.get(&(tile, FileKind::S2))),
            s1: sensor(per_tile.get(&(tile, FileKind::S1))),
            class_patches: s
                .label_class_patches
                .iter()
                .filter(|((t, _), _)| *t == tile)
                .map(|((_, class), &n)| (*class, n))
                .collect(),
            class_pixels: s.class_pixels.get(&tile).cloned(),
        })
        .collect();
    let mut class_patches = BTreeMap::new();
    let mut class_pixels: Option<ClassPixels> = None;
    for t in &tiles {
        for (&class, &n) in &t.class_patches {
            *class_patches.entry(class).or_default() += n;
        }
        if let Some(pixels) = &t.class_pixels {
            class_pixels
                .get_or_insert_with(Default::default)
                .merge(pixels);
        }
    }
    let total = TileStats {
        tile: None,
        patches: s.patches,
        s2: sensor(all.get(&FileKind::S2)),
        s1: sensor(all.get(&FileKind::S1)),
        class_patches,
        class_pixels,
    };
    DatasetStats {
        dataset_name: profile.profile.dataset.name.clone(),
        root: report.root.clone(),
        mode: report.mode,
        tiles,
        total,
        classes: profile
            .classes
            .iter()
            .map(|(v, n)| (*v, n.clone()))
            .collect(),
        listed_s2: s.listed_s2,
        listed_s1: s.listed_s1,
        files_on_disk: s.files.clone(),
        findings: report.findings.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Summary;

    fn tile(code: &str) -> TileCode {
        TileCode::parse(code).unwrap()
    }

    #[test]
    fn distinct_dates_do_not_add_up_across_tiles_files_do() {
        let (a, b) = (tile("31UER"), tile("32UMU"));
        let mut summary = Summary {
            patches: 3,
            ..Summary::default()
        };
        summary.patches_per_tile.insert(a, 2);
        summary.patches_per_tile.insert(b, 1);
        for (t, kind, date, n) in [
            (a, FileKind::S1, 20200103, 2),
            (a, FileKind::S1, 20200115, 2),
            (b, FileKind::S1, 20200103, 1),
            (b, FileKind::S2, 20200220, 1),
        ] {
            summary.listed_by_date.insert((t, kind, date), n);
        }
        summary.label_class_patches.insert((a, 6), 2);
        summary.label_class_patches.insert((b, 6), 1);
        summary.label_class_patches.insert((b, 11), 1);
        let report = Report {
            root: "r".into(),
            mode: Mode::LabelsOnly,
            profile: String::new(),
            patch_size: 256,
            findings: Vec::new(),
            summary,
            rules_run: Vec::new(),
            rules_not_run: Vec::new(),
            timings: Vec::new(),
            cache: None,
            baseline: None,
        };
        let stats = from_report(&report, &LoadedProfile::default_profile());
        assert_eq!(stats.tiles.len(), 2);
        let ta = &stats.tiles[0];
        assert_eq!((ta.s1.dates, ta.s1.files), (2, 4));
        assert_eq!((ta.s2.dates, ta.s2.first), (0, None));
        assert_eq!(stats.tiles[1].s1.months[&202001].dates, 1);
        // 3 January is one date for all tiles; its files add up.
        assert_eq!((stats.total.s1.dates, stats.total.s1.files), (2, 5));
        assert_eq!(stats.total.s1.months[&202001].files, 5);
        assert_eq!(stats.total.s2.months[&202002].dates, 1);
        assert_eq!(stats.total.class_patches[&6], 3);
        assert_eq!(stats.total.class_patches[&11], 1);
        assert!(stats.total.class_pixels.is_none());
    }
}
