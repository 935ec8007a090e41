//! What reading a land-cover layer gives (polygons with their class, the
//! codes left unmapped) and how its codes are found and mapped
//! ([`LandCoverSchema`], implemented by the generalization profile).

use std::collections::BTreeMap;

use geo_types::MultiPolygon;

/// A land-cover polygon, reprojected, with its class.
#[derive(Clone, Debug)]
pub struct SourcePolygon {
    /// Id field value (or OGR feature id).
    pub id: i64,
    /// The mapped class; 0 when the codes map to 0 (left blank) or are
    /// missing from the mapping table (then also in `unmapped`): the
    /// polygon has no class but still covers its ground.
    pub class: u8,
    /// The schema's tags of its codes ([`LandCoverSchema::tag_of`]).
    pub tag: u8,
    pub geometry: MultiPolygon<f64>,
}

/// Features whose code pair is not in the mapping table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Unmapped {
    pub count: u64,
    /// The first ids (at most 10), in drawing order.
    pub ids: Vec<i64>,
}

/// What was read from the land-cover layer.
#[derive(Clone, Debug, Default)]
pub struct LandCover {
    pub polygons: Vec<SourcePolygon>,
    /// (cover, usage) → unmapped features.
    pub unmapped: BTreeMap<(String, String), Unmapped>,
    /// Features without a polygon geometry (null, points, lines).
    pub skipped_non_polygon: u64,
    /// Features whose codes map to class 0: left blank on purpose.
    pub left_blank: u64,
    pub layer: String,
    pub features_read: u64,
}

/// Where a land-cover layer's codes are: the layer and its fields (the
/// generalization profile's `[source]` section).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LandCoverFields {
    pub layer: String,
    pub cover_field: String,
    pub usage_field: String,
    pub id_field: String,
}

/// How a land-cover layer is read: where its codes are, and the class they
/// map to. Implemented by the generalization profile
/// (`generalize::config::GeneralizeConfig`), so that reading needs no
/// knowledge of the generalization.
pub trait LandCoverSchema {
    fn fields(&self) -> &LandCoverFields;
    /// The class of a feature's cover and usage codes; `None`: unmapped;
    /// `Some(0)`: left blank on purpose. Both are read with class 0.
    fn class_of(&self, cover: &str, usage: &str) -> Option<u8>;
    /// Tags the reader copies to the polygon (bits the schema defines,
    /// e.g. "a rail surface"); 0 by default.
    fn tag_of(&self, _cover: &str, _usage: &str) -> u8 {
        0
    }
}
