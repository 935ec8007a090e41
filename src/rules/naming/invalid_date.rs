use crate::model::naming::Date;
use crate::rules::declare_rule;

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
    }
}

/// N003: the date part of a name parsed as a calendar date; the error is
/// the finding's message.
pub(crate) fn check(date: &str) -> Result<Date, String> {
    Date::parse(date).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn calendar_dates() {
        assert!(super::check("20200229").is_ok());
        assert_eq!(
            super::check("20201301").unwrap_err(),
            "`20201301` has month 13, not between 01 and 12"
        );
        assert!(super::check("20210229").is_err(), "2021 is not a leap year");
    }
}
