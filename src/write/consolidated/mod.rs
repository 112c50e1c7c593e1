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
    let formats = Formats::new(framework);
    let mut workbook = Workbook::new();
    // Level 1 compresses a text-heavy workbook nearly as well as the default 6, in a
    // fraction of the time.
    workbook.set_zip_compression_level(1);
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

    // The three long tables are written row by row, so they can stream (constant
    // memory: inline strings, rows flushed as they are done) and be built in parallel.
    let mut register_sheet = workbook.new_worksheet_with_constant_memory()?;
    let mut all_sheet = workbook.new_worksheet_with_constant_memory()?;
    let mut findings_sheet = workbook.new_worksheet_with_constant_memory()?;
    register_sheet.set_name(SHEETS[2])?;
    all_sheet.set_name(SHEETS[3])?;
    findings_sheet.set_name(SHEETS[4])?;
    let all: Vec<_> = consolidation.risks.iter().collect();
    let (register_done, (all_done, findings_done)) = rayon::join(
        || risks::write_risks(&mut register_sheet, &register, framework, &formats),
        || {
            rayon::join(
                || risks::write_risks(&mut all_sheet, &all, framework, &formats),
                || tables::write_findings(&mut findings_sheet, &consolidation.findings, &formats),
            )
        },
    );
    register_done?;
    all_done?;
    findings_done?;
    workbook.push_worksheet(register_sheet);
    workbook.push_worksheet(all_sheet);
    workbook.push_worksheet(findings_sheet);

    let sheet = workbook.add_worksheet().set_name(SHEETS[5])?;
    tables::write_ledger(sheet, &consolidation.ledger, &formats)?;

    workbook.save_to_buffer()
}
