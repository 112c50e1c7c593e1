//! A workbook read whole: each sheet taken for what it is and read, then what the
//! sheets say together (action plans, hidden rows, fills out of reach), and a finding
//! where no sheet holds anything to check.

use crate::finding::{CellRef, Finding, Rule, Severity};
use crate::read::grid::Grid;
use crate::read::open::Format;
use crate::read::register::Placement;
use crate::read::{actions, header, indicators, open, period, spotcheck, stages};
use crate::schema::Schema;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::sheet::{
    Fit, Sheet, consolidated_sheet_reason, rag_as_reported, read_made, read_remapped, scores_alone,
    sheet_named_hints, sniff,
};
use super::sheet_findings::one_source_unknown;
use super::tables::read_tables;
use super::{
    ALL_RISKS_SHEET, CompletedFor, INDICATORS_SHEET, SheetContent, SheetRead, WorkbookRead,
    is_consolidated, is_sheet,
};

/// Read one file. `file` is how findings name it; `hints` say what its folder and name imply.
pub fn read_workbook(
    path: &Path,
    file: &str,
    hints: &Placement,
    schema: &Schema,
    year: period::ReturnYear,
) -> WorkbookRead {
    let mut read = WorkbookRead {
        file: file.to_string(),
        format: None,
        sheets: Vec::new(),
        findings: Vec::new(),
        hidden: HashMap::new(),
    };
    let mut opened = match open::open(path, &schema.framework.limits, &|grid| {
        wants_merges(grid, schema)
    }) {
        Ok(opened) => opened,
        Err(open::Unreadable(reason)) => {
            read.findings.push(Finding::file(
                file,
                Rule::FileUnreadable,
                format!("Cannot read this file: {reason}."),
            ));
            return read;
        }
    };
    read.format = Some(opened.format);
    read.findings.extend(as_opened(file, &opened));
    // Formulas held without their results, worked out where they can be: by sheet.
    let worked: Vec<Vec<super::evaluate::WorkedOut>> = opened
        .sheets
        .iter_mut()
        .map(super::evaluate::work_out)
        .collect();
    // A workbook written by `consolidate` holds every risk once on "All risks"; its other
    // sheets (Register, Summary ...) repeat or summarise them and are not read again.
    let names: Vec<&str> = opened
        .sheets
        .iter()
        .map(|grid| grid.name.as_str())
        .collect();
    let consolidated = is_consolidated(&names);
    // A workbook of ours that is no return, kept beside the returns, is not read.
    if let Some((rule, message, reason)) = no_return_of_ours(&opened.sheets) {
        read.findings.push(Finding::file(file, rule, message));
        let not_read = |grid: &Grid| not_read_as(grid, reason);
        read.sheets = opened.sheets.iter().map(not_read).collect();
        return read;
    }
    let kinds = sheet_kinds(&opened.sheets, consolidated, schema, year);
    // Several registers (or returns) in one workbook, a sheet each: the sheets' names
    // tell their services apart better than the file's name does.
    let kind_count = |kind: fn(&Fit) -> bool| {
        kinds
            .iter()
            .filter(|k| matches!(k, Sheet::Table(Some(fit)) if kind(fit)))
            .count()
    };
    let several = Several {
        registers: kind_count(|f| matches!(f, Fit::Register(_))) > 1,
        returns: kind_count(|f| matches!(f, Fit::Return(..))) > 1,
    };
    let how = HowToRead {
        file,
        hints,
        schema,
        year,
        several,
    };
    for (grid, kind) in opened.sheets.iter().zip(kinds) {
        // A sheet of tables of two kinds (a service plan's indicators over its risks)
        // is read as each.
        for content in read_as(&how, grid, kind, &mut read.findings) {
            read.sheets.push(SheetRead {
                name: grid.name.clone(),
                visible: grid.visible,
                content,
            });
        }
    }
    read_together(&opened, consolidated, schema, &mut read);
    // Said of the sheets read, where the figures worked out are used.
    for (grid, worked) in opened.sheets.iter().zip(&worked) {
        let used = read.sheets.iter().any(|sheet| {
            sheet.name == grid.name
                && !matches!(
                    sheet.content,
                    SheetContent::NotRead { .. } | SheetContent::Blank
                )
        });
        if used {
            read.findings.extend(worked_out(file, &grid.name, worked));
        }
    }
    read
}

/// Merged regions matter to a header with group labels over short names ("Current
/// Risk" over Likelihood and Impact), and to regions merged down a column of the
/// table; a sheet with neither skips reading them.
fn wants_merges(grid: &Grid, schema: &Schema) -> bool {
    let template = &schema.risk_register;
    let search_rows = schema.framework.limits.max_header_search_rows;
    grid.rows
        .iter()
        .take_while(|row| row.index < search_rows)
        .any(|row| {
            row.cells.iter().any(|(_, value)| {
                value
                    .as_text()
                    .is_some_and(|t| template.stage_of_label(t).is_some())
            })
        })
        || grid.has_holes()
}

/// The reporting date a consolidated workbook was made for, from its Summary
/// ("Reporting date" | 31/10/2026): the date its risks were completed for.
fn consolidated_for(sheets: &[Grid]) -> Option<CompletedFor> {
    let summary = sheets
        .iter()
        .find(|grid| grid.name.trim().eq_ignore_ascii_case("Summary"))?;
    summary.rows.iter().take(10).find_map(|row| {
        let mut filled = row.cells.iter().filter(|(_, value)| !value.is_blank());
        let (_, label) = filled.next()?;
        if !label.display().eq_ignore_ascii_case("Reporting date") {
            return None;
        }
        let (column, value) = filled.next()?;
        let span = crate::read::values::date(value).ok().flatten()?;
        Some(CompletedFor {
            sheet: Some(summary.name.clone()),
            cell: CellRef::new(row.index, *column),
            written: value.display(),
            span,
        })
    })
}

/// A workbook this program writes that is no return: a spot-check sample (its rows
/// are values drawn from the returns, its Definition column no library), or an
/// annotated copy (it repeats its original). Its finding's rule and message, and why
/// its sheets are not read.
fn no_return_of_ours(sheets: &[Grid]) -> Option<(Rule, &'static str, &'static str)> {
    if sheets.iter().any(spotcheck::is_spotcheck_sheet) {
        return Some((
            Rule::FileSpotCheck,
            "This is a spot-check workbook (written by golden-thread spot-check), not a return: its values are not read again. Verify it with 'golden-thread spot-check verify'.",
            "a spot-check workbook, not a return",
        ));
    }
    sheets.first().is_some_and(is_annotated_list).then_some((
        Rule::FileAnnotatedCopy,
        "This is an annotated copy of a return (written by golden-thread's --annotate), not a return: nothing in it is read again, so its rows are not counted twice. The return itself is read where it is given.",
        "an annotated copy of a return",
    ))
}

/// A sheet of a workbook that is no return (a spot-check sample, an annotated copy),
/// not read, and why.
fn not_read_as(grid: &Grid, reason: &str) -> SheetRead {
    SheetRead {
        name: grid.name.clone(),
        visible: grid.visible,
        content: SheetContent::NotRead {
            rows: grid.rows.iter().filter(|row| !row.is_blank()).count(),
            reason: reason.into(),
        },
    }
}

/// Whether a sheet is the list of findings an annotated copy opens with: headed
/// "Sheet | Cell | Severity | Rule | Message" in its first row, and named as the copy
/// names it.
fn is_annotated_list(grid: &Grid) -> bool {
    use crate::write::annotate::{FINDINGS_SHEET, LIST_HEADINGS, OTHER_FINDINGS_SHEET};
    let named = grid.name == FINDINGS_SHEET || grid.name == OTHER_FINDINGS_SHEET;
    let first = grid.rows.first().filter(|row| row.index == 0);
    named
        && first.is_some_and(|row| {
            let texts: Vec<String> = row.cells.iter().map(|(_, v)| v.display()).collect();
            texts == LIST_HEADINGS
        })
}

/// What the sheets say together, once each is read: action plans matched to their
/// risks, hidden rows, fills out of reach in an .xlsb file, one finding for a source
/// unknown on every sheet, and a finding where no sheet holds anything to check.
fn read_together(
    opened: &open::Opened,
    consolidated: bool,
    schema: &Schema,
    read: &mut WorkbookRead,
) {
    let file = read.file.clone();
    action_plans(&file, &opened.sheets, read, schema);
    hidden_rows_read(&file, opened, read);
    if opened.format == Format::Xlsb {
        colours_out_of_reach(read, schema);
    }
    one_source_unknown(&mut read.findings);
    if consolidated && let Some(made_for) = consolidated_for(&opened.sheets) {
        for sheet in &mut read.sheets {
            if let SheetContent::RiskRegister(register) = &mut sheet.content {
                register.completed_for = Some(made_for.clone());
            }
        }
    }
    if consolidated {
        // A consolidated workbook with no indicators (or no risks) has that sheet's
        // header alone: nothing was left out of it.
        read.findings.retain(|f| f.rule != Rule::SheetNoRows);
    }
    let recognised = read
        .sheets
        .iter()
        .filter(|s| {
            !matches!(
                s.content,
                SheetContent::NotRead { .. } | SheetContent::Blank
            )
        })
        .count();
    if recognised == 0 && opened.refused.is_empty() {
        read.findings.retain(|f| f.rule != Rule::SheetUnrecognised);
        let finding = nothing_to_check(&file, &opened.sheets, &read.sheets, schema);
        read.findings.push(finding);
    }
}

/// One `cell.formula-worked-out` for a sheet's formulas held without their results
/// and worked out here, at the first of them. A score that multiplies its row's
/// likelihood and impact is the framework's rule, and not counted.
fn worked_out(file: &str, sheet: &str, worked: &[super::evaluate::WorkedOut]) -> Option<Finding> {
    let worked: Vec<&super::evaluate::WorkedOut> =
        worked.iter().filter(|w| !w.is_row_product()).collect();
    let first = worked.first()?;
    let at = CellRef::new(first.row, first.column);
    let (formula, value) = (&first.formula, first.result_in_words());
    let message = match worked.len() {
        1 => format!(
            "The formula ={formula} had no result saved in the file (the program that saved it writes formulas without working them out): it is worked out here from the cells it uses, as Excel would, as {value}. Open the file in Excel or LibreOffice and save it, so that every program reads the same figures."
        ),
        n => format!(
            "{n} formulas on this sheet had no result saved in the file (the program that saved it writes formulas without working them out): each is worked out here from the cells it uses, as Excel would ({at}: ={formula} is {value}). Open the file in Excel or LibreOffice and save it, so that every program reads the same figures."
        ),
    };
    Some(
        Finding::file(file, Rule::CellFormulaWorkedOut, message)
            .on_sheet(sheet)
            .at(at),
    )
}

/// What opening the file said of it as a whole: calculation set to manual, and sheets
/// refused (over the size limits).
fn as_opened(file: &str, opened: &open::Opened) -> Vec<Finding> {
    let mut findings = Vec::new();
    if opened.manual_calculation {
        findings.push(Finding::file(
            file,
            Rule::FileManualCalculation,
            "The workbook was saved with its calculation set to manual, so the results saved for its formulas may be out of date: a score or figure worked out by a formula may not follow from the cells it uses. Open it in Excel, set Formulas › Calculation Options to Automatic (or press F9), and save it.",
        ));
    }
    for refused in &opened.refused {
        findings.push(
            Finding::file(
                file,
                Rule::FileUnreadable,
                format!("Cannot read sheet '{}': {}.", refused.sheet, refused.reason),
            )
            .on_sheet(&refused.sheet),
        );
    }
    findings
}

/// What each sheet is, decided once: the template it fits, if any, is known before any
/// is read, so that several registers in one workbook can be told apart.
fn sheet_kinds(
    sheets: &[Grid],
    consolidated: bool,
    schema: &Schema,
    year: period::ReturnYear,
) -> Vec<Sheet> {
    sheets
        .iter()
        .map(|grid| {
            let indicators = is_sheet(&grid.name, INDICATORS_SHEET);
            if consolidated && !is_sheet(&grid.name, ALL_RISKS_SHEET) && !indicators {
                Sheet::Summary
            } else if grid.is_blank() {
                Sheet::Blank
            } else if indicators::is_priorities_sheet(grid) {
                Sheet::Priorities
            } else if consolidated && indicators {
                Sheet::Table(sniff(grid, schema, year).map(|fit| rag_as_reported(fit, schema)))
            } else {
                Sheet::Table(sniff(grid, schema, year))
            }
        })
        .collect()
}

/// Whether a workbook holds several registers, or several returns, a sheet each.
#[derive(Clone, Copy)]
struct Several {
    registers: bool,
    returns: bool,
}

/// What every sheet of one workbook is read with.
struct HowToRead<'a> {
    file: &'a str,
    hints: &'a Placement,
    schema: &'a Schema,
    year: period::ReturnYear,
    several: Several,
}

/// A sheet read as what it was taken for: its content, or its contents where it holds
/// tables of two kinds.
fn read_as(
    how: &HowToRead,
    grid: &Grid,
    kind: Sheet,
    findings: &mut Vec<Finding>,
) -> Vec<SheetContent> {
    let HowToRead {
        file,
        hints,
        schema,
        year,
        several,
    } = *how;
    let template = &schema.risk_register;
    match kind {
        Sheet::Summary => vec![SheetContent::NotRead {
            rows: grid.rows.iter().filter(|row| !row.is_blank()).count(),
            reason: consolidated_sheet_reason(&grid.name),
        }],
        Sheet::Blank => vec![SheetContent::Blank],
        Sheet::Priorities => vec![SheetContent::Priorities(indicators::read_priorities(grid))],
        // A sheet of cards, a risk's or an indicator's fields labelled down the sheet,
        // or a return of months down and indicators across; the header of a risk card's
        // table of scores ("Likelihood | Impact | Score | Rating") is no register's,
        // with no ID or title.
        Sheet::Table(fit)
            if fit.as_ref().is_none_or(|fit| scores_alone(fit, template))
                && let Some(content) = read_remapped(file, grid, hints, schema, year, findings) =>
        {
            vec![content]
        }
        // A register with a row for each stage of a risk's scores.
        Sheet::Table(Some(Fit::Register(header)))
            if let Some(remapped) = stages::stage_rows(grid, &header, template)
                && let Some(content) =
                    read_made(file, grid, remapped, hints, schema, year, findings) =>
        {
            vec![content]
        }
        Sheet::Table(fit) => {
            let sheet_hints = match &fit {
                Some(Fit::Register(_)) if several.registers => {
                    sheet_named_hints(hints, grid, schema)
                }
                Some(Fit::Return(..)) if several.returns => sheet_named_hints(hints, grid, schema),
                _ => hints.clone(),
            };
            let year = year.given.unwrap_or(year.otherwise);
            let contents = read_tables(file, grid, fit, &sheet_hints, schema, year, findings);
            if contents.is_empty() {
                vec![SheetContent::Blank]
            } else {
                contents
            }
        }
    }
}

/// The finding for a workbook where no sheet holds anything to check: a findings
/// report, an empty workbook, or sheets none of which is a register, return or library.
fn nothing_to_check(file: &str, grids: &[Grid], sheets: &[SheetRead], schema: &Schema) -> Finding {
    // A findings report (`check --report`) saved among the returns holds none.
    let report = grids.iter().any(|grid| {
        grid.row_with_headings(&["Rule", "Severity", "Message"], 1)
            .is_some()
    });
    if report {
        return Finding::file(
            file,
            Rule::FileReport,
            "This is a findings report (written by golden-thread check --report), not a return: nothing in it is read.",
        );
    }
    let message = if sheets
        .iter()
        .all(|s| matches!(s.content, SheetContent::Blank))
    {
        "The workbook is empty: no sheet holds any data.".to_string()
    } else {
        let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        format!(
            "No sheet holds a risk register, indicator return or definitions library (looked at: {}). A register needs a header row naming at least {} of its columns, such as Risk ID, Risk, Risk Owner, Likelihood and Impact; a return, an indicator ID and name with an Actual column or a column per period.",
            names.join(", "),
            schema.risk_register.template.min_fields
        )
    };
    Finding::file(file, Rule::SheetUnrecognised, message).severity(Severity::Error)
}

/// `sheet.hidden-rows`: a register's, return's or library's rows below its header
/// that the sheet hides (by a filter, or by hand), once per sheet. They are read as
/// any other row; a finding on one says so ([`crate::read::hidden::Hidden`]).
fn hidden_rows_read(file: &str, opened: &open::Opened, read: &mut WorkbookRead) {
    read.hidden = opened.hidden.clone();
    let mut by_sheet: Vec<(&str, &'static str, BTreeSet<u32>)> = Vec::new();
    for sheet in &read.sheets {
        let (header, what) = match &sheet.content {
            SheetContent::RiskRegister(register) => (&register.header, "risks"),
            SheetContent::IndicatorReturn(values) => (&values.header, "indicator values"),
            SheetContent::Definitions(library) => (&library.header, "definitions"),
            _ => continue,
        };
        let (Some(hidden), Some(grid)) = (
            opened.hidden.get(&sheet.name),
            opened.sheets.iter().find(|g| g.name == sheet.name),
        ) else {
            continue;
        };
        let rows = grid
            .rows
            .iter()
            .filter(|r| r.index > header.last_row && !r.is_blank() && hidden.row(r.index))
            .map(|r| r.index);
        match by_sheet.iter_mut().find(|(name, ..)| *name == sheet.name) {
            Some((_, _, found)) => found.extend(rows),
            None => by_sheet.push((&sheet.name, what, rows.collect())),
        }
    }
    for (sheet, what, rows) in by_sheet {
        let Some(&first) = rows.first() else {
            continue;
        };
        let rows: Vec<u32> = rows.into_iter().map(|row| row + 1).collect();
        let (many, listed) = (rows.len() > 1, runs_in_words(&rows));
        read.findings.push(
            Finding::file(
                file,
                Rule::SheetHiddenRows,
                if many {
                    format!(
                        "Rows {listed} are hidden (by a filter or by hand): they are read as {what} like every other row. Unhide them to see what they hold, or delete them if no longer wanted."
                    )
                } else {
                    format!(
                        "Row {listed} is hidden (by a filter or by hand): it is read like every other row of {what}. Unhide it to see what it holds, or delete it if no longer wanted."
                    )
                },
            )
            .on_sheet(sheet)
            .at(CellRef::new(first, 0)),
        );
    }
}

/// Numbers in order as runs in words: "12 to 15, 20 and 31".
fn runs_in_words(numbers: &[u32]) -> String {
    let mut runs: Vec<String> = Vec::new();
    let mut k = 0;
    while k < numbers.len() {
        let start = numbers[k];
        let mut end = start;
        while k + 1 < numbers.len() && numbers[k + 1] == end + 1 {
            k += 1;
            end = numbers[k];
        }
        match end - start {
            0 => runs.push(start.to_string()),
            1 => runs.extend([start.to_string(), end.to_string()]),
            _ => runs.push(format!("{start} to {end}")),
        }
        k += 1;
    }
    crate::finding::in_words(&runs)
}

/// Sheets that fit no template but hold an action plan keyed by the IDs of the
/// workbook's risks: their rows become those risks' actions, and the sheet is read
/// rather than unrecognised.
fn action_plans(file: &str, grids: &[Grid], read: &mut WorkbookRead, schema: &Schema) {
    if !read
        .sheets
        .iter()
        .any(|s| matches!(s.content, SheetContent::RiskRegister(_)))
    {
        return;
    }
    for (position, grid) in grids.iter().enumerate() {
        let unrecognised = |f: &Finding| {
            f.rule == Rule::SheetUnrecognised && f.sheet.as_deref() == Some(grid.name.as_str())
        };
        if !matches!(read.sheets[position].content, SheetContent::NotRead { .. })
            || !read.findings.iter().any(unrecognised)
        {
            continue;
        }
        let rows = header::HeaderRows::new(grid, schema.framework.limits.max_header_search_rows);
        let Some(plan) = actions::find_plan(&rows, &schema.risk_register) else {
            continue;
        };
        let mut findings = Vec::new();
        let mut risks: Vec<&mut crate::model::Risk> = read
            .sheets
            .iter_mut()
            .filter_map(|sheet| match &mut sheet.content {
                SheetContent::RiskRegister(register) => Some(register.rows.risks.iter_mut()),
                _ => None,
            })
            .flatten()
            .collect();
        let plan_read = actions::join_plan(
            file,
            grid,
            &plan,
            &schema.framework.notes,
            &mut risks,
            &mut findings,
        );
        read.findings.retain(|f| !unrecognised(f));
        read.findings.extend(findings);
        read.sheets[position].content = SheetContent::ActionPlan(plan_read);
    }
}

/// A RAG or rating column left blank on every row of an .xlsb file: the status may be
/// shown by colouring the cells, which golden-thread reads from .xlsx, .xls and .ods
/// only. One info finding at the column's heading says so.
fn colours_out_of_reach(read: &mut WorkbookRead, schema: &Schema) {
    for sheet in &read.sheets {
        let (header, field, slot, all_blank, what) = match &sheet.content {
            SheetContent::RiskRegister(register) => (
                &register.header,
                "rating",
                schema.risk_register.slot("rating"),
                !register.rows.risks.is_empty()
                    && register
                        .rows
                        .risks
                        .iter()
                        .all(|r| r.current.rating.is_none()),
                "Red, Amber, Green or the band's name",
            ),
            SheetContent::IndicatorReturn(sheet) => (
                &sheet.header,
                "rag",
                schema.indicator_return.slot("rag"),
                sheet.values.iter().any(|v| v.actual.is_some())
                    && sheet.values.iter().all(|v| v.rag.is_none()),
                "Red, Amber or Green",
            ),
            _ => continue,
        };
        let Some(&column) = slot.and_then(|slot| header.slots.get(&slot)) else {
            continue;
        };
        if !all_blank {
            continue;
        }
        let heading = header
            .columns
            .iter()
            .find(|c| c.index == column)
            .map_or(String::new(), |c| c.header.clone());
        read.findings.push(
            Finding::file(
                &read.file,
                Rule::SheetColoursUnread,
                format!(
                    "The '{heading}' column is blank on every row. If the status is shown by colouring the cells, the colours cannot be read from an .xlsb file: save it as an Excel Workbook (.xlsx), or type {what} in the cells."
                ),
            )
            .on_sheet(&sheet.name)
            .at(CellRef::new(header.last_row, column))
            .field(field),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rag_column_blank_on_every_row_of_an_xlsb_file_is_named_as_out_of_reach() {
        // A return's cells with no fills, as an .xlsb's are read.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kpis.csv");
        std::fs::write(
            &path,
            "Service: Libraries\n\nPI Ref,Indicator,Polarity,Q1,Q2,Target,RAG\n\
             LIB-01,Library visits,Higher is better,31000,29000,30000,\n",
        )
        .unwrap();
        let schema = Schema::embedded().unwrap();
        let mut read = read_workbook(
            &path,
            "coloured-rag.xlsb",
            &Placement::default(),
            &schema,
            period::ReturnYear::given(2026),
        );
        read.findings.clear();
        colours_out_of_reach(&mut read, &schema);
        let found: Vec<(&str, Option<String>)> = read
            .findings
            .iter()
            .map(|f| (f.rule.id(), f.cell.as_ref().map(|c| c.to_string())))
            .collect();
        assert_eq!(found, [("sheet.colours-unread", Some("G3".to_string()))]);
        assert_eq!(
            read.findings[0].message,
            "The 'RAG' column is blank on every row. If the status is shown by colouring the cells, the colours cannot be read from an .xlsb file: save it as an Excel Workbook (.xlsx), or type Red, Amber or Green in the cells."
        );
    }
}
