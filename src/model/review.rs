//! How often a risk is reviewed: the framework's cycle, or the one a register's own
//! "Review Frequency" column gives a risk ("Quarterly", "6 monthly", "Every 2 weeks").

use crate::schema::Framework;
use chrono::{Days, Months, NaiveDate};

/// A review cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewCycle {
    /// Every so many weeks.
    Weeks(u32),
    /// Every so many calendar months.
    Months(u32),
}

impl ReviewCycle {
    /// The framework's own cycle: its registers are reviewed every `cycle_months`.
    pub fn of_framework(framework: &Framework) -> ReviewCycle {
        ReviewCycle::Months(framework.review.cycle_months)
    }

    /// The cycle a review frequency names, as councils write it: "Monthly", "Quarterly",
    /// "Bi-monthly", "Six monthly", "Half-yearly", "Annually", "Fortnightly", "Every 2
    /// months", "3 months", "Reviewed quarterly at DMT" (words after the frequency are a
    /// note). None where it names no cycle ("As required", "TBC", "Ad hoc").
    pub fn from_words(text: &str) -> Option<ReviewCycle> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let mut words: Vec<&str> = words.iter().map(String::as_str).collect();
        // "Reviewed quarterly", "Review: monthly", "Once a year", "Every month".
        while let Some(&first) = words.first() {
            if [
                "reviewed", "review", "reviews", "once", "every", "each", "at", "least",
            ]
            .contains(&first)
            {
                words.remove(0);
            } else {
                break;
            }
        }
        let cycle = |unit: &str, count: u32| match unit {
            "week" | "weeks" | "weekly" => Some(ReviewCycle::Weeks(count)),
            "month" | "months" | "monthly" | "mth" | "mths" | "mthly" => {
                Some(ReviewCycle::Months(count))
            }
            "quarter" | "quarters" | "quarterly" => {
                Some(ReviewCycle::Months(count.saturating_mul(3)))
            }
            "year" | "years" | "yearly" | "annual" | "annually" | "annum" => {
                Some(ReviewCycle::Months(count.saturating_mul(12)))
            }
            _ => None,
        };
        let found = match words.as_slice() {
            ["fortnightly" | "fortnight", ..] => Some(ReviewCycle::Weeks(2)),
            ["bi" | "two", "weekly", ..] | ["biweekly", ..] => Some(ReviewCycle::Weeks(2)),
            ["bi" | "two", "monthly", ..] | ["bimonthly", ..] => Some(ReviewCycle::Months(2)),
            ["half", "yearly" | "year" | "annually", ..] => Some(ReviewCycle::Months(6)),
            ["bi" | "semi", "annually" | "annual", ..] | ["biannually" | "biannual", ..] => {
                Some(ReviewCycle::Months(6))
            }
            ["twice", "yearly" | "annually", ..] | ["twice", "a", "year", ..] => {
                Some(ReviewCycle::Months(6))
            }
            ["a" | "per", unit, ..] => cycle(unit, 1),
            [count, unit, ..] if number(count).is_some() => cycle(unit, number(count)?),
            [unit, ..] => cycle(unit, 1),
            [] => None,
        }?;
        match found {
            ReviewCycle::Weeks(0) | ReviewCycle::Months(0) => None,
            ReviewCycle::Weeks(n) if n > 52 => None,
            ReviewCycle::Months(n) if n > 36 => None,
            found => Some(found),
        }
    }

    /// The earliest last review that is still within the cycle at the reporting date.
    pub fn due_after(self, as_of: NaiveDate) -> NaiveDate {
        match self {
            ReviewCycle::Weeks(n) => as_of.checked_sub_days(Days::new(7 * u64::from(n))),
            ReviewCycle::Months(n) => as_of.checked_sub_months(Months::new(n)),
        }
        .unwrap_or(as_of)
    }

    /// The day a cycle after `date`: a register completed for it or later is ahead of a
    /// run for `date` by a cycle or more.
    pub fn after(self, date: NaiveDate) -> NaiveDate {
        match self {
            ReviewCycle::Weeks(n) => date.checked_add_days(Days::new(7 * u64::from(n))),
            ReviewCycle::Months(n) => date.checked_add_months(Months::new(n)),
        }
        .unwrap_or(date)
    }

    /// How often, as an adverb: "monthly", "quarterly", "every 2 weeks".
    pub fn how_often(self) -> String {
        match self {
            ReviewCycle::Weeks(1) => "weekly".into(),
            ReviewCycle::Weeks(2) => "fortnightly".into(),
            ReviewCycle::Months(1) => "monthly".into(),
            ReviewCycle::Months(3) => "quarterly".into(),
            ReviewCycle::Months(6) => "six-monthly".into(),
            ReviewCycle::Months(12) => "annually".into(),
            ReviewCycle::Weeks(n) => format!("every {n} weeks"),
            ReviewCycle::Months(n) => format!("every {n} months"),
        }
    }

    /// The cycle's length: "a month", "3 months", "a week", "2 weeks".
    pub fn length(self) -> String {
        match self {
            ReviewCycle::Weeks(1) => "a week".into(),
            ReviewCycle::Months(1) => "a month".into(),
            ReviewCycle::Months(12) => "a year".into(),
            ReviewCycle::Weeks(n) => format!("{n} weeks"),
            ReviewCycle::Months(n) => format!("{n} months"),
        }
    }
}

/// A count in figures or words ("3", "three", "six").
fn number(word: &str) -> Option<u32> {
    const WORDS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    word.parse()
        .ok()
        .or_else(|| WORDS.iter().position(|&w| w == word).map(|i| i as u32 + 1))
}

#[cfg(test)]
mod tests {
    use super::ReviewCycle::{self, Months, Weeks};

    #[test]
    fn frequencies_read_as_councils_write_them() {
        let cases: &[(&str, Option<ReviewCycle>)] = &[
            ("Monthly", Some(Months(1))),
            ("monthly review", Some(Months(1))),
            ("Every month", Some(Months(1))),
            ("Once a month", Some(Months(1))),
            ("Per month", Some(Months(1))),
            ("Bi-monthly", Some(Months(2))),
            ("Bimonthly", Some(Months(2))),
            ("Two monthly", Some(Months(2))),
            ("Every 2 months", Some(Months(2))),
            ("Quarterly", Some(Months(3))),
            ("Reviewed quarterly at DMT", Some(Months(3))),
            ("Every quarter", Some(Months(3))),
            ("3 monthly", Some(Months(3))),
            ("3-monthly", Some(Months(3))),
            ("Three months", Some(Months(3))),
            ("6 monthly", Some(Months(6))),
            ("Six-monthly", Some(Months(6))),
            ("Half-yearly", Some(Months(6))),
            ("Bi-annually", Some(Months(6))),
            ("Biannual", Some(Months(6))),
            ("Twice a year", Some(Months(6))),
            ("Annually", Some(Months(12))),
            ("Annual", Some(Months(12))),
            ("Yearly", Some(Months(12))),
            ("Once a year", Some(Months(12))),
            ("12 months", Some(Months(12))),
            ("Weekly", Some(Weeks(1))),
            ("Fortnightly", Some(Weeks(2))),
            ("Bi-weekly", Some(Weeks(2))),
            ("Every 4 weeks", Some(Weeks(4))),
            ("MONTHLY (at team meeting)", Some(Months(1))),
            ("As required", None),
            ("Ad hoc", None),
            ("TBC", None),
            ("", None),
            ("0 months", None),
            ("Every 100 years", None),
            ("Every 4294967295 quarters", None),
            ("99999999999 months", None),
            ("Risk", None),
        ];
        for (text, expected) in cases {
            assert_eq!(ReviewCycle::from_words(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn a_cycle_says_how_often_and_how_long() {
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(Months(3).due_after(as_of), day(2026, 7, 31));
        assert_eq!(Months(1).due_after(day(2026, 3, 31)), day(2026, 2, 28));
        assert_eq!(Weeks(2).due_after(as_of), day(2026, 10, 17));
        assert_eq!(
            [
                Months(1),
                Months(3),
                Months(6),
                Months(12),
                Months(2),
                Weeks(1),
                Weeks(2),
                Weeks(3)
            ]
            .map(|c| c.how_often()),
            [
                "monthly",
                "quarterly",
                "six-monthly",
                "annually",
                "every 2 months",
                "weekly",
                "fortnightly",
                "every 3 weeks"
            ]
        );
        assert_eq!(
            [Months(1), Months(3), Months(12), Weeks(1), Weeks(2)].map(|c| c.length()),
            ["a month", "3 months", "a year", "a week", "2 weeks"]
        );
    }
}
