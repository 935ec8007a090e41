//! Publishing a dataset: `multisenge report`, one self-contained HTML file
//! people look at before a release (map, charts, findings by rule), and
//! `multisenge stac`, a static STAC catalog machine-learning tools read.
//! Both come from the same pass as `validate` and `stats` (the report also
//! from their saved JSON). This layer sits above the reports: it reads
//! whole datasets and places them on the ground ([`places`]).
//!
//! * [`places`]: footprints, tiles and overlapping pairs in EPSG:4326;
//! * [`page`] and [`charts`]: what the report shows, its SVG charts;
//! * [`html`]: the templates (`templates/report/`) and the rendering;
//! * [`saved`]: a report from saved `validate` and `stats` JSON;
//! * [`stac`]: the STAC Collection and Items.

pub mod charts;
pub mod html;
pub mod page;
pub mod places;
pub mod saved;
pub mod stac;

use std::path::{Path, PathBuf};

use crate::engine::{self, EngineError, Options, ProgressHook};
use crate::io::atomic::{self, WriteWithError};
use crate::io::reproject::GdalReprojector;
use crate::profile::{LoadedProfile, ProfileError};
use crate::spatial::SpatialError;

/// `multisenge report` and `multisenge stac`.
#[derive(Debug, clap::Subcommand)]
pub enum PublishCommand {
    Report(ReportArgs),
    Stac(StacArgs),
}

/// Write a self-contained HTML report: map, charts, findings by rule
///
/// One HTML file with its styles, script and pictures inline (nothing is
/// fetched when it is opened): the release-note summary; a map of every
/// patch footprint over the tile outlines, coloured by its worst finding,
/// with the overlapping pairs (pan, zoom, click a patch for its findings
/// and files); class frequencies, acquisition dates per tile and sensor,
/// dates per patch; the findings grouped by rule, filterable by severity,
/// tile and rule. Without scripts the page still reads (tables), and it
/// prints.
#[derive(Clone, Debug, clap::Args)]
pub struct ReportArgs {
    /// Dataset root, or a folder of label files: local, or
    /// /vsis3/BUCKET/PREFIX. With --from-json it is optional and only
    /// places the patches on the map (nothing is validated again).
    #[arg(required_unless_present = "from_json")]
    pub dataset: Option<PathBuf>,
    /// The HTML file to write (atomically: a temporary file renamed when
    /// complete); `-`: standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Use the label files only, even if raster folders exist.
    #[arg(long)]
    pub labels_only: bool,
    /// Dataset profile (TOML). Default: the bundled validators/multisenge.toml.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Build the report from a saved `validate --format json` report
    /// instead of validating (with --stats).
    #[arg(long, value_name = "FILE", requires = "stats")]
    pub from_json: Option<PathBuf>,
    /// The saved `stats --format json` figures that go with --from-json.
    #[arg(long, value_name = "FILE", requires = "from_json")]
    pub stats: Option<PathBuf>,
    /// URL of docs/rules.md, to which each rule's anchor is appended
    /// (#n003-invalid-date) for its link.
    #[arg(long, value_name = "URL", default_value = crate::report::DEFAULT_DOCS_URL)]
    pub docs_url: String,
    #[command(flatten)]
    pub listing: crate::io::listing::ListingOptions,
}

/// Write a static STAC 1.0 catalog: one Collection, one Item per patch
///
/// DIR/collection.json (the catalog's root: extent, licence and citation
/// from the profile's [publication] section, the class table through the
/// label extension) and DIR/items/TILE/TILE_X_Y.json (footprint in
/// EPSG:4326, date range, projection extension, and assets: the ground
/// reference with role `labels`, the label file, every Sentinel-2 and
/// Sentinel-1 file with its date and bands). Links are relative. From a
/// folder of label files alone, the assets are the names they list.
#[derive(Clone, Debug, clap::Args)]
pub struct StacArgs {
    /// Dataset root, or a folder of label files: local, or /vsis3/BUCKET/PREFIX.
    pub dataset: PathBuf,
    /// The catalog folder to write; it must not exist or be empty unless
    /// --force. It is written beside under a temporary name and renamed
    /// when complete.
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,
    /// Replace DIR if it exists and is not empty.
    #[arg(long)]
    pub force: bool,
    /// Use the label files only, even if raster folders exist (the assets
    /// are then the names the label files list).
    #[arg(long)]
    pub labels_only: bool,
    /// Dataset profile (TOML). Default: the bundled validators/multisenge.toml.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// The URL the dataset root is published under (https://…/, s3://…/):
    /// asset hrefs become that URL and the file's path. Default: paths
    /// relative to each item file (or the dataset's own s3:// or gs://
    /// URL when it is on object storage).
    #[arg(long, value_name = "URL")]
    pub asset_base: Option<String>,
    #[command(flatten)]
    pub listing: crate::io::listing::ListingOptions,
}

/// Why a report or a catalog was not written.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(transparent)]
    Profile(#[from] ProfileError),
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    Saved(#[from] saved::SavedError),
    #[error(transparent)]
    AssetBase(#[from] stac::BadAssetBase),
    #[error("{}: exists; use --force to replace it", .0.display())]
    Exists(PathBuf),
    #[error("{}: the folder exists and is not empty; use --force to replace it", .0.display())]
    NotEmpty(PathBuf),
    #[error("{}: a catalog is written to a local folder", .0.display())]
    NotLocal(PathBuf),
    #[error(transparent)]
    Reproject(#[from] SpatialError),
    #[error(transparent)]
    Chart(#[from] charts::ChartError),
    #[error("cannot lay out the report: {0}")]
    Template(#[from] minijinja::Error),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl PublishError {
    /// A failure of the program or the system rather than of the input.
    pub fn is_internal(&self) -> bool {
        match self {
            PublishError::Reproject(_) | PublishError::Chart(_) | PublishError::Template(_) => true,
            PublishError::Write { source, .. } => !matches!(
                source.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::InvalidInput
            ),
            _ => false,
        }
    }
}

impl PublishCommand {
    /// Runs the command, printing a line of what was written unless
    /// `quiet`, or the error; returns the exit code: 0 written, 2 usage or
    /// input error, 3 internal error.
    pub fn run(self, progress: bool, quiet: bool) -> u8 {
        match self.run_quietly(progress) {
            Ok(line) => {
                if !quiet {
                    eprintln!("multisenge: {line}");
                }
                0
            }
            Err(e) => {
                eprintln!("multisenge: {e}");
                if e.is_internal() {
                    3
                } else {
                    2
                }
            }
        }
    }

    /// Runs the command; the line that says what was written.
    fn run_quietly(self, progress: bool) -> Result<String, PublishError> {
        Ok(match self {
            PublishCommand::Report(args) => {
                let s = report(&args, progress, None)?;
                format!(
                    "{} patches, {} findings, {} overlapping pairs; written to {}",
                    s.patches,
                    s.findings,
                    s.overlaps,
                    args.output.display()
                )
            }
            PublishCommand::Stac(args) => {
                let s = stac(&args, progress, None)?;
                let undated = match s.undated {
                    0 => String::new(),
                    n => format!(" ({n} patches without any date left out)"),
                };
                format!(
                    "{} items, {} assets{undated}; written to {}",
                    s.items,
                    s.assets,
                    args.output.display()
                )
            }
        })
    }
}

/// What a report holds.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportSummary {
    pub patches: usize,
    pub findings: usize,
    pub overlaps: usize,
    /// Patches drawn on the map.
    pub shown: usize,
    pub bytes: usize,
}

fn load_profile(path: Option<&Path>) -> Result<LoadedProfile, PublishError> {
    Ok(LoadedProfile::load_or_default(path)?)
}

fn check_output_file(path: &Path, force: bool) -> Result<(), PublishError> {
    if path == Path::new("-") {
        return Ok(());
    }
    if path.exists() && !force {
        return Err(PublishError::Exists(path.to_path_buf()));
    }
    atomic::check_writable([Some(path)]).map_err(|e| PublishError::Write {
        path: e.path,
        source: e.source,
    })
}

/// `multisenge report`: validates (or reads the saved outputs), lays out
/// the page and writes it; `hook` receives the percentage done.
pub fn report(
    args: &ReportArgs,
    progress: bool,
    hook: Option<ProgressHook>,
) -> Result<ReportSummary, PublishError> {
    let profile = load_profile(args.profile.as_deref())?;
    check_output_file(&args.output, args.force)?;
    let options = Options {
        labels_only: args.labels_only,
        progress,
        class_pixels: true,
        listing: args.listing.path.clone(),
    };
    let page = match (&args.from_json, &args.stats) {
        (Some(json), Some(stats)) => html::saved_page(
            json,
            stats,
            args.dataset.as_deref(),
            &profile,
            &options,
            args,
        )?,
        _ => {
            let root = args.dataset.as_deref().unwrap_or(Path::new("."));
            let run = engine::run_with_progress(root, &profile, &options, hook)?;
            let stats = crate::dataset_stats::from_report(&run.report, &profile);
            let places = places::from_run(&run, &GdalReprojector)?;
            page::build(page::Sources {
                report: &run.report,
                stats: &stats,
                places: &places,
                profile: &profile,
                docs_url: &args.docs_url,
                source: "validation",
                patch_dates: true,
                notes: Vec::new(),
            })?
        }
    };
    let text = html::render(&page)?;
    let written = if args.output == Path::new("-") {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|()| out.flush())
    } else {
        atomic::write_bytes(&args.output, text.as_bytes())
    };
    written.map_err(|source| PublishError::Write {
        path: args.output.clone(),
        source,
    })?;
    Ok(ReportSummary {
        patches: page.counts.patches,
        findings: page.counts.findings,
        overlaps: page.counts.overlaps,
        shown: page.counts.shown,
        bytes: text.len(),
    })
}

/// `multisenge stac`: validates the dataset (labels and places: rasters
/// are opened for their headers only), builds the catalog and writes its
/// folder; `hook` receives the percentage done.
pub fn stac(
    args: &StacArgs,
    progress: bool,
    hook: Option<ProgressHook>,
) -> Result<stac::CatalogSummary, PublishError> {
    let profile = load_profile(args.profile.as_deref())?;
    let out = &args.output;
    if out.to_str().is_some_and(|s| s.starts_with("/vsi")) {
        return Err(PublishError::NotLocal(out.clone()));
    }
    let non_empty = std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some());
    if non_empty && !args.force {
        return Err(PublishError::NotEmpty(out.clone()));
    }
    if out.is_file() {
        return Err(PublishError::Write {
            path: out.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "exists and is not a folder",
            ),
        });
    }
    let base = stac::AssetBase::choose(args.asset_base.as_deref(), &args.dataset)?;
    let options = Options {
        labels_only: args.labels_only,
        progress,
        listing: args.listing.path.clone(),
        ..Options::default()
    };
    let run =
        crate::footprints::place_dataset_with_progress(&args.dataset, &profile, &options, hook)?;
    let places = places::from_run(&run, &GdalReprojector)?;
    let catalog = stac::build(&run, &places, &profile, base, out);
    let mut assets = 0;
    atomic::write_folder(out, args.force, |dir| {
        assets = catalog.write(dir)?;
        Ok(())
    })
    .map_err(|e| match e {
        WriteWithError::Exists => PublishError::NotEmpty(out.clone()),
        WriteWithError::Io(source) | WriteWithError::Write(source) => PublishError::Write {
            path: out.clone(),
            source,
        },
    })?;
    Ok(stac::CatalogSummary {
        assets,
        ..catalog.summary
    })
}
