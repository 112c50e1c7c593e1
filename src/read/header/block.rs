//! The labelled block above a header ("Directorate: Place", "Reporting period: October
//! 2026").

use crate::read::grid::Grid;
use crate::read::period::{self};
use crate::schema::{BlockKey, TemplateSchema};
use std::collections::HashMap;

use super::Header;

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
    // Else a title alone on its row ("Housing Risk Register 2026/27") says whose it is.
    let title = grid
        .rows
        .iter()
        .take_while(|r| r.index < header.first_row)
        .find_map(|row| period::title_names(&row.lone_cell()?.1.display()));
    if let Some((of, name)) = title {
        let key = match of {
            period::TitleOf::Service => BlockKey::Service,
            period::TitleOf::Directorate => BlockKey::Directorate,
        };
        block.entry(key).or_insert(name);
    }
    block
}
