//! Reading one cell as its field's type. Every function returns the officer-facing
//! reason when the cell cannot be read, so the caller can make a `cell.type` finding.
//! Likelihoods, impacts, scores and ratings are read in `scores`, dates in `dates`;
//! this file reads text, numbers, statuses and placeholders.

use super::grid::{Value, format_number};
use crate::finding::{Finding, Rule};
use crate::model::Kind;
use crate::schema::squash;

mod dates;
mod scores;

use dates::date_from_text;

pub use dates::{
    date, date_lines, dates_in_text, excel_serial_date, has_several_lines, is_date_range,
    is_no_date, serial_date,
};
pub use scores::{
    band_after_score, four_colour_rating, likelihood_and_impact, out_of, rating, rating_by_fill,
    scale, score, score_factors,
};

/// What went wrong reading a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum CellProblem {
    /// The cell holds an Excel error value.
    FormulaError(String),
    /// The value is not of the field's type; the text says what was expected.
    Type(String),
    /// The cell holds a formula (its text, without `=`) whose result the file does
    /// not hold.
    Uncalculated(String),
}

impl CellProblem {
    /// The finding for this problem in the field labelled `label`, in words for the
    /// officer; the caller places it.
    pub fn finding(self, file: &str, label: &str) -> Finding {
        match self {
            CellProblem::FormulaError(error) => Finding::file(
                file,
                Rule::CellFormulaError,
                format!(
                    "{label} shows the Excel error {error}: fix the formula or the cells it uses so a value can be read"
                ),
            ),
            CellProblem::Type(reason) => {
                Finding::file(file, Rule::CellType, format!("{label}: {reason}"))
            }
            CellProblem::Uncalculated(formula) => Finding::file(
                file,
                Rule::CellFormulaUncalculated,
                format!(
                    "{label} holds the formula ={formula}, but the file does not hold its result: it was saved by a program that does not work formulas out. Open it in Excel or LibreOffice, save it, and check it again"
                ),
            ),
        }
    }
}

/// What makes a cell unreadable whatever its field: an Excel error value, or a
/// formula whose result was never saved.
pub fn formula_problem(value: &Value) -> Option<CellProblem> {
    match value {
        Value::Error(e) => Some(CellProblem::FormulaError(e.clone())),
        Value::Uncalculated(formula) => Some(CellProblem::Uncalculated(formula.clone())),
        _ => None,
    }
}

/// A cell's text, trimmed; numbers and dates as an officer would write them.
pub fn text(value: &Value) -> Result<Option<String>, CellProblem> {
    if let Some(problem) = formula_problem(value) {
        return Err(problem);
    }
    match value {
        v if v.is_blank() => Ok(None),
        v => Ok(Some(v.display())),
    }
}

/// An action's status as text: a number is how far through it is, a fraction (0.5, as
/// a cell formatted as a percentage holds 50%) or a percentage (50), written "50%", so
/// that 1 and 100 read as complete.
pub fn status_text(value: &Value) -> Result<Option<String>, CellProblem> {
    match value {
        Value::Number(n) if (0.0..=1.0).contains(n) => {
            Ok(Some(format!("{}%", format_number(n * 100.0))))
        }
        Value::Number(n) if (1.0..=100.0).contains(n) => {
            Ok(Some(format!("{}%", format_number(*n))))
        }
        other => text(other),
    }
}

/// A number from a number cell or from text such as " 4 ", "1,250" or "85%". Commas
/// and spaces are read only as thousands separators ("1,250", "12 500"): "3,3", "12,5"
/// (a decimal comma) and "4 3" are not numbers, where dropping them would read 33, 125
/// and 43.
pub fn number_from_text(text: &str) -> Option<f64> {
    let trimmed = text.trim().trim_end_matches('%').trim_end();
    let trimmed = trimmed.trim_start_matches('£').trim_start();
    let is_separator = |c: char| c == ',' || c.is_whitespace();
    if trimmed.contains(is_separator) && !thousands_grouped(trimmed, is_separator) {
        return None;
    }
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !is_separator(*c))
        // The minus sign of typesetting, and the en dash a word processor makes of a
        // hyphen: "−5" is -5.
        .map(|c| match c {
            '\u{2212}' | '\u{2013}' => '-',
            c => c,
        })
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Whether `text` has its separators only between threes of digits in its whole-number
/// part: "1,250", "-12 500.5", "- 5", "£1,000,000"; not "3,3", "1,25,0" or "1.2 3".
fn thousands_grouped(text: &str, is_separator: impl Fn(char) -> bool + Copy) -> bool {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let whole = whole
        .trim_start_matches(['-', '+', '\u{2212}', '\u{2013}', '£'])
        .trim_start();
    let whole = whole.trim_start_matches('£');
    let mut groups = whole.split(is_separator);
    let first = groups.next().unwrap_or("");
    !fraction.contains(is_separator)
        && (1..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// The arrows a register or return puts beside a score or figure to show which way it
/// moved since the last review or period ("12 ↑", "▼ 9", "85% ↑"): its trend, not part
/// of it.
pub const TREND_ARROWS: &[char] = &[
    '\u{2191}', '\u{2193}', '\u{2194}', '\u{2192}', '\u{2190}', '\u{2197}', '\u{2198}', '\u{2195}',
    '\u{25b2}', '\u{25bc}', '\u{25ba}', '\u{25c4}', '\u{25b6}', '\u{25c0}', '\u{2b06}', '\u{2b07}',
    '\u{27a1}', '\u{21e7}', '\u{21e9}',
];

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

/// Whether a status means the risk is closed on this register: closed, archived …, or
/// moved to another register or merged into another risk ("Transferred to Housing",
/// "Merged with S1"; "Transferred from Housing" is this register's now). In two
/// languages ("Ar gau / Closed"), the part that says so, where the other does not say
/// it is open ("Open/Closed", a drop-down's choices, is no status).
pub fn is_closed_status(status: &str) -> bool {
    let open = [
        "open",
        "live",
        "active",
        "current",
        "new",
        // Welsh: open ("Agored", "Ar agor"), live, active, new.
        "agored",
        "aragor",
        "byw",
        "gweithredol",
        "newydd",
    ];
    says_in_either_language(status, closed_in_words, &open)
}

/// Whether `text` says what `says` reads, in one language or in two ("Ar gau /
/// Closed"): in two, the part that says it, where the other does not say the opposite
/// (one of `not`, squashed: "Open/Closed", a drop-down's choices, says neither).
pub fn says_in_either_language(text: &str, says: impl Fn(&str) -> bool, not: &[&str]) -> bool {
    let part = |part: &str| {
        if says(part) {
            Some(true)
        } else {
            not.contains(&squash(part).as_str()).then_some(false)
        }
    };
    // Each part read once: two that differ say neither, else either part may say it.
    match crate::schema::parts_read(text, part) {
        Some((Some(one), Some(other))) if one != other => false,
        Some((one, other)) => says(text) || one.or(other).unwrap_or(false),
        None => says(text),
    }
}

fn closed_in_words(status: &str) -> bool {
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
        "no longer relevant",
        // Not live: kept on the sheet, off the register.
        "inactive",
        "dormant",
        "withdrawn",
        // Held on another register now, or in another risk: not this one's to manage.
        "transferred to",
        "moved to",
        "merged",
        "superseded",
        "replaced by",
        "combined with",
        // Happened: a risk become an issue (managed on the issue log), an opportunity
        // taken.
        "realised",
        "realized",
        "materialised",
        "now an issue",
        "became an issue",
    ]
    .iter()
    .any(|word| s.starts_with(word))
        || {
            // Welsh: "Ar gau", "Wedi cau", "Wedi'i gau" (closed), "Caeedig", "Wedi'i
            // archifo" (archived), "Wedi'i drosglwyddo i" (transferred to).
            let key = squash(status);
            [
                "argau",
                "wedicau",
                "wediigau",
                "caeedig",
                "wediiarchifo",
                "wediidrosglwyddo",
            ]
            .iter()
            .any(|word| key.starts_with(word))
        }
}

/// Words saying a value is still to come, whatever the field: "TBC", "TBA", "TBD",
/// "To be confirmed", "To be agreed", "Not known".
pub fn is_to_be_confirmed(text: &str) -> bool {
    matches!(
        crate::schema::squash(text).as_str(),
        "tbc"
            | "tba"
            | "tbd"
            | "tbconfirmed"
            | "tobeconfirmed"
            | "tobeagreed"
            | "notknown"
            | "unknown"
    )
}

/// Text standing for "not applicable" where a value would go: "N/A", "n/a", "-",
/// "None", "Closed" (a closed risk's scores are often written so).
pub fn is_not_applicable(text: &str) -> bool {
    matches!(
        squash(text).as_str(),
        "na" | "notapplicable" | "none" | "closed" | "nil"
    ) || is_dash(text)
}

/// A dash alone, as typed or as a word processor makes it ("-", "--", "–", "—"): no
/// value, in a register or a return.
pub fn is_dash(text: &str) -> bool {
    matches!(text.trim(), "-" | "--" | "\u{2013}" | "\u{2014}")
}

/// Text in two at its first dash between spaces, typed or as a word processor makes it
/// ("85 - see note", "N/A – data lag").
pub fn split_at_dash(text: &str) -> Option<(&str, &str)> {
    text.split_once(" - ")
        .or_else(|| text.split_once(" \u{2013} "))
}

/// The words before a note that gives no figure or date ("TBC" of "TBC: awaiting
/// funding", "Ongoing (reviewed monthly)", "N/A - data lag"): the note is after a colon,
/// a bracket, a comma or a dash between spaces.
pub fn before_a_note(text: &str) -> Option<&str> {
    let (first, note) = text
        .split_once([':', '(', ','])
        .or_else(|| split_at_dash(text))?;
    (!note.contains(|c: char| c.is_ascii_digit()) && !first.trim().is_empty()).then_some(first)
}

/// Words in a due date's cell that say the action is done rather than when it is due:
/// "Complete", "Completed", "Done", "Achieved".
pub fn is_done(text: &str) -> bool {
    let squashed = squash(text);
    let word = squashed.strip_prefix("action").unwrap_or(&squashed);
    if DONE_WORDS.contains(&word) || done_in_welsh(word) {
        return true;
    }
    // "Completed Sept 2026", "Done - 15/09/2026", "Complete (Oct 2026)": done, and when;
    // not "Complete by 31/12/2026", which is when it is due.
    let lower = text.trim().to_lowercase();
    let lower = lower
        .strip_prefix("action")
        .map_or(lower.as_str(), str::trim_start);
    DONE_WORDS.iter().any(|word| {
        lower
            .strip_prefix(word)
            .filter(|rest| rest.starts_with(|c: char| !c.is_alphanumeric()))
            .is_some_and(|rest| {
                let rest = rest.trim_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '-' | ':' | '(' | ')' | ',' | '\u{2013}')
                });
                let rest = ["on ", "in "]
                    .iter()
                    .find_map(|lead| rest.strip_prefix(lead))
                    .unwrap_or(rest);
                !rest.is_empty() && date_from_text(rest).is_ok()
            })
    })
}

/// Whether squashed text says an action is done in Welsh: "Cwblhawyd", "Wedi cwblhau",
/// "Wedi'i gwblhau" (completed), "Wedi gorffen" (finished), "Cyflawnwyd" (achieved).
fn done_in_welsh(squashed: &str) -> bool {
    [
        "cwblhawyd",
        "wedicwblhau",
        "wediigwblhau",
        "wedigorffen",
        "cyflawnwyd",
    ]
    .iter()
    .any(|word| squashed.starts_with(word))
}

/// The words that say an action is done, in a due date's cell or a status column.
const DONE_WORDS: [&str; 8] = [
    "complete",
    "completed",
    "done",
    "achieved",
    "implemented",
    "finished",
    "closed",
    "delivered",
];

/// Words a template puts under its header to say what a column wants, not a value:
/// "1-5", "L x I", "dd/mm/yyyy", "Auto", "Select from drop-down".
pub fn is_placeholder(text: &str) -> bool {
    let squashed = squash(text);
    squashed.starts_with("ddmm")
        || squashed.starts_with("mmyy")
        || squashed.starts_with("auto")
        || squashed.starts_with("selectfrom")
        || squashed.contains("dropdown")
        || [
            "15",
            "1to5",
            "125",
            "1to25",
            "lxi",
            "ixl",
            "likelihoodximpact",
            "impactxlikelihood",
            "formula",
            "calculated",
            "select",
            "fromlist",
            "date",
            "text",
            "number",
            "yesno",
            "rag",
        ]
        .contains(&squashed.as_str())
}

/// Whether an action's progress means it is done; in two languages ("Wedi'i gwblhau /
/// Complete"), the part the framework knows.
pub fn is_complete_status(status: &str) -> bool {
    fn complete(status: &str) -> bool {
        let s = status.trim().to_lowercase();
        s.starts_with("100%")
            || DONE_WORDS.iter().any(|word| s.starts_with(word))
            || done_in_welsh(&squash(status))
    }
    const UNDER_WAY: [&str; 13] = [
        "ongoing",
        "inprogress",
        "notstarted",
        "open",
        "overdue",
        "ontrack",
        "delayed",
        "started",
        // Welsh: in progress ("Ar waith", "Ar y gweill"), ongoing, not started, late.
        "arwaith",
        "arygweill",
        "parhaus",
        "hebddechrau",
        "hwyr",
    ];
    says_in_either_language(status, complete, &UNDER_WAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_action_is_complete_in_either_language() {
        for (status, complete) in [
            ("Complete", true),
            ("100% - signed off", true),
            ("Wedi'i gwblhau / Complete", true),
            ("Completed / Wedi'i gwblhau", true),
            ("Ar y gweill / Ongoing", false),
            // Welsh alone.
            ("Wedi'i gwblhau", true),
            ("Cwblhawyd", true),
            ("Ar waith", false),
            // Two parts that disagree: not done.
            ("Ongoing / Complete", false),
            ("Ar y gweill / Complete", false),
            ("Complete / In progress", false),
        ] {
            assert_eq!(is_complete_status(status), complete, "{status}");
        }
    }

    #[test]
    fn a_status_says_closed_in_either_language() {
        for (status, closed) in [
            ("Closed", true),
            ("Closed - merged with HW-02", true),
            ("Ar gau / Closed", true),
            ("Closed / Ar gau", true),
            ("Ar agor / Open", false),
            ("Open", false),
            // Welsh alone.
            ("Ar gau", true),
            ("Wedi cau", true),
            ("Agored", false),
            ("Ar agor / Closed", false),
            // A drop-down's choices, left in the cell: no status.
            ("Open/Closed", false),
            ("Closed/Open", false),
            ("Transferred from Housing", false),
        ] {
            assert_eq!(is_closed_status(status), closed, "{status}");
        }
    }

    #[test]
    fn not_applicable_is_told_from_a_value() {
        for na in [
            "N/A",
            "n/a",
            "NA",
            "-",
            "\u{2013}",
            "None",
            "Closed",
            "Not applicable",
        ] {
            assert!(is_not_applicable(na), "{na}");
        }
        for value in ["4", "Likely", "Nan", "", "Rare"] {
            assert!(!is_not_applicable(value), "{value}");
        }
        for no_date in [
            "Ongoing",
            "TBC",
            "t.b.c.",
            "Quarterly",
            "As required",
            "BAU",
            "N/A",
        ] {
            assert!(is_no_date(no_date), "{no_date}");
        }
        for date in [
            "31/10/2026",
            "Oct 2026",
            "Ongoing until 31/03/2027",
            "Monday",
        ] {
            assert!(!is_no_date(date), "{date}");
        }
    }

    #[test]
    fn numbers_from_text() {
        assert_eq!(number_from_text(" 4 "), Some(4.0));
        assert_eq!(number_from_text("1,250"), Some(1250.0));
        assert_eq!(number_from_text("£1,250,000"), Some(1_250_000.0));
        assert_eq!(number_from_text("12 500.5"), Some(12_500.5));
        assert_eq!(number_from_text("85 %"), Some(85.0));
        assert_eq!(number_from_text("- 5"), Some(-5.0));
        assert_eq!(number_from_text("3,3"), None);
        assert_eq!(number_from_text("12,5"), None);
        assert_eq!(number_from_text("4 3"), None);
        assert_eq!(number_from_text("1,25,0"), None);
        assert_eq!(number_from_text("1.2 3"), None);
        assert_eq!(number_from_text("85%"), Some(85.0));
        assert_eq!(number_from_text("four"), None);
        assert_eq!(number_from_text("\u{2212}5"), Some(-5.0));
        assert_eq!(number_from_text("\u{2013}2.5%"), Some(-2.5));
        assert_eq!(number_from_text("\u{2013}"), None);
        assert_eq!(
            number_from_text("5\u{2013}10"),
            None,
            "a range is no number"
        );
    }
}
