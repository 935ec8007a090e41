//! What one acquisition shows of the patches of a strip: each input read
//! once over the strip's window (256 rows of the patches' columns), its
//! nodata and cloudy pixels counted patch by patch ([`Look`]), and the
//! stacks of the patches it covers (the Sentinel-2 bands in the profile's
//! order, 20 m ones resampled; VV and VH in the dataset profile's order, in the unit asked for).
//!
//! Sentinel-2: the masks are read first (edge mask: nodata; cloud mask:
//! cloudy); bands are read only when a patch is still open, and only for
//! those patches.

use std::collections::BTreeMap;
use std::path::Path;

use super::error::TripletsError;
use super::inputs::{Placed, Placement, S1Input, S1Kind, S2Input, S2Kind};
use super::params::Settings;
use super::resample::{self, Coarse};
use super::select::{judge, Look, Verdict};
use super::stack;
use crate::io::formats::bands::Reader;

/// The strip's window in the tile: first column, width, first row (10 m).
#[derive(Clone, Copy, Debug)]
pub struct Span {
    pub x: usize,
    pub width: usize,
    pub y: usize,
}

/// One acquisition's look at each patch, and the stack of those it covers.
pub type Seen<T> = Vec<(Look, Option<Vec<T>>)>;

pub(super) fn read_err(path: &Path, why: String) -> TripletsError {
    TripletsError::Read {
        path: path.to_path_buf(),
        why,
    }
}

pub(super) fn open(placed: &Placed) -> Result<Reader, TripletsError> {
    Reader::open(&placed.path).map_err(|e| read_err(&placed.path, e))
}

/// A window of one band, read, and which of its pixels lay outside the
/// raster (`outside` empty: none).
pub(super) struct Read<T> {
    pub values: Vec<T>,
    pub outside: Vec<bool>,
}

impl<T: Copy> Read<T> {
    /// For each patch of `xs` (columns of the strip whose window starts at
    /// `span.x`), how many of its pixels satisfy `bad`, plus, when
    /// `outside` is counted, those outside the raster.
    fn count(
        &self,
        span: Span,
        xs: &[usize],
        size: usize,
        bad: impl Fn(T) -> bool,
        outside: bool,
    ) -> Vec<usize> {
        xs.iter()
            .map(|&x| {
                let c = x - span.x;
                let mut n = 0;
                for r in 0..size {
                    let at = r * span.width + c;
                    n += self.values[at..at + size]
                        .iter()
                        .filter(|&&v| bad(v))
                        .count();
                    if outside && !self.outside.is_empty() {
                        n += self.outside[at..at + size].iter().filter(|&&o| o).count();
                    }
                }
                n
            })
            .collect()
    }
}

/// Reads the part of band `band` of `placed` within the window (in the
/// raster's own pixels from the tile's corner: `x`, `y`, `w`, `h`);
/// pixels outside the raster take `fill`.
pub(super) fn read_placed<T: gdal::raster::GdalType + Copy + Default>(
    reader: &Reader,
    placed: &Placed,
    band: usize,
    (x, y, w, h): (i64, i64, usize, usize),
    fill: T,
) -> Result<Read<T>, TripletsError> {
    let p: &Placement = &placed.placement;
    let x0 = x.max(p.x0);
    let y0 = y.max(p.y0);
    let x1 = (x + w as i64).min(p.x0 + p.width as i64);
    let y1 = (y + h as i64).min(p.y0 + p.height as i64);
    let mut read = Read {
        values: Vec::new(),
        outside: Vec::new(),
    };
    let (iw, ih) = ((x1 - x0).max(0) as usize, (y1 - y0).max(0) as usize);
    let origin = ((x0 - p.x0).max(0) as usize, (y0 - p.y0).max(0) as usize);
    if (iw, ih) == (w, h) {
        reader
            .read(band, origin, (w, h), &mut read.values)
            .map_err(|e| read_err(&placed.path, e))?;
        return Ok(read);
    }
    read.values.resize(w * h, fill);
    read.outside.resize(w * h, true);
    if iw == 0 || ih == 0 {
        return Ok(read);
    }
    let mut buf = Vec::new();
    reader
        .read(band, origin, (iw, ih), &mut buf)
        .map_err(|e| read_err(&placed.path, e))?;
    for r in 0..ih {
        let at = ((y0 - y) as usize + r) * w + (x0 - x) as usize;
        read.values[at..at + iw].copy_from_slice(&buf[r * iw..(r + 1) * iw]);
        read.outside[at..at + iw].fill(false);
    }
    Ok(read)
}

/// The band's nodata as a 16-bit value, when it is one.
fn nodata_i16(placed: &Placed) -> Option<i16> {
    placed
        .nodata
        .filter(|v| v.fract() == 0.0 && *v >= f64::from(i16::MIN) && *v <= f64::from(i16::MAX))
        .map(|v| v as i16)
}

/// What a Sentinel-2 acquisition shows of each of the patches at `xs`.
pub fn see_s2(
    input: &S2Input,
    span: Span,
    xs: &[usize],
    s: &Settings,
) -> Result<Seen<i16>, TripletsError> {
    let size = s.patch_size;
    let pixels = size * size;
    let win = (span.x as i64, span.y as i64, span.width, size);
    let band_files: Vec<(&Placed, usize)> = match &input.kind {
        S2Kind::Theia { bands, .. } => bands.iter().map(|b| (b, 1)).collect(),
        S2Kind::Plain { file, band_index } => band_index.iter().map(|&i| (file, i)).collect(),
    };
    let mut looks: Vec<Look> = vec![
        Look {
            pixels,
            nodata: 0,
            cloudy: 0
        };
        xs.len()
    ];
    if let S2Kind::Theia { clouds, edge, .. } = &input.kind {
        // Outside the edge mask's raster reads 1 (nodata); outside the
        // cloud mask's, 0 (not cloudy).
        let edg = read_placed(&open(edge)?, edge, 1, win, 1u8)?;
        let clm = read_placed(&open(clouds)?, clouds, 1, win, 0u8)?;
        let bits = s.cloud_mask_bits;
        let nodata = edg.count(span, xs, size, |v| v != 0, false);
        let cloudy = clm.count(span, xs, size, |v| v & bits != 0, false);
        for (i, l) in looks.iter_mut().enumerate() {
            l.nodata = nodata[i];
            l.cloudy = cloudy[i];
        }
    }
    // Patches still open once the masks are read: only those need bands.
    let todo: Vec<usize> = (0..xs.len())
        .filter(|&i| judge(&looks[i], s.max_cloudy_pixels) == Verdict::Kept)
        .collect();
    let mut stacks: Vec<Option<Vec<i16>>> = vec![None; xs.len()];
    if todo.is_empty() {
        return Ok(looks.into_iter().map(|l| (l, None)).collect());
    }
    for &i in &todo {
        stacks[i] = Some(vec![0i16; pixels * band_files.len()]);
    }
    let open_xs: Vec<usize> = todo.iter().map(|&i| xs[i]).collect();
    let first = open_xs[0];
    let narrow = Span {
        x: first,
        width: open_xs[open_xs.len() - 1] + size - first,
        y: span.y,
    };
    let win = (narrow.x as i64, narrow.y as i64, narrow.width, size);
    let nodata_out = s.s2_nodata_i16();
    let mut readers: BTreeMap<&Path, Reader> = BTreeMap::new();
    for (b, (placed, band)) in band_files.iter().enumerate() {
        if !readers.contains_key(placed.path.as_path()) {
            readers.insert(&placed.path, open(placed)?);
        }
        let reader = &readers[placed.path.as_path()];
        let nodata = nodata_i16(placed);
        let counts = if placed.placement.pixel_size == s.pixel_size {
            let read = read_placed(reader, placed, *band, win, nodata_out)?;
            for &i in &todo {
                let c = xs[i] - narrow.x;
                let stack = stacks[i].as_mut().expect("open patch");
                for r in 0..size {
                    let from = r * narrow.width + c;
                    stack[b * pixels + r * size..b * pixels + (r + 1) * size]
                        .copy_from_slice(&read.values[from..from + size]);
                }
            }
            read.count(narrow, &open_xs, size, |v| nodata == Some(v), true)
        } else {
            coarse_band(
                reader,
                placed,
                *band,
                nodata,
                (narrow, &open_xs),
                s,
                b,
                &todo,
                &mut stacks,
            )?
        };
        for (k, &i) in todo.iter().enumerate() {
            looks[i].nodata += counts[k];
        }
    }
    Ok(looks
        .into_iter()
        .zip(stacks)
        .map(|(l, st)| {
            let keep = judge(&l, s.max_cloudy_pixels) == Verdict::Kept;
            (l, st.filter(|_| keep))
        })
        .collect())
}

/// A 20 m band resampled into band `b` of the open patches' stacks (the
/// patches at `xs`, stacks of the indices `todo`); returns each patch's
/// pixels without a value (all of them for a patch the raster misses).
#[allow(clippy::too_many_arguments)]
fn coarse_band(
    reader: &Reader,
    placed: &Placed,
    band: usize,
    nodata: Option<i16>,
    (span, xs): (Span, &[usize]),
    s: &Settings,
    b: usize,
    todo: &[usize],
    stacks: &mut [Option<Vec<i16>>],
) -> Result<Vec<usize>, TripletsError> {
    let size = s.patch_size;
    let pixels = size * size;
    let p = placed.placement;
    // 10 m pixels from the 20 m raster's corner.
    let (ox, oy) = (2 * p.x0, 2 * p.y0);
    let inside = |x: usize| {
        let (px, py) = (x as i64 - ox, span.y as i64 - oy);
        px >= 0
            && py >= 0
            && px + size as i64 <= 2 * p.width as i64
            && py + size as i64 <= 2 * p.height as i64
    };
    let mut counts = vec![pixels; xs.len()];
    let ins: Vec<usize> = (0..xs.len()).filter(|&k| inside(xs[k])).collect();
    let (Some(&first), Some(&last)) = (ins.first(), ins.last()) else {
        return Ok(counts);
    };
    let local = |x: usize| ((x as i64 - ox) as usize, (span.y as i64 - oy) as usize);
    let (lx, ly) = local(xs[first]);
    let width = xs[last] + size - xs[first];
    let (sx, sy, sw, sh) = resample::source_window((lx, ly), (width, size), (p.width, p.height));
    let mut data = Vec::new();
    reader
        .read(band, (sx, sy), (sw, sh), &mut data)
        .map_err(|e| read_err(&placed.path, e))?;
    let coarse = Coarse {
        data: &data,
        width: sw,
        height: sh,
        x0: sx,
        y0: sy,
        raster_width: p.width,
        raster_height: p.height,
        nodata,
    };
    let nodata_out = s.s2_nodata_i16();
    for k in ins {
        let stack = stacks[todo[k]].as_mut().expect("open patch");
        let out = &mut stack[b * pixels..(b + 1) * pixels];
        counts[k] = resample::upsample_2x(&coarse, local(xs[k]), (size, size), nodata_out, out);
    }
    Ok(counts)
}

/// What a Sentinel-1 acquisition shows of each of the patches at `xs`.
pub fn see_s1(
    input: &S1Input,
    span: Span,
    xs: &[usize],
    s: &Settings,
) -> Result<Seen<f32>, TripletsError> {
    let size = s.patch_size;
    let pixels = size * size;
    let win = (span.x as i64, span.y as i64, span.width, size);
    let read =
        |placed: &Placed, reader: &Reader, band: usize| -> Result<Read<f32>, TripletsError> {
            let mut r = read_placed(reader, placed, band, win, f32::NAN)?;
            stack::convert(
                &mut r.values,
                input.unit,
                s.s1_unit,
                placed.nodata.map(|x| x as f32),
            );
            Ok(r)
        };
    let (vv, vh) = match &input.kind {
        S1Kind::Pair { vv, vh } => (read(vv, &open(vv)?, 1)?, read(vh, &open(vh)?, 1)?),
        S1Kind::Plain { file, vv, vh } => {
            let reader = open(file)?;
            (read(file, &reader, *vv)?, read(file, &reader, *vh)?)
        }
    };
    // Outside the raster reads NaN: counted as such.
    let bad = |r: &Read<f32>| r.count(span, xs, size, f32::is_nan, false);
    let (bad_vv, bad_vh) = (bad(&vv), bad(&vh));
    Ok(xs
        .iter()
        .enumerate()
        .map(|(k, &x)| {
            // Counted per band: only whether it is 0 matters.
            let nodata = bad_vv[k] + bad_vh[k];
            let look = Look {
                pixels,
                nodata,
                cloudy: 0,
            };
            let stack = (nodata == 0).then(|| {
                let c = x - span.x;
                let mut st = Vec::with_capacity(2 * pixels);
                for name in &s.s1_bands {
                    let band = if name == "VV" { &vv.values } else { &vh.values };
                    for r in 0..size {
                        st.extend_from_slice(&band[r * span.width + c..r * span.width + c + size]);
                    }
                }
                st
            });
            (look, stack)
        })
        .collect())
}
