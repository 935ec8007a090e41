//! A generalization job, as `multisenge generalize` runs it: what it asks
//! for ([`super::request`]), its inputs read within the work grid
//! ([`super::inputs`]), the steps of [`pipeline`], and its outputs
//! ([`super::outputs`]): the tile raster, the kept intermediate rasters,
//! and the patches with their label files, cut with the dataset profile's
//! patch size and grid stride.
//!
//! The command line only turns its options into a [`Job`]; everything here
//! can be run and tested without the binary.

use std::time::{Duration, Instant};

use super::config::GeneralizeConfig;
use super::error::JobError;
use super::fill::FillParams;
use super::inputs::{halo, read_inputs, target, tile_grid, Inputs};
use super::outputs::{intermediate_path, write_patches, PatchOutput};
use super::pipeline::{self, Params, Step, StepReport};
use super::request::{
    check_dates, job_tile, parse_closing, parse_mmu, parse_steps, Job, PatchLayout,
};
use crate::io::formats::geotiff::{self, Styling, WriteOptions};
use crate::io::formats::symbology::Symbology;
use crate::profile::LoadedProfile;
use crate::raster::{Connectivity, Grid, Raster};
use crate::spatial::avoid::SkippedPatch;

/// What a job did, step by step.
#[derive(Debug)]
pub struct Outcome {
    pub read_time: Duration,
    pub reports: Vec<StepReport>,
    /// Time to write `--output`, when asked for.
    pub write_time: Option<Duration>,
    /// Patches written and the time taken, when asked for.
    pub patches: Option<(usize, Duration)>,
    /// Patches not written because they overlap patches of other tiles.
    pub skipped_patches: Vec<SkippedPatch>,
    /// Patches not written because they hold empty pixels.
    pub empty_patches: usize,
    /// Pixels of the target grid left empty, by cause, and the pixel size.
    pub empty: (super::coverage::EmptyPixels, f64),
    pub total: Duration,
}

/// The band description of every class raster written.
pub const CLASS_BAND: &str = "land-cover class";

impl Outcome {
    /// The run summary printed on standard error: read time, each step's
    /// time and summary, writing, patches (`tile` names them), total;
    /// under a `header` line when given.
    pub fn summary(&self, tile: Option<&str>, header: Option<&str>) -> Vec<String> {
        let mut out: Vec<String> = header.map(|h| format!("== {h}")).into_iter().collect();
        out.push(format!(
            "read inputs: {:.2} s",
            self.read_time.as_secs_f64()
        ));
        for r in &self.reports {
            let secs = r.elapsed.as_secs_f64();
            out.push(format!(
                "{:<10} {secs:>6.2} s  {}",
                r.step.name(),
                r.summary
            ));
        }
        out.push(format!("empty      {}", self.empty.0.summary(self.empty.1)));
        if let Some(t) = self.write_time {
            out.push(format!("write      {:>6.2} s", t.as_secs_f64()));
        }
        if let Some(first) = self.skipped_patches.first() {
            out.push(format!(
                "patches: {} skipped, they overlap patches of other tiles (e.g. {}_{}_{} overlaps {} by {:.0} m²)",
                self.skipped_patches.len(),
                tile.unwrap_or(""),
                first.x,
                first.y,
                first.overlaps,
                first.area_m2
            ));
        }
        if let Some((count, t)) = self.patches {
            let empty = match self.empty_patches {
                0 => String::new(),
                n => format!(", {n} skipped: they hold empty pixels"),
            };
            out.push(format!(
                "patches    {:>6.2} s  {count} written{empty}",
                t.as_secs_f64()
            ));
        }
        out.push(format!("total      {:>6.2} s", self.total.as_secs_f64()));
        out
    }
}

/// Runs `job`; `note` receives the warnings (unmapped codes, missing
/// railway layer) as they come. See [`super::tiles::run_all`] for `tiles`.
pub fn run(
    job: &Job,
    config: &GeneralizeConfig,
    layout: &PatchLayout,
    note: &mut dyn FnMut(&str),
) -> Result<Outcome, JobError> {
    run_reporting(job, config, layout, note, super::progress::silent())
}

/// [`run`], reporting each phase as it starts (reading, the steps, writing
/// the output, writing the patches) through `progress`.
pub fn run_reporting(
    job: &Job,
    config: &GeneralizeConfig,
    layout: &PatchLayout,
    note: &mut dyn FnMut(&str),
    progress: super::progress::Report,
) -> Result<Outcome, JobError> {
    job.memory.apply();
    run_with(job, config, layout, None, note, progress)
}

/// [`run`], with the inputs already read (by [`super::tiles`]) when given.
pub(super) fn run_with(
    job: &Job,
    config: &GeneralizeConfig,
    layout: &PatchLayout,
    pre: Option<&Inputs>,
    note: &mut dyn FnMut(&str),
    progress: super::progress::Report,
) -> Result<Outcome, JobError> {
    let started = Instant::now();
    // In pipeline order, once each, as they run (and are reported).
    let mut steps = parse_steps(&job.steps)?;
    steps.sort();
    steps.dedup();
    let rasterizing = steps.contains(&Step::Rasterize);
    match (rasterizing, &job.from, &job.source) {
        (true, Some(_), _) => return Err(JobError::FromWithRasterize),
        (false, None, _) => return Err(JobError::NoStart),
        (true, _, None) => return Err(JobError::NoSource),
        _ => {}
    }
    if job.output.is_none() && job.patches.is_none() {
        return Err(JobError::NothingToWrite);
    }
    check_dates(job)?;
    let tile = job_tile(job)?;
    let mut target = target(job, tile.as_ref(), layout)?;
    let grid = target.grid;
    if let Some(dir) = &job.patches {
        let tile = tile.as_ref().ok_or(JobError::PatchesNeedTile)?;
        // Patch positions are counted from the tile's corner.
        let (tile_grid, _) = tile_grid(tile, layout.pixel_size)?;
        if (tile_grid.ulx - grid.ulx).abs() > 1e-6
            || (tile_grid.uly - grid.uly).abs() > 1e-6
            || grid.pixel_size != layout.pixel_size
        {
            return Err(JobError::PatchesOffTile {
                dir: dir.clone(),
                tile: *tile,
                ulx: tile_grid.ulx,
                uly: tile_grid.uly,
                pixel_size: layout.pixel_size,
            });
        }
    }
    let params = params(job, config, grid.pixel_size)?;
    // The halo: the work is done on a larger grid, cropped to `grid`.
    let halo = halo(job, &target);
    let work = grid.expanded(halo);
    let crop = |r: &Raster| r.window(halo, halo, grid.width, grid.height);
    let (o, r) = (&job.overrides.roads, &config.roads);
    let buffers = [
        (
            "--wide-buffer (wide_buffer_m)",
            o.wide_buffer.unwrap_or(r.wide_buffer_m),
        ),
        (
            "--narrow-buffer (narrow_buffer_m)",
            o.narrow_buffer.unwrap_or(r.narrow_buffer_m),
        ),
        (
            "--railway-buffer (buffer_m)",
            o.railway_buffer.unwrap_or(config.railways.buffer_m),
        ),
    ];
    for (option, metres) in buffers {
        super::limits::check_buffer(option, metres)?;
    }
    crate::io::safety::memory::check(
        &format!("the {} × {} px target grid", work.width, work.height),
        (work.width as u64).saturating_mul(work.height as u64),
        super::limits::bytes_per_pixel(&params),
    )?;
    // Every output checked before any work.
    super::outputs::check_all(job, &steps)?;

    let list = super::progress::generalize_phases(
        &steps,
        pre.is_none(),
        job.output.is_some(),
        job.patches.is_some(),
    );
    let phases = super::progress::Phases::new(&list, progress);
    phases.begin();
    let t = Instant::now();
    let pre = pre.map(|p| p.for_grid(&target.srs, &work)).transpose()?;
    let (polygons, network) = match pre {
        Some(inputs) => inputs,
        None => read_inputs(job, config, (&target.srs, &work), &steps, note)?,
    };
    let read_time = t.elapsed();
    phases.finish("read");

    let keep_base = job.output.clone().unwrap_or_else(|| {
        job.patches
            .clone()
            .unwrap_or_default()
            .join("generalized.tif")
    });
    let write_opts = WriteOptions {
        overwrite: job.force,
        nodata: Some(0.0),
    };
    // Class names and colours of the dataset profile, so QGIS shows them.
    let classes = Styling {
        symbology: Symbology::Classes(LoadedProfile::default_profile().class_entries()),
        aux_xml: true,
        description: CLASS_BAND.to_string(),
        overviews: true,
        cog: false,
        qml: job.qml,
    };
    let mut index = 0;
    let keep = |step: Step, raster: &Raster| -> Result<(), JobError> {
        index += 1;
        if job.keep_intermediate {
            let path = intermediate_path(&keep_base, index, step);
            let r = crop(raster);
            geotiff::write_u8_styled(&path, &r, &grid, &target.wkt, write_opts, &classes)?;
        }
        phases.finish(step.name());
        Ok(())
    };
    let mut params = params;
    params.fill_window = fill_window(halo, &grid, &work, &steps, &params);
    let start = match target.start.take() {
        Some(from) => Some(geotiff::read_u8(&from)?.raster),
        None => None,
    };
    let (mut result, reports) =
        pipeline::run(&steps, &work, start, polygons, &network, &params, keep)?;
    // Outside the coverage: written as empty (nodata), counted.
    let target_window = super::fill::Window {
        x0: halo,
        y0: halo,
        x1: halo + grid.width,
        y1: halo + grid.height,
    };
    let empty = super::coverage::settle(&mut result, target_window);
    let mut write_time = None;
    if let Some(out) = &job.output {
        let t = Instant::now();
        let styling = Styling {
            cog: job.cog,
            ..classes.clone()
        };
        // The halo is cropped as the file is written.
        let part = geotiff::Part {
            x: halo,
            y: halo,
            width: grid.width,
            height: grid.height,
        };
        geotiff::write_u8_styled_part(
            out,
            &result,
            part,
            &grid,
            &target.wkt,
            write_opts,
            &styling,
        )?;
        write_time = Some(t.elapsed());
        phases.finish("write");
    }
    let result = if halo > 0 && job.patches.is_some() {
        crop(&result)
    } else {
        result
    };
    let mut patches = None;
    let mut skipped_patches = Vec::new();
    let mut empty_patches = 0;
    if let (Some(dir), Some(tile)) = (&job.patches, &tile) {
        let t = Instant::now();
        let out = PatchOutput {
            dir,
            tile: *tile,
            layout,
            wkt: &target.wkt,
            s2_dates: &job.s2_dates,
            s1_dates: &job.s1_dates,
            force: job.force,
            avoid: job.avoid.as_ref(),
            // What GeoTIFF keeps inside; the side-cars only when asked.
            styling: &Styling {
                aux_xml: job.patch_sidecars,
                ..classes.clone()
            },
        };
        let written = write_patches(&out, &result, &grid)?;
        skipped_patches = written.skipped;
        empty_patches = written.empty;
        patches = Some((written.count, t.elapsed()));
        phases.finish("patches");
    }
    Ok(Outcome {
        read_time,
        reports,
        write_time,
        patches,
        skipped_patches,
        empty_patches,
        empty: (empty, grid.pixel_size),
        total: started.elapsed(),
    })
}

/// The pixels of the work grid whose fill decides the cropped output: the
/// target and, around it, what the closing reads (a pixel's closing depends
/// on the pixels within the rectangle's size). `None` (fill everything)
/// without a halo, or when the final MMU pass runs (it merges whole
/// regions, which may reach far into the halo).
fn fill_window(
    halo: usize,
    grid: &Grid,
    work: &Grid,
    steps: &[Step],
    params: &Params,
) -> Option<super::fill::Window> {
    if halo == 0 || (steps.contains(&Step::FinalMmu) && params.final_mmu_passes > 0) {
        return None;
    }
    let margin = params.closing.0.max(params.closing.1);
    Some(super::fill::Window {
        x0: halo.saturating_sub(margin),
        y0: halo.saturating_sub(margin),
        x1: (halo + grid.width + margin).min(work.width),
        y1: (halo + grid.height + margin).min(work.height),
    })
}

/// The step parameters: the job's overrides over the profile's defaults.
fn params(job: &Job, config: &GeneralizeConfig, pixel_size: f64) -> Result<Params, JobError> {
    let (o, d) = (&job.overrides, &config.defaults);
    let mmu_pixels = match &o.mmu {
        Some(t) => parse_mmu(t, pixel_size)?,
        None => d.mmu_pixels,
    };
    let connectivity = Connectivity::from_number(o.connectivity.unwrap_or(d.connectivity))
        .ok_or(JobError::Connectivity)?;
    let closing = match &o.closing {
        Some(t) => parse_closing(t)?,
        None => (d.closing_width, d.closing_height),
    };
    let fill_k = o.fill_k.unwrap_or(d.fill_k);
    if fill_k == 0 {
        return Err(JobError::FillK);
    }
    let params = Params {
        pixel_rule: o.pixel_rule.unwrap_or(d.pixel_rule),
        majority_samples: o.majority_samples.unwrap_or(d.majority_samples),
        mmu_pixels,
        connectivity,
        fill: FillParams {
            k: fill_k,
            power: o.fill_power.unwrap_or(d.fill_power),
            max_radius: o.fill_max_radius.unwrap_or(d.fill_max_radius),
            ignore: vec![],
            propagation_limit: o.fill_propagation_limit.or(d.fill_propagation_limit),
        },
        fill_beyond_coverage: o.fill_beyond_coverage.unwrap_or(d.fill_beyond_coverage),
        closing,
        burn_outside_coverage: o
            .burn_outside_coverage
            .unwrap_or(config.roads.burn_outside_coverage),
        final_mmu_passes: o.final_mmu_passes.unwrap_or(d.final_mmu_passes),
        fill_window: None,
    };
    super::limits::check_params(&params)?;
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inconsistent_jobs_are_refused_before_any_work() {
        let config = GeneralizeConfig::bundled();
        let layout = PatchLayout::of(&crate::profile::LoadedProfile::default_profile().profile);
        let run = |job: Job| run(&job, &config, &layout, &mut |_| {}).unwrap_err();
        let all = vec!["all".to_string()];
        let job = Job {
            steps: all.clone(),
            output: Some("out.tif".into()),
            ..Job::default()
        };
        assert!(matches!(run(job.clone()), JobError::NoSource));
        let from = Job {
            from: Some("x.tif".into()),
            ..job.clone()
        };
        assert!(matches!(run(from), JobError::FromWithRasterize));
        let nothing = Job {
            source: Some("lc.gpkg".into()),
            output: None,
            ..job.clone()
        };
        assert!(matches!(run(nothing), JobError::NothingToWrite));
        let no_grid = Job {
            source: Some("lc.gpkg".into()),
            ..job
        };
        assert!(matches!(run(no_grid), JobError::NoTargetGrid));
    }
}
