//! An action plan kept on a sheet of its own beside the register: a row per action,
//! keyed by the risk's ID ("Risk ID | Action | Action Owner | Due Date | Status"). Its
//! actions are the further actions of the register's risks, so a risk with its actions
//! there is not said to have none, and each action is checked for being overdue at its
//! own row.

use super::grid::Grid;
use super::header::{Header, HeaderRows};
use super::register::{RowLeftOut, note_row, totals_row};
use super::values;
use crate::finding::{CellRef, Finding, Rule};
use crate::model::{DateSpan, PlannedAction, Risk};
use crate::schema::{Notes, Slot, TemplateSchema};
use std::collections::HashMap;
use std::sync::Arc;

/// The columns of an action plan's header.
#[derive(Debug, Clone)]
pub struct PlanColumns {
    /// 0-based row of the header.
    pub header_row: u32,
    id: u32,
    text: u32,
    owner: Option<u32>,
    due: Option<u32>,
    status: Option<u32>,
}

/// The action plan's header in `grid`: a risk ID and an action, with an owner, a due
/// date or a status, and none of a register's title, likelihood or impact.
pub fn find_plan(rows: &HeaderRows, template: &TemplateSchema) -> Option<PlanColumns> {
    let slot = |name: &str| template.slot(name);
    let register_only: Vec<Slot> = ["title", "likelihood", "impact"]
        .iter()
        .filter_map(|name| slot(name))
        .collect();
    rows.single_rows(template).into_iter().find_map(|header| {
        let column = |name: &str| slot(name).and_then(|s| header.slots.get(&s).copied());
        if register_only.iter().any(|s| header.slots.contains_key(s)) {
            return None;
        }
        // "Owner" and "Status" in an action plan are the action's.
        let owner = column("action_owner").or_else(|| column("owner"));
        let status = column("action_status").or_else(|| column("status"));
        let due = column("action_due");
        if owner.is_none() && due.is_none() && status.is_none() {
            return None;
        }
        Some(PlanColumns {
            header_row: header.last_row,
            id: risk_id_column(&header, column("id")?),
            text: column("further_actions")?,
            owner,
            due,
            status,
        })
    })
}

/// Of an "Action ID" and a "Risk ID", the risk's: the one whose heading names a risk.
fn risk_id_column(header: &Header, mapped: u32) -> u32 {
    let names_risk = |index: u32| {
        header
            .columns
            .iter()
            .find(|c| c.index == index)
            .is_some_and(|c| c.header.to_lowercase().contains("risk"))
    };
    if names_risk(mapped) {
        return mapped;
    }
    header
        .duplicates
        .iter()
        .find(|d| d.kept.index == mapped && names_risk(d.ignored.index))
        .map_or(mapped, |d| d.ignored.index)
}

/// What an action plan sheet gave.
#[derive(Debug, Clone, Default)]
pub struct PlanRead {
    /// Non-blank rows below the header.
    pub rows: usize,
    /// Rows joined to a risk.
    pub taken: usize,
    /// Rows left out, and why.
    pub left_out: Vec<RowLeftOut>,
}

/// Join the action plan's rows to the workbook's risks by ID, adding findings for its
/// cells: a due date that cannot be read, and an action for a risk the register does
/// not hold.
pub fn join_plan(
    file: &str,
    grid: &Grid,
    plan: &PlanColumns,
    notes: &Notes,
    risks: &mut [&mut Risk],
    findings: &mut Vec<Finding>,
) -> PlanRead {
    let key = |id: &str| {
        id.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase()
    };
    let by_id: HashMap<String, usize> = risks
        .iter()
        .enumerate()
        .filter_map(|(i, risk)| risk.id.as_deref().map(|id| (key(id), i)))
        .collect();
    let sheet: Arc<str> = Arc::from(grid.name.as_str());
    let mut read = PlanRead::default();
    for row in grid.rows.iter().filter(|r| r.index > plan.header_row) {
        if row.is_blank() {
            continue;
        }
        read.rows += 1;
        if let Some(left) = note_row(row, notes).or_else(|| totals_row(row, false)) {
            read.left_out.push(left);
            continue;
        }
        let text_of =
            |column: Option<u32>| column.and_then(|c| values::text(row.get(c)).ok().flatten());
        let (Some(id), Some(text)) = (text_of(Some(plan.id)), text_of(Some(plan.text))) else {
            read.left_out.push(RowLeftOut {
                row: row.index + 1,
                reason: "an action plan's row with no risk ID or no action".into(),
            });
            continue;
        };
        let Some(&index) = by_id.get(&key(&id)) else {
            findings.push(
                Finding::file(
                    file,
                    Rule::RiskActionUnmatched,
                    format!(
                        "The action plan gives an action for {id}, which is not on this workbook's register: a closed or deleted risk's action, or a mistyped ID. It is not counted as any risk's action."
                    ),
                )
                .on_sheet(&grid.name)
                .at(CellRef::new(row.index, plan.id))
                .field("id"),
            );
            read.left_out.push(RowLeftOut {
                row: row.index + 1,
                reason: format!("an action for {id}, which the register does not hold"),
            });
            continue;
        };
        let due_cell = CellRef::new(row.index, plan.due.unwrap_or(plan.id));
        let due = match plan.due.map(|c| row.get(c)) {
            Some(value) if value.as_text().is_some_and(values::is_no_date) => None,
            Some(value) => match values::date(value) {
                Ok(due) => due,
                Err(problem) => {
                    findings.push(
                        problem
                            .finding(file, "Action due")
                            .on_sheet(&grid.name)
                            .at(due_cell)
                            .field("action_due"),
                    );
                    None
                }
            },
            None => None,
        };
        risks[index].planned.push(PlannedAction {
            sheet: sheet.clone(),
            cell: CellRef::new(row.index, plan.id),
            text,
            owner: text_of(plan.owner),
            due,
            due_cell,
            status: text_of(plan.status),
        });
        read.taken += 1;
    }
    for risk in risks.iter_mut() {
        take_planned(risk);
    }
    read
}

/// A risk's own action fields, where its row leaves them blank, from its planned
/// actions: their texts and owners a line each, and the span of their due dates.
fn take_planned(risk: &mut Risk) {
    if risk.planned.is_empty() {
        return;
    }
    let lines = |get: fn(&PlannedAction) -> Option<&str>| {
        let lines: Vec<&str> = risk.planned.iter().filter_map(get).collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    };
    let actions = lines(|a| Some(a.text.as_str()));
    let owners = lines(|a| a.owner.as_deref());
    let statuses = lines(|a| a.status.as_deref());
    let dues: Vec<DateSpan> = risk.planned.iter().filter_map(|a| a.due).collect();
    if risk.further_actions.is_none() {
        risk.further_actions = actions;
    }
    if risk.action_owner.is_none() {
        risk.action_owner = owners;
    }
    if risk.action_status.is_none() {
        risk.action_status = statuses;
    }
    if risk.action_due.is_none()
        && let (Some(earliest), Some(latest)) = (
            dues.iter().map(|d| d.earliest).min(),
            dues.iter().map(|d| d.latest).max(),
        )
    {
        risk.action_due = Some(DateSpan {
            earliest,
            latest,
            named: None,
            several: dues.len() > 1,
        });
    }
}
