use crate::model::NameParts;
use crate::rules::declare_rule;

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
    }
}

pub(crate) fn check(parts: &NameParts, patch_size: u32, tile_size: u32) -> Option<String> {
    let span = |axis: &str, v: u32| {
        let end = u64::from(v) + u64::from(patch_size);
        (end > u64::from(tile_size)).then(|| format!("{axis} {v}–{}", end - 1))
    };
    let bad: Vec<String> = [span("columns", parts.x), span("rows", parts.y)]
        .into_iter()
        .flatten()
        .collect();
    (!bad.is_empty()).then(|| {
        format!(
            "patch spans {}, beyond the tile's {tile_size} pixels",
            bad.join(" and ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_patch_inside_the_tile() {
        let last = NameParts::split("31UER_10724_10724.json").unwrap();
        assert_eq!(check(&last, 256, 10_980), None);
        let out = NameParts::split("31UER_10794_0.json").unwrap();
        assert_eq!(
            check(&out, 256, 10_980).as_deref(),
            Some("patch spans columns 10794–11049, beyond the tile's 10980 pixels")
        );
        let both = NameParts::split("31UER_100000_10725.json").unwrap();
        assert_eq!(
            check(&both, 256, 10_980).as_deref(),
            Some("patch spans columns 100000–100255 and rows 10725–10980, beyond the tile's 10980 pixels")
        );
    }
}
