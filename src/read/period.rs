//! Reading a reporting period from a cell or a column heading: "Apr-26", "April 2026",
//! "2026-04", a date in the month, "Q1 2026/27", "Apr-Jun", "2026/27"; "Apr" or "Q1"
//! alone take the financial year the return is for.

use super::grid::Value;
use super::values::excel_serial_date;
use crate::model::{Period, PeriodPart};
use chrono::NaiveDate;

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The 0-based calendar month a word names exactly ("apr", "april", "sept").
fn month_index(word: &str) -> Option<usize> {
    MONTHS
        .iter()
        .position(|m| *m == word)
        .or_else(|| MONTH_NAMES.iter().position(|m| *m == word))
        .or_else(|| (word == "sept").then_some(8))
}

/// The period a cell names; `year` is the financial year for "Apr" or "Q1" alone.
pub fn period(value: &Value, year: i32) -> Result<Option<Period>, String> {
    match value {
        Value::DateTime(dt) => Ok(Some(Period::month_of(dt.date()))),
        Value::Number(n) if (18264.0..=73051.0).contains(n) => {
            Ok(excel_serial_date(*n).map(Period::month_of))
        }
        v if v.is_blank() => Ok(None),
        v => {
            let text = v.display();
            period_from_text(&text, year)
                .map(Some)
                .ok_or_else(|| format!("'{text}' is not a period: expected a month such as Apr-26 or April 2026, a quarter such as Q1 2026/27, or a year such as 2026/27"))
        }
    }
}

/// The period a heading or text names, if any.
pub fn period_from_text(text: &str, year: i32) -> Option<Period> {
    if let Some(period) = iso_month(text) {
        return Some(period);
    }
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_' || c == ',' || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return None;
    }
    if let Some(period) = quarter(&words, year).or_else(|| month_range(&words, year)) {
        return Some(period);
    }
    if let Some(period) = month(&words, year) {
        return Some(period);
    }
    // "2026-27" (the dash split it), "FY 2026/27", "Full year 2026/27".
    let year_words = ["fy", "financial", "year", "full", "annual", "outturn"];
    if let [first, second] = words[..]
        && first.len() == 4
        && let Some(fy) = financial_year(&format!("{first}/{second}"))
    {
        return Some(Period {
            year: fy,
            part: PeriodPart::Year,
        });
    }
    if words.len() > 1
        && let [years @ .., last] = &words[..]
        && years.iter().all(|w| year_words.contains(w))
        && let Some(fy) = financial_year(last)
    {
        return Some(Period {
            year: fy,
            part: PeriodPart::Year,
        });
    }
    if words.len() == 1 {
        if let Some(fy) = financial_year(words[0]) {
            return Some(Period {
                year: fy,
                part: PeriodPart::Year,
            });
        }
        if let Some(date) = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(words[0], f).ok())
        {
            return Some(Period::month_of(date));
        }
        // "04/2026" ("2026-04" was read above, before the dash split it).
        if let Some((m, y)) = words[0].split_once('/')
            && let (Ok(m), Ok(y)) = (m.parse::<u32>(), y.parse::<i32>())
        {
            return NaiveDate::from_ymd_opt(y, m, 1).map(Period::month_of);
        }
    }
    None
}

/// "2026/27", "2026-27", "26/27" as the year it starts.
fn financial_year(word: &str) -> Option<i32> {
    let (first, second) = word.split_once('/')?;
    let start: i32 = first.parse().ok()?;
    let end: i32 = second.parse().ok()?;
    let start = if first.len() == 2 {
        2000 + start
    } else {
        start
    };
    ((end % 100) == (start + 1) % 100).then_some(start)
}

fn quarter(words: &[&str], year: i32) -> Option<Period> {
    let mut number = None;
    let mut fy = None;
    for (i, word) in words.iter().enumerate() {
        if let Some(q) = word.strip_prefix('q').and_then(|n| n.parse::<u8>().ok()) {
            number = Some(q);
        } else if (*word == "quarter" || *word == "qtr") && i + 1 < words.len() {
            number = words[i + 1].parse::<u8>().ok();
        } else if let Some(y) = financial_year(word) {
            fy = Some(y);
        }
    }
    let number = number.filter(|q| (1..=4).contains(q))?;
    Some(Period {
        year: fy.unwrap_or(year),
        part: PeriodPart::Quarter(number),
    })
}

/// A quarter written as its months: "Apr-Jun", "Jan - Mar 2027", "Oct to Dec".
fn month_range(words: &[&str], year: i32) -> Option<Period> {
    let mut named = words.iter().filter_map(|w| month_index(w));
    let (first, last) = (named.next()?, named.next()?);
    if named.next().is_some() || (last + 12 - first) % 12 != 2 {
        return None;
    }
    match month(words, year)? {
        Period {
            year,
            part: PeriodPart::Month(m),
        } if m % 3 == 1 => Some(Period {
            year,
            part: PeriodPart::Quarter(m.div_ceil(3)),
        }),
        _ => None,
    }
}

fn month(words: &[&str], year: i32) -> Option<Period> {
    let (index, name) = words
        .iter()
        .enumerate()
        .find_map(|(i, w)| month_index(w).map(|p| (i, p)))?;
    let calendar_month = name as u32 + 1;
    // "2026-04": a four-digit year then a month number.
    let explicit_year = words
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != index)
        .find_map(|(_, w)| {
            let n: i32 = w.parse().ok()?;
            match w.len() {
                4 => Some(n),
                2 => Some(2000 + n),
                _ => None,
            }
        });
    let calendar_year = explicit_year.unwrap_or(if calendar_month >= 4 { year } else { year + 1 });
    NaiveDate::from_ymd_opt(calendar_year, calendar_month, 1).map(Period::month_of)
}

/// A period from "2026-04" (year then month number), which the word split misses.
fn iso_month(text: &str) -> Option<Period> {
    let (y, m) = text.trim().split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1).map(Period::month_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A period cell's text as read (the path a long return's Period column takes).
    fn p(text: &str) -> Option<String> {
        period(&Value::Text(text.into()), 2026)
            .ok()
            .flatten()
            .map(|p| p.to_string())
    }

    #[test]
    fn periods_read_as_councils_write_them() {
        assert_eq!(p("Apr-26").as_deref(), Some("Apr 2026"));
        assert_eq!(p("April 2026").as_deref(), Some("Apr 2026"));
        assert_eq!(p("Apr 2026").as_deref(), Some("Apr 2026"));
        assert_eq!(p("2026-04").as_deref(), Some("Apr 2026"));
        assert_eq!(
            p("Jan").as_deref(),
            Some("Jan 2027"),
            "January is in the second calendar year"
        );
        assert_eq!(p("Apr").as_deref(), Some("Apr 2026"));
        assert_eq!(p("Q1 2026/27").as_deref(), Some("Q1 2026/27"));
        assert_eq!(p("Q3").as_deref(), Some("Q3 2026/27"));
        assert_eq!(p("Quarter 2").as_deref(), Some("Q2 2026/27"));
        assert_eq!(p("2026/27").as_deref(), Some("2026/27"));
        assert_eq!(p("31/05/2026").as_deref(), Some("May 2026"));
        assert_eq!(p("Apr Target").as_deref(), Some("Apr 2026"));
        assert_eq!(p("Q1 (Apr-Jun)").as_deref(), Some("Q1 2026/27"));
        assert_eq!(p("Apr-Jun").as_deref(), Some("Q1 2026/27"));
        assert_eq!(p("Jan - Mar 2027").as_deref(), Some("Q4 2026/27"));
        assert_eq!(p("Oct to Dec").as_deref(), Some("Q3 2026/27"));
        assert_eq!(p("Qtr 2").as_deref(), Some("Q2 2026/27"));
        assert_eq!(p("September").as_deref(), Some("Sep 2026"));
        assert_eq!(p("Sept 26").as_deref(), Some("Sep 2026"));
        assert_eq!(p("FY 2026/27").as_deref(), Some("2026/27"));
        assert_eq!(p("2026-27").as_deref(), Some("2026/27"));
        assert_eq!(p("Indicator"), None);
        assert_eq!(p("Target"), None);
        assert_eq!(p("Decimal places"), None);
        assert_eq!(p("Market share"), None);
    }
}
