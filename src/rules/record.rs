//! What a rule's finding is made of, below the rules themselves: its
//! severity, where in a file it applies, the rule's family, and the typed
//! record of facts from which its message is rendered.

use std::any::Any;
use std::fmt::Debug;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Where inside a file a finding applies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Location {
    /// A pixel window: column, row, width and height, in pixels.
    Window {
        col: u32,
        row: u32,
        width: u32,
        height: u32,
    },
    /// A polygon in the CRS given by `epsg` (rings of `[x, y]`).
    Polygon {
        epsg: u32,
        rings: Vec<Vec<[f64; 2]>>,
    },
    /// A position in a text file: line and column, both counted from 1.
    Text { line: u32, column: u32 },
}

impl Location {
    /// The location as a user reads it after a path, e.g. ` [columns
    /// 100–107, rows 30–34]` or ` [line 1, column 80]`; empty for polygons.
    pub fn describe(&self) -> String {
        match self {
            Location::Window {
                col,
                row,
                width,
                height,
            } => format!(
                " [columns {col}–{}, rows {row}–{}]",
                col + width.saturating_sub(1),
                row + height.saturating_sub(1)
            ),
            Location::Text { line, column } => format!(" [line {line}, column {column}]"),
            Location::Polygon { .. } => String::new(),
        }
    }
}

/// The family of a rule; its letter prefixes the rule codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Layout,
    Naming,
    Labels,
    Triplets,
    Raster,
    Georeferencing,
    Classes,
    Mmu,
    Spatial,
    Dataset,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Layout => "layout",
            Family::Naming => "naming",
            Family::Labels => "labels",
            Family::Triplets => "triplets",
            Family::Raster => "raster",
            Family::Georeferencing => "georeferencing",
            Family::Classes => "classes",
            Family::Mmu => "mmu",
            Family::Spatial => "spatial",
            Family::Dataset => "dataset",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Family::Layout => "folders, stray files and extensions",
            Family::Naming => "the four file nomenclatures, tile codes, dates and positions",
            Family::Labels => "content of the per-patch label files",
            Family::Triplets => "agreement between label files and the rasters on disk",
            Family::Raster => "readable GeoTIFFs: size, bands, data type and pixel content",
            Family::Georeferencing => {
                "CRS, pixel size and origin of each patch, and agreement inside a patch"
            }
            Family::Classes => "ground-reference values and the label file's class list",
            Family::Mmu => {
                "per-class regions of the ground reference against the minimum mapping unit"
            }
            Family::Spatial => "patch footprints on the ground: overlaps and duplicates",
            Family::Dataset => {
                "the dataset as a whole against what its release declares: tiles, totals, dates per patch"
            }
        }
    }
}

/// The record of one finding of a rule: the facts the rule found, as typed
/// fields (the rule's struct, declared with `declare_rule!`), from which
/// the finding's message is rendered. Machine-readable reports carry the
/// fields; the text report only the message.
pub trait Record: Debug + Send + Sync + 'static {
    /// The finding's message: what is wrong and what was expected.
    fn message(&self) -> String;
}

/// A record whatever its rule: what a [`Finding`](super::finding::Finding)
/// holds. Every rule's struct is one (it is `Serialize` and `Clone`).
pub trait AnyRecord: Record {
    /// The record as a JSON object, its fields in declaration order.
    fn to_json(&self) -> serde_json::Value;
    fn clone_record(&self) -> Box<dyn AnyRecord>;
    /// For a typed look at the record (`downcast_ref::<PatchesOverlap>()`).
    fn as_any(&self) -> &dyn Any;
}

impl<T: Record + Serialize + Clone> AnyRecord for T {
    fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    fn clone_record(&self) -> Box<dyn AnyRecord> {
        Box::new(self.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Clone for Box<dyn AnyRecord> {
    fn clone(&self) -> Self {
        self.clone_record()
    }
}

impl PartialEq for dyn AnyRecord {
    fn eq(&self, other: &Self) -> bool {
        self.as_any().type_id() == other.as_any().type_id() && self.to_json() == other.to_json()
    }
}
