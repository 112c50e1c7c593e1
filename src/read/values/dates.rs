//! Dates as registers write them: UK day-first dates, Excel serial numbers, months,
//! quarters and financial years, ranges and lists, a date among words, and a reason in
//! plain English where a date cannot be read.

use crate::model::{DateSpan, Term};
use crate::read::grid::{Value, format_number};
use crate::schema::squash;
use chrono::{Datelike, Duration, NaiveDate};

use super::scores::without_words;
use super::{
    CellProblem, before_a_note, formula_problem, is_done, is_not_applicable, is_to_be_confirmed,
};

/// Words written where a date would go that give none: "Ongoing", "TBC", "Quarterly",
/// "As required", "N/A". Read as no date rather than as a date typed wrongly.
pub fn is_no_date(text: &str) -> bool {
    if has_several_lines(text) {
        // Several lines (an action each): none of them gives a date.
        return text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .all(is_no_date);
    }
    // "Ongoing - quarterly", "Ongoing (reviewed monthly)", "TBC: awaiting funding": the
    // words with a note after them, so long as the note gives no date.
    if before_a_note(text).is_some_and(is_no_date) {
        return true;
    }
    let squashed = squash(text);
    is_not_applicable(text)
        || is_done(text)
        || is_to_be_confirmed(text)
        || [
            "ongoing",
            "continuous",
            "continual",
            "weekly",
            "fortnightly",
            "monthly",
            "everymonth",
            "eachmonth",
            "everyquarter",
            "eachquarter",
            "yearly",
            "quarterly",
            "halfyearly",
            "sixmonthly",
            "biannually",
            "annually",
            "annual",
            "asrequired",
            "asneeded",
            "asandwhen",
            "various",
            "bau",
            "businessasusual",
        ]
        .contains(&squashed.as_str())
}

const DAY_FORMATS: &[&str] = &[
    "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d-%b-%Y", "%d %b %Y", "%d %B %Y",
    "%d-%B-%Y", "%d/%m/%y", "%d-%m-%y", "%d.%m.%y", "%d-%b-%y", "%d %b %y", "%d %B %y",
    // The month in words before the day ("Oct 12 2026", "October 12, 2026"): not
    // ambiguous, as US order in numbers is.
    "%b %d %Y", "%B %d %Y",
];

const MONTH_FORMATS: &[&str] = &[
    "%b %Y", "%B %Y", "%b-%Y", "%B-%Y", "%b-%y", "%m/%Y", "%Y-%m",
];

/// The Excel serial day number's date (1900 system).
pub fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_signed(Duration::days(serial.floor() as i64))
}

/// The date an Excel serial number stands for where a date is wanted: a number from
/// 1950 to 2099, or the same number kept as text ("46300"), as a paste of values or a
/// CSV export leaves a date that lost its format.
pub fn serial_date(value: &Value) -> Option<NaiveDate> {
    let serial = match value {
        Value::Number(n) => *n,
        Value::Text(t) => t.trim().parse().ok()?,
        _ => return None,
    };
    (18264.0..=73051.0)
        .contains(&serial)
        .then(|| excel_serial_date(serial))
        .flatten()
}

/// A date from a date cell, an Excel serial, ISO text or UK text; never US order.
pub fn date(value: &Value) -> Result<Option<DateSpan>, CellProblem> {
    if let Some(problem) = formula_problem(value) {
        return Err(problem);
    }
    if let Some(day) = serial_date(value) {
        return Ok(Some(DateSpan::day(day)));
    }
    // A date as systems export one, year, month and day run together ("20261031").
    let compact = match value {
        Value::Number(n) if n.fract() == 0.0 && (19_500_101.0..=20_991_231.0).contains(n) => {
            compact_date(&format_number(*n))
        }
        Value::Text(t) => compact_date(t.trim()),
        _ => None,
    };
    if let Some(day) = compact {
        return Ok(Some(DateSpan::day(day)));
    }
    match value {
        Value::DateTime(dt) => Ok(Some(DateSpan::day(dt.date()))),
        // A year typed as a number, as in text: its span.
        Value::Number(n) if n.fract() == 0.0 && (1950.0..=2099.0).contains(n) => {
            Ok(part_of_year(&format_number(*n)))
        }
        Value::Number(n) => Err(CellProblem::Type(format!(
            "the number {} is not a date: expected a date such as 31/10/2026",
            format_number(*n)
        ))),
        v if v.is_blank() => Ok(None),
        Value::Text(t) if has_several_lines(t) => dates_by_line(t).map_err(CellProblem::Type),
        Value::Text(t) if let Some(lines) = date_list(t) => {
            dates_by_line(&lines).map_err(CellProblem::Type)
        }
        Value::Text(t) => date_or_period(t).map(Some).map_err(CellProblem::Type),
        Value::Bool(_) | Value::Empty | Value::Error(_) | Value::Uncalculated(_) => {
            Err(CellProblem::Type(format!(
                "'{}' is not a date: expected a date such as 31/10/2026",
                value.display()
            )))
        }
    }
}

/// A date of eight digits, year first ("20261031"), in the years a register's are.
fn compact_date(text: &str) -> Option<NaiveDate> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y%m%d")
        .ok()
        .filter(|date| (1950..=2099).contains(&date.year()))
}

/// A due date given as the months or days it falls between ("Dec 2026 - Mar 2027",
/// "between Jan 2027 and Mar 2027", "01/12/2026 – 31/03/2027"): due by the second's last
/// day. Not "31-Mar-27", whose dashes are a date's; "Jan 2027 to Mar 2027" is read as a
/// date moved ([`date_now`]), due by the second all the same.
fn date_range(text: &str) -> Option<DateSpan> {
    let text = text.trim();
    let text = ["from ", "between "]
        .iter()
        .find_map(|lead| text.strip_prefix(lead))
        .unwrap_or(text);
    [" - ", " \u{2013} ", " \u{2014} ", " and "]
        .iter()
        .find_map(|separator| {
            let (first, second) = text.split_once(separator)?;
            let (first, second) = (date_from_text(first).ok()?, date_from_text(second).ok()?);
            (first.earliest <= second.latest).then(|| DateSpan::day(second.latest))
        })
}

/// Whether a date cell's text gives the dates it falls between ("Dec 2026 - Mar 2027"):
/// read as due by the last, and shown as written.
pub fn is_date_range(text: &str) -> bool {
    // "31/12/2026 extended to 31/03/2027" is a date moved, not a range.
    date_now(text).is_none() && date_range(without_lead(&text.trim().to_lowercase())).is_some()
}

/// A date cell's one line listing dates, one for each action ("31/12/2026;
/// 31/03/2027", "31/12/2026, 31/03/2027", "Jan 2027 / Mar 2027", or spaces alone between dates written in
/// figures, "31/12/2025 31/03/2026"), as lines a date each: read as lines, due by the
/// last. "October 12, 2026" is one date, its parts not each a date.
fn date_list(text: &str) -> Option<String> {
    let listed =
        |parts: &[&str]| parts.len() >= 2 && parts.iter().all(|part| date_from_text(part).is_ok());
    // A slash between spaces parts dates too ("Jan 2027 / Mar 2027"); one within a
    // date does not.
    let parts: Vec<&str> = text
        .split(';')
        .flat_map(|part| part.split(','))
        .flat_map(|part| part.split(" / "))
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    if listed(&parts) {
        return Some(parts.join("\n"));
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let in_figures = |word: &&str| {
        word.len() >= 8
            && word.contains(['/', '-', '.'])
            && word
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'/' | b'-' | b'.'))
    };
    (words.iter().all(in_figures) && listed(&words)).then(|| words.join("\n"))
}

/// A date cell's text as a date, or as the financial period it names with its year
/// ("Q3 2026/27", "By end of Q4 2026/27", "H1 2026/27", "2026/27"): the period's span.
fn date_or_period(text: &str) -> Result<DateSpan, String> {
    // A date moved, said with both ("31/12/2026 extended to 31/03/2027"): the one now,
    // not the first.
    if let Some(span) = date_now(text) {
        return Ok(span);
    }
    date_from_text(text).or_else(|problem| {
        // "By 31/12/2026", "End of Dec 2026": the date after its lead.
        let lower = text.trim().to_lowercase();
        let rest = without_tail(without_lead(&lower));
        if rest.len() < lower.len()
            && let Ok(span) = date_from_text(rest)
        {
            return Ok(span);
        }
        if let Some(span) = one_day_among_words(text) {
            return Ok(span);
        }
        // "March 2027 (revised from Dec 2026)", "31/03/2027 (was Q3)": the date outside
        // the brackets, the one there now.
        if text.contains('(') {
            let outside = without_words(text, |_| true);
            if !outside.is_empty()
                && outside != text.trim()
                && let Ok(span) = date_or_period(&outside)
            {
                return Ok(span);
            }
        }
        if let Some(span) = date_range(rest) {
            return Ok(span);
        }
        // "End Mar 27": the end of a month is no day of it, so its two figures are the
        // year.
        if rest.len() < lower.len()
            && lower.split_whitespace().any(|word| word == "end")
            && let Some((month, year)) = rest.split_once(char::is_whitespace)
            && year.len() == 2
            && year.bytes().all(|b| b.is_ascii_digit())
            && let Ok(span) = date_from_text(&format!("{month} 20{year}"))
        {
            return Ok(span);
        }
        financial_period(rest).or_else(|| part_of_year(rest)).ok_or_else(|| {
            // "Q3", "H1": a period, but of which year?
            match crate::read::period::period_from_text(text, 2026) {
                Some(period) if !matches!(period.part, crate::model::PeriodPart::Month(_)) => {
                    format!(
                        "'{}' names a period but not its year: write it with the financial year (such as {period}) or as a date such as 31/12/2026",
                        text.trim()
                    )
                }
                // "December", "By 30 Sep": which December?
                _ => match day_of_month_without_year(rest) {
                    Some((day, month)) => {
                        // An example in the financial year of the other examples, 2026/27.
                        let number = month.number_from_month();
                        let year = if number <= 3 { 2027 } else { 2026 };
                        let example = NaiveDate::from_ymd_opt(year, number, 1)
                            .and_then(|first| {
                                first.checked_add_months(chrono::Months::new(1))?.pred_opt()
                            })
                            .and_then(|last| match day {
                                Some(day) => last.with_day(day),
                                None => Some(last),
                            });
                        let what = if day.is_some() { "a day" } else { "a month" };
                        // "March 27": the 27th, or March 2027 with its year cut short?
                        let two_figures = rest
                            .split(|c: char| c.is_whitespace() || c == ',')
                            .rfind(|w| !w.is_empty())
                            .is_some_and(|last| {
                                last.len() == 2 && last.bytes().all(|b| b.is_ascii_digit())
                            });
                        let month_first = rest.trim_start().starts_with(char::is_alphabetic);
                        if let (Some(day), true, true) = (day, two_figures, month_first) {
                            let name = month.name();
                            return format!(
                                "'{}' could be {day} {name} or {name} 20{day:02}: write the year in full, such as {} or {} 20{day:02}",
                                text.trim(),
                                example.map_or(String::new(), |e| e.format("%d/%m/%Y").to_string()),
                                &name[..3],
                            );
                        }
                        match example {
                            Some(example) => format!(
                                "'{}' names {what} but not its year: write the year with it, such as {}",
                                text.trim(),
                                example.format("%d/%m/%Y")
                            ),
                            None => problem,
                        }
                    }
                    // "Spring", "Late": a part of a year, but which year?
                    None => match part_of_year(&format!("{} 2027", rest.trim())) {
                        Some(span) => format!(
                            "'{}' names a part of the year but not which year: write the year with it, such as {}",
                            text.trim(),
                            span.display()
                        ),
                        None => problem,
                    },
                },
            }
        })
    })
}

/// A month, or a day of one, written without its year ("December", "30 Sep", "Sept
/// 30th"): the day, where one is given, and the month.
fn day_of_month_without_year(rest: &str) -> Option<(Option<u32>, chrono::Month)> {
    let month = |word: &str| -> Option<chrono::Month> {
        let word = word.trim_end_matches('.');
        if word.eq_ignore_ascii_case("sept") {
            return Some(chrono::Month::September);
        }
        word.parse().ok()
    };
    let day = |word: &str| -> Option<u32> {
        let day: u32 = ordinal_digits(word).unwrap_or(word).parse().ok()?;
        (1..=31).contains(&day).then_some(day)
    };
    let words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    match words[..] {
        [one] => Some((None, month(one)?)),
        [first, second] => match (day(first), month(second)) {
            (Some(d), Some(m)) => Some((Some(d), m)),
            _ => Some((Some(day(second)?), month(first)?)),
        },
        _ => None,
    }
}

/// The one day written in figures among words ("Reviewed at DMT 15/10/2026", "JS -
/// 15.10.26"), where the text has exactly one such date: that day.
fn one_day_among_words(text: &str) -> Option<DateSpan> {
    let mut days = text
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| !c.is_ascii_digit()))
        .filter(|word| word.len() >= 6 && word.contains(['/', '-', '.']))
        .filter_map(|word| date_from_text(word).ok())
        .filter(|span| span.earliest == span.latest);
    let day = days.next()?;
    days.next().is_none().then_some(day)
}

/// The financial period a text names with its year, as a span of days; `rest` is the
/// text lower-cased, less its lead ([`without_lead`]).
fn financial_period(rest: &str) -> Option<DateSpan> {
    let year = crate::read::period::financial_years_in(rest).next()?;
    let period = crate::read::period::period_from_text(rest, year)?;
    Some(DateSpan::of_period(period))
}

/// The date now of a cell that gives two, the one it replaced and the one it moved to:
/// the date after the last "to", "now" or arrow ("Revised from Dec 2026 to March
/// 2027", "31/12/2026 extended to 31/03/2027", "Was Dec 2026, now Mar 2027"), else the
/// one date before "from" or "was" ("March 2027 - revised from Dec 2026").
fn date_now(text: &str) -> Option<DateSpan> {
    if dates_in_text(text).len() < 2 {
        return None;
    }
    let lower = text.to_lowercase();
    let after = [" to ", " now ", "→", "->"]
        .iter()
        .filter_map(|marker| lower.rfind(marker).map(|at| at + marker.len()))
        .max();
    if let Some(at) = after {
        let rest = lower[at..].trim_matches(|c: char| !c.is_alphanumeric());
        return match dates_in_text(rest)[..] {
            [date] => Some(date),
            _ => date_from_text(rest).ok(),
        };
    }
    let before = ["from ", "was "]
        .iter()
        .filter_map(|marker| lower.find(marker))
        .min()?;
    match dates_in_text(&lower[..before])[..] {
        [date] => Some(date),
        _ => None,
    }
}

/// A calendar year or a part of one, as its span: "2027" (and "End of 2026", less its
/// lead), a season ("Spring 2027" March to May, "Summer" June to August, "Autumn" or
/// "Fall" September to November, "Winter 2026" or "Winter 2026/27" December to
/// February), or "Early", "Mid" or "Late 2027" ("Mid-2027"; January to April, May to
/// August, September to December). `rest` is lower-case, less its lead.
fn part_of_year(rest: &str) -> Option<DateSpan> {
    // "Mid-2027" as "Mid 2027".
    let words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    let year = |word: &str| -> Option<i32> {
        let first = word.split('/').next()?;
        let year: i32 = first.parse().ok()?;
        (first.len() == 4 && (1950..=2099).contains(&year)).then_some(year)
    };
    let months = |year: i32, from: u32, count: u32| {
        let first = NaiveDate::from_ymd_opt(year, from, 1)?;
        let next = first.checked_add_months(chrono::Months::new(count))?;
        Some(DateSpan::between(first, next.pred_opt()?))
    };
    match words[..] {
        [only] if !only.contains('/') => months(year(only)?, 1, 12),
        [part, when] => {
            let year = year(when)?;
            let (from, count) = match part {
                "spring" => (3, 3),
                "summer" => (6, 3),
                "autumn" | "fall" => (9, 3),
                "winter" => (12, 3),
                "early" => (1, 4),
                "mid" => (5, 4),
                "late" => (9, 4),
                _ => return None,
            };
            // Only winter runs into the next year, as "Winter 2026/27" says.
            if when.contains('/') && part != "winter" {
                return None;
            }
            months(year, from, count)
        }
        // A school term ("Spring term 2027"; "Spring term 2026/27" in the academic
        // year): autumn September to December, spring January to April, summer April
        // to July.
        [part, "term", when] => {
            let first = year(when)?;
            let (term, from, count, next_year) = match part {
                "autumn" | "fall" => (Term::Autumn, 9, 4, false),
                "spring" => (Term::Spring, 1, 4, true),
                "summer" => (Term::Summer, 4, 4, true),
                _ => return None,
            };
            let year = if when.contains('/') && next_year {
                first + 1
            } else {
                first
            };
            Some(DateSpan {
                term: Some(term),
                ..months(year, from, count)?
            })
        }
        _ => None,
    }
}

/// Lower-case text less the words that lead a due date in: "by the end of", "end of",
/// "end" ("End Dec 2026"), "by", "before", "no later than", "during", "in"; and those
/// of a start, when the action is to be in place: "from", "with effect from",
/// "starting", "commencing".
fn without_lead(lower: &str) -> &str {
    // Longest first where one begins another ("by end of" before "by end", "by").
    const LEADS: &[&str] = &[
        "with effect from",
        "effective from",
        "ongoing from",
        "starting from",
        "starting",
        "commencing",
        "from",
        "by the end of",
        "by end of",
        "end of",
        "by the end",
        "by end",
        "end",
        "no later than",
        "not later than",
        "before",
        "by the beginning of",
        "by the start of",
        "the beginning of",
        "the start of",
        "beginning of",
        "start of",
        "by mid",
        "by early",
        "by late",
        "mid",
        "early",
        "late",
        "by",
        "during",
        "in",
    ];
    LEADS
        .iter()
        .find_map(|lead| {
            lower.strip_prefix(lead).filter(|after| {
                // Part way through a month ("Mid-January 2027" as "Mid January 2027"),
                // where "Early 2027" is a part of the year.
                if ["mid", "early", "late"].iter().any(|w| lead.ends_with(w)) {
                    after.starts_with([' ', '-'])
                        && after
                            .trim_start_matches([' ', '-'])
                            .starts_with(char::is_alphabetic)
                } else {
                    after.starts_with(char::is_whitespace)
                }
            })
        })
        .map_or(lower, |after| {
            after.trim_start_matches(|c: char| c.is_whitespace() || c == '-')
        })
}

/// Lower-case text less the word that ends a start with no end: "April 2027 onwards"
/// is when the action is to be in place, April 2027.
fn without_tail(lower: &str) -> &str {
    ["onwards", "onward"]
        .iter()
        .find_map(|tail| {
            lower
                .strip_suffix(tail)
                .filter(|before| before.ends_with([' ', '-']))
        })
        .map_or(lower, |before| before.trim_end_matches([' ', '-']))
}

/// Whether text holds more than one line with something on it.
pub fn has_several_lines(text: &str) -> bool {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .nth(1)
        .is_some()
}

/// A date cell of several lines, a date each (the due dates of several actions, one
/// per line): the span from the earliest to the latest of its [`date_lines`].
fn dates_by_line(text: &str) -> Result<Option<DateSpan>, String> {
    let mut span: Option<DateSpan> = None;
    for date in date_lines(text) {
        let Some(date) = date? else {
            continue;
        };
        span = Some(match span {
            None => date,
            Some(so_far) => DateSpan {
                several: true,
                ..DateSpan::between(
                    so_far.earliest.min(date.earliest),
                    so_far.latest.max(date.latest),
                )
            },
        });
    }
    Ok(span)
}

/// Each line's date in a cell of several lines (the due dates of several actions, a
/// line each), blank lines passed over: none for a line of words that give no date
/// ("Ongoing"); a line such as "Action 2 - 31/03/2027" gives its date.
pub fn date_lines(text: &str) -> impl Iterator<Item = Result<Option<DateSpan>, String>> + '_ {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            if is_no_date(line) {
                return Ok(None);
            }
            date_or_period(line)
                .map(Some)
                .or_else(|problem| match dates_in_text(line).as_slice() {
                    [date] => Ok(Some(*date)),
                    _ => Err(problem),
                })
        })
}

/// The dates written inside free text, in order: "Pen test by 31/12/2026 (J Smith)",
/// "Campaign to start March 2027", "due 31st Jan 2027". A word is taken as a date only
/// with its day, month and year ("31/12/2026") or a month and four-digit year ("March
/// 2027"): "May 10" is not read as May 2010.
pub fn dates_in_text(text: &str) -> Vec<DateSpan> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '[' | ']'))
        .map(|w| w.trim_end_matches(['.', ':']))
        .filter(|w| !w.is_empty())
        .collect();
    let mut found = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let longest = (1..=3.min(words.len() - at)).rev().find_map(|span| {
            let window = &words[at..at + span];
            let last = window[span - 1];
            // The window ends in a year, or is one word with its day, month and year.
            let ends_in_year = last.len() == 4 && last.chars().all(|c| c.is_ascii_digit());
            let one_word_date = span == 1
                && last.len() >= 6
                && last.contains(['/', '-', '.'])
                && last.chars().any(|c| c.is_ascii_digit());
            if span > 1 && !ends_in_year || span == 1 && !one_word_date {
                return None;
            }
            date_from_text(&window.join(" "))
                .ok()
                .map(|date| (span, date))
        });
        match longest {
            Some((span, date)) => {
                found.push(date);
                at += span;
            }
            None => at += 1,
        }
    }
    found
}

pub(super) fn date_from_text(raw: &str) -> Result<DateSpan, String> {
    let text = normalise_date_text(raw);
    let text = text
        .split(['T', ' '])
        .next()
        .filter(|first| first.contains(['/', '-', '.']) && first.len() >= 8)
        .map_or(text.clone(), str::to_string);
    for format in DAY_FORMATS {
        if let Ok(date) = NaiveDate::parse_from_str(&text, format)
            && date.year() >= 1950
            && date.year() <= 2099
        {
            return Ok(DateSpan::day(date));
        }
    }
    // "Sept 30th" is a day with no year, not September 2030.
    let ordinal = raw
        .split_whitespace()
        .any(|word| ordinal_digits(word).is_some());
    for format in MONTH_FORMATS.iter().filter(|_| !ordinal) {
        if let Ok(first) = NaiveDate::parse_from_str(&format!("01 {text}"), &format!("%d {format}"))
            && first.year() >= 1950
            && first.year() <= 2099
        {
            let next = first
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(first);
            return Ok(DateSpan::between(first, next.pred_opt().unwrap_or(first)));
        }
    }
    Err(explain_bad_date(raw.trim()))
}

/// The digits of a number written with its ordinal's letters: "31st" is "31".
fn ordinal_digits(word: &str) -> Option<&str> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = word[digits.len()..].to_lowercase();
    (!digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && ["st", "nd", "rd", "th"].contains(&suffix.as_str()))
    .then_some(digits)
}

/// A word of a date with any month named in Welsh in English: "31-Hyd-2026" is
/// "31-Oct-2026", "Hydref" is "Oct".
fn in_english(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut rest = word;
    while !rest.is_empty() {
        let letters = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len())
            .max(rest.chars().next().map_or(1, char::len_utf8));
        let (part, after) = rest.split_at(letters);
        match crate::read::period::welsh_month(&part.to_lowercase()) {
            Some(month) => out.push_str(month),
            None => out.push_str(part),
        }
        rest = after;
    }
    out
}

/// Collapse spaces, drop ordinals ("31st"), a leading weekday ("Friday") or week
/// ("w/c", "week commencing"), read "Sept" as "Sep" and a month in Welsh in English.
fn normalise_date_text(raw: &str) -> String {
    let mut words: Vec<String> = raw
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| {
            if let Some(digits) = ordinal_digits(w) {
                digits.to_string()
            } else if let Some(year) = w
                .strip_prefix(['\'', '\u{2019}'])
                .filter(|y| y.len() == 2 && y.bytes().all(|b| b.is_ascii_digit()))
            {
                // "March '27": a year's last two figures after an apostrophe.
                format!("20{year}")
            } else if w.trim_end_matches('.').eq_ignore_ascii_case("sept") {
                "Sep".to_string()
            } else {
                in_english(w)
            }
        })
        .collect();
    const WEEK_WORDS: [&str; 7] = [
        "w/c",
        "w/e",
        "wc",
        "week",
        "commencing",
        "beginning",
        "ending",
    ];
    while words.len() > 1
        && (chrono::Weekday::from_str_name(&words[0]).is_some()
            || WEEK_WORDS.contains(&words[0].to_lowercase().as_str()))
    {
        words.remove(0);
    }
    words.join(" ")
}

trait WeekdayName {
    fn from_str_name(name: &str) -> Option<chrono::Weekday>;
}

impl WeekdayName for chrono::Weekday {
    fn from_str_name(name: &str) -> Option<chrono::Weekday> {
        name.parse::<chrono::Weekday>().ok()
    }
}

fn explain_bad_date(text: &str) -> String {
    let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        let day: u32 = parts[0].parse().unwrap_or(0);
        let month: u32 = parts[1].parse().unwrap_or(0);
        let mut year: i32 = parts[2].parse().unwrap_or(0);
        if parts[2].len() == 2 {
            year += 2000;
        }
        if month > 12 && day <= 12 {
            return format!(
                "'{text}' is not a valid date: dates are read day first (dd/mm/yyyy) and there is no month {month}; it looks like a US-style date, which would be {month}/{day:02}/{year} in UK order"
            );
        }
        if (1..=12).contains(&month) && NaiveDate::from_ymd_opt(year, month, day).is_none() {
            let name = NaiveDate::from_ymd_opt(year, month, 1)
                .map(|d| d.format("%B").to_string())
                .unwrap_or_default();
            return format!("'{text}' is not a valid date: there is no {day} {name} {year}");
        }
    }
    format!("'{text}' is not a date: expected a date such as 31/10/2026 (day first) or 31-Oct-2026")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_are_found_inside_text_and_numbers_alone_are_not() {
        let found = |t: &str| -> Vec<(NaiveDate, NaiveDate)> {
            dates_in_text(t)
                .into_iter()
                .map(|d| (d.earliest, d.latest))
                .collect()
        };
        let day = |y, m, dd| (d(y, m, dd), d(y, m, dd));
        assert_eq!(
            found("Pen test by 31/12/2026 (J Smith)"),
            vec![day(2026, 12, 31)]
        );
        assert_eq!(found("due 31st Jan 2027."), vec![day(2027, 1, 31)]);
        assert_eq!(
            found("Start March 2027, report 2027-06-30"),
            vec![(d(2027, 3, 1), d(2027, 3, 31)), day(2027, 6, 30)]
        );
        assert_eq!(found("Plan (31.10.26)"), vec![day(2026, 10, 31)]);
        for nothing in [
            "Report to DMT in May 10 copies",
            "Version 2.0.1 of the plan",
            "Phase 3 of 4, 2026",
            "Q3 2026/27",
            "",
        ] {
            assert_eq!(found(nothing), vec![], "{nothing}");
        }
    }

    #[test]
    fn a_due_date_written_part_way_through_a_month_listed_or_done_is_read_so() {
        let day = |t: &str| date(&Value::Text(t.into()));
        let january = Ok(Some(DateSpan::between(d(2027, 1, 1), d(2027, 1, 31))));
        for text in [
            "Mid-January 2027",
            "mid January 2027",
            "Early Jan 2027",
            "Late January 2027",
            "By mid-January 2027",
            "Beginning of January 2027",
        ] {
            assert_eq!(day(text), january, "{text}");
        }
        // Two months parted by a slash between spaces: a date each, due by the last.
        assert_eq!(
            day("Jan 2027 / Mar 2027"),
            Ok(Some(DateSpan {
                several: true,
                ..DateSpan::between(d(2027, 1, 1), d(2027, 3, 31))
            }))
        );
        // Done, and when; "Complete by" is when it is due.
        for text in [
            "Completed Sept 2026",
            "Done - 15/09/2026",
            "Complete (Oct 2026)",
            "Completed on 01/10/2026",
            "Complete",
        ] {
            assert!(is_done(text), "{text}");
            assert!(is_no_date(text), "{text}");
        }
        assert!(!is_done("Complete by 31/12/2026"));
        assert!(!is_done("Completion March 2027"));
        assert_eq!(
            day("Complete by 31/12/2026"),
            Ok(Some(DateSpan::day(d(2026, 12, 31))))
        );
    }

    #[test]
    fn a_date_cell_of_several_lines_spans_its_dates_and_passes_over_words() {
        let day = |t: &str| date(&Value::Text(t.into()));
        let span = |from, to| Ok(Some(DateSpan::between(from, to)));
        let several = |from, to| {
            Ok(Some(DateSpan {
                several: true,
                ..DateSpan::between(from, to)
            }))
        };
        assert_eq!(
            day("31/03/2027\n30/09/2026"),
            several(d(2026, 9, 30), d(2027, 3, 31))
        );
        assert_eq!(
            day("Action 1 - 31/12/2026\n\nAction 2 - 31/03/2027"),
            several(d(2026, 12, 31), d(2027, 3, 31))
        );
        assert_eq!(
            day("31st December 2026\nOngoing"),
            Ok(Some(DateSpan::day(d(2026, 12, 31))))
        );
        assert_eq!(day("Sept 2026\nTBC"), span(d(2026, 9, 1), d(2026, 9, 30)));
        assert!(is_no_date("TBC\nOngoing"));
        assert!(!is_no_date("TBC\n31/12/2026"));
        // The words with a note after them, so long as it gives no date.
        assert!(is_no_date("Ongoing - quarterly"));
        assert!(is_no_date("Ongoing (reviewed monthly)"));
        assert!(is_no_date("TBC: awaiting funding decision"));
        assert!(!is_no_date("TBC - March 2027"));
        assert!(!is_no_date("Recruitment - ongoing"));
        assert_eq!(
            day("31/12/2026\n31/13/2026"),
            Err(CellProblem::Type(
                "'31/13/2026' is not a date: expected a date such as 31/10/2026 (day first) or 31-Oct-2026"
                    .into()
            ))
        );
        let lines = DateSpan {
            several: true,
            ..DateSpan::between(d(2026, 9, 30), d(2027, 3, 31))
        };
        assert_eq!(lines.display(), "30/09/2026 to 31/03/2027");
        assert!(lines.several);
        // A financial period named with its year spans it, and is shown by its name.
        let quarter = day("By end of Q3 2026/27").unwrap().unwrap();
        assert_eq!(
            (quarter.earliest, quarter.latest, quarter.display()),
            (d(2026, 10, 1), d(2026, 12, 31), "Q3 2026/27".to_string())
        );
        assert_eq!(
            day("2026/27").map(|s| s.map(|s| (s.earliest, s.latest))),
            Ok(Some((d(2026, 4, 1), d(2027, 3, 31))))
        );
        assert_eq!(
            day("Q3"),
            Err(CellProblem::Type(
                "'Q3' names a period but not its year: write it with the financial year (such as Q3 2026/27) or as a date such as 31/12/2026".into()
            ))
        );
        // A date revised, the one it replaced in brackets after it: the date now.
        assert_eq!(
            day("March 2027 (revised from Dec 2026)"),
            Ok(Some(DateSpan::between(d(2027, 3, 1), d(2027, 3, 31))))
        );
        assert_eq!(
            day("31/03/2027 (was 31/12/2026)"),
            Ok(Some(DateSpan::day(d(2027, 3, 31))))
        );
        // A date moved, said in words: the one it moved to.
        let march = Ok(Some(DateSpan::between(d(2027, 3, 1), d(2027, 3, 31))));
        for text in [
            "Revised from Dec 2026 to March 2027",
            "Was Dec 2026, now March 2027",
            "Dec 2026 -> March 2027",
            "March 2027 - revised from Dec 2026",
        ] {
            assert_eq!(day(text), march, "{text}");
        }
        assert_eq!(
            day("31/12/2026 extended to 31/03/2027"),
            Ok(Some(DateSpan::day(d(2027, 3, 31))))
        );
        // Two dates with nothing to say which is now are still an error.
        assert!(day("Dec 2026 March 2027").is_err());
        // A calendar year or a part of one spans it, and is shown as written.
        for (text, from, to, shown) in [
            ("2027", d(2027, 1, 1), d(2027, 12, 31), "2027"),
            ("End of 2026", d(2026, 1, 1), d(2026, 12, 31), "2026"),
            ("Spring 2027", d(2027, 3, 1), d(2027, 5, 31), "Spring 2027"),
            (
                "By summer 2026",
                d(2026, 6, 1),
                d(2026, 8, 31),
                "Summer 2026",
            ),
            ("Autumn 2026", d(2026, 9, 1), d(2026, 11, 30), "Autumn 2026"),
            (
                "Winter 2026/27",
                d(2026, 12, 1),
                d(2027, 2, 28),
                "Winter 2026/27",
            ),
            (
                "Winter 2026",
                d(2026, 12, 1),
                d(2027, 2, 28),
                "Winter 2026/27",
            ),
            ("Early 2027", d(2027, 1, 1), d(2027, 4, 30), "Early 2027"),
            ("Mid 2027", d(2027, 5, 1), d(2027, 8, 31), "Mid 2027"),
            ("Mid-2027", d(2027, 5, 1), d(2027, 8, 31), "Mid 2027"),
            ("Late 2026", d(2026, 9, 1), d(2026, 12, 31), "Late 2026"),
            // School terms, in the calendar or the academic year.
            (
                "Spring term 2027",
                d(2027, 1, 1),
                d(2027, 4, 30),
                "Spring term 2027",
            ),
            (
                "Spring Term 2026/27",
                d(2027, 1, 1),
                d(2027, 4, 30),
                "Spring term 2027",
            ),
            (
                "Autumn term 2026",
                d(2026, 9, 1),
                d(2026, 12, 31),
                "Autumn term 2026",
            ),
            (
                "By end of summer term 2027",
                d(2027, 4, 1),
                d(2027, 7, 31),
                "Summer term 2027",
            ),
            // A month with its year's last two figures after an apostrophe.
            ("March '27", d(2027, 3, 1), d(2027, 3, 31), "Mar 2027"),
            (
                "Dec \u{2019}26",
                d(2026, 12, 1),
                d(2026, 12, 31),
                "Dec 2026",
            ),
        ] {
            let span = day(text).unwrap().unwrap();
            assert_eq!(
                (span.earliest, span.latest, span.display()),
                (from, to, shown.to_string()),
                "{text}"
            );
        }
        assert!(day("Spring 2026/27").is_err());
        assert_eq!(
            day("Spring"),
            Err(CellProblem::Type(
                "'Spring' names a part of the year but not which year: write the year with it, such as Spring 2027".into()
            ))
        );
        assert_eq!(
            day("By late"),
            Err(CellProblem::Type(
                "'By late' names a part of the year but not which year: write the year with it, such as Late 2027".into()
            ))
        );
        // A month or a day of one, with no year: which one is not guessed.
        for (text, what, example) in [
            ("December", "a month", "31/12/2026"),
            ("End of March", "a month", "31/03/2027"),
            ("By 30 Sep", "a day", "30/09/2026"),
            ("Sept 30th", "a day", "30/09/2026"),
        ] {
            assert_eq!(
                day(text),
                Err(CellProblem::Type(format!(
                    "'{text}' names {what} but not its year: write the year with it, such as {example}"
                )))
            );
        }
        // A month and two figures: a day, or a year cut short. "Oct-26", as Excel
        // shows a month, is the month.
        assert_eq!(
            day("March 27"),
            Err(CellProblem::Type(
                "'March 27' could be 27 March or March 2027: write the year in full, such as 27/03/2027 or Mar 2027".into()
            ))
        );
        assert_eq!(
            day("Oct 26"),
            Err(CellProblem::Type(
                "'Oct 26' could be 26 October or October 2026: write the year in full, such as 26/10/2026 or Oct 2026".into()
            ))
        );
        assert_eq!(day("Oct-26"), span(d(2026, 10, 1), d(2026, 10, 31)));
        assert_eq!(
            day("31 Feb"),
            Err(CellProblem::Type(
                "'31 Feb' is not a date: expected a date such as 31/10/2026 (day first) or 31-Oct-2026"
                    .into()
            ))
        );
        let month = DateSpan::between(d(2026, 9, 1), d(2026, 9, 30));
        assert_eq!(month.display(), "Sep 2026");
        assert!(!month.several && !DateSpan::day(d(2026, 9, 1)).several);
    }

    #[test]
    fn a_serial_number_is_a_date_whether_a_number_or_text() {
        let october = Ok(Some(DateSpan::day(d(2026, 10, 5))));
        assert_eq!(date(&Value::Number(46300.0)), october);
        assert_eq!(date(&Value::Text(" 46300 ".into())), october);
        assert_eq!(date(&Value::Text("46300.75".into())), october);
        // Out of the serials of 1950 to 2099, a number is not taken for a date, but a
        // year, typed as text or a number, is that calendar year.
        let year = Ok(Some(DateSpan::between(d(2026, 1, 1), d(2026, 12, 31))));
        assert_eq!(date(&Value::Text("2026".into())), year);
        assert_eq!(date(&Value::Number(2026.0)), year);
        assert!(date(&Value::Number(2026.5)).is_err());
        assert!(date(&Value::Number(120.0)).is_err());
        assert!(date(&Value::Text("45,000".into())).is_err());
    }

    #[test]
    fn dates_read_uk_order_only() {
        let day = |t: &str| date(&Value::Text(t.into()));
        assert_eq!(day("31/10/2026"), Ok(Some(DateSpan::day(d(2026, 10, 31)))));
        assert_eq!(day("31-Oct-2026"), Ok(Some(DateSpan::day(d(2026, 10, 31)))));
        // A month in Welsh.
        assert_eq!(
            day("31 Hydref 2026"),
            Ok(Some(DateSpan::day(d(2026, 10, 31))))
        );
        assert_eq!(day("31-Hyd-2026"), Ok(Some(DateSpan::day(d(2026, 10, 31)))));
        assert_eq!(
            day("Mai 2027"),
            Ok(Some(DateSpan::between(d(2027, 5, 1), d(2027, 5, 31))))
        );
        assert_eq!(day("2026-10-31"), Ok(Some(DateSpan::day(d(2026, 10, 31)))));
        assert_eq!(
            day("1st October 2026"),
            Ok(Some(DateSpan::day(d(2026, 10, 1))))
        );
        assert_eq!(day("05/04/26"), Ok(Some(DateSpan::day(d(2026, 4, 5)))));
        // Year, month and day run together, as systems export them, in text or a number.
        assert_eq!(day("20261031"), Ok(Some(DateSpan::day(d(2026, 10, 31)))));
        assert_eq!(
            date(&Value::Number(20261031.0)),
            Ok(Some(DateSpan::day(d(2026, 10, 31))))
        );
        assert!(
            day("31102026").is_err(),
            "day first run together is not guessed"
        );
        assert!(date(&Value::Number(20261331.0)).is_err());
        assert_eq!(
            day("31/10/2026 00:00:00"),
            Ok(Some(DateSpan::day(d(2026, 10, 31))))
        );
        // A due date with the words that lead it in.
        assert_eq!(
            day("By 31/12/2026"),
            Ok(Some(DateSpan::day(d(2026, 12, 31))))
        );
        assert_eq!(
            day("No later than 31 March 2027"),
            Ok(Some(DateSpan::day(d(2027, 3, 31))))
        );
        assert_eq!(
            day("End of Dec 2026"),
            Ok(Some(DateSpan::between(d(2026, 12, 1), d(2026, 12, 31))))
        );
        assert_eq!(
            day("End Dec 2026"),
            Ok(Some(DateSpan::between(d(2026, 12, 1), d(2026, 12, 31))))
        );
        assert_eq!(
            day("By end March 2027"),
            Ok(Some(DateSpan::between(d(2027, 3, 1), d(2027, 3, 31))))
        );
        assert!(day("Endeavour").is_err());
        // A start with no end: when the action is to be in place.
        let april = Ok(Some(DateSpan::between(d(2027, 4, 1), d(2027, 4, 30))));
        for start in [
            "From April 2027",
            "Apr 2027 onwards",
            "April 2027 - onwards",
            "Ongoing from April 2027",
            "With effect from April 2027",
            "Starting Apr 2027",
            "Commencing April 2027",
        ] {
            assert_eq!(day(start), april, "{start}");
        }
        let year = day("2027/28 onwards").unwrap().unwrap();
        assert_eq!(
            (year.earliest, year.latest),
            (d(2027, 4, 1), d(2028, 3, 31))
        );
        assert_eq!(
            day("From 01/04/2027 onwards"),
            Ok(Some(DateSpan::day(d(2027, 4, 1))))
        );
        assert!(day("Onwards").is_err());
        assert!(day("From the team").is_err());
        // One date among words.
        assert_eq!(
            day("Reviewed at DMT 15/10/2026"),
            Ok(Some(DateSpan::day(d(2026, 10, 15))))
        );
        assert_eq!(
            day("JS - 15.10.26"),
            Ok(Some(DateSpan::day(d(2026, 10, 15))))
        );
        assert!(day("Reviewed 15/10/2026, next 15/11/2026").is_err());
        assert!(day("Reviewed at DMT").is_err());
        assert_eq!(
            day("By the end of December 2026"),
            Ok(Some(DateSpan::between(d(2026, 12, 1), d(2026, 12, 31))))
        );
        assert!(day("By the team").is_err());
        assert_eq!(
            day("Oct 2026"),
            Ok(Some(DateSpan::between(d(2026, 10, 1), d(2026, 10, 31))))
        );
        // The month in words first: not ambiguous.
        for text in ["Oct 12 2026", "October 12, 2026", "Oct 12th 2026"] {
            assert_eq!(
                day(text),
                Ok(Some(DateSpan::day(d(2026, 10, 12)))),
                "{text}"
            );
        }
        // As council officers write them.
        assert_eq!(
            day("30th Sept 2026"),
            Ok(Some(DateSpan::day(d(2026, 9, 30))))
        );
        assert_eq!(
            day("Sept. 2026"),
            Ok(Some(DateSpan::between(d(2026, 9, 1), d(2026, 9, 30))))
        );
        for week in [
            "w/c 26/10/2026",
            "W/C 26/10/2026",
            "week commencing 26/10/2026",
        ] {
            assert_eq!(
                day(week),
                Ok(Some(DateSpan::day(d(2026, 10, 26)))),
                "{week}"
            );
        }
        assert!(matches!(day("TBC"), Err(CellProblem::Type(_))));
        assert!(matches!(day("w/c"), Err(CellProblem::Type(_))));
        assert!(matches!(day("10/31/2026"), Err(CellProblem::Type(m)) if m.contains("US-style")));
        assert!(
            matches!(day("31/02/2026"), Err(CellProblem::Type(m)) if m.contains("no 31 February 2026"))
        );
        assert!(matches!(day("31/13/2026"), Err(CellProblem::Type(_))));
        assert_eq!(
            date(&Value::Number(46326.0)),
            Ok(Some(DateSpan::day(d(2026, 10, 31))))
        );
        assert!(date(&Value::Number(4.0)).is_err());
    }
}
