//! The Register and All risks sheets: one row per risk, every value typed, the
//! current rating filled by band, and the source of each row.

use super::table::{Column, finish_table, row_lines, start_long_table, wide_page_setup};
use crate::finding::column_letters;
use crate::merge::MergedRisk;
use crate::model::{Assessment, DateSpan, Kind, PriorityPlan, Risk};
use crate::read::grid::format_number;
use crate::schema::{Framework, Stage};
use crate::write::formats::{Formats, excel_date};
use rust_xlsxwriter::{Format, Formula, Worksheet, XlsxError};

/// The columns, in order. Their headings are the register's own field names, so a
/// consolidated workbook reads back as a register.
pub const COLUMNS: &[Column] = &[
    Column::new("ID", 10.0),
    Column::new("Type", 12.0),
    Column::new("Category", 16.0),
    Column::new("Title", 40.0),
    Column::new("Description", 50.0),
    Column::new("Directorate", 20.0),
    Column::new("Service", 20.0),
    Column::new("Owner", 22.0),
    Column::number("Inherent L", 9.0),
    Column::number("Inherent I", 9.0),
    Column::number("Inherent score", 9.0),
    Column::number("Current L", 9.0),
    Column::number("Current I", 9.0),
    Column::number("Current score", 9.0),
    Column::new("Rating", 12.0),
    Column::number("Target L", 9.0),
    Column::number("Target I", 9.0),
    Column::number("Target score", 9.0),
    Column::new("Direction of travel", 12.0),
    Column::new("Controls", 40.0),
    Column::new("Response", 11.0),
    Column::new("Further actions", 40.0),
    Column::new("Action owner", 20.0),
    Column::date("Action due", 12.0),
    Column::new("Action status", 14.0),
    Column::date("Last reviewed", 12.0),
    Column::date("Next review", 12.0),
    Column::new("Review frequency", 12.0),
    Column::date("Date identified", 12.0),
    Column::new("Status", 10.0),
    Column::new("Corporate priority", 24.0),
    Column::new("Plan priority", 24.0),
    Column::new("Other columns", 36.0),
    Column::new("Register level", 12.0),
    Column::new("Level reached", 12.0),
    Column::number("Errors", 8.0),
    Column::number("Warnings", 9.0),
    Column::decimal("Previous score", 9.0),
    Column::new("Change", 24.0),
    Column::new("Source", 55.0),
];
const _: () = assert!(super::table::headings_fit(COLUMNS));

/// Column index of a heading in [`COLUMNS`], resolved when compiling: a heading that
/// is not there stops the build.
pub const fn column(heading: &str) -> u16 {
    let mut i = 0;
    while i < COLUMNS.len() {
        if same(COLUMNS[i].heading, heading) {
            return i as u16;
        }
        i += 1;
    }
    panic!("no such column")
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The column of a heading, as a constant.
macro_rules! col {
    ($heading:literal) => {{
        const COLUMN: u16 = column($heading);
        COLUMN
    }};
}

/// Write risks as a table from A1.
pub fn write_risks(
    sheet: &mut Worksheet,
    risks: &[&MergedRisk],
    framework: &Framework,
    plan: &PriorityPlan,
    formats: &Formats,
) -> Result<(), XlsxError> {
    // Each citation in the plan's words, worked out once for the rows' heights and cells.
    let in_plan = plan.words_by_citation(risks.iter().filter_map(|m| m.risk.priority.as_deref()));
    let in_plan_of = |merged: &MergedRisk| {
        let citation = merged.risk.priority.as_deref()?;
        in_plan.get(citation)?.as_deref()
    };
    // Each row's lines, worked out once for the sheet's default height and the row's.
    let lines: Vec<usize> = risks
        .iter()
        .map(|m| row_lines(&wrapped(m, in_plan_of(m))))
        .collect();
    let heights = start_long_table(sheet, COLUMNS, formats, lines.iter().copied())?;
    for ((i, merged), &lines) in risks.iter().enumerate().zip(&lines) {
        let row = i as u32 + 1;
        write_row(sheet, row, merged, framework, formats)?;
        let in_plan = in_plan_of(merged);
        if let Some(in_plan) = in_plan {
            sheet.write_string(row, col!("Plan priority"), in_plan)?;
        }
        heights.fit_lines(sheet, row, lines)?;
    }
    wide_page_setup(sheet, 0, col!("Title") + 1)?;
    finish_table(sheet, 0, risks.len() as u32, COLUMNS.len() as u16)
}

fn text(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: &Option<String>,
) -> Result<(), XlsxError> {
    if let Some(value) = value {
        // Always a string, never a formula, whatever it starts with; the column's
        // format (wrapped text) applies.
        sheet.write_string(row, column, value)?;
    }
    Ok(())
}

fn date(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: Option<DateSpan>,
) -> Result<(), XlsxError> {
    if let Some(span) = value {
        sheet.write_datetime(row, column, excel_date(span.latest)?)?;
    }
    Ok(())
}

fn number(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: Option<f64>,
) -> Result<(), XlsxError> {
    if let Some(value) = value {
        sheet.write_number(row, column, value)?;
    }
    Ok(())
}

/// The likelihood, impact and score columns of a stage.
const STAGE_COLUMNS: [(Stage, u16, u16, u16); 3] = [
    (
        Stage::Inherent,
        col!("Inherent L"),
        col!("Inherent I"),
        col!("Inherent score"),
    ),
    (
        Stage::Current,
        col!("Current L"),
        col!("Current I"),
        col!("Current score"),
    ),
    (
        Stage::Target,
        col!("Target L"),
        col!("Target I"),
        col!("Target score"),
    ),
];

fn write_assessment(
    sheet: &mut Worksheet,
    row: u32,
    (l_col, i_col, s_col): (u16, u16, u16),
    assessment: &Assessment,
    fill: Option<&Format>,
) -> Result<(), XlsxError> {
    number(sheet, row, l_col, assessment.likelihood)?;
    number(sheet, row, i_col, assessment.impact)?;
    if let Some(score) = assessment.computed_score() {
        // The score as a formula, with its result saved for readers that do not recalculate.
        let formula = format!(
            "={}{}*{}{}",
            column_letters(l_col.into()),
            row + 1,
            column_letters(i_col.into()),
            row + 1
        );
        let formula = Formula::new(formula).set_result(format_number(score));
        match fill {
            Some(fill) => sheet.write_formula_with_format(row, s_col, formula, fill)?,
            None => sheet.write_formula(row, s_col, formula)?,
        };
    } else if let Some(score) = assessment.stated_score() {
        match fill {
            Some(fill) => sheet.write_number_with_format(row, s_col, score, fill)?,
            None => sheet.write_number(row, s_col, score)?,
        };
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
    text(sheet, row, col!("ID"), &risk.id)?;
    sheet.write_string(row, col!("Type"), risk.kind.label())?;
    text(sheet, row, col!("Category"), &risk.category)?;
    text(sheet, row, col!("Title"), &risk.title)?;
    text(sheet, row, col!("Description"), &risk.description)?;
    text(sheet, row, col!("Directorate"), &risk.directorate)?;
    text(sheet, row, col!("Service"), &risk.service)?;
    text(sheet, row, col!("Owner"), &risk.owner)?;
    let band = merged.current_score.and_then(|s| framework.band_of(s));
    let fill = band.map(|band| formats.band(band, opportunity));
    for (stage, l_col, i_col, s_col) in STAGE_COLUMNS {
        let stage_fill = if stage == Stage::Current { fill } else { None };
        write_assessment(
            sheet,
            row,
            (l_col, i_col, s_col),
            risk.assessment(stage),
            stage_fill,
        )?;
    }
    if let (Some(band), Some(fill)) = (band, fill) {
        sheet.write_string_with_format(row, col!("Rating"), &band.name, fill)?;
    }
    text(sheet, row, col!("Direction of travel"), &risk.direction)?;
    text(sheet, row, col!("Controls"), &risk.controls)?;
    text(sheet, row, col!("Response"), &risk.response)?;
    text(sheet, row, col!("Further actions"), &risk.further_actions)?;
    text(sheet, row, col!("Action owner"), &risk.action_owner)?;
    date(sheet, row, col!("Action due"), risk.action_due)?;
    text(sheet, row, col!("Action status"), &risk.action_status)?;
    date(sheet, row, col!("Last reviewed"), risk.last_review)?;
    date(sheet, row, col!("Next review"), risk.next_review)?;
    text(sheet, row, col!("Review frequency"), &risk.review_frequency)?;
    date(sheet, row, col!("Date identified"), risk.date_identified)?;
    text(sheet, row, col!("Status"), &risk.status)?;
    text(sheet, row, col!("Corporate priority"), &risk.priority)?;
    text(sheet, row, col!("Other columns"), &risk.other)?;
    sheet.write_string(row, col!("Register level"), merged.recorded_at.label())?;
    sheet.write_string(row, col!("Level reached"), merged.reaches.label())?;
    let tally = merged.tally;
    for (column, count, fill) in [
        (col!("Errors"), tally.errors, &formats.error),
        (col!("Warnings"), tally.warnings, &formats.warning),
    ] {
        if count > 0 {
            sheet.write_number_with_format(row, column, count as f64, fill)?;
        } else {
            sheet.write_number(row, column, 0.0)?;
        }
    }
    number(sheet, row, col!("Previous score"), merged.previous_score)?;
    text(sheet, row, col!("Change"), &merged.change)?;
    sheet.write_string(row, col!("Source"), &merged.provenance)?;
    // Where a cell gave no value of its type, what it says, so that the workbook shows
    // what the return said (and a corporate run over it finds the same problem).
    for (slot, words) in &risk.as_written {
        if let Some(column) = column_written(risk, slot) {
            sheet.write_string(row, column, words)?;
        }
    }
    Ok(())
}

/// The column a slot's words go in: a date column's always (a date slot has words only
/// where its cell gave no date, held several lines, or named a period), another's where
/// the risk has no value there.
fn column_written(risk: &Risk, slot: &str) -> Option<u16> {
    let (column, absent) = match slot {
        // A date column's words are there only where it gave no date, or several.
        "action_due" => (col!("Action due"), true),
        "last_review" => (col!("Last reviewed"), true),
        "next_review" => (col!("Next review"), true),
        "date_identified" => (col!("Date identified"), true),
        _ => {
            let (stage, part) = slot.split_once('_')?;
            let &(stage, l_col, i_col, s_col) =
                STAGE_COLUMNS.iter().find(|(s, ..)| s.name() == stage)?;
            let assessment = risk.assessment(stage);
            match part {
                "likelihood" => (l_col, assessment.likelihood.is_none()),
                "impact" => (i_col, assessment.impact.is_none()),
                "score" => (
                    s_col,
                    assessment.computed_score().is_none() && assessment.stated_score().is_none(),
                ),
                _ => return None,
            }
        }
    };
    absent.then_some(column)
}

/// The wrapped cells of a row, with their column widths: what its height depends on.
fn wrapped<'a>(merged: &'a MergedRisk, in_plan: Option<&'a str>) -> Vec<(&'a str, f64)> {
    let risk = &merged.risk;
    let width = |column: u16| COLUMNS[usize::from(column)].width;
    let wrapped = [
        (col!("Title"), &risk.title),
        (col!("Description"), &risk.description),
        (col!("Category"), &risk.category),
        (col!("Owner"), &risk.owner),
        (col!("Service"), &risk.service),
        (col!("Controls"), &risk.controls),
        (col!("Further actions"), &risk.further_actions),
        (col!("Corporate priority"), &risk.priority),
        (col!("Review frequency"), &risk.review_frequency),
        (col!("Other columns"), &risk.other),
    ];
    let mut cells: Vec<(&str, f64)> = wrapped
        .iter()
        .filter_map(|(column, value)| value.as_deref().map(|text| (text, width(*column))))
        .collect();
    if let Some(in_plan) = in_plan {
        cells.push((in_plan, width(col!("Plan priority"))));
    }
    cells.push((merged.provenance.as_str(), width(col!("Source"))));
    cells
}
