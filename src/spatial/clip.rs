//! Plane polygon helpers of the overlap pass: clipping by a rectangle,
//! densification and area.

/// The part of the polygon `ring` (open: last point ≠ first) inside the
/// axis-aligned rectangle `[min_x, min_y, max_x, max_y]`, by
/// Sutherland–Hodgman clipping (exact: the rectangle is convex). Empty when
/// they do not overlap.
///
/// ```
/// use multisenge::spatial::clip::{clip_to_rect, ring_area};
/// let square = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]];
/// let part = clip_to_rect(&square, [5.0, -5.0, 20.0, 4.0]);
/// assert_eq!(ring_area(&part), 20.0); // 5 × 4
/// assert!(clip_to_rect(&square, [11.0, 0.0, 12.0, 1.0]).is_empty());
/// ```
pub fn clip_to_rect(ring: &[[f64; 2]], rect: [f64; 4]) -> Vec<[f64; 2]> {
    let mut out: Vec<[f64; 2]> = ring.to_vec();
    // Each edge of the rectangle: axis, bound, keep the side ≥ (true) or ≤.
    for (axis, bound, keep_above) in [
        (0, rect[0], true),
        (0, rect[2], false),
        (1, rect[1], true),
        (1, rect[3], false),
    ] {
        if out.is_empty() {
            break;
        }
        let inside = |p: &[f64; 2]| {
            if keep_above {
                p[axis] >= bound
            } else {
                p[axis] <= bound
            }
        };
        let input = std::mem::take(&mut out);
        let mut prev = input[input.len() - 1];
        for &cur in &input {
            match (inside(&prev), inside(&cur)) {
                (true, true) => out.push(cur),
                (true, false) => out.push(cut(prev, cur, axis, bound)),
                (false, true) => {
                    out.push(cut(prev, cur, axis, bound));
                    out.push(cur);
                }
                (false, false) => {}
            }
            prev = cur;
        }
    }
    if out.len() < 3 {
        out.clear();
    }
    out
}

/// Where segment `a`–`b` crosses `coordinate[axis] = bound`.
fn cut(a: [f64; 2], b: [f64; 2], axis: usize, bound: f64) -> [f64; 2] {
    let t = (bound - a[axis]) / (b[axis] - a[axis]);
    let mut p = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
    p[axis] = bound;
    p
}

/// Unsigned area of an open ring (shoelace).
pub fn ring_area(ring: &[[f64; 2]]) -> f64 {
    let n = ring.len();
    let twice: f64 = (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum();
    twice.abs() / 2.0
}

/// Centroid of an open ring (of non-zero area).
pub fn ring_centroid(ring: &[[f64; 2]]) -> [f64; 2] {
    let n = ring.len();
    // Relative to the first point: coordinates of 10⁶ m squared lose
    // precision otherwise.
    let o = ring[0];
    let (mut a2, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (p, q) = (ring[i], ring[(i + 1) % n]);
        let (px, py, qx, qy) = (p[0] - o[0], p[1] - o[1], q[0] - o[0], q[1] - o[1]);
        let cross = px * qy - qx * py;
        a2 += cross;
        cx += (px + qx) * cross;
        cy += (py + qy) * cross;
    }
    [o[0] + cx / (3.0 * a2), o[1] + cy / (3.0 * a2)]
}

/// The open ring with extra points so that no edge is longer than
/// `max_edge`.
pub fn densify(ring: &[[f64; 2]], max_edge: f64) -> Vec<[f64; 2]> {
    let n = ring.len();
    let mut out = Vec::with_capacity(n * 4);
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        let steps = ((b[0] - a[0]).hypot(b[1] - a[1]) / max_edge)
            .ceil()
            .max(1.0) as usize;
        for k in 0..steps {
            let t = k as f64 / steps as f64;
            out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
        }
    }
    out
}

/// The open ring of a rectangle `[min_x, min_y, max_x, max_y]`,
/// counter-clockwise.
pub fn rect_ring(r: [f64; 4]) -> Vec<[f64; 2]> {
    vec![[r[0], r[1]], [r[2], r[1]], [r[2], r[3]], [r[0], r[3]]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_a_rotated_square_matches_its_analytic_area() {
        // A square of side 2 rotated 45°, centred on the origin, clipped to
        // x ≥ 0: half of it.
        let s = std::f64::consts::SQRT_2;
        let diamond = [[s, 0.0], [0.0, s], [-s, 0.0], [0.0, -s]];
        let half = clip_to_rect(&diamond, [0.0, -10.0, 10.0, 10.0]);
        assert!((ring_area(&half) - 2.0).abs() < 1e-12);
        // Touching along an edge is no overlap.
        let square = rect_ring([0.0, 0.0, 1.0, 1.0]);
        assert_eq!(ring_area(&clip_to_rect(&square, [1.0, 0.0, 2.0, 1.0])), 0.0);
    }

    #[test]
    fn densify_keeps_the_area_and_bounds_edges() {
        let ring = rect_ring([0.0, 0.0, 2560.0, 10.0]);
        let dense = densify(&ring, 640.0);
        assert_eq!(dense.len(), 4 + 1 + 4 + 1);
        assert_eq!(ring_area(&dense), 25_600.0);
    }
}
