//! The rules for indicator returns, checked against the definitions library.
//!
//! Emits: indicator.definition-unknown, indicator.definition-mismatch,
//! indicator.target-missing, indicator.value-missing, indicator.value-invalid,
//! indicator.calculation-mismatch, indicator.rag-mismatch,
//! indicator.commentary-missing, indicator.outlier, indicator.period-in-future,
//! indicator.target-for-year, indicator.percentage-scale,
//! indicator.year-to-date-mismatch, priority.unknown.

use super::CheckContext;
use crate::finding::{CellRef, Finding, Rule};
use crate::model::{Definition, Frequency, IndicatorValue, Period, Polarity, Rag, Unit};
use crate::read::grid::format_number;
use crate::read::indicators::{
    ReturnSheet, is_milestone_target, is_no_target, target_comparison, target_in_words,
    target_range,
};
use crate::schema::{has_word, squash};
use std::collections::HashMap;

/// The rules this file emits.
pub const RULES: &[Rule] = &[
    Rule::IndicatorDefinitionUnknown,
    Rule::IndicatorDefinitionMismatch,
    Rule::IndicatorTargetMissing,
    Rule::IndicatorValueMissing,
    Rule::IndicatorValueInvalid,
    Rule::IndicatorCalculationMismatch,
    Rule::IndicatorRagMismatch,
    Rule::IndicatorDirectionMismatch,
    Rule::IndicatorOwnerUnknown,
    Rule::IndicatorCommentaryMissing,
    Rule::IndicatorOutlier,
    Rule::IndicatorPeriodInFuture,
    Rule::IndicatorTargetForYear,
    Rule::IndicatorPercentageScale,
    Rule::IndicatorDuplicatePeriod,
    Rule::IndicatorYearToDateMismatch,
    Rule::IndicatorMilestone,
    Rule::PriorityUnknown,
];

/// Amber tolerance where neither the library nor the return gives one: 5% of the target.
pub const DEFAULT_TOLERANCE: f64 = 0.05;

/// The definitions library and the plan's priorities, gathered from every input.
#[derive(Debug, Clone, Default)]
pub struct Library {
    definitions: HashMap<String, Definition>,
    priorities: HashMap<String, String>,
    /// Each priority's number in the plan, where it is written with one ("1. A thriving
    /// economy"), and its name as compared.
    plan: Vec<(Option<u32>, String)>,
}

impl Library {
    /// A library of these definitions and priorities; the first definition of an ID wins.
    pub fn new(
        definitions: impl IntoIterator<Item = Definition>,
        priorities: impl IntoIterator<Item = String>,
    ) -> Library {
        let mut library = Library::default();
        for definition in definitions {
            if let Some(id) = &definition.id {
                library.definitions.entry(squash(id)).or_insert(definition);
            }
        }
        for priority in priorities {
            library.plan.push(priority_parts(&priority));
            library.priorities.insert(squash(&priority), priority);
        }
        library
    }

    /// The definition of an indicator ID.
    pub fn definition(&self, id: &str) -> Option<&Definition> {
        self.definitions.get(&squash(id))
    }

    /// Whether any definition was given (`indicator.definition-unknown` needs one).
    pub fn has_definitions(&self) -> bool {
        !self.definitions.is_empty()
    }

    /// Whether a cited priority is in the plan; always true when no plan was given. A
    /// citation may name it with or without its number or article ("P2 - Homes for
    /// all", "Homes for all (P2)", "Thriving economy" for "1. A thriving economy"), by
    /// its number alone ("Priority 1"), or cite several ("Clean and green; Homes for
    /// all"), each of which must be in the plan.
    pub fn knows_priority(&self, priority: &str) -> bool {
        if self.priorities.is_empty() || self.priorities.contains_key(&squash(priority)) {
            return true;
        }
        let known = |part: &str| {
            let (number, name) = priority_parts(part);
            if name.is_empty() {
                number.is_some_and(|n| self.plan.iter().any(|(m, _)| *m == Some(n)))
            } else {
                self.plan.iter().any(|(_, planned)| *planned == name)
            }
        };
        if known(priority) {
            return true;
        }
        [&[';', '\n', '|'][..], &[','][..]]
            .iter()
            .any(|separators| {
                let parts: Vec<&str> = priority
                    .split(*separators)
                    .map(str::trim)
                    .filter(|part| !part.is_empty())
                    .collect();
                parts.len() > 1 && parts.iter().all(|part| known(part))
            })
    }

    /// The plan's priorities, for messages.
    pub fn priority_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.priorities.values().map(String::as_str).collect();
        names.sort_unstable();
        names
    }
}

/// A priority's number, where it is written with one ("1. A thriving economy", "P2 -
/// Homes for all", "Priority 1", "Homes for all (P2)"), and its name as compared: in
/// lower case, letters and figures alone, without a leading "A", "An" or "The".
fn priority_parts(text: &str) -> (Option<u32>, String) {
    let mut rest = text.trim();
    let mut number = None;
    // A reference in brackets after the name: "(P2)".
    if let Some(inside) = rest.strip_suffix(')')
        && let Some(open) = inside.rfind('(')
        && let Some((n, "")) = leading_reference(&inside[open + 1..])
    {
        number = Some(n);
        rest = inside[..open].trim();
    }
    if let Some((n, name)) = leading_reference(rest) {
        number = number.or(Some(n));
        rest = name;
    }
    let lower = rest.to_lowercase();
    let name = ["a ", "an ", "the "]
        .iter()
        .find_map(|article| lower.strip_prefix(article))
        .unwrap_or(&lower);
    (number, squash(name))
}

/// A reference a priority's text begins with ("1.", "2 -", "P1:", "Priority 1",
/// "Objective 2:"), as its number and the text after it.
fn leading_reference(text: &str) -> Option<(u32, &str)> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let word = ["priority", "objective", "theme", "ambition", "outcome", "p"]
        .iter()
        .find(|word| lower.starts_with(*word))
        .map_or(0, |word| word.len());
    let rest = text[word..].trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let after = &rest[digits..];
    if !(after.is_empty() || after.starts_with(['.', ':', '-', '\u{2013}', ')', ' '])) {
        return None;
    }
    let name = after.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ':' | '-' | '\u{2013}' | ')')
    });
    Some((rest[..digits].parse().ok()?, name))
}

/// How one indicator's values in one return are to be read and judged.
#[derive(Debug, Clone)]
pub struct Series {
    /// Unit (library first, else as reported).
    pub unit: Option<Unit>,
    /// Polarity (library first, else as reported).
    pub polarity: Option<Polarity>,
    /// Frequency (library, reported, or that of the periods).
    pub frequency: Option<Frequency>,
    /// Amber tolerance as a fraction of the target (library first, else as reported,
    /// else the default).
    pub tolerance: f64,
    /// Decimal places for comparing calculations.
    pub decimals: u32,
    /// 100 when a percentage indicator's values are fractions (0.85 for 85%), else 1.
    pub scale: f64,
    /// A count or sum kept cumulatively through the year ("New homes delivered
    /// (cumulative)") against one target, the year's: each period is judged against
    /// its share of it by the period's end.
    pub profiled: bool,
    /// Profiled because its values climb through the year as shares of its target
    /// ("Council tax collected" 9.8%, 18.9% ... against 97%), not because of its name.
    pub climbs: bool,
}

impl Series {
    /// A value as a percentage point where the return gave fractions.
    pub fn scaled(&self, value: Option<f64>) -> Option<f64> {
        value.map(|v| v * self.scale)
    }

    /// The target a value is judged against: its own, or, for a cumulative indicator
    /// against the year's target, the target for the year so far the return gives
    /// beside it ("YTD Target"), else the year's target's share by the period's end.
    pub fn period_target(&self, value: &IndicatorValue) -> Option<f64> {
        let target = self.scaled(value.target)?;
        Some(match value.period {
            Some(_) if self.profiled && value.ytd_target.is_some() => {
                self.scaled(value.ytd_target)?
            }
            // To the hundredth, as it is shown and written.
            Some(period) if self.profiled => rounded(target * period.share_of_year(), 2),
            _ => target,
        })
    }

    /// The RAG computed from actual, target, polarity and tolerance. Against a range
    /// ("90-95%"), green within it, and judged from its lower bound where higher is
    /// better, its upper where lower is, and the bound it is outside where neither is
    /// said.
    pub fn rag(&self, value: &IndicatorValue) -> Option<Rag> {
        let actual = self.scaled(value.actual)?;
        if let Some((low, high)) = self.target_range(value) {
            let below = Rag::of(actual, low, Polarity::Higher, self.tolerance);
            let above = Rag::of(actual, high, Polarity::Lower, self.tolerance);
            return match self.polarity {
                Some(Polarity::Higher) => below,
                Some(Polarity::Lower) => above,
                _ if actual < low => below,
                _ => above,
            };
        }
        Rag::of(
            actual,
            self.period_target(value)?,
            self.polarity?,
            self.tolerance,
        )
    }

    /// A value's target given as a range, in the actual's scale: bounds of a
    /// percentage written as fractions ("0.9-0.95") beside actuals put in points are
    /// put in points too.
    pub fn target_range(&self, value: &IndicatorValue) -> Option<(f64, f64)> {
        if value.target.is_some() {
            return None;
        }
        let (low, high) = target_range(value.written("target")?)?;
        Some(if self.scale != 1.0 && high <= 1.0 {
            (low * self.scale, high * self.scale)
        } else {
            (low, high)
        })
    }
}

/// Read the series of one indicator's values against its definition.
pub fn series(values: &[&IndicatorValue], definition: Option<&Definition>) -> Series {
    let reported = |get: fn(&IndicatorValue) -> Option<&str>| values.iter().find_map(|v| get(v));
    let unit = definition
        .and_then(|d| d.unit)
        .or_else(|| reported(|v| v.unit.as_deref()).and_then(Unit::from_text));
    // Library first, else as reported, else the way a target's comparison points
    // (">= 80%": higher is better).
    let polarity = definition
        .and_then(|d| d.polarity)
        .or_else(|| reported(|v| v.polarity.as_deref()).and_then(Polarity::from_text))
        .or_else(|| {
            reported(|v| v.written("target"))
                .and_then(target_comparison)
                .map(|(_, polarity)| polarity)
        })
        .or_else(|| {
            values
                .iter()
                .find_map(|v| v.written("target").and_then(target_in_words).flatten())
        });
    let frequency = definition
        .and_then(|d| d.frequency)
        .or_else(|| reported(|v| v.frequency.as_deref()).and_then(Frequency::from_text))
        .or_else(|| values.iter().find_map(|v| v.period.map(|p| p.frequency())));
    let numbers: Vec<f64> = values
        .iter()
        .flat_map(|v| [v.actual, v.target])
        .flatten()
        .collect();
    let fractions = unit == Some(Unit::Percentage)
        && numbers.iter().any(|n| *n != 0.0)
        && numbers.iter().all(|n| n.abs() <= 1.0);
    let named = is_cumulative(values, definition)
        && !matches!(
            unit,
            Some(Unit::Percentage | Unit::Rate | Unit::Days | Unit::Time | Unit::Score)
        );
    let climbs = !named && climbs_with_the_year(values);
    let profiled = (named || climbs)
        && one_target(values).is_some()
        && values
            .iter()
            .any(|v| v.period.is_some_and(|p| p.share_of_year() < 1.0));
    Series {
        unit,
        polarity,
        profiled,
        climbs: profiled && climbs,
        frequency,
        // Library first, else as reported.
        tolerance: definition
            .and_then(|d| d.tolerance)
            .or_else(|| values.iter().find_map(|v| v.tolerance))
            .unwrap_or(DEFAULT_TOLERANCE),
        decimals: definition.and_then(|d| d.decimals).unwrap_or(1),
        scale: if fractions { 100.0 } else { 1.0 },
    }
}

/// Whether an indicator's name says it is counted cumulatively through the year:
/// "(cumulative)", "YTD", "year to date".
fn is_cumulative(values: &[&IndicatorValue], definition: Option<&Definition>) -> bool {
    let names = values
        .first()
        .and_then(|v| v.name.as_deref())
        .into_iter()
        .chain(definition.and_then(|d| d.name.as_deref()));
    names.into_iter().any(|name| {
        has_word(name, &["cumulative", "ytd"]) || name.to_lowercase().contains("year to date")
    })
}

/// Whether a series climbs through one year as shares of its one target, whatever its
/// name says ("Council tax collected" 9.8%, 18.9%, 28.1% ... against the year's 97%,
/// the rate growing as the year's bills are paid): three periods or more, each figure
/// at least the one before, the last at least twice the first, and each between half
/// and twice the target's share by its period's end; or two periods, the second at
/// least 1.6 times the first, each within a quarter or a third of its share (a
/// quarterly report at the half year). A rate or count that stands on
/// its own each period ("Calls answered" 88%, 90%, 89%; 10 claims a month against 120
/// a year) does not.
fn climbs_with_the_year(values: &[&IndicatorValue]) -> bool {
    let Some(target) = one_target(values).filter(|target| *target > 0.0) else {
        return false;
    };
    let mut points: Vec<(Period, f64)> = values
        .iter()
        .filter_map(|v| Some((v.period?, v.actual?)))
        .collect();
    points.sort_by_key(|(period, _)| *period);
    points.dedup_by_key(|(period, _)| *period);
    let [(first_period, first), .., (_, last)] = points[..] else {
        return false;
    };
    let share = |(period, actual): &(Period, f64)| actual / (target * period.share_of_year());
    // Two periods (a quarterly report at the half year: 28.5% then 56.1% of council tax
    // against the year's 97%): the second near twice the first, each near its share.
    if let [one, two] = points[..] {
        return one.0.year == two.0.year
            && one.1 > 0.0
            && two.1 >= one.1 * 1.6
            && [one, two]
                .iter()
                .all(|point| (0.75..=1.33).contains(&share(point)));
    }
    points.len() >= 3
        && first > 0.0
        && last >= first * 2.0
        && points
            .iter()
            .all(|(period, _)| period.year == first_period.year)
        && points.windows(2).all(|pair| pair[1].1 >= pair[0].1)
        && points
            .iter()
            .all(|point| (0.5..=2.0).contains(&share(point)))
}

/// The one target of a series whose every target given is the same; none where they
/// differ or none is given.
fn one_target(values: &[&IndicatorValue]) -> Option<f64> {
    let mut targets = values.iter().filter_map(|v| v.target);
    let first = targets.next()?;
    targets.all(|t| t == first).then_some(first)
}

/// How to read the values of a return whose indicators are less frequent than its
/// periods (a quarterly indicator in a return of months, its figure in June's column):
/// for each value to change, its position and its period of the indicator's own
/// frequency (Q1), or `None` to leave it out. Each such period keeps one value, the
/// month holding its figure, else its last month (a gap, where it is due). An
/// indicator's frequency is the library's, else its Frequency column's; one with
/// figures in two months of a period is reported more often than that and is left as
/// it is.
pub fn fold_plan(values: &[&IndicatorValue], library: &Library) -> Vec<(usize, Option<Period>)> {
    let has_figure = |v: &IndicatorValue| given(v, "actual");
    let mut plan = Vec::new();
    for group in indicator_groups(values.iter().copied()) {
        let first = values[group[0]];
        let declared = first
            .id
            .as_deref()
            .and_then(|id| library.definition(id))
            .and_then(|d| d.frequency)
            .or_else(|| {
                group
                    .iter()
                    .find_map(|&i| values[i].frequency.as_deref())
                    .and_then(Frequency::from_text)
            })
            .or_else(|| quarterly_by_its_months(group.iter().map(|&i| values[i])));
        let Some(frequency) = declared else {
            continue;
        };
        let Some(periods) = group
            .iter()
            .map(|&i| {
                values[i]
                    .period
                    .filter(|p| p.frequency() != frequency)
                    .and_then(|p| p.within(frequency))
            })
            .collect::<Option<Vec<Period>>>()
        else {
            continue;
        };
        let mut by_period: Vec<(Period, Vec<usize>)> = Vec::new();
        for (&i, period) in group.iter().zip(periods) {
            match by_period.iter_mut().find(|(p, _)| *p == period) {
                Some((_, members)) => members.push(i),
                None => by_period.push((period, vec![i])),
            }
        }
        let figures =
            |members: &[usize]| members.iter().filter(|&&i| has_figure(values[i])).count();
        if by_period.iter().any(|(_, members)| figures(members) > 1) {
            continue;
        }
        for (period, members) in by_period {
            let kept = members
                .iter()
                .copied()
                .find(|&i| has_figure(values[i]))
                .or(members.last().copied());
            for i in members {
                plan.push((i, (Some(i) == kept).then_some(period)));
            }
        }
    }
    plan
}

/// An indicator whose frequency nothing declares, reported in months, with figures in
/// two months or more, each the last month of a quarter of its own (June and
/// September, as a quarterly indicator sits in a return of months, or as a system
/// dates a quarter by its last month): quarterly, so its other months are not asked
/// for. One figure alone does not tell.
fn quarterly_by_its_months<'v>(
    mut values: impl Iterator<Item = &'v IndicatorValue>,
) -> Option<Frequency> {
    let mut quarters: Vec<Period> = Vec::new();
    let all_quarter_ends = values.all(|v| {
        let Some(month) = v.period.filter(|p| p.frequency() == Frequency::Monthly) else {
            return false;
        };
        if !given(v, "actual") {
            return true;
        }
        let Some(quarter) = month.within(Frequency::Quarterly) else {
            return false;
        };
        let fresh = month.end() == quarter.end() && !quarters.contains(&quarter);
        quarters.push(quarter);
        fresh
    });
    (all_quarter_ends && quarters.len() >= 2).then_some(Frequency::Quarterly)
}

/// The positions of a return's values grouped by indicator (its ID, else its name) and
/// by whose it is (its directorate and service), in the order first seen: one series
/// each. A return whose rows name their services (a consolidated workbook's Indicators,
/// or a directorate's return of every service's sickness absence) holds a series per
/// service of the one indicator.
pub fn indicator_groups<'v>(
    values: impl IntoIterator<Item = &'v IndicatorValue>,
) -> Vec<Vec<usize>> {
    #[derive(PartialEq, Eq, Hash)]
    enum Indicator<'v> {
        Id(String),
        Name(String),
        Row(Option<&'v str>, u32),
    }
    type Key<'v> = (Option<String>, Option<String>, Indicator<'v>);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    for (i, value) in values.into_iter().enumerate() {
        // By ID; a return with no IDs (or a row without one) by the indicator's name.
        let indicator = match (&value.id, &value.name) {
            (Some(id), _) => Indicator::Id(squash(id)),
            (None, Some(name)) => Indicator::Name(squash(name)),
            (None, None) => Indicator::Row(
                value.source.as_ref().map(|s| &*s.sheet),
                value.first_cell.row,
            ),
        };
        let key = (
            value.directorate.as_deref().map(squash),
            value.service.as_deref().map(squash),
            indicator,
        );
        let group = *index.entry(key).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[group].push(i);
    }
    groups
}

/// A return's values grouped by indicator, in the order first seen.
pub fn by_indicator<'v>(values: &[&'v IndicatorValue]) -> Vec<Vec<&'v IndicatorValue>> {
    indicator_groups(values.iter().copied())
        .into_iter()
        .map(|group| group.into_iter().map(|i| values[i]).collect())
        .collect()
}

struct Out<'a> {
    file: &'a str,
    sheet: &'a str,
    findings: Vec<Finding>,
    /// One indicator's red or amber periods with no commentary: (cell, (period, RAG)).
    uncommented: Vec<(At<'a>, (Option<Period>, Rag))>,
}

/// A cell of the sheet a value was read from: the values checked together may come
/// from several sheets (a return kept a sheet per month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct At<'a> {
    sheet: Option<&'a str>,
    cell: CellRef,
}

impl<'a> At<'a> {
    /// The first cell of a value's row.
    fn first(value: &'a IndicatorValue) -> At<'a> {
        At {
            sheet: value.source.as_ref().map(|s| &*s.sheet),
            cell: value.first_cell,
        }
    }
}

/// The cell of a value's field, on its own sheet.
fn at<'a>(value: &'a IndicatorValue, field: &str) -> At<'a> {
    At {
        cell: value.cell(field),
        ..At::first(value)
    }
}

impl Out<'_> {
    fn add(&mut self, rule: Rule, at: At, field: &str, message: String) {
        self.findings.push(
            Finding::file(self.file, rule, message)
                .on_sheet(at.sheet.unwrap_or(self.sheet))
                .at(at.cell)
                .field(field),
        );
    }
}

/// The indicator in words, "CT-01 (Council tax collected)", and whose it is where the
/// row names its service in a column of its own ("... of Waste"): such a return may
/// hold the one indicator for several services.
fn label(value: &IndicatorValue) -> String {
    let indicator = value.label();
    match &value.service {
        Some(service) if value.has_column("service") => format!("{indicator} of {service}"),
        _ => indicator,
    }
}

fn period_text(value: &IndicatorValue) -> String {
    value
        .period
        .map(|p| format!(" for {p}"))
        .unwrap_or_default()
}

/// Check a return: one sheet, or the sheets of a return kept a sheet per period
/// ("Apr", "May" ...), whose values are each indicator's one series.
pub fn check_return(
    file: &str,
    sheets: &[(&str, &ReturnSheet)],
    ctx: &CheckContext,
) -> Vec<Finding> {
    let values: Vec<&IndicatorValue> = sheets.iter().flat_map(|(_, s)| &s.values).collect();
    let totals: Vec<&IndicatorValue> = sheets.iter().flat_map(|(_, s)| &s.subtotals).collect();
    let mut out = Out {
        file,
        sheet: sheets.first().map_or("", |(name, _)| name),
        findings: Vec::new(),
        uncommented: Vec::new(),
    };
    // A return for one period (every row "Sep 2026": this month's figures alone) is not
    // expected to hold the periods before it, which earlier returns held. An annual
    // indicator's figure in a quarter's column is read as the year's, which holds it.
    let one_period = values
        .iter()
        .filter_map(|v| v.period)
        .min_by_key(|period| period.end() - period.start())
        .filter(|only| {
            values.iter().all(|v| {
                v.period.is_some_and(|period| {
                    period.start() <= only.start() && only.end() <= period.end()
                })
            })
        });
    // Indicators with figures to judge but no way to tell good from bad.
    let mut unjudged: Vec<&IndicatorValue> = Vec::new();
    for group in by_indicator(&values) {
        let first = group[0];
        let definition = first
            .id
            .as_deref()
            .and_then(|id| ctx.library.definition(id));
        if let (Some(id), None, true) = (&first.id, definition, ctx.library.has_definitions()) {
            out.add(
                Rule::IndicatorDefinitionUnknown,
                at(first, "id"),
                "id",
                format!("The indicator ID {id} is not in the definitions library: add its definition, or correct the ID."),
            );
        }
        if let Some(definition) = definition {
            definition_mismatches(&mut out, &group, definition);
        }
        unreadable_descriptions(&mut out, &group, definition);
        let series = series(&group, definition);
        if series.polarity.is_none()
            && group
                .iter()
                .any(|v| v.actual.is_some() && v.target.is_some())
        {
            unjudged.push(first);
        }
        for value in &group {
            check_value(&mut out, value, &series);
            if let Some(priority) = &value.priority
                && !ctx.library.knows_priority(priority)
                && std::ptr::eq(*value, first)
            {
                out.add(
                    Rule::PriorityUnknown,
                    at(value, "priority"),
                    "priority",
                    unknown_priority(priority, ctx),
                );
            }
        }
        milestone(&mut out, &group);
        commentary_missing(&mut out, first);
        duplicate_periods(&mut out, &group);
        period_in_future(&mut out, &group, ctx);
        completeness(&mut out, &group, &series, ctx, one_period);
        let rescaled = percentage_scale(&mut out, &group, &series);
        outliers(&mut out, &group, &series, &rescaled);
        target_in_words_of(&mut out, &group);
        target_from_library(&mut out, &group);
        target_for_year(&mut out, &group, &series);
        year_to_date(&mut out, &group, &series);
        direction_mismatch(&mut out, &group, &series);
        target_profiled(&mut out, &group, &series);
        owners_unknown(&mut out, &group, ctx);
        subtotals(&mut out, &group, &series, &totals);
    }
    polarity_unknown(&mut out, &unjudged, ctx);
    out.findings
}

/// `indicator.milestone`, once per indicator at its first actual in words: a
/// milestone's status counts as reported, and its RAG is the return's.
fn milestone(out: &mut Out, group: &[&IndicatorValue]) {
    let worded: Vec<&&IndicatorValue> = group.iter().filter(|v| v.milestone()).collect();
    let Some(first) = worded.first() else {
        return;
    };
    // Each status once, with its periods: "'No' for Q1 2026/27 and Q2 2026/27".
    let mut by_status: Vec<(&str, Vec<Period>)> = Vec::new();
    for value in &worded {
        let status = value.written("actual").unwrap_or_default();
        let periods = match by_status.iter_mut().find(|(s, _)| *s == status) {
            Some((_, periods)) => periods,
            None => {
                by_status.push((status, Vec::new()));
                &mut by_status.last_mut().expect("just pushed").1
            }
        };
        periods.extend(value.period);
    }
    let statuses: Vec<String> = by_status
        .iter()
        .map(|(status, periods)| match periods[..] {
            [] => format!("'{status}'"),
            _ => format!("'{status}' for {}", periods_in_words(periods)),
        })
        .collect();
    out.add(
        Rule::IndicatorMilestone,
        at(first, "actual"),
        "actual",
        format!(
            "{} is reported in words ({}), as a milestone is: it counts as reported, but no RAG can be worked out from words, so the RAG the return gives is taken as it stands.",
            label(first),
            crate::finding::in_words(&statuses)
        ),
    );
}

/// `indicator.target-profiled`, once per indicator at its first target: a cumulative
/// indicator's one target is taken as the year's and shared out over its periods.
fn target_profiled(out: &mut Out, group: &[&IndicatorValue], series: &Series) {
    if !series.profiled {
        return;
    }
    let Some(first) = group.iter().find(|v| v.target.is_some()) else {
        return;
    };
    let mut periods: Vec<(Period, f64, bool)> = group
        .iter()
        .filter(|v| v.actual.is_some())
        .filter_map(|v| Some((v.period?, series.period_target(v)?, v.ytd_target.is_some())))
        .collect();
    periods.sort_by_key(|(period, _, _)| *period);
    periods.dedup_by_key(|(period, _, _)| *period);
    let shares: Vec<String> = periods
        .iter()
        .map(|(period, target, given)| {
            format!(
                "{period} {}{}",
                format_number(*target),
                if *given {
                    ", the return's YTD target"
                } else {
                    ""
                }
            )
        })
        .collect();
    out.add(
        Rule::IndicatorTargetProfiled,
        at(first, "target"),
        "target",
        format!(
            "{} {} through the year and has one target, {}, taken as the year's: each period is judged against its share of it by the period's end ({}). Give each period its own target where the year is not even{}.",
            label(first),
            if series.climbs {
                "climbs period by period, each figure about its share of the target, so it is read as counted cumulatively"
            } else {
                "is counted cumulatively"
            },
            format_number(series.scaled(first.target).unwrap_or_default()),
            shares.join(", "),
            if series.climbs {
                ", or give it as each period's own figure"
            } else {
                ""
            }
        ),
    );
}

/// `indicator.owner-unknown`: each owner a return names for an indicator that the
/// officer directory does not hold, once, at its first cell.
fn owners_unknown(out: &mut Out, group: &[&IndicatorValue], ctx: &CheckContext) {
    let Some(directory) = ctx.owners else {
        return;
    };
    let mut seen: Vec<&str> = Vec::new();
    for value in group {
        let Some(owner) = value.owner.as_deref() else {
            continue;
        };
        if seen.contains(&owner) {
            continue;
        }
        seen.push(owner);
        let who = format!("The owner of {}", label(value));
        if let Some(message) = super::risk::not_in_directory(directory, owner, &who) {
            out.add(
                Rule::IndicatorOwnerUnknown,
                at(value, "owner"),
                "owner",
                message,
            );
        }
    }
}

/// A direction of travel as a return reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reported {
    /// "Improving", "Better".
    Better,
    /// "Worsening", "Declining".
    Worse,
    /// "No change", "Stable", "→".
    Same,
    /// "Up", "Increasing"; or an arrow up, which may mean better instead.
    Up { arrow: bool },
    /// "Down", "Decreasing"; or an arrow down.
    Down { arrow: bool },
}

impl Reported {
    /// The direction a cell reports; none for words it cannot tell ("See commentary").
    fn from_text(text: &str) -> Option<Reported> {
        let trimmed = text.trim();
        let first = trimmed.chars().next()?;
        match first {
            '\u{2191}' | '\u{25b2}' | '\u{2b06}' | '\u{21e7}' => {
                return Some(Reported::Up { arrow: true });
            }
            '\u{2193}' | '\u{25bc}' | '\u{2b07}' | '\u{21e9}' => {
                return Some(Reported::Down { arrow: true });
            }
            '\u{2192}' | '\u{2194}' | '\u{21d4}' | '\u{25ba}' | '=' => return Some(Reported::Same),
            _ => {}
        }
        let key = squash(trimmed);
        // "Better than target" is a status, not a direction.
        if key.contains("target") {
            return None;
        }
        let starts = |words: &[&str]| words.iter().any(|w| key.starts_with(w));
        if starts(&["improv", "better", "gettingbetter"]) {
            Some(Reported::Better)
        } else if starts(&["worse", "worsen", "declin", "deteriorat", "gettingworse"]) {
            Some(Reported::Worse)
        } else if starts(&[
            "same",
            "nochange",
            "unchanged",
            "static",
            "stable",
            "steady",
            "maintained",
        ]) {
            Some(Reported::Same)
        } else if key == "up" || starts(&["upward", "increas", "rising", "risen", "higher"]) {
            Some(Reported::Up { arrow: false })
        } else if key == "down"
            || starts(&["downward", "decreas", "falling", "fallen", "fell", "lower"])
        {
            Some(Reported::Down { arrow: false })
        } else {
            None
        }
    }
}

/// The positions in `group` of the values a reported direction of travel is for: of
/// each direction cell, the latest period with an actual (a wide row's one cell is its
/// latest month's; a long row's is its own).
pub fn directions_reported(group: &[&IndicatorValue]) -> Vec<usize> {
    let mut reported: Vec<usize> = (0..group.len())
        .filter(|&i| {
            let v = group[i];
            v.direction.is_some() && v.actual.is_some() && v.period.is_some()
        })
        .collect();
    reported.sort_by_key(|&i| group[i].period);
    let mut latest: Vec<usize> = Vec::new();
    for i in reported {
        match latest
            .iter_mut()
            .find(|&&mut kept| at(group[kept], "direction") == at(group[i], "direction"))
        {
            Some(kept) => *kept = i,
            None => latest.push(i),
        }
    }
    latest
}

/// `indicator.direction-mismatch`: a direction of travel reported against the way the
/// actual moved since the indicator's previous period in the return ("Improving" as
/// it fell, higher being better: last month's word left in place). Only clear
/// contradictions: better against worse, either against no change at all, "no change"
/// against a move of more than 1%, up against down. An arrow is read as the figure's
/// movement only where that and performance agree (higher is better, or no polarity):
/// an arrow up may mean better. A wide row's one direction cell is its latest period's.
/// Not for an indicator counted cumulatively: its figure climbs whatever its
/// performance, and a direction reported of it compares what the return does not give
/// (the same month last year).
fn direction_mismatch(out: &mut Out, group: &[&IndicatorValue], series: &Series) {
    use crate::merge::Direction;
    if series.profiled {
        return;
    }
    for value in directions_reported(group).into_iter().map(|i| group[i]) {
        let (Some(words), Some(period), Some(now)) =
            (value.direction.as_deref(), value.period, value.actual)
        else {
            continue;
        };
        let Some(said) = Reported::from_text(words) else {
            continue;
        };
        let Some(previous) = group
            .iter()
            .filter(|v| v.actual.is_some() && v.period.is_some_and(|p| p < period))
            .max_by_key(|v| v.period)
        else {
            continue;
        };
        let was = previous.actual.unwrap_or_default();
        let moved = Direction::between(was, now, series.polarity);
        let up = now > was;
        let small = (now - was).abs() <= was.abs() * 0.01;
        let contradicts = match said {
            Reported::Better => matches!(moved, Direction::Worsening | Direction::Same),
            Reported::Worse => matches!(moved, Direction::Improving | Direction::Same),
            Reported::Same => moved != Direction::Same && !small,
            Reported::Up { arrow } | Reported::Down { arrow }
                if arrow && series.polarity == Some(Polarity::Lower) =>
            {
                false
            }
            Reported::Up { .. } => !up,
            Reported::Down { .. } => up || moved == Direction::Same,
        };
        if !contradicts {
            continue;
        }
        let how = match moved {
            Direction::Same => "unchanged".to_string(),
            Direction::Up | Direction::Down => moved.label().to_lowercase(),
            Direction::Improving | Direction::Worsening => format!(
                "{} ({})",
                moved.label().to_lowercase(),
                series
                    .polarity
                    .map(Polarity::label)
                    .unwrap_or_default()
                    .to_lowercase()
            ),
        };
        out.add(
            Rule::IndicatorDirectionMismatch,
            at(value, "direction"),
            "direction",
            format!(
                "{}{}: the direction of travel says '{}', but the actual went from {} ({}) to {}: {how}.",
                label(value),
                period_text(value),
                words.trim(),
                format_number(series.scaled(Some(was)).unwrap_or_default()),
                previous.period.map(|p| p.to_string()).unwrap_or_default(),
                format_number(series.scaled(Some(now)).unwrap_or_default()),
            ),
        );
    }
}

/// `indicator.polarity-unknown`, once per return at the first such indicator: with no
/// polarity from the library, a Polarity column or a target's comparison (">= 95%"), an
/// indicator's RAG cannot be worked out, so neither its reported RAG nor its missing
/// commentary can be checked; said, so that a clean run is not taken for a checked one.
fn polarity_unknown(out: &mut Out, unjudged: &[&IndicatorValue], ctx: &CheckContext) {
    let Some(first) = unjudged.first() else {
        return;
    };
    let ids: Vec<String> = unjudged.iter().map(|v| v.label()).collect();
    let (which, them) = match ids.as_slice() {
        [one] => (one.clone(), "its"),
        [a, b, ..] if ids.len() > 4 => (
            format!(
                "{} indicators ({a}, {b} and {} more)",
                ids.len(),
                ids.len() - 2
            ),
            "their",
        ),
        _ => (crate::finding::in_words(&ids), "their"),
    };
    let library = if ctx.library.has_definitions() {
        "give it in the definitions library"
    } else {
        "check with --definitions and the council's library"
    };
    out.add(
        Rule::IndicatorPolarityUnknown,
        At::first(first),
        "polarity",
        format!(
            "No polarity for {which}: nothing says whether higher or lower is better, so {them} RAG is not worked out, a RAG reported is not checked, and red or amber without commentary is not found. Give each a polarity ('Higher is better', 'Lower is better') in a Polarity column, or {library}."
        ),
    );
}

/// A year-to-date figure (a "YTD" column) that is none of the ways the periods it
/// covers make one: their sum (a count or spend), their latest (a snapshot, such as
/// households in temporary accommodation) or their average. Said only for counts and
/// money, whose year to date is worked out from the periods alone (a percentage's is
/// from the year's numerator and denominator), and only where every period of the year
/// up to it is reported once.
fn year_to_date(out: &mut Out, group: &[&IndicatorValue], series: &Series) {
    if !matches!(series.unit, Some(Unit::Number | Unit::Currency)) {
        return;
    }
    for value in group {
        let (Some(ytd), Some(period)) = (value.ytd, value.period) else {
            continue;
        };
        let covered = Period::due(period.year, period.frequency(), period.end());
        let actuals: Option<Vec<f64>> = covered
            .iter()
            .map(|p| {
                let mut given = group
                    .iter()
                    .filter(|v| v.period == Some(*p) && !v.blank_period);
                match (given.next(), given.next()) {
                    (Some(only), None) => only.actual,
                    _ => None,
                }
            })
            .collect();
        let Some(actuals) = actuals.filter(|a| a.len() > 1) else {
            continue;
        };
        let Some((sum, latest, mean)) = none_of_the_ways(ytd, &actuals, series.decimals) else {
            continue;
        };
        let noun = period.frequency().noun();
        out.add(
            Rule::IndicatorYearToDateMismatch,
            at(value, "ytd"),
            "ytd",
            format!(
                "{}: the year to date {} at {period} is not the sum of the {} {noun}s it covers ({}), nor the latest ({}), nor their average ({}): check how it is worked out.",
                label(value),
                format_number(ytd),
                actuals.len(),
                format_number(sum),
                format_number(latest),
                format_number(rounded(mean, series.decimals)),
            ),
        );
    }
}

/// The sum, latest and average of `actuals` where `figure` is none of them, allowing
/// for each period's figure being rounded to the indicator's decimal places.
fn none_of_the_ways(figure: f64, actuals: &[f64], decimals: u32) -> Option<(f64, f64, f64)> {
    let sum: f64 = actuals.iter().sum();
    let latest = *actuals.last()?;
    let mean = sum / actuals.len() as f64;
    let slack = actuals.len() as f64 * 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9;
    (![sum, latest, mean]
        .iter()
        .any(|way| (figure - way).abs() <= slack))
    .then_some((sum, latest, mean))
}

/// A quarter's (half's, year's) column among a wide row's months, where every month it
/// holds is reported: its figure should be their sum, latest or average. For counts
/// and money only, as a year to date is.
fn subtotals(
    out: &mut Out,
    group: &[&IndicatorValue],
    series: &Series,
    totals: &[&IndicatorValue],
) {
    if !matches!(series.unit, Some(Unit::Number | Unit::Currency)) {
        return;
    }
    let same_row = |a: &IndicatorValue, b: &IndicatorValue| match (&a.source, &b.source) {
        (Some(a), Some(b)) => a.file == b.file && a.sheet == b.sheet && a.row == b.row,
        _ => false,
    };
    for total in totals
        .iter()
        .filter(|t| group.iter().any(|v| same_row(v, t)))
    {
        let (Some(figure), Some(whole)) = (total.actual, total.period) else {
            continue;
        };
        let parts: Vec<&&IndicatorValue> = group
            .iter()
            .filter(|v| same_row(v, total))
            .filter(|v| {
                v.period
                    .is_some_and(|p| p != whole && p.within(whole.frequency()) == Some(whole))
            })
            .collect();
        let Some(frequency) = parts.first().and_then(|v| v.period).map(|p| p.frequency()) else {
            continue;
        };
        let held = Period::due(whole.year, frequency, whole.end())
            .into_iter()
            .filter(|p| p.within(whole.frequency()) == Some(whole))
            .count();
        let actuals: Option<Vec<f64>> = parts.iter().map(|v| v.actual).collect();
        let Some(actuals) = actuals.filter(|a| a.len() == held && held > 1) else {
            continue;
        };
        let Some((sum, latest, mean)) = none_of_the_ways(figure, &actuals, series.decimals) else {
            continue;
        };
        out.add(
            Rule::IndicatorTotalMismatch,
            at(total, "actual"),
            "actual",
            format!(
                "{}: the {whole} figure {} is not the sum of the {} {}s it holds ({}), nor the latest ({}), nor their average ({}): check how it is worked out.",
                label(total),
                format_number(figure),
                actuals.len(),
                frequency.noun(),
                format_number(sum),
                format_number(latest),
                format_number(rounded(mean, series.decimals)),
            ),
        );
    }
}

/// Targets given as a direction or a benchmark ("Increase", "Maintain", "Top
/// quartile"): one finding per indicator, at its first such cell, naming the periods.
fn target_in_words_of(out: &mut Out, group: &[&IndicatorValue]) {
    let worded: Vec<&&IndicatorValue> = group
        .iter()
        .filter(|v| v.written("target").and_then(target_in_words).is_some())
        .collect();
    let [first, ..] = worded.as_slice() else {
        return;
    };
    let words = first.written("target").unwrap_or_default();
    let periods: Vec<Period> = worded.iter().filter_map(|v| v.period).collect();
    let when = match periods.as_slice() {
        [] => String::new(),
        [one] => format!(" for {one}"),
        many => format!(" for {}", periods_in_words(many)),
    };
    out.add(
        Rule::IndicatorTargetInWords,
        at(first, "target"),
        "target",
        format!(
            "{}: the target{when} is '{words}', a direction or a benchmark rather than a figure, so its RAG cannot be worked out and a reported RAG is not checked. Give the figure sought (last year's outturn and the change wanted, or the benchmark's value) to judge performance against.",
            label(first)
        ),
    );
}

/// Periods given the definitions library's target, their return giving none: one
/// finding per indicator, at its first such value, naming the periods and the target.
fn target_from_library(out: &mut Out, group: &[&IndicatorValue]) {
    let given: Vec<&&IndicatorValue> = group.iter().filter(|v| v.target_from_library).collect();
    let (Some(first), Some(target)) = (given.first(), given.first().and_then(|v| v.target)) else {
        return;
    };
    let mut periods: Vec<Period> = given.iter().filter_map(|v| v.period).collect();
    periods.sort();
    periods.dedup();
    let when = match periods.as_slice() {
        [] => String::new(),
        [first, .., last] if periods.len() > 4 => {
            format!(" for {} periods, {first} to {last}", periods.len())
        }
        few => format!(" for {}", periods_in_words(few)),
    };
    out.add(
        Rule::IndicatorTargetFromLibrary,
        at(first, "target"),
        "target",
        format!(
            "{}: the return gives no target{when}, so the definitions library's target, {}, is used to judge it.",
            label(first),
            format_number(target)
        ),
    );
}

/// A wide row's months (or quarters) of counts all judged against the one target
/// beside them, when that target looks like the year's: each period's count is about a
/// period's share of it ("Annual Target 120", 8 to 12 claims a month). Every period is
/// then judged against the whole year's target, so its RAG means little. Said only
/// when clear: two periods or more, none above one and a half periods' share, of an
/// indicator that is not a percentage, rate, length of time or score.
fn target_for_year(out: &mut Out, group: &[&IndicatorValue], series: &Series) {
    // A cumulative indicator's year's target is shared out over its periods.
    if series.profiled {
        return;
    }
    let periods = match series.frequency {
        Some(Frequency::Monthly) => 12.0,
        Some(Frequency::Quarterly) => 4.0,
        _ => return,
    };
    let noun = series.frequency.map_or("", Frequency::noun);
    if matches!(
        series.unit,
        Some(Unit::Percentage | Unit::Rate | Unit::Days | Unit::Time | Unit::Score)
    ) {
        return;
    }
    let reported: Vec<&&IndicatorValue> = group
        .iter()
        .filter(|v| v.actual.is_some() && v.target.is_some())
        .collect();
    let [first, .., last] = reported.as_slice() else {
        return;
    };
    // One target cell for every period: a column shared by the row's periods.
    let (cell, target) = (at(first, "target"), first.target.unwrap_or_default());
    if target <= 0.0
        || reported
            .iter()
            .any(|v| at(v, "target") != cell || v.target != Some(target))
    {
        return;
    }
    let actuals: Vec<f64> = reported.iter().filter_map(|v| v.actual).collect();
    let low = actuals.iter().copied().fold(f64::INFINITY, f64::min);
    let high = actuals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if low < 0.0 || high <= 0.0 || high > target * 1.5 / periods {
        return;
    }
    out.add(
        Rule::IndicatorTargetForYear,
        cell,
        "target",
        format!(
            "{}: the target {} looks like the year's: the {} {noun}s reported run from {} to {}, about a {noun}'s share of it ({}), yet each {noun} is judged against all of it, so its RAG means little. Give each {noun} its own target (the year's, profiled), or report the year to date against it.",
            label(last),
            format_number(target),
            actuals.len(),
            format_number(low),
            format_number(high),
            format_number(target / periods),
        ),
    );
}

/// An indicator given twice for one period in one return: a long return's row pasted
/// twice, or a wide return's indicator on two rows. Which figure is the one to report
/// is the service's to say, so both stay (on the Indicators sheet too) and the later
/// row is named, once, with the periods it repeats and the row that gave them first.
fn duplicate_periods(out: &mut Out, group: &[&IndicatorValue]) {
    let mut first_seen: Vec<(Period, &IndicatorValue)> = Vec::new();
    // Per later row: the row it repeats, the periods, and whether any figure differs.
    let mut repeats: Vec<(At, &IndicatorValue, At, Vec<Period>, bool)> = Vec::new();
    for value in group.iter().filter(|v| !v.blank_period) {
        let Some(period) = value.period else {
            continue;
        };
        let Some(&(_, earlier)) = first_seen.iter().find(|(p, _)| *p == period) else {
            first_seen.push((period, value));
            continue;
        };
        let figures = |v: &IndicatorValue| {
            (
                v.actual,
                v.target,
                v.written("actual").map(str::to_owned),
                v.written("target").map(str::to_owned),
            )
        };
        let differs = figures(earlier) != figures(value);
        let (row, before) = (At::first(value), At::first(earlier));
        match repeats
            .iter_mut()
            .find(|(r, _, b, ..)| *r == row && *b == before)
        {
            Some((.., periods, any)) => {
                periods.push(period);
                *any |= differs;
            }
            None => repeats.push((row, value, before, vec![period], differs)),
        }
    }
    for (row, value, before, periods, differs) in repeats {
        let which = match periods.as_slice() {
            [one] => format!("for {one}"),
            [first, .., last] if periods.len() > 3 => {
                format!("for {} periods, {first} to {last},", periods.len())
            }
            _ => format!("for {}", periods_in_words(&periods)),
        };
        let where_before = match before.sheet {
            Some(sheet) if Some(sheet) != row.sheet => {
                format!("on sheet '{sheet}' row {}", before.cell.row + 1)
            }
            _ => format!("on row {}", before.cell.row + 1),
        };
        let figures = if differs {
            "with different figures"
        } else {
            "with the same figures"
        };
        out.add(
            Rule::IndicatorDuplicatePeriod,
            row,
            "period",
            format!(
                "{} {which} is given twice in this return, {where_before} and on this row, {figures}. Keep one row for each indicator and period: until then both are on the Indicators sheet.",
                label(value)
            ),
        );
    }
}

/// Periods in words: "May 2026", "May 2026 and Aug 2026", "Apr 2026, May 2026 and Jun 2026".
fn periods_in_words(periods: &[Period]) -> String {
    let words: Vec<String> = periods.iter().map(ToString::to_string).collect();
    crate::finding::in_words(&words)
}

/// One `indicator.commentary-missing` per commentary cell: a wide row's one commentary
/// column speaks for all its months, so its red and amber months are named together.
fn commentary_missing(out: &mut Out, value: &IndicatorValue) {
    for (cell, gaps) in by_cell(std::mem::take(&mut out.uncommented)) {
        let mut parts = Vec::new();
        for rag in [Rag::Red, Rag::Amber] {
            let at: Vec<Option<Period>> = gaps
                .iter()
                .filter(|(_, r)| *r == rag)
                .map(|(period, _)| *period)
                .collect();
            if at.is_empty() {
                continue;
            }
            let periods: Vec<Period> = at.into_iter().flatten().collect();
            parts.push(if periods.is_empty() {
                rag.label().to_string()
            } else {
                format!("{} for {}", rag.label(), periods_in_words(&periods))
            });
        }
        out.add(
            Rule::IndicatorCommentaryMissing,
            cell,
            "commentary",
            format!(
                "{} is {} but has no commentary or action: performance not meeting target needs both.",
                label(value),
                parts.join(", and ")
            ),
        );
    }
}

/// Items gathered by the cell they point at, cells in order, each cell's items in the
/// order given.
fn by_cell<T>(items: Vec<(At, T)>) -> Vec<(At, Vec<T>)> {
    let mut cells: Vec<(At, Vec<T>)> = Vec::new();
    for (cell, item) in items {
        match cells.iter_mut().find(|(c, _)| *c == cell) {
            Some((_, gathered)) => gathered.push(item),
            None => cells.push((cell, vec![item])),
        }
    }
    cells.sort_by_key(|(cell, _)| *cell);
    cells
}

/// The message for a golden-thread citation not in the plan.
pub fn unknown_priority(priority: &str, ctx: &CheckContext) -> String {
    format!(
        "The corporate priority '{priority}' is not in the plan's list ({}): cite one of the plan's priorities so the golden thread holds.",
        ctx.library.priority_names().join("; ")
    )
}

/// Reads a unit, polarity or frequency cell as the library's label for it.
type LabelOf = fn(&str) -> Option<&'static str>;

/// The fields a return and the library both describe an indicator by: each with its
/// reading as the library's label, and what it should say.
const DESCRIPTIONS: [(&str, LabelOf, &str); 3] = [
    (
        "unit",
        |t| Unit::from_text(t).map(Unit::label),
        Unit::EXPECTED,
    ),
    (
        "polarity",
        |t| Polarity::from_text(t).map(Polarity::label),
        Polarity::EXPECTED,
    ),
    (
        "frequency",
        |t| Frequency::from_text(t).map(Frequency::label),
        Frequency::EXPECTED,
    ),
];

/// A description field as the return wrote it.
fn reported<'a>(value: &'a IndicatorValue, field: &str) -> Option<&'a str> {
    match field {
        "unit" => value.unit.as_deref(),
        "polarity" => value.polarity.as_deref(),
        _ => value.frequency.as_deref(),
    }
}

/// A description field as the library gives it, as its label.
fn in_library(definition: &Definition, field: &str) -> Option<&'static str> {
    match field {
        "unit" => definition.unit.map(Unit::label),
        "polarity" => definition.polarity.map(Polarity::label),
        _ => definition.frequency.map(Frequency::label),
    }
}

/// A return's unit, polarity or frequency that cannot be read ("Widgets", "Sideways"),
/// where the library does not give it: a `cell.type` error once per indicator, at its
/// first such cell. (Where the library gives it, `indicator.definition-mismatch` says
/// so.) Unread, it would leave the indicator judged without it.
fn unreadable_descriptions(
    out: &mut Out,
    group: &[&IndicatorValue],
    definition: Option<&Definition>,
) {
    for (field, label_of, expected) in DESCRIPTIONS {
        if definition.is_some_and(|d| in_library(d, field).is_some()) {
            continue;
        }
        let unread = group.iter().find_map(|value| {
            let written = reported(value, field)?;
            label_of(written).is_none().then_some((*value, written))
        });
        if let Some((value, written)) = unread {
            out.add(
                Rule::CellType,
                at(value, field),
                field,
                format!(
                    "{}: '{written}' is not {expected}, so {} is judged without it",
                    crate::read::capitalise(field),
                    label(value)
                ),
            );
        }
    }
}

/// The words that make an indicator's name what it is, in order: lower case, less
/// what is in brackets (its unit: "(%)", "(days)"), less a leading "% of", "Number
/// of", "Percentage of" or "Proportion of" and a trailing "%", with hyphens and
/// punctuation gone ("re-let" is "relet"). So "Repairs completed on time (%)" and
/// "% of repairs completed on time" are one name, and "within 28 days" and "on time"
/// are not.
fn name_words(name: &str) -> Vec<String> {
    let mut bare = String::new();
    for c in crate::schema::split_brackets(name).0.chars() {
        match c {
            '-' | '\'' | '\u{2019}' => {}
            c if c.is_alphanumeric() => bare.extend(c.to_lowercase()),
            '%' => bare.push_str(" % "),
            _ => bare.push(' '),
        }
    }
    let mut words: Vec<String> = bare.split_whitespace().map(str::to_string).collect();
    const LEADS: [&[&str]; 6] = [
        &["%", "of"],
        &["percentage", "of"],
        &["proportion", "of"],
        &["number", "of"],
        &["no", "of"],
        &["%"],
    ];
    let leads_with = |lead: &[&str]| {
        words.len() > lead.len() && words.iter().zip(lead).all(|(word, lead)| word == lead)
    };
    if let Some(lead) = LEADS.iter().find(|lead| leads_with(lead)) {
        words.drain(..lead.len());
    }
    if words.last().is_some_and(|w| w == "%") {
        words.pop();
    }
    words
}

fn definition_mismatches(out: &mut Out, group: &[&IndicatorValue], definition: &Definition) {
    let first_with = |field: &str| group.iter().find(|v| v.has_column(field)).copied();
    if let (Some(value), Some(expected)) = (first_with("name"), &definition.name)
        && let Some(name) = &value.name
        && name_words(name) != name_words(expected)
    {
        out.add(
            Rule::IndicatorDefinitionMismatch,
            at(value, "name"),
            "name",
            format!(
                "The indicator is named '{name}' here but '{expected}' in the definitions library."
            ),
        );
    }
    for (field, label_of, _) in DESCRIPTIONS {
        let (Some(value), Some(expected)) = (first_with(field), in_library(definition, field))
        else {
            continue;
        };
        let Some(reported) = reported(value, field) else {
            continue;
        };
        if label_of(reported) != Some(expected) {
            out.add(
                Rule::IndicatorDefinitionMismatch,
                at(value, field),
                field,
                format!(
                    "The {field} is '{reported}' here but {expected} in the definitions library."
                ),
            );
        }
    }
    // A target written with its comparison (">= 80%") says which way is better: where
    // the library says the other way, one of them is wrong. Once, at the first such.
    if let Some(expected) = definition.polarity.filter(|p| *p != Polarity::Neither)
        && let Some((value, written, said)) = group.iter().find_map(|value| {
            let written = value.written("target")?;
            let (_, said) = target_comparison(written)?;
            (said != expected).then_some((*value, written, said))
        })
    {
        out.add(
            Rule::IndicatorDefinitionMismatch,
            at(value, "target"),
            "polarity",
            format!(
                "{}: the target '{written}' says {}, but the definitions library says {}: correct the target's comparison or the library's polarity.",
                label(value),
                said.label().to_lowercase(),
                expected.label().to_lowercase()
            ),
        );
    }
}

fn check_value<'a>(out: &mut Out<'a>, value: &'a IndicatorValue, series: &Series) {
    let Some(actual) = series.scaled(value.actual) else {
        // A milestone's status or a number withheld: the RAG the return gives.
        if value.actual_reported() {
            needs_commentary(out, value, value.rag);
        }
        return;
    };
    let invalid = match series.unit {
        Some(Unit::Percentage) if !(0.0..=100.0).contains(&actual) => {
            Some("a percentage must be between 0 and 100")
        }
        Some(Unit::Number | Unit::Days | Unit::Time | Unit::Rate) if actual < 0.0 => {
            Some("a count, length of time or rate cannot be negative")
        }
        _ => None,
    };
    if let Some(reason) = invalid {
        out.add(
            Rule::IndicatorValueInvalid,
            at(value, "actual"),
            "actual",
            format!(
                "{}{}: the value {} is impossible: {reason}.",
                label(value),
                period_text(value),
                format_number(actual)
            ),
        );
    }
    calculation(out, value, actual, series);
    let computed = series.rag(value);
    if let (Some(reported), Some(computed)) = (value.rag, computed)
        && reported != computed
    {
        let polarity = series
            .polarity
            .map(Polarity::label)
            .unwrap_or("no polarity")
            .to_lowercase();
        let target = match series.target_range(value) {
            // The bracket is closed after the tolerance.
            Some((low, high)) => format!(
                "range {} to {} ({}",
                format_number(low),
                format_number(high),
                match series.polarity {
                    Some(Polarity::Higher) =>
                        format!("{polarity}: green from {}", format_number(low)),
                    Some(Polarity::Lower) =>
                        format!("{polarity}: green up to {}", format_number(high)),
                    _ => "green within it".to_string(),
                }
            ),
            None => format!(
                "{} ({}{polarity}",
                format_number(series.period_target(value).unwrap_or_default()),
                match (series.profiled, value.ytd_target.is_some()) {
                    (true, true) => "the return's target for the year so far; ",
                    (true, false) => "the year's target's share by then; ",
                    _ => "",
                }
            ),
        };
        out.add(
            Rule::IndicatorRagMismatch,
            at(value, "rag"),
            "rag",
            format!(
                "{}{}: {} but the actual {} against the target {target}, amber within {}%) is {}.",
                label(value),
                period_text(value),
                match value.rag_fill {
                    Some(colour) => format!(
                        "the cell is filled {colour} (reported {})",
                        reported.label()
                    ),
                    None => format!("reported {}", reported.label()),
                },
                format_number(actual),
                format_number(series.tolerance * 100.0),
                computed.label()
            ),
        );
    }
    needs_commentary(out, value, computed.or(value.rag));
}

/// A value Red or Amber with neither commentary nor action, kept for
/// `commentary_missing`.
fn needs_commentary<'a>(out: &mut Out<'a>, value: &'a IndicatorValue, rag: Option<Rag>) {
    if let Some(rag @ (Rag::Red | Rag::Amber)) = rag
        && value.commentary.is_none()
        && value.action.is_none()
    {
        let cell = if value.has_column("commentary") {
            at(value, "commentary")
        } else {
            at(value, "action")
        };
        out.uncommented.push((cell, (value.period, rag)));
    }
}

fn rounded(value: f64, decimals: u32) -> f64 {
    let factor = 10f64.powi(decimals as i32);
    (value * factor).round() / factor
}

fn calculation(out: &mut Out, value: &IndicatorValue, actual: f64, series: &Series) {
    let (Some(numerator), Some(denominator)) = (value.numerator, value.denominator) else {
        return;
    };
    let cell = at(value, "actual");
    if denominator == 0.0 {
        out.add(
            Rule::IndicatorCalculationMismatch,
            at(value, "denominator"),
            "denominator",
            format!(
                "{}{}: the denominator is 0, so the value cannot be calculated.",
                label(value),
                period_text(value)
            ),
        );
        return;
    }
    let ratio = numerator / denominator;
    let candidates: Vec<f64> = match series.unit {
        Some(Unit::Percentage) => vec![ratio * 100.0],
        // A rate is per 1, 100, 1,000 ... people: any of them may be meant.
        Some(Unit::Rate) => (0..=5).map(|k| ratio * 10f64.powi(k)).collect(),
        // No library or unit column to say: a ratio, or a percentage of it.
        None => vec![ratio, ratio * 100.0],
        _ => vec![ratio],
    };
    let matches = candidates.iter().any(|c| {
        (rounded(*c, series.decimals) - rounded(actual, series.decimals)).abs()
            < 0.5 / 10f64.powi(series.decimals as i32) + 1e-9
    });
    if !matches {
        // The reading meant is the one nearest the value reported.
        let nearest = candidates
            .iter()
            .copied()
            .min_by(|a, b| (a - actual).abs().total_cmp(&(b - actual).abs()))
            .unwrap_or(ratio);
        out.add(
            Rule::IndicatorCalculationMismatch,
            cell,
            "actual",
            format!(
                "{}{}: the value is {} but numerator {} / denominator {} gives {}.",
                label(value),
                period_text(value),
                format_number(actual),
                format_number(numerator),
                format_number(denominator),
                format_number(rounded(nearest, series.decimals))
            ),
        );
    }
}

/// Actuals for periods that have not begun by the reporting date: one finding per
/// indicator, at the first, naming them all. A whole return of them is most often one
/// read for the wrong year (quarters headed "Q1" to "Q4" with no year, checked after
/// the year ended).
fn period_in_future(out: &mut Out, group: &[&IndicatorValue], ctx: &CheckContext) {
    let ahead: Vec<(&IndicatorValue, Period)> = group
        .iter()
        .filter(|v| v.actual.is_some())
        .filter_map(|v| v.period.filter(|p| p.start() > ctx.as_of).map(|p| (*v, p)))
        .collect();
    let Some((first, _)) = ahead.first() else {
        return;
    };
    let periods: Vec<Period> = ahead.iter().map(|(_, p)| *p).collect();
    let (noun, verb) = if periods.len() == 1 {
        ("an actual", "has")
    } else {
        ("actuals", "have")
    };
    let earlier = Period::year_of(ctx.as_of) - 1;
    out.add(
        Rule::IndicatorPeriodInFuture,
        at(first, "actual"),
        "actual",
        format!(
            "{}: {noun} for {}, which {verb} not begun by the reporting date {}. If the return is for an earlier year, name the year above its table (such as {}) or run with --year {earlier}; otherwise the values are in the wrong periods.",
            label(first),
            periods_in_words(&periods),
            ctx.as_of.format("%d/%m/%Y"),
            Period {
                year: earlier,
                part: crate::model::PeriodPart::Year,
            }
        ),
    );
}

/// Whether a value's actual or target is given: a number, or words that speak for it
/// (a cell that could not be read, a number withheld; for a target, none by design:
/// "Monitor only", "Contextual").
fn given(value: &IndicatorValue, field: &str) -> bool {
    let number = match field {
        "actual" => value.actual,
        _ => value.target,
    };
    number.is_some()
        || value.unreadable.contains(field)
        || value.withheld(field)
        || field == "actual" && value.milestone()
        || field == "target"
            && value.written("target").is_some_and(|words| {
                is_no_target(words)
                    || target_in_words(words).is_some()
                    || target_range(words).is_some()
                    || is_milestone_target(words)
            })
}

fn completeness(
    out: &mut Out,
    group: &[&IndicatorValue],
    series: &Series,
    ctx: &CheckContext,
    one_period: Option<Period>,
) {
    let Some(frequency) = series.frequency else {
        return;
    };
    // A long return with no period anywhere has its header finding: nothing can be
    // told of which periods it reports.
    if group
        .iter()
        .all(|v| v.period.is_none() && !v.has_column("period"))
    {
        return;
    }
    let last = group[group.len() - 1];
    let mut untargeted: Vec<(At, Period)> = Vec::new();
    let mut unreported: Vec<Period> = Vec::new();
    // The year its return is for (the latest, where a long return spans two).
    let year = ctx
        .year
        .for_return(group.iter().filter_map(|v| v.year).max());
    let due = Period::due(year, frequency, ctx.as_of)
        .into_iter()
        .filter(|period| one_period.is_none_or(|only| period.end() >= only.start()));
    for period in due {
        let found: Vec<&&IndicatorValue> =
            group.iter().filter(|v| v.period == Some(period)).collect();
        // A quarterly (half-yearly, annual) indicator left in a return's months (with
        // figures in two months of a quarter, `fold_plan` leaves it so): a quarter is
        // reported where any of its months has a figure.
        let months: Vec<&&IndicatorValue> = if found.is_empty() {
            group
                .iter()
                .filter(|v| {
                    v.period
                        .is_some_and(|p| p != period && p.within(frequency) == Some(period))
                })
                .collect()
        } else {
            Vec::new()
        };
        if let Some(last_month) = months.last() {
            let any_given = |field: &str| months.iter().any(|v| given(v, field));
            if !any_given("actual") {
                out.add(
                    Rule::IndicatorValueMissing,
                    at(last_month, "actual"),
                    "actual",
                    format!(
                        "{}: no actual for {period}, which was due by the reporting date {}: a {} indicator's figure goes in one of its months, and {}.",
                        label(last_month),
                        ctx.as_of.format("%d/%m/%Y"),
                        frequency.label().to_lowercase(),
                        match (months[0].period, last_month.period) {
                            (Some(first), Some(last)) if first != last => {
                                format!("none of {first} to {last} has one")
                            }
                            (_, Some(last)) => format!("{last} has none"),
                            _ => "none has one".to_string(),
                        }
                    ),
                );
            }
            if !any_given("target") && series.polarity != Some(Polarity::Neither) {
                untargeted.push((at(last_month, "target"), period));
            }
            continue;
        }
        if found.is_empty() {
            let laid_out = group
                .iter()
                .any(|v| v.period.is_some_and(|p| p.frequency() == frequency));
            if laid_out || group.iter().all(|v| v.period.is_none()) {
                unreported.push(period);
            }
            continue;
        }
        for value in found {
            if !given(value, "actual") {
                out.add(
                    Rule::IndicatorValueMissing,
                    at(value, "actual"),
                    "actual",
                    format!(
                        "{}: no actual for {period}, which was due by the reporting date {}{}.",
                        label(value),
                        ctx.as_of.format("%d/%m/%Y"),
                        value
                            .written("actual")
                            .map(|words| format!(" (the cell says '{words}')"))
                            .unwrap_or_default()
                    ),
                );
            }
            if !given(value, "target") && series.polarity != Some(Polarity::Neither) {
                untargeted.push((at(value, "target"), period));
            }
        }
    }
    // Periods with no row or column at all: one finding at the indicator's last row.
    if !unreported.is_empty() {
        let verb = if unreported.len() == 1 { "was" } else { "were" };
        out.add(
            Rule::IndicatorValueMissing,
            At::first(last),
            "actual",
            format!(
                "{}: no value is reported for {}, which {verb} due by the reporting date {}{}.",
                label(last),
                periods_in_words(&unreported),
                ctx.as_of.format("%d/%m/%Y"),
                one_period
                    .map(|only| format!(" (this return is for {only} alone)"))
                    .unwrap_or_default()
            ),
        );
    }
    // A target column shared by a wide row's months is one cell to fill, so one finding.
    for (cell, periods) in by_cell(untargeted) {
        let which = match periods[..] {
            [one] => one.to_string(),
            [first, .., last] => format!("the {} periods due, {first} to {last}", periods.len()),
            [] => continue,
        };
        out.add(
            Rule::IndicatorTargetMissing,
            cell,
            "target",
            format!("{}: no target for {which}: every period that is due needs one to judge performance against.", label(last)),
        );
    }
}

/// A percentage's figures written two ways: a fraction (0.9, shown as 90% in a cell
/// formatted so) among figures written as percentages (84, 86.5), or a percentage
/// among fractions. The odd figure is read as written and judged so (0.9 as 0.9%), so
/// it is said, at its cell. Said only when clear: the odd way is at most a third of
/// the series' figures (each cell once, so a wide row's one target counts once), and
/// the figure written the other way lands within the rest's range, widened by that
/// range or by 10 percentage points. Returns the cells said, which are not outliers
/// too.
fn percentage_scale<'a>(
    out: &mut Out,
    group: &[&'a IndicatorValue],
    series: &Series,
) -> Vec<At<'a>> {
    if series.unit != Some(Unit::Percentage) {
        return Vec::new();
    }
    // Each figure's cell, value, field and number.
    type Figure<'v> = (At<'v>, &'v IndicatorValue, &'static str, f64);
    let mut figures: Vec<Figure<'a>> = Vec::new();
    for value in group {
        for (field, number) in [("actual", value.actual), ("target", value.target)] {
            let Some(number) = number.filter(|n| *n > 0.0) else {
                continue;
            };
            let cell = at(value, field);
            if !figures.iter().any(|(c, ..)| *c == cell) {
                figures.push((cell, value, field, number));
            }
        }
    }
    let (fractions, points): (Vec<&Figure>, Vec<&Figure>) =
        figures.iter().partition(|(.., n)| *n <= 1.0);
    // The odd ones out, how to write one the rest's way, and the rest.
    let (odd, rest, to_rest, rest_words, odd_words) = if fractions.len() * 2 <= points.len() {
        (
            fractions,
            points,
            100.0,
            "written as percentages",
            "a fraction",
        )
    } else if points.len() * 2 <= fractions.len() {
        (
            points,
            fractions,
            0.01,
            "written as fractions",
            "a percentage",
        )
    } else {
        return Vec::new();
    };
    if odd.is_empty() || rest.len() < 2 {
        return Vec::new();
    }
    let low = rest.iter().map(|(.., n)| *n).fold(f64::INFINITY, f64::min);
    let high = rest
        .iter()
        .map(|(.., n)| *n)
        .fold(f64::NEG_INFINITY, f64::max);
    let among_points = to_rest > 1.0;
    // Ten percentage points, in the rest's way of writing.
    let margin = (high - low).max(if among_points { 10.0 } else { 0.1 });
    // The rest's range as an officer sees it: 84 to 87, or 84% to 87% for fractions.
    let range = if among_points {
        format!("{} to {}", format_number(low), format_number(high))
    } else {
        format!(
            "{}% to {}%",
            format_number(low * 100.0),
            format_number(high * 100.0)
        )
    };
    let mut said = Vec::new();
    for (cell, value, field, number) in odd {
        let rewritten = number * to_rest;
        if rewritten < low - margin || rewritten > high + margin {
            continue;
        }
        let consequence = if among_points {
            format!("It is read as written, {}%.", format_number(*number))
        } else {
            format!(
                "Until then this indicator's figures are all read as written, {} as {}%.",
                format_number(low),
                format_number(low)
            )
        };
        out.add(
            Rule::IndicatorPercentageScale,
            *cell,
            field,
            format!(
                "{}{}: the {field} {} looks like {odd_words} ({}%), where this indicator's other figures are {rest_words} ({range}): write it as {}, or check it. {consequence}",
                label(value),
                period_text(value),
                format_number(*number),
                format_number(if among_points { number * 100.0 } else { *number }),
                format_number(rewritten),
            ),
        );
        said.push(*cell);
    }
    said
}

/// Values far from the indicator's own series: a robust z-score over the median
/// absolute deviation (so one wild value cannot hide itself), and outside the other
/// values by more than their range.
fn outliers(out: &mut Out, group: &[&IndicatorValue], series: &Series, said: &[At]) {
    let values: Vec<(&IndicatorValue, f64)> = group
        .iter()
        .filter_map(|v| series.scaled(v.actual).map(|a| (*v, a)))
        .collect();
    if values.len() < 6 {
        return;
    }
    let median = |mut xs: Vec<f64>| {
        xs.sort_by(f64::total_cmp);
        let n = xs.len();
        if n % 2 == 1 {
            xs[n / 2]
        } else {
            (xs[n / 2 - 1] + xs[n / 2]) / 2.0
        }
    };
    let centre = median(values.iter().map(|(_, a)| *a).collect());
    let spread = median(values.iter().map(|(_, a)| (a - centre).abs()).collect()) * 1.4826;
    if spread <= 0.0 {
        return;
    }
    for (value, actual) in &values {
        let others: Vec<f64> = values
            .iter()
            .filter(|(v, _)| !std::ptr::eq(*v, *value))
            .map(|(_, a)| *a)
            .collect();
        let low = others.iter().copied().fold(f64::INFINITY, f64::min);
        let high = others.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        // Far from the centre, and beyond the rest of the series by more than its own
        // spread: a dip in a tight series is performance, not a suspect number.
        let beyond = (low - actual).max(actual - high);
        if ((actual - centre) / spread).abs() > 5.0
            && beyond > high - low
            && !said.contains(&at(value, "actual"))
        {
            out.add(
                Rule::IndicatorOutlier,
                at(value, "actual"),
                "actual",
                format!(
                    "{}{}: the value {} is far outside this indicator's own series (its other {} values run from {} to {}): check it before it is reported.",
                    label(value),
                    period_text(value),
                    format_number(*actual),
                    others.len(),
                    format_number(low),
                    format_number(high)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Library, name_words};

    #[test]
    fn a_priority_is_cited_with_or_without_its_number_or_article_or_several_at_once() {
        let plan = [
            "1. A thriving economy",
            "2. Homes for all",
            "3. Clean and green",
        ];
        let library = Library::new([], plan.map(String::from));
        for cited in [
            "2. Homes for all",
            "homes for all",
            "P2 - Homes for all",
            "Homes for all (P2)",
            "Thriving economy",
            "Priority 1",
            "P3",
            "Clean and green; Homes for all",
            "Clean and green, Thriving economy",
        ] {
            assert!(library.knows_priority(cited), "{cited}");
        }
        for cited in [
            "Growing economy",
            "Priority 4",
            "Homes",
            "Clean and green; Growing economy",
            "2026",
        ] {
            assert!(!library.knows_priority(cited), "{cited}");
        }
        // A plan without numbers is cited by name.
        let library = Library::new([], ["A thriving economy".to_string()]);
        assert!(library.knows_priority("Thriving Economy"));
        assert!(!library.knows_priority("Priority 1"));
    }

    #[test]
    fn names_that_differ_in_form_alone_are_one_name() {
        for (a, b) in [
            (
                "Repairs completed on time (%)",
                "% of repairs completed on time",
            ),
            (
                "Households in temporary accommodation",
                "Number of households in temporary accommodation",
            ),
            ("Average relet time", "Average re-let time (days)"),
            (
                "Council tax collected %",
                "Percentage of council tax collected",
            ),
        ] {
            assert_eq!(name_words(a), name_words(b), "{a} / {b}");
        }
        for (a, b) in [
            (
                "Repairs completed on time",
                "Repairs completed within 28 days",
            ),
            ("Households in temporary accommodation", "Households in B&B"),
            ("Number of complaints", "Number of compliments"),
        ] {
            assert_ne!(name_words(a), name_words(b), "{a} / {b}");
        }
    }

    #[test]
    fn a_reported_direction_of_travel_is_read_from_words_and_arrows() {
        use super::Reported;
        for (text, reported) in [
            ("Improving", Some(Reported::Better)),
            ("Improved slightly", Some(Reported::Better)),
            ("Getting better", Some(Reported::Better)),
            ("Worsening", Some(Reported::Worse)),
            ("Declining", Some(Reported::Worse)),
            ("Deteriorated", Some(Reported::Worse)),
            ("No change", Some(Reported::Same)),
            ("Stable", Some(Reported::Same)),
            ("\u{2192}", Some(Reported::Same)),
            ("\u{2194}", Some(Reported::Same)),
            ("\u{2191}", Some(Reported::Up { arrow: true })),
            ("\u{25b2} up", Some(Reported::Up { arrow: true })),
            ("Increasing", Some(Reported::Up { arrow: false })),
            ("Up", Some(Reported::Up { arrow: false })),
            ("\u{2193}", Some(Reported::Down { arrow: true })),
            ("Decreased", Some(Reported::Down { arrow: false })),
            ("See commentary", None),
            ("Update due next month", None),
            ("Better than target", None),
            ("N/A", None),
            ("", None),
        ] {
            assert_eq!(Reported::from_text(text), reported, "{text}");
        }
    }
}
