//! `multisenge stac`: a static STAC 1.0.0 catalog of the dataset, the
//! catalog machine-learning tools (pystac, stackstac, STAC browsers) read.
//!
//! * one **Collection** (`collection.json`, the catalog's root): spatial and
//!   temporal extent, licence, citation and keywords from the profile's
//!   `[publication]` section, the class table through the **label**
//!   extension, and `item_assets` describing what every item holds;
//! * one **Item** per patch (`items/{tile}/{tile}_{x}_{y}.json`): its
//!   footprint in EPSG:4326 and bbox, its date range, the **projection**
//!   extension (EPSG code, shape, transform, bbox in the patch's own CRS),
//!   and assets: the ground reference (role `labels`), the label file
//!   (role `metadata`) and every Sentinel-2 and Sentinel-1 file with its
//!   own acquisition date and bands.
//!
//! Links between documents are relative, so the folder can be moved or
//! uploaded whole. See docs/publish.md for every field and the choices made.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{json, Value};

use super::places::{bbox_of, MapPatch, Places};
use crate::engine::Run;
use crate::model::dataset::{Mode, PatchFiles};
use crate::model::{FileKind, NameParts, PatchKey};
use crate::profile::LoadedProfile;

pub const STAC_VERSION: &str = "1.0.0";
pub const LABEL_EXTENSION: &str = "https://stac-extensions.github.io/label/v1.0.1/schema.json";
pub const PROJECTION_EXTENSION: &str =
    "https://stac-extensions.github.io/projection/v2.0.0/schema.json";
const GEOTIFF: &str = "image/tiff; application=geotiff";
const TASKS: [&str; 2] = ["segmentation", "classification"];

/// A band of an asset: STAC 1.1's `bands` objects, which STAC 1.0 leaves
/// to extensions (docs/publish.md says why not `eo:bands`). Each asset lists
/// the names; the descriptions are in the Collection's description.
#[derive(Clone, Debug, Serialize)]
pub struct Band {
    pub name: &'static str,
    #[serde(skip)]
    pub description: &'static str,
}

/// The bands of one sensor's assets, in words: `B2 (blue, 10 m), …`.
fn described(sensor: &str, bands: &[Band]) -> String {
    let list: Vec<String> = bands
        .iter()
        .map(|b| format!("{} ({})", b.name, b.description))
        .collect();
    format!(
        "{sensor} assets (keys `{}_YYYYMMDD`), bands in order: {}.",
        sensor_key(sensor),
        list.join(", ")
    )
}

fn sensor_key(sensor: &str) -> &'static str {
    if sensor == "Sentinel-2" {
        "s2"
    } else {
        "s1"
    }
}

/// The Sentinel-2 bands of a MultiSenGE patch, in the paper's order
/// (§2.2: the 10 m bands, then the 20 m bands resampled to 10 m, cubic).
pub const S2_BANDS: [Band; 10] = [
    band("B2", "blue, 10 m"),
    band("B3", "green, 10 m"),
    band("B4", "red, 10 m"),
    band("B8", "near infrared, 10 m"),
    band("B5", "red edge, 20 m resampled to 10 m (cubic)"),
    band("B6", "red edge, 20 m resampled to 10 m (cubic)"),
    band("B7", "red edge, 20 m resampled to 10 m (cubic)"),
    band(
        "B8A",
        "narrow near infrared, 20 m resampled to 10 m (cubic)",
    ),
    band("B11", "short-wave infrared, 20 m resampled to 10 m (cubic)"),
    band("B12", "short-wave infrared, 20 m resampled to 10 m (cubic)"),
];

/// The Sentinel-1 bands (§2.3: GRD, VV and VH, speckle-filtered).
pub const S1_BANDS: [Band; 2] = [
    band("VV", "backscatter, vertical transmit and receive"),
    band("VH", "backscatter, vertical transmit, horizontal receive"),
];

const fn band(name: &'static str, description: &'static str) -> Band {
    Band { name, description }
}

/// The bands an asset of `kind` lists: the paper's when the profile's band
/// count is theirs, else none (a profile of another dataset).
fn bands_of(profile: &LoadedProfile, kind: FileKind) -> &'static [Band] {
    let r = &profile.profile.rasters;
    match kind {
        FileKind::S2 if r.s2.bands == S2_BANDS.len() => &S2_BANDS,
        FileKind::S1 if r.s1.bands == S1_BANDS.len() => &S1_BANDS,
        _ => &[],
    }
}

/// Where asset hrefs point.
#[derive(Clone, Debug, PartialEq)]
pub enum AssetBase {
    /// Paths relative to each item file, to the dataset on this disk.
    Relative(PathBuf),
    /// A URL under which the dataset root is published, ending in `/`.
    Url(String),
}

/// Why an asset base cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("`{0}`: expected an absolute URL such as https://example.org/MultiSenGE/ or s3://bucket/prefix/ (no spaces)")]
pub struct BadAssetBase(pub String);

/// An asset base URL as given: a scheme, `://` and more, no white space
/// nor control character; returned ending in `/`.
pub fn asset_base_url(url: &str) -> Result<String, BadAssetBase> {
    let scheme_ok = url
        .split_once("://")
        .is_some_and(|(s, rest)| !s.is_empty() && !rest.is_empty());
    if !scheme_ok || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(BadAssetBase(url.to_string()));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

impl AssetBase {
    /// From `--asset-base URL`, or else the dataset's own location (its URL
    /// on object storage, else its folder on disk).
    pub fn choose(given: Option<&str>, root: &Path) -> Result<AssetBase, BadAssetBase> {
        if let Some(url) = given {
            return asset_base_url(url).map(AssetBase::Url);
        }
        if let Some(url) = crate::io::storage::vfs::storage_url(root) {
            return Ok(AssetBase::Url(url));
        }
        Ok(AssetBase::Relative(absolute(root)))
    }
}

/// `path` made absolute, `.` and `..` resolved lexically (as a reader of
/// the relative hrefs resolves them, without following links).
pub fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// What was written.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogSummary {
    pub items: usize,
    /// Patches left out: no acquisition date and no `[dataset] year` to
    /// date them.
    pub undated: usize,
    pub assets: usize,
}

/// The catalog of a run: its Collection, and the items to write (each
/// built and written in one step by [`Catalog::write`], so the whole
/// catalog is never in memory).
pub struct Catalog<'a> {
    pub collection: Value,
    /// Each item's patch and first and last date.
    items: Vec<(&'a MapPatch, [u32; 2])>,
    shared: Shared<'a>,
    run: &'a Run,
    pub summary: CatalogSummary,
}

/// `YYYYMMDD` as RFC 3339 at `time` UTC.
fn rfc3339(date: u32, time: &str) -> String {
    format!(
        "{:04}-{:02}-{:02}T{time}Z",
        date / 10_000,
        date / 100 % 100,
        date % 100
    )
}

fn round(v: f64, digits: i32) -> f64 {
    let k = 10f64.powi(digits);
    (v * k).round() / k
}

/// Where each asset is, relative to the dataset root (`/`-separated): how
/// the dataset's files are reached from the catalog.
struct Layout {
    /// Prefix of label-file paths: the labels folder's name when the
    /// dataset given is that folder itself (its parent is then the root of
    /// the published layout), else empty.
    label_prefix: String,
    /// Prefix of raster paths in that case (`..` undone: empty).
    base: AssetBase,
    folders: [String; 4],
}

impl Layout {
    /// What goes before a path relative to the dataset root, from an item
    /// in `item_dir`: the base URL, or the way up to the root.
    fn prefix(&self, item_dir: &Path) -> String {
        match &self.base {
            AssetBase::Url(url) => url.clone(),
            AssetBase::Relative(root) => relative_path(item_dir, root),
        }
    }

    fn folder(&self, kind: FileKind) -> &str {
        &self.folders[crate::model::dataset::kind_index(kind)]
    }
}

/// The `/`-separated path from folder `from` to folder `to` (both absolute),
/// ending in `/` (empty when they are the same).
pub fn relative_path(from: &Path, to: &Path) -> String {
    let parts = |p: &Path| -> Vec<String> {
        p.components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect()
    };
    let (a, b) = (parts(from), parts(to));
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = "../".repeat(a.len() - common);
    for part in &b[common..] {
        out.push_str(part);
        out.push('/');
    }
    out
}

/// One asset of an item.
#[derive(Serialize)]
struct Asset<'a> {
    href: String,
    #[serde(rename = "type")]
    media_type: &'static str,
    #[serde(skip_serializing_if = "String::is_empty")]
    title: String,
    roles: &'static [&'static str],
    #[serde(skip_serializing_if = "Option::is_none")]
    datetime: Option<String>,
    #[serde(skip_serializing_if = "<[Band]>::is_empty")]
    bands: &'a [Band],
}

/// Assets in insertion order.
struct Assets<'a>(Vec<(String, Asset<'a>)>);

impl Serialize for Assets<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// What every item shares.
struct Shared<'a> {
    collection_id: &'a str,
    label_description: String,
    patch_size: u32,
    year: Option<u16>,
    s2_bands: &'static [Band],
    s1_bands: &'static [Band],
    layout: Layout,
    out_dir: PathBuf,
}

/// Builds the catalog of a validation run whose patches are `places`.
pub fn build<'a>(
    run: &'a Run,
    places: &'a Places,
    profile: &'a LoadedProfile,
    base: AssetBase,
    out_dir: &Path,
) -> Catalog<'a> {
    let publication = &profile.profile.publication;
    let folders = &profile.profile.folders;
    // The dataset given is the labels folder itself when its label files
    // have no folder in their paths: its parent is the dataset's root.
    let labels_at_root = run
        .index
        .values()
        .filter_map(|p| p.label.as_ref())
        .any(|l| !l.path.contains('/'));
    let (label_prefix, base) = match (&base, labels_at_root) {
        (AssetBase::Relative(root), true) => {
            let name = root
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let parent = root
                .parent()
                .map_or_else(|| root.clone(), Path::to_path_buf);
            (format!("{name}/"), AssetBase::Relative(parent))
        }
        (AssetBase::Url(_), true) => (format!("{}/", folders.name(FileKind::Label)), base),
        _ => (String::new(), base),
    };
    let layout = Layout {
        label_prefix,
        base,
        folders: FileKind::ALL.map(|k| folders.name(k).to_string()),
    };
    let classes: Vec<String> = profile
        .classes
        .iter()
        .map(|(v, n)| format!("{v} {n}"))
        .collect();
    let shared = Shared {
        collection_id: &publication.id,
        label_description: format!(
            "Ground reference: one class value per pixel ({}); 0 is not a class",
            classes.join(", ")
        ),
        patch_size: profile.profile.dataset.patch_size,
        year: profile.profile.dataset.year,
        s2_bands: bands_of(profile, FileKind::S2),
        s1_bands: bands_of(profile, FileKind::S1),
        layout,
        out_dir: absolute(out_dir),
    };
    let mut items = Vec::with_capacity(places.patches.len());
    let mut span: Option<[u32; 2]> = None;
    for patch in &places.patches {
        let Some(dates) = date_span(patch, shared.year) else {
            continue;
        };
        span = Some(span.map_or(dates, |s| [s[0].min(dates[0]), s[1].max(dates[1])]));
        items.push((patch, dates));
    }
    let item_paths: Vec<String> = items.iter().map(|(p, _)| item_path(&p.key)).collect();
    let kept: Vec<&MapPatch> = items.iter().map(|(p, _)| *p).collect();
    let collection = collection(profile, &shared, &kept, span, &item_paths);
    Catalog {
        collection,
        summary: CatalogSummary {
            items: items.len(),
            undated: places.patches.len() - items.len(),
            assets: 0,
        },
        items,
        shared,
        run,
    }
}

/// Where an item is in the catalog folder.
fn item_path(key: &PatchKey) -> String {
    format!("items/{}/{key}.json", key.tile)
}

/// A patch's first and last acquisition date, else its year's first and
/// last day (`[dataset] year`), else `None`.
fn date_span(patch: &MapPatch, year: Option<u16>) -> Option<[u32; 2]> {
    let dates = patch.s2_dates.iter().chain(&patch.s1_dates);
    match (dates.clone().min(), dates.max()) {
        (Some(a), Some(b)) => Some([*a, *b]),
        _ => {
            let year = u32::from(year?);
            Some([year * 10_000 + 101, year * 10_000 + 1231])
        }
    }
}

impl Catalog<'_> {
    /// Writes the documents into `dir` (an empty folder): the Collection
    /// pretty-printed, each item as it is built, in parallel. Returns the
    /// number of assets written.
    pub fn write(&self, dir: &Path) -> std::io::Result<usize> {
        let mut text =
            serde_json::to_vec_pretty(&self.collection).map_err(std::io::Error::other)?;
        text.push(b'\n');
        std::fs::write(dir.join("collection.json"), text)?;
        let mut tiles: Vec<&str> = self
            .items
            .iter()
            .map(|(p, _)| p.key.tile.as_str())
            .collect();
        tiles.dedup();
        for tile in tiles {
            std::fs::create_dir_all(dir.join("items").join(tile))?;
        }
        let mode = self.run.report.mode;
        self.items
            .par_iter()
            .map(|(patch, dates)| {
                if crate::io::safety::atomic::is_cancelled() {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::Interrupted,
                        "cancelled",
                    ));
                }
                let files = self.run.index.get(&patch.key);
                let (bytes, n) = item(&self.shared, patch, files, mode, *dates);
                let mut file = std::fs::File::create(dir.join(item_path(&patch.key)))?;
                file.write_all(&bytes)?;
                Ok(n)
            })
            .sum()
    }
}

/// One item's bytes and its asset count.
fn item(
    shared: &Shared,
    patch: &MapPatch,
    files: Option<&PatchFiles>,
    mode: Mode,
    [first, last]: [u32; 2],
) -> (Vec<u8>, usize) {
    let key = patch.key;
    let id = key.to_string();
    let item_dir = shared.out_dir.join("items").join(key.tile.as_str());
    let layout = &shared.layout;
    // The way from this item's folder to the dataset root, once.
    let up = layout.prefix(&item_dir);
    let href = |rel: &str| format!("{up}{rel}");
    let mut assets = Vec::new();
    let gr_rel = match files.and_then(|f| f.ground_reference.as_ref()) {
        Some(gr) => gr.path.to_string(),
        None => format!(
            "{}/{}",
            layout.folder(FileKind::GroundReference),
            key.file_name(FileKind::GroundReference, "")
        ),
    };
    assets.push((
        "labels".to_string(),
        Asset {
            href: href(&gr_rel),
            media_type: GEOTIFF,
            title: "Ground reference (class raster)".into(),
            roles: &["labels"],
            datetime: None,
            bands: &[],
        },
    ));
    if let Some(label) = files.and_then(|f| f.label.as_ref()) {
        assets.push((
            "label_file".to_string(),
            Asset {
                href: href(&format!("{}{}", layout.label_prefix, label.path)),
                media_type: "application/json",
                title: "Label file: classes present, Sentinel-2 and Sentinel-1 names, projection"
                    .into(),
                roles: &["metadata"],
                datetime: None,
                bands: &[],
            },
        ));
    }
    for kind in [FileKind::S2, FileKind::S1] {
        let bands = match kind {
            FileKind::S2 => shared.s2_bands,
            _ => shared.s1_bands,
        };
        for (name, rel) in sentinel_files(layout, files, kind, mode) {
            let Some(date) = NameParts::split(&name)
                .and_then(|p| p.date)
                .and_then(|d| d.parse::<u32>().ok())
            else {
                continue;
            };
            let mut asset_key = format!("{}_{date}", kind.key());
            // Names are sorted: a second file of a date follows the first.
            if assets
                .last()
                .is_some_and(|(k, _)| k.starts_with(&asset_key))
            {
                asset_key = format!("{asset_key}_{}", assets.len());
            }
            assets.push((
                asset_key,
                Asset {
                    href: href(&rel),
                    media_type: GEOTIFF,
                    title: String::new(),
                    roles: &["data"],
                    datetime: Some(rfc3339(date, "00:00:00")),
                    bands,
                },
            ));
        }
    }
    let n = assets.len();
    let f = &patch.footprint;
    let pixel = (f.max_x - f.min_x) / f64::from(shared.patch_size);
    let mut ring: Vec<[f64; 2]> = patch
        .corners
        .iter()
        .map(|c| [round(c[0], 8), round(c[1], 8)])
        .collect();
    // Counter-clockwise (RFC 7946): lower-left, lower-right, upper-right,
    // upper-left.
    ring.reverse();
    ring.push(ring[0]);
    let bbox = bbox_of(&ring);
    let classes: Vec<u8> = patch.classes.clone();
    let doc = json!({
        "type": "Feature",
        "stac_version": STAC_VERSION,
        "stac_extensions": [LABEL_EXTENSION, PROJECTION_EXTENSION],
        "id": id,
        "collection": shared.collection_id,
        "geometry": { "type": "Polygon", "coordinates": [ring] },
        "bbox": bbox,
        "properties": {
            "datetime": null,
            "start_datetime": rfc3339(first, "00:00:00"),
            "end_datetime": rfc3339(last, "23:59:59"),
            "proj:code": format!("EPSG:{}", f.epsg),
            "proj:shape": [shared.patch_size, shared.patch_size],
            "proj:transform": [pixel, 0.0, f.min_x, 0.0, -pixel, f.max_y],
            "proj:bbox": [f.min_x, f.min_y, f.max_x, f.max_y],
            "label:properties": null,
            "label:type": "raster",
            "label:description": shared.label_description,
            "label:tasks": TASKS,
        },
        "links": [
            { "rel": "root", "href": "../../collection.json", "type": "application/json" },
            { "rel": "parent", "href": "../../collection.json", "type": "application/json" },
            { "rel": "collection", "href": "../../collection.json", "type": "application/json" },
        ],
    });
    let mut doc = doc;
    // An empty list of classes matches both of the label schema's forms
    // (numbers, strings), which `oneOf` refuses: left out then.
    if !classes.is_empty() {
        doc["properties"]["label:classes"] = json!([{ "name": null, "classes": classes }]);
    }
    let mut bytes = Vec::with_capacity(256 * n + 2048);
    // The fixed part, then the assets (typed, in order) spliced in.
    let mut head = serde_json::to_vec(&doc).unwrap_or_default();
    head.pop(); // the closing brace
    bytes.extend_from_slice(&head);
    bytes.extend_from_slice(b",\"assets\":");
    let _ = serde_json::to_writer(&mut bytes, &Assets(assets));
    bytes.extend_from_slice(b"}\n");
    (bytes, n)
}

/// The Sentinel files of a patch as (name, path relative to the root):
/// those on disk in full mode, the names its label file lists otherwise.
fn sentinel_files(
    layout: &Layout,
    files: Option<&PatchFiles>,
    kind: FileKind,
    mode: Mode,
) -> Vec<(String, String)> {
    let Some(files) = files else {
        return Vec::new();
    };
    let on_disk = match kind {
        FileKind::S2 => &files.s2,
        _ => &files.s1,
    };
    if mode == Mode::Full {
        let mut out: Vec<(String, String)> = on_disk
            .iter()
            .map(|f| (f.name.to_string(), f.path.to_string()))
            .collect();
        out.sort();
        return out;
    }
    let listed = files.label.as_ref().map(|l| match kind {
        FileKind::S2 => &l.s2,
        _ => &l.s1,
    });
    let mut out: Vec<(String, String)> = listed
        .into_iter()
        .flatten()
        .map(|n| (n.to_string(), format!("{}/{n}", layout.folder(kind))))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The Collection: the catalog's root.
fn collection(
    profile: &LoadedProfile,
    shared: &Shared,
    patches: &[&MapPatch],
    span: Option<[u32; 2]>,
    item_paths: &[String],
) -> Value {
    let p = &profile.profile.publication;
    let dataset = &profile.profile.dataset.name;
    let mut bbox = [f64::INFINITY, f64::INFINITY, -f64::INFINITY, -f64::INFINITY];
    for patch in patches {
        let b = patch.bbox();
        bbox = [
            bbox[0].min(b[0]),
            bbox[1].min(b[1]),
            bbox[2].max(b[2]),
            bbox[3].max(b[3]),
        ];
    }
    let bbox = if patches.is_empty() {
        [-180.0, -90.0, 180.0, 90.0]
    } else {
        bbox.map(|v| round(v, 8))
    };
    let interval = match span {
        Some([a, b]) => json!([rfc3339(a, "00:00:00"), rfc3339(b, "23:59:59")]),
        None => json!([null, null]),
    };
    let mut links = vec![
        json!({ "rel": "root", "href": "./collection.json", "type": "application/json", "title": p.title_or(dataset) }),
    ];
    if let Some(url) = &p.license_url {
        links.push(
            json!({ "rel": "license", "href": url, "title": format!("Licence: {}", p.license) }),
        );
    }
    if let Some(doi) = &p.doi {
        links.push(json!({ "rel": "cite-as", "href": format!("https://doi.org/{doi}"), "title": "Publication to cite" }));
    }
    links.extend(item_paths.iter().map(|path| {
        json!({ "rel": "item", "href": format!("./{path}"), "type": "application/geo+json" })
    }));
    let mut description = p.description.clone();
    for (sensor, bands) in [
        ("Sentinel-2", shared.s2_bands),
        ("Sentinel-1", shared.s1_bands),
    ] {
        if !bands.is_empty() {
            description.push_str("\n\n");
            description.push_str(&described(sensor, bands));
        }
    }
    if let Some(citation) = &p.citation {
        description.push_str("\n\nCite as: ");
        description.push_str(citation);
    }
    let codes: std::collections::BTreeSet<String> = patches
        .iter()
        .map(|p| format!("EPSG:{}", p.footprint.epsg))
        .collect();
    let class_values: Vec<u8> = profile.classes.keys().copied().collect();
    let mut class_patches: BTreeMap<u8, usize> = BTreeMap::new();
    for patch in patches {
        for c in &patch.classes {
            *class_patches.entry(*c).or_default() += 1;
        }
    }
    let counts: Vec<Value> = profile
        .classes
        .iter()
        .map(|(v, name)| json!({ "name": format!("{v} {name}"), "count": class_patches.get(v).copied().unwrap_or(0) }))
        .collect();
    let mut labels_asset =
        json!({ "type": GEOTIFF, "title": "Ground reference (class raster)", "roles": ["labels"] });
    labels_asset["label:type"] = json!("raster");
    labels_asset["label:properties"] = Value::Null;
    labels_asset["label:description"] = json!(shared.label_description);
    labels_asset["label:tasks"] = json!(TASKS);
    labels_asset["label:classes"] = json!([{ "name": null, "classes": class_values }]);
    labels_asset["label:overviews"] = json!([{ "property_key": "class", "counts": counts }]);
    labels_asset["proj:shape"] = json!([shared.patch_size, shared.patch_size]);
    json!({
        "type": "Collection",
        "stac_version": STAC_VERSION,
        "stac_extensions": [LABEL_EXTENSION, PROJECTION_EXTENSION],
        "id": p.id,
        "title": p.title_or(dataset),
        "description": description,
        "keywords": p.keywords,
        "license": p.license,
        "extent": {
            "spatial": { "bbox": [bbox] },
            "temporal": { "interval": [interval] },
        },
        // A summary must list something: none for an empty catalog.
        "summaries": if codes.is_empty() { json!({}) } else { json!({ "proj:code": codes }) },
        "item_assets": {
            "labels": labels_asset,
            "label_file": { "type": "application/json", "title": "Label file", "roles": ["metadata"] },
        },
        "links": links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_and_normalization() {
        let a = Path::new("/data/out/items/31UER");
        assert_eq!(relative_path(a, Path::new("/data/set")), "../../../set/");
        assert_eq!(relative_path(a, a), "");
        assert_eq!(relative_path(Path::new("/a/b"), Path::new("/a/b/c")), "c/");
    }

    #[test]
    fn absolute_paths_resolve_dots() {
        assert_eq!(absolute(Path::new("/a/b/../c/./d")), Path::new("/a/c/d"));
        assert!(absolute(Path::new("x")).is_absolute());
    }

    #[test]
    fn asset_bases() {
        assert_eq!(
            AssetBase::choose(Some("https://example.org/ms"), Path::new("x")),
            Ok(AssetBase::Url("https://example.org/ms/".into()))
        );
        assert!(AssetBase::choose(Some("example.org/ms"), Path::new("x")).is_err());
        assert!(AssetBase::choose(Some("https://a b/"), Path::new("x")).is_err());
        assert_eq!(
            AssetBase::choose(None, Path::new("/vsis3/bucket/set")),
            Ok(AssetBase::Url("s3://bucket/set/".into()))
        );
        assert!(matches!(
            AssetBase::choose(None, Path::new("/tmp/set")),
            Ok(AssetBase::Relative(_))
        ));
    }

    #[test]
    fn dates_are_rfc3339() {
        assert_eq!(rfc3339(20200105, "00:00:00"), "2020-01-05T00:00:00Z");
        assert_eq!(rfc3339(20201231, "23:59:59"), "2020-12-31T23:59:59Z");
    }
}
