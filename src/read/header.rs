//! Finding a template's header row in a sheet, wherever it is, and mapping its
//! columns to fields. Handles title rows and a labelled block above the header, and a
//! two-row header with group labels ("Inherent Risk") over short names ("L", "I").

use super::grid::{Grid, GridRow, Value};
use super::indicators::{PERIOD_COMMENTARY, PERIOD_RAG};
use super::period::{self, period_from_text};
use crate::schema::{
    BlockKey, FieldType, HeaderKeys, Slot, Stage, TemplateSchema, has_word, squash_eq,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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

/// A one-row header whose merged headings (or headings with blanks to their right)
/// stand over short ones in the row below: "Impact" over "Financial", "Reputation" and
/// "Service Delivery"; "Risk Score" over "L", "I" and "Total"; "Further Actions" over
/// "Owner" and "Due Date". The row below is the header's too, not a risk, and each
/// column under a group is named by both ("Impact / Financial"). The groups that name
/// a stage ("Inherent Risk") are read by [`map_grouped`]; a return's periods by
/// [`by_period`]. Only where every cell of the row below is a heading under such a
/// group, and none a period's.
fn with_sub_headings(
    grid: &Grid,
    rows: &HeaderRows,
    header: Header,
    template: &TemplateSchema,
) -> Header {
    if header.first_row != header.last_row || template.field_index("period").is_some() {
        return header;
    }
    let top_index = header.first_row;
    let (Some(top), Some(sub)) = (
        rows.rows.iter().find(|r| r.index == top_index),
        rows.rows.iter().find(|r| r.index == top_index + 1),
    ) else {
        return header;
    };
    // Each heading's group: its merged cells, or (merged cells not kept, as .ods are
    // read, or "Centre Across Selection") the blank headings to its right.
    let last = sub.cells.last().map_or(0, |(c, _)| *c);
    let groups: Vec<(u32, u32)> = top
        .cells
        .iter()
        .map(|&(column, _)| {
            let end = match grid.merge_at(top_index, column) {
                Some(m) if m.end.0 == top_index => m.end.1,
                Some(_) => column,
                None => (column + 1..=last)
                    .take_while(|&c| top.get(c).is_none())
                    .last()
                    .unwrap_or(column),
            };
            (column, end)
        })
        .filter(|(start, end)| end > start)
        .collect();
    let group_of = |column: u32| {
        groups
            .iter()
            .find(|(start, end)| (*start..=*end).contains(&column))
    };
    let filled = grid
        .rows
        .iter()
        .find(|r| r.index == sub.index)
        .map_or(0, |r| r.cells.iter().filter(|(_, v)| !v.is_blank()).count());
    let all_grouped = sub.cells.len() >= 2
        && sub.cells.len() == filled
        && sub.cells.iter().all(|(column, heading)| {
            group_of(*column).is_some() && heading.keys.is_some() && !heading.is_period()
        });
    if !all_grouped {
        return header;
    }
    let mut grouped = empty_header(top.index, sub.index);
    for index in columns_of_both(top, sub) {
        let column = match (group_of(index), sub.get(index)) {
            (Some(&(start, _)), Some(sub_heading)) => {
                let Some(label) = top.get(start) else {
                    continue;
                };
                Column {
                    index,
                    header: format!("{} / {}", label.text, sub_heading.text),
                    slot: sub_slot(label, sub_heading, template),
                }
            }
            (Some(&(start, _)), None) if index != start => continue,
            _ => match top.get(index) {
                Some(heading) => field_column(index, heading, template),
                None => continue,
            },
        };
        assign(&mut grouped, column, template);
    }
    if fit(template, &grouped).is_some() {
        grouped
    } else {
        header
    }
}

/// The field of a column headed `sub` under the group `label`: the two read together,
/// or `sub` with a word of the group ("Further Actions" over "Owner": the action owner;
/// "Review" over "Last": the last review), else `sub` alone ("Risk Score" over "L").
/// Not alone under a likelihood or impact group: "Service Delivery" under "Impact" is
/// an impact's domain, not the service.
fn sub_slot(label: &Heading, sub: &Heading, template: &TemplateSchema) -> Option<Slot> {
    // The label's runs of words, longest first ("Expected Net Rating" gives "Expected
    // Net" before "Net"), each also without a plural's "s".
    let words: Vec<&str> = label
        .text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1)
        .collect();
    let runs = (1..=words.len()).rev().flat_map(|length| {
        words.windows(length).flat_map(|run| {
            let joined = run.join(" ");
            let singular = joined.strip_suffix('s').map(str::to_string);
            std::iter::once(joined).chain(singular)
        })
    });
    let together = std::iter::once(label.text.clone())
        .chain(runs)
        .flat_map(|w| [format!("{w} {}", sub.text), format!("{} {w}", sub.text)])
        .find_map(|text| template.match_header(&text, None));
    if together.is_some() {
        return together;
    }
    let breaks_down_scale = label
        .keys
        .as_ref()
        .and_then(|keys| template.slot_of_keys(keys, None))
        .is_some_and(|group| {
            matches!(
                template.fields[group.field].field_type,
                FieldType::Likelihood | FieldType::Impact
            )
        });
    if breaks_down_scale {
        return None;
    }
    sub.keys
        .as_ref()
        .and_then(|keys| template.slot_of_keys(keys, None))
}

/// A register that keeps its assessment by period: "Q1 L", "Q1 I", "Q1 Score", "Q2 L"
/// ... in one row, or "Q1" and "Q2" (merged or not) over "L", "I", "Score" in the row
/// below, or in the row above a header that repeats them. The latest period with anything in its columns is the current assessment;
/// the earlier ones are history, left unread. Only where the register has no single
/// likelihood or impact column of its own, or repeats them (each period's).
fn by_period(
    grid: &Grid,
    rows: &HeaderRows,
    mut header: Header,
    template: &TemplateSchema,
) -> Header {
    let current = |name: &str| template.staged_slot(name, Stage::Current);
    let (Some(likelihood), Some(impact)) = (current("likelihood"), current("impact")) else {
        return header;
    };
    let assessment = [likelihood, impact]
        .into_iter()
        .chain(current("score"))
        .chain(current("rating"))
        .collect::<Vec<_>>();
    let mapped = header.slots.contains_key(&likelihood) && header.slots.contains_key(&impact);
    let repeated = header
        .duplicates
        .iter()
        .any(|d| d.slot == likelihood || d.slot == impact);
    if mapped && !repeated {
        return header;
    }
    let of_assessment = |text: &str| {
        template
            .match_header(text, None)
            .filter(|slot| assessment.contains(slot))
    };
    // One row: the period written in each heading.
    let mut assessed: Vec<PeriodColumn> = header
        .columns
        .iter()
        .filter_map(|column| {
            let (period, slot) = period_and_field(&column.header, &of_assessment)?;
            Some(PeriodColumn {
                index: column.index,
                period,
                slot,
                header: column.header.clone(),
            })
        })
        .collect();
    let (mut first_row, mut last_row) = (header.first_row, header.last_row);
    if assessed.is_empty() {
        // Two rows: the periods above the header, or in it over the row below.
        let row_at = |index: u32| rows.rows.iter().find(|row| row.index == index);
        let pairs = [
            (header.first_row.checked_sub(1), header.first_row),
            (Some(header.last_row), header.last_row + 1),
        ];
        for (top, sub) in pairs {
            let (Some(top), Some(sub)) = (top.and_then(row_at), row_at(sub)) else {
                continue;
            };
            // Two periods at least: one alone over the table is its title ("Risk
            // register October 2026").
            let found = periods_over_fields(grid, top, sub, &of_assessment);
            let periods: BTreeSet<_> = found.iter().map(|c| c.period).collect();
            if periods.len() >= 2 {
                assessed = found;
                (first_row, last_row) = (top.index, sub.index);
                break;
            }
        }
    }
    // The latest period with a value in any of its columns below the header.
    let filled = |index: u32| {
        grid.rows
            .iter()
            .filter(|row| row.index > last_row)
            .any(|row| !row.get(index).is_blank())
    };
    let Some(latest) = assessed
        .iter()
        .filter(|c| filled(c.index))
        .map(|c| c.period)
        .max_by_key(|period| (period.end(), std::cmp::Reverse(period.start())))
    else {
        return header;
    };
    let chosen: Vec<&PeriodColumn> = assessed.iter().filter(|c| c.period == latest).collect();
    if ![likelihood, impact]
        .iter()
        .all(|slot| chosen.iter().any(|c| c.slot == *slot))
    {
        return header;
    }
    let is_assessed = |index: u32| assessed.iter().any(|c| c.index == index);
    header.slots.retain(|_, index| !is_assessed(*index));
    header
        .duplicates
        .retain(|d| !is_assessed(d.kept.index) && !is_assessed(d.ignored.index));
    header.columns.retain(|column| !is_assessed(column.index));
    for column in &assessed {
        let slot = (column.period == latest && !header.slots.contains_key(&column.slot))
            .then_some(column.slot);
        if let Some(slot) = slot {
            header.slots.insert(slot, column.index);
        }
        if slot.is_none() {
            header.history.push(column.index);
        }
        header.columns.push(Column {
            index: column.index,
            header: column.header.clone(),
            slot,
        });
    }
    header.columns.sort_by_key(|column| column.index);
    header.first_row = first_row;
    header.last_row = last_row;
    header
}

/// A column of a register's assessment for one period.
struct PeriodColumn {
    index: u32,
    period: crate::model::Period,
    slot: Slot,
    /// "Q1 L", or "Q1 / L" from two rows.
    header: String,
}

/// The period and the assessment field a heading names: "Q1 L", "Sep 2026 Score",
/// "Likelihood Q2", "Score (Oct-26)".
fn period_and_field(
    text: &str,
    field: &dyn Fn(&str) -> Option<Slot>,
) -> Option<(crate::model::Period, Slot)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let unbracket = |part: &[&str]| {
        part.join(" ")
            .trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '-' | ':'))
            .trim()
            .to_string()
    };
    (1..words.len()).find_map(|k| {
        let (before, after) = words.split_at(k);
        let period = |part: &[&str]| period_from_text(&unbracket(part), 2000);
        period(before)
            .zip(field(&unbracket(after)))
            .or_else(|| period(after).zip(field(&unbracket(before))))
    })
}

/// The assessment columns of `sub` under the periods of `top`: a period heading
/// covers its merged cells, else the columns up to the next heading of `top`.
fn periods_over_fields(
    grid: &Grid,
    top: &HeadingRow,
    sub: &HeadingRow,
    field: &dyn Fn(&str) -> Option<Slot>,
) -> Vec<PeriodColumn> {
    let mut found = Vec::new();
    let mut group: Option<(crate::model::Period, &str, Option<u32>)> = None;
    for index in columns_of_both(top, sub) {
        if let Some(heading) = top.get(index) {
            group = period_from_text(&heading.text, 2000).map(|period| {
                let end = grid.merge_at(top.index, index).map(|m| m.end.1);
                (period, heading.text.as_str(), end)
            });
        } else if let Some((_, _, Some(end))) = group
            && index > end
        {
            group = None;
        }
        if let (Some((period, label, _)), Some(sub)) = (group, sub.get(index))
            && let Some(slot) = field(&sub.text)
        {
            found.push(PeriodColumn {
                index,
                period,
                slot,
                header: format!("{label} / {}", sub.text),
            });
        }
    }
    found
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

/// Words under a period's heading that say what its column holds.
const PERIOD_ROLES: &[&str] = &[
    "actual",
    "actuals",
    "outturn",
    "result",
    "performance",
    "value",
    "target",
    "targets",
    "tgt",
    "numerator",
    "denominator",
];

/// A two-row header whose groups say which period and which value each column holds:
/// a period over its values ("Apr" merged over "Target" and "Actual", or "Q1" above
/// "Target" with "Actual" beside it), or a value over its periods ("Actual" merged over
/// "Apr", "May", "Jun", and "Target" over them again). The columns are headed "Apr
/// Target", "Apr Actual", as a one-row header would write them. None unless at least
/// two periods are so headed; with the header, how many (up to three).
fn map_period_grouped(
    grid: &Grid,
    top: &HeadingRow,
    sub: &HeadingRow,
    template: &TemplateSchema,
) -> Option<(Header, usize)> {
    let is_period = Heading::is_period;
    let is_role = Heading::is_role;
    // Cheaply first: a header of this kind has at least two such headings below.
    if sub
        .cells
        .iter()
        .filter(|(_, h)| h.is_role() || h.is_period())
        .take(2)
        .count()
        < 2
    {
        return None;
    }
    let mut header = empty_header(top.index, sub.index);
    let columns = columns_of_both(top, sub);
    let mut grouped_periods = BTreeSet::new();
    // The values each period gives ("Actual", "Target", "RAG"): as many columns as a
    // one-row reading of the sub-headings would map, each once.
    let mut roles = BTreeSet::new();
    // The group heading in force and whether it names a period (else a value), with
    // the last column its merged cell covers.
    let mut group: Option<((&Heading, bool), Option<u32>)> = None;
    // A year over its months ("2026" over "Apr" ... "Dec", "2027" over "Jan" ...).
    let mut year: Option<(&Heading, Option<u32>)> = None;
    for index in columns {
        let top_heading = top.get(index);
        let sub_heading = sub.get(index);
        // Over a month or quarter ("2026/27" over "Target" is a period's group).
        carry_group(&mut year, grid, top, index, |heading| {
            (is_year(&heading.text) && sub_heading.is_some_and(is_period)).then_some(heading)
        });
        if top_heading.is_some() && year.is_some() {
            group = None;
        }
        if let (Some((label, _)), Some(sub)) = (year, sub_heading)
            && is_period(sub)
        {
            grouped_periods.insert(sub.text.as_str());
            assign(
                &mut header,
                Column {
                    index,
                    header: format!("{} {}", sub.text, label.text),
                    slot: None,
                },
                template,
            );
            continue;
        }
        carry_group(&mut group, grid, top, index, |heading| {
            (is_period(heading) || is_role(heading)).then(|| (heading, is_period(heading)))
        });
        let column = match (sub_heading, group) {
            // A period over a value's role, or a role over a period: "Apr Target".
            (Some(sub), Some(((label, over_period), _)))
                if over_period && is_role(sub) || !over_period && is_period(sub) =>
            {
                let (period, role) = if over_period {
                    (label, sub)
                } else {
                    (sub, label)
                };
                grouped_periods.insert(period.text.as_str());
                roles.insert(crate::schema::squash(&role.text));
                Column {
                    index,
                    header: format!("{} {}", period.text, role.text),
                    slot: None,
                }
            }
            // A period's own RAG or commentary, "Q1 RAG" as a one-row header writes it;
            // its variance or trend is not read.
            (Some(sub), Some(((period, true), _)))
                if sub.text.len() <= 40
                    && (has_word(&sub.text, PERIOD_RAG)
                        || has_word(&sub.text, PERIOD_COMMENTARY)) =>
            {
                roles.insert(crate::schema::squash(&sub.text));
                Column {
                    index,
                    header: format!("{} {}", period.text, sub.text),
                    slot: None,
                }
            }
            (Some(_), Some(((_, true), _))) => continue,
            (Some(sub), _) if top_heading.is_none() => field_column(index, sub, template),
            (_, _) => match top_heading {
                Some(top) => field_column(index, top, template),
                None => continue,
            },
        };
        assign(&mut header, column, template);
    }
    let bonus = grouped_periods.len().min(3).max(roles.len());
    (grouped_periods.len() >= 2).then_some((header, bonus))
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

/// Whether a heading is a year alone, calendar ("2026") or financial ("2026/27"), as
/// written over the months it holds.
fn is_year(text: &str) -> bool {
    let text = text.trim();
    let calendar =
        text.len() == 4 && text.starts_with("20") && text.bytes().all(|b| b.is_ascii_digit());
    calendar
        || (text.len() <= 12
            && crate::read::period::financial_years_in(text).count() == 1
            && text.split_whitespace().count() == 1)
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
