use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, ReleaseFacts};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// Every tile that has patches in the dataset is one the release
    /// declares (`[release] tiles`); one finding per undeclared tile,
    /// with its patch count. Without `tiles` in the profile nothing is
    /// checked. Runs in labels-only mode too; not in one shard of a
    /// sharded run.
    ///
    /// ## Why it matters
    /// Patches of a tile the release does not list come from elsewhere: a
    /// test region copied in, a contribution not yet accepted, files of
    /// another release. They would be published without anyone deciding
    /// it.
    ///
    /// ## Example
    /// ```text
    /// tile 31TGM is not declared by the release (12 patches)
    /// ```
    ///
    /// ## How to fix
    /// Remove the tile's files, or add the tile to `[release] tiles` (and
    /// update the totals) if it belongs to the release.
    pub struct UndeclaredTile {
        code: "D002",
        name: "undeclared-tile",
        family: Dataset,
        severity: Error,
        summary: "A tile with patches that the release does not declare",
        reads: [Release(check)],
    }
    data {
        /// The tile found in the dataset.
        tile_code: String,
        /// Its patches.
        patches: u64,
    }
}

impl Record for UndeclaredTile {
    fn message(&self) -> String {
        let s = if self.patches == 1 { "" } else { "es" };
        format!(
            "tile {} is not declared by the release ({} patch{s})",
            self.tile_code, self.patches
        )
    }
}

/// D002: each tile with patches that the declaration leaves out.
fn check(facts: &ReleaseFacts, out: &mut Out) {
    let Some(tiles) = &facts.declared.tiles else {
        return;
    };
    for (tile, patches) in facts.patches_per_tile {
        if tiles.binary_search(tile).is_err() {
            out.push(UndeclaredTile {
                tile_code: tile.to_string(),
                patches: *patches as u64,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::dataset::fixtures::{declared_tiles, judge};

    #[test]
    fn a_tile_with_patches_the_release_does_not_declare() {
        let declared = declared_tiles(&["32UMU", "31UER"]);
        assert_eq!(
            judge(
                check,
                &declared,
                &[("31UER", 3), ("31TGM", 12), ("32ULU", 1)]
            ),
            [
                "tile 31TGM is not declared by the release (12 patches)",
                "tile 32ULU is not declared by the release (1 patch)"
            ]
        );
        assert!(judge(check, &declared, &[("31UER", 3), ("32UMU", 1)]).is_empty());
        assert!(judge(check, &Default::default(), &[("31TGM", 2)]).is_empty());
    }
}
