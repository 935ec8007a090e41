//! Per-class connected regions of a class map, with what the minimum
//! mapping unit rules need to know about each: size, bounding window,
//! contact with the patch border and with the road class.
//!
//! Labelling uses `imageproc`'s `connected_components`, which joins
//! neighbouring pixels of equal value, so one call labels every class at
//! once; exempt classes and values outside the class table are mapped to
//! the background value 0 first. A second pass over the labels gathers the
//! statistics, including road contact (a road pixel marks the regions of its
//! neighbours, with the same connectivity as the labelling).

use image::{GrayImage, Luma};
use imageproc::region_labelling::{connected_components, Connectivity};

/// 4- or 8-connectivity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Neighbours {
    Four,
    Eight,
}

impl Neighbours {
    pub fn from_profile(n: u8) -> Neighbours {
        if n == 4 {
            Neighbours::Four
        } else {
            Neighbours::Eight
        }
    }

    fn offsets(self) -> &'static [(i32, i32)] {
        match self {
            Neighbours::Four => &[(-1, 0), (1, 0), (0, -1), (0, 1)],
            Neighbours::Eight => &[
                (-1, -1),
                (0, -1),
                (1, -1),
                (-1, 0),
                (1, 0),
                (-1, 1),
                (0, 1),
                (1, 1),
            ],
        }
    }
}

/// One connected region of one class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    pub class: u8,
    pub pixels: u32,
    /// Bounding window: first column and row, width and height, pixels.
    pub col: u32,
    pub row: u32,
    pub width: u32,
    pub height: u32,
    /// Whether a pixel of the region lies on the first or last row or column.
    pub touches_border: bool,
    /// Whether a pixel of the region neighbours a pixel of the road class.
    pub touches_road: bool,
}

/// The regions of `map` (`width` × `height`, row by row) for the classes
/// `counted(class)` accepts; in label order (first pixel in row order).
///
/// `road_class` 0 means no road class.
pub fn regions(
    map: &[u8],
    width: u32,
    height: u32,
    neighbours: Neighbours,
    counted: impl Fn(u8) -> bool,
    road_class: u8,
) -> Vec<Region> {
    assert_eq!(map.len(), width as usize * height as usize, "map size");
    let mut keep = [false; 256];
    for (v, k) in keep.iter_mut().enumerate().skip(1) {
        *k = counted(v as u8);
    }
    let masked: Vec<u8> = map
        .iter()
        .map(|&v| if keep[v as usize] { v } else { 0 })
        .collect();
    let Some(image) = GrayImage::from_raw(width, height, masked) else {
        return Vec::new();
    };
    let conn = match neighbours {
        Neighbours::Four => Connectivity::Four,
        Neighbours::Eight => Connectivity::Eight,
    };
    let labels = connected_components(&image, conn, Luma([0u8]));
    let labels = labels.as_raw();

    let mut out: Vec<Region> = Vec::new();
    // Label → index in `out` + 1 (0: not seen yet). Labels are dense from 1.
    let mut slot: Vec<u32> = Vec::new();
    for row in 0..height {
        for col in 0..width {
            let i = (row * width + col) as usize;
            let label = labels[i] as usize;
            if label == 0 {
                continue;
            }
            if slot.len() <= label {
                slot.resize(label + 1, 0);
            }
            if slot[label] == 0 {
                out.push(Region {
                    class: map[i],
                    pixels: 0,
                    col,
                    row,
                    width: 0,
                    height: 0,
                    touches_border: false,
                    touches_road: false,
                });
                slot[label] = out.len() as u32;
            }
            let r = &mut out[slot[label] as usize - 1];
            r.pixels += 1;
            // Bounding window kept as first/last column and row until the end.
            r.col = r.col.min(col);
            r.width = r.width.max(col + 1);
            r.height = row + 1;
            if row == 0 || col == 0 || row + 1 == height || col + 1 == width {
                r.touches_border = true;
            }
        }
    }
    if road_class != 0 {
        for row in 0..height as i32 {
            for col in 0..width as i32 {
                if map[(row as u32 * width + col as u32) as usize] != road_class {
                    continue;
                }
                for (dc, dr) in neighbours.offsets() {
                    let (c, r) = (col + dc, row + dr);
                    if c < 0 || r < 0 || c >= width as i32 || r >= height as i32 {
                        continue;
                    }
                    let label = labels[(r as u32 * width + c as u32) as usize] as usize;
                    if label != 0 {
                        out[slot[label] as usize - 1].touches_road = true;
                    }
                }
            }
        }
    }
    for r in &mut out {
        r.width -= r.col;
        r.height -= r.row;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(rows: &[&str]) -> (Vec<u8>, u32, u32) {
        let h = rows.len() as u32;
        let w = rows[0].len() as u32;
        let data = rows
            .iter()
            .flat_map(|r| r.bytes().map(|b| b - b'0'))
            .collect();
        (data, w, h)
    }

    #[test]
    fn diagonal_contact_joins_only_with_eight_neighbours() {
        let (m, w, h) = map(&["1222", "2122", "2222", "2225"]);
        let eight = regions(&m, w, h, Neighbours::Eight, |c| c != 5, 5);
        let ones: Vec<_> = eight.iter().filter(|r| r.class == 1).collect();
        assert_eq!(ones.len(), 1);
        assert_eq!(ones[0].pixels, 2);
        assert_eq!(
            (ones[0].col, ones[0].row, ones[0].width, ones[0].height),
            (0, 0, 2, 2)
        );
        assert!(ones[0].touches_border);
        assert!(!ones[0].touches_road);
        let twos: Vec<_> = eight.iter().filter(|r| r.class == 2).collect();
        assert_eq!((twos.len(), twos[0].pixels), (1, 13));
        assert!(twos[0].touches_road);
        let four = regions(&m, w, h, Neighbours::Four, |c| c != 5, 5);
        assert_eq!(four.iter().filter(|r| r.class == 1).count(), 2);
        // The 2s go round the diagonal of 1s through the east side.
        assert_eq!(four.iter().filter(|r| r.class == 2).count(), 1);
        assert!(four.iter().all(|r| r.class != 5), "exempt class skipped");
    }

    #[test]
    fn interior_region_window() {
        let (m, w, h) = map(&["11111", "11331", "11311", "11111"]);
        let r = regions(&m, w, h, Neighbours::Eight, |_| true, 0);
        let three = r.iter().find(|r| r.class == 3).unwrap();
        assert_eq!(three.pixels, 3);
        assert_eq!(
            (three.col, three.row, three.width, three.height),
            (2, 1, 2, 2)
        );
        assert!(!three.touches_border);
    }
}
