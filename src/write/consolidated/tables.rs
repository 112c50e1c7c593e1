//! The Findings and Ledger sheets.

use super::table::{
    Column, finish_table, fit_row, page_setup, row_lines, start_long_table, start_table,
};
use crate::finding::{Finding, Severity};
use crate::merge::LedgerEntry;
use crate::write::formats::{Formats, cell_link};
use rust_xlsxwriter::{Formula, Worksheet, XlsxError};

const FINDING_COLUMNS: &[Column] = &[
    Column::new("File", 45.0),
    Column::new("Sheet", 16.0),
    Column::new("Cell", 8.0),
    Column::number("Row", 7.0),
    Column::new("Field", 18.0),
    Column::new("Rule", 26.0),
    Column::new("Severity", 10.0),
    Column::new("Message", 80.0),
    Column::new("Originally from", 45.0),
];
const _: () = assert!(super::table::headings_fit(FINDING_COLUMNS));

/// One row per finding; a finding on a row read from a consolidated workbook names the
/// return the row came from.
pub fn write_findings(
    sheet: &mut Worksheet,
    findings: &[Finding],
    formats: &Formats,
) -> Result<(), XlsxError> {
    // The origin column is there only where some finding has one.
    let columns = if findings.iter().any(|f| f.origin.is_some()) {
        FINDING_COLUMNS
    } else {
        &FINDING_COLUMNS[..FINDING_COLUMNS.len() - 1]
    };
    // Each row's lines, worked out once for the sheet's default height and the row's.
    let lines: Vec<usize> = findings.iter().map(|f| row_lines(&wrapped(f))).collect();
    let heights = start_long_table(sheet, columns, formats, lines.iter().copied())?;
    for ((i, finding), &lines) in findings.iter().enumerate().zip(&lines) {
        let row = i as u32 + 1;
        // Plain cells take their column's format (set once by the table).
        sheet.write_string(row, 0, &finding.file)?;
        for (column, value) in [
            (1u16, &finding.sheet),
            (2, &finding.cell),
            (4, &finding.field),
        ] {
            if let Some(value) = value {
                sheet.write_string(row, column, value)?;
            }
        }
        // The cell links to the return itself where it is on this computer.
        if let (Some(sheet_name), Some(cell)) = (&finding.sheet, &finding.cell)
            && let Some(link) = cell_link(&finding.file, sheet_name, cell)
        {
            sheet.write_url_with_format(row, 2, link.set_text(cell), &formats.link)?;
        }
        if let Some(number) = finding.row {
            sheet.write_number(row, 3, f64::from(number))?;
        }
        sheet.write_string(row, 5, finding.rule.id())?;
        let severity = match finding.severity {
            Severity::Error => &formats.error,
            Severity::Warning => &formats.warning,
            Severity::Info => &formats.info,
        };
        sheet.write_string_with_format(row, 6, finding.severity.to_string(), severity)?;
        sheet.write_string(row, 7, &finding.message)?;
        if let Some(origin) = &finding.origin {
            sheet.write_string(row, 8, origin)?;
        }
        heights.fit_lines(sheet, row, lines)?;
    }
    page_setup(sheet, Some(0))?;
    finish_table(sheet, 0, findings.len() as u32, columns.len() as u16)
}

const LEDGER_COLUMNS: &[Column] = &[
    Column::new("File", 45.0),
    Column::new("Sheet", 18.0),
    Column::number("Rows read", 10.0),
    Column::number("Rows taken", 10.0),
    Column::number("Rows left out", 12.0),
    Column::new("Reason", 70.0),
];
const _: () = assert!(super::table::headings_fit(LEDGER_COLUMNS));

/// The wrapped cells of a finding's row, with their column widths.
fn wrapped(finding: &Finding) -> [(&str, f64); 3] {
    [
        (finding.message.as_str(), FINDING_COLUMNS[7].width),
        (finding.file.as_str(), FINDING_COLUMNS[0].width),
        (
            finding.origin.as_deref().unwrap_or_default(),
            FINDING_COLUMNS[8].width,
        ),
    ]
}

/// One row per file and sheet, a total row, and whether the totals balance.
pub fn write_ledger(
    sheet: &mut Worksheet,
    ledger: &[LedgerEntry],
    formats: &Formats,
) -> Result<(), XlsxError> {
    start_table(sheet, 0, LEDGER_COLUMNS, formats)?;
    for (i, entry) in ledger.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &entry.file)?;
        if let Some(name) = &entry.sheet {
            sheet.write_string(row, 1, name)?;
        }
        sheet.write_number(row, 2, entry.rows_read as f64)?;
        sheet.write_number(row, 3, entry.rows_taken as f64)?;
        sheet.write_number(row, 4, entry.rows_left_out as f64)?;
        sheet.write_string(row, 5, &entry.reason)?;
        fit_row(
            sheet,
            row,
            &[
                (&entry.reason, LEDGER_COLUMNS[5].width),
                (&entry.file, LEDGER_COLUMNS[0].width),
                (
                    entry.sheet.as_deref().unwrap_or_default(),
                    LEDGER_COLUMNS[1].width,
                ),
            ],
        )?;
    }
    page_setup(sheet, Some(0))?;
    let last = ledger.len() as u32;
    finish_table(sheet, 0, last, LEDGER_COLUMNS.len() as u16)?;
    let total_row = last + 2;
    sheet.write_string_with_format(total_row, 0, "Total", &formats.label)?;
    let sums = [
        ledger.iter().map(|e| e.rows_read).sum::<usize>(),
        ledger.iter().map(|e| e.rows_taken).sum(),
        ledger.iter().map(|e| e.rows_left_out).sum(),
    ];
    for (offset, sum) in sums.iter().enumerate() {
        let column = 2 + offset as u16;
        let letter = crate::finding::column_letters(column.into());
        let formula = Formula::new(format!("=SUM({letter}2:{letter}{})", last.max(1) + 1))
            .set_result(sum.to_string());
        sheet.write_formula_with_format(total_row, column, formula, &formats.label)?;
    }
    let balanced = sums[0] == sums[1] + sums[2];
    let check = Formula::new(format!(
        "=IF(C{r}=D{r}+E{r},\"Yes\",\"No\")",
        r = total_row + 1
    ))
    .set_result(if balanced { "Yes" } else { "No" });
    sheet.write_string_with_format(
        total_row + 1,
        0,
        "Balanced (read = taken + left out)",
        &formats.label,
    )?;
    sheet.write_formula_with_format(
        total_row + 1,
        2,
        check,
        if balanced {
            &formats.text
        } else {
            &formats.error
        },
    )?;
    Ok(())
}

const CHANGE_COLUMNS: &[Column] = &[
    Column::new("ID", 12.0),
    Column::new("Title", 40.0),
    Column::new("Service", 20.0),
    Column::new("Change", 30.0),
    Column::decimal("Previous score", 9.0),
    Column::decimal("Current score", 9.0),
    Column::new("Previous level", 12.0),
    Column::new("Current level", 12.0),
    Column::new("Source", 55.0),
];
const _: () = assert!(super::table::headings_fit(CHANGE_COLUMNS));

/// One row per risk in either period: what changed, with both scores.
pub fn write_changes(
    sheet: &mut Worksheet,
    changes: &[crate::merge::changes::RiskChange],
    formats: &Formats,
) -> Result<(), XlsxError> {
    start_table(sheet, 0, CHANGE_COLUMNS, formats)?;
    for (i, change) in changes.iter().enumerate() {
        let row = i as u32 + 1;
        for (column, text) in [
            (0u16, change.id.as_str()),
            (1, change.title.as_str()),
            (2, change.service.as_str()),
            (3, change.summary().as_str()),
            (8, change.source.as_str()),
        ] {
            sheet.write_string(row, column, text)?;
        }
        for (column, score) in [(4u16, change.previous_score), (5, change.current_score)] {
            if let Some(score) = score {
                sheet.write_number(row, column, score)?;
            }
        }
        for (column, level) in [(6u16, &change.previous_level), (7, &change.current_level)] {
            if let Some(level) = level {
                sheet.write_string(row, column, level)?;
            }
        }
        fit_row(
            sheet,
            row,
            &[
                (&change.title, CHANGE_COLUMNS[1].width),
                (&change.source, CHANGE_COLUMNS[8].width),
            ],
        )?;
    }
    page_setup(sheet, Some(0))?;
    finish_table(sheet, 0, changes.len() as u32, CHANGE_COLUMNS.len() as u16)
}
