//! Likelihood, impact, scores and ratings as registers write them: numbers, labels
//! ("4 - Likely"), a score with its working ("3x4=12") or its band ("12 (High)"), and
//! a rating by its words, its colour or its fill.

use crate::model::Rating;
use crate::read::grid::{Value, format_number};
use crate::read::shade::Shade;
use crate::schema::{Framework, Scale};
use chrono::Datelike;

use super::{CellProblem, TREND_ARROWS, formula_problem, number_from_text};

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
    let read = match scale_text(text, scale) {
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
    };
    // "Tebygol / Likely": a label in two languages, the one the scale knows.
    read.or_else(|problem| {
        crate::schema::in_two_languages(text, |part| scale_text(part, scale).ok().flatten())
            .map(Some)
            .ok_or(problem)
    })
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
pub(super) fn without_words(text: &str, drop: impl Fn(&str) -> bool) -> String {
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
        (Some(n), Some(_)) if names_the_scale(text, &label, scale) => Ok(Some(n)),
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

/// Whether `label` is the scale's initial written before its number, as a working names
/// each factor ("L3" in a Likelihood column is likelihood 3, not the label L).
fn names_the_scale(text: &str, label: &str, scale: &Scale) -> bool {
    let mut letters = label.chars();
    let (Some(letter), None) = (letters.next(), letters.next()) else {
        return false;
    };
    scale
        .name
        .chars()
        .next()
        .is_some_and(|initial| initial.eq_ignore_ascii_case(&letter))
        && text.starts_with(letter)
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
pub(super) fn word(scale: &Scale, value: u8) -> &str {
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
    // "Uchel / High": a band named in two languages, the one the framework knows.
    let named = |part: &str| framework.band_named(part).map(|band| &band.name);
    if let Some(band) = crate::schema::in_two_languages(&text, named) {
        return Ok(Some(Rating::Band {
            band: band.clone(),
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
/// High, "Dark Red" Very high, in the default framework). Bright yellow is amber, where
/// no band is named yellow; on a register of four colours it is read as one of them.
pub fn rating_by_fill(
    shade: Option<Shade>,
    field: &'static str,
    framework: &Framework,
) -> Option<Rating> {
    let shade = shade?;
    let band = framework.band_named(shade.word()).or_else(|| {
        (shade == Shade::Yellow)
            .then(|| framework.band_named(Shade::Amber.word()))
            .flatten()
    })?;
    Some(Rating::Fill {
        band: band.name.clone(),
        colour: shade.colour(),
        field,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::values::is_placeholder;
    use crate::schema::Schema;

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
        // The scale's own letter before the number names the column, as a working
        // does ("L3" beside "I2"): it is not the label L (Low, 2). Any other letter that
        // is a label, or the letter after the number, still has to agree.
        for text in ["L3", "l3", "L 3", "L=3", "L: 3"] {
            assert_eq!(scale(&Value::Text(text.into()), l), Ok(Some(3.0)), "{text}");
        }
        assert_eq!(scale(&Value::Text("I4".into()), i), Ok(Some(4.0)));
        for (text, label, means) in [("H3", "H", 4), ("3 L", "L", 2)] {
            assert_eq!(
                scale(&Value::Text(text.into()), l),
                Err(CellProblem::Type(format!(
                    "'{text}' gives the number 3 but the label {label} means {means} on the likelihood scale"
                ))),
                "{text}"
            );
        }
        assert!(
            matches!(
                scale(&Value::Text("L3".into()), i),
                Err(CellProblem::Type(m)) if m.contains("label L means 2 on the impact scale")
            ),
            "L is not the impact scale's letter"
        );
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
