//! Thinning a date series to a minimum gap, greedily from the earliest.

use crate::model::naming::Date;

/// The dates kept when walking `dates` (sorted, distinct) from the earliest
/// and keeping each date at least `min_gap_days` days after the last kept
/// one. A gap of 0 (or 1, for distinct dates) keeps every date.
///
/// Greedy from the earliest keeps the most dates any choice can keep that
/// starts with the first date, and is what a user can redo by hand.
///
/// ```
/// use multisenge::model::naming::Date;
/// use multisenge::select::thin::thin_by_gap;
/// let d = |s: &str| Date::parse(s).unwrap();
/// let dates = [d("20200301"), d("20200310"), d("20200322"), d("20200401")];
/// // 10 March is 9 days after 1 March: dropped; 22 March is 21 days after.
/// assert_eq!(thin_by_gap(&dates, 20), [d("20200301"), d("20200322")]);
/// assert_eq!(thin_by_gap(&dates, 0), dates);
/// ```
pub fn thin_by_gap(dates: &[Date], min_gap_days: u32) -> Vec<Date> {
    let mut kept: Vec<Date> = Vec::with_capacity(dates.len());
    let mut last: Option<i64> = None;
    for &date in dates {
        let day = date.day_number();
        if !last.is_some_and(|l| day - l < i64::from(min_gap_days)) {
            kept.push(date);
            last = Some(day);
        }
    }
    kept
}
