//! `multisenge generalize`: vector land cover (+ roads) → ground reference.
//! Parses the options into a [`Job`]; the work is
//! [`multisenge::generalize::job::run`].

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use multisenge::generalize::config::{GeneralizeConfig, PixelRule};
use multisenge::generalize::job::{self, Job, Overrides, PatchLayout};
use multisenge::generalize::tiles;
use multisenge::profile::LoadedProfile;

use super::{CliError, EXIT_OK};

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
    /// Several tiles in one run, comma-separated: the source is read once;
    /// -o must hold `{tile}` (e.g. out/{tile}_GR.tif). Replaces --tile.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    tiles: Vec<String>,
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
    /// With --patches: skip patches whose footprint overlaps (by more than
    /// the default profile's [spatial] overlap_tolerance, 10 m²) a patch of
    /// another tile in DATASET (a dataset or a folder of label files;
    /// repeatable) or already in DIR. Patches of DIR are always avoided.
    #[arg(long, value_name = "DATASET")]
    avoid: Vec<PathBuf>,
    /// Sentinel-2 dates listed in every label file's corresponding_s2 as
    /// {tile}_{date}_S2_{x}_{y}.tif, comma-separated YYYYMMDD. Default: none
    /// (the field is an empty string).
    #[arg(long, value_delimiter = ',', value_name = "DATES")]
    s2_dates: Vec<String>,
    /// Sentinel-1 dates for corresponding_s1, as --s2-dates. Default: none.
    #[arg(long, value_delimiter = ',', value_name = "DATES")]
    s1_dates: Vec<String>,
    /// Generalization profile (TOML): mapping table, road fields, defaults;
    /// or a bundled profile's name: `paper` (default), `ocsge-plus`.
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
    #[command(flatten)]
    road_options: RoadArgs,
    /// Step final-mmu (not in the paper): regions below the MMU left by
    /// steps 3–5 (class 5 exempt) merge into the neighbouring class with the
    /// longest shared boundary, or into class 5 when enclosed by roads; at
    /// most N passes; 0 disables. [default: 0]
    #[arg(long, value_name = "N")]
    final_mmu_passes: Option<usize>,
    /// Fail (exit 2) when source features have codes missing from the
    /// mapping table, instead of reporting and skipping them.
    #[arg(long)]
    strict_mapping: bool,
    /// Write the output as a Cloud Optimized GeoTIFF (tiled 512 px, DEFLATE,
    /// internal overviews). Default: a tiled GeoTIFF, with internal
    /// overviews from 1 024 px a side.
    #[arg(long)]
    cog: bool,
    /// Pixels read and processed beyond each side of the target grid, then
    /// cropped, so that decisions at its edge see the ground beyond; 0
    /// disables; ignored with --from. [default: 512]
    #[arg(long, value_name = "PIXELS")]
    halo: Option<usize>,
    /// Overwrite existing outputs.
    #[arg(long)]
    force: bool,
}

/// The road buffer options, shared with `compare --roads`.
#[derive(Debug, Args)]
pub struct RoadArgs {
    /// Step roads: buffer of the most important roads, metres. [default: 30]
    #[arg(long, value_name = "METRES")]
    pub wide_buffer: Option<f64>,
    /// Step roads: buffer of secondary roads, metres. [default: 10]
    #[arg(long, value_name = "METRES")]
    pub narrow_buffer: Option<f64>,
    /// Step roads: buffer of railways, metres. [default: 10]
    #[arg(long, value_name = "METRES")]
    pub railway_buffer: Option<f64>,
    /// Step roads: the buffers are the corridor's total `width` or a
    /// `distance` on each side. [default: width]
    #[arg(long = "road-buffer-mode", value_name = "width|distance")]
    pub mode: Option<multisenge::generalize::config::BufferMode>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PixelRuleArg {
    Centre,
    Majority,
}

impl From<RoadArgs> for job::RoadOverrides {
    fn from(a: RoadArgs) -> Self {
        let (wide_buffer, narrow_buffer, railway_buffer) =
            (a.wide_buffer, a.narrow_buffer, a.railway_buffer);
        job::RoadOverrides {
            wide_buffer,
            narrow_buffer,
            railway_buffer,
            mode: a.mode,
        }
    }
}

pub fn run(args: GeneralizeArgs) -> u8 {
    super::report_failure("multisenge generalize: ", run_inner(args))
}

fn run_inner(args: GeneralizeArgs) -> Result<u8, CliError> {
    let config = GeneralizeConfig::from_option(args.config.as_deref())?;
    let layout = PatchLayout::of(&LoadedProfile::default_profile().profile);
    let avoid = match (&args.patches, args.avoid.is_empty()) {
        (Some(dir), _) => Some(multisenge::footprints::existing_patches(dir, &args.avoid)?),
        (None, true) => None,
        (None, false) => return Err(multisenge::footprints::AvoidError::NeedsPatches.into()),
    };
    let job = Job {
        source: args.source,
        roads: args.roads,
        tile: args.tile,
        like: args.like,
        from: args.from,
        steps: args.steps,
        output: args.output,
        keep_intermediate: args.keep_intermediate,
        patches: args.patches,
        s2_dates: args.s2_dates,
        s1_dates: args.s1_dates,
        overrides: Overrides {
            pixel_rule: args.pixel_rule.map(|r| match r {
                PixelRuleArg::Centre => PixelRule::Centre,
                PixelRuleArg::Majority => PixelRule::Majority,
            }),
            majority_samples: args.majority_samples,
            mmu: args.mmu,
            connectivity: args.connectivity,
            fill_k: args.fill_k,
            fill_power: args.fill_power,
            fill_max_radius: args.fill_max_radius,
            fill_propagation_limit: args.fill_propagation_limit,
            closing: args.closing,
            roads: args.road_options.into(),
            final_mmu_passes: args.final_mmu_passes,
        },
        strict_mapping: args.strict_mapping,
        force: args.force,
        cog: args.cog,
        avoid,
        halo: args.halo,
        tiles: args.tiles,
    };
    let outcomes = tiles::run_all(&job, &config, &layout, &mut |line| eprintln!("{line}"))?;
    for (tile, outcome) in &outcomes {
        let header = (outcomes.len() > 1).then_some(tile.as_deref().unwrap_or(""));
        outcome
            .summary(tile.as_deref(), header)
            .iter()
            .for_each(|l| eprintln!("{l}"));
    }
    Ok(EXIT_OK)
}
