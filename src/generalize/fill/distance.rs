//! The chessboard distance of [`fill_for`](super::fill_for) to the
//! nearest labelled pixel, capped, by two passes over a band of rows.

/// Chessboard (8-neighbour) distance to the nearest labelled pixel, capped
/// at `cap` (farther pixels get `cap`), for the rows `rows` of a `w × h`
/// raster; row-major, `rows.len() × w` values. Exact: the two passes run on
/// `rows` and `cap` more rows on each side, which hold every labelled pixel
/// nearer than `cap`.
pub(super) fn capped_chessboard_distance(
    src: &[u8],
    (w, h): (usize, usize),
    labelled: &[bool; 256],
    cap: usize,
    rows: std::ops::Range<usize>,
) -> Vec<u16> {
    let cap = cap.min(u16::MAX as usize - 1) as u16;
    let (ca, cb) = (
        rows.start.saturating_sub(cap.into()),
        (rows.end + usize::from(cap)).min(h),
    );
    let mut d: Vec<u16> = src[ca * w..cb * w]
        .iter()
        .map(|&v| if labelled[v as usize] { 0 } else { cap })
        .collect();
    let n = cb - ca;
    for y in 0..n {
        let (done, rest) = d.split_at_mut(y * w);
        let prev = y.checked_sub(1).map(|p| &done[p * w..y * w]);
        chessboard_row(&mut rest[..w], prev);
    }
    for y in (0..n).rev() {
        let (before, after) = d.split_at_mut((y + 1) * w);
        let next = (y + 1 < n).then(|| &after[..w]);
        chessboard_row_from(&mut before[y * w..], next);
    }
    d.drain(..(rows.start - ca) * w);
    d.truncate(rows.len() * w);
    d
}

/// One row of the forward pass: every pixel takes the smallest of its
/// distance and its already visited neighbours' (up-left, up, up-right:
/// `prev`; left) plus one. The row above first (a loop the compiler
/// vectorizes), then the left neighbour, which depends on the pixel just
/// computed.
fn chessboard_row(row: &mut [u16], prev: Option<&[u16]>) {
    if let Some(prev) = prev {
        vertical_min(row, prev);
    }
    for x in 1..row.len() {
        row[x] = row[x].min(row[x - 1] + 1);
    }
}

/// One row of the backward pass: as [`chessboard_row`] with the row below
/// (`next`) and the right neighbour.
fn chessboard_row_from(row: &mut [u16], next: Option<&[u16]>) {
    if let Some(next) = next {
        vertical_min(row, next);
    }
    for x in (0..row.len().saturating_sub(1)).rev() {
        row[x] = row[x].min(row[x + 1] + 1);
    }
}

/// `row[x] = min(row[x], other[x - 1..=x + 1] + 1)`.
fn vertical_min(row: &mut [u16], other: &[u16]) {
    let w = row.len();
    let other = &other[..w];
    if w == 1 {
        row[0] = row[0].min(other[0] + 1);
        return;
    }
    row[0] = row[0].min(other[0].min(other[1]) + 1);
    for x in 1..w - 1 {
        row[x] = row[x].min(other[x - 1].min(other[x]).min(other[x + 1]) + 1);
    }
    row[w - 1] = row[w - 1].min(other[w - 2].min(other[w - 1]) + 1);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The capped distance of any band of rows against the definition: the
    /// largest of |dx| and |dy| to the nearest labelled pixel, at most the
    /// cap.
    #[test]
    fn capped_chessboard_distance_is_exact() {
        let (w, h) = (23, 37);
        let src: Vec<u8> = (0..w * h)
            .map(|i| u8::from((i * 7919) % 61 == 0 || i == 5))
            .collect();
        let mut labelled = [false; 256];
        labelled[1] = true;
        let brute = |x: usize, y: usize| {
            (0..w * h)
                .filter(|&j| src[j] == 1)
                .map(|j| (x.abs_diff(j % w)).max(y.abs_diff(j / w)))
                .min()
                .unwrap()
        };
        for cap in [1, 2, 3, 7, 40] {
            for rows in [0..h, 0..1, 5..9, 30..37, 12..13] {
                let d = capped_chessboard_distance(&src, (w, h), &labelled, cap, rows.clone());
                assert_eq!(d.len(), rows.len() * w);
                for y in rows.clone() {
                    for x in 0..w {
                        let got = usize::from(d[(y - rows.start) * w + x]);
                        assert_eq!(got, brute(x, y).min(cap), "cap {cap}, ({x}, {y})");
                    }
                }
            }
        }
        // Nothing labelled: every pixel at the cap.
        let none = [false; 256];
        assert!(capped_chessboard_distance(&src, (w, h), &none, 9, 3..6)
            .iter()
            .all(|&v| v == 9));
    }
}
