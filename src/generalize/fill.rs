//! Step 3: fill empty pixels by an inverse-distance-weighted vote of their
//! k nearest labelled pixels.
//!
//! Semantics:
//!
//! * A *labelled* pixel has a value ≥ 1 that is not in `ignore` (the final
//!   MMU pass ignores class 5 so roads do not spread) nor
//!   [`OUTSIDE`](super::OUTSIDE). Only empty (0) pixels change; labelled
//!   pixels and pixels outside the source's coverage are kept as they are:
//!   the step fills the holes inside the coverage, nothing beyond it (see
//!   [`super::coverage`]).
//! * Distance is Euclidean between pixel centres, in pixels.
//! * **k nearest**: the labelled pixels of the input (never pixels filled by
//!   this step, so the result does not depend on the visiting order) sorted
//!   by (distance, row, column), of which the first `k` are taken. They are
//!   searched in squares of growing radius up to `max_radius` pixels; when
//!   fewer than `k` lie within `max_radius`, those found vote.
//! * **Vote**: every neighbour adds `1 / distance^power` to its class; the
//!   largest sum wins. A tie goes to the tied class whose nearest member comes
//!   first in the (distance, row, column) order.
//! * Pixels with no labelled pixel within `max_radius` take, afterwards, the
//!   class of their nearest filled or labelled pixel by an 8-connected
//!   breadth-first propagation (chessboard distance; ties to the pixel
//!   queued first, in row-major order of the initial frontier), through
//!   empty pixels only. Hence no empty pixel is left where a labelled pixel
//!   can be reached through empty ones.
//! * Unless `propagation_limit` is set: then the propagation stops that many
//!   pixels (chessboard distance) beyond the vote's reach, and farther pixels
//!   stay empty.
//!
//! ```
//! use multisenge::generalize::Raster;
//! use multisenge::generalize::fill::{fill, FillParams};
//!
//! let r = Raster::from_rows(&[
//!     &[6, 6, 0, 9, 9],
//! ]);
//! let params = FillParams { k: 4, power: 1.0, max_radius: 8, ignore: vec![], propagation_limit: None };
//! let (out, stats) = fill(&r, &params);
//! // Two 6s and two 9s at distances 1 and 2 on each side: a tie, resolved
//! // towards the class of the nearest neighbour in (distance, row, column)
//! // order, i.e. the 6 at column 1.
//! assert_eq!(out.data, vec![6, 6, 6, 9, 9]);
//! assert_eq!(stats.filled_by_vote, 1);
//! ```

use rayon::prelude::*;

use super::{Raster, EMPTY, OUTSIDE};

mod distance;

use distance::capped_chessboard_distance;

/// Parameters of [`fill`].
#[derive(Clone, Debug, PartialEq)]
pub struct FillParams {
    /// Number of nearest labelled pixels voting (default 8).
    pub k: usize,
    /// Power of the inverse-distance weight (default 1).
    pub power: f64,
    /// Search radius of the vote, pixels (default 16; taken as at most
    /// 32 767).
    pub max_radius: usize,
    /// Classes that do not count as labelled (do not vote).
    pub ignore: Vec<u8>,
    /// How far the propagation may go beyond the vote's reach, pixels
    /// (chessboard distance); `None`: no limit (the default).
    pub propagation_limit: Option<usize>,
}

/// How the empty pixels were filled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FillStats {
    pub filled_by_vote: u64,
    pub filled_by_propagation: u64,
    pub left_empty: u64,
}

/// Returns a filled copy of `raster`.
pub fn fill(raster: &Raster, params: &FillParams) -> (Raster, FillStats) {
    fill_for(raster, params, None)
}

/// A window of pixels: columns `x0..x1`, rows `y0..y1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

impl Window {
    fn contains(&self, x: usize, y: usize) -> bool {
        (self.x0..self.x1).contains(&x) && (self.y0..self.y1).contains(&y)
    }
}

/// As [`fill`], when only the pixels of `needed` matter (a halo cropped
/// afterwards): the propagation stops as soon as every pixel of `needed`
/// is filled, so far pixels outside it may stay empty (`left_empty` counts
/// them). Inside `needed` the result is [`fill`]'s: the propagation visits
/// pixels in the same order and stops only after the last one there.
///
/// How: strips of rows are worked in parallel, each with its own
/// chessboard distance to the nearest labelled pixel, capped at the vote's
/// radius + 1 (exact up to the radius, which is all the vote and the
/// propagation read; computed on the strip and `radius + 1` rows on each
/// side, which hold every labelled pixel that near). The distance tells
/// where the ring search starts, which pixels it skips (farther than the
/// radius: they stay empty for the propagation), and the propagation's
/// initial frontier; then the breadth-first propagation runs alone.
/// `max_radius` is taken as at most 32 767 px.
pub fn fill_for(
    raster: &Raster,
    params: &FillParams,
    needed: Option<Window>,
) -> (Raster, FillStats) {
    let (w, h) = (raster.width, raster.height);
    let mut labelled = [true; 256];
    labelled[EMPTY as usize] = false;
    labelled[OUTSIDE as usize] = false;
    for &c in &params.ignore {
        labelled[c as usize] = false;
    }
    if w == 0 || h == 0 {
        return (raster.clone(), FillStats::default());
    }
    let radius = params.max_radius.min(MAX_RADIUS);
    let search = Search {
        src: &raster.data,
        w,
        h,
        labelled: &labelled,
        k: params.k.max(1),
        radius,
        weights: Weights::new(radius, params.power),
    };
    let mut data = vec![EMPTY; w * h];
    let rows = (8 * (radius + 1)).max(128);
    let strips: Vec<StripOutcome> = data
        .par_chunks_mut(rows * w)
        .enumerate()
        .map(|(s, chunk)| search.strip(s * rows, chunk, needed))
        .collect();
    let mut out = Raster {
        width: w,
        height: h,
        data,
    };
    let empty_count: u64 = strips.iter().map(|s| s.empty).sum();
    let voted: u64 = strips.iter().map(|s| s.voted).sum();
    let remaining = empty_count - voted;
    if remaining == 0 {
        return (
            out,
            FillStats {
                filled_by_vote: voted,
                ..Default::default()
            },
        );
    }
    // Pixels out of reach of the vote: propagate from everything labelled.
    // The frontier, in row-major order (the strips' in turn): labelled
    // pixels with an empty neighbour.
    let mut wanted: u64 = strips.iter().map(|s| s.wanted).sum();
    let mut queue: Vec<u32> = Vec::with_capacity(strips.iter().map(|s| s.frontier.len()).sum());
    for s in strips {
        queue.extend_from_slice(&s.frontier);
    }
    let limit = params.propagation_limit.unwrap_or(usize::MAX);
    let mut propagated = 0u64;
    let mut head = 0;
    // Pixels of layer `layer` fill their neighbours at distance layer + 1.
    let (mut layer, mut layer_end) = (0usize, queue.len());
    while head < queue.len() && wanted > 0 {
        if head == layer_end {
            layer += 1;
            layer_end = queue.len();
        }
        if layer >= limit {
            break;
        }
        let i = queue[head] as usize;
        head += 1;
        let class = out.data[i];
        let (x, y) = (i % w, i / w);
        for j in neighbours(x, y, w, h) {
            if out.data[j] == EMPTY {
                out.data[j] = class;
                propagated += 1;
                if needed.map_or(true, |win| win.contains(j % w, j / w)) {
                    wanted -= 1;
                }
                queue.push(j as u32);
            }
        }
    }
    let stats = FillStats {
        filled_by_vote: voted,
        filled_by_propagation: propagated,
        left_empty: remaining - propagated,
    };
    (out, stats)
}

/// The largest search radius [`fill_for`] works with (a candidate's
/// position in the square around a pixel takes 32 bits of its key).
const MAX_RADIUS: usize = 32_767;

/// What one strip of rows of [`fill_for`] found.
struct StripOutcome {
    /// Empty pixels of the input.
    empty: u64,
    /// Of which filled by the vote.
    voted: u64,
    /// Left empty by the vote, within the window that matters.
    wanted: u64,
    /// The propagation's initial frontier, row-major.
    frontier: Vec<u32>,
}

/// A candidate of the vote: (key, class); the keys order candidates as
/// (distance, row, column) does ([`Search::key`]).
type Candidate = (u64, u8);

/// The k-nearest vote over the input raster.
struct Search<'a> {
    src: &'a [u8],
    w: usize,
    h: usize,
    labelled: &'a [bool; 256],
    k: usize,
    radius: usize,
    weights: Weights,
}

impl Search<'_> {
    /// Fills `out`, rows `y0..` of the output, from the input: copies them,
    /// votes their empty pixels within reach, and lists the frontier.
    fn strip(&self, y0: usize, out: &mut [u8], needed: Option<Window>) -> StripOutcome {
        let (w, h, radius) = (self.w, self.h, self.radius);
        let y1 = y0 + out.len() / w;
        out.copy_from_slice(&self.src[y0 * w..y1 * w]);
        let mut outcome = StripOutcome {
            empty: 0,
            voted: 0,
            wanted: 0,
            frontier: Vec::new(),
        };
        // No empty pixel in the strip nor next to it (the frontier test
        // reads the rows on each side): nothing to fill, no frontier (the
        // common case outside the source's coverage).
        let near = &self.src[y0.saturating_sub(1) * w..(y1 + 1).min(h) * w];
        if !near.contains(&EMPTY) {
            return outcome;
        }
        // Distances of the strip's rows and of the row on each side (the
        // frontier test reads the neighbours').
        let da = y0.saturating_sub(1);
        let dist = capped_chessboard_distance(
            self.src,
            (w, h),
            self.labelled,
            radius + 1,
            da..(y1 + 1).min(h),
        );
        let d = |x: usize, y: usize| usize::from(dist[(y - da) * w + x]);
        let mut cands: Vec<Candidate> = Vec::with_capacity(self.k + 1);
        let mut sums: Vec<(u8, f64)> = Vec::with_capacity(self.k);
        for y in y0..y1 {
            let row = &mut out[(y - y0) * w..(y - y0 + 1) * w];
            for (x, v) in row.iter_mut().enumerate() {
                if *v != EMPTY {
                    continue;
                }
                outcome.empty += 1;
                let first = d(x, y);
                if first > radius {
                    if needed.map_or(true, |win| win.contains(x, y)) {
                        outcome.wanted += 1;
                    }
                    continue;
                }
                cands.clear();
                for r in first.max(1)..=radius {
                    self.push_ring((x, y), r, &mut cands);
                    // Every pixel outside this square is at distance ≥ r + 1:
                    // stop once the k-th is strictly nearer.
                    if cands.len() == self.k
                        && cands[self.k - 1].0 >> 32 < ((r + 1) * (r + 1)) as u64
                    {
                        break;
                    }
                }
                if !cands.is_empty() {
                    *v = self.weights.vote(&cands, &mut sums);
                    outcome.voted += 1;
                }
            }
        }
        // The frontier: labelled pixels with a neighbour the vote left
        // empty. An empty pixel now lies beyond the radius (the ring search
        // finds the nearest labelled pixel of every nearer one), and
        // neighbours' distances differ by at most 1, so only pixels at
        // exactly the radius can be on it.
        let empty_after = |x: usize, y: usize| self.src[y * w + x] == EMPTY && d(x, y) > radius;
        for y in y0..y1 {
            for x in 0..w {
                if d(x, y) != radius || !self.labelled[out[(y - y0) * w + x] as usize] {
                    continue;
                }
                let (xa, xb) = (x.saturating_sub(1), (x + 1).min(w - 1));
                let (ya, yb) = (y.saturating_sub(1), (y + 1).min(h - 1));
                let open = (ya..=yb).any(|ny| (xa..=xb).any(|nx| empty_after(nx, ny)));
                if open {
                    outcome.frontier.push((y * w + x) as u32);
                }
            }
        }
        outcome
    }

    /// Adds the labelled pixels on the square ring at Chebyshev radius `r`
    /// around (`x`, `y`) to `cands`, which holds the `k` first seen so far,
    /// sorted. Once `cands` is full, only pixels no farther than its last
    /// can enter: the ring is scanned within that distance.
    fn push_ring(&self, (x, y): (usize, usize), r: usize, cands: &mut Vec<Candidate>) {
        let (w, h) = (self.w, self.h);
        // How far along the ring from its middle a pixel may lie.
        let reach = match cands.get(self.k - 1) {
            Some(last) => match (last.0 >> 32).checked_sub((r * r) as u64) {
                Some(room) => isqrt(room).min(r),
                None => return,
            },
            None => r,
        };
        let (x0, x1) = (x.saturating_sub(reach), (x + reach).min(w - 1));
        if y >= r {
            self.push_run((x, y), y - r, x0..=x1, cands);
        }
        if y + r < h {
            self.push_run((x, y), y + r, x0..=x1, cands);
        }
        // The two columns, between those rows.
        let reach = reach.min(r - 1);
        let (ya, yb) = (y.saturating_sub(reach), (y + reach).min(h - 1));
        for cx in [x.checked_sub(r), Some(x + r).filter(|&c| c < w)]
            .into_iter()
            .flatten()
        {
            for cy in ya..=yb {
                let v = self.src[cy * w + cx];
                if self.labelled[v as usize] {
                    insert(cands, self.k, (self.key((x, y), (cx, cy)), v));
                }
            }
        }
    }

    /// [`Search::push_ring`] for the pixels `xs` of row `cy`; 8 empty
    /// pixels at a time are skipped at once.
    fn push_run(
        &self,
        (x, y): (usize, usize),
        cy: usize,
        xs: std::ops::RangeInclusive<usize>,
        cands: &mut Vec<Candidate>,
    ) {
        let base = cy * self.w;
        let x0 = *xs.start();
        let run = &self.src[base + x0..=base + xs.end()];
        let mut chunks = run.chunks_exact(8);
        let mut cx = x0;
        for chunk in chunks.by_ref() {
            if u64::from_ne_bytes(chunk.try_into().expect("8 bytes")) != 0 {
                self.push_pixels((x, y), (cx, cy), chunk, cands);
            }
            cx += 8;
        }
        self.push_pixels((x, y), (cx, cy), chunks.remainder(), cands);
    }

    /// Adds the labelled ones of `values`, the pixels of row `cy` from
    /// column `cx`.
    #[inline]
    fn push_pixels(
        &self,
        at: (usize, usize),
        (cx, cy): (usize, usize),
        values: &[u8],
        cands: &mut Vec<Candidate>,
    ) {
        for (j, &v) in values.iter().enumerate() {
            if self.labelled[v as usize] {
                insert(cands, self.k, (self.key(at, (cx + j, cy)), v));
            }
        }
    }

    /// The candidate's sort key: distance² in the high 32 bits, then the
    /// position in the (2 radius + 1)² square around (`x`, `y`), row-major,
    /// which orders candidates by row, then column.
    #[inline]
    fn key(&self, (x, y): (usize, usize), (cx, cy): (usize, usize)) -> u64 {
        let (dx, dy) = (cx + self.radius - x, cy + self.radius - y);
        let d2 = (x.abs_diff(cx).pow(2) + y.abs_diff(cy).pow(2)) as u64;
        (d2 << 32) | (dy * (2 * self.radius + 1) + dx) as u64
    }
}

/// ⌊√v⌋.
fn isqrt(v: u64) -> usize {
    let mut s = (v as f64).sqrt() as u64;
    while s * s > v {
        s -= 1;
    }
    while (s + 1) * (s + 1) <= v {
        s += 1;
    }
    s as usize
}

/// Inserts `c` into `cands`, sorted by key and holding at most `k`.
#[inline]
fn insert(cands: &mut Vec<Candidate>, k: usize, c: Candidate) {
    if cands.len() == k {
        if c.0 >= cands[k - 1].0 {
            return;
        }
        cands.pop();
    }
    let mut at = cands.len();
    while at > 0 && cands[at - 1].0 > c.0 {
        at -= 1;
    }
    cands.insert(at, c);
}

/// The vote's weights 1 / distance^power, tabulated by distance².
struct Weights {
    power: f64,
    table: Vec<f64>,
}

impl Weights {
    fn new(radius: usize, power: f64) -> Weights {
        let n = (2 * radius * radius + 1).min(1 << 16);
        let mut w = Weights {
            power,
            table: Vec::new(),
        };
        w.table = (0..n as u64).map(|d2| w.compute(d2)).collect();
        w
    }

    fn compute(&self, d2: u64) -> f64 {
        let d = (d2 as f64).sqrt();
        if self.power == 1.0 {
            1.0 / d
        } else {
            1.0 / d.powf(self.power)
        }
    }

    #[inline]
    fn get(&self, d2: u64) -> f64 {
        match self.table.get(d2 as usize) {
            Some(&w) => w,
            None => self.compute(d2),
        }
    }

    /// Weighted vote over candidates sorted nearest first: the largest sum
    /// wins, ties to the class seen first. `sums` is scratch space.
    fn vote(&self, cands: &[Candidate], sums: &mut Vec<(u8, f64)>) -> u8 {
        sums.clear();
        for &(key, class) in cands {
            let w = self.get(key >> 32);
            match sums.iter_mut().find(|(c, _)| *c == class) {
                Some((_, s)) => *s += w,
                None => sums.push((class, w)),
            }
        }
        let mut best = sums[0];
        for &s in &sums[1..] {
            if s.1 > best.1 {
                best = s;
            }
        }
        best.0
    }
}

/// The 8 neighbours' indices of pixel (`x`, `y`), row-major order, within
/// the raster.
#[inline]
fn neighbours(x: usize, y: usize, w: usize, h: usize) -> impl Iterator<Item = usize> {
    let (x0, x1) = (x.saturating_sub(1), (x + 1).min(w - 1));
    let (y0, y1) = (y.saturating_sub(1), (y + 1).min(h - 1));
    let mut out = [0usize; 8];
    let mut n = 0;
    for ny in y0..=y1 {
        for nx in x0..=x1 {
            if nx != x || ny != y {
                out[n] = ny * w + nx;
                n += 1;
            }
        }
    }
    out.into_iter().take(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(k: usize, radius: usize) -> FillParams {
        FillParams {
            k,
            power: 1.0,
            max_radius: radius,
            ignore: vec![],
            propagation_limit: None,
        }
    }

    #[test]
    fn propagation_limit_leaves_far_pixels_empty() {
        // One labelled pixel at column 0; vote radius 2, then propagation.
        let mut row = vec![0u8; 12];
        row[0] = 7;
        let r = Raster::from_rows(&[&row]);
        let unlimited = fill(&r, &params(1, 2));
        assert_eq!(unlimited.0.data, vec![7; 12]);
        assert_eq!(unlimited.1.left_empty, 0);
        for limit in [0usize, 1, 3] {
            let p = FillParams {
                propagation_limit: Some(limit),
                ..params(1, 2)
            };
            let (out, stats) = fill(&r, &p);
            // Columns 1–2 by the vote, then `limit` more by propagation.
            let filled = 3 + limit;
            let expected: Vec<u8> = (0..12).map(|c| if c < filled { 7 } else { 0 }).collect();
            assert_eq!(out.data, expected, "limit {limit}");
            assert_eq!(stats.filled_by_propagation, limit as u64);
            assert_eq!(stats.left_empty, (12 - filled) as u64);
        }
    }

    /// Oracle: for every empty pixel, all labelled pixels of the square
    /// of the radius around it sorted by (distance², row, column), the
    /// first k vote.
    fn brute(r: &Raster, p: &FillParams) -> Raster {
        let mut out = r.clone();
        let rad = p.max_radius;
        for y in 0..r.height {
            for x in 0..r.width {
                if r.get(x, y) != 0 {
                    continue;
                }
                let mut all = vec![];
                for cy in y.saturating_sub(rad)..=(y + rad).min(r.height - 1) {
                    for cx in x.saturating_sub(rad)..=(x + rad).min(r.width - 1) {
                        let v = r.get(cx, cy);
                        let (dx, dy) = (cx as i64 - x as i64, cy as i64 - y as i64);
                        if v != 0 && v != OUTSIDE && !p.ignore.contains(&v) {
                            all.push(((dx * dx + dy * dy) as u64, cy as u32, cx as u32, v));
                        }
                    }
                }
                all.sort();
                all.truncate(p.k);
                if all.is_empty() {
                    continue;
                }
                // Sum of 1 / d^p per class; the largest wins, ties to the
                // class whose nearest member comes first.
                let mut sums = [0f64; 256];
                for &(d2, _, _, v) in &all {
                    sums[v as usize] += 1.0 / (d2 as f64).sqrt().powf(p.power);
                }
                let mut best = all[0].3;
                for &(_, _, _, v) in &all {
                    if sums[v as usize] > sums[best as usize] {
                        best = v;
                    }
                }
                out.data[y * r.width + x] = best;
            }
        }
        out
    }

    /// Oracle of the whole step: [`brute`], then a breadth-first
    /// propagation from every labelled pixel with an empty neighbour, in
    /// row-major order, 8 neighbours each in row-major order.
    fn brute_full(r: &Raster, p: &FillParams) -> Raster {
        let mut out = brute(r, p);
        let (w, h) = (r.width, r.height);
        let around = |i: usize| {
            let (x, y) = ((i % w) as i64, (i / w) as i64);
            let mut n = vec![];
            for ny in y - 1..=y + 1 {
                for nx in x - 1..=x + 1 {
                    if (nx, ny) != (x, y) && nx >= 0 && ny >= 0 && nx < w as i64 && ny < h as i64 {
                        n.push(ny as usize * w + nx as usize);
                    }
                }
            }
            n
        };
        let labelled = |v: u8| v != 0 && v != OUTSIDE && !p.ignore.contains(&v);
        let mut queue: std::collections::VecDeque<usize> = (0..w * h)
            .filter(|&i| labelled(out.data[i]) && around(i).iter().any(|&j| out.data[j] == 0))
            .collect();
        while let Some(i) = queue.pop_front() {
            for j in around(i) {
                if out.data[j] == 0 {
                    out.data[j] = out.data[i];
                    queue.push_back(j);
                }
            }
        }
        out
    }

    fn assert_same_in(win: Window, got: &Raster, want: &Raster) {
        for y in win.y0..win.y1 {
            for x in win.x0..win.x1 {
                assert_eq!(got.get(x, y), want.get(x, y), "({x}, {y})");
            }
        }
    }

    /// Rasters of several strips of the parallel pass (128 rows at these
    /// radii), with wide empty areas (propagation across strips), an
    /// ignored class, and a window.
    #[test]
    fn agrees_with_brute_force_across_strips() {
        let (w, h) = (37, 420);
        let mut s = 2024u64;
        let mut data = vec![0u8; w * h];
        for y in 0..h {
            for x in 0..w {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                // Labelled pixels in bands of rows only; class 9 scattered.
                let band = (y / 23) % 3 == 0;
                // Outside the coverage: a block across two strips, and
                // scattered pixels; neither filled nor voting.
                if (200..330).contains(&y) && x >= 20 || s % 53 == 0 {
                    data[y * w + x] = OUTSIDE;
                } else if (band && s % 3 != 0) || s % 211 == 0 {
                    data[y * w + x] = (s / 3 % 4 + 1) as u8;
                } else if s % 89 == 0 {
                    data[y * w + x] = 9;
                }
            }
        }
        let r = Raster {
            width: w,
            height: h,
            data,
        };
        for (k, radius, ignore) in [(8, 3, vec![]), (3, 6, vec![9]), (1, 15, vec![9])] {
            let p = FillParams {
                ignore,
                ..params(k, radius)
            };
            let (got, stats) = fill(&r, &p);
            let want = brute_full(&r, &p);
            assert_eq!(got, want, "k = {k}, radius {radius}");
            let outside = |r: &Raster| r.data.iter().filter(|&&v| v == OUTSIDE).count();
            assert_eq!(outside(&got), outside(&r), "the outside stays");
            assert!(
                stats.filled_by_vote > 0 && stats.filled_by_propagation > 0,
                "{stats:?}"
            );
            let win = Window {
                x0: 3,
                y0: 100,
                x1: 30,
                y1: 300,
            };
            let (part, _) = fill_for(&r, &p, Some(win));
            assert_same_in(win, &part, &want);
        }
    }

    #[test]
    fn agrees_with_brute_force_within_radius() {
        let mut s = 12345u64;
        let mut data = vec![];
        for _ in 0..40 * 30 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            // About half the pixels empty, three classes.
            data.push(if s % 2 == 0 { 0 } else { (s / 2 % 3 + 1) as u8 });
        }
        let r = Raster {
            width: 40,
            height: 30,
            data,
        };
        for k in [1, 3, 8] {
            let p = params(k, 50);
            assert_eq!(fill(&r, &p).0, brute(&r, &p), "k = {k}");
        }
    }

    /// Bounded to a window, the fill gives inside it what the full fill
    /// gives, and stops early (far pixels stay empty).
    #[test]
    fn window_gets_the_full_fill() {
        let (w, h) = (90, 70);
        let mut s = 99u64;
        let mut data = vec![0u8; w * h];
        // Scattered labelled pixels in the middle only: the rest is reached
        // by propagation, from several classes (ties in the queue order).
        for y in 30..42 {
            for x in 40..52 {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                if s % 3 == 0 {
                    data[y * w + x] = (s / 3 % 4 + 1) as u8;
                }
            }
        }
        let r = Raster {
            width: w,
            height: h,
            data,
        };
        let p = params(3, 2);
        let (full, full_stats) = fill(&r, &p);
        assert_eq!(full_stats.left_empty, 0);
        let win = Window {
            x0: 20,
            y0: 25,
            x1: 75,
            y1: 50,
        };
        let (part, stats) = fill_for(&r, &p, Some(win));
        assert_same_in(win, &part, &full);
        assert!(stats.left_empty > 0);
        assert_eq!(
            part.data.iter().filter(|&&v| v == 0).count() as u64,
            stats.left_empty
        );
        assert_eq!(fill_for(&r, &p, None), (full, full_stats));
    }

    #[test]
    fn far_pixels_are_filled_by_propagation() {
        let mut r = Raster::filled(50, 1, 0);
        r.data[0] = 7;
        let (out, stats) = fill(&r, &params(8, 4));
        assert!(out.data.iter().all(|&v| v == 7));
        assert_eq!(stats.filled_by_vote, 4);
        assert_eq!(stats.filled_by_propagation, 45);
        assert_eq!(stats.left_empty, 0);
    }

    #[test]
    fn nothing_labelled_stays_empty_and_ignored_classes_do_not_vote() {
        let r = Raster::filled(3, 3, 0);
        assert_eq!(fill(&r, &params(8, 4)).1.left_empty, 9);
        let r = Raster::from_rows(&[&[5, 0, 9, 9]]);
        let p = FillParams {
            ignore: vec![5],
            ..params(8, 4)
        };
        assert_eq!(fill(&r, &p).0.data, vec![5, 9, 9, 9]);
    }
}
