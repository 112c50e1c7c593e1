//! Writing a sheet laid out cell by cell, as a council's own workbook would be: title
//! rows, merged cells, a header anywhere, values of every type. The samples are built
//! with it, and tests use it to make the workbooks they read.

use super::formats::excel_date;
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, Formula, Workbook, XlsxError};
use std::path::Path;

/// One cell to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Blank,
    /// Text, always written as text.
    Text(String),
    /// A number.
    Number(f64),
    /// A fraction shown as a percentage (0.85 shows as 85%).
    Percent(f64),
    /// A date, formatted dd/mm/yyyy.
    Date(NaiveDate),
    /// A formula with the result Excel would have saved.
    Formula {
        /// The formula, e.g. `=E7*F7`.
        formula: String,
        /// The cached result, e.g. `12` or `#REF!`.
        result: String,
    },
}

/// Text.
pub fn t(text: &str) -> Cell {
    if text.is_empty() {
        Cell::Blank
    } else {
        Cell::Text(text.to_string())
    }
}

/// A number.
pub fn n(value: f64) -> Cell {
    Cell::Number(value)
}

/// A date; an impossible date is written blank.
pub fn d(year: i32, month: u32, day: u32) -> Cell {
    NaiveDate::from_ymd_opt(year, month, day).map_or(Cell::Blank, Cell::Date)
}

/// A formula and its cached result.
pub fn f(formula: &str, result: impl ToString) -> Cell {
    Cell::Formula {
        formula: formula.to_string(),
        result: result.to_string(),
    }
}

impl Cell {
    /// The value as a CSV file holds it: dates day first, formulas by their result.
    pub fn csv_text(&self) -> String {
        match self {
            Cell::Blank => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Number(value) => crate::read::grid::format_number(*value),
            Cell::Percent(value) => format!("{}%", crate::read::grid::format_number(value * 100.0)),
            Cell::Date(date) => date.format("%d/%m/%Y").to_string(),
            Cell::Formula { result, .. } => result.clone(),
        }
    }
}

/// A merged region, 0-based, inclusive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MergedRange {
    /// First row.
    pub first_row: u32,
    /// First column.
    pub first_column: u16,
    /// Last row.
    pub last_row: u32,
    /// Last column.
    pub last_column: u16,
}

/// A sheet laid out row by row from A1.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetLayout {
    /// The sheet's name.
    pub name: String,
    /// Whether it is hidden.
    pub hidden: bool,
    /// Rows from row 1; an empty row is blank.
    pub rows: Vec<Vec<Cell>>,
    /// Merged regions; the value written is the top-left cell's.
    pub merges: Vec<MergedRange>,
    /// 0-based rows shown bold (titles, headers).
    pub bold_rows: Vec<u32>,
    /// 0-based row to freeze panes below.
    pub freeze_below: Option<u32>,
    /// Cells filled with a colour ("#FF0000"), 0-based (row, column): a status shown by
    /// colour alone. The fill takes the place of the cell's other formatting.
    pub fills: Vec<(u32, u16, String)>,
    /// Cells whose text is struck through, 0-based (row, column): a closed risk kept in
    /// the register. As with a fill, in place of the cell's other formatting.
    pub struck: Vec<(u32, u16)>,
}

impl SheetLayout {
    /// An empty sheet.
    pub fn new(name: &str) -> SheetLayout {
        SheetLayout {
            name: name.to_string(),
            ..SheetLayout::default()
        }
    }

    /// Add a row.
    pub fn row(mut self, cells: Vec<Cell>) -> SheetLayout {
        self.rows.push(cells);
        self
    }

    /// Add a bold row (a title or header).
    pub fn bold_row(mut self, cells: Vec<Cell>) -> SheetLayout {
        self.bold_rows.push(self.rows.len() as u32);
        self.rows.push(cells);
        self
    }

    /// Merge a region.
    pub fn merge(
        mut self,
        first_row: u32,
        first_column: u16,
        last_row: u32,
        last_column: u16,
    ) -> SheetLayout {
        self.merges.push(MergedRange {
            first_row,
            first_column,
            last_row,
            last_column,
        });
        self
    }

    /// Fill a cell (0-based) with a colour, "#RRGGBB".
    pub fn fill(mut self, row: u32, column: u16, colour: &str) -> SheetLayout {
        self.fills.push((row, column, colour.to_string()));
        self
    }

    /// Strike through a row's text (0-based row), in the first `columns` cells.
    pub fn strike_row(mut self, row: u32, columns: u16) -> SheetLayout {
        self.struck.extend((0..columns).map(|column| (row, column)));
        self
    }

    fn in_merge(&self, row: u32, column: u16) -> Option<&MergedRange> {
        self.merges.iter().find(|m| {
            row >= m.first_row
                && row <= m.last_row
                && column >= m.first_column
                && column <= m.last_column
        })
    }
}

/// Write sheets to an .xlsx file.
///
/// # Errors
/// Whatever rust_xlsxwriter reports: a bad sheet name, a formula it refuses, an I/O error.
pub fn write_xlsx(path: &Path, sheets: &[SheetLayout]) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    let plain = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let percent_format = Format::new()
        .set_num_format("0%")
        .set_align(FormatAlign::Top);
    let date_format = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Top);
    for layout in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&layout.name)?;
        sheet.set_hidden(layout.hidden);
        let widest = layout.rows.iter().map(Vec::len).max().unwrap_or(0);
        for column in 0..widest as u16 {
            sheet.set_column_width(column, 16)?;
        }
        for (row_index, row) in layout.rows.iter().enumerate() {
            let row_index = row_index as u32;
            let format = if layout.bold_rows.contains(&row_index) {
                &bold
            } else {
                &plain
            };
            for (column, cell) in row.iter().enumerate() {
                let column = column as u16;
                if let Some(merge) = layout.in_merge(row_index, column) {
                    if (merge.first_row, merge.first_column) == (row_index, column) {
                        sheet.merge_range(
                            merge.first_row,
                            merge.first_column,
                            merge.last_row,
                            merge.last_column,
                            &cell.csv_text(),
                            format,
                        )?;
                    }
                    continue;
                }
                match cell {
                    Cell::Blank => {}
                    Cell::Text(text) => {
                        sheet.write_string_with_format(row_index, column, text, format)?;
                    }
                    Cell::Number(value) => {
                        sheet.write_number_with_format(row_index, column, *value, format)?;
                    }
                    Cell::Percent(value) => {
                        sheet.write_number_with_format(
                            row_index,
                            column,
                            *value,
                            &percent_format,
                        )?;
                    }
                    Cell::Date(date) => {
                        sheet.write_datetime_with_format(
                            row_index,
                            column,
                            excel_date(*date)?,
                            &date_format,
                        )?;
                    }
                    Cell::Formula { formula, result } => {
                        let formula = Formula::new(formula).set_result(result);
                        sheet.write_formula_with_format(row_index, column, formula, format)?;
                    }
                }
            }
        }
        let mut styled: std::collections::BTreeMap<(u32, u16), Format> = Default::default();
        for (row, column, colour) in &layout.fills {
            let format = styled
                .entry((*row, *column))
                .or_insert_with(|| plain.clone());
            *format = format.clone().set_background_color(colour.as_str());
        }
        for (row, column) in &layout.struck {
            let format = styled
                .entry((*row, *column))
                .or_insert_with(|| plain.clone());
            *format = format.clone().set_font_strikethrough();
        }
        for ((row, column), format) in &styled {
            sheet.set_cell_format(*row, *column, format)?;
        }
        if let Some(row) = layout.freeze_below {
            sheet.set_freeze_panes(row + 1, 0)?;
        }
    }
    workbook.save(path)
}

/// Write one sheet as CSV (dates day first, formulas by their result).
///
/// # Errors
/// An I/O error writing the file.
pub fn write_csv(path: &Path, layout: &SheetLayout) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_path(path)?;
    let widest = layout.rows.iter().map(Vec::len).max().unwrap_or(0);
    for row in &layout.rows {
        let mut record: Vec<String> = row.iter().map(Cell::csv_text).collect();
        record.resize(widest, String::new());
        writer.write_record(&record)?;
    }
    writer.flush()
}
