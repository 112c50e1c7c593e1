//! The rules over a whole register sheet.
//!
//! Emits: risk.duplicate-id (within one register), risk.controls-missing (no controls
//! column at all).

use super::CheckContext;
use crate::finding::{CellRef, Finding, Rule};
use crate::model::{Kind, Risk};
use crate::read::RegisterSheet;
use std::collections::HashMap;

/// The rules this file emits.
pub const RULES: &[Rule] = &[Rule::RiskDuplicateId, Rule::RiskControlsMissing];

/// Check a register as a whole.
pub fn check_register(
    file: &str,
    sheet: &str,
    register: &RegisterSheet,
    _ctx: &CheckContext,
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
