//! One STAC Item, written straight into a byte buffer.
//!
//! An item of the published dataset has about 135 assets (one per
//! Sentinel-2 and Sentinel-1 file), so a catalog of 8 157 patches holds
//! 1.1 million of them. Building each as a JSON tree, with its href, key
//! and date formatted into new strings, was most of `stac`'s time
//! (docs/performance.md, issue 21). Here the fixed part of an item is a
//! typed struct serialized by serde_json, and each asset is written from
//! pieces rendered once per catalog (its media type, roles and bands, by
//! serde_json too) around the parts that vary: its key, its href and its
//! date. The bytes are the ones serde_json writes for the same document
//! (the tests compare them).

use serde::{Serialize, Serializer};

use super::terms::{
    push_day, push_padded, round, Band, GEOTIFF, LABEL_EXTENSION, PROJECTION_EXTENSION,
    STAC_VERSION, TASKS,
};
use crate::model::naming::DatedNames;
use crate::model::{FileKind, NameParts};
use crate::publish::places::{bbox_of, MapPatch};

/// What an item is written from.
pub struct ItemSource<'a> {
    pub patch: &'a MapPatch,
    /// First and last acquisition date, `YYYYMMDD`.
    pub dates: [u32; 2],
    /// What goes before every href: the base URL, or the way from the
    /// item's folder up to the dataset root (`../../../set/`).
    pub up: &'a str,
    /// The ground reference's path from the dataset root, in pieces.
    pub ground_reference: [&'a str; 2],
    /// The label file's path from the dataset root, in pieces.
    pub label_file: Option<[&'a str; 2]>,
    /// The Sentinel-2 files, then the Sentinel-1 files: each file's name
    /// and its path from the dataset root in pieces, sorted by name.
    pub sentinel: [Vec<(&'a str, [&'a str; 2])>; 2],
}

/// What every item of a catalog shares, rendered once.
pub struct ItemTemplate {
    collection_id: String,
    label_description: String,
    patch_size: u32,
    /// After the labels' href: the rest of that asset.
    labels_end: Vec<u8>,
    label_file_end: Vec<u8>,
    /// After a Sentinel asset's href: its type and roles, up to its date.
    sentinel_middle: Vec<u8>,
    /// After a Sentinel asset's date: the time, the bands, the end.
    sentinel_end: [Vec<u8>; 2],
}

/// The fields of an asset that follow its href, as serde_json writes them.
#[derive(Serialize)]
struct FixedFields {
    #[serde(rename = "type")]
    media_type: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    title: &'static str,
    roles: [&'static str; 1],
}

impl FixedFields {
    /// `","type":…,"roles":[…]`: what follows an href's last character.
    fn after_href(&self) -> Vec<u8> {
        let object = serde_json::to_vec(self).unwrap_or_default();
        let mut out = b"\",".to_vec();
        out.extend_from_slice(&object[1..object.len() - 1]);
        out
    }
}

impl ItemTemplate {
    pub fn new(
        collection_id: &str,
        label_description: &str,
        patch_size: u32,
        bands: [&'static [Band]; 2],
    ) -> ItemTemplate {
        let closed = |mut fields: Vec<u8>| {
            fields.push(b'}');
            fields
        };
        let labels_end = closed(
            FixedFields {
                media_type: GEOTIFF,
                title: "Ground reference (class raster)",
                roles: ["labels"],
            }
            .after_href(),
        );
        let label_file_end = closed(
            FixedFields {
                media_type: "application/json",
                title: "Label file: classes present, Sentinel-2 and Sentinel-1 names, projection",
                roles: ["metadata"],
            }
            .after_href(),
        );
        let mut sentinel_middle = FixedFields {
            media_type: GEOTIFF,
            title: "",
            roles: ["data"],
        }
        .after_href();
        sentinel_middle.extend_from_slice(b",\"datetime\":\"");
        let sentinel_end = bands.map(|bands| {
            let mut end = b"T00:00:00Z\"".to_vec();
            if !bands.is_empty() {
                end.extend_from_slice(b",\"bands\":");
                end.extend_from_slice(&serde_json::to_vec(bands).unwrap_or_default());
            }
            end.push(b'}');
            end
        });
        ItemTemplate {
            collection_id: collection_id.to_string(),
            label_description: label_description.to_string(),
            patch_size,
            labels_end,
            label_file_end,
            sentinel_middle,
            sentinel_end,
        }
    }

    /// Appends the item of `source` to `out`, with a final newline; returns
    /// its number of assets.
    pub fn write(&self, out: &mut Vec<u8>, source: &ItemSource) -> usize {
        let patch = source.patch;
        let head = self.head(patch, source.dates);
        // serde_json writes into a Vec without failing.
        let _ = serde_json::to_writer(&mut *out, &head);
        out.pop(); // the closing brace: the assets follow
        out.extend_from_slice(b",\"assets\":{");
        let up = source.up;
        start_asset(out, b"labels", true);
        push_href(out, up, source.ground_reference);
        out.extend_from_slice(&self.labels_end);
        let mut count = 1;
        let mut previous: Vec<u8> = b"labels".to_vec();
        if let Some(label) = source.label_file {
            start_asset(out, b"label_file", false);
            push_href(out, up, label);
            out.extend_from_slice(&self.label_file_end);
            count += 1;
            previous = b"label_file".to_vec();
        }
        let mut key = Vec::with_capacity(32);
        for (i, kind) in [FileKind::S2, FileKind::S1].into_iter().enumerate() {
            let names = DatedNames::of(&patch.key, kind);
            for (name, path) in &source.sentinel[i] {
                let Some(date) = date_of(&names, name) else {
                    continue;
                };
                key.clear();
                key.extend_from_slice(kind.key().as_bytes());
                key.push(b'_');
                push_padded(&mut key, date.into(), 0);
                // Names are sorted: a second file of a date follows the
                // first, and takes the asset's position as a suffix.
                if previous.starts_with(&key) {
                    key.push(b'_');
                    push_padded(&mut key, count as u64, 0);
                }
                start_asset(out, &key, false);
                push_href(out, up, *path);
                out.extend_from_slice(&self.sentinel_middle);
                push_day(out, date);
                out.extend_from_slice(&self.sentinel_end[i]);
                std::mem::swap(&mut previous, &mut key);
                count += 1;
            }
        }
        out.extend_from_slice(b"}}\n");
        count
    }

    /// Everything of an item but its assets.
    fn head<'a>(&'a self, patch: &'a MapPatch, [first, last]: [u32; 2]) -> Head<'a> {
        let f = &patch.footprint;
        let pixel = (f.max_x - f.min_x) / f64::from(self.patch_size);
        // Counter-clockwise (RFC 7946): lower-left, lower-right,
        // upper-right, upper-left, and closed.
        let c = patch.corners.map(|c| [round(c[0], 8), round(c[1], 8)]);
        let ring = [c[3], c[2], c[1], c[0], c[3]];
        Head {
            kind: "Feature",
            stac_version: STAC_VERSION,
            stac_extensions: [LABEL_EXTENSION, PROJECTION_EXTENSION],
            id: patch,
            collection: &self.collection_id,
            geometry: Geometry {
                kind: "Polygon",
                coordinates: [ring],
            },
            bbox: bbox_of(&ring),
            properties: Properties {
                datetime: None,
                start_datetime: super::terms::rfc3339(first, "00:00:00"),
                end_datetime: super::terms::rfc3339(last, "23:59:59"),
                code: format!("EPSG:{}", f.epsg),
                shape: [self.patch_size, self.patch_size],
                transform: [pixel, 0.0, f.min_x, 0.0, -pixel, f.max_y],
                projected_bbox: [f.min_x, f.min_y, f.max_x, f.max_y],
                label_properties: None,
                label_type: "raster",
                label_description: &self.label_description,
                label_tasks: TASKS,
                // An empty list of classes matches both of the label
                // schema's forms (numbers, strings), which `oneOf` refuses:
                // left out then.
                label_classes: (!patch.classes.is_empty()).then_some([LabelClasses {
                    name: None,
                    classes: &patch.classes,
                }]),
            },
            links: LINKS,
        }
    }
}

/// The date of a Sentinel file's name: through the patch's own names
/// first (a comparison), else as any name is split.
fn date_of(names: &DatedNames, name: &str) -> Option<u32> {
    names
        .split(name)
        .or_else(|| NameParts::split(name))
        .and_then(|p| p.date)
        .and_then(|d| d.parse().ok())
}

/// `{"key":{"href":"` (or `,"key":…` after another asset).
fn start_asset(out: &mut Vec<u8>, key: &[u8], first: bool) {
    if !first {
        out.push(b',');
    }
    out.push(b'"');
    out.extend_from_slice(key);
    out.extend_from_slice(b"\":{\"href\":\"");
}

fn push_href(out: &mut Vec<u8>, up: &str, path: [&str; 2]) {
    push_escaped(out, up);
    push_escaped(out, path[0]);
    push_escaped(out, path[1]);
}

/// `s` inside a JSON string, escaped as serde_json escapes it (control
/// characters, `"` and `\`).
fn push_escaped(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.extend_from_slice(s.as_bytes());
    } else {
        let quoted = serde_json::to_vec(s).unwrap_or_default();
        out.extend_from_slice(&quoted[1..quoted.len() - 1]);
    }
}

#[derive(Serialize)]
struct Head<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    stac_version: &'static str,
    stac_extensions: [&'static str; 2],
    #[serde(serialize_with = "patch_id")]
    id: &'a MapPatch,
    collection: &'a str,
    geometry: Geometry,
    bbox: [f64; 4],
    properties: Properties<'a>,
    links: [Link; 3],
}

/// `{tile}_{x}_{y}`, written where it goes.
fn patch_id<S: Serializer>(patch: &&MapPatch, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&patch.key)
}

#[derive(Serialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [[[f64; 2]; 5]; 1],
}

#[derive(Serialize)]
struct Properties<'a> {
    datetime: Option<&'static str>,
    start_datetime: String,
    end_datetime: String,
    #[serde(rename = "proj:code")]
    code: String,
    #[serde(rename = "proj:shape")]
    shape: [u32; 2],
    #[serde(rename = "proj:transform")]
    transform: [f64; 6],
    #[serde(rename = "proj:bbox")]
    projected_bbox: [f64; 4],
    #[serde(rename = "label:properties")]
    label_properties: Option<()>,
    #[serde(rename = "label:type")]
    label_type: &'static str,
    #[serde(rename = "label:description")]
    label_description: &'a str,
    #[serde(rename = "label:tasks")]
    label_tasks: [&'static str; 2],
    #[serde(rename = "label:classes", skip_serializing_if = "Option::is_none")]
    label_classes: Option<[LabelClasses<'a>; 1]>,
}

#[derive(Serialize)]
struct LabelClasses<'a> {
    name: Option<()>,
    classes: &'a [u8],
}

#[derive(Serialize)]
struct Link {
    rel: &'static str,
    href: &'static str,
    #[serde(rename = "type")]
    media_type: &'static str,
}

/// Every item is two folders below the Collection.
const LINKS: [Link; 3] = [link("root"), link("parent"), link("collection")];

const fn link(rel: &'static str) -> Link {
    Link {
        rel,
        href: "../../collection.json",
        media_type: "application/json",
    }
}

#[cfg(test)]
mod tests {
    use super::super::terms::{S1_BANDS, S2_BANDS};
    use super::*;
    use crate::model::footprint::Footprint;
    use crate::model::{PatchKey, TileCode};
    use serde_json::{json, Value};

    fn patch(classes: Vec<u8>) -> MapPatch {
        MapPatch {
            key: PatchKey {
                tile: TileCode::parse("31UER").unwrap(),
                x: 257,
                y: 514,
            },
            footprint: Footprint {
                epsg: 32631,
                min_x: 502_570.0,
                min_y: 5_490_000.0 - 7_700.0,
                max_x: 505_130.0,
                max_y: 5_490_000.0 - 5_140.0,
            },
            corners: [
                [3.035_123_456_789, 49.512_345_678_9],
                [3.070_1, 49.512_4],
                [3.070_2, 49.489_3],
                [3.035_2, 49.489_2],
            ],
            path: String::new(),
            classes,
            s2_dates: Vec::new(),
            s1_dates: Vec::new(),
        }
    }

    /// `YYYYMMDD` at `time`, by the formatting machinery.
    fn rfc3339(date: u32, time: &str) -> String {
        let (y, m, d) = (date / 10_000, date / 100 % 100, date % 100);
        format!("{y:04}-{m:02}-{d:02}T{time}Z")
    }

    /// The item as a JSON tree, built field by field the way the catalog's
    /// documentation describes it (docs/publish.md), and serialized by
    /// serde_json: the oracle of the bytes `write` gives.
    fn expected(
        source: &ItemSource,
        description: &str,
        bands: [&[Band]; 2],
        assets: &[(&str, &str, Option<u32>)],
    ) -> Vec<u8> {
        let p = source.patch;
        let f = &p.footprint;
        let mut ring: Vec<[f64; 2]> = p
            .corners
            .iter()
            .map(|c| [round(c[0], 8), round(c[1], 8)])
            .collect();
        ring.reverse();
        ring.push(ring[0]);
        let pixel = (f.max_x - f.min_x) / 256.0;
        let links = ["root", "parent", "collection"].map(|rel| {
            json!({ "rel": rel, "href": "../../collection.json", "type": "application/json" })
        });
        let mut doc = json!({
            "type": "Feature",
            "stac_version": "1.0.0",
            "stac_extensions": [LABEL_EXTENSION, PROJECTION_EXTENSION],
            "id": p.key.to_string(),
            "collection": "ms",
            "geometry": { "type": "Polygon", "coordinates": [ring] },
            "bbox": bbox_of(&ring),
            "properties": {
                "datetime": null,
                "start_datetime": rfc3339(source.dates[0], "00:00:00"),
                "end_datetime": rfc3339(source.dates[1], "23:59:59"),
                "proj:code": format!("EPSG:{}", f.epsg),
                "proj:shape": [256, 256],
                "proj:transform": [pixel, 0.0, f.min_x, 0.0, -pixel, f.max_y],
                "proj:bbox": [f.min_x, f.min_y, f.max_x, f.max_y],
                "label:properties": null,
                "label:type": "raster",
                "label:description": description,
                "label:tasks": ["segmentation", "classification"],
            },
            "links": links,
        });
        if !p.classes.is_empty() {
            doc["properties"]["label:classes"] = json!([{ "name": null, "classes": p.classes }]);
        }
        let mut map = serde_json::Map::new();
        for (key, href, date) in assets {
            let mut asset = json!({ "href": href });
            match *key {
                "labels" => {
                    asset["type"] = json!(GEOTIFF);
                    asset["title"] = json!("Ground reference (class raster)");
                    asset["roles"] = json!(["labels"]);
                }
                "label_file" => {
                    asset["type"] = json!("application/json");
                    asset["title"] = json!(
                        "Label file: classes present, Sentinel-2 and Sentinel-1 names, projection"
                    );
                    asset["roles"] = json!(["metadata"]);
                }
                _ => {
                    asset["type"] = json!(GEOTIFF);
                    asset["roles"] = json!(["data"]);
                    asset["datetime"] = json!(rfc3339(date.unwrap(), "00:00:00"));
                    let bands = bands[usize::from(key.starts_with("s1"))];
                    if !bands.is_empty() {
                        asset["bands"] = json!(bands
                            .iter()
                            .map(|b| json!({ "name": b.name }))
                            .collect::<Vec<_>>());
                    }
                }
            }
            map.insert(key.to_string(), asset);
        }
        doc["assets"] = Value::Object(map);
        let mut bytes = serde_json::to_vec(&doc).unwrap();
        bytes.push(b'\n');
        bytes
    }

    #[test]
    fn an_item_is_what_serde_json_writes_of_its_tree() {
        let description = "Ground reference: 1 \"Dense\" built-up\\x\u{1}; 0 is not a class";
        let template = ItemTemplate::new("ms", description, 256, [&S2_BANDS, &S1_BANDS]);
        let p = patch(vec![1, 6, 14]);
        let s2 = [
            "31UER_20200105_S2_257_514.tif",
            "31UER_20200105_S2_257_514.tif",
            "31UER_20200105_S2_257_514.tif",
            "31UER_20200201_S2_257_514.tif",
        ];
        // Names of another patch or an unusual date still date their asset;
        // a name without a date is left out.
        let s1 = [
            "31UER_00200105_S1_257_514.tif",
            "31UER_20200105_S1_0_0.tif",
            "31UER_20200105_S1_257_514.tif",
            "not-a-name.tif",
        ];
        let source = ItemSource {
            patch: &p,
            dates: [20200105, 20201231],
            up: "../../../a \"quoted\" set\\/",
            ground_reference: ["ground_reference/", "31UER_GR_257_514.tif"],
            label_file: Some(["labels/", "31UER_257_514.json"]),
            sentinel: [
                s2.iter().map(|n| (*n, ["s2/", *n])).collect(),
                s1.iter().map(|n| (*n, ["s1/", *n])).collect(),
            ],
        };
        let mut out = b"before".to_vec();
        let n = template.write(&mut out, &source);
        let up = source.up;
        let assets = [
            (
                "labels",
                format!("{up}ground_reference/31UER_GR_257_514.tif"),
                None,
            ),
            ("label_file", format!("{up}labels/31UER_257_514.json"), None),
            ("s2_20200105", format!("{up}s2/{}", s2[0]), Some(20200105)),
            ("s2_20200105_3", format!("{up}s2/{}", s2[1]), Some(20200105)),
            ("s2_20200105_4", format!("{up}s2/{}", s2[2]), Some(20200105)),
            ("s2_20200201", format!("{up}s2/{}", s2[3]), Some(20200201)),
            ("s1_200105", format!("{up}s1/{}", s1[0]), Some(200105)),
            ("s1_20200105", format!("{up}s1/{}", s1[1]), Some(20200105)),
            ("s1_20200105_8", format!("{up}s1/{}", s1[2]), Some(20200105)),
        ];
        assert_eq!(n, assets.len());
        let assets: Vec<(&str, &str, Option<u32>)> = assets
            .iter()
            .map(|(k, h, d)| (*k, h.as_str(), *d))
            .collect();
        let want = expected(&source, description, [&S2_BANDS, &S1_BANDS], &assets);
        assert_eq!(
            String::from_utf8_lossy(&out[6..]),
            String::from_utf8_lossy(&want)
        );
        assert_eq!(&out[..6], b"before");
    }

    /// Without label file, classes or band names (a profile of another
    /// dataset), with an href base URL.
    #[test]
    fn an_item_without_label_file_classes_or_bands() {
        let template = ItemTemplate::new("ms", "d", 256, [&[], &[]]);
        let p = patch(Vec::new());
        let name = "31UER_20200301_S1_257_514.tif";
        let source = ItemSource {
            patch: &p,
            dates: [20200101, 20201231],
            up: "https://example.org/ms/",
            ground_reference: ["", "ground_reference/31UER_GR_257_514.tif"],
            label_file: None,
            sentinel: [Vec::new(), vec![(name, ["", "s1/x.tif"])]],
        };
        let mut out = Vec::new();
        assert_eq!(template.write(&mut out, &source), 2);
        let want = expected(
            &source,
            "d",
            [&[], &[]],
            &[
                (
                    "labels",
                    "https://example.org/ms/ground_reference/31UER_GR_257_514.tif",
                    None,
                ),
                (
                    "s1_20200301",
                    "https://example.org/ms/s1/x.tif",
                    Some(20200301),
                ),
            ],
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8(want).unwrap()
        );
    }

    #[test]
    fn escaping_is_serde_jsons() {
        for s in [
            "plain/path.tif",
            "a\"b",
            "a\\b",
            "tab\there",
            "\u{0}\u{1f}\u{7f}",
            "é ü 雪",
            "",
        ] {
            let mut out = Vec::new();
            push_escaped(&mut out, s);
            let quoted = serde_json::to_string(s).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), quoted[1..quoted.len() - 1]);
        }
    }
}
