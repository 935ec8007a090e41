//! Classes: ground-reference values and the label file's class list.

pub mod labels_disagree_with_raster;
pub mod unknown_class_value;

/// Pixel count of every value of a class map. Four interleaved tables:
/// runs of one value would otherwise make every increment wait for the
/// previous one.
pub(crate) fn histogram(map: &[u8]) -> [u32; 256] {
    let mut t = [[0u32; 256]; 4];
    let mut chunks = map.chunks_exact(4);
    for c in &mut chunks {
        t[0][c[0] as usize] += 1;
        t[1][c[1] as usize] += 1;
        t[2][c[2] as usize] += 1;
        t[3][c[3] as usize] += 1;
    }
    for &v in chunks.remainder() {
        t[0][v as usize] += 1;
    }
    let mut out = [0u32; 256];
    for (v, o) in out.iter_mut().enumerate() {
        *o = t[0][v] + t[1][v] + t[2][v] + t[3][v];
    }
    out
}

/// The values present in a histogram, sorted.
pub(crate) fn present(counts: &[u32; 256]) -> Vec<u8> {
    (0..=255u8).filter(|&v| counts[v as usize] > 0).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn histogram_counts_every_pixel() {
        let map: Vec<u8> = (0..1001u32).map(|i| (i % 7) as u8 * 3).collect();
        let h = super::histogram(&map);
        assert_eq!(h.iter().sum::<u32>(), 1001);
        assert_eq!(h[0], 143);
        assert_eq!(super::present(&h), vec![0, 3, 6, 9, 12, 15, 18]);
    }
}
