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
mod evaluate;
mod formulas;
pub mod grid;
pub mod header;
pub mod hidden;
mod html;
pub mod indicators;
mod names;
mod ods;
pub mod open;
pub mod period;
pub mod register;
pub mod shade;
mod sheet;
mod sheet_findings;
pub mod spotcheck;
mod spreadsheetml;
mod stages;
mod tables;
mod transposed;
pub mod values;
mod workbook;

use crate::finding::{Finding, Rule};
use crate::schema::BlockKey;
pub use discover::{DiscoverError, Input, discover};
use header::Header;
pub use open::Format;
pub use register::{Placement, RegisterRows, RowLeftOut};
use std::collections::HashMap;
use std::path::Path;
pub use workbook::read_workbook;

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
    /// The date it was completed for, where it says: its block's ("Reporting date:
    /// 30/09/2026"), or a consolidated workbook's Summary's.
    pub completed_for: Option<CompletedFor>,
    /// Its rows.
    pub rows: RegisterRows,
    /// Read from risk cards, a risk's fields labelled down the sheet: a workbook of a
    /// sheet per card is one register.
    pub cards: bool,
}

/// The date a register says it was completed for.
#[derive(Debug, Clone)]
pub struct CompletedFor {
    /// The sheet the date is on, where it is not the register's own: a consolidated
    /// workbook's Summary.
    pub sheet: Option<String>,
    /// The date's cell.
    pub cell: crate::finding::CellRef,
    /// The date as written ("30/09/2026", "September 2026").
    pub written: String,
    /// The days it names.
    pub span: crate::model::DateSpan,
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
            let named_for = names::sheet_period(&sheet.name, 0).map(|(period, _)| period);
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

/// The word with its first letter in capitals: "april" is "April".
pub(crate) fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}
