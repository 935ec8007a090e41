//! Step 2: remove per-class connected regions smaller than the minimum
//! mapping unit.
//!
//! Semantics:
//!
//! * A region is a maximal set of pixels of one class (value ≥ 1) connected
//!   through their 4 edge neighbours ([`Connectivity::Four`]) or their 8 edge
//!   and corner neighbours ([`Connectivity::Eight`], the default, as the
//!   validator's MMU rule).
//! * A region with **fewer than** `min_pixels` pixels becomes empty (0); a
//!   region of exactly `min_pixels` is kept. The default MMU is 250 pixels
//!   (2.5 ha at 10 m); `hectares_to_pixels` converts.
//! * Classes in `exempt` (class 5 by default) are never removed.
//! * Regions touching the raster border are treated like any other (the
//!   tile border is the edge of the data, not a cut through a region).
//! * Empty pixels are not a class and are left alone; so are pixels outside
//!   the source's coverage ([`OUTSIDE`], see [`super::coverage`]).
//!
//! Regions are labelled on runs of equal pixels with a union-find (each
//! pixel read once, one entry per run).
//!
//! ```
//! use multisenge::generalize::Raster;
//! use multisenge::generalize::remove_small_regions::{remove_small_regions, Connectivity};
//!
//! let r = Raster::from_rows(&[
//!     &[6, 6, 6, 9],
//!     &[6, 6, 6, 6],
//!     &[9, 6, 6, 6],
//! ]);
//! // The two lone 9s are regions of 1 pixel; the 6 region has 10.
//! let (out, stats) = remove_small_regions(&r, 2, Connectivity::Eight, &[5]);
//! assert_eq!(out.data, vec![6, 6, 6, 0,  6, 6, 6, 6,  0, 6, 6, 6]);
//! assert_eq!(stats.removed_regions, 2);
//! ```

use super::{Raster, EMPTY, OUTSIDE};

use crate::raster::regions::{encode_runs, label_runs, Runs};
pub use crate::raster::Connectivity;

/// What the step removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RemovalStats {
    pub regions: u64,
    pub removed_regions: u64,
    pub removed_pixels: u64,
}

/// Pixels in `hectares` at `pixel_size` metres (rounded up: a region must
/// cover at least that area).
pub fn hectares_to_pixels(hectares: f64, pixel_size: f64) -> usize {
    (hectares * 10_000.0 / (pixel_size * pixel_size) - 1e-9)
        .ceil()
        .max(0.0) as usize
}

/// Returns a copy of `raster` without the small regions, and what was removed.
pub fn remove_small_regions(
    raster: &Raster,
    min_pixels: usize,
    connectivity: Connectivity,
    exempt: &[u8],
) -> (Raster, RemovalStats) {
    let mut out = raster.clone();
    let stats = remove_small_regions_in_place(&mut out, min_pixels, connectivity, exempt);
    (out, stats)
}

/// Runs of equal non-empty pixels of every row, and their regions.
struct RunRegions {
    runs: Runs,
    /// Region (root run) of every run.
    root: Vec<u32>,
    /// Pixels of every region, indexed by root run.
    size: Vec<u32>,
}

/// Regions found on runs ([`crate::raster::regions`]): rows encoded in
/// parallel (a tile has 10 980 of them), runs of one class joined.
fn run_regions(raster: &Raster, connectivity: Connectivity) -> RunRegions {
    let runs = encode_runs(
        &raster.data,
        raster.width,
        |v| v != EMPTY && v != OUTSIDE,
        true,
    );
    let r = &runs.runs;
    let root = label_runs(&runs, connectivity, |i, j| r[i].class == r[j].class);
    let mut size = vec![0u32; r.len()];
    for (run, &root) in r.iter().zip(&root) {
        size[root as usize] += run.end - run.start;
    }
    RunRegions { runs, root, size }
}

/// [`remove_small_regions`], overwriting its input (saves a copy of a full tile).
pub fn remove_small_regions_in_place(
    raster: &mut Raster,
    min_pixels: usize,
    connectivity: Connectivity,
    exempt: &[u8],
) -> RemovalStats {
    let (w, h) = (raster.width, raster.height);
    let mut stats = RemovalStats::default();
    if w == 0 || h == 0 {
        return stats;
    }
    let mut exempt_set = [false; 256];
    for &c in exempt {
        exempt_set[c as usize] = true;
    }
    let rr = run_regions(raster, connectivity);
    stats.regions = rr
        .root
        .iter()
        .enumerate()
        .filter(|&(i, &r)| r == i as u32)
        .count() as u64;
    for (y, idx, run) in rr.runs.iter() {
        let (y, s, e, v) = (y as usize, run.start, run.end, run.class);
        let root = rr.root[idx];
        if !exempt_set[v as usize] && (rr.size[root as usize] as usize) < min_pixels {
            raster.data[y * w + s as usize..y * w + e as usize].fill(EMPTY);
            stats.removed_pixels += u64::from(e - s);
            if root == idx as u32 {
                stats.removed_regions += 1;
            }
        }
    }
    stats
}

/// The final MMU pass: every region smaller than `min_pixels` whose class is
/// not `network` is **merged** into the neighbouring class it shares the
/// most boundary with (pairs of `connectivity`-adjacent pixels), ties to the
/// lowest class value, the network class, empty pixels and pixels outside
/// the source's coverage ([`OUTSIDE`]) excluded. A small
/// region whose only neighbours are network pixels (a field enclosed by
/// roads, e.g. inside an interchange) becomes network, as the "associated
/// land" of the network. A region with no neighbour at all is left alone.
/// Regions are processed in scan order and merges are visible to the next
/// ones; passes repeat until nothing changes or `max_passes` is reached.
/// Returns the number of regions merged.
///
/// ```
/// use multisenge::generalize::Raster;
/// use multisenge::generalize::remove_small_regions::{merge_small_regions, Connectivity};
///
/// let r = Raster::from_rows(&[
///     &[6, 6, 5, 9, 9],
///     &[6, 6, 5, 2, 9],
///     &[6, 6, 5, 9, 9],
/// ]);
/// let (out, merged) = merge_small_regions(&r, 2, Connectivity::Eight, 5, 3);
/// assert_eq!(out.get(3, 1), 9);
/// assert_eq!(merged, 1);
/// ```
pub fn merge_small_regions(
    raster: &Raster,
    min_pixels: usize,
    connectivity: Connectivity,
    network: u8,
    max_passes: usize,
) -> (Raster, u64) {
    let mut out = raster.clone();
    let (w, h) = (raster.width, raster.height);
    let mut merged = 0u64;
    if w == 0 || h == 0 || min_pixels <= 1 || max_passes == 0 {
        return (out, 0);
    }
    let eight = connectivity == Connectivity::Eight;
    let mut stack: Vec<u32> = Vec::new();
    let mut members: Vec<u32> = Vec::with_capacity(min_pixels);
    let mut touched: Vec<u32> = Vec::new();
    let mut current = vec![0u64; (w * h).div_ceil(64)];
    // The first pass starts from one pixel of every small region (found on
    // runs); later passes only from pixels next to a merge.
    let rr = run_regions(raster, connectivity);
    let mut first: Vec<u32> = Vec::new();
    for (y, idx, run) in rr.runs.iter() {
        let (y, s, v) = (y as usize, run.start, run.class);
        if rr.root[idx] == idx as u32 && v != network && (rr.size[idx] as usize) < min_pixels {
            first.push((y * w + s as usize) as u32);
        }
    }
    drop(rr);
    let mut starts: Option<Vec<u32>> = Some(first);
    for _ in 0..max_passes {
        let mut changed = 0u64;
        let mut visited = vec![0u64; (w * h).div_ceil(64)];
        let mut next_starts: Vec<u32> = Vec::new();
        let data = &mut out.data;
        let all = starts.is_none();
        let candidates = starts.take().unwrap_or_default();
        let count = if all { w * h } else { candidates.len() };
        for n in 0..count {
            let start = if all { n } else { candidates[n] as usize };
            let class = data[start];
            if class == EMPTY
                || class == OUTSIDE
                || class == network
                || visited[start >> 6] & (1 << (start & 63)) != 0
            {
                continue;
            }
            visited[start >> 6] |= 1 << (start & 63);
            current[start >> 6] |= 1 << (start & 63);
            members.clear();
            touched.clear();
            touched.push(start as u32);
            let mut size = 0usize;
            let mut big = false;
            let mut border = [0u32; 256];
            stack.push(start as u32);
            'fill: while let Some(i) = stack.pop() {
                let i = i as usize;
                size += 1;
                members.push(i as u32);
                let (x, y) = (i % w, i / w);
                for ny in y.saturating_sub(1)..=(y + 1).min(h - 1) {
                    for nx in x.saturating_sub(1)..=(x + 1).min(w - 1) {
                        if (!eight && nx != x && ny != y) || (nx == x && ny == y) {
                            continue;
                        }
                        let j = ny * w + nx;
                        let v = data[j];
                        let bit = 1u64 << (j & 63);
                        if v == class {
                            if visited[j >> 6] & bit == 0 {
                                visited[j >> 6] |= bit;
                                current[j >> 6] |= bit;
                                touched.push(j as u32);
                                stack.push(j as u32);
                            } else if current[j >> 6] & bit == 0 {
                                // Seen by an earlier, cut-short walk of this
                                // same region: the region is large.
                                big = true;
                            }
                        } else {
                            border[v as usize] += 1;
                        }
                    }
                }
                if big || size + stack.len() >= min_pixels {
                    // Large enough: no need to see the rest of the region.
                    big = true;
                    stack.clear();
                    break 'fill;
                }
            }
            for &t in &touched {
                current[t as usize >> 6] &= !(1u64 << (t & 63));
            }
            if big {
                continue;
            }
            if size >= min_pixels {
                continue;
            }
            let mut best = EMPTY;
            for c in 1..OUTSIDE as usize {
                if c as u8 != network
                    && border[c] > 0
                    && (best == EMPTY || border[c] > border[best as usize])
                {
                    best = c as u8;
                }
            }
            if best == EMPTY && border[network as usize] > 0 {
                best = network;
            }
            if best != EMPTY {
                for &m in &members {
                    data[m as usize] = best;
                    // Now part of a region of `best`, not yet walked as such.
                    visited[m as usize >> 6] &= !(1u64 << (m & 63));
                    let (x, y) = (m as usize % w, m as usize / w);
                    for ny in y.saturating_sub(1)..=(y + 1).min(h - 1) {
                        for nx in x.saturating_sub(1)..=(x + 1).min(w - 1) {
                            next_starts.push((ny * w + nx) as u32);
                        }
                    }
                }
                changed += 1;
            }
        }
        merged += changed;
        if changed == 0 {
            break;
        }
        next_starts.sort_unstable();
        next_starts.dedup();
        starts = Some(next_starts);
    }
    (out, merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Oracle: union-find over all pixels, sizes counted afterwards.
    fn oracle(r: &Raster, min: usize, eight: bool, exempt: &[u8]) -> Raster {
        let (w, h) = (r.width, r.height);
        let mut parent: Vec<usize> = (0..w * h).collect();
        fn find(p: &mut [usize], mut i: usize) -> usize {
            while p[i] != i {
                p[i] = p[p[i]];
                i = p[i];
            }
            i
        }
        for y in 0..h {
            for x in 0..w {
                let i = y * w + x;
                let mut nbrs = vec![];
                if x + 1 < w {
                    nbrs.push(i + 1);
                }
                if y + 1 < h {
                    nbrs.push(i + w);
                    if eight && x + 1 < w {
                        nbrs.push(i + w + 1);
                    }
                    if eight && x > 0 {
                        nbrs.push(i + w - 1);
                    }
                }
                for j in nbrs {
                    if r.data[i] == r.data[j] {
                        let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                        parent[a] = b;
                    }
                }
            }
        }
        let mut size = vec![0usize; w * h];
        for i in 0..w * h {
            let root = find(&mut parent, i);
            size[root] += 1;
        }
        let mut out = r.clone();
        for i in 0..w * h {
            let root = find(&mut parent, i);
            if r.data[i] != 0 && !exempt.contains(&r.data[i]) && size[root] < min {
                out.data[i] = 0;
            }
        }
        out
    }

    fn noise(w: usize, h: usize, seed: u64, classes: u64) -> Raster {
        let mut s = seed;
        let mut data = Vec::with_capacity(w * h);
        for _ in 0..w * h {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            data.push((s % classes) as u8);
        }
        Raster {
            width: w,
            height: h,
            data,
        }
    }

    #[test]
    fn agrees_with_union_find_oracle() {
        for (seed, classes) in [(1, 2), (7, 3), (99, 5)] {
            let r = noise(61, 47, seed, classes);
            for eight in [false, true] {
                let conn = if eight {
                    Connectivity::Eight
                } else {
                    Connectivity::Four
                };
                for min in [1, 2, 5, 30] {
                    let (got, _) = remove_small_regions(&r, min, conn, &[3]);
                    assert_eq!(
                        got,
                        oracle(&r, min, eight, &[3]),
                        "seed {seed} min {min} eight {eight}"
                    );
                }
            }
        }
    }

    /// Pixels outside the coverage are not a class: never removed, never
    /// merged, never merged into, even when they are the larger neighbour.
    #[test]
    fn outside_pixels_are_not_a_class() {
        const X: u8 = OUTSIDE;
        let r = Raster::from_rows(&[&[6, 6, X, X], &[6, X, 9, X], &[6, 6, X, 6]]);
        let (sieved, stats) = remove_small_regions(&r, 3, Connectivity::Eight, &[]);
        assert_eq!(
            sieved.data,
            vec![6, 6, X, X, 6, X, 0, X, 6, 6, X, 0],
            "the 9 and the lone 6 go, the outside stays"
        );
        assert_eq!(stats.removed_regions, 2);
        let (merged, n) = merge_small_regions(&r, 3, Connectivity::Eight, 5, 3);
        assert_eq!(merged.get(2, 1), 6, "into the class, not the outside");
        assert_eq!(merged.get(3, 2), 6, "into the 9 turned 6, then the 6");
        assert!(n >= 1);
        assert_eq!(merged.histogram()[X as usize], r.histogram()[X as usize]);
        // A small region with only the outside around it stays.
        let alone = Raster::from_rows(&[&[X, X, X], &[X, 9, X], &[X, X, X]]);
        assert_eq!(
            merge_small_regions(&alone, 3, Connectivity::Eight, 5, 3).0,
            alone
        );
    }

    #[test]
    fn diagonal_neighbours_join_only_with_eight() {
        let r = Raster::from_rows(&[&[1, 0], &[0, 1]]);
        assert_eq!(remove_small_regions(&r, 2, Connectivity::Eight, &[]).0, r);
        assert_eq!(
            remove_small_regions(&r, 2, Connectivity::Four, &[]).0.data,
            vec![0; 4]
        );
    }

    #[test]
    fn merge_leaves_no_small_region_and_road_enclosed_fields_become_network() {
        let mut s = 99u64;
        let mut data = vec![];
        for _ in 0..50 * 40 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            data.push((s % 4 + 1) as u8);
        }
        let r = Raster {
            width: 50,
            height: 40,
            data,
        };
        let (out, _) = merge_small_regions(&r, 6, Connectivity::Eight, 5, 50);
        let check = oracle(&out, 6, true, &[5]);
        assert_eq!(check, out, "a region below the MMU is left");
        let enclosed = Raster::from_rows(&[&[5, 5, 5], &[5, 9, 5], &[5, 5, 5]]);
        assert_eq!(
            merge_small_regions(&enclosed, 2, Connectivity::Eight, 5, 3)
                .0
                .data,
            vec![5; 9]
        );
    }

    #[test]
    fn exactly_the_mmu_is_kept_and_exempt_class_stays() {
        let r = Raster::from_rows(&[&[2, 2, 5], &[0, 0, 0]]);
        let (out, stats) = remove_small_regions(&r, 2, Connectivity::Eight, &[5]);
        assert_eq!(out, r);
        assert_eq!(stats.removed_regions, 0);
        assert_eq!(hectares_to_pixels(2.5, 10.0), 250);
    }
}
