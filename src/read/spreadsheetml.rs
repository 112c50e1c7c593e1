//! Excel 2003 XML spreadsheets ("XML Spreadsheet 2003", SpreadsheetML): one XML file of
//! worksheets, which older risk and performance systems, and many reporting tools,
//! save under an .xls name ("Export to Excel"). Excel opens it as a workbook; so does
//! this, with each sheet's hidden rows and columns, merged cells, and the cells its
//! styles fill in a status colour or strike through.

use super::grid::{EXCEL_COLUMNS, EXCEL_ROWS, Grid, Merge, Value};
use super::hidden::Hidden;
use super::open::{Format, Opened, Unreadable};
use super::shade::{CellStyle, MOST_MARKS_PER_SHEET, Mark, Shade, mark_of};
use crate::schema::framework::Limits;
use chrono::NaiveDateTime;
use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::path::Path;

/// Whether a file's opening is an XML spreadsheet: an XML declaration, then Excel's
/// spreadsheet namespace or its processing instruction.
pub fn is_spreadsheetml(opening: &[u8]) -> bool {
    let text = String::from_utf8_lossy(opening);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with("<?xml")
        && (text.contains("urn:schemas-microsoft-com:office:spreadsheet")
            || text.contains("progid=\"Excel.Sheet\""))
}

/// Whether a file is an XML spreadsheet, by its opening.
pub fn is_spreadsheetml_file(path: &Path) -> bool {
    super::open::opening_of(path).is_ok_and(|opening| is_spreadsheetml(&opening))
}

/// Read every worksheet of an XML spreadsheet.
pub fn open_spreadsheetml(path: &Path, limits: &Limits) -> Result<Opened, Unreadable> {
    let bytes =
        std::fs::read(path).map_err(|e| Unreadable(format!("the file cannot be opened: {e}")))?;
    let text = super::csv::decode(&bytes);
    let mut reader = Reader::from_str(&text);
    // A tag closed by another name is passed over, as Excel passes it over.
    reader.config_mut().check_end_names = false;
    let mut parse = Parse {
        max_cells: limits.max_cells_per_sheet,
        ..Parse::default()
    };
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => {
                if let Some(sheet) = &parse.sheet {
                    return Err(Unreadable(format!(
                        "the XML spreadsheet ends part way through sheet '{}', as a file cut short does: export or save it again",
                        sheet.name
                    )));
                }
                break;
            }
            Ok(Event::Start(tag)) => parse.start(&tag),
            Ok(Event::Empty(tag)) => {
                parse.start(&tag);
                parse.end(tag.local_name().as_ref());
            }
            Ok(Event::End(tag)) => parse.end(tag.local_name().as_ref()),
            Ok(Event::Text(text)) => parse.text(&text.xml10_content()),
            Ok(Event::CData(text)) => parse.text(&text),
            Ok(Event::GeneralRef(reference)) => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    parse.text(c.encode_utf8(&mut [0; 4]));
                } else if let Some(entity) = resolve_predefined_entity(&reference) {
                    parse.text(entity);
                }
            }
            Ok(_) => {}
            Err(e) => {
                return Err(Unreadable(format!(
                    "the XML spreadsheet is damaged near byte {} ({e})",
                    reader.buffer_position()
                )));
            }
        }
    }
    let mut hidden = HashMap::new();
    let mut sheets = Vec::new();
    let mut refused = Vec::new();
    for sheet in parse.sheets {
        if sheet.over {
            refused.push(super::open::over_limit(&sheet.name, limits));
            continue;
        }
        let mut grid =
            Grid::from_cells(sheet.name.clone(), sheet.visible, sheet.cells, sheet.merges);
        let mut marks: Vec<(u32, u32, Mark)> = sheet
            .styled
            .into_iter()
            .filter_map(|(row, column, style)| {
                let mark = mark_of(&style, &parse.styles);
                mark.is_some().then_some((row, column, mark))
            })
            .take(MOST_MARKS_PER_SHEET)
            .collect();
        marks.sort_by_key(|(row, column, _)| (*row, *column));
        marks.dedup_by_key(|(row, column, _)| (*row, *column));
        grid.marks = marks;
        hidden.insert(sheet.name, ranges(sheet.hidden_rows, sheet.hidden_columns));
        sheets.push(grid);
    }
    Ok(Opened {
        format: Format::SpreadsheetMl,
        sheets,
        refused,
        manual_calculation: parse.manual_calculation,
        hidden,
    })
}

/// A worksheet as it is read.
#[derive(Debug, Default)]
struct Sheet {
    name: String,
    visible: bool,
    cells: Vec<(u32, u32, Value)>,
    merges: Vec<Merge>,
    /// Cells with a style of their own: (row, column, style id).
    styled: Vec<(u32, u32, String)>,
    hidden_rows: Vec<(u32, u32)>,
    hidden_columns: Vec<(u32, u32)>,
    /// More cells than the limit.
    over: bool,
}

/// A cell as it is read: where it is, its formula, and its value's type and text.
#[derive(Debug, Default)]
struct Cell {
    row: u32,
    column: u32,
    formula: Option<String>,
    kind: Option<String>,
    text: String,
}

/// Where the reading is, and what it has read.
#[derive(Default)]
struct Parse {
    /// `limits.max_cells_per_sheet`.
    max_cells: u64,
    styles: HashMap<String, CellStyle>,
    /// The style whose tags are being read.
    style: Option<String>,
    sheets: Vec<Sheet>,
    sheet: Option<Sheet>,
    /// The next row, and the next column of the row or of the columns' list.
    row: u32,
    column: u32,
    /// How many rows past its first the row being read stands for (`ss:Span`).
    row_span: u32,
    cell: Option<Cell>,
    /// In a cell's value (not in its comment), in the sheet's `Visible` option, in
    /// the workbook's `Calculation`.
    in_data: bool,
    in_comment: bool,
    in_visible: bool,
    in_calculation: bool,
    manual_calculation: bool,
}

impl Parse {
    fn start(&mut self, tag: &BytesStart) {
        match tag.local_name().as_ref() {
            "Style" => {
                self.style = attribute(tag, "ID");
                if let Some(id) = &self.style {
                    self.styles.insert(
                        id.clone(),
                        CellStyle {
                            parent: attribute(tag, "Parent"),
                            ..CellStyle::default()
                        },
                    );
                }
            }
            "Interior" => {
                if let Some(style) = self.style.as_ref().and_then(|id| self.styles.get_mut(id)) {
                    let pattern = attribute(tag, "Pattern");
                    style.fill = Some(match attribute(tag, "Color") {
                        Some(colour) if pattern.as_deref() != Some("None") => {
                            Shade::of_colour(&colour)
                        }
                        _ => None,
                    });
                }
            }
            "Font" if self.cell.is_none() => {
                if let Some(style) = self.style.as_ref().and_then(|id| self.styles.get_mut(id))
                    && let Some(through) = attribute(tag, "StrikeThrough")
                {
                    style.struck = Some(through == "1");
                }
            }
            "Worksheet" => {
                self.sheet = Some(Sheet {
                    name: attribute(tag, "Name")
                        .unwrap_or_else(|| format!("Sheet{}", self.sheets.len() + 1)),
                    visible: true,
                    ..Sheet::default()
                });
                self.row = 0;
                self.column = 0;
            }
            "Table" => {
                self.row = 0;
                self.column = 0;
            }
            "Column" => {
                let Some(sheet) = self.sheet.as_mut() else {
                    return;
                };
                let (_, last) = placed(tag, self.column, EXCEL_COLUMNS, &mut sheet.hidden_columns);
                self.column = last.saturating_add(1);
            }
            "Row" => {
                let Some(sheet) = self.sheet.as_mut() else {
                    return;
                };
                let (first, last) = placed(tag, self.row, EXCEL_ROWS, &mut sheet.hidden_rows);
                // The row's cells are on its first row; the next row follows its span.
                self.cell = None;
                self.column = 0;
                self.row = first;
                self.row_span = last.saturating_sub(first);
            }
            "Cell" => {
                if let Some(index) = index(tag) {
                    self.column = index;
                }
                let (row, column) = (self.row, self.column);
                let across = number(tag, "MergeAcross").unwrap_or(0);
                let down = number(tag, "MergeDown").unwrap_or(0);
                self.column = column.saturating_add(across).saturating_add(1);
                if row >= EXCEL_ROWS || column >= EXCEL_COLUMNS {
                    return;
                }
                let Some(sheet) = self.sheet.as_mut() else {
                    return;
                };
                if across > 0 || down > 0 {
                    sheet.merges.push(Merge {
                        start: (row, column),
                        end: (
                            row.saturating_add(down).min(EXCEL_ROWS - 1),
                            column.saturating_add(across).min(EXCEL_COLUMNS - 1),
                        ),
                    });
                }
                if let Some(style) = attribute(tag, "StyleID")
                    && sheet.styled.len() < MOST_MARKS_PER_SHEET
                {
                    sheet.styled.push((row, column, style));
                }
                self.cell = Some(Cell {
                    row,
                    column,
                    formula: attribute(tag, "Formula").map(|f| a1_of_r1c1(&f, row, column)),
                    ..Cell::default()
                });
            }
            "Comment" => self.in_comment = true,
            "Data" if !self.in_comment => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.kind = Some(attribute(tag, "Type").unwrap_or_default());
                    self.in_data = true;
                }
            }
            "Visible" => self.in_visible = self.sheet.is_some(),
            "Calculation" => self.in_calculation = true,
            _ => {}
        }
    }

    fn end(&mut self, local: &str) {
        match local {
            "Style" => self.style = None,
            "Data" if !self.in_comment => self.in_data = false,
            "Comment" => self.in_comment = false,
            "Visible" => self.in_visible = false,
            "Calculation" => self.in_calculation = false,
            "Cell" => self.file_cell(),
            "Row" => self.row = self.row.saturating_add(self.row_span).saturating_add(1),
            "Worksheet" => {
                if let Some(sheet) = self.sheet.take() {
                    self.sheets.push(sheet);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_data
            && let Some(cell) = self.cell.as_mut()
        {
            cell.text.push_str(text);
        } else if self.in_visible {
            if matches!(text.trim(), "SheetHidden" | "SheetVeryHidden")
                && let Some(sheet) = self.sheet.as_mut()
            {
                sheet.visible = false;
            }
        } else if self.in_calculation && text.trim() == "ManualCalculation" {
            self.manual_calculation = true;
        }
    }

    /// The cell just read, its value as its type says, on its sheet.
    fn file_cell(&mut self) {
        self.in_data = false;
        let (Some(cell), Some(sheet)) = (self.cell.take(), self.sheet.as_mut()) else {
            return;
        };
        let value = match cell.kind.as_deref() {
            None => match cell.formula {
                Some(formula) => {
                    Value::Uncalculated(formula.strip_prefix('=').unwrap_or(&formula).to_string())
                }
                None => return,
            },
            Some("Number") => cell
                .text
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map_or_else(|| Value::from_text(cell.text.clone()), Value::Number),
            Some("DateTime") => {
                NaiveDateTime::parse_from_str(cell.text.trim(), "%Y-%m-%dT%H:%M:%S%.f")
                    .map_or_else(|_| Value::from_text(cell.text.clone()), Value::DateTime)
            }
            Some("Boolean") => match cell.text.trim() {
                "1" | "true" | "TRUE" => Value::Bool(true),
                "0" | "false" | "FALSE" => Value::Bool(false),
                _ => Value::from_text(cell.text),
            },
            Some("Error") => Value::Error(cell.text.trim().to_string()),
            Some(_) => Value::from_text(cell.text),
        };
        if value.is_blank() && !matches!(value, Value::Uncalculated(_)) {
            return;
        }
        if sheet.cells.len() as u64 >= self.max_cells {
            sheet.over = true;
            return;
        }
        sheet.cells.push((cell.row, cell.column, value));
    }
}

/// A formula as Excel shows it, its references in A1 style ("=D7*E7"): the file
/// writes them R1C1 style, relative to the cell (`=RC[-2]*RC[-1]`) or not (`R7C4`).
/// Text in quotes is left as it is, and so is a reference that falls off the sheet.
fn a1_of_r1c1(formula: &str, row: u32, column: u32) -> String {
    let chars: Vec<char> = formula.chars().collect();
    let mut a1 = String::with_capacity(formula.len());
    let mut quoted = false;
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        let starts_name = at == 0 || !is_name_char(chars[at - 1]);
        if c == '"' {
            quoted = !quoted;
        } else if !quoted
            && c == 'R'
            && starts_name
            && let Some((reference, end)) = reference_at(&chars, at, row, column)
        {
            a1.push_str(&reference);
            at = end;
            continue;
        }
        a1.push(c);
        at += 1;
    }
    a1
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.')
}

/// The R1C1 reference beginning at `at` (on its `R`), in A1 style, and where it ends.
fn reference_at(chars: &[char], at: usize, row: u32, column: u32) -> Option<(String, usize)> {
    let (row, after_row) = part(chars, at + 1, row, EXCEL_ROWS)?;
    if chars.get(after_row) != Some(&'C') {
        return None;
    }
    let (column, end) = part(chars, after_row + 1, column, EXCEL_COLUMNS)?;
    if chars.get(end).is_some_and(|&c| is_name_char(c) || c == '(') {
        return None;
    }
    let dollar = |(_, absolute): (u32, bool)| if absolute { "$" } else { "" };
    Some((
        format!(
            "{}{}{}{}",
            dollar(column),
            crate::finding::column_letters(column.0),
            dollar(row),
            row.0 + 1
        ),
        end,
    ))
}

/// A row's or column's part of an R1C1 reference from `at`: `[-2]` an offset from
/// `base`, `7` the seventh (absolute), nothing `base` itself. The 0-based position,
/// whether it is absolute, and where the part ends.
fn part(chars: &[char], at: usize, base: u32, count: u32) -> Option<((u32, bool), usize)> {
    let digits = |from: usize| {
        let end = (from..chars.len())
            .find(|&i| !chars[i].is_ascii_digit())
            .unwrap_or(chars.len());
        (chars[from..end].iter().collect::<String>(), end)
    };
    let (position, absolute, end) = match chars.get(at) {
        Some('[') => {
            let negative = chars.get(at + 1) == Some(&'-');
            let (number, end) = digits(at + 1 + usize::from(negative));
            if chars.get(end) != Some(&']') {
                return None;
            }
            let offset: i64 = number.parse().ok()?;
            let offset = if negative { -offset } else { offset };
            (i64::from(base) + offset, false, end + 1)
        }
        Some(c) if c.is_ascii_digit() => {
            let (number, end) = digits(at);
            (number.parse::<i64>().ok()? - 1, true, end)
        }
        _ => (i64::from(base), false, at),
    };
    let position = u32::try_from(position).ok().filter(|&p| p < count)?;
    Some(((position, absolute), end))
}

/// An attribute's value by its local name (`ss:Name`, or `Name`), unescaped.
fn attribute(tag: &BytesStart, local: &str) -> Option<String> {
    tag.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(|value| value.into_owned())
}

/// A whole number attribute (a span, a merge).
fn number(tag: &BytesStart, local: &str) -> Option<u32> {
    attribute(tag, local)?.trim().parse().ok()
}

/// A row's or cell's `ss:Index`, counted from 1, as a 0-based position.
fn index(tag: &BytesStart) -> Option<u32> {
    number(tag, "Index")?.checked_sub(1)
}

/// Where a row or column is (its `ss:Index`, else `next`) and the last it stands for
/// (`ss:Span` more), of Excel's `count`; a hidden one's range is added to `hidden`.
fn placed(tag: &BytesStart, next: u32, count: u32, hidden: &mut Vec<(u32, u32)>) -> (u32, u32) {
    let first = index(tag).unwrap_or(next);
    let last = first
        .saturating_add(number(tag, "Span").unwrap_or(0))
        .min(count - 1);
    if attribute(tag, "Hidden").as_deref() == Some("1") && first <= last {
        hidden.push((first, last));
    }
    (first, last)
}

/// Hidden rows and columns as the ranges, in order, that `Hidden` looks through.
fn ranges(rows: Vec<(u32, u32)>, columns: Vec<(u32, u32)>) -> Hidden {
    Hidden {
        rows: joined(rows),
        columns: joined(columns),
    }
}

/// Ranges in order, those that overlap or touch made one.
fn joined(mut ranges: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    ranges.sort_unstable();
    let mut joined: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for (first, last) in ranges {
        match joined.last_mut() {
            Some(previous) if first <= previous.1.saturating_add(1) => {
                previous.1 = previous.1.max(last);
            }
            _ => joined.push((first, last)),
        }
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::shade::Shade;

    fn opened(xml: &str) -> Opened {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.xls");
        std::fs::write(&path, xml).unwrap();
        let schema = crate::schema::Schema::embedded().unwrap();
        open_spreadsheetml(&path, &schema.framework.limits).unwrap()
    }

    fn workbook(body: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n\
             <Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" \
             xmlns:x=\"urn:schemas-microsoft-com:office:excel\" \
             xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">{body}</Workbook>"
        )
    }

    #[test]
    fn an_xml_spreadsheet_is_told_by_its_namespace() {
        assert!(is_spreadsheetml(workbook("").as_bytes()));
        assert!(is_spreadsheetml(
            b"\xEF\xBB\xBF<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?>"
        ));
        for other in [
            "<?xml version=\"1.0\"?><html><table>",
            "Risk ID,Risk,Owner",
            "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">",
        ] {
            assert!(!is_spreadsheetml(other.as_bytes()), "{other}");
        }
    }

    #[test]
    fn cells_are_where_their_indexes_and_spans_put_them_with_their_types() {
        let opened = opened(&workbook(
            "<Worksheet ss:Name=\"Lists\"><Table><Row><Cell><Data ss:Type=\"String\">Red</Data></Cell></Row></Table>\
             <WorksheetOptions xmlns=\"urn:schemas-microsoft-com:office:excel\"><Visible>SheetHidden</Visible></WorksheetOptions></Worksheet>\
             <Worksheet ss:Name=\"R&amp;D\"><Table>\
             <Column ss:Index=\"2\" ss:Span=\"1\" ss:Hidden=\"1\"/>\
             <Row><Cell ss:MergeAcross=\"2\" ss:MergeDown=\"1\"><Data ss:Type=\"String\">Title</Data></Cell>\
             <Cell><ss:Data ss:Type=\"String\" xmlns=\"http://www.w3.org/TR/REC-html40\"><B>Cyber</B> attack&#10;on systems</ss:Data>\
             <Comment><ss:Data><B>Note:</B> check</ss:Data></Comment></Cell></Row>\
             <Row ss:Index=\"4\" ss:Hidden=\"1\" ss:Span=\"1\"><Cell ss:Index=\"3\"><Data ss:Type=\"Number\">12.5</Data></Cell>\
             <Cell><Data ss:Type=\"DateTime\">2026-10-20T00:00:00.000</Data></Cell>\
             <Cell><Data ss:Type=\"Boolean\">1</Data></Cell><Cell><Data ss:Type=\"Error\">#DIV/0!</Data></Cell>\
             <Cell ss:Formula=\"=RC[-6]*R1C2\"/><Cell ss:Formula=\"=RC[-1]\"><Data ss:Type=\"String\"></Data></Cell></Row>\
             <Row><Cell><Data ss:Type=\"Number\">7</Data></Cell></Row>\
             </Table></Worksheet>",
        ));
        let [lists, register] = &opened.sheets[..] else {
            panic!("{:?}", opened.sheets)
        };
        assert_eq!((lists.name.as_str(), lists.visible), ("Lists", false));
        assert_eq!((register.name.as_str(), register.visible), ("R&D", true));
        let cells: Vec<(u32, u32, Value)> = register
            .rows
            .iter()
            .flat_map(|row| row.cells.iter().map(|(c, v)| (row.index, *c, v.clone())))
            .collect();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 10, 20)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert_eq!(
            cells,
            [
                (0, 0, Value::Text("Title".into())),
                (0, 3, Value::Text("Cyber attack\non systems".into())),
                (3, 2, Value::Number(12.5)),
                (3, 3, Value::DateTime(date)),
                (3, 4, Value::Bool(true)),
                (3, 5, Value::Error("#DIV/0!".into())),
                (3, 6, Value::Uncalculated("A4*$B$1".into())),
                // The row after a row spanning two.
                (5, 0, Value::Number(7.0)),
            ]
        );
        assert_eq!(
            register.merges,
            [Merge {
                start: (0, 0),
                end: (1, 2)
            }]
        );
        let hidden = &opened.hidden["R&D"];
        assert_eq!(
            (hidden.rows.clone(), hidden.columns.clone()),
            (vec![(3, 4)], vec![(1, 2)])
        );
    }

    #[test]
    fn a_styles_fill_and_line_through_mark_its_cells_through_its_parent() {
        let opened = opened(&workbook(
            "<Styles><Style ss:ID=\"Default\" ss:Name=\"Normal\"><Interior/></Style>\
             <Style ss:ID=\"red\"><Interior ss:Color=\"#FF0000\" ss:Pattern=\"Solid\"/></Style>\
             <Style ss:ID=\"struck\" ss:Parent=\"red\"><Font ss:StrikeThrough=\"1\"/></Style>\
             <Style ss:ID=\"none\"><Interior ss:Color=\"#FF0000\" ss:Pattern=\"None\"/></Style></Styles>\
             <Worksheet ss:Name=\"Risks\"><Table><Row>\
             <Cell ss:StyleID=\"red\"/><Cell ss:StyleID=\"struck\"><Data ss:Type=\"String\">Old</Data></Cell>\
             <Cell ss:StyleID=\"none\"><Data ss:Type=\"String\">Blank</Data></Cell>\
             <Cell ss:StyleID=\"Default\"><Data ss:Type=\"String\">Plain</Data></Cell>\
             </Row></Table></Worksheet>",
        ));
        let grid = &opened.sheets[0];
        let red = Some(Shade::of_rgb(255, 0, 0).unwrap());
        assert_eq!(grid.mark(0, 0).shade, red);
        assert_eq!((grid.mark(0, 1).shade, grid.mark(0, 1).struck), (red, true));
        assert!(!grid.mark(0, 2).is_some());
        assert!(!grid.mark(0, 3).is_some());
    }

    #[test]
    fn a_file_cut_short_is_unreadable_and_other_xml_is_not_a_spreadsheet() {
        let dir = tempfile::tempdir().unwrap();
        let schema = crate::schema::Schema::embedded().unwrap();
        let cut = dir.path().join("cut.xml");
        std::fs::write(
            &cut,
            workbook("<Worksheet ss:Name=\"Risks\"><Table><Row><Cell><Data ss:Type=\"String\">CR")
                .trim_end_matches("</Workbook>"),
        )
        .unwrap();
        assert!(is_spreadsheetml_file(&cut));
        assert_eq!(
            open_spreadsheetml(&cut, &schema.framework.limits)
                .unwrap_err()
                .0,
            "the XML spreadsheet ends part way through sheet 'Risks', as a file cut short does: export or save it again"
        );
        let other = dir.path().join("config.xml");
        std::fs::write(&other, "<?xml version=\"1.0\"?><configuration/>").unwrap();
        assert!(!is_spreadsheetml_file(&other));
        assert!(!is_spreadsheetml_file(&dir.path().join("missing.xml")));
    }

    #[test]
    fn a_workbook_set_to_calculate_by_hand_says_so() {
        let sheet = "<Worksheet ss:Name=\"Risks\"><Table/></Worksheet>";
        let manual =
            |options: &str| opened(&workbook(&format!("{options}{sheet}"))).manual_calculation;
        assert!(manual(
            "<ExcelWorkbook xmlns=\"urn:schemas-microsoft-com:office:excel\">\
             <Calculation>ManualCalculation</Calculation></ExcelWorkbook>"
        ));
        assert!(!manual(
            "<ExcelWorkbook xmlns=\"urn:schemas-microsoft-com:office:excel\">\
             <ProtectStructure>False</ProtectStructure></ExcelWorkbook>"
        ));
    }

    #[test]
    fn r1c1_references_are_written_as_excel_shows_them() {
        for (formula, a1) in [
            ("=RC[-2]*RC[-1]", "=D7*E7"),
            ("=R7C4*R[-1]C[1]", "=$D$7*G6"),
            ("=SUM(R[-3]C:R[-1]C)", "=SUM(F4:F6)"),
            (
                "=IF(RC6>15,\"RC1 High\",ROUND(RC6,0))",
                "=IF($F7>15,\"RC1 High\",ROUND($F7,0))",
            ),
            ("=Risks!RC2&RCX", "=Risks!$B7&RCX"),
            // Off the sheet: left as written.
            ("=R[-9]C", "=R[-9]C"),
        ] {
            assert_eq!(a1_of_r1c1(formula, 6, 5), a1, "{formula}");
        }
    }
}
