use crate::model::naming::Date;
use crate::rules::declare_rule;

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
    }
}

pub(crate) fn check(date: &Date, year: Option<u16>) -> Option<String> {
    let year = year?;
    (date.year != year).then(|| {
        format!(
            "date {:04}-{:02}-{:02} is outside the dataset year {year}",
            date.year, date.month, date.day
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_of_the_profile() {
        let date = Date::parse("20210105").unwrap();
        assert_eq!(
            check(&date, Some(2020)).as_deref(),
            Some("date 2021-01-05 is outside the dataset year 2020")
        );
        assert_eq!(check(&date, Some(2021)), None);
        assert_eq!(check(&date, None), None, "no year in the profile");
    }
}
