//! The only module that touches calamine: open any workbook or CSV, find each sheet's
//! template by its header row, map columns to fields, and yield typed records that
//! carry their provenance. Problems with the file or its layout become findings.

mod across;
pub mod actions;
mod biff;
mod cards;
mod compound;
pub mod copies;
mod csv;
pub mod discover;
pub mod grid;
pub mod header;
pub mod hidden;
mod html;
pub mod indicators;
mod ods;
pub mod open;
pub mod period;
pub mod register;
pub mod shade;
pub mod spotcheck;
mod spreadsheetml;
mod stages;
mod transposed;
pub mod values;

use crate::finding::{CellRef, Finding, Rule, Severity};
use crate::model::Text;
use crate::schema::{BlockKey, FieldType, Schema, Slot, TemplateSchema};
pub use discover::{DiscoverError, Input, discover};
use grid::Grid;
use header::Header;
pub use open::Format;
pub use register::{Placement, RegisterRows, RowLeftOut};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// The sheet of a consolidated workbook that holds every risk once.
pub const ALL_RISKS_SHEET: &str = "All risks";
/// The sheet of a consolidated workbook that holds every indicator value once.
pub const INDICATORS_SHEET: &str = "Indicators";
/// The Indicators sheet's column of the RAG as the service reported it.
pub const RAG_REPORTED: &str = "RAG reported";
/// The heading of the direction of travel a return reported, beside the one worked out
/// from its figures, on a consolidated workbook's Indicators sheet.
pub const DIRECTION_REPORTED: &str = "Direction reported";
/// The sheet of a consolidated workbook that accounts for every row read.
pub const LEDGER_SHEET: &str = "Ledger";
/// The sheet of a consolidated workbook that holds its level's risks, again.
pub const REGISTER_SHEET: &str = "Register";

/// Whether a workbook's sheet names mark it as written by `consolidate`: "All risks"
/// with its "Ledger" or its "Register" beside it, as a lead may delete one before
/// passing the workbook on. Names match as Excel matches them, whatever their case.
pub fn is_consolidated<S: AsRef<str>>(names: &[S]) -> bool {
    let has = |wanted: &str| names.iter().any(|name| is_sheet(name.as_ref(), wanted));
    has(ALL_RISKS_SHEET) && (has(LEDGER_SHEET) || has(REGISTER_SHEET))
}

/// Whether the sheet `name` is the sheet `wanted`, as Excel compares sheet names.
pub fn is_sheet(name: &str, wanted: &str) -> bool {
    name.trim().to_lowercase() == wanted.to_lowercase()
}

/// A risk register found on a sheet.
#[derive(Debug, Clone)]
pub struct RegisterSheet {
    /// The header found.
    pub header: Header,
    /// The labelled block above it.
    pub block: HashMap<BlockKey, String>,
    /// Its rows.
    pub rows: RegisterRows,
    /// Read from risk cards, a risk's fields labelled down the sheet: a workbook of a
    /// sheet per card is one register.
    pub cards: bool,
}

/// What a sheet turned out to hold.
#[derive(Debug, Clone)]
pub enum SheetContent {
    /// A risk register.
    RiskRegister(Box<RegisterSheet>),
    /// Rows that were not read as risks: a sheet that is not a register (guidance,
    /// lists), or a report sheet of a workbook golden-thread wrote.
    NotRead {
        /// Non-blank rows on the sheet.
        rows: usize,
        /// Why they were not read, for the ledger.
        reason: String,
    },
    /// An indicator return.
    IndicatorReturn(Box<indicators::ReturnSheet>),
    /// An indicator definitions library.
    Definitions(Box<indicators::DefinitionsSheet>),
    /// The corporate plan's priorities.
    Priorities(Vec<String>),
    /// An action plan: its rows are the actions of the register's risks.
    ActionPlan(actions::PlanRead),
    /// Nothing at all.
    Blank,
}

/// One sheet as read.
#[derive(Debug, Clone)]
pub struct SheetRead {
    /// The sheet's name.
    pub name: String,
    /// Whether it is shown.
    pub visible: bool,
    /// What it holds.
    pub content: SheetContent,
}

/// One file as read: its sheets and the problems met reading them.
#[derive(Debug, Clone)]
pub struct WorkbookRead {
    /// The file as named in findings.
    pub file: String,
    /// The format, when the file could be opened.
    pub format: Option<Format>,
    /// The sheets, in workbook order.
    pub sheets: Vec<SheetRead>,
    /// `file.*`, `sheet.*`, `header.*` and `cell.*` findings.
    pub findings: Vec<Finding>,
    /// The rows and columns each .xlsx, .xls or .ods sheet hides, by sheet name.
    pub hidden: HashMap<String, hidden::Hidden>,
}

impl WorkbookRead {
    /// A file that was not read, with the one finding that says why.
    pub fn unreadable(file: &str, message: impl Into<String>) -> WorkbookRead {
        WorkbookRead {
            file: file.to_string(),
            format: None,
            sheets: Vec::new(),
            findings: vec![Finding::file(file, Rule::FileUnreadable, message)],
            hidden: HashMap::new(),
        }
    }

    /// The indicator returns, with their sheets' names.
    pub fn returns(&self) -> impl Iterator<Item = (&str, &indicators::ReturnSheet)> {
        self.sheets.iter().filter_map(|sheet| match &sheet.content {
            SheetContent::IndicatorReturn(sheet_read) => {
                Some((sheet.name.as_str(), sheet_read.as_ref()))
            }
            _ => None,
        })
    }

    /// The indicator returns as each is one return: a long return kept a sheet per
    /// period ("Apr", "May", "Q2 2026/27") is one, its sheets together, and so is a
    /// wide one kept a sheet per month or quarter; any other return sheet is one on its
    /// own. Each is the positions of its sheets.
    pub fn return_groups(&self) -> Vec<Vec<usize>> {
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut by_period: Vec<usize> = Vec::new();
        for (position, sheet) in self.sheets.iter().enumerate() {
            let SheetContent::IndicatorReturn(sheet_read) = &sheet.content else {
                continue;
            };
            let named_for = period::sheet_period(&sheet.name, 0).map(|(period, _)| period);
            let by_sheet = match sheet_read.layout {
                indicators::Layout::Long { .. } => named_for.is_some(),
                // A wide sheet per month or quarter holds its own periods: those it
                // shares with the current sheet were set aside.
                indicators::Layout::Wide { .. } => {
                    named_for.is_some_and(copies::is_wide_sheet_period)
                }
            };
            if by_sheet {
                by_period.push(position);
            } else {
                groups.push(vec![position]);
            }
        }
        if !by_period.is_empty() {
            groups.push(by_period);
        }
        groups
    }

    /// The indicator returns, grouped as [`WorkbookRead::return_groups`] says, with
    /// their sheets' names.
    pub fn returns_together(&self) -> Vec<Vec<(&str, &indicators::ReturnSheet)>> {
        self.return_groups()
            .into_iter()
            .map(|group| {
                group
                    .into_iter()
                    .filter_map(|position| {
                        let sheet = &self.sheets[position];
                        match &sheet.content {
                            SheetContent::IndicatorReturn(read) => {
                                Some((sheet.name.as_str(), read.as_ref()))
                            }
                            _ => None,
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// The definitions libraries.
    pub fn definitions(&self) -> impl Iterator<Item = &indicators::DefinitionsSheet> {
        self.sheets.iter().filter_map(|sheet| match &sheet.content {
            SheetContent::Definitions(library) => Some(library.as_ref()),
            _ => None,
        })
    }

    /// The register sheets, with their names.
    pub fn registers(&self) -> impl Iterator<Item = (&str, &RegisterSheet)> {
        self.sheets.iter().filter_map(|sheet| match &sheet.content {
            SheetContent::RiskRegister(register) => Some((sheet.name.as_str(), register.as_ref())),
            _ => None,
        })
    }
}

/// Whether `path` is a workbook written by `consolidate` (its sheets include the
/// consolidated signature). Only the sheet list is read.
pub fn is_consolidated_workbook(path: &Path) -> bool {
    use calamine::Reader;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(workbook) = calamine::Xlsx::new(std::io::BufReader::new(file)) else {
        return false;
    };
    is_consolidated(&workbook.sheet_names())
}

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
    let template = &schema.risk_register;
    let search_rows = schema.framework.limits.max_header_search_rows;
    // Merged regions matter to a header with group labels over short names, and to
    // regions merged down a column of the table; a sheet with neither skips them.
    let wants_merges = |grid: &Grid| {
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
    };
    let opened = match open::open(path, &schema.framework.limits, &wants_merges) {
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
    if opened.manual_calculation {
        read.findings.push(Finding::file(
            file,
            Rule::FileManualCalculation,
            "The workbook was saved with its calculation set to manual, so the results saved for its formulas may be out of date: a score or figure worked out by a formula may not follow from the cells it uses. Open it in Excel, set Formulas › Calculation Options to Automatic (or press F9), and save it.",
        ));
    }
    for refused in &opened.refused {
        read.findings.push(
            Finding::file(
                file,
                Rule::FileUnreadable,
                format!("Cannot read sheet '{}': {}.", refused.sheet, refused.reason),
            )
            .on_sheet(&refused.sheet),
        );
    }
    // A workbook written by `consolidate` holds every risk once on "All risks"; its other
    // sheets (Register, Summary ...) repeat or summarise them and are not read again.
    let names: Vec<&str> = opened
        .sheets
        .iter()
        .map(|grid| grid.name.as_str())
        .collect();
    let consolidated = is_consolidated(&names);
    // A spot-check sample kept beside the returns is none: its rows are values drawn
    // from them, its Definition column no library.
    if opened.sheets.iter().any(spotcheck::is_spotcheck_sheet) {
        read.findings.push(Finding::file(
            file,
            Rule::FileSpotCheck,
            "This is a spot-check workbook (written by golden-thread spot-check), not a return: its values are not read again. Verify it with 'golden-thread spot-check verify'.",
        ));
        read.sheets = opened
            .sheets
            .iter()
            .map(|grid| SheetRead {
                name: grid.name.clone(),
                visible: grid.visible,
                content: SheetContent::NotRead {
                    rows: grid.rows.iter().filter(|row| !row.is_blank()).count(),
                    reason: "a spot-check workbook, not a return".into(),
                },
            })
            .collect();
        return read;
    }
    // What each sheet is, decided once: the template it fits, if any, is known before
    // any is read, so that several registers in one workbook can be told apart.
    let kinds: Vec<Sheet> = opened
        .sheets
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
        .collect();
    // Several registers (or returns) in one workbook, a sheet each: the sheets' names
    // tell their services apart better than the file's name does.
    let kind_count = |kind: fn(&Fit) -> bool| {
        kinds
            .iter()
            .filter(|k| matches!(k, Sheet::Table(Some(fit)) if kind(fit)))
            .count()
    };
    let several = [
        kind_count(|f| matches!(f, Fit::Register(_))) > 1,
        kind_count(|f| matches!(f, Fit::Return(..))) > 1,
    ];
    for (grid, kind) in opened.sheets.iter().zip(kinds) {
        let mut others = Vec::new();
        let content = match kind {
            Sheet::Summary => SheetContent::NotRead {
                rows: grid.rows.iter().filter(|row| !row.is_blank()).count(),
                reason: consolidated_sheet_reason(&grid.name),
            },
            Sheet::Blank => SheetContent::Blank,
            Sheet::Priorities => SheetContent::Priorities(indicators::read_priorities(grid)),
            // A sheet of cards, a risk's or an indicator's fields labelled down the
            // sheet, or a return of months down and indicators across; the header of a
            // risk card's table of scores ("Likelihood | Impact | Score | Rating") is no
            // register's, with no ID or title.
            Sheet::Table(fit)
                if fit.as_ref().is_none_or(|fit| scores_alone(fit, template))
                    && let Some(content) =
                        read_remapped(file, grid, hints, schema, year, &mut read.findings) =>
            {
                content
            }
            // A register with a row for each stage of a risk's scores.
            Sheet::Table(Some(Fit::Register(header)))
                if let Some(remapped) = stages::stage_rows(grid, &header, template)
                    && let Some(content) = read_made(
                        file,
                        grid,
                        remapped,
                        hints,
                        schema,
                        year,
                        &mut read.findings,
                    ) =>
            {
                content
            }
            Sheet::Table(fit) => {
                let sheet_hints = match &fit {
                    Some(Fit::Register(_)) if several[0] => sheet_named_hints(hints, grid, schema),
                    Some(Fit::Return(..)) if several[1] => sheet_named_hints(hints, grid, schema),
                    _ => hints.clone(),
                };
                let year = year.given.unwrap_or(year.otherwise);
                let mut contents = read_tables(
                    file,
                    grid,
                    fit,
                    &sheet_hints,
                    schema,
                    year,
                    &mut read.findings,
                )
                .into_iter();
                let first = contents.next().unwrap_or(SheetContent::Blank);
                others.extend(contents);
                first
            }
        };
        // A sheet of tables of two kinds (a service plan's indicators over its risks)
        // is read as each.
        for content in std::iter::once(content).chain(others) {
            read.sheets.push(SheetRead {
                name: grid.name.clone(),
                visible: grid.visible,
                content,
            });
        }
    }
    action_plans(file, &opened.sheets, &mut read, schema);
    hidden_rows_read(file, &opened, &mut read);
    if opened.format == Format::Xlsb {
        colours_out_of_reach(&mut read, schema);
    }
    one_source_unknown(&mut read.findings);
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
        // A findings report (`check --report`) saved among the returns holds none.
        let report = opened.sheets.iter().any(|grid| {
            grid.row_with_headings(&["Rule", "Severity", "Message"], 1)
                .is_some()
        });
        let finding = if report {
            Finding::file(
                file,
                Rule::FileReport,
                "This is a findings report (written by golden-thread check --report), not a return: nothing in it is read.",
            )
        } else {
            let message = if read
                .sheets
                .iter()
                .all(|s| matches!(s.content, SheetContent::Blank))
            {
                "The workbook is empty: no sheet holds any data.".to_string()
            } else {
                let names: Vec<&str> = read.sheets.iter().map(|s| s.name.as_str()).collect();
                format!(
                    "No sheet holds a risk register, indicator return or definitions library (looked at: {}). A register needs a header row naming at least {} of its columns, such as Risk ID, Risk, Risk Owner, Likelihood and Impact; a return, an indicator ID and name with an Actual column or a column per period.",
                    names.join(", "),
                    schema.risk_register.template.min_fields
                )
            };
            Finding::file(file, Rule::SheetUnrecognised, message).severity(Severity::Error)
        };
        read.findings.push(finding);
    }
    read
}

/// `sheet.hidden-rows`: a register's, return's or library's rows below its header
/// that the sheet hides (by a filter, or by hand), once per sheet. They are read as
/// any other row; a finding on one says so ([`hidden::Hidden`]).
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

/// What a sheet of a workbook is, before it is read.
enum Sheet {
    /// A summary sheet of a workbook `consolidate` wrote: its risks are on All risks.
    Summary,
    /// Nothing in it.
    Blank,
    /// The corporate plan's priorities.
    Priorities,
    /// A table: the template it fits best, or none.
    Table(Option<Fit>),
}

/// Which template a sheet fits best, by how many of its fields the header names.
#[derive(Clone)]
enum Fit {
    Register(Header),
    /// A return, its layout, and the financial year it is read for.
    Return(Header, indicators::Layout, i32),
    Definitions(Header),
}

/// A consolidated workbook's Indicators sheet has the RAG and direction of travel
/// worked out from the figures ("RAG", "Direction of travel") and those the service
/// reported ("RAG reported", "Direction reported"): read back, they are the reported
/// ones, so that a corporate run judges them again as the directorate run did.
fn rag_as_reported(fit: Fit, schema: &Schema) -> Fit {
    let Fit::Return(mut header, layout, year) = fit else {
        return fit;
    };
    for (heading, field) in [(RAG_REPORTED, "rag"), (DIRECTION_REPORTED, "direction")] {
        let reported = header
            .columns
            .iter()
            .position(|column| column.header == heading);
        if let (Some(reported), Some(slot)) = (reported, schema.indicator_return.slot(field)) {
            if let Some(&computed) = header.slots.get(&slot) {
                header.unmap(computed);
            }
            header.unmap(header.columns[reported].index);
            header.columns[reported].slot = Some(slot);
            header.slots.insert(slot, header.columns[reported].index);
        }
    }
    Fit::Return(header, layout, year)
}

fn sniff(grid: &Grid, schema: &Schema, year: period::ReturnYear) -> Option<Fit> {
    let rows = header::HeaderRows::new(grid, schema.framework.limits.max_header_search_rows);
    let mut best: Option<(usize, Fit)> = None;
    let mut consider = |score: usize, fit: Fit| {
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, fit));
        }
    };
    if let Some(header) = header::find_header(grid, &rows, &schema.risk_register) {
        consider(header.slots.len(), Fit::Register(header));
    }
    if let Some(mut header) = header::find_header(grid, &rows, &schema.indicator_return)
        && let Some((layout, year)) =
            indicators::return_fit(grid, &mut header, &schema.indicator_return, year)
    {
        let periods = match &layout {
            indicators::Layout::Wide { periods, .. } => periods.len().min(3),
            indicators::Layout::Long { .. } => 0,
        };
        consider(
            header.slots.len() + periods,
            Fit::Return(header, layout, year),
        );
    }
    if let Some(header) = header::find_header(grid, &rows, &schema.indicator_definitions) {
        consider(header.slots.len(), Fit::Definitions(header));
    }
    best.map(|(_, fit)| fit)
}

/// The hints for one of several registers or returns in a workbook: the sheet's name
/// as the service, less the words of a register around it ("Planning Risk Register"
/// is Planning), unless it names no service ("Closed risks", "Archive", "Sheet2",
/// "Strategic Risk Register", or a period: "Oct 2026", "Q2").
fn sheet_named_hints(hints: &Placement, grid: &Grid, schema: &Schema) -> Placement {
    let name = grid.name.trim();
    let key = crate::schema::squash(name);
    let service = period::service_words(name).join(" ");
    let service_key = crate::schema::squash(&service);
    let template = &schema.risk_register;
    // A name ending as a section heading does ("Closed risks", "Project Opportunities")
    // names a service only where the words before it do.
    let heading = template.section_heading(name).is_some()
        || template.section_heading_by_ending(name).is_some()
            && (service_key == key || period::NOT_SERVICES.contains(&service_key.as_str()));
    let generic = key.is_empty()
        || key.starts_with("sheet")
        || period::sheet_period(name, 0).is_some()
        || period::NOT_SERVICES.contains(&key.as_str())
        || heading;
    Placement {
        directorate: hints.directorate.clone(),
        service: if generic {
            hints.service.clone()
        } else {
            Some(service)
        },
    }
}

/// Read a table sheet by the template it fits, its regions merged down spread first.
fn read_sheet(
    file: &str,
    grid: &Grid,
    fit: Option<Fit>,
    hints: &Placement,
    schema: &Schema,
    findings: &mut Vec<Finding>,
) -> SheetContent {
    let Some(fit) = fit else {
        return read_fitted(file, grid, None, hints, schema, findings);
    };
    if let Fit::Register(header) = &fit
        && let Some(reason) = drop_down_lists(grid, header, schema)
    {
        return SheetContent::NotRead {
            rows: grid.rows.iter().filter(|row| !row.is_blank()).count(),
            reason,
        };
    }
    let (header, template) = fit.header(schema);
    let key = key_column(header, template);
    let notes = &schema.framework.notes;
    // Regions merged down a column below the header: read as the officer sees them.
    let not_a_note = |value: &grid::Value| !value.as_text().is_some_and(|t| notes.is_note(t));
    let spread = grid.spread_merges(header.last_row, key, not_a_note);
    let spread_grid = spread.as_ref().map_or(grid, |(spread, _)| spread);
    // Rows that carry a record on without a merged region: a risk's second control.
    let (carried, carried_how) = carried_on(spread_grid, &fit, schema);
    // A record's identity written again on its later rows, rather than left blank.
    let repeated = |row: u32| key.is_some_and(|k| !spread_grid.get(row, k).is_blank());
    let joined = (!carried.is_empty()).then(|| spread_grid.join_continued(&carried));
    let read_grid = joined.as_ref().unwrap_or(spread_grid);
    let mut content = read_fitted(file, read_grid, Some(fit), hints, schema, findings);
    // Each risk's actions one by one, where it keeps them a row or a line each.
    if let SheetContent::RiskRegister(register) = &mut content {
        let later_rows: Vec<(u32, u32)> = spread
            .iter()
            .flat_map(|(_, merged)| merged)
            .chain(&carried)
            .copied()
            .collect();
        let register = &mut **register;
        actions::actions_by_row(
            grid,
            &register.header,
            &schema.risk_register,
            &later_rows,
            &mut register.rows.risks,
        );
    }
    let continued = spread.iter().flat_map(|(_, merged)| merged);
    let continuations = continued
        .map(|&(row, first)| (row, first, "merged down"))
        .chain(carried.iter().map(|&(row, first)| {
            let how = if repeated(row) {
                carried_how.1
            } else {
                carried_how.0
            };
            (row, first, how)
        }))
        .map(|(row, first, how)| RowLeftOut {
            row: row + 1,
            reason: match key.map(|k| read_grid.get(first, k).display()) {
                Some(id) if !id.is_empty() => {
                    format!("continues {id} from row {} ({how})", first + 1)
                }
                _ => format!("continues row {} ({how})", first + 1),
            },
        });
    match &mut content {
        SheetContent::RiskRegister(register) => register.rows.left_out.extend(continuations),
        SheetContent::IndicatorReturn(sheet) => sheet.left_out.extend(continuations),
        SheetContent::Definitions(library) => library.left_out.extend(continuations),
        _ => {}
    }
    content
}

/// Whether a sheet's fit is a register's header with neither an ID nor a title column.
fn scores_alone(fit: &Fit, template: &TemplateSchema) -> bool {
    matches!(fit, Fit::Register(header)
        if header.column_of(template, "id").is_none() && header.column_of(template, "title").is_none())
}

/// A register of a column per risk or a library of a column per indicator
/// ([`transposed`]), a sheet of risk cards or of indicators' definition cards
/// ([`cards`]), or a return of months down the sheet and indicators across
/// ([`across`]), read as the register, library or return its cells make: each risk,
/// definition or value, finding and row left out is placed at its own cell and row on
/// the sheet, and the sheet's rows in none are listed in the Ledger as left out. `None`
/// for a sheet of none of these.
fn read_remapped(
    file: &str,
    grid: &Grid,
    hints: &Placement,
    schema: &Schema,
    year: period::ReturnYear,
    findings: &mut Vec<Finding>,
) -> Option<SheetContent> {
    if is_guidance(grid) {
        return None;
    }
    let (risks, library) = (&schema.risk_register, &schema.indicator_definitions);
    let scored = cards::risk_scored(risks, &schema.framework);
    let described = cards::indicator_described(library);
    let remapped = transposed::across(grid, risks, "risk", &scored)
        .or_else(|| transposed::across(grid, library, "indicator", &described))
        .or_else(|| cards::cards(grid, risks, &scored))
        .or_else(|| cards::cards(grid, library, &described))
        .or_else(|| {
            let year = year.given.unwrap_or(year.otherwise);
            across::months_down(grid, &schema.indicator_return, year)
        })?;
    read_made(file, grid, remapped, hints, schema, year, findings)
}

/// A sheet read as the register, library or return `remapped` makes of it: see
/// [`read_remapped`].
fn read_made(
    file: &str,
    grid: &Grid,
    remapped: cards::Remapped,
    hints: &Placement,
    schema: &Schema,
    year: period::ReturnYear,
    findings: &mut Vec<Finding>,
) -> Option<SheetContent> {
    if remapped.blank {
        return Some(SheetContent::NotRead {
            rows: grid.rows.iter().filter(|row| !row.is_blank()).count(),
            reason: "a card of labels alone, not filled in (a template)".into(),
        });
    }
    let fit = sniff(&remapped.grid, schema, year)?;
    // The lines above a return's header ("Directorate: Place") say whose it is.
    let hints = match remapped.layout {
        cards::Layout::MonthsDown { header_row } => {
            let above = header::empty_header(header_row, header_row);
            let block = header::read_block(grid, &above, &schema.indicator_return);
            placement_of(&block, hints)
        }
        cards::Layout::StageRows { header_row } | cards::Layout::Across { header_row } => {
            let above = header::empty_header(header_row, header_row);
            let block = header::read_block(grid, &above, &schema.risk_register);
            placement_of(&block, hints)
        }
        cards::Layout::Cards => hints.clone(),
    };
    let mut found = Vec::new();
    let mut content = read_sheet(file, &remapped.grid, Some(fit), &hints, schema, &mut found);
    let template = match &content {
        SheetContent::Definitions(_) => &schema.indicator_definitions,
        SheetContent::IndicatorReturn(_) => &schema.indicator_return,
        _ => &schema.risk_register,
    };
    let at = |cell: CellRef| remapped.origin(cell);
    let (header, left_out) = match &mut content {
        SheetContent::RiskRegister(register) => {
            register.cards = matches!(remapped.layout, cards::Layout::Cards);
            for risk in &mut register.rows.risks {
                risk.first_cell = at(risk.first_cell);
                if let Some(source) = &mut risk.source {
                    source.row = risk.first_cell.row + 1;
                }
                for (_, cell) in &mut risk.cells {
                    *cell = at(*cell);
                }
                for domain in &mut risk.domain_impacts {
                    domain.cell = at(domain.cell);
                }
                // An action a line of a value carried on down the card is at its own
                // row.
                for (line, action) in risk.planned.iter_mut().enumerate() {
                    action.cell = remapped.origin_of_line(action.cell, line);
                    action.due_cell = remapped.origin_of_line(action.due_cell, line);
                }
            }
            (&mut register.header, &mut register.rows.left_out)
        }
        SheetContent::Definitions(sheet) => {
            for definition in &mut sheet.definitions {
                for (_, cell) in &mut definition.cells {
                    *cell = at(*cell);
                }
                if let Some(source) = &mut definition.source {
                    source.row = remapped.origin_row(source.row);
                }
            }
            (&mut sheet.header, &mut sheet.left_out)
        }
        SheetContent::IndicatorReturn(sheet) => {
            for value in sheet.values.iter_mut().chain(&mut sheet.subtotals) {
                value.first_cell = at(value.first_cell);
                for (_, cell) in &mut value.cells {
                    *cell = at(*cell);
                }
                if let Some(source) = &mut value.source {
                    source.row = remapped.origin_row(source.row);
                }
            }
            (&mut sheet.header, &mut sheet.left_out)
        }
        _ => return None,
    };
    for left in left_out.iter_mut() {
        left.row = remapped.origin_row(left.row);
    }
    left_out.extend(remapped.left_out.iter().cloned());
    left_out.sort_by_key(|left| left.row);
    // A register across the sheet has its fields labelled in rows: a field labelled
    // twice is named by its rows, not by the table's columns.
    let labelled_twice: HashMap<u32, String> = match remapped.layout {
        cards::Layout::Across { .. } => header
            .duplicates
            .iter()
            .map(|d| {
                let row = |column: u32| at(CellRef::new(header.last_row, column)).row + 1;
                let message = format!(
                    "Rows '{}' (row {}) and '{}' (row {}) both mean {}; the first is used and the second ignored.",
                    d.kept.header,
                    row(d.kept.index),
                    d.ignored.header,
                    row(d.ignored.index),
                    template.slot_label(d.slot)
                );
                (d.ignored.index, message)
            })
            .collect(),
        _ => HashMap::new(),
    };
    // The header's cells are the first card's labels.
    let first = at(CellRef::new(header.last_row, header.first_column()));
    for column in &mut header.columns {
        column.index = at(CellRef::new(header.last_row, column.index)).column;
    }
    for column in header.slots.values_mut() {
        *column = at(CellRef::new(header.last_row, *column)).column;
    }
    (header.first_row, header.last_row) = (first.row, first.row);
    for finding in &mut found {
        if finding.rule == Rule::HeaderDuplicateColumn
            && let Some(message) = finding.column.and_then(|c| labelled_twice.get(&c))
        {
            finding.message = message.clone();
        }
        if let (Some(row), Some(column)) = (finding.row, finding.column) {
            *finding = finding
                .clone()
                .at(at(CellRef::new(row.saturating_sub(1), column)));
        }
        // A card has no header to put a line above, nor columns: its directorate is a
        // label of its own.
        if finding.rule == Rule::SheetSourceUnknown && remapped.layout == cards::Layout::Cards {
            finding.message = finding
                .message
                .replace(SOURCE_UNKNOWN_WHERE, "line to the card,");
        }
        // The headings found are the table's, not the sheet's: say what the sheet lacks.
        if let cards::Layout::MonthsDown { header_row } = remapped.layout
            && finding.rule == Rule::HeaderMissingColumn
            && finding.field.as_deref() == Some("id")
        {
            finding.message = format!(
                "The indicators named across row {} have no IDs: write each with its ID before its name ('HS1 Homes let within 28 days'), so that the definitions library and other returns know it.",
                header_row + 1
            );
        }
    }
    findings.extend(found);
    Some(content)
}

/// A sheet read table by table: a register or return with another table below it
/// under a header of its own (opportunities headed "Opportunity Ref", "Likelihood of
/// Realisation" and "Benefit" below the risks, in columns of their own; quarterly
/// measures headed "Q1" … "Q4" below the monthly ones) has each table's rows read by
/// its own header, as one register or return; the second header, and any title above
/// it, are left out and listed in the Ledger. Other sheets, and those with one table,
/// are read as they are.
///
/// A table of the other kind, a return above or below a register or a register above
/// or below a return (a service plan's indicators and risks), is read as its own, the
/// first a content and the other another, each with the rows above the first header
/// (the sheet's title and its "Service:" block).
fn read_tables(
    file: &str,
    grid: &Grid,
    fit: Option<Fit>,
    hints: &Placement,
    schema: &Schema,
    year: i32,
    findings: &mut Vec<Finding>,
) -> Vec<SheetContent> {
    // The uppermost table first: one of the other kind above the header found.
    let fit = fit.map(|fit| other_above(grid, &fit, schema, year).unwrap_or(fit));
    let tables = Tables {
        file,
        hints,
        schema,
        year,
    };
    tables.read(grid, fit, findings, 1)
}

/// What reading a sheet's tables needs besides the rows and the fit.
struct Tables<'a> {
    file: &'a str,
    hints: &'a Placement,
    schema: &'a Schema,
    year: i32,
}

impl Tables<'_> {
    fn read(
        &self,
        grid: &Grid,
        fit: Option<Fit>,
        findings: &mut Vec<Finding>,
        table: usize,
    ) -> Vec<SheetContent> {
        let schema = self.schema;
        // The next table below of the same kind, read with this one.
        let room = table < MAX_TABLES_PER_SHEET;
        let same = (fit.as_ref())
            .filter(|_| room)
            .and_then(|fit| second_table(grid, fit, schema));
        if let Some(fit) = &fit
            && room
            && let Some((start, other)) = other_table(grid, fit, schema, self.year)
            && same.as_ref().is_none_or(|(same, _)| start < *same)
        {
            let first_header = fit.header(schema).0.first_row;
            let above = grid.rows_where(|index| index < start);
            let rest = grid.rows_where(|index| index < first_header || index >= start);
            let mut contents = self.read(&above, Some(fit.clone()), findings, table + 1);
            contents.extend(self.read(&rest, Some(other), findings, table + 1));
            return contents;
        }
        let (first, more) = read_tables_from(self, grid, fit, same, findings, table);
        std::iter::once(first).chain(more).collect()
    }
}

/// A register's or return's header of the other kind above the one found (a service
/// plan's indicators above its risks, the risks' header matching more fields): the
/// fit of the uppermost.
fn other_above(grid: &Grid, fit: &Fit, schema: &Schema, year: i32) -> Option<Fit> {
    let (header, _) = fit.header(schema);
    if matches!(fit, Fit::Definitions(_)) || header.first_row == 0 {
        return None;
    }
    let above = grid.rows_where(|index| index < header.first_row);
    let found = sniff(&above, schema, period::ReturnYear::given(year))?;
    match (fit, &found) {
        (Fit::Register(_), Fit::Return(..)) | (Fit::Return(..), Fit::Register(_)) => Some(found),
        _ => None,
    }
}

/// Most tables one sheet is read as: the rows below the last are read by its header.
/// Each table read copies the rows below it, so a sheet of many headers (a damaged or
/// hostile file) is copied a few times at most.
const MAX_TABLES_PER_SHEET: usize = 12;

/// A sheet's table read by `fit`, with the `second` of its kind below it (where
/// [`second_table`] found one) joined to it, and any tables of the other kind below.
fn read_tables_from(
    tables: &Tables,
    grid: &Grid,
    fit: Option<Fit>,
    second: Option<(u32, Fit)>,
    findings: &mut Vec<Finding>,
    table: usize,
) -> (SheetContent, Vec<SheetContent>) {
    let (file, hints, schema) = (tables.file, tables.hints, tables.schema);
    let Some(fit) = fit else {
        return (
            read_sheet(file, grid, None, hints, schema, findings),
            Vec::new(),
        );
    };
    let Some((start, second)) = second else {
        return (
            read_sheet(file, grid, Some(fit), hints, schema, findings),
            Vec::new(),
        );
    };
    let first_header = fit.header(schema).0.first_row;
    let second_header = second.header(schema).0;
    let between: Vec<RowLeftOut> = grid
        .rows
        .iter()
        .filter(|row| (start..=second_header.last_row).contains(&row.index) && !row.is_blank())
        .map(|row| RowLeftOut {
            row: row.index + 1,
            reason: if row.index >= second_header.first_row {
                "the header of another table on the sheet, by which the rows below it are read"
                    .into()
            } else {
                format!(
                    "a title above another table on the sheet ('{}')",
                    row.cells
                        .iter()
                        .map(|(_, v)| v.display())
                        .collect::<Vec<_>>()
                        .join(" ")
                        .trim()
                )
            },
        })
        .collect();
    // Each table keeps the rows above the first header: the title and the labelled
    // block ("Service: Highways") are the whole sheet's.
    let below = grid.rows_where(|index| index < first_header || index >= start);
    let mut own = Vec::new();
    let first = read_sheet(
        file,
        &grid.rows_where(|index| index < start),
        Some(fit.clone()),
        hints,
        schema,
        &mut own,
    );
    // The rows below may hold a table of the other kind, read as its own.
    let mut rest = tables
        .read(&below, Some(second), &mut own, table + 1)
        .into_iter();
    let rest_first = rest.next().unwrap_or(SheetContent::Blank);
    let others: Vec<SheetContent> = rest.collect();
    let joined = match (first, rest_first) {
        (SheetContent::RiskRegister(mut first), SheetContent::RiskRegister(second)) => {
            let rows = &mut first.rows;
            rows.left_out.extend(between);
            rows.left_out.extend(second.rows.left_out);
            rows.risks.extend(second.rows.risks);
            rows.findings.extend(second.rows.findings);
            rows.blank_rows += second.rows.blank_rows;
            SheetContent::RiskRegister(first)
        }
        (SheetContent::IndicatorReturn(mut first), SheetContent::IndicatorReturn(second)) => {
            first.left_out.extend(between);
            first.left_out.extend(second.left_out);
            first.values.extend(second.values);
            first.subtotals.extend(second.subtotals);
            first.rows_taken += second.rows_taken;
            SheetContent::IndicatorReturn(first)
        }
        _ => {
            return (
                read_sheet(file, grid, Some(fit), hints, schema, findings),
                Vec::new(),
            );
        }
    };
    // Where the service or directorate is not recorded is the sheet's to say, once; so
    // is a sheet with no rows at all. A table left empty (a template's opportunities
    // under its risks) beside one with rows is no finding.
    let has_rows = match &joined {
        SheetContent::RiskRegister(register) => !register.rows.risks.is_empty(),
        SheetContent::IndicatorReturn(sheet) => sheet.rows_taken > 0,
        _ => true,
    };
    let (mut unplaced, mut empty) = (false, has_rows);
    own.retain(|f| match f.rule {
        Rule::SheetSourceUnknown => !std::mem::replace(&mut unplaced, true),
        Rule::SheetNoRows => !std::mem::replace(&mut empty, true),
        _ => true,
    });
    findings.extend(own);
    (joined, others)
}

/// Where another table of the same kind starts below a register's or return's header,
/// and how it fits: the first row further down that is a header of its own (not the
/// header repeated word for word, which the rows' reading leaves out), with any titles
/// just above it ("OPPORTUNITIES") set apart by a blank row from the table above. A
/// header row holds words alone, no numbers or dates, so only such rows are tried.
fn second_table(grid: &Grid, fit: &Fit, schema: &Schema) -> Option<(u32, Fit)> {
    let (header, template) = fit.header(schema);
    if matches!(fit, Fit::Definitions(_)) {
        return None;
    }
    // A register's has no year, nor needs one: only a return's fit is worked out by it.
    let year = match fit {
        Fit::Return(.., year) => *year,
        _ => 0,
    };
    table_below(grid, header, template, template, schema, year)
}

/// Where a table of the other kind starts below a register's or return's header (a
/// return's under a register's, or a register's under a return's), and how it fits: a
/// header of its own that matches more of the other template's fields than of this
/// one's, and fits it (a return's with its actuals or periods; a register's with a
/// likelihood, impact or score).
fn other_table(grid: &Grid, fit: &Fit, schema: &Schema, year: i32) -> Option<(u32, Fit)> {
    let (header, template) = fit.header(schema);
    let other = match fit {
        Fit::Register(_) => &schema.indicator_return,
        Fit::Return(..) => &schema.risk_register,
        Fit::Definitions(_) => return None,
    };
    let year = match fit {
        Fit::Return(.., year) => *year,
        _ => year,
    };
    let (start, found) = table_below(grid, header, template, other, schema, year)?;
    let (found_header, _) = found.header(schema);
    let scored = ["likelihood", "impact", "score"].iter().any(|field| {
        found_header
            .column_of(&schema.risk_register, field)
            .is_some()
    });
    match &found {
        Fit::Register(_) if !scored => None,
        _ => Some((start, found)),
    }
}

/// Where a table fitting `find` starts below `header` (of `template`), and its fit: see
/// [`second_table`] and [`other_table`].
fn table_below(
    grid: &Grid,
    header: &Header,
    template: &TemplateSchema,
    find: &TemplateSchema,
    schema: &Schema,
    year: i32,
) -> Option<(u32, Fit)> {
    let same = std::ptr::eq(template, find);
    let below: Vec<&grid::GridRow> = grid
        .rows
        .iter()
        .filter(|row| row.index > header.last_row)
        .collect();
    let (position, found) = below.iter().enumerate().find_map(|(position, row)| {
        let words = row
            .cells
            .iter()
            .filter(|(_, v)| v.as_text().is_some())
            .count();
        let figures = row.cells.iter().any(|(_, v)| match v {
            grid::Value::Number(_) | grid::Value::DateTime(_) => true,
            grid::Value::Text(text) => values::number_from_text(text).is_some(),
            _ => false,
        });
        if words < find.template.min_fields || figures || header.repeated_word_for_word(row) {
            return None;
        }
        let rows = header::HeaderRows::at(grid, row.index);
        let found =
            header::find_header(grid, &rows, find).filter(|found| found.first_row == row.index)?;
        // Another kind's header matches more of its fields than of this kind's.
        if !same
            && header::find_header(grid, &rows, template)
                .filter(|own| own.first_row == row.index)
                .is_some_and(|own| own.slots.len() >= found.slots.len())
        {
            return None;
        }
        Some((position, found))
    })?;
    // Rows of one cell just above it are its titles where a blank row parts them from
    // the table above: without one, such a row may be that table's last risk, begun.
    let lone = below[..position]
        .iter()
        .rev()
        .take_while(|row| row.cells.iter().filter(|(_, v)| !v.is_blank()).count() <= 1)
        .count();
    let first_title = position - lone;
    let parted = first_title == 0
        || below[first_title - 1].index + 1 < below[first_title].index
        || below[first_title - 1].is_blank();
    let start = below[if parted { first_title } else { position }].index;
    let second = if std::ptr::eq(find, &schema.indicator_return) {
        let mut found = found;
        let rest = grid.rows_where(|index| index < header.first_row || index >= start);
        let (layout, year) =
            indicators::return_fit(&rest, &mut found, find, period::ReturnYear::given(year))?;
        Fit::Return(found, layout, year)
    } else {
        Fit::Register(found)
    };
    Some((start, second))
}

/// Rows of a register or definitions library that carry on the record above them
/// unmerged (see [`Grid::carried_on`]): nothing in the fields that make a record one
/// (its ID, title or name, scores and ratings), with how the Ledger says so. Returns
/// are left alone: their rows of targets below actuals are rows of their own.
fn carried_on(
    grid: &Grid,
    fit: &Fit,
    schema: &Schema,
) -> (Vec<(u32, u32)>, (&'static str, &'static str)) {
    let (identity_names, how): (&[&str], _) = match fit {
        Fit::Register(_) => (
            &["id", "title", "description", "kind"],
            (
                "its ID and title left blank",
                "its ID and title written again",
            ),
        ),
        Fit::Definitions(_) => (
            &["id", "name"],
            (
                "its ID and name left blank",
                "its ID and name written again",
            ),
        ),
        Fit::Return(..) => return (Vec::new(), ("", "")),
    };
    let (header, template) = fit.header(schema);
    let notes = &schema.framework.notes;
    let mut identity = Vec::new();
    let mut columns = Vec::new();
    for (slot, &column) in &header.slots {
        let field = &template.fields[slot.field];
        let scoring = matches!(
            field.field_type,
            FieldType::Likelihood | FieldType::Impact | FieldType::Score | FieldType::Rating
        );
        if scoring || identity_names.contains(&field.name.as_str()) {
            identity.push(column);
        }
        columns.push(column);
    }
    if identity.is_empty() {
        return (Vec::new(), how);
    }
    let details = matches!(fit, Fit::Register(_));
    let carried = grid.carried_on(header.last_row, &identity, &columns, |row| {
        register::note_row(row, notes).is_none()
            && register::totals_row(row, true).is_none()
            && !header.repeated_in(row)
            && !(details && register::details_row(row, header, template))
    });
    (carried, how)
}

/// The column of a template's ID field in a header.
fn key_column(header: &Header, template: &TemplateSchema) -> Option<u32> {
    header.column_of(template, "id")
}

impl Fit {
    /// The header found, and the template it fits.
    fn header<'a>(&'a self, schema: &'a Schema) -> (&'a Header, &'a TemplateSchema) {
        match self {
            Fit::Register(header) => (header, &schema.risk_register),
            Fit::Return(header, ..) => (header, &schema.indicator_return),
            Fit::Definitions(header) => (header, &schema.indicator_definitions),
        }
    }
}

/// Read a sheet by the template it fits, or account for it when it fits none.
fn read_fitted(
    file: &str,
    grid: &Grid,
    fit: Option<Fit>,
    hints: &Placement,
    schema: &Schema,
    findings: &mut Vec<Finding>,
) -> SheetContent {
    match fit {
        Some(Fit::Register(header)) => {
            read_register_sheet(file, grid, header, hints, schema, findings)
        }
        Some(Fit::Return(header, layout, year)) => {
            read_return_sheet(file, grid, header, &layout, hints, schema, year, findings)
        }
        Some(Fit::Definitions(header)) => {
            header_findings(
                file,
                grid,
                &header,
                &schema.indicator_definitions,
                &[],
                "indicator-definitions.toml",
                findings,
            );
            let sheet = indicators::read_definitions(
                file,
                grid,
                &header,
                &schema.indicator_definitions,
                &schema.framework.notes,
                findings,
            );
            if sheet.definitions.is_empty() {
                findings.push(no_rows(
                    file,
                    grid,
                    &header,
                    "definitions library",
                    "indicators",
                ));
            }
            SheetContent::Definitions(Box::new(sheet))
        }
        None if is_guidance(grid) => SheetContent::NotRead {
            rows: grid.rows.iter().filter(|row| !row.is_blank()).count(),
            reason: "guidance, instructions or lists (by the sheet's name)".into(),
        },
        None => {
            let rows = grid.rows.iter().filter(|row| !row.is_blank()).count();
            if grid.visible {
                findings.push(
                    Finding::file(
                        file,
                        Rule::SheetUnrecognised,
                        format!("Sheet '{}' is not a risk register, indicator return or definitions library (no header row with their columns was found), so it was not checked.", grid.name),
                    )
                    .on_sheet(&grid.name),
                );
            }
            SheetContent::NotRead {
                rows,
                reason: "not a register, return or definitions library (no header row found)"
                    .into(),
            }
        }
    }
}

/// Why a sheet of a consolidated workbook other than All risks and Indicators is not
/// read: what it holds is there again on those two, or is worked out again from them.
fn consolidated_sheet_reason(sheet: &str) -> String {
    if is_sheet(sheet, REGISTER_SHEET) {
        format!(
            "the consolidated workbook's Register: the same risks are read once, from '{ALL_RISKS_SHEET}'"
        )
    } else if is_sheet(sheet, crate::write::annotate::FINDINGS_SHEET) {
        format!(
            "the findings of the run that wrote this workbook: its '{ALL_RISKS_SHEET}' and '{INDICATORS_SHEET}' are checked again"
        )
    } else if is_sheet(sheet, LEDGER_SHEET) {
        "the ledger of the run that wrote this workbook".into()
    } else {
        format!(
            "a summary in the consolidated workbook, worked out again from its '{ALL_RISKS_SHEET}' and '{INDICATORS_SHEET}'"
        )
    }
}

/// Why a sheet headed like a register is the lists its drop-downs draw on ("Lists",
/// often hidden: Likelihood, Impact, Rating, Owner), not a register: it has no risk ID
/// or title column, and it is named as lists are, or hidden, or its likelihood or
/// impact column holds the scale's levels each once and in order (three or more, from
/// 1 up or 5 down). None where it may be a register.
fn drop_down_lists(grid: &Grid, header: &Header, schema: &Schema) -> Option<String> {
    let template = &schema.risk_register;
    if ["id", "title"]
        .iter()
        .any(|field| header.column_of(template, field).is_some())
    {
        return None;
    }
    if is_guidance(grid) {
        return Some("guidance, instructions or lists (by the sheet's name)".into());
    }
    if !grid.visible {
        return Some("a hidden sheet headed like a register with no risk ID or title column: the lists its drop-downs draw on".into());
    }
    let framework = &schema.framework;
    let levels_once = |field: &str, scale: &crate::schema::Scale| {
        let Some(column) = header.column_of(template, field) else {
            return false;
        };
        let levels: Vec<Option<f64>> = grid
            .rows
            .iter()
            .filter(|row| row.index > header.last_row)
            .map(|row| row.get(column))
            .filter(|value| !value.is_blank())
            .map(|value| values::scale(value, scale).ok().flatten())
            .collect();
        // The levels in order, from the bottom of the scale or the top: 1, 2, 3 ...
        let Some(levels) = levels.into_iter().collect::<Option<Vec<f64>>>() else {
            return false;
        };
        let top = scale.levels.len();
        let ascending = levels.iter().enumerate().all(|(i, l)| *l == (i + 1) as f64);
        let descending = levels
            .iter()
            .enumerate()
            .all(|(i, l)| top.checked_sub(i).is_some_and(|level| *l == level as f64));
        levels.len() >= 3 && (ascending || descending)
    };
    (levels_once("likelihood", &framework.likelihood) || levels_once("impact", &framework.impact))
        .then(|| "the scale's levels each once in order, with no risk ID or title column: the lists a register's drop-downs draw on".into())
}

/// Sheet names that say a sheet is for people, not data: passed over without a finding.
const GUIDANCE_NAMES: &[&str] = &[
    "guidance",
    "instructions",
    "readme",
    "notes",
    "help",
    "lists",
    "lookups",
    "lookup",
    "key",
    "cover",
    "contents",
    "dropdowns",
    "versionhistory",
    "changelog",
    "scoringmatrix",
    "matrix",
    "criteria",
    "scoringguidance",
];

fn is_guidance(grid: &Grid) -> bool {
    GUIDANCE_NAMES.contains(&crate::schema::squash(&grid.name).as_str())
}

fn no_rows(file: &str, grid: &Grid, header: &Header, what: &str, items: &str) -> Finding {
    Finding::file(
        file,
        Rule::SheetNoRows,
        format!(
            "Sheet '{}' has the {what}'s header on row {} but no {items} below it.",
            grid.name,
            header.last_row + 1
        ),
    )
    .on_sheet(&grid.name)
    .at(CellRef::new(header.last_row, header.first_column()))
}

/// `header.missing-column` and `header.duplicate-column` for any template; `given`
/// are required fields read from another column's cells.
fn header_findings(
    file: &str,
    grid: &Grid,
    header: &Header,
    template: &TemplateSchema,
    given: &[Slot],
    schema_file: &str,
    findings: &mut Vec<Finding>,
) {
    let header_cell = CellRef::new(header.last_row, header.first_column());
    let found = header.headings();
    // A heading that already names another field ("Risk Owner") is not offered as the
    // nearest to a missing one ("Risk ID").
    let unmapped: Vec<String> = header
        .columns
        .iter()
        .filter(|column| !header.slots.values().any(|&index| index == column.index))
        .map(|column| column.header.clone())
        .collect();
    for slot in template.required_slots() {
        if header.slots.contains_key(&slot) || given.contains(&slot) {
            continue;
        }
        let label = template.slot_label(slot);
        let nearest = template
            .nearest_header(slot, &unmapped)
            .map(|h| format!(" The nearest heading is '{h}': if that is it, add it as a synonym in {schema_file}."))
            .unwrap_or_default();
        findings.push(
            Finding::file(
                file,
                Rule::HeaderMissingColumn,
                format!(
                    "There is no {label} column. Headings found: {}.{nearest}",
                    found.join(", ")
                ),
            )
            .on_sheet(&grid.name)
            .at(header_cell)
            .field(template.slot_name(slot)),
        );
    }
    for duplicate in &header.duplicates {
        findings.push(
            Finding::file(
                file,
                Rule::HeaderDuplicateColumn,
                format!(
                    "Columns '{}' ({}) and '{}' ({}) both mean {}; the first is used and the second ignored.",
                    duplicate.kept.header,
                    crate::finding::column_letters(duplicate.kept.index),
                    duplicate.ignored.header,
                    crate::finding::column_letters(duplicate.ignored.index),
                    template.slot_label(duplicate.slot)
                ),
            )
            .on_sheet(&grid.name)
            .at(CellRef::new(header.last_row, duplicate.ignored.index))
            .field(template.slot_name(duplicate.slot)),
        );
    }
}

/// `header.other-scale`: likelihood or impact columns whose headings give a scale other
/// than the framework's ("Likelihood (1-4)", "Impact 1 to 6"), one finding per scale at
/// its first such column. A 4 x 4 register's 16 is its top score, the framework's Very
/// high; read as the framework's, its risks would be banded and escalated wrongly.
fn other_scales(
    file: &str,
    grid: &Grid,
    header: &Header,
    schema: &Schema,
    findings: &mut Vec<Finding>,
) {
    use crate::schema::FieldType;
    let template = &schema.risk_register;
    for (field_type, scale) in [
        (FieldType::Likelihood, &schema.framework.likelihood),
        (FieldType::Impact, &schema.framework.impact),
    ] {
        let top = scale.levels.len() as u32;
        let columns: Vec<(&header::Column, (u32, u32))> = header
            .columns
            .iter()
            .filter(|column| {
                column
                    .slot
                    .is_some_and(|slot| template.fields[slot.field].field_type == field_type)
            })
            .filter_map(|column| {
                scale_in_heading(&column.header)
                    .filter(|&range| range != (1, top))
                    .map(|range| (column, range))
            })
            .collect();
        let Some(&(first, (low, high))) = columns.first() else {
            continue;
        };
        let others: Vec<String> = columns[1..]
            .iter()
            .map(|(column, _)| crate::finding::column_letters(column.index))
            .collect();
        let also = match others.as_slice() {
            [] => String::new(),
            [one] => format!("; also column {one}"),
            many => format!("; also columns {}", many.join(", ")),
        };
        let label = |level: usize| {
            scale.levels[level]
                .labels
                .first()
                .cloned()
                .unwrap_or_default()
        };
        findings.push(
            Finding::file(
                file,
                Rule::HeaderOtherScale,
                format!(
                    "{} is scored {low} to {high} here ('{}', column {}{also}), where the framework scores it 1 ({}) to {top} ({}). Scores on another scale cannot be set beside the council's, nor banded or escalated by its matrix: rescore on the framework's scale.",
                    scale.name,
                    first.header,
                    crate::finding::column_letters(first.index),
                    label(0),
                    label(scale.levels.len() - 1),
                ),
            )
            .on_sheet(&grid.name)
            .at(CellRef::new(header.last_row, first.index))
            .field(first.slot.map(|slot| template.slot_name(slot)).unwrap_or_default()),
        );
    }
}

/// A scale a heading gives: "(1-4)", "1 - 6", "1 to 4", "1–5", or its ends keyed
/// "(1 = Low, 4 = High)".
fn scale_in_heading(heading: &str) -> Option<(u32, u32)> {
    let words: Vec<String> = heading
        .replace(['-', '\u{2013}', '\u{2014}'], " to ")
        .replace('=', " = ")
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | ':' | ','))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let plausible =
        |low: u32, high: u32| (low <= 1 && high > low && high <= 10).then_some((low, high));
    let ranged = words.windows(3).find_map(|w| {
        let low: u32 = w[0].parse().ok()?;
        let high: u32 = w[2].parse().ok()?;
        (w[1] == "to").then(|| plausible(low, high)).flatten()
    });
    let keyed: Vec<u32> = words
        .windows(2)
        .filter(|w| w[1] == "=")
        .filter_map(|w| w[0].parse().ok())
        .collect();
    ranged.or_else(|| match keyed[..] {
        [_, _, ..] => plausible(*keyed.iter().min()?, *keyed.iter().max()?),
        _ => None,
    })
}

fn placement_of(block: &HashMap<BlockKey, String>, hints: &Placement) -> Placement {
    Placement {
        directorate: block
            .get(&BlockKey::Directorate)
            .cloned()
            .or_else(|| hints.directorate.clone()),
        service: block
            .get(&BlockKey::Service)
            .cloned()
            .or_else(|| hints.service.clone()),
    }
}

/// Where `sheet.source-unknown` asks for the service or directorate to be written.
const SOURCE_UNKNOWN_WHERE: &str = "line above the header, a column,";

fn source_unknown(
    file: &str,
    grid: &Grid,
    header: &Header,
    missing: &[&str],
    items: &str,
) -> Finding {
    Finding::file(
        file,
        Rule::SheetSourceUnknown,
        format!(
            "The {} of these {items} is not recorded: add a '{}:' {SOURCE_UNKNOWN_WHERE} or keep the file in a folder named after it.",
            missing.join(" and "),
            missing.iter().map(|m| capitalise(m)).collect::<Vec<_>>().join(":' / '")
        ),
    )
    .on_sheet(&grid.name)
    .at(CellRef::new(header.last_row, header.first_column()))
}

/// A return kept a sheet per month (or several registers a sheet each) with no service
/// or directorate recorded would say so once per sheet: the first sheet's finding
/// stands for all of them and names the others.
fn one_source_unknown(findings: &mut Vec<Finding>) {
    // By message: a sheet missing its service is not one missing its directorate.
    let mut firsts: Vec<(usize, Vec<String>)> = Vec::new();
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    for finding in findings.drain(..) {
        if finding.rule == Rule::SheetSourceUnknown {
            let same = firsts
                .iter_mut()
                .find(|(at, _)| kept[*at].message == finding.message);
            match same {
                Some((_, others)) => {
                    others.extend(finding.sheet);
                    continue;
                }
                None => firsts.push((kept.len(), Vec::new())),
            }
        }
        kept.push(finding);
    }
    for (at, others) in firsts.into_iter().filter(|(_, o)| !o.is_empty()) {
        let names: Vec<String> = others.iter().map(|sheet| format!("'{sheet}'")).collect();
        let plural = if names.len() == 1 { "" } else { "s" };
        kept[at].message.push_str(&format!(
            " The same holds for sheet{plural} {}.",
            names.join(", ")
        ));
    }
    *findings = kept;
}

#[allow(clippy::too_many_arguments)]
fn read_return_sheet(
    file: &str,
    grid: &Grid,
    header: Header,
    layout: &indicators::Layout,
    hints: &Placement,
    schema: &Schema,
    year: i32,
    findings: &mut Vec<Finding>,
) -> SheetContent {
    let template = &schema.indicator_return;
    let mut header = header;
    let comparators = indicators::comparator_columns(&mut header, template);
    header_findings(
        file,
        grid,
        &header,
        template,
        &[],
        "indicator-return.toml",
        findings,
    );
    let block = header::read_block(grid, &header, template);
    let placement = placement_of(&block, hints);
    let shape = indicators::Shape {
        header: &header,
        layout,
        block: &block,
        notes: &schema.framework.notes,
        comparators: &comparators,
    };
    let mut sheet = indicators::read_return(file, grid, &shape, template, year, findings);
    // Made once, shared by every value.
    let (directorate, service) = (
        placement.directorate.as_deref().map(Text::from),
        placement.service.as_deref().map(Text::from),
    );
    for value in &mut sheet.values {
        value.directorate = value.directorate.take().or_else(|| directorate.clone());
        value.service = value.service.take().or_else(|| service.clone());
    }
    if sheet.values.is_empty() {
        findings.push(no_rows(
            file,
            grid,
            &header,
            "indicator return",
            "indicators",
        ));
    } else {
        let missing: Vec<&str> = [
            ("directorate", &placement.directorate),
            ("service", &placement.service),
        ]
        .into_iter()
        .filter(|(field, placed)| {
            placed.is_none() && sheet.values.iter().any(|v| !v.has_column(field))
        })
        .map(|(field, _)| field)
        .collect();
        if !missing.is_empty() {
            findings.push(source_unknown(file, grid, &header, &missing, "indicators"));
        }
    }
    SheetContent::IndicatorReturn(Box::new(sheet))
}

fn read_register_sheet(
    file: &str,
    grid: &Grid,
    header: Header,
    hints: &Placement,
    schema: &Schema,
    findings: &mut Vec<Finding>,
) -> SheetContent {
    let template = &schema.risk_register;
    let block = header::read_block(grid, &header, template);
    let placement = placement_of(&block, hints);
    let mut header = header;
    register::worded_impact_columns(grid, &mut header, schema);
    register::level_columns(grid, &mut header, schema);
    let workings = register::working_columns(grid, &mut header, template);
    let domains = register::domain_impact_columns(grid, &header, schema);
    let rows = register::read_rows(file, grid, &header, &placement, &workings, &domains, schema);
    // Likelihood and impact read from scores written as "4 x 3" are not missing, nor
    // an impact scored domain by domain.
    let given: Vec<Slot> = rows
        .worked_stages
        .iter()
        .flat_map(|&stage| {
            ["likelihood", "impact"]
                .into_iter()
                .filter_map(move |field| template.staged_slot(field, stage))
        })
        .chain(
            domains
                .iter()
                .filter(|d| d.give)
                .filter_map(|d| template.staged_slot("impact", d.stage)),
        )
        .collect();
    header_findings(
        file,
        grid,
        &header,
        template,
        &given,
        "risk-register.toml",
        findings,
    );
    other_scales(file, grid, &header, schema, findings);
    findings.extend(rows.findings.iter().cloned());
    if rows.risks.is_empty() {
        findings.push(no_rows(file, grid, &header, "register", "risks"));
    }
    let unplaced = |field: &str| {
        rows.risks.iter().any(|r| !r.has_column(field)) && placement_missing(field, &placement)
    };
    let missing: Vec<&str> = ["directorate", "service"]
        .into_iter()
        .filter(|f| unplaced(f))
        .collect();
    if !missing.is_empty() && !rows.risks.is_empty() {
        findings.push(source_unknown(file, grid, &header, &missing, "risks"));
    }
    SheetContent::RiskRegister(Box::new(RegisterSheet {
        header,
        block,
        rows,
        cards: false,
    }))
}

fn placement_missing(field: &str, placement: &Placement) -> bool {
    match field {
        "directorate" => placement.directorate.is_none(),
        _ => placement.service.is_none(),
    }
}

/// The word with its first letter in capitals: "april" is "April".
pub(crate) fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
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

    #[test]
    fn a_heading_gives_its_scale() {
        assert_eq!(scale_in_heading("Likelihood (1-4)"), Some((1, 4)));
        assert_eq!(scale_in_heading("Impact\n(1 \u{2013} 6)"), Some((1, 6)));
        assert_eq!(scale_in_heading("Likelihood 1 to 5"), Some((1, 5)));
        assert_eq!(scale_in_heading("Impact (1 = Low, 4 = High)"), Some((1, 4)));
        assert_eq!(scale_in_heading("Impact (1=minor 3=major)"), Some((1, 3)));
        assert_eq!(scale_in_heading("Likelihood"), None);
        assert_eq!(scale_in_heading("Likelihood (L)"), None);
        assert_eq!(scale_in_heading("Impact 2026-27"), None);
        assert_eq!(scale_in_heading("Likelihood (5 = almost certain)"), None);
    }
}
