//! Dataset: the dataset as a whole against what its release declares in
//! the profile's `[release]` section (tiles, patch and file totals, dates
//! per patch). Counted from names (on disk and listed by the label
//! files), so these rules run in labels-only mode too.

pub mod dates_outside_bounds;
pub mod missing_tile;
pub mod undeclared_tile;
pub mod wrong_total;

/// Declarations and datasets as the rules' tests judge them.
#[cfg(test)]
pub(crate) mod fixtures {
    use std::collections::BTreeMap;

    use crate::model::TileCode;
    use crate::rules::input::{messages, Out, ReleaseDeclaration, ReleaseFacts};

    /// A declaration of these tiles alone.
    pub fn declared_tiles(tiles: &[&str]) -> ReleaseDeclaration {
        let mut codes: Vec<TileCode> = tiles.iter().map(|t| TileCode::parse(t).unwrap()).collect();
        codes.sort_unstable();
        ReleaseDeclaration {
            tiles: Some(codes),
            ..Default::default()
        }
    }

    /// The messages of `check` on a dataset of `tiles` (tile, patches)
    /// listing `listed` (Sentinel-2, Sentinel-1) names.
    pub fn judge_counts(
        check: fn(&ReleaseFacts, &mut Out),
        declared: &ReleaseDeclaration,
        tiles: &[(&str, usize)],
        listed: (usize, usize),
    ) -> Vec<String> {
        let per_tile: BTreeMap<TileCode, usize> = tiles
            .iter()
            .map(|(t, n)| (TileCode::parse(t).unwrap(), *n))
            .collect();
        let facts = ReleaseFacts {
            declared,
            patches_per_tile: &per_tile,
            patches: per_tile.values().sum(),
            listed_s2: listed.0,
            listed_s1: listed.1,
        };
        messages(check, &facts)
    }

    /// [`judge_counts`] without listed names.
    pub fn judge(
        check: fn(&ReleaseFacts, &mut Out),
        declared: &ReleaseDeclaration,
        tiles: &[(&str, usize)],
    ) -> Vec<String> {
        judge_counts(check, declared, tiles, (0, 0))
    }
}
