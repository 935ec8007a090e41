//! Runs of sub-pixels for [`compare_coverage`](super::compare_coverage):
//! a pixel row cut into runs of one raster value, a sub-row into runs of
//! one visible polygon, and per-column sums of runs.

/// A run of sub-pixels `[x0, x1)` of one sub-row and its value.
pub(super) type Run = (u32, u32, u32);

/// Runs of one raster value and network flag along a pixel row, in
/// sub-pixels: value `raster value + 256 × on network`.
pub(super) fn value_runs(row: &[u8], net: Option<&[bool]>, f: usize, out: &mut Vec<Run>) {
    out.clear();
    let key = |c: usize| u32::from(row[c]) + 256 * u32::from(net.is_some_and(|n| n[c]));
    let mut c = 0;
    while c < row.len() {
        let k = key(c);
        let start = c;
        while c < row.len() && key(c) == k {
            c += 1;
        }
        out.push(((start * f) as u32, (c * f) as u32, k));
    }
}

/// Cuts `[0, width)` into runs of the visible polygon (index + 1; 0: none):
/// where spans overlap, the last drawn (highest index) wins. Sorts `spans`
/// by start; a sweep over the starts and ends keeps the spans covering the
/// current position (rarely more than two).
pub(super) fn visible_runs(spans: &mut [Run], width: u32, out: &mut Vec<Run>) {
    out.clear();
    spans.sort_unstable_by_key(|s| s.0);
    // Covering spans: (end, index).
    let mut active: Vec<(u32, u32)> = Vec::new();
    let (mut x, mut next) = (0, 0);
    loop {
        let start = spans.get(next).map_or(u32::MAX, |s| s.0);
        let end = active.iter().map(|a| a.0).min().unwrap_or(u32::MAX);
        let e = start.min(end);
        if e == u32::MAX {
            break;
        }
        if e > x {
            let owner = active.iter().map(|a| a.1 + 1).max().unwrap_or(0);
            match out.last_mut() {
                Some(last) if last.2 == owner => last.1 = e,
                _ => out.push((x, e, owner)),
            }
            x = e;
        }
        active.retain(|a| a.0 > e);
        while next < spans.len() && spans[next].0 == e {
            active.push((spans[next].1, spans[next].2));
            next += 1;
        }
    }
    if x < width {
        match out.last_mut() {
            Some(last) if last.2 == 0 => last.1 = width,
            _ => out.push((x, width, 0)),
        }
    }
}

/// Per-column sums of sub-pixel runs over one pixel row: partial columns
/// added directly, whole columns through a difference array.
pub(super) struct ColumnCounts {
    direct: Vec<u32>,
    diff: Vec<i64>,
}

impl ColumnCounts {
    pub(super) fn new(w: usize) -> Self {
        ColumnCounts {
            direct: vec![0; w],
            diff: vec![0; w + 1],
        }
    }

    /// Adds the sub-pixels `[a, b)` (non-empty) to their columns.
    pub(super) fn add(&mut self, a: u32, b: u32, f: u32) {
        let (ca, cb) = (a / f, (b - 1) / f);
        if ca == cb {
            self.direct[ca as usize] += b - a;
            return;
        }
        self.direct[ca as usize] += (ca + 1) * f - a;
        self.direct[cb as usize] += b - cb * f;
        self.diff[ca as usize + 1] += i64::from(f);
        self.diff[cb as usize] -= i64::from(f);
    }

    /// The row's per-column totals; resets the counts.
    pub(super) fn take(&mut self) -> Vec<u32> {
        let mut run = 0i64;
        let mut out = Vec::with_capacity(self.direct.len());
        for (d, diff) in self.direct.iter_mut().zip(&mut self.diff) {
            run += *diff;
            out.push(*d + run as u32);
            *d = 0;
            *diff = 0;
        }
        self.diff[self.direct.len()] = 0;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against painting every position: random spans, many overlapping,
    /// some touching, some sharing a start or an end.
    #[test]
    fn visible_runs_match_painting() {
        let mut seed = 7u64;
        let mut rand = |n: u32| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % u64::from(n)) as u32
        };
        let width = 60;
        let mut out = Vec::new();
        for _ in 0..500 {
            let count = rand(12);
            let mut spans: Vec<Run> = (0..count)
                .map(|i| {
                    let a = rand(width);
                    (a, a + 1 + rand(width - a), i * 3 + rand(3))
                })
                .collect();
            let mut want = vec![0u32; width as usize];
            for &(a, b, i) in &spans {
                for x in a..b {
                    want[x as usize] = want[x as usize].max(i + 1);
                }
            }
            visible_runs(&mut spans, width, &mut out);
            let mut got = Vec::new();
            for &(a, b, o) in &out {
                assert!(a < b);
                got.extend((a..b).map(|_| o));
            }
            assert_eq!(got, want, "{spans:?}");
            // Adjacent runs differ (merged otherwise).
            assert!(out.windows(2).all(|w| w[0].1 == w[1].0 && w[0].2 != w[1].2));
        }
    }

    #[test]
    fn overlapping_spans_show_the_last_drawn() {
        let mut spans = vec![(0, 10, 0), (4, 6, 2), (5, 12, 1), (14, 16, 3)];
        let mut out = Vec::new();
        visible_runs(&mut spans, 20, &mut out);
        assert_eq!(
            out,
            vec![
                (0, 4, 1),
                (4, 6, 3),
                (6, 12, 2),
                (12, 14, 0),
                (14, 16, 4),
                (16, 20, 0)
            ]
        );
        let mut spans = vec![(3, 5, 0), (5, 9, 1)];
        visible_runs(&mut spans, 9, &mut out);
        assert_eq!(out, vec![(0, 3, 0), (3, 5, 1), (5, 9, 2)]);
    }
}
