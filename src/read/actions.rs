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
    let key = crate::model::id_key;
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
            status: plan
                .status
                .and_then(|c| values::status_text(row.get(c)).ok().flatten()),
        });
        read.taken += 1;
    }
    for risk in risks.iter_mut() {
        take_planned(risk);
    }
    read
}

/// A risk's action fields from all its actions where an action plan sheet gives some:
/// its row's own action (where its actions are not already one a row or a line) is
/// made one of them, to be checked at its own cells, and the fields list them all a
/// line each, in step ("-" where an action has no owner or status and others do),
/// so the workbook shows every action and reads back the same a level up.
fn take_planned(risk: &mut Risk) {
    let own_sheet = risk.source.as_ref().map(|s| s.sheet.clone());
    let on_own_sheet = |a: &PlannedAction| own_sheet.as_ref() == Some(&a.sheet);
    if risk.planned.iter().all(on_own_sheet) {
        return;
    }
    // What the row's own due date cell says where it gives no date ("Ongoing").
    let mut own_due_words = None;
    if !risk.planned.iter().any(on_own_sheet)
        && let (Some(text), Some(sheet)) = (risk.further_actions.clone(), own_sheet.clone())
    {
        own_due_words = risk.written("action_due").map(str::to_string);
        let own = PlannedAction {
            sheet,
            cell: risk.cell("further_actions"),
            text,
            owner: risk.action_owner.clone(),
            due: risk.action_due,
            due_cell: risk.cell("action_due"),
            status: risk.action_status.clone(),
        };
        risk.planned.insert(0, own);
    }
    let lines = |get: fn(&PlannedAction) -> Option<String>| {
        let each: Vec<Option<String>> = risk.planned.iter().map(get).collect();
        each.iter().any(Option::is_some).then(|| {
            each.iter()
                .map(|line| line.as_deref().unwrap_or("-"))
                .collect::<Vec<_>>()
                .join("\n")
        })
    };
    risk.further_actions = lines(|a| Some(a.text.clone()));
    risk.action_owner = lines(|a| a.owner.clone());
    risk.action_status = lines(|a| a.status.clone());
    let dues: Vec<DateSpan> = risk.planned.iter().filter_map(|a| a.due).collect();
    if let (Some(earliest), Some(latest)) = (
        dues.iter().map(|d| d.earliest).min(),
        dues.iter().map(|d| d.latest).max(),
    ) {
        risk.action_due = Some(DateSpan {
            several: dues.len() > 1,
            ..DateSpan::between(earliest, latest)
        });
    }
    // Several dates are shown as written, a line each.
    risk.as_written.retain(|(slot, _)| &**slot != "action_due");
    if risk.planned.len() > 1 {
        let due_lines: Vec<String> = risk
            .planned
            .iter()
            .enumerate()
            .map(|(i, a)| match (a.due, &own_due_words) {
                (Some(due), _) => due.display(),
                (None, Some(words)) if i == 0 => words.clone(),
                (None, _) => "-".to_string(),
            })
            .collect();
        if due_lines.iter().any(|line| line != "-") {
            risk.as_written
                .push((Arc::from("action_due"), due_lines.join("\n")));
        }
    }
}

/// Give each risk of a register its further actions one by one where the register
/// keeps them so: an action a row (the risk's row and the rows that carry it on,
/// `continued` holding (row, the record's first row), 0-based; a region merged down
/// gives its value to each row it covers), or a line each in one cell with as many
/// lines of due dates. Each action keeps its owner, due date and status (its own line or row's,
/// else the cell's), so each is checked for being overdue at its own cell.
pub fn actions_by_row(
    grid: &Grid,
    header: &Header,
    template: &TemplateSchema,
    continued: &[(u32, u32)],
    risks: &mut [Risk],
) {
    let column = |name: &str| header.column_of(template, name);
    let Some(text_column) = column("further_actions") else {
        return;
    };
    let columns = ActionColumns {
        text: text_column,
        owner: column("action_owner"),
        due: column("action_due"),
        status: column("action_status"),
    };
    let sheet: Arc<str> = Arc::from(grid.name.as_str());
    let mut later_rows: HashMap<u32, Vec<u32>> = HashMap::new();
    for &(row, first) in continued {
        later_rows.entry(first).or_default().push(row);
    }
    for risk in risks.iter_mut() {
        let Some(first) = risk.source.as_ref().and_then(|s| s.row.checked_sub(1)) else {
            continue;
        };
        let mut rows = vec![first];
        if let Some(later) = later_rows.get(&first) {
            rows.extend(later);
            rows.sort_unstable();
        }
        let mut actions = actions_a_row(grid, &columns, &rows, &sheet);
        if actions.is_empty() {
            actions = actions_a_line(grid, &columns, first, &sheet);
        }
        risk.planned.extend(actions);
    }
}

/// The columns of a register's actions.
struct ActionColumns {
    text: u32,
    owner: Option<u32>,
    due: Option<u32>,
    status: Option<u32>,
}

impl ActionColumns {
    fn due_cell(&self, row: u32) -> CellRef {
        CellRef::new(row, self.due.unwrap_or(self.text))
    }
}

/// A risk's actions one a row, where two rows or more give one (an action merged
/// down over several rows is one action).
fn actions_a_row(
    grid: &Grid,
    columns: &ActionColumns,
    rows: &[u32],
    sheet: &Arc<str>,
) -> Vec<PlannedAction> {
    if rows.len() < 2 {
        return Vec::new();
    }
    // A cell's value, or that of the region merged down over it.
    let value = |row: u32, column: u32| {
        let own = grid.get(row, column);
        match grid.merge_at(row, column) {
            Some(merge) if own.is_blank() => grid.get(merge.start.0, merge.start.1),
            _ => own,
        }
    };
    let text = |row: u32, column: Option<u32>| {
        column.and_then(|c| values::text(value(row, c)).ok().flatten())
    };
    let mut actions: Vec<PlannedAction> = Vec::new();
    for &row in rows {
        let Some(action) = text(row, Some(columns.text)) else {
            continue;
        };
        if actions.iter().any(|a| a.text == action) {
            continue;
        }
        let due = columns
            .due
            .map(|c| value(row, c))
            .filter(|v| !v.as_text().is_some_and(values::is_no_date))
            .and_then(|v| values::date(v).ok().flatten());
        actions.push(PlannedAction {
            sheet: sheet.clone(),
            cell: CellRef::new(row, columns.text),
            text: action,
            owner: text(row, columns.owner),
            due,
            due_cell: columns.due_cell(row),
            status: columns
                .status
                .and_then(|c| values::status_text(value(row, c)).ok().flatten()),
        });
    }
    if actions.len() < 2 {
        actions.clear();
    }
    actions
}

/// A risk's actions a line each in its one row's cell, where its due date cell has a
/// line for each: owners and statuses a line each where they have as many lines,
/// else the whole cell's for every action.
fn actions_a_line(
    grid: &Grid,
    columns: &ActionColumns,
    row: u32,
    sheet: &Arc<str>,
) -> Vec<PlannedAction> {
    let lines = |column: Option<u32>| -> Vec<String> {
        column
            .and_then(|c| values::text(grid.get(row, c)).ok().flatten())
            .map(|text| {
                text.lines()
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    // A due date cell of several lines first: most rows have one date, or none.
    let dues: Vec<Option<DateSpan>> = match columns.due.and_then(|c| grid.get(row, c).as_text()) {
        Some(text) if values::has_several_lines(text) => values::date_lines(text)
            .map(|date| date.ok().flatten())
            .collect(),
        _ => return Vec::new(),
    };
    let texts = lines(Some(columns.text));
    if dues.len() != texts.len() {
        return Vec::new();
    }
    let each = |of: Vec<String>| -> Vec<Option<String>> {
        if of.len() == texts.len() {
            // A dash holds an action's place where it has none.
            of.into_iter()
                .map(|line| (!values::is_dash(&line)).then_some(line))
                .collect()
        } else {
            let whole = (!of.is_empty()).then(|| of.join("\n"));
            vec![whole; texts.len()]
        }
    };
    let owners = each(lines(columns.owner));
    let statuses = each(lines(columns.status));
    texts
        .iter()
        .zip(dues)
        .zip(owners.into_iter().zip(statuses))
        .map(|((text, due), (owner, status))| PlannedAction {
            sheet: sheet.clone(),
            cell: CellRef::new(row, columns.text),
            text: without_list_mark(text).to_string(),
            owner,
            due,
            due_cell: columns.due_cell(row),
            status,
        })
        .collect()
}

/// A line less the number or bullet that lists it: "1. ", "2) ", "a) ", "- ", "• ".
fn without_list_mark(line: &str) -> &str {
    let line = line.trim();
    let rest = line.trim_start_matches(['-', '•', '*', '–', '·']);
    if rest.len() < line.len() {
        return rest.trim_start();
    }
    let mark_end = line
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_alphanumeric())
        .last()
        .map(|(i, c)| i + c.len_utf8());
    match mark_end {
        Some(end)
            if end <= 3
                && line[end..].starts_with(['.', ')'])
                && line[end + 1..].starts_with(char::is_whitespace)
                && (line[..end].chars().all(|c| c.is_ascii_digit()) || end == 1) =>
        {
            line[end + 1..].trim_start()
        }
        _ => line,
    }
}

#[cfg(test)]
mod tests {
    use super::without_list_mark;

    #[test]
    fn a_lines_number_or_bullet_is_taken_off_and_nothing_else() {
        for (line, action) in [
            ("1. Recovery plan", "Recovery plan"),
            ("12) Fees review", "Fees review"),
            ("b) Vacancy review", "Vacancy review"),
            ("- Agency freeze", "Agency freeze"),
            ("• Agency freeze", "Agency freeze"),
            ("e.g. a review", "e.g. a review"),
            ("2026 budget review", "2026 budget review"),
            ("Q3. Review", "Q3. Review"),
        ] {
            assert_eq!(without_list_mark(line), action, "{line}");
        }
    }
}
