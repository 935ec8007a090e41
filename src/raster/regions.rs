//! Connected regions of a class map: the one labelling of the crate, used by
//! the minimum-mapping-unit rules (a 256 × 256 patch at a time) and by the
//! generalization's small-region steps (a whole 10 980 × 10 980 tile).
//!
//! A region is a maximal set of pixels of one value connected through their
//! 4 edge neighbours ([`Connectivity::Four`]) or their 8 edge and corner
//! neighbours ([`Connectivity::Eight`]).
//!
//! Class maps are made of long runs of one value, so regions are labelled
//! on runs, not pixels: each row is cut into runs of equal value
//! ([`encode_runs`]), a run joins the runs of the same class it touches in
//! the row above (overlapping columns for 4-connectivity, one more column
//! either side for 8), and the union-find works on a few hundred runs a
//! patch instead of 65 536 pixels ([`label_runs`]).
//!
//! Why not a pixel labelling (`imageproc::region_labelling`): it was the
//! first implementation of the MMU rules, and `perf` put 58 % of the pixel
//! rules' time in it (2.6 ms a patch in all); the run labelling takes under
//! 0.5 ms. At tile scale a `u32` label image alone would take 480 MB; the
//! runs of a generalized tile take a few tens of MB.
//!
//! What stays distinct, and why: [`regions`] (the MMU rules) describes each
//! region (size, bounding window, border and road contact) in the same
//! pass; the generalization only needs each run's region and each region's
//! size, and encodes the rows of a tile in parallel. Both go through
//! [`encode_runs`] and [`label_runs`]. The final MMU pass of the
//! generalization (`generalize::remove_small_regions::merge_small_regions`)
//! then grows regions pixel by pixel from the small ones found here, since
//! each merge changes the map the next region sees.
//!
//! The labelling is checked against a brute-force flood fill by
//! `tests/mmu_oracle.rs` and against scipy by `tests/generalize_crosscheck.rs`.
//!
//! ```
//! use multisenge::raster::regions::{regions, Connectivity};
//!
//! // A diagonal pair of 1s: one region with 8 neighbours, two with 4.
//! let map = [1, 2, 2, 1];
//! let eight = regions(&map, 2, 2, Connectivity::Eight, |_| true, 0);
//! let four = regions(&map, 2, 2, Connectivity::Four, |_| true, 0);
//! assert_eq!(eight.iter().filter(|r| r.class == 1).count(), 1);
//! assert_eq!(four.iter().filter(|r| r.class == 1).count(), 2);
//! ```

/// Pixel connectivity of a region: 4 (edge neighbours) or 8 (edge and
/// corner neighbours).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connectivity {
    Four,
    Eight,
}

impl Connectivity {
    /// 4 or 8; `None` for any other number.
    pub fn from_number(n: u8) -> Option<Connectivity> {
        match n {
            4 => Some(Connectivity::Four),
            8 => Some(Connectivity::Eight),
            _ => None,
        }
    }

    /// Columns a run reaches beyond its ends in the rows above and below.
    fn reach(self) -> u32 {
        u32::from(self == Connectivity::Eight)
    }
}

/// A run of equal values in one row: columns `start..end`. Its row is
/// known from [`Runs::row_start`] (not stored: a tile has millions of
/// runs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    pub start: u32,
    pub end: u32,
    pub class: u8,
}

/// The runs of a map, row by row: the runs of row `r` are
/// `runs[row_start[r]..row_start[r + 1]]`.
#[derive(Clone, Debug, Default)]
pub struct Runs {
    pub runs: Vec<Run>,
    pub row_start: Vec<usize>,
}

impl Runs {
    /// The indices of the runs of `row`.
    pub fn of_row(&self, row: usize) -> std::ops::Range<usize> {
        self.row_start[row]..self.row_start[row + 1]
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.row_start.len().saturating_sub(1)
    }

    /// Every run with its row and index, row by row.
    pub fn iter(&self) -> impl Iterator<Item = (u32, usize, &Run)> {
        (0..self.rows()).flat_map(move |row| {
            self.of_row(row)
                .map(move |i| (row as u32, i, &self.runs[i]))
        })
    }
}

fn encode_row(line: &[u8], keep: &[bool; 256], runs: &mut Vec<Run>) {
    let mut c = 0;
    while c < line.len() {
        let v = line[c];
        let start = c;
        while c < line.len() && line[c] == v {
            c += 1;
        }
        if keep[v as usize] {
            runs.push(Run {
                start: start as u32,
                end: c as u32,
                class: v,
            });
        }
    }
}

/// The runs of the values `keep` accepts, in a `width`-wide map. With
/// `parallel`, rows are encoded on every core (a tile); without, in the
/// calling thread (a patch, itself one of many checked in parallel).
pub fn encode_runs(map: &[u8], width: usize, keep: impl Fn(u8) -> bool, parallel: bool) -> Runs {
    let mut table = [false; 256];
    for (v, k) in table.iter_mut().enumerate() {
        *k = keep(v as u8);
    }
    let lines = map.chunks_exact(width.max(1));
    let mut out = Runs::default();
    if parallel {
        use rayon::prelude::*;
        let rows: Vec<Vec<Run>> = map
            .par_chunks_exact(width.max(1))
            .map(|line| {
                let mut runs = Vec::new();
                encode_row(line, &table, &mut runs);
                runs
            })
            .collect();
        out.runs.reserve_exact(rows.iter().map(Vec::len).sum());
        for row in rows {
            out.row_start.push(out.runs.len());
            out.runs.extend(row);
        }
    } else {
        for line in lines {
            out.row_start.push(out.runs.len());
            encode_row(line, &table, &mut out.runs);
        }
    }
    out.row_start.push(out.runs.len());
    out
}

/// Joins touching runs: `meet(i, j)` is called for every pair of runs that
/// touch (side by side in a row, or across two rows with `connectivity`),
/// and the two join one region when it returns `true`. Returns the region
/// of every run, named by its first run (the smallest index).
pub fn label_runs(
    runs: &Runs,
    connectivity: Connectivity,
    mut meet: impl FnMut(usize, usize) -> bool,
) -> Vec<u32> {
    let r = &runs.runs;
    let mut parent: Vec<u32> = (0..r.len() as u32).collect();
    let reach = connectivity.reach();
    for row in 0..runs.rows() {
        let cur = runs.of_row(row);
        for j in cur.start..cur.end.saturating_sub(1) {
            if r[j].end == r[j + 1].start && meet(j, j + 1) {
                union(&mut parent, j as u32, j as u32 + 1);
            }
        }
        if row == 0 {
            continue;
        }
        let prev = runs.of_row(row - 1);
        let mut lo = prev.start;
        for j in cur {
            let b = r[j];
            while lo < prev.end && r[lo].end + reach <= b.start {
                lo += 1;
            }
            let mut i = lo;
            while i < prev.end && r[i].start < b.end + reach {
                if meet(i, j) {
                    union(&mut parent, i as u32, j as u32);
                }
                i += 1;
            }
        }
    }
    // Parents always have smaller indices than their children, so one pass
    // in index order resolves every run to its root.
    for i in 0..parent.len() {
        parent[i] = parent[parent[i] as usize];
    }
    parent
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

/// One connected region of one class, as the minimum-mapping-unit rules
/// see it.
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
/// `counted(class)` accepts (0 is never counted); in order of their first
/// pixel (row by row). `road_class` 0 means no road class.
pub fn regions(
    map: &[u8],
    width: u32,
    height: u32,
    connectivity: Connectivity,
    counted: impl Fn(u8) -> bool,
    road_class: u8,
) -> Vec<Region> {
    assert_eq!(map.len(), width as usize * height as usize, "map size");
    if width == 0 {
        return Vec::new();
    }
    let mut keep = [false; 256];
    for (v, k) in keep.iter_mut().enumerate().skip(1) {
        *k = counted(v as u8);
    }
    let is_road = |v: u8| road_class != 0 && v == road_class;
    let runs = encode_runs(
        map,
        width as usize,
        |v| keep[v as usize] || is_road(v),
        false,
    );
    let r = &runs.runs;
    let mut touches_road = vec![false; r.len()];
    let root = label_runs(&runs, connectivity, |i, j| {
        let (a, b) = (r[i].class, r[j].class);
        if a == b && keep[a as usize] {
            return true;
        }
        if is_road(a) && keep[b as usize] {
            touches_road[j] = true;
        } else if is_road(b) && keep[a as usize] {
            touches_road[i] = true;
        }
        false
    });

    let mut out: Vec<Region> = Vec::new();
    let mut slot: Vec<u32> = vec![0; r.len()];
    for (row, i, run) in runs.iter() {
        if !keep[run.class as usize] {
            continue;
        }
        let root = root[i] as usize;
        if slot[root] == 0 {
            out.push(Region {
                class: run.class,
                pixels: 0,
                col: run.start,
                row,
                width: 0,
                height: 0,
                touches_border: false,
                touches_road: false,
            });
            slot[root] = out.len() as u32;
        }
        let region = &mut out[slot[root] as usize - 1];
        region.pixels += run.end - run.start;
        // Kept as last column and row + 1 until the end.
        region.col = region.col.min(run.start);
        region.width = region.width.max(run.end);
        region.height = row + 1;
        region.touches_border |=
            row == 0 || row + 1 == height || run.start == 0 || run.end == width;
        region.touches_road |= touches_road[i];
    }
    for region in &mut out {
        region.width -= region.col;
        region.height -= region.row;
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
        let eight = regions(&m, w, h, Connectivity::Eight, |c| c != 5, 5);
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
        let four = regions(&m, w, h, Connectivity::Four, |c| c != 5, 5);
        assert_eq!(four.iter().filter(|r| r.class == 1).count(), 2);
        // The 2s go round the diagonal of 1s through the east side.
        assert_eq!(four.iter().filter(|r| r.class == 2).count(), 1);
        assert!(four.iter().all(|r| r.class != 5), "exempt class skipped");
    }

    #[test]
    fn interior_region_window() {
        let (m, w, h) = map(&["11111", "11331", "11311", "11111"]);
        let r = regions(&m, w, h, Connectivity::Eight, |_| true, 0);
        let three = r.iter().find(|r| r.class == 3).unwrap();
        assert_eq!(three.pixels, 3);
        assert_eq!(
            (three.col, three.row, three.width, three.height),
            (2, 1, 2, 2)
        );
        assert!(!three.touches_border);
    }

    #[test]
    fn parallel_and_sequential_encodings_agree() {
        let (m, w, _) = map(&["1122033", "1022003", "4444444"]);
        let a = encode_runs(&m, w as usize, |v| v != 0, true);
        let b = encode_runs(&m, w as usize, |v| v != 0, false);
        assert_eq!((a.runs.clone(), a.row_start.clone()), (b.runs, b.row_start));
        assert_eq!(a.rows(), 3);
        assert_eq!(a.runs[a.of_row(1)].len(), 3);
        let root = label_runs(&a, Connectivity::Four, |i, j| {
            a.runs[i].class == a.runs[j].class
        });
        // 1s of rows 0 and 1 join; the 3s of rows 0 and 1 join; 4 alone.
        let regions = root.iter().enumerate().filter(|&(i, &r)| r == i as u32);
        assert_eq!(regions.count(), 4);
    }
}
