//! The Register and All risks sheets: one row per risk, every value typed, the
//! current rating filled by band, and the source of each row.

use super::table::{Column, finish_table, fit_row, page_setup, start_table};
use crate::finding::column_letters;
use crate::merge::MergedRisk;
use crate::model::{Assessment, DateSpan, Kind};
use crate::read::grid::format_number;
use crate::schema::{Framework, Stage};
use crate::write::formats::{Formats, excel_date};
use rust_xlsxwriter::{Formula, Worksheet, XlsxError};

/// The columns, in order. Their headings are the register's own field names, so a
/// consolidated workbook reads back as a register.
pub const COLUMNS: &[Column] = &[
    Column::new("ID", 10.0),
    Column::new("Type", 12.0),
    Column::new("Title", 40.0),
    Column::new("Directorate", 20.0),
    Column::new("Service", 20.0),
    Column::new("Owner", 22.0),
    Column::new("Inherent L", 9.0),
    Column::new("Inherent I", 9.0),
    Column::new("Inherent score", 9.0),
    Column::new("Current L", 9.0),
    Column::new("Current I", 9.0),
    Column::new("Current score", 9.0),
    Column::new("Rating", 12.0),
    Column::new("Target L", 9.0),
    Column::new("Target I", 9.0),
    Column::new("Target score", 9.0),
    Column::new("Controls", 40.0),
    Column::new("Further actions", 40.0),
    Column::new("Action owner", 20.0),
    Column::new("Action due", 12.0),
    Column::new("Action status", 14.0),
    Column::new("Last reviewed", 12.0),
    Column::new("Next review", 12.0),
    Column::new("Status", 10.0),
    Column::new("Corporate priority", 24.0),
    Column::new("Register level", 12.0),
    Column::new("Level reached", 12.0),
    Column::new("Errors", 8.0),
    Column::new("Warnings", 9.0),
    Column::new("Source", 55.0),
];

/// Column index of a heading in [`COLUMNS`].
pub fn column(heading: &str) -> u16 {
    COLUMNS
        .iter()
        .position(|c| c.heading == heading)
        .unwrap_or(0) as u16
}

/// Write risks as a table from A1.
pub fn write_risks(
    sheet: &mut Worksheet,
    risks: &[&MergedRisk],
    framework: &Framework,
    formats: &Formats,
) -> Result<(), XlsxError> {
    start_table(sheet, 0, COLUMNS, formats)?;
    for (i, merged) in risks.iter().enumerate() {
        write_row(sheet, i as u32 + 1, merged, framework, formats)?;
    }
    page_setup(sheet, Some(0))?;
    finish_table(sheet, 0, risks.len() as u32, COLUMNS.len() as u16)
}

fn text(
    sheet: &mut Worksheet,
    row: u32,
    heading: &str,
    value: &Option<String>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    if let Some(value) = value {
        // Always a string, never a formula, whatever it starts with.
        sheet.write_string_with_format(row, column(heading), value, &formats.text)?;
    }
    Ok(())
}

fn date(
    sheet: &mut Worksheet,
    row: u32,
    heading: &str,
    value: Option<DateSpan>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    if let Some(span) = value {
        sheet.write_datetime_with_format(
            row,
            column(heading),
            excel_date(span.latest)?,
            &formats.date,
        )?;
    }
    Ok(())
}

fn number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<f64>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    if let Some(value) = value {
        sheet.write_number_with_format(row, col, value, &formats.number)?;
    }
    Ok(())
}

fn write_assessment(
    sheet: &mut Worksheet,
    row: u32,
    stage: &str,
    assessment: &Assessment,
    fill: Option<&rust_xlsxwriter::Format>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let (l_col, i_col, s_col) = (
        column(&format!("{stage} L")),
        column(&format!("{stage} I")),
        column(&format!("{stage} score")),
    );
    number(sheet, row, l_col, assessment.likelihood, formats)?;
    number(sheet, row, i_col, assessment.impact, formats)?;
    let format = fill.unwrap_or(&formats.number);
    match assessment.computed_score() {
        Some(score) => {
            // The score as a formula, with its result saved for readers that do not recalculate.
            let formula = format!(
                "={}{}*{}{}",
                column_letters(l_col.into()),
                row + 1,
                column_letters(i_col.into()),
                row + 1
            );
            sheet.write_formula_with_format(
                row,
                s_col,
                Formula::new(formula).set_result(format_number(score)),
                format,
            )?;
        }
        None => {
            if let Some(score) = assessment.stated_score() {
                sheet.write_number_with_format(row, s_col, score, format)?;
            }
        }
    }
    Ok(())
}

fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    merged: &MergedRisk,
    framework: &Framework,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let risk = &merged.risk;
    let opportunity = risk.kind == Kind::Opportunity;
    text(sheet, row, "ID", &risk.id, formats)?;
    sheet.write_string_with_format(row, column("Type"), risk.kind.label(), &formats.text)?;
    text(sheet, row, "Title", &risk.title, formats)?;
    text(sheet, row, "Directorate", &risk.directorate, formats)?;
    text(sheet, row, "Service", &risk.service, formats)?;
    text(sheet, row, "Owner", &risk.owner, formats)?;
    let fill = formats.for_score(framework, merged.current_score, opportunity);
    for stage in Stage::ALL {
        let label = match stage {
            Stage::Inherent => "Inherent",
            Stage::Current => "Current",
            Stage::Target => "Target",
        };
        let stage_fill = if stage == Stage::Current {
            fill.as_ref()
        } else {
            None
        };
        write_assessment(
            sheet,
            row,
            label,
            risk.assessment(stage),
            stage_fill,
            formats,
        )?;
    }
    if let Some(band) = merged.current_score.and_then(|s| framework.band_of(s)) {
        sheet.write_string_with_format(
            row,
            column("Rating"),
            &band.name,
            &formats.band(band, opportunity),
        )?;
    }
    text(sheet, row, "Controls", &risk.controls, formats)?;
    text(
        sheet,
        row,
        "Further actions",
        &risk.further_actions,
        formats,
    )?;
    text(sheet, row, "Action owner", &risk.action_owner, formats)?;
    date(sheet, row, "Action due", risk.action_due, formats)?;
    text(sheet, row, "Action status", &risk.action_status, formats)?;
    date(sheet, row, "Last reviewed", risk.last_review, formats)?;
    date(sheet, row, "Next review", risk.next_review, formats)?;
    text(sheet, row, "Status", &risk.status, formats)?;
    text(sheet, row, "Corporate priority", &risk.priority, formats)?;
    sheet.write_string_with_format(
        row,
        column("Register level"),
        merged.recorded_at.label(),
        &formats.text,
    )?;
    sheet.write_string_with_format(
        row,
        column("Level reached"),
        merged.reaches.label(),
        &formats.text,
    )?;
    let tally = merged.tally;
    let errors_format = if tally.errors > 0 {
        &formats.error
    } else {
        &formats.number
    };
    let warnings_format = if tally.warnings > 0 {
        &formats.warning
    } else {
        &formats.number
    };
    sheet.write_number_with_format(row, column("Errors"), tally.errors as f64, errors_format)?;
    sheet.write_number_with_format(
        row,
        column("Warnings"),
        tally.warnings as f64,
        warnings_format,
    )?;
    sheet.write_string_with_format(row, column("Source"), &merged.provenance, &formats.text)?;
    let wrapped: Vec<(&str, f64)> = [
        ("Title", &risk.title),
        ("Owner", &risk.owner),
        ("Service", &risk.service),
        ("Controls", &risk.controls),
        ("Further actions", &risk.further_actions),
        ("Corporate priority", &risk.priority),
    ]
    .into_iter()
    .filter_map(|(heading, value)| {
        value
            .as_deref()
            .map(|text| (text, COLUMNS[usize::from(column(heading))].width))
    })
    .chain(std::iter::once((
        merged.provenance.as_str(),
        COLUMNS[usize::from(column("Source"))].width,
    )))
    .collect();
    fit_row(sheet, row, &wrapped)
}
