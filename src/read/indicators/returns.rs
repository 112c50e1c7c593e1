//! A return's values: a value per indicator per period, long or wide, with the columns
//! beside them (comparators, other columns, RAG by fill) and what the whole return
//! says (arrows, percent signs).

use super::definitions::parse_tolerance;
use super::figures::{is_milestone_status, is_no_target, number};
use super::rows::{
    RowGroup, RowReader, columns_of, group_rows, heading_inside, indicator_rows, read_figures,
    struck_through,
};
use super::{Layout, PeriodColumns, ReturnSheet};
use crate::finding::{CellRef, Finding, Rule};
use crate::model::{Comparator, Frequency, IndicatorValue, Period, Rag, Source, Text};
use crate::read::grid::{Grid, Value};
use crate::read::header::Header;
use crate::read::names::sheet_period;
use crate::read::period::{financial_years_in, period, period_from_text};
use crate::read::register::{RowLeftOut, Unread};
use crate::read::shade::Shade;
use crate::read::values::{CellProblem, TREND_ARROWS};
use crate::schema::{BlockKey, Notes, TemplateSchema, squash};
use std::collections::HashMap;
use std::sync::Arc;

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
        .any(|c| c.header == crate::read::RAG_REPORTED);
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

/// What every value of one return sheet is read with: where its fields are, and what
/// the sheet says around its rows.
struct SheetContext<'a> {
    file: &'a str,
    grid: &'a Grid,
    /// The file's and the sheet's names, as each value's source shares them.
    file_name: Arc<str>,
    sheet_name: Arc<str>,
    header: &'a Header,
    /// Each field's column.
    columns: HashMap<String, u32>,
    /// The columns kept as each value's other columns.
    others: Unread,
    /// The columns of figures to compare with.
    comparators: &'a [(Option<Text>, u32)],
    /// Headings inside the table ("Housing", "Contact centre"), by row, kept with each
    /// value under them.
    sections: Vec<(u32, String)>,
    /// A long return's period where it has no column for it.
    block_period: Option<Period>,
    /// The financial year for periods given without one.
    year: i32,
}

impl<'a> SheetContext<'a> {
    /// The context of a return sheet of this shape.
    fn new(
        file: &'a str,
        grid: &'a Grid,
        shape: &Shape<'a>,
        template: &TemplateSchema,
        year: i32,
    ) -> SheetContext<'a> {
        let header = shape.header;
        let mut columns = columns_of(header, template);
        if let Layout::Wide {
            year_target: Some(column),
            ..
        } = *shape.layout
            && !columns.contains_key("target")
        {
            columns.insert("target".to_string(), column);
        }
        let id_column = columns.get("id").copied();
        SheetContext {
            file,
            grid,
            file_name: Arc::from(file),
            sheet_name: Arc::from(grid.name.as_str()),
            header,
            others: other_columns(header, shape.comparators, year),
            comparators: shape.comparators,
            sections: sections_of(grid, header, id_column),
            // A long return's period where it has no column for it: the block above
            // the table ("Reporting period: October 2026"), else the sheet's name
            // ("Oct 2026", "Q2").
            block_period: shape
                .block
                .get(&BlockKey::ReportingDate)
                .and_then(|t| period_from_text(t, year))
                .or_else(|| sheet_period(&grid.name, year).map(|(period, _)| period)),
            columns,
            year,
        }
    }

    /// A field's column.
    fn col(&self, name: &str) -> Option<u32> {
        self.columns.get(name).copied()
    }
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
    let sheet = SheetContext::new(file, grid, shape, template, year);
    let mut left_out = Vec::new();
    let groups = indicator_groups(&sheet, shape, findings, &mut left_out);
    let rows_taken = groups.iter().map(|g| g.rows.len()).sum();
    let mut values = Vec::new();
    let mut subtotals = Vec::new();
    for group in groups {
        let mut reader = RowReader {
            file,
            grid,
            rows: &group.rows,
            findings,
            unreadable: Vec::new(),
            written: Vec::new(),
            milestone: false,
        };
        // The row's own financial year, where a column gives it ("2026/27"), for
        // periods written without one ("Q4", "Apr").
        let row_year = sheet.col("year").and_then(|column| {
            financial_years_in(&reader.locate(column).get(column).display()).next()
        });
        let base = base_value(&sheet, &mut reader, &group, row_year);
        match shape.layout {
            Layout::Long { .. } => {
                values.push(long_value(&sheet, &mut reader, &group, base, row_year));
            }
            Layout::Wide { periods, .. } => {
                let (kept, subtotal) =
                    wide_values(&sheet, &mut reader, &group, base, periods, row_year);
                values.extend(kept);
                subtotals.extend(subtotal);
            }
        }
    }
    if matches!(shape.layout, Layout::Long { .. })
        && sheet.col("period").is_none()
        && sheet.block_period.is_none()
        && !values.is_empty()
    {
        findings.push(no_period(&sheet));
    }
    no_target_by_status(&mut values);
    arrows_reported(grid, &mut values);
    percent_signs_beside_fractions(grid, &mut values);
    ReturnSheet {
        header: shape.header.clone(),
        layout: shape.layout.clone(),
        values,
        rows_taken,
        left_out,
        subtotals,
        completed_for: None,
    }
}

/// The rows below the header that are indicators, grouped an indicator (and, in a
/// long return, a period) each; rows struck through and the rows that are not
/// indicators are added to `left_out`.
fn indicator_groups<'g>(
    sheet: &SheetContext<'g>,
    shape: &Shape,
    findings: &mut Vec<Finding>,
    left_out: &mut Vec<RowLeftOut>,
) -> Vec<RowGroup<'g>> {
    let (file, grid) = (sheet.file, sheet.grid);
    let names = [sheet.col("id"), sheet.col("name")];
    let mut rows = indicator_rows(grid, shape.header, shape.notes, names[0], left_out);
    rows.retain(
        |row| match struck_through(file, grid, row, names, findings) {
            Some(left) => {
                left_out.push(left);
                false
            }
            None => true,
        },
    );
    let (roles, long_periods) = match shape.layout {
        Layout::Wide { roles, .. } => (*roles, None),
        Layout::Long { roles } => (*roles, sheet.col("period")),
    };
    group_rows(rows, roles, names, long_periods, left_out)
}

/// A long return with no period anywhere: its values cannot be placed.
fn no_period(sheet: &SheetContext) -> Finding {
    Finding::file(
        sheet.file,
        Rule::HeaderMissingColumn,
        "There is no Period column, and the return gives its period neither above the table ('Reporting period: October 2026') nor in the sheet's name ('Oct 2026', 'Q2'): its values cannot be placed in a month or quarter, so their completeness, direction of travel and trend cannot be worked out.",
    )
    .on_sheet(&sheet.grid.name)
    .at(CellRef::new(sheet.header.last_row, sheet.header.first_column()))
    .field("period")
}

/// Headings inside the table ("Housing", "Contact centre"): each heading row's index
/// and its words.
fn sections_of(grid: &Grid, header: &Header, id_column: Option<u32>) -> Vec<(u32, String)> {
    grid.rows
        .iter()
        .filter(|r| r.index > header.last_row)
        .filter(|r| heading_inside(r, header, id_column).is_some())
        .filter_map(|r| {
            let (_, value) = r.cells.iter().find(|(_, v)| !v.is_blank())?;
            Some((r.index, value.display()))
        })
        .collect()
}

/// What an indicator's row says whatever the period: its name, owner, commentary and
/// the rest, with where it came from. A long row's figures and a wide row's periods
/// are added to it.
fn base_value(
    sheet: &SheetContext,
    reader: &mut RowReader,
    group: &RowGroup,
    row_year: Option<i32>,
) -> IndicatorValue {
    let col = |name: &str| sheet.col(name);
    // The row a value comes from: its actuals', where its rows are each a role's.
    let row = group.actual.unwrap_or(group.rows[0]);
    let kept = reader.text(col("other"));
    let section = sheet
        .sections
        .iter()
        .rev()
        .find(|(at, _)| *at < row.index)
        .map(|(_, name)| format!("Section: {name}"));
    let mut base = IndicatorValue {
        other: other_lines(reader, kept.into_iter().chain(section), &sheet.others),
        source: Some(Source {
            file: sheet.file_name.clone(),
            sheet: sheet.sheet_name.clone(),
            row: row.index + 1,
        }),
        first_cell: CellRef::new(row.index, sheet.header.first_column()),
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
        cells: sheet
            .columns
            .iter()
            .map(|(name, &column)| {
                let at = CellRef::new(reader.locate(column).index, column);
                (Arc::from(name.as_str()), at)
            })
            .collect(),
        year: Some(row_year.unwrap_or(sheet.year)),
        ..IndicatorValue::default()
    };
    base.comparators = comparators_of(reader, sheet.comparators);
    if let Some(column) = col("rag") {
        rag_of_cell(reader, sheet.grid, column, &mut base);
    }
    base
}

/// A long return's row as its one value: its figures, and its period from its Period
/// column (or its first and last days), else from above the table or the sheet's name.
fn long_value(
    sheet: &SheetContext,
    reader: &mut RowReader,
    group: &RowGroup,
    mut value: IndicatorValue,
    row_year: Option<i32>,
) -> IndicatorValue {
    let col = |name: &str| sheet.col(name);
    let row = group.actual.unwrap_or(group.rows[0]);
    read_figures(
        reader,
        group,
        col("actual"),
        [col("target"), None, None],
        &mut value,
    );
    let row_year = row_year.unwrap_or(sheet.year);
    value.period = match col("period") {
        // Its first and last days, where both are given, are the period.
        Some(column)
            if let Some(whole) = col("period_start").and_then(|start| {
                crate::read::period::period_between(row.get(start), row.get(column), row_year)
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
        None => sheet.block_period,
    };
    if col("rag").is_none()
        && let (Some(column), Some(actual)) = (col("actual"), group.actual)
    {
        let cell = CellRef::new(actual.index, column);
        shown_by_fill(
            &mut value,
            sheet.grid.shade(actual.index, column),
            Some(cell),
        );
    }
    value.unreadable = reader.unreadable.drain(..).collect();
    value.written = std::mem::take(&mut reader.written);
    value
}

/// A wide return's row as its values, a period each of the finest kind it gives
/// figures in (see [`finest_periods`]), and its subtotals with a figure.
fn wide_values(
    sheet: &SheetContext,
    reader: &mut RowReader,
    group: &RowGroup,
    base: IndicatorValue,
    periods: &[PeriodColumns],
    row_year: Option<i32>,
) -> (Vec<IndicatorValue>, Vec<IndicatorValue>) {
    // A milestone's one target may be when it is due ("Mar 2027"), where its periods'
    // actuals are its status in words.
    reader.milestone = group.actual.is_some_and(|row| {
        periods
            .iter()
            .filter_map(|p| p.actual)
            .any(|column| row.get(column).as_text().is_some_and(is_milestone_status))
    });
    let common_target = reader.number("target", "Target", sheet.col("target"));
    reader.milestone = false;
    let shared = Shared {
        unreadable: reader.unreadable.drain(..).collect(),
        written: std::mem::take(&mut reader.written),
    };
    let row: Vec<IndicatorValue> = periods
        .iter()
        .map(|period_columns| {
            let mut value = base.clone();
            value.target = common_target;
            period_value(
                sheet,
                reader,
                group,
                period_columns,
                row_year,
                &shared,
                &mut value,
            );
            value
        })
        .collect();
    let (mut kept, kept_columns, subtotals) = finest_periods(row, periods);
    latest_period_speaks(&mut kept, &kept_columns);
    // With no RAG column, each period's actual may be filled in its status.
    if sheet.col("rag").is_none()
        && let Some(actual) = group.actual
    {
        for (value, period_columns) in kept.iter_mut().zip(&kept_columns) {
            if let Some(column) = period_columns.actual {
                let cell = CellRef::new(actual.index, column);
                shown_by_fill(value, sheet.grid.shade(actual.index, column), Some(cell));
            }
        }
    }
    (kept, subtotals)
}

/// What a wide row's cells outside its periods' columns left unreadable or gave as
/// words: every period's value carries them.
struct Shared {
    unreadable: Vec<String>,
    written: Vec<(String, String)>,
}

/// A wide row's value for one period: the period (in the row's own year where its
/// column names none), its figures, its own RAG or commentary, and whether it is
/// blank.
fn period_value(
    sheet: &SheetContext,
    reader: &mut RowReader,
    group: &RowGroup,
    period_columns: &PeriodColumns,
    row_year: Option<i32>,
    shared: &Shared,
    value: &mut IndicatorValue,
) {
    value.period = Some(match row_year {
        // A row a year ("2025/26", "2026/27") under columns of months or quarters that
        // do not name theirs.
        Some(year) if !period_columns.named_year => Period {
            year,
            ..period_columns.period
        },
        _ => period_columns.period,
    });
    let own = [
        period_columns.target,
        period_columns.numerator,
        period_columns.denominator,
    ];
    let at = read_figures(reader, group, period_columns.actual, own, value);
    own_status(reader, sheet.grid, period_columns, value);
    value.unreadable = shared
        .unreadable
        .iter()
        .cloned()
        .chain(reader.unreadable.drain(..))
        .collect();
    value.written = shared
        .written
        .iter()
        .cloned()
        .chain(reader.written.drain(..))
        .collect();
    // Blank, or a placeholder such as "-", "n/a" or "TBC"; or an Excel error, as a
    // month to come shows where its formula divides by figures not yet typed (#DIV/0!).
    value.blank_period = at.iter().all(|(_, in_row, column)| {
        let cell = in_row.get(*column);
        matches!(cell, Value::Error(_)) || matches!(number(cell), Ok(None))
    });
}

/// Months beside quarter, half or year columns ("Apr", "May", "Jun", "Q1"): a row's
/// periods are those of the finest kind it gives figures in. A monthly indicator's
/// quarter columns are its subtotals, and a quarterly indicator's blank months (among
/// monthly ones) are not its periods: both left out. Returns the row's values with
/// their columns, and its subtotals with a figure.
fn finest_periods(
    row: Vec<IndicatorValue>,
    periods: &[PeriodColumns],
) -> (
    Vec<IndicatorValue>,
    Vec<&PeriodColumns>,
    Vec<IndicatorValue>,
) {
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
    let mut kept = Vec::with_capacity(row.len());
    let mut kept_columns = Vec::with_capacity(row.len());
    let mut subtotals = Vec::new();
    for (value, columns) in row.into_iter().zip(periods) {
        if fineness(&value) == grain {
            kept.push(value);
            kept_columns.push(columns);
        } else if value.actual.is_some() {
            subtotals.push(value);
        }
    }
    (kept, kept_columns, subtotals)
}

/// A row's one RAG (year to date, forecast) speaks of its latest period reported, not
/// of every month: the others' are cleared (a period's own RAG column stays).
fn latest_period_speaks(values: &mut [IndicatorValue], periods: &[&PeriodColumns]) {
    let latest = values.iter().rposition(IndicatorValue::actual_reported);
    for (k, (value, period_columns)) in values.iter_mut().zip(periods).enumerate() {
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
}

/// A status saying the indicator has no target by design ("Data only", as performance
/// systems report one): it stands in a blank target's place, as the words would in the
/// target's cell.
fn no_target_by_status(values: &mut [IndicatorValue]) {
    for value in values {
        if value.target.is_none()
            && value.written("target").is_none()
            && !value.unreadable.contains("target")
            && let Some(words) = value.written("rag").filter(|w| is_no_target(w))
        {
            let words = words.to_string();
            value.written.push(("target".to_string(), words));
        }
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
        Shade::Amber | Shade::Yellow => Rag::Amber,
        Shade::Red | Shade::DarkRed => Rag::Red,
    });
    value.rag_fill = Some(shade.colour());
    if let Some(cell) = cell {
        value.cells.push((Arc::from("rag"), cell));
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
