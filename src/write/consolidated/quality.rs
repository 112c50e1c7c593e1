//! The Data quality sheet: per service, completeness of indicator returns, findings by
//! rule, and spot-check outcomes.

use super::table::{Column, finish_table, fit_row, page_setup, start_table};
use crate::finding::Rule;
use crate::merge::quality::ServiceQuality;
use crate::write::formats::Formats;
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::collections::BTreeMap;

const COLUMNS: &[Column] = &[
    Column::new("Directorate", 22.0),
    Column::new("Service", 24.0),
    Column::number("Indicator values reported", 11.0),
    Column::number("Due but missing", 9.0),
    Column::decimal("Completeness %", 13.5),
    Column::number("Errors", 8.0),
    Column::number("Warnings", 9.0),
    Column::new("Findings by rule", 60.0),
    Column::number("Spot-checked", 9.0),
    Column::number("Verified", 9.0),
    Column::number("Corrected", 10.0),
    Column::number("Could not verify", 9.0),
    Column::number("Outstanding", 12.5),
    Column::number("Mismatches", 11.5),
];
const _: () = assert!(super::table::headings_fit(COLUMNS));

fn by_rule(counts: &BTreeMap<Rule, usize>) -> impl Iterator<Item = String> + '_ {
    counts.iter().map(|(rule, n)| format!("{rule} {n}"))
}

/// Write the Data quality sheet.
pub fn write_quality(
    sheet: &mut Worksheet,
    services: &[ServiceQuality],
    formats: &Formats,
) -> Result<(), XlsxError> {
    start_table(sheet, 0, COLUMNS, formats)?;
    for (i, quality) in services.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &quality.directorate)?;
        sheet.write_string(row, 1, &quality.service)?;
        sheet.write_number(row, 2, quality.reported as f64)?;
        sheet.write_number(row, 3, quality.missing as f64)?;
        if let Some(completeness) = quality.completeness() {
            sheet.write_number(row, 4, (completeness * 10.0).round() / 10.0)?;
        }
        let errors: usize = quality.errors.values().sum();
        let warnings: usize = quality.warnings.values().sum();
        for (column, count, fill) in [
            (5u16, errors, &formats.error),
            (6, warnings, &formats.warning),
        ] {
            if count > 0 {
                sheet.write_number_with_format(row, column, count as f64, fill)?;
            } else {
                sheet.write_number(row, column, 0.0)?;
            }
        }
        let rules: Vec<String> = by_rule(&quality.errors)
            .chain(by_rule(&quality.warnings))
            .collect();
        let rules = rules.join("; ");
        sheet.write_string(row, 7, &rules)?;
        if let Some(spot) = &quality.spot_check {
            for (column, count) in [
                (8u16, spot.sampled),
                (9, spot.verified),
                (10, spot.corrected),
                (11, spot.unverifiable),
                (12, spot.outstanding),
                (13, spot.mismatches),
            ] {
                sheet.write_number(row, column, count as f64)?;
            }
        }
        fit_row(
            sheet,
            row,
            &[
                (&rules, COLUMNS[7].width),
                (&quality.service, COLUMNS[1].width),
            ],
        )?;
    }
    page_setup(sheet, Some(0))?;
    finish_table(sheet, 0, services.len() as u32, COLUMNS.len() as u16)
}
