//! What an OpenDocument spreadsheet says of its tables that calamine does not give for
//! that format: the rows and columns each hides, its merged regions, and the cells
//! filled in a status colour or struck through. Its `content.xml` (and `styles.xml`,
//! for the named cell styles such as "Bad") is looked through once more, tag by tag,
//! no cell read, counting the rows, columns and cells each tag repeats.

use super::grid::Merge;
use super::hidden::{Hidden, attribute, each_tag};
use super::shade::{CellStyle, MOST_MARKS_PER_SHEET, Mark, Shade, mark_of};
use std::collections::HashMap;
use std::io::{Read, Seek};

/// A tag standing for more cells than this (a row filled across to the sheet's last
/// column, a style given to a million rows) marks none of them: it is formatting of
/// the whole sheet, not a status.
const MOST_CELLS_MARKED_BY_ONE_TAG: u64 = 4096;

/// What an .ods file's tables hide, merge and mark, by table name.
#[derive(Debug, Default)]
pub struct OdsLayout {
    /// Rows and columns whose visibility is "collapse" (hidden by hand) or "filter".
    pub hidden: HashMap<String, Hidden>,
    /// Cells spanning others (`table:number-rows-spanned`, `-columns-spanned`).
    pub merges: HashMap<String, Vec<Merge>>,
    /// Cells whose style fills them in a status colour or strikes their text through,
    /// (row, column, mark), in document order.
    pub marks: HashMap<String, Vec<(u32, u32, Mark)>>,
}

/// The cell styles of a part (`styles.xml`, or `content.xml`'s automatic styles), by
/// name, added to `styles`.
fn cell_styles(source: &mut impl Read, styles: &mut HashMap<String, CellStyle>) {
    let mut current: Option<String> = None;
    each_tag(
        source,
        &[b"style", b"table-cell-properties", b"text-properties"],
        |local, tag| match local {
            b"style" => {
                current = (attribute(tag, "style:family").as_deref() == Some("table-cell"))
                    .then(|| attribute(tag, "style:name"))
                    .flatten();
                if let Some(name) = &current {
                    styles.insert(
                        name.clone(),
                        CellStyle {
                            parent: attribute(tag, "style:parent-style-name"),
                            ..CellStyle::default()
                        },
                    );
                }
            }
            b"table-cell-properties" => {
                if let Some(style) = current.as_ref().and_then(|name| styles.get_mut(name))
                    && let Some(colour) = attribute(tag, "fo:background-color")
                {
                    style.fill = Some(Shade::of_colour(&colour));
                }
            }
            _ => {
                if let Some(style) = current.as_ref().and_then(|name| styles.get_mut(name))
                    && let Some(line) = attribute(tag, "style:text-line-through-style")
                {
                    style.struck = Some(line != "none");
                }
            }
        },
    );
}

/// Read an .ods file's layout: its tables' hidden rows and columns, merges and marks.
pub fn ods_layout<R: Read + Seek>(archive: &mut zip::ZipArchive<R>) -> OdsLayout {
    let mut found = OdsLayout::default();
    let mut styles: HashMap<String, CellStyle> = HashMap::new();
    if let Ok(mut part) = archive.by_name("styles.xml") {
        cell_styles(&mut part, &mut styles);
    }
    if let Ok(mut part) = archive.by_name("content.xml") {
        cell_styles(&mut part, &mut styles);
    }
    // Only the styles that mark anything need be looked up for each cell.
    let marking: HashMap<String, Mark> = styles
        .keys()
        .map(|name| (name.clone(), mark_of(name, &styles)))
        .filter(|(_, mark)| mark.is_some())
        .collect();
    let Ok(mut content) = archive.by_name("content.xml") else {
        return found;
    };
    let mut table: Option<String> = None;
    // The next row, column definition and cell of the row; the rows the current row
    // tag stands for; each column's default cell style, (first, last, style).
    let (mut row, mut column, mut cell) = (0u32, 0u32, 0u32);
    let mut row_repeat = 1u32;
    let mut column_styles: Vec<(u32, u32, String)> = Vec::new();
    let mut row_style: Option<String> = None;
    each_tag(
        &mut content,
        &[
            b"table",
            b"table-row",
            b"table-column",
            b"table-cell",
            b"covered-table-cell",
        ],
        |local, tag| {
            if local == b"table" {
                table = attribute(tag, "table:name");
                (row, column, cell) = (0, 0, 0);
                column_styles.clear();
                return;
            }
            let Some(name) = &table else { return };
            let count = |key: &str| {
                attribute(tag, key)
                    .and_then(|v| v.trim().parse::<u32>().ok())
                    .unwrap_or(1)
                    .max(1)
            };
            if local == b"table-cell" || local == b"covered-table-cell" {
                // The cells of the row before this one: `row` has moved past it.
                let at = cell;
                let repeated = count("table:number-columns-repeated");
                cell = cell.saturating_add(repeated);
                let top = row.saturating_sub(row_repeat);
                let (rows, columns) = (
                    count("table:number-rows-spanned"),
                    count("table:number-columns-spanned"),
                );
                if local == b"table-cell" && (rows > 1 || columns > 1) {
                    found.merges.entry(name.clone()).or_default().push(Merge {
                        start: (top, at),
                        end: (top.saturating_add(rows - 1), at.saturating_add(columns - 1)),
                    });
                }
                if marking.is_empty()
                    || u64::from(repeated) * u64::from(row_repeat) > MOST_CELLS_MARKED_BY_ONE_TAG
                {
                    return;
                }
                // The cell's own style, else its row's, else its columns' defaults.
                let own = attribute(tag, "table:style-name").or_else(|| row_style.clone());
                let marks = found.marks.entry(name.clone()).or_default();
                if marks.len() >= MOST_MARKS_PER_SHEET {
                    return;
                }
                let end = at.saturating_add(repeated);
                let mut mark_cells = |from: u32, to: u32, mark: Mark| {
                    for position in from..to {
                        for r in top..top.saturating_add(row_repeat) {
                            marks.push((r, position, mark));
                        }
                    }
                };
                match own {
                    Some(style) => {
                        if let Some(&mark) = marking.get(&style) {
                            mark_cells(at, end, mark);
                        }
                    }
                    // Only the column defaults that mark are kept, in column order:
                    // each one the cells span marks its part of them.
                    None => {
                        let first = column_styles.partition_point(|(_, last, _)| *last < at);
                        for (from, last, style) in &column_styles[first..] {
                            if *from >= end {
                                break;
                            }
                            if let Some(&mark) = marking.get(style) {
                                mark_cells((*from).max(at), last.saturating_add(1).min(end), mark);
                            }
                        }
                    }
                }
                return;
            }
            let hidden = attribute(tag, "table:visibility")
                .is_some_and(|v| v == "collapse" || v == "filter");
            let (at, count) = if local == b"table-row" {
                let count = count("table:number-rows-repeated");
                let at = row;
                row = row.saturating_add(count);
                row_repeat = count;
                row_style = attribute(tag, "table:default-cell-style-name");
                cell = 0;
                (at, count)
            } else {
                let count = count("table:number-columns-repeated");
                let at = column;
                column = column.saturating_add(count);
                if let Some(style) = attribute(tag, "table:default-cell-style-name")
                    && marking.contains_key(&style)
                {
                    column_styles.push((at, at.saturating_add(count - 1), style));
                }
                (at, count)
            };
            if hidden {
                let sheet = found.hidden.entry(name.clone()).or_default();
                let last = at.saturating_add(count - 1);
                if local == b"table-row" {
                    sheet.hide_rows(at, last);
                } else {
                    sheet.columns.push((at, last));
                }
            }
        },
    );
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An .ods archive of these parts.
    fn archive(parts: &[(&str, &str)]) -> zip::ZipArchive<std::io::Cursor<Vec<u8>>> {
        use std::io::Write;
        let mut zipped = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in parts {
            zipped
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zipped.write_all(text.as_bytes()).unwrap();
        }
        zip::ZipArchive::new(std::io::Cursor::new(zipped.finish().unwrap().into_inner())).unwrap()
    }

    #[test]
    fn cells_are_marked_by_their_own_style_their_rows_or_their_columns_and_its_parents() {
        // "Bad" is a named style (styles.xml) that "ce1" takes its fill from; "ce2" strikes
        // through; "ce3" is pale grey, no status.
        let styles = r##"<office:document-styles><office:styles><style:style style:name="Bad" style:family="table-cell"><style:table-cell-properties fo:background-color="#ffc7ce"/></style:style></office:styles></office:document-styles>"##;
        let mut content = String::from(
            r##"<office:document-content><office:automatic-styles><style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Bad"/><style:style style:name="ce2" style:family="table-cell"><style:text-properties style:text-line-through-style="solid"/></style:style><style:style style:name="ce3" style:family="table-cell"><style:table-cell-properties fo:background-color="#f2f2f2"/></style:style><style:style style:name="ce4" style:family="table-cell"><style:table-cell-properties fo:background-color="#ffc000"/></style:style></office:automatic-styles><office:body><office:spreadsheet><table:table table:name="Register">"##,
        );
        // Columns A and B plain, C amber by default, the rest plain.
        content.push_str(r#"<table:table-column table:number-columns-repeated="2"/><table:table-column table:default-cell-style-name="ce4"/><table:table-column table:number-columns-repeated="16381"/>"#);
        // Row 1: A1 "Bad", B1 struck, C1 takes its column's amber, D1 grey.
        content.push_str(r#"<table:table-row><table:table-cell table:style-name="ce1"/><table:table-cell table:style-name="ce2"/><table:table-cell/><table:table-cell table:style-name="ce3"/><table:table-cell table:number-columns-repeated="16380"/></table:table-row>"#);
        // Rows 2 and 3 one tag, A "Bad" on both; rows 4 on, "Bad" across the sheet: whole-sheet formatting.
        content.push_str(r#"<table:table-row table:number-rows-repeated="2"><table:table-cell table:style-name="ce1"/></table:table-row><table:table-row table:number-rows-repeated="1048572"><table:table-cell table:style-name="ce1" table:number-columns-repeated="16384"/></table:table-row>"#);
        content.push_str(
            "</table:table></office:spreadsheet></office:body></office:document-content>",
        );
        let layout = ods_layout(&mut archive(&[
            ("styles.xml", styles),
            ("content.xml", &content),
        ]));
        let bad = Mark {
            shade: Some(Shade::Red),
            struck: false,
        };
        assert_eq!(
            layout.marks["Register"],
            vec![
                (0, 0, bad),
                (
                    0,
                    1,
                    Mark {
                        shade: None,
                        struck: true
                    }
                ),
                (
                    0,
                    2,
                    Mark {
                        shade: Some(Shade::Amber),
                        struck: false
                    }
                ),
                (1, 0, bad),
                (2, 0, bad),
            ]
        );
    }

    #[test]
    fn an_ods_tables_merges_are_placed_by_the_rows_and_cells_each_tag_repeats() {
        let mut content = String::from(
            r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="Register"><table:table-column table:number-columns-repeated="4"/>"#,
        );
        // Row 1: a heading spanning B1:D1 (C1 and D1 covered).
        content.push_str(r#"<table:table-row><table:table-cell/><table:table-cell table:number-columns-spanned="3"><text:p>Current</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>"#);
        // Rows 2 to 4 blank, one tag repeated; then row 5 with cells repeated before
        // an owner merged down over three rows (D5:D7).
        content.push_str(r#"<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="4"/></table:table-row>"#);
        content.push_str(r#"<table:table-row><table:table-cell table:number-columns-repeated="3"/><table:table-cell table:number-rows-spanned="3"><text:p>J Smith</text:p></table:table-cell></table:table-row>"#);
        content.push_str(r#"</table:table><table:table table:name="Other"><table:table-row><table:table-cell table:number-rows-spanned="2" table:number-columns-spanned="2"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#);
        let layout = ods_layout(&mut archive(&[("content.xml", &content)]));
        let merge = |start: (u32, u32), end: (u32, u32)| Merge { start, end };
        assert_eq!(
            layout.merges["Register"],
            vec![merge((0, 1), (0, 3)), merge((4, 3), (6, 3))]
        );
        assert_eq!(layout.merges["Other"], vec![merge((0, 0), (1, 1))]);
        assert!(layout.hidden.is_empty());
    }
}
