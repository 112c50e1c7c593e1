//! Finding a template's header row in a sheet, wherever it is, and mapping its
//! columns to fields. Handles title rows and a labelled block above the header, and a
//! two-row header with group labels ("Inherent Risk") over short names ("L", "I").

use super::grid::{Grid, GridRow, Value};
use crate::schema::{BlockKey, Slot, Stage, TemplateSchema};
use std::collections::{BTreeMap, HashMap};

/// One column of the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// 0-based column index.
    pub index: u32,
    /// The header as written ("Current Risk / L" for a grouped column).
    pub header: String,
    /// The field it feeds; `None` for unknown or duplicate columns.
    pub slot: Option<Slot>,
}

/// A second column naming a field already mapped.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateColumn {
    /// The field.
    pub slot: Slot,
    /// The column used.
    pub kept: Column,
    /// The column ignored.
    pub ignored: Column,
}

/// The header found in a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// 0-based index of the header's first row.
    pub first_row: u32,
    /// 0-based index of its last row (the same as `first_row` unless grouped).
    pub last_row: u32,
    /// Every column with a heading, in order.
    pub columns: Vec<Column>,
    /// Fields mapped, to their column index.
    pub slots: BTreeMap<Slot, u32>,
    /// Columns that named a field already taken.
    pub duplicates: Vec<DuplicateColumn>,
}

impl Header {
    /// The leftmost column of the table.
    pub fn first_column(&self) -> u32 {
        self.columns.first().map_or(0, |c| c.index)
    }

    /// The headings as written, for messages.
    pub fn headings(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.header.clone()).collect()
    }
}

/// How well a row (or pair of rows) reads as the template's header.
fn fit(template: &TemplateSchema, header: &Header) -> Option<usize> {
    let fields: std::collections::BTreeSet<usize> = header.slots.keys().map(|s| s.field).collect();
    let has_key = template
        .template
        .key_fields
        .iter()
        .filter_map(|name| template.field_index(name))
        .any(|f| fields.contains(&f));
    (has_key && header.slots.len() >= template.template.min_fields).then_some(header.slots.len())
}

/// Find the header of `template` in the first rows of `grid`.
pub fn find_header(grid: &Grid, template: &TemplateSchema, search_rows: u32) -> Option<Header> {
    let mut best: Option<(usize, Header)> = None;
    for (position, row) in grid.rows.iter().enumerate() {
        if row.index >= search_rows {
            break;
        }
        let mut candidates = vec![map_single(row, template)];
        let next = grid
            .rows
            .get(position + 1)
            .filter(|next| next.index == row.index + 1);
        if let Some(next) = next
            && row.cells.iter().any(|(_, v)| {
                v.as_text()
                    .and_then(|t| template.stage_of_label(t))
                    .is_some()
            })
        {
            candidates.push(map_grouped(grid, row, next, template));
        }
        for candidate in candidates {
            if let Some(score) = fit(template, &candidate)
                && best.as_ref().is_none_or(|(b, _)| score > *b)
            {
                best = Some((score, candidate));
            }
        }
    }
    best.map(|(_, header)| header)
}

fn header_text(value: &Value) -> Option<String> {
    // Headings are text; numbers, dates and errors in a row mark it as data.
    let text = match value {
        Value::Text(t) => t.replace('\u{a0}', " "),
        _ => return None,
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

fn assign(header: &mut Header, column: Column) {
    if let Some(slot) = column.slot {
        if let Some(&kept_index) = header.slots.get(&slot) {
            let kept = header
                .columns
                .iter()
                .find(|c| c.index == kept_index)
                .cloned();
            if let Some(kept) = kept {
                header.duplicates.push(DuplicateColumn {
                    slot,
                    kept,
                    ignored: column.clone(),
                });
            }
            header.columns.push(Column {
                slot: None,
                ..column
            });
            return;
        }
        header.slots.insert(slot, column.index);
    }
    header.columns.push(column);
}

fn empty_header(first_row: u32, last_row: u32) -> Header {
    Header {
        first_row,
        last_row,
        columns: Vec::new(),
        slots: BTreeMap::new(),
        duplicates: Vec::new(),
    }
}

fn map_single(row: &GridRow, template: &TemplateSchema) -> Header {
    let mut header = empty_header(row.index, row.index);
    for (index, value) in &row.cells {
        let Some(text) = header_text(value) else {
            continue;
        };
        // A lone "Current Risk" column holds that stage's score.
        let slot = template.match_header(&text, None).or_else(|| {
            template
                .stage_of_label(&text)
                .and_then(|stage| template.staged_slot("score", stage))
        });
        assign(
            &mut header,
            Column {
                index: *index,
                header: text,
                slot,
            },
        );
    }
    header
}

fn map_grouped(grid: &Grid, top: &GridRow, sub: &GridRow, template: &TemplateSchema) -> Header {
    let mut header = empty_header(top.index, sub.index);
    let mut columns: Vec<u32> = top
        .cells
        .iter()
        .chain(sub.cells.iter())
        .map(|(c, _)| *c)
        .collect();
    columns.sort_unstable();
    columns.dedup();
    let mut group: Option<(Stage, String, Option<u32>)> = None;
    for index in columns {
        let top_text = header_text(top.get(index));
        let sub_text = header_text(sub.get(index));
        if let Some(text) = &top_text {
            group = template.stage_of_label(text).map(|stage| {
                let end = grid.merge_at(top.index, index).map(|m| m.end.1);
                (stage, text.clone(), end)
            });
        } else if let Some((_, _, Some(end))) = group
            && index > end
        {
            group = None;
        }
        let (text, slot) = match (&sub_text, &group) {
            (Some(sub), Some((stage, label, _))) => (
                format!("{label} / {sub}"),
                template.match_header(sub, Some(*stage)),
            ),
            (Some(sub), None) => (sub.clone(), template.match_header(sub, None)),
            (None, Some((stage, label, _))) if top_text.is_some() => {
                (label.clone(), template.staged_slot("score", *stage))
            }
            (None, _) => match &top_text {
                Some(top) => (top.clone(), template.match_header(top, None)),
                None => continue,
            },
        };
        assign(
            &mut header,
            Column {
                index,
                header: text,
                slot,
            },
        );
    }
    header
}

/// The labelled block above the header: "Service: Highways", "Directorate | Economy".
pub fn read_block(
    grid: &Grid,
    header: &Header,
    template: &TemplateSchema,
) -> HashMap<BlockKey, String> {
    let mut block = HashMap::new();
    for row in grid.rows.iter().take_while(|r| r.index < header.first_row) {
        let cells: Vec<(u32, String)> = row
            .cells
            .iter()
            .filter(|(_, v)| !v.is_blank())
            .map(|(c, v)| (*c, v.display()))
            .collect();
        for (i, (_, text)) in cells.iter().enumerate() {
            let (label, inline) = match text.split_once(':') {
                Some((label, value)) => (label.trim(), value.trim()),
                None => (text.trim(), ""),
            };
            let Some(key) = template.block_label(label) else {
                continue;
            };
            let value = if inline.is_empty() {
                cells
                    .get(i + 1)
                    .map(|(_, next)| next.trim().to_string())
                    .unwrap_or_default()
            } else {
                inline.to_string()
            };
            if !value.is_empty() && template.block_label(value.trim_end_matches(':')).is_none() {
                block.entry(key).or_insert(value);
            }
        }
    }
    block
}
