use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Width and height equal the profile's `[dataset] patch_size` (256 pixels).
    ///
    /// ## Why it matters
    /// Patches of another size break batching in every training pipeline and mean
    /// the footprint of the patch is not the one its name promises.
    ///
    /// ## Example
    /// ```text
    /// ground_reference/31UGQ_GR_3084_2570.tif: 255 × 256 pixels, expected 256 × 256
    /// ```
    pub struct WrongRasterSize {
        code: "R003",
        name: "wrong-raster-size",
        family: Raster,
        severity: Error,
        summary: "A raster whose width or height is not the patch size",
    }
}

pub(crate) fn check(width: usize, height: usize, size: u32) -> Option<String> {
    let size = size as usize;
    (width != size || height != size)
        .then(|| format!("{width} × {height} pixels, expected {size} × {size}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn size() {
        assert_eq!(super::check(256, 256, 256), None);
        assert_eq!(
            super::check(255, 256, 256).as_deref(),
            Some("255 × 256 pixels, expected 256 × 256")
        );
    }
}
