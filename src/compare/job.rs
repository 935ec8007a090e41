//! A comparison, as `multisenge compare` runs it: the raster and its grid,
//! the land cover read within the same bounds as the generalization reads
//! it ([`Grid::bounds`](crate::raster::Grid::bounds)), the coverage, and the
//! outputs (report, lost polygons, disagreement raster, quick-look).

use std::path::{Path, PathBuf};

use geo::Area;

use super::coverage::{compare_coverage, ComparePolygon};
use super::quicklook::quicklook;
use super::report;
use crate::generalize::burn_roads::{network_mask, Network};
use crate::generalize::config::{GeneralizeConfig, TAG_TRANSPORT_SURFACE};
use crate::generalize::inputs::network_lines;
use crate::generalize::network::{rail_surfaces, railway_each_side, railway_source};
use crate::generalize::request::RoadOverrides;
use crate::io::formats::geotiff::{self, RasterIoError, Styling, WriteOptions};
use crate::io::formats::symbology::Symbology;
use crate::io::formats::vector::{self, SourcePolygon, VectorError};
use crate::profile::LoadedProfile;

/// Everything a comparison is asked to do: the options of
/// `multisenge compare` (parsed by [`crate::jobspec::compare`]).
#[derive(Clone, Debug)]
pub struct CompareJob {
    /// Land-cover polygons (any OGR format, any declared CRS), mapped to
    /// classes with the generalization profile.
    pub source: PathBuf,
    /// Generalized raster (band 1, class values); its grid and CRS are used.
    pub raster: PathBuf,
    /// Sub-pixels per pixel side used to find the vector class of each part
    /// of a pixel (N × N sub-pixels, each takes the class of the polygon
    /// containing its centre); at least 10.
    pub supersample: u16,
    /// JSON report instead of text (the command line's `--format`).
    pub json: bool,
    /// Write the report to FILE (atomically) instead of standard output
    /// (`-`: standard output).
    pub output: Option<PathBuf>,
    /// Write the polygons lost entirely (no sub-pixel of their class in the
    /// raster) as a GeoPackage layer `lost_polygons` (id, class).
    pub lost: Option<PathBuf>,
    /// Write the disagreement raster: per pixel, the percentage (0–100) of
    /// its polygon-covered sub-pixels whose vector class differs from the
    /// pixel's value; 255 where no polygon covers it (nodata).
    pub disagreement: Option<PathBuf>,
    /// Write a PNG quick-look (at most 2 048 px a side): the raster in the
    /// class colours, disagreeing pixels (≥ 50 %) in black, empty in white.
    pub quicklook: Option<PathBuf>,
    /// Overwrite existing outputs.
    pub force: bool,
    /// Road and railway lines (as `generalize --roads`): class 5 pixels are
    /// judged against the buffered network, so the other classes' figures
    /// measure the generalization alone.
    pub roads: Option<PathBuf>,
    pub road_options: RoadOverrides,
    pub memory: crate::io::safety::memory::MemoryOptions,
}

/// Why a comparison could not run or finish.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error("{}: exists; use --force to overwrite it", .0.display())]
    Exists(PathBuf),
    #[error(transparent)]
    Raster(#[from] RasterIoError),
    #[error(transparent)]
    Vector(#[from] VectorError),
    #[error("{}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    OutOfRange(#[from] crate::generalize::limits::OutOfRange),
    #[error(transparent)]
    Memory(#[from] crate::io::safety::memory::MemoryError),
    #[error("cannot write {}: {source}", path.display())]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}, layer `{layer}`: no mapped polygon reaches the raster {} ({read} features read within its extent): is the source of this place, and is its declared CRS its own?", path.display(), raster.display())]
    NoPolygons {
        path: PathBuf,
        layer: String,
        raster: PathBuf,
        read: u64,
    },
    #[error("PNG encoding: {0}")]
    Png(#[from] image::ImageError),
    #[error("{0}")]
    Json(#[from] serde_json::Error),
}

impl CompareError {
    /// Whether the failure is the tool's, not the user's input.
    pub fn is_internal(&self) -> bool {
        matches!(self, CompareError::Png(_) | CompareError::Json(_))
    }
}

/// Runs `job`; returns the report, rendered. `note` receives the warnings
/// (unmapped codes).
pub fn run(
    job: &CompareJob,
    config: &GeneralizeConfig,
    note: &mut dyn FnMut(&str),
) -> Result<String, CompareError> {
    run_reporting(job, config, note, crate::generalize::progress::silent())
}

/// [`run`], reporting each phase as it starts (reading the raster, the
/// source and the roads, the coverage, the outputs) through `progress`.
/// Weights: wall seconds of a full tile's comparison (docs/performance.md).
pub fn run_reporting(
    job: &CompareJob,
    config: &GeneralizeConfig,
    note: &mut dyn FnMut(&str),
    progress: crate::generalize::progress::Report,
) -> Result<String, CompareError> {
    job.memory.apply();
    let mut list = vec![("raster", 0.3), ("source", 1.2)];
    if job.roads.is_some() {
        list.push(("roads", 0.4));
    }
    list.extend([("coverage", 2.2), ("outputs", 0.5)]);
    let phases = crate::generalize::progress::Phases::new(&list, progress);
    let outputs = [&job.output, &job.lost, &job.disagreement, &job.quicklook];
    if let Some(out) = outputs
        .into_iter()
        .flatten()
        .find(|o| o.exists() && !job.force)
    {
        return Err(CompareError::Exists(out.clone()));
    }
    // Every output checked writable before any is written.
    for out in outputs
        .into_iter()
        .flatten()
        .filter(|o| o.as_os_str() != "-")
    {
        crate::io::safety::atomic::destination(out).map_err(|source| CompareError::Output {
            path: out.clone(),
            source,
        })?;
    }
    let n = job.supersample as f64;
    let range = crate::generalize::limits::SUPERSAMPLE;
    crate::generalize::limits::within(
        "--supersample",
        n,
        range.min,
        range.max,
        " sub-pixels per side",
    )?;
    // The class raster, the coverage counts and the disagreement map,
    // estimated from the header before the pixels are read.
    let (grid, _) = geotiff::read_class_grid(&job.raster)?;
    let cells = (grid.width as u64).saturating_mul(grid.height as u64);
    let what = format!("comparing {} × {} px", grid.width, grid.height);
    crate::io::safety::memory::check(&what, cells, 16)?;
    phases.begin();
    let r = geotiff::read_u8(&job.raster)?;
    let srs = vector::srs_from_wkt(&r.wkt, &job.raster)?;
    let g = r.grid;
    phases.finish("raster");
    let lc = vector::read_land_cover(&job.source, config, &srs, Some(g.bounds()))?;
    phases.finish("source");
    let unmapped: u64 = lc.unmapped.values().map(|u| u.count).sum();
    if unmapped > 0 {
        note(&format!(
            "{}: {unmapped} features with codes missing from the mapping table are not compared:",
            job.source.display()
        ));
        for ((cs, us), u) in &lc.unmapped {
            note(&format!(
                "  cover `{cs}`, usage `{us}`: {} features",
                u.count
            ));
        }
    }
    // A source of another place, or in another CRS than it declares,
    // would give all-zero figures.
    if lc.polygons.is_empty() {
        return Err(CompareError::NoPolygons {
            path: job.source.clone(),
            layer: lc.layer.clone(),
            raster: job.raster.clone(),
            read: lc.features_read,
        });
    }
    let o = &job.road_options;
    let rail_surfaces = match (&job.roads, railway_source(config, o).surfaces()) {
        (Some(_), true) => rail_surfaces(&lc.polygons, railway_each_side(config, o)),
        _ => Vec::new(),
    };
    let polygons = compare_polygons(lc.polygons);
    let network = match &job.roads {
        Some(path) => {
            let lines = network_lines(path, config, o, (&srs, &g), note)?;
            let network = Network {
                lines,
                surfaces: rail_surfaces,
            };
            // Pixels the raster leaves empty were not burned (roads are not
            // burned outside the source's coverage by default).
            let mut mask = network_mask(&g, &network);
            for (m, &v) in mask.iter_mut().zip(&r.raster.data) {
                *m &= v != 0;
            }
            phases.finish("roads");
            Some(mask)
        }
        None => None,
    };
    let coverage = compare_coverage(
        &polygons,
        &r.raster,
        &g,
        usize::from(job.supersample),
        network.as_deref(),
    );
    phases.finish("coverage");
    let lost_areas: Vec<f64> = coverage
        .lost
        .iter()
        .map(|l| polygons[l.index].geometry.unsigned_area())
        .collect();
    let names = LoadedProfile::default_profile();
    // With --roads, the class table is that of the pixels off the network.
    let raster_hist = match &network {
        Some(mask) => {
            let mut hist = [0u64; 256];
            for (&v, &m) in r.raster.data.iter().zip(mask) {
                hist[v as usize] += u64::from(!m);
            }
            hist
        }
        None => r.raster.histogram(),
    };
    let inputs = report::ReportInputs {
        source: &job.source.display().to_string(),
        raster: &job.raster.display().to_string(),
        coverage: &coverage,
        raster_hist: &raster_hist,
        class_5_pixels: r.raster.histogram()[5],
        pixel_size: g.pixel_size,
        lost_areas_m2: &lost_areas,
        unmapped,
        network_pixels: network
            .as_ref()
            .map(|n| n.iter().filter(|&&b| b).count() as u64),
    };
    let rep = report::build(&inputs, |c| {
        names.class_name(c).unwrap_or("(not a class)").to_string()
    });
    if let Some(path) = &job.lost {
        let lost: Vec<(i64, u8, &geo_types::MultiPolygon<f64>)> = coverage
            .lost
            .iter()
            .map(|l| (l.id, l.class, &polygons[l.index].geometry))
            .collect();
        vector::write_polygons(path, &srs, &lost, job.force)?;
    }
    if let Some(path) = &job.disagreement {
        let options = WriteOptions {
            overwrite: job.force,
            nodata: Some(255.0),
        };
        let ramp = Styling {
            symbology: Symbology::PercentRamp,
            description: "disagreement, percent".to_string(),
            overviews: true,
            ..Styling::default()
        };
        geotiff::write_u8_styled(path, &coverage.disagreement, &g, &r.wkt, options, &ramp)?;
    }
    if let Some(path) = &job.quicklook {
        let img = quicklook(&r.raster, &coverage.disagreement, |c| config.color(c), 2048);
        let mut png = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)?;
        write(path, &png)?;
    }
    phases.finish("outputs");
    Ok(if job.json {
        let mut s = serde_json::to_string_pretty(&rep)?;
        s.push('\n');
        s
    } else {
        report::to_text(&rep)
    })
}

/// The polygons as compared: first those without a class (class 0: left
/// blank, or unmapped codes), which cover their ground and hide no class;
/// then the others, in layer order.
fn compare_polygons(source: Vec<SourcePolygon>) -> Vec<ComparePolygon> {
    let (blank, classes): (Vec<SourcePolygon>, Vec<SourcePolygon>) =
        source.into_iter().partition(|p| p.class == 0);
    blank
        .into_iter()
        .chain(classes)
        .map(|p| ComparePolygon {
            id: p.id,
            class: p.class,
            transport: p.tag & TAG_TRANSPORT_SURFACE != 0,
            geometry: p.geometry,
        })
        .collect()
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), CompareError> {
    crate::io::safety::atomic::write_bytes(path, bytes).map_err(|source| CompareError::Write {
        path: path.to_path_buf(),
        source,
    })
}
