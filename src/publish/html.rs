//! The HTML report's rendering: the templates in `templates/report/`
//! (HTML through minijinja, with auto-escaping; the style sheet and the
//! script inserted as they are), embedded in the binary when it is built.

use std::path::Path;

use minijinja::{AutoEscape, Environment};

use super::page::{self, Page};
use super::places::{self, MapPatch, Places};
use super::saved;
use super::{PublishError, ReportRequest, SavedOutputs};
use crate::engine::Options;
use crate::io::formats::reproject::GdalReprojector;
use crate::model::footprint::Footprint;
use crate::model::grid::TilingGrid;
use crate::model::TileCode;
use crate::profile::LoadedProfile;

const TEMPLATE: &str = include_str!("../../templates/report/report.html");
const STYLE: &str = include_str!("../../templates/report/report.css");
const SCRIPT: &str = include_str!("../../templates/report/report.js");

/// The page as one self-contained HTML document.
pub fn render(page: &Page) -> Result<String, minijinja::Error> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.add_template("report.html", TEMPLATE)?;
    let template = env.get_template("report.html")?;
    template.render(minijinja::context! {
        page => minijinja::Value::from_serialize(page),
        style => minijinja::Value::from_safe_string(STYLE.to_string()),
        script => minijinja::Value::from_safe_string(SCRIPT.to_string()),
        data => minijinja::Value::from_safe_string(page.data_json.clone()),
    })
}

/// The page of a saved JSON report and its `stats` JSON. With `dataset`,
/// its patches are placed (names and label files only: nothing is
/// validated again); without, the map shows the patches the findings name,
/// placed from the tiling grid.
pub(super) fn saved_page(
    saved: &SavedOutputs,
    dataset: Option<&Path>,
    profile: &LoadedProfile,
    options: &Options,
    args: &ReportRequest,
) -> Result<Page, PublishError> {
    let report = saved::read_report(&saved.report)?;
    let stats = saved::read_stats(&saved.stats)?;
    let overlaps = places::overlaps_from_findings(&report.findings, &GdalReprojector)?;
    let mut notes = vec![format!(
        "Built from the saved report {} and the saved figures {}.",
        saved.report.display(),
        saved.stats.display()
    )];
    let (mut places, patch_dates) = match dataset {
        Some(root) => {
            let run = crate::footprints::place_dataset(root, profile, options)?;
            (places::from_run(&run, &GdalReprojector)?, true)
        }
        None => {
            notes.push(
                "The map shows only the patches that findings name (the saved reports do not \
                 list the others): give the dataset as well to draw every patch."
                    .into(),
            );
            (patches_named_by_findings(&report, profile)?, false)
        }
    };
    places.overlaps = overlaps;
    let tiles: Vec<TileCode> = stats.tiles.iter().filter_map(|t| t.tile).collect();
    places.tiles = places::tile_outlines(&tiles, &GdalReprojector)?;
    Ok(page::build(page::Sources {
        report: &report,
        stats: &stats,
        places: &places,
        profile,
        docs_url: &args.docs_url,
        source: "saved",
        patch_dates,
        notes,
    })?)
}

/// The patches the findings name, placed from the tiling grid.
fn patches_named_by_findings(
    report: &crate::engine::Report,
    profile: &LoadedProfile,
) -> Result<Places, PublishError> {
    let size = profile.profile.dataset.patch_size;
    let mut keys: Vec<_> = report.findings.iter().filter_map(|f| f.patch).collect();
    keys.sort_unstable();
    keys.dedup();
    let placed: Vec<(crate::model::PatchKey, Footprint)> = keys
        .into_iter()
        .filter_map(|k| {
            Some((
                k,
                Footprint::of_window(TilingGrid::official(), &k, 0, 0, size, size)?,
            ))
        })
        .collect();
    let footprints: Vec<Footprint> = placed.iter().map(|(_, f)| *f).collect();
    let corners = places::corners_lonlat(&footprints, &GdalReprojector)?;
    let patches = placed
        .into_iter()
        .zip(corners)
        .map(|((key, footprint), corners)| MapPatch {
            key,
            footprint,
            corners,
            path: report
                .findings
                .iter()
                .find(|f| f.patch == Some(key))
                .and_then(|f| f.path.clone())
                .unwrap_or_default(),
            classes: Vec::new(),
            s2_dates: Vec::new(),
            s1_dates: Vec::new(),
        })
        .collect();
    Ok(Places {
        patches,
        ..Places::default()
    })
}
