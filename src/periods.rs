//! Calendar periods of a timeline: days, ISO weeks, months and years, with the
//! empty ones between the first and the last filled in.

use std::collections::BTreeMap;

use time::{Date, Duration, Month};

/// The length of a timeline's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Interval {
    Day,
    /// ISO 8601 weeks, Monday to Sunday, labelled `2020-W09`.
    Week,
    #[default]
    Month,
    Year,
}

/// The most periods one timeline answers: a day timeline of 27 years.
pub const MAX_PERIODS: usize = 10_000;

impl Interval {
    pub fn parse(word: &str) -> Option<Interval> {
        Some(match word {
            "day" => Interval::Day,
            "week" => Interval::Week,
            "month" => Interval::Month,
            "year" => Interval::Year,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month => "month",
            Interval::Year => "year",
        }
    }

    /// How many leading characters of an ISO 8601 date the database groups by:
    /// weeks are made of days here.
    pub fn prefix_len(self) -> usize {
        match self {
            Interval::Day | Interval::Week => 10,
            Interval::Month => 7,
            Interval::Year => 4,
        }
    }

    /// The first day of the period holding `date`.
    fn start_of(self, date: Date) -> Date {
        match self {
            Interval::Day => date,
            Interval::Week => {
                let back = i64::from(date.weekday().number_days_from_monday());
                date.checked_sub(Duration::days(back)).unwrap_or(date)
            }
            Interval::Month => date.replace_day(1).unwrap_or(date),
            Interval::Year => {
                Date::from_calendar_date(date.year(), Month::January, 1).unwrap_or(date)
            }
        }
    }

    /// The first day of the next period, `None` past the calendar's end.
    fn next(self, start: Date) -> Option<Date> {
        match self {
            Interval::Day => start.next_day(),
            Interval::Week => start.checked_add(Duration::days(7)),
            Interval::Month => {
                let (y, m) = match start.month() {
                    Month::December => (start.year().checked_add(1)?, Month::January),
                    m => (start.year(), m.next()),
                };
                Date::from_calendar_date(y, m, 1).ok()
            }
            Interval::Year => {
                Date::from_calendar_date(start.year().checked_add(1)?, Month::January, 1).ok()
            }
        }
    }

    /// The period's name: `2020-03-02`, `2020-W10`, `2020-03` or `2020`.
    pub fn label(self, start: Date) -> String {
        match self {
            Interval::Day => format!(
                "{:04}-{:02}-{:02}",
                start.year(),
                u8::from(start.month()),
                start.day()
            ),
            Interval::Week => {
                let (year, week, _) = start.to_iso_week_date();
                format!("{year:04}-W{week:02}")
            }
            Interval::Month => format!("{:04}-{:02}", start.year(), u8::from(start.month())),
            Interval::Year => format!("{:04}", start.year()),
        }
    }
}

/// The first day an ISO 8601 date (`2026`, `2026-01`, `2026-01-09`, or a date-time)
/// covers, or with `last` its last day.
pub fn parse_day(iso: &str, last: bool) -> Option<Date> {
    let part = |range: std::ops::Range<usize>| iso.get(range).and_then(|s| s.parse::<u8>().ok());
    let year: i32 = iso.get(..4)?.parse().ok()?;
    match iso.len() {
        4 => Date::from_calendar_date(
            year,
            if last {
                Month::December
            } else {
                Month::January
            },
            if last { 31 } else { 1 },
        )
        .ok(),
        7 => {
            let month = Month::try_from(part(5..7)?).ok()?;
            let first = Date::from_calendar_date(year, month, 1).ok()?;
            if last {
                Some(Date::from_calendar_date(year, month, month.length(year)).unwrap_or(first))
            } else {
                Some(first)
            }
        }
        n if n >= 10 => {
            let month = Month::try_from(part(5..7)?).ok()?;
            Date::from_calendar_date(year, month, part(8..10)?).ok()
        }
        _ => None,
    }
}

/// Too many periods to answer (more than `MAX_PERIODS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyPeriods;

/// Sums `counts` (keyed by date prefixes of `interval.prefix_len()` characters)
/// into periods, and fills every empty period from the first to the last, widened
/// to `from`/`to` when given.
pub fn fill(
    interval: Interval,
    counts: &[(String, i64)],
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<(String, i64)>, TooManyPeriods> {
    let mut by_start: BTreeMap<Date, i64> = BTreeMap::new();
    for (key, n) in counts {
        if let Some(day) = parse_day(key, false) {
            *by_start.entry(interval.start_of(day)).or_default() += n;
        }
    }
    let first = by_start.keys().next().copied();
    let last = by_start.keys().next_back().copied();
    let from = from
        .and_then(|f| parse_day(f, false))
        .map(|d| interval.start_of(d));
    let to = to
        .and_then(|t| parse_day(t, true))
        .map(|d| interval.start_of(d));
    let (Some(start), Some(end)) = (
        [first, from].into_iter().flatten().min(),
        [last, to].into_iter().flatten().max(),
    ) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut at = Some(start);
    while let Some(day) = at.filter(|d| *d <= end) {
        if out.len() == MAX_PERIODS {
            return Err(TooManyPeriods);
        }
        out.push((
            interval.label(day),
            by_start.get(&day).copied().unwrap_or(0),
        ));
        at = interval.next(day);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(&str, i64)]) -> Vec<(String, i64)> {
        pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
    }

    #[test]
    fn months_are_filled_between_first_and_last_and_to_the_bounds() {
        let got = fill(
            Interval::Month,
            &counts(&[("2020-01", 2), ("2020-04", 1)]),
            None,
            None,
        );
        assert_eq!(
            got,
            Ok(counts(&[
                ("2020-01", 2),
                ("2020-02", 0),
                ("2020-03", 0),
                ("2020-04", 1)
            ]))
        );
        let got = fill(
            Interval::Month,
            &counts(&[("2020-02", 1)]),
            Some("2019-12-15"),
            Some("2020"),
        );
        let got = got.expect("fits");
        assert_eq!(got.len(), 13);
        assert_eq!(got[0], ("2019-12".to_string(), 0));
        assert_eq!(got[2], ("2020-02".to_string(), 1));
        assert_eq!(got[12].0, "2020-12");
    }

    #[test]
    fn weeks_are_iso_weeks_across_the_year_end() {
        // 2020-12-31 is a Thursday of 2020-W53; 2021-01-04 a Monday of 2021-W01.
        let got = fill(
            Interval::Week,
            &counts(&[("2020-12-28", 1), ("2021-01-03", 2), ("2021-01-11", 1)]),
            None,
            None,
        );
        assert_eq!(
            got,
            Ok(counts(&[("2020-W53", 3), ("2021-W01", 0), ("2021-W02", 1)]))
        );
        let got = fill(Interval::Week, &counts(&[("2020-02-24", 1)]), None, None);
        assert_eq!(got, Ok(counts(&[("2020-W09", 1)])));
    }

    #[test]
    fn days_and_years_and_limits() {
        let got = fill(
            Interval::Day,
            &counts(&[("2020-02-28", 1), ("2020-03-01", 1)]),
            None,
            None,
        );
        assert_eq!(
            got,
            Ok(counts(&[
                ("2020-02-28", 1),
                ("2020-02-29", 0),
                ("2020-03-01", 1)
            ]))
        );
        let got = fill(
            Interval::Year,
            &counts(&[("1999", 4), ("2001", 1)]),
            None,
            None,
        );
        assert_eq!(got, Ok(counts(&[("1999", 4), ("2000", 0), ("2001", 1)])));
        assert_eq!(fill(Interval::Year, &[], None, None), Ok(Vec::new()));
        assert_eq!(
            fill(Interval::Day, &[], Some("1900"), Some("2100")),
            Err(TooManyPeriods)
        );
        assert_eq!(
            fill(Interval::Year, &[], Some("0001"), Some("9999")).map(|v| v.len()),
            Ok(9999)
        );
    }
}
