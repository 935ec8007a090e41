//! The 20 m Sentinel-2 bands (B5, B6, B7, B8A, B11, B12) on the 10 m grid,
//! by cubic interpolation (§3.2 of the paper: "the bands at 20 meters are
//! resampled to 10 meters spatial resolution using cubic interpolation").
//!
//! Semantics, chosen to be GDAL's `gdalwarp -r cubic` exactly (the test
//! `tests/triplets_resample.rs` compares every pixel of a band with
//! gdalwarp's, tolerance 0):
//!
//! * a 10 m pixel's centre, in the 20 m raster's pixel coordinates, is
//!   `u = (X + 0.5) / 2 − 0.5`: a quarter of a 20 m pixel before or after
//!   a 20 m pixel centre, so only two kernels occur;
//! * cubic convolution (Keys, a = −0.5, GDAL's "cubic") over the 4 × 4 20 m
//!   pixels around it, separably: along rows, then along columns. The
//!   weights at distances 0.25, 0.75, 1.25, 1.75 are 111/128, 29/128,
//!   −9/128, −3/128, so with 16-bit integers the sums are exact in integer
//!   arithmetic (this code) and in double precision (GDAL's): the two agree
//!   to the last unit, rounding included (half up, as GDAL's
//!   `floor(v + 0.5)`), then clamp to the Int16 range;
//! * within 2 pixels of the 20 m raster's edge, where the 4 × 4 window
//!   leaves the raster, bilinear interpolation over the 2 × 2 pixels inside
//!   it, weights renormalised (what GDAL's warper does there);
//! * a 10 m pixel is nodata when any 20 m pixel of its window is the
//!   band's nodata (GDAL would interpolate from the others; a patch date
//!   holding such a pixel is dropped anyway, see [`super::select`]).
//!
//! ```
//! use multisenge::triplets::resample::{upsample_2x, Coarse};
//! let data: Vec<i16> = (0..64).map(|i| 100 * (i % 8) as i16).collect(); // a ramp along x
//! let band = Coarse { data: &data, width: 8, height: 8, x0: 0, y0: 0,
//!                     raster_width: 8, raster_height: 8, nodata: None };
//! let mut out = vec![0i16; 4 * 4];
//! let nodata = upsample_2x(&band, (6, 6), (4, 4), -10000, &mut out);
//! assert_eq!(nodata, 0);
//! // 10 m columns 6..10 sit at 20 m u = 2.75, 3.25, 3.75, 4.25: a linear ramp stays linear.
//! assert_eq!(&out[..4], &[275, 325, 375, 425]);
//! ```

/// A window of one 20 m band and where it lies in its raster.
#[derive(Clone, Copy, Debug)]
pub struct Coarse<'a> {
    /// `width × height` pixels, row by row.
    pub data: &'a [i16],
    pub width: usize,
    pub height: usize,
    /// Column and row of the window's first pixel in the raster.
    pub x0: usize,
    pub y0: usize,
    /// The whole raster's size: its edges decide the bilinear fallback.
    pub raster_width: usize,
    pub raster_height: usize,
    pub nodata: Option<i16>,
}

/// Cubic weights × 128 of the four 20 m pixels `k − 2 … k + 1` for the
/// even 10 m pixel `2k`, and `k − 1 … k + 2` for the odd one `2k + 1`.
const EVEN: [i32; 4] = [-3, 29, 111, -9];
const ODD: [i32; 4] = [-9, 111, 29, -3];

/// The first 20 m pixel of the 4-pixel window of 10 m pixel `x`, and its weights.
fn taps(x: usize) -> (isize, &'static [i32; 4]) {
    let k = (x / 2) as isize;
    if x % 2 == 0 {
        (k - 2, &EVEN)
    } else {
        (k - 1, &ODD)
    }
}

/// The 20 m window a caller must read for the 10 m pixels `x..x + w`,
/// `y..y + h` of a raster of `raster` 20 m pixels: `(x0, y0, width,
/// height)`, clipped to the raster.
pub fn source_window(
    (x, y): (usize, usize),
    (w, h): (usize, usize),
    raster: (usize, usize),
) -> (usize, usize, usize, usize) {
    let span = |start: usize, len: usize, size: usize| {
        let first = (taps(start).0).max(0) as usize;
        let last = ((taps(start + len - 1).0 + 3) as usize).min(size - 1);
        (first, last + 1 - first)
    };
    let (x0, width) = span(x, w, raster.0);
    let (y0, height) = span(y, h, raster.1);
    (x0, y0, width, height)
}

/// Writes the 10 m pixels `x..x + w`, `y..y + h` (10 m pixel coordinates
/// from the 20 m raster's corner) of `band` into `out` (`w × h`, row by
/// row); nodata pixels take `nodata_out`. Returns how many did. The window
/// must hold the pixels [`source_window`] names, and the 10 m pixels must
/// lie inside the raster (`x + w ≤ 2 × raster_width`).
pub fn upsample_2x(
    band: &Coarse,
    origin: (usize, usize),
    size: (usize, usize),
    nodata_out: i16,
    out: &mut [i16],
) -> usize {
    upsample_2x_flagged(band, origin, size, nodata_out, out, None)
}

/// [`upsample_2x`], also setting `flags[i]` for each nodata pixel `i`
/// (`flags` as long as `out`; the others are left as they are).
pub fn upsample_2x_flagged(
    band: &Coarse,
    (x, y): (usize, usize),
    (w, h): (usize, usize),
    nodata_out: i16,
    out: &mut [i16],
    mut flags: Option<&mut [bool]>,
) -> usize {
    assert_eq!(out.len(), w * h, "output buffer of {w} × {h}");
    assert!(x + w <= 2 * band.raster_width && y + h <= 2 * band.raster_height);
    let (sx, sy, sw, sh) = source_window((x, y), (w, h), (band.raster_width, band.raster_height));
    assert!(
        sx >= band.x0
            && sy >= band.y0
            && sx + sw <= band.x0 + band.width
            && sy + sh <= band.y0 + band.height,
        "the 20 m window does not hold the pixels the 10 m ones need"
    );
    let interior = |start: isize, size: usize| start >= 0 && start as usize + 3 < size;
    let col_ok: Vec<bool> = (x..x + w)
        .map(|c| interior(taps(c).0, band.raster_width))
        .collect();
    // Horizontal pass of the cubic kernel over the source rows the output
    // rows need: `rows[r][c]` for source row `first_row + r` (× 128).
    let first_row = taps(y).0.max(0) as usize;
    let last_row = ((taps(y + h - 1).0 + 3) as usize).min(band.raster_height - 1);
    let n_rows = last_row + 1 - first_row;
    let mut rows = vec![0i32; n_rows * w];
    let mut row_bad = vec![false; n_rows * w];
    let mut row_has_bad = vec![false; n_rows];
    // Each column's first tap (in the window) and weights, once.
    let cols: Vec<(usize, &[i32; 4])> = (x..x + w)
        .zip(&col_ok)
        .map(|(c, &ok)| {
            let (start, k) = taps(c);
            (if ok { start as usize - band.x0 } else { 0 }, k)
        })
        .collect();
    // The source columns the interior columns read.
    let used = cols
        .iter()
        .zip(&col_ok)
        .filter(|(_, &ok)| ok)
        .map(|(&(at, _), _)| at)
        .fold(None, |acc: Option<(usize, usize)>, at| {
            Some(acc.map_or((at, at + 4), |(a, b)| (a.min(at), b.max(at + 4))))
        });
    for r in 0..n_rows {
        let src = &band.data[(first_row + r - band.y0) * band.width..][..band.width];
        let line = &mut rows[r * w..(r + 1) * w];
        for (c, &(at, k)) in cols.iter().enumerate() {
            if col_ok[c] {
                let v = &src[at..at + 4];
                line[c] = k[0] * i32::from(v[0])
                    + k[1] * i32::from(v[1])
                    + k[2] * i32::from(v[2])
                    + k[3] * i32::from(v[3]);
            }
        }
        // Nodata is rare: a row without any is not looked at per column.
        let any = |nd: &i16| used.is_some_and(|(a, b)| src[a..b].contains(nd));
        if let Some(nd) = band.nodata.filter(any) {
            let flags = &mut row_bad[r * w..(r + 1) * w];
            for (c, &(at, _)) in cols.iter().enumerate() {
                if col_ok[c] && src[at..at + 4].contains(&nd) {
                    flags[c] = true;
                    row_has_bad[r] = true;
                }
            }
        }
    }
    let mut count = 0;
    let mut mark = |i: usize, out: &mut [i16]| {
        count += 1;
        out[i] = nodata_out;
        if let Some(f) = flags.as_deref_mut() {
            f[i] = true;
        }
    };
    for j in 0..h {
        let (start, k) = taps(y + j);
        let line = &mut out[j * w..(j + 1) * w];
        if interior(start, band.raster_height) {
            // Vertical pass over whole rows (vectorised): |sum| ≤ 152 × 152
            // × 32 768 < 2^31, so i32 holds it exactly.
            let r0 = start as usize - first_row;
            let row = |m: usize| &rows[(r0 + m) * w..(r0 + m + 1) * w];
            let (a, b, c, d) = (row(0), row(1), row(2), row(3));
            for i in 0..w {
                let sum = k[0] * a[i] + k[1] * b[i] + k[2] * c[i] + k[3] * d[i];
                // floor(sum / 16384 + 0.5), exactly.
                line[i] = ((sum + 8192) >> 14).clamp(i16::MIN.into(), i16::MAX.into()) as i16;
            }
            for i in (0..w).filter(|&i| !col_ok[i]) {
                line[i] = bilinear(band, x + i, y + j).unwrap_or(nodata_out);
            }
            let bad_rows: Vec<usize> = (0..4).filter(|&m| row_has_bad[r0 + m]).collect();
            let edge_cols = col_ok.iter().any(|ok| !ok);
            if bad_rows.is_empty() && !edge_cols {
                continue;
            }
            for i in 0..w {
                let bad = if col_ok[i] {
                    bad_rows.iter().any(|&m| row_bad[(r0 + m) * w + i])
                } else {
                    bilinear(band, x + i, y + j).is_none()
                };
                if bad {
                    mark(j * w + i, out);
                }
            }
        } else {
            for i in 0..w {
                match bilinear(band, x + i, y + j) {
                    Some(v) => out[j * w + i] = v,
                    None => mark(j * w + i, out),
                }
            }
        }
    }
    count
}

/// GDAL's fallback near the raster's edge: bilinear over the 2 × 2 20 m
/// pixels around 10 m pixel (`x`, `y`) that lie inside the raster, weights
/// renormalised; `None` when one of them is nodata.
fn bilinear(band: &Coarse, x: usize, y: usize) -> Option<i16> {
    let axis = |p: usize| {
        let u = (p as f64 + 0.5) / 2.0 - 0.5;
        let i = u.floor();
        (i as isize, u - i)
    };
    let (ix, dx) = axis(x);
    let (iy, dy) = axis(y);
    let (mut acc, mut weight) = (0.0f64, 0.0f64);
    for (row, wy) in [(iy, 1.0 - dy), (iy + 1, dy)] {
        for (col, wx) in [(ix, 1.0 - dx), (ix + 1, dx)] {
            let inside = row >= 0
                && col >= 0
                && (row as usize) < band.raster_height
                && (col as usize) < band.raster_width;
            if !inside {
                continue;
            }
            let v = band.data[(row as usize - band.y0) * band.width + (col as usize - band.x0)];
            if band.nodata == Some(v) {
                return None;
            }
            acc += wx * wy * f64::from(v);
            weight += wx * wy;
        }
    }
    let value = (acc / weight + 0.5).floor();
    Some(value.clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys' cubic kernel, a = −0.5, as a function of the distance.
    fn keys(t: f64) -> f64 {
        let (a, t) = (-0.5, t.abs());
        if t <= 1.0 {
            (a + 2.0) * t.powi(3) - (a + 3.0) * t * t + 1.0
        } else if t < 2.0 {
            a * t.powi(3) - 5.0 * a * t * t + 8.0 * a * t - 4.0 * a
        } else {
            0.0
        }
    }

    /// Brute force: every output pixel from the kernel's definition, in
    /// double precision, over the whole raster.
    fn oracle(data: &[i16], w: usize, h: usize, x: usize, y: usize, nodata: i16) -> i16 {
        let u = (x as f64 + 0.5) / 2.0 - 0.5;
        let v = (y as f64 + 0.5) / 2.0 - 0.5;
        let (iu, iv) = (u.floor() as isize, v.floor() as isize);
        let (du, dv) = (u - iu as f64, v - iv as f64);
        let inside = |c: isize, r: isize| c >= 0 && r >= 0 && (c as usize) < w && (r as usize) < h;
        let at = |c: isize, r: isize| data[r as usize * w + c as usize];
        if iu < 1 || iu + 2 >= w as isize || iv < 1 || iv + 2 >= h as isize {
            let (mut acc, mut ws) = (0.0, 0.0);
            for (r, wy) in [(iv, 1.0 - dv), (iv + 1, dv)] {
                for (c, wx) in [(iu, 1.0 - du), (iu + 1, du)] {
                    if inside(c, r) {
                        if at(c, r) == nodata {
                            return nodata;
                        }
                        acc += wx * wy * f64::from(at(c, r));
                        ws += wx * wy;
                    }
                }
            }
            return (acc / ws + 0.5).floor() as i16;
        }
        let mut acc = 0.0;
        for m in -1..3 {
            let mut row = 0.0;
            for n in -1..3 {
                if at(iu + n, iv + m) == nodata {
                    return nodata;
                }
                row += keys(n as f64 - du) * f64::from(at(iu + n, iv + m));
            }
            acc += keys(m as f64 - dv) * row;
        }
        (acc + 0.5).floor().clamp(-32768.0, 32767.0) as i16
    }

    fn noise(w: usize, h: usize, seed: u64) -> Vec<i16> {
        let mut s = seed;
        (0..w * h)
            .map(|_| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((s >> 33) % 10_001) as i16
            })
            .collect()
    }

    #[test]
    fn weights_are_the_kernel_at_the_two_phases() {
        for (t, k) in [(0.75, EVEN), (0.25, ODD)] {
            for (n, w) in k.iter().enumerate() {
                assert_eq!(keys(n as f64 - 1.0 - t) * 128.0, f64::from(*w));
            }
            assert_eq!(k.iter().sum::<i32>(), 128);
        }
    }

    #[test]
    fn every_pixel_equals_the_brute_force_kernel_including_edges() {
        let (w, h) = (23, 17);
        let data = noise(w, h, 7);
        let band = Coarse {
            data: &data,
            width: w,
            height: h,
            x0: 0,
            y0: 0,
            raster_width: w,
            raster_height: h,
            nodata: Some(-10_000),
        };
        let mut out = vec![0; 2 * w * 2 * h];
        assert_eq!(
            upsample_2x(&band, (0, 0), (2 * w, 2 * h), -10_000, &mut out),
            0
        );
        for y in 0..2 * h {
            for x in 0..2 * w {
                assert_eq!(
                    out[y * 2 * w + x],
                    oracle(&data, w, h, x, y, -10_000),
                    "({x}, {y})"
                );
            }
        }
        // Extreme values clamp instead of wrapping.
        let spikes: Vec<i16> = (0..w * h)
            .map(|i| if i % 2 == 0 { 32_767 } else { -32_768 })
            .collect();
        let band = Coarse {
            data: &spikes,
            ..band
        };
        upsample_2x(&band, (0, 0), (2 * w, 2 * h), -10_000, &mut out);
        for y in 0..2 * h {
            for x in 0..2 * w {
                assert_eq!(
                    out[y * 2 * w + x],
                    oracle(&spikes, w, h, x, y, -10_000),
                    "({x}, {y})"
                );
            }
        }
    }

    #[test]
    fn a_window_gives_the_pixels_of_the_whole() {
        let (w, h) = (40, 30);
        let data = noise(w, h, 3);
        let whole = Coarse {
            data: &data,
            width: w,
            height: h,
            x0: 0,
            y0: 0,
            raster_width: w,
            raster_height: h,
            nodata: None,
        };
        let mut all = vec![0; 4 * w * h];
        upsample_2x(&whole, (0, 0), (2 * w, 2 * h), 0, &mut all);
        for (px, py, pw, ph) in [
            (0, 0, 9, 7),
            (13, 21, 16, 16),
            (62, 44, 18, 16),
            (1, 3, 1, 1),
        ] {
            let (sx, sy, sw, sh) = source_window((px, py), (pw, ph), (w, h));
            let part: Vec<i16> = (sy..sy + sh)
                .flat_map(|r| data[r * w + sx..r * w + sx + sw].to_vec())
                .collect();
            let window = Coarse {
                data: &part,
                width: sw,
                height: sh,
                x0: sx,
                y0: sy,
                ..whole
            };
            let mut out = vec![0; pw * ph];
            upsample_2x(&window, (px, py), (pw, ph), 0, &mut out);
            for j in 0..ph {
                for i in 0..pw {
                    assert_eq!(out[j * pw + i], all[(py + j) * 2 * w + px + i]);
                }
            }
        }
    }

    #[test]
    fn nodata_spreads_to_the_pixels_whose_window_holds_it() {
        let (w, h) = (12, 12);
        let mut data = vec![500i16; w * h];
        data[6 * w + 6] = -10_000;
        let band = Coarse {
            data: &data,
            width: w,
            height: h,
            x0: 0,
            y0: 0,
            raster_width: w,
            raster_height: h,
            nodata: Some(-10_000),
        };
        let mut out = vec![0; 4 * w * h];
        let n = upsample_2x(&band, (0, 0), (2 * w, 2 * h), -10_000, &mut out);
        // 20 m pixel 6 is in the windows of 10 m pixels 9..=16 (4 taps
        // each side): 8 × 8 pixels.
        assert_eq!(n, 64);
        for y in 0..2 * h {
            for x in 0..2 * w {
                let bad = (9..=16).contains(&x) && (9..=16).contains(&y);
                assert_eq!(out[y * 2 * w + x] == -10_000, bad, "({x}, {y})");
                assert!(bad || out[y * 2 * w + x] == 500);
            }
        }
    }
}
