//! Reading a spot-check workbook back: the checker's sheet, by its headings.

use super::grid::{Grid, Value};
use super::open;
use crate::finding::CellRef;
use crate::schema::framework::Limits;
use crate::schema::squash;
use std::collections::HashMap;
use std::path::Path;

/// The headings of the spot-check sheet, shared by the writer and the reader.
pub mod columns {
    /// The sample's own reference, SC-001.
    pub const REF: &str = "Ref";
    /// Indicator ID.
    pub const INDICATOR_ID: &str = "Indicator ID";
    /// Indicator name.
    pub const INDICATOR: &str = "Indicator";
    /// Directorate.
    pub const DIRECTORATE: &str = "Directorate";
    /// Service.
    pub const SERVICE: &str = "Service";
    /// Period.
    pub const PERIOD: &str = "Period";
    /// Where the value was reported.
    pub const SOURCE: &str = "Source";
    /// The library's definition.
    pub const DEFINITION: &str = "Definition";
    /// Unit.
    pub const UNIT: &str = "Unit";
    /// Numerator reported.
    pub const NUMERATOR: &str = "Numerator";
    /// Denominator reported.
    pub const DENOMINATOR: &str = "Denominator";
    /// The value reported.
    pub const REPORTED: &str = "Reported value";
    /// Target.
    pub const TARGET: &str = "Target";
    /// RAG computed.
    pub const RAG: &str = "RAG";
    /// Statutory.
    pub const STATUTORY: &str = "Statutory";
    /// Decimal places for comparing.
    pub const DECIMALS: &str = "Decimal places";
    /// Why the value was chosen.
    pub const WHY: &str = "Why chosen";
    /// The checker's value.
    pub const VERIFIED: &str = "Verified value";
    /// Where the evidence is.
    pub const EVIDENCE: &str = "Evidence reference";
    /// Who checked.
    pub const CHECKED_BY: &str = "Checked by";
    /// When.
    pub const DATE_CHECKED: &str = "Date checked";
    /// Verified / Corrected / Could not verify.
    pub const OUTCOME: &str = "Outcome";
    /// Notes.
    pub const NOTES: &str = "Notes";

    /// Every heading, in order; the checker fills the last six.
    pub const ALL: &[&str] = &[
        REF,
        INDICATOR_ID,
        INDICATOR,
        DIRECTORATE,
        SERVICE,
        PERIOD,
        SOURCE,
        DEFINITION,
        UNIT,
        NUMERATOR,
        DENOMINATOR,
        REPORTED,
        TARGET,
        RAG,
        STATUTORY,
        DECIMALS,
        WHY,
        VERIFIED,
        EVIDENCE,
        CHECKED_BY,
        DATE_CHECKED,
        OUTCOME,
        NOTES,
    ];
    /// The checker's columns.
    pub const CHECKER: &[&str] = &[VERIFIED, EVIDENCE, CHECKED_BY, DATE_CHECKED, OUTCOME, NOTES];
    /// Name of the sheet.
    pub const SHEET: &str = "Spot-check";
}

/// One sampled value as the checker left it.
#[derive(Debug, Clone)]
pub struct CheckedRow {
    row: u32,
    cells: HashMap<String, (u32, Value)>,
    columns: HashMap<String, u32>,
}

impl CheckedRow {
    /// A column's value.
    pub fn value(&self, heading: &str) -> Value {
        self.cells
            .get(&squash(heading))
            .map_or(Value::Empty, |(_, v)| v.clone())
    }

    /// A column's value as text.
    pub fn text(&self, heading: &str) -> String {
        self.value(heading).display()
    }

    /// The cell of a column on this row.
    pub fn cell(&self, heading: &str) -> CellRef {
        CellRef::new(
            self.row,
            self.columns.get(&squash(heading)).copied().unwrap_or(0),
        )
    }
}

/// A spot-check workbook as the checker left it.
#[derive(Debug, Clone)]
pub struct CompletedSpotCheck {
    /// The name of the sheet of sampled values.
    pub sheet: String,
    /// Its rows, one per sampled value still on it.
    pub rows: Vec<CheckedRow>,
    /// How many values were drawn, as the Instructions sheet records it ("Sample of 10
    /// values drawn with seed 2026 on 31/10/2026."), where it still does.
    pub drawn: Option<usize>,
}

/// The start of the line that records the draw, written on the Instructions sheet.
pub const DRAWN_LINE: &str = "Sample of ";

/// The number of values a line "Sample of 10 values drawn with seed …" records.
fn drawn_count(text: &str) -> Option<usize> {
    let rest = text.trim().strip_prefix(DRAWN_LINE)?;
    let (count, rest) = rest.split_once(' ')?;
    let drawn = rest
        .strip_prefix("values drawn with seed ")
        .or_else(|| rest.strip_prefix("value drawn with seed "));
    drawn.and(count.parse().ok())
}

/// The rows of a spot-check workbook, with its sheet's name and the size of the draw.
pub fn read_spotcheck(path: &Path, limits: &Limits) -> Result<CompletedSpotCheck, String> {
    let opened = open::open(path, limits, &|_| false).map_err(|e| e.0)?;
    let drawn = opened.sheets.iter().find_map(|grid| {
        grid.rows
            .iter()
            .flat_map(|row| row.cells.iter())
            .find_map(|(_, v)| v.as_text().and_then(drawn_count))
    });
    for grid in &opened.sheets {
        if let Some(rows) = rows_of(grid) {
            return Ok(CompletedSpotCheck {
                sheet: grid.name.clone(),
                rows,
                drawn,
            });
        }
    }
    Err(format!(
        "no sheet has the spot-check headings ('{}', '{}', '{}'): is this a workbook written by golden-thread spot-check?",
        columns::REF,
        columns::REPORTED,
        columns::VERIFIED
    ))
}

/// The headings that make a sheet a spot-check sample.
const WANTED: [&str; 3] = [columns::REPORTED, columns::VERIFIED, columns::REF];

/// Whether a sheet is a spot-check sample (written by `golden-thread spot-check`), by
/// its headings.
pub fn is_spotcheck_sheet(grid: &Grid) -> bool {
    grid.row_with_headings(&WANTED, 20).is_some()
}

fn rows_of(grid: &Grid) -> Option<Vec<CheckedRow>> {
    let header = grid.row_with_headings(&WANTED, 20)?;
    let columns: HashMap<String, u32> = header
        .cells
        .iter()
        .filter_map(|(c, v)| v.as_text().map(|t| (squash(t), *c)))
        .collect();
    let ref_column = *columns.get(&squash(columns::REF))?;
    let rows = grid
        .rows
        .iter()
        .filter(|row| row.index > header.index && !row.get(ref_column).is_blank())
        .map(|row| CheckedRow {
            row: row.index,
            cells: columns
                .iter()
                .map(|(name, c)| (name.clone(), (*c, row.get(*c).clone())))
                .collect(),
            columns: columns.clone(),
        })
        .collect();
    Some(rows)
}

#[cfg(test)]
mod tests {
    use super::drawn_count;

    #[test]
    fn the_draw_line_gives_its_count() {
        assert_eq!(
            drawn_count("Sample of 10 values drawn with seed 2026 on 31/10/2026."),
            Some(10)
        );
        assert_eq!(
            drawn_count("Sample of 1 value drawn with seed 7 on 31/10/2026."),
            Some(1)
        );
        assert_eq!(drawn_count("Sample of the returns"), None);
        assert_eq!(drawn_count("Sample of ten values drawn with seed 7"), None);
    }
}
