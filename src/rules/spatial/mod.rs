//! Spatial: patches on the ground. No two patches may share ground, also
//! across neighbouring tiles and across UTM zones. The overlap pass
//! ([`crate::spatial::overlap`]) measures the pairs; S001 and S002 decide
//! what each pair is.

pub mod duplicate_footprint;
pub mod patches_overlap;

use crate::rules::input::OverlapFacts;
use crate::rules::record::Location;

/// How a finding names the other patch of a pair.
pub(crate) use crate::spatial::footprints::patch_id as patch_name;

/// An area in m², rounded to the square metre, with thousands separated.
pub fn area(m2: f64) -> String {
    let digits = format!("{:.0}", m2.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Whether the pair covers the same ground: its footprints differ by no
/// more than the tolerance (area of their symmetric difference; the pass
/// measures it only for near-complete overlaps).
fn same_ground(facts: &OverlapFacts) -> bool {
    facts
        .overlap
        .difference_m2
        .is_some_and(|d| d <= facts.tolerance_m2)
}

/// Where a finding on the pair points: the overlap polygon, in the CRS of
/// one of the two patches.
fn polygon(facts: &OverlapFacts) -> Location {
    Location::Polygon {
        epsg: facts.overlap.epsg,
        rings: vec![facts.overlap.ring.clone()],
    }
}

/// Pairs as the rules' tests judge them.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::model::PatchKey;
    use crate::rules::input::{found, Out, OverlapFacts};
    use crate::spatial::overlap::Overlap;

    /// The messages of `check` on a pair sharing `area_m2` whose
    /// footprints differ by `difference_m2`, the second patch `other`;
    /// findings are located on the overlap polygon.
    pub fn judge(
        check: fn(&OverlapFacts, &mut Out),
        area_m2: f64,
        difference_m2: Option<f64>,
        other: &str,
    ) -> Vec<String> {
        let mut parts = other.split('_');
        let tile = crate::model::TileCode::parse(parts.next().unwrap()).unwrap();
        let (x, y) = (parts.next().unwrap(), parts.next().unwrap());
        let overlap = Overlap {
            a: 0,
            b: 1,
            area_m2,
            epsg: 32631,
            ring: vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]],
            difference_m2,
        };
        let other = PatchKey {
            tile,
            x: x.parse().unwrap(),
            y: y.parse().unwrap(),
        };
        let facts = OverlapFacts {
            overlap: &overlap,
            other: &other,
            tolerance_m2: 10.0,
        };
        found(check, &facts)
            .into_iter()
            .map(|e| {
                assert!(matches!(
                    e.location,
                    Some(super::Location::Polygon { epsg: 32631, .. })
                ));
                e.record.message()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn areas_read_well() {
        assert_eq!(super::area(25_600.4), "25 600");
        assert_eq!(super::area(6_553_600.0), "6 553 600");
        assert_eq!(super::area(52.0), "52");
    }
}
