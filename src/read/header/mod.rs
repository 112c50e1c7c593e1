//! Finding a template's header row in a sheet, wherever it is, and mapping its
//! columns to fields. Handles title rows and a labelled block above the header, and a
//! two-row header with group labels ("Inherent Risk") over short names ("L", "I").

use super::grid::{Grid, GridRow, Value};
use super::period::period_from_text;
use crate::schema::{FieldType, HeaderKeys, Slot, Stage, TemplateSchema, has_word, squash_eq};
use std::collections::BTreeMap;

mod block;
mod periods;
mod sub_headings;

use periods::{PERIOD_ROLES, by_period, map_period_grouped};
use sub_headings::with_sub_headings;

pub use block::{completed_for, read_block};

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
    /// Columns of a register's earlier periods' assessments ("Q1 L" where "Q2 L" is
    /// read): history, left unread.
    pub history: Vec<u32>,
    /// The first column of a table beside this one, past a blank column (a scoring
    /// key): no cell from there on is the table's.
    pub beside_from: Option<u32>,
}

impl Header {
    /// The leftmost column of the table.
    pub fn first_column(&self) -> u32 {
        self.columns.first().map_or(0, |c| c.index)
    }

    /// The column of a template's field (its first, where it has stages).
    pub fn column_of(&self, template: &TemplateSchema, field: &str) -> Option<u32> {
        let field = template.field_index(field)?;
        self.slots
            .iter()
            .find(|(slot, _)| slot.field == field)
            .map(|(_, column)| *column)
    }

    /// Take a column out of the fields it was mapped to, found by its content to be
    /// something else: a field it fed goes to the column it was a duplicate of, and it
    /// is no longer a duplicate of any.
    pub fn unmap(&mut self, column: u32) {
        self.duplicates.retain(|d| d.ignored.index != column);
        let Some(slot) = self
            .slots
            .iter()
            .find(|(_, c)| **c == column)
            .map(|(slot, _)| *slot)
        else {
            return;
        };
        self.slots.remove(&slot);
        let promoted = self
            .duplicates
            .iter()
            .position(|d| d.slot == slot)
            .map(|k| self.duplicates.remove(k).ignored.index);
        if let Some(index) = promoted {
            self.slots.insert(slot, index);
        }
        for c in &mut self.columns {
            if c.index == column {
                c.slot = None;
            } else if Some(c.index) == promoted {
                c.slot = Some(slot);
            }
        }
    }

    /// The headings as written, for messages.
    pub fn headings(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.header.clone()).collect()
    }

    /// Whether a row below the header repeats it (a second table's header, or a
    /// printed page's): three or more of its cells, and most of them, read as their
    /// own column's heading (or, under a group label, the label or the short name).
    pub fn repeated_in(&self, row: &GridRow) -> bool {
        let (same, other) = self.repeat_counts(row);
        same >= 3 && same > other
    }

    /// Whether `row` repeats the header with no other words in it: a printed page's
    /// header, where one with other words among them ("Q1", "Q2" where the months
    /// were) may be another table's.
    pub fn repeated_word_for_word(&self, row: &GridRow) -> bool {
        let (same, other) = self.repeat_counts(row);
        same >= 3 && other == 0
    }

    /// A row's cells that repeat their column's heading, and those that do not.
    fn repeat_counts(&self, row: &GridRow) -> (usize, usize) {
        let (mut same, mut other) = (0, 0);
        for (column, value) in row.cells.iter().filter(|(_, v)| !v.is_blank()) {
            let heading = self
                .columns
                .binary_search_by_key(column, |c| c.index)
                .ok()
                .map(|i| &self.columns[i]);
            // A column under a group label is headed "Current Risk / L": its own
            // name, the label and the short name each repeat it (a two-row header
            // repeated is two such rows).
            let matches = match (value.as_text(), heading) {
                (Some(text), Some(heading)) => {
                    squash_eq(text, &heading.header)
                        || heading
                            .header
                            .split_once(" / ")
                            .is_some_and(|(label, short)| {
                                squash_eq(text, label) || squash_eq(text, short)
                            })
                }
                _ => false,
            };
            if matches {
                same += 1;
            } else {
                other += 1;
            }
        }
        (same, other)
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

/// A heading candidate: a text cell of the rows searched, normalised once and looked
/// up in every template.
#[derive(Debug, Clone)]
struct Heading {
    /// The text with runs of spaces made one.
    text: String,
    /// Its keys; none when it is too long to be a heading.
    keys: Option<HeaderKeys>,
    /// Whether it names a period, worked out the first time it is asked.
    period: std::cell::OnceCell<bool>,
}

impl Heading {
    /// Whether the heading names a month, quarter or year ("Apr", "Q1 2026/27").
    fn is_period(&self) -> bool {
        *self
            .period
            .get_or_init(|| self.text.len() <= 40 && period_from_text(&self.text, 2000).is_some())
    }

    /// Whether a word of the heading says which of a period's values a column holds.
    fn is_role(&self) -> bool {
        self.text.len() <= 40 && has_word(&self.text, PERIOD_ROLES)
    }
}

/// A row searched for a header: its text cells, ordered by column.
#[derive(Debug, Clone)]
struct HeadingRow {
    index: u32,
    cells: Vec<(u32, Heading)>,
}

impl HeadingRow {
    fn of(row: &GridRow) -> HeadingRow {
        HeadingRow {
            index: row.index,
            cells: row
                .cells
                .iter()
                .filter_map(|(column, value)| {
                    let text = header_text(value)?;
                    // A date names a period's column, never a field.
                    let keys = match value {
                        Value::DateTime(_) => None,
                        _ => HeaderKeys::of(&text),
                    };
                    Some((
                        *column,
                        Heading {
                            text,
                            keys,
                            period: std::cell::OnceCell::new(),
                        },
                    ))
                })
                .collect(),
        }
    }

    fn get(&self, column: u32) -> Option<&Heading> {
        self.cells
            .binary_search_by_key(&column, |(c, _)| *c)
            .ok()
            .map(|i| &self.cells[i].1)
    }
}

/// The first rows of a sheet, where a header may be, with their text cells made
/// ready for matching. Made once per sheet and shared by the templates tried.
#[derive(Debug, Clone)]
pub struct HeaderRows {
    rows: Vec<HeadingRow>,
    search_rows: u32,
}

impl HeaderRows {
    /// The rows of `grid` above `search_rows` (and the one below the last, which a
    /// two-row header may use).
    pub fn new(grid: &Grid, search_rows: u32) -> HeaderRows {
        let rows = grid
            .rows
            .iter()
            .take_while(|row| row.index <= search_rows)
            .map(HeadingRow::of)
            .collect();
        HeaderRows { rows, search_rows }
    }

    /// Row `index` of `grid` alone as a header (and the one below, which a two-row
    /// header may use): a second table's header, further down a sheet.
    pub fn at(grid: &Grid, index: u32) -> HeaderRows {
        let rows = grid
            .rows
            .iter()
            .skip_while(|row| row.index < index)
            .take_while(|row| row.index <= index + 1)
            .map(HeadingRow::of)
            .collect();
        HeaderRows {
            rows,
            search_rows: index + 1,
        }
    }

    /// Each row searched, mapped on its own as `template`'s header, top first.
    pub fn single_rows(&self, template: &TemplateSchema) -> Vec<Header> {
        self.rows
            .iter()
            .take_while(|row| row.index < self.search_rows)
            .map(|row| map_single(row, template))
            .collect()
    }
}

/// Find the header of `template` in the first rows of `grid`.
pub fn find_header(grid: &Grid, rows: &HeaderRows, template: &TemplateSchema) -> Option<Header> {
    let mut best: Option<(usize, Header)> = None;
    for (position, row) in rows.rows.iter().enumerate() {
        if row.index >= rows.search_rows {
            break;
        }
        // A row of one heading above the header, at or left of its first column, is
        // its title ("Libraries performance return 2026/27", merged across the table
        // or not), not a row of group labels. A lone group label sits over its own
        // columns ("Inherent Risk" over the first L, I and Score).
        let next = rows
            .rows
            .get(position + 1)
            .filter(|next| next.index == row.index + 1 && !is_title_above(row, next));
        // Periods over "Target" and "Actual" (or the other way round): tried before
        // the single row, which it beats on a tie, and each period grouped counts (up
        // to three) as a column mapped, as the layout's are when a sheet is sniffed;
        // or each value the periods give ("Actual", "Target", "RAG"), where more, as
        // the single row maps each of those once.
        let mut candidates: Vec<(Header, usize)> = next
            .filter(|_| template.field_index("period").is_some())
            .and_then(|next| map_period_grouped(grid, row, next, template))
            .into_iter()
            .collect();
        candidates.push((map_single(row, template), 0));
        if let Some(next) = next
            && row.cells.iter().any(|(_, heading)| {
                heading
                    .keys
                    .as_ref()
                    .and_then(|keys| template.stage_of_keys(keys))
                    .is_some()
            })
        {
            candidates.push((map_grouped(grid, row, next, template), 0));
        }
        for (candidate, bonus) in candidates {
            if let Some(score) = fit(template, &candidate).map(|fitted| fitted + bonus)
                && best.as_ref().is_none_or(|(b, _)| score > *b)
            {
                best = Some((score, candidate));
            }
        }
    }
    best.map(|(_, header)| {
        let header = with_sub_headings(grid, rows, header, template);
        let mut header = by_period(grid, rows, header, template);
        keep_beside_quiet(grid, &mut header, template);
        header
    })
}

/// A table beside the header, past a blank column, whose headings mostly name fields
/// the header has already: the scoring key or matrix councils print beside a register
/// ("Impact →" over 1 to 5; "Score | Rating" over "1-4 | Low"). Or, where the register
/// has no score of its own, one of a score and a rating alone whose scores mostly read
/// as none ("1-4", "16-25"): the bands' key. Its columns are not the register's: not
/// reported as second columns of those fields, and a field only it names ("Rating")
/// is not read from it.
fn keep_beside_quiet(grid: &Grid, header: &mut Header, template: &TemplateSchema) {
    let type_of = |slot: &Slot| template.fields[slot.field].field_type;
    let scoring = |slot: &Slot| matches!(type_of(slot), FieldType::Score | FieldType::Rating);
    if header.duplicates.is_empty() && !header.slots.keys().any(scoring) {
        return;
    }
    let Some(row) = grid.row(header.last_row) else {
        return;
    };
    // Each column's stretch of the header row: cells next to each other, a merged
    // heading filling the columns it spans.
    let mut stretch_of = BTreeMap::new();
    let (mut stretch, mut next) = (0u32, None::<u32>);
    for (column, _) in row.cells.iter().filter(|(_, v)| !v.is_blank()) {
        if next.is_some_and(|n| *column > n) {
            stretch += 1;
        }
        stretch_of.insert(*column, stretch);
        let end = grid
            .merge_at(header.last_row, *column)
            .map_or(*column, |m| m.end.1);
        next = Some(next.map_or(end + 1, |n: u32| n.max(end + 1)));
    }
    let Some(&first) = header
        .slots
        .values()
        .filter_map(|c| stretch_of.get(c))
        .min()
    else {
        return;
    };
    let in_stretch = |column: u32, s: u32| stretch_of.get(&column) == Some(&s);
    // A key's scores are bands' ranges ("1-4"), not scores.
    let no_scores = |s: u32| {
        let own: Vec<(&Slot, &u32)> = header
            .slots
            .iter()
            .filter(|(_, c)| in_stretch(**c, s))
            .collect();
        let score_columns: Vec<u32> = own
            .iter()
            .filter(|(slot, _)| type_of(slot) == FieldType::Score)
            .map(|(_, c)| **c)
            .collect();
        if own.is_empty() || !own.iter().all(|(slot, _)| scoring(slot)) || score_columns.is_empty()
        {
            return false;
        }
        let (mut given, mut ranges) = (0, 0);
        for row in grid
            .rows
            .iter()
            .filter(|r| r.index > header.last_row)
            .take(200)
        {
            for &column in &score_columns {
                let value = row.get(column);
                if !value.is_blank() {
                    given += 1;
                    ranges += usize::from(value.as_text().is_some_and(is_range));
                }
            }
        }
        given > 0 && ranges * 2 > given
    };
    let beside: Vec<u32> = (first + 1..=stretch)
        .filter(|&s| {
            let again = header
                .duplicates
                .iter()
                .filter(|d| in_stretch(d.ignored.index, s))
                .count();
            let own = header.slots.values().filter(|&&c| in_stretch(c, s)).count();
            (again > 0 && again >= own) || no_scores(s)
        })
        .collect();
    if let Some(&first_beside) = beside.first() {
        header.beside_from = stretch_of
            .iter()
            .find(|(_, s)| **s == first_beside)
            .map(|(c, _)| *c);
    }
    for s in beside {
        header
            .duplicates
            .retain(|d| !in_stretch(d.ignored.index, s));
        let own: Vec<u32> = header
            .slots
            .values()
            .copied()
            .filter(|&c| in_stretch(c, s))
            .collect();
        for column in own {
            header.unmap(column);
        }
    }
}

/// Whether text is a range of two whole numbers ("1-4", "16 – 25", "5 to 9"), as a
/// key gives a band's scores.
fn is_range(text: &str) -> bool {
    let text = text.trim();
    let Some((low, high)) = text
        .split_once(['-', '\u{2013}'])
        .or_else(|| text.split_once(" to "))
    else {
        return false;
    };
    let whole = |t: &str| !t.trim().is_empty() && t.trim().bytes().all(|b| b.is_ascii_digit());
    whole(low) && whole(high)
}

/// Whether `row`, just above `next`, holds one heading only, at or left of `next`'s
/// first: a title.
fn is_title_above(row: &HeadingRow, next: &HeadingRow) -> bool {
    match (row.cells.as_slice(), next.cells.first()) {
        ([(column, _)], Some((first, _))) => column <= first,
        _ => false,
    }
}

fn header_text(value: &Value) -> Option<String> {
    // Headings are text, or a date naming a month's column ("Apr-26" typed as 1 April
    // 2026 and shown as a month); numbers and errors in a row mark it as data.
    let text = match value {
        Value::Text(t) => t.replace('\u{a0}', " "),
        Value::DateTime(date) => {
            return Some(crate::model::Period::month_of(date.date()).to_string());
        }
        _ => return None,
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// Add a column to the header: the first column naming a field is that field, a later
/// one a duplicate ignored. A column named by a field's fallback synonym ("Latest Note
/// Date") gives way to one named by the field's own ("Last Review Date"), before or
/// after it, and is read with the other columns rather than reported as a duplicate.
fn assign(header: &mut Header, column: Column, template: &TemplateSchema) {
    if let Some(slot) = column.slot {
        if let Some(&kept_index) = header.slots.get(&slot) {
            let kept = header
                .columns
                .iter()
                .find(|c| c.index == kept_index)
                .cloned();
            let fallback = |c: &Column| template.is_fallback(&c.header, slot.field);
            match kept {
                Some(kept) if fallback(&kept) && !fallback(&column) => {
                    if let Some(c) = header.columns.iter_mut().find(|c| c.index == kept_index) {
                        c.slot = None;
                    }
                    header.slots.insert(slot, column.index);
                    header.columns.push(column);
                    return;
                }
                Some(kept) if !fallback(&kept) && fallback(&column) => {}
                Some(kept) => header.duplicates.push(DuplicateColumn {
                    slot,
                    kept,
                    ignored: column.clone(),
                }),
                None => {}
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

pub(super) fn empty_header(first_row: u32, last_row: u32) -> Header {
    Header {
        first_row,
        last_row,
        columns: Vec::new(),
        slots: BTreeMap::new(),
        duplicates: Vec::new(),
        history: Vec::new(),
        beside_from: None,
    }
}

fn map_single(row: &HeadingRow, template: &TemplateSchema) -> Header {
    let mut header = empty_header(row.index, row.index);
    for (index, heading) in &row.cells {
        // A lone "Current Risk" column holds that stage's score.
        let slot = heading.keys.as_ref().and_then(|keys| {
            let slot = template.slot_of_keys(keys, None).or_else(|| {
                template
                    .stage_of_keys(keys)
                    .and_then(|stage| template.staged_slot("score", stage))
            })?;
            let taken = |slot: Slot| header.slots.contains_key(&slot);
            Some(if taken(slot) {
                template.other_slot(keys, taken).unwrap_or(slot)
            } else {
                slot
            })
        });
        assign(
            &mut header,
            Column {
                index: *index,
                header: heading.text.clone(),
                slot,
            },
            template,
        );
    }
    header
}

/// The group a column is under: where the top row has a heading over it, the one that
/// heading `starts` (none if it starts none), held over the columns under its merged
/// cell, or (not merged: an .ods file's, or "Centre Across Selection") up to the next
/// heading; where the top row has none, the group in force.
fn carry_group<'h, T>(
    group: &mut Option<(T, Option<u32>)>,
    grid: &Grid,
    top: &'h HeadingRow,
    index: u32,
    starts: impl FnOnce(&'h Heading) -> Option<T>,
) {
    match top.get(index) {
        Some(heading) => {
            let end = grid.merge_at(top.index, index).map(|m| m.end.1);
            *group = starts(heading).map(|value| (value, end));
        }
        None => {
            if let Some((_, Some(end))) = group
                && index > *end
            {
                *group = None;
            }
        }
    }
}

/// A column headed by one heading, mapped to its field where it names one.
fn field_column(index: u32, heading: &Heading, template: &TemplateSchema) -> Column {
    Column {
        index,
        header: heading.text.clone(),
        slot: heading
            .keys
            .as_ref()
            .and_then(|keys| template.slot_of_keys(keys, None)),
    }
}

/// The columns with a heading in either of two rows, in order.
fn columns_of_both(top: &HeadingRow, sub: &HeadingRow) -> Vec<u32> {
    let mut columns: Vec<u32> = top
        .cells
        .iter()
        .chain(sub.cells.iter())
        .map(|(c, _)| *c)
        .collect();
    columns.sort_unstable();
    columns.dedup();
    columns
}

fn map_grouped(
    grid: &Grid,
    top: &HeadingRow,
    sub: &HeadingRow,
    template: &TemplateSchema,
) -> Header {
    let mut header = empty_header(top.index, sub.index);
    let columns = columns_of_both(top, sub);
    let mut group: Option<((Stage, &str), Option<u32>)> = None;
    let slot_of = |heading: &Heading, stage: Option<Stage>| {
        heading
            .keys
            .as_ref()
            .and_then(|keys| template.slot_of_keys(keys, stage))
    };
    for index in columns {
        let top_heading = top.get(index);
        let sub_heading = sub.get(index);
        carry_group(&mut group, grid, top, index, |heading| {
            heading
                .keys
                .as_ref()
                .and_then(|keys| template.stage_of_keys(keys))
                .map(|stage| (stage, heading.text.as_str()))
        });
        let (text, slot) = match (sub_heading, group) {
            (Some(sub), Some(((stage, label), _))) => {
                (format!("{label} / {}", sub.text), slot_of(sub, Some(stage)))
            }
            (Some(sub), None) => (sub.text.clone(), slot_of(sub, None)),
            (None, Some(((stage, label), _))) if top_heading.is_some() => {
                (label.to_string(), template.staged_slot("score", stage))
            }
            (None, _) => match top_heading {
                Some(top) => (top.text.clone(), slot_of(top, None)),
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
            template,
        );
    }
    header
}
