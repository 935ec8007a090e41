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
