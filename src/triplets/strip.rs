//! One strip of patches (one row of the 257-pixel grid): its ground
//! reference, then each acquisition read once over the strip's window,
//! the dates each patch keeps ([`super::select`]), and the files written:
//! each kept Sentinel-2 and Sentinel-1 patch as it is decided, then, for
//! the patches with enough dates, the ground-reference patch and last the
//! label file. A patch whose label file exists is therefore complete, which
//! is what `--resume` relies on; the files of a patch that ends with too
//! few dates are removed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::error::TripletsError;
use super::inputs::{Inputs, Placed, Placement, S1Input, S1Kind, S2Input, S2Kind};
use super::params::Settings;
use super::patches::{classes_if_complete, Strip};
use super::resample::{self, Coarse};
use super::select::{choose, enough_dates, judge, Candidate, Look, PatchDrop, SameDay, Verdict};
use super::stack;
use crate::io::bands::{self, Reader, StackSpec};
use crate::io::geotiff::{self, Styling, WriteOptions};
use crate::model::{FileKind, PatchKey};
use crate::raster::{Grid, Raster};

/// How existing files are treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Nothing of the tile existed (checked before any work).
    Fresh,
    /// Keep what exists; a patch with a label file is done.
    Resume,
    /// Rewrite; files of a patch that the run does not write go.
    Force,
}

/// What every strip shares.
pub struct Plan<'a> {
    pub settings: &'a Settings,
    /// Tile corner and CRS.
    pub ulx: f64,
    pub uly: f64,
    pub wkt: &'a str,
    pub ground_reference: &'a Placed,
    pub inputs: &'a Inputs,
    /// Output folders: ground reference, Sentinel-2, Sentinel-1, labels.
    pub folders: [PathBuf; 4],
    pub mode: Mode,
    /// Files of the tile found in the output before the run, by patch.
    pub existing: &'a BTreeMap<(u32, u32), Vec<PathBuf>>,
    pub styling: &'a Styling,
}

/// What one sensor's acquisitions gave the patches of a strip.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SensorCounts {
    /// Patch dates kept (a file written, or already there with --resume).
    pub kept: usize,
    /// Patch dates dropped: a nodata pixel in the patch.
    pub not_covered: usize,
    /// Patch dates dropped: more cloudy pixels than allowed.
    pub cloudy: usize,
    /// Acquisitions covering a patch on a day another one was kept.
    pub same_day: usize,
    /// Patch dates kept but not written: the patch had too few dates.
    pub patch_not_written: usize,
}

impl SensorCounts {
    fn add(&mut self, o: &SensorCounts) {
        self.kept += o.kept;
        self.not_covered += o.not_covered;
        self.cloudy += o.cloudy;
        self.same_day += o.same_day;
        self.patch_not_written += o.patch_not_written;
    }
}

/// A patch written, with its dates.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct WrittenPatch {
    pub x: usize,
    pub y: usize,
    pub s2: Vec<String>,
    pub s1: Vec<String>,
}

/// What a strip did.
#[derive(Clone, Debug, Default)]
pub struct StripOutcome {
    pub s2: SensorCounts,
    pub s1: SensorCounts,
    pub written: Vec<WrittenPatch>,
    pub dropped: BTreeMap<PatchDrop, usize>,
    /// Patches left as they were (`--resume`: label file present).
    pub already_complete: usize,
    pub files_written: usize,
    /// Files already there and kept (`--resume`).
    pub files_kept: usize,
    pub files_removed: usize,
}

impl StripOutcome {
    pub fn add(&mut self, o: StripOutcome) {
        self.s2.add(&o.s2);
        self.s1.add(&o.s1);
        self.written.extend(o.written);
        for (k, v) in o.dropped {
            *self.dropped.entry(k).or_default() += v;
        }
        self.already_complete += o.already_complete;
        self.files_written += o.files_written;
        self.files_kept += o.files_kept;
        self.files_removed += o.files_removed;
    }
}

/// A patch being built.
struct Active {
    x: usize,
    classes: Vec<u8>,
    pixels: Vec<u8>,
    s2: Vec<String>,
    s1: Vec<String>,
    files: Vec<PathBuf>,
}

/// The strip's window in the tile: first column, width, first row (10 m).
#[derive(Clone, Copy)]
struct Span {
    x: usize,
    width: usize,
    y: usize,
}

fn read_err(path: &Path, why: String) -> TripletsError {
    TripletsError::Read {
        path: path.to_path_buf(),
        why,
    }
}

/// Reads the part of band `band` of `placed` within the window (in the
/// raster's own pixels from the tile's corner: `x`, `y`, `w`, `h`);
/// pixels outside the raster take `fill` and are flagged in `outside`.
fn read_placed<T: gdal::raster::GdalType + Copy + Default>(
    reader: &Reader,
    placed: &Placed,
    band: usize,
    (x, y, w, h): (i64, i64, usize, usize),
    fill: T,
    outside: &mut Vec<bool>,
) -> Result<Vec<T>, TripletsError> {
    let p: &Placement = &placed.placement;
    let x0 = x.max(p.x0);
    let y0 = y.max(p.y0);
    let x1 = (x + w as i64).min(p.x0 + p.width as i64);
    let y1 = (y + h as i64).min(p.y0 + p.height as i64);
    let mut out = vec![fill; w * h];
    outside.clear();
    outside.resize(w * h, true);
    if x1 <= x0 || y1 <= y0 {
        return Ok(out);
    }
    let (iw, ih) = ((x1 - x0) as usize, (y1 - y0) as usize);
    let mut buf = Vec::new();
    reader
        .read(
            band,
            ((x0 - p.x0) as usize, (y0 - p.y0) as usize),
            (iw, ih),
            &mut buf,
        )
        .map_err(|e| read_err(&placed.path, e))?;
    for r in 0..ih {
        let at = ((y0 - y) as usize + r) * w + (x0 - x) as usize;
        out[at..at + iw].copy_from_slice(&buf[r * iw..(r + 1) * iw]);
        outside[at..at + iw].fill(false);
    }
    Ok(out)
}

fn open(placed: &Placed) -> Result<Reader, TripletsError> {
    Reader::open(&placed.path).map_err(|e| read_err(&placed.path, e))
}

/// Counts `flags` over each patch of the strip (patch columns `xs`).
fn per_patch(flags: &[bool], span: Span, xs: &[usize], size: usize) -> Vec<usize> {
    xs.iter()
        .map(|&x| {
            let c = x - span.x;
            (0..size)
                .map(|r| {
                    flags[r * span.width + c..r * span.width + c + size]
                        .iter()
                        .filter(|&&f| f)
                        .count()
                })
                .sum()
        })
        .collect()
}

/// One acquisition's look at each patch, and the stack of those it covers.
type Seen<T> = Vec<(Look, Option<Vec<T>>)>;

/// What a Sentinel-2 acquisition shows of each of the patches at `xs`.
fn see_s2(
    input: &S2Input,
    span: Span,
    xs: &[usize],
    s: &Settings,
) -> Result<Seen<i16>, TripletsError> {
    let size = s.patch_size;
    let pixels = size * size;
    let win = (span.x as i64, span.y as i64, span.width, size);
    let n = span.width * size;
    let mut bad = vec![false; n];
    let mut cloudy = vec![false; n];
    let mut outside = Vec::new();
    let nodata_out = s.s2_nodata_i16();
    let band_files: Vec<(&Placed, usize)> = match &input.kind {
        S2Kind::Theia {
            bands,
            clouds,
            edge,
        } => {
            let edg: Vec<u8> = read_placed(&open(edge)?, edge, 1, win, 1, &mut outside)?;
            for i in 0..n {
                bad[i] = outside[i] || edg[i] != 0;
            }
            let clm: Vec<u8> = read_placed(&open(clouds)?, clouds, 1, win, 0, &mut outside)?;
            for i in 0..n {
                cloudy[i] = !outside[i] && clm[i] & s.cloud_mask_bits != 0;
            }
            bands.iter().map(|b| (b, 1)).collect()
        }
        S2Kind::Plain { file, band_index } => band_index.iter().map(|&i| (file, i)).collect(),
    };
    let mut looks: Vec<Look> = per_patch(&bad, span, xs, size)
        .into_iter()
        .zip(per_patch(&cloudy, span, xs, size))
        .map(|(nodata, cloudy)| Look {
            pixels,
            nodata,
            cloudy,
        })
        .collect();
    // Patches still open once the masks are read: only those need bands.
    let open_patch = |l: &Look| judge(l, s.max_cloudy_pixels) == Verdict::Kept;
    let todo: Vec<usize> = (0..xs.len()).filter(|&i| open_patch(&looks[i])).collect();
    let mut stacks: Vec<Option<Vec<i16>>> = vec![None; xs.len()];
    if todo.is_empty() {
        return Ok(looks.into_iter().map(|l| (l, None)).collect());
    }
    for &i in &todo {
        stacks[i] = Some(vec![0i16; pixels * band_files.len()]);
    }
    let mut readers: BTreeMap<&Path, Reader> = BTreeMap::new();
    for (b, (placed, band)) in band_files.iter().enumerate() {
        if !readers.contains_key(placed.path.as_path()) {
            readers.insert(&placed.path, open(placed)?);
        }
        let reader = &readers[placed.path.as_path()];
        let nodata = placed
            .nodata
            .and_then(|v| (v.fract() == 0.0 && v.abs() <= 32_768.0).then_some(v as i16));
        let mut band_bad = vec![false; n];
        if placed.placement.pixel_size == s.pixel_size {
            let values: Vec<i16> =
                read_placed(reader, placed, *band, win, nodata_out, &mut outside)?;
            for k in 0..n {
                band_bad[k] = outside[k] || nodata == Some(values[k]);
            }
            for &i in &todo {
                let c = xs[i] - span.x;
                let stack = stacks[i].as_mut().expect("open patch");
                for r in 0..size {
                    let from = r * span.width + c;
                    stack[b * pixels + r * size..b * pixels + (r + 1) * size]
                        .copy_from_slice(&values[from..from + size]);
                }
            }
        } else {
            coarse_band(
                reader,
                placed,
                *band,
                nodata,
                (span, xs, &todo),
                s,
                b,
                &mut stacks,
                &mut band_bad,
            )?;
        }
        let counts = per_patch(&band_bad, span, xs, size);
        for &i in &todo {
            looks[i].nodata += counts[i];
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

/// A 20 m band resampled into band `b` of the open patches' stacks;
/// pixels with no value are flagged in `band_bad`.
#[allow(clippy::too_many_arguments)]
fn coarse_band(
    reader: &Reader,
    placed: &Placed,
    band: usize,
    nodata: Option<i16>,
    (span, xs, todo): (Span, &[usize], &[usize]),
    s: &Settings,
    b: usize,
    stacks: &mut [Option<Vec<i16>>],
    band_bad: &mut [bool],
) -> Result<(), TripletsError> {
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
    let (ins, outs): (Vec<usize>, Vec<usize>) = todo.iter().partition(|&&i| inside(xs[i]));
    for i in outs {
        let c = xs[i] - span.x;
        for r in 0..size {
            band_bad[r * span.width + c..r * span.width + c + size].fill(true);
        }
    }
    let (Some(&first), Some(&last)) = (ins.first(), ins.last()) else {
        return Ok(());
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
    let mut flags = vec![false; pixels];
    for i in ins {
        let stack = stacks[i].as_mut().expect("open patch");
        let out = &mut stack[b * pixels..(b + 1) * pixels];
        flags.fill(false);
        let n = resample::upsample_2x_flagged(
            &coarse,
            local(xs[i]),
            (size, size),
            nodata_out,
            out,
            Some(&mut flags),
        );
        if n > 0 {
            let c = xs[i] - span.x;
            for r in 0..size {
                for k in 0..size {
                    band_bad[r * span.width + c + k] |= flags[r * size + k];
                }
            }
        }
    }
    Ok(())
}

/// What a Sentinel-1 acquisition shows of each of the patches at `xs`.
fn see_s1(
    input: &S1Input,
    span: Span,
    xs: &[usize],
    s: &Settings,
) -> Result<Seen<f32>, TripletsError> {
    let size = s.patch_size;
    let pixels = size * size;
    let win = (span.x as i64, span.y as i64, span.width, size);
    let mut outside = Vec::new();
    let mut read =
        |placed: &Placed, reader: &Reader, band: usize| -> Result<Vec<f32>, TripletsError> {
            let mut v: Vec<f32> = read_placed(reader, placed, band, win, f32::NAN, &mut outside)?;
            stack::convert(
                &mut v,
                input.unit,
                s.s1_unit,
                placed.nodata.map(|x| x as f32),
            );
            Ok(v)
        };
    let (vv, vh) = match &input.kind {
        S1Kind::Pair { vv, vh } => (read(vv, &open(vv)?, 1)?, read(vh, &open(vh)?, 1)?),
        S1Kind::Plain { file, vv, vh } => {
            let reader = open(file)?;
            (read(file, &reader, *vv)?, read(file, &reader, *vh)?)
        }
    };
    let bad: Vec<bool> = vv
        .iter()
        .zip(&vh)
        .map(|(a, b)| a.is_nan() || b.is_nan())
        .collect();
    let counts = per_patch(&bad, span, xs, size);
    Ok(xs
        .iter()
        .zip(counts)
        .map(|(&x, nodata)| {
            let look = Look {
                pixels,
                nodata,
                cloudy: 0,
            };
            let stack = (nodata == 0).then(|| {
                let c = x - span.x;
                let mut st = Vec::with_capacity(2 * pixels);
                for band in [&vv, &vh] {
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

/// Acquisitions grouped by date (inputs are sorted by date, then name).
fn by_date<T>(items: &[T], date: impl Fn(&T) -> &str) -> Vec<&[T]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=items.len() {
        if i == items.len() || date(&items[i]) != date(&items[start]) {
            if i > start {
                out.push(&items[start..i]);
            }
            start = i;
        }
    }
    out
}

impl Plan<'_> {
    fn key(&self, x: usize, y: usize) -> PatchKey {
        PatchKey {
            tile: self.settings.tile,
            x: x as u32,
            y: y as u32,
        }
    }

    fn patch_grid(&self, x: usize, y: usize) -> Grid {
        let s = self.settings;
        Grid {
            ulx: self.ulx + x as f64 * s.pixel_size,
            uly: self.uly - y as f64 * s.pixel_size,
            pixel_size: s.pixel_size,
            width: s.patch_size,
            height: s.patch_size,
        }
    }

    /// Whether `path` is written by this run: not when resuming and it
    /// exists (complete, since every file is renamed into place whole).
    fn must_write(&self, path: &Path, out: &mut StripOutcome) -> bool {
        if self.mode == Mode::Resume && path.exists() {
            out.files_kept += 1;
            return false;
        }
        out.files_written += 1;
        true
    }

    /// The chosen acquisition of each patch for one date, written.
    #[allow(clippy::too_many_arguments)]
    fn keep_date<T: gdal::raster::GdalType + Copy>(
        &self,
        y: usize,
        kind: FileKind,
        date: &str,
        group: Vec<(Option<super::names::Direction>, &str, Seen<T>)>,
        active: &mut [Active],
        counts: &mut SensorCounts,
        out: &mut StripOutcome,
    ) -> Result<(), TripletsError> {
        let s = self.settings;
        let rule = if kind == FileKind::S1 {
            s.same_day
        } else {
            SameDay::Descending
        };
        let mut group = group;
        for (i, patch) in active.iter_mut().enumerate() {
            let candidates: Vec<Candidate> = group
                .iter()
                .map(|(direction, name, seen)| Candidate {
                    direction: *direction,
                    name,
                    covers: seen[i].1.is_some(),
                })
                .collect();
            let chosen = choose(&candidates, rule);
            for (k, (_, _, seen)) in group.iter().enumerate() {
                match judge(&seen[i].0, s.max_cloudy_pixels) {
                    Verdict::NotCovered { .. } => counts.not_covered += 1,
                    Verdict::Cloudy { .. } => counts.cloudy += 1,
                    Verdict::Kept if Some(k) == chosen => counts.kept += 1,
                    Verdict::Kept => counts.same_day += 1,
                }
            }
            let Some(k) = chosen else { continue };
            let mut data = group[k].2[i]
                .1
                .take()
                .expect("a covering acquisition has its stack");
            let key = self.key(patch.x, y);
            let (folder, list) = match kind {
                FileKind::S2 => (&self.folders[1], &mut patch.s2),
                _ => (&self.folders[2], &mut patch.s1),
            };
            let path = folder.join(key.file_name(kind, date));
            if self.must_write(&path, out) {
                let descriptions: Vec<&str> = match kind {
                    FileKind::S2 => s.bands.iter().map(String::as_str).collect(),
                    _ => vec!["VV", "VH"],
                };
                let (data_type, nodata) = match kind {
                    FileKind::S2 => (s.s2_type, Some(f64::from(s.s2_nodata_i16()))),
                    _ => (s.s1_type, None),
                };
                let spec = StackSpec {
                    grid: &self.patch_grid(patch.x, y),
                    wkt: self.wkt,
                    data_type,
                    nodata,
                    descriptions: &descriptions,
                    overwrite: self.mode != Mode::Fresh,
                };
                bands::write_stack(&path, &mut data, &spec)?;
            }
            list.push(date.to_string());
            patch.files.push(path);
        }
        Ok(())
    }

    /// Builds and writes the patches of `strip`.
    pub fn run(&self, strip: &Strip) -> Result<StripOutcome, TripletsError> {
        let s = self.settings;
        let size = s.patch_size;
        let mut out = StripOutcome::default();
        let Some((x_first, width)) = strip.span(size) else {
            return Ok(out);
        };
        let y = strip.y;
        let gr = self.ground_reference;
        let gr_nodata = gr
            .nodata
            .filter(|v| (0.0..=255.0).contains(v) && v.fract() == 0.0)
            .map(|v| v as u8);
        let mut outside = Vec::new();
        let gr_pixels: Vec<u8> = read_placed(
            &open(gr)?,
            gr,
            1,
            (x_first as i64, y as i64, width, size),
            0,
            &mut outside,
        )?;
        let mut active = Vec::new();
        for &x in &strip.xs {
            let key = self.key(x, y);
            let label = self.folders[3].join(key.file_name(FileKind::Label, ""));
            if self.mode == Mode::Resume && label.exists() {
                out.already_complete += 1;
                continue;
            }
            let c = x - x_first;
            let pixels: Vec<u8> = (0..size)
                .flat_map(|r| {
                    gr_pixels[r * width + c..r * width + c + size]
                        .iter()
                        .copied()
                })
                .collect();
            match classes_if_complete(&pixels, gr_nodata) {
                Some(classes) => active.push(Active {
                    x,
                    classes,
                    pixels,
                    s2: vec![],
                    s1: vec![],
                    files: vec![],
                }),
                None => {
                    *out.dropped
                        .entry(PatchDrop::EmptyGroundReference)
                        .or_default() += 1;
                    self.remove_stale(x, y, &[], &mut out);
                }
            }
        }
        if active.is_empty() {
            return Ok(out);
        }
        let span_of = |active: &[Active]| Span {
            x: active[0].x,
            width: active[active.len() - 1].x + size - active[0].x,
            y,
        };
        let span = span_of(&active);
        let xs: Vec<usize> = active.iter().map(|a| a.x).collect();
        let mut s2 = SensorCounts::default();
        for group in by_date(&self.inputs.s2, |i| &i.date) {
            let mut seen = Vec::new();
            for input in group {
                seen.push((None, input.name.as_str(), see_s2(input, span, &xs, s)?));
            }
            self.keep_date(
                y,
                FileKind::S2,
                &group[0].date,
                seen,
                &mut active,
                &mut s2,
                &mut out,
            )?;
        }
        let mut s1 = SensorCounts::default();
        for group in by_date(&self.inputs.s1, |i| &i.date) {
            let mut seen = Vec::new();
            for input in group {
                seen.push((
                    input.direction,
                    input.name.as_str(),
                    see_s1(input, span, &xs, s)?,
                ));
            }
            self.keep_date(
                y,
                FileKind::S1,
                &group[0].date,
                seen,
                &mut active,
                &mut s1,
                &mut out,
            )?;
        }
        for patch in active {
            let key = self.key(patch.x, y);
            match enough_dates(
                patch.s2.len(),
                patch.s1.len(),
                (s.min_s2_dates, s.min_s1_dates),
            ) {
                Ok(()) => {
                    let gr_path =
                        self.folders[0].join(key.file_name(FileKind::GroundReference, ""));
                    if self.must_write(&gr_path, &mut out) {
                        let raster = Raster {
                            width: size,
                            height: size,
                            data: patch.pixels,
                        };
                        let options = WriteOptions {
                            overwrite: self.mode != Mode::Fresh,
                            nodata: Some(0.0),
                        };
                        geotiff::write_u8_styled(
                            &gr_path,
                            &raster,
                            &self.patch_grid(patch.x, y),
                            self.wkt,
                            options,
                            self.styling,
                        )?;
                    }
                    let names = |dates: &[String], kind| -> Vec<String> {
                        dates.iter().map(|d| key.file_name(kind, d)).collect()
                    };
                    let label = self.folders[3].join(key.file_name(FileKind::Label, ""));
                    crate::io::label_file::write(
                        &label,
                        &names(&patch.s2, FileKind::S2),
                        &names(&patch.s1, FileKind::S1),
                        self.wkt,
                        &patch.classes,
                    )
                    .map_err(|source| TripletsError::Write {
                        path: label.clone(),
                        source,
                    })?;
                    out.files_written += 1;
                    let mut wanted = patch.files.clone();
                    wanted.push(gr_path);
                    wanted.push(label);
                    self.remove_stale(patch.x, y, &wanted, &mut out);
                    out.written.push(WrittenPatch {
                        x: patch.x,
                        y,
                        s2: patch.s2,
                        s1: patch.s1,
                    });
                }
                Err(reason) => {
                    s2.patch_not_written += patch.s2.len();
                    s1.patch_not_written += patch.s1.len();
                    s2.kept -= patch.s2.len();
                    s1.kept -= patch.s1.len();
                    *out.dropped.entry(reason).or_default() += 1;
                    for f in &patch.files {
                        if std::fs::remove_file(f).is_ok() {
                            out.files_removed += 1;
                        }
                    }
                    self.remove_stale(patch.x, y, &[], &mut out);
                }
            }
        }
        out.s2.add(&s2);
        out.s1.add(&s1);
        Ok(out)
    }

    /// With --resume or --force: removes the files of patch (`x`, `y`)
    /// that were there before the run and are not in `wanted`.
    fn remove_stale(&self, x: usize, y: usize, wanted: &[PathBuf], out: &mut StripOutcome) {
        let Some(files) = self.existing.get(&(x as u32, y as u32)) else {
            return;
        };
        for f in files {
            if !wanted.contains(f) && std::fs::remove_file(f).is_ok() {
                out.files_removed += 1;
                let _ =
                    std::fs::remove_file(crate::io::atomic::with_suffix(f, geotiff::PAM_SUFFIX));
            }
        }
    }
}
