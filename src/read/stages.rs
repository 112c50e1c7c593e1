//! A register with a row for each stage of a risk's scores: "Risk ID | Risk | Stage |
//! Likelihood | Impact | Score" over a row for the risk's "Inherent" scores, then rows
//! for its "Current" and "Target" ones (the ID and title blank, or written again).
//! Read as the register of a row per risk it makes, each stage's scores in columns of
//! their own, every cell it names the sheet's own.

use super::cards::{Cells, Layout, Remapped};
use super::grid::{Grid, GridRow, Value};
use super::header::Header;
use super::register::RowLeftOut;
use super::shade::Mark;
use crate::finding::CellRef;
use crate::schema::{Slot, Stage, TemplateSchema};
use std::collections::{BTreeSet, HashMap};

/// A risk's rows: its first, and each stage's row with its stage.
struct Risk {
    first: u32,
    id: Option<String>,
    stages: Vec<(Stage, u32)>,
}

/// A row below the header: a risk, or a row read as it is (a note, a line carrying a
/// risk's text on).
enum Item {
    Risk(Risk),
    Row(u32),
}

/// The register a sheet of a row per stage makes: `None` unless a column (not the ID
/// or title) holds stage names ("Inherent", "Current", "Residual", "Target") in four
/// values of five at least, two stages or more, and some risk has a row for two stages
/// or more. Its header must be one row, with one likelihood, impact or score column
/// (not one per stage).
pub fn stage_rows(grid: &Grid, header: &Header, template: &TemplateSchema) -> Option<Remapped> {
    if header.first_row != header.last_row {
        return None;
    }
    let id = header.column_of(template, "id");
    let title = header.column_of(template, "title");
    if id.is_none() && title.is_none() {
        return None;
    }
    if header
        .slots
        .keys()
        .any(|slot| matches!(slot.stage, Some(Stage::Inherent | Stage::Target)))
    {
        return None;
    }
    let rows: Vec<&GridRow> = grid
        .rows
        .iter()
        .filter(|row| row.index > header.last_row && !row.is_blank())
        .collect();
    let stage_column = stage_column(&rows, header, [id, title], template)?;
    // The columns of scores: each a field at its current stage, as a heading of no
    // stage ("Likelihood") names it.
    let staged: HashMap<u32, usize> = header
        .slots
        .iter()
        .filter(|(slot, column)| slot.stage == Some(Stage::Current) && **column != stage_column)
        .map(|(slot, column)| (*column, slot.field))
        .collect();
    if staged.is_empty() {
        return None;
    }
    let items: Vec<Item> = items_of(&rows, stage_column, [id, title], template);
    let stacked = items
        .iter()
        .any(|item| matches!(item, Item::Risk(risk) if risk.stages.len() >= 2));
    if !stacked {
        return None;
    }
    let seen: BTreeSet<Stage> = items
        .iter()
        .filter_map(|item| match item {
            Item::Risk(risk) => Some(risk.stages.iter().map(|(s, _)| *s)),
            Item::Row(_) => None,
        })
        .flatten()
        .collect();
    // Each sheet column's columns in the register: one, or one per stage.
    let mut columns: Vec<(u32, Option<Stage>)> = Vec::new();
    for column in header.columns.iter().filter(|c| c.index != stage_column) {
        if staged.contains_key(&column.index) {
            columns.extend(seen.iter().map(|stage| (column.index, Some(*stage))));
        } else {
            columns.push((column.index, None));
        }
    }
    let (made, firsts, left_out) = made_register(grid, header, &items, &columns, &staged, template);
    let (table, origin) = made.table(grid);
    let layout = Layout::StageRows {
        header_row: header.last_row,
    };
    Some(Remapped::new(table, origin, firsts, left_out, layout))
}

/// The stage a cell names ("Inherent", "Current:"), if it names one.
fn stage_named(value: &Value, template: &TemplateSchema) -> Option<Stage> {
    value
        .as_text()
        .and_then(|t| template.stage_of_label(t.trim().trim_end_matches(':')))
}

/// The column of stage names: not the ID or title (`named`), its first value a stage,
/// and four values of five at least stages, of two stages or more.
fn stage_column(
    rows: &[&GridRow],
    header: &Header,
    named: [Option<u32>; 2],
    template: &TemplateSchema,
) -> Option<u32> {
    header
        .columns
        .iter()
        .map(|column| column.index)
        .filter(|column| !named.contains(&Some(*column)))
        .find(|&column| {
            let given = || {
                rows.iter()
                    .map(|row| row.get(column))
                    .filter(|value| !value.is_blank())
            };
            // The first risk's row names its stage: other columns are not looked through.
            if given()
                .next()
                .is_none_or(|first| stage_named(first, template).is_none())
            {
                return false;
            }
            let values: Vec<&Value> = given().collect();
            let stages: Vec<Stage> = values
                .iter()
                .filter_map(|v| stage_named(v, template))
                .collect();
            let distinct: BTreeSet<Stage> = stages.iter().copied().collect();
            values.len() >= 3 && stages.len() * 5 >= values.len() * 4 && distinct.len() >= 2
        })
}

/// The rows below the header as risks and rows read as they are: a row naming a stage
/// the risk above has not given, with no ID or title (or the same ID), is that risk's
/// stage; a row with an ID or title begins a risk.
fn items_of(
    rows: &[&GridRow],
    stage_column: u32,
    [id, title]: [Option<u32>; 2],
    template: &TemplateSchema,
) -> Vec<Item> {
    let text_of = |row: &GridRow, column: Option<u32>| {
        column
            .map(|c| row.get(c))
            .filter(|v| !v.is_blank())
            .map(Value::display)
    };
    let mut items: Vec<Item> = Vec::new();
    for row in rows {
        let stage = stage_named(row.get(stage_column), template);
        let row_id = text_of(row, id);
        let named = row_id.clone().or_else(|| text_of(row, title));
        if let (Some(stage), Some(Item::Risk(risk))) = (stage, items.last_mut())
            && (named.is_none() || row_id.is_some() && row_id == risk.id)
            && !risk.stages.iter().any(|(s, _)| *s == stage)
        {
            risk.stages.push((stage, row.index));
            continue;
        }
        if named.is_some() {
            items.push(Item::Risk(Risk {
                first: row.index,
                id: row_id,
                stages: vec![(stage.unwrap_or(Stage::Current), row.index)],
            }));
        } else {
            items.push(Item::Row(row.index));
        }
    }
    items
}

/// The register the items make: its header row of `columns` (a stage's score columns
/// named for the stage), a row per item with each risk's stages in their columns, each
/// row's first cell, and the later stages' rows left out as read with their risk.
fn made_register(
    grid: &Grid,
    header: &Header,
    items: &[Item],
    columns: &[(u32, Option<Stage>)],
    staged: &HashMap<u32, usize>,
    template: &TemplateSchema,
) -> (Cells, Vec<CellRef>, Vec<RowLeftOut>) {
    let at = |sheet: u32, stage: Option<Stage>| {
        columns
            .iter()
            .position(|c| *c == (sheet, stage))
            .map(|c| c as u32)
    };
    let mut made = Cells::default();
    for (c, (column, stage)) in columns.iter().enumerate() {
        let heading = match (stage, staged.get(column)) {
            (Some(stage), Some(&field)) => template.slot_label(Slot {
                field,
                stage: Some(*stage),
            }),
            _ => grid.get(header.last_row, *column).display(),
        };
        let at = CellRef::new(header.last_row, *column);
        made.set(0, c as u32, Value::Text(heading), at, Mark::default());
    }
    let mut firsts = Vec::new();
    let mut left_out = Vec::new();
    let first_column = header.first_column();
    let put = |made: &mut Cells, k: u32, c: Option<u32>, row: u32, column: u32| {
        let value = grid.get(row, column);
        if let Some(c) = c
            && !value.is_blank()
        {
            let at = CellRef::new(row, column);
            made.set(k, c, value.clone(), at, grid.mark(row, column));
        }
    };
    // Each risk's later stages' rows, joined to its first.
    let continued: Vec<(u32, u32)> = items
        .iter()
        .filter_map(|item| match item {
            Item::Risk(risk) => Some(
                risk.stages
                    .iter()
                    .skip(1)
                    .map(|&(_, row)| (row, risk.first)),
            ),
            Item::Row(_) => None,
        })
        .flatten()
        .collect();
    let joined = grid.join_continued(&continued);
    let mut k = 0;
    for item in items {
        match item {
            Item::Risk(risk) => {
                k += 1;
                firsts.push(CellRef::new(risk.first, first_column));
                for &(stage, row) in &risk.stages {
                    for &column in staged.keys() {
                        put(&mut made, k, at(column, Some(stage)), row, column);
                    }
                }
                // The risk's other fields, from its rows joined as rows carrying a risk
                // on are: a stage's row may carry its text on ("Controls" beside the
                // current scores) or write its ID and title again. At the first cell
                // that gives one.
                for &(column, stage) in columns {
                    let (None, Some(c)) = (stage, at(column, None)) else {
                        continue;
                    };
                    let value = joined.get(risk.first, column);
                    let from = risk
                        .stages
                        .iter()
                        .map(|&(_, row)| row)
                        .find(|&row| !grid.get(row, column).is_blank());
                    if let Some(row) = from.filter(|_| !value.is_blank()) {
                        let at = CellRef::new(row, column);
                        made.set(k, c, value.clone(), at, grid.mark(row, column));
                    }
                }
                for &(stage, row) in risk.stages.iter().skip(1) {
                    left_out.push(RowLeftOut {
                        row: row + 1,
                        reason: format!(
                            "the {} scores of the risk on row {}, read with it",
                            stage.name(),
                            risk.first + 1
                        ),
                    });
                }
            }
            Item::Row(row) => {
                k += 1;
                firsts.push(CellRef::new(*row, first_column));
                for &(column, stage) in columns {
                    if stage.is_none_or(|s| s == Stage::Current) {
                        put(&mut made, k, at(column, stage), *row, column);
                    }
                }
            }
        }
    }
    (made, firsts, left_out)
}
