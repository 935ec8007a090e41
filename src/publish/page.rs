//! What the HTML report shows, computed from a validation report, its
//! `stats` figures and the patches on the ground; the template
//! (`templates/report/report.html`) only lays it out.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::charts::{self, ClassBar, DateRow};
use super::places::{bbox_of, Places};
use crate::dataset_stats::DatasetStats;
use crate::engine::Report;
use crate::finding::Severity;
use crate::model::{FileKind, Mode, PatchKey};
use crate::profile::LoadedProfile;
use crate::report::data_format::{iso_date, iso_month};
use crate::rules::docs::anchor;

/// Everything the template lays out.
#[derive(Serialize)]
pub struct Page {
    pub title: String,
    pub dataset: String,
    pub root: String,
    pub mode: &'static str,
    pub profile: String,
    pub tool: String,
    /// `validation` (this run) or `saved` (a saved JSON report and stats).
    pub source: &'static str,
    pub counts: Counts,
    pub summary: Vec<SummaryRow>,
    pub notes: Vec<String>,
    pub tiles: Vec<TileRow>,
    pub classes: Vec<ClassRow>,
    pub months: Vec<MonthRow>,
    pub rules: Vec<RuleGroup>,
    pub tile_codes: Vec<String>,
    pub charts: Charts,
    pub map: MapView,
    /// The map's data for the script (JSON, `<` escaped).
    pub data_json: String,
}

/// The counts a reader (and the browser test) checks against `validate`.
#[derive(Serialize)]
pub struct Counts {
    pub patches: usize,
    pub findings: usize,
    pub overlaps: usize,
    /// Patches drawn on the map.
    pub shown: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

#[derive(Serialize)]
pub struct SummaryRow {
    pub label: String,
    pub value: String,
}

#[derive(Serialize)]
pub struct TileRow {
    pub tile: String,
    pub patches: usize,
    pub s2_dates: usize,
    pub s2_files: usize,
    pub s1_dates: usize,
    pub s1_files: usize,
    pub first: String,
    pub last: String,
    pub findings: usize,
}

#[derive(Serialize)]
pub struct ClassRow {
    pub value: u8,
    pub name: String,
    pub color: String,
    pub patches: usize,
    pub patch_share: String,
    pub pixels: Option<u64>,
    pub pixel_share: Option<String>,
}

#[derive(Serialize)]
pub struct MonthRow {
    pub month: String,
    pub s2_dates: usize,
    pub s2_files: usize,
    pub s1_dates: usize,
    pub s1_files: usize,
}

#[derive(Serialize)]
pub struct RuleGroup {
    pub code: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    pub severity: &'static str,
    pub count: usize,
    pub doc_url: String,
    pub findings: Vec<FindingRow>,
}

#[derive(Serialize)]
pub struct FindingRow {
    pub severity: &'static str,
    pub message: String,
    pub place: String,
    pub tile: String,
    /// Index of the patch on the map, -1 when none.
    pub patch: i64,
}

#[derive(Serialize)]
pub struct Charts {
    pub classes: String,
    pub dates: String,
    /// `None` when the patches' dates are unknown (a saved report alone).
    pub per_patch: Option<String>,
}

/// The map: an SVG in a plane of 100 m units (longitude scaled by the
/// cosine of the mean latitude), so that it shows without scripts.
#[derive(Serialize)]
pub struct MapView {
    pub view_box: String,
    pub tiles: Vec<MapTile>,
    pub patches: Vec<MapShape>,
    pub overlaps: Vec<String>,
    pub font: f64,
}

#[derive(Serialize)]
pub struct MapTile {
    pub code: String,
    pub d: String,
    pub x: f64,
    pub y: f64,
}

#[derive(Serialize)]
pub struct MapShape {
    pub d: String,
    /// Worst finding: `e`, `w`, `i`, or `n` for none.
    pub worst: &'static str,
}

/// The map's data for the script: per patch its tile, x, y, file, and the
/// index of its Sentinel-2 and Sentinel-1 date lists (shared lists are
/// written once).
#[derive(Serialize)]
struct ScriptData<'a> {
    tiles: Vec<String>,
    /// `[tile index, x, y, s2 dates, s1 dates, path]`.
    patches: Vec<(usize, u32, u32, usize, usize, &'a str)>,
    date_lists: Vec<&'a [u32]>,
    folders: [String; 3],
}

/// A plane for the map.
struct Plane {
    lon0: f64,
    lat0: f64,
    kx: f64,
}

/// 100 m per unit: metres per degree of latitude over 100.
const UNITS_PER_DEGREE: f64 = 1_113.2;

impl Plane {
    fn around(points: &[[f64; 2]]) -> Plane {
        let b = bbox_of(points);
        let (lon0, lat0) = if b[0].is_finite() {
            ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0)
        } else {
            (0.0, 0.0)
        };
        Plane {
            lon0,
            lat0,
            kx: UNITS_PER_DEGREE * lat0.to_radians().cos(),
        }
    }

    fn xy(&self, p: [f64; 2]) -> (f64, f64) {
        (
            (p[0] - self.lon0) * self.kx,
            (self.lat0 - p[1]) * UNITS_PER_DEGREE,
        )
    }

    /// An SVG path of a closed ring, to 0.1 unit (10 m).
    fn path(&self, ring: &[[f64; 2]]) -> String {
        let mut d = String::with_capacity(12 * ring.len());
        for (i, p) in ring.iter().enumerate() {
            let (x, y) = self.xy(*p);
            let _ = write!(d, "{}{:.1} {:.1}", if i == 0 { 'M' } else { 'L' }, x, y);
        }
        d.push('Z');
        d
    }
}

fn severity_class(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Error) => "e",
        Some(Severity::Warning) => "w",
        Some(Severity::Info) => "i",
        None => "n",
    }
}

fn percent(n: u64, of: u64) -> String {
    if of == 0 {
        "0.0".into()
    } else {
        format!("{:.1}", 100.0 * n as f64 / of as f64)
    }
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// What the page is built from.
pub struct Sources<'a> {
    pub report: &'a Report,
    pub stats: &'a DatasetStats,
    pub places: &'a Places,
    pub profile: &'a LoadedProfile,
    /// URL of docs/rules.md.
    pub docs_url: &'a str,
    pub source: &'static str,
    /// Whether the patches' dates are known (not for a saved report alone).
    pub patch_dates: bool,
    pub notes: Vec<String>,
}

/// Builds the page.
pub fn build(src: Sources) -> Result<Page, charts::ChartError> {
    let Sources {
        report,
        stats,
        places,
        profile,
        ..
    } = src;
    let index: BTreeMap<PatchKey, usize> = places
        .patches
        .iter()
        .enumerate()
        .map(|(i, p)| (p.key, i))
        .collect();
    let mut worst: Vec<Option<Severity>> = vec![None; places.patches.len()];
    let mut tile_findings: BTreeMap<String, usize> = BTreeMap::new();
    let mut groups: Vec<RuleGroup> = Vec::new();
    for f in &report.findings {
        let patch = f.patch.and_then(|k| index.get(&k).copied());
        if let Some(i) = patch {
            worst[i] = worst[i].max(Some(f.severity));
        }
        let tile = f.patch.map(|k| k.tile.to_string()).unwrap_or_default();
        if !tile.is_empty() {
            *tile_findings.entry(tile.clone()).or_default() += 1;
        }
        let meta = f.rule.meta();
        if groups.last().map_or(true, |g| g.code != meta.code) {
            groups.push(RuleGroup {
                code: meta.code,
                name: meta.name,
                summary: meta.summary,
                severity: f.severity.as_str(),
                count: 0,
                doc_url: format!("{}#{}", src.docs_url, anchor(meta.code, meta.name)),
                findings: Vec::new(),
            });
        }
        let group = groups.last_mut().expect("pushed above");
        group.count += 1;
        let mut place = match (&f.path, &f.patch) {
            (Some(p), _) => p.clone(),
            (None, Some(k)) => k.to_string(),
            (None, None) => ".".into(),
        };
        if let Some(l) = &f.location {
            place.push_str(&l.describe());
        }
        group.findings.push(FindingRow {
            severity: f.severity.as_str(),
            message: f.message.clone(),
            place,
            tile,
            patch: patch.map_or(-1, |i| i as i64),
        });
    }
    let count = |s| report.findings.iter().filter(|f| f.severity == s).count();
    let counts = Counts {
        patches: report.summary.patches,
        findings: report.findings.len(),
        overlaps: report.summary.overlaps.pairs,
        shown: places.patches.len(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
    };
    let map = map_view(places, &worst);
    let t = &stats.total;
    let total_pixels: u64 = t.class_pixels.as_ref().map_or(0, |p| {
        stats
            .classes
            .iter()
            .map(|(v, _)| p.counts[usize::from(*v)])
            .sum()
    });
    let colors: BTreeMap<u8, [u8; 3]> = profile
        .class_entries()
        .into_iter()
        .map(|e| (e.value, e.rgb))
        .collect();
    let classes: Vec<ClassRow> = stats
        .classes
        .iter()
        .map(|(value, name)| {
            let patches = t.class_patches.get(value).copied().unwrap_or(0);
            let pixels = t
                .class_pixels
                .as_ref()
                .map(|p| p.counts[usize::from(*value)]);
            ClassRow {
                value: *value,
                name: name.clone(),
                color: hex(colors
                    .get(value)
                    .copied()
                    .unwrap_or_else(|| crate::profile::default_class_color(*value))),
                patches,
                patch_share: percent(patches as u64, t.patches as u64),
                pixels,
                pixel_share: pixels.map(|n| percent(n, total_pixels)),
            }
        })
        .collect();
    let tiles: Vec<TileRow> = stats
        .tiles
        .iter()
        .map(|t| {
            let tile = t.tile.map(|c| c.to_string()).unwrap_or_default();
            TileRow {
                findings: tile_findings.get(&tile).copied().unwrap_or(0),
                tile,
                patches: t.patches,
                s2_dates: t.s2.dates,
                s2_files: t.s2.files,
                s1_dates: t.s1.dates,
                s1_files: t.s1.files,
                first: date_span(t.s2.first, t.s1.first, u32::min),
                last: date_span(t.s2.last, t.s1.last, u32::max),
            }
        })
        .collect();
    let mut months: Vec<u32> =
        t.s2.months
            .keys()
            .chain(t.s1.months.keys())
            .copied()
            .collect();
    months.sort_unstable();
    months.dedup();
    let months = months
        .into_iter()
        .map(|m| {
            let a = t.s2.months.get(&m).copied().unwrap_or_default();
            let b = t.s1.months.get(&m).copied().unwrap_or_default();
            MonthRow {
                month: iso_month(m),
                s2_dates: a.dates,
                s2_files: a.files,
                s1_dates: b.dates,
                s1_files: b.files,
            }
        })
        .collect();
    let charts = charts(stats, places, src.patch_dates, &classes)?;
    let on_disk = |k: FileKind| stats.files_on_disk.get(k.key()).copied().unwrap_or(0);
    let present = classes.iter().filter(|c| c.patches > 0).count();
    let mut summary = vec![
        row("Patches", t.patches.to_string()),
        row("Tiles", stats.tiles.len().to_string()),
        row(
            "Sentinel-2 patch files (listed)",
            format!("{} on {} distinct dates", t.s2.files, t.s2.dates),
        ),
        row(
            "Sentinel-1 patch files (listed)",
            format!("{} on {} distinct dates", t.s1.files, t.s1.dates),
        ),
        row(
            "Acquisitions",
            format!(
                "{} to {}",
                date_span(t.s2.first, t.s1.first, u32::min),
                date_span(t.s2.last, t.s1.last, u32::max)
            ),
        ),
        row(
            "Classes",
            format!("{present} of {} listed by label files", classes.len()),
        ),
    ];
    if report.mode == Mode::Full {
        summary.insert(
            2,
            row(
                "Files on disk",
                format!(
                    "{} ground reference, {} Sentinel-2, {} Sentinel-1, {} label files",
                    on_disk(FileKind::GroundReference),
                    on_disk(FileKind::S2),
                    on_disk(FileKind::S1),
                    on_disk(FileKind::Label)
                ),
            ),
        );
    }
    let data_json = script_data(places, profile);
    let dataset = profile.profile.dataset.name.clone();
    Ok(Page {
        title: profile.profile.publication.title_or(&dataset).to_string(),
        dataset,
        root: report.root.clone(),
        mode: report.mode.as_str(),
        profile: report.profile.clone(),
        tool: format!("multisenge {}", env!("CARGO_PKG_VERSION")),
        source: src.source,
        counts,
        summary,
        notes: src.notes,
        tile_codes: tiles.iter().map(|t| t.tile.clone()).collect(),
        tiles,
        classes,
        months,
        rules: groups,
        charts,
        map,
        data_json,
    })
}

fn row(label: &str, value: String) -> SummaryRow {
    SummaryRow {
        label: label.into(),
        value,
    }
}

fn date_span(a: Option<u32>, b: Option<u32>, pick: fn(u32, u32) -> u32) -> String {
    match (a, b) {
        (Some(a), Some(b)) => iso_date(pick(a, b)),
        (Some(d), None) | (None, Some(d)) => iso_date(d),
        (None, None) => "-".into(),
    }
}

fn map_view(places: &Places, worst: &[Option<Severity>]) -> MapView {
    let mut all: Vec<[f64; 2]> = places.tiles.iter().flat_map(|t| t.ring.clone()).collect();
    all.extend(places.patches.iter().flat_map(|p| p.corners));
    let plane = Plane::around(&all);
    // The view fits the patches (the tiles, ten times wider, would leave
    // them specks); the tiles alone when there is no patch.
    let mut fit: Vec<[f64; 2]> = places.patches.iter().flat_map(|p| p.corners).collect();
    if fit.is_empty() {
        fit = all.clone();
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in &fit {
        let (x, y) = plane.xy(*p);
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    if fit.is_empty() {
        (x0, y0, x1, y1) = (0.0, 0.0, 100.0, 100.0);
    }
    let margin = 0.05 * (x1 - x0).max(y1 - y0).max(30.0);
    let view_box = format!(
        "{:.1} {:.1} {:.1} {:.1}",
        x0 - margin,
        y0 - margin,
        x1 - x0 + 2.0 * margin,
        y1 - y0 + 2.0 * margin
    );
    let tiles = places
        .tiles
        .iter()
        .map(|t| {
            let corners: Vec<(f64, f64)> = t.ring.iter().map(|p| plane.xy(*p)).collect();
            let n = corners.len().max(1) as f64;
            MapTile {
                code: t.tile.to_string(),
                d: plane.path(&t.ring),
                x: (corners.iter().map(|c| c.0).sum::<f64>() / n * 10.0).round() / 10.0,
                y: (corners.iter().map(|c| c.1).sum::<f64>() / n * 10.0).round() / 10.0,
            }
        })
        .collect();
    let patches = places
        .patches
        .iter()
        .zip(worst)
        .map(|(p, w)| MapShape {
            d: plane.path(&p.corners),
            worst: severity_class(*w),
        })
        .collect();
    let overlaps = places
        .overlaps
        .iter()
        .map(|o| plane.path(&o.ring))
        .collect();
    MapView {
        view_box,
        tiles,
        patches,
        overlaps,
        font: ((x1 - x0).max(y1 - y0) / 40.0).clamp(4.0, 60.0).round(),
    }
}

fn script_data(places: &Places, profile: &LoadedProfile) -> String {
    let mut tiles: Vec<String> = Vec::new();
    let mut lists: Vec<&[u32]> = Vec::new();
    let mut list_index: BTreeMap<&[u32], usize> = BTreeMap::new();
    let mut patches = Vec::with_capacity(places.patches.len());
    for p in &places.patches {
        let tile = p.key.tile.to_string();
        if tiles.last() != Some(&tile) {
            tiles.push(tile);
        }
        let mut ids = [0; 2];
        for (id, dates) in ids.iter_mut().zip([&p.s2_dates, &p.s1_dates]) {
            *id = *list_index.entry(dates.as_slice()).or_insert_with(|| {
                lists.push(dates.as_slice());
                lists.len() - 1
            });
        }
        patches.push((
            tiles.len() - 1,
            p.key.x,
            p.key.y,
            ids[0],
            ids[1],
            p.path.as_str(),
        ));
    }
    let folders = &profile.profile.folders;
    let data = ScriptData {
        tiles,
        patches,
        date_lists: lists,
        folders: [
            folders.name(FileKind::GroundReference).to_string(),
            folders.name(FileKind::S2).to_string(),
            folders.name(FileKind::S1).to_string(),
        ],
    };
    // `<` escaped: the text sits in a <script> element.
    serde_json::to_string(&data)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

fn charts(
    stats: &DatasetStats,
    places: &Places,
    patch_dates: bool,
    classes: &[ClassRow],
) -> Result<Charts, charts::ChartError> {
    let rgb = |c: &str| {
        let v = u32::from_str_radix(c.trim_start_matches('#'), 16).unwrap_or(0x808080);
        [(v >> 16) as u8, (v >> 8) as u8, v as u8]
    };
    let bars = |share: &dyn Fn(&ClassRow) -> Option<String>| -> Vec<ClassBar> {
        classes
            .iter()
            .filter_map(|c| {
                Some(ClassBar {
                    label: format!("{} {}", c.value, c.name),
                    color: rgb(&c.color),
                    value: share(c)?.parse().ok()?,
                })
            })
            .collect()
    };
    let by_patches = bars(&|c| Some(c.patch_share.clone()));
    let by_pixels = bars(&|c| c.pixel_share.clone());
    let classes_svg = charts::class_frequencies(&[
        (
            "Share of patches whose label file lists the class",
            by_patches,
        ),
        ("Share of ground-reference pixels", by_pixels),
    ])?;
    let mut rows = Vec::new();
    for t in &stats.tiles {
        let tile = t.tile.map(|c| c.to_string()).unwrap_or_default();
        for (sensor, s, s2) in [("S2", &t.s2, true), ("S1", &t.s1, false)] {
            rows.push(DateRow {
                label: format!("{tile} {sensor}"),
                s2,
                dates: s.by_date.keys().copied().collect(),
            });
        }
    }
    let dates = charts::dates_per_tile(&rows)?;
    let per_patch = if patch_dates && !places.patches.is_empty() {
        let s2: Vec<usize> = places.patches.iter().map(|p| p.s2_dates.len()).collect();
        let s1: Vec<usize> = places.patches.iter().map(|p| p.s1_dates.len()).collect();
        Some(charts::dates_per_patch(&s2, &s1)?)
    } else {
        None
    };
    Ok(Charts {
        classes: classes_svg,
        dates,
        per_patch,
    })
}
