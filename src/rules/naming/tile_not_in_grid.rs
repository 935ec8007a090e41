use crate::model::TileCode;
use crate::rules::declare::declare_rule;
use crate::rules::input::{NameFacts, NamePart, Out};
use crate::rules::naming::listed;
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// A well-formed tile code is one of the 56 686 tiles of the official
    /// Sentinel-2 tiling grid (bundled with the tool).
    ///
    /// ## Why it matters
    /// Valid MGRS squares over open ocean have no Sentinel-2 tile: a name
    /// that uses one is a typo, and its origin cannot be looked up.
    ///
    /// ## Example
    /// ```text
    /// labels/31UAA_0_0.json: tile `31UAA` is not a tile of the Sentinel-2 grid
    /// ```
    pub struct TileNotInGrid {
        code: "N008",
        name: "tile-not-in-grid",
        family: Naming,
        severity: Error,
        summary: "A tile code that is not in the Sentinel-2 tiling grid",
        reads: [Name(&[NamePart::Tile], check)],
    }
    data {
        /// The tile code.
        tile_code: String,
        /// For a name listed in a label file: the name (absent for a file
        /// on disk, which is the finding's path).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_name: Option<String>,
        /// For a name listed in a label file: the field that lists it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_in: Option<String>,
    }
}

impl Record for TileNotInGrid {
    fn message(&self) -> String {
        let why = format!(
            "tile `{}` is not a tile of the Sentinel-2 grid",
            self.tile_code
        );
        listed(&self.listed_name, &self.listed_in, why)
    }
}

/// N008: a valid tile code (an invalid one is N002's) that the grid lacks.
fn check(facts: &NameFacts, out: &mut Out) {
    let Some(parts) = facts.parts else { return };
    let Ok(tile) = TileCode::parse(parts.tile) else {
        return;
    };
    if facts.grid.get(&tile).is_none() {
        let (listed_name, listed_in) = facts.listed();
        out.push(TileNotInGrid {
            tile_code: tile.to_string(),
            listed_name,
            listed_in,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::naming::fixtures::on_disk;

    #[test]
    fn tiles_of_the_official_grid() {
        assert!(on_disk("31UGQ_0_0.json", check).is_empty());
        assert_eq!(
            on_disk("31UAA_0_0.json", check),
            ["tile `31UAA` is not a tile of the Sentinel-2 grid"]
        );
        assert!(on_disk("61UGQ_0_0.json", check).is_empty(), "N002's");
    }
}
