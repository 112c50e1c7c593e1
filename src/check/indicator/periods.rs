//! An indicator's series of periods: complete by the reporting date, one figure a
//! period, none in the future, none far outside the rest.
//!
//! Emits: indicator.duplicate-period, indicator.outlier, indicator.period-in-future,
//! indicator.target-missing, indicator.value-missing.

use super::figures::{by_cell, rounded};
use super::library::Library;
use super::{At, DEFAULT_TOLERANCE, Out, at, indicator_groups, label, period_text};
use crate::check::CheckContext;
use crate::finding::Rule;
use crate::model::{Definition, Frequency, IndicatorValue, Period, Polarity, Rag, Unit};
use crate::read::grid::format_number;
use crate::read::indicators::{
    is_milestone_target, is_no_target, target_comparison, target_in_words, target_range,
};
use crate::schema::has_word;

/// The rules this file emits.
pub const RULES: &[Rule] = &[
    Rule::IndicatorDuplicatePeriod,
    Rule::IndicatorOutlier,
    Rule::IndicatorPeriodInFuture,
    Rule::IndicatorTargetMissing,
    Rule::IndicatorValueMissing,
];

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

/// An indicator given twice for one period in one return: a long return's row pasted
/// twice, or a wide return's indicator on two rows. Which figure is the one to report
/// is the service's to say, so both stay (on the Indicators sheet too) and the later
/// row is named, once, with the periods it repeats and the row that gave them first.
pub(super) fn duplicate_periods(out: &mut Out, group: &[&IndicatorValue]) {
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
pub(super) fn periods_in_words(periods: &[Period]) -> String {
    let words: Vec<String> = periods.iter().map(ToString::to_string).collect();
    crate::finding::in_words(&words)
}

/// Actuals for periods that have not begun by the reporting date: one finding per
/// indicator, at the first, naming them all. A whole return of them is most often one
/// read for the wrong year (quarters headed "Q1" to "Q4" with no year, checked after
/// the year ended).
pub(super) fn period_in_future(out: &mut Out, group: &[&IndicatorValue], ctx: &CheckContext) {
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
/// "Monitor only", "Contextual"; a milestone's, when it is due).
pub(super) fn given(value: &IndicatorValue, field: &str) -> bool {
    let number = match field {
        "actual" => value.actual,
        _ => value.target,
    };
    number.is_some()
        || value.unreadable.contains(field)
        || value.withheld(field)
        || field == "actual" && value.milestone()
        // A milestone's target as when it is due ("Mar 2027"), kept as written.
        || field == "target" && value.milestone() && value.written("target").is_some()
        || field == "target"
            && value.written("target").is_some_and(|words| {
                is_no_target(words)
                    || target_in_words(words).is_some()
                    || target_range(words).is_some()
                    || is_milestone_target(words)
            })
}

/// `indicator.value-missing` and `indicator.target-missing`: every period due by the
/// reporting date for the indicator's frequency (from `one_period` on, for a return of
/// one period) has an actual and a target.
pub(super) fn completeness(
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
    let targeted = series.polarity != Some(Polarity::Neither);
    for period in due {
        let found: Vec<&IndicatorValue> = group
            .iter()
            .copied()
            .filter(|v| v.period == Some(period))
            .collect();
        // A quarterly (half-yearly, annual) indicator left in a return's months (with
        // figures in two months of a quarter, `fold_plan` leaves it so): a quarter is
        // reported where any of its months has a figure.
        let months: Vec<&IndicatorValue> = if found.is_empty() {
            group
                .iter()
                .copied()
                .filter(|v| {
                    v.period
                        .is_some_and(|p| p != period && p.within(frequency) == Some(period))
                })
                .collect()
        } else {
            Vec::new()
        };
        if let Some(&last_month) = months.last() {
            if !months.iter().any(|v| given(v, "actual")) {
                let finding = in_its_months(&months, period, frequency, ctx);
                out.add(
                    Rule::IndicatorValueMissing,
                    at(last_month, "actual"),
                    "actual",
                    finding,
                );
            }
            if targeted && !months.iter().any(|v| given(v, "target")) {
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
            if targeted && !given(value, "target") {
                untargeted.push((at(value, "target"), period));
            }
        }
    }
    if !unreported.is_empty() {
        not_reported(out, last, &unreported, ctx, one_period);
    }
    untargeted_findings(out, last, untargeted);
}

/// A quarterly (half-yearly, annual) indicator's period with no actual in any of the
/// return's months it spans: the message.
fn in_its_months(
    months: &[&IndicatorValue],
    period: Period,
    frequency: Frequency,
    ctx: &CheckContext,
) -> String {
    let last_month = months[months.len() - 1];
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
    )
}

/// Periods with no row or column at all: one finding at the indicator's last row.
fn not_reported(
    out: &mut Out,
    last: &IndicatorValue,
    unreported: &[Period],
    ctx: &CheckContext,
    one_period: Option<Period>,
) {
    let verb = if unreported.len() == 1 { "was" } else { "were" };
    out.add(
        Rule::IndicatorValueMissing,
        At::first(last),
        "actual",
        format!(
            "{}: no value is reported for {}, which {verb} due by the reporting date {}{}.",
            label(last),
            periods_in_words(unreported),
            ctx.as_of.format("%d/%m/%Y"),
            one_period
                .map(|only| format!(" (this return is for {only} alone)"))
                .unwrap_or_default()
        ),
    );
}

/// Periods due with no target, a finding per cell: a target column shared by a wide
/// row's months is one cell to fill, so one finding.
fn untargeted_findings(out: &mut Out, last: &IndicatorValue, untargeted: Vec<(At, Period)>) {
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

/// Values far from the indicator's own series: a robust z-score over the median
/// absolute deviation (so one wild value cannot hide itself), and outside the other
/// values by more than their range.
pub(super) fn outliers(out: &mut Out, group: &[&IndicatorValue], series: &Series, said: &[At]) {
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
