//! `multisenge compare`: a generalized raster against its vector source.

use std::path::PathBuf;

use clap::Args;
use geo::Area;

use multisenge::compare::coverage::{compare_coverage, ComparePolygon};
use multisenge::compare::quicklook::quicklook;
use multisenge::compare::report;
use multisenge::generalize::config::GeneralizeConfig;
use multisenge::io::geotiff::{self, WriteOptions};
use multisenge::io::vector;
use multisenge::profile::LoadedProfile;

use super::{Ui, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE};

/// Compare a generalized raster with its vector source.
///
/// Per-class areas, confusion matrix (vector classes by supersampling),
/// overall accuracy, kappa, per-class precision, recall, F1 and IoU,
/// weighted F1, and the polygons lost entirely. See docs/generalize.md.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Land-cover polygons (any OGR format, any declared CRS), mapped to
    /// classes with the generalization profile.
    #[arg(long, value_name = "FILE")]
    source: PathBuf,
    /// Generalized raster (band 1, class values); its grid and CRS are used.
    #[arg(long, value_name = "FILE")]
    raster: PathBuf,
    /// Generalization profile (TOML): mapping table and colours. Default:
    /// the bundled validators/generalize-ocsge.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Sub-pixels per pixel side used to find the vector class of each part
    /// of a pixel (N × N sub-pixels, each takes the class of the polygon
    /// containing its centre); at least 10.
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = clap::value_parser!(u16).range(10..=100))]
    supersample: u16,
    /// Report format.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
    /// Write the report to FILE (atomically) instead of standard output
    /// (`-`: standard output).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write the polygons lost entirely (no sub-pixel of their class in the
    /// raster) as a GeoPackage layer `lost_polygons` (id, class).
    #[arg(long, value_name = "FILE")]
    lost: Option<PathBuf>,
    /// Write the disagreement raster: per pixel, the percentage (0–100) of
    /// its polygon-covered sub-pixels whose vector class differs from the
    /// pixel's value; 255 where no polygon covers it (nodata).
    #[arg(long, value_name = "FILE")]
    disagreement: Option<PathBuf>,
    /// Write a PNG quick-look (at most 2 048 px a side): the raster in the
    /// class colours, disagreeing pixels (≥ 50 %) in black, empty in white.
    #[arg(long, value_name = "FILE")]
    quicklook: Option<PathBuf>,
    /// Overwrite existing outputs.
    #[arg(long)]
    force: bool,
}

struct Failure(u8, String);

pub fn run(args: CompareArgs, ui: &Ui) -> u8 {
    match run_inner(args, ui) {
        Ok(()) => EXIT_OK,
        Err(Failure(code, message)) => {
            // An empty message: already reported (by `emit`).
            if !message.is_empty() {
                eprintln!("multisenge compare: {message}");
            }
            code
        }
    }
}

fn usage(m: impl ToString) -> Failure {
    Failure(EXIT_USAGE, m.to_string())
}

fn run_inner(args: CompareArgs, ui: &Ui) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let config = match &args.config {
        Some(p) => GeneralizeConfig::load(p),
        None => Ok(GeneralizeConfig::bundled()),
    }
    .map_err(usage)?;
    let report_file = args.output.clone().filter(|p| !super::is_stdout(Some(p)));
    for out in [
        &report_file,
        &args.lost,
        &args.disagreement,
        &args.quicklook,
    ]
    .into_iter()
    .flatten()
    {
        if out.exists() && !args.force {
            return Err(usage(format!(
                "{}: exists; use --force to overwrite it",
                out.display()
            )));
        }
    }
    let r = geotiff::read_u8(&args.raster).map_err(usage)?;
    let mut srs = gdal::spatial_ref::SpatialRef::from_wkt(&r.wkt)
        .map_err(|e| usage(format!("{}: CRS: {e}", args.raster.display())))?;
    srs.set_axis_mapping_strategy(gdal::spatial_ref::AxisMappingStrategy::TraditionalGisOrder);
    let g = r.grid;
    let bounds = [
        g.ulx,
        g.uly - g.height as f64 * g.pixel_size,
        g.ulx + g.width as f64 * g.pixel_size,
        g.uly,
    ];
    let lc = vector::read_land_cover(&args.source, &config, &srs, Some(bounds)).map_err(usage)?;
    let unmapped: u64 = lc.unmapped.values().map(|u| u.count).sum();
    if unmapped > 0 {
        eprintln!(
            "{}: {unmapped} features with codes missing from the mapping table are not compared:",
            args.source.display()
        );
        for ((cs, us), u) in &lc.unmapped {
            eprintln!("  cover `{cs}`, usage `{us}`: {} features", u.count);
        }
    }
    let polygons: Vec<ComparePolygon> = lc
        .polygons
        .into_iter()
        .map(|p| ComparePolygon {
            id: p.id,
            class: p.class,
            geometry: p.geometry,
        })
        .collect();
    if ui.verbose {
        eprintln!(
            "read {}: {} × {} px; {}: {} polygons mapped to classes ({:.2} s)",
            args.raster.display(),
            g.width,
            g.height,
            args.source.display(),
            polygons.len(),
            started.elapsed().as_secs_f64()
        );
    }
    let coverage = compare_coverage(&polygons, &r.raster, &g, usize::from(args.supersample));
    let lost_area: f64 = coverage
        .lost
        .iter()
        .map(|l| polygons[l.index].geometry.unsigned_area())
        .sum();
    let names = LoadedProfile::default_profile();
    let rep = report::build(
        &args.source.display().to_string(),
        &args.raster.display().to_string(),
        &coverage,
        &r.raster.histogram(),
        g.pixel_size,
        lost_area,
        unmapped,
        |c| names.class_name(c).unwrap_or("(not a class)").to_string(),
    );
    if let Some(path) = &args.lost {
        let lost: Vec<(i64, u8, &geo_types::MultiPolygon<f64>)> = coverage
            .lost
            .iter()
            .map(|l| (l.id, l.class, &polygons[l.index].geometry))
            .collect();
        vector::write_polygons(path, &srs, &lost, args.force).map_err(usage)?;
    }
    if let Some(path) = &args.disagreement {
        geotiff::write_u8(
            path,
            &coverage.disagreement,
            &g,
            &r.wkt,
            WriteOptions {
                overwrite: args.force,
                nodata: Some(255.0),
            },
        )
        .map_err(usage)?;
    }
    if let Some(path) = &args.quicklook {
        let img = quicklook(&r.raster, &coverage.disagreement, |c| config.color(c), 2048);
        let mut png = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .map_err(|e| Failure(EXIT_INTERNAL, format!("PNG encoding: {e}")))?;
        multisenge::io::atomic::write_bytes(path, &png)
            .map_err(|e| usage(format!("{}: {e}", path.display())))?;
    }
    let text = if args.format == "json" {
        let mut s = serde_json::to_string_pretty(&rep)
            .map_err(|e| Failure(EXIT_INTERNAL, e.to_string()))?;
        s.push('\n');
        s
    } else {
        report::to_text(&rep)
    };
    super::emit(args.output.as_deref(), &text).map_err(|code| Failure(code, String::new()))?;
    if ui.verbose {
        eprintln!("total {:.2} s", started.elapsed().as_secs_f64());
    }
    Ok(())
}
