//! Calendar arithmetic on acquisition dates, and the periods and months a
//! temporal selection is expressed in (`20200301-20200531`, `202003`).

use std::fmt;
use std::str::FromStr;

use super::naming::Date;

/// A period or month that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("invalid date in `{text}`: {why}")]
    InvalidDate {
        text: String,
        why: super::naming::DateError,
    },
    #[error(
        "`{0}` is not a period: expected START-END as YYYYMMDD-YYYYMMDD, e.g. 20200301-20200531"
    )]
    NotAPeriod(String),
    #[error("period `{0}` ends before it starts: write the earlier date first")]
    ReversedPeriod(String),
    #[error("`{0}` is not a month: expected YYYYMM, e.g. 202003")]
    NotAMonth(String),
    #[error("`{text}` has month {month:02}, not between 01 and 12")]
    InvalidMonth { text: String, month: u32 },
}

impl Date {
    /// Days since 1970-01-01 (negative before), for differences in days.
    ///
    /// ```
    /// use multisenge::model::naming::Date;
    /// let d = |s| Date::parse(s).unwrap().day_number();
    /// assert_eq!(d("19700101"), 0);
    /// assert_eq!(d("20200301") - d("20200228"), 2); // 2020 is a leap year
    /// assert_eq!(d("20210101") - d("20200101"), 366);
    /// ```
    pub fn day_number(self) -> i64 {
        // Days from civil (proleptic Gregorian), years counted from March.
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date as the number `YYYYMMDD`.
    pub fn number(self) -> u32 {
        u32::from(self.year) * 10_000 + u32::from(self.month) * 100 + u32::from(self.day)
    }

    /// The month `YYYYMM` the date falls in.
    pub fn month_number(self) -> u32 {
        self.number() / 100
    }
}

impl fmt::Display for Date {
    /// `YYYYMMDD`, as in file names.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

fn parse_date(text: &str, part: &str) -> Result<Date, CalendarError> {
    Date::parse(part).map_err(|why| CalendarError::InvalidDate {
        text: text.to_string(),
        why,
    })
}

/// Consecutive days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }
}

impl FromStr for Period {
    type Err = CalendarError;

    /// `YYYYMMDD-YYYYMMDD`, both ends included; one day is `D-D`.
    ///
    /// ```
    /// use multisenge::model::calendar::Period;
    /// let spring: Period = "20200301-20200531".parse().unwrap();
    /// assert!(spring.contains("20200531".parse().unwrap()));
    /// assert!("20200531-20200301".parse::<Period>().is_err()); // reversed
    /// assert!("20201345-20201401".parse::<Period>().is_err()); // no month 13
    /// ```
    fn from_str(text: &str) -> Result<Period, CalendarError> {
        let (a, b) = text
            .split_once('-')
            .filter(|(a, b)| a.len() == 8 && b.len() == 8)
            .ok_or_else(|| CalendarError::NotAPeriod(text.to_string()))?;
        let period = Period {
            start: parse_date(text, a)?,
            end: parse_date(text, b)?,
        };
        if period.end < period.start {
            return Err(CalendarError::ReversedPeriod(text.to_string()));
        }
        Ok(period)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

impl FromStr for Date {
    type Err = CalendarError;
    fn from_str(text: &str) -> Result<Date, CalendarError> {
        parse_date(text, text)
    }
}

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    pub year: u16,
    pub month: u8,
}

impl Month {
    pub fn contains(&self, date: Date) -> bool {
        date.year == self.year && date.month == self.month
    }
}

impl FromStr for Month {
    type Err = CalendarError;

    /// `YYYYMM`.
    ///
    /// ```
    /// use multisenge::model::calendar::Month;
    /// let march: Month = "202003".parse().unwrap();
    /// assert!(march.contains("20200331".parse().unwrap()));
    /// assert!("202013".parse::<Month>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<Month, CalendarError> {
        if text.len() != 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CalendarError::NotAMonth(text.to_string()));
        }
        let year = text[..4].parse().unwrap_or(0);
        let month: u32 = text[4..].parse().unwrap_or(0);
        if !(1..=12).contains(&month) {
            return Err(CalendarError::InvalidMonth {
                text: text.to_string(),
                month,
            });
        }
        Ok(Month {
            year,
            month: month as u8,
        })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_agree_with_counting_days_one_by_one() {
        // Independent count: walk every day from 1900-01-01 to 2100-12-31.
        let mut n = Date::parse("19000101").unwrap().day_number();
        assert_eq!(n, -25_567); // 70 years of which 17 leap years before 1970
        for year in 1900u16..=2100 {
            for month in 1u8..=12 {
                let days = match month {
                    4 | 6 | 9 | 11 => 30,
                    2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
                    2 => 28,
                    _ => 31,
                };
                for day in 1..=days {
                    let d = Date { year, month, day };
                    assert_eq!(d.day_number(), n, "{d}");
                    n += 1;
                }
            }
        }
    }

    #[test]
    fn periods_and_months_explain_what_is_wrong() {
        let err = |s: &str| s.parse::<Period>().unwrap_err().to_string();
        assert!(err("20201345-20201401").contains("month 13"));
        assert!(err("20200431-20200501").contains("has 30 days"));
        assert!(err("20200531-20200301").contains("ends before it starts"));
        assert!(err("2020-03-01").contains("YYYYMMDD-YYYYMMDD"));
        assert!(err("").contains("not a period"));
        assert_eq!(
            "20200301-20200301".parse::<Period>().unwrap().to_string(),
            "20200301-20200301"
        );
        let month = |s: &str| s.parse::<Month>().map_err(|e| e.to_string());
        assert!(month("202000").unwrap_err().contains("month 00"));
        assert!(month("2020-3").unwrap_err().contains("YYYYMM"));
        assert_eq!(month("202012").unwrap().to_string(), "202012");
    }
}
