//! What the reader says of a sheet's shape: columns missing or given twice, a scale
//! other than the framework's, and a register or return that does not say whose it is.

use super::capitalise;
use crate::finding::{CellRef, Finding, Rule};
use crate::read::grid::Grid;
use crate::read::header;
use crate::read::header::Header;
use crate::read::register::Placement;
use crate::schema::{BlockKey, Schema, Slot, TemplateSchema};
use std::collections::HashMap;

/// `header.missing-column` and `header.duplicate-column` for any template; `given`
/// are required fields read from another column's cells.
pub(super) fn header_findings(
    file: &str,
    grid: &Grid,
    header: &Header,
    template: &TemplateSchema,
    given: &[Slot],
    schema_file: &str,
    findings: &mut Vec<Finding>,
) {
    let header_cell = CellRef::new(header.last_row, header.first_column());
    let found = header.headings();
    // A heading that already names another field ("Risk Owner") is not offered as the
    // nearest to a missing one ("Risk ID").
    let unmapped: Vec<String> = header
        .columns
        .iter()
        .filter(|column| !header.slots.values().any(|&index| index == column.index))
        .map(|column| column.header.clone())
        .collect();
    for slot in template.required_slots() {
        if header.slots.contains_key(&slot) || given.contains(&slot) {
            continue;
        }
        let label = template.slot_label(slot);
        let nearest = template
            .nearest_header(slot, &unmapped)
            .map(|h| format!(" The nearest heading is '{h}': if that is it, add it as a synonym in {schema_file}."))
            .unwrap_or_default();
        findings.push(
            Finding::file(
                file,
                Rule::HeaderMissingColumn,
                format!(
                    "There is no {label} column. Headings found: {}.{nearest}",
                    found.join(", ")
                ),
            )
            .on_sheet(&grid.name)
            .at(header_cell)
            .field(template.slot_name(slot)),
        );
    }
    for duplicate in &header.duplicates {
        findings.push(
            Finding::file(
                file,
                Rule::HeaderDuplicateColumn,
                format!(
                    "Columns '{}' ({}) and '{}' ({}) both mean {}; the first is used and the second ignored.",
                    duplicate.kept.header,
                    crate::finding::column_letters(duplicate.kept.index),
                    duplicate.ignored.header,
                    crate::finding::column_letters(duplicate.ignored.index),
                    template.slot_label(duplicate.slot)
                ),
            )
            .on_sheet(&grid.name)
            .at(CellRef::new(header.last_row, duplicate.ignored.index))
            .field(template.slot_name(duplicate.slot)),
        );
    }
}

/// `header.other-scale`: likelihood or impact columns whose headings give a scale other
/// than the framework's ("Likelihood (1-4)", "Impact 1 to 6"), one finding per scale at
/// its first such column. A 4 x 4 register's 16 is its top score, the framework's Very
/// high; read as the framework's, its risks would be banded and escalated wrongly.
pub(super) fn other_scales(
    file: &str,
    grid: &Grid,
    header: &Header,
    schema: &Schema,
    findings: &mut Vec<Finding>,
) {
    use crate::schema::FieldType;
    let template = &schema.risk_register;
    for (field_type, scale) in [
        (FieldType::Likelihood, &schema.framework.likelihood),
        (FieldType::Impact, &schema.framework.impact),
    ] {
        let top = scale.levels.len() as u32;
        let columns: Vec<(&header::Column, (u32, u32))> = header
            .columns
            .iter()
            .filter(|column| {
                column
                    .slot
                    .is_some_and(|slot| template.fields[slot.field].field_type == field_type)
            })
            .filter_map(|column| {
                scale_in_heading(&column.header)
                    .filter(|&range| range != (1, top))
                    .map(|range| (column, range))
            })
            .collect();
        let Some(&(first, (low, high))) = columns.first() else {
            continue;
        };
        let others: Vec<String> = columns[1..]
            .iter()
            .map(|(column, _)| crate::finding::column_letters(column.index))
            .collect();
        let also = match others.as_slice() {
            [] => String::new(),
            [one] => format!("; also column {one}"),
            many => format!("; also columns {}", many.join(", ")),
        };
        let label = |level: usize| {
            scale.levels[level]
                .labels
                .first()
                .cloned()
                .unwrap_or_default()
        };
        findings.push(
            Finding::file(
                file,
                Rule::HeaderOtherScale,
                format!(
                    "{} is scored {low} to {high} here ('{}', column {}{also}), where the framework scores it 1 ({}) to {top} ({}). Scores on another scale cannot be set beside the council's, nor banded or escalated by its matrix: rescore on the framework's scale.",
                    scale.name,
                    first.header,
                    crate::finding::column_letters(first.index),
                    label(0),
                    label(scale.levels.len() - 1),
                ),
            )
            .on_sheet(&grid.name)
            .at(CellRef::new(header.last_row, first.index))
            .field(first.slot.map(|slot| template.slot_name(slot)).unwrap_or_default()),
        );
    }
}

/// A scale a heading gives: "(1-4)", "1 - 6", "1 to 4", "1–5", or its ends keyed
/// "(1 = Low, 4 = High)".
fn scale_in_heading(heading: &str) -> Option<(u32, u32)> {
    let words: Vec<String> = heading
        .replace(['-', '\u{2013}', '\u{2014}'], " to ")
        .replace('=', " = ")
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | ':' | ','))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let plausible =
        |low: u32, high: u32| (low <= 1 && high > low && high <= 10).then_some((low, high));
    let ranged = words.windows(3).find_map(|w| {
        let low: u32 = w[0].parse().ok()?;
        let high: u32 = w[2].parse().ok()?;
        (w[1] == "to").then(|| plausible(low, high)).flatten()
    });
    let keyed: Vec<u32> = words
        .windows(2)
        .filter(|w| w[1] == "=")
        .filter_map(|w| w[0].parse().ok())
        .collect();
    ranged.or_else(|| match keyed[..] {
        [_, _, ..] => plausible(*keyed.iter().min()?, *keyed.iter().max()?),
        _ => None,
    })
}

pub(super) fn placement_of(block: &HashMap<BlockKey, String>, hints: &Placement) -> Placement {
    Placement {
        directorate: block
            .get(&BlockKey::Directorate)
            .cloned()
            .or_else(|| hints.directorate.clone()),
        service: block
            .get(&BlockKey::Service)
            .cloned()
            .or_else(|| hints.service.clone()),
    }
}

/// Where `sheet.source-unknown` asks for the service or directorate to be written.
pub(super) const SOURCE_UNKNOWN_WHERE: &str = "line above the header, a column,";

pub(super) fn source_unknown(
    file: &str,
    grid: &Grid,
    header: &Header,
    missing: &[&str],
    items: &str,
) -> Finding {
    Finding::file(
        file,
        Rule::SheetSourceUnknown,
        format!(
            "The {} of these {items} is not recorded: add a '{}:' {SOURCE_UNKNOWN_WHERE} or keep the file in a folder named after it.",
            missing.join(" and "),
            missing.iter().map(|m| capitalise(m)).collect::<Vec<_>>().join(":' / '")
        ),
    )
    .on_sheet(&grid.name)
    .at(CellRef::new(header.last_row, header.first_column()))
}

/// A return kept a sheet per month (or several registers a sheet each) with no service
/// or directorate recorded would say so once per sheet: the first sheet's finding
/// stands for all of them and names the others.
pub(super) fn one_source_unknown(findings: &mut Vec<Finding>) {
    // By message: a sheet missing its service is not one missing its directorate.
    let mut firsts: Vec<(usize, Vec<String>)> = Vec::new();
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    for finding in findings.drain(..) {
        if finding.rule == Rule::SheetSourceUnknown {
            let same = firsts
                .iter_mut()
                .find(|(at, _)| kept[*at].message == finding.message);
            match same {
                Some((_, others)) => {
                    others.extend(finding.sheet);
                    continue;
                }
                None => firsts.push((kept.len(), Vec::new())),
            }
        }
        kept.push(finding);
    }
    for (at, others) in firsts.into_iter().filter(|(_, o)| !o.is_empty()) {
        let names: Vec<String> = others.iter().map(|sheet| format!("'{sheet}'")).collect();
        let plural = if names.len() == 1 { "" } else { "s" };
        kept[at].message.push_str(&format!(
            " The same holds for sheet{plural} {}.",
            names.join(", ")
        ));
    }
    *findings = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_gives_its_scale() {
        assert_eq!(scale_in_heading("Likelihood (1-4)"), Some((1, 4)));
        assert_eq!(scale_in_heading("Impact\n(1 \u{2013} 6)"), Some((1, 6)));
        assert_eq!(scale_in_heading("Likelihood 1 to 5"), Some((1, 5)));
        assert_eq!(scale_in_heading("Impact (1 = Low, 4 = High)"), Some((1, 4)));
        assert_eq!(scale_in_heading("Impact (1=minor 3=major)"), Some((1, 3)));
        assert_eq!(scale_in_heading("Likelihood"), None);
        assert_eq!(scale_in_heading("Likelihood (L)"), None);
        assert_eq!(scale_in_heading("Impact 2026-27"), None);
        assert_eq!(scale_in_heading("Likelihood (5 = almost certain)"), None);
    }
}
