use crate::model::grid::TilingGrid;
use crate::model::TileCode;
use crate::rules::declare_rule;

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
    }
}

pub(crate) fn check(tile: &TileCode, grid: &TilingGrid) -> Option<String> {
    grid.get(tile)
        .is_none()
        .then(|| format!("tile `{tile}` is not a tile of the Sentinel-2 grid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_of_the_official_grid() {
        let grid = TilingGrid::official();
        assert_eq!(check(&TileCode::parse("31UGQ").unwrap(), grid), None);
        assert_eq!(
            check(&TileCode::parse("31UAA").unwrap(), grid).as_deref(),
            Some("tile `31UAA` is not a tile of the Sentinel-2 grid")
        );
    }
}
