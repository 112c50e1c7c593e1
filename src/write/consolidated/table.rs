//! A data sheet's table: bold frozen header, widths, autofilter.

use crate::write::formats::Formats;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// What a column holds, which decides its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// Wrapped text.
    Text,
    /// Whole numbers.
    Number,
    /// Numbers shown as they are (General): indicator values.
    Decimal,
    /// Dates.
    Date,
}

/// A column of a table: its heading, width in characters, and what it holds.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The heading.
    pub heading: &'static str,
    /// The width, in characters.
    pub width: f64,
    /// What it holds.
    pub holds: Holds,
}

impl Column {
    /// A text column.
    pub const fn new(heading: &'static str, width: f64) -> Column {
        Column {
            heading,
            width,
            holds: Holds::Text,
        }
    }

    /// A number column.
    pub const fn number(heading: &'static str, width: f64) -> Column {
        Column {
            heading,
            width,
            holds: Holds::Number,
        }
    }

    /// A column of numbers shown as they are, with their decimals.
    pub const fn decimal(heading: &'static str, width: f64) -> Column {
        Column {
            heading,
            width,
            holds: Holds::Decimal,
        }
    }

    /// A date column.
    pub const fn date(heading: &'static str, width: f64) -> Column {
        Column {
            heading,
            width,
            holds: Holds::Date,
        }
    }
}

/// Whether every word of every heading fits its column's width in bold, so that an
/// office suite wraps the heading between words, never inside one ("Denominato r").
/// Checked when the crate is built: each table's columns assert it.
pub const fn headings_fit(columns: &[Column]) -> bool {
    let mut i = 0;
    while i < columns.len() {
        let column = &columns[i];
        let bytes = column.heading.as_bytes();
        let (mut j, mut word) = (0, 0usize);
        while j < bytes.len() {
            match bytes[j] {
                b' ' | b'\n' => word = 0,
                // A line may break after a hyphen.
                b'-' => word = 0,
                _ => {
                    word += 1;
                    if word as f64 * 1.05 + 0.5 > column.width {
                        return false;
                    }
                }
            }
            j += 1;
        }
        i += 1;
    }
    true
}

/// Write a long table's header in row 1 and plan its rows' heights from each row's
/// count of wrapped lines (the header must be written before its height is fitted).
pub fn start_long_table(
    sheet: &mut Worksheet,
    columns: &[Column],
    formats: &Formats,
    lines: impl IntoIterator<Item = usize>,
) -> Result<RowHeights, XlsxError> {
    start_table(sheet, 0, columns, formats)?;
    RowHeights::plan(sheet, 0, columns, lines)
}

/// Write the header row at `row` and set the widths.
pub fn start_table(
    sheet: &mut Worksheet,
    row: u32,
    columns: &[Column],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (i, column) in columns.iter().enumerate() {
        sheet.set_column_width(i as u16, column.width)?;
        // Cells written without a format take their column's: one format lookup per
        // column instead of one per cell.
        let format = match column.holds {
            Holds::Text => &formats.text,
            Holds::Number => &formats.number,
            Holds::Decimal => &formats.decimal,
            Holds::Date => &formats.date,
        };
        sheet.set_column_format(i as u16, format)?;
        sheet.write_string_with_format(row, i as u16, column.heading, &formats.header)?;
    }
    let headings: Vec<(&str, f64)> = columns.iter().map(|c| (c.heading, c.width)).collect();
    fit_row(sheet, row, &headings)?;
    Ok(())
}

/// Freeze the header and put a filter over `rows` data rows below it.
pub fn finish_table(
    sheet: &mut Worksheet,
    header_row: u32,
    rows: u32,
    columns: u16,
) -> Result<(), XlsxError> {
    sheet.set_freeze_panes(header_row + 1, 0)?;
    sheet.autofilter(
        header_row,
        0,
        header_row + rows.max(1),
        columns.saturating_sub(1),
    )?;
    Ok(())
}

/// Print on A4 landscape, one page wide, repeating the header row on every page.
pub fn page_setup(sheet: &mut Worksheet, header_row: Option<u32>) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(A4);
    sheet.set_print_fit_to_pages(1, 0);
    if let Some(row) = header_row {
        sheet.set_repeat_rows(row, row)?;
    }
    Ok(())
}

/// Print a wide table on A3 landscape, two pages wide, repeating the header row and
/// the first `key_columns` columns (ID, title) on every page.
pub fn wide_page_setup(
    sheet: &mut Worksheet,
    header_row: u32,
    key_columns: u16,
) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(A3);
    sheet.set_print_fit_to_pages(2, 0);
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_repeat_columns(0, key_columns.saturating_sub(1))?;
    Ok(())
}

const A4: u8 = 9;
const A3: u8 = 8;

/// Lines a text needs in a wrapped column `width` characters wide. Office suites fit
/// more characters to a line than the width's count of zeros, but break lines between
/// words, and a word longer than a line (a file's path) goes over as many lines as it
/// fills: the larger of the lines by its characters and by its words.
pub fn lines_needed(text: &str, width: f64) -> usize {
    let per_line = (width * 1.1).max(1.0) as usize;
    let word_line = (width * 1.15).max(1.0) as usize;
    text.split('\n')
        .map(|line| {
            // A line that fits, the commonest case, is one line.
            if line.len() <= per_line {
                return 1;
            }
            let by_characters = line.chars().count().div_ceil(per_line);
            by_characters.max(lines_by_words(line, word_line))
        })
        .sum()
}

/// Lines a line of text takes wrapped between words at `per_line` characters, a word
/// longer than a line filling whole lines and ending on the next.
fn lines_by_words(line: &str, per_line: usize) -> usize {
    let (mut lines, mut used) = (1, 0);
    for word in line.split(' ').map(|w| w.chars().count()) {
        if used > 0 && used + 1 + word <= per_line {
            used += 1 + word;
            continue;
        }
        if used > 0 {
            lines += 1;
        }
        lines += word.saturating_sub(1) / per_line;
        used = match word % per_line {
            0 if word > 0 => per_line,
            rest => rest,
        };
    }
    lines
}

/// Lines the tallest of a row's wrapped cells needs, at least one.
pub fn row_lines(cells: &[(&str, f64)]) -> usize {
    cells
        .iter()
        .map(|(text, width)| lines_needed(text, *width))
        .max()
        .unwrap_or(1)
        .clamp(1, MAX_LINES)
}

/// Most lines a row is given room for.
const MAX_LINES: usize = 20;

fn height(lines: usize) -> f64 {
    15.0 * lines as f64
}

/// Give a row the height its longest wrapped cell needs: office suites do not
/// recompute heights of rows written by a library, so wrapped text would overlap.
pub fn fit_row(sheet: &mut Worksheet, row: u32, cells: &[(&str, f64)]) -> Result<(), XlsxError> {
    RowHeights::default().fit(sheet, row, cells)
}

/// Row heights for a long table. A height of its own on every row slows
/// rust_xlsxwriter (each cell written looks its row up among them: about 0.2 s for
/// 240,000 rows), so the commonest height becomes the sheet's default and only the
/// rows that need another get one of their own.
#[derive(Debug, Clone, Copy)]
pub struct RowHeights {
    default_lines: usize,
}

impl Default for RowHeights {
    /// The sheet's own default: one line.
    fn default() -> RowHeights {
        RowHeights { default_lines: 1 }
    }
}

impl RowHeights {
    /// Make the commonest of the data rows' `lines` the sheet's default row height,
    /// and keep the header row (written by `start_table`) at its own height.
    ///
    /// # Errors
    /// As rust_xlsxwriter reports for a row beyond the sheet.
    pub fn plan(
        sheet: &mut Worksheet,
        header_row: u32,
        columns: &[Column],
        lines: impl IntoIterator<Item = usize>,
    ) -> Result<RowHeights, XlsxError> {
        let mut counts = [0usize; MAX_LINES + 1];
        for lines in lines {
            counts[lines.clamp(1, MAX_LINES)] += 1;
        }
        // The fewest lines among the commonest.
        let default_lines = (1..=MAX_LINES)
            .max_by_key(|&lines| (counts[lines], std::cmp::Reverse(lines)))
            .unwrap_or(1);
        let heights = RowHeights { default_lines };
        if default_lines > 1 {
            sheet.set_default_row_height(height(default_lines));
            let headings: Vec<(&str, f64)> = columns.iter().map(|c| (c.heading, c.width)).collect();
            heights.fit(sheet, header_row, &headings)?;
        }
        Ok(heights)
    }

    /// Give a row the height its longest wrapped cell needs, where that is not the
    /// sheet's default.
    ///
    /// # Errors
    /// As rust_xlsxwriter reports for a row beyond the sheet.
    pub fn fit(
        &self,
        sheet: &mut Worksheet,
        row: u32,
        cells: &[(&str, f64)],
    ) -> Result<(), XlsxError> {
        self.fit_lines(sheet, row, row_lines(cells))
    }

    /// Give a row the height of `lines` (from [`row_lines`], worked out once for
    /// [`RowHeights::plan`] and the row alike), where that is not the sheet's default.
    ///
    /// # Errors
    /// As rust_xlsxwriter reports for a row beyond the sheet.
    pub fn fit_lines(
        &self,
        sheet: &mut Worksheet,
        row: u32,
        lines: usize,
    ) -> Result<(), XlsxError> {
        if lines != self.default_lines {
            sheet.set_row_height(row, height(lines))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Column, headings_fit};

    #[test]
    fn lines_are_counted_as_text_wraps_between_words() {
        use super::lines_needed;
        // 10 wide holds 11 characters a line by their count, 11 between words.
        assert_eq!(lines_needed("Short", 10.0), 1);
        assert_eq!(lines_needed("", 10.0), 1);
        assert_eq!(lines_needed("aaaaa bbbbb ccccc dddd", 10.0), 2);
        assert_eq!(lines_needed("aaaaaaa bbbbbbb ccccccc", 10.0), 3);
        // A path longer than a line fills lines of its own after the words before it,
        // though its characters alone would take two lines of 24 wide.
        assert_eq!(
            lines_needed("(whole file) /tmp/demo/samples/definitions.xlsx", 24.0),
            3
        );
        assert_eq!(lines_needed("one\ntwo three four five six", 10.0), 4);
        // A corporate row's provenance, as LibreOffice wraps it in a Source column 55
        // wide (its first part over one line, the arrow alone on the next, the path
        // broken over two).
        assert_eq!(
            lines_needed(
                "demo-output/directorates/economy-and-environment.xlsx › All risks!9 ← \
                 demo-output/samples/returns/economy-and-environment/planning.csv › planning!3",
                55.0
            ),
            4
        );
    }

    #[test]
    fn a_heading_fits_where_its_longest_word_does() {
        // "Denominator" broke as "Denominato r" in a column 12 wide; it fits in 12.5.
        assert!(!headings_fit(&[Column::number("Denominator", 12.0)]));
        assert!(headings_fit(&[Column::number("Denominator", 12.5)]));
        // Words wrap onto lines of their own, and a line may break after a hyphen.
        assert!(headings_fit(&[Column::number("Due but missing", 9.0)]));
        assert!(headings_fit(&[Column::number("Spot-checked", 9.0)]));
        assert!(!headings_fit(&[
            Column::new("Title", 40.0),
            Column::number("Mismatches", 10.0)
        ]));
    }
}
