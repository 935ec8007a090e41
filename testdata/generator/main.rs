//! `multisenge-testdata`: writes the bundled sample datasets and
//! benchmark-scale datasets. Deterministic: the same command writes the same
//! bytes.
//!
//! ```text
//! multisenge-testdata sample OUT           # OUT/valid, OUT/defective, OUT/missing-folder
//! multisenge-testdata labels OUT --patches 100000
//! multisenge-testdata scale OUT --patches 750   # 100 500 rasters
//! multisenge-testdata overlaps --patches 1000000 # the overlap pass, timed
//! multisenge-testdata partials OUT --shards 100 --footprints 1000000
//! multisenge-testdata region OUT --tile 31UGQ --size 800   # THEIA and S1-Tiling inputs
//! ```

mod defects;
mod overlaps;
mod partials;
mod raster_defects;
mod rasters;
mod region;
mod release;
mod sample;
mod scale;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Writes test and benchmark datasets for multisenge.
#[derive(Debug, Parser)]
#[command(name = "multisenge-testdata")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The sample datasets: `valid/` (clean), `defective/` (one defect per
    /// rule, listed in `defective.manifest.json`), `missing-folder/`, and
    /// the dataset rules' `release.toml` (the valid sample's declaration),
    /// `release-defective/` with `release-defective.toml`.
    Sample {
        /// Output folder (created; must not exist yet unless --force).
        out: PathBuf,
        /// Replace OUT if it exists.
        #[arg(long)]
        force: bool,
    },
    /// A full dataset at the published proportions, for benchmarks: per
    /// patch 1 ground reference, 9 Sentinel-2 and 124 Sentinel-1 files.
    Scale {
        out: PathBuf,
        /// Number of patches (750 gives 100 500 rasters; at most 24 696).
        #[arg(long, default_value_t = 750)]
        patches: usize,
        /// Sentinel-2 files per patch.
        #[arg(long, default_value_t = scale::S2_PER_PATCH)]
        s2: usize,
        /// Sentinel-1 files per patch.
        #[arg(long, default_value_t = scale::S1_PER_PATCH)]
        s1: usize,
        #[arg(long)]
        force: bool,
    },
    /// Benchmark of the overlap pass: synthetic footprints on the 257-pixel
    /// grid of whole tiles of UTM zones 31 and 32 (nearest the zones' edge
    /// first), run through the pass; prints the time and the pairs found.
    Overlaps {
        /// Number of footprints (1 764 per tile).
        #[arg(long, default_value_t = 1_000_000)]
        patches: usize,
        /// Also write the footprints as CSV (epsg,min_x,min_y,max_x,max_y)
        /// for bench/overlap_reference.py.
        #[arg(long)]
        csv: Option<PathBuf>,
    },
    /// A labels-only dataset of many label files, for benchmarks.
    Labels {
        out: PathBuf,
        /// Number of label files (patches).
        #[arg(long, default_value_t = 100_000)]
        patches: usize,
        /// Leave out the patches that overlap patches of tiles written
        /// before (as the published dataset did), as `generalize --avoid`
        /// does.
        #[arg(long)]
        no_overlap: bool,
        #[arg(long)]
        force: bool,
    },
    /// Partial reports of a sharded labels-only run, for the merge
    /// benchmark: SHARDS partials (JSON, written by the serializer of
    /// `validate --shard`) holding FOOTPRINTS patch footprints in all, on
    /// the 257-pixel grid of the tiles of UTM zones 29–34, bands S–V; no
    /// two overlap unless --overlapping.
    Partials {
        out: PathBuf,
        /// Number of partial reports (shards), 1 to FOOTPRINTS.
        #[arg(long, default_value_t = 100)]
        shards: u32,
        /// Footprints in all (patches; 1 444 per tile, or 1 764 with
        /// --overlapping).
        #[arg(long, default_value_t = 1_000_000)]
        footprints: usize,
        /// Cover whole tiles, so that neighbouring tiles' strips overlap
        /// (about 0.6 overlapping pairs per footprint for the merge to
        /// report).
        #[arg(long)]
        overlapping: bool,
        #[arg(long)]
        force: bool,
    },
    /// Inputs of `multisenge triplets` that look like the real products,
    /// over a window from a tile's corner: THEIA Level-2A products in
    /// OUT/theia/ (folders, one zip) and S1-Tiling outputs in
    /// OUT/s1tiling/TILE/.
    Region {
        out: PathBuf,
        /// Sentinel-2 tile whose grid the products are on.
        #[arg(long, default_value = "31UGQ")]
        tile: String,
        /// Width and height of the window, 10 m pixels (even, at most 10980).
        #[arg(long, default_value_t = 800)]
        size: usize,
        /// The window's corner: column and row of 10 m pixels from the
        /// tile's corner, even.
        #[arg(long, value_delimiter = ',', default_value = "0,0", value_name = "X,Y")]
        origin: Vec<usize>,
        /// `test` (6 Sentinel-2 dates: cloudy, partly seen, a few clouds;
        /// 8 Sentinel-1 acquisitions, two on one day, one partly seen) or
        /// `bench` (one clear date of each sensor).
        #[arg(long, default_value = "test")]
        scenario: String,
        #[arg(long)]
        force: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Sample { out, force } => {
            prepare(&out, force).and_then(|_| sample::write_all(&out))
        }
        Command::Scale {
            out,
            patches,
            s2,
            s1,
            force,
        } => prepare(&out, force).and_then(|_| scale::write_scale(&out, patches, s2, s1)),
        Command::Overlaps { patches, csv } => overlaps::run(patches, csv.as_deref()),
        Command::Labels {
            out,
            patches,
            no_overlap,
            force,
        } => {
            prepare(&out, force).and_then(|_| sample::write_many_labels(&out, patches, no_overlap))
        }
        Command::Partials {
            out,
            shards,
            footprints,
            overlapping,
            force,
        } => prepare(&out, force)
            .and_then(|_| partials::write_partials(&out, shards, footprints, overlapping)),
        Command::Region {
            out,
            tile,
            size,
            origin,
            scenario,
            force,
        } => {
            let origin = (
                origin.first().copied().unwrap_or(0),
                origin.get(1).copied().unwrap_or(0),
            );
            prepare(&out, force)
                .and_then(|_| region::write_region(&out, &tile, size, origin, &scenario))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("multisenge-testdata: {e}");
            ExitCode::from(2)
        }
    }
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn prepare(out: &std::path::Path, force: bool) -> Result<()> {
    if out.exists() {
        if !force {
            return Err(format!("{} exists; use --force to replace it", out.display()).into());
        }
        std::fs::remove_dir_all(out)?;
    }
    std::fs::create_dir_all(out)?;
    Ok(())
}
