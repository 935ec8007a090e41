//! Per-class connected regions of a class map, with what the minimum
//! mapping unit rules need to know about each: size, bounding window,
//! contact with the patch border and with the road class.
//!
//! Why not `imageproc::region_labelling::connected_components`: it was the
//! first implementation, and on the benchmark's ground references (256 ×
//! 256, a few large regions) 58 % of the pixel rules' CPU time went to its
//! per-pixel union-find (`perf`, 750 patches: 2.6 ms a patch in all). Class
//! maps are made of long runs of one value, so this labels runs instead:
//! each row is cut into runs of equal value, a run joins the runs of the
//! same class it touches in the row above (overlapping columns for
//! 4-connectivity, one more column either side for 8), and the union-find
//! works on a few hundred runs instead of 65 536 pixels. Road contact comes
//! from the same comparisons. The result is checked against a brute-force
//! flood fill by `tests/mmu_oracle.rs`.

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

/// A run of equal values in one row: columns `start..end`.
#[derive(Clone, Copy)]
struct Run {
    row: u32,
    start: u32,
    end: u32,
    class: u8,
}

/// The regions of `map` (`width` × `height`, row by row) for the classes
/// `counted(class)` accepts; in order of their first pixel (row by row).
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
    let is_road = |v: u8| road_class != 0 && v == road_class;

    // Runs of counted classes and of the road class, row by row.
    let mut runs: Vec<Run> = Vec::new();
    let mut row_start: Vec<usize> = Vec::with_capacity(height as usize + 1);
    for (row, line) in map.chunks_exact(width.max(1) as usize).enumerate() {
        row_start.push(runs.len());
        let mut c = 0;
        while c < line.len() {
            let v = line[c];
            let start = c;
            while c < line.len() && line[c] == v {
                c += 1;
            }
            if keep[v as usize] || is_road(v) {
                runs.push(Run {
                    row: row as u32,
                    start: start as u32,
                    end: c as u32,
                    class: v,
                });
            }
        }
    }
    row_start.push(runs.len());
    if width == 0 {
        return Vec::new();
    }

    let mut parent: Vec<u32> = (0..runs.len() as u32).collect();
    let mut touches_road = vec![false; runs.len()];
    let slack = u32::from(neighbours == Neighbours::Eight);
    let mut meet = |i: usize, j: usize, parent: &mut Vec<u32>| {
        let (a, b) = (runs[i].class, runs[j].class);
        if a == b && keep[a as usize] {
            union(parent, i as u32, j as u32);
        } else if is_road(a) && keep[b as usize] {
            touches_road[j] = true;
        } else if is_road(b) && keep[a as usize] {
            touches_road[i] = true;
        }
    };
    for row in 0..height as usize {
        let cur = row_start[row]..row_start[row + 1];
        // Left and right neighbours in the same row.
        for j in cur.start..cur.end.saturating_sub(1) {
            if runs[j].end == runs[j + 1].start {
                meet(j, j + 1, &mut parent);
            }
        }
        if row == 0 {
            continue;
        }
        let prev = row_start[row - 1]..row_start[row];
        let mut lo = prev.start;
        for j in cur {
            let b = runs[j];
            while lo < prev.end && runs[lo].end + slack <= b.start {
                lo += 1;
            }
            let mut i = lo;
            while i < prev.end && runs[i].start < b.end + slack {
                meet(i, j, &mut parent);
                i += 1;
            }
        }
    }

    let mut out: Vec<Region> = Vec::new();
    let mut slot: Vec<u32> = vec![0; runs.len()];
    for (i, run) in runs.iter().enumerate() {
        if !keep[run.class as usize] {
            continue;
        }
        let root = find(&mut parent, i as u32) as usize;
        if slot[root] == 0 {
            out.push(Region {
                class: run.class,
                pixels: 0,
                col: run.start,
                row: run.row,
                width: 0,
                height: 0,
                touches_border: false,
                touches_road: false,
            });
            slot[root] = out.len() as u32;
        }
        let r = &mut out[slot[root] as usize - 1];
        r.pixels += run.end - run.start;
        // Kept as last column and row + 1 until the end.
        r.col = r.col.min(run.start);
        r.width = r.width.max(run.end);
        r.height = run.row + 1;
        r.touches_border |=
            run.row == 0 || run.row + 1 == height || run.start == 0 || run.end == width;
        r.touches_road |= touches_road[i];
    }
    for r in &mut out {
        r.width -= r.col;
        r.height -= r.row;
    }
    out
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

/// Joins two sets; the smaller index (the earlier run) stays the root.
fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        parent[hi as usize] = lo;
    }
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
