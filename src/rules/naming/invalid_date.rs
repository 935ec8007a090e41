use crate::model::naming::Date;
use crate::rules::declare::declare_rule;
use crate::rules::input::{NameFacts, NamePart, Out};
use crate::rules::naming::listed;
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// The date of a Sentinel-2 or Sentinel-1 name (`YYYYMMDD`) is a real
    /// calendar date: month 01–12, day within the month, 29 February only in
    /// leap years.
    ///
    /// ## Why it matters
    /// Dates order the time series; an impossible date is a corrupted name
    /// and the acquisition cannot be traced back to its product.
    ///
    /// ## Example
    /// ```text
    /// s2/31UER_20200231_S2_0_0.tif: `20200231` has day 31, but 2020-02 has 29 days
    /// ```
    pub struct InvalidDate {
        code: "N003",
        name: "invalid-date",
        family: Naming,
        severity: Error,
        summary: "A date that does not exist in the calendar",
        reads: [Name(&[NamePart::Date], check)],
    }
    data {
        /// The date part of the name, as written.
        date: String,
        /// What is wrong with it.
        reason: String,
        /// For a name listed in a label file: the name (absent for a file
        /// on disk, which is the finding's path).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_name: Option<String>,
        /// For a name listed in a label file: the field that lists it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_in: Option<String>,
    }
}

impl Record for InvalidDate {
    fn message(&self) -> String {
        listed(&self.listed_name, &self.listed_in, self.reason.clone())
    }
}

/// N003: the date part of a well-formed name is no calendar date.
fn check(facts: &NameFacts, out: &mut Out) {
    let Some(date) = facts.parts.and_then(|p| p.date) else {
        return;
    };
    if let Err(why) = Date::parse(date) {
        let (listed_name, listed_in) = facts.listed();
        out.push(InvalidDate {
            date: date.to_string(),
            reason: why.to_string(),
            listed_name,
            listed_in,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::naming::fixtures::on_disk;

    #[test]
    fn calendar_dates() {
        assert!(on_disk("31UER_20200229_S2_0_0.tif", check).is_empty());
        assert_eq!(
            on_disk("31UER_20201301_S2_0_0.tif", check),
            ["`20201301` has month 13, not between 01 and 12"]
        );
        assert_eq!(
            on_disk("31UER_20210229_S2_0_0.tif", check).len(),
            1,
            "2021 is not a leap year"
        );
        assert!(on_disk("31UER_GR_0_0.tif", check).is_empty(), "no date");
    }
}
