//! Every output of a generalization, checked before any work: the output
//! raster, the kept intermediates beside it and the patches folder. A run
//! that could not write one of them stops before reading its inputs, so it
//! never leaves some outputs written and the others not.

use std::path::{Path, PathBuf};

use crate::io::safety::atomic::{destination, Destination};

use super::job::{intermediate_path, Job, JobError};
use super::pipeline::Step;

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

/// Checks that every output of `job` can be written: an existing file only
/// with `--force`; a raster's folder exists and the name is not a folder,
/// a device, a FIFO or a socket; the patches folder is a folder (or can be
/// created in an existing one), and so are its `ground_reference/` and
/// `labels/`. The first output that cannot be written is the error.
pub fn check_all(job: &Job, steps: &[Step]) -> Result<(), JobError> {
    for file in raster_outputs(job, steps) {
        if file.exists() && !job.force {
            return Err(JobError::Exists(file));
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
