//! `check --annotate DIR`: the officer's own workbook, copied with its values, and on
//! every cell with a finding a red (error) or amber (warning) fill and a note carrying
//! the message; a first sheet lists the findings, each linked to its cell.
//!
//! What the copy keeps: every sheet (hidden ones stay hidden), every value (text,
//! numbers, dates as dates, Excel errors as text), merged cells of .xlsx and .xls.
//! What it does not: the original's fonts, fills, borders, column widths, formulas
//! (their saved results are kept), drop-downs, comments and charts. The reader does not
//! carry styling, so the copy is for finding the problems, not a replacement.

use super::formats::{Formats, excel_date};
use crate::finding::{Finding, Severity};
use crate::read::grid::{Grid, Value};
use rust_xlsxwriter::{Format, Note, Url, Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;

/// The name of the first sheet, unless the workbook already has one of that name.
pub const FINDINGS_SHEET: &str = "Findings";

/// The list's name where the workbook has a sheet named as [`FINDINGS_SHEET`] of its own.
pub const OTHER_FINDINGS_SHEET: &str = "golden-thread findings";

/// The list's headings.
pub const LIST_HEADINGS: [&str; 5] = ["Sheet", "Cell", "Severity", "Rule", "Message"];

fn quoted(sheet: &str) -> String {
    format!("'{}'", sheet.replace('\'', "''"))
}

/// The annotated copy of one workbook's sheets with its findings.
///
/// # Errors
/// Whatever rust_xlsxwriter reports.
pub fn annotated_workbook(sheets: &[Grid], findings: &[Finding]) -> Result<Workbook, XlsxError> {
    let formats = Formats::plain();
    let mut workbook = Workbook::new();
    let list_name = if sheets.iter().any(|g| g.name == FINDINGS_SHEET) {
        OTHER_FINDINGS_SHEET
    } else {
        FINDINGS_SHEET
    };
    let list = workbook.add_worksheet().set_name(list_name)?;
    write_list(list, findings, &formats)?;
    // Findings by sheet and cell; several on one cell share its note.
    let mut by_cell: BTreeMap<(&str, u32, u32), Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        if let (Some(sheet), Some(row), Some(column)) =
            (&finding.sheet, finding.row, finding.column)
        {
            by_cell
                .entry((sheet.as_str(), row - 1, column))
                .or_default()
                .push(finding);
        }
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for grid in sheets {
        let sheet = workbook.add_worksheet().set_name(&grid.name)?;
        sheet.set_hidden(!grid.visible);
        sheet.set_landscape();
        sheet.set_print_fit_to_pages(1, 0);
        let mut widths: BTreeMap<u32, usize> = BTreeMap::new();
        for row in &grid.rows {
            for (column, value) in &row.cells {
                let marked = by_cell.get(&(grid.name.as_str(), row.index, *column));
                let fill = marked.map(|found| {
                    if found.iter().any(|f| f.severity == Severity::Error) {
                        &formats.error
                    } else {
                        &formats.warning
                    }
                });
                write_value(sheet, row.index, *column as u16, value, fill, &date)?;
                let width = widths.entry(*column).or_default();
                *width = (*width).max(value.display().chars().count().min(50));
            }
        }
        for ((sheet_name, row, column), found) in &by_cell {
            if *sheet_name != grid.name {
                continue;
            }
            let text: Vec<String> = found
                .iter()
                .map(|f| format!("{} {}: {}", f.severity, f.rule, f.message))
                .collect();
            let note = Note::new(text.join("\n\n"))
                .set_author("golden-thread")
                .set_width(360)
                .set_height(160);
            sheet.insert_note(*row, *column as u16, &note)?;
            if grid.get(*row, *column) == &Value::Empty {
                let fill = if found.iter().any(|f| f.severity == Severity::Error) {
                    &formats.error
                } else {
                    &formats.warning
                };
                sheet.write_blank(*row, *column as u16, fill)?;
            }
        }
        for merge in &grid.merges {
            let value = grid.get(merge.start.0, merge.start.1).display();
            if merge.start != merge.end {
                sheet.merge_range(
                    merge.start.0,
                    merge.start.1 as u16,
                    merge.end.0,
                    merge.end.1 as u16,
                    &value,
                    &Format::new(),
                )?;
            }
        }
        for (column, width) in widths {
            sheet.set_column_width(column as u16, (width as f64 + 2.0).clamp(8.0, 52.0))?;
        }
    }
    Ok(workbook)
}

fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: &Value,
    fill: Option<&Format>,
    date: &Format,
) -> Result<(), XlsxError> {
    let plain = Format::new();
    let format = fill.unwrap_or(&plain);
    match value {
        Value::Empty => {}
        Value::Text(text) => {
            sheet.write_string_with_format(row, column, text, format)?;
        }
        Value::Number(n) => {
            sheet.write_number_with_format(row, column, *n, format)?;
        }
        Value::Bool(b) => {
            sheet.write_boolean_with_format(row, column, *b, format)?;
        }
        Value::DateTime(dt) => {
            let date_format = fill.map_or(date.clone(), |f| f.clone().set_num_format("dd/mm/yyyy"));
            sheet.write_datetime_with_format(row, column, excel_date(dt.date())?, &date_format)?;
        }
        Value::Error(e) => {
            sheet.write_string_with_format(row, column, e, format)?;
        }
        // The officer's formula stays a formula, for Excel to work out on opening.
        Value::Uncalculated(formula) => {
            sheet.write_formula_with_format(row, column, format!("={formula}").as_str(), format)?;
        }
    }
    Ok(())
}

fn write_list(
    sheet: &mut Worksheet,
    findings: &[Finding],
    formats: &Formats,
) -> Result<(), XlsxError> {
    let headings = LIST_HEADINGS;
    let widths = [18.0, 8.0, 10.0, 30.0, 90.0];
    for (i, (heading, width)) in headings.iter().zip(widths).enumerate() {
        sheet.write_string_with_format(0, i as u16, *heading, &formats.header)?;
        sheet.set_column_width(i as u16, width)?;
    }
    for (i, finding) in findings.iter().enumerate() {
        let row = i as u32 + 1;
        if let Some(name) = &finding.sheet {
            sheet.write_string(row, 0, name)?;
        }
        if let (Some(name), Some(cell)) = (&finding.sheet, &finding.cell) {
            let link = Url::new(format!("internal:{}!{cell}", quoted(name))).set_text(cell);
            sheet.write_url_with_format(row, 1, link, &formats.link)?;
        }
        let fill = match finding.severity {
            Severity::Error => &formats.error,
            Severity::Warning => &formats.warning,
            Severity::Info => &formats.info,
        };
        sheet.write_string_with_format(row, 2, finding.severity.to_string(), fill)?;
        sheet.write_string(row, 3, finding.rule.id())?;
        sheet.write_string_with_format(row, 4, &finding.message, &formats.text)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, findings.len().max(1) as u32, 4)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}
