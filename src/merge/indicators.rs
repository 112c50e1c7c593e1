//! Indicator values in the consolidation: each with its computed RAG and direction of
//! travel from the previous period of the same indicator and service.

use crate::check::FileReport;
use crate::check::indicator::{Library, by_indicator, series};
use crate::finding::{Severity, Tally};
use crate::model::{IndicatorValue, Polarity, Rag, Unit};
use crate::schema::squash;
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
    /// Whether the library marks it statutory.
    pub statutory: bool,
    /// RAG computed from actual, target, polarity and tolerance.
    pub rag: Option<Rag>,
    /// Since the previous period of the same indicator and service.
    pub direction: Option<Direction>,
    /// Findings on its row.
    pub tally: Tally,
    /// `file › sheet!row`.
    pub provenance: String,
}

/// A finding's place: sheet, 1-based row and 0-based column.
type CellKey<'a> = (Option<&'a str>, Option<u32>, Option<u32>);

/// Every indicator value of the reports, evaluated against the library, sorted by
/// directorate, service, indicator and period.
pub fn merge_indicators(reports: &[FileReport], library: &Library) -> Vec<MergedIndicator> {
    let mut merged = Vec::new();
    for report in reports {
        let mut tallies: HashMap<CellKey, Tally> = HashMap::new();
        for finding in &report.findings {
            let tally = tallies
                .entry((finding.sheet.as_deref(), finding.row, finding.column))
                .or_default();
            match finding.severity {
                Severity::Error => tally.errors += 1,
                Severity::Warning => tally.warnings += 1,
                Severity::Info => tally.infos += 1,
            }
        }
        for (sheet, sheet_read) in report.read.returns() {
            for group in by_indicator(&sheet_read.values) {
                let definition = group[0].id.as_deref().and_then(|id| library.definition(id));
                let series = series(&group, definition);
                for value in group {
                    // A wide row shares its cells across periods: count the period's own
                    // actual and target cells, and the row's other cells once.
                    let actual = value.cell("actual");
                    let target = value.cell("target");
                    let row = Some(actual.row + 1);
                    let tally = [Some(actual.column), Some(target.column)]
                        .into_iter()
                        .filter_map(|c| tallies.get(&(Some(sheet), row, c)).copied())
                        .fold(Tally::default(), |a, b| Tally {
                            errors: a.errors + b.errors,
                            warnings: a.warnings + b.warnings,
                            infos: a.infos + b.infos,
                        });
                    let mut scaled = value.clone();
                    scaled.actual = series.scaled(value.actual);
                    scaled.target = series.scaled(value.target);
                    merged.push(MergedIndicator {
                        rag: series.rag(value),
                        unit: series.unit,
                        polarity: series.polarity,
                        statutory: definition.is_some_and(|d| d.statutory),
                        direction: None,
                        tally,
                        provenance: value
                            .source
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                        value: scaled,
                    });
                }
            }
        }
    }
    let key = |m: &MergedIndicator| {
        (
            m.value.directorate.clone().unwrap_or_default(),
            m.value.service.clone().unwrap_or_default(),
            m.value.id.as_deref().map(squash).unwrap_or_default(),
            m.value.period,
        )
    };
    merged.sort_by_key(key);
    for i in 1..merged.len() {
        let (before, after) = merged.split_at_mut(i);
        let (previous, current) = (&before[i - 1], &mut after[0]);
        let same_series = key(previous).0 == key(current).0
            && key(previous).1 == key(current).1
            && key(previous).2 == key(current).2;
        if let (true, Some(was), Some(now)) =
            (same_series, previous.value.actual, current.value.actual)
        {
            current.direction = Some(Direction::between(was, now, current.polarity));
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

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
