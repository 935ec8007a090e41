use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, ReleaseFacts};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// Every tile the release declares (`[release] tiles`) has at least
    /// one patch: a well-named file or label file of that tile. Without
    /// `tiles` in the profile nothing is checked. Runs in labels-only mode
    /// too; not in one shard of a sharded run (a shard sees part of the
    /// dataset).
    ///
    /// ## Why it matters
    /// A tile left out of a copy or an upload (a failed transfer, a
    /// forgotten folder) leaves every other check clean: each patch that
    /// is there is valid. Only the release's own list tells that a whole
    /// region is missing.
    ///
    /// ## Example
    /// ```text
    /// tile 31UFQ is declared by the release but has no patch
    /// ```
    ///
    /// ## How to fix
    /// Add the tile's patches, or remove the tile from `[release] tiles`
    /// if the release no longer holds it.
    pub struct MissingTile {
        code: "D001",
        name: "missing-tile",
        family: Dataset,
        severity: Error,
        summary: "A tile the release declares has no patch",
        reads: [Release(check)],
    }
    data {
        /// The declared tile without patches.
        tile_code: String,
    }
}

impl Record for MissingTile {
    fn message(&self) -> String {
        format!(
            "tile {} is declared by the release but has no patch",
            self.tile_code
        )
    }
}

/// D001: each declared tile without a patch.
fn check(facts: &ReleaseFacts, out: &mut Out) {
    let Some(tiles) = &facts.declared.tiles else {
        return;
    };
    for tile in tiles {
        if !facts.patches_per_tile.contains_key(tile) {
            out.push(MissingTile {
                tile_code: tile.to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::dataset::fixtures::{declared_tiles, judge};

    #[test]
    fn a_declared_tile_without_patches() {
        let declared = declared_tiles(&["31UER", "31UFQ", "32UMU"]);
        assert_eq!(
            judge(check, &declared, &[("31UER", 3), ("32UMU", 1)]),
            ["tile 31UFQ is declared by the release but has no patch"]
        );
        assert!(judge(
            check,
            &declared,
            &[("31UER", 3), ("31UFQ", 1), ("32UMU", 1)]
        )
        .is_empty());
        let undeclared = Default::default();
        assert!(
            judge(check, &undeclared, &[]).is_empty(),
            "no [release] tiles"
        );
    }
}
