//! A return kept with its months down the sheet and its indicators across ("Month |
//! Homes let within 28 days | Average days to relet", a row per month, and perhaps a
//! "Target" row), as a performance tracker keeps it: read as a long return of a row per
//! indicator per month, every cell it names the sheet's own.

use super::cards::{Cells, Layout, Remapped};
use super::grid::{Grid, GridRow, Value};
use super::indicators::number;
use super::period::period_from_text;
use super::register::{RowLeftOut, could_be_id, quoted};
use super::shade::Mark;
use crate::finding::CellRef;
use crate::schema::{TemplateSchema, squash};

/// Headings of a column of months or quarters.
const PERIOD_HEADINGS: &[&str] = &[
    "month",
    "months",
    "period",
    "monthending",
    "reportingperiod",
    "reportingmonth",
    "quarter",
    "date",
    "monthyear",
];

/// Non-blank rows looked through for the header.
const HEADER_ROWS: usize = 40;

/// The return a sheet of months down and indicators across makes: `None` unless a row
/// (among the first 40) is headed by a period column ("Month", "Period") with an
/// indicator's name or more beside it and no heading of a return's own fields
/// ("Actual", "Target"), at least two rows below name a month or quarter of `year` (a
/// date, "Apr-26", "April 2026"), and most of the cells under the indicators in them
/// are figures. A row below headed "Target" gives each indicator's target for every
/// month, and a last column of notes ("Notes", "Comments") each indicator's commentary
/// for its month; other rows are left out.
pub fn months_down(grid: &Grid, template: &TemplateSchema, year: i32) -> Option<Remapped> {
    let header = header_of(grid, template, year)?;
    let (months, target, left_out) = rows_below(grid, &header, year);
    if months.len() < 2 || !mostly_figures(grid, &months, &header.indicators) {
        return None;
    }
    let (cells, firsts) = made_return(grid, &header, &months, target);
    let (table, origin) = cells.table(grid);
    let layout = Layout::MonthsDown {
        header_row: header.row,
    };
    Some(Remapped::new(table, origin, firsts, left_out, layout))
}

/// The header of a sheet of months down: its row, the column of periods, each
/// indicator's column and heading, and the column of the month's notes, if any.
struct MonthsHeader {
    row: u32,
    period_column: u32,
    indicators: Vec<(u32, String)>,
    notes: Option<u32>,
}

/// Whether a cell names a month or quarter of `year` (a date, "Apr-26", "April 2026").
fn is_period(value: &Value, year: i32) -> bool {
    match value {
        Value::DateTime(_) => true,
        Value::Text(text) => period_from_text(text, year).is_some(),
        _ => false,
    }
}

/// A row's cells with something in them.
fn filled(row: &GridRow) -> Vec<&(u32, Value)> {
    row.cells.iter().filter(|(_, v)| !v.is_blank()).collect()
}

/// The first of the first 40 rows headed by a period column ("Month", "Period") with an
/// indicator's name or more beside it and no heading of a return's own fields.
fn header_of(grid: &Grid, template: &TemplateSchema, year: i32) -> Option<MonthsHeader> {
    let commentary = template.field_index("commentary");
    grid.rows
        .iter()
        .filter(|row| !row.is_blank())
        .take(HEADER_ROWS)
        .find_map(|row| {
            let cells = filled(row);
            let (head, rest) = cells.split_first()?;
            let (period_column, first) = (head.0, &head.1);
            let heads_periods = first
                .as_text()
                .is_some_and(|t| PERIOD_HEADINGS.contains(&squash(t).as_str()));
            // The month's notes ("Notes", "Comments") after the indicators: each
            // indicator's commentary for the month.
            let (notes, rest) = match rest.split_last() {
                Some((&&(column, ref value), before))
                    if commentary.is_some()
                        && value
                            .as_text()
                            .and_then(|t| template.match_header(t.trim(), None))
                            .map(|slot| slot.field)
                            == commentary =>
                {
                    (Some(column), before)
                }
                _ => (None, rest),
            };
            let names: Vec<(u32, String)> = rest
                .iter()
                .map(|&(column, value)| {
                    let text = value.as_text()?.trim();
                    let a_field = template.match_header(text, None).is_some();
                    (!a_field && !is_period(value, year)).then(|| (*column, text.to_string()))
                })
                .collect::<Option<_>>()?;
            (heads_periods && !names.is_empty()).then_some(MonthsHeader {
                row: row.index,
                period_column,
                indicators: names,
                notes,
            })
        })
}

/// The rows below the header: the months', the targets' (the first headed "Target"),
/// and the rest left out.
fn rows_below(
    grid: &Grid,
    header: &MonthsHeader,
    year: i32,
) -> (Vec<u32>, Option<u32>, Vec<RowLeftOut>) {
    let mut months = Vec::new();
    let mut target = None;
    let mut left_out = Vec::new();
    for row in grid
        .rows
        .iter()
        .filter(|row| row.index > header.row && !row.is_blank())
    {
        let first = row.get(header.period_column);
        if is_period(first, year) {
            months.push(row.index);
        } else if target.is_none()
            && first
                .as_text()
                .is_some_and(|t| squash(t).starts_with("target"))
        {
            target = Some(row.index);
            left_out.push(RowLeftOut {
                row: row.index + 1,
                reason: "the indicators' targets, read with each month".to_string(),
            });
        } else {
            let words = filled(row)
                .first()
                .map(|(_, v)| v.display())
                .unwrap_or_default();
            left_out.push(RowLeftOut {
                row: row.index + 1,
                reason: format!("no month of the return: {}", quoted(&words)),
            });
        }
    }
    (months, target, left_out)
}

/// Figures under the indicators, mostly: a log of dated events is no return.
fn mostly_figures(grid: &Grid, months: &[u32], indicators: &[(u32, String)]) -> bool {
    let (mut given, mut figures) = (0, 0);
    for &month in months {
        for (column, _) in indicators {
            let value = grid.get(month, *column);
            if !value.is_blank() {
                given += 1;
                figures += usize::from(matches!(number(value), Ok(Some(_))));
            }
        }
    }
    figures * 2 > given
}

/// The long return the months make: a row per indicator per month (its ID where the
/// headings give IDs, name, period, actual, the target row's target and the month's
/// notes), with each row's first cell on the sheet.
fn made_return(
    grid: &Grid,
    header: &MonthsHeader,
    months: &[u32],
    target: Option<u32>,
) -> (Cells, Vec<CellRef>) {
    let (period_column, notes) = (header.period_column, header.notes);
    let named: Vec<(u32, Option<String>, String)> = header
        .indicators
        .iter()
        .map(|(column, heading)| {
            let (id, name) = id_and_name(heading);
            (*column, id, name)
        })
        .collect();
    let with_ids = named.iter().any(|(_, id, _)| id.is_some());
    let headings = [
        "Indicator ID",
        "Indicator",
        "Period",
        "Actual",
        "Target",
        "Commentary",
    ]
    .into_iter()
    .enumerate()
    .filter(|(c, _)| {
        (*c != 0 || with_ids) && (*c != 4 || target.is_some()) && (*c != 5 || notes.is_some())
    })
    .map(|(_, heading)| heading);
    let mut cells = Cells::default();
    let mut firsts = Vec::new();
    let period_heading = CellRef::new(header.row, period_column);
    for (c, heading) in headings.enumerate() {
        let heading = Value::Text(heading.to_string());
        cells.set(0, c as u32, heading, period_heading, Mark::default());
    }
    let mut k = 0;
    for (column, id, name) in &named {
        let heading = CellRef::new(header.row, *column);
        let text = |text: &Option<String>| text.clone().map_or(Value::Empty, Value::Text);
        for &month in months {
            k += 1;
            let row = with_ids
                .then(|| (heading, text(id)))
                .into_iter()
                .chain([
                    (heading, Value::Text(name.clone())),
                    (
                        CellRef::new(month, period_column),
                        grid.get(month, period_column).clone(),
                    ),
                    (
                        CellRef::new(month, *column),
                        grid.get(month, *column).clone(),
                    ),
                ])
                .chain(target.map(|t| (CellRef::new(t, *column), grid.get(t, *column).clone())))
                .chain(notes.map(|n| (CellRef::new(month, n), grid.get(month, n).clone())));
            for (c, (at, value)) in row.enumerate() {
                cells.set(k, c as u32, value, at, Mark::default());
            }
            firsts.push(CellRef::new(month, *column));
        }
    }
    (cells, firsts)
}

/// An indicator's heading as its ID and name: "HS1 Homes let within 28 days", "HS1 -
/// Homes let", "HS1: Homes let" give the ID before the name, a word with a figure in
/// it; "Homes let within 28 days" a name alone.
fn id_and_name(heading: &str) -> (Option<String>, String) {
    let heading = heading.trim();
    let Some((first, rest)) = heading.split_once(char::is_whitespace) else {
        return (None, heading.to_string());
    };
    let id = first.trim_end_matches([':', '-', '\u{2013}']);
    let name =
        rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '\u{2013}'));
    if could_be_id(id) && !name.is_empty() && !id.bytes().all(|b| b.is_ascii_digit()) {
        (Some(id.to_string()), name.to_string())
    } else {
        (None, heading.to_string())
    }
}
