//! The consolidated workbook (SPEC section 6): Summary, Heat map, Register, All risks,
//! Findings, Ledger.

mod heatmap;
mod risks;
mod summary;
mod table;
mod tables;

pub use heatmap::{GRID_LEFT, OPPORTUNITY_GRID_TOP, RISK_GRID_TOP, counts};
pub use risks::COLUMNS as RISK_COLUMNS;

use crate::merge::Consolidation;
use crate::schema::Framework;
use crate::write::formats::Formats;
use rust_xlsxwriter::{Workbook, XlsxError};

/// The sheets, in order.
pub const SHEETS: &[&str] = &[
    "Summary",
    "Heat map",
    "Register",
    "All risks",
    "Findings",
    "Ledger",
];

/// The whole workbook, as bytes to be written atomically.
///
/// # Errors
/// Whatever rust_xlsxwriter reports building the workbook.
pub fn consolidated_workbook(
    consolidation: &Consolidation,
    framework: &Framework,
) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let register = consolidation.register();
    let level = consolidation.level.label().to_lowercase();

    let sheet = workbook.add_worksheet().set_name(SHEETS[0])?;
    summary::write_summary(sheet, consolidation, framework, &formats)?;

    let sheet = workbook.add_worksheet().set_name(SHEETS[1])?;
    let title = format!(
        "Current scores of the risks and opportunities on the {level} register, {}",
        consolidation.as_of.format("%d/%m/%Y")
    );
    heatmap::write_heat_map(sheet, &register, framework, &formats, &title)?;

    let sheet = workbook.add_worksheet().set_name(SHEETS[2])?;
    risks::write_risks(sheet, &register, framework, &formats)?;

    let all: Vec<_> = consolidation.risks.iter().collect();
    let sheet = workbook.add_worksheet().set_name(SHEETS[3])?;
    risks::write_risks(sheet, &all, framework, &formats)?;

    let sheet = workbook.add_worksheet().set_name(SHEETS[4])?;
    tables::write_findings(sheet, &consolidation.findings, &formats)?;

    let sheet = workbook.add_worksheet().set_name(SHEETS[5])?;
    tables::write_ledger(sheet, &consolidation.ledger, &formats)?;

    workbook.save_to_buffer()
}
