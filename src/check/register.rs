//! The rules over a whole register sheet.
//!
//! Emits: risk.duplicate-id (within one register), risk.controls-missing (no controls
//! column at all), risk.review-overdue (no review date column at all).

use super::CheckContext;
use crate::finding::{CellRef, Finding, Rule};
use crate::model::{Kind, Risk};
use crate::read::RegisterSheet;
use std::collections::HashMap;

/// The rules this file emits.
pub const RULES: &[Rule] = &[
    Rule::RiskDuplicateId,
    Rule::RiskControlsMissing,
    Rule::RiskReviewOverdue,
];

/// Check a register as a whole.
pub fn check_register(
    file: &str,
    sheet: &str,
    register: &RegisterSheet,
    ctx: &CheckContext,
) -> Vec<Finding> {
    let mut findings = duplicate_ids(&register.rows.risks);
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
