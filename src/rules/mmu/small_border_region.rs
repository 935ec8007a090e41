use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Like M001, for regions that touch the first or last row or column of the
    /// patch.
    ///
    /// ## Why it matters
    /// The generalization ran on the whole tile before cutting patches: a small
    /// region on the border is often the clipped part of a larger region in the
    /// neighbouring patch, hence the lower severity.
    ///
    /// ## Example
    /// ```text
    /// ground_reference/31UGQ_GR_7196_2570.tif: region of class 6 Arable lands has 40 pixels on the patch border, fewer than the minimum mapping unit of 250
    /// ```
    pub struct SmallBorderRegion {
        code: "M002",
        name: "small-border-region",
        family: Mmu,
        severity: Info,
        summary: "A small class region touching the patch border",
    }
}
