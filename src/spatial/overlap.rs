//! The overlap pass: every pair of footprints that share more ground than a
//! tolerance, inside a UTM zone and across zones, measured: the overlap
//! area in an equal-area CRS, the overlap polygon and, for near-complete
//! overlaps, how much the two footprints differ. What a pair is (an
//! overlap, a duplicate) is for the rules to say (S001, S002).
//!
//! How (and why it is fast):
//! 1. footprints are grouped by CRS and 100 km cell of their upper-left
//!    corner (about one Sentinel-2 tile each) and every group gets an
//!    `rstar` R-tree of its rectangles;
//! 2. each group's extent is mapped into the equal-area CRS through a
//!    [lattice](super::lattice) of exactly reprojected points; an R-tree of
//!    those extents gives the pairs of groups that can touch (when every
//!    footprint is in one CRS, the extents in that CRS give the pairs, and
//!    only the groups where two footprints share ground are mapped: a
//!    sound dataset of one UTM zone needs no reprojection at all);
//! 3. inside one CRS, footprints are axis-aligned rectangles: candidates come
//!    from the R-tree and the overlap is a rectangle, exactly;
//! 4. across CRS (two UTM zones), only the footprints inside the other
//!    group's extent are candidates; their outlines, densified to one point
//!    every 640 m, are mapped into the first group's CRS through a lattice
//!    and clipped by the first footprint's rectangle (exact, it is convex);
//! 5. the overlap polygon's area in the equal-area CRS is its plane area
//!    times the map's local area scale at its centroid (the Jacobian of the
//!    lattice map; the scale varies linearly across a few kilometres, so
//!    this is exact to about 1e-9). A pair is measured when that area
//!    exceeds the tolerance; when it covers at least 98 % of the smaller
//!    footprint (plane areas), the area of the symmetric difference of the
//!    two footprints is measured too.
//!
//! Groups and pairs of groups are processed in parallel (rayon).

use std::collections::HashMap;

use rayon::prelude::*;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, RTreeObject, AABB};

use super::clip::{clip_to_rect, densify, rect_ring, ring_area, ring_centroid};
use super::lattice::{bounds_of, LatticeLayout, LatticeMap, MAX_STEP_M};
use super::Reproject;
use crate::model::footprint::Footprint;

/// Side of the cells footprints are grouped by, metres.
const CELL_M: f64 = 100_000.0;
/// Footprints wider or taller than this are not compared (no patch is;
/// such a footprint comes from a broken geotransform), metres.
const MAX_FOOTPRINT_M: f64 = 200_000.0;
/// At most this many pairs are reported with a footprint as the first of
/// the pair, and at most `MAX_CANDIDATES` R-tree hits are examined for it:
/// a sound dataset has fewer than a dozen of either (a patch meets the 8
/// around it in its tile and a few of each neighbouring tile); thousands
/// of patches stacked on one place (a writer that gave every raster the
/// same geotransform) must not make the pass quadratic.
pub const MAX_PARTNERS: usize = 32;
const MAX_CANDIDATES: usize = 4096;
/// Longest outline edge reprojected without intermediate points, metres.
const EDGE_M: f64 = 640.0;

/// Which pairs are measured, and where areas are measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OverlapSettings {
    /// Pairs sharing this area or less are not measured, m².
    pub tolerance_m2: f64,
    /// Equal-area CRS in which areas are measured (EPSG code).
    pub equal_area_epsg: u32,
}

/// Two footprints sharing ground.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Overlap {
    /// Indices into the footprints given, `a < b`.
    pub a: usize,
    pub b: usize,
    /// Area of the shared ground, m², in the equal-area CRS.
    pub area_m2: f64,
    /// CRS of `ring` (the CRS of footprint `a` or `b`).
    pub epsg: u32,
    /// The overlap polygon, closed (last point = first).
    pub ring: Vec<[f64; 2]>,
    /// The area of the symmetric difference of the two footprints, m², in
    /// the equal-area CRS; measured only when the overlap covers at least
    /// 98 % of the smaller footprint's plane area (the two then differ by
    /// at least 2 % of it otherwise).
    pub difference_m2: Option<f64>,
}

/// The pass's outcome.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OverlapOutcome {
    /// Sorted by `(a, b)`.
    pub overlaps: Vec<Overlap>,
    /// Footprints that could not be placed in the equal-area CRS (not
    /// finite, empty, wider than 200 km, or outside the CRS's domain): not
    /// compared. When every footprint is in one CRS, only the footprints
    /// near one that shares their ground are placed (step 2 above), so one
    /// outside the CRS's domain that meets none is not listed.
    pub unplaced: Vec<usize>,
}

type Entry = GeomWithData<Rectangle<[f64; 2]>, u32>;

struct Group {
    epsg: u32,
    members: Vec<u32>,
    bounds: [f64; 4],
    tree: RTree<Entry>,
    to_equal_area: LatticeMap,
}

/// Finds every pair of `footprints` that overlap by more than
/// `settings.tolerance_m2`.
///
/// ```
/// use multisenge::io::formats::reproject::GdalReprojector;
/// use multisenge::model::footprint::Footprint;
/// use multisenge::spatial::overlap::{find_overlaps, OverlapSettings};
/// let square = |x: f64, y: f64| Footprint {
///     epsg: 32631, min_x: x, min_y: y, max_x: x + 2560.0, max_y: y + 2560.0,
/// };
/// let fps = [square(700_000.0, 5_490_000.0), square(702_550.0, 5_490_000.0),
///            square(710_000.0, 5_490_000.0)];
/// let settings = OverlapSettings { tolerance_m2: 10.0, equal_area_epsg: 3035 };
/// let found = find_overlaps(&fps, &settings, &GdalReprojector).overlaps;
/// assert_eq!(found.len(), 1);
/// assert_eq!((found[0].a, found[0].b), (0, 1));
/// // 10 m × 2560 m, as measured in EPSG:3035 (UTM scale error ≈ 0.1 %).
/// assert!((found[0].area_m2 - 25_600.0).abs() < 50.0);
/// ```
pub fn find_overlaps(
    footprints: &[Footprint],
    settings: &OverlapSettings,
    reproject: &dyn Reproject,
) -> OverlapOutcome {
    let mut unplaced = Vec::new();
    let mut cells: HashMap<(u32, i64, i64), Vec<u32>> = HashMap::new();
    for (i, f) in footprints.iter().enumerate() {
        let coords = [f.min_x, f.min_y, f.max_x, f.max_y];
        let (width, height) = (f.max_x - f.min_x, f.max_y - f.min_y);
        let bad = coords.iter().any(|v| !v.is_finite() || v.abs() > 1e9);
        if bad
            || !(width > 0.0
                && width <= MAX_FOOTPRINT_M
                && height > 0.0
                && height <= MAX_FOOTPRINT_M)
        {
            unplaced.push(i);
            continue;
        }
        let cell = (
            f.epsg,
            (f.min_x / CELL_M).floor() as i64,
            (f.max_y / CELL_M).floor() as i64,
        );
        cells.entry(cell).or_default().push(i as u32);
    }
    let mut cells: Vec<_> = cells.into_iter().collect();
    cells.sort_unstable_by_key(|(k, _)| *k);

    // PROJ is only called from this thread: building a transformation
    // costs 25–40 ms, and each thread would build its own.
    let built: Vec<Indexed> = cells
        .into_par_iter()
        .map(|((epsg, _, _), members)| {
            let (bounds, tree) = index_group(footprints, &members);
            (epsg, members, bounds, tree)
        })
        .collect();
    let single_crs = built.windows(2).all(|w| w[0].0 == w[1].0);
    let (groups, pairs) = if single_crs {
        plan_in_one_crs(footprints, built, settings, reproject, &mut unplaced)
    } else {
        plan_across_crs(built, settings, reproject, &mut unplaced)
    };
    unplaced.sort_unstable();

    let cx = PassContext {
        footprints,
        settings,
    };
    // Across CRS, the reprojections first (this thread), then the pure work.
    let work: Vec<(usize, usize, Option<CrossPrep>)> = pairs
        .into_iter()
        .filter_map(|(g, h)| {
            if groups[g].epsg == groups[h].epsg {
                Some((g, h, None))
            } else {
                // A pair that cannot be reprojected cannot overlap either.
                let prep = cx
                    .prepare_across(&groups[g], &groups[h], reproject)
                    .ok()??;
                Some((g, h, Some(prep)))
            }
        })
        .collect();
    let mut overlaps: Vec<Overlap> = work
        .into_par_iter()
        .flat_map_iter(|(g, h, prep)| match prep {
            None => cx.same_crs(&groups[g], &groups[h], g == h),
            Some(prep) => cx.across_crs(&groups[g], &groups[h], &prep),
        })
        .collect();
    overlaps.sort_unstable_by_key(|o| (o.a, o.b));
    OverlapOutcome { overlaps, unplaced }
}

type Indexed = (u32, Vec<u32>, [f64; 4], RTree<Entry>);

/// Groups in several CRS: every group is placed in the equal-area CRS (one
/// lattice each), and the pairs of groups whose extents meet there (with a
/// margin for the lattice's millimetres) are compared.
fn plan_across_crs(
    built: Vec<Indexed>,
    settings: &OverlapSettings,
    reproject: &dyn Reproject,
    unplaced: &mut Vec<usize>,
) -> (Vec<Group>, Vec<(usize, usize)>) {
    let mut groups = Vec::with_capacity(built.len());
    for indexed in built {
        match place_group(indexed, settings, reproject) {
            Ok(group) => groups.push(group),
            Err(members) => unplaced.extend(members.into_iter().map(|i| i as usize)),
        }
    }
    let extents: Vec<[f64; 4]> = groups
        .iter()
        .map(|g| g.to_equal_area.image_bounds())
        .collect();
    let pairs = meeting_extents(&extents);
    (groups, pairs)
}

/// Groups all in one CRS: pairs of groups come from their extents in that
/// CRS, and only the groups of pairs where two footprints share ground are
/// placed in the equal-area CRS, to measure areas. A dataset without
/// overlaps in one UTM zone calls PROJ not at all (building a
/// transformation costs 25–40 ms, more than the whole pass on 8 157
/// footprints; docs/performance.md, issue 8).
fn plan_in_one_crs(
    footprints: &[Footprint],
    built: Vec<Indexed>,
    settings: &OverlapSettings,
    reproject: &dyn Reproject,
    unplaced: &mut Vec<usize>,
) -> (Vec<Group>, Vec<(usize, usize)>) {
    let extents: Vec<[f64; 4]> = built.iter().map(|b| b.2).collect();
    let meeting: Vec<(usize, usize)> = meeting_extents(&extents)
        .into_par_iter()
        .filter(|&(g, h)| share_ground(footprints, &built[g], &built[h], g == h))
        .collect();
    let mut needed: Vec<usize> = meeting.iter().flat_map(|&(g, h)| [g, h]).collect();
    needed.sort_unstable();
    needed.dedup();
    let mut slots: Vec<Option<Indexed>> = built.into_iter().map(Some).collect();
    let mut renumbered = vec![None; slots.len()];
    let mut groups = Vec::with_capacity(needed.len());
    for k in needed {
        let Some(indexed) = slots[k].take() else {
            continue;
        };
        match place_group(indexed, settings, reproject) {
            Ok(group) => {
                renumbered[k] = Some(groups.len());
                groups.push(group);
            }
            Err(members) => unplaced.extend(members.into_iter().map(|i| i as usize)),
        }
    }
    let pairs = meeting
        .into_iter()
        .filter_map(|(g, h)| Some((renumbered[g]?, renumbered[h]?)))
        .collect();
    (groups, pairs)
}

/// A group placed in the equal-area CRS (its lattice built), or its members
/// when it cannot be.
fn place_group(
    (epsg, members, bounds, tree): Indexed,
    settings: &OverlapSettings,
    reproject: &dyn Reproject,
) -> Result<Group, Vec<u32>> {
    match lattice(reproject, epsg, settings.equal_area_epsg, bounds) {
        Ok(to_equal_area) => Ok(Group {
            epsg,
            members,
            bounds,
            tree,
            to_equal_area,
        }),
        Err(_) => Err(members),
    }
}

/// Pairs `(g, h)`, `g <= h`, of extents (min x, min y, max x, max y) that
/// meet with a 10 m margin, sorted.
fn meeting_extents(extents: &[[f64; 4]]) -> Vec<(usize, usize)> {
    let m = 10.0;
    let boxes: Vec<GeomWithData<Rectangle<[f64; 2]>, usize>> = extents
        .iter()
        .enumerate()
        .map(|(k, b)| {
            GeomWithData::new(
                Rectangle::from_corners([b[0] - m, b[1] - m], [b[2] + m, b[3] + m]),
                k,
            )
        })
        .collect();
    let tree = RTree::bulk_load(boxes.clone());
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for e in &boxes {
        for other in tree.locate_in_envelope_intersecting(&e.geom().envelope()) {
            if other.data >= e.data {
                pairs.push((e.data, other.data));
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

/// Whether a footprint of group `g` and one of group `h` (another one when
/// `g` is `h`) share ground of positive area: the condition for
/// [`PassContext::same_crs`] to measure anything.
fn share_ground(footprints: &[Footprint], g: &Indexed, h: &Indexed, same_group: bool) -> bool {
    g.1.iter().any(|&i| {
        let fi = &footprints[i as usize];
        h.3.locate_in_envelope_intersecting(&rectangle(fi).envelope())
            .any(|hit| {
                let j = hit.data;
                let fj = &footprints[j as usize];
                !(same_group && j <= i)
                    && fi.max_x.min(fj.max_x) > fi.min_x.max(fj.min_x)
                    && fi.max_y.min(fj.max_y) > fi.min_y.max(fj.min_y)
            })
    })
}

/// A group's extent and R-tree.
fn index_group(footprints: &[Footprint], members: &[u32]) -> ([f64; 4], RTree<Entry>) {
    let entries: Vec<Entry> = members
        .iter()
        .map(|&i| GeomWithData::new(rectangle(&footprints[i as usize]), i))
        .collect();
    let bounds = bounds_of_members(footprints, members);
    (bounds, RTree::bulk_load(entries))
}

fn bounds_of_members(footprints: &[Footprint], members: &[u32]) -> [f64; 4] {
    members.iter().fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |b, &i| {
            let f = &footprints[i as usize];
            [
                b[0].min(f.min_x),
                b[1].min(f.min_y),
                b[2].max(f.max_x),
                b[3].max(f.max_y),
            ]
        },
    )
}

fn lattice(
    reproject: &dyn Reproject,
    from: u32,
    to: u32,
    bounds: [f64; 4],
) -> Result<LatticeMap, super::SpatialError> {
    let layout = LatticeLayout::covering(bounds, MAX_STEP_M);
    let mut images = layout.nodes();
    reproject.reproject(from, to, &mut images)?;
    Ok(LatticeMap::new(layout, images))
}

fn rectangle(f: &Footprint) -> Rectangle<[f64; 2]> {
    Rectangle::from_corners([f.min_x, f.min_y], [f.max_x, f.max_y])
}

fn plane_area(f: &Footprint) -> f64 {
    (f.max_x - f.min_x) * (f.max_y - f.min_y)
}

fn rect(f: &Footprint) -> [f64; 4] {
    [f.min_x, f.min_y, f.max_x, f.max_y]
}

struct PassContext<'a> {
    footprints: &'a [Footprint],
    settings: &'a OverlapSettings,
}

/// What the comparison of two groups in different CRS needs from PROJ.
struct CrossPrep {
    /// Footprints of `h` inside `g`'s extent.
    in_h: Vec<u32>,
    /// `h`'s CRS → `g`'s, over the extent of `in_h`.
    h_to_g: LatticeMap,
}

impl PassContext<'_> {
    /// Area of a plane polygon (open ring in `group`'s CRS) in the
    /// equal-area CRS: its plane area times the map's area scale at its
    /// centroid.
    fn area(&self, group: &Group, ring: &[[f64; 2]]) -> f64 {
        let plane = ring_area(ring);
        if plane == 0.0 {
            return 0.0;
        }
        plane * group.to_equal_area.area_scale(ring_centroid(ring))
    }

    /// Builds the overlap of footprints `i` and `j` from its polygon in the
    /// CRS of `group`, or nothing when it is within the tolerance.
    #[allow(clippy::too_many_arguments)]
    fn overlap(
        &self,
        i: u32,
        j: u32,
        group: &Group,
        ring: Vec<[f64; 2]>,
        (plane_i, plane_j): (f64, f64),
        area_i: impl FnOnce() -> f64,
        area_j: impl FnOnce() -> f64,
    ) -> Option<Overlap> {
        let tolerance = self.settings.tolerance_m2;
        let area = self.area(group, &ring);
        if area <= tolerance {
            return None;
        }
        // Only near-complete overlaps are of interest (areas differ from
        // their plane values by well under 1 %).
        let plane = ring_area(&ring);
        let difference_m2 =
            (plane >= 0.98 * plane_i.min(plane_j)).then(|| area_i() + area_j() - 2.0 * area);
        let mut ring = ring;
        ring.push(ring[0]);
        Some(Overlap {
            a: i.min(j) as usize,
            b: i.max(j) as usize,
            area_m2: area,
            epsg: group.epsg,
            ring,
            difference_m2,
        })
    }

    fn same_crs(&self, g: &Group, h: &Group, same_group: bool) -> Vec<Overlap> {
        let mut found = Vec::new();
        for &i in &g.members {
            let fi = &self.footprints[i as usize];
            let first = found.len();
            for hit in h
                .tree
                .locate_in_envelope_intersecting(&rectangle(fi).envelope())
                .take(MAX_CANDIDATES)
            {
                if found.len() - first >= MAX_PARTNERS {
                    break;
                }
                let j = hit.data;
                if same_group && j <= i {
                    continue;
                }
                let fj = &self.footprints[j as usize];
                let r = [
                    fi.min_x.max(fj.min_x),
                    fi.min_y.max(fj.min_y),
                    fi.max_x.min(fj.max_x),
                    fi.max_y.min(fj.max_y),
                ];
                if r[2] <= r[0] || r[3] <= r[1] {
                    continue;
                }
                let area_i = || self.area(g, &rect_ring(rect(fi)));
                let area_j = || self.area(h, &rect_ring(rect(fj)));
                let planes = (plane_area(fi), plane_area(fj));
                found.extend(self.overlap(i, j, g, rect_ring(r), planes, area_i, area_j));
            }
        }
        found
    }

    /// The candidates of `h` for `g` and the lattice that maps them; `None`
    /// when the groups' extents do not meet.
    fn prepare_across(
        &self,
        g: &Group,
        h: &Group,
        reproject: &dyn Reproject,
    ) -> Result<Option<CrossPrep>, super::SpatialError> {
        let candidates = |of: &Group, other: &Group| -> Result<Vec<u32>, super::SpatialError> {
            let mut outline = densify(&rect_ring(other.bounds), EDGE_M * 8.0);
            reproject.reproject(other.epsg, of.epsg, &mut outline)?;
            let b = bounds_of(&outline);
            let envelope =
                AABB::from_corners([b[0] - 10.0, b[1] - 10.0], [b[2] + 10.0, b[3] + 10.0]);
            Ok(of
                .tree
                .locate_in_envelope_intersecting(&envelope)
                .map(|e| e.data)
                .collect())
        };
        if candidates(g, h)?.is_empty() {
            return Ok(None);
        }
        let in_h = candidates(h, g)?;
        if in_h.is_empty() {
            return Ok(None);
        }
        let h_bounds = bounds_of_members(self.footprints, &in_h);
        let h_to_g = lattice(reproject, h.epsg, g.epsg, h_bounds)?;
        Ok(Some(CrossPrep { in_h, h_to_g }))
    }

    /// Footprints of `g` and `h`, in different CRS: `h`'s outlines are
    /// mapped into `g`'s CRS and clipped by `g`'s rectangles.
    fn across_crs(&self, g: &Group, h: &Group, prep: &CrossPrep) -> Vec<Overlap> {
        let (in_h, h_to_g) = (&prep.in_h, &prep.h_to_g);
        let mut found = Vec::new();
        for &j in in_h {
            let fj = &self.footprints[j as usize];
            let outline: Vec<[f64; 2]> = densify(&rect_ring(rect(fj)), EDGE_M)
                .into_iter()
                .map(|p| h_to_g.map(p))
                .collect();
            let b = bounds_of(&outline);
            let envelope = AABB::from_corners([b[0], b[1]], [b[2], b[3]]);
            let first = found.len();
            for hit in g
                .tree
                .locate_in_envelope_intersecting(&envelope)
                .take(MAX_CANDIDATES)
            {
                if found.len() - first >= MAX_PARTNERS {
                    break;
                }
                let i = hit.data;
                let fi = &self.footprints[i as usize];
                let part = clip_to_rect(&outline, rect(fi));
                if part.is_empty() {
                    continue;
                }
                let area_i = || self.area(g, &rect_ring(rect(fi)));
                let area_j = || self.area(h, &rect_ring(rect(fj)));
                let planes = (plane_area(fi), plane_area(fj));
                found.extend(self.overlap(i, j, g, part, planes, area_i, area_j));
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::formats::reproject::GdalReprojector;
    use crate::model::grid::TilingGrid;
    use crate::model::{PatchKey, TileCode};

    const SETTINGS: OverlapSettings = OverlapSettings {
        tolerance_m2: 10.0,
        equal_area_epsg: 3035,
    };

    fn patch(tile: &str, x: u32, y: u32) -> Footprint {
        let key = PatchKey {
            tile: TileCode::parse(tile).unwrap(),
            x,
            y,
        };
        Footprint::of_window(TilingGrid::official(), &key, 0, 0, 256, 256).unwrap()
    }

    /// Every pair by brute force, same CRS only: the rectangle intersection.
    fn brute_force(fps: &[Footprint]) -> Vec<(usize, usize)> {
        let mut pairs = Vec::new();
        for i in 0..fps.len() {
            for j in i + 1..fps.len() {
                let (a, b) = (&fps[i], &fps[j]);
                let w = a.max_x.min(b.max_x) - a.min_x.max(b.min_x);
                let h = a.max_y.min(b.max_y) - a.min_y.max(b.min_y);
                if a.epsg == b.epsg && w > 0.0 && h > 0.0 && w * h > 12.0 {
                    pairs.push((i, j));
                }
            }
        }
        pairs
    }

    #[test]
    fn same_zone_pairs_match_brute_force() {
        // Patches of four neighbouring tiles of zone 31 on a coarse grid, so
        // the 9.8 km strips shared by the tiles hold overlaps, plus shifted
        // copies (slivers, partial and full overlaps).
        let mut fps = Vec::new();
        for tile in ["31UFQ", "31UGQ", "31UFR", "31UGR"] {
            for x in (0..10_980 - 256).step_by(257 * 2) {
                for y in (0..10_980 - 256).step_by(257 * 3) {
                    fps.push(patch(tile, x, y));
                }
            }
        }
        let n = fps.len();
        for (k, shift) in [(3, 2550.0), (10, 1280.0), (17, 0.0), (25, 10.0)] {
            let mut f = fps[k];
            f.min_x += shift;
            f.max_x += shift;
            fps.push(f);
        }
        let found = find_overlaps(&fps, &SETTINGS, &GdalReprojector);
        assert!(found.unplaced.is_empty());
        let pairs: Vec<(usize, usize)> = found.overlaps.iter().map(|o| (o.a, o.b)).collect();
        assert_eq!(pairs, brute_force(&fps));
        assert!(pairs.len() > 20, "{}", pairs.len());
        let duplicates: Vec<_> = found
            .overlaps
            .iter()
            .filter(|o| o.difference_m2.is_some_and(|d| d <= SETTINGS.tolerance_m2))
            .collect();
        assert_eq!(duplicates.len(), 1);
        assert_eq!((duplicates[0].a, duplicates[0].b), (17, n + 2));
    }

    #[test]
    fn across_zones_a_copy_on_the_same_ground_is_found() {
        // 32ULU_5140_5140 and the 31UGQ patch nearest to its ground.
        let target = patch("32ULU", 5140, 5140);
        let mut corner = [[target.min_x, target.max_y]];
        GdalReprojector
            .reproject(32632, 32631, &mut corner)
            .unwrap();
        let tile = TilingGrid::official()
            .get(&TileCode::parse("31UGQ").unwrap())
            .copied()
            .unwrap();
        let x = ((corner[0][0] - tile.ulx) / 10.0).round() as u32;
        let y = ((tile.uly - corner[0][1]) / 10.0).round() as u32;
        let copy = patch("31UGQ", x, y);
        let fps = [copy, target, patch("32ULU", 0, 0)];
        let found = find_overlaps(&fps, &SETTINGS, &GdalReprojector).overlaps;
        assert_eq!(found.len(), 1, "{found:?}");
        let o = &found[0];
        assert_eq!((o.a, o.b, o.epsg), (0, 1, 32631));
        // Rotated by the meridian convergence, so not a duplicate, but most
        // of the patch.
        assert!(o.difference_m2.map_or(true, |d| d > SETTINGS.tolerance_m2));
        assert!(o.area_m2 > 0.8 * 2560.0 * 2560.0, "{}", o.area_m2);
    }

    #[test]
    fn thousands_of_stacked_footprints_stay_linear() {
        let one = patch("31UGQ", 0, 0);
        let stack = vec![one; 2_000];
        let found = find_overlaps(&stack, &SETTINGS, &GdalReprojector).overlaps;
        assert!(found
            .iter()
            .all(|o| o.difference_m2.is_some_and(|d| d.abs() < 1e-3)));
        let mut per_first = std::collections::HashMap::new();
        for o in &found {
            *per_first.entry(o.a).or_insert(0usize) += 1;
        }
        assert!(per_first.values().all(|&n| n <= MAX_PARTNERS));
        assert!(found.len() <= MAX_PARTNERS * stack.len());
        // The first footprints have their full count of partners.
        assert_eq!(per_first.get(&0), Some(&MAX_PARTNERS));
    }

    #[test]
    fn bad_footprints_are_left_out() {
        let mut bad = patch("31UGQ", 0, 0);
        bad.max_x = f64::NAN;
        let mut empty = patch("31UGQ", 0, 0);
        empty.max_x = empty.min_x;
        let outside = Footprint {
            epsg: 32631,
            min_x: 1e300,
            min_y: 1e300,
            max_x: 2e300,
            max_y: 2e300,
        };
        let found = find_overlaps(&[bad, empty, outside], &SETTINGS, &GdalReprojector);
        assert_eq!(found.unplaced, vec![0, 1, 2]);
        assert!(found.overlaps.is_empty());
    }
}
