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

mod item;
pub mod terms;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use serde_json::{json, Value};

use self::item::{ItemSource, ItemTemplate};
use self::terms::{rfc3339, round, GEOTIFF, TASKS};
pub use self::terms::{
    Band, LABEL_EXTENSION, PROJECTION_EXTENSION, S1_BANDS, S2_BANDS, STAC_VERSION,
};
use super::places::{MapPatch, Places};
use crate::engine::Run;
use crate::model::dataset::{Mode, PatchFiles};
use crate::model::{FileKind, PatchKey};
use crate::profile::LoadedProfile;

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
    shared: Shared,
    run: &'a Run,
    pub summary: CatalogSummary,
}

/// Where each asset is, relative to the dataset root (`/`-separated): how
/// the dataset's files are reached from the catalog.
struct Layout {
    /// Prefix of label-file paths: the labels folder's name when the
    /// dataset given is that folder itself (its parent is then the root of
    /// the published layout), else empty.
    label_prefix: String,
    /// Where the dataset root is: a URL, or a folder on this disk.
    base: AssetBase,
    /// Each kind's folder with its final `/`, by `kind_index`.
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

    /// The folder of `kind`'s files, with its final `/`.
    fn folder_slash(&self, kind: FileKind) -> &str {
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

/// What every item shares.
struct Shared {
    /// What every item's document shares, rendered once.
    template: ItemTemplate,
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
        folders: FileKind::ALL.map(|k| format!("{}/", folders.name(k))),
    };
    let classes: Vec<String> = profile
        .classes
        .iter()
        .map(|(v, n)| format!("{v} {n}"))
        .collect();
    let label_description = format!(
        "Ground reference: one class value per pixel ({}); 0 is not a class",
        classes.join(", ")
    );
    let patch_size = profile.profile.dataset.patch_size;
    let (s2_bands, s1_bands) = (
        bands_of(profile, FileKind::S2),
        bands_of(profile, FileKind::S1),
    );
    let shared = Shared {
        template: ItemTemplate::new(
            &publication.id,
            &label_description,
            patch_size,
            [s2_bands, s1_bands],
        ),
        label_description,
        patch_size,
        year: profile.profile.dataset.year,
        s2_bands,
        s1_bands,
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
        // One level at a time, never `create_dir_all`: a run cancelled
        // meanwhile has removed `dir`, which must then stay gone (creating
        // the parents would make it again, after the clean-up).
        if !tiles.is_empty() {
            std::fs::create_dir(dir.join("items"))?;
        }
        for tile in tiles {
            if crate::io::safety::atomic::is_cancelled() {
                return Err(crate::io::safety::journal::cancelled_error());
            }
            match std::fs::create_dir(dir.join("items").join(tile)) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(e),
                _ => {}
            }
        }
        let mode = self.run.report.mode;
        let layout = &self.shared.layout;
        self.items
            .par_iter()
            .map_init(
                || Vec::with_capacity(64 << 10),
                |bytes, (patch, dates)| {
                    if crate::io::safety::atomic::is_cancelled() {
                        return Err(crate::io::safety::journal::cancelled_error());
                    }
                    let files = self.run.index.get(&patch.key);
                    let item_dir = self
                        .shared
                        .out_dir
                        .join("items")
                        .join(patch.key.tile.as_str());
                    // The way from this item's folder to the dataset root.
                    let up = layout.prefix(&item_dir);
                    let gr_name;
                    let ground_reference = match files.and_then(|f| f.ground_reference.as_ref()) {
                        Some(gr) => ["", &*gr.path],
                        None => {
                            gr_name = patch.key.file_name(FileKind::GroundReference, "");
                            [layout.folder_slash(FileKind::GroundReference), &gr_name]
                        }
                    };
                    let label_file = files
                        .and_then(|f| f.label.as_ref())
                        .map(|l| [layout.label_prefix.as_str(), &*l.path]);
                    let source = ItemSource {
                        patch,
                        dates: *dates,
                        up: &up,
                        ground_reference,
                        label_file,
                        sentinel: [FileKind::S2, FileKind::S1]
                            .map(|kind| sentinel_files(layout, files, kind, mode)),
                    };
                    bytes.clear();
                    let n = self.shared.template.write(bytes, &source);
                    std::fs::write(dir.join(item_path(&patch.key)), &bytes)?;
                    Ok(n)
                },
            )
            .sum()
    }
}

/// The Sentinel files of a patch as their names and their paths from the
/// root in pieces, sorted by name: those on disk in full mode, the names
/// its label file lists otherwise.
fn sentinel_files<'a>(
    layout: &'a Layout,
    files: Option<&'a PatchFiles>,
    kind: FileKind,
    mode: Mode,
) -> Vec<(&'a str, [&'a str; 2])> {
    let Some(files) = files else {
        return Vec::new();
    };
    if mode == Mode::Full {
        let on_disk = match kind {
            FileKind::S2 => &files.s2,
            _ => &files.s1,
        };
        let mut out: Vec<(&str, [&str; 2])> =
            on_disk.iter().map(|f| (&*f.name, ["", &*f.path])).collect();
        out.sort_unstable();
        return out;
    }
    let listed = files.label.as_ref().map(|l| match kind {
        FileKind::S2 => &l.s2,
        _ => &l.s1,
    });
    let folder = layout.folder_slash(kind);
    let mut out: Vec<(&str, [&str; 2])> = listed
        .into_iter()
        .flatten()
        .map(|n| (&**n, [folder, &**n]))
        .collect();
    out.sort_unstable();
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
}
