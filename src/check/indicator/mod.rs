//! The rules for indicator returns, checked against the definitions library: one file
//! per family of rules, each listing the rule ids it emits. This file runs them over a
//! return, and emits indicator.definition-unknown and priority.unknown itself.

use super::CheckContext;
use crate::finding::{CellRef, Finding, Rule};
use crate::model::{IndicatorValue, Period, Rag};
use crate::read::indicators::ReturnSheet;
use crate::schema::squash;
use std::collections::HashMap;

pub mod dated;
pub mod direction;
pub mod figures;
pub mod library;
pub mod periods;
pub mod targets;

use direction::direction_mismatch;
pub use direction::directions_reported;
use figures::{check_value, commentary_missing, percentage_scale, subtotals, year_to_date};
pub use library::{Library, unknown_priority};
use library::{definition_mismatches, owners_unknown, polarity_unknown, unreadable_descriptions};
use periods::{completeness, duplicate_periods, outliers, period_in_future};
pub use periods::{fold_plan, series};
use targets::{
    milestone, milestone_overdue, target_for_year, target_from_library, target_in_words_of,
    target_profiled,
};

/// The rules this file emits itself.
pub const RULES: &[Rule] = &[Rule::IndicatorDefinitionUnknown, Rule::PriorityUnknown];

/// Amber tolerance where neither the library nor the return gives one: 5% of the target.
pub const DEFAULT_TOLERANCE: f64 = 0.05;

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
        // Each citation the plan does not know, once for the indicator: a wide row's
        // one cell is every period's, and a long return's rows repeat it.
        let mut cited: Vec<&str> = Vec::new();
        for value in &group {
            check_value(&mut out, value, &series);
            if let Some(priority) = &value.priority
                && !cited.contains(&&**priority)
                && !ctx.library.knows_priority(priority)
            {
                cited.push(priority);
                out.add(
                    Rule::PriorityUnknown,
                    at(value, "priority"),
                    "priority",
                    unknown_priority(priority, ctx),
                );
            }
        }
        milestone(&mut out, &group);
        milestone_overdue(&mut out, &group, ctx.as_of);
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
        .extend(dated::another_period(file, sheets, ctx.as_of));
    out.findings
}
