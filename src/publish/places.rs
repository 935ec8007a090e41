//! The dataset on the ground, in longitude and latitude (EPSG:4326), for
//! the report's map and the STAC items: every patch footprint with what
//! its label file lists, the tiles' outlines and the overlapping pairs.

use crate::engine::Run;
use crate::finding::{Finding, Location};
use crate::model::dataset::DatasetFile;
use crate::model::footprint::Footprint;
use crate::model::grid::TilingGrid;
use crate::model::naming::DatedNames;
use crate::model::{FileKind, NameParts, PatchKey, TileCode};
use crate::rules::spatial::{
    duplicate_footprint::DuplicateFootprint, patches_overlap::PatchesOverlap,
};
use crate::rules::Rule;
use crate::spatial::{Reproject, SpatialError};

/// WGS 84 longitude, latitude.
pub const LONLAT: u32 = 4326;

/// One patch placed on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct MapPatch {
    pub key: PatchKey,
    /// Its footprint in its own CRS (from its reference raster, or from the
    /// tiling grid).
    pub footprint: Footprint,
    /// The footprint's corners in longitude, latitude: upper-left,
    /// upper-right, lower-right, lower-left.
    pub corners: [[f64; 2]; 4],
    /// The file that stands for the patch (its label file, else a raster).
    pub path: String,
    /// Classes its label file lists.
    pub classes: Vec<u8>,
    /// Distinct acquisition dates `YYYYMMDD`, sorted: listed by the label
    /// file, else found on disk.
    pub s2_dates: Vec<u32>,
    pub s1_dates: Vec<u32>,
}

impl MapPatch {
    /// West, south, east, north.
    pub fn bbox(&self) -> [f64; 4] {
        bbox_of(&self.corners)
    }
}

/// A pair of patches that overlap, as rules S001/S002 report it.
#[derive(Clone, Debug, PartialEq)]
pub struct OverlapPair {
    /// The patch the finding is reported on.
    pub patch: PatchKey,
    /// The other patch, when known.
    pub other: Option<PatchKey>,
    /// The shared ground in longitude, latitude (closed ring).
    pub ring: Vec<[f64; 2]>,
}

/// A Sentinel-2 tile's outline.
#[derive(Clone, Debug, PartialEq)]
pub struct TileOutline {
    pub tile: TileCode,
    /// Closed ring, longitude, latitude, densified (the tile's edges are
    /// straight in its UTM zone, not in longitude and latitude).
    pub ring: Vec<[f64; 2]>,
}

/// Everything the map and the catalog place.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Places {
    /// In tile, x, y order.
    pub patches: Vec<MapPatch>,
    pub overlaps: Vec<OverlapPair>,
    pub tiles: Vec<TileOutline>,
}

/// West, south, east, north of points.
pub fn bbox_of(points: &[[f64; 2]]) -> [f64; 4] {
    points.iter().fold(
        [f64::INFINITY, f64::INFINITY, -f64::INFINITY, -f64::INFINITY],
        |b, p| {
            [
                b[0].min(p[0]),
                b[1].min(p[1]),
                b[2].max(p[0]),
                b[3].max(p[1]),
            ]
        },
    )
}

/// The distinct acquisition dates of a patch's files of `kind`, sorted:
/// those its label file lists, else those on disk (as
/// `spatial::footprints::records` lists them, as numbers: a catalog reads
/// a million names, and strings cost a third of its run).
fn patch_dates(
    key: &PatchKey,
    kind: FileKind,
    listed: Option<&Vec<Box<str>>>,
    on_disk: Option<&Vec<DatasetFile>>,
) -> Vec<u32> {
    let names = DatedNames::of(key, kind);
    let date = |name: &str| -> Option<u32> {
        let parts = names.split(name).or_else(|| NameParts::split(name))?;
        parts.date?.parse().ok()
    };
    let mut dates: Vec<u32> = match listed.filter(|l| !l.is_empty()) {
        Some(l) => l.iter().filter_map(|n| date(n)).collect(),
        None => on_disk
            .into_iter()
            .flatten()
            .filter_map(|f| date(&f.name))
            .collect(),
    };
    dates.sort_unstable();
    dates.dedup();
    dates
}

/// The places of a validation run: its patches, the overlapping pairs its
/// report counts, and the outlines of its tiles.
pub fn from_run(run: &Run, reproject: &dyn Reproject) -> Result<Places, SpatialError> {
    let footprints: Vec<Footprint> = run.placed.iter().map(|p| p.footprint).collect();
    let corners = corners_lonlat(&footprints, reproject)?;
    let patches = run
        .placed
        .iter()
        .zip(corners)
        .map(|(placed, corners)| {
            let key = placed.key;
            let files = run.index.get(&key);
            let label = files.and_then(|f| f.label.as_ref());
            MapPatch {
                key,
                footprint: placed.footprint,
                corners,
                path: placed.path.to_string(),
                classes: label.and_then(|l| l.classes.clone()).unwrap_or_default(),
                s2_dates: patch_dates(
                    &key,
                    FileKind::S2,
                    label.map(|l| &l.s2),
                    files.map(|f| &f.s2),
                ),
                s1_dates: patch_dates(
                    &key,
                    FileKind::S1,
                    label.map(|l| &l.s1),
                    files.map(|f| &f.s1),
                ),
            }
        })
        .collect();
    // The pairs the report counts: one S001 or S002 finding each, when
    // that rule ran.
    let overlaps = overlaps_from_findings(&run.report.findings, reproject)?;
    let mut tiles: Vec<TileCode> = run.placed.iter().map(|p| p.key.tile).collect();
    tiles.dedup();
    Ok(Places {
        patches,
        overlaps,
        tiles: tile_outlines(&tiles, reproject)?,
    })
}

/// The overlapping pairs of a report (run or saved): each S001/S002
/// finding's patch, the other patch its record names, and the overlap
/// polygon.
pub fn overlaps_from_findings(
    findings: &[Finding],
    reproject: &dyn Reproject,
) -> Result<Vec<OverlapPair>, SpatialError> {
    let mut pairs = Vec::new();
    for f in findings {
        if !matches!(f.rule, Rule::PatchesOverlap | Rule::DuplicateFootprint) {
            continue;
        }
        let (Some(patch), Some(Location::Polygon { epsg, rings })) = (f.patch, &f.location) else {
            continue;
        };
        let mut ring = rings.first().cloned().unwrap_or_default();
        reproject.reproject(*epsg, LONLAT, &mut ring)?;
        let other = f
            .data_as::<PatchesOverlap>()
            .map(|r| r.other_patch.as_str())
            .or_else(|| {
                f.data_as::<DuplicateFootprint>()
                    .map(|r| r.other_patch.as_str())
            })
            .and_then(patch_of_id);
        pairs.push(OverlapPair { patch, other, ring });
    }
    Ok(pairs)
}

/// The patch `{tile}_{x}_{y}` an overlap's record names.
fn patch_of_id(id: &str) -> Option<PatchKey> {
    let mut parts = id.split('_');
    let (tile, x, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    Some(PatchKey {
        tile: TileCode::parse(tile).ok()?,
        x: x.parse().ok()?,
        y: y.parse().ok()?,
    })
}

/// Corners of each footprint in longitude, latitude, reprojected one CRS at
/// a time.
pub fn corners_lonlat(
    footprints: &[Footprint],
    reproject: &dyn Reproject,
) -> Result<Vec<[[f64; 2]; 4]>, SpatialError> {
    let mut out = vec![[[0.0; 2]; 4]; footprints.len()];
    let mut epsgs: Vec<u32> = footprints.iter().map(|f| f.epsg).collect();
    epsgs.sort_unstable();
    epsgs.dedup();
    for epsg in epsgs {
        let members: Vec<usize> = (0..footprints.len())
            .filter(|&i| footprints[i].epsg == epsg)
            .collect();
        let mut points: Vec<[f64; 2]> = members
            .iter()
            .flat_map(|&i| {
                let f = &footprints[i];
                [
                    [f.min_x, f.max_y],
                    [f.max_x, f.max_y],
                    [f.max_x, f.min_y],
                    [f.min_x, f.min_y],
                ]
            })
            .collect();
        reproject.reproject(epsg, LONLAT, &mut points)?;
        for (k, &i) in members.iter().enumerate() {
            out[i].copy_from_slice(&points[4 * k..4 * k + 4]);
        }
    }
    Ok(out)
}

/// Points along each edge of a tile's outline.
const TILE_EDGE_POINTS: usize = 8;

/// The outlines of `tiles` from the tiling grid (tiles not in the grid are
/// left out).
pub fn tile_outlines(
    tiles: &[TileCode],
    reproject: &dyn Reproject,
) -> Result<Vec<TileOutline>, SpatialError> {
    let grid = TilingGrid::official();
    let mut out = Vec::new();
    for tile in tiles {
        let Some(g) = grid.get(tile) else { continue };
        let side = 109_800.0;
        let corners = [
            [g.ulx, g.uly],
            [g.ulx + side, g.uly],
            [g.ulx + side, g.uly - side],
            [g.ulx, g.uly - side],
        ];
        let mut ring = Vec::with_capacity(4 * TILE_EDGE_POINTS + 1);
        for k in 0..4 {
            let (a, b) = (corners[k], corners[(k + 1) % 4]);
            for s in 0..TILE_EDGE_POINTS {
                let t = s as f64 / TILE_EDGE_POINTS as f64;
                ring.push([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);
            }
        }
        ring.push(corners[0]);
        reproject.reproject(g.epsg, LONLAT, &mut ring)?;
        out.push(TileOutline { tile: *tile, ring });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::formats::reproject::GdalReprojector;

    #[test]
    fn corners_are_reprojected_per_crs_in_order() {
        let f = |epsg, x: f64, y: f64| Footprint {
            epsg,
            min_x: x,
            min_y: y,
            max_x: x + 2560.0,
            max_y: y + 2560.0,
        };
        let fps = [
            f(32631, 700_000.0, 5_490_000.0),
            f(32632, 300_000.0, 5_490_000.0),
            f(32631, 702_570.0, 5_490_000.0),
        ];
        let c = corners_lonlat(&fps, &GdalReprojector).unwrap();
        // The second of zone 31 starts where the first ends (+10 m gap).
        assert!(c[2][0][0] > c[0][1][0]);
        // Zone 32 east of 6°E, zone 31 west of it at this easting.
        assert!(c[1][0][0] > 6.0 && c[1][0][0] < 7.0, "{:?}", c[1]);
        assert!(c[0][0][0] > 5.0 && c[0][0][0] < 6.0, "{:?}", c[0]);
        // Upper corners north of lower ones.
        assert!(c[0][0][1] > c[0][3][1]);
        let b = bbox_of(&c[0]);
        assert!(b[0] < b[2] && b[1] < b[3]);
    }

    /// The dates of each patch are those `spatial::footprints::records`
    /// lists (its former source), as numbers: listed names first, else the
    /// files on disk; names of another patch, unusual or without a date.
    #[test]
    fn patch_dates_are_the_footprint_records_dates() {
        use crate::model::dataset::{LabelInfo, PatchIndex};
        use crate::spatial::footprints::{placed_patches, records};
        let key = |x| PatchKey {
            tile: TileCode::parse("31UGQ").unwrap(),
            x,
            y: 0,
        };
        let names = |v: &[&str]| -> Vec<Box<str>> { v.iter().map(|n| (*n).into()).collect() };
        let file = |kind, x, name: &str| DatasetFile {
            kind,
            patch: key(x),
            name: name.into(),
            path: format!("s1/{name}").into(),
        };
        let mut index = PatchIndex::new();
        index.entry(key(0)).or_default().label = Some(LabelInfo {
            path: "labels/31UGQ_0_0.json".into(),
            s2: names(&[
                "31UGQ_20200731_S2_0_0.tif",
                "31UGQ_20200325_S2_0_0.tif",
                "31UGQ_20200731_S2_0_0.tif",
                "31UGQ_00200102_S2_0_0.tif",
                "31UGQ_20200101_S2_257_0.tif",
                "31UGQ_2020010_S2_0_0.tif",
                "junk",
            ]),
            ..LabelInfo::default()
        });
        // Nothing listed: the files on disk.
        let on_disk = index.entry(key(257)).or_default();
        on_disk.label = Some(LabelInfo {
            path: "labels/31UGQ_257_0.json".into(),
            ..LabelInfo::default()
        });
        on_disk.s1 = vec![
            file(FileKind::S1, 257, "31UGQ_20201130_S1_257_0.tif"),
            file(FileKind::S1, 257, "31UGQ_20200105_S1_257_0.tif"),
            file(FileKind::S1, 257, "31UGQ_20200105_S1_257_0.tif.aux"),
        ];
        let placed = placed_patches(&index, TilingGrid::official(), 256);
        let oracle = records(&index, &placed, &[]);
        for (p, r) in placed.iter().zip(&oracle) {
            let files = &index[&p.key];
            let label = files.label.as_ref();
            for (kind, listed, on_disk, want) in [
                (FileKind::S2, label.map(|l| &l.s2), &files.s2, &r.s2_dates),
                (FileKind::S1, label.map(|l| &l.s1), &files.s1, &r.s1_dates),
            ] {
                let want: Vec<u32> = want.iter().map(|d| d.parse().unwrap()).collect();
                assert_eq!(patch_dates(&p.key, kind, listed, Some(on_disk)), want);
            }
        }
        assert_eq!(oracle[0].s2_dates.len(), 4);
        assert_eq!(oracle[1].s1_dates.len(), 2);
    }

    #[test]
    fn tile_outlines_close_and_skip_unknown_tiles() {
        let tiles = [TileCode::parse("31UER").unwrap()];
        let t = tile_outlines(&tiles, &GdalReprojector).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].ring.len(), 33);
        assert_eq!(t[0].ring[0], t[0].ring[32]);
        let b = bbox_of(&t[0].ring);
        // 31UER: 3.0-4.55°E, 49.55-50.55°N (a 109.8 km square).
        assert!(
            b[0] > 2.9 && b[2] < 4.6 && b[1] > 49.5 && b[3] < 50.6,
            "{b:?}"
        );
        assert!((b[3] - b[1] - 109.8 / 111.2).abs() < 0.03, "{b:?}");
    }
}
