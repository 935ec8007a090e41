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
use super::inputs::{Inputs, Placed};
use super::look::{open, read_placed, see_s1, see_s2, Seen, Span};
use super::params::Settings;
use super::patches::{classes_if_complete, Strip};
use super::select::{choose, enough_dates, judge, Candidate, PatchDrop, SameDay, Verdict};
use crate::io::formats::bands::{self, StackSpec};
use crate::io::formats::geotiff::{self, Styling, WriteOptions};
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
    pub fn add(&mut self, o: &SensorCounts) {
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

/// Per acquisition date, what it gave the patches.
pub type ByDate = BTreeMap<String, SensorCounts>;

/// What a strip did.
#[derive(Clone, Debug, Default)]
pub struct StripOutcome {
    pub s2: ByDate,
    pub s1: ByDate,
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
        for (mine, theirs) in [(&mut self.s2, &o.s2), (&mut self.s1, &o.s1)] {
            for (date, counts) in theirs {
                mine.entry(date.clone()).or_default().add(counts);
            }
        }
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
                    _ => s.s1_bands.iter().map(String::as_str).collect(),
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
        // Outside the raster reads 0: empty.
        let window = (x_first as i64, y as i64, width, size);
        let gr_pixels: Vec<u8> = read_placed(&open(gr)?, gr, 1, window, 0)?.values;
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
        let mut s2 = ByDate::new();
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
                s2.entry(group[0].date.clone()).or_default(),
                &mut out,
            )?;
        }
        let mut s1 = ByDate::new();
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
                s1.entry(group[0].date.clone()).or_default(),
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
                    crate::io::formats::label_file::write(
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
                    for (counts, dates) in [(&mut s2, &patch.s2), (&mut s1, &patch.s1)] {
                        for d in dates {
                            let c = counts.entry(d.clone()).or_default();
                            c.kept -= 1;
                            c.patch_not_written += 1;
                        }
                    }
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
        out.s2 = s2;
        out.s1 = s1;
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
                let _ = std::fs::remove_file(crate::io::safety::atomic::with_suffix(
                    f,
                    geotiff::PAM_SUFFIX,
                ));
            }
        }
    }
}
