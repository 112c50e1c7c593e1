//! The ledger: for every input file and sheet, rows read, rows taken and rows left
//! out with the reason, so that read = taken + left out on every line.

use crate::check::FileReport;
use crate::finding::Rule;
use crate::read::{RowLeftOut, SheetContent};
use std::collections::BTreeMap;

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerEntry {
    /// The input file.
    pub file: String,
    /// The sheet; absent when the file could not be opened.
    pub sheet: Option<String>,
    /// Non-blank rows below the header (or on the whole sheet, when it was not a register).
    pub rows_read: usize,
    /// Rows taken as risks.
    pub rows_taken: usize,
    /// Rows not taken.
    pub rows_left_out: usize,
    /// Why rows were left out, or why nothing was read.
    pub reason: String,
}

/// The ledger of a set of checked reports.
pub fn ledger(reports: &[FileReport]) -> Vec<LedgerEntry> {
    let mut entries = Vec::new();
    for report in reports {
        let file = &report.read.file;
        for finding in report
            .read
            .findings
            .iter()
            .filter(|f| f.rule == Rule::FileUnreadable)
        {
            entries.push(LedgerEntry {
                file: file.clone(),
                sheet: finding.sheet.clone(),
                rows_read: 0,
                rows_taken: 0,
                rows_left_out: 0,
                reason: finding.message.clone(),
            });
        }
        for sheet in &report.read.sheets {
            // A sheet read as tables of two kinds (a service plan's indicators and
            // risks) has a line for each, named by what it holds.
            let twice = report
                .read
                .sheets
                .iter()
                .filter(|other| other.name == sheet.name)
                .count()
                > 1;
            let name = match &sheet.content {
                SheetContent::RiskRegister(_) if twice => format!("{} (risks)", sheet.name),
                SheetContent::IndicatorReturn(_) if twice => {
                    format!("{} (indicators)", sheet.name)
                }
                _ => sheet.name.clone(),
            };
            let entry = |read: usize, taken: usize, reason: String| LedgerEntry {
                file: file.clone(),
                sheet: Some(name.clone()),
                rows_read: read,
                rows_taken: taken,
                rows_left_out: read - taken,
                reason,
            };
            match &sheet.content {
                SheetContent::RiskRegister(register) => {
                    let rows = &register.rows;
                    let taken = rows.risks.len();
                    entries.push(entry(
                        taken + rows.left_out.len(),
                        taken,
                        reasons(&rows.left_out),
                    ));
                }
                SheetContent::IndicatorReturn(sheet_read) => {
                    let taken = sheet_read.rows_taken;
                    entries.push(entry(
                        taken + sheet_read.left_out.len(),
                        taken,
                        reasons(&sheet_read.left_out),
                    ));
                }
                SheetContent::Definitions(library) => {
                    let taken = library.definitions.len();
                    entries.push(entry(
                        taken + library.left_out.len(),
                        taken,
                        reasons(&library.left_out),
                    ));
                }
                SheetContent::ActionPlan(plan) => {
                    let left_out = reasons(&plan.left_out);
                    let reason = format!(
                        "an action plan: {} taken as the actions of the register's risks{}{left_out}",
                        plan.taken,
                        if left_out.is_empty() { "" } else { "; " }
                    );
                    entries.push(entry(plan.rows, plan.taken, reason))
                }
                SheetContent::Priorities(list) => {
                    entries.push(entry(list.len(), list.len(), String::new()))
                }
                SheetContent::NotRead { rows, reason } => {
                    entries.push(entry(*rows, 0, reason.clone()))
                }
                SheetContent::Blank => {}
            }
        }
    }
    entries
}

/// "2 x section heading 'RISKS'; 1 x text outside the table".
fn reasons(left_out: &[RowLeftOut]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for left in left_out {
        *counts.entry(left.reason.as_str()).or_default() += 1;
    }
    counts
        .iter()
        .map(|(reason, count)| format!("{count} x {reason}"))
        .collect::<Vec<_>>()
        .join("; ")
}
