//! Oracle test: the regions of the minimum-mapping-unit rules against a
//! brute-force flood fill, on random class maps, for 4- and 8-connectivity.

use multisenge::raster::regions::{regions, Connectivity, Region};

/// splitmix64.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random map of `classes` values (0 included), blocky so that region
/// sizes range from one pixel to hundreds: each pixel copies its left or
/// upper neighbour with probability `stickiness` / 10.
fn random_map(rng: &mut Rng, w: usize, h: usize, classes: u64, stickiness: u64) -> Vec<u8> {
    let mut map = vec![0u8; w * h];
    for r in 0..h {
        for c in 0..w {
            let roll = rng.below(10);
            map[r * w + c] = if roll < stickiness && c > 0 && rng.below(2) == 0 {
                map[r * w + c - 1]
            } else if roll < stickiness && r > 0 {
                map[(r - 1) * w + c]
            } else {
                rng.below(classes) as u8
            };
        }
    }
    map
}

/// Flood fill from every unvisited pixel; the same statistics as
/// `regions`, computed independently.
fn flood_fill(
    map: &[u8],
    w: usize,
    h: usize,
    eight: bool,
    counted: impl Fn(u8) -> bool,
    road: u8,
) -> Vec<Region> {
    let mut seen = vec![false; map.len()];
    let mut out = Vec::new();
    let steps: Vec<(i64, i64)> = (-1..=1)
        .flat_map(|dr| (-1..=1).map(move |dc| (dr, dc)))
        .filter(|&(dr, dc)| (dr, dc) != (0, 0) && (eight || dr == 0 || dc == 0))
        .collect();
    for start in 0..map.len() {
        let class = map[start];
        if seen[start] || !counted(class) {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![start];
        let (mut pixels, mut border, mut touches_road) = (0u32, false, false);
        let (mut c0, mut r0, mut c1, mut r1) = (usize::MAX, usize::MAX, 0, 0);
        while let Some(p) = stack.pop() {
            pixels += 1;
            let (r, c) = (p / w, p % w);
            c0 = c0.min(c);
            r0 = r0.min(r);
            c1 = c1.max(c);
            r1 = r1.max(r);
            border |= r == 0 || c == 0 || r == h - 1 || c == w - 1;
            for &(dr, dc) in &steps {
                let (nr, nc) = (r as i64 + dr, c as i64 + dc);
                if nr < 0 || nc < 0 || nr >= h as i64 || nc >= w as i64 {
                    continue;
                }
                let q = nr as usize * w + nc as usize;
                if road != 0 && map[q] == road {
                    touches_road = true;
                }
                if !seen[q] && map[q] == class {
                    seen[q] = true;
                    stack.push(q);
                }
            }
        }
        out.push(Region {
            class,
            pixels,
            col: c0 as u32,
            row: r0 as u32,
            width: (c1 - c0 + 1) as u32,
            height: (r1 - r0 + 1) as u32,
            touches_border: border,
            touches_road,
        });
    }
    out
}

fn sorted(mut regions: Vec<Region>) -> Vec<Region> {
    regions.sort_by_key(|r| (r.row, r.col, r.class, r.pixels, r.width, r.height));
    regions
}

#[test]
fn region_sizes_equal_flood_fill_on_random_maps() {
    let mut rng = Rng(2024);
    let mut compared = 0usize;
    let mut small = 0usize;
    for case in 0..60u64 {
        let (w, h) = (8 + rng.below(90) as usize, 8 + rng.below(90) as usize);
        let classes = 2 + rng.below(6);
        let map = random_map(&mut rng, w, h, classes, case % 10);
        // Class 0 is background and class 5 (when drawn) is the exempt road.
        let counted = |c: u8| c != 0 && c != 5;
        for (neighbours, eight) in [(Connectivity::Four, false), (Connectivity::Eight, true)] {
            let got = sorted(regions(&map, w as u32, h as u32, neighbours, counted, 5));
            let want = sorted(flood_fill(&map, w, h, eight, counted, 5));
            assert_eq!(got, want, "case {case}, {w}x{h}, {neighbours:?}");
            let total: u32 = got.iter().map(|r| r.pixels).sum();
            let expected = map.iter().filter(|&&c| counted(c)).count() as u32;
            assert_eq!(total, expected, "every counted pixel in one region");
            compared += got.len();
            small += got.iter().filter(|r| r.pixels < 250).count();
        }
    }
    // The maps exercise both small and large regions.
    assert!(
        compared > 1000 && small > 100,
        "{compared} regions, {small} small"
    );
}

#[test]
fn a_full_size_patch_matches_too() {
    let mut rng = Rng(7);
    let map = random_map(&mut rng, 256, 256, 15, 9);
    let counted = |c: u8| (1..=14).contains(&c) && c != 5;
    for (neighbours, eight) in [(Connectivity::Four, false), (Connectivity::Eight, true)] {
        let got = sorted(regions(&map, 256, 256, neighbours, counted, 5));
        let want = sorted(flood_fill(&map, 256, 256, eight, counted, 5));
        assert_eq!(got.len(), want.len());
        assert_eq!(got, want);
    }
}
