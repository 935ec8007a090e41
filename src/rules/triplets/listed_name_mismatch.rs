use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every name listed by a label file has the label file's tile, `x` and
    /// `y`, and sits in the right list: Sentinel-2 names in
    /// `corresponding_s2`, Sentinel-1 names in `corresponding_s1`.
    ///
    /// ## Why it matters
    /// A name of another patch or of the other sensor pairs the wrong images
    /// with the ground reference: the sample is wrong, silently.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_0_0.json: listed `31UER_20200731_S2_257_0.tif` is at x 257, y 0, not at the label file's x 0, y 0
    /// ```
    pub struct ListedNameMismatch {
        code: "T005",
        name: "listed-name-mismatch",
        family: Triplets,
        severity: Error,
        summary: "A listed name of another patch, tile or sensor",
    }
}
