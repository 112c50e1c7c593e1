//! A sheet as the reader hands it on: non-empty cells by row, in our own types.

use super::shade::{Mark, Shade};
use chrono::NaiveDateTime;
use std::collections::BTreeMap;

/// A cell's value, converted from whatever the file format holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing in the cell.
    Empty,
    /// Text, as stored (not trimmed).
    Text(String),
    /// A number (whole numbers too).
    Number(f64),
    /// TRUE or FALSE.
    Bool(bool),
    /// A number formatted as a date, or an ISO date.
    DateTime(NaiveDateTime),
    /// An Excel error value such as `#DIV/0!`.
    Error(String),
    /// A formula whose result the file does not hold (the formula's text, without
    /// its `=`): the program that saved the file did not work formulas out. Blank to
    /// look at, since nothing can be read from it; a field read from it is a finding.
    Uncalculated(String),
}

/// Excel's rows: a cell a file places past them is not shown, and where a format can
/// place one there (a web page, an XML spreadsheet), it is not read.
pub const EXCEL_ROWS: u32 = 1_048_576;
/// Excel's columns, as [`EXCEL_ROWS`] its rows.
pub const EXCEL_COLUMNS: u32 = 16_384;

/// The error values Excel and LibreOffice show; an ODS file stores them as text.
pub const EXCEL_ERRORS: &[&str] = &[
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
    "Err:502",
    "Err:504",
    "Err:508",
    "Err:511",
    "Err:522",
];

impl Value {
    /// Text that is really an error value becomes `Error`.
    pub fn from_text(text: String) -> Value {
        if EXCEL_ERRORS.contains(&text.trim()) {
            Value::Error(text.trim().to_string())
        } else if text.contains('\r') {
            // A line ended as Windows ends one ("\r\n"), or by a carriage return alone
            // (text pasted from a system, saved by Excel as "_x000D_"): one line break.
            Value::Text(text.replace("\r\n", "\n").replace('\r', "\n"))
        } else {
            Value::Text(text)
        }
    }

    /// Whether the cell has nothing an officer would see.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Empty | Value::Uncalculated(_) => true,
            Value::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell's text, trimmed, when it holds text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(text) if !text.trim().is_empty() => Some(text.trim()),
            _ => None,
        }
    }

    /// The value as an officer would read it in the cell.
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(text) => text.trim().to_string(),
            Value::Number(n) => format_number(*n),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::DateTime(dt) => {
                if dt.time() == chrono::NaiveTime::MIN {
                    dt.format("%d/%m/%Y").to_string()
                } else {
                    dt.format("%d/%m/%Y %H:%M").to_string()
                }
            }
            Value::Error(e) => e.clone(),
            Value::Uncalculated(formula) => format!("={formula}"),
        }
    }
}

/// A number as a person writes it: no trailing `.0`, no float noise.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let text = format!("{:.10}", n);
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// One row's non-empty cells, ordered by column.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    /// 0-based row index.
    pub index: u32,
    /// (0-based column, value), ordered by column.
    pub cells: Vec<(u32, Value)>,
}

impl GridRow {
    /// The row's one filled cell, with its column, where it has one and no other: a
    /// title, a heading, a note.
    pub fn lone_cell(&self) -> Option<(u32, &Value)> {
        let mut filled = self.cells.iter().filter(|(_, v)| !v.is_blank());
        match (filled.next(), filled.next()) {
            (Some((column, value)), None) => Some((*column, value)),
            _ => None,
        }
    }

    /// The value in a column, `Empty` when there is none.
    pub fn get(&self, column: u32) -> &Value {
        match self.cells.binary_search_by_key(&column, |(c, _)| *c) {
            Ok(i) => &self.cells[i].1,
            Err(_) => &Value::Empty,
        }
    }

    /// Whether every cell of the row is blank.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|(_, value)| value.is_blank())
    }
}

/// A merged region, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// Top-left (row, column).
    pub start: (u32, u32),
    /// Bottom-right (row, column).
    pub end: (u32, u32),
}

/// A sheet's cells, sparse.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// The sheet's name.
    pub name: String,
    /// Whether the sheet is shown (not hidden or very hidden).
    pub visible: bool,
    /// Rows with at least one cell, ordered by index.
    pub rows: Vec<GridRow>,
    /// Merged regions, where the format records them.
    pub merges: Vec<Merge>,
    /// Cells filled in a status colour or struck through, blank ones too, ordered by
    /// (row, column): read where the format records styles (xlsx).
    pub marks: Vec<(u32, u32, Mark)>,
}

impl Grid {
    /// Build from cells in any order; later duplicates of a position are dropped.
    pub fn from_cells(
        name: String,
        visible: bool,
        mut cells: Vec<(u32, u32, Value)>,
        merges: Vec<Merge>,
    ) -> Grid {
        cells.sort_by_key(|(row, column, _)| (*row, *column));
        cells.dedup_by_key(|(row, column, _)| (*row, *column));
        let mut rows: Vec<GridRow> = Vec::new();
        for (row, column, value) in cells {
            match rows.last_mut() {
                Some(last) if last.index == row => last.cells.push((column, value)),
                _ => rows.push(GridRow {
                    index: row,
                    cells: vec![(column, value)],
                }),
            }
        }
        Grid {
            name,
            visible,
            rows,
            merges,
            marks: Vec::new(),
        }
    }

    /// What a cell's style says: its status colour, a line through it.
    pub fn mark(&self, row: u32, column: u32) -> Mark {
        self.marks
            .binary_search_by_key(&(row, column), |(r, c, _)| (*r, *c))
            .map_or(Mark::default(), |i| self.marks[i].2)
    }

    /// The status colour a cell is filled with, if any.
    pub fn shade(&self, row: u32, column: u32) -> Option<Shade> {
        self.mark(row, column).shade
    }

    /// Whether a cell's text is struck through.
    pub fn struck(&self, row: u32, column: u32) -> bool {
        self.mark(row, column).struck
    }

    /// The row with this index, if it has any cell.
    pub fn row(&self, index: u32) -> Option<&GridRow> {
        self.rows
            .binary_search_by_key(&index, |row| row.index)
            .ok()
            .map(|i| &self.rows[i])
    }

    /// Mark formula cells whose results the file does not hold, (row, column,
    /// formula): whatever was saved in their place (nothing, or 0) is not their value.
    pub fn mark_uncalculated(&mut self, formulas: Vec<(u32, u32, String)>) {
        if formulas.is_empty() {
            return;
        }
        // Rebuilt in one sort rather than inserted cell by cell: a template's formulas
        // may run down many thousands of otherwise empty rows.
        let marked = formulas
            .into_iter()
            .map(|(row, column, formula)| (row, column, Value::Uncalculated(formula)));
        let held = std::mem::take(&mut self.rows).into_iter().flat_map(|row| {
            let index = row.index;
            row.cells
                .into_iter()
                .map(move |(column, value)| (index, column, value))
        });
        // The marks come first, so they are kept where a position is held twice.
        let cells = marked.chain(held).collect();
        self.rows = Grid::from_cells(String::new(), true, cells, Vec::new()).rows;
    }

    /// The value at (row, column).
    pub fn get(&self, row: u32, column: u32) -> &Value {
        self.row(row).map_or(&Value::Empty, |r| r.get(column))
    }

    /// The merged region whose top-left cell is (row, column).
    pub fn merge_at(&self, row: u32, column: u32) -> Option<Merge> {
        self.merges
            .iter()
            .copied()
            .find(|m| m.start == (row, column))
    }

    /// Whether no cell holds anything.
    pub fn is_blank(&self) -> bool {
        self.rows.iter().all(GridRow::is_blank)
    }

    /// Whether some data row lacks a value that the row just above it has: the mark a
    /// region merged down a column leaves (as does a blank left in a table). A sheet
    /// without one has no such region, so its merged regions need not be read.
    pub fn has_holes(&self) -> bool {
        self.rows.windows(2).any(|pair| {
            let (above, below) = (&pair[0], &pair[1]);
            if below.index != above.index + 1
                || below.cells.iter().filter(|(_, v)| !v.is_blank()).count() < 2
            {
                return false;
            }
            // Both rows' cells are in column order: walk them side by side.
            let mut under = below.cells.iter().peekable();
            above.cells.iter().any(|(column, value)| {
                while under.next_if(|(c, _)| c < column).is_some() {}
                let filled_below = under
                    .peek()
                    .is_some_and(|(c, v)| c == column && !v.is_blank());
                !value.is_blank() && !filled_below
            })
        })
    }

    /// The first row of the first `within` that holds every one of `headings` (matched
    /// as headers are: case, spaces and punctuation aside).
    pub fn row_with_headings(&self, headings: &[&str], within: usize) -> Option<&GridRow> {
        self.rows.iter().take(within).find(|row| {
            headings.iter().all(|wanted| {
                row.cells.iter().any(|(_, v)| {
                    v.as_text()
                        .is_some_and(|text| crate::schema::squash_eq(text, wanted))
                })
            })
        })
    }

    /// The grid with only the rows `keep` says, and the merged regions and marks that
    /// start on them: one table of a sheet that holds several.
    pub fn rows_where(&self, keep: impl Fn(u32) -> bool) -> Grid {
        Grid {
            name: self.name.clone(),
            visible: self.visible,
            rows: self
                .rows
                .iter()
                .filter(|r| keep(r.index))
                .cloned()
                .collect(),
            merges: self
                .merges
                .iter()
                .filter(|m| keep(m.start.0))
                .copied()
                .collect(),
            marks: self
                .marks
                .iter()
                .filter(|(row, ..)| keep(*row))
                .cloned()
                .collect(),
        }
    }

    /// The grid with each region merged down several rows below `header_row` read as
    /// an officer sees it: its value in every row it covers, in its first column.
    ///
    /// A region down the `key_column` (the ID) makes its rows one record carried on
    /// over several rows (a risk with a control per row): the text of the rows after
    /// the first is added, a line each, to the first row's cells, and those rows are
    /// taken out, returned as (row, the record's first row), 0-based.
    ///
    /// Regions whose value `spread` refuses (a note in a box of merged cells) are
    /// left as they are. `None` when no region lies below the header to spread.
    pub fn spread_merges(
        &self,
        header_row: u32,
        key_column: Option<u32>,
        spread: impl Fn(&Value) -> bool,
    ) -> Option<(Grid, Vec<(u32, u32)>)> {
        let down: Vec<Merge> = self
            .merges
            .iter()
            .copied()
            .filter(|m| {
                m.start.0 > header_row
                    && m.end.0 > m.start.0
                    && spread(self.get(m.start.0, m.start.1))
            })
            .collect();
        if down.is_empty() {
            return None;
        }
        let covers_key = |m: &Merge| key_column.is_some_and(|k| m.start.1 <= k && k <= m.end.1);
        // The rows of a region that hold anything (a row the region covers with nothing
        // of its own, or only formatted blanks, is not a row of the table), bounded by
        // how many cells the sheet has, so a hostile file's millions of regions cost no
        // more than its cells.
        let mut budget = self.rows.iter().map(|row| row.cells.len()).sum::<usize>();
        let mut rows_of = |m: &Merge| -> Vec<u32> {
            let first = self.rows.partition_point(|row| row.index <= m.start.0);
            let rows: Vec<u32> = self.rows[first..]
                .iter()
                .take_while(|row| row.index <= m.end.0)
                .filter(|row| !row.is_blank())
                .take(budget)
                .map(|row| row.index)
                .collect();
            budget -= rows.len();
            rows
        };
        let covered: Vec<(Merge, Vec<u32>)> = down.into_iter().map(|m| (m, rows_of(&m))).collect();
        let mut continued: Vec<(u32, u32)> = covered
            .iter()
            .filter(|(m, _)| covers_key(m))
            .flat_map(|(m, rows)| rows.iter().map(move |&row| (row, m.start.0)))
            .collect();
        continued.sort_unstable();
        continued.dedup_by_key(|(row, _)| *row);
        let mut cells = self.cell_map();
        // The value of each region in every row it covers.
        for (merge, rows) in &covered {
            let value = self.get(merge.start.0, merge.start.1);
            if value.is_blank() {
                continue;
            }
            for &row in rows {
                let cell = cells.entry((row, merge.start.1)).or_insert(Value::Empty);
                if cell.is_blank() {
                    *cell = value.clone();
                }
            }
        }
        join_continued(&mut cells, &continued, self);
        Some((self.with_cells(cells), continued))
    }

    /// Rows below `header_row` that carry on the record above them without a merged
    /// region (a risk with a control or an action per row): nothing in any `identity`
    /// column (its ID, title, scores), or the record's own identity written again (as
    /// systems export a risk a row per action), something in the table's other
    /// `columns` (else than the record's, where its identity is written again), right
    /// below a record's row or another such row. A row `part_of_table` refuses (a note,
    /// a total, the header repeated) ends a record. Returned as (row, the record's
    /// first row), 0-based.
    pub fn carried_on(
        &self,
        header_row: u32,
        identity: &[u32],
        columns: &[u32],
        part_of_table: impl Fn(&GridRow) -> bool,
    ) -> Vec<(u32, u32)> {
        let mut found = Vec::new();
        let mut record: Option<u32> = None;
        let mut previous = header_row;
        for row in self.rows.iter().filter(|r| r.index > header_row) {
            let adjacent = row.index == previous + 1;
            previous = row.index;
            let filled = |of: &[u32]| of.iter().filter(|c| !row.get(**c).is_blank()).count();
            let again = |first: u32| {
                identity.iter().all(|&c| self.get(first, c) == row.get(c))
                    && columns
                        .iter()
                        .any(|&c| !row.get(c).is_blank() && self.get(first, c) != row.get(c))
            };
            if row.is_blank() || !part_of_table(row) {
                record = None;
            } else if let Some(first) = record.filter(|&first| adjacent && again(first))
                && filled(identity) > 0
            {
                found.push((row.index, first));
            } else if filled(identity) > 0 {
                // A lone cell (a section heading) starts no record.
                record = (filled(columns) >= 2).then_some(row.index);
            } else if let Some(first) = record.filter(|_| adjacent && filled(columns) > 0) {
                found.push((row.index, first));
            } else {
                record = None;
            }
        }
        found
    }

    /// The grid with the rows `continued` (row, its record's first row) joined to
    /// their records: each cell's text added, a line each, to the first row's, and
    /// the rows taken out.
    pub fn join_continued(&self, continued: &[(u32, u32)]) -> Grid {
        let mut cells = self.cell_map();
        join_continued(&mut cells, continued, self);
        self.with_cells(cells)
    }

    /// Every cell by (row, column), to change before a grid is made of them again.
    fn cell_map(&self) -> BTreeMap<(u32, u32), Value> {
        self.rows
            .iter()
            .flat_map(|row| {
                row.cells
                    .iter()
                    .map(move |(column, value)| ((row.index, *column), value.clone()))
            })
            .collect()
    }

    /// A grid as this one (its name, visibility, merged regions and cells' marks)
    /// holding `cells`.
    fn with_cells(&self, cells: BTreeMap<(u32, u32), Value>) -> Grid {
        let cells = cells
            .into_iter()
            .map(|((row, column), value)| (row, column, value))
            .collect();
        let mut grid =
            Grid::from_cells(self.name.clone(), self.visible, cells, self.merges.clone());
        grid.marks = self.marks.clone();
        grid
    }
}

/// Join each continued row's own cells (as `own` holds them) to its record's first
/// row in `cells`, and take the continued rows out. Text joins text a line each (a
/// line the first row already has is not repeated); a date joins a date or text the
/// same way, so every due date is kept; a cell the first row leaves blank takes the
/// value as it is.
fn join_continued(cells: &mut BTreeMap<(u32, u32), Value>, continued: &[(u32, u32)], own: &Grid) {
    let text_of = |value: &Value| match value {
        Value::Text(text) => Some(text.clone()),
        Value::DateTime(_) => Some(value.display()),
        _ => None,
    };
    for &(row, first) in continued {
        let Some(own) = own.row(row) else {
            continue;
        };
        for (column, value) in &own.cells {
            if value.is_blank() {
                continue;
            }
            let joined = match cells.get(&(first, *column)) {
                None => value.clone(),
                Some(before) if before.is_blank() => value.clone(),
                Some(before) => match (text_of(before), text_of(value)) {
                    (Some(before), Some(text))
                        if before.lines().any(|l| l.trim() == text.trim()) =>
                    {
                        continue;
                    }
                    (Some(before), Some(text)) => Value::Text(format!("{before}\n{text}")),
                    _ => continue,
                },
            };
            cells.insert((first, *column), joined);
        }
    }
    cells.retain(|(row, _), _| continued.binary_search_by_key(row, |(r, _)| *r).is_err());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(row: u32, column: u32, value: &str) -> (u32, u32, Value) {
        (row, column, Value::Text(value.into()))
    }

    #[test]
    fn a_carriage_return_in_a_cells_text_is_a_line_break() {
        for (written, read) in [
            ("Budget\r\ngap", "Budget\ngap"),
            ("Cyber\r attack", "Cyber\n attack"),
            ("Plain", "Plain"),
        ] {
            assert_eq!(Value::from_text(written.into()), Value::Text(read.into()));
        }
        assert_eq!(
            Value::from_text(" #N/A ".into()),
            Value::Error("#N/A".into())
        );
    }

    #[test]
    fn uncalculated_formulas_replace_what_was_saved_and_fill_rows_of_their_own() {
        let mut grid = Grid::from_cells(
            "Register".into(),
            true,
            vec![
                text(0, 0, "ID"),
                text(0, 5, "Score"),
                text(1, 0, "R1"),
                (1, 5, Value::Number(0.0)),
            ],
            Vec::new(),
        );
        grid.mark_uncalculated(vec![
            (1, 5, "D2*E2".into()),
            (3, 5, "D4*E4".into()),
            (2, 5, "D3*E3".into()),
        ]);
        let uncalculated = |formula: &str| Value::Uncalculated(formula.into());
        assert_eq!(grid.get(1, 5), &uncalculated("D2*E2"));
        assert_eq!(grid.get(1, 0), &Value::Text("R1".into()));
        assert_eq!(grid.get(2, 5), &uncalculated("D3*E3"));
        assert_eq!(grid.get(3, 5), &uncalculated("D4*E4"));
        assert_eq!(
            grid.rows.iter().map(|r| r.index).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        assert!(
            grid.row(3).is_some_and(GridRow::is_blank),
            "nothing to read in it"
        );
        assert_eq!(grid.name, "Register");
    }

    #[test]
    fn a_gap_under_a_value_in_a_filled_row_is_a_hole() {
        let full = vec![
            text(0, 0, "ID"),
            text(0, 1, "Owner"),
            text(1, 0, "A"),
            text(1, 1, "Ann"),
            text(2, 0, "B"),
            text(2, 1, "Bob"),
        ];
        let grid = Grid::from_cells("S".into(), true, full.clone(), Vec::new());
        assert!(!grid.has_holes());
        let gap: Vec<_> = full.into_iter().filter(|c| (c.0, c.1) != (2, 1)).collect();
        let mut with_third = gap.clone();
        with_third.push(text(2, 2, "note"));
        // A row of one cell (a footnote) under a full row is no hole.
        assert!(!Grid::from_cells("S".into(), true, gap, Vec::new()).has_holes());
        assert!(Grid::from_cells("S".into(), true, with_third, Vec::new()).has_holes());
    }
}
