//! The steps chained: which run, with which parameters, in which order.
//! Pure: the caller reads the inputs and receives every intermediate raster
//! through a callback (to write it, or not).

use std::time::{Duration, Instant};

use super::burn_roads::{burn_network, Network};
use super::close::close_classes_in_place;
use super::config::PixelRule;
use super::fill::{fill_for, FillParams, Window};
use super::rasterize::{rasterize, ClassPolygon};
use super::remove_small_regions::{
    merge_small_regions, remove_small_regions_in_place, Connectivity,
};
use super::{Grid, Raster, NETWORK_CLASS, OUTSIDE};

/// A step of the pipeline, in execution order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    Rasterize,
    Sieve,
    Fill,
    Close,
    Roads,
    FinalMmu,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Rasterize,
        Step::Sieve,
        Step::Fill,
        Step::Close,
        Step::Roads,
        Step::FinalMmu,
    ];

    /// Name used by `--steps` and in intermediate file names.
    pub fn name(self) -> &'static str {
        match self {
            Step::Rasterize => "rasterize",
            Step::Sieve => "sieve",
            Step::Fill => "fill",
            Step::Close => "close",
            Step::Roads => "roads",
            Step::FinalMmu => "final-mmu",
        }
    }

    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|st| st.name() == s)
    }
}

/// Every parameter of steps 1–5.
#[derive(Clone, Debug)]
pub struct Params {
    pub pixel_rule: PixelRule,
    pub majority_samples: usize,
    pub mmu_pixels: usize,
    pub connectivity: Connectivity,
    pub fill: FillParams,
    /// Step 3 also fills the pixels outside the source's coverage (they
    /// are made empty first: propagation over the whole grid).
    pub fill_beyond_coverage: bool,
    pub closing: (usize, usize),
    /// Step 5 also burns pixels outside the source's coverage.
    pub burn_outside_coverage: bool,
    pub final_mmu_passes: usize,
    /// The pixels whose fill and closing matter (the output and what the
    /// closing reads around it, when a halo is cropped afterwards); `None`:
    /// all.
    pub fill_window: Option<Window>,
}

/// What a step did, for the run summary.
#[derive(Clone, Debug)]
pub struct StepReport {
    pub step: Step,
    pub elapsed: Duration,
    pub summary: String,
}

/// Runs `steps` (in pipeline order) starting from `start` (or from an empty
/// raster when rasterizing), calling `keep(step, raster)` after each. The
/// polygons are freed once rasterized.
pub fn run<E>(
    steps: &[Step],
    grid: &Grid,
    start: Option<Raster>,
    mut polygons: Vec<ClassPolygon>,
    network: &Network,
    params: &Params,
    mut keep: impl FnMut(Step, &Raster) -> Result<(), E>,
) -> Result<(Raster, Vec<StepReport>), E> {
    let mut raster = start.unwrap_or_else(|| Raster::filled(grid.width, grid.height, 0));
    let mut reports = Vec::new();
    let mut ordered: Vec<Step> = steps.to_vec();
    ordered.sort();
    ordered.dedup();
    for step in ordered {
        let t = Instant::now();
        let summary = match step {
            Step::Rasterize => {
                let polygons = std::mem::take(&mut polygons);
                raster = rasterize(&polygons, grid, params.pixel_rule, params.majority_samples);
                let gaps = super::coverage::enclosed_gaps_to_empty(&mut raster);
                let hist = raster.histogram();
                let blank = polygons.iter().filter(|p| p.class == 0).count();
                format!(
                    "{} polygons ({blank} without a class), {} empty pixels ({gaps} in gaps the source encloses), {} outside the source's coverage",
                    polygons.len() - blank,
                    hist[0],
                    hist[OUTSIDE as usize]
                )
            }
            Step::Sieve => {
                let s = remove_small_regions_in_place(
                    &mut raster,
                    params.mmu_pixels,
                    params.connectivity,
                    &[NETWORK_CLASS],
                );
                format!(
                    "{} regions, {} removed ({} pixels)",
                    s.regions, s.removed_regions, s.removed_pixels
                )
            }
            Step::Fill => {
                let opened = if params.fill_beyond_coverage {
                    super::coverage::open_coverage(&mut raster)
                } else {
                    0
                };
                let (r, s) = fill_for(&raster, &params.fill, params.fill_window);
                raster = r;
                let beyond = if params.fill_window.is_some() {
                    " (in the halo, out of the output's reach)"
                } else {
                    ""
                };
                let opened = if params.fill_beyond_coverage {
                    format!(" ({opened} outside the source's coverage filled too)")
                } else {
                    String::new()
                };
                format!(
                    "{} pixels by vote, {} by propagation, {} left empty{beyond}{opened}",
                    s.filled_by_vote, s.filled_by_propagation, s.left_empty
                )
            }
            Step::Close => {
                let (w, h) = params.closing;
                let changed = close_classes_in_place(&mut raster, w, h, params.fill_window);
                format!("{changed} pixels changed class")
            }
            Step::Roads => {
                let burned = burn_network(&mut raster, grid, network, params.burn_outside_coverage);
                let surfaces = match network.surfaces.len() {
                    0 => String::new(),
                    n => format!(", {n} rail surfaces"),
                };
                format!(
                    "{} lines{surfaces}, {} pixels burned",
                    network.lines.len(),
                    burned
                )
            }
            // No pass (the `paper` profile): nothing to merge, no copy.
            Step::FinalMmu if params.final_mmu_passes == 0 => {
                "0 regions below the MMU merged into a neighbour".to_string()
            }
            Step::FinalMmu => {
                let (r, merged) = merge_small_regions(
                    &raster,
                    params.mmu_pixels,
                    params.connectivity,
                    NETWORK_CLASS,
                    params.final_mmu_passes,
                );
                raster = r;
                format!("{merged} regions below the MMU merged into a neighbour")
            }
        };
        keep(step, &raster)?;
        reports.push(StepReport {
            step,
            elapsed: t.elapsed(),
            summary,
        });
    }
    Ok((raster, reports))
}
