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
use crate::io::formats::reproject::GdalReprojector;
use crate::io::safety::atomic::{self, WriteWithError};
use crate::io::storage::listing::ListingOptions;
use crate::profile::{LoadedProfile, ProfileError};
use crate::spatial::SpatialError;

/// What `multisenge report` is asked for (filled by
/// `jobspec::report` from either front end).
#[derive(Clone, Debug, Default)]
pub struct ReportRequest {
    /// Dataset root, or a folder of label files: local or object storage.
    /// With [`ReportRequest::saved`] it is optional and only places the
    /// patches on the map (nothing is validated again).
    pub dataset: Option<PathBuf>,
    /// The HTML file (written atomically); `-`: standard output.
    pub output: PathBuf,
    /// Replace the output if it exists.
    pub force: bool,
    pub labels_only: bool,
    /// A profile file or a bundled profile's name; `None`: the default.
    pub profile: Option<PathBuf>,
    /// Build the page from saved outputs instead of validating.
    pub saved: Option<SavedOutputs>,
    /// URL of docs/rules.md, to which each rule's anchor is appended.
    pub docs_url: String,
    pub listing: ListingOptions,
}

/// The saved outputs a report can be built from.
#[derive(Clone, Debug)]
pub struct SavedOutputs {
    /// A `validate --format json` report.
    pub report: PathBuf,
    /// The `stats --format json` figures of the same dataset.
    pub stats: PathBuf,
}

/// What `multisenge stac` is asked for (filled by `jobspec::stac`).
#[derive(Clone, Debug, Default)]
pub struct StacRequest {
    /// Dataset root, or a folder of label files: local or object storage.
    pub dataset: PathBuf,
    /// The catalog folder: it must not exist or be empty unless `force`.
    pub output: PathBuf,
    /// Replace the folder if it exists and is not empty.
    pub force: bool,
    /// Label files only (the assets are then the names they list).
    pub labels_only: bool,
    pub profile: Option<PathBuf>,
    /// The URL the dataset root is published under; `None`: paths relative
    /// to each item (or the dataset's own URL on object storage).
    pub asset_base: Option<String>,
    pub listing: ListingOptions,
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
    #[error("asset base {0}")]
    AssetBase(#[from] stac::BadAssetBase),
    #[error("{}: exists; use --force to replace it", .0.display())]
    Exists(PathBuf),
    #[error("{}: the folder exists and is not empty; use --force to replace it", .0.display())]
    NotEmpty(PathBuf),
    #[error("{}: a catalog is written to a local folder", .0.display())]
    NotLocal(PathBuf),
    #[error("no dataset given: a dataset root, or a saved JSON report with its stats (--from-json, --stats)")]
    NoDataset,
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
    args: &ReportRequest,
    progress: bool,
    hook: Option<ProgressHook>,
) -> Result<ReportSummary, PublishError> {
    if args.dataset.is_none() && args.saved.is_none() {
        return Err(PublishError::NoDataset);
    }
    let profile = load_profile(args.profile.as_deref())?;
    check_output_file(&args.output, args.force)?;
    let options = Options {
        labels_only: args.labels_only,
        progress,
        class_pixels: true,
        listing: args.listing.path.clone(),
        cache: Default::default(),
    };
    let page = match (&args.saved, &args.dataset) {
        (Some(saved), dataset) => {
            html::saved_page(saved, dataset.as_deref(), &profile, &options, args)?
        }
        (None, dataset) => {
            let root = dataset.as_deref().unwrap_or(Path::new("."));
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
    args: &StacRequest,
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
