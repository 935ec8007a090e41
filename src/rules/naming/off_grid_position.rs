use crate::rules::declare::declare_rule;
use crate::rules::input::{NameFacts, NamePart, Out};
use crate::rules::naming::listed;
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// The patch position `x`, `y` (pixel column and row of the top-left
    /// corner in the Sentinel-2 tile) are multiples of the profile's
    /// `grid_stride` (257: 256-pixel patches with a 1-pixel gap).
    ///
    /// ## Why it matters
    /// Off-grid patches overlap their neighbours or leave them misaligned;
    /// the published patches all sit on the 257-pixel grid.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_258_0.json: x = 258 is not a multiple of the grid stride 257
    /// ```
    pub struct OffGridPosition {
        code: "N005",
        name: "off-grid-position",
        family: Naming,
        severity: Error,
        summary: "A patch position that is not on the patch grid",
        reads: [Name(&[NamePart::Position], check)],
    }
    data {
        /// The name's `x`: pixel column of the patch's top-left corner in its
        /// tile.
        col: u32,
        /// The name's `y`: pixel row of the patch's top-left corner.
        row: u32,
        /// The profile's `[dataset] grid_stride`, pixels.
        grid_stride: u32,
        /// For a name listed in a label file: the name (absent for a file
        /// on disk, which is the finding's path).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_name: Option<String>,
        /// For a name listed in a label file: the field that lists it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_in: Option<String>,
    }
}

impl Record for OffGridPosition {
    fn message(&self) -> String {
        let stride = self.grid_stride;
        let bad: Vec<String> = [("x", self.col), ("y", self.row)]
            .into_iter()
            .filter(|(_, v)| v % stride != 0)
            .map(|(axis, v)| format!("{axis} = {v}"))
            .collect();
        let verb = if bad.len() == 1 {
            "is not a multiple"
        } else {
            "are not multiples"
        };
        let why = format!("{} {verb} of the grid stride {stride}", bad.join(" and "));
        listed(&self.listed_name, &self.listed_in, why)
    }
}

/// N005: `x` or `y` off the patch grid.
fn check(facts: &NameFacts, out: &mut Out) {
    let Some(parts) = facts.parts else { return };
    let stride = facts.naming.grid_stride;
    if parts.x % stride != 0 || parts.y % stride != 0 {
        let (listed_name, listed_in) = facts.listed();
        out.push(OffGridPosition {
            col: parts.x,
            row: parts.y,
            grid_stride: stride,
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
    fn multiples_of_the_stride() {
        assert!(on_disk("31UER_257_514.json", check).is_empty());
        assert_eq!(
            on_disk("31UER_258_0.json", check),
            ["x = 258 is not a multiple of the grid stride 257"]
        );
        assert_eq!(
            on_disk("31UER_20200105_S2_1_2.tif", check),
            ["x = 1 and y = 2 are not multiples of the grid stride 257"]
        );
    }
}
