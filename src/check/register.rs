//! The rules over a whole register sheet.
//!
//! Emits: risk.duplicate-id (within one register), risk.controls-missing (no controls
//! column at all), risk.review-overdue (no review date column at all),
//! sheet.out-of-date (completed for an earlier period than the reporting date's),
//! sheet.ahead-of-date (for a later one).

use super::CheckContext;
use crate::finding::{CellRef, Finding, Rule};
use crate::model::ReviewCycle;
use crate::model::{Kind, Risk};
use crate::read::{CompletedFor, RegisterSheet};
use crate::schema::Framework;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The rules this file emits.
pub const RULES: &[Rule] = &[
    Rule::RiskDuplicateId,
    Rule::RiskControlsMissing,
    Rule::RiskReviewOverdue,
    Rule::SheetOutOfDate,
    Rule::SheetAheadOfDate,
];

/// Check a register as a whole.
pub fn check_register(
    file: &str,
    sheet: &str,
    register: &RegisterSheet,
    ctx: &CheckContext,
) -> Vec<Finding> {
    let mut findings = duplicate_ids(&register.rows.risks);
    findings.extend(another_period(file, sheet, register, ctx));
    let risks = &register.rows.risks;
    // As for each row, opportunities are not asked for controls: a register of them alone
    // is not told it has no controls column.
    if risks.iter().any(|risk| risk.kind == Kind::Risk)
        && !risks.iter().any(|risk| risk.has_column("controls"))
    {
        findings.push(
            Finding::file(
                file,
                Rule::RiskControlsMissing,
                "The register has no current controls column, so no risk says what is already in place to manage it.",
            )
            .on_sheet(sheet)
            .at(CellRef::new(register.header.last_row, register.header.first_column()))
            .field("controls"),
        );
    }
    // A register with no last or next review date column cannot show its risks were
    // reviewed in the cycle: said once, as each risk would be told the same.
    let open = risks.iter().filter(|risk| !risk.closed).count();
    if open > 0
        && !risks
            .iter()
            .any(|risk| risk.has_column("last_review") || risk.has_column("next_review"))
    {
        let cycle = ctx.framework.review.cycle_months;
        findings.push(
            Finding::file(
                file,
                Rule::RiskReviewOverdue,
                format!(
                    "The register has no column for the date each risk was last reviewed, so nothing shows its {} open {} reviewed in the {} to the reporting date {}: add a 'Last Reviewed' column.",
                    open,
                    if open == 1 { "risk was" } else { "risks were" },
                    if cycle == 1 { "month".to_string() } else { format!("{cycle} months") },
                    ctx.as_of.format("%d/%m/%Y")
                ),
            )
            .on_sheet(sheet)
            .at(CellRef::new(register.header.last_row, register.header.first_column()))
            .field("last_review"),
        );
    }
    findings
}

/// ", as R01," where the other place writes the same ID another way.
pub fn written_as(id: &str, other: Option<&str>) -> String {
    match other.map(str::trim) {
        Some(other) if other != id.trim() => format!(", as {other},"),
        _ => String::new(),
    }
}

fn duplicate_ids(risks: &[Risk]) -> Vec<Finding> {
    let mut first_seen: HashMap<String, &Risk> = HashMap::new();
    let mut findings = Vec::new();
    for risk in risks {
        let Some(id) = &risk.id else { continue };
        // "R1" and "R01" are one ID, as a month-on-month comparison knows them.
        let key = crate::model::id_key(id);
        match first_seen.get(&key) {
            Some(first) => {
                let source = risk.source.as_ref();
                let mut finding = Finding::file(
                    source.map_or("", |s| &*s.file),
                    Rule::RiskDuplicateId,
                    format!(
                        "The risk ID {id} is also used{} at {} (row {}): each risk needs its own ID.",
                        written_as(id, first.id.as_deref()),
                        first.cell("id"),
                        first.first_cell.row + 1
                    ),
                )
                .at(risk.cell("id"))
                .field("id");
                if let Some(source) = source {
                    finding = finding.on_sheet(&*source.sheet);
                }
                findings.push(finding);
            }
            None => {
                first_seen.insert(key, risk);
            }
        }
    }
    findings
}

/// Where the date a register (or indicator return) was completed for falls, against the
/// reporting date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dated {
    /// A review cycle or more before it: last period's return.
    Before,
    /// A review cycle or more after it: next period's, or the run's date is wrong.
    After,
}

/// Whether a register completed for `completed_for` is dated a review cycle or more
/// before the reporting date or after it; `None` within a cycle of it either way.
pub fn dated_apart(
    completed_for: &CompletedFor,
    framework: &Framework,
    as_of: NaiveDate,
) -> Option<Dated> {
    let cycle = ReviewCycle::of_framework(framework);
    if completed_for.span.latest <= cycle.due_after(as_of) {
        Some(Dated::Before)
    } else if completed_for.span.earliest >= cycle.after(as_of) {
        Some(Dated::After)
    } else {
        None
    }
}

/// A register whose block says it was completed for a date a review cycle or more
/// before the reporting date ("Reporting date: 30/09/2026" in a run for 31/10/2026),
/// or a consolidated workbook made for such a date: last period's return, sent
/// again or not brought up to date. Or a cycle or more after it ("Reporting date:
/// 30/11/2026"): next period's return, or a run for the wrong reporting date. Its
/// risks are still read and judged at the reporting date.
fn another_period(
    file: &str,
    sheet: &str,
    register: &RegisterSheet,
    ctx: &CheckContext,
) -> Option<Finding> {
    let completed_for = register.completed_for.as_ref()?;
    let dated = dated_apart(completed_for, ctx.framework, ctx.as_of)?;
    let cycle = ReviewCycle::of_framework(ctx.framework).length();
    let as_of = ctx.as_of.format("%d/%m/%Y");
    let written = &completed_for.written;
    let judged = format!(
        "Its risks are read as they stand, and their reviews and actions judged at {as_of}."
    );
    let (rule, message) = match (dated, &completed_for.sheet) {
        (Dated::Before, None) => (
            Rule::SheetOutOfDate,
            format!(
                "The register says it was completed for '{written}', {cycle} or more before the reporting date {as_of}: is it last period's return? Ask the service for the current one. {judged}"
            ),
        ),
        (Dated::Before, Some(_)) => (
            Rule::SheetOutOfDate,
            format!(
                "This consolidated workbook was made for the reporting date {written}, {cycle} or more before this run's, {as_of}: is it last period's? Ask for the current one. {judged}"
            ),
        ),
        (Dated::After, None) => (
            Rule::SheetAheadOfDate,
            format!(
                "The register says it was completed for '{written}', {cycle} or more after the reporting date {as_of}: is it next period's return, or is the reporting date (--as-of) wrong? {judged}"
            ),
        ),
        (Dated::After, Some(_)) => (
            Rule::SheetAheadOfDate,
            format!(
                "This consolidated workbook was made for the reporting date {written}, {cycle} or more after this run's, {as_of}: is this run's reporting date (--as-of) wrong? {judged}"
            ),
        ),
    };
    Some(
        Finding::file(file, rule, message)
            .on_sheet(completed_for.sheet.as_deref().unwrap_or(sheet))
            .at(completed_for.cell),
    )
}
