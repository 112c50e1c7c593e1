//! Reading one cell as its field's type. Every function returns the officer-facing
//! reason when the cell cannot be read, so the caller can make a `cell.type` finding.

use super::grid::{Value, format_number};
use super::shade::Shade;
use crate::finding::{Finding, Rule};
use crate::model::{DateSpan, Kind, Rating, Term};
use crate::schema::{Framework, Scale, squash};
use chrono::{Datelike, Duration, NaiveDate};

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

/// A 1-5 scale value: 4, " 4 ", "4 - Likely", "4 Likely", "Likely (4)", "Likely",
/// "Four". A probability or a description beside the label, as scales print them, is
/// passed over: "Likely (60-80%)", "Rare <5%", "Likely (could happen this year)".
/// Out-of-range numbers are returned as read; the checks report them.
pub fn scale(value: &Value, scale: &Scale) -> Result<Option<f64>, CellProblem> {
    if let Some(problem) = formula_problem(value) {
        return Err(problem);
    }
    let text = match value {
        Value::Number(n) => return Ok(Some(*n)),
        Value::Text(t) if t.trim().is_empty() => return Ok(None),
        Value::Text(t) => t.trim(),
        Value::Empty => return Ok(None),
        other => return Err(scale_error(&other.display(), scale)),
    };
    let without_probability = text
        .contains('%')
        .then(|| without_words(text, |part| part.contains('%')));
    // A probability alone ("60%", ">90%") names no level: the framework's levels are
    // words, not percentages.
    if without_probability.as_deref() == Some("") {
        let why = format!(
            "is a probability, not a {} level",
            scale.name.to_lowercase()
        );
        return Err(scale_error_because(text, scale, &why));
    }
    let text = without_probability.as_deref().unwrap_or(text);
    // "3/5", "3 out of 5": a level out of the scale's highest.
    let highest = scale.levels.iter().map(|l| l.value).max().unwrap_or(5);
    if let Some((level, whole)) = out_of(text)
        && number_from_text(&whole) == Some(f64::from(highest))
        && let Some(level) = number_from_text(&level)
    {
        return Ok(Some(level));
    }
    match scale_text(text, scale) {
        Err(problem) if text.contains('(') => {
            // A description in brackets is passed over, a number is not: "Likely (3)"
            // states a level that its label contradicts.
            let without_brackets = without_words(text, |inside| number_from_text(inside).is_none());
            if without_brackets.is_empty() {
                return Err(problem);
            }
            scale_text(&without_brackets, scale)
                .map_err(|problem| quoting(problem, &without_brackets, text))
        }
        read => read,
    }
}

/// The words either side of a value written out of a total ("45/50", "45 of 50", "3
/// out of 5"), trimmed, in lower case.
pub fn out_of(text: &str) -> Option<(String, String)> {
    let lower = text.to_ascii_lowercase();
    let (part, whole) = lower
        .split_once(" out of ")
        .or_else(|| lower.split_once(" of "))
        .or_else(|| lower.split_once('/'))?;
    Some((part.trim().to_string(), whole.trim().to_string()))
}

/// `text` without its bracketed parts for whose inside `drop` holds, and from its first
/// word with a percentage for which it holds: "Likely (60-80%)" and "Likely - 60% to
/// 80%" less their percentages are "Likely".
fn without_words(text: &str, drop: impl Fn(&str) -> bool) -> String {
    let mut kept = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')') else {
            break;
        };
        let inside = &rest[open + 1..open + close];
        kept.push_str(&rest[..open]);
        if !drop(inside) {
            kept.push_str(&rest[open..=open + close]);
        }
        rest = &rest[open + close + 1..];
    }
    kept.push_str(rest);
    // A probability out of brackets runs to the end: "Likely - 60% to 80%".
    let words: Vec<&str> = kept
        .split_whitespace()
        .take_while(|word| !(word.contains('%') && drop(word)))
        .collect();
    words
        .join(" ")
        .trim_end_matches([' ', '-', ':'])
        .to_string()
}

/// A scale value's text, its probability taken out.
fn scale_text(text: &str, scale: &Scale) -> Result<Option<f64>, CellProblem> {
    if let Some(n) = number_from_text(text) {
        return Ok(Some(n));
    }
    let (number, label) = split_number_and_label(text);
    // "1-5", "1 to 5": the scale's range, written where a value goes.
    let to = label.strip_prefix("to ").unwrap_or(&label);
    if number.is_some() && number_from_text(to).is_some() {
        return Err(scale_error(text, scale));
    }
    // "1 in 10 years", "1 in 100": how often, not a level (and not 1).
    if number.is_some()
        && label
            .to_lowercase()
            .strip_prefix("in ")
            .is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()))
    {
        let why = format!("is how often, not a {} level", scale.name.to_lowercase());
        return Err(scale_error_because(text, scale, &why));
    }
    const NUMBER_WORDS: [&str; 5] = ["one", "two", "three", "four", "five"];
    let level = (!label.is_empty())
        .then(|| scale.level_of_label(&label))
        .flatten()
        .or_else(|| {
            let word = label.to_lowercase();
            let position = NUMBER_WORDS.iter().position(|w| *w == word)?;
            u8::try_from(position + 1).ok()
        });
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
    let name = scale.name.to_lowercase();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    scale_error_because(text, scale, &format!("is not {article} {name}"))
}

/// A scale's error for `text`, which `why` ("is a probability, not a level of the
/// scale"): what the scale's levels are.
fn scale_error_because(text: &str, scale: &Scale, why: &str) -> CellProblem {
    let labels: Vec<String> = scale
        .levels
        .iter()
        .map(|l| format!("{} {}", l.value, l.labels[0]))
        .collect();
    let lowest = scale.levels.iter().map(|l| l.value).min().unwrap_or(1);
    let highest = scale.levels.iter().map(|l| l.value).max().unwrap_or(5);
    CellProblem::Type(format!(
        "'{text}' {why}: expected a number from {lowest} to {highest} or its label ({})",
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

/// The arrows a register or return puts beside a score or figure to show which way it
/// moved since the last review or period ("12 ↑", "▼ 9", "85% ↑"): its trend, not part
/// of it.
pub const TREND_ARROWS: &[char] = &[
    '\u{2191}', '\u{2193}', '\u{2194}', '\u{2192}', '\u{2190}', '\u{2197}', '\u{2198}', '\u{2195}',
    '\u{25b2}', '\u{25bc}', '\u{25ba}', '\u{25c4}', '\u{25b6}', '\u{25c0}', '\u{2b06}', '\u{2b07}',
    '\u{27a1}', '\u{21e7}', '\u{21e9}',
];

/// A problem found in part of a cell's text, quoting the whole cell instead.
fn quoting(problem: CellProblem, part: &str, whole: &str) -> CellProblem {
    match problem {
        CellProblem::Type(reason) => {
            CellProblem::Type(reason.replace(&format!("'{part}'"), &format!("'{whole}'")))
        }
        other => other,
    }
}

/// A score typed as text: "12", "4x3", "4 x 3 = 12", "12 (High)", "12 - Red", "12 ↑".
fn score_from_text(text: &str) -> Result<f64, CellProblem> {
    let trimmed = text.trim();
    let unarrowed = trimmed.trim_matches(|c: char| c.is_whitespace() || TREND_ARROWS.contains(&c));
    if unarrowed != trimmed && !unarrowed.is_empty() {
        return score_from_text(unarrowed).map_err(|problem| quoting(problem, unarrowed, trimmed));
    }
    let wrong = || {
        CellProblem::Type(format!(
            "'{trimmed}' is not a score: expected a number from 1 to 25"
        ))
    };
    if let Some(n) = number_from_text(trimmed) {
        return Ok(n);
    }
    // "12/25", "12 out of 25": a score out of the matrix's highest.
    if let Some((score, whole)) = out_of(trimmed)
        && whole == "25"
        && let Some(n) = number_from_text(&score)
    {
        return Ok(n);
    }
    if let Some(working) = working_in_brackets(trimmed) {
        return score_from_text(&working).map_err(|problem| quoting(problem, &working, trimmed));
    }
    // A working with its band's name in brackets after it ("4x5=20 (Red)").
    if let Some((before, _)) = band_in_brackets(trimmed)
        && !before
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c.is_whitespace())
        && let Ok(score) = score_from_text(before)
    {
        return Ok(score);
    }
    let total = |stated: &str| number_from_text(stated).ok_or_else(wrong);
    let (pair, stated) = match lettered_factors(trimmed) {
        // "L=4, I=3": the "=" are the factors', and a total may follow ("L4 x I3 = 12").
        Some((a, b, rest)) => {
            let stated = rest.split_once('=').map(|(_, stated)| total(stated));
            (Some((a, b)), stated.transpose()?)
        }
        None => match trimmed.split_once('=') {
            Some((working, stated)) => (factors(working), Some(total(stated)?)),
            None => (factors(trimmed), None),
        },
    };
    if let Some((a, b)) = pair {
        let product = a * b;
        return match stated {
            Some(stated) if (stated - product).abs() > 1e-9 => Err(CellProblem::Type(format!(
                "'{trimmed}' does not add up: {} x {} is {}",
                format_number(a),
                format_number(b),
                format_number(product)
            ))),
            _ => Ok(product),
        };
    }
    // "12 (High)", "12 - Red": the number with its band's name after it.
    let digits = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let rest = &trimmed[digits..];
    if stated.is_none()
        && digits > 0
        && rest.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && rest
            .chars()
            .all(|c| c.is_alphabetic() || c.is_whitespace() || "()-:/".contains(c))
    {
        return trimmed[..digits].parse().map_err(|_| wrong());
    }
    Err(wrong())
}

/// The band a score cell names after its number ("20 (Red)", "12 - High"): a rating
/// the officer stated, to be checked against the score like a rating column's.
pub fn band_after_score(value: &Value, framework: &Framework) -> Option<Rating> {
    let text = value.as_text()?.trim();
    // "4x5=20 (Red)": the words in the brackets at its end.
    if let Some((_, words)) = band_in_brackets(text)
        && let Ok(Some(band @ Rating::Band { .. })) =
            rating(&Value::Text(words.to_string()), framework)
    {
        return Some(band);
    }
    let digits = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    if digits == 0 {
        return None;
    }
    let words = text[digits..].trim_matches(|c: char| c.is_whitespace() || "()-:/".contains(c));
    match rating(&Value::Text(words.to_string()), framework) {
        Ok(Some(band @ Rating::Band { .. })) => Some(band),
        _ => None,
    }
}

/// Text ending in words alone in brackets ("4x5=20 (Red)", "12 (Very high)"): the text
/// before them, and the words.
fn band_in_brackets(text: &str) -> Option<(&str, &str)> {
    let inside = text.strip_suffix(')')?;
    let (before, words) = inside.rsplit_once('(')?;
    let words = words.trim();
    (!words.is_empty()
        && words
            .chars()
            .all(|c| c.is_alphabetic() || c.is_whitespace()))
    .then_some((before.trim_end(), words))
}

/// "12 (4x3)", "12 (L4 x I3)": a score with its working in brackets after it, as the
/// working and its total ("4x3 = 12").
fn working_in_brackets(text: &str) -> Option<String> {
    let (total, rest) = text.trim().split_once('(')?;
    let inside = rest.trim_end().strip_suffix(')')?;
    number_from_text(total)?;
    factors(inside)?;
    Some(format!("{} = {}", inside.trim(), total.trim()))
}

/// The likelihood and impact of a score written as its working: "4 x 3", "4x3=12",
/// "L4 x I3", "I3 x L4" (the letters put them in order), "P2*I5". The total after an
/// "=" is not looked at: a working whose total is wrong still gives its factors.
fn factors(text: &str) -> Option<(f64, f64)> {
    if let Some((likelihood, impact, _)) = lettered_factors(text) {
        return Some((likelihood, impact));
    }
    let working = text.split_once('=').map_or(text, |(working, _)| working);
    let working = working.replace(" by ", " x ");
    let mut parts = working
        .split(['x', 'X', '*', '\u{d7}'])
        .map(str::trim)
        .map(|part| {
            // "L4": a letter naming the factor, before its number.
            let letter = part
                .chars()
                .next()
                .filter(|c| matches!(c.to_ascii_lowercase(), 'l' | 'p' | 'i' | 'c'))
                .filter(|_| part.len() > 1);
            let number = letter.map_or(part, |c| part[c.len_utf8()..].trim_start());
            (
                letter.map(|c| c.to_ascii_lowercase()),
                number_from_text(number),
            )
        });
    let ((first_letter, Some(first)), (second_letter, Some(second))) =
        (parts.next()?, parts.next()?)
    else {
        return None;
    };
    if parts.next().is_some() {
        return None;
    }
    let impact_first =
        matches!(first_letter, Some('i' | 'c')) && matches!(second_letter, Some('l' | 'p'));
    Some(if impact_first {
        (second, first)
    } else {
        (first, second)
    })
}

/// The likelihood and impact of a working that names each by its letter, whatever
/// joins them ("L4 I3", "L=4, I=3", "I: 3 / L: 4", "P2 C5"), and the text left once
/// they are taken out (" = 12" of "L4 x I3 = 12").
fn lettered_factors(text: &str) -> Option<(f64, f64, String)> {
    let chars: Vec<char> = text.to_lowercase().chars().collect();
    let mut found = Vec::new();
    let mut rest = String::new();
    let mut i = 0;
    while i < chars.len() {
        let letter = chars[i];
        let starts_word = i == 0 || !chars[i - 1].is_alphanumeric();
        let mut j = i + 1;
        if starts_word && matches!(letter, 'l' | 'p' | 'i' | 'c') {
            while j < chars.len() && matches!(chars[j], ' ' | '=' | ':') {
                j += 1;
            }
            let start = j;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                j += 1;
            }
            if j > start && chars.get(j).is_none_or(|c| !c.is_alphanumeric()) {
                let number: String = chars[start..j].iter().collect();
                found.push((letter, number.parse::<f64>().ok()?));
                i = j;
                continue;
            }
        }
        rest.push(letter);
        i += 1;
    }
    let likelihood = |c: char| matches!(c, 'l' | 'p');
    match found.as_slice() {
        [(a, x), (b, y)] if likelihood(*a) && !likelihood(*b) => Some((*x, *y, rest)),
        [(a, x), (b, y)] if !likelihood(*a) && likelihood(*b) => Some((*y, *x, rest)),
        _ => None,
    }
}

/// The likelihood and impact a score cell gives when the score is written as its
/// working ("4 x 3 = 12", "L4 x I3"): for registers with no likelihood and impact columns.
pub fn score_factors(value: &Value) -> Option<(f64, f64)> {
    let text = value.as_text()?;
    factors(&working_in_brackets(text).unwrap_or_else(|| text.to_string()))
}

/// A likelihood and an impact given together in one cell, as a register with a
/// "Likelihood / Impact" column keeps them: "4 / 3", "4, 3", "Likely / Major", "L4 I3"
/// (the letters put them in order), "4 x 3 = 12". `impact_first` where the column's
/// heading names the impact first ("Impact / Likelihood"): "3 / 4" is then impact 3,
/// likelihood 4.
pub fn likelihood_and_impact(
    value: &Value,
    framework: &Framework,
    impact_first: bool,
) -> Result<Option<(f64, f64)>, CellProblem> {
    if let Some(problem) = formula_problem(value) {
        return Err(problem);
    }
    if value.is_blank() {
        return Ok(None);
    }
    // The two as written, first and second, as likelihood and impact.
    let in_order = |(first, second): (f64, f64)| {
        if impact_first {
            (second, first)
        } else {
            (first, second)
        }
    };
    // "4/3" typed into Excel is taken for a date, 4 March in a UK council's Excel: its
    // day and month are the two figures as typed.
    if let Value::DateTime(date) = value
        && (1..=5).contains(&date.day())
        && (1..=5).contains(&date.month())
    {
        return Ok(Some(in_order((
            f64::from(date.day()),
            f64::from(date.month()),
        ))));
    }
    let text = value.display();
    if let Some((likelihood, impact, _)) = lettered_factors(&text) {
        return Ok(Some((likelihood, impact)));
    }
    // The working's total after an "=" is the score's to give.
    let working = text
        .split_once('=')
        .map_or(text.as_str(), |(w, _)| w)
        .trim();
    // Each part on the scale the heading names it by, then put in order.
    let (first_scale, second_scale) = if impact_first {
        (&framework.impact, &framework.likelihood)
    } else {
        (&framework.likelihood, &framework.impact)
    };
    let read = |first: &str, second: &str| {
        let level = |text: &str, of| scale(&Value::Text(text.to_string()), of).ok().flatten();
        Some(in_order((
            level(first, first_scale)?,
            level(second, second_scale)?,
        )))
    };
    let split = [
        "/",
        "\\",
        ",",
        ";",
        "&",
        "|",
        "\n",
        " and ",
        " x ",
        " X ",
        "\u{d7}",
        "*",
        " - ",
        " \u{2013} ",
    ]
    .iter()
    .find_map(|separator| {
        let (first, second) = working.split_once(separator)?;
        if second.contains(separator) {
            return None;
        }
        read(first.trim(), second.trim())
    });
    if let Some(pair) = split.or_else(|| factors(working).map(in_order)) {
        return Ok(Some(pair));
    }
    Err(CellProblem::Type(format!(
        "'{text}' is not a likelihood and impact: the column gives the two together, such as '4 / 3' or '{} / {}'",
        word(&framework.likelihood, 4),
        word(&framework.impact, 3)
    )))
}

/// A level's first word ("Likely"), for an example.
fn word(scale: &Scale, value: u8) -> &str {
    scale
        .levels
        .iter()
        .find(|level| level.value == value)
        .and_then(|level| level.labels.first())
        .map_or("", String::as_str)
}

/// A score: a number or numeric text.
pub fn score(value: &Value) -> Result<Option<f64>, CellProblem> {
    if let Some(problem) = formula_problem(value) {
        return Err(problem);
    }
    match value {
        Value::Number(n) => Ok(Some(*n)),
        v if v.is_blank() => Ok(None),
        Value::Text(t) => score_from_text(t).map(Some),
        other => Err(CellProblem::Type(format!(
            "'{}' is not a score: expected a number from 1 to 25",
            other.display()
        ))),
    }
}

/// A rating: a band name or colour, or a number (then it is a score).
pub fn rating(value: &Value, framework: &Framework) -> Result<Option<Rating>, CellProblem> {
    if let Some(problem) = formula_problem(value) {
        return Err(problem);
    }
    let text = match value {
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
    // "Yellow": a band on a register rated in one colour a band.
    if let Some((band, _)) = four_colour_rating(&text, framework) {
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

/// The band a rating's colour ("Yellow", "Amber (12)") names on a register rated in one
/// colour a band (`four_colours` in the framework), and whether the bands' own names lack
/// it, so that only such a register could have written it.
pub fn four_colour_rating<'f>(
    written: &str,
    framework: &'f Framework,
) -> Option<(&'f crate::schema::Band, bool)> {
    let (_, label) = split_number_and_label(written);
    let band = framework
        .four_colour_band(written)
        .or_else(|| framework.four_colour_band(&label))?;
    let theirs_alone =
        framework.band_named(written).is_none() && framework.band_named(&label).is_none();
    Some((band, theirs_alone))
}

/// The rating a cell shows by its fill colour (a blank rating cell, or a score cell
/// with no rating column beside it): the band the colour's name is a name of ("Red" is
/// High, "Dark Red" Very high, in the default framework).
pub fn rating_by_fill(
    shade: Option<Shade>,
    field: &'static str,
    framework: &Framework,
) -> Option<Rating> {
    let shade = shade?;
    let band = framework.band_named(shade.word())?;
    Some(Rating::Fill {
        band: band.name.clone(),
        colour: shade.colour(),
        field,
    })
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

/// Whether a status means the risk is closed on this register: closed, archived …, or
/// moved to another register or merged into another risk ("Transferred to Housing",
/// "Merged with S1"; "Transferred from Housing" is this register's now).
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
        || [
            "tbc",
            "tba",
            "tbd",
            "tbconfirmed",
            "tobeconfirmed",
            "tobeagreed",
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
            "notknown",
            "unknown",
        ]
        .contains(&squashed.as_str())
}

/// Words in a due date's cell that say the action is done rather than when it is due:
/// "Complete", "Completed", "Done", "Achieved".
pub fn is_done(text: &str) -> bool {
    let squashed = squash(text);
    let word = squashed.strip_prefix("action").unwrap_or(&squashed);
    if DONE_WORDS.contains(&word) {
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

/// Whether an action's progress means it is done.
pub fn is_complete_status(status: &str) -> bool {
    let s = status.trim().to_lowercase();
    s.starts_with("100%") || DONE_WORDS.iter().any(|word| s.starts_with(word))
}

const DAY_FORMATS: &[&str] = &[
    "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d-%b-%Y", "%d %b %Y", "%d %B %Y",
    "%d-%B-%Y", "%d/%m/%y", "%d-%m-%y", "%d.%m.%y", "%d-%b-%y", "%d %b %y", "%d %B %y",
    // The month in words before the day ("Oct 12 2026", "October 12, 2026"): not
    // ambiguous, as US order in numbers is.
    "%b %d %Y", "%B %d %Y",
];
// "Oct-26" is October 2026, as Excel shows a month; "Oct 26" may as well be the 26th,
// and is not guessed.
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
        let rest = without_lead(&lower);
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
            match super::period::period_from_text(text, 2026) {
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
    let year = super::period::financial_years_in(rest).next()?;
    let period = super::period::period_from_text(rest, year)?;
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
/// "end" ("End Dec 2026"), "by", "before", "no later than", "during", "in".
fn without_lead(lower: &str) -> &str {
    // Longest first where one begins another ("by end of" before "by end", "by").
    const LEADS: &[&str] = &[
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

/// Collapse spaces, drop ordinals ("31st"), a leading weekday ("Friday") or week
/// ("w/c", "week commencing"), and read "Sept" as "Sep".
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
    fn the_scales_range_is_not_a_value_and_template_placeholders_are_known() {
        let schema = Schema::embedded().unwrap();
        let l = &schema.framework.likelihood;
        for text in ["1-5", "1 - 5", "1 to 5", "3-4"] {
            assert!(scale(&Value::Text(text.into()), l).is_err(), "{text}");
        }
        assert_eq!(scale(&Value::Text("4 - Likely".into()), l), Ok(Some(4.0)));
        // A level out of the scale's highest is that level; out of another, no level.
        for text in ["3/5", "3 / 5", "3 out of 5", "3 of 5"] {
            assert_eq!(scale(&Value::Text(text.into()), l), Ok(Some(3.0)), "{text}");
        }
        assert!(scale(&Value::Text("3/4".into()), l).is_err());
        for text in [
            "1-5",
            "L x I",
            "dd/mm/yyyy",
            "Auto",
            "Select from drop-down list",
        ] {
            assert!(is_placeholder(text), "{text}");
        }
        for text in ["Likely", "4", "31/10/2026", "Head of Finance"] {
            assert!(!is_placeholder(text), "{text}");
        }
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
            // A scale's probability or description printed beside its label.
            "Likely (60-80%)",
            "4 - Likely (61-90%)",
            "Likely >60%",
            "Likely - 60% to 80%",
            "Likely (could happen within the year)",
            "Four",
        ] {
            assert_eq!(scale(&Value::Text(text.into()), l), Ok(Some(4.0)), "{text}");
        }
        assert_eq!(
            scale(&Value::Text("Almost certain".into()), l),
            Ok(Some(5.0))
        );
        assert_eq!(scale(&Value::Text("Certain".into()), l), Ok(Some(5.0)));
        // A probability or a frequency alone is no level (nor 60, nor 1).
        for (text, why) in [
            ("60%", "'60%' is a probability, not a likelihood level"),
            (">90%", "'>90%' is a probability, not a likelihood level"),
            (
                "1 in 10 years",
                "'1 in 10 years' is how often, not a likelihood level",
            ),
            (
                "1 in 100",
                "'1 in 100' is how often, not a likelihood level",
            ),
        ] {
            match scale(&Value::Text(text.into()), l) {
                Err(CellProblem::Type(message)) => assert!(message.starts_with(why), "{message}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        // The five-point words many registers use, and their short forms, on both scales.
        let i = &schema.framework.impact;
        for (text, value) in [
            ("Very low", 1.0),
            ("Low", 2.0),
            ("Medium", 3.0),
            ("Med", 3.0),
            ("High", 4.0),
            ("Very high", 5.0),
            ("VL", 1.0),
            ("L", 2.0),
            ("m", 3.0),
            ("H", 4.0),
            ("VH", 5.0),
        ] {
            assert_eq!(
                scale(&Value::Text(text.into()), l),
                Ok(Some(value)),
                "{text}"
            );
            assert_eq!(
                scale(&Value::Text(text.into()), i),
                Ok(Some(value)),
                "{text}"
            );
        }
        for (text, value) in [("Highly likely", 5.0), ("Improbable", 1.0)] {
            assert_eq!(
                scale(&Value::Text(text.into()), l),
                Ok(Some(value)),
                "{text}"
            );
        }
        for (text, value) in [
            ("Minimal", 1.0),
            ("Serious", 4.0),
            ("Critical", 5.0),
            ("Extreme", 5.0),
        ] {
            assert_eq!(
                scale(&Value::Text(text.into()), i),
                Ok(Some(value)),
                "{text}"
            );
        }
        assert!(
            matches!(
                scale(&Value::Text("Severe".into()), i),
                Err(CellProblem::Type(_))
            ),
            "4 on some councils' scales and 5 on others': a council names it in its own framework.toml"
        );
        assert!(
            matches!(
                scale(&Value::Text("Likely (sometimes)".into()), l),
                Ok(Some(4.0))
            ),
            "a label the description leaves readable"
        );
        // A number and a label that disagree are an error however they are written:
        // "Major (2)" is not silently read as Major's 4.
        for text in [
            "3 - Likely",
            "Likely (3)",
            "Likely (3) (could happen this year)",
        ] {
            assert_eq!(
                scale(&Value::Text(text.into()), l),
                Err(CellProblem::Type(format!(
                    "'{text}' gives the number 3 but the label Likely means 4 on the likelihood scale"
                ))),
                "{text}"
            );
        }
        assert!(
            matches!(
                scale(&Value::Text("60-80%".into()), l),
                Err(CellProblem::Type(_))
            ),
            "a probability alone is no level: councils' bands differ"
        );
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
    fn scores_written_as_their_working_give_likelihood_and_impact() {
        let f = |text: &str| score_factors(&Value::Text(text.into()));
        assert_eq!(f("4 x 3"), Some((4.0, 3.0)));
        assert_eq!(f("4x3=12"), Some((4.0, 3.0)));
        assert_eq!(
            f("4 x 3 = 13"),
            Some((4.0, 3.0)),
            "the total is another finding"
        );
        assert_eq!(f("L4 x I3"), Some((4.0, 3.0)));
        assert_eq!(f("I3 x L4"), Some((4.0, 3.0)));
        assert_eq!(f("P2*I5"), Some((2.0, 5.0)));
        assert_eq!(f("3 \u{d7} 5"), Some((3.0, 5.0)));
        assert_eq!(f("12"), None);
        assert_eq!(f("12 (High)"), None);
        assert_eq!(f("12 (4 x 3)"), Some((4.0, 3.0)));
        assert_eq!(f("2 x 3 x 2"), None);
        assert_eq!(f("Low x High"), None);
        assert_eq!(f("L=4, I=3"), Some((4.0, 3.0)));
        assert_eq!(f("I: 3 / L: 4"), Some((4.0, 3.0)));
        assert_eq!(f("12 (L4 I3)"), Some((4.0, 3.0)));
        assert_eq!(f("4 by 3"), Some((4.0, 3.0)));
        assert_eq!(f("Likely 4, Major 3"), None, "words, not the letters alone");
        assert_eq!(score_factors(&Value::Number(12.0)), None);
    }

    #[test]
    fn scores_written_out_read_as_their_number() {
        let score = |t: &str| score(&Value::Text(t.into()));
        assert_eq!(score("12"), Ok(Some(12.0)));
        assert_eq!(score("4x3"), Ok(Some(12.0)));
        assert_eq!(score("4 X 3 = 12"), Ok(Some(12.0)));
        assert_eq!(score("4 \u{d7} 3"), Ok(Some(12.0)));
        assert_eq!(score("12 (High)"), Ok(Some(12.0)));
        assert_eq!(score("12 - Red"), Ok(Some(12.0)));
        // Out of the matrix's highest, 25; out of another, no score.
        assert_eq!(score("12/25"), Ok(Some(12.0)));
        assert_eq!(score("12 out of 25"), Ok(Some(12.0)));
        assert!(score("12/20").is_err());
        assert!(matches!(score("4x3=13"), Err(CellProblem::Type(m)) if m.contains("4 x 3 is 12")));
        assert_eq!(score("L3 x I5"), Ok(Some(15.0)));
        assert_eq!(score("12 (4x3)"), Ok(Some(12.0)));
        assert_eq!(score("12 (L4 x I3)"), Ok(Some(12.0)));
        assert_eq!(score("L=4, I=3"), Ok(Some(12.0)));
        assert_eq!(score("L4 x I3 = 12"), Ok(Some(12.0)));
        assert_eq!(score("12 (L4 I3)"), Ok(Some(12.0)));
        // A working with its band's name after it; the band is the rating stated.
        assert_eq!(score("4x5=20 (Red)"), Ok(Some(20.0)));
        assert_eq!(score("L4 x I5 = 20 (Very high)"), Ok(Some(20.0)));
        let schema = Schema::embedded().unwrap();
        assert!(matches!(
            band_after_score(&Value::Text("4x5=20 (Amber)".into()), &schema.framework),
            Some(Rating::Band { band, .. }) if band == "Medium"
        ));
        // The score's trend beside it.
        assert_eq!(score("12 \u{2194}"), Ok(Some(12.0)));
        assert_eq!(score("\u{25bc} 9"), Ok(Some(9.0)));
        assert_eq!(score("16\u{2191}"), Ok(Some(16.0)));
        assert!(
            matches!(score("\u{2191} High"), Err(CellProblem::Type(m)) if m == "'\u{2191} High' is not a score: expected a number from 1 to 25")
        );
        assert!(
            matches!(score("12 (4x4) \u{2191}"), Err(CellProblem::Type(m)) if m == "'12 (4x4) \u{2191}' does not add up: 4 x 4 is 16")
        );
        assert!(
            matches!(score("L4 I3 = 16"), Err(CellProblem::Type(m)) if m == "'L4 I3 = 16' does not add up: 4 x 3 is 12")
        );
        assert!(
            matches!(score("12 (4x4)"), Err(CellProblem::Type(m)) if m == "'12 (4x4)' does not add up: 4 x 4 is 16"),
            "{:?}",
            score("12 (4x4)")
        );
        for wrong in ["High", "twelve", "12 (4x)", "= 12", "4x", "x3", "\u{2191}"] {
            assert!(matches!(score(wrong), Err(CellProblem::Type(_))), "{wrong}");
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
        assert_eq!(
            rating(&Value::Text("Medium Risk".into()), f),
            Ok(Some(Rating::Band {
                band: "Medium".into(),
                written: "Medium Risk".into()
            }))
        );
        assert!(rating(&Value::Text("Bluish".into()), f).is_err());
        assert!(rating(&Value::Text("Risk".into()), f).is_err());
    }
}
