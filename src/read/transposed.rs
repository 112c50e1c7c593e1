//! A register kept across the sheet: its fields labelled down the first column ("Risk
//! Ref", "Risk Title", "Risk Owner", "Likelihood" …) and a column for each risk, as
//! corporate registers are set out for a committee's papers; or a definitions library
//! with a column for each indicator. Read as a register (or library) of a row per
//! column, every cell it names the sheet's own.

use super::capitalise;
use super::cards::{Cells, Layout, Remapped, label_of};
use super::grid::{Grid, GridRow, Value};
use super::register::{RowLeftOut, quoted};
use super::shade::Mark;
use crate::finding::CellRef;
use crate::schema::{FieldType, Slot, Stage, TemplateSchema};
use std::collections::BTreeMap;

/// Non-blank rows looked through for the labels.
const ROWS_LOOKED_AT: usize = 200;

/// A label down the sheet: its row, its words, and the field it names.
type Label = (u32, String, Slot);

/// The register (or library) a sheet of records across makes, each a `what` ("risk",
/// "indicator"): `None` unless a column holds labels of the template's fields (at least
/// its minimum, among them a key field), each the first cell of its row, and at least
/// two columns to their right are filled in beside most of them, with few labels among
/// their cells (a card's second label and value, "Risk Ref | CR01 | Risk Owner |
/// Director", is no record). A row with no label whose cells carry on the one above (a
/// second line of controls) is joined to it, a line each; a row naming a stage
/// ("Inherent Risk") makes the scores labelled below it that stage's; other rows among
/// and below the labels are left out.
pub fn across(
    grid: &Grid,
    template: &TemplateSchema,
    what: &str,
    reads_as: impl Fn(Slot, &Value) -> bool,
) -> Option<Remapped> {
    let (label_column, labels) = labels_down(grid, template)?;
    let columns = record_columns(grid, label_column, &labels, template, reads_as)?;
    let (first_row, last_row) = (labels.first()?.0, labels.last()?.0);
    let mut cells = Cells::default();
    let mut left_out = Vec::new();
    let mut values: Vec<Vec<(Value, CellRef)>> = Vec::new();
    // The stage a row of its own names ("Inherent Risk", "Residual Risk") for the
    // scores labelled below it.
    let mut stage: Option<Stage> = None;
    // Every row from the first label's on, however far below: each is read or left
    // out.
    for row in grid
        .rows
        .iter()
        .filter(|row| row.index >= first_row && !row.is_blank())
    {
        let label = labels.iter().position(|(r, ..)| *r == row.index);
        match label {
            Some(field) => {
                let at = CellRef::new(row.index, label_column);
                let (_, label, slot) = &labels[field];
                // "Likelihood" under "Inherent Risk" is the inherent likelihood.
                let staged = template.fields[slot.field].staged;
                let heading = Value::Text(match stage {
                    Some(stage) if staged => format!("{} {label}", capitalise(stage.name())),
                    _ => label.clone(),
                });
                cells.set(0, field as u32, heading, at, Mark::default());
                values.push(
                    columns
                        .iter()
                        .map(|&c| (row.get(c).clone(), CellRef::new(row.index, c)))
                        .collect(),
                );
            }
            None if let Some(named) = stage_heading(row, label_column, &columns, template) => {
                stage = Some(named);
                let words = first_filled(row)
                    .map(|(_, v)| v.display())
                    .unwrap_or_default();
                left_out.push(RowLeftOut {
                    row: row.index + 1,
                    reason: format!("the heading of the scores below it: {}", quoted(&words)),
                });
            }
            None => {
                let reason = carried_on_or_not(row, label_column, last_row, &columns, &mut values)
                    .map(|field| {
                        format!(
                            "continues each {what}'s {} from the row above",
                            quoted(&labels[field].1)
                        )
                    })
                    .unwrap_or_else(|| {
                        let words = first_filled(row)
                            .map(|(_, v)| v.display())
                            .unwrap_or_default();
                        format!(
                            "no field of the {what}s across the sheet: {}",
                            quoted(&words)
                        )
                    });
                left_out.push(RowLeftOut {
                    row: row.index + 1,
                    reason,
                });
            }
        }
    }
    let mut firsts = Vec::new();
    for (k, &column) in columns.iter().enumerate() {
        let record = k as u32 + 1;
        for (field, row) in values.iter().enumerate() {
            let (value, at) = row[k].clone();
            let mark = grid.mark(at.row, at.column);
            cells.set(record, field as u32, value, at, mark);
        }
        firsts.push(CellRef::new(first_row, column));
    }
    let (table, origin) = cells.table(grid);
    let layout = Layout::Across {
        header_row: first_row,
    };
    Some(Remapped::new(table, origin, firsts, left_out, layout))
}

/// The first cell of a row, where it has one.
fn first_filled(row: &GridRow) -> Option<(u32, Value)> {
    row.cells.iter().find(|(_, v)| !v.is_blank()).cloned()
}

/// The column of labels down the sheet (the one most rows' labels are in) and its
/// labels, each with its row and the field it names: `None` unless they name the
/// template's minimum of fields, a key field among them.
fn labels_down(grid: &Grid, template: &TemplateSchema) -> Option<(u32, Vec<Label>)> {
    let rows: Vec<&GridRow> = grid
        .rows
        .iter()
        .filter(|row| !row.is_blank())
        .take(ROWS_LOOKED_AT)
        .collect();
    // Each row's label and the field it names, where its first cell is one.
    let labelled: Vec<(u32, u32, String, Slot)> = rows
        .iter()
        .filter_map(|row| {
            let (column, value) = first_filled(row)?;
            let (slot, label) = label_of(&value, template)?;
            Some((row.index, column, label, slot))
        })
        .collect();
    // The labels' column: the one most of them are in.
    let mut by_column: BTreeMap<u32, usize> = BTreeMap::new();
    for (_, column, ..) in &labelled {
        *by_column.entry(*column).or_default() += 1;
    }
    let (&label_column, _) = by_column.iter().max_by_key(|(_, count)| **count)?;
    let labels: Vec<Label> = labelled
        .into_iter()
        .filter(|(_, column, ..)| *column == label_column)
        .map(|(row, _, label, slot)| (row, label, slot))
        .collect();
    let slots: std::collections::BTreeSet<Slot> = labels.iter().map(|(.., slot)| *slot).collect();
    let key_fields: Vec<usize> = template
        .template
        .key_fields
        .iter()
        .filter_map(|name| template.field_index(name))
        .collect();
    if slots.len() < template.template.min_fields
        || !slots.iter().any(|slot| key_fields.contains(&slot.field))
    {
        return None;
    }
    Some((label_column, labels))
}

/// The records' columns: filled beside most labels, few of their cells labels, their
/// scores (or units, polarities, frequencies) mostly read as theirs; `None` unless two
/// or more.
fn record_columns(
    grid: &Grid,
    label_column: u32,
    labels: &[Label],
    template: &TemplateSchema,
    reads_as: impl Fn(Slot, &Value) -> bool,
) -> Option<Vec<u32>> {
    let mut filled: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
    for (row, ..) in labels {
        let Some(row) = grid.row(*row) else { continue };
        for (column, value) in row
            .cells
            .iter()
            .filter(|(c, v)| *c > label_column && !v.is_blank())
        {
            let count = filled.entry(*column).or_default();
            count.0 += 1;
            count.1 += usize::from(label_of(value, template).is_some());
        }
    }
    // A column whose scores (or units, polarities, frequencies) mostly read as theirs:
    // a column of guidance beside a card ("Score 1 to 5") is none.
    let judged: Vec<(u32, Slot)> = labels
        .iter()
        .map(|(row, _, slot)| (*row, *slot))
        .filter(|(_, slot)| {
            let field = &template.fields[slot.field];
            matches!(
                field.field_type,
                FieldType::Likelihood | FieldType::Impact | FieldType::Score | FieldType::Pair
            ) || matches!(field.name.as_str(), "unit" | "polarity" | "frequency")
        })
        .collect();
    let reads = |column: u32| {
        let (mut given, mut read) = (0, 0);
        for (row, slot) in &judged {
            let value = grid.get(*row, column);
            if !value.is_blank() {
                given += 1;
                read += usize::from(reads_as(*slot, value));
            }
        }
        given == 0 || read * 2 > given
    };
    let columns: Vec<u32> = filled
        .iter()
        .filter(|(_, (cells, _))| cells * 2 >= labels.len())
        .map(|(column, _)| *column)
        .filter(|&column| reads(column))
        .collect();
    if columns.len() < 2
        || columns
            .iter()
            .any(|column| filled[column].1 * 3 > filled[column].0)
    {
        return None;
    }
    Some(columns)
}

/// The stage a row of its own names in the labels' column, with nothing in the
/// records' ("Inherent Risk"): the stage of the scores labelled below it.
fn stage_heading(
    row: &GridRow,
    label_column: u32,
    columns: &[u32],
    template: &TemplateSchema,
) -> Option<Stage> {
    first_filled(row)
        .filter(|(column, _)| *column == label_column)
        .and_then(|(_, v)| v.as_text().map(str::to_string))
        .filter(|_| columns.iter().all(|&c| row.get(c).is_blank()))
        .and_then(|t| template.stage_of_label(t.trim().trim_end_matches(':')))
}

/// A row carrying the fields above on (text under the records' columns, nothing in the
/// labels', above the last label): its cells are joined to the last field's values, a
/// line each, and that field's position is returned.
fn carried_on_or_not(
    row: &GridRow,
    label_column: u32,
    last_row: u32,
    columns: &[u32],
    values: &mut [Vec<(Value, CellRef)>],
) -> Option<usize> {
    let carried = row.index < last_row
        && row.get(label_column).is_blank()
        && columns
            .iter()
            .any(|&c| matches!(row.get(c), Value::Text(_)))
        && row
            .cells
            .iter()
            .all(|(c, v)| v.is_blank() || columns.contains(c));
    let field = values.len().checked_sub(1).filter(|_| carried)?;
    let above = &mut values[field];
    for (k, &c) in columns.iter().enumerate() {
        let more = row.get(c);
        if more.is_blank() {
            continue;
        }
        above[k].0 = match &above[k].0 {
            value if value.is_blank() => more.clone(),
            value => Value::Text(format!("{}\n{}", value.display(), more.display())),
        };
    }
    Some(field)
}
