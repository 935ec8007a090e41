use crate::model::naming::Date;
use crate::rules::declare::declare_rule;
use crate::rules::input::{NameFacts, NamePart, Out};
use crate::rules::naming::listed;
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// Every acquisition date falls in the profile's `[dataset] year` (2020
    /// for MultiSenGE). Without a `year` in the profile the rule reports
    /// nothing.
    ///
    /// ## Why it matters
    /// A dataset documented as one year of time series should contain that
    /// year only; a 2021 date is usually a contribution built from the wrong
    /// download.
    ///
    /// ## Example
    /// ```text
    /// s1/31UER_20210105_S1_0_0.tif: date 2021-01-05 is outside the dataset year 2020
    /// ```
    pub struct DateOutsideYear {
        code: "N004",
        name: "date-outside-year",
        family: Naming,
        severity: Error,
        summary: "An acquisition date outside the profile's year",
        reads: [Name(&[NamePart::Date], check)],
    }
    data {
        /// The date part of the name, as written (`YYYYMMDD`).
        date: String,
        /// The profile's `[dataset] year`.
        dataset_year: u16,
        /// For a name listed in a label file: the name (absent for a file
        /// on disk, which is the finding's path).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_name: Option<String>,
        /// For a name listed in a label file: the field that lists it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        listed_in: Option<String>,
    }
}

impl Record for DateOutsideYear {
    fn message(&self) -> String {
        let d = &self.date;
        let iso = match (d.get(..4), d.get(4..6), d.get(6..8)) {
            (Some(y), Some(m), Some(day)) => format!("{y}-{m}-{day}"),
            _ => d.clone(),
        };
        let why = format!(
            "date {iso} is outside the dataset year {}",
            self.dataset_year
        );
        listed(&self.listed_name, &self.listed_in, why)
    }
}

/// N004: a calendar date (an impossible one is N003's) of another year
/// than the profile's.
fn check(facts: &NameFacts, out: &mut Out) {
    let Some(year) = facts.naming.year else {
        return;
    };
    let Some(text) = facts.parts.and_then(|p| p.date) else {
        return;
    };
    let Ok(date) = Date::parse(text) else { return };
    if date.year != year {
        let (listed_name, listed_in) = facts.listed();
        out.push(DateOutsideYear {
            date: text.to_string(),
            dataset_year: year,
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
    fn year_of_the_profile() {
        assert_eq!(
            on_disk("31UER_20210105_S1_0_0.tif", check),
            ["date 2021-01-05 is outside the dataset year 2020"]
        );
        assert!(on_disk("31UER_20200105_S1_0_0.tif", check).is_empty());
        assert!(
            on_disk("31UER_20211305_S1_0_0.tif", check).is_empty(),
            "N003's"
        );
    }
}
