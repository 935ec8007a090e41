use crate::model::TileCode;
use crate::rules::declare::declare_rule;
use crate::rules::input::{NameFacts, NamePart, Out};
use crate::rules::naming::listed;
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// The tile part of a name is a valid Sentinel-2 (MGRS) tile code without
    /// the `T` prefix: a UTM zone 01–60, a latitude band C–X (without I and
    /// O), a 100 km column letter from the zone's set (A–H, J–R or S–Z, by
    /// zone) and a row letter A–V (without I and O).
    ///
    /// ## Why it matters
    /// The tile code fixes the patch's CRS (UTM zone) and origin; a wrong one
    /// puts the patch somewhere else on Earth.
    ///
    /// ## Example
    /// ```text
    /// labels/31USR_0_0.json: tile code `31USR`: `S` is not a 100 km column letter of zone 31 (one of ABCDEFGH)
    /// ```
    pub struct InvalidTileCode {
        code: "N002",
        name: "invalid-tile-code",
        family: Naming,
        severity: Error,
        summary: "A tile code that is not a valid MGRS 100 km square",
        reads: [Name(&[NamePart::Tile], check)],
    }
    data {
        /// The tile part of the name.
        tile_code: String,
        /// What is wrong with it.
        reason: String,
        /// For a name listed in a label file: the name (absent for a file
        /// on disk, which is the finding's path).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_name: Option<String>,
        /// For a name listed in a label file: the field that lists it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_in: Option<String>,
    }
}

impl Record for InvalidTileCode {
    fn message(&self) -> String {
        listed(&self.listed_name, &self.listed_in, self.reason.clone())
    }
}

/// N002: the tile part of a well-formed name is no MGRS tile code.
fn check(facts: &NameFacts, out: &mut Out) {
    let Some(parts) = facts.parts else { return };
    if let Err(why) = TileCode::parse(parts.tile) {
        let (listed_name, listed_in) = facts.listed();
        out.push(InvalidTileCode {
            tile_code: parts.tile.to_string(),
            reason: why.to_string(),
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
    fn tile_codes() {
        assert!(on_disk("31UGQ_0_0.json", check).is_empty());
        let why = on_disk("61UGQ_0_0.json", check);
        assert!(why[0].contains("61"), "{why:?}");
        assert_eq!(on_disk("31UG_0_0.json", check).len(), 1);
    }
}
