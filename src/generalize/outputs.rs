//! Every output of a generalization, checked before any work: the output
//! raster, the kept intermediates beside it and the patches folder. A run
//! that could not write one of them stops before reading its inputs, so it
//! never leaves some outputs written and the others not.

use std::path::{Path, PathBuf};

use crate::io::safety::atomic::{destination, Destination};

use rayon::prelude::*;

use super::error::JobError;
use super::patchify::{cut_patch, patch_origins};
use super::pipeline::Step;
use super::request::{Job, PatchLayout};
use crate::io::formats::geotiff::{self, Styling, WriteOptions};
use crate::io::formats::reproject::GdalReprojector;
use crate::model::{FileKind, PatchKey, TileCode};
use crate::raster::{Grid, Raster};
use crate::spatial::avoid::{split_origins, AvoidPatches, SkippedPatch};

/// The raster files `job` writes running `steps`: the output, then the
/// intermediates (`--keep-intermediate`), numbered as the pipeline runs
/// them (sorted, each once).
pub fn raster_outputs(job: &Job, steps: &[Step]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = job.output.iter().cloned().collect();
    if job.keep_intermediate {
        let base = job.output.clone().unwrap_or_else(|| {
            let dir = job.patches.clone().unwrap_or_default();
            dir.join("generalized.tif")
        });
        let mut ordered = steps.to_vec();
        ordered.sort();
        ordered.dedup();
        for (i, step) in ordered.into_iter().enumerate() {
            files.push(intermediate_path(&base, i + 1, step));
        }
    }
    files
}

/// Checks that every output of `job` can be written: an existing file (or,
/// with `--qml`, the style beside it) only with `--force`; a raster's
/// folder exists and the name is not a folder, a device, a FIFO or a
/// socket; the patches folder is a folder (or can be created in an
/// existing one), and so are its `ground_reference/` and `labels/`. The
/// first output that cannot be written is the error.
pub fn check_all(job: &Job, steps: &[Step]) -> Result<(), JobError> {
    for file in raster_outputs(job, steps) {
        // With `--qml`, the style beside it is an output too: a user's own
        // style of that name is kept unless `--force`.
        let styled = job.qml.then(|| file.with_extension("qml"));
        if let Some(existing) = std::iter::once(file.clone())
            .chain(styled)
            .find(|f| f.exists() && !job.force)
        {
            return Err(JobError::Exists(existing));
        }
        match destination(&file) {
            Ok(Destination::File { .. }) => {}
            Ok(Destination::Direct(_)) => {
                let why = "is a device or FIFO; a raster is written to a regular file";
                return Err(output_error(&file, why));
            }
            Err(source) => return Err(JobError::Output { path: file, source }),
        }
    }
    if let Some(dir) = &job.patches {
        check_patches_dir(dir)?;
    }
    Ok(())
}

fn output_error(path: &Path, why: &str) -> JobError {
    JobError::Output {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidInput, why),
    }
}

/// `--patches DIR`: a folder, or a name in an existing folder.
fn check_patches_dir(dir: &Path) -> Result<(), JobError> {
    let patches_error = |path: &Path, why: &str| JobError::PatchesFolder {
        path: path.to_path_buf(),
        why: why.to_string(),
    };
    if !dir.exists() {
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !parent.is_dir() {
            return Err(patches_error(
                dir,
                "the folder that should hold it does not exist",
            ));
        }
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(patches_error(dir, "is not a folder"));
    }
    for sub in ["ground_reference", "labels"] {
        let path = dir.join(sub);
        if path.exists() && !path.is_dir() {
            return Err(patches_error(&path, "is not a folder"));
        }
    }
    Ok(())
}

/// Where an intermediate raster is kept: `STEM.N-STEP.tif` beside `base`.
pub fn intermediate_path(base: &Path, index: usize, step: Step) -> PathBuf {
    let stem = base
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generalized".into());
    base.with_file_name(format!("{stem}.{index}-{}.tif", step.name()))
}

/// Where and how patches are written.
pub struct PatchOutput<'a> {
    /// Holds `ground_reference/` and `labels/`.
    pub dir: &'a Path,
    pub tile: TileCode,
    pub layout: &'a PatchLayout,
    /// CRS of the patches and the label files' `projection`.
    pub wkt: &'a str,
    pub s2_dates: &'a [String],
    pub s1_dates: &'a [String],
    pub force: bool,
    /// Skip the patches that overlap these.
    pub avoid: Option<&'a AvoidPatches>,
    /// Colour table and class names of each patch.
    pub styling: &'a Styling,
}

/// What [`write_patches`] did.
#[derive(Debug)]
pub struct PatchesWritten {
    pub count: usize,
    /// Origins not written because they overlap a patch to avoid.
    pub skipped: Vec<SkippedPatch>,
    /// Origins not written because the patch holds empty pixels.
    pub empty: usize,
}

/// Cuts the fully classified patches of a tile raster (on `grid`, starting
/// at the tile's corner) and writes each with its label file; returns how
/// many were written and which were skipped as overlapping `out.avoid`.
pub fn write_patches(
    out: &PatchOutput,
    raster: &Raster,
    grid: &Grid,
) -> Result<PatchesWritten, JobError> {
    let gr_dir = out.dir.join("ground_reference");
    let labels_dir = out.dir.join("labels");
    for d in [&gr_dir, &labels_dir] {
        crate::io::safety::journal::create_dir_all(d).map_err(|source| JobError::CreateFolder {
            path: d.clone(),
            source,
        })?;
    }
    let size = out.layout.size;
    let mut origins = patch_origins(raster.width, raster.height, size, out.layout.stride);
    let mut skipped = Vec::new();
    if let Some(avoid) = out.avoid {
        let split = split_origins(
            out.tile,
            &origins,
            size as u32,
            &avoid.existing,
            &avoid.settings,
            &GdalReprojector,
        );
        origins = split.keep;
        skipped = split.skipped;
    }
    let tried = origins.len();
    let written: Result<Vec<usize>, JobError> = origins
        .par_iter()
        .map(|&(x, y)| {
            let Some(p) = cut_patch(raster, x, y, size) else {
                return Ok(0);
            };
            let key = PatchKey {
                tile: out.tile,
                x: x as u32,
                y: y as u32,
            };
            let gr = gr_dir.join(key.file_name(FileKind::GroundReference, ""));
            let label = labels_dir.join(key.file_name(FileKind::Label, ""));
            let qml = gr.with_extension("qml");
            let styled = out.styling.qml.then_some(&qml);
            if let Some(f) = [&gr, &label]
                .into_iter()
                .chain(styled)
                .find(|f| f.exists() && !out.force)
            {
                return Err(JobError::Exists(f.to_path_buf()));
            }
            let patch_grid = Grid {
                ulx: grid.ulx + x as f64 * grid.pixel_size,
                uly: grid.uly - y as f64 * grid.pixel_size,
                width: size,
                height: size,
                ..*grid
            };
            let options = WriteOptions {
                overwrite: out.force,
                nodata: Some(0.0),
            };
            geotiff::write_u8_styled(&gr, &p.raster, &patch_grid, out.wkt, options, out.styling)?;
            let names = |dates: &[String], kind| -> Vec<String> {
                dates.iter().map(|d| key.file_name(kind, d)).collect()
            };
            let (s2, s1) = (
                names(out.s2_dates, FileKind::S2),
                names(out.s1_dates, FileKind::S1),
            );
            crate::io::formats::label_file::write(&label, &s2, &s1, out.wkt, &p.labels).map_err(
                |source| JobError::WriteLabel {
                    path: label.clone(),
                    source,
                },
            )?;
            Ok(1)
        })
        .collect();
    let count = written?.into_iter().sum();
    Ok(PatchesWritten {
        count,
        skipped,
        empty: tried - count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::formats::symbology::Symbology;
    use crate::io::formats::vector;

    fn job(output: Option<&Path>, patches: Option<&Path>, keep: bool) -> Job {
        Job {
            output: output.map(Path::to_path_buf),
            patches: patches.map(Path::to_path_buf),
            keep_intermediate: keep,
            ..Job::default()
        }
    }

    #[test]
    fn intermediates_are_named_as_the_pipeline_runs_them() {
        let j = job(Some(Path::new("d/out.tif")), None, true);
        let files = raster_outputs(&j, &[Step::Fill, Step::Rasterize, Step::Fill]);
        let names: Vec<_> = files.iter().map(|p| p.display().to_string()).collect();
        assert_eq!(
            names,
            ["d/out.tif", "d/out.1-rasterize.tif", "d/out.2-fill.tif"]
        );
    }

    #[test]
    fn every_output_is_checked() {
        let d = tempfile::tempdir().unwrap();
        let file = d.path().join("file");
        std::fs::write(&file, "x").unwrap();
        let out = d.path().join("out.tif");
        // Fine: a new output, a new patches folder in an existing one.
        let ok = job(Some(&out), Some(&d.path().join("new")), true);
        assert!(check_all(&ok, &[Step::Fill]).is_ok());
        // A file where the patches folder should be.
        let e = check_all(&job(Some(&out), Some(&file), false), &[]).unwrap_err();
        assert!(e.to_string().ends_with("file: is not a folder"), "{e}");
        // A patches folder in a missing folder.
        let deep = d.path().join("no/patches");
        let e = check_all(&job(None, Some(&deep), false), &[]).unwrap_err();
        assert!(
            e.to_string().contains("should hold it does not exist"),
            "{e}"
        );
        // An existing intermediate without --force.
        std::fs::write(d.path().join("out.1-fill.tif"), "x").unwrap();
        let e = check_all(&job(Some(&out), None, true), &[Step::Fill]).unwrap_err();
        assert!(matches!(e, JobError::Exists(p) if p.ends_with("out.1-fill.tif")));
        // An output in a missing folder, and a device.
        let e = check_all(&job(Some(&d.path().join("no/o.tif")), None, false), &[]);
        assert!(e.unwrap_err().to_string().contains("does not exist"));
        let mut dev = job(Some(Path::new("/dev/null")), None, false);
        dev.force = true;
        let e = check_all(&dev, &[]).unwrap_err();
        assert!(e.to_string().contains("device or FIFO"), "{e}");
    }

    /// Patches on a small tile-like grid: the profile's size and stride
    /// are used, names and label files come from the model's formatter and
    /// writer, patches with empty pixels are skipped.
    #[test]
    fn patches_follow_the_layout() {
        let dir = tempfile::tempdir().unwrap();
        let layout = PatchLayout {
            size: 4,
            stride: 5,
            pixel_size: 10.0,
        };
        let mut raster = Raster::filled(14, 9, 6);
        raster.data[5 * 14 + 1] = 0; // in patch (0, 5)
        raster.data[2] = 9; // in patch (0, 0)
        let grid = Grid {
            ulx: 699_960.0,
            uly: 5_500_020.0,
            pixel_size: 10.0,
            width: 14,
            height: 9,
        };
        let (s2, s1) = (vec!["20200325".to_string()], vec!["20200106".to_string()]);
        let wkt = vector::srs_from_epsg(32631).unwrap().to_wkt().unwrap();
        let out = PatchOutput {
            dir: dir.path(),
            tile: TileCode::parse("31UGQ").unwrap(),
            layout: &layout,
            wkt: &wkt,
            s2_dates: &s2,
            s1_dates: &s1,
            force: false,
            avoid: None,
            styling: &Styling {
                symbology: Symbology::Classes(Vec::new()),
                overviews: false,
                cog: false,
                qml: false,
                ..Styling::default()
            },
        };
        // Origins (0,0), (5,0), (10,0), (0,5), (5,5), (10,5); (0,5) is not
        // fully classified.
        assert_eq!(write_patches(&out, &raster, &grid).unwrap().count, 5);
        let label = dir.path().join("labels/31UGQ_0_0.json");
        let (parsed, problems) = crate::model::LabelFile::parse(&std::fs::read(&label).unwrap());
        assert!(problems.is_empty(), "{problems:?}");
        let parsed = parsed.unwrap();
        assert_eq!(parsed.labels, Some(vec!["6".to_string(), "9".to_string()]));
        assert_eq!(parsed.s2, vec!["31UGQ_20200325_S2_0_0.tif".to_string()]);
        assert!(dir
            .path()
            .join("ground_reference/31UGQ_GR_10_5.tif")
            .exists());
        assert!(!dir
            .path()
            .join("ground_reference/31UGQ_GR_0_5.tif")
            .exists());
        let written =
            geotiff::read_u8(&dir.path().join("ground_reference/31UGQ_GR_5_0.tif")).unwrap();
        assert_eq!((written.grid.ulx, written.grid.width), (700_010.0, 4));
        assert!(matches!(
            write_patches(&out, &raster, &grid),
            Err(JobError::Exists(_))
        ));
    }
}
