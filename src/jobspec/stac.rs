//! `stac`: a static STAC catalog of the dataset.

use super::shared::{custom, DATASET, LABELS_ONLY, LISTING, PROFILE};
use super::spec::{Backend, Flag, JobSpec, Output, Param, Required};
use super::types::{OutputKind, Type};
use super::value::{Refused, Value, Values};
use crate::publish::StacRequest;

pub const SPEC: JobSpec = JobSpec {
    id: "stac",
    about: "Write a static STAC 1.0 catalog: one Collection, one Item per patch",
    long_about: "DIR/collection.json (the catalog's root: extent, licence and citation from the \
                 profile's [publication] section, the class table through the label extension) \
                 and DIR/items/TILE/TILE_X_Y.json (footprint in EPSG:4326, date range, \
                 projection extension, and assets: the ground reference with role `labels`, the \
                 label file, every Sentinel-2 and Sentinel-1 file with its date and bands). \
                 Links are relative. From a folder of label files alone, the assets are the \
                 names they list.",
    backend: Some(Backend {
        name: "STAC catalog",
        group: "Publication",
        help: "A static STAC 1.0 catalog in a folder: one Collection (extent, licence and \
               citation from the profile, the class table through the label extension) and \
               one Item per patch (footprint, date range, projection extension, the ground \
               reference, label file and every Sentinel-2 and Sentinel-1 file as assets), \
               with relative links.",
        outputs: &[Output {
            name: "ITEMS",
            description: "Number of items (patches)",
            kind: "number",
        }],
        styles: &[],
    }),
    params: &[
        DATASET,
        PROFILE,
        LABELS_ONLY
            .label(
                "Use the label files only, even if raster folders exist (assets: the listed names)",
            )
            .help(
                "Use the label files only, even if raster folders exist (the assets are then the \
                 names the label files list)",
            ),
        LISTING,
        Param::new(
            "ASSET_BASE",
            custom("an absolute URL (https://…/, s3://…/)", asset_base),
            Flag::long("asset-base", "URL"),
        )
        .label("URL the dataset root is published under (default: relative paths)")
        .help(
            "The URL the dataset root is published under (https://…/, s3://…/): asset hrefs \
             become that URL and the file's path. Default: paths relative to each item file (or \
             the dataset's own s3:// or gs:// URL when it is on object storage)",
        ),
        Param::new(
            "OUTPUT",
            Type::Output {
                kind: OutputKind::Folder,
                usual: None,
                only: &[],
                stdout: false,
            },
            Flag::long("output", "DIR").short('o'),
        )
        .label("Catalog folder (must not exist or be empty unless overwriting)")
        .help(
            "The catalog folder to write; it must not exist or be empty unless --force. It is \
             written beside under a temporary name and renamed when complete",
        )
        .required(Required::Both),
        Param::cli("FORCE", Type::Flag, Flag::long("force", ""))
            .help("Replace DIR if it exists and is not empty"),
    ],
};

fn asset_base(text: &str) -> Result<Value, Refused> {
    crate::publish::stac::asset_base_url(text)
        .map(|_| Value::Text(text.to_string()))
        .map_err(|e| Refused(e.to_string()))
}

/// The catalog asked for (`overwrite`: `--force`, or `run --force`).
pub fn request(v: &Values, overwrite: bool) -> StacRequest {
    StacRequest {
        dataset: v.path("DATASET").unwrap_or_default(),
        output: v.path("OUTPUT").unwrap_or_default(),
        force: overwrite || v.flag("FORCE"),
        labels_only: v.flag("LABELS_ONLY"),
        profile: v.path("PROFILE"),
        asset_base: v.text("ASSET_BASE").map(str::to_string),
        listing: super::validate::listing(v),
    }
}
