//! The Findings and Ledger sheets.

use super::table::{
    Column, finish_table, fit_row, page_setup, row_lines, start_long_table, start_table,
};
use crate::finding::{Finding, Severity};
use crate::merge::LedgerEntry;
use crate::merge::chase::Place;
use crate::write::formats::{Formats, cell_link};
use rust_xlsxwriter::{Formula, Worksheet, XlsxError};

const FINDING_COLUMNS: &[Column] = &[
    Column::new("File", 45.0),
    Column::new("Directorate", 18.0),
    Column::new("Service", 18.0),
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
/// return the row came from. With `places` (a consolidation's, one per finding), each
/// row names whose the finding is, directorate and service, for the lead to sort or
/// filter the findings by service; without, those columns are left out.
pub fn write_findings(
    sheet: &mut Worksheet,
    findings: &[Finding],
    places: Option<&[Option<Place>]>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    // The place columns are there only with places, the origin column only where some
    // finding has one.
    let kept = |column: &&Column| match column.heading {
        "Directorate" | "Service" => places.is_some(),
        "Originally from" => findings.iter().any(|f| f.origin.is_some()),
        _ => true,
    };
    let columns: Vec<Column> = FINDING_COLUMNS.iter().filter(kept).copied().collect();
    // Where a heading's cells are written, among the columns kept.
    let at = |heading: &str| {
        columns
            .iter()
            .position(|c| c.heading == heading)
            .map(|i| i as u16)
    };
    let place_of = |i: usize| {
        places
            .and_then(|places| places.get(i).copied().flatten())
            .unwrap_or_default()
    };
    // Each row's lines, worked out once for the sheet's default height and the row's.
    let lines: Vec<usize> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| row_lines(&wrapped(f, place_of(i))))
        .collect();
    let heights = start_long_table(sheet, &columns, formats, lines.iter().copied())?;
    for ((i, finding), &lines) in findings.iter().enumerate().zip(&lines) {
        let row = i as u32 + 1;
        let place = place_of(i);
        // Plain cells take their column's format (set once by the table).
        for (heading, value) in [
            ("File", Some(finding.file.as_str())),
            ("Directorate", place.directorate),
            ("Service", place.service),
            ("Sheet", finding.sheet.as_deref()),
            ("Cell", finding.cell.as_deref()),
            ("Field", finding.field.as_deref()),
            ("Rule", Some(finding.rule.id())),
            ("Message", Some(finding.message.as_str())),
            ("Originally from", finding.origin.as_deref()),
        ] {
            if let (Some(column), Some(value)) = (at(heading), value) {
                sheet.write_string(row, column, value)?;
            }
        }
        // The cell links to the return itself where it is on this computer.
        if let (Some(sheet_name), Some(cell), Some(column)) =
            (&finding.sheet, &finding.cell, at("Cell"))
            && let Some(link) = cell_link(&finding.file, sheet_name, cell)
        {
            sheet.write_url_with_format(row, column, link.set_text(cell), &formats.link)?;
        }
        if let (Some(number), Some(column)) = (finding.row, at("Row")) {
            sheet.write_number(row, column, f64::from(number))?;
        }
        let severity = match finding.severity {
            Severity::Error => &formats.error,
            Severity::Warning => &formats.warning,
            Severity::Info => &formats.info,
        };
        if let Some(column) = at("Severity") {
            sheet.write_string_with_format(row, column, finding.severity.to_string(), severity)?;
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
fn wrapped<'a>(finding: &'a Finding, place: Place<'a>) -> [(&'a str, f64); 5] {
    let width = |heading: &str| {
        FINDING_COLUMNS
            .iter()
            .find(|column| column.heading == heading)
            .map_or(0.0, |column| column.width)
    };
    [
        (finding.message.as_str(), width("Message")),
        (finding.file.as_str(), width("File")),
        (
            finding.origin.as_deref().unwrap_or_default(),
            width("Originally from"),
        ),
        (place.directorate.unwrap_or_default(), width("Directorate")),
        (place.service.unwrap_or_default(), width("Service")),
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
