//! The Indicators sheet (a row per indicator per period, RAG by fill, direction of
//! travel) and the Trends sheet (a native line chart of actual against target for each
//! indicator's series).

use super::table::{
    Column, finish_table, page_setup, row_lines, start_long_table, wide_page_setup,
};
use crate::merge::MergedIndicator;
use crate::model::{PriorityPlan, Rag};
use crate::write::formats::{Formats, excel_date, write_figure_or_words};
use rust_xlsxwriter::{Chart, ChartMarker, ChartType, Format, Worksheet, XlsxError};

/// Name of the Indicators sheet, which the charts refer to.
pub const INDICATORS_SHEET: &str = crate::read::INDICATORS_SHEET;
/// Most charts on the Trends sheet; beyond this the sheet says how many were left out.
pub const MAX_CHARTS: usize = 200;

/// The columns. Their headings are the indicator return's own field names, so a
/// consolidated workbook reads back as a return (polarity included, which an
/// indicator outside the library takes from its return).
pub const COLUMNS: &[Column] = &[
    Column::new("Indicator ID", 12.0),
    Column::new("Indicator", 36.0),
    Column::new("Directorate", 20.0),
    Column::new("Service", 20.0),
    Column::new("Owner", 20.0),
    Column::new("Period", 11.0),
    Column::date("Period end", 11.0),
    Column::new("Unit", 11.0),
    Column::new("Polarity", 16.0),
    Column::new("Amber tolerance", 10.0),
    Column::decimal("Target", 9.0),
    Column::decimal("Actual", 9.0),
    Column::decimal("Numerator", 11.0),
    Column::decimal("Denominator", 12.5),
    Column::new("RAG", 8.0),
    Column::new(crate::read::RAG_REPORTED, 9.0),
    Column::new("Direction of travel", 11.0),
    Column::new(crate::read::DIRECTION_REPORTED, 11.0),
    Column::decimal("Year to date", 10.0),
    Column::decimal("Forecast", 10.0),
    Column::new("Comparators", 24.0),
    Column::new("Commentary", 45.0),
    Column::new("Action", 30.0),
    Column::new("Statutory", 10.0),
    Column::new("Corporate priority", 24.0),
    Column::new("Plan priority", 24.0),
    Column::new("Other columns", 30.0),
    Column::number("Errors", 8.0),
    Column::number("Warnings", 9.0),
    Column::new("Source", 50.0),
];
const _: () = assert!(super::table::headings_fit(COLUMNS));

// Each column's place in `COLUMNS`.
const ID: u16 = 0;
const NAME: u16 = 1;
const DIRECTORATE: u16 = 2;
const SERVICE: u16 = 3;
const OWNER: u16 = 4;
const PERIOD: u16 = 5;
const PERIOD_END: u16 = 6;
const UNIT: u16 = 7;
const POLARITY: u16 = 8;
const TOLERANCE: u16 = 9;
const TARGET: u16 = 10;
const ACTUAL: u16 = 11;
const NUMERATOR: u16 = 12;
const DENOMINATOR: u16 = 13;
const RAG: u16 = 14;
const RAG_REPORTED: u16 = 15;
const DIRECTION: u16 = 16;
const DIRECTION_REPORTED: u16 = 17;
const YEAR_TO_DATE: u16 = 18;
const FORECAST: u16 = 19;
const COMPARATORS: u16 = 20;
const COMMENTARY: u16 = 21;
const ACTION: u16 = 22;
const STATUTORY: u16 = 23;
const PRIORITY: u16 = 24;
const PLAN_PRIORITY: u16 = 25;
const OTHER: u16 = 26;
const ERRORS: u16 = 27;
const WARNINGS: u16 = 28;
const SOURCE: u16 = 29;

fn width(column: u16) -> f64 {
    COLUMNS[usize::from(column)].width
}

/// The fill a RAG is shown in.
pub(super) fn rag_format(formats: &Formats, rag: Rag) -> &Format {
    match rag {
        Rag::Red => &formats.rag_red,
        Rag::Amber => &formats.rag_amber,
        Rag::Green => &formats.rag_green,
    }
}

/// Write the Indicators sheet.
pub fn write_indicators(
    sheet: &mut Worksheet,
    indicators: &[MergedIndicator],
    plan: &PriorityPlan,
    formats: &Formats,
) -> Result<(), XlsxError> {
    // Each citation in the plan's words, worked out once: rows of one indicator cite alike.
    let in_plan = plan.words_by_citation(
        indicators
            .iter()
            .filter_map(|m| m.value.priority.as_deref()),
    );
    let in_plan_of = |merged: &MergedIndicator| {
        let citation = merged.value.priority.as_deref()?;
        in_plan.get(citation)?.as_deref()
    };
    // Each row's comparators in words, and its lines with them among its cells, worked
    // out once for the sheet's default height and the row's.
    let comparators: Vec<Option<String>> = indicators.iter().map(comparators_in_words).collect();
    let lines: Vec<usize> = indicators
        .iter()
        .zip(&comparators)
        .map(|(m, comparators)| {
            let mut cells = wrapped(m, in_plan_of(m));
            if let Some(comparators) = comparators {
                cells.push((comparators, width(COMPARATORS)));
            }
            row_lines(&cells)
        })
        .collect();
    let heights = start_long_table(sheet, COLUMNS, formats, lines.iter().copied())?;
    for (i, ((merged, comparators), &lines)) in
        indicators.iter().zip(&comparators).zip(&lines).enumerate()
    {
        let row = i as u32 + 1;
        let words = (in_plan_of(merged), comparators.as_deref());
        write_row(sheet, row, merged, words, formats)?;
        heights.fit_lines(sheet, row, lines)?;
    }
    wide_page_setup(sheet, 0, NAME + 1)?;
    finish_table(sheet, 0, indicators.len() as u32, COLUMNS.len() as u16)
}

/// One indicator value's row: its cells from the value as read, and what the merge
/// worked out (RAG, direction of travel, counts of findings); `words` its citation in
/// the plan's words and its comparators in words, each worked out once.
fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    merged: &MergedIndicator,
    (in_plan, comparators): (Option<&str>, Option<&str>),
    formats: &Formats,
) -> Result<(), XlsxError> {
    let value = &merged.value;
    let tolerance = merged.tolerance_in_words();
    let texts: [(u16, Option<&str>); 16] = [
        (ID, value.id.as_deref()),
        (NAME, value.name.as_deref()),
        (DIRECTORATE, value.directorate.as_deref()),
        (SERVICE, value.service.as_deref()),
        (OWNER, value.owner.as_deref()),
        (PRIORITY, value.priority.as_deref()),
        (PLAN_PRIORITY, in_plan),
        (OTHER, value.other.as_deref()),
        (UNIT, merged.unit.map(|u| u.label())),
        (POLARITY, merged.polarity.map(|p| p.label())),
        (TOLERANCE, Some(tolerance.as_str())),
        (RAG_REPORTED, value.rag.map(Rag::label)),
        (DIRECTION, merged.direction.map(|d| d.label())),
        (DIRECTION_REPORTED, value.direction.as_deref()),
        (COMMENTARY, value.commentary.as_deref()),
        (ACTION, value.action.as_deref()),
    ];
    for (column, text) in texts {
        if let Some(text) = text {
            sheet.write_string(row, column, text)?;
        }
    }
    if let Some(comparators) = comparators {
        sheet.write_string(row, COMPARATORS, comparators)?;
    }
    if let Some(period) = value.period {
        sheet.write_string(row, PERIOD, period.to_string())?;
        sheet.write_datetime(row, PERIOD_END, excel_date(period.end())?)?;
    }
    for (column, field, number) in [
        (TARGET, "target", value.target),
        (ACTUAL, "actual", value.actual),
        (NUMERATOR, "numerator", value.numerator),
        (DENOMINATOR, "denominator", value.denominator),
        (YEAR_TO_DATE, "ytd", value.ytd),
        (FORECAST, "forecast", value.forecast),
    ] {
        write_figure_or_words(
            sheet,
            (row, column),
            number,
            value.written(field),
            None,
            formats,
        )?;
    }
    if let Some(rag) = merged.rag {
        sheet.write_string_with_format(row, RAG, rag.label(), rag_format(formats, rag))?;
    }
    sheet.write_string(row, STATUTORY, if merged.statutory { "Yes" } else { "No" })?;
    for (column, count, fill) in [
        (ERRORS, merged.tally.errors, &formats.error),
        (WARNINGS, merged.tally.warnings, &formats.warning),
    ] {
        if count > 0 {
            sheet.write_number_with_format(row, column, count as f64, fill)?;
        } else {
            sheet.write_number(row, column, 0.0)?;
        }
    }
    sheet.write_string(row, SOURCE, &merged.provenance)?;
    Ok(())
}

/// A row's comparators (statistical neighbours, national average) in words.
fn comparators_in_words(merged: &MergedIndicator) -> Option<String> {
    merged
        .value
        .comparators
        .as_deref()
        .map(|c| crate::model::Comparator::all_in_words(c, merged.unit))
}

/// The wrapped cells of a row, with their column widths: what its height depends on.
fn wrapped<'a>(merged: &'a MergedIndicator, in_plan: Option<&'a str>) -> Vec<(&'a str, f64)> {
    let value = &merged.value;
    let mut cells = vec![(merged.provenance.as_str(), width(SOURCE))];
    if let Some(in_plan) = in_plan {
        cells.push((in_plan, width(PLAN_PRIORITY)));
    }
    for (column, text) in [
        (NAME, &value.name),
        (OWNER, &value.owner),
        (COMMENTARY, &value.commentary),
        (ACTION, &value.action),
        (PRIORITY, &value.priority),
        (OTHER, &value.other),
    ] {
        if let Some(text) = text {
            cells.push((text, width(column)));
        }
    }
    if let Some(polarity) = merged.polarity {
        cells.push((polarity.label(), width(POLARITY)));
    }
    // Words in a number's column: "By March 2027", "Data not yet available".
    for (column, field) in [
        (TARGET, "target"),
        (ACTUAL, "actual"),
        (NUMERATOR, "numerator"),
        (DENOMINATOR, "denominator"),
        (YEAR_TO_DATE, "ytd"),
        (FORECAST, "forecast"),
    ] {
        if let Some(text) = value.written(field) {
            cells.push((text, width(column)));
        }
    }
    cells
}

/// The rows (1-based on the Indicators sheet, inclusive) of each indicator's series:
/// the same indicator and service, in period order.
pub fn series_ranges(indicators: &[MergedIndicator]) -> Vec<(usize, usize)> {
    fn key(m: &MergedIndicator) -> (Option<&str>, Option<&str>, Option<&str>) {
        (
            m.value.id.as_deref(),
            m.value.service.as_deref(),
            m.value.directorate.as_deref(),
        )
    }
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for (i, merged) in indicators.iter().enumerate() {
        match ranges.last_mut() {
            Some((start, end)) if key(&indicators[*start]) == key(merged) => *end = i,
            _ => ranges.push((i, i)),
        }
    }
    ranges
}

/// Each indicator series' latest period reported (its value given, in numbers or words).
pub fn latest_reported(indicators: &[MergedIndicator]) -> Vec<&MergedIndicator> {
    series_ranges(indicators)
        .into_iter()
        .filter_map(|(start, end)| {
            indicators[start..=end]
                .iter()
                .rev()
                .find(|m| m.value.actual_reported())
        })
        .collect()
}

/// Write the Trends sheet: a line chart per series, two across.
pub fn write_trends(
    sheet: &mut Worksheet,
    indicators: &[MergedIndicator],
    formats: &Formats,
) -> Result<(), XlsxError> {
    // A series with no figure (a milestone reported in words) has no line to draw.
    let (ranges, worded): (Vec<_>, Vec<_>) =
        series_ranges(indicators)
            .into_iter()
            .partition(|&(start, end)| {
                indicators[start..=end]
                    .iter()
                    .any(|m| m.value.actual.is_some() || m.value.target.is_some())
            });
    sheet.write_string_with_format(
        0,
        0,
        "Actual against target for each indicator, by service",
        &formats.title,
    )?;
    let mut notes = Vec::new();
    if ranges.len() > MAX_CHARTS {
        notes.push(format!(
            "The first {MAX_CHARTS} of {} series are charted; every value is on the Indicators sheet.",
            ranges.len()
        ));
    }
    if !worded.is_empty() {
        notes.push(format!(
            "{} series with no figure to draw (a milestone reported in words, numbers withheld or none reported) {} no chart; {} on the Indicators sheet.",
            worded.len(),
            if worded.len() == 1 { "has" } else { "have" },
            if worded.len() == 1 { "it is" } else { "they are" }
        ));
    }
    for (row, note) in (1..).zip(notes) {
        sheet.write_string(row, 0, note)?;
    }
    for (n, (start, end)) in ranges.iter().take(MAX_CHARTS).enumerate() {
        let first = &indicators[*start].value;
        let (first_row, last_row) = (*start as u32 + 1, *end as u32 + 1);
        let mut chart = Chart::new(ChartType::Line);
        let mut marker = ChartMarker::new();
        marker.set_automatic();
        let title = format!(
            "{} {}: {}",
            first.id.as_deref().unwrap_or(""),
            first.name.as_deref().unwrap_or(""),
            first.service.as_deref().unwrap_or("")
        );
        chart.title().set_name(&title);
        chart
            .add_series()
            .set_name("Actual")
            .set_marker(&marker)
            .set_categories((INDICATORS_SHEET, first_row, PERIOD, last_row, PERIOD))
            .set_values((INDICATORS_SHEET, first_row, ACTUAL, last_row, ACTUAL));
        chart
            .add_series()
            .set_name("Target")
            .set_categories((INDICATORS_SHEET, first_row, PERIOD, last_row, PERIOD))
            .set_values((INDICATORS_SHEET, first_row, TARGET, last_row, TARGET));
        chart.set_width(520).set_height(280);
        let (chart_row, chart_column) = (
            CHARTS_FROM_ROW + (n / 2) as u32 * CHART_ROWS,
            (n % 2) as u16 * 9,
        );
        sheet.insert_chart(chart_row, chart_column, &chart)?;
    }
    // Printed on A4 landscape, the two charts across one page wide, two rows of them
    // to a page: the print area spans the charts, which the cells alone do not.
    let charted = ranges.len().min(MAX_CHARTS) as u32;
    let chart_rows = charted.div_ceil(2);
    page_setup(sheet, None)?;
    sheet.set_print_area(
        0,
        0,
        CHARTS_FROM_ROW + chart_rows.max(1) * CHART_ROWS,
        CHARTS_LAST_COLUMN,
    )?;
    let breaks: Vec<u32> = (1..chart_rows.div_ceil(2))
        .map(|page| CHARTS_FROM_ROW + page * 2 * CHART_ROWS)
        .collect();
    sheet.set_page_breaks(&breaks)?;
    Ok(())
}

/// The Trends sheet's first row of charts, the rows each row of charts takes, and the
/// last column the second chart across reaches (520 pixels from column J).
const CHARTS_FROM_ROW: u32 = 3;
const CHART_ROWS: u32 = 15;
const CHARTS_LAST_COLUMN: u16 = 17;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_column_constant_names_its_heading() {
        let named = [
            (ID, "Indicator ID"),
            (NAME, "Indicator"),
            (DIRECTORATE, "Directorate"),
            (SERVICE, "Service"),
            (OWNER, "Owner"),
            (PERIOD, "Period"),
            (PERIOD_END, "Period end"),
            (UNIT, "Unit"),
            (POLARITY, "Polarity"),
            (TOLERANCE, "Amber tolerance"),
            (TARGET, "Target"),
            (ACTUAL, "Actual"),
            (NUMERATOR, "Numerator"),
            (DENOMINATOR, "Denominator"),
            (RAG, "RAG"),
            (RAG_REPORTED, "RAG reported"),
            (DIRECTION, "Direction of travel"),
            (DIRECTION_REPORTED, "Direction reported"),
            (YEAR_TO_DATE, "Year to date"),
            (FORECAST, "Forecast"),
            (COMPARATORS, "Comparators"),
            (COMMENTARY, "Commentary"),
            (ACTION, "Action"),
            (STATUTORY, "Statutory"),
            (PRIORITY, "Corporate priority"),
            (PLAN_PRIORITY, "Plan priority"),
            (OTHER, "Other columns"),
            (ERRORS, "Errors"),
            (WARNINGS, "Warnings"),
            (SOURCE, "Source"),
        ];
        assert_eq!(named.len(), COLUMNS.len());
        for (column, heading) in named {
            assert_eq!(COLUMNS[usize::from(column)].heading, heading);
        }
    }
}
