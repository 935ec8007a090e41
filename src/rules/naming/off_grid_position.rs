use crate::model::NameParts;
use crate::rules::declare_rule;

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
    }
}

pub(crate) fn check(parts: &NameParts, stride: u32) -> Option<String> {
    let bad: Vec<String> = [("x", parts.x), ("y", parts.y)]
        .into_iter()
        .filter(|(_, v)| v % stride != 0)
        .map(|(axis, v)| format!("{axis} = {v}"))
        .collect();
    (!bad.is_empty()).then(|| {
        let verb = if bad.len() == 1 {
            "is not a multiple"
        } else {
            "are not multiples"
        };
        format!("{} {verb} of the grid stride {stride}", bad.join(" and "))
    })
}

#[cfg(test)]
mod tests {
    use crate::model::NameParts;

    #[test]
    fn multiples_of_the_stride() {
        let on = NameParts::split("31UER_257_514.json").unwrap();
        assert_eq!(super::check(&on, 257), None);
        let x = NameParts::split("31UER_258_0.json").unwrap();
        assert_eq!(
            super::check(&x, 257).as_deref(),
            Some("x = 258 is not a multiple of the grid stride 257")
        );
        let both = NameParts::split("31UER_20200105_S2_1_2.tif").unwrap();
        assert_eq!(
            super::check(&both, 257).as_deref(),
            Some("x = 1 and y = 2 are not multiples of the grid stride 257")
        );
    }
}
