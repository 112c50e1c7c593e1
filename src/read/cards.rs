//! Cards: a risk kept as a card of labelled fields rather than a row of a table, as
//! councils keep their corporate risk profiles, a sheet per risk or several down one
//! sheet; and an indicator's definition kept the same way (a PI definition form). Each
//! label has its value beside it ("Risk Ref" | "CR01", "Risk Owner:" | "Director of
//! Finance", two pairs to a row or one, or "Controls: Backups" in one cell), and some
//! fields may sit in a small table of their own ("Likelihood | Impact | Score" over a
//! row each for "Inherent", "Current" and "Target"; "Further Actions | Action Owner |
//! Due Date" over a row per action). The cards are read as a register (or library) of a
//! row per card, and every cell it names is the card's own.

use super::grid::{Grid, GridRow, Value};
use super::register::{RowLeftOut, quoted};
use super::shade::Mark;
use super::values;
use crate::finding::CellRef;
use crate::model::{Frequency, Polarity, Unit};
use crate::schema::{FieldType, Framework, Slot, TemplateSchema};
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

/// A sheet laid out other than as a table of a row per record (cards; a return with
/// its months down the sheet), as the table its cells make: a register, library or
/// return read as any other, and where each of its cells is on the sheet.
#[derive(Debug, Clone)]
pub struct Remapped {
    /// A header row, then a row per record (a card; an indicator's month).
    pub grid: Grid,
    /// Where each cell of `grid` is on the sheet.
    origin: HashMap<(u32, u32), CellRef>,
    /// Each record's first cell on the sheet, for a field it does not give.
    firsts: Vec<CellRef>,
    /// The sheet's row of each line of a value carried on below its first.
    lines: HashMap<(u32, u32), Vec<u32>>,
    /// Rows of the sheet that are in no card, and why.
    pub left_out: Vec<RowLeftOut>,
    /// Whether the sheet's cards are labels alone, none filled in (a template's).
    pub blank: bool,
    /// How the sheet is laid out.
    pub layout: Layout,
}

/// How a remapped sheet is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Cards of labelled fields.
    Cards,
    /// A return's months down the sheet under a header row (0-based), indicators across.
    MonthsDown {
        /// The header's row on the sheet: the lines above it may give the service or
        /// directorate.
        header_row: u32,
    },
    /// A register with a row for each stage of a risk's scores, under a header row.
    StageRows {
        /// The header's row on the sheet.
        header_row: u32,
    },
    /// A register of a column per risk (or a library of a column per indicator), its
    /// fields labelled down the sheet.
    Across {
        /// The first label's row on the sheet: the lines above it may give the service
        /// or directorate.
        header_row: u32,
    },
}

impl Remapped {
    /// A table made from a sheet's cells: `origin` places each of its cells, `firsts`
    /// each of its rows below the header; `left_out` are the sheet's rows in none.
    pub fn new(
        grid: Grid,
        origin: HashMap<(u32, u32), CellRef>,
        firsts: Vec<CellRef>,
        left_out: Vec<RowLeftOut>,
        layout: Layout,
    ) -> Remapped {
        Remapped {
            grid,
            origin,
            firsts,
            lines: HashMap::new(),
            left_out,
            blank: false,
            layout,
        }
    }

    /// The sheet's cell for a cell of the table.
    pub fn origin(&self, cell: CellRef) -> CellRef {
        if let Some(&at) = self.origin.get(&(cell.row, cell.column)) {
            return at;
        }
        let card = (cell.row as usize).saturating_sub(1);
        self.firsts
            .get(card)
            .or(self.firsts.first())
            .copied()
            .unwrap_or(cell)
    }

    /// The sheet's cell for a line (0-based) of a value of the table: the row it was
    /// carried on in, where it was.
    pub fn origin_of_line(&self, cell: CellRef, line: usize) -> CellRef {
        let at = self.origin(cell);
        match self
            .lines
            .get(&(cell.row, cell.column))
            .and_then(|rows| rows.get(line))
        {
            Some(&row) => CellRef::new(row, at.column),
            None => at,
        }
    }

    /// The sheet's row (1-based) for a row (1-based) of the table: its record's first
    /// cell's (a card's first label's).
    pub fn origin_row(&self, row: u32) -> u32 {
        let first = match row.saturating_sub(1) {
            0 => self.origin.get(&(0, 0)).copied(),
            card => self.firsts.get(card as usize - 1).copied(),
        };
        first.unwrap_or_default().row + 1
    }
}

/// The cells of a table made from a sheet's, each with where it is on the sheet, and
/// the marks (fill, strike) of those that have one.
#[derive(Debug, Default)]
pub struct Cells {
    cells: Vec<(u32, u32, Value)>,
    origin: HashMap<(u32, u32), CellRef>,
    marks: Vec<(u32, u32, Mark)>,
}

impl Cells {
    /// The table's cell at `row`, `column`: `value`, from the sheet's cell `at`.
    pub fn set(&mut self, row: u32, column: u32, value: Value, at: CellRef, mark: Mark) {
        self.cells.push((row, column, value));
        self.origin.insert((row, column), at);
        if mark != Mark::default() {
            self.marks.push((row, column, mark));
        }
    }

    /// The table, named and shown as `sheet` is, and where each of its cells is on it.
    pub fn table(mut self, sheet: &Grid) -> (Grid, HashMap<(u32, u32), CellRef>) {
        let mut table = Grid::from_cells(sheet.name.clone(), sheet.visible, self.cells, Vec::new());
        self.marks.sort_by_key(|(r, c, _)| (*r, *c));
        table.marks = self.marks;
        (table, self.origin)
    }
}

/// One field of a card.
#[derive(Debug, Clone)]
struct Entry {
    slot: Slot,
    /// The label as a heading: as written, or the stage's and the column's together.
    label: String,
    label_cell: CellRef,
    value_cell: CellRef,
    /// The value written in the label's own cell after a colon ("Risk Owner: Head of
    /// ICT").
    inline: Option<String>,
    /// Lines continuing the value in the rows below it, and the last such row.
    more: Vec<(String, u32)>,
    last_row: u32,
}

impl Entry {
    /// A field labelled at one cell with its value at another.
    fn new(slot: Slot, label: String, label_cell: CellRef, value_cell: CellRef) -> Entry {
        Entry {
            slot,
            label,
            label_cell,
            value_cell,
            inline: None,
            more: Vec::new(),
            last_row: value_cell.row,
        }
    }

    /// What the card gives for the field.
    fn value<'g>(&self, grid: &'g Grid) -> Cow<'g, Value> {
        let own = match &self.inline {
            Some(text) => Cow::Owned(Value::Text(text.clone())),
            None => Cow::Borrowed(grid.get(self.value_cell.row, self.value_cell.column)),
        };
        if self.more.is_empty() {
            return own;
        }
        let mut text = own.display();
        for (line, _) in &self.more {
            text.push('\n');
            text.push_str(line);
        }
        Cow::Owned(Value::Text(text))
    }

    /// Whether a row of no labels carries this value on: the row below its last, its
    /// first filled cell under the value, which is text ("1. Savings plan", then "2.
    /// Review fees" below it).
    fn carried_on_by(&self, row: &GridRow, grid: &Grid) -> bool {
        let first = row.cells.iter().find(|(_, v)| !v.is_blank());
        self.inline.is_none()
            && row.index == self.last_row + 1
            && first.is_some_and(|(column, _)| *column == self.value_cell.column)
            && matches!(&*self.value(grid), Value::Text(_))
    }
}

/// A card's fields and the rows they are on.
#[derive(Debug, Clone, Default)]
struct Card {
    entries: Vec<Entry>,
    rows: BTreeSet<u32>,
}

impl Card {
    fn has(&self, slot: Slot) -> bool {
        self.entries.iter().any(|e| e.slot == slot)
    }

    fn fields(&self) -> usize {
        self.entries
            .iter()
            .map(|e| e.slot)
            .collect::<BTreeSet<_>>()
            .len()
    }
}

/// Rows looked through for a first card of enough fields.
const MAX_ROWS_BEFORE_A_CARD: usize = 200;

/// Longest label read as one: a longer text is a value or a note.
const MAX_LABEL_LEN: usize = 60;

/// The field a cell labels ("Risk Owner", "Risk Owner:"), and its words.
pub(super) fn label_of(value: &Value, template: &TemplateSchema) -> Option<(Slot, String)> {
    let text = value.as_text()?.trim();
    let text = text.trim_end_matches(|c: char| c == ':' || c.is_whitespace());
    if text.is_empty() || text.len() > MAX_LABEL_LEN {
        return None;
    }
    template
        .match_header(text, None)
        .map(|slot| (slot, text.to_string()))
}

/// Whether a field is scored in a card's table of scores.
fn is_scored(slot: Slot, template: &TemplateSchema) -> bool {
    matches!(
        template.fields[slot.field].field_type,
        FieldType::Likelihood
            | FieldType::Impact
            | FieldType::Score
            | FieldType::Rating
            | FieldType::Pair
    )
}

/// A small table on a card: a heading row of labels alone, and rows of values under
/// them ("Likelihood | Impact | Score" over a row per stage, "Inherent", "Current",
/// "Target"; or "Further Actions | Action Owner | Due Date" over a row per action).
struct CardTable {
    /// Each heading's column, field and words, and its cell.
    headings: Vec<(u32, Slot, String, CellRef)>,
    /// Whether every heading is a score's (likelihood, impact, score, rating): its rows
    /// are stages.
    scored: bool,
}

/// A card's table's heading row: at least two labels and nothing else.
fn table_headings(row: &GridRow, template: &TemplateSchema) -> Option<CardTable> {
    let headings: Vec<(u32, Slot, String, CellRef)> = row
        .cells
        .iter()
        .filter(|(_, v)| !v.is_blank())
        .map(|(column, value)| {
            let (slot, text) = label_of(value, template)?;
            Some((*column, slot, text, CellRef::new(row.index, *column)))
        })
        .collect::<Option<_>>()?;
    let scored = headings
        .iter()
        .all(|(_, slot, _, _)| is_scored(*slot, template));
    let fields: BTreeSet<Slot> = headings.iter().map(|(_, slot, _, _)| *slot).collect();
    (headings.len() >= 2 && fields.len() == headings.len())
        .then_some(CardTable { headings, scored })
}

/// Whether a row holds a card's table's values: a stage's scores ("Current | 4 | 3 |
/// 12") under a table of scores, or no label at all.
fn values_row(row: Option<&GridRow>, table: &CardTable, template: &TemplateSchema) -> bool {
    let Some(row) = row.filter(|row| !row.is_blank()) else {
        return false;
    };
    let staged = || {
        row.cells
            .iter()
            .find(|(_, v)| !v.is_blank())
            .and_then(|(_, v)| v.as_text())
            .and_then(|t| template.stage_of_label(t.trim().trim_end_matches(':')))
            .is_some()
    };
    (table.scored && staged()) || labelled(row, template).0.is_empty()
}

/// A row's labels and their values, left to right: each label's value is the next
/// filled cell to its right that is not a label of another field, else blank, beside
/// it.
fn labelled(row: &GridRow, template: &TemplateSchema) -> (Vec<Entry>, bool) {
    let filled: Vec<&(u32, Value)> = row.cells.iter().filter(|(_, v)| !v.is_blank()).collect();
    let mut entries = Vec::new();
    let mut other = false;
    let mut k = 0;
    while k < filled.len() {
        let (column, value) = filled[k];
        let Some((slot, label)) = label_of(value, template) else {
            // "Risk Owner: Head of ICT", the label and its value in one cell.
            let inline = value.as_text().and_then(|text| {
                let (label, rest) = text.split_once(':')?;
                let (slot, label) = label_of(&Value::Text(label.to_string()), template)?;
                let rest = rest.trim();
                (!rest.is_empty()).then(|| (slot, label, rest.to_string()))
            });
            match inline {
                Some((slot, label, rest)) => {
                    let cell = CellRef::new(row.index, *column);
                    entries.push(Entry {
                        inline: Some(rest),
                        ..Entry::new(slot, label, cell, cell)
                    });
                }
                // A text field's value going on across the row ("Controls" |
                // "Firewalls" | "Staff training"): a line each.
                None => match entries.last_mut() {
                    Some(entry)
                        if entry.inline.is_none()
                            && template.fields[entry.slot.field].field_type == FieldType::Text
                            && *column > entry.value_cell.column
                            && value.as_text().is_some() =>
                    {
                        entry.more.push((value.display(), row.index));
                    }
                    _ => other = true,
                },
            }
            k += 1;
            continue;
        };
        let next = filled.get(k + 1);
        let field_type = template.fields[slot.field].field_type;
        let (is_kind, is_text) = (field_type == FieldType::Kind, field_type == FieldType::Text);
        // A label's value may read as a label itself: of its own field ("Risk Owner" |
        // "Risk Manager"), a kind as the title's ("Type" | "Risk"), or words where
        // nothing but a label follows it, so it has no value of its own ("Action Owner"
        // | "Risk Manager" | "Due Date" | …).
        let value_at = next.filter(|(_, next_value)| match label_of(next_value, template) {
            None => true,
            Some((next_slot, _)) => {
                next_slot == slot
                    || (is_kind && values::kind(next_value).ok().flatten().is_some())
                    || (is_text
                        && filled
                            .get(k + 2)
                            .is_none_or(|(_, after)| label_of(after, template).is_some()))
            }
        });
        entries.push(Entry::new(
            slot,
            label,
            CellRef::new(row.index, *column),
            CellRef::new(row.index, value_at.map_or(column + 1, |(c, _)| *c)),
        ));
        k += if value_at.is_some() { 2 } else { 1 };
    }
    (entries, other)
}

/// Whether a risk card's value is a likelihood, impact or score that reads as one (a
/// guidance sheet's "1-5" does not).
pub fn risk_scored(
    template: &TemplateSchema,
    framework: &Framework,
) -> impl Fn(Slot, &Value) -> bool {
    move |slot, value| match template.fields[slot.field].field_type {
        FieldType::Likelihood => matches!(values::scale(value, &framework.likelihood), Ok(Some(_))),
        FieldType::Impact => matches!(values::scale(value, &framework.impact), Ok(Some(_))),
        FieldType::Score => matches!(values::score(value), Ok(Some(_))),
        FieldType::Pair => matches!(
            values::likelihood_and_impact(value, framework, false),
            Ok(Some(_))
        ),
        _ => false,
    }
}

/// Whether an indicator's definition card's value is a unit, polarity or frequency that
/// reads as one ("Percentage", "Higher is better", "Monthly"; a guidance sheet's list
/// of them does not).
pub fn indicator_described(template: &TemplateSchema) -> impl Fn(Slot, &Value) -> bool {
    move |slot, value| {
        let Some(text) = value.as_text() else {
            return false;
        };
        match template.fields[slot.field].name.as_str() {
            "unit" => Unit::from_text(text).is_some(),
            "polarity" => Polarity::from_text(text).is_some(),
            "frequency" => Frequency::from_text(text).is_some(),
            _ => false,
        }
    }
}

/// The cards on a sheet that holds no table: `None` unless its first card names at
/// least the template's minimum of fields, among them a key field, on three rows or
/// more, most of them filled in, with some value that `reads_as` its field; `blank`
/// where no card has a value filled in.
pub fn cards(
    grid: &Grid,
    template: &TemplateSchema,
    reads_as: impl Fn(Slot, &Value) -> bool,
) -> Option<Remapped> {
    let mut deck = Deck::default();
    let min_fields = template.template.min_fields;
    let beside = guidance_columns(grid, template);
    for (seen, row) in grid.rows.iter().filter(|row| !row.is_blank()).enumerate() {
        // A column of guidance beside the card is none of its values.
        let unguided;
        let row = if beside.is_empty() {
            row
        } else {
            unguided = GridRow {
                index: row.index,
                cells: row
                    .cells
                    .iter()
                    .filter(|(column, _)| !beside.contains(column))
                    .cloned()
                    .collect(),
            };
            &unguided
        };
        // A long sheet with no card near its top (a list, a data dump) is looked at no
        // further.
        if seen == MAX_ROWS_BEFORE_A_CARD
            && deck
                .cards
                .iter()
                .chain([&deck.current])
                .all(|card| card.fields() < min_fields)
        {
            return None;
        }
        deck.read_row(row, grid, template);
    }
    deck.judged(grid, template, reads_as)
}

/// The cards read so far down a sheet, the card being read, the rows that are no
/// card's field, and the table of the card being read, if it has one.
#[derive(Default)]
struct Deck {
    cards: Vec<Card>,
    current: Card,
    loose: Vec<RowLeftOut>,
    table: Option<CardTable>,
}

impl Deck {
    /// A field of the card being read; where the card has it already, it begins the
    /// next card.
    fn add(&mut self, entry: Entry) {
        if self.current.has(entry.slot) {
            self.cards.push(std::mem::take(&mut self.current));
        }
        self.current.rows.insert(entry.label_cell.row);
        self.current.entries.push(entry);
    }

    /// Read one row of the sheet into the cards.
    fn read_row(&mut self, row: &GridRow, grid: &Grid, template: &TemplateSchema) {
        // A row of labels alone over values is a table's heading row; over more labels,
        // the labels' values may be words that label fields too ("Action Owner" |
        // "Risk Manager").
        if let Some(headings) = table_headings(row, template)
            && values_row(grid.row(row.index + 1), &headings, template)
        {
            self.table = Some(headings);
            self.current.rows.insert(row.index);
            return;
        }
        let (entries, other) = labelled(row, template);
        if self.table_row(row, entries.is_empty(), template) {
            return;
        }
        self.table = None;
        // A label with nothing beside it, its field given above on the card (a risk
        // matrix's "Impact" axis), neither begins a card nor blanks the field.
        let (entries, again): (Vec<Entry>, Vec<Entry>) = entries
            .into_iter()
            .partition(|e| !(self.current.has(e.slot) && e.value(grid).is_blank()));
        if entries.is_empty() && again.is_empty() && self.carried_on(row, grid) {
            return;
        }
        if entries.is_empty() {
            let reason = match again.first() {
                Some(label) => format!(
                    "a label with no value, its field given above on the card: {}",
                    quoted(&label.label)
                ),
                None => {
                    let first = row.cells.iter().find(|(_, v)| !v.is_blank());
                    let words = first.map(|(_, v)| v.display()).unwrap_or_default();
                    format!("no field of a card: {}", quoted(&words))
                }
            };
            self.loose.push(RowLeftOut {
                row: row.index + 1,
                reason,
            });
            return;
        }
        if other {
            self.current.rows.insert(row.index);
        }
        for entry in entries {
            self.add(entry);
        }
    }

    /// A row under the card's table's headings: a stage's scores, or a row of values
    /// (the first gives each field, the rest carry them on a line each). False where
    /// the row is neither, and the table has ended.
    fn table_row(&mut self, row: &GridRow, unlabelled: bool, template: &TemplateSchema) -> bool {
        let Some(table) = self.table.take() else {
            return false;
        };
        let first = row.cells.iter().find(|(_, v)| !v.is_blank());
        let stage = first
            .and_then(|(_, v)| v.as_text())
            .and_then(|t| template.stage_of_label(t.trim().trim_end_matches(':')));
        let read = match (stage, first) {
            (Some(stage), Some((stage_column, _))) if table.scored => {
                for (column, slot, _, _) in &table.headings {
                    let slot = Slot {
                        field: slot.field,
                        stage: template.fields[slot.field].staged.then_some(stage),
                    };
                    self.add(Entry::new(
                        slot,
                        template.slot_label(slot),
                        CellRef::new(row.index, *stage_column),
                        CellRef::new(row.index, *column),
                    ));
                }
                true
            }
            _ if !table.scored && unlabelled => {
                self.values_under(row, &table);
                true
            }
            _ => false,
        };
        if read {
            self.table = Some(table);
        }
        read
    }

    /// A row of values under the table's headings.
    fn values_under(&mut self, row: &GridRow, table: &CardTable) {
        let mut carried = None;
        for (column, slot, label, heading) in &table.headings {
            let value = row.get(*column);
            if value.is_blank() {
                continue;
            }
            if let Some(entry) = self
                .current
                .entries
                .iter_mut()
                .find(|e| e.slot == *slot && e.label_cell == *heading)
            {
                entry.more.push((value.display(), row.index));
                entry.last_row = row.index;
                carried.get_or_insert((label.clone(), entry.value_cell.row));
                continue;
            }
            self.add(Entry::new(
                *slot,
                label.clone(),
                *heading,
                CellRef::new(row.index, *column),
            ));
        }
        self.current.rows.insert(row.index);
        if let Some((label, from)) = carried {
            self.loose.push(RowLeftOut {
                row: row.index + 1,
                reason: format!(
                    "continues the card's {} from row {}",
                    quoted(&label),
                    from + 1
                ),
            });
        }
    }

    /// A row of words alone that carries on the card's last field above it: added to
    /// that field's value, a line of its own.
    fn carried_on(&mut self, row: &GridRow, grid: &Grid) -> bool {
        let Some(last) = self
            .current
            .entries
            .iter_mut()
            .rev()
            .find(|e| e.carried_on_by(row, grid))
        else {
            return false;
        };
        let words: Vec<String> = row
            .cells
            .iter()
            .filter(|(_, v)| !v.is_blank())
            .map(|(_, v)| v.display())
            .collect();
        last.more.push((words.join(" "), row.index));
        last.last_row = row.index;
        self.loose.push(RowLeftOut {
            row: row.index + 1,
            reason: format!(
                "continues the card's {} from row {}",
                quoted(&last.label),
                last.value_cell.row + 1
            ),
        });
        true
    }

    /// The sheet's cards, where they are cards (see [`cards`]).
    fn judged(
        self,
        grid: &Grid,
        template: &TemplateSchema,
        reads_as: impl Fn(Slot, &Value) -> bool,
    ) -> Option<Remapped> {
        let Deck {
            mut cards,
            current,
            mut loose,
            ..
        } = self;
        let min_fields = template.template.min_fields;
        cards.push(current);
        let first = cards.first()?;
        let key_fields = template
            .template
            .key_fields
            .iter()
            .filter_map(|name| template.field_index(name))
            .collect::<Vec<_>>();
        let label_rows: BTreeSet<u32> = first.entries.iter().map(|e| e.label_cell.row).collect();
        let filled = |card: &Card| {
            card.entries
                .iter()
                .filter(|e| !e.value(grid).is_blank())
                .count()
        };
        if first.fields() < min_fields
            || !first
                .entries
                .iter()
                .any(|e| key_fields.contains(&e.slot.field))
            || label_rows.len() < 3
        {
            return None;
        }
        // A card of labels alone, kept to be copied for the next risk.
        if cards.iter().all(|card| filled(card) == 0) {
            return Some(Remapped {
                blank: true,
                ..build(grid, &[], Vec::new())
            });
        }
        let sure = || {
            cards.iter().any(|card| {
                card.entries
                    .iter()
                    .any(|e| reads_as(e.slot, &e.value(grid)))
            })
        };
        if filled(first) * 2 < first.entries.len() || !sure() {
            return None;
        }
        // A few labels after the last card (a footnote's "Last reviewed: …") are no card.
        let (mut cards, scraps): (Vec<Card>, Vec<Card>) = cards
            .into_iter()
            .partition(|card| card.fields() >= min_fields);
        for scrap in scraps {
            loose.extend(scrap.rows.into_iter().map(|row| RowLeftOut {
                row: row + 1,
                reason: format!("labels of too few fields for a card (fewer than {min_fields})"),
            }));
        }
        // A sheet of one card with no ID, named by it ("CR01", "CR01 - Cyber attack"):
        // the name is its ID, at the card's first label.
        if let [card] = cards.as_mut_slice()
            && let Some(slot) = template.slot("id")
            && !card.has(slot)
            && let Some(id) = id_of_name(&grid.name)
            && let Some(first) = card.entries.first().map(|e| e.label_cell)
        {
            let mut entry = Entry::new(slot, template.slot_label(slot), first, first);
            entry.inline = Some(id);
            card.entries.insert(0, entry);
        }
        Some(build(grid, &cards, loose))
    }
}

/// Columns of guidance (or notes) beside a card ("Risk Ref" | "CR01" | "Unique
/// reference from the register"): text after a label's value, on at least half the
/// rows a label begins (three or more), mostly not labels itself. A card's second
/// label and value on a row ("Risk Ref" | "CR01" | "Risk Owner" | "Director") are no
/// guidance: a cell after a label is its value.
fn guidance_columns(grid: &Grid, template: &TemplateSchema) -> Vec<u32> {
    let mut label_rows = 0usize;
    // Per column: cells after a value, and how many of those are labels.
    let mut after_value: HashMap<u32, (usize, usize)> = HashMap::new();
    for row in grid.rows.iter().take(MAX_ROWS_BEFORE_A_CARD * 4) {
        let filled: Vec<&(u32, Value)> = row.cells.iter().filter(|(_, v)| !v.is_blank()).collect();
        let is_label = |value: &Value| label_of(value, template).is_some();
        if !filled.first().is_some_and(|(_, v)| is_label(v)) {
            continue;
        }
        label_rows += 1;
        for pair in filled.windows(3) {
            let [(_, label), (_, value), (column, cell)] = pair else {
                continue;
            };
            if is_label(label) && !is_label(value) {
                let count = after_value.entry(*column).or_default();
                count.0 += 1;
                count.1 += usize::from(is_label(cell));
            }
        }
    }
    let mut columns: Vec<u32> = after_value
        .into_iter()
        .filter(|(_, (cells, labels))| {
            *cells >= 3 && cells * 2 >= label_rows && labels * 2 < *cells
        })
        .map(|(column, _)| column)
        .collect();
    columns.sort_unstable();
    columns
}

/// The reference a sheet's name begins with, where it is one ("CR01", "CR 01", "SR-3",
/// "CR01 - Cyber attack", "HS1: Homes let"): a few letters and a number. A sheet's
/// default name ("Sheet1"), a period's ("Q1", "Oct 2026", "FY26"), a version's ("v2") or
/// a page's is none.
fn id_of_name(name: &str) -> Option<String> {
    let name = name.trim();
    let letters = name.chars().take_while(char::is_ascii_alphabetic).count();
    let rest = &name[letters..];
    let gap = rest.len() - rest.trim_start_matches([' ', '-', '_', '.']).len();
    let digits = rest[gap..].chars().take_while(char::is_ascii_digit).count();
    let end = letters + gap + digits;
    let after = &name[end..];
    let prefix = name[..letters].to_ascii_lowercase();
    let not_ids = [
        "sheet", "page", "tab", "card", "risk", "part", "no", "q", "p", "m", "h", "wk", "fy", "yr",
        "year", "month", "period", "table", "chart", "v", "ver", "rev", "jan", "feb", "mar", "apr",
        "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ];
    ((1..=4).contains(&letters)
        && gap <= 1
        && (1..=4).contains(&digits)
        && !not_ids.contains(&prefix.as_str())
        && (after.is_empty() || after.starts_with([' ', ':', '-', '\u{2013}', '(', '_'])))
    .then(|| name[..end].to_string())
}

/// The register of the cards: a column per field in the order first met, a row per
/// card; and where each of its cells is on the sheet.
fn build(grid: &Grid, cards: &[Card], mut left_out: Vec<RowLeftOut>) -> Remapped {
    let mut columns: Vec<(Slot, &str, CellRef)> = Vec::new();
    for entry in cards.iter().flat_map(|card| &card.entries) {
        if !columns.iter().any(|(slot, _, _)| *slot == entry.slot) {
            columns.push((entry.slot, &entry.label, entry.label_cell));
        }
    }
    let mut cells = Cells::default();
    let mut lines = HashMap::new();
    for (c, (_, label, at)) in columns.iter().enumerate() {
        let heading = Value::Text((*label).to_string());
        cells.set(0, c as u32, heading, *at, Mark::default());
    }
    let mut firsts = Vec::new();
    for (k, card) in cards.iter().enumerate() {
        let row = k as u32 + 1;
        firsts.push(
            card.entries
                .first()
                .map_or_else(CellRef::default, |e| e.label_cell),
        );
        for entry in &card.entries {
            let Some(c) = columns.iter().position(|(slot, _, _)| *slot == entry.slot) else {
                continue;
            };
            let at = entry.value_cell;
            let mark = grid.mark(at.row, at.column);
            cells.set(row, c as u32, entry.value(grid).into_owned(), at, mark);
            if !entry.more.is_empty() {
                let rows = std::iter::once(at.row).chain(entry.more.iter().map(|(_, r)| *r));
                lines.insert((row, c as u32), rows.collect());
            }
        }
    }
    let (register, origin) = cells.table(grid);
    left_out.sort_by_key(|left| left.row);
    Remapped {
        grid: register,
        origin,
        firsts,
        lines,
        left_out,
        blank: false,
        layout: Layout::Cards,
    }
}

#[cfg(test)]
mod tests {
    use super::id_of_name;

    #[test]
    fn a_sheet_named_by_a_reference_gives_it_and_other_names_none() {
        for (name, id) in [
            ("CR01", "CR01"),
            ("CR 01", "CR 01"),
            ("SR-3", "SR-3"),
            ("CR01 - Cyber attack", "CR01"),
            ("HS1: Homes let", "HS1"),
            ("ICT02 (closed)", "ICT02"),
        ] {
            assert_eq!(id_of_name(name).as_deref(), Some(id), "{name}");
        }
        for name in [
            "Sheet1", "Q1", "Oct 2026", "FY26", "Risk 1", "v2", "Cyber", "2026", "CR01a", "Card 3",
            "ABCDE1",
        ] {
            assert_eq!(id_of_name(name), None, "{name}");
        }
    }
}
