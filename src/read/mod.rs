//! The only module that touches calamine: open any workbook or CSV, find each sheet's
//! template by its header row, map columns to fields, and yield typed records that
//! carry their provenance. Problems with the file or its layout become findings.

mod csv;
pub mod discover;
pub mod grid;
pub mod header;
pub mod open;
pub mod register;
pub mod values;

use crate::finding::{CellRef, Finding, Rule, Severity};
use crate::schema::{BlockKey, Schema};
pub use discover::{DiscoverError, Input, discover};
use grid::Grid;
use header::Header;
pub use open::Format;
pub use register::{Placement, RegisterRows, RowLeftOut};
use std::collections::HashMap;
use std::path::Path;

/// The sheet of a consolidated workbook that holds every risk once.
pub const ALL_RISKS_SHEET: &str = "All risks";
/// Sheets whose presence together marks a workbook written by `consolidate`.
pub const CONSOLIDATED_SIGNATURE: &[&str] = &[ALL_RISKS_SHEET, "Ledger"];

/// A risk register found on a sheet.
#[derive(Debug, Clone)]
pub struct RegisterSheet {
    /// The header found.
    pub header: Header,
    /// The labelled block above it.
    pub block: HashMap<BlockKey, String>,
    /// Its rows.
    pub rows: RegisterRows,
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
}

impl WorkbookRead {
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
    let names = workbook.sheet_names();
    CONSOLIDATED_SIGNATURE
        .iter()
        .all(|wanted| names.iter().any(|name| name == wanted))
}

/// Read one file. `file` is how findings name it; `hints` say what its folder and name imply.
pub fn read_workbook(path: &Path, file: &str, hints: &Placement, schema: &Schema) -> WorkbookRead {
    let mut read = WorkbookRead {
        file: file.to_string(),
        format: None,
        sheets: Vec::new(),
        findings: Vec::new(),
    };
    let template = &schema.risk_register;
    let search_rows = schema.framework.limits.max_header_search_rows;
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
    let consolidated = CONSOLIDATED_SIGNATURE
        .iter()
        .all(|name| opened.sheets.iter().any(|grid| grid.name == *name));
    for grid in &opened.sheets {
        let content = if consolidated && grid.name != ALL_RISKS_SHEET {
            SheetContent::NotRead {
                rows: grid.rows.iter().filter(|row| !row.is_blank()).count(),
                reason: format!(
                    "a summary sheet of a consolidated workbook (its risks are read from '{ALL_RISKS_SHEET}')"
                ),
            }
        } else {
            read_sheet(file, grid, hints, schema, &mut read.findings)
        };
        read.sheets.push(SheetRead {
            name: grid.name.clone(),
            visible: grid.visible,
            content,
        });
    }
    let recognised = read.registers().count();
    if recognised == 0 && opened.refused.is_empty() {
        let message = if read
            .sheets
            .iter()
            .all(|s| matches!(s.content, SheetContent::Blank))
        {
            "The workbook is empty: no sheet holds any data.".to_string()
        } else {
            let names: Vec<&str> = read.sheets.iter().map(|s| s.name.as_str()).collect();
            format!(
                "No sheet holds a risk register (looked at: {}). A register needs a header row naming at least {} of its columns, such as Risk ID, Risk, Risk Owner, Likelihood and Impact.",
                names.join(", "),
                schema.risk_register.template.min_fields
            )
        };
        read.findings.retain(|f| f.rule != Rule::SheetUnrecognised);
        read.findings
            .push(Finding::file(file, Rule::SheetUnrecognised, message).severity(Severity::Error));
    }
    read
}

fn read_sheet(
    file: &str,
    grid: &Grid,
    hints: &Placement,
    schema: &Schema,
    findings: &mut Vec<Finding>,
) -> SheetContent {
    if grid.is_blank() {
        return SheetContent::Blank;
    }
    let template = &schema.risk_register;
    let Some(header) = header::find_header(
        grid,
        template,
        schema.framework.limits.max_header_search_rows,
    ) else {
        let rows = grid.rows.iter().filter(|row| !row.is_blank()).count();
        if grid.visible {
            findings.push(
                Finding::file(
                    file,
                    Rule::SheetUnrecognised,
                    format!("Sheet '{}' is not a risk register (no header row with its columns was found), so it was not checked.", grid.name),
                )
                .on_sheet(&grid.name),
            );
        }
        return SheetContent::NotRead {
            rows,
            reason: "not a risk register (no header row found)".into(),
        };
    };
    let header_cell = CellRef::new(header.last_row, header.first_column());
    let on_header = |rule: Rule, message: String| {
        Finding::file(file, rule, message)
            .on_sheet(&grid.name)
            .at(header_cell)
    };
    let found = header.headings();
    for slot in template.required_slots() {
        if header.slots.contains_key(&slot) {
            continue;
        }
        let label = template.slot_label(slot);
        let nearest = template
            .nearest_header(slot, &found)
            .map(|h| format!(" The nearest heading is '{h}': if that is it, add it as a synonym in risk-register.toml."))
            .unwrap_or_default();
        findings.push(
            on_header(
                Rule::HeaderMissingColumn,
                format!(
                    "There is no {label} column. Headings found: {}.{nearest}",
                    found.join(", ")
                ),
            )
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
    let block = header::read_block(grid, &header, template);
    let placement = Placement {
        directorate: block
            .get(&BlockKey::Directorate)
            .cloned()
            .or_else(|| hints.directorate.clone()),
        service: block
            .get(&BlockKey::Service)
            .cloned()
            .or_else(|| hints.service.clone()),
    };
    let rows = register::read_rows(file, grid, &header, &placement, schema);
    findings.extend(rows.findings.iter().cloned());
    if rows.risks.is_empty() {
        findings.push(on_header(
            Rule::SheetNoRows,
            format!(
                "Sheet '{}' has the register's header on row {} but no risks below it.",
                grid.name,
                header.last_row + 1
            ),
        ));
    }
    let unplaced = |field: &str| {
        rows.risks.iter().any(|r| !r.has_column(field)) && placement_missing(field, &placement)
    };
    let missing: Vec<&str> = ["directorate", "service"]
        .into_iter()
        .filter(|f| unplaced(f))
        .collect();
    if !missing.is_empty() && !rows.risks.is_empty() {
        findings.push(on_header(
            Rule::SheetSourceUnknown,
            format!(
                "The {} of these risks is not recorded: add a '{}:' line above the header, a column, or keep the file in a folder named after it.",
                missing.join(" and "),
                missing.iter().map(|m| capitalise(m)).collect::<Vec<_>>().join(":' / '")
            ),
        ));
    }
    SheetContent::RiskRegister(Box::new(RegisterSheet {
        header,
        block,
        rows,
    }))
}

fn placement_missing(field: &str, placement: &Placement) -> bool {
    match field {
        "directorate" => placement.directorate.is_none(),
        _ => placement.service.is_none(),
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}
