//! `multisenge generalize`: vector land cover (+ roads) → ground reference.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use multisenge::generalize::burn_roads::RoadLine;
use multisenge::generalize::config::{GeneralizeConfig, PixelRule};
use multisenge::generalize::fill::FillParams;
use multisenge::generalize::patchify::{
    cut_patch, label_file_name, label_json, patch_file_name, patch_origins,
};
use multisenge::generalize::pipeline::{self, Params, Step};
use multisenge::generalize::rasterize::ClassPolygon;
use multisenge::generalize::remove_small_regions::{hectares_to_pixels, Connectivity};
use multisenge::generalize::{Grid, Raster};
use multisenge::io::geotiff::{self, WriteOptions};
use multisenge::io::vector::{self, srs_from_epsg};
use multisenge::model::grid::{TilingGrid, TILE_SIZE_M};
use multisenge::model::tile::TileCode;

use super::{Ui, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE};

/// Turn vector land cover into the 10 m ground reference of a tile.
///
/// From a land-cover layer (and road/railway lines) to the ground reference
/// on the 10 m grid of a Sentinel-2 tile: rasterize, remove regions below
/// the MMU, fill, close, burn roads, and optionally cut patches with label
/// files. Options left out take their value from the generalization profile
/// (--config); the defaults shown are those of the bundled profile. See
/// docs/generalize.md for the exact semantics of every step.
#[derive(Debug, Args)]
pub struct GeneralizeArgs {
    /// Land-cover polygons: any OGR format (GeoPackage, Shapefile, GeoJSON,
    /// FlatGeobuf) in any declared CRS; reprojected to the tile's UTM zone.
    #[arg(long, value_name = "FILE")]
    source: Option<PathBuf>,
    /// Road and railway lines (layers and fields named in the profile).
    /// Without it, step `roads` burns nothing.
    #[arg(long, value_name = "FILE")]
    roads: Option<PathBuf>,
    /// Target grid: the 10 980 × 10 980 px, 10 m grid of this Sentinel-2
    /// tile (e.g. 31UGQ, from the official tiling grid). Also names patches.
    #[arg(long, value_name = "CODE")]
    tile: Option<String>,
    /// Target grid: the grid and CRS of this raster instead of a tile.
    #[arg(long, value_name = "FILE")]
    like: Option<PathBuf>,
    /// Start from this class raster instead of rasterizing (to run later
    /// steps alone, e.g. on a kept intermediate); its grid is the target grid.
    #[arg(long, value_name = "FILE")]
    from: Option<PathBuf>,
    /// Steps to run, comma-separated, always in pipeline order: rasterize,
    /// sieve, fill, close, roads, final-mmu, or `all`.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "all",
        value_name = "STEPS"
    )]
    steps: Vec<String>,
    /// Final ground-reference raster (GeoTIFF, tiled, DEFLATE).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write every step's raster beside the output, as
    /// OUTPUT-STEM.N-STEP.tif.
    #[arg(long)]
    keep_intermediate: bool,
    /// Cut 256 × 256 patches on the 257-pixel grid into DIR/ground_reference
    /// ({tile}_GR_{x}_{y}.tif) and DIR/labels ({tile}_{x}_{y}.json); patches
    /// holding any empty pixel are skipped. Needs --tile for the names.
    #[arg(long, value_name = "DIR")]
    patches: Option<PathBuf>,
    /// Sentinel-2 dates listed in every label file's corresponding_s2 as
    /// {tile}_{date}_S2_{x}_{y}.tif, comma-separated YYYYMMDD. Default: none
    /// (the field is an empty string).
    #[arg(long, value_delimiter = ',', value_name = "DATES")]
    s2_dates: Vec<String>,
    /// Sentinel-1 dates for corresponding_s1, as --s2-dates. Default: none.
    #[arg(long, value_delimiter = ',', value_name = "DATES")]
    s1_dates: Vec<String>,
    /// Generalization profile (TOML): mapping table, road fields, defaults.
    /// Default: the bundled validators/generalize-ocsge.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Step 1 pixel rule: `centre` (class of the polygon containing the pixel
    /// centre, as gdal_rasterize) or `majority` (class covering most of the
    /// pixel, on N × N samples). [default: majority]
    #[arg(long, value_enum, value_name = "RULE")]
    pixel_rule: Option<PixelRuleArg>,
    /// N of the majority rule, samples per pixel side. [default: 3]
    #[arg(long, value_name = "N")]
    majority_samples: Option<usize>,
    /// Minimum mapping unit of steps sieve and final-mmu: regions with fewer
    /// pixels are removed; pixels (`250`, `250px`) or hectares (`2.5ha`).
    /// [default: 250 px = 2.5 ha]
    #[arg(long, value_name = "SIZE")]
    mmu: Option<String>,
    /// Region connectivity, 4 or 8 neighbours. [default: 8]
    #[arg(long, value_name = "4|8")]
    connectivity: Option<u8>,
    /// Step fill: number of nearest labelled pixels voting. [default: 8]
    #[arg(long, value_name = "K")]
    fill_k: Option<usize>,
    /// Step fill: power p of the vote weight 1 / distance^p. [default: 1]
    #[arg(long, value_name = "P")]
    fill_power: Option<f64>,
    /// Step fill: search radius of the vote, pixels; farther pixels take the
    /// class of their nearest labelled pixel by propagation. [default: 16]
    #[arg(long, value_name = "PIXELS")]
    fill_max_radius: Option<usize>,
    /// Step fill: how far the propagation may go beyond --fill-max-radius,
    /// pixels; farther pixels stay empty and patches holding them are not
    /// written. Use 0 for a source that covers only part of the tile.
    /// [default: no limit]
    #[arg(long, value_name = "PIXELS")]
    fill_propagation_limit: Option<usize>,
    /// Step close: structuring element WIDTHxHEIGHT, pixels, odd. [default: 3x3]
    #[arg(long, value_name = "WxH")]
    closing: Option<String>,
    /// Step roads: buffer distance (each side) of the most important roads,
    /// metres. [default: 30]
    #[arg(long, value_name = "METRES")]
    wide_buffer: Option<f64>,
    /// Step roads: buffer distance (each side) of secondary roads, metres.
    /// [default: 10]
    #[arg(long, value_name = "METRES")]
    narrow_buffer: Option<f64>,
    /// Step roads: buffer distance (each side) of railways, metres. [default: 10]
    #[arg(long, value_name = "METRES")]
    railway_buffer: Option<f64>,
    /// Step final-mmu: regions below the MMU left by steps 3–5 (class 5
    /// exempt) merge into the neighbouring class with the longest shared
    /// boundary, or into class 5 when enclosed by roads; at most N passes.
    /// [default: 5]
    #[arg(long, value_name = "N")]
    final_mmu_passes: Option<usize>,
    /// Fail (exit 2) when source features have codes missing from the
    /// mapping table, instead of reporting and skipping them.
    #[arg(long)]
    strict_mapping: bool,
    /// Overwrite existing outputs.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PixelRuleArg {
    Centre,
    Majority,
}

struct Failure {
    code: u8,
    message: String,
}

fn usage(message: impl Into<String>) -> Failure {
    Failure {
        code: EXIT_USAGE,
        message: message.into(),
    }
}

pub fn run(args: GeneralizeArgs, ui: &Ui) -> u8 {
    match run_inner(args, ui) {
        Ok(()) => EXIT_OK,
        Err(f) => {
            eprintln!("multisenge generalize: {}", f.message);
            f.code
        }
    }
}

/// Parses `250`, `250px` or `2.5ha` into pixels at `pixel_size` metres.
pub(crate) fn parse_mmu(text: &str, pixel_size: f64) -> Result<usize, String> {
    let t = text.trim();
    let bad = || format!("--mmu `{text}`: expected pixels (250, 250px) or hectares (2.5ha)");
    if let Some(ha) = t.strip_suffix("ha") {
        let v: f64 = ha.trim().parse().map_err(|_| bad())?;
        if !(v >= 0.0 && v.is_finite()) {
            return Err(bad());
        }
        Ok(hectares_to_pixels(v, pixel_size))
    } else {
        t.strip_suffix("px")
            .unwrap_or(t)
            .trim()
            .parse()
            .map_err(|_| bad())
    }
}

fn parse_closing(text: &str) -> Result<(usize, usize), String> {
    let bad = || format!("--closing `{text}`: expected WIDTHxHEIGHT with odd sizes, e.g. 3x3");
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h): (usize, usize) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    if w % 2 == 0 || h % 2 == 0 {
        return Err(bad());
    }
    Ok((w, h))
}

fn run_inner(args: GeneralizeArgs, ui: &Ui) -> Result<(), Failure> {
    let started = Instant::now();
    let config = match &args.config {
        Some(p) => GeneralizeConfig::load(p),
        None => Ok(GeneralizeConfig::bundled()),
    }
    .map_err(|e| usage(e.to_string()))?;
    let d = &config.defaults;

    // Steps.
    let mut steps = Vec::new();
    for s in &args.steps {
        if s == "all" {
            steps.extend(Step::ALL);
        } else {
            steps.push(Step::parse(s).ok_or_else(|| {
                usage(format!("--steps: unknown step `{s}`; expected rasterize, sieve, fill, close, roads, final-mmu or all"))
            })?);
        }
    }
    let rasterizing = steps.contains(&Step::Rasterize);
    if rasterizing && args.from.is_some() {
        return Err(usage(
            "--from starts after rasterizing; remove `rasterize` from --steps or drop --from",
        ));
    }
    if !rasterizing && args.from.is_none() {
        return Err(usage(
            "without the rasterize step, give the raster to start from with --from FILE",
        ));
    }
    if rasterizing && args.source.is_none() {
        return Err(usage(
            "the rasterize step needs the land-cover layer: --source FILE",
        ));
    }
    if args.output.as_deref() == Some(Path::new("-")) {
        return Err(usage(
            "--output -: a GeoTIFF cannot be written to standard output; give a file name",
        ));
    }
    if args.output.is_none() && args.patches.is_none() {
        return Err(usage(
            "nothing to write: give --output FILE and/or --patches DIR",
        ));
    }

    // Target grid and CRS.
    let tile = match &args.tile {
        Some(code) => {
            let t = TileCode::parse(code).map_err(|e| usage(format!("--tile `{code}`: {e}")))?;
            Some(t)
        }
        None => None,
    };
    let mut start = None;
    let (grid, wkt, srs) = if let Some(from) = &args.from {
        let r = geotiff::read_u8(from).map_err(|e| usage(e.to_string()))?;
        let srs = gdal::spatial_ref::SpatialRef::from_wkt(&r.wkt)
            .map_err(|e| usage(format!("{}: CRS: {e}", from.display())))?;
        let out = (r.grid, r.wkt.clone(), srs);
        start = Some(r.raster);
        out
    } else if let Some(like) = &args.like {
        let (grid, wkt) = geotiff::read_grid(like).map_err(|e| usage(e.to_string()))?;
        let srs = gdal::spatial_ref::SpatialRef::from_wkt(&wkt)
            .map_err(|e| usage(format!("{}: CRS: {e}", like.display())))?;
        (grid, wkt, srs)
    } else if let Some(t) = &tile {
        let g = TilingGrid::official().get(t).ok_or_else(|| {
            usage(format!(
                "--tile {t}: not a tile of the Sentinel-2 tiling grid"
            ))
        })?;
        let srs = srs_from_epsg(g.epsg).map_err(|e| usage(format!("--tile {t}: {e}")))?;
        let wkt = srs.to_wkt().map_err(|e| Failure {
            code: EXIT_INTERNAL,
            message: e.to_string(),
        })?;
        let size = (TILE_SIZE_M / 10.0).round() as usize;
        (
            Grid {
                ulx: g.ulx,
                uly: g.uly,
                pixel_size: 10.0,
                width: size,
                height: size,
            },
            wkt,
            srs,
        )
    } else {
        return Err(usage(
            "give the target grid: --tile CODE or --like FILE (or --from FILE)",
        ));
    };
    let mut srs = srs;
    srs.set_axis_mapping_strategy(gdal::spatial_ref::AxisMappingStrategy::TraditionalGisOrder);
    if let Some(dir) = &args.patches {
        let Some(t) = &tile else {
            return Err(usage("--patches needs --tile CODE to name the patches"));
        };
        // Patch positions are counted from the tile's corner.
        let g = TilingGrid::official().get(t).ok_or_else(|| {
            usage(format!(
                "--tile {t}: not a tile of the Sentinel-2 tiling grid"
            ))
        })?;
        if (g.ulx - grid.ulx).abs() > 1e-6
            || (g.uly - grid.uly).abs() > 1e-6
            || grid.pixel_size != 10.0
        {
            return Err(usage(format!(
                "--patches {}: the target grid must start at the upper-left corner of tile {t} ({}, {}) with 10 m pixels",
                dir.display(),
                g.ulx,
                g.uly
            )));
        }
    }

    // Parameters: command line over profile.
    let pixel_rule = match args.pixel_rule {
        Some(PixelRuleArg::Centre) => PixelRule::Centre,
        Some(PixelRuleArg::Majority) => PixelRule::Majority,
        None => d.pixel_rule,
    };
    let mmu_pixels = match &args.mmu {
        Some(t) => parse_mmu(t, grid.pixel_size).map_err(usage)?,
        None => d.mmu_pixels,
    };
    let connectivity = Connectivity::from_number(args.connectivity.unwrap_or(d.connectivity))
        .ok_or_else(|| usage("--connectivity: expected 4 or 8"))?;
    let closing = match &args.closing {
        Some(t) => parse_closing(t).map_err(usage)?,
        None => (d.closing_width, d.closing_height),
    };
    let fill_k = args.fill_k.unwrap_or(d.fill_k);
    if fill_k == 0 {
        return Err(usage("--fill-k: expected at least 1"));
    }
    let params = Params {
        pixel_rule,
        majority_samples: args.majority_samples.unwrap_or(d.majority_samples).max(1),
        mmu_pixels,
        connectivity,
        fill: FillParams {
            k: fill_k,
            power: args.fill_power.unwrap_or(d.fill_power),
            max_radius: args.fill_max_radius.unwrap_or(d.fill_max_radius),
            ignore: vec![],
            propagation_limit: args.fill_propagation_limit.or(d.fill_propagation_limit),
        },
        closing,
        final_mmu_passes: args.final_mmu_passes.unwrap_or(d.final_mmu_passes),
    };

    // Refuse to overwrite before doing any work.
    if let Some(out) = &args.output {
        if out.exists() && !args.force {
            return Err(usage(format!(
                "{}: exists; use --force to overwrite it",
                out.display()
            )));
        }
    }

    // Inputs.
    let bounds = [
        grid.ulx,
        grid.uly - grid.height as f64 * grid.pixel_size,
        grid.ulx + grid.width as f64 * grid.pixel_size,
        grid.uly,
    ];
    let t = Instant::now();
    let mut polygons = Vec::new();
    if rasterizing {
        let source = args.source.as_ref().expect("checked above");
        let lc = vector::read_land_cover(source, &config, &srs, Some(bounds))
            .map_err(|e| usage(e.to_string()))?;
        if !lc.unmapped.is_empty() {
            let total: u64 = lc.unmapped.values().map(|u| u.count).sum();
            eprintln!(
                "{}: {total} features with codes missing from the mapping table were skipped:",
                source.display()
            );
            for ((cs, us), u) in &lc.unmapped {
                let ids: Vec<String> = u.ids.iter().map(i64::to_string).collect();
                eprintln!(
                    "  cover `{cs}`, usage `{us}`: {} features (ids {})",
                    u.count,
                    ids.join(", ")
                );
            }
            if args.strict_mapping {
                return Err(usage(format!(
                    "{}: unmapped codes (see above) and --strict-mapping",
                    source.display()
                )));
            }
        }
        if lc.polygons.is_empty() {
            return Err(usage(format!(
                "{}, layer `{}`: no mapped polygon reaches the target grid ({} features read)",
                source.display(),
                lc.layer,
                lc.features_read
            )));
        }
        polygons = lc
            .polygons
            .into_iter()
            .map(|p| ClassPolygon {
                class: p.class,
                geometry: p.geometry,
            })
            .collect();
    }
    let mut roads = Vec::new();
    if let (Some(path), true) = (&args.roads, steps.contains(&Step::Roads)) {
        let r = &config.roads;
        let wide = args.wide_buffer.unwrap_or(r.wide_buffer_m);
        let narrow = args.narrow_buffer.unwrap_or(r.narrow_buffer_m);
        let lines = vector::read_lines(
            path,
            &r.layer,
            &r.importance_field,
            &srs,
            Some(bounds),
            false,
        )
        .map_err(|e| usage(e.to_string()))?
        .unwrap_or_default();
        for l in lines {
            let buffer_m = if r.wide_values.contains(&l.importance) {
                wide
            } else if r.narrow_values.contains(&l.importance) {
                narrow
            } else {
                continue;
            };
            roads.push(RoadLine {
                geometry: l.geometry,
                buffer_m,
            });
        }
        if !config.railways.layer.is_empty() {
            let rail = args.railway_buffer.unwrap_or(config.railways.buffer_m);
            match vector::read_lines(path, &config.railways.layer, "", &srs, Some(bounds), true)
                .map_err(|e| usage(e.to_string()))?
            {
                Some(lines) => roads.extend(lines.into_iter().map(|l| RoadLine {
                    geometry: l.geometry,
                    buffer_m: rail,
                })),
                None => eprintln!(
                    "{}: no layer `{}`: no railway burned",
                    path.display(),
                    config.railways.layer
                ),
            }
        }
    }
    let read_time = t.elapsed();
    if ui.verbose {
        if let Some(source) = &args.source {
            eprintln!(
                "read {}: {} polygons mapped to classes",
                source.display(),
                polygons.len()
            );
        }
        if let Some(path) = &args.roads {
            eprintln!(
                "read {}: {} road and railway lines to burn",
                path.display(),
                roads.len()
            );
        }
    }

    // Steps.
    let keep_base = args.output.clone().unwrap_or_else(|| {
        args.patches
            .clone()
            .unwrap_or_default()
            .join("generalized.tif")
    });
    let write_opts = WriteOptions {
        overwrite: args.force,
        nodata: Some(0.0),
    };
    let mut index = 0;
    let keep = |step: Step, raster: &Raster| -> Result<(), Failure> {
        index += 1;
        if args.keep_intermediate {
            let path = intermediate_path(&keep_base, index, step);
            geotiff::write_u8(&path, raster, &grid, &wkt, write_opts)
                .map_err(|e| usage(e.to_string()))?;
        }
        Ok(())
    };
    let (result, reports) = pipeline::run(&steps, &grid, start, &polygons, &roads, &params, keep)?;
    drop(polygons);
    let t = Instant::now();
    if let Some(out) = &args.output {
        geotiff::write_u8(out, &result, &grid, &wkt, write_opts)
            .map_err(|e| usage(e.to_string()))?;
    }
    let write_time = t.elapsed();
    let t = Instant::now();
    let mut patch_count = 0;
    if let (Some(dir), Some(tile)) = (&args.patches, &tile) {
        patch_count =
            write_patches(dir, tile.as_str(), &result, &grid, &wkt, &args).map_err(usage)?;
    }
    let patch_time = t.elapsed();

    if ui.quiet {
        return Ok(());
    }
    eprintln!("read inputs: {:.2} s", read_time.as_secs_f64());
    for r in &reports {
        eprintln!(
            "{:<10} {:>6.2} s  {}",
            r.step.name(),
            r.elapsed.as_secs_f64(),
            r.summary
        );
    }
    if args.output.is_some() {
        eprintln!("write      {:>6.2} s", write_time.as_secs_f64());
    }
    if args.patches.is_some() {
        eprintln!(
            "patches    {:>6.2} s  {patch_count} written",
            patch_time.as_secs_f64()
        );
    }
    eprintln!("total      {:>6.2} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn intermediate_path(base: &Path, index: usize, step: Step) -> PathBuf {
    let stem = base
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generalized".into());
    base.with_file_name(format!("{stem}.{index}-{}.tif", step.name()))
}

fn write_patches(
    dir: &Path,
    tile: &str,
    raster: &Raster,
    grid: &Grid,
    wkt: &str,
    args: &GeneralizeArgs,
) -> Result<usize, String> {
    let gr_dir = dir.join("ground_reference");
    let labels_dir = dir.join("labels");
    for d in [&gr_dir, &labels_dir] {
        std::fs::create_dir_all(d)
            .map_err(|e| format!("{}: cannot create folder: {e}", d.display()))?;
    }
    let names = |dates: &[String], sensor: &str, x: usize, y: usize| -> Vec<String> {
        dates
            .iter()
            .map(|d| format!("{tile}_{d}_{sensor}_{x}_{y}.tif"))
            .collect()
    };
    let origins = patch_origins(raster.width, raster.height, 256, 257);
    let written: Result<Vec<usize>, String> = origins
        .par_iter()
        .map(|&(x, y)| {
            let Some(p) = cut_patch(raster, x, y, 256) else {
                return Ok(0);
            };
            let gr = gr_dir.join(patch_file_name(tile, x, y));
            let label = labels_dir.join(label_file_name(tile, x, y));
            for f in [&gr, &label] {
                if f.exists() && !args.force {
                    return Err(format!(
                        "{}: exists; use --force to overwrite it",
                        f.display()
                    ));
                }
            }
            let pg = Grid {
                ulx: grid.ulx + x as f64 * grid.pixel_size,
                uly: grid.uly - y as f64 * grid.pixel_size,
                width: 256,
                height: 256,
                ..*grid
            };
            geotiff::write_u8(
                &gr,
                &p.raster,
                &pg,
                wkt,
                WriteOptions {
                    overwrite: args.force,
                    nodata: None,
                },
            )
            .map_err(|e| e.to_string())?;
            let json = label_json(
                &p.labels,
                wkt,
                &names(&args.s2_dates, "S2", x, y),
                &names(&args.s1_dates, "S1", x, y),
            );
            multisenge::io::atomic::write_bytes(&label, json.as_bytes())
                .map_err(|e| format!("{}: {e}", label.display()))?;
            Ok(1)
        })
        .collect();
    Ok(written?.into_iter().sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mmu_accepts_pixels_and_hectares() {
        assert_eq!(parse_mmu("250", 10.0), Ok(250));
        assert_eq!(parse_mmu("250px", 10.0), Ok(250));
        assert_eq!(parse_mmu("2.5ha", 10.0), Ok(250));
        assert_eq!(parse_mmu("1 ha", 10.0), Ok(100));
        assert!(parse_mmu("big", 10.0).is_err());
        assert_eq!(parse_closing("5x3"), Ok((5, 3)));
        assert!(parse_closing("4x4").is_err());
    }
}
