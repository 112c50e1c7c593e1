//! The labelled block above a header ("Directorate: Place", "Reporting period: October
//! 2026").

use crate::finding::CellRef;
use crate::read::CompletedFor;
use crate::read::grid::{Grid, Value};
use crate::read::names;
use crate::schema::{BlockKey, TemplateSchema};
use std::collections::HashMap;

use super::Header;

/// A labelled value of the block above the header, with the cell it is written in.
struct Labelled<'a> {
    key: BlockKey,
    text: String,
    cell: CellRef,
    /// The value's cell, where it has one of its own ("Reporting date" | 30/09/2026);
    /// `None` where it follows its label in one cell ("Reporting date: 30/09/2026").
    value: Option<&'a Value>,
}

/// Each labelled value of the block above the header, in reading order.
fn labelled<'a>(grid: &'a Grid, header: &Header, template: &TemplateSchema) -> Vec<Labelled<'a>> {
    let mut found = Vec::new();
    for row in grid.rows.iter().take_while(|r| r.index < header.first_row) {
        let cells: Vec<(u32, String, &Value)> = row
            .cells
            .iter()
            .filter(|(_, v)| !v.is_blank())
            .map(|(c, v)| (*c, v.display(), v))
            .collect();
        for (i, (column, text, _)) in cells.iter().enumerate() {
            let (label, inline) = match text.split_once(':') {
                Some((label, value)) => (label.trim(), value.trim()),
                None => (text.trim(), ""),
            };
            let Some(key) = template.block_label(label) else {
                continue;
            };
            let (text, column, value) = if inline.is_empty() {
                match cells.get(i + 1) {
                    Some((next_column, next, value)) => {
                        (next.trim().to_string(), *next_column, Some(*value))
                    }
                    None => (String::new(), *column, None),
                }
            } else {
                (inline.to_string(), *column, None)
            };
            if !text.is_empty() && template.block_label(text.trim_end_matches(':')).is_none() {
                found.push(Labelled {
                    key,
                    text,
                    cell: CellRef::new(row.index, column),
                    value,
                });
            }
        }
    }
    found
}

/// The date a register or return says it was completed for, from its block
/// ("Reporting date: 30/09/2026", "As at | September 2026"): its cell, the words
/// written and the span they give. `None` where the block gives none, or none that
/// reads as a date.
pub fn completed_for(
    grid: &Grid,
    header: &Header,
    template: &TemplateSchema,
) -> Option<CompletedFor> {
    let first = labelled(grid, header, template)
        .into_iter()
        .find(|l| l.key == BlockKey::ReportingDate)?;
    let value = first
        .value
        .cloned()
        .unwrap_or_else(|| Value::Text(first.text.clone()));
    let span = crate::read::values::date(&value).ok().flatten()?;
    Some(CompletedFor {
        sheet: None,
        cell: first.cell,
        written: first.text,
        span,
    })
}

/// The labelled block above the header: "Service: Highways", "Directorate | Economy".
pub fn read_block(
    grid: &Grid,
    header: &Header,
    template: &TemplateSchema,
) -> HashMap<BlockKey, String> {
    let mut block = HashMap::new();
    for found in labelled(grid, header, template) {
        block.entry(found.key).or_insert(found.text);
    }
    // Else a title alone on its row ("Housing Risk Register 2026/27") says whose it is.
    let title = grid
        .rows
        .iter()
        .take_while(|r| r.index < header.first_row)
        .find_map(|row| names::title_names(&row.lone_cell()?.1.display()));
    if let Some((of, name)) = title {
        let key = match of {
            names::TitleOf::Service => BlockKey::Service,
            names::TitleOf::Directorate => BlockKey::Directorate,
        };
        block.entry(key).or_insert(name);
    }
    block
}
