//! Step 3: fill empty pixels by an inverse-distance-weighted vote of their
//! k nearest labelled pixels.
//!
//! Semantics:
//!
//! * A *labelled* pixel has a value ≥ 1 that is not in `ignore` (the final
//!   MMU pass ignores class 5 so roads do not spread). Only empty (0) pixels
//!   change; labelled pixels are kept as they are.
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
//!   queued first, in row-major order of the initial frontier). Hence no
//!   pixel is left empty where any labelled pixel exists.
//! * Unless `propagation_limit` is set: then the propagation stops that many
//!   pixels (chessboard distance) beyond the vote's reach, and farther pixels
//!   stay empty. This is for a source that covers only part of the grid
//!   (a national land-cover layer on a tile that crosses a border), where
//!   unlimited propagation would invent land cover outside the source.
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

use super::{Raster, EMPTY};

/// Parameters of [`fill`].
#[derive(Clone, Debug, PartialEq)]
pub struct FillParams {
    /// Number of nearest labelled pixels voting (default 8).
    pub k: usize,
    /// Power of the inverse-distance weight (default 1).
    pub power: f64,
    /// Search radius of the vote, pixels (default 16).
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
pub fn fill_for(
    raster: &Raster,
    params: &FillParams,
    needed: Option<Window>,
) -> (Raster, FillStats) {
    let (w, h) = (raster.width, raster.height);
    let mut labelled = [true; 256];
    labelled[EMPTY as usize] = false;
    for &c in &params.ignore {
        labelled[c as usize] = false;
    }
    let mut out = raster.clone();
    if w == 0 || h == 0 {
        return (out, FillStats::default());
    }
    let k = params.k.max(1);
    let src = &raster.data;
    let empty_count = src.iter().filter(|&&v| v == EMPTY).count();
    if empty_count == 0 {
        return (out, FillStats::default());
    }
    // Chessboard distance to the nearest labelled pixel (capped): the vote's
    // ring search starts there, and pixels beyond max_radius skip it.
    let cheb = chessboard_distance(src, w, h, &labelled);
    let voted: u64 = out
        .data
        .par_chunks_mut(w)
        .enumerate()
        .map(|(y, row)| {
            let mut cands: Vec<(u64, u32, u32, u8)> = Vec::new();
            let mut n = 0u64;
            for x in 0..w {
                let first = cheb[y * w + x] as usize;
                if row[x] != EMPTY || first > params.max_radius {
                    continue;
                }
                cands.clear();
                let mut chosen = EMPTY;
                for r in first.max(1)..=params.max_radius {
                    push_ring(src, (w, h), (x, y), r, &labelled, (k, &mut cands));
                    // Every pixel outside this square is at distance ≥ r + 1:
                    // stop once the k-th is strictly nearer.
                    if cands.len() == k && cands[k - 1].0 < ((r + 1) * (r + 1)) as u64 {
                        break;
                    }
                }
                if !cands.is_empty() {
                    chosen = vote(&cands, params.power);
                }
                if chosen != EMPTY {
                    row[x] = chosen;
                    n += 1;
                }
            }
            n
        })
        .sum();
    let remaining = empty_count as u64 - voted;
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
    // The frontier, in row-major order: labelled pixels with an empty
    // neighbour. An empty pixel now lies beyond max_radius (the ring search
    // finds the nearest labelled pixel of every nearer one), and neighbours'
    // distances differ by at most 1, so when the cap of 255 does not
    // interfere only pixels at distance exactly max_radius can be on it.
    let exact = params.max_radius < 254;
    let r = params.max_radius.min(255) as u8;
    let mut queue: Vec<u32> = Vec::new();
    for i in 0..w * h {
        if (!exact || cheb[i] == r) && labelled[out.data[i] as usize] {
            let (x, y) = (i % w, i / w);
            if neighbours(x, y, w, h).any(|j| out.data[j] == EMPTY) {
                queue.push(i as u32);
            }
        }
    }
    let limit = params.propagation_limit.unwrap_or(usize::MAX);
    // Empty pixels of `needed` still to fill (all remaining ones without).
    let mut wanted = match needed {
        Some(win) => (win.y0..win.y1.min(h))
            .map(|y| {
                let row = &out.data[y * w..(y + 1) * w];
                row[win.x0.min(w)..win.x1.min(w)]
                    .iter()
                    .filter(|&&v| v == EMPTY)
                    .count() as u64
            })
            .sum(),
        None => remaining,
    };
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

/// Chessboard (8-neighbour) distance from every pixel to the nearest
/// labelled pixel, capped at 255; 0 on labelled pixels.
fn chessboard_distance(src: &[u8], w: usize, h: usize, labelled: &[bool; 256]) -> Vec<u8> {
    let mut d: Vec<u8> = src
        .iter()
        .map(|&v| if labelled[v as usize] { 0 } else { 255 })
        .collect();
    chessboard_pass(&mut d, w, h, false);
    chessboard_pass(&mut d, w, h, true);
    d
}

/// One raster-order pass of the two-pass chessboard distance: every pixel
/// takes the smallest of its distance and its already visited neighbours'
/// (left, up-left, up, up-right) plus one. `reversed` runs the same pass
/// on the raster turned by 180° (index `i` is pixel `n - 1 - i`), which is
/// the backward pass (right, down-right, down, down-left). Row by row: the
/// previous row's three neighbours first (a loop the compiler vectorizes),
/// then the left neighbour, which depends on the pixel just computed.
fn chessboard_pass(d: &mut [u8], w: usize, h: usize, reversed: bool) {
    if reversed {
        d.reverse();
    }
    for y in 0..h {
        let (done, rest) = d.split_at_mut(y * w);
        let row = &mut rest[..w];
        if y > 0 {
            let up = &done[(y - 1) * w..];
            for x in 0..w {
                let mut m = row[x].min(up[x].saturating_add(1));
                if x > 0 {
                    m = m.min(up[x - 1].saturating_add(1));
                }
                if x + 1 < w {
                    m = m.min(up[x + 1].saturating_add(1));
                }
                row[x] = m;
            }
        }
        for x in 1..w {
            row[x] = row[x].min(row[x - 1].saturating_add(1));
        }
    }
    if reversed {
        d.reverse();
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

/// Adds the labelled pixels on the square ring at Chebyshev radius `r` to
/// `cands`, which holds the `k` first in (distance², row, column) order
/// seen so far, sorted.
fn push_ring(
    src: &[u8],
    (w, h): (usize, usize),
    (x, y): (usize, usize),
    r: usize,
    labelled: &[bool; 256],
    (k, cands): (usize, &mut Vec<(u64, u32, u32, u8)>),
) {
    let (xi, yi, ri) = (x as i64, y as i64, r as i64);
    let mut take = |cx: i64, cy: i64| {
        if cx < 0 || cy < 0 || cx >= w as i64 || cy >= h as i64 {
            return;
        }
        let v = src[cy as usize * w + cx as usize];
        if labelled[v as usize] {
            let (dx, dy) = (cx - xi, cy - yi);
            let c = ((dx * dx + dy * dy) as u64, cy as u32, cx as u32, v);
            if cands.len() == k {
                if c >= cands[k - 1] {
                    return;
                }
                cands.pop();
            }
            let mut at = cands.len();
            while at > 0 && cands[at - 1] > c {
                at -= 1;
            }
            cands.insert(at, c);
        }
    };
    for cx in xi - ri..=xi + ri {
        take(cx, yi - ri);
        take(cx, yi + ri);
    }
    for cy in yi - ri + 1..yi + ri {
        take(xi - ri, cy);
        take(xi + ri, cy);
    }
}

/// Weighted vote over candidates sorted nearest first.
fn vote(cands: &[(u64, u32, u32, u8)], power: f64) -> u8 {
    let mut sums = [0f64; 256];
    let mut order: Vec<u8> = Vec::with_capacity(cands.len());
    for &(d2, _, _, class) in cands {
        let d = (d2 as f64).sqrt();
        if sums[class as usize] == 0.0 {
            order.push(class);
        }
        sums[class as usize] += if power == 1.0 {
            1.0 / d
        } else {
            1.0 / d.powf(power)
        };
    }
    let mut best = order[0];
    for &c in &order[1..] {
        if sums[c as usize] > sums[best as usize] {
            best = c;
        }
    }
    best
}

#[cfg(test)]
mod tests {

    /// The two passes against the definition: the largest of |dx| and |dy|
    /// to the nearest labelled pixel.
    #[test]
    fn chessboard_distance_is_exact() {
        let (w, h) = (23, 17);
        let src: Vec<u8> = (0..w * h)
            .map(|i| u8::from((i * 7919) % 41 == 0 || i == 5))
            .collect();
        let mut labelled = [false; 256];
        labelled[1] = true;
        let d = chessboard_distance(&src, w, h, &labelled);
        for y in 0..h {
            for x in 0..w {
                let brute = (0..w * h)
                    .filter(|&j| src[j] == 1)
                    .map(|j| (x.abs_diff(j % w)).max(y.abs_diff(j / w)))
                    .min()
                    .unwrap();
                assert_eq!(usize::from(d[y * w + x]), brute.min(255), "({x}, {y})");
            }
        }
    }
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

    /// Oracle: for every empty pixel, all labelled pixels sorted by
    /// (distance², row, column), first k within the radius, same vote.
    fn brute(r: &Raster, p: &FillParams) -> Raster {
        let mut out = r.clone();
        for y in 0..r.height {
            for x in 0..r.width {
                if r.get(x, y) != 0 {
                    continue;
                }
                let mut all = vec![];
                for cy in 0..r.height {
                    for cx in 0..r.width {
                        let v = r.get(cx, cy);
                        let (dx, dy) = (cx as i64 - x as i64, cy as i64 - y as i64);
                        let cheb = dx.unsigned_abs().max(dy.unsigned_abs()) as usize;
                        if v != 0 && cheb <= p.max_radius {
                            all.push(((dx * dx + dy * dy) as u64, cy as u32, cx as u32, v));
                        }
                    }
                }
                all.sort();
                all.truncate(p.k);
                if !all.is_empty() {
                    out.data[y * r.width + x] = vote(&all, p.power);
                }
            }
        }
        out
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
        for y in win.y0..win.y1 {
            for x in win.x0..win.x1 {
                assert_eq!(part.get(x, y), full.get(x, y), "({x}, {y})");
            }
        }
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
