//! Step 4: morphological closing of every class with a rectangle.
//!
//! Semantics:
//!
//! * For every class c present, its binary mask is closed (dilated, then
//!   eroded) with a `width × height` rectangle centred on the pixel (odd
//!   sizes; default 3 × 3), as on an unbounded canvas where everything
//!   outside the raster is "not c": the closing always contains the mask
//!   (scipy's `binary_closing` on the raster alone also erodes from the
//!   outside and can shave pixels of c within half the element of the
//!   edge; on a copy padded by half the element, then cropped, it is the
//!   same as this).
//! * A pixel **claimed** by the closing of a class other than its own takes
//!   that class: closings fill gaps, and a gap is by definition held by
//!   another class (or is empty). When several classes claim a pixel, the
//!   one with the most pixels in the rectangle around it (in the input)
//!   wins, ties to the lowest class value. Pixels claimed by no other class
//!   keep their value.
//! * Pixels outside the source's coverage ([`OUTSIDE`], see
//!   [`super::coverage`]) are not a class: they are not closed, and no
//!   closing claims them (the step smooths the outlines of the land cover;
//!   it does not extend it beyond the source).
//! * Masks are bit-packed (64 pixels a word); strips of rows are closed in
//!   parallel, each with the rows its closing reads.
//!
//! ```
//! use multisenge::generalize::Raster;
//! use multisenge::generalize::close::close_classes;
//!
//! // A one-pixel notch of 9 in a block of 6 is filled by 6's closing.
//! let r = Raster::from_rows(&[
//!     &[6, 6, 6, 6, 6],
//!     &[6, 6, 9, 6, 6],
//!     &[6, 6, 6, 6, 6],
//! ]);
//! let (out, changed) = close_classes(&r, 3, 3);
//! assert!(out.data.iter().all(|&v| v == 6));
//! assert_eq!(changed, 1);
//! ```

use rayon::prelude::*;

use super::fill::Window;
use super::{Raster, OUTSIDE};

/// A bit-packed binary mask, row-major, `words` words a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BitMask {
    pub width: usize,
    pub height: usize,
    words: usize,
    bits: Vec<u64>,
}

impl BitMask {
    pub fn new(width: usize, height: usize) -> BitMask {
        let words = width.div_ceil(64);
        BitMask {
            width,
            height,
            words,
            bits: vec![0; words * height],
        }
    }

    /// The mask of pixels of `raster` equal to `value`.
    pub fn of_value(raster: &Raster, value: u8) -> BitMask {
        let mut m = BitMask::new(raster.width, raster.height);
        for (i, &v) in raster.data.iter().enumerate() {
            if v == value {
                m.set(i % raster.width, i / raster.width);
            }
        }
        m
    }

    #[inline]
    pub fn set(&mut self, x: usize, y: usize) {
        self.bits[y * self.words + x / 64] |= 1 << (x % 64);
    }

    #[inline]
    pub fn get(&self, x: usize, y: usize) -> bool {
        self.bits[y * self.words + x / 64] & (1 << (x % 64)) != 0
    }

    fn tail_mask(&self) -> u64 {
        match self.width % 64 {
            0 => u64::MAX,
            r => (1u64 << r) - 1,
        }
    }

    fn invert(&mut self) {
        let tail = self.tail_mask();
        for row in self.bits.chunks_mut(self.words.max(1)) {
            for w in row.iter_mut() {
                *w = !*w;
            }
            if let Some(last) = row.last_mut() {
                *last &= tail;
            }
        }
    }

    /// Dilation by a `(2 rx + 1) × (2 ry + 1)` rectangle, outside = 0.
    pub fn dilate(&self, rx: usize, ry: usize) -> BitMask {
        let words = self.words;
        let tail = self.tail_mask();
        let mut horiz = self.clone();
        if rx > 0 {
            horiz
                .bits
                .par_chunks_mut(words.max(1))
                .zip(self.bits.par_chunks(words.max(1)))
                .for_each(|(out, row)| {
                    for s in 1..=rx {
                        or_shifted(out, row, s as isize);
                        or_shifted(out, row, -(s as isize));
                    }
                    if let Some(last) = out.last_mut() {
                        *last &= tail;
                    }
                });
        }
        if ry == 0 {
            return horiz;
        }
        let mut out = horiz.clone();
        let h = self.height;
        out.bits
            .par_chunks_mut(words.max(1))
            .enumerate()
            .for_each(|(y, row)| {
                for ny in y.saturating_sub(ry)..=(y + ry).min(h - 1) {
                    if ny == y {
                        continue;
                    }
                    let src = &horiz.bits[ny * words..(ny + 1) * words];
                    for (o, s) in row.iter_mut().zip(src) {
                        *o |= *s;
                    }
                }
            });
        out
    }

    /// Erosion by the same rectangle, outside = 1 (the complement's dilation).
    pub fn erode(&self, rx: usize, ry: usize) -> BitMask {
        let mut inv = self.clone();
        inv.invert();
        let mut d = inv.dilate(rx, ry);
        d.invert();
        d
    }

    /// Closing: dilation then erosion, as on an unbounded canvas empty
    /// outside the raster (the mask is padded by the element's half sizes,
    /// closed, and cropped back), so the closing always contains the mask.
    pub fn close(&self, rx: usize, ry: usize) -> BitMask {
        let (pw, ph) = (self.width + 2 * rx, self.height + 2 * ry);
        let mut padded = BitMask::new(pw, ph);
        for y in 0..self.height {
            let src = &self.bits[y * self.words..(y + 1) * self.words];
            let dst = &mut padded.bits[(y + ry) * padded.words..(y + ry + 1) * padded.words];
            or_shifted(dst, src, rx as isize);
        }
        let closed = padded.dilate(rx, ry).erode(rx, ry);
        let mut out = BitMask::new(self.width, self.height);
        let tail = out.tail_mask();
        for y in 0..self.height {
            let src = &closed.bits[(y + ry) * closed.words..(y + ry + 1) * closed.words];
            let dst = &mut out.bits[y * out.words..(y + 1) * out.words];
            or_shifted(dst, src, -(rx as isize));
            if let Some(last) = dst.last_mut() {
                *last &= tail;
            }
        }
        out
    }
}

/// `out |= row shifted by s pixels` (positive: towards larger x); `out` and
/// `row` may have different lengths (bits falling outside are dropped).
fn or_shifted(out: &mut [u64], row: &[u64], s: isize) {
    let n = row.len();
    if out.len() == n && n > 0 && s != 0 && s.unsigned_abs() < 64 {
        // The common case, without bounds tests: bit x of a word comes from
        // bit x - s of the same word or of its neighbour.
        let t = s.unsigned_abs() as u32;
        if s > 0 {
            out[0] |= row[0] << t;
            for j in 1..n {
                out[j] |= (row[j] << t) | (row[j - 1] >> (64 - t));
            }
        } else {
            for j in 0..n - 1 {
                out[j] |= (row[j] >> t) | (row[j + 1] << (64 - t));
            }
            out[n - 1] |= row[n - 1] >> t;
        }
        return;
    }
    let n = n as isize;
    let (q, r) = (s.div_euclid(64), s.rem_euclid(64) as u32);
    for (j, o) in out.iter_mut().enumerate() {
        // Bits of output word j come from input words j - q and j - q - 1.
        let a = j as isize - q;
        let lo = if (0..n).contains(&a) {
            row[a as usize]
        } else {
            0
        };
        let mut v = if r == 0 { lo } else { lo << r };
        if r != 0 {
            let b = a - 1;
            if (0..n).contains(&b) {
                v |= row[b as usize] >> (64 - r);
            }
        }
        *o |= v;
    }
}

/// The masks of several values, built in one parallel pass over the raster.
pub fn masks_of_values(raster: &Raster, values: &[u8]) -> Vec<BitMask> {
    let (w, h) = (raster.width, raster.height);
    let mut masks: Vec<BitMask> = values.iter().map(|_| BitMask::new(w, h)).collect();
    let mut index = [usize::MAX; 256];
    for (i, &v) in values.iter().enumerate() {
        index[v as usize] = i;
    }
    let words = w.div_ceil(64);
    const ROWS: usize = 64;
    let chunks = h.div_ceil(ROWS);
    let mut per_chunk: Vec<Vec<&mut [u64]>> = (0..chunks).map(|_| Vec::new()).collect();
    for m in masks.iter_mut() {
        for (ci, ch) in m.bits.chunks_mut(ROWS * words.max(1)).enumerate() {
            per_chunk[ci].push(ch);
        }
    }
    per_chunk
        .into_par_iter()
        .enumerate()
        .for_each(|(ci, mut slices)| {
            let y0 = ci * ROWS;
            for y in y0..(y0 + ROWS).min(h) {
                let row = &raster.data[y * w..(y + 1) * w];
                for (x, &v) in row.iter().enumerate() {
                    let k = index[v as usize];
                    if k != usize::MAX {
                        slices[k][(y - y0) * words + x / 64] |= 1 << (x % 64);
                    }
                }
            }
        });
    masks
}

/// Closes every class of `raster` with a `width × height` rectangle (odd
/// sizes) and resolves claims as documented above. Returns the result and
/// the number of pixels that changed class.
pub fn close_classes(raster: &Raster, width: usize, height: usize) -> (Raster, u64) {
    let mut out = raster.clone();
    let changed = close_classes_in_place(&mut out, width, height, None);
    (out, changed)
}

/// As [`close_classes`], in place, and on the pixels of `window` only
/// (`None`: all) as if the raster were cropped to it (everything outside
/// is "not c"); pixels outside keep their value. For a halo cropped
/// afterwards: a pixel's closing depends on the pixels within the
/// rectangle's size around it, so the window needs that margin around
/// what is kept. Returns the number of pixels that changed class.
///
/// How: strips of rows are closed in parallel, each with the rows its
/// closing reads above and below (twice the rectangle's half height);
/// masks are built and closed for the strip alone, and the changes, few,
/// are applied once every strip is done.
pub fn close_classes_in_place(
    raster: &mut Raster,
    width: usize,
    height: usize,
    window: Option<Window>,
) -> u64 {
    let (rx, ry) = (width / 2, height / 2);
    let (w, h) = (raster.width, raster.height);
    let win = window.map_or(
        Window {
            x0: 0,
            y0: 0,
            x1: w,
            y1: h,
        },
        |win| Window {
            x0: win.x0.min(w),
            y0: win.y0.min(h),
            x1: win.x1.min(w),
            y1: win.y1.min(h),
        },
    );
    if win.x0 >= win.x1 || win.y0 >= win.y1 || (rx == 0 && ry == 0) {
        return 0;
    }
    let rows = (8 * ry).max(64);
    let input: &Raster = raster;
    let changes: Vec<Vec<(usize, u8)>> = (win.y0..win.y1)
        .step_by(rows)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|sa| {
            let sb = (sa + rows).min(win.y1);
            // The strip's rows and the rows its closing reads.
            let (ca, cb) = (
                sa.saturating_sub(2 * ry).max(win.y0),
                (sb + 2 * ry).min(win.y1),
            );
            let block = input.window(win.x0, ca, win.x1 - win.x0, cb - ca);
            let mut changes = Vec::new();
            close_block(&block, (rx, ry), sa - ca..sb - ca, |x, y, class| {
                changes.push(((y + ca) * w + win.x0 + x, class));
            });
            changes
        })
        .collect();
    let mut changed = 0u64;
    for (i, class) in changes.into_iter().flatten() {
        raster.data[i] = class;
        changed += 1;
    }
    changed
}

/// Closes every class of `block` (outside it: not c) and resolves the
/// claims on its rows `rows`: `put(x, y, class)` for every pixel that
/// changes class.
fn close_block(
    block: &Raster,
    (rx, ry): (usize, usize),
    rows: std::ops::Range<usize>,
    mut put: impl FnMut(usize, usize, u8),
) {
    let (w, h) = (block.width, block.height);
    let hist = block.histogram();
    let classes: Vec<u8> = (1..OUTSIDE).filter(|&c| hist[c as usize] > 0).collect();
    if classes.is_empty() {
        return;
    }
    // Pixels newly claimed by each class, never outside the coverage.
    let masks = masks_of_values(block, &classes);
    let outside = (hist[OUTSIDE as usize] > 0).then(|| BitMask::of_value(block, OUTSIDE));
    let claims: Vec<(u8, BitMask)> = classes
        .iter()
        .zip(&masks)
        .map(|(&c, m)| {
            let mut closed = m.close(rx, ry);
            for (o, i) in closed.bits.iter_mut().zip(&m.bits) {
                *o &= !*i;
            }
            if let Some(out) = &outside {
                for (o, x) in closed.bits.iter_mut().zip(&out.bits) {
                    *o &= !*x;
                }
            }
            (c, closed)
        })
        .collect();
    let words = w.div_ceil(64);
    let mut claimants: Vec<u8> = Vec::new();
    for y in rows {
        for j in 0..words {
            let any = claims
                .iter()
                .fold(0u64, |a, (_, m)| a | m.bits[y * words + j]);
            let mut bits = any;
            while bits != 0 {
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let x = j * 64 + b;
                claimants.clear();
                for (c, m) in &claims {
                    if m.bits[y * words + j] & (1 << b) != 0 {
                        claimants.push(*c);
                    }
                }
                let winner = if claimants.len() == 1 {
                    claimants[0]
                } else {
                    let mut best = (0u64, claimants[0]);
                    for &c in &claimants {
                        let mut n = 0u64;
                        for ny in y.saturating_sub(ry)..=(y + ry).min(h - 1) {
                            for nx in x.saturating_sub(rx)..=(x + rx).min(w - 1) {
                                n += u64::from(block.data[ny * w + nx] == c);
                            }
                        }
                        if n > best.0 {
                            best = (n, c);
                        }
                    }
                    best.1
                };
                put(x, y, winner);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Oracle: direct max then min over the window, on a copy padded by the
    /// half sizes (outside = false), cropped back.
    fn brute_close(m: &[Vec<bool>], rx: usize, ry: usize) -> Vec<Vec<bool>> {
        let h = m.len() + 2 * ry;
        let w = m[0].len() + 2 * rx;
        let mut p = vec![vec![false; w]; h];
        for (y, row) in m.iter().enumerate() {
            for (x, &v) in row.iter().enumerate() {
                p[y + ry][x + rx] = v;
            }
        }
        let win = |g: &Vec<Vec<bool>>, x: usize, y: usize, any: bool| {
            let mut acc = !any;
            for ny in y.saturating_sub(ry)..=(y + ry).min(h - 1) {
                for nx in x.saturating_sub(rx)..=(x + rx).min(w - 1) {
                    if any {
                        acc |= g[ny][nx];
                    } else {
                        acc &= g[ny][nx];
                    }
                }
            }
            acc
        };
        let d: Vec<Vec<bool>> = (0..h)
            .map(|y| (0..w).map(|x| win(&p, x, y, true)).collect())
            .collect();
        (ry..h - ry)
            .map(|y| (rx..w - rx).map(|x| win(&d, x, y, false)).collect())
            .collect()
    }

    #[test]
    fn bitmask_closing_matches_brute_force() {
        let mut s = 777u64;
        for (w, h) in [(5, 4), (64, 3), (130, 17)] {
            let mut m = BitMask::new(w, h);
            let mut g = vec![vec![false; w]; h];
            for y in 0..h {
                for x in 0..w {
                    s ^= s << 13;
                    s ^= s >> 7;
                    s ^= s << 17;
                    if s % 3 != 0 {
                        m.set(x, y);
                        g[y][x] = true;
                    }
                }
            }
            for (rx, ry) in [(1, 1), (2, 1), (0, 3), (70, 1)] {
                let c = m.close(rx, ry);
                let want = brute_close(&g, rx, ry);
                for y in 0..h {
                    for x in 0..w {
                        assert_eq!(
                            c.get(x, y),
                            want[y][x],
                            "{w}x{h} r=({rx},{ry}) at ({x},{y})"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn straight_boundaries_do_not_move() {
        let r = Raster::from_rows(&[&[6, 6, 9, 9], &[6, 6, 9, 9], &[6, 6, 9, 9]]);
        assert_eq!(close_classes(&r, 3, 3), (r.clone(), 0));
    }

    #[test]
    fn class_closing_matches_brute_force_with_claim_rule() {
        // One strip, then several (64 rows each at these sizes), with 4 and
        // 8 classes.
        for (w, h, classes, (rx, ry)) in [
            (23, 19, 4, (1, 2)),
            (70, 203, 8, (1, 1)),
            (31, 150, 4, (2, 3)),
        ] {
            let r = random_raster(w, h, classes, 4242 + w as u64);
            // And with pixels outside the coverage: a block and scattered
            // ones, which no closing claims.
            let mut with_outside = r.clone();
            for (i, v) in with_outside.data.iter_mut().enumerate() {
                let (x, y) = (i % w, i / w);
                if (x < w / 3 && y > h / 2) || i % 13 == 0 {
                    *v = OUTSIDE;
                }
            }
            for r in [r, with_outside] {
                let (got, changed) = close_classes(&r, 2 * rx + 1, 2 * ry + 1);
                let want = brute_close_classes(&r, rx, ry);
                assert_eq!(got, want, "{w} x {h}, r = ({rx}, {ry})");
                let differ = got.data.iter().zip(&r.data).filter(|(a, b)| a != b).count();
                assert_eq!(changed, differ as u64);
                let outside = |r: &Raster| r.histogram()[OUTSIDE as usize];
                assert_eq!(outside(&got), outside(&r));
            }
        }
    }

    fn random_raster(w: usize, h: usize, classes: u64, seed: u64) -> Raster {
        let mut s = seed;
        let mut data = vec![];
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

    /// In place on a window: inside it, the closing of the raster cropped
    /// to the window; outside, nothing changes; and pixels at least the
    /// rectangle's size inside the window get the closing of the whole
    /// raster.
    #[test]
    fn window_is_closed_as_if_cropped() {
        let r = random_raster(90, 170, 5, 77);
        let (rx, ry) = (1, 1);
        let whole = brute_close_classes(&r, rx, ry);
        let win = Window {
            x0: 7,
            y0: 30,
            x1: 80,
            y1: 161,
        };
        let mut got = r.clone();
        let changed = close_classes_in_place(&mut got, 3, 3, Some(win));
        let cropped = r.window(win.x0, win.y0, win.x1 - win.x0, win.y1 - win.y0);
        let want_inside = brute_close_classes(&cropped, rx, ry);
        let mut differ = 0;
        for y in 0..r.height {
            for x in 0..r.width {
                let inside = (win.x0..win.x1).contains(&x) && (win.y0..win.y1).contains(&y);
                let want = if inside {
                    want_inside.get(x - win.x0, y - win.y0)
                } else {
                    r.get(x, y)
                };
                assert_eq!(got.get(x, y), want, "({x}, {y})");
                differ += usize::from(want != r.get(x, y));
                let deep =
                    (win.x0 + 3..win.x1 - 3).contains(&x) && (win.y0 + 3..win.y1 - 3).contains(&y);
                if deep {
                    assert_eq!(got.get(x, y), whole.get(x, y), "({x}, {y})");
                }
            }
        }
        assert_eq!(changed, differ as u64);
        assert!(differ > 0);
    }

    /// Oracle of [`close_classes`]: every class's mask closed by
    /// [`brute_close`], claims resolved by counting pixels of the input.
    fn brute_close_classes(r: &Raster, rx: usize, ry: usize) -> Raster {
        let (w, h) = (r.width, r.height);
        let mut out = r.clone();
        let mut claims: Vec<(u8, Vec<Vec<bool>>)> = vec![];
        for c in 1..OUTSIDE {
            let g: Vec<Vec<bool>> = (0..h)
                .map(|y| (0..w).map(|x| r.get(x, y) == c).collect())
                .collect();
            if g.iter().flatten().any(|&v| v) {
                claims.push((c, brute_close(&g, rx, ry)));
            }
        }
        let mut conflicts = 0;
        for y in 0..h {
            for x in 0..w {
                let own = r.get(x, y);
                if own == OUTSIDE {
                    continue;
                }
                let others: Vec<u8> = claims
                    .iter()
                    .filter(|(c, m)| *c != own && m[y][x])
                    .map(|(c, _)| *c)
                    .collect();
                if others.len() > 1 {
                    conflicts += 1;
                }
                let count = |c: u8| {
                    let mut n = 0;
                    for ny in y.saturating_sub(ry)..=(y + ry).min(h - 1) {
                        for nx in x.saturating_sub(rx)..=(x + rx).min(w - 1) {
                            n += usize::from(r.get(nx, ny) == c);
                        }
                    }
                    n
                };
                // Most pixels in the window, ties to the lowest class.
                if let Some(&c) = others
                    .iter()
                    .max_by_key(|&&c| (count(c), std::cmp::Reverse(c)))
                {
                    out.data[y * w + x] = c;
                }
            }
        }
        assert!(
            conflicts > 0,
            "the fixture should exercise conflicting claims"
        );
        out
    }
}
