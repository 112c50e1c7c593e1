//! Blank templates generated from the schema: a council's own schema gives its own
//! template. Inputs are unlocked, with drop-downs and date validation; scores and
//! ratings are formulas (protected) coloured by band; a Guidance sheet carries the
//! framework's criteria and matrix.

use super::formats::{Formats, excel_date};
use super::layout::Cell;
use crate::finding::column_letters;
use crate::read::grid::format_number;
use crate::schema::{FieldType, Framework, Schema, Slot, Stage, TemplateSchema};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, DataValidationErrorStyle,
    DataValidationRule, Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError,
};
use std::collections::HashMap;

/// Which template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateKind {
    /// A service risk register.
    RiskRegister,
    /// An indicator return (long layout).
    IndicatorReturn,
    /// An indicator definitions library.
    Definitions,
}

/// Rows to fill in, by field or slot name (`current_likelihood`, `owner`): tests and
/// examples use it to write a completed template.
pub type Filled = Vec<HashMap<String, Cell>>;

/// The header block's values, where filling one in.
#[derive(Debug, Clone, Default)]
pub struct Block {
    /// Service.
    pub service: Option<String>,
    /// Directorate.
    pub directorate: Option<String>,
    /// Completed by.
    pub completed_by: Option<String>,
    /// Reporting date.
    pub reporting_date: Option<NaiveDate>,
}

/// The saved result of a formula on a row not filled in yet. rust_xlsxwriter saves an
/// empty result as 0, which programs that do not recalculate (and golden-thread) would
/// read as a score of 0; a space is saved as text and reads as blank.
const NO_RESULT: &str = " ";

/// Blank rows with drop-downs and formulas ready.
pub const BLANK_ROWS: u32 = 50;
const HEADER_ROW: u32 = 6;

#[derive(Debug, Clone)]
enum Input {
    Text,
    Date,
    List(Vec<String>),
    /// Likelihood x impact of these two columns.
    Score(u16, u16),
    /// The band of this score column.
    Rating(u16),
}

#[derive(Debug, Clone)]
struct TemplateColumn {
    name: String,
    heading: String,
    input: Input,
    width: f64,
}

fn list_for(name: &str) -> Option<Vec<String>> {
    let words: &[&str] = match name {
        "unit" => &[
            "Percentage",
            "Number",
            "Currency",
            "Days",
            "Rate",
            "Time",
            "Score",
            "Milestone",
        ],
        "polarity" => &["Higher is better", "Lower is better", "Neither"],
        "frequency" => &["Monthly", "Quarterly", "Half-yearly", "Annual"],
        "statutory" => &["Yes", "No"],
        "rag" => &["Red", "Amber", "Green"],
        "response" => &["Treat", "Tolerate", "Transfer", "Terminate"],
        "review_frequency" => &["Monthly", "Quarterly", "Six-monthly", "Annually"],
        _ => return None,
    };
    Some(words.iter().map(|w| w.to_string()).collect())
}

fn columns_of(kind: TemplateKind, schema: &Schema) -> Vec<TemplateColumn> {
    let template = template_of(kind, schema);
    let mut columns: Vec<TemplateColumn> = Vec::new();
    for slot in template_slots(kind, template) {
        let column = column_for(slot, template, &schema.framework, &columns);
        columns.push(column);
    }
    columns
}

/// The fields a template has a column for, in order. Staged fields come together, a
/// stage at a time: inherent L, I, score; current L, I, score, rating; target L, I,
/// score.
fn template_slots(kind: TemplateKind, template: &TemplateSchema) -> Vec<Slot> {
    // Cause, event and effect are kept in the description: the template has that column.
    let skip = [
        "cause",
        "event",
        "effect",
        "directorate",
        "service",
        "direction",
        "register_level",
        "source",
        "other",
        "updated",
        "ytd",
        "ytd_target",
        "period_start",
        "forecast",
        "year",
        "benchmark",
    ];
    let mut slots: Vec<Slot> = Vec::new();
    let mut staged_done = false;
    for (index, field) in template.fields.iter().enumerate() {
        // A return's tolerance is the library's to set: the library's template has it.
        let library_only = kind == TemplateKind::IndicatorReturn && field.name == "tolerance";
        if skip.contains(&field.name.as_str()) || library_only {
            continue;
        }
        if !field.staged {
            slots.push(Slot {
                field: index,
                stage: None,
            });
            continue;
        }
        if staged_done {
            continue;
        }
        staged_done = true;
        for stage in Stage::ALL {
            for (staged_index, staged) in
                template.fields.iter().enumerate().filter(|(_, f)| f.staged)
            {
                // A rating for the current stage alone; likelihood and impact a column
                // each, never the two in one.
                if (staged.field_type == FieldType::Rating && stage != Stage::Current)
                    || staged.field_type == FieldType::Pair
                {
                    continue;
                }
                slots.push(Slot {
                    field: staged_index,
                    stage: Some(stage),
                });
            }
        }
    }
    slots
}

/// A slot's column: its heading, what it takes (a drop-down of the scale's labels, a
/// score worked out from the `columns` before it, a date, text) and its width.
fn column_for(
    slot: Slot,
    template: &TemplateSchema,
    framework: &Framework,
    columns: &[TemplateColumn],
) -> TemplateColumn {
    let field = &template.fields[slot.field];
    let stage = slot.stage;
    let position = |wanted: &str| {
        columns
            .iter()
            .position(|c| c.name == format!("{}_{wanted}", stage.map_or("", |s| s.name())))
            .map(|p| p as u16)
    };
    let input = match field.field_type {
        FieldType::Likelihood => {
            Input::List((1..=5).map(|v| framework.likelihood.label(v)).collect())
        }
        FieldType::Impact => Input::List((1..=5).map(|v| framework.impact.label(v)).collect()),
        FieldType::Score => match (position("likelihood"), position("impact")) {
            (Some(l), Some(i)) => Input::Score(l, i),
            _ => Input::Text,
        },
        FieldType::Rating => position("score").map_or(Input::Text, Input::Rating),
        FieldType::Date => Input::Date,
        FieldType::Pair => Input::Text,
        FieldType::Kind => Input::List(vec!["Risk".into(), "Opportunity".into()]),
        FieldType::Status => Input::List(vec!["Open".into(), "Closed".into()]),
        FieldType::Text => list_for(&field.name).map_or(Input::Text, Input::List),
    };
    let width = match (&input, field.name.as_str()) {
        (
            Input::Text,
            "title" | "name" | "description" | "definition" | "controls" | "further_actions"
            | "commentary" | "action",
        ) => 36.0,
        (Input::Text, _) => 18.0,
        (Input::List(_), _) => 16.0,
        _ => 11.0,
    };
    TemplateColumn {
        name: template.slot_name(slot),
        heading: template.slot_label(slot),
        input,
        width,
    }
}

fn template_of(kind: TemplateKind, schema: &Schema) -> &TemplateSchema {
    match kind {
        TemplateKind::RiskRegister => &schema.risk_register,
        TemplateKind::IndicatorReturn => &schema.indicator_return,
        TemplateKind::Definitions => &schema.indicator_definitions,
    }
}

/// The score formula of a row, blank until both likelihood and impact are chosen.
fn score_formula(row: u32, l: u16, i: u16) -> String {
    let (l, i) = (
        format!("{}{}", column_letters(l.into()), row + 1),
        format!("{}{}", column_letters(i.into()), row + 1),
    );
    format!("=IF(OR({l}=\"\",{i}=\"\"),\"\",VALUE(LEFT({l},1))*VALUE(LEFT({i},1)))")
}

fn rating_formula(row: u32, score: u16, schema: &Schema) -> String {
    let cell = format!("{}{}", column_letters(score.into()), row + 1);
    let mut formula = String::from("\"\"");
    for band in &schema.framework.bands {
        formula = format!("IF({cell}>={},\"{}\",{formula})", band.min, band.name);
    }
    format!("=IF({cell}=\"\",\"\",{formula})")
}

fn level_of(cell: Option<&Cell>) -> Option<f64> {
    match cell? {
        Cell::Number(n) => Some(*n),
        Cell::Text(t) => t
            .trim()
            .chars()
            .next()
            .and_then(|c| c.to_digit(10))
            .map(f64::from),
        _ => None,
    }
}

/// Write the template, with `filled` rows in it where given.
///
/// # Errors
/// Whatever rust_xlsxwriter reports.
pub fn template_workbook(
    kind: TemplateKind,
    schema: &Schema,
    block: &Block,
    filled: &Filled,
) -> Result<Workbook, XlsxError> {
    let formats = Formats::new(&schema.framework);
    let template = template_of(kind, schema);
    let columns = columns_of(kind, schema);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name(match kind {
        TemplateKind::RiskRegister => "Risk Register",
        TemplateKind::IndicatorReturn => "Indicator Return",
        TemplateKind::Definitions => "Definitions",
    })?;
    let input = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(rust_xlsxwriter::FormatBorder::Hair);
    let input_date = input.clone().set_num_format("dd/mm/yyyy");
    write_block(
        sheet,
        kind,
        &template.template.title,
        block,
        &formats,
        (&input, &input_date),
    )?;
    let rows = BLANK_ROWS.max(filled.len() as u32);
    let (first, last) = (HEADER_ROW + 1, HEADER_ROW + rows);
    for (c, column) in columns.iter().enumerate() {
        let c = c as u16;
        sheet.set_column_width(c, column.width)?;
        sheet.write_string_with_format(HEADER_ROW, c, &column.heading, &formats.header)?;
        for row in first..=last {
            let value = filled
                .get((row - first) as usize)
                .and_then(|values| values.get(&column.name));
            write_cell(
                sheet,
                row,
                c,
                column,
                value,
                filled.get((row - first) as usize),
                &columns,
                schema,
                &input,
                &input_date,
            )?;
        }
        validate(sheet, c, column, first, last)?;
        band_fills(sheet, c, column, (first, last), schema, &formats)?;
    }
    sheet.set_row_height(HEADER_ROW, 30)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.autofilter(HEADER_ROW, 0, last, columns.len() as u16 - 1)?;
    sheet.set_landscape();
    sheet.set_paper_size(8);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.protect();
    if kind == TemplateKind::RiskRegister {
        let guidance = workbook.add_worksheet().set_name("Guidance")?;
        write_guidance(guidance, schema, &formats)?;
    }
    Ok(workbook)
}

/// The block above the header: the template's title, then its Service, Directorate,
/// Completed by and reporting date (or period), filled where `block` gives them and
/// left as inputs.
fn write_block(
    sheet: &mut Worksheet,
    kind: TemplateKind,
    title: &str,
    block: &Block,
    formats: &Formats,
    (input, input_date): (&Format, &Format),
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, title, &formats.title)?;
    let reporting = if kind == TemplateKind::RiskRegister {
        "Reporting date:"
    } else {
        "Reporting period:"
    };
    let labels = [
        ("Service:", block.service.clone()),
        ("Directorate:", block.directorate.clone()),
        ("Completed by:", block.completed_by.clone()),
    ];
    for (i, (label, value)) in labels.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_string_with_format(row, 0, *label, &formats.label)?;
        match value {
            Some(value) => sheet.write_string_with_format(row, 1, value, input)?,
            None => sheet.write_blank(row, 1, input)?,
        };
    }
    sheet.write_string_with_format(4, 0, reporting, &formats.label)?;
    match block.reporting_date {
        Some(date) => sheet.write_datetime_with_format(4, 1, excel_date(date)?, input_date)?,
        None => sheet.write_blank(4, 1, input_date)?,
    };
    Ok(())
}

/// A score or rating column's fill by band, as conditional formats over its rows
/// `first` to `last`, so a score worked out or a rating chosen shows its colour.
fn band_fills(
    sheet: &mut Worksheet,
    column_index: u16,
    column: &TemplateColumn,
    (first, last): (u32, u32),
    schema: &Schema,
    formats: &Formats,
) -> Result<(), XlsxError> {
    if let Input::Score(..) = column.input {
        for band in &schema.framework.bands {
            let fill = formats.band(band, false).clone();
            let rule = ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::Between(
                    f64::from(band.min),
                    f64::from(band.max),
                ))
                .set_format(fill);
            sheet.add_conditional_format(first, column_index, last, column_index, &rule)?;
        }
    }
    if let Input::Rating(_) = column.input {
        for band in &schema.framework.bands {
            let fill = formats.band(band, false).clone();
            let rule = ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::EqualTo(
                    format!("\"{}\"", band.name).as_str(),
                ))
                .set_format(fill);
            sheet.add_conditional_format(first, column_index, last, column_index, &rule)?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    c: u16,
    column: &TemplateColumn,
    value: Option<&Cell>,
    values: Option<&HashMap<String, Cell>>,
    columns: &[TemplateColumn],
    schema: &Schema,
    input: &Format,
    input_date: &Format,
) -> Result<(), XlsxError> {
    let level = |col: u16| values.and_then(|v| level_of(v.get(&columns[col as usize].name)));
    match &column.input {
        Input::Score(l, i) => {
            let result = match (level(*l), level(*i)) {
                (Some(l), Some(i)) => format_number(l * i),
                _ => NO_RESULT.to_string(),
            };
            sheet.write_formula(
                row,
                c,
                Formula::new(score_formula(row, *l, *i)).set_result(result),
            )?;
        }
        Input::Rating(score) => {
            let (l, i) = match &columns[*score as usize].input {
                Input::Score(l, i) => (level(*l), level(*i)),
                _ => (None, None),
            };
            let result = match (l, i) {
                (Some(l), Some(i)) => schema
                    .framework
                    .band_of(l * i)
                    .map_or(NO_RESULT.to_string(), |b| b.name.clone()),
                _ => NO_RESULT.to_string(),
            };
            sheet.write_formula(
                row,
                c,
                Formula::new(rating_formula(row, *score, schema)).set_result(result),
            )?;
        }
        _ => {
            let format = if matches!(column.input, Input::Date) {
                input_date
            } else {
                input
            };
            match value {
                Some(Cell::Text(text)) => sheet.write_string_with_format(row, c, text, format)?,
                Some(Cell::Number(n)) => sheet.write_number_with_format(row, c, *n, format)?,
                Some(Cell::Percent(n)) => sheet.write_number_with_format(row, c, *n, format)?,
                Some(Cell::Date(d)) => {
                    sheet.write_datetime_with_format(row, c, excel_date(*d)?, input_date)?
                }
                _ => sheet.write_blank(row, c, format)?,
            };
        }
    }
    Ok(())
}

fn validate(
    sheet: &mut Worksheet,
    c: u16,
    column: &TemplateColumn,
    first: u32,
    last: u32,
) -> Result<(), XlsxError> {
    let validation = match &column.input {
        // A risk's own cycle may be any the framework's words allow ("6 weekly"): the
        // list suggests, and warns of, but takes, another.
        Input::List(words) if column.name == "review_frequency" => DataValidation::new()
            .allow_list_strings(words)?
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("Review frequency")?
            .set_error_message(
                "Not one of the list. Keep it if it says how often, such as '6 weekly'; \
                 left blank, the framework's cycle applies.",
            )?,
        Input::List(words) => DataValidation::new().allow_list_strings(words)?,
        Input::Date => DataValidation::new()
            .allow_date(DataValidationRule::Between(
                excel_date(NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default())?,
                excel_date(NaiveDate::from_ymd_opt(2099, 12, 31).unwrap_or_default())?,
            ))
            .set_error_message("Enter a date, day first: 31/10/2026.")?,
        _ => return Ok(()),
    };
    sheet.add_data_validation(first, c, last, c, &validation)?;
    Ok(())
}

fn write_guidance(
    sheet: &mut Worksheet,
    schema: &Schema,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let framework = &schema.framework;
    sheet.set_column_width(0, 30)?;
    for c in 1..=5 {
        sheet.set_column_width(c, 30)?;
    }
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    let label = formats
        .label
        .clone()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    sheet.write_string_with_format(0, 0, "How to score a risk or opportunity", &formats.title)?;
    sheet.write_string(1, 0, "Score = likelihood x impact (1 to 25). Choose each from the drop-down; the score and rating fill themselves in.")?;
    let mut row = 3;
    sheet.write_string_with_format(row, 0, "Likelihood", &formats.header)?;
    for (i, heading) in ["Risk", "Opportunity"].iter().enumerate() {
        sheet.write_string_with_format(row, 1 + i as u16, *heading, &formats.header)?;
    }
    for level in &framework.likelihood.levels {
        row += 1;
        sheet.write_string_with_format(
            row,
            0,
            framework.likelihood.label(level.value),
            &formats.label,
        )?;
        sheet.write_string_with_format(row, 1, &level.risk, &formats.text)?;
        sheet.write_string_with_format(row, 2, &level.opportunity, &formats.text)?;
        sheet.set_row_height(row, 30)?;
    }
    row += 2;
    sheet.write_string_with_format(row, 0, "Impact of a risk", &formats.header)?;
    for level in 1..=5u8 {
        sheet.write_string_with_format(
            row,
            level as u16,
            framework.impact.label(level),
            &formats.header,
        )?;
    }
    for domain in &framework.impact_domains {
        row += 1;
        sheet.write_string_with_format(row, 0, &domain.name, &label)?;
        for (i, text) in domain.levels.iter().enumerate() {
            sheet.write_string_with_format(row, 1 + i as u16, text, &formats.text)?;
        }
        sheet.set_row_height(row, 45)?;
    }
    row += 2;
    sheet.write_string_with_format(row, 0, "Scoring matrix", &formats.header)?;
    for likelihood in (1..=5u8).rev() {
        row += 1;
        sheet.write_string_with_format(
            row,
            0,
            framework.likelihood.label(likelihood),
            &formats.label,
        )?;
        for impact in 1..=5u8 {
            let score = f64::from(likelihood) * f64::from(impact);
            let fill = formats
                .for_score(framework, Some(score), false)
                .cloned()
                .unwrap_or_default()
                .set_bold();
            sheet.write_number_with_format(row, impact as u16, score, &fill)?;
        }
    }
    row += 1;
    for impact in 1..=5u8 {
        sheet.write_string_with_format(
            row,
            impact as u16,
            framework.impact.label(impact),
            &formats.label,
        )?;
    }
    row += 2;
    sheet.write_string_with_format(row, 0, "Bands", &formats.header)?;
    for band in &framework.bands {
        row += 1;
        sheet.write_string_with_format(
            row,
            0,
            format!("{} ({}-{})", band.name, band.min, band.max),
            formats.band(band, false),
        )?;
    }
    Ok(())
}
