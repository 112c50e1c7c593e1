//! Reading one cell as its field's type. Every function returns the officer-facing
//! reason when the cell cannot be read, so the caller can make a `cell.type` finding.

use super::grid::{Value, format_number};
use crate::model::{DateSpan, Kind, Rating};
use crate::schema::{Framework, Scale};
use chrono::{Datelike, Duration, NaiveDate};

/// What went wrong reading a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum CellProblem {
    /// The cell holds an Excel error value.
    FormulaError(String),
    /// The value is not of the field's type; the text says what was expected.
    Type(String),
}

/// A cell's text, trimmed; numbers and dates as an officer would write them.
pub fn text(value: &Value) -> Result<Option<String>, CellProblem> {
    match value {
        Value::Error(e) => Err(CellProblem::FormulaError(e.clone())),
        v if v.is_blank() => Ok(None),
        v => Ok(Some(v.display())),
    }
}

/// A number from a number cell or from text such as " 4 ", "1,250" or "85%".
pub fn number_from_text(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('%')
        .trim_start_matches('£')
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// A 1-5 scale value: 4, " 4 ", "4 - Likely", "4 Likely", "Likely (4)", "Likely".
/// Out-of-range numbers are returned as read; the checks report them.
pub fn scale(value: &Value, scale: &Scale) -> Result<Option<f64>, CellProblem> {
    let text = match value {
        Value::Error(e) => return Err(CellProblem::FormulaError(e.clone())),
        Value::Number(n) => return Ok(Some(*n)),
        Value::Text(t) if t.trim().is_empty() => return Ok(None),
        Value::Text(t) => t.trim(),
        Value::Empty => return Ok(None),
        other => return Err(scale_error(&other.display(), scale)),
    };
    if let Some(n) = number_from_text(text) {
        return Ok(Some(n));
    }
    let (number, label) = split_number_and_label(text);
    let level = (!label.is_empty())
        .then(|| scale.level_of_label(&label))
        .flatten();
    match (number, level) {
        (Some(n), Some(level)) if n != f64::from(level) => Err(CellProblem::Type(format!(
            "'{text}' gives the number {} but the label {label} means {level} on the {} scale",
            format_number(n),
            scale.name.to_lowercase()
        ))),
        (Some(n), _) => Ok(Some(n)),
        (None, Some(level)) => Ok(Some(f64::from(level))),
        (None, None) => Err(scale_error(text, scale)),
    }
}

fn scale_error(text: &str, scale: &Scale) -> CellProblem {
    let labels: Vec<String> = scale
        .levels
        .iter()
        .map(|l| format!("{} {}", l.value, l.labels[0]))
        .collect();
    CellProblem::Type(format!(
        "'{text}' is not a {}: expected a number from 1 to 5 or its label ({})",
        scale.name.to_lowercase(),
        labels.join(", ")
    ))
}

/// Split "4 - Likely", "Likely (4)", "4. Likely" into the number and the label.
fn split_number_and_label(text: &str) -> (Option<f64>, String) {
    let trimmed = text.trim();
    let leading: String = trimmed
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let leading = leading.trim_end_matches('.');
    if !leading.is_empty() {
        let rest = trimmed[leading.len()..].trim_start_matches(|c: char| !c.is_alphanumeric());
        return (leading.parse().ok(), rest.trim().to_string());
    }
    let trailing: String = trimmed
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if !trailing.is_empty() {
        let cut = trimmed.trim_end_matches(|c: char| !c.is_alphanumeric());
        let label =
            cut[..cut.len() - trailing.len()].trim_end_matches(|c: char| !c.is_alphanumeric());
        return (trailing.parse().ok(), label.trim().to_string());
    }
    (None, trimmed.to_string())
}

/// A score: a number or numeric text.
pub fn score(value: &Value) -> Result<Option<f64>, CellProblem> {
    match value {
        Value::Error(e) => Err(CellProblem::FormulaError(e.clone())),
        Value::Number(n) => Ok(Some(*n)),
        v if v.is_blank() => Ok(None),
        Value::Text(t) => number_from_text(t).map(Some).ok_or_else(|| {
            CellProblem::Type(format!(
                "'{}' is not a score: expected a number from 1 to 25",
                t.trim()
            ))
        }),
        other => Err(CellProblem::Type(format!(
            "'{}' is not a score: expected a number from 1 to 25",
            other.display()
        ))),
    }
}

/// A rating: a band name or colour, or a number (then it is a score).
pub fn rating(value: &Value, framework: &Framework) -> Result<Option<Rating>, CellProblem> {
    let text = match value {
        Value::Error(e) => return Err(CellProblem::FormulaError(e.clone())),
        Value::Number(n) => return Ok(Some(Rating::Score(*n))),
        v if v.is_blank() => return Ok(None),
        other => other.display(),
    };
    if let Some(n) = number_from_text(&text) {
        return Ok(Some(Rating::Score(n)));
    }
    if let Some(band) = framework.band_named(&text) {
        return Ok(Some(Rating::Band {
            band: band.name.clone(),
            written: text.trim().to_string(),
        }));
    }
    // "12 - High", "High (12)": the words decide the band.
    let (_, label) = split_number_and_label(&text);
    if let Some(band) = framework.band_named(&label) {
        return Ok(Some(Rating::Band {
            band: band.name.clone(),
            written: text.trim().to_string(),
        }));
    }
    let names: Vec<String> = framework.bands.iter().map(|b| b.name.clone()).collect();
    Err(CellProblem::Type(format!(
        "'{text}' is not a rating: expected one of {} (or Green, Amber, Red), or the score",
        names.join(", ")
    )))
}

/// Risk or opportunity; anything that is not an opportunity word is a risk
/// (councils put "Strategic" or "Operational" in a type column).
pub fn kind(value: &Value) -> Result<Option<Kind>, CellProblem> {
    Ok(text(value)?.map(|t| {
        let t = t.to_lowercase();
        if t.contains("opportun") || t == "o" || t == "positive" {
            Kind::Opportunity
        } else {
            Kind::Risk
        }
    }))
}

/// Whether a status means the risk is closed.
pub fn is_closed_status(status: &str) -> bool {
    let s = status.trim().to_lowercase();
    [
        "closed",
        "archived",
        "retired",
        "ceased",
        "deleted",
        "removed",
        "expired",
        "no longer a risk",
    ]
    .iter()
    .any(|word| s.starts_with(word))
}

/// Whether an action's progress means it is done.
pub fn is_complete_status(status: &str) -> bool {
    let s = status.trim().to_lowercase();
    [
        "complete",
        "completed",
        "done",
        "closed",
        "finished",
        "implemented",
        "achieved",
        "100%",
        "delivered",
    ]
    .iter()
    .any(|word| s.starts_with(word))
}

const DAY_FORMATS: &[&str] = &[
    "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d-%b-%Y", "%d %b %Y", "%d %B %Y",
    "%d-%B-%Y", "%d/%m/%y", "%d-%m-%y", "%d.%m.%y", "%d-%b-%y", "%d %b %y", "%d %B %y",
];
const MONTH_FORMATS: &[&str] = &[
    "%b %Y", "%B %Y", "%b-%Y", "%B-%Y", "%b-%y", "%b %y", "%m/%Y", "%Y-%m",
];

/// The Excel serial day number's date (1900 system).
pub fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_signed(Duration::days(serial.floor() as i64))
}

/// A date from a date cell, an Excel serial, ISO text or UK text; never US order.
pub fn date(value: &Value) -> Result<Option<DateSpan>, CellProblem> {
    match value {
        Value::Error(e) => Err(CellProblem::FormulaError(e.clone())),
        Value::DateTime(dt) => Ok(Some(DateSpan::day(dt.date()))),
        Value::Number(n) if (18264.0..=73051.0).contains(n) => {
            Ok(excel_serial_date(*n).map(DateSpan::day))
        }
        Value::Number(n) => Err(CellProblem::Type(format!(
            "the number {} is not a date: expected a date such as 31/10/2026",
            format_number(*n)
        ))),
        v if v.is_blank() => Ok(None),
        Value::Text(t) => date_from_text(t).map(Some).map_err(CellProblem::Type),
        Value::Bool(_) | Value::Empty => Err(CellProblem::Type(format!(
            "'{}' is not a date: expected a date such as 31/10/2026",
            value.display()
        ))),
    }
}

fn date_from_text(raw: &str) -> Result<DateSpan, String> {
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
    for format in MONTH_FORMATS {
        if let Ok(first) = NaiveDate::parse_from_str(&format!("01 {text}"), &format!("%d {format}"))
            && first.year() >= 1950
            && first.year() <= 2099
        {
            let next = first
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(first);
            return Ok(DateSpan {
                earliest: first,
                latest: next.pred_opt().unwrap_or(first),
            });
        }
    }
    Err(explain_bad_date(raw.trim()))
}

/// Collapse spaces, drop ordinals ("31st"), a leading weekday ("Friday") or week
/// ("w/c", "week commencing"), and read "Sept" as "Sep".
fn normalise_date_text(raw: &str) -> String {
    let mut words: Vec<String> = raw
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix = &w[digits.len()..];
            if !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit())
                && ["st", "nd", "rd", "th"].contains(&suffix.to_lowercase().as_str())
            {
                digits.to_string()
            } else if w.trim_end_matches('.').eq_ignore_ascii_case("sept") {
                "Sep".to_string()
            } else {
                w.to_string()
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
    use crate::schema::Schema;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn scale_values_read_as_numbers_and_labels() {
        let schema = Schema::embedded().unwrap();
        let l = &schema.framework.likelihood;
        for text in [
            "4",
            " 4 ",
            "4 - Likely",
            "4 Likely",
            "Likely (4)",
            "Likely",
            "likely",
            "4. Likely",
            "Likely - 4",
        ] {
            assert_eq!(scale(&Value::Text(text.into()), l), Ok(Some(4.0)), "{text}");
        }
        assert_eq!(
            scale(&Value::Text("Almost certain".into()), l),
            Ok(Some(5.0))
        );
        assert_eq!(scale(&Value::Text("Certain".into()), l), Ok(Some(5.0)));
        assert_eq!(scale(&Value::Number(7.0), l), Ok(Some(7.0)));
        assert!(
            matches!(scale(&Value::Text("High-ish".into()), l), Err(CellProblem::Type(m)) if m.contains("not a likelihood"))
        );
        assert!(
            matches!(scale(&Value::Text("4 - Rare".into()), l), Err(CellProblem::Type(m)) if m.contains("means 1"))
        );
        assert_eq!(
            scale(&Value::Error("#REF!".into()), l),
            Err(CellProblem::FormulaError("#REF!".into()))
        );
    }

    #[test]
    fn dates_read_uk_order_only() {
        let day = |t: &str| date(&Value::Text(t.into()));
        assert_eq!(day("31/10/2026"), Ok(Some(DateSpan::day(d(2026, 10, 31)))));
        assert_eq!(day("31-Oct-2026"), Ok(Some(DateSpan::day(d(2026, 10, 31)))));
        assert_eq!(day("2026-10-31"), Ok(Some(DateSpan::day(d(2026, 10, 31)))));
        assert_eq!(
            day("1st October 2026"),
            Ok(Some(DateSpan::day(d(2026, 10, 1))))
        );
        assert_eq!(day("05/04/26"), Ok(Some(DateSpan::day(d(2026, 4, 5)))));
        assert_eq!(
            day("31/10/2026 00:00:00"),
            Ok(Some(DateSpan::day(d(2026, 10, 31))))
        );
        assert_eq!(
            day("Oct 2026"),
            Ok(Some(DateSpan {
                earliest: d(2026, 10, 1),
                latest: d(2026, 10, 31)
            }))
        );
        // As council officers write them.
        assert_eq!(
            day("30th Sept 2026"),
            Ok(Some(DateSpan::day(d(2026, 9, 30))))
        );
        assert_eq!(
            day("Sept. 2026"),
            Ok(Some(DateSpan {
                earliest: d(2026, 9, 1),
                latest: d(2026, 9, 30)
            }))
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

    #[test]
    fn numbers_from_text() {
        assert_eq!(number_from_text(" 4 "), Some(4.0));
        assert_eq!(number_from_text("1,250"), Some(1250.0));
        assert_eq!(number_from_text("85%"), Some(85.0));
        assert_eq!(number_from_text("four"), None);
    }

    #[test]
    fn ratings_read_names_colours_and_numbers() {
        let schema = Schema::embedded().unwrap();
        let f = &schema.framework;
        assert_eq!(
            rating(&Value::Text("Amber".into()), f),
            Ok(Some(Rating::Band {
                band: "Medium".into(),
                written: "Amber".into()
            }))
        );
        assert_eq!(
            rating(&Value::Text("Very High".into()), f),
            Ok(Some(Rating::Band {
                band: "Very high".into(),
                written: "Very High".into()
            }))
        );
        assert_eq!(
            rating(&Value::Text("12 - High".into()), f),
            Ok(Some(Rating::Band {
                band: "High".into(),
                written: "12 - High".into()
            }))
        );
        assert_eq!(
            rating(&Value::Number(12.0), f),
            Ok(Some(Rating::Score(12.0)))
        );
        assert!(rating(&Value::Text("Bluish".into()), f).is_err());
    }
}
