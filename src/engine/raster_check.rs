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

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::finding::Finding;
use crate::io::formats::crs::{Crs, CrsCache};
use crate::io::formats::raster::{self, RasterCrs, RasterHeader};
use crate::model::dataset::{DatasetFile, Mode, PatchFiles, PatchIndex};
use crate::model::{FileKind, PatchKey, TileCode};
use crate::profile::RasterKind;
use crate::raster::regions;
use crate::rules::classes::{self, labels_disagree_with_raster, unknown_class_value};
use crate::rules::georeferencing::{
    label_projection_mismatch, misplaced_origin, missing_crs, triplet_georeferencing_mismatch,
    wrong_pixel_size, wrong_utm_zone, Georef,
};
use crate::rules::mmu::{self, small_border_region, small_region, small_region_by_road};
use crate::rules::raster::{
    constant_band, nodata_band, non_finite_values, truncated_raster, unreadable_raster,
    value_out_of_range, wrong_band_count, wrong_data_type, wrong_raster_size, BandStats,
};
use crate::rules::Rule;

use super::{ClassPixels, Context, Sink};
use crate::io::safety::memory::MemoryError;

/// Judged on the header of every raster.
const HEADER_RULES: [Rule; 5] = [
    Rule::UnreadableRaster,
    Rule::TruncatedRaster,
    Rule::WrongRasterSize,
    Rule::WrongBandCount,
    Rule::WrongDataType,
];
/// Judged on the headers of a patch's rasters together.
const GEO_RULES: [Rule; 6] = [
    Rule::MissingCrs,
    Rule::WrongUtmZone,
    Rule::LabelProjectionMismatch,
    Rule::WrongPixelSize,
    Rule::MisplacedOrigin,
    Rule::TripletGeoreferencingMismatch,
];
/// Judged on the pixels of every raster, ground reference included.
const BAND_RULES: [Rule; 2] = [Rule::NodataBand, Rule::ConstantBand];
/// Judged on the pixels of Sentinel-2 and Sentinel-1 files only (a class
/// map holds neither NaN nor a value range).
const SENTINEL_RULES: [Rule; 2] = [Rule::NonFiniteValues, Rule::ValueOutOfRange];
/// Judged on the ground reference's class histogram.
const CLASS_RULES: [Rule; 2] = [Rule::UnknownClassValue, Rule::LabelsDisagreeWithRaster];
/// Judged on the ground reference's regions.
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
    /// Label the ground reference's regions.
    regions: bool,
    /// Open each patch's reference raster for its footprint (S001, S002).
    footprints: bool,
}

impl Plan {
    fn new(sink: &Sink, class_pixels: bool) -> Plan {
        let any = |rules: &[Rule]| rules.iter().any(|&r| sink.enabled(r));
        let sentinel_pixels = any(&BAND_RULES) || any(&SENTINEL_RULES);
        Plan {
            members: any(&HEADER_RULES) || any(&GEO_RULES) || sentinel_pixels,
            gr_pixels: class_pixels || any(&BAND_RULES) || any(&CLASS_RULES) || any(&MMU_RULES),
            sentinel_pixels,
            regions: any(&MMU_RULES),
            footprints: any(&crate::engine::spatial_check::RULES),
        }
    }

    fn nothing(&self) -> bool {
        !self.members && !self.gr_pixels && !self.footprints
    }
}

/// Bytes a patch check may hold per pixel of a patch: a band read as
/// `f64` (8), the class map and its runs and labels (at most 8 more).
const BYTES_PER_PATCH_PIXEL: u64 = 16;

/// Refuses, before anything is read, a run whose patch checks (one per
/// worker thread, each holding a patch's band) would need more than the
/// memory limit: a profile's `patch_size` sizes them.
pub(crate) fn check_memory(cx: &Context, sink: &Sink) -> Result<(), MemoryError> {
    let plan = Plan::new(sink, cx.class_pixels);
    if cx.dataset.mode == Mode::LabelsOnly || !(plan.gr_pixels || plan.sentinel_pixels) {
        return Ok(());
    }
    let size = u64::from(cx.profile.profile.dataset.patch_size);
    let threads = rayon::current_num_threads() as u64;
    let what = format!(
        "checking {threads} patches of {size} × {size} px at once ([dataset] patch_size of {})",
        cx.profile.source
    );
    crate::io::safety::memory::check(&what, size * size * threads, BYTES_PER_PATCH_PIXEL)
}

/// What the raster pass gives the later passes.
#[derive(Default)]
pub(crate) struct RasterPass {
    /// The ground-reference pixel histogram of each tile (from the pixels
    /// read for the rules, never read twice).
    pub class_pixels: BTreeMap<TileCode, ClassPixels>,
    /// The footprints of the patches whose reference raster is in its
    /// tile's UTM zone with the profile's pixel size (the others are placed
    /// from the tiling grid by the spatial check).
    pub footprints: Vec<RasterFootprint>,
}

/// Runs the raster rules.
pub(crate) fn check(cx: &Context, index: &PatchIndex, sink: &mut Sink) -> RasterPass {
    type Part = (Vec<Finding>, RasterPass);
    let cache = CrsCache::default();
    if cx.dataset.mode == Mode::LabelsOnly {
        if sink.enabled(Rule::LabelProjectionMismatch) {
            for (key, patch) in index {
                label_projection(key, patch, None, &cache, sink);
            }
        }
        return RasterPass::default();
    }
    let plan = Plan::new(sink, cx.class_pixels);
    if plan.nothing() {
        return RasterPass::default();
    }
    crate::io::storage::vfs::configure();
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
    let (findings, mut pass): Part = index
        .par_iter()
        .fold(Part::default, |(mut findings, mut pass), (key, patch)| {
            let mut local = Sink::new(rules);
            let mut histogram = None;
            let footprint = check_patch(cx, key, patch, &plan, &cache, &mut local, &mut histogram);
            if let Some(counts) = &histogram {
                pass.class_pixels.entry(key.tile).or_default().add(counts);
            }
            pass.footprints.extend(footprint);
            bar.inc(files(patch));
            findings.extend(local.findings);
            (findings, pass)
        })
        .reduce(
            Part::default,
            |(mut findings, mut pass), (more, more_pass)| {
                findings.extend(more);
                for (tile, counts) in &more_pass.class_pixels {
                    pass.class_pixels.entry(*tile).or_default().merge(counts);
                }
                pass.footprints.extend(more_pass.footprints);
                (findings, pass)
            },
        );
    bar.finish_and_clear();
    sink.findings.extend(findings);
    // In index order, whatever the parallel split.
    pass.footprints.sort_unstable_by_key(|f| f.key);
    pass
}

/// A patch's footprint from its reference raster's geotransform.
pub(crate) struct RasterFootprint {
    pub key: PatchKey,
    pub footprint: crate::model::footprint::Footprint,
    /// The reference raster.
    pub path: Box<str>,
}

/// The reference raster's footprint, when its georeferencing can be
/// trusted: in the tile's UTM zone, north-up, the profile's pixel size,
/// corners a UTM zone can hold (not an infinite or absurd origin).
fn raster_footprint(cx: &Context, key: &PatchKey, reference: &Georef) -> Option<RasterFootprint> {
    let epsg = key.tile.utm_epsg();
    let gt = reference.geo_transform.as_ref()?;
    if reference.crs.as_ref()?.same_as(&Crs::Epsg(epsg)) != Some(true) {
        return None;
    }
    let geo = &cx.profile.profile.georeferencing;
    if wrong_pixel_size::check(gt, geo.pixel_size).is_some() {
        return None;
    }
    let size = f64::from(cx.profile.profile.dataset.patch_size);
    let corners = [(gt[0], gt[3]), (gt[0] + size * gt[1], gt[3] + size * gt[5])];
    if !corners
        .iter()
        .all(|&(x, y)| crate::model::grid::is_utm_position(x, y))
    {
        return None;
    }
    Some(RasterFootprint {
        key: *key,
        footprint: crate::model::footprint::Footprint {
            epsg,
            min_x: gt[0],
            max_x: gt[0] + size * gt[1],
            min_y: gt[3] + size * gt[5],
            max_y: gt[3],
        },
        path: reference.path.clone(),
    })
}

/// Findings about one file: its path and patch attached to each.
struct FileSink<'s, 'r> {
    sink: &'s mut Sink<'r>,
    path: &'s str,
    patch: PatchKey,
}

impl FileSink<'_, '_> {
    fn push(&mut self, rule: Rule, why: Option<String>) {
        if let Some(why) = why {
            self.sink.push(
                Finding::new(rule, why)
                    .path(self.path.to_string())
                    .patch(self.patch),
            );
        }
    }
}

fn check_patch(
    cx: &Context,
    key: &PatchKey,
    patch: &PatchFiles,
    plan: &Plan,
    cache: &CrsCache,
    sink: &mut Sink,
    histogram: &mut Option<[u32; 256]>,
) -> Option<RasterFootprint> {
    let mut georefs: Vec<Georef> = Vec::new();
    if let Some(gr) = &patch.ground_reference {
        georefs.extend(check_file(cx, gr, plan, patch, cache, sink, histogram));
    }
    if plan.members {
        for file in patch.s2.iter().chain(&patch.s1) {
            georefs.extend(check_file(cx, file, plan, patch, cache, sink, &mut None));
        }
    }
    let reference = georefs.first();
    if let Some(reference) = reference {
        check_reference(cx, key, reference, sink);
        for member in &georefs[1..] {
            let mut out = FileSink {
                sink,
                path: &member.path,
                patch: *key,
            };
            out.push(
                Rule::TripletGeoreferencingMismatch,
                triplet_georeferencing_mismatch::check(member, reference),
            );
        }
    }
    if sink.enabled(Rule::LabelProjectionMismatch) {
        let raster_crs = reference.and_then(|r| r.crs.as_ref());
        label_projection(key, patch, raster_crs, cache, sink);
    }
    reference.and_then(|r| raster_footprint(cx, key, r))
}

/// G002, G004, G005 on the patch's reference raster.
fn check_reference(cx: &Context, key: &PatchKey, reference: &Georef, sink: &mut Sink) {
    let mut out = FileSink {
        sink,
        path: &reference.path,
        patch: *key,
    };
    if let Some(crs) = &reference.crs {
        out.push(Rule::WrongUtmZone, wrong_utm_zone::check(crs, &key.tile));
    }
    let geo = &cx.profile.profile.georeferencing;
    let gt = reference.geo_transform.as_ref();
    out.push(
        Rule::WrongPixelSize,
        wrong_pixel_size::check_header(gt, geo.pixel_size),
    );
    if let (Some(gt), Some(tile)) = (gt, cx.grid.get(&key.tile)) {
        let expected = misplaced_origin::expected_origin(tile, key, geo.pixel_size);
        out.push(
            Rule::MisplacedOrigin,
            misplaced_origin::check(gt, expected, geo.origin_tolerance),
        );
    }
}

/// G003 on the patch's label file.
fn label_projection(
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
    let mut out = FileSink {
        sink,
        path: &label.path,
        patch: *key,
    };
    out.push(
        Rule::LabelProjectionMismatch,
        label_projection_mismatch::check(&declared, raster_crs, &key.tile),
    );
}

/// Opens one raster and runs the per-file rules; returns what the
/// georeferencing comparisons need, or `None` when it does not open. A
/// ground reference's pixel histogram goes to `histogram` when read.
fn check_file(
    cx: &Context,
    file: &DatasetFile,
    plan: &Plan,
    patch: &PatchFiles,
    cache: &CrsCache,
    sink: &mut Sink,
    histogram: &mut Option<[u32; 256]>,
) -> Option<Georef> {
    let mut out = FileSink {
        sink,
        path: &file.path,
        patch: file.patch,
    };
    let absolute = cx.dataset.absolute(&file.path);
    let opened = match raster::open(&absolute) {
        Ok(r) => r,
        Err(why) => {
            out.push(
                Rule::UnreadableRaster,
                Some(unreadable_raster::message(&why)),
            );
            return None;
        }
    };
    let header = opened.header(&absolute);
    let readable = header.truncated.is_none();
    out.push(
        Rule::TruncatedRaster,
        truncated_raster::check(header.truncated.as_ref()),
    );
    let kind = cx.profile.profile.rasters.kind(file.kind)?;
    let size = cx.profile.profile.dataset.patch_size;
    let kind_name = file.kind.describe();
    out.push(
        Rule::WrongRasterSize,
        wrong_raster_size::check(header.width, header.height, size),
    );
    out.push(
        Rule::WrongBandCount,
        wrong_band_count::check(header.band_types.len(), kind.bands, kind_name),
    );
    if let Some(expected) = raster::data_type_from_name(&kind.data_type) {
        out.push(
            Rule::WrongDataType,
            wrong_data_type::check(&header.band_types, expected, kind_name),
        );
    }
    out.push(Rule::MissingCrs, missing_crs::check(header.crs.is_some()));
    // Pixels of a raster of another size are not read: R003 says what is
    // wrong, and a header announcing 100 000 × 100 000 pixels must not make
    // the run allocate them.
    let patch_sized = header.width == size as usize && header.height == size as usize;
    if readable && patch_sized {
        if file.kind == FileKind::GroundReference {
            if plan.gr_pixels {
                *histogram = check_class_map(cx, &opened, &header, kind, patch, plan, &mut out);
            }
        } else if plan.sentinel_pixels {
            check_bands(&opened, &header, kind, &mut out);
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
fn check_bands(
    opened: &raster::Raster,
    header: &RasterHeader,
    kind: &RasterKind,
    out: &mut FileSink,
) {
    let range = (kind.min, kind.max);
    for band in 1..=header.band_types.len() {
        let values = match opened.read_f64(band) {
            Ok(v) => v,
            Err(why) => {
                let why = truncated_raster::unreadable_band(band, &why);
                out.push(Rule::TruncatedRaster, Some(why));
                return;
            }
        };
        let nodata = header.nodata[band - 1].or(kind.nodata);
        let stats = BandStats::of(&values, nodata, range);
        let is_float = raster::is_float(header.band_types[band - 1]);
        out.push(Rule::NodataBand, nodata_band::check(band, &stats, nodata));
        out.push(Rule::ConstantBand, constant_band::check(band, &stats));
        out.push(
            Rule::NonFiniteValues,
            non_finite_values::check(band, &stats, is_float),
        );
        out.push(
            Rule::ValueOutOfRange,
            value_out_of_range::check(band, &stats, range),
        );
    }
}

/// R006, R007, C001, C002 and M001–M003 on a ground reference's class map;
/// returns its pixel histogram when its pixels could be read.
fn check_class_map(
    cx: &Context,
    opened: &raster::Raster,
    header: &RasterHeader,
    kind: &RasterKind,
    patch: &PatchFiles,
    plan: &Plan,
    out: &mut FileSink,
) -> Option<[u32; 256]> {
    // Class values are bytes; another data type is R005's finding, and
    // reading it as bytes would invent values.
    if header.band_types.first() != Some(&gdal::raster::GdalDataType::UInt8) {
        return None;
    }
    let map = match opened.read_u8(1) {
        Ok(m) => m,
        Err(why) => {
            let why = truncated_raster::unreadable_band(1, &why);
            out.push(Rule::TruncatedRaster, Some(why));
            return None;
        }
    };
    let class_table = &cx.profile.classes;
    let nodata = header.nodata[0].or(kind.nodata);
    let counts = classes::histogram(&map);
    let stats = BandStats::of_class_counts(&counts, nodata);
    out.push(Rule::NodataBand, nodata_band::check(1, &stats, nodata));
    out.push(Rule::ConstantBand, constant_band::check(1, &stats));
    out.push(
        Rule::UnknownClassValue,
        unknown_class_value::check(&counts, class_table),
    );
    if let Some(label) = patch.label.as_ref().filter(|l| l.parsed) {
        if let Some(listed) = &label.classes {
            let mut on_label = FileSink {
                sink: out.sink,
                path: &label.path,
                patch: out.patch,
            };
            on_label.push(
                Rule::LabelsDisagreeWithRaster,
                labels_disagree_with_raster::check_counts(&counts, listed, class_table),
            );
        }
    }
    if !plan.regions {
        return Some(counts);
    }
    let m = &cx.mmu;
    let found = regions::regions(
        &map,
        header.width as u32,
        header.height as u32,
        m.connectivity,
        |c| m.counts(c, class_table),
        m.road_class,
    );
    for region in &found {
        let name = cx.profile.class_name(region.class).unwrap_or("");
        for (rule, why) in [
            (Rule::SmallRegion, small_region::check(region, m, name)),
            (
                Rule::SmallBorderRegion,
                small_border_region::check(region, m, name),
            ),
            (
                Rule::SmallRegionByRoad,
                small_region_by_road::check(region, m, name),
            ),
        ] {
            if let Some(why) = why {
                out.sink.push(
                    Finding::new(rule, why)
                        .path(out.path.to_string())
                        .patch(out.patch)
                        .location(mmu::window(region)),
                );
            }
        }
    }
    Some(counts)
}
