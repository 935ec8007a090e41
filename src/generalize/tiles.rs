//! Several tiles in one run (`generalize --tiles A,B,…`): the land cover
//! and the road and railway lines are read once, over the union of the
//! tiles' grids (halo included), in the CRS of the first tile; each tile
//! then gets them reprojected to its own CRS (tiles of other UTM zones) and
//! cut to its grid, and runs as a job of its own ([`super::job::run`]).
//! Reading is what costs most on a full tile; the source is never read
//! twice. With the halo, the ground two tiles share gets the same classes
//! in both (up to the resampling between their grids): the test
//! `tests/generalize_tiles.rs` measures it across two UTM zones.

use std::time::Instant;

use super::config::GeneralizeConfig;
use super::error::JobError;
use super::inputs::{read_inputs, work_grid, Inputs};
use super::job::{self, Outcome};
use super::request::{check_dates, parse_steps, Job, PatchLayout};
use super::Grid;
use crate::io::formats::vector::bounds_in;

/// One job per tile of `job.tiles`: `{tile}` in the output replaced by
/// the tile's code. Refused: another target (`tile`, `like`, `from`), a
/// tile given twice, several tiles with one output name, several tiles
/// with `patches` (the patches of one tile must avoid those of the others,
/// which are only known once written: run them one at a time), existing
/// outputs.
pub fn jobs_for_tiles(job: &Job) -> Result<Vec<Job>, JobError> {
    if job.tile.is_some() || job.like.is_some() || job.from.is_some() {
        return Err(JobError::TilesWithTarget);
    }
    if let Some((_, twice)) = job
        .tiles
        .iter()
        .enumerate()
        .find(|(i, t)| job.tiles[..*i].contains(t))
    {
        return Err(JobError::TileTwice(twice.clone()));
    }
    let several = job.tiles.len() > 1;
    let output = job
        .output
        .as_ref()
        .map(|o| o.to_string_lossy().into_owned());
    if several && output.as_ref().is_some_and(|o| !o.contains("{tile}")) {
        return Err(JobError::TilesOutput);
    }
    if several && job.patches.is_some() {
        return Err(JobError::TilesPatches);
    }
    let jobs: Vec<Job> = job
        .tiles
        .iter()
        .map(|code| Job {
            tile: Some(code.clone()),
            tiles: Vec::new(),
            output: output.as_ref().map(|o| o.replace("{tile}", code).into()),
            ..job.clone()
        })
        .collect();
    for j in &jobs {
        if let Some(out) = j.output.as_ref().filter(|o| o.exists() && !job.force) {
            return Err(JobError::Exists(out.clone()));
        }
    }
    Ok(jobs)
}

/// Runs `job` (every tile of `job.tiles`, reading the inputs once, or the
/// job alone when `tiles` is empty); returns each tile's code and outcome.
pub fn run_all(
    job: &Job,
    config: &GeneralizeConfig,
    layout: &PatchLayout,
    note: &mut dyn FnMut(&str),
) -> Result<Vec<(Option<String>, Outcome)>, JobError> {
    if job.tiles.is_empty() {
        return Ok(vec![(
            job.tile.clone(),
            job::run(job, config, layout, note)?,
        )]);
    }
    let jobs = jobs_for_tiles(job)?;
    let outcomes = run_many(&jobs, config, layout, note)?;
    Ok(jobs.into_iter().map(|j| j.tile).zip(outcomes).collect())
}

/// Runs `jobs` (same source, roads and steps; each with its target grid),
/// reading the inputs once.
pub fn run_many(
    jobs: &[Job],
    config: &GeneralizeConfig,
    layout: &PatchLayout,
    note: &mut dyn FnMut(&str),
) -> Result<Vec<Outcome>, JobError> {
    let Some(first) = jobs.first() else {
        return Ok(Vec::new());
    };
    first.memory.apply();
    let t = Instant::now();
    let steps = parse_steps(&first.steps)?;
    for j in jobs {
        check_dates(j)?;
        super::outputs::check_all(j, &steps)?;
    }
    let grids = jobs
        .iter()
        .map(|j| work_grid(j, layout))
        .collect::<Result<Vec<_>, _>>()?;
    let (grid0, srs) = (grids[0].0, grids[0].1.clone());
    let mut b = grid0.bounds();
    for (g, s) in &grids[1..] {
        let o = bounds_in(g.bounds(), s, &srs)?;
        b = [
            b[0].min(o[0]),
            b[1].min(o[1]),
            b[2].max(o[2]),
            b[3].max(o[3]),
        ];
    }
    let ps = grid0.pixel_size;
    let union = Grid {
        ulx: b[0],
        uly: b[3],
        pixel_size: ps,
        width: ((b[2] - b[0]) / ps).ceil() as usize,
        height: ((b[3] - b[1]) / ps).ceil() as usize,
    };
    let (polygons, network) = read_inputs(first, config, (&srs, &union), &steps, note)?;
    let inputs = Inputs {
        srs,
        polygons,
        network,
    };
    note(&format!(
        "inputs read once for {} tiles: {:.2} s",
        jobs.len(),
        t.elapsed().as_secs_f64()
    ));
    let mut out = Vec::with_capacity(jobs.len());
    for j in jobs {
        out.push(job::run_with(
            j,
            config,
            layout,
            Some(&inputs),
            note,
            super::progress::silent(),
        )?);
    }
    Ok(out)
}
