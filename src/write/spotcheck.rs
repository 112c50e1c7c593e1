//! The spot-check workbook: instructions, then one row per sampled value with its
//! source and definition, and unlocked columns (with drop-downs and date validation)
//! for the checker; everything else protected.

use super::consolidated::table::fit_row;
use super::formats::{Formats, cell_link, excel_date, write_figure_or_words};
use crate::check::Library;
use crate::model::Rag;
use crate::read::spotcheck::{DRAWN_LINE, columns};
use crate::report::plural;
use crate::spotcheck::Sampled;
use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, Format, Url, Workbook, Worksheet, XlsxError,
};

/// The start of every sampled value's reference: SC-001, SC-002 …
pub const REFERENCE_PREFIX: &str = "SC-";

/// The outcomes a checker chooses from.
pub const OUTCOMES: &[&str] = &["Verified", "Corrected", "Could not verify"];

const INSTRUCTIONS: &[&str] = &[
    "Spot-check of reported performance indicators",
    "",
    "Each row of the Spot-check sheet is a value reported in a return, chosen at random with statutory measures, values the checks flagged and indicators never checked before weighted up. The same inputs and seed always give the same sample.",
    "For each row: find the evidence for the value (the system report, the case list, the government return), work the value out from it using the definition, and fill in the grey columns:",
    "  Verified value: the value the evidence gives, in the same unit as the reported value.",
    "  Evidence reference: where the evidence is (report name and date, file path, system query).",
    "  Checked by and Date checked: your name and the date you checked it.",
    "  Outcome: Verified (the reported value is right), Corrected (it was wrong and the return has been corrected) or Could not verify (no evidence could be found).",
    "  Notes: anything the performance team should know.",
    "Only the grey columns can be changed; the rest of the sheet is protected so the sample stays as drawn.",
    "When done, run: golden-thread spot-check verify THIS-FILE.xlsx",
];

/// Where a sampled value came from, as a link the checker can click where the file is local.
fn source_link(provenance: &str) -> Option<Url> {
    // "path › Sheet!row"
    let (file, place) = provenance.split_once(" › ")?;
    let (sheet, row) = place.rsplit_once('!')?;
    cell_link(file, sheet, &format!("A{row}"))
}

/// Write the workbook for `sample`, drawn with `seed` on `drawn_on`.
///
/// # Errors
/// Whatever rust_xlsxwriter reports.
pub fn spotcheck_workbook(
    sample: &[Sampled],
    library: &Library,
    seed: u64,
    drawn_on: NaiveDate,
) -> Result<Workbook, XlsxError> {
    let formats = Formats::plain();
    let mut workbook = Workbook::new();
    let front = workbook.add_worksheet().set_name("Instructions")?;
    write_instructions(front, sample.len(), seed, drawn_on, &formats)?;
    let sheet = workbook.add_worksheet().set_name(columns::SHEET)?;
    for (i, heading) in columns::ALL.iter().enumerate() {
        let column = i as u16;
        let width = match *heading {
            columns::INDICATOR
            | columns::DEFINITION
            | columns::WHY
            | columns::NOTES
            | columns::EVIDENCE => 30.0,
            columns::SOURCE => 40.0,
            _ => 12.0,
        };
        sheet.set_column_width(column, width)?;
        sheet.write_string_with_format(0, column, *heading, &formats.header)?;
    }
    sheet.set_row_height(0, 30)?;
    // The checker's cells: unlocked in the protected sheet, and grey to show it.
    let checker = Format::new()
        .set_unlocked()
        .set_background_color(rust_xlsxwriter::Color::RGB(0xEDEDED))
        .set_text_wrap();
    let checker = (checker.clone(), checker.set_num_format("dd/mm/yyyy"));
    for (i, pick) in sample.iter().enumerate() {
        write_pick(sheet, i, pick, library, &formats, &checker)?;
    }
    add_drop_downs(sheet, sample, drawn_on)?;
    let last = sample.len().max(1) as u32;
    sheet.set_freeze_panes(1, 2)?;
    sheet.autofilter(0, 0, last, columns::ALL.len() as u16 - 1)?;
    sheet.set_landscape();
    sheet.set_paper_size(8);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    sheet.protect();
    Ok(workbook)
}

/// A spot-check sheet's column, by its heading.
fn column_of(heading: &str) -> u16 {
    columns::ALL.iter().position(|h| *h == heading).unwrap_or(0) as u16
}

/// The Instructions sheet: what the checker does, and how the sample was drawn.
fn write_instructions(
    front: &mut Worksheet,
    sampled: usize,
    seed: u64,
    drawn_on: NaiveDate,
    formats: &Formats,
) -> Result<(), XlsxError> {
    // Wrapped lines, each row as tall as its text needs (an office suite does not work
    // out the heights of rows written by a library), printed one page wide.
    const WIDTH: f64 = 80.0;
    front.set_column_width(0, WIDTH)?;
    front.set_paper_size(9);
    front.set_print_fit_to_pages(1, 0);
    for (i, line) in INSTRUCTIONS.iter().enumerate() {
        let format = if i == 0 {
            &formats.title
        } else {
            &formats.text
        };
        front.write_string_with_format(i as u32, 0, *line, format)?;
        if i > 0 {
            fit_row(front, i as u32, &[(line, WIDTH)])?;
        }
    }
    let footer = INSTRUCTIONS.len() as u32 + 1;
    front.write_string(
        footer,
        0,
        format!(
            "{DRAWN_LINE}{} drawn with seed {seed} on {}.",
            plural(sampled, "value"),
            drawn_on.format("%d/%m/%Y")
        ),
    )?;
    Ok(())
}

/// The `i`th value sampled, on the row below the header's `i`th: its reference,
/// indicator, definition, figures and source, and the checker's blank cells in the
/// `checker` formats (a cell's, a date's).
fn write_pick(
    sheet: &mut Worksheet,
    i: usize,
    pick: &Sampled,
    library: &Library,
    formats: &Formats,
    checker: &(Format, Format),
) -> Result<(), XlsxError> {
    let (checker, checker_date) = checker;
    let row = i as u32 + 1;
    let merged = pick.indicator;
    let value = &merged.value;
    let definition = value.id.as_deref().and_then(|id| library.definition(id));
    let texts: [(&str, Option<String>); 12] = [
        (
            columns::REF,
            Some(format!("{REFERENCE_PREFIX}{:03}", i + 1)),
        ),
        (
            columns::INDICATOR_ID,
            value.id.as_deref().map(str::to_string),
        ),
        (
            columns::INDICATOR,
            value.name.as_deref().map(str::to_string),
        ),
        (
            columns::DIRECTORATE,
            value.directorate.as_deref().map(str::to_string),
        ),
        (
            columns::SERVICE,
            value.service.as_deref().map(str::to_string),
        ),
        (columns::PERIOD, value.period.map(|p| p.to_string())),
        (
            columns::DEFINITION,
            definition.and_then(|d| d.definition.clone()),
        ),
        (columns::UNIT, merged.unit.map(|u| u.label().to_string())),
        (
            columns::RAG,
            merged.rag_counted().map(|r: Rag| r.label().to_string()),
        ),
        (
            columns::STATUTORY,
            Some(if merged.statutory { "Yes" } else { "No" }.to_string()),
        ),
        (
            columns::DECIMALS,
            Some(definition.and_then(|d| d.decimals).unwrap_or(1).to_string()),
        ),
        (
            columns::WHY,
            Some(format!(
                "{} (weight {})",
                pick.reasons.join("; "),
                pick.weight
            )),
        ),
    ];
    for (heading, text) in texts {
        if let Some(text) = text {
            sheet.write_string_with_format(row, column_of(heading), text, &formats.text)?;
        }
    }
    match source_link(&merged.provenance) {
        Some(url) => {
            sheet.write_url_with_text(row, column_of(columns::SOURCE), url, &merged.provenance)?
        }
        None => sheet.write_string_with_format(
            row,
            column_of(columns::SOURCE),
            &merged.provenance,
            &formats.text,
        )?,
    };
    for (heading, field, number) in [
        (columns::NUMERATOR, "numerator", value.numerator),
        (columns::DENOMINATOR, "denominator", value.denominator),
        (columns::REPORTED, "actual", value.actual),
        (columns::TARGET, "target", value.target),
    ] {
        // A milestone's status and target in words ("Achieved", "By March 2027").
        write_figure_or_words(
            sheet,
            (row, column_of(heading)),
            number,
            value.written(field).filter(|_| value.milestone()),
            Some(&formats.decimal),
            formats,
        )?;
    }
    for heading in columns::CHECKER {
        let format = if *heading == columns::DATE_CHECKED {
            checker_date
        } else {
            checker
        };
        sheet.write_blank(row, column_of(heading), format)?;
    }
    sheet.set_row_height(row, 45)?;
    Ok(())
}

/// The checker's drop-downs: an outcome from the list, a date checked on or after the
/// draw, and a verified value that is a number (words for a milestone).
fn add_drop_downs(
    sheet: &mut Worksheet,
    sample: &[Sampled],
    drawn_on: NaiveDate,
) -> Result<(), XlsxError> {
    let last = sample.len().max(1) as u32;
    let outcome = DataValidation::new()
        .allow_list_strings(OUTCOMES)?
        .set_input_message("Verified, Corrected or Could not verify")?;
    sheet.add_data_validation(
        1,
        column_of(columns::OUTCOME),
        last,
        column_of(columns::OUTCOME),
        &outcome,
    )?;
    let dates = DataValidation::new()
        .allow_date(DataValidationRule::Between(
            excel_date(drawn_on)?,
            excel_date(NaiveDate::from_ymd_opt(2099, 12, 31).unwrap_or(drawn_on))?,
        ))
        .set_error_message(
            "Enter the date you checked the value, on or after the date the sample was drawn.",
        )?;
    sheet.add_data_validation(
        1,
        column_of(columns::DATE_CHECKED),
        last,
        column_of(columns::DATE_CHECKED),
        &dates,
    )?;
    let numbers = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(-1e12, 1e12))
        .set_error_message(
            "Enter the verified value as a number, in the same unit as the reported value.",
        )?;
    let words = DataValidation::new()
        .allow_any_value()
        .set_input_message("A milestone: enter its status as the evidence gives it (Achieved, Not achieved, On track, Delayed).")?;
    // A number for each figure; words for each milestone, rows of either kind in runs.
    let mut first = 0;
    for (i, pick) in sample.iter().enumerate() {
        let milestone = pick.indicator.value.milestone();
        let next_differs = sample
            .get(i + 1)
            .is_none_or(|next| next.indicator.value.milestone() != milestone);
        if next_differs {
            let (top, bottom) = (first as u32 + 1, i as u32 + 1);
            let rule = if milestone { &words } else { &numbers };
            let column = column_of(columns::VERIFIED);
            sheet.add_data_validation(top, column, bottom, column, rule)?;
            first = i + 1;
        }
    }
    if sample.is_empty() {
        let column = column_of(columns::VERIFIED);
        sheet.add_data_validation(1, column, last, column, &numbers)?;
    }
    Ok(())
}
