//! Opens every raster once and runs the raster, georeferencing, class and
//! minimum-mapping-unit rules, patch by patch, in parallel.
//!
//! What is read per file:
//! * always (when any of these rules is on): the GeoTIFF header through
//!   GDAL — size, bands, data types, nodata, geotransform, CRS — and the
//!   strip or tile offsets already in the TIFF directory, for truncation;
//! * ground reference pixels (one `u8` band), only when a rule that needs
//!   them is on (R006, R007, C001, C002, M001–M003);
//! * Sentinel-2 and Sentinel-1 pixels, only when R006–R009 are on. Those
//!   rules are on by default; on a million files they dominate the run (see
//!   `docs/performance.md`), so `--ignore R006,R007,R008,R009` is the fast
//!   header-only pass.
//!
//! A patch's *reference* raster is its ground reference, else its first
//! Sentinel-2 or Sentinel-1 file that opens. The CRS, pixel size and origin
//! rules (G002, G004, G005) judge the reference once; the other members are
//! compared with it (G006), so a patch shifted as a whole gives one finding,
//! not one per file. Parsed CRS definitions are cached per distinct text.

use rayon::prelude::*;

use crate::finding::Finding;
use crate::io::crs::{Crs, CrsCache};
use crate::io::raster::{self, RasterCrs, RasterHeader};
use crate::model::dataset::{DatasetFile, Mode, PatchFiles, PatchIndex};
use crate::model::{FileKind, PatchKey};
use crate::rules::mmu::regions::{self, Neighbours};
use crate::rules::raster::BandStats;
use crate::rules::{classes, georeferencing, mmu, raster as raster_rules, Rule};

use super::{Context, Sink};

const HEADER_RULES: [Rule; 5] = [
    Rule::UnreadableRaster,
    Rule::TruncatedRaster,
    Rule::WrongRasterSize,
    Rule::WrongBandCount,
    Rule::WrongDataType,
];
const GEO_RULES: [Rule; 6] = [
    Rule::MissingCrs,
    Rule::WrongUtmZone,
    Rule::LabelProjectionMismatch,
    Rule::WrongPixelSize,
    Rule::MisplacedOrigin,
    Rule::TripletGeoreferencingMismatch,
];
const CONTENT_RULES: [Rule; 4] = [
    Rule::NodataBand,
    Rule::ConstantBand,
    Rule::NonFiniteValues,
    Rule::ValueOutOfRange,
];
const CLASS_RULES: [Rule; 5] = [
    Rule::UnknownClassValue,
    Rule::LabelsDisagreeWithRaster,
    Rule::SmallRegion,
    Rule::SmallBorderRegion,
    Rule::SmallRegionByRoad,
];
const MMU_RULES: [Rule; 3] = [
    Rule::SmallRegion,
    Rule::SmallBorderRegion,
    Rule::SmallRegionByRoad,
];

/// Which reads the enabled rules need.
struct Plan {
    /// Open the Sentinel-2 and Sentinel-1 files.
    members: bool,
    /// Read the ground reference's pixels.
    gr_pixels: bool,
    /// Read the Sentinel-2 and Sentinel-1 pixels.
    sentinel_pixels: bool,
}

impl Plan {
    fn new(sink: &Sink) -> Plan {
        let any = |rules: &[Rule]| rules.iter().any(|&r| sink.enabled(r));
        Plan {
            members: any(&HEADER_RULES) || any(&GEO_RULES) || any(&CONTENT_RULES),
            gr_pixels: any(&CONTENT_RULES[..2]) || any(&CLASS_RULES),
            sentinel_pixels: any(&CONTENT_RULES),
        }
    }

    fn nothing(&self) -> bool {
        !self.members && !self.gr_pixels
    }
}

pub(crate) fn check(cx: &Context, index: &PatchIndex, sink: &mut Sink) {
    let cache = CrsCache::default();
    if cx.dataset.mode == Mode::LabelsOnly {
        if sink.enabled(Rule::LabelProjectionMismatch) {
            for (key, patch) in index {
                label_projection(cx, key, patch, None, &cache, sink);
            }
        }
        return;
    }
    let plan = Plan::new(sink);
    if plan.nothing() {
        return;
    }
    raster::configure();
    let rules = sink.rules;
    let files = |p: &PatchFiles| {
        let members = if plan.members {
            p.s2.len() + p.s1.len()
        } else {
            0
        };
        (usize::from(p.ground_reference.is_some()) + members) as u64
    };
    let bar = super::progress_bar(
        cx,
        index.values().map(files).sum(),
        "rasters",
        (30.0, 100.0),
    );
    let findings: Vec<Finding> = index
        .par_iter()
        .flat_map_iter(|(key, patch)| {
            let mut local = Sink::new(rules);
            check_patch(cx, key, patch, &plan, &cache, &mut local);
            bar.inc(files(patch));
            local.findings
        })
        .collect();
    bar.finish_and_clear();
    sink.findings.extend(findings);
}

/// What the georeferencing comparisons need from one raster.
struct Georef {
    path: Box<str>,
    kind: FileKind,
    crs: Option<Crs>,
    geo_transform: Option<[f64; 6]>,
}

fn check_patch(
    cx: &Context,
    key: &PatchKey,
    patch: &PatchFiles,
    plan: &Plan,
    cache: &CrsCache,
    sink: &mut Sink,
) {
    let mut georefs: Vec<Georef> = Vec::new();
    if let Some(gr) = &patch.ground_reference {
        if let Some(g) = check_file(cx, gr, plan.gr_pixels, patch, cache, sink) {
            georefs.push(g);
        }
    }
    if plan.members {
        for file in patch.s2.iter().chain(&patch.s1) {
            if let Some(g) = check_file(cx, file, plan.sentinel_pixels, patch, cache, sink) {
                georefs.push(g);
            }
        }
    }
    let reference = georefs.first();
    if let Some(reference) = reference {
        check_reference(cx, key, reference, sink);
        let what = match reference.kind {
            FileKind::GroundReference => "the ground reference".to_string(),
            _ => format!("`{}`", reference.path),
        };
        for member in &georefs[1..] {
            let crs_differs = match (&member.crs, &reference.crs) {
                (Some(a), Some(b)) => a.same_as(b) == Some(false),
                _ => false,
            };
            let why = if crs_differs {
                Some(format!(
                    "CRS is {}, {what}'s is {}",
                    member.crs.as_ref().map_or_else(String::new, Crs::describe),
                    reference
                        .crs
                        .as_ref()
                        .map_or_else(String::new, Crs::describe)
                ))
            } else {
                match (&member.geo_transform, &reference.geo_transform) {
                    (Some(a), Some(b)) => {
                        georeferencing::triplet_georeferencing_mismatch::compare_transforms(
                            a, b, &what,
                        )
                    }
                    (None, Some(_)) => Some(format!("no geotransform, unlike {what}")),
                    _ => None,
                }
            };
            if let Some(why) = why {
                sink.push(
                    Finding::new(Rule::TripletGeoreferencingMismatch, why)
                        .path(member.path.to_string())
                        .patch(*key),
                );
            }
        }
    }
    if sink.enabled(Rule::LabelProjectionMismatch) {
        let raster_crs = reference.and_then(|r| r.crs.as_ref());
        label_projection(cx, key, patch, raster_crs, cache, sink);
    }
}

/// G002, G004, G005 on the patch's reference raster.
fn check_reference(cx: &Context, key: &PatchKey, reference: &Georef, sink: &mut Sink) {
    let push = |sink: &mut Sink, rule: Rule, why: String| {
        sink.push(
            Finding::new(rule, why)
                .path(reference.path.to_string())
                .patch(*key),
        );
    };
    let expected_epsg = key.tile.utm_epsg();
    if let Some(crs) = &reference.crs {
        if crs.same_as(&Crs::Epsg(expected_epsg)) != Some(true) {
            push(
                sink,
                Rule::WrongUtmZone,
                format!(
                    "CRS is {}, expected EPSG:{expected_epsg} (UTM zone of tile {})",
                    crs.describe(),
                    key.tile
                ),
            );
        }
    }
    let Some(gt) = &reference.geo_transform else {
        push(
            sink,
            Rule::WrongPixelSize,
            "the raster has no geotransform: pixel size and origin are unknown".into(),
        );
        return;
    };
    let geo = &cx.profile.profile.georeferencing;
    if let Some(why) = georeferencing::wrong_pixel_size::check(gt, geo.pixel_size) {
        push(sink, Rule::WrongPixelSize, why);
    }
    if let Some(tile) = cx.grid.get(&key.tile) {
        let expected = (
            tile.ulx + f64::from(key.x) * geo.pixel_size,
            tile.uly - f64::from(key.y) * geo.pixel_size,
        );
        if let Some(why) =
            georeferencing::misplaced_origin::check(gt, expected, geo.origin_tolerance)
        {
            push(sink, Rule::MisplacedOrigin, why);
        }
    }
}

/// G003: the label file's projection against the rasters' CRS, or the
/// tile's UTM zone when no raster CRS is known.
fn label_projection(
    _cx: &Context,
    key: &PatchKey,
    patch: &PatchFiles,
    raster_crs: Option<&Crs>,
    cache: &CrsCache,
    sink: &mut Sink,
) {
    let Some(label) = &patch.label else { return };
    let Some(projection) = label.projection.as_deref().filter(|_| label.parsed) else {
        return;
    };
    let declared = cache.resolve(projection);
    let tile_crs = Crs::Epsg(key.tile.utm_epsg());
    let (expected, against) = match raster_crs {
        Some(crs) => (crs, "the rasters are in".to_string()),
        None => (&tile_crs, format!("tile {} is in", key.tile)),
    };
    let why = match declared.same_as(expected) {
        Some(true) => return,
        Some(false) => format!(
            "projection is {}, but {against} {}",
            declared.describe(),
            expected.describe()
        ),
        None if declared == Crs::Invalid => format!(
            "projection is not a CRS definition GDAL can parse; {against} {}",
            expected.describe()
        ),
        None => return,
    };
    sink.push(
        Finding::new(Rule::LabelProjectionMismatch, why)
            .path(label.path.to_string())
            .patch(*key),
    );
}

/// Opens one raster and runs the per-file rules; returns what the
/// georeferencing comparisons need, or `None` when it does not open.
fn check_file(
    cx: &Context,
    file: &DatasetFile,
    read_pixels: bool,
    patch: &PatchFiles,
    cache: &CrsCache,
    sink: &mut Sink,
) -> Option<Georef> {
    let path = file.path.to_string();
    let push = |sink: &mut Sink, rule: Rule, why: String| {
        sink.push(Finding::new(rule, why).path(path.clone()).patch(file.patch));
    };
    let absolute = cx.dataset.absolute(&path);
    let opened = match raster::open(&absolute) {
        Ok(r) => r,
        Err(why) => {
            push(
                sink,
                Rule::UnreadableRaster,
                format!("cannot be opened as a GeoTIFF: {why}"),
            );
            return None;
        }
    };
    let header = opened.header(&absolute);
    let mut readable = true;
    if let Some(why) = &header.truncated {
        push(sink, Rule::TruncatedRaster, why.clone());
        readable = false;
    }
    let kind = cx.profile.profile.rasters.kind(file.kind)?;
    let size = cx.profile.profile.dataset.patch_size;
    let kind_name = file.kind.describe();
    if let Some(why) = raster_rules::wrong_raster_size::check(header.width, header.height, size) {
        push(sink, Rule::WrongRasterSize, why);
    }
    if let Some(why) =
        raster_rules::wrong_band_count::check(header.band_types.len(), kind.bands, kind_name)
    {
        push(sink, Rule::WrongBandCount, why);
    }
    let expected_type = raster::data_type_from_name(&kind.data_type);
    if let Some(expected) = expected_type {
        if let Some(why) =
            raster_rules::wrong_data_type::check(&header.band_types, expected, kind_name)
        {
            push(sink, Rule::WrongDataType, why);
        }
    }
    if header.crs.is_none() {
        push(
            sink,
            Rule::MissingCrs,
            "the raster has no coordinate reference system".into(),
        );
    }
    // Pixels of a raster of another size are not read: R003 says what is
    // wrong, and a header announcing 100 000 × 100 000 pixels must not make
    // the run allocate them.
    let patch_sized = header.width == size as usize && header.height == size as usize;
    if read_pixels && readable && patch_sized {
        if file.kind == FileKind::GroundReference {
            check_ground_reference(cx, &opened, &header, kind.nodata, patch, sink, &path, file);
        } else {
            check_sentinel(&opened, &header, kind, sink, &path, file);
        }
    }
    let crs = match &header.crs {
        Some(RasterCrs::Epsg(code)) => Some(Crs::Epsg(*code)),
        Some(RasterCrs::Wkt(wkt)) => Some(cache.resolve(wkt)),
        None => None,
    };
    Some(Georef {
        path: file.path.clone(),
        kind: file.kind,
        crs,
        geo_transform: header.geo_transform,
    })
}

/// R006–R009 on every band of a Sentinel-2 or Sentinel-1 file.
fn check_sentinel(
    opened: &raster::Raster,
    header: &RasterHeader,
    kind: &crate::profile::RasterKind,
    sink: &mut Sink,
    path: &str,
    file: &DatasetFile,
) {
    let push = |sink: &mut Sink, rule: Rule, why: String| {
        sink.push(
            Finding::new(rule, why)
                .path(path.to_string())
                .patch(file.patch),
        );
    };
    for band in 1..=header.band_types.len() {
        let values = match opened.read_f64(band) {
            Ok(v) => v,
            Err(why) => {
                push(
                    sink,
                    Rule::TruncatedRaster,
                    format!("band {band}: pixels cannot be read: {why}"),
                );
                return;
            }
        };
        let nodata = header.nodata[band - 1].or(kind.nodata);
        let stats = BandStats::of(&values, nodata, (kind.min, kind.max));
        band_findings(sink, path, file, band, &stats, nodata, kind);
        if raster::is_float(header.band_types[band - 1]) && stats.nan + stats.infinite > 0 {
            push(
                sink,
                Rule::NonFiniteValues,
                format!(
                    "band {band}: {} NaN and {} infinite pixels",
                    stats.nan, stats.infinite
                ),
            );
        }
        if stats.out_of_range > 0 {
            let p = raster_rules::value;
            let bound = |b: Option<f64>, inf: &str| b.map_or(inf.to_string(), p);
            push(
                sink,
                Rule::ValueOutOfRange,
                format!(
                    "band {band}: {} pixels outside [{}, {}] (values from {} to {})",
                    stats.out_of_range,
                    bound(kind.min, "-inf"),
                    bound(kind.max, "inf"),
                    stats.min.map_or_else(String::new, p),
                    stats.max.map_or_else(String::new, p)
                ),
            );
        }
    }
}

/// R006 and R007 from a band's statistics.
fn band_findings(
    sink: &mut Sink,
    path: &str,
    file: &DatasetFile,
    band: usize,
    stats: &BandStats,
    nodata: Option<f64>,
    _kind: &crate::profile::RasterKind,
) {
    let p = raster_rules::value;
    if stats.all_nodata() {
        sink.push(
            Finding::new(
                Rule::NodataBand,
                format!(
                    "band {band}: all {} pixels are nodata ({})",
                    stats.pixels,
                    nodata.map_or_else(String::new, p)
                ),
            )
            .path(path.to_string())
            .patch(file.patch),
        );
    } else if let Some(v) = stats.constant() {
        sink.push(
            Finding::new(
                Rule::ConstantBand,
                format!("band {band}: every pixel is {}", p(v)),
            )
            .path(path.to_string())
            .patch(file.patch),
        );
    }
}

/// R006, R007, C001, C002 and M001–M003 on a ground reference.
#[allow(clippy::too_many_arguments)]
fn check_ground_reference(
    cx: &Context,
    opened: &raster::Raster,
    header: &RasterHeader,
    default_nodata: Option<f64>,
    patch: &PatchFiles,
    sink: &mut Sink,
    path: &str,
    file: &DatasetFile,
) {
    // Class values are bytes; another data type is R005's finding, and
    // reading it as bytes would invent values.
    if header.band_types.first() != Some(&gdal::raster::GdalDataType::UInt8) {
        return;
    }
    let map = match opened.read_u8(1) {
        Ok(m) => m,
        Err(why) => {
            sink.push(
                Finding::new(
                    Rule::TruncatedRaster,
                    format!("band 1: pixels cannot be read: {why}"),
                )
                .path(path.to_string())
                .patch(file.patch),
            );
            return;
        }
    };
    let profile = cx.profile;
    let nodata = header.nodata[0].or(default_nodata);
    let counts = classes::histogram(&map);
    if sink.enabled(Rule::NodataBand) || sink.enabled(Rule::ConstantBand) {
        let present = classes::present(&counts);
        let all_nodata = nodata.is_some_and(|n| present.iter().all(|&v| f64::from(v) == n));
        let stats = BandStats {
            pixels: map.len(),
            nodata: if all_nodata { map.len() } else { 0 },
            min: present
                .first()
                .filter(|_| !all_nodata)
                .map(|&v| f64::from(v)),
            max: present
                .last()
                .filter(|_| !all_nodata)
                .map(|&v| f64::from(v)),
            ..BandStats::default()
        };
        let kind = &profile.profile.rasters.ground_reference;
        band_findings(sink, path, file, 1, &stats, nodata, kind);
    }
    if let Some(why) = classes::unknown_class_value::check(&counts, &profile.classes) {
        sink.push(
            Finding::new(Rule::UnknownClassValue, why)
                .path(path.to_string())
                .patch(file.patch),
        );
    }
    if let Some(label) = patch.label.as_ref().filter(|l| l.parsed) {
        if let Some(listed) = &label.classes {
            let present: Vec<u8> = classes::present(&counts)
                .into_iter()
                .filter(|c| profile.classes.contains_key(c))
                .collect();
            let name = |v: u8| profile.class_name(v).unwrap_or("").to_string();
            if let Some(why) = classes::labels_disagree_with_raster::check(&present, listed, name) {
                sink.push(
                    Finding::new(Rule::LabelsDisagreeWithRaster, why)
                        .path(label.path.to_string())
                        .patch(file.patch),
                );
            }
        }
    }
    if !cx_mmu_enabled(sink) {
        return;
    }
    let m = &profile.profile.mmu;
    let found = regions::regions(
        &map,
        header.width as u32,
        header.height as u32,
        Neighbours::from_profile(m.connectivity),
        |c| profile.classes.contains_key(&c) && !m.exempt_classes.contains(&c),
        m.road_class,
    );
    for region in &found {
        let name = profile.class_name(region.class).unwrap_or("");
        if let Some((rule, why, window)) =
            mmu::judge(region, m.min_region_pixels, name, m.road_class)
        {
            sink.push(
                Finding::new(rule, why)
                    .path(path.to_string())
                    .patch(file.patch)
                    .location(window),
            );
        }
    }
}

fn cx_mmu_enabled(sink: &Sink) -> bool {
    MMU_RULES.iter().any(|&r| sink.enabled(r))
}
