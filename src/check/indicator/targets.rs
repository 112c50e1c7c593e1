//! Targets as returns give them: in words, from the library, for the year rather than
//! the period, profiled over the year, or a milestone's.
//!
//! Emits: indicator.milestone, indicator.milestone-overdue, indicator.target-for-year,
//! indicator.target-from-library, indicator.target-in-words, indicator.target-profiled.

use super::periods::{Series, periods_in_words};
use super::{Out, at, label};
use crate::finding::Rule;
use crate::model::{Frequency, IndicatorValue, Period, Rag, Unit};
use crate::read::grid::format_number;
use crate::read::indicators::target_in_words;
use chrono::NaiveDate;

/// The rules this file emits.
pub const RULES: &[Rule] = &[
    Rule::IndicatorMilestone,
    Rule::IndicatorMilestoneOverdue,
    Rule::IndicatorTargetForYear,
    Rule::IndicatorTargetFromLibrary,
    Rule::IndicatorTargetInWords,
    Rule::IndicatorTargetProfiled,
];

/// `indicator.milestone`, once per indicator at its first actual in words: a
/// milestone's status counts as reported, and its RAG is the return's.
pub(super) fn milestone(out: &mut Out, group: &[&IndicatorValue]) {
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

/// `indicator.milestone-overdue`, at a milestone's latest status in words: its target
/// gives when it is due ("Mar 2027", "By 31/12/2026"), that date has passed at the
/// reporting date, and the status does not say it was achieved ("On track", "Delayed").
pub(super) fn milestone_overdue(out: &mut Out, group: &[&IndicatorValue], as_of: NaiveDate) {
    let Some(latest) = group
        .iter()
        .filter(|v| v.milestone())
        .max_by_key(|v| v.period)
    else {
        return;
    };
    // When it is due: this period's target, else the one another period gives.
    let Some((due, due_at)) = latest
        .milestone_due()
        .map(|due| (due, *latest))
        .or_else(|| group.iter().find_map(|v| Some((v.milestone_due()?, *v))))
    else {
        return;
    };
    if !latest.milestone_late(due, as_of) {
        return;
    }
    let status = latest.written("actual").unwrap_or_default();
    let reported = match latest.rag {
        Some(rag @ (Rag::Green | Rag::Amber)) => {
            format!(", though the return gives it {}", rag.label())
        }
        _ => String::new(),
    };
    out.add(
        Rule::IndicatorMilestoneOverdue,
        at(due_at, "target"),
        "target",
        format!(
            "{} was due by {}, and its latest status, '{status}'{}, does not say it was achieved: at the reporting date {} the milestone is overdue{reported}.",
            label(latest),
            due.display(),
            latest
                .period
                .map(|p| format!(" for {p}"))
                .unwrap_or_default(),
            as_of.format("%d/%m/%Y")
        ),
    );
}

/// `indicator.target-profiled`, once per indicator at its first target: a cumulative
/// indicator's one target is taken as the year's and shared out over its periods.
pub(super) fn target_profiled(out: &mut Out, group: &[&IndicatorValue], series: &Series) {
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

/// The sum, latest and average of `actuals` where `figure` is none of them, allowing
/// for each period's figure being rounded to the indicator's decimal places.
pub(super) fn none_of_the_ways(
    figure: f64,
    actuals: &[f64],
    decimals: u32,
) -> Option<(f64, f64, f64)> {
    let sum: f64 = actuals.iter().sum();
    let latest = *actuals.last()?;
    let mean = sum / actuals.len() as f64;
    let slack = actuals.len() as f64 * 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9;
    (![sum, latest, mean]
        .iter()
        .any(|way| (figure - way).abs() <= slack))
    .then_some((sum, latest, mean))
}

/// Targets given as a direction or a benchmark ("Increase", "Maintain", "Top
/// quartile"): one finding per indicator, at its first such cell, naming the periods.
pub(super) fn target_in_words_of(out: &mut Out, group: &[&IndicatorValue]) {
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
pub(super) fn target_from_library(out: &mut Out, group: &[&IndicatorValue]) {
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
pub(super) fn target_for_year(out: &mut Out, group: &[&IndicatorValue], series: &Series) {
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
