//! Classes: ground-reference values and the label file's class list.

pub mod labels_disagree_with_raster;
pub mod unknown_class_value;

/// The values present in a class map, sorted.
pub(crate) fn present(map: &[u8]) -> Vec<u8> {
    let mut seen = [false; 256];
    for &v in map {
        seen[v as usize] = true;
    }
    (0..=255u8).filter(|&v| seen[v as usize]).collect()
}
