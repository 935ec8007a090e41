use crate::io::formats::crs::Crs;
use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, ProjectionFacts};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// The label file's `projection` is the same CRS as the patch's reference
    /// raster (compared as CRS: WKT variants of one EPSG code are equal). Without
    /// rasters (labels-only mode, or no readable raster) it must be the UTM zone
    /// of the tile.
    ///
    /// ## Why it matters
    /// Tools that read the label file's `projection` to place the patch put it in
    /// the wrong place, tens or hundreds of kilometres away.
    ///
    /// ## Example
    /// ```text
    /// labels/31UGQ_5397_2570.json: projection is EPSG:32632, but the rasters are in EPSG:32631
    /// ```
    pub struct LabelProjectionMismatch {
        code: "G003",
        name: "label-projection-mismatch",
        family: Georeferencing,
        severity: Error,
        summary: "A label file whose projection is not the CRS of its rasters",
        reads: [LabelProjection(check)],
    }
    data {
        /// The label file's `projection`, as the message names it (null when
        /// GDAL cannot parse it).
        projection: Option<String>,
        /// The CRS it should be, as the message names it.
        expected_crs: String,
        /// What the expected CRS comes from: `rasters` (the patch's reference
        /// raster) or `tile` (its tile's UTM zone, without rasters).
        compared_with: ComparedWith,
        /// The patch's tile.
        tile_code: String,
    }
}

/// Where G003's expected CRS comes from.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ComparedWith {
    Rasters,
    Tile,
}

impl Record for LabelProjectionMismatch {
    fn message(&self) -> String {
        let against = match self.compared_with {
            ComparedWith::Rasters => "the rasters are in".to_string(),
            ComparedWith::Tile => format!("tile {} is in", self.tile_code),
        };
        match &self.projection {
            Some(declared) => format!(
                "projection is {declared}, but {against} {}",
                self.expected_crs
            ),
            None => format!(
                "projection is not a CRS definition GDAL can parse; {against} {}",
                self.expected_crs
            ),
        }
    }
}

/// G003: the label file's declared projection against the CRS of the
/// patch's reference raster, or the UTM zone of the tile when no raster
/// CRS is known. A definition GDAL cannot parse is reported; two valid
/// CRSs that cannot be compared are not.
fn check(facts: &ProjectionFacts, out: &mut Out) {
    let tile_crs = Crs::Epsg(facts.tile.utm_epsg());
    let (expected, compared_with) = match facts.raster_crs {
        Some(crs) => (crs, ComparedWith::Rasters),
        None => (&tile_crs, ComparedWith::Tile),
    };
    let projection = match facts.declared.same_as(expected) {
        Some(true) => return,
        Some(false) => Some(facts.declared.describe()),
        None if *facts.declared == Crs::Invalid => None,
        None => return,
    };
    out.push(LabelProjectionMismatch {
        projection,
        expected_crs: expected.describe(),
        compared_with,
        tile_code: facts.tile.to_string(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TileCode;
    use crate::rules::input::messages;

    fn judge(declared: Crs, raster: Option<Crs>) -> Vec<String> {
        let tile = TileCode::parse("31UGQ").unwrap();
        let facts = ProjectionFacts {
            declared: &declared,
            raster_crs: raster.as_ref(),
            tile: &tile,
        };
        messages(check, &facts)
    }

    #[test]
    fn against_rasters_or_tile() {
        let raster = || Some(Crs::Epsg(32631));
        assert!(judge(Crs::Epsg(32631), raster()).is_empty());
        assert_eq!(
            judge(Crs::Epsg(32632), raster()),
            ["projection is EPSG:32632, but the rasters are in EPSG:32631"]
        );
        assert_eq!(
            judge(Crs::Epsg(32632), None),
            ["projection is EPSG:32632, but tile 31UGQ is in EPSG:32631"]
        );
        assert_eq!(
            judge(Crs::Invalid, None),
            ["projection is not a CRS definition GDAL can parse; tile 31UGQ is in EPSG:32631"]
        );
    }
}
