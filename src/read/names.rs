//! What a file's, a folder's, a sheet's or a title's name says: whose register or
//! return it is ("Housing Risk Register Oct 2026" is Housing's), and the period it is
//! for.

use super::period::{financial_year, iso_month, month_index, period_from_text};
use crate::model::Period;

/// Words a sheet's name may hold beside its period ("Risk register Oct 2026", "Q2
/// return", "KPIs Apr-26").
const SHEET_WORDS: [&str; 23] = [
    "risk",
    "risks",
    "register",
    "registers",
    "return",
    "returns",
    "performance",
    "perf",
    "kpi",
    "kpis",
    "pi",
    "pis",
    "data",
    "report",
    "update",
    "monitoring",
    "indicators",
    "measures",
    "service",
    "corporate",
    "directorate",
    "dashboard",
    "scorecard",
];

/// Words of a period as a sheet's name writes it.
fn period_word(word: &str) -> bool {
    let numbered = |prefix: char| {
        word.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    month_index(word).is_some()
        || word.bytes().all(|b| b.is_ascii_digit() || b == b'/')
        || ['q', 'h', 'p', 'm'].into_iter().any(numbered)
        || financial_year(word.strip_prefix("fy").unwrap_or(word)).is_some()
        || [
            "quarter", "qtr", "half", "year", "to", "period", "month", "1st", "2nd", "first",
            "second", "fy",
        ]
        .contains(&word)
}

/// Words of a document rather than of a service, at the start or end of a file's name
/// ("Housing Risk Register v3 FINAL", "KPI return - Highways").
const FILE_WORDS: [&str; 12] = [
    "final",
    "draft",
    "copy",
    "version",
    "updated",
    "template",
    "submission",
    "monthly",
    "quarterly",
    "annual",
    "export",
    "latest",
];

/// A file's name less the period it names and the words of a register or return
/// around the service's: "Housing Risk Register Oct 2026" is "Housing", "KPI_Return_
/// Q2_2026-27_Highways" is "Highways", "Risk and Insurance risk register v2" is "Risk
/// and Insurance". A name that is nothing else ("Risk register") is kept whole.
pub fn service_words(stem: &str) -> Vec<&str> {
    split_file_name(stem).0
}

/// Whether a file's name names no service, only a document and its period ("Risk
/// register", "KPI return Q2 2026-27", "2026-27"): whose it is, its folder says.
pub fn names_no_service(stem: &str) -> bool {
    names_nothing(&split_file_name(stem).0, &SHEET_WORDS)
}

/// Whether a name's words are all words of a document (`document`, or a file's own:
/// "final", "draft") or of a period, and so name no one.
fn names_nothing(words: &[&str], document: &[&str]) -> bool {
    words.iter().all(|word| {
        let lower = word.to_lowercase();
        document.contains(&lower.as_str())
            || FILE_WORDS.contains(&lower.as_str())
            || period_word(&lower)
    })
}

/// Words naming a kind of register or sheet rather than whose it is ("Closed",
/// "Strategic", "Template").
pub const NOT_SERVICES: [&str; 20] = [
    "archive",
    "closed",
    "old",
    "previous",
    "current",
    "live",
    "open",
    "draft",
    "copy",
    "data",
    "master",
    "template",
    "example",
    "new",
    "strategic",
    "operational",
    "project",
    "programme",
    "negative",
    "positive",
];

/// Whose a title above a table says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleOf {
    /// A service's ("Housing Risk Register").
    Service,
    /// A directorate's ("Adults and Health Directorate Risk Register").
    Directorate,
}

/// Whose register or return a title above its header says it is: "Housing Risk
/// Register 2026/27" is the service Housing's, "Adults and Health Directorate Risk
/// Register" the directorate Adults and Health's, "Highways KPI Return Q2" Highways'.
/// None for a title naming no one ("Risk Register", "Corporate Risk Register",
/// "Strategic Risk Register Template", "Anytown Borough Council Risk Register"), or one
/// that is no register's or return's ("Notes", a sentence, a label).
pub fn title_names(text: &str) -> Option<(TitleOf, String)> {
    let text = text.trim();
    if text.len() > 100 || text.contains([':', '\n']) {
        return None;
    }
    let lower: Vec<String> = name_words(text).map(str::to_lowercase).collect();
    let noun = |w: &str| {
        matches!(
            w,
            "register" | "registers" | "return" | "returns" | "scorecard" | "dashboard"
        )
    };
    if !lower.iter().any(|w| noun(w)) || lower.len() > 12 {
        return None;
    }
    // A title that is nothing but a register's words is kept whole: it names no one.
    let text = text.replace(['\u{2013}', '\u{2014}'], "-");
    let kept = service_words(&text);
    let names_no_one = kept.is_empty()
        || kept.iter().any(|w| {
            let w = w.to_lowercase();
            noun(&w)
                || NOT_SERVICES.contains(&w.as_str())
                || matches!(w.as_str(), "council" | "team" | "departmental")
        });
    if names_no_one {
        return None;
    }
    let of = if lower.iter().any(|w| w == "directorate") {
        TitleOf::Directorate
    } else {
        TitleOf::Service
    };
    Some((of, sentence_case(&kept)))
}

/// A title's words as a name is written: "HOUSING AND ESTATES" in capitals is "Housing
/// and Estates", as a file's name is tidied; a short word in capitals is an initialism
/// ("ICT", "ASC") and is kept.
fn sentence_case(words: &[&str]) -> String {
    if words.iter().any(|w| w.chars().any(char::is_lowercase)) {
        return words.join(" ");
    }
    let lowered: Vec<String> = words
        .iter()
        .map(|word| {
            if word.chars().count() > 3 {
                word.to_lowercase()
            } else {
                word.to_string()
            }
        })
        .collect();
    super::discover::tidy_name(&lowered.join(" "))
}

/// A folder's name less its period and the words of returns around the directorate's
/// ("Adults and Communities - October 2026 returns" is "Adults and Communities"); none
/// where nothing else is left ("returns", "October 2026 returns").
pub fn folder_words(name: &str) -> Option<Vec<&str>> {
    // Not "corporate", "service" or "directorate": a directorate may be called so.
    const FOLDER_WORDS: [&str; 21] = [
        "returns",
        "return",
        "submissions",
        "submission",
        "registers",
        "register",
        "risk",
        "risks",
        "performance",
        "kpi",
        "kpis",
        "pi",
        "pis",
        "indicators",
        "measures",
        "data",
        "reports",
        "report",
        "received",
        "inbox",
        "latest",
    ];
    let words = split_name(name, |w| FOLDER_WORDS.contains(&w)).0;
    (!names_nothing(&words, &FOLDER_WORDS)).then_some(words)
}

/// The period a file's name gives ("housing-september-2026", "Highways Q2 2026-27"),
/// read for the financial year `year` where it names none.
pub fn file_period(stem: &str, year: i32) -> Option<Period> {
    let words = split_file_name(stem).1;
    // "2026-27" was split at its dash: the two halves are one financial year.
    let mut joined: Vec<String> = Vec::new();
    let mut rest = words.iter().peekable();
    while let Some(word) = rest.next() {
        match rest.peek() {
            Some(next) if financial_year(&format!("{word}/{next}")).is_some() => {
                joined.push(format!("{word}/{next}"));
                rest.next();
            }
            _ => joined.push(word.to_string()),
        }
    }
    if joined.is_empty() {
        return None;
    }
    period_from_text(&joined.join(" "), year)
}

/// A file's name in two: the words of its service, and those of its period.
fn split_file_name(stem: &str) -> (Vec<&str>, Vec<&str>) {
    split_name(stem, |w| SHEET_WORDS.contains(&w))
}

/// A name's words: a file's, a sheet's or a title's, parted by spaces, dashes,
/// underscores, stops, brackets and commas.
fn name_words(name: &str) -> impl Iterator<Item = &str> {
    name.split(|c: char| c.is_whitespace() || matches!(c, '_' | '-' | '.' | '(' | ')' | ','))
        .filter(|w| !w.is_empty())
}

/// A name in two, the words of what it names and those of its period, `words_of_document`
/// saying which words (lower case) may stand around the first as a document's.
fn split_name(stem: &str, words_of_document: impl Fn(&str) -> bool) -> (Vec<&str>, Vec<&str>) {
    let words: Vec<&str> = name_words(stem).collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    // Months, quarters, halves and years; then the words and numbers beside them
    // ("Month 6", "Oct 26", "2026 27").
    let strong = |w: &str| {
        let numbered = |prefix: char| {
            w.strip_prefix(prefix)
                .is_some_and(|n| n.len() == 1 && n.bytes().all(|b| b.is_ascii_digit()))
        };
        month_index(w).is_some()
            || ['q', 'h'].into_iter().any(numbered)
            || financial_year(w.strip_prefix("fy").unwrap_or(w)).is_some()
            || (w.len() == 4 && w.starts_with("20") && w.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut dropped: Vec<bool> = lower.iter().map(|w| strong(w)).collect();
    loop {
        let mut more = false;
        for i in 0..lower.len() {
            let beside = (i > 0 && dropped[i - 1]) || dropped.get(i + 1).copied().unwrap_or(false);
            if !dropped[i] && beside && period_word(&lower[i]) {
                dropped[i] = true;
                more = true;
            }
        }
        if !more {
            break;
        }
    }
    let kept: Vec<(&str, &str)> = words
        .iter()
        .zip(&lower)
        .zip(&dropped)
        .filter(|(_, dropped)| !**dropped)
        .map(|((word, lower), _)| (*word, lower.as_str()))
        .collect();
    // A copy's number ("housing (2)", "01 Highways") is no part of the service's name.
    let document = |w: &str| {
        words_of_document(w)
            || FILE_WORDS.contains(&w)
            || (w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()))
            || (w.len() >= 2 && w.starts_with('v') && w[1..].bytes().all(|b| b.is_ascii_digit()))
    };
    // A document word joined to the next by "and" or "of" is the service's own
    // ("Risk and Insurance").
    let joining = |w: &str| matches!(w, "and" | "&" | "of" | "for" | "the");
    let start = kept
        .iter()
        .position(|(_, w)| !document(w))
        .map(|mut start| {
            while start > 0 && joining(kept[start].1) {
                start -= 1;
            }
            start
        });
    // "Services" alone names no service: "Corporate Services" is one.
    let start = start.map(|start| {
        if start > 0 && kept[start].1 == "services" {
            start - 1
        } else {
            start
        }
    });
    let end = kept.iter().rposition(|(_, w)| !document(w));
    let period: Vec<&str> = words
        .iter()
        .zip(&dropped)
        .filter(|(_, dropped)| **dropped)
        .map(|(word, _)| *word)
        .collect();
    match (start, end) {
        (Some(start), Some(end)) => (kept[start..=end].iter().map(|(w, _)| *w).collect(), period),
        _ => (words, Vec::new()),
    }
}

/// The period a sheet's name is, where it is one and nothing else but words of a
/// register or return: "Oct 2026", "October", "Sept 26", "Q2", "Q2 2026-27",
/// "2026-27", "Risk register Oct 26". "Apr" or "Q1" alone take `year`, the financial
/// year. Returns the period and whether the name gave its year.
pub fn sheet_period(name: &str, year: i32) -> Option<(Period, bool)> {
    let lower = name.trim().to_lowercase();
    // "2026-27" is one word, a year; other dashes part words ("Oct-26").
    let words: Vec<String> = lower
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '_' | ',' | '(' | ')' | '\'' | '\u{2019}')
        })
        .flat_map(|word| match financial_year(&word.replace('-', "/")) {
            Some(_) => vec![word.replace('-', "/")],
            None => word.split(['-', '.']).map(str::to_string).collect(),
        })
        .filter(|w| !w.is_empty() && !SHEET_WORDS.contains(&w.as_str()))
        .collect();
    if words.is_empty() || !words.iter().all(|w| period_word(w)) {
        return None;
    }
    let text = words.join(" ");
    // "2026-04" was split by the dash: read the name whole for it.
    let period = iso_month(name).or_else(|| period_from_text(&text, year))?;
    let own_year = period_from_text(&text, year - 1) == Some(period) || iso_month(name).is_some();
    Some((period, own_year))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PeriodPart;
    use chrono::NaiveDate;

    #[test]
    fn a_title_above_a_table_names_its_service_or_directorate() {
        let named = title_names;
        for (text, name) in [
            ("Housing Risk Register 2026/27", "Housing"),
            ("Housing Service Risk Register", "Housing"),
            (
                "Legal Services Risk Register - October 2026",
                "Legal Services",
            ),
            ("Highways KPI Return Q2 2026-27", "Highways"),
            (
                "Revenues and Benefits Performance Scorecard",
                "Revenues and Benefits",
            ),
            ("Corporate Services Risk Register", "Corporate Services"),
            (
                "HOUSING AND ESTATES RISK REGISTER 2026/27",
                "Housing and Estates",
            ),
            ("ICT RISK REGISTER", "ICT"),
        ] {
            assert_eq!(named(text), Some((TitleOf::Service, name.into())), "{text}");
        }
        for text in [
            "Adults and Health Directorate Risk Register",
            "Adults and Health Directorate \u{2013} Service Risk Register",
            "Risk Register - Q2 2026/27 - Adults and Health Directorate",
        ] {
            assert_eq!(
                named(text),
                Some((TitleOf::Directorate, "Adults and Health".into())),
                "{text}"
            );
        }
        for text in [
            "Risk Register",
            "Risk Register 2026/27",
            "Corporate Risk Register",
            "Strategic Risk Register Template",
            "Directorate Risk Register",
            "Anytown Borough Council Risk Register",
            "Housing",
            "Service: Housing",
            "Please return this register to the performance team by 5 November",
        ] {
            assert_eq!(named(text), None, "{text}");
        }
    }

    #[test]
    fn sheets_named_for_a_period() {
        let named = |name: &str| sheet_period(name, 2026).map(|(p, own)| (p.to_string(), own));
        let own = |text: &str| Some((text.to_string(), true));
        let bare = |text: &str| Some((text.to_string(), false));
        assert_eq!(named("Oct 2026"), own("Oct 2026"));
        assert_eq!(named("Oct-26"), own("Oct 2026"));
        assert_eq!(named("Sept 26"), own("Sep 2026"));
        assert_eq!(named("Oct '26"), own("Oct 2026"));
        assert_eq!(named("2026-10"), own("Oct 2026"));
        assert_eq!(named("October"), bare("Oct 2026"));
        assert_eq!(named("Jan"), bare("Jan 2027"));
        assert_eq!(named("Q2"), bare("Q2 2026/27"));
        assert_eq!(named("Q2 2025-26"), own("Q2 2025/26"));
        assert_eq!(named("2025-26"), own("2025/26"));
        assert_eq!(named("Risk Register Oct 26"), own("Oct 2026"));
        assert_eq!(named("Q3 return"), bare("Q3 2026/27"));
        assert_eq!(named("P6"), bare("Sep 2026"));
        for not_a_period in [
            "Highways",
            "Sheet1",
            "Closed risks",
            "Register",
            "Q2 closed risks",
            "March Road depot",
            "Market share",
            "Summary 2026",
            "",
        ] {
            assert_eq!(named(not_a_period), None, "{not_a_period}");
        }
    }

    #[test]
    fn the_period_a_files_name_gives() {
        let month = |y, m| Some(Period::month_of(NaiveDate::from_ymd_opt(y, m, 1).unwrap()));
        assert_eq!(file_period("housing-september-2026", 2026), month(2026, 9));
        assert_eq!(
            file_period("Housing Risk Register Oct 26", 2026),
            month(2026, 10)
        );
        assert_eq!(file_period("housing september", 2026), month(2026, 9));
        assert_eq!(
            file_period("KPI_Return_Q2_2026-27_Highways", 2025),
            Some(Period {
                year: 2026,
                part: PeriodPart::Quarter(2)
            })
        );
        assert_eq!(file_period("housing", 2026), None);
        assert_eq!(file_period("Back to Work", 2026), None);
    }
}
