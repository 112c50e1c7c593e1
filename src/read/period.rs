//! Reading a reporting period from a cell or a column heading: "Apr-26", "April 2026",
//! "2026-04", a date in the month, "Q1 2026/27", "Apr-Jun", "H1 2026/27", "Apr-Sep",
//! "2026/27"; "Apr", "Q1" or "H1" alone take the financial year the return is for.

use super::capitalise;
use super::grid::Value;
use super::values::serial_date;
use crate::model::{Frequency, Period, PeriodPart};
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

/// The months in Welsh, January first: each name and its short form.
const WELSH_MONTHS: [(&str, &str); 12] = [
    ("ionawr", "ion"),
    ("chwefror", "chwe"),
    ("mawrth", "maw"),
    ("ebrill", "ebr"),
    ("mai", "mai"),
    ("mehefin", "meh"),
    ("gorffennaf", "gorff"),
    ("awst", "awst"),
    ("medi", "medi"),
    ("hydref", "hyd"),
    ("tachwedd", "tach"),
    ("rhagfyr", "rhag"),
];

/// The 0-based calendar month a lower-case word names in Welsh ("hydref", "hyd").
fn welsh_month_index(word: &str) -> Option<usize> {
    WELSH_MONTHS
        .iter()
        .position(|(name, short)| *name == word || *short == word)
}

/// The English short name ("Oct") of a month a lower-case word names in Welsh
/// ("hydref", "hyd").
pub(super) fn welsh_month(word: &str) -> Option<&'static str> {
    const SHORT: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    welsh_month_index(word).map(|m| SHORT[m])
}

/// The 0-based calendar month a word names exactly ("apr", "april", "sept"; in Welsh,
/// "ebrill", "ebr").
pub(super) fn month_index(word: &str) -> Option<usize> {
    MONTHS
        .iter()
        .position(|m| *m == word)
        .or_else(|| MONTH_NAMES.iter().position(|m| *m == word))
        .or_else(|| (word == "sept").then_some(8))
        .or_else(|| welsh_month_index(word))
}

/// The financial year returns are read for: the one given (`--year`), else the one a
/// return names in its title or headings, else the one the reporting date falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnYear {
    /// Given for the run (2026 for 2026/27).
    pub given: Option<i32>,
    /// Where neither the run nor the return says.
    pub otherwise: i32,
}

impl ReturnYear {
    /// A year given for the run.
    pub fn given(year: i32) -> Self {
        ReturnYear {
            given: Some(year),
            otherwise: year,
        }
    }

    /// The year for a return that names `named` (its latest year), if any.
    pub fn for_return(&self, named: Option<i32>) -> i32 {
        self.given.or(named).unwrap_or(self.otherwise)
    }
}

/// The period a cell names; `year` is the financial year for "Apr" or "Q1" alone.
pub fn period(value: &Value, year: i32) -> Result<Option<Period>, String> {
    if let Some(day) = serial_date(value) {
        return Ok(Some(Period::month_of(day)));
    }
    match value {
        Value::DateTime(dt) => Ok(Some(Period::month_of(dt.date()))),
        v if v.is_blank() => Ok(None),
        v => {
            let text = v.display();
            period_from_text(&text, year)
                .map(Some)
                .ok_or_else(|| not_a_period(&text))
        }
    }
}

/// Why a cell's text is no period, in words an officer can act on.
fn not_a_period(text: &str) -> String {
    let lower = text.trim().to_lowercase();
    let words = words_of(&lower);
    if let Some((first, last)) = month_span(&words) {
        return format!(
            "'{text}' spans {} months, {} to {}: a period is a month, a quarter (such as Jul-Sep) or a half year (Apr-Sep); for a year-to-date figure, give the month it runs to",
            (last + 12 - first) % 12 + 1,
            capitalise(MONTH_NAMES[first]),
            capitalise(MONTH_NAMES[last]),
        );
    }
    if let Some((kind, end)) = ending_phrase(&words)
        && end_month(end, 2026).is_some()
    {
        return format!(
            "'{text}' is a rolling {kind}, not one of the financial year's periods: a quarter ends in June, September, December or March, a half year in September or March, the year in March"
        );
    }
    format!(
        "'{text}' is not a period: expected a month such as Apr-26 or April 2026, a quarter such as Q1 2026/27, a half year such as H1 2026/27, or a year such as 2026/27"
    )
}

/// A period's text in lower case split into its words ("Apr-26" is "apr", "26").
fn words_of(lower: &str) -> Vec<&str> {
    lower
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '_' | ',' | '.' | '\'' | '\u{2019}')
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The period a heading or text names, if any.
/// The period a first and a last day (or month) give together: 01/07/2026 to
/// 30/09/2026 is Q2 2026/27, April to March the year, one month's days the month. None
/// where they make no financial period.
pub fn period_between(start: &Value, end: &Value, year: i32) -> Option<Period> {
    let first = period(start, year).ok()??;
    let last = period(end, year).ok()??;
    [
        Frequency::Monthly,
        Frequency::Quarterly,
        Frequency::HalfYearly,
        Frequency::Annual,
    ]
    .into_iter()
    .find_map(|frequency| {
        let whole = first.within(frequency)?;
        (whole.start() == first.start() && whole.end() == last.end()).then_some(whole)
    })
}

/// The period a heading or cell names in words ("Apr-26", "April 2026", "2026-04",
/// "Q1 2026/27", "H1", "2026/27", "Quarter ending 30 June 2026"); `year` is the
/// financial year for one written without its own ("Apr", "Q1"). `None` for a span
/// that is no month, quarter, half or year ("Apr-Oct 2026"), or a rolling period.
pub fn period_from_text(text: &str, year: i32) -> Option<Period> {
    if let Some(period) = iso_month(text) {
        return Some(period);
    }
    let lower = text.trim().to_lowercase();
    let words = words_of(&lower);
    if words.is_empty() {
        return None;
    }
    if let Some((kind, end)) = ending_phrase(&words) {
        // Named by its end: that period, or none (a rolling one), never the month alone.
        return ending(kind, end, year);
    }
    if let Some(period) = half(&words, year)
        .or_else(|| quarter(&words, year))
        .or_else(|| month_range(&words, year))
        .or_else(|| financial_month(&words, year))
    {
        return Some(period);
    }
    // Months from one to another that make no quarter or half ("Apr-Oct 2026", a year
    // to date): not the first month alone.
    if month_span(&words).is_some() {
        return None;
    }
    if let Some(period) = month(&words, year) {
        return Some(period);
    }
    // "2026/27", "2026-27" (the dash split it), "FY 2026/27", "Full year 2026/27",
    // "2026/27 Target", "Outturn 2025/26": one financial year, the rest words of a year.
    if let Some(fy) = year_heading(&words) {
        return Some(Period {
            year: fy,
            part: PeriodPart::Year,
        });
    }
    if words.len() == 1 {
        if let Some(date) = day_word(words[0]) {
            return Some(Period::month_of(date));
        }
        // "04/2026" or "04/26" ("2026-04" was read above, before the dash split it).
        if let Some((m, y)) = words[0].split_once('/')
            && matches!(y.len(), 2 | 4)
            && let (Ok(m), Ok(y)) = (m.parse::<u32>(), y.parse::<i32>())
        {
            let y = if y < 100 { 2000 + y } else { y };
            return NaiveDate::from_ymd_opt(y, m, 1).map(Period::month_of);
        }
    }
    None
}

/// Words that may stand beside a financial year in a heading that names the year.
const YEAR_WORDS: [&str; 11] = [
    "fy",
    "financial",
    "year",
    "full",
    "end",
    "annual",
    "outturn",
    "actual",
    "result",
    "target",
    "tgt",
];

/// The year a heading names when it is one financial year and words of a year
/// ("2026/27", "FY 2026/27", "2026-27 Target", "Outturn 2025/26").
fn year_heading(words: &[&str]) -> Option<i32> {
    let mut year = None;
    let mut rest = words.iter().peekable();
    while let Some(word) = rest.next() {
        // "2026-27": the dash split the year in two.
        let joined = match rest.peek() {
            Some(next) if word.len() == 4 && word.parse::<u32>().is_ok() => {
                financial_year(&format!("{word}/{next}"))
            }
            _ => None,
        };
        if joined.is_some() {
            rest.next();
        }
        match joined.or_else(|| financial_year(word.strip_prefix("fy").unwrap_or(word))) {
            // Two years: not a heading of one.
            Some(fy) if year.replace(fy).is_some() => return None,
            Some(_) => {}
            None if YEAR_WORDS.contains(word) => {}
            None => return None,
        }
    }
    year
}

/// "2026/27", "2026/2027", "26/27" as the year it starts (2000 to 2099).
pub(super) fn financial_year(word: &str) -> Option<i32> {
    let (first, second) = word.split_once('/')?;
    if !matches!(first.len(), 2 | 4) || !matches!(second.len(), 2 | 4) {
        return None;
    }
    let start: i32 = first.parse().ok()?;
    let end: i32 = second.parse().ok()?;
    let start = if first.len() == 2 {
        2000 + start
    } else {
        start
    };
    ((2000..2100).contains(&start) && (end % 100) == (start + 1) % 100).then_some(start)
}

/// The financial years a text names ("Performance return 2026/27", "FY26/27",
/// "Q1 2026-27").
pub fn financial_years_in(text: &str) -> impl Iterator<Item = i32> + '_ {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ':' | ';'))
        .filter_map(|word| {
            let lower = word.trim_matches('.').to_ascii_lowercase();
            let word = lower.strip_prefix("fy").unwrap_or(&lower).replace('-', "/");
            financial_year(&word)
        })
}

/// A half year: "H1 2026/27", "H2", "Half 1", "Half year 2", "1st half", "Second
/// half", "Q1-Q2" (two quarters that make one half).
fn half(words: &[&str], year: i32) -> Option<Period> {
    let mut number = None;
    let mut quarters = Vec::new();
    let mut fy = None;
    for (i, word) in words.iter().enumerate() {
        let next = words.get(i + 1).copied();
        let previous = i.checked_sub(1).map(|p| words[p]);
        if let Some(h) = word.strip_prefix('h').and_then(|n| n.parse::<u8>().ok()) {
            number = Some(h);
        } else if *word == "half" {
            number = match (previous, next) {
                (Some("1st" | "first"), _) => Some(1),
                (Some("2nd" | "second"), _) => Some(2),
                (_, Some("year")) => words.get(i + 2).and_then(|n| n.parse().ok()),
                (_, Some(n)) => n.parse().ok(),
                _ => None,
            };
        } else if let Some(q) = word.strip_prefix('q').and_then(|n| n.parse::<u8>().ok()) {
            quarters.push(q);
        } else if let Some(y) = financial_year(word) {
            fy = Some(y);
        }
    }
    let number = number.or(match quarters.as_slice() {
        [1, 2] => Some(1),
        [3, 4] => Some(2),
        _ => None,
    });
    let number = number.filter(|h| (1..=2).contains(h))?;
    Some(Period {
        year: fy.unwrap_or(year),
        part: PeriodPart::Half(number),
    })
}

fn quarter(words: &[&str], year: i32) -> Option<Period> {
    let mut number = None;
    let mut fy = None;
    for (i, word) in words.iter().enumerate() {
        // "Q1", and "Qtr1" or "Quarter1" typed without the space.
        if let Some(q) = ["quarter", "qtr", "q"]
            .iter()
            .find_map(|prefix| word.strip_prefix(prefix))
            .and_then(|n| n.parse::<u8>().ok())
        {
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

/// The financial year the words begin with, in a word ("2026/27") or two ("2026-27" is
/// "2026", "27"), and how many words it takes.
fn year_first(words: &[&str]) -> Option<(i32, usize)> {
    let (first, rest) = words.split_first()?;
    financial_year(first).map(|y| (y, 1)).or_else(|| {
        let second = rest.first().filter(|w| first.len() == 4 && w.len() == 2)?;
        financial_year(&format!("{first}/{second}")).map(|y| (y, 2))
    })
}

/// A month numbered from April as finance teams do: "P6", "M6", "Period 6", "Month 6"
/// (September), first in the text, then perhaps a year ("P6 2026/27") or "Target"; or
/// after its year ("2026/27 M6").
fn financial_month(words: &[&str], year: i32) -> Option<Period> {
    if let Some((fy, taken)) = year_first(words)
        && words.len() > taken
    {
        let period = financial_month(&words[taken..], year)?;
        return Some(Period { year: fy, ..period });
    }
    let (number, rest) = match words {
        ["period" | "month", number, rest @ ..] => (*number, rest),
        [first, rest @ ..] => (first.strip_prefix(['p', 'm'])?, rest),
        [] => return None,
    };
    let number: u8 = number.parse().ok().filter(|n| (1..=12).contains(n))?;
    let fy = rest.iter().find_map(|w| financial_year(w));
    Some(Period {
        year: fy.unwrap_or(year),
        part: PeriodPart::Month(number),
    })
}

/// The first and last calendar months (0-based) of a range written with both, the
/// words between them only years or "to": "Apr-Oct", "Apr 26 to Oct 26".
fn month_span(words: &[&str]) -> Option<(usize, usize)> {
    let named: Vec<(usize, usize)> = words
        .iter()
        .enumerate()
        .filter_map(|(i, w)| month_index(w).map(|m| (i, m)))
        .collect();
    let &[(from, first), (to, last)] = named.as_slice() else {
        return None;
    };
    let joined = words[from + 1..to]
        .iter()
        .all(|w| *w == "to" || w.bytes().all(|b| b.is_ascii_digit()));
    (to - from <= 3 && joined && first != last).then_some((first, last))
}

/// The kind of period ("quarter", "half", "year", "month") and the words of its end,
/// where the words name a period by its end.
fn ending_phrase<'w>(words: &'w [&'w str]) -> Option<(&'w str, &'w [&'w str])> {
    if words.get(2) == Some(&"date") {
        // "Year to date Oct 2026": the month it runs to, read as "YTD Oct 2026" is.
        return None;
    }
    match words {
        ["half", "year", "ending" | "ended" | "to", rest @ ..] => Some(("half", rest)),
        [
            kind @ ("quarter" | "qtr" | "half" | "year" | "month"),
            "ending" | "ended" | "to",
            rest @ ..,
        ] => Some((*kind, rest)),
        ["qe", rest @ ..] => Some(("quarter", rest)),
        _ => None,
    }
}

/// The month a period named by its end ends in: "June 2026", "30/09/2026", "30 Sept
/// 2026".
fn end_month(words: &[&str], year: i32) -> Option<Period> {
    month(words, year).or_else(|| match words {
        [date] => day_word(date).map(Period::month_of),
        _ => None,
    })
}

/// A day written as one word: "30/09/2026", "2026-09-30", "30/09/26".
fn day_word(word: &str) -> Option<NaiveDate> {
    ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(word, f).ok())
}

/// A period named by the month it ends in, as statistics name them: "Quarter ending
/// June 2026", "Quarter ended 30/09/2026", "QE Sep 2026", "Half year ending March
/// 2027", "Year ending March 2027", "Month ending 31/10/2026". A quarter, half or year
/// must end where the financial year's do; a rolling one ("Year ending June 2026") is
/// not a period of the year.
fn ending(kind: &str, rest: &[&str], year: i32) -> Option<Period> {
    let end_month = end_month(rest, year)?;
    let PeriodPart::Month(end) = end_month.part else {
        return None;
    };
    let part = match (kind, end) {
        ("month", _) => PeriodPart::Month(end),
        ("quarter" | "qtr", end) if end % 3 == 0 => PeriodPart::Quarter(end / 3),
        ("half", 6 | 12) => PeriodPart::Half(end / 6),
        ("year", 12) => PeriodPart::Year,
        _ => return None,
    };
    Some(Period {
        year: end_month.year,
        part,
    })
}

/// A quarter or a half year written as its months: "Apr-Jun", "Jan - Mar 2027",
/// "Oct to Dec", "Apr-Sep", "Oct - Mar 2027". A year written once goes with the last
/// month, as in "Oct - Mar 2027".
fn month_range(words: &[&str], year: i32) -> Option<Period> {
    let named: Vec<usize> = words.iter().filter_map(|w| month_index(w)).collect();
    let &[first, last] = named.as_slice() else {
        return None;
    };
    let months = (last + 12 - first) % 12 + 1;
    let first_word = words.iter().position(|w| month_index(w).is_some())?;
    let rest: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != first_word)
        .map(|(_, w)| *w)
        .collect();
    let Period {
        year,
        part: PeriodPart::Month(end),
    } = month(&rest, year)?
    else {
        return None;
    };
    let part = match (months, end) {
        (3, end) if end % 3 == 0 => PeriodPart::Quarter(end / 3),
        (6, 6 | 12) => PeriodPart::Half(end / 6),
        _ => return None,
    };
    Some(Period { year, part })
}

fn month(words: &[&str], year: i32) -> Option<Period> {
    let (index, name) = words
        .iter()
        .enumerate()
        .find_map(|(i, w)| month_index(w).map(|p| (i, p)))?;
    let calendar_month = name as u32 + 1;
    // A financial year beside the month ("Mar 2025/26", "2025-26 Mar"): the month of
    // that year, March in its second calendar year.
    let fy = (0..words.len()).find_map(|i| year_first(&words[i..]));
    if let Some((fy, _)) = fy {
        let calendar_year = if calendar_month >= 4 { fy } else { fy + 1 };
        return NaiveDate::from_ymd_opt(calendar_year, calendar_month, 1).map(Period::month_of);
    }
    // "2026-04": a four-digit year then a month number; "Sep 26" a year cut short.
    // A day beside the month and its year ("30 Sept 2026", "Sep 30 2026") is no year.
    let others = || {
        words
            .iter()
            .enumerate()
            .filter(move |(i, _)| *i != index)
            .filter_map(|(_, w)| Some((w.len(), w.parse::<i32>().ok()?)))
    };
    let explicit_year = others()
        .find_map(|(len, n)| (len == 4).then_some(n))
        .or_else(|| match others().collect::<Vec<_>>()[..] {
            [(2, n)] => Some(2000 + n),
            _ => None,
        });
    let calendar_year = explicit_year.unwrap_or(if calendar_month >= 4 { year } else { year + 1 });
    NaiveDate::from_ymd_opt(calendar_year, calendar_month, 1).map(Period::month_of)
}

/// A period from "2026-04" (year then month number), which the word split misses.
pub(super) fn iso_month(text: &str) -> Option<Period> {
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
        assert_eq!(p("2026/27 Qtr1").as_deref(), Some("Q1 2026/27"));
        assert_eq!(p("Quarter2 2026/27").as_deref(), Some("Q2 2026/27"));
        assert_eq!(p("05/26").as_deref(), Some("May 2026"));
        assert_eq!(p("13/26"), None);
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
        // In Welsh.
        assert_eq!(p("Hydref 2026").as_deref(), Some("Oct 2026"));
        assert_eq!(p("Ebr").as_deref(), Some("Apr 2026"));
        assert_eq!(p("Ion").as_deref(), Some("Jan 2027"));
        assert_eq!(p("Ebrill-Mehefin").as_deref(), Some("Q1 2026/27"));
        assert_eq!(p("Sep'26").as_deref(), Some("Sep 2026"));
        assert_eq!(p("Oct \u{2019}26").as_deref(), Some("Oct 2026"));
        assert_eq!(p("FY 2026/27").as_deref(), Some("2026/27"));
        assert_eq!(p("2026-27").as_deref(), Some("2026/27"));
        assert_eq!(p("2026/27 Target").as_deref(), Some("2026/27"));
        assert_eq!(p("Target 2026-27").as_deref(), Some("2026/27"));
        assert_eq!(p("FY26/27 Outturn").as_deref(), Some("2026/27"));
        assert_eq!(p("Year end 2025/26").as_deref(), Some("2025/26"));
        assert_eq!(p("2025/26 to 2026/27"), None);
        assert_eq!(p("1/2"), None, "a page number is not a year");
        assert_eq!(p("P6").as_deref(), Some("Sep 2026"));
        assert_eq!(p("Period 10").as_deref(), Some("Jan 2027"));
        assert_eq!(p("Month 12 2025/26").as_deref(), Some("Mar 2026"));
        assert_eq!(p("M01").as_deref(), Some("Apr 2026"));
        assert_eq!(p("2025/26 M6").as_deref(), Some("Sep 2025"));
        assert_eq!(p("2025-26 Period 12").as_deref(), Some("Mar 2026"));
        assert_eq!(p("2025/26 Target").as_deref(), Some("2025/26"));
        assert_eq!(p("2025-26 Mar").as_deref(), Some("Mar 2026"));
        assert_eq!(p("Mar 2025/26").as_deref(), Some("Mar 2026"));
        assert_eq!(p("Mar 2025-26").as_deref(), Some("Mar 2026"));
        assert_eq!(p("2025/26 Jun").as_deref(), Some("Jun 2025"));
        assert_eq!(p("Sep 2027/28").as_deref(), Some("Sep 2027"));
        assert_eq!(p("P13"), None);
        assert_eq!(p("Cost per m2"), None);
        assert_eq!(p("Indicator"), None);
        assert_eq!(p("Target"), None);
        assert_eq!(p("Decimal places"), None);
        assert_eq!(p("Market share"), None);
        assert_eq!(p("H1 2026/27").as_deref(), Some("H1 2026/27"));
        assert_eq!(p("H2").as_deref(), Some("H2 2026/27"));
        assert_eq!(p("Half 1").as_deref(), Some("H1 2026/27"));
        assert_eq!(p("Half year 2 2025/26").as_deref(), Some("H2 2025/26"));
        assert_eq!(p("1st half").as_deref(), Some("H1 2026/27"));
        assert_eq!(p("Second half 2026-27").as_deref(), Some("H2 2026/27"));
        assert_eq!(p("Q1-Q2").as_deref(), Some("H1 2026/27"));
        assert_eq!(p("Q3 - Q4 2026/27").as_deref(), Some("H2 2026/27"));
        assert_eq!(p("Apr-Sep").as_deref(), Some("H1 2026/27"));
        assert_eq!(p("Oct - Mar 2027").as_deref(), Some("H2 2026/27"));
        assert_eq!(p("H1 Target").as_deref(), Some("H1 2026/27"));
        assert_eq!(
            p("Q2-Q3"),
            Some("Q3 2026/27".into()),
            "not a half: the last quarter"
        );
        assert_eq!(p("Quarter ending June 2026").as_deref(), Some("Q1 2026/27"));
        assert_eq!(p("Quarter ended 30/09/2026").as_deref(), Some("Q2 2026/27"));
        assert_eq!(p("QE Dec 2026").as_deref(), Some("Q3 2026/27"));
        assert_eq!(
            p("Quarter ending 30 Sept 2026").as_deref(),
            Some("Q2 2026/27"),
            "the day is no year"
        );
        assert_eq!(p("Year ended 31st March 2027").as_deref(), Some("2026/27"));
        assert_eq!(p("30 Sept 2026").as_deref(), Some("Sep 2026"));
        assert_eq!(p("Sep 30 2026").as_deref(), Some("Sep 2026"));
        assert_eq!(p("Sep 26").as_deref(), Some("Sep 2026"));
        assert_eq!(
            p("Half year ending March 2027").as_deref(),
            Some("H2 2026/27")
        );
        assert_eq!(p("Year ending March 2026").as_deref(), Some("2025/26"));
        assert_eq!(p("Year to 31/03/2027").as_deref(), Some("2026/27"));
        assert_eq!(p("Month ending 31/10/2026").as_deref(), Some("Oct 2026"));
        assert_eq!(p("Quarter ending August 2026"), None, "not a quarter's end");
        assert_eq!(
            period(&Value::Text("Year ending June 2026".into()), 2026),
            Err("'Year ending June 2026' is a rolling year, not one of the financial year's periods: a quarter ends in June, September, December or March, a half year in September or March, the year in March".into())
        );
        assert_eq!(p("Apr-Oct 2026"), None, "seven months, not April");
        assert_eq!(p("Year to date Oct 2026").as_deref(), Some("Oct 2026"));
        assert_eq!(p("Apr 26 to Nov 26"), None);
        assert_eq!(
            period(&Value::Text("Apr-Oct 2026".into()), 2026),
            Err("'Apr-Oct 2026' spans 7 months, April to October: a period is a month, a quarter (such as Jul-Sep) or a half year (Apr-Sep); for a year-to-date figure, give the month it runs to".into())
        );
        assert_eq!(
            p("October 2026 (data to September)").as_deref(),
            Some("Oct 2026"),
            "two months apart in words are not a range"
        );
        assert_eq!(p("H3"), None);
        assert_eq!(p("Half"), None);
        assert_eq!(p("Half-term"), None);
    }

    #[test]
    fn financial_years_named_in_titles() {
        let years = |text: &str| financial_years_in(text).collect::<Vec<_>>();
        assert_eq!(years("Libraries performance return 2026/27"), [2026]);
        assert_eq!(years("Quarter 4 (FY26/27)"), [2026]);
        assert_eq!(years("2025-26 outturn, 2026-27 target"), [2025, 2026]);
        assert_eq!(years("Completed 15/05/2027, page 1/2"), Vec::<i32>::new());
    }
}
