//! A return's figures as officers write them: placeholders, quantities with their
//! units, targets in words or as a range, counts out of a total, withheld values and
//! milestones.

use crate::model::{Polarity, Unit};
use crate::read::grid::Value;
use crate::read::period::period_from_text;
use crate::read::values::{self, CellProblem, TREND_ARROWS, number_from_text};
use crate::schema::squash;

/// Text that means "no value" rather than a bad one: "n/a", "TBC", "Awaiting data",
/// "Data not yet available", "Pending".
fn is_no_value(text: &str) -> bool {
    // "N/A - data lag", "TBC (awaiting audit)": the words with a note after them, so
    // long as the note gives no figure.
    if values::before_a_note(text).is_some_and(is_no_value) {
        return true;
    }
    let squashed = squash(text);
    values::is_to_be_confirmed(text)
        || matches!(
        squashed.as_str(),
        "" | "na"
            | "nodata"
            | "nyr"
            // The statistical symbols for "not available" and "not applicable", bare
            // or bracketed ("[x]": squashing drops the brackets).
            | "x"
            | "z"
    ) || [
        "await",
        "pending",
        "dataawait",
        "datadue",
        "datanot",
        "notyet",
        // Not due this period: an annual indicator's cell in a quarter's return.
        "notdue",
        // The figure is in the commentary or a note, not here.
        "seenote",
        "seecomment",
        "seebelow",
        "seeabove",
        "refertonote",
        "refertocomment",
    ]
    .iter()
    .any(|start| squashed.starts_with(start))
        || [
            "notavailable",
            "notreported",
            "tobeconfirmed",
            "tobereported",
        ]
        .iter()
        .any(|part| squashed.contains(part))
        // The figure comes later than the return: "Reported in arrears", "Data lag".
        || (["inarrears", "datalag", "timelag", "lagged"]
            .iter()
            .any(|part| squashed.contains(part))
            && !text.contains(|c: char| c.is_ascii_digit()))
        || values::is_dash(text)
}

/// Words in a RAG cell that say there is no status to report: "N/A", "-", "Data only",
/// "No target", "Not due", "TBC".
pub(super) fn is_no_rag(text: &str) -> bool {
    is_no_value(text)
        || values::is_not_applicable(text)
        || is_no_target(text)
        || squash(text).starts_with("notdue")
}

/// Words in a target cell that say the indicator has no target by design: it is
/// monitored for context ("Monitor only", "Contextual", "Data only", "Baseline year",
/// "No target", "Activity measure"; "N/A (activity)", "N/A - data only").
pub fn is_no_target(text: &str) -> bool {
    // Not applicable, and why: the why says whether by design.
    if let Some(first) = values::before_a_note(text)
        && values::is_not_applicable(first)
    {
        return is_no_target(&text[first.len()..]);
    }
    let squashed = squash(text);
    [
        "activity",
        "monitor",
        "context",
        "dataonly",
        "baseline",
        "notarget",
        "trackonly",
        "tracking",
        "trendonly",
        "informationonly",
        "forinformation",
        "benchmarkonly",
        "nottargeted",
    ]
    .iter()
    .any(|start| squashed.starts_with(start))
}

/// A target written as a direction or a benchmark in place of a figure: "Increase",
/// "Reduce", "Maintain", "Improve", "Top quartile", "Better than England average". The
/// polarity it gives, where it gives one: `Some(None)` for one that gives none. A figure
/// with its comparison ("Less than 30") is not one.
pub fn target_in_words(text: &str) -> Option<Option<Polarity>> {
    // "Less than 30" is a figure with its comparison.
    if target_comparison(text).is_some() {
        return None;
    }
    let squashed = squash(text);
    let starts = |words: &[&str]| words.iter().any(|w| squashed.starts_with(w));
    if starts(&["increase", "higher", "raise", "grow", "more"]) {
        Some(Some(Polarity::Higher))
    } else if starts(&["reduce", "reduction", "decrease", "lower", "fewer", "less"]) {
        Some(Some(Polarity::Lower))
    } else if starts(&[
        "maintain",
        "sustain",
        "nochange",
        "stable",
        "improve",
        "improvement",
        "topquartile",
        "upperquartile",
        "bottomquartile",
        "lowerquartile",
        "inlinewith",
        "betterthan",
        "atleastaverage",
        "nationalaverage",
        "englandaverage",
        "regionalaverage",
        "statisticalneighbour",
        "comparatoraverage",
    ]) {
        Some(None)
    } else {
        None
    }
}

/// A number written with its unit: "32 days", "4.5 hrs", "85 %", "£1.2m", "£250k",
/// "1.5 million", "12.5 per 1,000", "12 per week". A multiplier letter (k, m, bn) is
/// read only after a pound sign. A negative may be bracketed as accounts write it
/// ("(1,250)", "(£1.2m)") or signed before its pound sign ("-£250"); a note in
/// brackets after the number ("1,234 (provisional)", "80% (12/15)") is passed over, and
/// so is a word before it saying it is approximate ("c. 8.5", "approx 85%", "~120",
/// "≈120"), and a footnote's mark after it ("58%*").
pub(super) fn quantity(text: &str) -> Option<f64> {
    if let Some(number) = number_from_text(text) {
        return Some(number);
    }
    // The arrow a return puts beside a figure for its trend ("85% ↑"): not the figure's.
    let mut trimmed = text.trim_matches(|c: char| c.is_whitespace() || TREND_ARROWS.contains(&c));
    // A footnote's mark after the figure ("58%*", "1,234†", "85¹"): the note is
    // elsewhere.
    let unmarked = trimmed.trim_end_matches([
        '*', '\u{2020}', '\u{2021}', '^', '\u{b9}', '\u{b2}', '\u{b3}',
    ]);
    if unmarked.ends_with(|c: char| c.is_ascii_digit() || c == '%' || c == ')') {
        trimmed = unmarked.trim_end();
    }
    if trimmed.is_empty() {
        return None;
    }
    let lower = trimmed.to_ascii_lowercase();
    for lead in [
        "approximately",
        "approx.",
        "approx",
        "around",
        "about",
        "circa",
        "ca.",
        "c.",
        "~",
        "\u{2248}",
        // An estimate or a provisional figure, as "95 (provisional)" is read.
        "estimated",
        "estimate:",
        "estimate",
        "est.",
        "est",
        "provisional:",
        "provisional",
        "prov.",
    ] {
        if lower.starts_with(lead) {
            let rest = trimmed[lead.len()..].trim_start();
            if rest.starts_with(|c: char| c.is_ascii_digit() || c == '£' || c == '(') {
                trimmed = rest;
            }
            break;
        }
    }
    if let Some((before, note)) = trimmed.split_once(" (")
        && note.ends_with(')')
        && !before.trim().is_empty()
    {
        trimmed = before.trim();
    }
    // A figure and a note after a dash ("85 - see note"), the note giving no figure.
    if let Some((before, note)) = values::split_at_dash(trimmed)
        && !note.contains(|c: char| c.is_ascii_digit())
        && note.contains(char::is_alphabetic)
        && before
            .trim()
            .starts_with(|c: char| c.is_ascii_digit() || c == '£')
    {
        trimmed = before.trim();
    }
    // A figure and when it is to be reached ("95% by March", "95% by 31/03/2027",
    // "95% by year end"): the figure.
    if let Some((before, when)) = trimmed.split_once(" by ")
        && !before.trim().is_empty()
        && is_when(when)
    {
        trimmed = before.trim();
    }
    let negative = trimmed
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .or_else(|| trimmed.strip_prefix('-').filter(|t| t.starts_with('£')));
    match negative {
        Some(inner) => unsigned_quantity(inner).map(|n| -n),
        None => unsigned_quantity(trimmed),
    }
}

/// Whether words name when a figure is to be reached: a date, a month or period of
/// the year ("March", "Q4", "March 2027"), or the year's end.
pub(super) fn is_when(text: &str) -> bool {
    let squashed = squash(text);
    let squashed = squashed.strip_prefix("the").unwrap_or(&squashed);
    matches!(
        squashed,
        "yearend" | "endofyear" | "endoftheyear" | "yearendoutturn" | "outturn"
    ) || values::date(&Value::Text(text.to_string())).is_ok_and(|d| d.is_some())
        || period_from_text(text, 2000).is_some()
        || MONTH_NAMES.iter().any(|m| squashed.starts_with(m))
}

/// Months' names as they begin, in lower case.
const MONTH_NAMES: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A number with its unit, no sign or brackets about it.
fn unsigned_quantity(text: &str) -> Option<f64> {
    if let Some(number) = number_from_text(text) {
        return Some(number);
    }
    let lower = text.trim().to_lowercase();
    let mut rest = lower.as_str();
    // "12.5 per 1,000", "3.2 per 100,000 population", "12 per week": a rate and its
    // base ("85 per cent" is a percentage, read below).
    if let Some((before, base)) = rest.split_once(" per ")
        && base.trim() != "cent"
    {
        rest = before.trim_end();
    }
    for unit in [
        "working days",
        "days",
        "day",
        "weeks",
        "week",
        "wks",
        "hours",
        "hour",
        "hrs",
        "minutes",
        "mins",
        "percent",
        "per cent",
        "pc",
        "ppts",
        "pts",
        "points",
    ] {
        if let Some(before) = rest.strip_suffix(unit) {
            rest = before.trim_end();
            break;
        }
    }
    let pounds = rest.starts_with('£');
    let mut multiplier = 1.0;
    for (word, times, needs_pounds) in [
        ("billion", 1e9, false),
        ("million", 1e6, false),
        ("thousand", 1e3, false),
        ("bn", 1e9, false),
        // "12m" may be minutes or metres but for money.
        ("m", 1e6, true),
        ("k", 1e3, false),
    ] {
        if (pounds || !needs_pounds)
            && let Some(before) = rest.strip_suffix(word)
        {
            rest = before.trim_end();
            multiplier = times;
            break;
        }
    }
    let number = number_from_text(rest)?;
    Some(number * multiplier)
}

/// A target given as a range: "90-95%", "90% - 95%", "90 to 95", "Between 90 and 95",
/// "1-2 days":
/// its lower and upper bounds, lower first.
pub fn target_range(text: &str) -> Option<(f64, f64)> {
    let lower = text.trim().to_lowercase();
    let bare = lower
        .strip_prefix("between")
        .map_or(lower.as_str(), str::trim);
    let (low, high) = [" and ", " to ", "\u{2013}", "\u{2014}", "-"]
        .iter()
        .find_map(|separator| bare.split_once(separator))?;
    let bound = |text: &str| {
        let text = text.trim();
        // A number, with its unit if any: "90", "90%", "£1,200", "2 days", "£1.2m";
        // not "-5".
        (!text.is_empty()
            && text
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || c == '£'))
        .then(|| quantity(text))
        .flatten()
    };
    let (low, high) = (bound(low)?, bound(high)?);
    (low < high).then_some((low, high))
}

/// A target written with its comparison: ">= 80%", "80% or above", "At least 80",
/// "Less than 30", "< 30 days", "Within 20 days": the number, and which way
/// performance is better (above the target, or below it).
pub fn target_comparison(text: &str) -> Option<(f64, Polarity)> {
    const ABOVE_BEFORE: &[&str] = &[
        ">=",
        "=>",
        "\u{2265}",
        ">",
        "at least",
        "no less than",
        "not less than",
        "minimum of",
        "minimum",
        "min.",
        "min",
        "more than",
        "greater than",
        "above",
        "over",
    ];
    const BELOW_BEFORE: &[&str] = &[
        "<=",
        "=<",
        "\u{2264}",
        "<",
        "no more than",
        "not more than",
        "maximum of",
        "maximum",
        "max.",
        "max",
        "less than",
        "fewer than",
        "below",
        "under",
        "up to",
        "within",
    ];
    const ABOVE_AFTER: &[&str] = &[
        "or above",
        "or more",
        "or higher",
        "or over",
        "or better",
        "or greater",
        "and above",
        "and over",
        "+",
        "minimum",
    ];
    const BELOW_AFTER: &[&str] = &[
        "or below",
        "or less",
        "or fewer",
        "or lower",
        "or under",
        "and below",
        "and under",
        "maximum",
    ];
    let lower = text.trim().to_lowercase();
    let lower = lower
        .trim_start_matches("target")
        .trim_start_matches(':')
        .trim();
    let sides = [
        (ABOVE_BEFORE, true, Polarity::Higher),
        (BELOW_BEFORE, true, Polarity::Lower),
        (ABOVE_AFTER, false, Polarity::Higher),
        (BELOW_AFTER, false, Polarity::Lower),
    ];
    for (words, before, polarity) in sides {
        for word in words {
            let rest = if before {
                lower.strip_prefix(word)
            } else {
                lower.strip_suffix(word)
            };
            if let Some(number) = rest.and_then(quantity) {
                return Some((number, polarity));
            }
        }
    }
    None
}

/// A value written as a count out of a total: "45/50", "45 of 50", "45 out of 50", with
/// the percentage they give or not ("90% (45/50)", "45/50 (90%)").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fraction {
    /// The count.
    pub numerator: f64,
    /// The total.
    pub denominator: f64,
    /// The percentage written with them, where one is.
    pub stated: Option<f64>,
}

impl Fraction {
    /// The actual it gives for an indicator of `unit`, and whether its two figures are
    /// the value's numerator and denominator: a percentage's is the share, a score's
    /// the count ("4.2 out of 5"); none for another unit, as 45 out of 50 may be
    /// meant as 45 or as 90%.
    pub fn actual_for(&self, unit: Option<Unit>) -> Option<(f64, bool)> {
        if let Some(stated) = self.stated {
            return Some((stated, true));
        }
        match unit {
            Some(Unit::Score) => Some((self.numerator, false)),
            Some(Unit::Percentage) if self.denominator != 0.0 => {
                Some((self.numerator / self.denominator * 100.0, true))
            }
            _ => None,
        }
    }

    /// Why a cell of it is no value, for its `cell.type` finding.
    pub fn problem(&self, text: &str) -> String {
        let share = if self.denominator == 0.0 {
            "none".to_string()
        } else {
            let share = (self.numerator / self.denominator * 1000.0).round() / 10.0;
            format!("{}%", crate::read::grid::format_number(share))
        };
        format!(
            "'{}' is a count out of a total, not the value: give the value itself ({} if it is the count, {share} if it is a percentage) and the two figures in Numerator and Denominator columns",
            text.trim(),
            crate::read::grid::format_number(self.numerator),
        )
    }
}

/// The count out of a total a cell's text gives, where it gives one.
pub fn fraction(text: &str) -> Option<Fraction> {
    let text = text.trim();
    let bare = |text: &str| -> Option<(f64, f64)> {
        let (count, total) = values::out_of(text.trim())?;
        let figure = |t: &str| {
            let t = t.trim();
            (!t.is_empty()
                && t.bytes()
                    .all(|b| b.is_ascii_digit() || b == b',' || b == b'.'))
            .then(|| number_from_text(t))
            .flatten()
        };
        Some((figure(&count)?, figure(&total)?))
    };
    let percentage = |text: &str| {
        let text = text.trim();
        text.ends_with('%')
            .then(|| number_from_text(text))
            .flatten()
    };
    if let Some((outside, inside)) = text.split_once('(')
        && let Some(inside) = inside.strip_suffix(')')
    {
        let (stated, (numerator, denominator)) = percentage(outside)
            .zip(bare(inside))
            .or_else(|| percentage(inside).zip(bare(outside)))?;
        return Some(Fraction {
            numerator,
            denominator,
            stated: Some(stated),
        });
    }
    let (numerator, denominator) = bare(text)?;
    Some(Fraction {
        numerator,
        denominator,
        stated: None,
    })
}

/// Text that stands for a number withheld to protect small counts: "<5", "< 10", "*",
/// "c", "[c]" (the statistical "confidential"), "suppressed", "redacted".
pub fn is_withheld(text: &str) -> bool {
    let text = text.trim();
    if let Some(below) = text.strip_prefix('<') {
        return number_from_text(below).is_some();
    }
    matches!(
        squash(text).as_str(),
        // "[c]" squashes to "c".
        "c" | "supp" | "suppressed" | "redacted" | "withheld"
    ) || text == "*"
}

/// A milestone's status written where an indicator's figure would go ("Yes", "No",
/// "Achieved", "Complete", "On track", "Delayed", "Not started"): the indicator is a
/// milestone, reported in words.
pub fn is_milestone_status(text: &str) -> bool {
    matches!(
        squash(text).as_str(),
        "yes"
            | "no"
            | "achieved"
            | "notachieved"
            | "partlyachieved"
            | "partiallyachieved"
            | "complete"
            | "completed"
            | "notcomplete"
            | "notcompleted"
            | "incomplete"
            | "ontrack"
            | "offtrack"
            | "delayed"
            | "slipped"
            | "slipping"
            | "atrisk"
            | "inprogress"
            | "underway"
            | "notstarted"
            | "started"
            | "met"
            | "notmet"
            | "partlymet"
            | "partiallymet"
            | "done"
            | "delivered"
            | "notdelivered"
            | "adopted"
            | "submitted"
            | "approved"
            | "published"
    )
}

/// Whether a milestone's status says it was achieved ("Yes", "Achieved", "Complete",
/// "Delivered", "Adopted"), not that it is on its way ("On track") or not ("No",
/// "Delayed", "Partly achieved").
pub fn is_milestone_achieved(text: &str) -> bool {
    matches!(
        squash(text).as_str(),
        "yes"
            | "achieved"
            | "complete"
            | "completed"
            | "met"
            | "done"
            | "delivered"
            | "adopted"
            | "submitted"
            | "approved"
            | "published"
    )
}

/// A milestone's target: its status ("Yes", "Achieved") or when it is due ("By March
/// 2027", "By 31/03/2027").
pub fn is_milestone_target(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    is_milestone_status(text) || lower.strip_prefix("by ").is_some_and(is_when)
}

/// A number from a cell; "nil" is 0, "n/a", a dash ("-", or the "–" a word processor
/// makes of it) and "tbc" are no value.
pub fn number(value: &Value) -> Result<Option<f64>, CellProblem> {
    if let Some(problem) = values::formula_problem(value) {
        return Err(problem);
    }
    match value {
        Value::Number(n) => Ok(Some(*n)),
        Value::Text(t) if is_no_value(t) => Ok(None),
        Value::Text(t) if squash(t) == "nil" => Ok(Some(0.0)),
        Value::Text(t) => quantity(t)
            .map(Some)
            .ok_or_else(|| CellProblem::Type(format!("'{}' is not a number", t.trim()))),
        Value::Empty => Ok(None),
        other => Err(CellProblem::Type(format!(
            "'{}' is not a number",
            other.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_out_of_a_total_read_with_their_percentage_or_none() {
        let of = |n, d, stated| {
            Some(Fraction {
                numerator: n,
                denominator: d,
                stated,
            })
        };
        assert_eq!(fraction("45/50"), of(45.0, 50.0, None));
        assert_eq!(fraction(" 45 / 50 "), of(45.0, 50.0, None));
        assert_eq!(fraction("1,234 of 1,500"), of(1234.0, 1500.0, None));
        assert_eq!(fraction("36 out of 40"), of(36.0, 40.0, None));
        assert_eq!(fraction("90% (45/50)"), of(45.0, 50.0, Some(90.0)));
        assert_eq!(fraction("45 of 50 (90%)"), of(45.0, 50.0, Some(90.0)));
        for text in [
            "N/A",
            "90%",
            "12.5 per 100,000 (provisional)",
            "2 of them",
            "/50",
            "45/",
        ] {
            assert_eq!(fraction(text), None, "{text}");
        }
    }

    #[test]
    fn targets_read_with_their_comparison_and_values_with_their_units() {
        for (text, number, polarity) in [
            (">= 80%", 80.0, Polarity::Higher),
            ("\u{2265}80%", 80.0, Polarity::Higher),
            ("80% or above", 80.0, Polarity::Higher),
            ("95%+", 95.0, Polarity::Higher),
            ("At least 1,000", 1000.0, Polarity::Higher),
            ("Target: > 60", 60.0, Polarity::Higher),
            ("Less than 30", 30.0, Polarity::Lower),
            ("< 30 days", 30.0, Polarity::Lower),
            ("Within 20 working days", 20.0, Polarity::Lower),
            ("£2m or less", 2e6, Polarity::Lower),
            ("Max 5", 5.0, Polarity::Lower),
        ] {
            assert_eq!(target_comparison(text), Some((number, polarity)), "{text}");
        }
        // "30 min" is thirty minutes, not a minimum of 30.
        for plain in ["80", "80%", "Overall 80", "Monitor only", "30 min"] {
            assert_eq!(target_comparison(plain), None, "{plain}");
        }
        for (text, number) in [
            ("32 days", 32.0),
            ("4.5 hrs", 4.5),
            ("85 %", 85.0),
            ("85 per cent", 85.0),
            ("90pc", 90.0),
            ("85% \u{2191}", 85.0),
            ("\u{25bc} 82%", 82.0),
            ("2.5 ppts", 2.5),
            ("£1.2m", 1.2e6),
            ("£250k", 250e3),
            ("£1.5bn", 1.5e9),
            ("1.5 million", 1.5e6),
            ("(1,250)", -1250.0),
            ("(£1.2m)", -1.2e6),
            ("-£250", -250.0),
            ("1,234 (provisional)", 1234.0),
            ("c. 8.5", 8.5),
            ("approx 85%", 85.0),
            ("~120", 120.0),
            ("\u{2248}5000", 5000.0),
            ("58%*", 58.0),
            ("95% by March", 95.0),
            ("95% by 31/03/2027", 95.0),
            ("95% by year end", 95.0),
            ("95% by Q4", 95.0),
            ("1,234\u{2020}", 1234.0),
            ("Circa £1.2m", 1_200_000.0),
            ("80% (12/15)", 80.0),
            ("12.5 per 1,000", 12.5),
            ("3.2 per 100,000 population", 3.2),
            ("85k", 85e3),
            ("2.5bn", 2.5e9),
            ("85\u{b9}", 85.0),
            ("85 - see note", 85.0),
            ("1,250 \u{2013} provisional", 1250.0),
        ] {
            assert_eq!(quantity(text), Some(number), "{text}");
        }
        // "m" without a pound sign (minutes, metres or millions) is not read, nor a
        // note alone, nor brackets within brackets, nor a range.
        assert_eq!(quantity("5m"), None);
        assert_eq!(quantity("85 - 90"), None);
        assert_eq!(quantity("see note - 85"), None);
        assert_eq!(quantity("(provisional)"), None);
        assert_eq!(quantity("about right"), None);
        assert_eq!(quantity("3 by 4"), None);
        assert_eq!(quantity("95% by the team"), None);
        assert_eq!(
            quantity(&format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000))),
            None
        );
        assert_eq!(quantity("12 per week"), Some(12.0));
        for text in [
            "Monitor only",
            "Contextual",
            "Data only",
            "Baseline year",
            "No target",
        ] {
            assert!(is_no_target(text), "{text}");
        }
        assert!(!is_no_target("TBC") && !is_no_target("90"));
        assert_eq!(
            target_in_words("Increase on 2025/26"),
            Some(Some(Polarity::Higher))
        );
        assert_eq!(target_in_words("Reduction"), Some(Some(Polarity::Lower)));
        assert_eq!(target_in_words("Top quartile"), Some(None));
        assert_eq!(target_in_words("Better than England average"), Some(None));
        assert_eq!(target_in_words("Less than 30"), None, "a figure");
        assert_eq!(target_in_words("TBC"), None);
        for text in [
            "Awaiting data",
            "Data not yet available",
            "Pending",
            "Not reported",
            "See note",
            "See commentary",
            "N/A - data lag",
            "TBC (awaiting audit)",
            "Reported in arrears",
            "Data lag",
            "Reported one quarter in arrears",
        ] {
            assert_eq!(number(&Value::Text(text.into())), Ok(None), "{text}");
        }
        for (text, figure) in [
            ("est. 95", 95.0),
            ("Estimated 95%", 95.0),
            ("Provisional: 1,250", 1250.0),
            ("95 (provisional)", 95.0),
        ] {
            assert_eq!(
                number(&Value::Text(text.into())),
                Ok(Some(figure)),
                "{text}"
            );
        }
        // A note that gives a figure is no "no value"; a range is no figure.
        for text in ["N/A - 95 expected", "Arrears of 95", "96-98"] {
            assert!(number(&Value::Text(text.into())).is_err(), "{text}");
        }
    }

    #[test]
    fn a_target_range_is_read_from_the_ways_returns_write_it() {
        for (text, range) in [
            ("90-95%", Some((90.0, 95.0))),
            ("90% - 95%", Some((90.0, 95.0))),
            ("2 \u{2013} 3%", Some((2.0, 3.0))),
            ("97 to 99%", Some((97.0, 99.0))),
            ("Between 90 and 95", Some((90.0, 95.0))),
            ("between 90% and 95%", Some((90.0, 95.0))),
            ("0.8-0.9", Some((0.8, 0.9))),
            ("£1,000,000 - £1,200,000", Some((1_000_000.0, 1_200_000.0))),
            // With their units.
            ("1-2 days", Some((1.0, 2.0))),
            ("10 to 15 working days", Some((10.0, 15.0))),
            ("£1m-£1.2m", Some((1_000_000.0, 1_200_000.0))),
            // Not ranges: a year, the wrong way round, months, a negative, one number.
            ("2026-27", None),
            ("95-90%", None),
            ("Apr-Jun", None),
            ("-5 to 5", None),
            ("95%", None),
            ("20 days", None),
        ] {
            assert_eq!(target_range(text), range, "{text}");
        }
    }

    #[test]
    fn placeholders_are_no_value_and_nil_is_nought() {
        let read = |text: &str| number(&Value::Text(text.to_string()));
        for placeholder in [
            "-",
            "--",
            "\u{2013}",
            " \u{2014} ",
            "n/a",
            "TBC",
            "To be agreed",
            "No data",
            "[x]",
        ] {
            assert_eq!(read(placeholder), Ok(None), "{placeholder:?}");
        }
        assert_eq!(read("nil"), Ok(Some(0.0)));
        assert_eq!(read("1,234"), Ok(Some(1234.0)));
        assert!(read("-5").is_ok_and(|v| v == Some(-5.0)));
        assert!(read("lots").is_err());
        for withheld in ["<5", "< 10", "*", "c", "[c]", "Suppressed"] {
            assert!(is_withheld(withheld), "{withheld:?}");
        }
        for not_withheld in ["<", "<low", "5", "cc", "n/a"] {
            assert!(!is_withheld(not_withheld), "{not_withheld:?}");
        }
    }
}
