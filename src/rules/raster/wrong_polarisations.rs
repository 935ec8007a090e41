use crate::model::FileKind;
use crate::rules::declare::declare_rule;
use crate::rules::input::{DescriptionFacts, Out};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// A Sentinel-1 file whose bands carry descriptions (GDAL's band
    /// descriptions, kept in the GeoTIFF) describes them as the profile's
    /// `[rasters.s1] band_names`, in that order: by default `VV` then
    /// `VH`, the two polarisations the paper stacks (§3.2). Names are
    /// compared exactly. A file whose bands have no description at all is
    /// not judged, and is not a finding: the published files may have
    /// none; the summary counts them. A file with another band count than
    /// the profile's is R004's, not this rule's. The paper names VV and VH
    /// but not their order in the file: VV first is our choice, which a
    /// profile changes.
    ///
    /// ## Why it matters
    /// VV and VH are both backscatter in the same unit and range, so
    /// swapped bands pass every type and range check; a model trained on
    /// one order and fed the other learns cross-polarisation as
    /// co-polarisation. A file of another polarisation pair (HH/HV, from
    /// another acquisition mode) is not the dataset's at all.
    ///
    /// ## Example
    /// ```text
    /// s1/31UGQ_20200105_S1_7710_2570.tif: band 1 is described as `VH`, expected `VV` (bands VH, VV; expected VV, VH)
    /// ```
    ///
    /// ## How to fix
    /// Restack the bands (`gdal_translate -b 2 -b 1 ...`) or correct the
    /// descriptions; if the dataset's order is another one on purpose,
    /// give it in the profile's `[rasters.s1] band_names`.
    pub struct WrongPolarisations {
        code: "R011",
        name: "wrong-polarisations",
        family: Raster,
        severity: Error,
        summary: "A Sentinel-1 file whose band descriptions are not VV then VH (the profile's list)",
        reads: [BandDescriptions(&[FileKind::S1], check)],
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
        /// The profile's `[rasters.s1] band_names`.
        expected_descriptions: Vec<String>,
    }
}

impl Record for WrongPolarisations {
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

/// R011: a described Sentinel-1 file of the profile's band count whose
/// descriptions are not the profile's, in order.
fn check(facts: &DescriptionFacts, out: &mut Out) {
    let (found, expected) = (facts.descriptions, &facts.expected.band_names);
    let Some(first) = super::first_misdescribed(found, expected) else {
        return;
    };
    out.push(WrongPolarisations {
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
            bands: 2,
            data_type: None,
            min: None,
            max: None,
            nodata: None,
            band_names: crate::profile::S1_BANDS.map(String::from).to_vec(),
            unit: None,
        };
        let descriptions: Vec<String> = descriptions.iter().map(|d| d.to_string()).collect();
        let facts = DescriptionFacts {
            kind: FileKind::S1,
            descriptions: &descriptions,
            expected: &expected,
        };
        messages(check, &facts)
    }

    #[test]
    fn vv_then_vh_or_nothing() {
        assert!(judge(&["VV", "VH"]).is_empty());
        assert_eq!(
            judge(&["VH", "VV"]),
            ["band 1 is described as `VH`, expected `VV` (bands VH, VV; expected VV, VH)"]
        );
        assert_eq!(
            judge(&["HH", "HV"]),
            ["band 1 is described as `HH`, expected `VV` (bands HH, HV; expected VV, VH)"]
        );
        assert_eq!(
            judge(&["VV", ""]),
            ["band 2 has no description, expected `VH` (bands VV, (none); expected VV, VH)"]
        );
        assert_eq!(judge(&["vv", "vh"]).len(), 1, "exact names");
    }

    #[test]
    fn files_without_descriptions_and_other_band_counts_are_not_judged() {
        assert!(judge(&["", ""]).is_empty(), "no description at all");
        assert!(judge(&["VH"]).is_empty(), "R004's");
        assert!(judge(&["VH", "VV", "HH"]).is_empty(), "R004's");
    }
}
