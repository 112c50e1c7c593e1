//! Indicator values in the consolidation: each with its computed RAG and direction of
//! travel from the previous period of the same indicator and service.

use crate::check::FileReport;
use crate::check::indicator::{Library, directions_reported, indicator_groups, series};
use crate::finding::Tally;
use crate::model::{IndicatorValue, Polarity, Rag, Unit};
use crate::read::SheetContent;
use crate::schema::squash;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::HashMap;

/// Which way an indicator moved since its previous period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Better, by its polarity.
    Improving,
    /// Worse, by its polarity.
    Worsening,
    /// Unchanged.
    Same,
    /// Up, for an indicator with no polarity.
    Up,
    /// Down, for an indicator with no polarity.
    Down,
}

impl Direction {
    /// "Improving", "Worsening" ...
    pub fn label(self) -> &'static str {
        match self {
            Direction::Improving => "Improving",
            Direction::Worsening => "Worsening",
            Direction::Same => "Same",
            Direction::Up => "Up",
            Direction::Down => "Down",
        }
    }

    /// The direction from `previous` to `current` for a polarity.
    pub fn between(previous: f64, current: f64, polarity: Option<Polarity>) -> Direction {
        if (current - previous).abs() < 1e-9 {
            return Direction::Same;
        }
        let up = current > previous;
        match polarity {
            Some(Polarity::Higher) => {
                if up {
                    Direction::Improving
                } else {
                    Direction::Worsening
                }
            }
            Some(Polarity::Lower) => {
                if up {
                    Direction::Worsening
                } else {
                    Direction::Improving
                }
            }
            _ => {
                if up {
                    Direction::Up
                } else {
                    Direction::Down
                }
            }
        }
    }
}

/// One indicator value in the consolidated set.
#[derive(Debug, Clone)]
pub struct MergedIndicator {
    /// The value as read, with actual and target in the indicator's unit (fractions
    /// of a percentage indicator are made percentages).
    pub value: IndicatorValue,
    /// The unit.
    pub unit: Option<Unit>,
    /// The polarity.
    pub polarity: Option<Polarity>,
    /// The amber tolerance its RAG was worked out with, as a fraction of the target.
    pub tolerance: f64,
    /// Whether the library marks it statutory.
    pub statutory: bool,
    /// RAG computed from actual, target, polarity and tolerance.
    pub rag: Option<Rag>,
    /// Since the previous period of the same indicator and service; for one counted
    /// cumulatively, of its figure against the target for the year so far.
    pub direction: Option<Direction>,
    /// Counted cumulatively through the year, its target the year's so far.
    pub profiled: bool,
    /// Findings on its row.
    pub tally: Tally,
    /// `file › sheet!row`.
    pub provenance: String,
}

impl MergedIndicator {
    /// The RAG it is counted by: the one worked out, or, for a milestone reported in
    /// words (from which none can be worked out), the one its return gives.
    pub fn rag_counted(&self) -> Option<Rag> {
        self.rag
            .or_else(|| self.value.milestone().then_some(self.value.rag).flatten())
    }

    /// Whether the value is a milestone past its date at `as_of`, not achieved.
    pub fn milestone_late(&self, as_of: chrono::NaiveDate) -> bool {
        self.value
            .milestone_due()
            .is_some_and(|due| self.value.milestone_late(due, as_of))
    }

    /// The amber tolerance as a percentage of the target: "5%"; none for a milestone,
    /// whose RAG is not worked out from a figure.
    pub fn tolerance_in_words(&self) -> String {
        if self.unit == Some(Unit::Milestone) || self.value.milestone() {
            return String::new();
        }
        format!(
            "{}%",
            crate::read::grid::format_number(self.tolerance * 100.0)
        )
    }
}

/// What the series says of one value, before the value moves into the consolidation.
#[derive(Debug, Clone, Copy)]
struct Judged<'a> {
    rag: Option<Rag>,
    unit: Option<Unit>,
    polarity: Option<Polarity>,
    tolerance: f64,
    statutory: bool,
    scale: f64,
    /// The target judged against, in the indicator's unit: a cumulative indicator's
    /// share of the year's.
    target: Option<f64>,
    /// The library's corporate priority for the indicator.
    priority: Option<&'a str>,
    /// Whether the direction of travel reported is for this value's period (a wide
    /// row's one direction cell is its latest month's).
    direction_here: bool,
    /// Counted cumulatively through the year.
    profiled: bool,
}

impl Default for Judged<'_> {
    fn default() -> Self {
        Judged {
            rag: None,
            unit: None,
            polarity: None,
            tolerance: crate::check::indicator::DEFAULT_TOLERANCE,
            statutory: false,
            scale: 1.0,
            target: None,
            priority: None,
            direction_here: false,
            profiled: false,
        }
    }
}

/// A finding's place: sheet, 1-based row and 0-based column.
type CellKey<'a> = (Option<&'a str>, Option<u32>, Option<u32>);

/// Every indicator value of the reports reported or due by `as_of`, evaluated against
/// the library, sorted by directorate, service, indicator and period. The values are
/// moved out of the reports.
///
/// A wide return's period columns still to come, with nothing in them, are not
/// periods reported and are left out (a return laid out for the whole year would
/// otherwise list each indicator's months to come, empty). A period that is due stays
/// even when empty: the gap is for the lead to see.
pub fn merge_indicators(
    reports: &mut [FileReport],
    library: &Library,
    as_of: NaiveDate,
) -> Vec<MergedIndicator> {
    let mut merged: Vec<MergedIndicator> = reports
        .par_iter_mut()
        .flat_map_iter(|report| merge_report(report, library, as_of))
        .collect();
    // Sort positions by borrowed keys rather than the values by owned ones: a key
    // per value would copy three strings for each of hundreds of thousands of values.
    let keys: Vec<SeriesKey> = merged.par_iter().map(series_key).collect();
    let mut order: Vec<usize> = (0..merged.len()).collect();
    order.par_sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    let directions: Vec<(usize, Direction)> = order
        .windows(2)
        // The same series, an earlier period: a period given twice has no direction
        // from one of its figures to the other.
        .filter(|pair| keys[pair[0]].0 == keys[pair[1]].0 && keys[pair[0]].1 != keys[pair[1]].1)
        .filter_map(|pair| {
            let (previous, current) = (&merged[pair[0]], &merged[pair[1]]);
            let (was, now) = (previous.value.actual?, current.value.actual?);
            // A cumulative figure climbs whatever its performance: its direction is
            // of how far it is from its target for the year so far.
            let (was, now) = if current.profiled && previous.profiled {
                (was - previous.value.target?, now - current.value.target?)
            } else {
                (was, now)
            };
            Some((pair[1], Direction::between(was, now, current.polarity)))
        })
        .collect();
    drop(keys);
    for (i, direction) in directions {
        merged[i].direction = Some(direction);
    }
    permute(&mut merged, &mut order);
    merged
}

/// Rearrange `items` in place so that position k holds what was at `order[k]`
/// (`order` is a permutation; it is used up). In place, so the values are not held
/// twice.
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut k = start;
        while order[k] != DONE {
            let next = order[k];
            order[k] = DONE;
            if next == start || next >= items.len() {
                break;
            }
            items.swap(k, next);
            k = next;
        }
    }
}

/// One report's indicator values, evaluated, in the order read.
fn merge_report(
    report: &mut FileReport,
    library: &Library,
    as_of: NaiveDate,
) -> Vec<MergedIndicator> {
    let mut merged = Vec::new();
    let mut tallies: HashMap<CellKey, Tally> = HashMap::new();
    for finding in &report.findings {
        tallies
            .entry((finding.sheet.as_deref(), finding.row, finding.column))
            .or_default()
            .add(finding.severity);
    }
    // A return kept a sheet per period is one return: its indicators' series run
    // across its sheets.
    for sheets in report.read.return_groups() {
        let mut values: Vec<IndicatorValue> = Vec::new();
        for position in sheets {
            if let SheetContent::IndicatorReturn(sheet_read) =
                &mut report.read.sheets[position].content
            {
                values.append(&mut sheet_read.values);
            }
        }
        let evaluated = judged(&values, library);
        for (value, judged) in values.into_iter().zip(evaluated) {
            if value.reported_or_due(as_of) {
                merged.push(merged_value(value, judged, &tallies));
            }
        }
    }
    merged
}

/// What each value's series says of it, by position.
fn judged<'l>(values: &[IndicatorValue], library: &'l Library) -> Vec<Judged<'l>> {
    let mut evaluated: Vec<Judged> = vec![Judged::default(); values.len()];
    for group in &indicator_groups(values) {
        let members: Vec<&IndicatorValue> = group.iter().map(|&i| &values[i]).collect();
        let definition = members[0]
            .id
            .as_deref()
            .and_then(|id| library.definition(id));
        let series = series(&members, definition);
        let statutory = definition.is_some_and(|d| d.statutory);
        let priority = definition.and_then(|d| d.priority.as_deref());
        for (&i, value) in group.iter().zip(&members) {
            evaluated[i] = Judged {
                rag: series.rag(value),
                unit: series.unit,
                polarity: series.polarity,
                tolerance: series.tolerance,
                statutory,
                scale: series.scale,
                target: series.period_target(value),
                priority,
                direction_here: false,
                profiled: series.profiled,
            };
        }
        for position in directions_reported(&members) {
            evaluated[group[position]].direction_here = true;
        }
    }
    evaluated
}

/// A value as the consolidation holds it: its figures in its indicator's unit, the
/// library's priority where it cites none, and the findings on its own cells counted.
fn merged_value(
    mut value: IndicatorValue,
    judged: Judged,
    tallies: &HashMap<CellKey, Tally>,
) -> MergedIndicator {
    let Judged {
        rag,
        unit,
        polarity,
        tolerance,
        statutory,
        scale,
        target: judged_target,
        priority,
        direction_here,
        profiled,
    } = judged;
    if !direction_here {
        value.direction = None;
    }
    // A wide row shares its cells across periods: count the period's own actual and
    // target cells.
    let (actual, target) = (value.cell("actual"), value.cell("target"));
    let (sheet, row) = (
        value.source.as_ref().map(|s| &*s.sheet),
        Some(actual.row + 1),
    );
    let tally = [actual.column, target.column]
        .into_iter()
        .filter_map(|column| tallies.get(&(sheet, row, Some(column))).copied())
        .fold(Tally::default(), Tally::plus);
    // The priority the return cites, else the library's for the indicator.
    if value.priority.is_none() {
        value.priority = priority.map(crate::model::Text::from);
    }
    value.actual = value.actual.map(|v| v * scale);
    value.target = judged_target;
    value.ytd = value.ytd.map(|v| v * scale);
    // A target for the year so far is the period's target only where the indicator is
    // counted cumulatively: elsewhere it is kept as written.
    if !profiled && let Some(ytd_target) = value.ytd_target.take() {
        let line = format!(
            "YTD target: {}",
            crate::read::grid::format_number(ytd_target * scale)
        );
        value.other = Some(match value.other.take() {
            Some(other) => format!("{other}\n{line}").into(),
            None => line.into(),
        });
    }
    value.forecast = value.forecast.map(|v| v * scale);
    // A comparator written as a fraction beside fractions (0.9 for 90%).
    if scale != 1.0
        && let Some(comparators) = &value.comparators
    {
        value.comparators = Some(
            comparators
                .iter()
                .map(|c| crate::model::Comparator {
                    number: c.number.map(|n| if n.abs() <= 1.0 { n * scale } else { n }),
                    ..c.clone()
                })
                .collect(),
        );
    }
    let provenance = super::provenance(value.source.as_ref(), value.source_note.as_deref());
    MergedIndicator {
        rag,
        unit,
        polarity,
        tolerance,
        statutory,
        direction: None,
        profiled,
        tally,
        provenance,
        value,
    }
}

/// A series (directorate, service, indicator) and the period within it: the
/// Indicators sheet's order.
type SeriesKey<'a> = ((&'a str, &'a str, String), Option<crate::model::Period>);

fn series_key(m: &MergedIndicator) -> SeriesKey<'_> {
    (
        (
            m.value.directorate.as_deref().unwrap_or_default(),
            m.value.service.as_deref().unwrap_or_default(),
            m.value.id.as_deref().map(squash).unwrap_or_default(),
        ),
        m.value.period,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permute_puts_each_item_where_the_order_says() {
        let mut items = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        // Two cycles (0 3 1, 2 5) and a fixed point (4).
        let mut order = vec![3, 0, 5, 1, 4, 2];
        permute(&mut items, &mut order);
        assert_eq!(items, vec!['d', 'a', 'f', 'b', 'e', 'c']);
    }

    #[test]
    fn direction_respects_polarity() {
        assert_eq!(
            Direction::between(80.0, 85.0, Some(Polarity::Higher)),
            Direction::Improving
        );
        assert_eq!(
            Direction::between(80.0, 85.0, Some(Polarity::Lower)),
            Direction::Worsening
        );
        assert_eq!(
            Direction::between(8.0, 7.5, Some(Polarity::Lower)),
            Direction::Improving
        );
        assert_eq!(
            Direction::between(5.0, 5.0, Some(Polarity::Higher)),
            Direction::Same
        );
        assert_eq!(
            Direction::between(5.0, 6.0, Some(Polarity::Neither)),
            Direction::Up
        );
    }
}
