//! A rule that exists only in the crate's own tests: added through its file
//! and one line of the registry, and nothing else, to show that the engine
//! derives from the registry what to read for a rule and when to call it
//! (`engine::tests::a_rule_added_through_the_registry_alone_runs`).

use crate::model::FileKind;
use crate::rules::declare::declare_rule;
use crate::rules::input::{BandFacts, Out};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// No Sentinel-2 band reaches 4242 (a value the tests write).
    ///
    /// ## Why it matters
    /// It does not: it only proves that a rule needs no engine change.
    ///
    /// ## Example
    /// ```text
    /// s2/31UGQ_20200325_S2_0_0.tif: band 3 reaches 4242
    /// ```
    pub struct Throwaway {
        code: "R999",
        name: "throwaway",
        family: Raster,
        severity: Warning,
        summary: "A test-only rule on Sentinel-2 pixels",
        reads: [Band(&[FileKind::S2], check)],
    }
    data {
        /// The band, 1-based.
        band: u16,
    }
}

impl Record for Throwaway {
    fn message(&self) -> String {
        format!("band {} reaches 4242", self.band)
    }
}

fn check(facts: &BandFacts, out: &mut Out) {
    if facts.stats.max == Some(4242.0) {
        out.push(Throwaway {
            band: super::band_number(facts.band),
        });
    }
}
