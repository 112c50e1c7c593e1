//! The checks: one file per family of rules, each listing the rule ids it emits, and
//! the run that reads and checks many files in parallel.

pub mod owners;
pub mod register;
pub mod risk;

use crate::finding::{Finding, Rule};
use crate::read::{self, Input, WorkbookRead};
use crate::schema::{Framework, Schema};
use chrono::NaiveDate;
pub use owners::OwnerDirectory;
use rayon::prelude::*;

/// What every check needs besides the data.
#[derive(Debug, Clone, Copy)]
pub struct CheckContext<'a> {
    /// The framework: scales, bands, appetite, review cycle.
    pub framework: &'a Framework,
    /// The reporting date.
    pub as_of: NaiveDate,
    /// The officer directory, where one was given.
    pub owners: Option<&'a OwnerDirectory>,
}

/// One input file, read and checked.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The input.
    pub input: Input,
    /// What was read.
    pub read: WorkbookRead,
    /// Every finding for the file, in sheet, row and column order.
    pub findings: Vec<Finding>,
}

/// Every rule the risk checks can emit, reading included.
pub fn risk_rules() -> Vec<Rule> {
    let mut rules = vec![
        Rule::FileUnreadable,
        Rule::SheetUnrecognised,
        Rule::SheetNoRows,
        Rule::SheetSourceUnknown,
        Rule::HeaderMissingColumn,
        Rule::HeaderDuplicateColumn,
        Rule::CellType,
        Rule::CellFormulaError,
    ];
    rules.extend_from_slice(risk::RULES);
    rules.extend_from_slice(register::RULES);
    rules.sort();
    rules.dedup();
    rules
}

/// Check everything read from one workbook; findings come back in reading order.
pub fn check_workbook(read: &WorkbookRead, ctx: &CheckContext) -> Vec<Finding> {
    let mut findings = read.findings.clone();
    for (sheet, register) in read.registers() {
        findings.extend(register::check_register(&read.file, sheet, register, ctx));
        for risk in &register.rows.risks {
            findings.extend(risk::check_risk(risk, ctx));
        }
    }
    let sheet_position = |name: &Option<String>| match name {
        None => 0,
        Some(name) => read
            .sheets
            .iter()
            .position(|s| &s.name == name)
            .map_or(usize::MAX, |p| p + 1),
    };
    findings.sort_by(|a, b| {
        (sheet_position(&a.sheet), &a.sheet, a.row, a.column, a.rule).cmp(&(
            sheet_position(&b.sheet),
            &b.sheet,
            b.row,
            b.column,
            b.rule,
        ))
    });
    findings
}

/// Read and check every input in parallel; reports come back in input order.
pub fn check_inputs(inputs: &[Input], schema: &Schema, ctx: &CheckContext) -> Vec<FileReport> {
    check_inputs_with_progress(inputs, schema, ctx, &|| {})
}

/// As [`check_inputs`], calling `file_done` as each file is finished (for a progress bar).
pub fn check_inputs_with_progress(
    inputs: &[Input],
    schema: &Schema,
    ctx: &CheckContext,
    file_done: &(dyn Fn() + Sync),
) -> Vec<FileReport> {
    inputs
        .par_iter()
        .map(|input| {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let read = read::read_workbook(&input.path, &input.display, &input.placement, schema);
                let findings = check_workbook(&read, ctx);
                (read, findings)
            }));
            let (read, findings) = outcome.unwrap_or_else(|_| {
                let finding = Finding::file(
                    &input.display,
                    Rule::FileUnreadable,
                    "Cannot read this file: reading it failed unexpectedly. Please report it with the file.",
                );
                let read = WorkbookRead { file: input.display.clone(), format: None, sheets: Vec::new(), findings: vec![finding.clone()] };
                (read, vec![finding])
            });
            file_done();
            FileReport { input: input.clone(), read, findings }
        })
        .collect()
}
