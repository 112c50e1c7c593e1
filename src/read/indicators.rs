//! Indicator sheets: a definitions library, and returns in the long layout (a row per
//! indicator per period) or the wide layout (a row per indicator, a column per period).

use super::grid::{Grid, GridRow, Value};
use super::header::Header;
use super::period::{ReturnYear, financial_years_in, period, period_from_text, sheet_period};
use super::register::{RowLeftOut, Unread, could_be_id, header_repeated, note_row, totals_row};
use super::shade::Shade;
use super::values::{self, CellProblem, TREND_ARROWS, number_from_text};
use crate::finding::{CellRef, Finding, Rule};
use crate::model::{
    Comparator, Definition, Frequency, IndicatorValue, Period, PeriodPart, Polarity, Rag, Source,
    Text, Unit,
};
use crate::schema::{BlockKey, HeaderKeys, Notes, Slot, TemplateSchema, has_word, squash};
use std::collections::HashMap;
use std::sync::Arc;

/// How a return lays out its periods.
#[derive(Debug, Clone, PartialEq)]
pub enum Layout {
    /// A row per indicator per period.
    Long {
        /// A column saying what each row holds ("Actual", "Target"), where an
        /// indicator's actual and target for a period are rows of their own.
        roles: Option<u32>,
    },
    /// A row per indicator; these columns hold the periods' actuals (and targets).
    Wide {
        /// Each period's columns.
        periods: Vec<PeriodColumns>,
        /// A column of the year's target ("2026/27 Target"): each period's target where
        /// the header has no Target column.
        year_target: Option<u32>,
        /// A column saying what each row holds ("Actual", "Target"), where an
        /// indicator's actuals and targets are rows of their own.
        roles: Option<u32>,
    },
}

/// What a row of a return holds, where a column says so: an indicator's actuals in
/// one row and its targets in the next is a common way to lay a wide return out, and
/// a row per figure ("Type": "Actual" or "Target") is how exports lay a long one out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRole {
    /// The actuals ("Actual", "Outturn", "Performance").
    Actual,
    /// The targets.
    Target,
    /// The numerators.
    Numerator,
    /// The denominators.
    Denominator,
    /// Something else the return shows per period ("Variance", "RAG", "Last year").
    Other,
}

impl RowRole {
    /// The role a cell's words name, if they name one.
    pub fn of(text: &str) -> Option<RowRole> {
        let role = match squash(text).as_str() {
            "actual" | "actuals" | "actualvalue" | "actualperformance" | "outturn" | "result"
            | "results" | "performance" | "value" | "achieved" => RowRole::Actual,
            "target" | "targets" | "tgt" | "targetvalue" | "profiledtarget" => RowRole::Target,
            "numerator" | "num" => RowRole::Numerator,
            "denominator" | "den" | "denom" => RowRole::Denominator,
            "rag"
            | "ragstatus"
            | "status"
            | "variance"
            | "var"
            | "varianceagainsttarget"
            | "trend"
            | "dot"
            | "directionoftravel"
            | "forecast"
            | "benchmark"
            | "comment"
            | "comments"
            | "commentary"
            | "lastyear"
            | "previousyear"
            | "prioryear" => RowRole::Other,
            _ => return None,
        };
        Some(role)
    }
}

/// The column of a return that says what each row holds ("Actual", "Target"), if it
/// has one: a column other than the values', headed or not, whose cells name a row's
/// role (nine in ten of them or more), with actuals and another value among them.
fn role_column(grid: &Grid, header: &Header, taken: &[u32]) -> Option<u32> {
    let last = header.columns.last()?.index;
    (header.first_column()..=last)
        .filter(|column| !taken.contains(column))
        .find(|&column| {
            let (mut filled, mut actual, mut values, mut other) = (0, 0, 0, 0);
            for row in grid.rows.iter().filter(|r| r.index > header.last_row) {
                let cell = row.get(column);
                if cell.is_blank() {
                    continue;
                }
                filled += 1;
                match cell.as_text().and_then(RowRole::of) {
                    Some(RowRole::Actual) => actual += 1,
                    Some(RowRole::Other) => other += 1,
                    Some(_) => values += 1,
                    None => {}
                }
            }
            actual > 0 && values > 0 && (actual + values + other) * 10 >= filled * 9
        })
}

/// A period's columns in a wide return.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodColumns {
    /// The period.
    pub period: Period,
    /// Its actual's column.
    pub actual: Option<u32>,
    /// Its target's column, where targets are given per period.
    pub target: Option<u32>,
    /// Its numerator's column ("Apr Numerator"), where given.
    pub numerator: Option<u32>,
    /// Its denominator's column ("Apr Denominator"), where given.
    pub denominator: Option<u32>,
    /// Its own RAG's column ("Q1 RAG"), where given.
    pub rag: Option<u32>,
    /// Its own commentary's column ("Q1 Commentary"), where given.
    pub commentary: Option<u32>,
    /// Whether its heading names its year ("Apr-26", "Q1 2026/27"), rather than taking
    /// the return's ("Apr", "Q1").
    pub named_year: bool,
}

/// A return's rows, read.
#[derive(Debug, Clone)]
pub struct ReturnSheet {
    /// The header found.
    pub header: Header,
    /// Long or wide.
    pub layout: Layout,
    /// One per indicator per period.
    pub values: Vec<IndicatorValue>,
    /// Non-blank rows below the header taken as indicators.
    pub rows_taken: usize,
    /// Non-blank rows below the header that are not indicators.
    pub left_out: Vec<RowLeftOut>,
    /// A wide row's quarter, half or year columns among its months, with a figure:
    /// their subtotals, checked against the months but not periods of their own.
    pub subtotals: Vec<IndicatorValue>,
}

/// A definitions library's rows, read.
#[derive(Debug, Clone)]
pub struct DefinitionsSheet {
    /// The header found.
    pub header: Header,
    /// One per indicator.
    pub definitions: Vec<Definition>,
    /// Non-blank rows that are not definitions.
    pub left_out: Vec<RowLeftOut>,
}

/// Words in a period's heading for its own RAG ("Q1 RAG", "Q1 Status").
pub const PERIOD_RAG: &[&str] = &["rag", "status"];

/// Words in a period's heading for its own commentary ("Q1 Commentary").
pub const PERIOD_COMMENTARY: &[&str] = &["comment", "comments", "commentary", "note", "notes"];

/// Words in a period's heading that mark a column beside its values that is not read
/// ("Apr Variance").
const NOT_VALUES: &[&str] = &[
    "variance",
    "var",
    "trend",
    "dot",
    "direction",
    "forecast",
    "benchmark",
];

/// The period columns of a header (headings that name a month, quarter or year), and
/// the column of the year's target, if any.
pub fn period_columns(header: &Header, year: i32) -> (Vec<PeriodColumns>, Option<u32>) {
    let mut by_period: Vec<PeriodColumns> = Vec::new();
    for column in header.columns.iter().filter(|c| c.slot.is_none()) {
        let Some(period) = period_from_text(&column.header, year) else {
            continue;
        };
        let heading = squash(&column.header);
        let has_word = |words: &[&str]| has_word(&column.header, words);
        // A period's RAG or commentary is its own ("Q1 RAG", "Q1 Commentary"); its
        // variance, trend or forecast is not one of its values.
        let rag = has_word(PERIOD_RAG);
        let commentary = has_word(PERIOD_COMMENTARY);
        if has_word(NOT_VALUES) && !rag && !commentary {
            continue;
        }
        let entry = match by_period.iter_mut().find(|p| p.period == period) {
            Some(entry) => entry,
            None => {
                by_period.push(PeriodColumns {
                    period,
                    actual: None,
                    target: None,
                    numerator: None,
                    denominator: None,
                    rag: None,
                    commentary: None,
                    named_year: period_from_text(&column.header, year + 1) == Some(period),
                });
                by_period.last_mut().expect("just pushed")
            }
        };
        let slot = if rag {
            &mut entry.rag
        } else if commentary {
            &mut entry.commentary
        } else if heading.contains("target") || has_word(&["tgt"]) {
            &mut entry.target
        } else if heading.contains("numerator") || heading.ends_with("num") {
            &mut entry.numerator
        } else if heading.contains("denominator") || heading.ends_with("den") {
            &mut entry.denominator
        } else if entry.actual.is_some()
            && !has_word(&["actual", "actuals", "outturn", "result", "performance"])
        {
            // The months again in a second block, unlabelled: its targets.
            &mut entry.target
        } else {
            &mut entry.actual
        };
        slot.get_or_insert(column.index);
    }
    let this_year = Period {
        year,
        part: PeriodPart::Year,
    };
    let year_target = by_period
        .iter()
        .find(|p| p.period == this_year)
        .and_then(|p| p.target);
    // Beside months or quarters, a year's column is this year's outturn (or its
    // target); another year's ("2025/26 Outturn") is there for comparison and is not
    // one of this year's values.
    let by_parts = by_period.iter().any(|p| p.period.part != PeriodPart::Year);
    by_period.retain(|p| {
        p.actual.is_some()
            && !(by_parts && p.period.part == PeriodPart::Year && p.period.year != year)
    });
    (by_period, year_target)
}

/// The latest financial year a return names above its table ("Libraries performance
/// return 2026/27"), in the headings of its periods ("Q1 2026/27", "Apr-26") and
/// targets ("2026/27 Target"), or in its sheet's name ("Oct 2026", "2025-26"). A
/// year's outturn ("Outturn 2025/26") does not count: it is as often last year's, given
/// for comparison, as this year's.
pub fn year_named(grid: &Grid, header: &Header) -> Option<i32> {
    let above = grid
        .rows
        .iter()
        .take_while(|row| row.index < header.first_row)
        .flat_map(|row| row.cells.iter())
        .filter_map(|(_, value)| value.as_text())
        .flat_map(financial_years_in);
    // Read with no year to fall back on, a period's year is its own only if it is a
    // real one.
    let headings = header
        .columns
        .iter()
        .filter(|c| c.slot.is_none())
        .filter_map(|c| match period_from_text(&c.header, 0)? {
            Period {
                part: PeriodPart::Year,
                ..
            } if !has_word(&c.header, &["target", "tgt"]) => None,
            period => (period.year >= 2000).then_some(period.year),
        });
    // A sheet named for a period with its year ("Oct 2026", "2026-27").
    let sheet = sheet_period(&grid.name, 0)
        .filter(|(_, own_year)| *own_year)
        .map(|(period, _)| period.year);
    above.chain(headings).chain(sheet).max()
}

/// Whether a header is an indicator return's, its layout, and the financial year it is
/// read for: `year` where given, else the latest the return names. Value columns that
/// carry their year ("Actual 2026/27" beside a Month) are mapped here when the header
/// has no Actual column of its own.
pub fn return_fit(
    grid: &Grid,
    header: &mut Header,
    template: &TemplateSchema,
    year: ReturnYear,
) -> Option<(Layout, i32)> {
    let named = year_named(grid, header);
    let read_for = year.for_return(named);
    if let Some(layout) = return_layout(header, template, read_for) {
        return Some((with_roles(grid, header, template, layout), read_for));
    }
    let actuals = map_year_headed(header, template)?;
    let year = year.for_return(named.max(Some(actuals)));
    Some((return_layout(header, template, year)?, year))
}

/// A layout with its column of rows' roles, where it has one. That column is taken out
/// of any field its heading matched ("Measure" is also a name's synonym).
fn with_roles(
    grid: &Grid,
    header: &mut Header,
    template: &TemplateSchema,
    layout: Layout,
) -> Layout {
    let values: Vec<u32> = match &layout {
        Layout::Wide {
            periods,
            year_target,
            ..
        } => periods
            .iter()
            .flat_map(|p| [p.actual, p.target, p.numerator, p.denominator])
            .flatten()
            .chain(*year_target)
            .collect(),
        Layout::Long { .. } => ["actual", "target", "numerator", "denominator", "period"]
            .into_iter()
            .filter_map(|field| header.column_of(template, field))
            .collect(),
    };
    let found = role_column(grid, header, &values);
    if let Some(column) = found {
        header.unmap(column);
    }
    match layout {
        Layout::Wide {
            periods,
            year_target,
            ..
        } => Layout::Wide {
            periods,
            year_target,
            roles: found,
        },
        Layout::Long { .. } => Layout::Long { roles: found },
    }
}

/// A long return whose value columns carry their year ("Actual 2026/27", "2026/27
/// Target"), perhaps beside last year's for comparison ("Actual 2025/26"): each value
/// field is taken from the latest year's column that names it, and the others are left
/// as comparison. Only for a header with no Actual column of its own; gives the year of
/// the actuals taken, or `None` (the header unchanged) where no column names one.
fn map_year_headed(header: &mut Header, template: &TemplateSchema) -> Option<i32> {
    const VALUE_FIELDS: [&str; 4] = ["actual", "target", "numerator", "denominator"];
    let actual = template.slot("actual")?;
    if header.slots.contains_key(&actual) {
        return None;
    }
    // (slot, year, column) of the latest year's column naming each value field.
    let mut chosen: Vec<(Slot, i32, u32)> = Vec::new();
    for column in header.columns.iter().filter(|c| c.slot.is_none()) {
        let mut years = financial_years_in(&column.header);
        let (Some(year), None) = (years.next(), years.next()) else {
            continue;
        };
        let rest: Vec<&str> = column
            .header
            .split_whitespace()
            .filter(|word| financial_years_in(word).next().is_none())
            .filter(|word| !word.eq_ignore_ascii_case("fy"))
            .collect();
        let Some(slot) = HeaderKeys::of(&rest.join(" "))
            .and_then(|keys| template.slot_of_keys(&keys, None))
            .filter(|slot| VALUE_FIELDS.contains(&template.fields[slot.field].name.as_str()))
            .filter(|slot| !header.slots.contains_key(slot))
        else {
            continue;
        };
        match chosen.iter_mut().find(|(s, _, _)| *s == slot) {
            Some(entry) if entry.1 < year => *entry = (slot, year, column.index),
            Some(_) => {}
            None => chosen.push((slot, year, column.index)),
        }
    }
    let year = chosen.iter().find(|(slot, _, _)| *slot == actual)?.1;
    for (slot, _, index) in chosen {
        header.slots.insert(slot, index);
        if let Some(column) = header.columns.iter_mut().find(|c| c.index == index) {
            column.slot = Some(slot);
        }
    }
    Some(year)
}

/// Whether a header is an indicator return's: an Actual column, or periods as columns.
pub fn return_layout(header: &Header, template: &TemplateSchema, year: i32) -> Option<Layout> {
    let has = |name: &str| {
        template
            .slot(name)
            .is_some_and(|slot| header.slots.contains_key(&slot))
    };
    let (periods, year_target) = period_columns(header, year);
    // Beside a Period or Month column, years in the headings ("Actual 2025/26", "Actual
    // 2026/27") are a long return's value columns, not a row's periods.
    let years_beside_periods =
        has("period") && periods.iter().all(|p| p.period.part == PeriodPart::Year);
    // A return of one period (this quarter's: "Q2", "Q2 Actual", "Sep 2026") beside
    // the indicators' IDs or names: a month, quarter or half with its actual, and no
    // Actual column of a long return. Not a year's ("2026/27 Target" in a library).
    let one_period = matches!(&periods[..], [only]
        if only.actual.is_some() && only.period.part != PeriodPart::Year)
        && !has("actual")
        && !has("period")
        && (has("id") || has("name"));
    if (periods.len() >= 2 || one_period) && !years_beside_periods {
        Some(Layout::Wide {
            periods,
            year_target,
            roles: None,
        })
    } else if has("actual") {
        Some(Layout::Long { roles: None })
    } else {
        None
    }
}

/// Text that means "no value" rather than a bad one: "n/a", "TBC", "Awaiting data",
/// "Data not yet available", "Pending".
fn is_no_value(text: &str) -> bool {
    // "N/A - data lag", "TBC (awaiting audit)": the words with a note after them, so
    // long as the note gives no figure.
    if values::before_a_note(text).is_some_and(is_no_value) {
        return true;
    }
    let squashed = squash(text);
    matches!(
        squashed.as_str(),
        "" | "na"
            | "tbc"
            | "tba"
            | "tbd"
            | "nodata"
            | "nyr"
            | "notknown"
            | "unknown"
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
fn is_no_rag(text: &str) -> bool {
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

/// A figure with an arrow beside it for its trend ("85% \u{2191}", "\u{25bc} 12"), where
/// the row gives no direction of travel in words: the arrow is the direction the return
/// reports, at the figure's cell, and checked against the way the figures moved.
fn arrows_reported(grid: &Grid, values: &mut [IndicatorValue]) {
    for value in values.iter_mut().filter(|v| v.direction.is_none()) {
        let Some(cell) = value
            .cells
            .iter()
            .find(|(name, _)| &**name == "actual")
            .map(|(_, cell)| *cell)
        else {
            continue;
        };
        let Some(arrow) = grid
            .get(cell.row, cell.column)
            .as_text()
            .and_then(|text| text.chars().find(|c| TREND_ARROWS.contains(c)))
        else {
            continue;
        };
        value.direction = Some(Text::from(arrow.to_string()));
        value.cells.retain(|(name, _)| &**name != "direction");
        value.cells.push((Arc::from("direction"), cell));
    }
}

/// An indicator's figures typed as text with a percent sign ("95%") among its other
/// figures held as fractions (0.9, in a cell formatted as a percentage, shows 90%):
/// the typed ones are made fractions too, so that a target of "95%" is not read as 95
/// against an actual of 0.9. Where the indicator's other figures are not all
/// fractions, every figure is left as read.
fn percent_signs_beside_fractions(grid: &Grid, values: &mut [IndicatorValue]) {
    const FIELDS: [&str; 2] = ["actual", "target"];
    fn figure<'v>(value: &'v mut IndicatorValue, field: &str) -> &'v mut Option<f64> {
        match field {
            "actual" => &mut value.actual,
            _ => &mut value.target,
        }
    }
    let signed = |value: &IndicatorValue, field: &str| {
        let cell = value.cell(field);
        value.has_column(field)
            && grid
                .get(cell.row, cell.column)
                .as_text()
                .is_some_and(|text| text.contains('%'))
    };
    // Each indicator's values, in the order they come.
    let mut by_indicator: Vec<Vec<usize>> = Vec::new();
    let mut at: HashMap<Text, usize> = HashMap::new();
    for (index, value) in values.iter().enumerate() {
        let Some(key) = value.id.clone().or_else(|| value.name.clone()) else {
            continue;
        };
        let group = *at.entry(key).or_insert_with(|| {
            by_indicator.push(Vec::new());
            by_indicator.len() - 1
        });
        by_indicator[group].push(index);
    }
    for indices in by_indicator {
        let mut typed = Vec::new();
        let mut fractions = true;
        let mut any_fraction = false;
        for &index in &indices {
            let value = &mut values[index];
            for field in FIELDS {
                let is_signed = signed(value, field);
                let Some(number) = *figure(value, field) else {
                    continue;
                };
                if is_signed {
                    typed.push((index, field, number));
                } else {
                    fractions &= (0.0..=1.0).contains(&number);
                    any_fraction |= number > 0.0;
                }
            }
        }
        if fractions && any_fraction && typed.iter().any(|(_, _, number)| *number > 1.0) {
            for (index, field, number) in typed {
                *figure(&mut values[index], field) = Some(number / 100.0);
            }
        }
    }
}

/// A number written with its unit: "32 days", "4.5 hrs", "85 %", "£1.2m", "£250k",
/// "1.5 million", "12.5 per 1,000", "12 per week". A multiplier letter (k, m, bn) is
/// read only after a pound sign. A negative may be bracketed as accounts write it
/// ("(1,250)", "(£1.2m)") or signed before its pound sign ("-£250"); a note in
/// brackets after the number ("1,234 (provisional)", "80% (12/15)") is passed over, and
/// so is a word before it saying it is approximate ("c. 8.5", "approx 85%", "~120",
/// "≈120"), and a footnote's mark after it ("58%*").
pub fn quantity(text: &str) -> Option<f64> {
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
fn is_when(text: &str) -> bool {
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
            format!("{}%", super::grid::format_number(share))
        };
        format!(
            "'{}' is a count out of a total, not the value: give the value itself ({} if it is the count, {share} if it is a percentage) and the two figures in Numerator and Denominator columns",
            text.trim(),
            super::grid::format_number(self.numerator),
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

struct RowReader<'a> {
    file: &'a str,
    grid: &'a Grid,
    /// The rows of one indicator: one, or (where a column names each row's role) its
    /// actuals', targets' and other rows, the first naming the indicator.
    rows: &'a [&'a GridRow],
    findings: &'a mut Vec<Finding>,
    unreadable: Vec<String>,
    /// Number fields given as words ("<5", "n/a"), with the words.
    written: Vec<(String, String)>,
}

impl<'a> RowReader<'a> {
    /// The row whose cell in a column an indicator's field is read from: the first of
    /// its rows with something there.
    fn locate(&self, column: u32) -> &'a GridRow {
        self.rows
            .iter()
            .find(|row| !row.get(column).is_blank())
            .unwrap_or(&self.rows[0])
    }

    fn problem(&mut self, row: u32, field: &str, label: &str, column: u32, problem: CellProblem) {
        self.unreadable.push(field.to_string());
        let cell = CellRef::new(row, column);
        let finding = problem.finding(self.file, label);
        self.findings
            .push(finding.on_sheet(&self.grid.name).at(cell).field(field));
    }

    fn text(&mut self, column: Option<u32>) -> Option<String> {
        let column = column?;
        let value = self.locate(column).get(column);
        (!value.is_blank() && !matches!(value, Value::Error(_))).then(|| value.display())
    }

    /// The text, to share between a wide row's periods.
    fn shared(&mut self, column: Option<u32>) -> Option<Text> {
        self.text(column).map(Text::from)
    }

    fn number(&mut self, field: &str, label: &str, column: Option<u32>) -> Option<f64> {
        let column = column?;
        self.number_in(self.locate(column), field, label, Some(column))
    }

    /// The actual a cell gives as a count out of a total: the percentage written with
    /// it, or the one it makes for an indicator of percentages (a unit, or a name, that
    /// says so); a score's is the score ("4.2 out of 5"). Another's is a cell problem,
    /// as 45 out of 50 may be meant as 45 or as 90%. With no unit nor a name that says,
    /// the words are kept for the library's unit to decide ([`Fraction::actual_for`]).
    /// With whether the two figures are the value's numerator and denominator.
    fn counted(
        &mut self,
        row: &GridRow,
        column: u32,
        text: &str,
        counted: Fraction,
        value: &IndicatorValue,
    ) -> (Option<f64>, bool) {
        if let Some(stated) = counted.stated {
            return (Some(stated), true);
        }
        let named_percentage = value.name.as_deref().is_some_and(|name| {
            let lower = name.to_lowercase();
            lower.contains('%') || lower.contains("percent") || lower.contains("proportion")
        });
        match value.unit.as_deref().and_then(Unit::from_text) {
            // No unit given: the library's, once joined, says what it is.
            None if !named_percentage => {
                self.written
                    .push(("actual".to_string(), text.trim().to_string()));
                (None, false)
            }
            unit => match counted.actual_for(unit.or(Some(Unit::Percentage))) {
                Some((actual, calculated)) => (Some(actual), calculated),
                None => {
                    let problem = CellProblem::Type(counted.problem(text));
                    self.problem(row.index, "actual", "Actual", column, problem);
                    (None, false)
                }
            },
        }
    }

    /// A definition's frequency the framework's periods do not follow ("Weekly"): an
    /// info finding at its cell.
    fn unjudged(&mut self, row: u32, column: Option<u32>, text: &str) {
        let Some(column) = column else {
            return;
        };
        let finding = Finding::file(
            self.file,
            Rule::IndicatorFrequencyUnjudged,
            format!(
                "The frequency '{}' is not one the periods due are judged by (Monthly, Quarterly, Half-yearly or Annual): which of the indicator's periods are due is taken from the periods its returns give.",
                text.trim()
            ),
        );
        self.findings.push(
            finding
                .on_sheet(&self.grid.name)
                .at(CellRef::new(row, column))
                .field("frequency"),
        );
    }

    /// A number from one row's cell.
    fn number_in(
        &mut self,
        row: &GridRow,
        field: &str,
        label: &str,
        column: Option<u32>,
    ) -> Option<f64> {
        let column = column?;
        let cell = row.get(column);
        let words = cell.as_text().map(str::trim).filter(|t| !t.is_empty());
        // A target with its comparison (">= 80%"), none by design ("Monitor only"), or
        // a range ("90-95%"): the words are kept, for the polarity they give, the
        // range's RAG and the workbook.
        if field == "target"
            && let Some(text) = words
        {
            if let Some((number, _)) = target_comparison(text) {
                self.written.push((field.to_string(), text.to_string()));
                return Some(number);
            }
            if is_no_target(text)
                || target_in_words(text).is_some()
                || target_range(text).is_some()
                || is_milestone_target(text)
            {
                self.written.push((field.to_string(), text.to_string()));
                return None;
            }
        }
        if let Some(text) = words
            && is_withheld(text)
        {
            let finding = Finding::file(
                self.file,
                Rule::IndicatorValueWithheld,
                format!(
                    "{label} is '{text}', a number withheld to protect small counts: it counts as given, but it cannot be checked against the target or given a RAG."
                ),
            );
            self.findings.push(
                finding
                    .on_sheet(&self.grid.name)
                    .at(CellRef::new(row.index, column))
                    .field(field),
            );
            self.written.push((field.to_string(), text.to_string()));
            return None;
        }
        // A milestone's status ("Achieved", "Delayed"): given, kept as written.
        if field == "actual"
            && let Some(text) = words
            && is_milestone_status(text)
        {
            self.written.push((field.to_string(), text.to_string()));
            return None;
        }
        // A forecast in words ("On track", "Green", "Target will be met"): kept as
        // written.
        if field == "forecast"
            && let Some(text) = words
            && number(cell).is_err()
        {
            self.written.push((field.to_string(), text.to_string()));
            return None;
        }
        match number(cell) {
            Ok(None) => {
                // A placeholder ("n/a", "TBC"): no value, but the words are kept.
                if let Some(text) = words {
                    self.written.push((field.to_string(), text.to_string()));
                }
                None
            }
            Ok(value) => value,
            Err(problem) => {
                self.problem(row.index, field, label, column, problem);
                None
            }
        }
    }

    /// The RAG status a cell reports. None when it is blank or says there is none, as
    /// an indicator with no target reports ("N/A", "-", "Data only", "Not due yet");
    /// anything else is a cell problem.
    fn rag(&mut self, column: Option<u32>) -> Option<Rag> {
        let column = column?;
        let text = self.text(Some(column))?;
        if let Some(rag) = Rag::from_text(&text) {
            return Some(rag);
        }
        if is_no_rag(&text) {
            if is_no_target(&text) {
                self.written.push(("rag".to_string(), text));
            }
            return None;
        }
        let statuses: Vec<Rag> = text
            .split(['/', '-', '\u{2013}', '&', ','])
            .flat_map(|part| part.split(" to "))
            .filter_map(|part| Rag::from_text(part.trim()))
            .collect();
        let problem = if matches!(squash(&text).as_str(), "blue" | "b") {
            format!(
                "'{text}' is not one of the framework's RAG statuses (Red, Amber or Green): where it means on or better than target, report Green"
            )
        } else if statuses.len() == 2 {
            // "Amber/Red", "Red-Amber": between two statuses, which the framework has not.
            format!(
                "'{text}' gives two RAG statuses: report the one the actual and target give, Red, Amber or Green"
            )
        } else {
            format!("'{text}' is not a RAG status (Red, Amber or Green)")
        };
        self.problem(
            self.locate(column).index,
            "rag",
            "RAG",
            column,
            CellProblem::Type(problem),
        );
        None
    }

    fn parsed<T>(
        &mut self,
        field: &str,
        label: &str,
        column: Option<u32>,
        parse: fn(&str) -> Option<T>,
        expected: &str,
    ) -> Option<T> {
        let column = column?;
        let text = self.text(Some(column))?;
        let parsed = parse(&text);
        if parsed.is_none() {
            self.problem(
                self.locate(column).index,
                field,
                label,
                column,
                CellProblem::Type(format!("'{text}' is not {expected}")),
            );
        }
        parsed
    }
}

fn columns_of(header: &Header, template: &TemplateSchema) -> HashMap<String, u32> {
    header
        .slots
        .iter()
        .map(|(slot, column)| (template.fields[slot.field].name.clone(), *column))
        .collect()
}

fn names_of(columns: &HashMap<String, u32>, row: u32) -> Vec<(Arc<str>, CellRef)> {
    columns
        .iter()
        .map(|(name, column)| (Arc::from(name.as_str()), CellRef::new(row, *column)))
        .collect()
}

/// Whether a row is only a heading inside the table: one text cell and nothing else.
fn heading_row(row: &GridRow, header: &Header) -> bool {
    let filled: Vec<&Value> = row
        .cells
        .iter()
        .filter(|(c, v)| !v.is_blank() && header.columns.iter().any(|h| h.index == *c))
        .map(|(_, v)| v)
        .collect();
    filled.len() == 1 && matches!(filled[0], Value::Text(_))
}

/// A row that is only a heading inside the table (one text cell, not an ID: in the ID
/// column, words with no number, "Contact centre"): left out.
fn heading_inside(row: &GridRow, header: &Header, id_column: Option<u32>) -> Option<RowLeftOut> {
    let not_an_id = |column: u32| match row.get(column) {
        Value::Empty => true,
        Value::Text(text) => !could_be_id(text),
        _ => false,
    };
    (heading_row(row, header) && id_column.is_none_or(not_an_id)).then(|| RowLeftOut {
        row: row.index + 1,
        reason: "heading inside the table".into(),
    })
}

/// Why a row of a library or return is not an indicator, if it is not: a note, a
/// totals line, the header repeated, or a heading inside the table.
fn not_an_indicator(
    row: &GridRow,
    header: &Header,
    notes: &Notes,
    id_column: Option<u32>,
) -> Option<RowLeftOut> {
    note_row(row, notes)
        .or_else(|| totals_row(row, false))
        .or_else(|| header_repeated(row, header))
        .or_else(|| heading_inside(row, header, id_column))
}

/// The filled rows below the header that hold indicators; the others are put in
/// `left_out`, each with why.
fn indicator_rows<'g>(
    grid: &'g Grid,
    header: &Header,
    notes: &Notes,
    id_column: Option<u32>,
    left_out: &mut Vec<RowLeftOut>,
) -> Vec<&'g GridRow> {
    grid.rows
        .iter()
        .filter(|r| r.index > header.last_row && !r.is_blank())
        .filter(
            |row| match not_an_indicator(row, header, notes, id_column) {
                Some(left) => {
                    left_out.push(left);
                    false
                }
                None => true,
            },
        )
        .collect()
}

/// One indicator's rows in a return (in a long return, for one period): a row, or
/// (where a column names each row's role) the rows that give its actuals, targets,
/// numerators and denominators.
struct RowGroup<'g> {
    /// Its rows, the first naming the indicator.
    rows: Vec<&'g GridRow>,
    /// The ID (or name) its rows give, where they were put together by their roles.
    name: Option<String>,
    /// Whether its rows were put together by their roles.
    by_role: bool,
    actual: Option<&'g GridRow>,
    target: Option<&'g GridRow>,
    numerator: Option<&'g GridRow>,
    denominator: Option<&'g GridRow>,
}

impl<'g> RowGroup<'g> {
    /// A group begun by a row of a role (a row with no role is an indicator's row of
    /// actuals, in a group of its own).
    fn begun(row: &'g GridRow, role: RowRole, name: Option<String>, by_role: bool) -> Self {
        let mut group = RowGroup {
            rows: vec![row],
            name,
            by_role,
            actual: None,
            target: None,
            numerator: None,
            denominator: None,
        };
        if let Some(slot) = group.slot(role) {
            *slot = Some(row);
        }
        group
    }

    /// Whether it has no row of this role yet.
    fn free(&self, role: RowRole) -> bool {
        match role {
            RowRole::Actual => self.actual.is_none(),
            RowRole::Target => self.target.is_none(),
            RowRole::Numerator => self.numerator.is_none(),
            RowRole::Denominator => self.denominator.is_none(),
            RowRole::Other => false,
        }
    }

    fn slot(&mut self, role: RowRole) -> Option<&mut Option<&'g GridRow>> {
        match role {
            RowRole::Actual => Some(&mut self.actual),
            RowRole::Target => Some(&mut self.target),
            RowRole::Numerator => Some(&mut self.numerator),
            RowRole::Denominator => Some(&mut self.denominator),
            RowRole::Other => None,
        }
    }
}

/// A return's indicator rows, each an indicator of its own, or where `roles` is the
/// column naming each row's role, put together. In a wide return a row of actuals,
/// targets, numerators or denominators belongs with the rows above it while it names
/// the same indicator (or none) and its role is not there yet; in a long return
/// (`period` its Period column) with the rows of the same indicator and period,
/// wherever they are. Rows of other things ("Variance", "Last year") are left out,
/// each with why.
fn group_rows<'g>(
    rows: Vec<&'g GridRow>,
    roles: Option<u32>,
    identity: [Option<u32>; 2],
    period: Option<u32>,
    left_out: &mut Vec<RowLeftOut>,
) -> Vec<RowGroup<'g>> {
    let name_of = |row: &GridRow| {
        identity
            .into_iter()
            .flatten()
            .map(|column| row.get(column))
            .find(|value| !value.is_blank())
            .map(Value::display)
    };
    let mut groups: Vec<RowGroup<'g>> = Vec::new();
    // A long return's groups by indicator and period.
    let mut by_key: HashMap<(Option<String>, String), usize> = HashMap::new();
    for row in rows {
        let role = roles.and_then(|column| {
            let role = row.get(column).as_text().and_then(RowRole::of)?;
            Some((role, row.get(column).display()))
        });
        let Some((role, said)) = role else {
            groups.push(RowGroup::begun(row, RowRole::Actual, None, false));
            continue;
        };
        // A row naming no indicator is the one above's.
        let name = name_of(row).or_else(|| {
            groups
                .last()
                .filter(|last| last.by_role)
                .and_then(|last| last.name.clone())
        });
        let key = period.map(|column| (name.clone(), row.get(column).display()));
        let joins = match &key {
            Some(key) => by_key.get(key).copied(),
            None => groups
                .len()
                .checked_sub(1)
                .filter(|&k| groups[k].by_role && name == groups[k].name),
        };
        if role == RowRole::Other {
            let of = name.map_or_else(|| "the indicator above".to_string(), |n| format!("'{n}'"));
            left_out.push(RowLeftOut {
                row: row.index + 1,
                reason: format!(
                    "the '{said}' row of {of}: not one of the values the return is checked for"
                ),
            });
            continue;
        }
        match joins.map(|k| &mut groups[k]) {
            Some(group) if group.free(role) => {
                if let Some(slot) = group.slot(role) {
                    *slot = Some(row);
                }
                group.rows.push(row);
            }
            _ => {
                groups.push(RowGroup::begun(row, role, name, true));
                if let Some(key) = key {
                    by_key.insert(key, groups.len() - 1);
                }
            }
        }
    }
    groups
}

/// Read one period's figures of an indicator's rows into `value`: its actual from the
/// actuals' row's `actual` column; its target, numerator and denominator from that
/// row's `own` columns for them where it has them, else from their own rows' `actual`
/// column. The cells each was read from replace the value's; gives them.
fn read_figures<'g>(
    reader: &mut RowReader,
    group: &RowGroup<'g>,
    actual: Option<u32>,
    own: [Option<u32>; 3],
    value: &mut IndicatorValue,
) -> Vec<(&'static str, &'g GridRow, u32)> {
    const FIGURES: [(&str, &str); 3] = [
        ("target", "Target"),
        ("numerator", "Numerator"),
        ("denominator", "Denominator"),
    ];
    let own_row = group.actual.unwrap_or(group.rows[0]);
    let in_rows = [group.target, group.numerator, group.denominator];
    let mut at: Vec<(&str, &GridRow, u32)> = Vec::new();
    let mut counted = None;
    if let (Some(row), Some(column)) = (group.actual, actual) {
        let written = row.get(column).as_text();
        counted = written.and_then(fraction);
        value.actual = match (counted, written) {
            (Some(fraction), Some(text)) => {
                let (actual, calculated) = reader.counted(row, column, text, fraction, value);
                counted = counted.filter(|_| calculated);
                actual
            }
            _ => reader.number_in(row, "actual", "Actual", Some(column)),
        };
        at.push(("actual", row, column));
    }
    for (((field, label), own), in_row) in FIGURES.into_iter().zip(own).zip(in_rows) {
        let found = own
            .map(|column| (own_row, column))
            .or_else(|| in_row.zip(actual));
        let Some((row, column)) = found else {
            continue;
        };
        let number = reader.number_in(row, field, label, Some(column));
        match field {
            "target" => value.target = number,
            "numerator" => value.numerator = number,
            _ => value.denominator = number,
        }
        at.push((field, row, column));
    }
    // A count out of a total in the actual's cell gives the numerator and denominator
    // its own columns leave blank.
    if let Some(counted) = counted
        && value.actual.is_some()
    {
        value.numerator = value.numerator.or(Some(counted.numerator));
        value.denominator = value.denominator.or(Some(counted.denominator));
    }
    value
        .cells
        .retain(|(name, _)| !at.iter().any(|(field, ..)| *field == &**name));
    for &(field, row, column) in &at {
        value
            .cells
            .push((Arc::from(field), CellRef::new(row.index, column)));
    }
    at
}

/// A return's row whose ID (or, with none, its name) is struck through: an indicator
/// no longer reported, which officers strike through rather than delete. It is left
/// out, with an info finding that says so.
fn struck_through(
    file: &str,
    grid: &Grid,
    row: &GridRow,
    columns: [Option<u32>; 2],
    findings: &mut Vec<Finding>,
) -> Option<RowLeftOut> {
    let column = columns
        .into_iter()
        .flatten()
        .find(|&column| !row.get(column).is_blank())?;
    if !grid.struck(row.index, column) {
        return None;
    }
    let named = row.get(column).display();
    findings.push(
        Finding::file(
            file,
            Rule::IndicatorStruckThrough,
            format!(
                "{named} is struck through, so it is read as no longer reported: it is left out of the checks and the Indicators sheet. If it is still reported, take the line through it away."
            ),
        )
        .on_sheet(&grid.name)
        .at(CellRef::new(row.index, column)),
    );
    Some(RowLeftOut {
        row: row.index + 1,
        reason: format!("struck through: {named}, no longer reported"),
    })
}

/// Read a definitions library.
pub fn read_definitions(
    file: &str,
    grid: &Grid,
    header: &Header,
    template: &TemplateSchema,
    notes: &Notes,
    findings: &mut Vec<Finding>,
) -> DefinitionsSheet {
    let mut columns = columns_of(header, template);
    // Targets a year, where no column is the target alone: the latest is the target.
    let year_columns = if columns.contains_key("target") {
        Vec::new()
    } else {
        year_target_columns(header)
    };
    if let Some(&(_, column)) = year_columns.last() {
        columns.insert("target".to_string(), column);
    }
    let col = |name: &str| columns.get(name).copied();
    let (file_name, sheet_name): (Arc<str>, Arc<str>) =
        (Arc::from(file), Arc::from(grid.name.as_str()));
    let mut definitions = Vec::new();
    let mut left_out = Vec::new();
    for row in indicator_rows(grid, header, notes, col("id"), &mut left_out) {
        let mut reader = RowReader {
            file,
            grid,
            rows: std::slice::from_ref(&row),
            findings,
            unreadable: Vec::new(),
            written: Vec::new(),
        };
        let tolerance = reader.parsed(
            "tolerance",
            "Amber tolerance",
            col("tolerance"),
            parse_tolerance,
            "a tolerance such as 5%",
        );
        let decimals = reader.parsed(
            "decimals",
            "Decimal places",
            col("decimals"),
            decimal_places,
            "a number of decimal places (0 to 6)",
        );
        let target = reader.number("target", "Target", col("target"));
        // Each year's target; the latest's is the target read above.
        let year_targets = year_columns
            .iter()
            .filter_map(|&(year, column)| {
                let of_year = if Some(column) == col("target") {
                    target
                } else {
                    reader.number("target", "Target", Some(column))
                };
                Some((year, of_year?))
            })
            .collect();
        let definition = Definition {
            source: Some(Source {
                file: file_name.clone(),
                sheet: sheet_name.clone(),
                row: row.index + 1,
            }),
            id: reader.text(col("id")),
            name: reader.text(col("name")),
            definition: reader.text(col("definition")),
            unit: reader.parsed("unit", "Unit", col("unit"), Unit::from_text, Unit::EXPECTED),
            polarity: reader.parsed(
                "polarity",
                "Polarity",
                col("polarity"),
                Polarity::from_text,
                Polarity::EXPECTED,
            ),
            frequency: match reader.text(col("frequency")) {
                Some(text)
                    if Frequency::is_unjudged(&text) && Frequency::from_text(&text).is_none() =>
                {
                    reader.unjudged(row.index, col("frequency"), &text);
                    None
                }
                _ => reader.parsed(
                    "frequency",
                    "Frequency",
                    col("frequency"),
                    Frequency::from_text,
                    Frequency::EXPECTED,
                ),
            },
            statutory: reader.text(col("statutory")).is_some_and(|t| is_yes(&t)),
            numerator: reader.text(col("numerator")),
            denominator: reader.text(col("denominator")),
            decimals,
            target,
            year_targets,
            no_target: reader.text(col("target")).filter(|t| is_no_target(t)),
            tolerance,
            owner: reader.text(col("owner")),
            priority: reader.text(col("priority")),
            cells: names_of(&columns, row.index),
        };
        definitions.push(definition);
    }
    DefinitionsSheet {
        header: header.clone(),
        definitions,
        left_out,
    }
}

/// A library's target columns headed with their financial year ("Target 2026/27",
/// "2026/27 Target"), by year, earliest first.
fn year_target_columns(header: &Header) -> Vec<(i32, u32)> {
    let mut columns: Vec<(i32, u32)> = header
        .columns
        .iter()
        .filter_map(|column| {
            let heading = column.header.to_lowercase();
            let year = super::period::financial_years_in(&heading).max()?;
            let rest: String = heading
                .split_whitespace()
                .filter(|word| super::period::financial_years_in(word).next().is_none())
                .collect();
            (squash(&rest) == "target").then_some((year, column.index))
        })
        .collect();
    columns.sort_unstable();
    columns
}

/// "Yes", "Y", "Statutory", "True".
pub fn is_yes(text: &str) -> bool {
    matches!(
        squash(text).as_str(),
        "yes" | "y" | "true" | "statutory" | "1"
    )
}

/// Decimal places as a library gives them: "1", "1dp", "1 d.p.", "2 decimal places",
/// "0 (whole number)"; at most 6.
fn decimal_places(text: &str) -> Option<u32> {
    let digits: String = text
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let rest = squash(&text.trim()[digits.len()..]);
    let places = digits.parse::<u32>().ok()?;
    (places <= 6
        && (rest.is_empty()
            || rest.starts_with("dp")
            || rest.starts_with("decimal")
            || rest.starts_with("whole")))
    .then_some(places)
}

/// An amber tolerance: "5%", "0.05", "5", "1", "+/- 2%", "± 2%", "2.5 percent", "Within 5%".
pub(crate) fn parse_tolerance(text: &str) -> Option<f64> {
    let lower = text.trim().to_lowercase();
    let bare = ["within", "+/-", "\u{b1}", "+-"]
        .iter()
        .fold(lower.as_str(), |t, lead| {
            t.strip_prefix(lead).unwrap_or(t).trim()
        });
    let (bare, percent) = match bare
        .strip_suffix("percent")
        .or_else(|| bare.strip_suffix("per cent"))
    {
        Some(number) => (number.trim(), true),
        None => (bare, bare.contains('%')),
    };
    let n = number_from_text(bare)?;
    // "1" in a tolerance column is 1%, not all of the target.
    let fraction = if percent || n >= 1.0 { n / 100.0 } else { n };
    (0.0..=1.0).contains(&fraction).then_some(fraction)
}

/// Where a return's data is: its header, layout, and the labelled block above it.
pub struct Shape<'a> {
    /// The header found.
    pub header: &'a Header,
    /// Long or wide.
    pub layout: &'a Layout,
    /// The labelled block above the header ("Reporting period: October 2026").
    pub block: &'a HashMap<BlockKey, String>,
    /// How notes in the sheet begin.
    pub notes: &'a Notes,
    /// The columns of figures to compare with ([`comparator_columns`]).
    pub comparators: &'a [(Option<Text>, u32)],
}

/// The columns of figures to compare with: the comparators field's, and every other
/// column naming one (its duplicates, taken out of them, as several are expected:
/// "England Average", "Statistical Neighbours"), each with the heading it is shown
/// by; `None` for a heading that names nothing ("Comparators", "Benchmark").
pub fn comparator_columns(
    header: &mut Header,
    template: &TemplateSchema,
) -> Vec<(Option<Text>, u32)> {
    let Some(slot) = template.slot("benchmark") else {
        return Vec::new();
    };
    let Some(&first) = header.slots.get(&slot) else {
        return Vec::new();
    };
    let mut columns = vec![first];
    columns.extend(
        header
            .duplicates
            .iter()
            .filter(|d| d.slot == slot)
            .map(|d| d.ignored.index),
    );
    header.duplicates.retain(|d| d.slot != slot);
    columns
        .into_iter()
        .map(|column| {
            let heading = header
                .columns
                .iter()
                .find(|c| c.index == column)
                .map_or("", |c| c.header.as_str());
            let generic = matches!(
                squash(heading).as_str(),
                "comparators" | "comparator" | "benchmark" | "benchmarks" | "benchmarking"
            );
            ((!generic).then(|| Text::from(heading)), column)
        })
        .collect()
}

/// A row's figures to compare with, from its comparator columns: numbers where they
/// read as numbers ("90%"), else the words; blanks, placeholders and Excel errors left
/// out.
fn comparators_of(
    reader: &RowReader,
    columns: &[(Option<Text>, u32)],
) -> Option<Arc<[Comparator]>> {
    let comparators: Vec<Comparator> = columns
        .iter()
        .filter_map(|(heading, column)| {
            let value = reader.locate(*column).get(*column);
            let (number, words) = match number(value) {
                Ok(Some(n)) => (Some(n), None),
                Ok(None) => return None,
                Err(_) if matches!(value, Value::Error(_) | Value::Uncalculated(_)) => {
                    return None;
                }
                Err(_) => (None, Some(Text::from(value.display().trim()))),
            };
            Some(Comparator {
                heading: heading.clone(),
                number,
                words,
            })
        })
        .collect();
    (!comparators.is_empty()).then(|| Arc::from(comparators))
}

/// A return's cells kept as each value's other columns ([`Unread`]): under headings
/// that name no field ("Data Source"), or one taken already, nor a period or year (a
/// wide return's months, last year's outturn), and are no comparator's. A
/// consolidated workbook's own columns ("RAG reported", "Errors") are its findings
/// about the value, not the return's.
fn other_columns(header: &Header, comparators: &[(Option<Text>, u32)], year: i32) -> Unread {
    let ours = header
        .columns
        .iter()
        .any(|c| c.header == super::RAG_REPORTED);
    Unread::new(header, None, |c| {
        !comparators.iter().any(|(_, column)| *column == c.index)
            && period_from_text(&c.header, year).is_none()
            && financial_years_in(&c.header).next().is_none()
            && !(ours
                && crate::write::consolidated::INDICATOR_COLUMNS
                    .iter()
                    .any(|written| written.heading == c.header))
    })
}

/// A value's other columns, a line each ("Data Source: Academy"), after what a
/// consolidated workbook's "Other columns" kept and the heading the value is under;
/// text in a column with no heading is "Column J: …".
fn other_lines(
    reader: &RowReader,
    kept: impl Iterator<Item = String>,
    others: &Unread,
) -> Option<Text> {
    let headed = others.lines(|column| reader.locate(column).get(column));
    let unheaded = reader.rows.iter().flat_map(|row| {
        others.unheaded(row).map(|(column, text)| {
            format!("Column {}: {text}", crate::finding::column_letters(column))
        })
    });
    let lines: Vec<String> = kept.chain(headed).chain(unheaded).collect();
    (!lines.is_empty()).then(|| Text::from(lines.join("\n")))
}

/// Read a return's rows, long or wide. `year` is the financial year for periods given
/// without one.
pub fn read_return(
    file: &str,
    grid: &Grid,
    shape: &Shape,
    template: &TemplateSchema,
    year: i32,
    findings: &mut Vec<Finding>,
) -> ReturnSheet {
    let Shape {
        header,
        layout,
        block,
        notes,
        comparators,
    } = *shape;
    let mut columns = columns_of(header, template);
    if let Layout::Wide {
        year_target: Some(column),
        ..
    } = *layout
        && !columns.contains_key("target")
    {
        columns.insert("target".to_string(), column);
    }
    let col = |name: &str| columns.get(name).copied();
    let (file_name, sheet_name): (Arc<str>, Arc<str>) =
        (Arc::from(file), Arc::from(grid.name.as_str()));
    let others = other_columns(header, comparators, year);
    // A long return's period where it has no column for it: the block above the table
    // ("Reporting period: October 2026"), else the sheet's name ("Oct 2026", "Q2").
    let block_period = block
        .get(&BlockKey::ReportingDate)
        .and_then(|t| period_from_text(t, year))
        .or_else(|| sheet_period(&grid.name, year).map(|(period, _)| period));
    let mut values = Vec::new();
    let mut subtotals = Vec::new();
    let mut left_out = Vec::new();
    let mut rows = indicator_rows(grid, header, notes, col("id"), &mut left_out);
    // Headings inside the table ("Housing", "Contact centre"), kept with each value
    // under them.
    let sections: Vec<(u32, String)> = grid
        .rows
        .iter()
        .filter(|r| r.index > header.last_row)
        .filter(|r| heading_inside(r, header, col("id")).is_some())
        .filter_map(|r| {
            let (_, value) = r.cells.iter().find(|(_, v)| !v.is_blank())?;
            Some((r.index, value.display()))
        })
        .collect();
    rows.retain(
        |row| match struck_through(file, grid, row, [col("id"), col("name")], findings) {
            Some(left) => {
                left_out.push(left);
                false
            }
            None => true,
        },
    );
    let roles = match layout {
        Layout::Wide { roles, .. } | Layout::Long { roles } => *roles,
    };
    let long_periods = match layout {
        Layout::Long { .. } => col("period"),
        Layout::Wide { .. } => None,
    };
    let groups = group_rows(
        rows,
        roles,
        [col("id"), col("name")],
        long_periods,
        &mut left_out,
    );
    let rows_taken = groups.iter().map(|g| g.rows.len()).sum();
    for group in groups {
        // The row a value comes from: its actuals', where its rows are each a role's.
        let row = group.actual.unwrap_or(group.rows[0]);
        let mut reader = RowReader {
            file,
            grid,
            rows: &group.rows,
            findings,
            unreadable: Vec::new(),
            written: Vec::new(),
        };
        // The row's own financial year, where a column gives it ("2026/27"), for
        // periods written without one ("Q4", "Apr").
        let row_year = col("year").and_then(|column| {
            financial_years_in(&reader.locate(column).get(column).display()).next()
        });
        let kept = reader.text(col("other"));
        let section = sections
            .iter()
            .rev()
            .find(|(at, _)| *at < row.index)
            .map(|(_, name)| format!("Section: {name}"));
        let mut base = IndicatorValue {
            other: other_lines(&reader, kept.into_iter().chain(section), &others),
            source: Some(Source {
                file: file_name.clone(),
                sheet: sheet_name.clone(),
                row: row.index + 1,
            }),
            first_cell: CellRef::new(row.index, header.first_column()),
            id: reader.shared(col("id")),
            name: reader.shared(col("name")),
            ytd: reader.number("ytd", "Year to date", col("ytd")),
            ytd_target: reader.number("ytd_target", "YTD target", col("ytd_target")),
            forecast: reader.number("forecast", "Forecast", col("forecast")),
            numerator: reader.number("numerator", "Numerator", col("numerator")),
            denominator: reader.number("denominator", "Denominator", col("denominator")),
            direction: reader.shared(col("direction")),
            commentary: reader.shared(col("commentary")),
            action: reader.shared(col("action")),
            owner: reader.shared(col("owner")),
            service: reader.shared(col("service")),
            directorate: reader.shared(col("directorate")),
            unit: reader.shared(col("unit")),
            polarity: reader.shared(col("polarity")),
            tolerance: reader.parsed(
                "tolerance",
                "Amber tolerance",
                col("tolerance"),
                parse_tolerance,
                "a tolerance such as 5%",
            ),
            frequency: reader.shared(col("frequency")),
            priority: reader.shared(col("priority")),
            source_note: reader.shared(col("source")),
            cells: columns
                .iter()
                .map(|(name, &column)| {
                    let at = CellRef::new(reader.locate(column).index, column);
                    (Arc::from(name.as_str()), at)
                })
                .collect(),
            year: Some(row_year.unwrap_or(year)),
            ..IndicatorValue::default()
        };
        base.comparators = comparators_of(&reader, comparators);
        if let Some(column) = col("rag") {
            rag_of_cell(&mut reader, grid, column, &mut base);
        }
        match layout {
            Layout::Long { .. } => {
                let mut value = base;
                read_figures(
                    &mut reader,
                    &group,
                    col("actual"),
                    [col("target"), None, None],
                    &mut value,
                );
                let row_year = row_year.unwrap_or(year);
                value.period = match col("period") {
                    // Its first and last days, where both are given, are the period.
                    Some(column)
                        if let Some(whole) = col("period_start").and_then(|start| {
                            super::period::period_between(row.get(start), row.get(column), row_year)
                        }) =>
                    {
                        Some(whole)
                    }
                    Some(column) => match period(row.get(column), row_year) {
                        Ok(found) => found,
                        Err(reason) => {
                            reader.problem(
                                row.index,
                                "period",
                                "Period",
                                column,
                                CellProblem::Type(reason),
                            );
                            None
                        }
                    },
                    None => block_period,
                };
                if col("rag").is_none()
                    && let (Some(column), Some(actual)) = (col("actual"), group.actual)
                {
                    let cell = CellRef::new(actual.index, column);
                    shown_by_fill(&mut value, grid.shade(actual.index, column), Some(cell));
                }
                value.unreadable = reader.unreadable.drain(..).collect();
                value.written = std::mem::take(&mut reader.written);
                values.push(value);
            }
            Layout::Wide { periods, .. } => {
                let common_target = reader.number("target", "Target", col("target"));
                let shared_unreadable: Vec<String> = reader.unreadable.drain(..).collect();
                let shared_written = std::mem::take(&mut reader.written);
                for period_columns in periods {
                    let mut value = base.clone();
                    value.period = Some(match row_year {
                        // A row a year ("2025/26", "2026/27") under columns of months
                        // or quarters that do not name theirs.
                        Some(year) if !period_columns.named_year => Period {
                            year,
                            ..period_columns.period
                        },
                        _ => period_columns.period,
                    });
                    value.target = common_target;
                    let own = [
                        period_columns.target,
                        period_columns.numerator,
                        period_columns.denominator,
                    ];
                    let at =
                        read_figures(&mut reader, &group, period_columns.actual, own, &mut value);
                    own_status(&mut reader, grid, period_columns, &mut value);
                    value.unreadable = shared_unreadable
                        .iter()
                        .cloned()
                        .chain(reader.unreadable.drain(..))
                        .collect();
                    value.written = shared_written
                        .iter()
                        .cloned()
                        .chain(reader.written.drain(..))
                        .collect();
                    // Blank, or a placeholder such as "-", "n/a" or "TBC"; or an Excel
                    // error, as a month to come shows where its formula divides by
                    // figures not yet typed (#DIV/0!).
                    value.blank_period = at.iter().all(|(_, in_row, column)| {
                        let cell = in_row.get(*column);
                        matches!(cell, Value::Error(_)) || matches!(number(cell), Ok(None))
                    });
                    values.push(value);
                }
                // Months beside quarter, half or year columns ("Apr", "May", "Jun",
                // "Q1"): a row's periods are those of the finest kind it gives figures
                // in. A monthly indicator's quarter columns are its subtotals, and a
                // quarterly indicator's blank months (among monthly ones) are not its
                // periods: both left out.
                let row = values.split_off(values.len() - periods.len());
                let fineness = |v: &IndicatorValue| {
                    v.period.map(|p| match p.frequency() {
                        Frequency::Monthly => 0,
                        Frequency::Quarterly => 1,
                        Frequency::HalfYearly => 2,
                        Frequency::Annual => 3,
                    })
                };
                let grain = row
                    .iter()
                    .filter(|v| !v.blank_period)
                    .filter_map(fineness)
                    .min()
                    .or_else(|| row.iter().filter_map(fineness).min());
                let subtotal: Vec<bool> = row.iter().map(|v| fineness(v) != grain).collect();
                let periods: Vec<&PeriodColumns> = periods
                    .iter()
                    .zip(&subtotal)
                    .filter_map(|(columns, left)| (!left).then_some(columns))
                    .collect();
                for (value, left) in row.into_iter().zip(&subtotal) {
                    if !left {
                        values.push(value);
                    } else if value.actual.is_some() {
                        subtotals.push(value);
                    }
                }
                // A row's one RAG (year to date, forecast) speaks of its latest period reported, not
                // of every month.
                let first_of_row = values.len() - periods.len();
                let row_values = &mut values[first_of_row..];
                let latest = row_values.iter().rposition(IndicatorValue::actual_reported);
                for (k, (value, period_columns)) in row_values.iter_mut().zip(&periods).enumerate()
                {
                    if Some(k) != latest {
                        value.ytd = None;
                        value.ytd_target = None;
                        value.forecast = None;
                        if period_columns.rag.is_none() {
                            value.rag = None;
                            value.rag_fill = None;
                        }
                    }
                }
                // With no RAG column, each period's actual may be filled in its status.
                if col("rag").is_none()
                    && let Some(actual) = group.actual
                {
                    for (value, period_columns) in row_values.iter_mut().zip(&periods) {
                        if let Some(column) = period_columns.actual {
                            let cell = CellRef::new(actual.index, column);
                            shown_by_fill(value, grid.shade(actual.index, column), Some(cell));
                        }
                    }
                }
            }
        }
    }
    if matches!(layout, Layout::Long { .. })
        && col("period").is_none()
        && block_period.is_none()
        && !values.is_empty()
    {
        findings.push(
            Finding::file(
                file,
                Rule::HeaderMissingColumn,
                "There is no Period column, and the return gives its period neither above the table ('Reporting period: October 2026') nor in the sheet's name ('Oct 2026', 'Q2'): its values cannot be placed in a month or quarter, so their completeness, direction of travel and trend cannot be worked out.",
            )
            .on_sheet(&grid.name)
            .at(CellRef::new(header.last_row, header.first_column()))
            .field("period"),
        );
    }
    // A status saying the indicator has no target by design ("Data only", as
    // performance systems report one): it stands in a blank target's place, as the
    // words would in the target's cell.
    for value in &mut values {
        if value.target.is_none()
            && value.written("target").is_none()
            && !value.unreadable.contains("target")
            && let Some(words) = value.written("rag").filter(|w| is_no_target(w))
        {
            let words = words.to_string();
            value.written.push(("target".to_string(), words));
        }
    }
    arrows_reported(grid, &mut values);
    percent_signs_beside_fractions(grid, &mut values);
    ReturnSheet {
        header: header.clone(),
        layout: layout.clone(),
        values,
        rows_taken,
        left_out,
        subtotals,
    }
}

/// A wide row's period with its own RAG or commentary column ("Q1 RAG", "Q1
/// Commentary"): the period's value takes them, in place of the row's, and findings
/// on them name their cells. A blank RAG cell filled in a status reports it.
fn own_status(
    reader: &mut RowReader,
    grid: &Grid,
    period_columns: &PeriodColumns,
    value: &mut IndicatorValue,
) {
    if let Some(column) = period_columns.rag {
        let cell = CellRef::new(reader.locate(column).index, column);
        value.cells.insert(0, (Arc::from("rag"), cell));
        rag_of_cell(reader, grid, column, value);
    }
    if let Some(column) = period_columns.commentary {
        let cell = CellRef::new(reader.locate(column).index, column);
        value.cells.insert(0, (Arc::from("commentary"), cell));
        if let Some(text) = reader.shared(Some(column)) {
            value.commentary = Some(text);
        }
    }
}

/// The RAG a RAG cell reports, in words, or where the cell is blank, by its fill
/// colour (red, amber or green).
fn rag_of_cell(reader: &mut RowReader, grid: &Grid, column: u32, value: &mut IndicatorValue) {
    value.rag = reader.rag(Some(column));
    value.rag_fill = None;
    if value.rag.is_none() && reader.text(Some(column)).is_none() {
        let shade = grid.shade(reader.locate(column).index, column);
        shown_by_fill(value, shade, None);
    }
}

/// Take a value's reported RAG from a cell's fill colour, where it has one; `cell` is
/// where the status is shown when that is not the RAG column (an actual's own cell).
fn shown_by_fill(value: &mut IndicatorValue, shade: Option<Shade>, cell: Option<CellRef>) {
    let Some(shade) = shade else {
        return;
    };
    value.rag = Some(match shade {
        Shade::Green => Rag::Green,
        Shade::Amber => Rag::Amber,
        Shade::Red | Shade::DarkRed => Rag::Red,
    });
    value.rag_fill = Some(shade.colour());
    if let Some(cell) = cell {
        value.cells.push((Arc::from("rag"), cell));
    }
}

/// The corporate plan priorities listed on a sheet: its first column's text below a
/// heading that names priorities, or the whole first column.
pub fn read_priorities(grid: &Grid) -> Vec<String> {
    grid.rows
        .iter()
        .filter_map(|row| row.cells.first())
        .filter_map(|(_, value)| value.as_text().map(str::to_string))
        .filter(|text| !squash(text).contains("priorit"))
        .collect()
}

/// Whether a sheet lists the corporate plan's priorities (by its name).
pub fn is_priorities_sheet(grid: &Grid) -> bool {
    squash(&grid.name).contains("priorit")
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
    fn tolerances_and_decimal_places_read_as_libraries_write_them() {
        for (text, fraction) in [
            ("5%", 0.05),
            ("0.05", 0.05),
            ("5", 0.05),
            ("1", 0.01),
            ("+/- 2%", 0.02),
            ("\u{b1}2%", 0.02),
            ("2.5 percent", 0.025),
            ("Within +/- 10 per cent", 0.1),
        ] {
            let read = parse_tolerance(text).unwrap();
            assert!((read - fraction).abs() < 1e-12, "{text}: {read}");
        }
        assert_eq!(parse_tolerance("150%"), None);
        assert_eq!(parse_tolerance("Amber"), None);
        for (text, places) in [
            ("1", Some(1)),
            ("1dp", Some(1)),
            ("2 d.p.", Some(2)),
            ("2 decimal places", Some(2)),
            ("0 (whole number)", Some(0)),
            ("7", None),
            ("1 in 10", None),
            ("dp", None),
        ] {
            assert_eq!(decimal_places(text), places, "{text}");
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
