//! The source's coverage: which pixels the land-cover source says anything
//! about, so that the generalization fills the holes it made and invents
//! no land where the source has none.
//!
//! Semantics:
//!
//! * A pixel is **covered** when a polygon of the source covers it by the
//!   step-1 pixel rule ([`rasterize`](super::rasterize)): any polygon,
//!   whatever its class, those the mapping leaves blank (class 0, such as
//!   transport surfaces in the `paper` profile) and those whose codes are
//!   missing from the mapping table included.
//! * A **gap** the source encloses is covered too: ground no polygon
//!   covers but from which the edge of the grid cannot be reached without
//!   crossing a covered pixel (through edge neighbours: 4-connected), such
//!   as the hole of a polygon without an island, the uncovered lobes of a
//!   self-intersecting ring, or a missing polygon. The source has a hole
//!   there; it does not end there ([`enclosed_gaps_to_empty`]).
//! * Other pixels are **outside** the coverage: [`OUTSIDE`] between the
//!   steps. Step 2 leaves them alone; step 3 does not fill them (unless
//!   `fill_beyond_coverage`, which makes them empty first, the behaviour
//!   before this distinction: propagation over the whole grid); step 4
//!   neither closes them as a class nor gives them to a class; step 5 burns
//!   no road over them (unless `burn_outside_coverage`); the final MMU pass
//!   neither merges them nor merges anything into them.
//! * After the steps, [`settle`] writes them as [`EMPTY`] (the outputs'
//!   nodata value) and counts, in the part that is written, the pixels left
//!   empty outside the coverage and inside it (those the fill could not
//!   reach: beyond `fill_propagation_limit`, or in covered ground with no
//!   class anywhere near). Patches holding any empty pixel are not written.
//!
//! ```
//! use multisenge::generalize::coverage::settle;
//! use multisenge::generalize::fill::Window;
//! use multisenge::generalize::{Raster, EMPTY, OUTSIDE};
//!
//! let mut r = Raster::from_rows(&[&[6, EMPTY, OUTSIDE, OUTSIDE]]);
//! let counts = settle(&mut r, Window { x0: 0, y0: 0, x1: 3, y1: 1 });
//! assert_eq!((counts.outside, counts.inside), (1, 1));
//! // Outside the window nothing changes.
//! assert_eq!(r.data, vec![6, EMPTY, EMPTY, OUTSIDE]);
//! ```

use rayon::prelude::*;

use super::fill::Window;
use super::{Raster, EMPTY, OUTSIDE};
use crate::raster::regions::{encode_runs, label_runs, Runs};
use crate::raster::Connectivity;

/// Makes the gaps the source encloses empty: the 4-connected regions of
/// [`OUTSIDE`] pixels that do not touch the raster's edge become
/// [`EMPTY`] (inside the coverage, for step 3 to fill). Returns how many
/// pixels changed.
///
/// ```
/// use multisenge::generalize::coverage::enclosed_gaps_to_empty;
/// use multisenge::generalize::{Raster, OUTSIDE as X};
///
/// let mut r = Raster::from_rows(&[
///     &[6, 6, 6, X],
///     &[6, X, 6, X],
///     &[6, 6, X, 6],
/// ]);
/// // (1, 1) is enclosed (its diagonal neighbour does not count); the
/// // others reach the edge.
/// assert_eq!(enclosed_gaps_to_empty(&mut r), 1);
/// assert_eq!(r.data, vec![6, 6, 6, X, 6, 0, 6, X, 6, 6, X, 6]);
/// ```
pub fn enclosed_gaps_to_empty(raster: &mut Raster) -> u64 {
    let (w, h) = (raster.width, raster.height);
    if w == 0 || h == 0 {
        return 0;
    }
    let runs = encode_runs(&raster.data, w, |v| v == OUTSIDE, true);
    let open = runs_reaching_the_edge(&runs, w);
    let mut changed = 0u64;
    for (y, i, run) in runs.iter() {
        if !open[i] {
            let at = y as usize * w;
            raster.data[at + run.start as usize..at + run.end as usize].fill(EMPTY);
            changed += u64::from(run.end - run.start);
        }
    }
    changed
}

/// Empty pixels of a written raster, by cause.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EmptyPixels {
    /// Outside the source's coverage.
    pub outside: u64,
    /// Inside it: not reached by the fill.
    pub inside: u64,
}

impl EmptyPixels {
    /// The run summary's line: pixels and hectares, by cause.
    pub fn summary(&self, pixel_size: f64) -> String {
        let ha = |n: u64| n as f64 * pixel_size * pixel_size / 10_000.0;
        format!(
            "{} pixels left empty ({:.2} ha): {} outside the source's coverage ({:.2} ha), {} inside it, out of the fill's reach ({:.2} ha)",
            self.outside + self.inside,
            ha(self.outside + self.inside),
            self.outside,
            ha(self.outside),
            self.inside,
            ha(self.inside)
        )
    }
}

/// Rows per parallel chunk of [`settle`] and [`open_coverage`].
const ROWS: usize = 256;

/// For runs of pixels outside the coverage (`runs`, of a `width`-wide
/// map), whether each reaches the map's edge through others (4-connected):
/// `false` for the runs of a gap the source encloses.
pub fn runs_reaching_the_edge(runs: &Runs, width: usize) -> Vec<bool> {
    let h = runs.rows();
    let root = label_runs(runs, Connectivity::Four, |_, _| true);
    let mut open = vec![false; runs.runs.len()];
    for (y, i, run) in runs.iter() {
        if y == 0 || y as usize + 1 == h || run.start == 0 || run.end as usize == width {
            open[root[i] as usize] = true;
        }
    }
    (0..runs.runs.len())
        .map(|i| open[root[i] as usize])
        .collect()
}

/// Counts the empty pixels of `window` by cause, and writes the pixels
/// outside the coverage there as [`EMPTY`] (pixels outside `window` are
/// left as they are: they are not written).
pub fn settle(raster: &mut Raster, window: Window) -> EmptyPixels {
    let w = raster.width;
    if w == 0 {
        return EmptyPixels::default();
    }
    let (x0, x1) = (window.x0.min(w), window.x1.min(w));
    let (y0, y1) = (window.y0.min(raster.height), window.y1.min(raster.height));
    if x0 >= x1 || y0 >= y1 {
        return EmptyPixels::default();
    }
    raster.data[y0 * w..y1 * w]
        .par_chunks_mut(ROWS * w)
        .map(|chunk| {
            let mut counts = EmptyPixels::default();
            for row in chunk.chunks_exact_mut(w) {
                for v in &mut row[x0..x1] {
                    if *v == OUTSIDE {
                        *v = EMPTY;
                        counts.outside += 1;
                    } else if *v == EMPTY {
                        counts.inside += 1;
                    }
                }
            }
            counts
        })
        .reduce(EmptyPixels::default, |a, b| EmptyPixels {
            outside: a.outside + b.outside,
            inside: a.inside + b.inside,
        })
}

/// Makes every pixel outside the coverage empty, so that the fill treats
/// it as a hole (`fill_beyond_coverage`); returns how many there were.
pub fn open_coverage(raster: &mut Raster) -> u64 {
    let w = raster.width.max(1);
    raster
        .data
        .par_chunks_mut(ROWS * w)
        .map(|chunk| {
            let mut n = 0u64;
            for v in chunk.iter_mut().filter(|v| **v == OUTSIDE) {
                *v = EMPTY;
                n += 1;
            }
            n
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against a count of every pixel, on a raster of several chunks with
    /// a window cutting rows and columns.
    #[test]
    fn settle_counts_and_writes_the_window_only() {
        let (w, h) = (37, 600);
        let data: Vec<u8> = (0..w * h)
            .map(|i| match (i * 7919) % 11 {
                0 | 1 => EMPTY,
                2..=5 => OUTSIDE,
                k => k as u8,
            })
            .collect();
        let before = Raster {
            width: w,
            height: h,
            data,
        };
        let win = Window {
            x0: 3,
            y0: 100,
            x1: 30,
            y1: 531,
        };
        let mut r = before.clone();
        let got = settle(&mut r, win);
        let mut want = EmptyPixels::default();
        for y in 0..h {
            for x in 0..w {
                let (b, a) = (before.get(x, y), r.get(x, y));
                let inside = (win.x0..win.x1).contains(&x) && (win.y0..win.y1).contains(&y);
                if !inside {
                    assert_eq!(a, b, "({x}, {y}) outside the window");
                    continue;
                }
                match b {
                    OUTSIDE => want.outside += 1,
                    EMPTY => want.inside += 1,
                    _ => {}
                }
                assert_eq!(a, if b == OUTSIDE { EMPTY } else { b }, "({x}, {y})");
            }
        }
        assert_eq!(got, want);
        assert!(want.outside > 0 && want.inside > 0);
        // A window beyond the raster counts nothing.
        let far = Window {
            x0: 40,
            y0: 0,
            x1: 50,
            y1: 10,
        };
        assert_eq!(settle(&mut r, far), EmptyPixels::default());
    }

    /// Against a flood fill from the edge, 4 neighbours at a time.
    #[test]
    fn enclosed_gaps_agree_with_a_flood_fill_from_the_edge() {
        let (w, h) = (41, 29);
        let mut s = 5u64;
        let data: Vec<u8> = (0..w * h)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                if s % 5 < 2 {
                    OUTSIDE
                } else {
                    (s % 3) as u8 + 6
                }
            })
            .collect();
        let before = Raster {
            width: w,
            height: h,
            data,
        };
        let mut reached = vec![false; w * h];
        let mut stack: Vec<usize> = (0..w * h)
            .filter(|&i| {
                let (x, y) = (i % w, i / w);
                before.data[i] == OUTSIDE && (x == 0 || y == 0 || x == w - 1 || y == h - 1)
            })
            .collect();
        while let Some(i) = stack.pop() {
            if reached[i] {
                continue;
            }
            reached[i] = true;
            let (x, y) = (i % w, i / w);
            let mut next = vec![];
            if x > 0 {
                next.push(i - 1);
            }
            if x + 1 < w {
                next.push(i + 1);
            }
            if y > 0 {
                next.push(i - w);
            }
            if y + 1 < h {
                next.push(i + w);
            }
            stack.extend(next.into_iter().filter(|&j| before.data[j] == OUTSIDE));
        }
        let mut r = before.clone();
        let changed = enclosed_gaps_to_empty(&mut r);
        let mut want = 0;
        for i in 0..w * h {
            let expected = match before.data[i] {
                OUTSIDE if !reached[i] => EMPTY,
                v => v,
            };
            want += u64::from(expected != before.data[i]);
            assert_eq!(r.data[i], expected, "pixel {i}");
        }
        assert_eq!(changed, want);
        assert!(want > 0 && reached.iter().any(|&b| b));
    }

    #[test]
    fn open_coverage_empties_the_outside() {
        let mut r = Raster::from_rows(&[&[OUTSIDE, 3, EMPTY, OUTSIDE]]);
        assert_eq!(open_coverage(&mut r), 2);
        assert_eq!(r.data, vec![EMPTY, 3, EMPTY, EMPTY]);
    }

    #[test]
    fn summary_gives_pixels_and_hectares_by_cause() {
        let e = EmptyPixels {
            outside: 10_000,
            inside: 3,
        };
        assert_eq!(
            e.summary(10.0),
            "10003 pixels left empty (100.03 ha): 10000 outside the source's coverage (100.00 ha), 3 inside it, out of the fill's reach (0.03 ha)"
        );
    }
}
