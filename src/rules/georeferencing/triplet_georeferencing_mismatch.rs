use crate::model::FileKind;
use crate::rules::declare::declare_rule;
use crate::rules::input::{Georef, GeoreferencingFacts, Out};
use crate::rules::raster::value;
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// Every Sentinel-2 and Sentinel-1 file of a patch has the same CRS and
    /// geotransform (within 1 mm) as the patch's reference raster (its ground
    /// reference, else its first Sentinel-2 or Sentinel-1 file).
    ///
    /// ## Why it matters
    /// The members of a patch are stacked pixel by pixel; a member on another
    /// grid pairs every pixel with a neighbour's label.
    ///
    /// ## Example
    /// ```text
    /// s1/31UGQ_20200106_S1_6168_2570.tif: geotransform origin (763640, 5474320), the ground reference's is (763630, 5474320)
    /// ```
    pub struct TripletGeoreferencingMismatch {
        code: "G006",
        name: "triplet-georeferencing-mismatch",
        family: Georeferencing,
        severity: Error,
        summary: "A member of a patch with another CRS or geotransform than the others",
        reads: [Georeferencing(check)],
    }
    data {
        /// What differs: `crs`, `no-geotransform`, `origin` or `pixel-size`
        /// (pixel size and rotation terms).
        mismatch: Mismatch,
        /// The patch's reference raster, relative to the dataset root.
        reference_path: String,
        /// Whether the reference is the ground reference.
        reference_is_ground_reference: bool,
        /// For a CRS mismatch: the file's CRS, as the message names it.
        crs: Option<String>,
        /// For a CRS mismatch: the reference raster's CRS.
        reference_crs: Option<String>,
        /// For a geotransform mismatch: the file's GDAL geotransform (null
        /// when it has none).
        geo_transform: Option<Vec<f64>>,
        /// For a geotransform mismatch: the reference raster's.
        reference_geo_transform: Option<Vec<f64>>,
    }
}

/// What G006 found different.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Mismatch {
    Crs,
    NoGeotransform,
    Origin,
    PixelSize,
}

impl Record for TripletGeoreferencingMismatch {
    fn message(&self) -> String {
        let what = if self.reference_is_ground_reference {
            "the ground reference".to_string()
        } else {
            format!("`{}`", self.reference_path)
        };
        let term = |t: &Option<Vec<f64>>, i: usize| {
            value(
                t.as_ref()
                    .and_then(|t| t.get(i).copied())
                    .unwrap_or(f64::NAN),
            )
        };
        let (a, b) = (&self.geo_transform, &self.reference_geo_transform);
        match self.mismatch {
            Mismatch::Crs => format!(
                "CRS is {}, {what}'s is {}",
                self.crs.as_deref().unwrap_or(""),
                self.reference_crs.as_deref().unwrap_or("")
            ),
            Mismatch::NoGeotransform => format!("no geotransform, unlike {what}"),
            Mismatch::Origin => format!(
                "geotransform origin ({}, {}), {what}'s is ({}, {})",
                term(a, 0),
                term(a, 3),
                term(b, 0),
                term(b, 3)
            ),
            Mismatch::PixelSize => format!(
                "pixel size and rotation ({}, {}, {}, {}), {what}'s are ({}, {}, {}, {})",
                term(a, 1),
                term(a, 2),
                term(a, 4),
                term(a, 5),
                term(b, 1),
                term(b, 2),
                term(b, 4),
                term(b, 5)
            ),
        }
    }
}

/// G006: each member of the patch against its reference raster: the CRS
/// first, then the geotransform (origin within 1 mm, the scale and
/// rotation terms within 1e-9).
fn check(facts: &GeoreferencingFacts, out: &mut Out) {
    let reference = facts.reference;
    for member in facts.members {
        if let Some(mismatch) = compare(member, reference) {
            out.push_at(
                &*member.path,
                TripletGeoreferencingMismatch {
                    mismatch,
                    reference_path: reference.path.to_string(),
                    reference_is_ground_reference: reference.kind == FileKind::GroundReference,
                    crs: (mismatch == Mismatch::Crs)
                        .then(|| member.crs.as_ref().map(|c| c.describe()))
                        .flatten(),
                    reference_crs: (mismatch == Mismatch::Crs)
                        .then(|| reference.crs.as_ref().map(|c| c.describe()))
                        .flatten(),
                    geo_transform: (mismatch != Mismatch::Crs)
                        .then(|| member.geo_transform.map(|g| g.to_vec()))
                        .flatten(),
                    reference_geo_transform: (mismatch != Mismatch::Crs)
                        .then(|| reference.geo_transform.map(|g| g.to_vec()))
                        .flatten(),
                },
            );
        }
    }
}

fn compare(member: &Georef, reference: &Georef) -> Option<Mismatch> {
    if let (Some(a), Some(b)) = (&member.crs, &reference.crs) {
        if a.same_as(b) == Some(false) {
            return Some(Mismatch::Crs);
        }
    }
    match (&member.geo_transform, &reference.geo_transform) {
        (Some(gt), Some(r)) => {
            let origin = (gt[0] - r[0]).abs() > 1e-3 || (gt[3] - r[3]).abs() > 1e-3;
            let terms = [1, 2, 4, 5].iter().any(|&i| (gt[i] - r[i]).abs() > 1e-9);
            if origin {
                Some(Mismatch::Origin)
            } else if terms {
                Some(Mismatch::PixelSize)
            } else {
                None
            }
        }
        (None, Some(_)) => Some(Mismatch::NoGeotransform),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::formats::crs::Crs;
    use crate::rules::georeferencing::fixtures::{georef, judge};

    #[test]
    fn members_against_the_reference() {
        let gt = [763_630.0, 10.0, 0.0, 5_474_320.0, 0.0, -10.0];
        let gr = georef(
            FileKind::GroundReference,
            "gr.tif",
            Some(Crs::Epsg(32631)),
            Some(gt),
        );
        let s1 = georef(FileKind::S1, "s1.tif", Some(Crs::Epsg(32632)), Some(gt));
        let s2 = georef(FileKind::S2, "s2.tif", Some(Crs::Epsg(32631)), None);
        let same = georef(FileKind::S2, "s2b.tif", None, Some(gt));
        let shifted = georef(
            FileKind::S1,
            "s1b.tif",
            None,
            Some([gt[0] + 10.0, 10.0, 0.0, gt[3], 0.0, -10.0]),
        );
        let mut coarse = same.clone();
        coarse.geo_transform = Some([gt[0], 20.0, 0.0, gt[3], 0.0, -10.0]);
        let got = judge(
            check,
            &[
                gr.clone(),
                s1.clone(),
                s2.clone(),
                same,
                shifted.clone(),
                coarse,
            ],
        );
        let messages: Vec<&str> = got.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "CRS is EPSG:32632, the ground reference's is EPSG:32631",
                "no geotransform, unlike the ground reference",
                "geotransform origin (763640, 5474320), the ground reference's is (763630, 5474320)",
                "pixel size and rotation (20, 0, 0, -10), the ground reference's are (10, 0, 0, -10)",
            ]
        );
        assert_eq!(got[0].0, "s1.tif");
        assert!(
            judge(check, &[s2, gr]).is_empty(),
            "reference without geotransform"
        );
        assert_eq!(
            judge(check, &[s1, shifted])[0].1,
            "geotransform origin (763640, 5474320), `s1.tif`'s is (763630, 5474320)"
        );
    }
}
