//! Web-page "workbooks": a table saved as HTML under an .xls name, as many councils'
//! systems and reporting tools export one ("Export to Excel"), and as Excel itself saves
//! a sheet "as a web page". Excel opens such a file as one sheet of the tables' rows, a
//! cell spanning others (`colspan`, `rowspan`) merged across them; so does this.

use super::grid::{EXCEL_COLUMNS, Grid, Merge, Value};
use super::hidden::Hidden;
use super::open::Unreadable;
use super::shade::{MOST_MARKS_PER_SHEET, Mark, Shade};
use crate::schema::framework::Limits;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};
use std::collections::HashMap;
use std::path::Path;

/// Most columns or rows one cell may span: a span beyond is taken as this, as a page
/// laid out for the screen may say `colspan="100%"` or a span of thousands.
const MOST_SPANNED: u32 = 256;

/// Largest web page read: a page is parsed whole, and takes some 35 times its size in
/// memory (a register of 200,000 rows, 28 MB, took 940 MB).
const MOST_PAGE_BYTES: u64 = 50 * 1_048_576;

/// Whether a file's opening is a web page with a table in it, or a table alone: where
/// its first tag (past a byte-order mark, blanks, an XML declaration as XHTML has, and
/// comments) opens a page or a table.
pub fn is_html(opening: &[u8]) -> bool {
    let text = String::from_utf8_lossy(opening).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let text = match text.strip_prefix("<?xml") {
        Some(declared) => declared
            .split_once("?>")
            .map_or("", |(_, rest)| rest.trim_start()),
        None => text,
    };
    [
        "<!doctype html",
        "<html",
        "<table",
        "<head",
        "<meta",
        "<body",
        "<style",
        "<!--",
    ]
    .iter()
    .any(|tag| text.starts_with(tag))
        && (text.contains("<html") || text.contains("<table") || text.contains("<body"))
}

/// Read a web page as one sheet named after the file, as Excel lays it out: each
/// table row a row, in the order they come, each cell at the column its row's spans
/// leave free, and each line of text outside the tables (a heading, a paragraph) a
/// row of its own, in the first column.
pub fn open_html(path: &Path, limits: &Limits) -> Result<(Grid, Hidden), Unreadable> {
    let unopened = |e: std::io::Error| Unreadable(format!("the file cannot be opened: {e}"));
    let size = std::fs::metadata(path).map_err(unopened)?.len();
    if size > MOST_PAGE_BYTES {
        return Err(Unreadable(format!(
            "the web page is {} MB: a page is read whole, taking some 35 times its size in memory, so one over {} MB is not read; open it in Excel and save it as .xlsx",
            size / 1_048_576,
            MOST_PAGE_BYTES / 1_048_576
        )));
    }
    let bytes = std::fs::read(path).map_err(unopened)?;
    let text = super::csv::decode(&bytes);
    drop(bytes);
    let page = Html::parse_document(&text);
    drop(text);
    let mut sheet = Sheet {
        classes: class_styles(&page),
        most_cells: limits.max_cells_per_sheet,
        ..Sheet::default()
    };
    // The line of text outside the tables being read; how many tables the walk is in,
    // and how many elements whose text is not shown (a script).
    let mut line = String::new();
    let (mut tables, mut passed_over) = (0usize, 0usize);
    for edge in page.root_element().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(tag) if passed_over > 0 || unseen(tag.name()) => passed_over += 1,
                _ if passed_over > 0 => {}
                Node::Element(tag) => match tag.name() {
                    "table" => {
                        sheet.line(&mut line);
                        tables += 1;
                    }
                    "tr" => {
                        if let Some(tr) = ElementRef::wrap(node) {
                            sheet.row(tr);
                        }
                    }
                    name if tables == 0 && breaks(name) => sheet.line(&mut line),
                    _ => {}
                },
                Node::Text(text) if tables == 0 => push_collapsed(&mut line, text),
                _ => {}
            },
            Edge::Close(node) => match node.value() {
                Node::Element(_) if passed_over > 0 => passed_over -= 1,
                Node::Element(tag) if tag.name() == "table" => tables = tables.saturating_sub(1),
                Node::Element(tag) if tables == 0 && breaks(tag.name()) => sheet.line(&mut line),
                _ => {}
            },
        }
    }
    sheet.line(&mut line);
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if sheet.over {
        return Err(Unreadable(format!(
            "the page has more than {} cells in use, over the limit (limits.max_cells_per_sheet in framework.toml); it was not read",
            limits.max_cells_per_sheet
        )));
    }
    let mut grid = Grid::from_cells(name, true, sheet.cells, sheet.merges);
    sheet.marks.sort_by_key(|(row, column, _)| (*row, *column));
    grid.marks = sheet.marks;
    Ok((grid, sheet.hidden))
}

/// The sheet as it is laid out.
#[derive(Default)]
struct Sheet {
    cells: Vec<(u32, u32, Value)>,
    merges: Vec<Merge>,
    /// Cells filled in a status colour or struck through.
    marks: Vec<(u32, u32, Mark)>,
    /// The page's style rules for a class of cells (`.xl65 {background:red}`), by class.
    classes: HashMap<String, String>,
    /// Rows not shown (`display:none`).
    hidden: Hidden,
    /// `limits.max_cells_per_sheet`, and whether the page has more.
    most_cells: u64,
    over: bool,
    /// The next row.
    row: u32,
    /// For each column, the first row a cell spanning rows above leaves free.
    free_from: Vec<u32>,
}

impl Sheet {
    /// Whether another cell may be kept, under the limit of cells.
    fn room(&mut self) -> bool {
        self.over |= self.cells.len() as u64 >= self.most_cells;
        !self.over
    }

    /// An element's style: its class's rules first, then its own, which come after and
    /// so count.
    fn style_of(&self, element: ElementRef) -> String {
        let mut style: String = element
            .value()
            .classes()
            .filter_map(|class| self.classes.get(class))
            .map(|rules| format!("{rules};"))
            .collect();
        style.push_str(element.value().attr("style").unwrap_or_default());
        style
    }

    /// A line of text outside the tables, on a row of its own when it shows anything.
    fn line(&mut self, line: &mut String) {
        let text = std::mem::take(line);
        if !text.trim().is_empty() && self.room() {
            self.cells
                .push((self.row, 0, Value::from_text(text.trim().to_string())));
            self.row += 1;
        }
    }

    /// A table row's cells, each at the column the spans above and before it leave.
    fn row(&mut self, tr: ElementRef) {
        let row = self.row;
        self.row += 1;
        // Hidden as Excel hides a row when it saves one as a web page.
        if declared(&self.style_of(tr), &["display"])
            .is_some_and(|d| d.eq_ignore_ascii_case("none"))
        {
            self.hidden.hide_rows(row, row);
        }
        let mut column: u32 = 0;
        for cell in tr
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|e| matches!(e.value().name(), "td" | "th"))
        {
            while self
                .free_from
                .get(column as usize)
                .is_some_and(|&free| free > row)
            {
                column += 1;
            }
            if column >= EXCEL_COLUMNS {
                break;
            }
            let span = |name: &str| {
                cell.value()
                    .attr(name)
                    .and_then(|n| n.trim().parse::<u32>().ok())
                    .unwrap_or(1)
                    .clamp(1, MOST_SPANNED)
            };
            let across = span("colspan").min(EXCEL_COLUMNS - column);
            let down = span("rowspan");
            let text = cell_text(cell);
            if !text.trim().is_empty() && self.room() {
                let value = excel_number(cell, &text).unwrap_or_else(|| Value::from_text(text));
                self.cells.push((row, column, value));
            }
            let mark = mark_of(cell, &self.style_of(cell));
            if mark.is_some() && self.marks.len() < MOST_MARKS_PER_SHEET {
                self.marks.push((row, column, mark));
            }
            if across > 1 || down > 1 {
                self.merges.push(Merge {
                    start: (row, column),
                    end: (row + down - 1, column + across - 1),
                });
            }
            let end = (column + across) as usize;
            if self.free_from.len() < end {
                self.free_from.resize(end, 0);
            }
            self.free_from[column as usize..end].fill(row + down);
            column += across;
        }
    }
}

/// The number Excel keeps beside a figure it shows rounded or formatted, when it saves
/// a sheet as a web page (`<td x:num="0.8537">85%</td>`): the figure itself, as a
/// workbook holds it. A date keeps the words it shows (its number is a day count).
fn excel_number(cell: ElementRef, shown: &str) -> Option<Value> {
    let number: f64 = cell.value().attr("x:num")?.trim().parse().ok()?;
    let bare: String = shown
        .chars()
        .filter(|c| {
            !matches!(c, '£' | '$' | '€' | '%' | ',' | '(' | ')' | '+' | '-') && !c.is_whitespace()
        })
        .collect();
    (number.is_finite() && bare.parse::<f64>().is_ok()).then_some(Value::Number(number))
}

/// Text as a browser shows it, added to a line: a run of spaces and line breaks in
/// the source is one space (a non-breaking space is a space an officer sees).
fn push_collapsed(line: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !line.ends_with(' ') && !line.is_empty() {
                line.push(' ');
            }
        } else {
            line.push(c);
        }
    }
}

/// A cell's text as a browser shows it: runs of spaces and line breaks in the source
/// are one space, `<br>` and the end of a paragraph or list item are a line break, and
/// a table inside the cell (a page laid out in tables) is its own rows, not the cell's.
fn cell_text(cell: ElementRef) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    // Open elements whose text is not the cell's (a table inside it, a script): the
    // walk is a loop, not a recursion, so no depth of tags overflows the stack.
    let mut passed_over = 0usize;
    for edge in cell.traverse().skip(1) {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(tag)
                    if passed_over > 0 || tag.name() == "table" || unseen(tag.name()) =>
                {
                    passed_over += 1;
                }
                _ if passed_over > 0 => {}
                Node::Text(text) => {
                    push_collapsed(lines.last_mut().expect("one line at least"), text);
                }
                Node::Element(tag) if tag.name() == "br" => lines.push(String::new()),
                // A status shown as a picture (a traffic light) is the words it stands for.
                Node::Element(tag) if tag.name() == "img" => {
                    if let Some(words) = tag.attr("alt").or_else(|| tag.attr("title")) {
                        push_collapsed(lines.last_mut().expect("one line at least"), words);
                    }
                }
                Node::Element(tag)
                    if breaks(tag.name()) && !lines.last().is_some_and(|l| l.trim().is_empty()) =>
                {
                    lines.push(String::new());
                }
                _ => {}
            },
            Edge::Close(node) => match node.value() {
                Node::Element(_) if passed_over > 0 => passed_over -= 1,
                Node::Element(tag) if tag.name() != "br" && breaks(tag.name()) => {
                    lines.push(String::new())
                }
                _ => {}
            },
        }
    }
    let lines: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
    let first = lines.iter().position(|l| !l.is_empty()).unwrap_or(0);
    let last = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |l| l + 1);
    lines[first..last.max(first)].join("\n")
}

/// What a cell's look says: its fill (`bgcolor`, or a background in its `style`, its
/// own and its class's) as a status colour, and whether all its text has a line through
/// it (`<s>`, `<strike>`, `<del>`, or `text-decoration: line-through` on the cell or
/// around the text).
fn mark_of(cell: ElementRef, style: &str) -> Mark {
    let fill = cell
        .value()
        .attr("bgcolor")
        .and_then(Shade::of_colour)
        .or_else(|| {
            declared(style, &["background-color", "background"]).and_then(|value| {
                Shade::of_colour(value)
                    .or_else(|| value.split_whitespace().find_map(Shade::of_colour))
            })
        });
    let struck_by = |element: ElementRef| {
        matches!(element.value().name(), "s" | "strike" | "del")
            || element.value().attr("style").is_some_and(line_through)
    };
    let mut texts = cell
        .descendants()
        .filter(|node| node.value().as_text().is_some_and(|t| !t.trim().is_empty()))
        .peekable();
    let struck = texts.peek().is_some()
        && (line_through(style)
            || texts.all(|text| {
                text.ancestors()
                    .take_while(|node| node.id() != cell.id())
                    .filter_map(ElementRef::wrap)
                    .any(struck_by)
            }));
    Mark {
        shade: fill,
        struck,
    }
}

/// A declaration's value in a style (`background-color: #FF0000; ...`): the last
/// given, as a later one overrides.
fn declared<'a>(style: &'a str, names: &[&str]) -> Option<&'a str> {
    style.split(';').rev().find_map(|declaration| {
        let (name, value) = declaration.split_once(':')?;
        names
            .iter()
            .any(|n| name.trim().eq_ignore_ascii_case(n))
            .then(|| value.trim())
    })
}

/// The rules a page's style sheets give a class of cells, as Excel writes them for
/// "Save as Web Page" (`.xl65 {background:red; mso-pattern:black none;}`), by class:
/// a selector of a class alone, or of a cell's class (`td.status`).
fn class_styles(page: &Html) -> HashMap<String, String> {
    let mut classes: HashMap<String, String> = HashMap::new();
    let sheets = page
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|element| element.value().name() == "style");
    for sheet in sheets {
        let text: String = sheet.text().collect();
        let text = text.replace("<!--", " ").replace("-->", " ");
        for rule in text.split('}') {
            let Some((selectors, declarations)) = rule.split_once('{') else {
                continue;
            };
            for selector in selectors.split(',') {
                let selector = selector.trim();
                let class = ["td.", "th.", "."]
                    .iter()
                    .find_map(|start| selector.strip_prefix(start))
                    .filter(|class| {
                        !class.is_empty()
                            && class
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                    });
                if let Some(class) = class {
                    let rules = classes.entry(class.to_string()).or_default();
                    rules.push_str(declarations);
                    rules.push(';');
                }
            }
        }
    }
    classes
}

fn line_through(style: &str) -> bool {
    declared(style, &["text-decoration", "text-decoration-line"])
        .is_some_and(|value| value.to_ascii_lowercase().contains("line-through"))
}

/// Elements whose text is not shown.
fn unseen(name: &str) -> bool {
    matches!(name, "script" | "style" | "head" | "template")
}

/// Elements that begin and end a line of text.
fn breaks(name: &str) -> bool {
    matches!(
        name,
        "p" | "div" | "li" | "tr" | "br" | "hr" | "pre" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(html: &str) -> Grid {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.xls");
        std::fs::write(&path, html).unwrap();
        let schema = crate::schema::Schema::embedded().unwrap();
        open_html(&path, &schema.framework.limits).unwrap().0
    }

    fn texts(grid: &Grid) -> Vec<(u32, u32, String)> {
        grid.rows
            .iter()
            .flat_map(|row| {
                row.cells
                    .iter()
                    .map(move |(column, value)| (row.index, *column, value.display()))
            })
            .collect()
    }

    #[test]
    fn a_page_is_told_by_its_first_tag() {
        for page in [
            "<html><body><table>",
            "\u{feff}<!DOCTYPE html><html>",
            "  <table border=1><tr><td>1</td></tr></table>",
            "<meta http-equiv=Content-Type content=\"text/html\"><table>",
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0\"><html>",
        ] {
            assert!(is_html(page.as_bytes()), "{page}");
        }
        for other in [
            "Risk ID,Risk,Owner",
            "<?xml version=\"1.0\"?><Workbook>",
            "Notes <table> of contents",
        ] {
            assert!(!is_html(other.as_bytes()), "{other}");
        }
    }

    #[test]
    fn spans_take_their_cells_and_are_merges() {
        let grid = grid(
            "<table>\
             <tr><th rowspan=2>Risk ID</th><th colspan='2'>Current Risk</th><th>Owner</th></tr>\
             <tr><th>L</th><th>I</th><td></td></tr>\
             <tr><td>HR-01</td><td>3</td><td>4</td><td>Head&nbsp;of HR</td></tr>\
             </table>",
        );
        assert_eq!(
            texts(&grid),
            [
                (0, 0, "Risk ID".to_string()),
                (0, 1, "Current Risk".into()),
                (0, 3, "Owner".into()),
                (1, 1, "L".into()),
                (1, 2, "I".into()),
                (2, 0, "HR-01".into()),
                (2, 1, "3".into()),
                (2, 2, "4".into()),
                (2, 3, "Head of HR".into()),
            ]
        );
        assert_eq!(
            grid.merges,
            [
                Merge {
                    start: (0, 0),
                    end: (1, 0)
                },
                Merge {
                    start: (0, 1),
                    end: (0, 2)
                },
            ]
        );
    }

    #[test]
    fn a_cells_text_is_as_a_browser_shows_it() {
        let grid = grid(
            "<html><head><title>Risks</title><style>td {color: red}</style></head><body>\
             <table><tr><td>\n   Backups\n   offsite<br>DR  plan </td>\
             <td><p>First</p><p>Second</p></td><td>&pound;1,200 &amp; more</td></tr></table>\
             </body></html>",
        );
        assert_eq!(
            texts(&grid),
            [
                (0, 0, "Backups offsite\nDR plan".to_string()),
                (0, 1, "First\nSecond".into()),
                (0, 2, "£1,200 & more".into()),
            ]
        );
    }

    #[test]
    fn text_outside_the_tables_is_a_row_a_line_as_excel_lays_it_out() {
        let grid = grid(
            "<html><head><title>Report</title><script>var x = 1;</script></head><body>\
             <h2>Performance Report</h2>Housing<br>Q2 2026/27\
             <table><tr><td>PI Code</td><td>Value</td></tr></table>\
             <p> </p><p>Printed 01/11/2026</p></body></html>",
        );
        assert_eq!(
            texts(&grid),
            [
                (0, 0, "Performance Report".to_string()),
                (1, 0, "Housing".into()),
                (2, 0, "Q2 2026/27".into()),
                (3, 0, "PI Code".into()),
                (3, 1, "Value".into()),
                (4, 0, "Printed 01/11/2026".into()),
            ]
        );
    }

    #[test]
    fn a_cells_fill_and_line_through_mark_it_and_a_pictures_words_are_its_text() {
        let grid = grid(
            "<table><tr>\
             <td bgcolor=\"#FF0000\"></td>\
             <td style=\"color: black; background-color: rgb(255, 192, 0)\">12</td>\
             <td style=\"background: #00B050 none\">4</td>\
             <td style=\"background-color: #DDEBF7\">Heading</td>\
             <td><s>HR-09</s></td>\
             <td><del>Old</del> and new</td>\
             <td style=\"text-decoration: line-through\">Gone</td>\
             <td><img src=\"red.gif\" alt=\"Red\"> <img src=\"up.gif\" title=\"Improving\"></td>\
             </tr></table>",
        );
        let mark = |column| {
            let mark = grid.mark(0, column);
            (mark.shade, mark.struck)
        };
        assert_eq!(mark(0), (Some(Shade::Red), false));
        assert_eq!(mark(1), (Some(Shade::Amber), false));
        assert_eq!(mark(2), (Some(Shade::Green), false));
        // A pale tint decorates; it is no status.
        assert_eq!(mark(3), (None, false));
        assert_eq!(mark(4), (None, true));
        // Only some of the text struck through: the cell is not.
        assert_eq!(mark(5), (None, false));
        assert_eq!(mark(6), (None, true));
        assert_eq!(grid.rows[0].get(7).display(), "Red Improving");
    }

    #[test]
    fn a_class_of_cells_is_filled_as_the_pages_style_sheet_says() {
        // As Excel saves a sheet as a web page: its styles a class each, in a comment.
        let grid = grid(
            "<html><head><style>\n<!--table\n\t{mso-displayed-decimal-separator:\"\\.\";}\n\
             .xl65\n\t{mso-style-parent:style0;\n\tbackground:red;\n\tmso-pattern:black none;}\n\
             td.amber, .xl67 {background-color: #FFC000}\n\
             .plain {color: red}\n--></style></head><body><table><tr>\
             <td class=xl65>16</td><td class=\"wide amber\">9</td><td class=xl67>8</td>\
             <td class=\"xl65\" style=\"background: #00B050\">4</td><td class=plain>2</td>\
             </tr></table></body></html>",
        );
        let shades: Vec<Option<Shade>> = (0..5).map(|column| grid.mark(0, column).shade).collect();
        assert_eq!(
            shades,
            [
                Some(Shade::Red),
                Some(Shade::Amber),
                Some(Shade::Amber),
                // The cell's own style over its class's.
                Some(Shade::Green),
                None
            ]
        );
    }

    #[test]
    fn rows_not_shown_are_hidden_and_a_page_over_the_limit_of_cells_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.xls");
        std::fs::write(
            &path,
            "<style>.gone {display: none}</style><table>\
             <tr><td>Risk ID</td><td>Risk</td></tr>\
             <tr height=0 style='display:none'><td>HR-01</td><td>Payroll</td></tr>\
             <tr class=gone><td>HR-02</td><td>Pensions</td></tr>\
             <tr><td>HR-03</td><td>Recruitment</td></tr>\
             <tr style=\"display: none\"><td>HR-04</td></tr></table>",
        )
        .unwrap();
        let schema = crate::schema::Schema::embedded().unwrap();
        let mut limits = schema.framework.limits.clone();
        let (grid, hidden) = open_html(&path, &limits).unwrap();
        assert_eq!(grid.rows.len(), 5);
        assert_eq!(hidden.rows, [(1, 2), (4, 4)]);
        limits.max_cells_per_sheet = 8;
        assert_eq!(
            open_html(&path, &limits).unwrap_err().0,
            "the page has more than 8 cells in use, over the limit (limits.max_cells_per_sheet in framework.toml); it was not read"
        );
        let file = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        file.set_len(MOST_PAGE_BYTES + 1).unwrap();
        assert_eq!(
            open_html(&path, &limits).unwrap_err().0,
            "the web page is 50 MB: a page is read whole, taking some 35 times its size in memory, so one over 50 MB is not read; open it in Excel and save it as .xlsx"
        );
    }

    #[test]
    fn a_figure_excel_shows_rounded_is_the_number_it_keeps_beside_it() {
        let grid = grid(
            "<table><tr><td x:num=\"3.0833\">3.1</td><td x:num>4</td>\
             <td x:num=\"46315\">20/10/2026</td><td x:num=\"0.62\">62%</td>\
             <td x:num=\"-1200\">(\u{a3}1,200)</td><td x:num=\"2\">2 - Unlikely</td></tr></table>",
        );
        assert_eq!(
            grid.rows[0].cells,
            [
                (0, Value::Number(3.0833)),
                (1, Value::Text("4".into())),
                (2, Value::Text("20/10/2026".into())),
                (3, Value::Number(0.62)),
                (4, Value::Number(-1200.0)),
                (5, Value::Text("2 - Unlikely".into())),
            ]
        );
    }

    #[test]
    fn a_table_laid_inside_another_is_its_own_rows() {
        let grid = grid(
            "<table><tr><td>Corporate risks<table>\
             <tr><td>Risk ID</td><td>Risk</td></tr>\
             <tr><td>CR-01</td><td>Budget</td></tr>\
             </table></td></tr></table>",
        );
        assert_eq!(
            texts(&grid),
            [
                (0, 0, "Corporate risks".to_string()),
                (1, 0, "Risk ID".into()),
                (1, 1, "Risk".into()),
                (2, 0, "CR-01".into()),
                (2, 1, "Budget".into()),
            ]
        );
    }
}
