//! A risk's text beyond its fields: lines carried on in the rows below it, and what
//! columns the template does not name say, kept as its other columns.

use crate::finding::{CellRef, Finding};
use crate::model::Risk;
use crate::read::grid::{GridRow, Value};
use crate::read::header::{Column, Header};
use crate::read::values;
use crate::schema::{FieldType, Slot, TemplateSchema};
use std::sync::Arc;

use super::SheetNames;

/// Whether a row is a risk's details in a row of their own ([`details_in`]).
pub fn details_row(row: &GridRow, header: &Header, template: &TemplateSchema) -> bool {
    details_in(row, header, template).is_some()
}

/// A risk's details in a row of their own: its one filled cell, in the table's first
/// column, labelling its parts ([`details_of`]); with the cell.
pub(super) fn details_in<'r>(
    row: &'r GridRow,
    header: &Header,
    template: &TemplateSchema,
) -> Option<(CellRef, Vec<DetailPart<'r>>)> {
    let (column, value) = row.lone_cell()?;
    if column != header.first_column() {
        return None;
    }
    let parts = details_of(value.as_text()?, template)?;
    Some((CellRef::new(row.index, column), parts))
}

/// A part of a risk's details: the field its label names (or the label, where it names
/// none), and its text.
type DetailPart<'t> = (Result<Slot, &'t str>, &'t str);

/// A table's cells that no field reads, kept as each row's other columns: those under
/// headings that name no field read (as `keep` says), and text in columns with no
/// heading, from the table's first column up to `end` (a table beside it).
pub(in crate::read) struct Unread {
    /// The columns kept, with their headings.
    headed: Vec<(u32, Arc<str>)>,
    /// Every column with a heading or read by one, in order.
    all: Vec<u32>,
    first: u32,
    end: Option<u32>,
}

impl Unread {
    pub(in crate::read) fn new(
        header: &Header,
        end: Option<u32>,
        keep: impl Fn(&Column) -> bool,
    ) -> Unread {
        let headed = header
            .columns
            .iter()
            .filter(|c| c.slot.is_none() && end.is_none_or(|e| c.index < e) && keep(c))
            .map(|c| (c.index, Arc::from(c.header.as_str())))
            .collect();
        let mut all: Vec<u32> = header
            .columns
            .iter()
            .map(|c| c.index)
            .chain(header.slots.values().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        Unread {
            headed,
            all,
            first: header.first_column(),
            end,
        }
    }

    /// "Heading: value" for each kept column whose cell (as `cell` gives it) holds
    /// something.
    pub(in crate::read) fn lines<'v>(&self, cell: impl Fn(u32) -> &'v Value) -> Vec<String> {
        self.headed
            .iter()
            .filter_map(|(column, heading)| {
                let value = cell(*column);
                (!value.is_blank()).then(|| format!("{heading}: {}", value.display()))
            })
            .collect()
    }

    /// The text of a row's cells in columns with no heading, within the table, with
    /// their columns.
    pub(in crate::read) fn unheaded<'r>(
        &'r self,
        row: &'r GridRow,
    ) -> impl Iterator<Item = (u32, &'r str)> + 'r {
        row.cells.iter().filter_map(|(column, value)| {
            let text = value.as_text()?.trim();
            (!text.is_empty()
                && *column >= self.first
                && self.end.is_none_or(|e| *column < e)
                && self.all.binary_search(column).is_err())
            .then_some((*column, text))
        })
    }
}

/// `line` added to a text as its last line.
pub(super) fn add_line(text: &mut Option<String>, line: &str) {
    *text = Some(match text.take() {
        Some(before) => format!("{before}\n{line}"),
        None => line.to_string(),
    });
}

/// A risk's details written in one cell as labelled parts ("Controls: Stock survey;
/// damp team. Actions: New surveyors (due 31/03/2027)"): each part's field and its
/// text, or its label where it names no field ("Proximity: 6 months"). `None` unless
/// the text begins with a label of a field, a colon after it. A part begins at a label
/// after a full stop, semicolon or line break (or at the start): a field's, or a few
/// words beginning with a capital that name none.
pub(super) fn details_of<'t>(
    text: &'t str,
    template: &TemplateSchema,
) -> Option<Vec<DetailPart<'t>>> {
    const LONGEST_LABEL: usize = 40;
    let label_at = |at: usize| {
        let rest = &text[at..];
        // Looked for among a label's length of bytes only: a long paragraph of many
        // sentences is not searched to its end from each.
        let colon = rest
            .bytes()
            .take(LONGEST_LABEL + 1)
            .position(|b| b == b':')
            .filter(|&c| c > 0)?;
        let label = rest[..colon].trim();
        if label.contains(['.', ';', '\n']) {
            return None;
        }
        let named = match template.match_header(label, None) {
            Some(slot) => Ok(slot),
            None if label.starts_with(|c: char| c.is_uppercase())
                && label.split_whitespace().count() <= 4
                && !label.contains(|c: char| c.is_ascii_digit()) =>
            {
                Err(label)
            }
            None => return None,
        };
        Some((named, at + colon + 1))
    };
    let first = label_at(0).filter(|(named, _)| named.is_ok())?;
    let mut starts = vec![(0, first)];
    for (at, c) in text.char_indices() {
        if !matches!(c, '.' | ';' | '\n') {
            continue;
        }
        let begin = at + c.len_utf8();
        let begin = begin + (text[begin..].len() - text[begin..].trim_start().len());
        if begin < text.len()
            && let Some(found) = label_at(begin)
        {
            starts.push((at, found));
        }
    }
    let parts = starts
        .iter()
        .enumerate()
        .map(|(k, &(_, (named, from)))| {
            let to = starts.get(k + 1).map_or(text.len(), |&(end, _)| end);
            let part = text[from..to].trim();
            (named, part.trim_end_matches(['.', ';']).trim())
        })
        .filter(|(_, part)| !part.is_empty())
        .collect();
    Some(parts)
}

/// Give a risk the details of a row of their own ([`details_of`]), each at that row's
/// `cell`: a text field's joined to what the row gave (a line each), a date field's
/// read as a date; other fields' parts are kept with its other columns.
pub(super) fn give_details(
    risk: &mut Risk,
    parts: Vec<DetailPart>,
    cell: CellRef,
    template: &TemplateSchema,
    findings: &mut Vec<Finding>,
    file: &str,
    sheet: &str,
) {
    for (named, part) in parts {
        let slot = match named {
            Ok(slot) => slot,
            Err(label) => {
                add_line(&mut risk.other, &format!("{label}: {part}"));
                continue;
            }
        };
        let field = &template.fields[slot.field];
        let name: Arc<str> = Arc::from(template.slot_name(slot));
        match field.field_type {
            FieldType::Text if let Some(target) = text_field(risk, &field.name) => {
                add_line(target, part);
            }
            FieldType::Date => match values::date(&Value::Text(part.to_string())) {
                Ok(date) => {
                    let target = match field.name.as_str() {
                        "action_due" => &mut risk.action_due,
                        "last_review" => &mut risk.last_review,
                        "next_review" => &mut risk.next_review,
                        "date_identified" => &mut risk.date_identified,
                        _ => continue,
                    };
                    // The row's own date stands; a second is kept with the rest.
                    if target.is_some() {
                        let line = format!("{}: {part}", template.slot_label(slot));
                        add_line(&mut risk.other, &line);
                        continue;
                    }
                    *target = date;
                }
                Err(problem) => {
                    risk.unreadable.insert(name.to_string());
                    findings.push(
                        problem
                            .finding(file, &template.slot_label(slot))
                            .on_sheet(sheet)
                            .at(cell)
                            .field(name.to_string()),
                    );
                }
            },
            _ => {
                add_line(
                    &mut risk.other,
                    &format!("{}: {part}", template.slot_label(slot)),
                );
                continue;
            }
        }
        if !risk.has_column(&name) {
            risk.cells.push((name, cell));
        }
    }
}

/// What a row's cells outside its fields say: each headed column's as "Heading:
/// value", a line each, after any lines of a consolidated workbook's "Other columns";
/// text in a column with no heading under a heading merged across it goes on that
/// field's value as a line (a second column of controls), and other text in a column
/// with no heading is kept as "Column J: …". A table beside the register's (a scoring
/// key) is none of the row's.
pub(super) fn other_columns(row: &GridRow, names: &SheetNames, risk: &mut Risk) {
    let mut lines = names.unread.lines(|column| row.get(column));
    for (column, text) in names.unread.unheaded(row) {
        let letters = crate::finding::column_letters(column);
        match names
            .spans
            .iter()
            .find(|(start, end, ..)| (*start..=*end).contains(&column))
        {
            Some((_, _, _, Some(field))) => {
                if let Some(target) = text_field(risk, field) {
                    add_line(target, text);
                }
            }
            Some((_, _, heading, None)) => lines.push(format!("{heading} ({letters}): {text}")),
            None => lines.push(format!("Column {letters}: {text}")),
        }
    }
    if !lines.is_empty() {
        add_line(&mut risk.other, &lines.join("\n"));
    }
}

pub(super) fn set_text(risk: &mut Risk, field: &str, text: Option<String>) {
    // A cause, an event beside the title and an effect are kept in the description, a
    // line each, after any description of its own (the fields are read in the schema's
    // order).
    if let ("cause" | "event" | "effect", Some(text)) = (field, &text) {
        let line = format!("{}: {text}", crate::read::capitalise(field));
        add_line(&mut risk.description, &line);
        return;
    }
    if let Some(target) = text_field(risk, field) {
        *target = text;
    }
}

/// A risk's text field by its name.
pub(super) fn text_field<'r>(risk: &'r mut Risk, field: &str) -> Option<&'r mut Option<String>> {
    Some(match field {
        "id" => &mut risk.id,
        "title" => &mut risk.title,
        "description" => &mut risk.description,
        "category" => &mut risk.category,
        "directorate" => &mut risk.directorate,
        "service" => &mut risk.service,
        "owner" => &mut risk.owner,
        "controls" => &mut risk.controls,
        "further_actions" => &mut risk.further_actions,
        "action_owner" => &mut risk.action_owner,
        "action_status" => &mut risk.action_status,
        "status" => &mut risk.status,
        "priority" => &mut risk.priority,
        "direction" => &mut risk.direction,
        "response" => &mut risk.response,
        "register_level" => &mut risk.register_level,
        "review_frequency" => &mut risk.review_frequency,
        "source" => &mut risk.source_note,
        "other" => &mut risk.other,
        _ => return None,
    })
}
