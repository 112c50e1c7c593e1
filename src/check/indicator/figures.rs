//! Each figure on its own: a possible value, a RAG as its actual and target give it,
//! commentary where it is red or amber, a calculation that adds up, a year to date and
//! subtotals that agree with the periods, percentages on one scale.
//!
//! Emits: indicator.calculation-mismatch, indicator.commentary-missing,
//! indicator.percentage-scale, indicator.rag-mismatch, indicator.total-mismatch,
//! indicator.value-invalid, indicator.year-to-date-mismatch.

use super::periods::{Series, periods_in_words};
use super::targets::none_of_the_ways;
use super::{At, Out, at, label, period_text};
use crate::finding::Rule;
use crate::model::{IndicatorValue, Period, Polarity, Rag, Unit};
use crate::read::grid::format_number;

/// The rules this file emits.
pub const RULES: &[Rule] = &[
    Rule::IndicatorCalculationMismatch,
    Rule::IndicatorCommentaryMissing,
    Rule::IndicatorPercentageScale,
    Rule::IndicatorRagMismatch,
    Rule::IndicatorTotalMismatch,
    Rule::IndicatorValueInvalid,
    Rule::IndicatorYearToDateMismatch,
];

pub(super) fn check_value<'a>(out: &mut Out<'a>, value: &'a IndicatorValue, series: &Series) {
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

pub(super) fn rounded(value: f64, decimals: u32) -> f64 {
    let factor = 10f64.powi(decimals as i32);
    (value * factor).round() / factor
}

/// One `indicator.commentary-missing` per commentary cell: a wide row's one commentary
/// column speaks for all its months, so its red and amber months are named together.
pub(super) fn commentary_missing(out: &mut Out, value: &IndicatorValue) {
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
pub(super) fn by_cell<T>(items: Vec<(At, T)>) -> Vec<(At, Vec<T>)> {
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

/// A year-to-date figure (a "YTD" column) that is none of the ways the periods it
/// covers make one: their sum (a count or spend), their latest (a snapshot, such as
/// households in temporary accommodation) or their average. Said only for counts and
/// money, whose year to date is worked out from the periods alone (a percentage's is
/// from the year's numerator and denominator), and only where every period of the year
/// up to it is reported once.
pub(super) fn year_to_date(out: &mut Out, group: &[&IndicatorValue], series: &Series) {
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

/// A quarter's (half's, year's) column among a wide row's months, where every month it
/// holds is reported: its figure should be their sum, latest or average. For counts
/// and money only, as a year to date is.
pub(super) fn subtotals(
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

/// A percentage's figures written two ways: a fraction (0.9, shown as 90% in a cell
/// formatted so) among figures written as percentages (84, 86.5), or a percentage
/// among fractions. The odd figure is read as written and judged so (0.9 as 0.9%), so
/// it is said, at its cell. Said only when clear: the odd way is at most a third of
/// the series' figures (each cell once, so a wide row's one target counts once), and
/// the figure written the other way lands within the rest's range, widened by that
/// range or by 10 percentage points. Returns the cells said, which are not outliers
/// too.
pub(super) fn percentage_scale<'a>(
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
