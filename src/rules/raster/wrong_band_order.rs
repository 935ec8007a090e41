use crate::model::FileKind;
use crate::rules::declare::declare_rule;
use crate::rules::input::{DescriptionFacts, Out};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// A Sentinel-2 file whose bands carry descriptions (GDAL's band
    /// descriptions, kept in the GeoTIFF) describes them as the profile's
    /// `[rasters.s2] band_names`, in that order: by default the paper's
    /// bands as it lists them, B2, B3, B4, B8, B5, B6, B7, B8A, B11, B12.
    /// Names are compared exactly (case and spelling). A file whose bands
    /// have no description at all is not judged, and is not a finding: the
    /// published files may have none; the summary counts them. A file with
    /// another band count than the profile's is R004's, not this rule's.
    /// The paper lists the bands but does not say in which order its files
    /// stack them: the default order is our choice, which a profile
    /// changes.
    ///
    /// ## Why it matters
    /// A model reads bands by position. Two bands swapped (B8 and B5, say,
    /// by a stacking script that sorted them by name or by resolution)
    /// pass every type and range check and feed the near-infrared where the
    /// red edge is expected; the descriptions are the only trace of it in
    /// the file.
    ///
    /// ## Example
    /// ```text
    /// s2/31UGQ_20200325_S2_7710_2570.tif: band 4 is described as `B5`, expected `B8` (bands B2, B3, B4, B5, B8, B6, B7, B8A, B11, B12; expected B2, B3, B4, B8, B5, B6, B7, B8A, B11, B12)
    /// ```
    ///
    /// ## How to fix
    /// Restack the bands in the profile's order (e.g. `gdal_translate -b 1
    /// -b 2 -b 3 -b 5 -b 4 ...`) or correct the descriptions; if the
    /// dataset's order is another one on purpose, give it in the profile's
    /// `band_names`.
    pub struct WrongBandOrder {
        code: "R010",
        name: "wrong-band-order",
        family: Raster,
        severity: Error,
        summary: "A Sentinel-2 file whose band descriptions are not the profile's band list in order",
        reads: [BandDescriptions(&[FileKind::S2], check)],
    }
    data {
        /// The first band (1-based) whose description differs.
        band: u16,
        /// That band's description (empty: none).
        description: String,
        /// The profile's name for that band.
        expected_description: String,
        /// Every band's description, in band order (empty for a band without
        /// one).
        descriptions: Vec<String>,
        /// The profile's `[rasters.s2] band_names`.
        expected_descriptions: Vec<String>,
    }
}

impl Record for WrongBandOrder {
    fn message(&self) -> String {
        super::misdescribed_message(
            self.band,
            &self.description,
            &self.expected_description,
            &self.descriptions,
            &self.expected_descriptions,
        )
    }
}

/// R010: a described file of the profile's band count whose descriptions
/// are not the profile's, in order.
fn check(facts: &DescriptionFacts, out: &mut Out) {
    let (found, expected) = (facts.descriptions, &facts.expected.band_names);
    let Some(first) = super::first_misdescribed(found, expected) else {
        return;
    };
    out.push(WrongBandOrder {
        band: super::band_number(first + 1),
        description: found[first].clone(),
        expected_description: expected[first].clone(),
        descriptions: found.to_vec(),
        expected_descriptions: expected.clone(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::{messages, RasterExpectation};

    fn judge(descriptions: &[&str]) -> Vec<String> {
        let expected = RasterExpectation {
            bands: 10,
            data_type: None,
            min: None,
            max: None,
            nodata: None,
            band_names: crate::profile::S2_BANDS.map(String::from).to_vec(),
            unit: None,
        };
        let descriptions: Vec<String> = descriptions.iter().map(|d| d.to_string()).collect();
        let facts = DescriptionFacts {
            kind: FileKind::S2,
            descriptions: &descriptions,
            expected: &expected,
        };
        messages(check, &facts)
    }

    #[test]
    fn the_profiles_order_or_nothing() {
        let paper = crate::profile::S2_BANDS;
        assert!(judge(&paper).is_empty());
        let mut swapped = paper;
        swapped.swap(3, 4);
        assert_eq!(
            judge(&swapped),
            ["band 4 is described as `B5`, expected `B8` (bands B2, B3, B4, B5, B8, B6, B7, B8A, B11, B12; expected B2, B3, B4, B8, B5, B6, B7, B8A, B11, B12)"]
        );
        let mut partly = paper.map(|_| "");
        partly[0] = "B2";
        assert!(judge(&partly)[0]
            .starts_with("band 2 has no description, expected `B3` (bands B2, (none), "));
        let mut lower = paper;
        lower[7] = "b8a";
        assert!(
            judge(&lower)[0].starts_with("band 8 is described as `b8a`"),
            "exact names"
        );
    }

    #[test]
    fn files_without_descriptions_and_other_band_counts_are_not_judged() {
        assert!(judge(&[""; 10]).is_empty(), "no description at all");
        assert!(judge(&crate::profile::S2_BANDS[..9]).is_empty(), "R004's");
    }
}
