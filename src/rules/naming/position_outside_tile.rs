use crate::rules::declare::declare_rule;
use crate::rules::input::{NameFacts, NamePart, Out};
use crate::rules::naming::listed;
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// The whole patch lies inside its Sentinel-2 tile: `x + patch_size` and
    /// `y + patch_size` are at most `tile_size` (10 980 pixels).
    ///
    /// ## Why it matters
    /// A patch that sticks out of its tile cannot have been cut from it; its
    /// position is wrong.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_10794_0.json: patch spans columns 10794–11049, beyond the tile's 10980 pixels
    /// ```
    pub struct PositionOutsideTile {
        code: "N006",
        name: "position-outside-tile",
        family: Naming,
        severity: Error,
        summary: "A patch that extends beyond its tile",
        reads: [Name(&[NamePart::Position], check)],
    }
    data {
        /// The name's `x`: pixel column of the patch's top-left corner in its
        /// tile.
        col: u32,
        /// The name's `y`: pixel row of the patch's top-left corner.
        row: u32,
        /// The profile's `[dataset] patch_size`, pixels.
        patch_size: u32,
        /// The profile's `[dataset] tile_size`, pixels.
        tile_size: u32,
        /// For a name listed in a label file: the name (absent for a file
        /// on disk, which is the finding's path).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_name: Option<String>,
        /// For a name listed in a label file: the field that lists it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_in: Option<String>,
    }
}

/// The last pixel of a patch starting at `start`, when beyond the tile.
fn beyond(start: u32, patch_size: u32, tile_size: u32) -> Option<u64> {
    let end = u64::from(start) + u64::from(patch_size);
    (end > u64::from(tile_size)).then_some(end - 1)
}

impl Record for PositionOutsideTile {
    fn message(&self) -> String {
        let (size, tile) = (self.patch_size, self.tile_size);
        let span =
            |axis: &str, v: u32| beyond(v, size, tile).map(|last| format!("{axis} {v}–{last}"));
        let bad: Vec<String> = [span("columns", self.col), span("rows", self.row)]
            .into_iter()
            .flatten()
            .collect();
        let why = format!(
            "patch spans {}, beyond the tile's {tile} pixels",
            bad.join(" and ")
        );
        listed(&self.listed_name, &self.listed_in, why)
    }
}

/// N006: the patch sticks out of its tile.
fn check(facts: &NameFacts, out: &mut Out) {
    let Some(parts) = facts.parts else { return };
    let (patch_size, tile_size) = (facts.naming.patch_size, facts.naming.tile_size);
    let outside = |v| beyond(v, patch_size, tile_size).is_some();
    if outside(parts.x) || outside(parts.y) {
        let (listed_name, listed_in) = facts.listed();
        out.push(PositionOutsideTile {
            col: parts.x,
            row: parts.y,
            patch_size,
            tile_size,
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
    fn whole_patch_inside_the_tile() {
        assert!(on_disk("31UER_10724_10724.json", check).is_empty());
        assert_eq!(
            on_disk("31UER_10794_0.json", check),
            ["patch spans columns 10794–11049, beyond the tile's 10980 pixels"]
        );
        assert_eq!(
            on_disk("31UER_100000_10725.json", check),
            ["patch spans columns 100000–100255 and rows 10725–10980, beyond the tile's 10980 pixels"]
        );
    }
}
