//! Opens every raster once and hands what it reads to the checks that read
//! it, patch by patch, in parallel.
//!
//! What is read per file (each only when an enabled rule reads it, as the
//! plan derives from the registry):
//! * the GeoTIFF header through GDAL — size, bands, data types, nodata,
//!   geotransform, CRS — and the strip or tile offsets already in the TIFF
//!   directory, for truncation (`Input::Raster`); the Sentinel-2 and
//!   Sentinel-1 files are opened when a rule reads headers, band
//!   descriptions or pixels, or a patch's georeferencing;
//! * the band descriptions of the header (`Input::BandDescriptions`);
//! * ground-reference pixels (one `u8` band): their statistics
//!   (`Input::Band`), histogram (`Input::ClassMap`) and regions
//!   (`Input::Region`);
//! * Sentinel-2 and Sentinel-1 pixels, band by band (`Input::Band`). On a
//!   million files they dominate the run (see `docs/performance.md`), so
//!   `--ignore R006,R007,R008,R009,R012` is the fast header-only pass.
//!
//! A patch's *reference* raster is its ground reference, else its first
//! Sentinel-2 or Sentinel-1 file that opens (`Input::Georeferencing`).
//! Parsed CRS definitions are cached per distinct text.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::finding::Finding;
use crate::io::formats::crs::{Crs, CrsCache};
use crate::io::formats::raster::{self, RasterCrs, RasterHeader};
use crate::model::dataset::{DatasetFile, Mode, PatchFiles, PatchIndex};
use crate::model::footprint::north_up_with_pixel_size;
use crate::model::{FileKind, PatchKey, TileCode};
use crate::raster::regions;
use crate::rules::classes::histogram;
use crate::rules::input::{
    BandFacts, BandStats, ClassMapFacts, DescriptionFacts, Georef, GeoreferencingFacts,
    PixelReadFacts, ProjectionFacts, RasterExpectation, RasterFacts, RegionFacts,
};

use super::cache::{
    self,
    entry::{CachedCrs, CachedFinding, CachedGeoref, Facts, RasterEntry},
};
use super::context::{Context, Sink};
use super::plan::Plan;
use crate::io::safety::memory::MemoryError;

/// Which reads the enabled rules need.
struct Reads {
    /// Open the Sentinel-2 and Sentinel-1 files.
    members: bool,
    /// Read the ground reference's pixels.
    gr_pixels: bool,
    /// Label the ground reference's regions.
    regions: bool,
    /// Open each patch's reference raster for its footprint (the overlap
    /// pass).
    footprints: bool,
}

impl Reads {
    fn new(plan: &Plan, class_pixels: bool) -> Reads {
        Reads {
            members: plan.opens_members(),
            gr_pixels: class_pixels || plan.reads_class_map(),
            regions: !plan.region.is_empty(),
            footprints: plan.places_patches(),
        }
    }

    fn sentinel_pixels(plan: &Plan) -> bool {
        plan.reads_pixels(FileKind::S2) || plan.reads_pixels(FileKind::S1)
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
pub(crate) fn check_memory(cx: &Context) -> Result<(), MemoryError> {
    let reads = Reads::new(&cx.plan, cx.class_pixels);
    if cx.dataset.mode == Mode::LabelsOnly || !(reads.gr_pixels || Reads::sentinel_pixels(&cx.plan))
    {
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
    /// Rasters whose band descriptions were read and are all empty, by kind.
    pub undescribed: BTreeMap<FileKind, usize>,
}

impl RasterPass {
    fn merge(&mut self, other: RasterPass) {
        for (tile, counts) in &other.class_pixels {
            self.class_pixels.entry(*tile).or_default().merge(counts);
        }
        self.footprints.extend(other.footprints);
        for (kind, n) in other.undescribed {
            *self.undescribed.entry(kind).or_default() += n;
        }
    }
}

/// Runs the checks of the raster pass.
pub(crate) fn check(cx: &Context, index: &PatchIndex, sink: &mut Sink) -> RasterPass {
    type Part = (Vec<Finding>, RasterPass);
    let cache = CrsCache::default();
    if cx.dataset.mode == Mode::LabelsOnly {
        if !cx.plan.projection.is_empty() {
            for (key, patch) in index {
                label_projection(cx, key, patch, None, &cache, sink);
            }
        }
        return RasterPass::default();
    }
    let reads = Reads::new(&cx.plan, cx.class_pixels);
    if reads.nothing() {
        return RasterPass::default();
    }
    crate::io::storage::vfs::configure();
    let rules = sink.rules;
    let files = |p: &PatchFiles| {
        let members = if reads.members {
            p.s2.len() + p.s1.len()
        } else {
            0
        };
        (usize::from(p.ground_reference.is_some()) + members) as u64
    };
    let bar = super::context::bar(
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
            let footprint = check_patch(
                cx,
                key,
                patch,
                &reads,
                &cache,
                &mut local,
                &mut histogram,
                &mut pass,
            );
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
                pass.merge(more_pass);
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
    if !north_up_with_pixel_size(gt, geo.pixel_size) {
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

#[allow(clippy::too_many_arguments)]
fn check_patch(
    cx: &Context,
    key: &PatchKey,
    patch: &PatchFiles,
    reads: &Reads,
    cache: &CrsCache,
    sink: &mut Sink,
    histogram: &mut Option<[u32; 256]>,
    pass: &mut RasterPass,
) -> Option<RasterFootprint> {
    let mut georefs: Vec<Georef> = Vec::new();
    if let Some(gr) = &patch.ground_reference {
        let read = cached_read(cx, gr, reads, cache, sink, pass);
        if let Some(counts) = &read.histogram {
            let class_map = ClassMapFacts {
                counts,
                classes: &cx.profile.classes,
                label: patch.label.as_ref(),
            };
            sink.run(
                &cx.plan.class_map,
                &class_map,
                Some(&gr.path),
                Some(gr.patch),
            );
        }
        *histogram = read.histogram;
        georefs.extend(read.georef);
    }
    if reads.members {
        for file in patch.s2.iter().chain(&patch.s1) {
            georefs.extend(cached_read(cx, file, reads, cache, sink, pass).georef);
        }
    }
    let reference = georefs.first();
    if let Some(reference) = reference {
        let geo = &cx.profile.profile.georeferencing;
        let facts = GeoreferencingFacts {
            key,
            reference,
            members: &georefs[1..],
            tile: cx.grid.get(&key.tile),
            pixel_size: geo.pixel_size,
            origin_tolerance: geo.origin_tolerance,
        };
        sink.run(
            &cx.plan.georeferencing,
            &facts,
            Some(&reference.path),
            Some(*key),
        );
    }
    if !cx.plan.projection.is_empty() {
        let raster_crs = reference.and_then(|r| r.crs.as_ref());
        label_projection(cx, key, patch, raster_crs, cache, sink);
    }
    reference.and_then(|r| raster_footprint(cx, key, r))
}

/// The patch's label file's `projection`, against the CRS of its
/// reference raster (or its tile, without one).
fn label_projection(
    cx: &Context,
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
    let facts = ProjectionFacts {
        declared: &declared,
        raster_crs,
        tile: &key.tile,
    };
    sink.run(&cx.plan.projection, &facts, Some(&label.path), Some(*key));
}

/// What was read of one raster: its georeferencing (`None` when it does
/// not open) with its CRS as the header gives it, its class histogram (a
/// ground reference whose pixels were read) and whether its bands are
/// undescribed (when their descriptions were read).
#[derive(Default)]
pub(super) struct FileRead {
    pub georef: Option<Georef>,
    pub crs: Option<RasterCrs>,
    pub histogram: Option<[u32; 256]>,
    pub undescribed: Option<bool>,
}

/// [`check_file`], or what the cache kept of the file when its stamp is
/// the one recorded: its findings go to `sink`, its description count to
/// `pass`; a file read is recorded in the cache.
fn cached_read(
    cx: &Context,
    file: &DatasetFile,
    reads: &Reads,
    crs_cache: &CrsCache,
    sink: &mut Sink,
    pass: &mut RasterPass,
) -> FileRead {
    let stamped = cx.cache.and_then(|store| {
        Some((
            store,
            store.stamp(&file.path, || cx.dataset.absolute(&file.path))?,
        ))
    });
    let kept = stamped.as_ref().and_then(|(store, stamp)| {
        let (at, facts) = store.lookup(&file.path, stamp)?;
        let Facts::Raster(r) = &facts else {
            return None;
        };
        let findings = cache::entry::findings(&r.findings)?;
        let crs = match &r.georef.as_ref().and_then(|g| g.crs.as_ref()) {
            Some(CachedCrs::Epsg(code)) => Some(RasterCrs::Epsg(*code)),
            Some(CachedCrs::Wkt(i)) => Some(RasterCrs::Wkt(store.text(*i)?.to_string())),
            None => None,
        };
        store.reuse(at);
        let georef = r.georef.as_ref().map(|g| Georef {
            path: file.path.clone(),
            kind: file.kind,
            crs: match &crs {
                Some(RasterCrs::Epsg(code)) => Some(Crs::Epsg(*code)),
                Some(RasterCrs::Wkt(wkt)) => Some(crs_cache.resolve(wkt)),
                None => None,
            },
            geo_transform: g.geo_transform,
        });
        let read = FileRead {
            georef,
            crs,
            histogram: r.histogram.as_deref().map(cache::entry::dense),
            undescribed: r.undescribed,
        };
        Some((read, findings))
    });
    let (read, findings) = match kept {
        Some(kept) => kept,
        None => {
            let mut local = Sink::new(sink.rules);
            let read = check_file(cx, file, reads, crs_cache, &mut local);
            if let Some((store, stamp)) = stamped {
                store.insert(raster_entry(store, file, stamp, &read, &local.findings));
            }
            (read, local.findings)
        }
    };
    if let Some(undescribed) = read.undescribed {
        *pass.undescribed.entry(file.kind).or_default() += usize::from(undescribed);
    }
    for finding in findings {
        sink.push(finding);
    }
    read
}

/// The cache entry of a raster read in this run.
fn raster_entry(
    store: &cache::Store,
    file: &DatasetFile,
    stamp: crate::io::storage::stamp::Stamp,
    read: &FileRead,
    findings: &[Finding],
) -> cache::entry::Entry {
    let georef = read.georef.as_ref().map(|g| CachedGeoref {
        crs: read.crs.as_ref().map(|c| match c {
            RasterCrs::Epsg(code) => CachedCrs::Epsg(*code),
            RasterCrs::Wkt(wkt) => CachedCrs::Wkt(store.intern(wkt)),
        }),
        geo_transform: g.geo_transform,
    });
    cache::entry::Entry {
        path: file.path.clone(),
        stamp,
        facts: Facts::Raster(RasterEntry {
            findings: findings.iter().map(CachedFinding::of).collect(),
            georef,
            histogram: read.histogram.as_ref().map(cache::entry::sparse),
            undescribed: read.undescribed,
        }),
    }
}

/// Opens one raster and runs the checks of its header and pixels (the
/// checks that read this file alone).
fn check_file(
    cx: &Context,
    file: &DatasetFile,
    reads: &Reads,
    cache: &CrsCache,
    sink: &mut Sink,
) -> FileRead {
    let mut read = FileRead::default();
    let Some(expected) = cx.expectation(file.kind) else {
        return read;
    };
    let at = (Some(&*file.path), Some(file.patch));
    let absolute = cx.dataset.absolute(&file.path);
    let opened = raster::open(&absolute);
    let header = opened.as_ref().ok().map(|r| r.header(&absolute));
    let size = cx.profile.profile.dataset.patch_size;
    let facts = RasterFacts {
        kind: file.kind,
        opened: match (&header, &opened) {
            (Some(header), _) => Ok(header),
            (None, Err(why)) => Err(why),
            (None, Ok(_)) => return read,
        },
        expected,
        patch_size: size,
    };
    sink.run(&cx.plan.raster, &facts, at.0, at.1);
    let (Ok(opened), Some(header)) = (opened, header) else {
        return read;
    };
    if cx.plan.reads_descriptions(file.kind) {
        let descriptions = opened.band_descriptions();
        read.undescribed = Some(descriptions.iter().all(String::is_empty));
        let facts = DescriptionFacts {
            kind: file.kind,
            descriptions: &descriptions,
            expected,
        };
        sink.run(cx.plan.description_checks(file.kind), &facts, at.0, at.1);
    }
    // Pixels of a raster of another size are not read: R003 says what is
    // wrong, and a header announcing 100 000 × 100 000 pixels must not make
    // the run allocate them.
    let readable = header.truncated.is_none();
    let patch_sized = header.width == size as usize && header.height == size as usize;
    if readable && patch_sized {
        if file.kind == FileKind::GroundReference {
            if reads.gr_pixels {
                read.histogram = check_class_map(cx, &opened, &header, expected, reads, sink, at);
            }
        } else if cx.plan.reads_pixels(file.kind) {
            check_bands(cx, file.kind, &opened, &header, expected, sink, at);
        }
    }
    let crs = match &header.crs {
        Some(RasterCrs::Epsg(code)) => Some(Crs::Epsg(*code)),
        Some(RasterCrs::Wkt(wkt)) => Some(cache.resolve(wkt)),
        None => None,
    };
    read.crs = header.crs.clone();
    read.georef = Some(Georef {
        path: file.path.clone(),
        kind: file.kind,
        crs,
        geo_transform: header.geo_transform,
    });
    read
}

/// Where the findings of one file go: its path and patch.
type At<'a> = (Option<&'a str>, Option<PatchKey>);

/// The band checks on every band of a Sentinel-2 or Sentinel-1 file.
fn check_bands(
    cx: &Context,
    kind: FileKind,
    opened: &raster::Raster,
    header: &RasterHeader,
    expected: &RasterExpectation,
    sink: &mut Sink,
    at: At,
) {
    let range = (expected.min, expected.max);
    for band in 1..=header.band_types.len() {
        let values = match opened.read_f64(band) {
            Ok(v) => v,
            Err(error) => {
                let facts = PixelReadFacts {
                    band,
                    error: &error,
                };
                sink.run(&cx.plan.pixel_read, &facts, at.0, at.1);
                return;
            }
        };
        let nodata = header.nodata[band - 1].or(expected.nodata);
        let stats = BandStats::of(&values, nodata, range);
        let facts = BandFacts {
            kind,
            band,
            stats: &stats,
            nodata,
            is_float: raster::is_float(header.band_types[band - 1]),
            range,
            values: &values,
            unit: expected.unit,
        };
        sink.run(cx.plan.band_checks(kind), &facts, at.0, at.1);
    }
}

/// The band and region checks on a ground reference (the class-map checks,
/// which read its label file too, run on the histogram returned, when its
/// pixels could be read).
fn check_class_map(
    cx: &Context,
    opened: &raster::Raster,
    header: &RasterHeader,
    expected: &RasterExpectation,
    reads: &Reads,
    sink: &mut Sink,
    at: At,
) -> Option<[u32; 256]> {
    // Class values are bytes; another data type is R005's finding, and
    // reading it as bytes would invent values.
    if header.band_types.first() != Some(&gdal::raster::GdalDataType::UInt8) {
        return None;
    }
    let map = match opened.read_u8(1) {
        Ok(m) => m,
        Err(error) => {
            let facts = PixelReadFacts {
                band: 1,
                error: &error,
            };
            sink.run(&cx.plan.pixel_read, &facts, at.0, at.1);
            return None;
        }
    };
    let classes = &cx.profile.classes;
    let nodata = header.nodata[0].or(expected.nodata);
    let counts = histogram(&map);
    let stats = BandStats::of_class_counts(&counts, nodata);
    let band = BandFacts {
        kind: FileKind::GroundReference,
        band: 1,
        stats: &stats,
        nodata,
        is_float: false,
        range: (expected.min, expected.max),
        values: &[],
        unit: expected.unit,
    };
    sink.run(
        cx.plan.band_checks(FileKind::GroundReference),
        &band,
        at.0,
        at.1,
    );
    if !reads.regions {
        return Some(counts);
    }
    let m = &cx.mmu;
    let found = regions::regions(
        &map,
        header.width as u32,
        header.height as u32,
        m.connectivity,
        |c| m.counts(c, classes),
        m.road_class,
    );
    for region in &found {
        let facts = RegionFacts {
            region,
            mmu: m,
            class_name: cx.profile.class_name(region.class).unwrap_or(""),
        };
        sink.run(&cx.plan.region, &facts, at.0, at.1);
    }
    Some(counts)
}

/// The pixel histogram of a tile's ground-reference rasters.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassPixels {
    /// Rasters counted (8-bit, patch-sized, readable).
    pub rasters: usize,
    /// Pixels per value, indexed by value (256 entries).
    pub counts: Vec<u64>,
}

impl Default for ClassPixels {
    fn default() -> ClassPixels {
        ClassPixels {
            rasters: 0,
            counts: vec![0; 256],
        }
    }
}

impl ClassPixels {
    /// Adds one raster's histogram.
    pub fn add(&mut self, counts: &[u32; 256]) {
        self.rasters += 1;
        for (total, &n) in self.counts.iter_mut().zip(counts) {
            *total += u64::from(n);
        }
    }

    /// Adds another tile part's counts.
    pub fn merge(&mut self, other: &ClassPixels) {
        // Crafted partials are range-checked; the sums of many stay
        // within range rather than wrap.
        self.rasters = self.rasters.saturating_add(other.rasters);
        for (total, &n) in self.counts.iter_mut().zip(&other.counts) {
            *total = total.saturating_add(n);
        }
    }
}
