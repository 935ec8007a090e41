use crate::model::TileCode;
use crate::rules::declare_rule;

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
    }
}

/// N002: the tile part of a name parsed as a Sentinel-2 (MGRS) tile code;
/// the error is the finding's message.
pub(crate) fn check(tile: &str) -> Result<TileCode, String> {
    TileCode::parse(tile).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn tile_codes() {
        assert!(super::check("31UGQ").is_ok());
        let why = super::check("61UGQ").unwrap_err();
        assert!(why.contains("61"), "{why}");
        assert!(super::check("31UG").is_err());
    }
}
