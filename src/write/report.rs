//! `check --report FILE.xlsx`: the findings as a workbook an officer can filter, with
//! a summary by file and by rule, and each cell linked to the return where it is local.

use super::consolidated::table::{Column, Holds, finish_table, page_setup, start_table};
use super::consolidated::tables::write_findings;
use super::formats::Formats;
use crate::check::FileReport;
use crate::finding::{Finding, Rule, Severity, Tally};
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;

const BY_FILE: &[Column] = &[
    Column::new("File", 60.0),
    Column::number("Errors", 9.0),
    Column::number("Warnings", 10.0),
    Column::number("Info", 8.0),
];
const _: () = assert!(super::consolidated::table::headings_fit(BY_FILE));

/// Written in the columns of `BY_FILE`, whose widths hold these headings and values.
const BY_RULE: &[Column] = &[
    Column::new("Rule", 60.0),
    Column::new("Severity", 9.0),
    Column::number("Findings", 10.0),
];
const _: () = assert!(super::consolidated::table::headings_fit(BY_RULE));

fn summary(
    sheet: &mut Worksheet,
    reports: &[FileReport],
    formats: &Formats,
) -> Result<(), XlsxError> {
    start_table(sheet, 0, BY_FILE, formats)?;
    for (i, report) in reports.iter().enumerate() {
        let row = i as u32 + 1;
        let tally = Tally::of(&report.findings);
        sheet.write_string(row, 0, &report.read.file)?;
        for (column, count, fill) in [
            (1u16, tally.errors, &formats.error),
            (2, tally.warnings, &formats.warning),
            (3, tally.infos, &formats.info),
        ] {
            if count > 0 {
                sheet.write_number_with_format(row, column, count as f64, fill)?;
            } else {
                sheet.write_number(row, column, 0.0)?;
            }
        }
    }
    finish_table(sheet, 0, reports.len() as u32, BY_FILE.len() as u16)?;
    let mut by_rule: BTreeMap<(Rule, Severity), usize> = BTreeMap::new();
    for finding in reports.iter().flat_map(|r| r.findings.iter()) {
        *by_rule.entry((finding.rule, finding.severity)).or_default() += 1;
    }
    // Under the files, in their columns (whose widths hold it), below the filter's reach.
    let top = reports.len() as u32 + 2;
    for (i, column) in BY_RULE.iter().enumerate() {
        let format = match column.holds {
            Holds::Number => &formats.header_number,
            _ => &formats.header,
        };
        sheet.write_string_with_format(top, i as u16, column.heading, format)?;
    }
    for (i, ((rule, severity), count)) in by_rule.iter().enumerate() {
        let row = top + 1 + i as u32;
        sheet.write_string(row, 0, rule.id())?;
        let fill = match severity {
            Severity::Error => &formats.error,
            Severity::Warning => &formats.warning,
            Severity::Info => &formats.info,
        };
        sheet.write_string_with_format(row, 1, severity.to_string(), fill)?;
        sheet.write_number(row, 2, *count as f64)?;
    }
    page_setup(sheet, Some(0))
}

/// The findings workbook: Summary (by file and by rule) and Findings (a row each).
///
/// # Errors
/// Whatever rust_xlsxwriter reports.
pub fn findings_workbook(reports: &[FileReport]) -> Result<Workbook, XlsxError> {
    let formats = Formats::plain();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Summary")?;
    summary(sheet, reports, &formats)?;
    let findings: Vec<Finding> = reports
        .iter()
        .flat_map(|r| r.findings.iter().cloned())
        .collect();
    let places: Vec<_> = reports
        .iter()
        .flat_map(crate::merge::chase::report_places)
        .collect();
    let sheet = workbook.add_worksheet().set_name("Findings")?;
    write_findings(sheet, &findings, Some(&places), &formats)?;
    Ok(workbook)
}
