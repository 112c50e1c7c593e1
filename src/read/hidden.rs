//! Rows and columns an .xlsx sheet hides (by a filter, or by hand): calamine reads their
//! cells as any other and does not say which they are, so each worksheet's XML is looked
//! through for them once more, tag by tag, no cell read. An .ods file's are found the
//! same way in its content (`ods.rs`), an .xls file's in its records (`biff.rs`); an
//! .xlsb file's are not known.

use crate::finding::{Finding, Rule};
use std::collections::HashMap;
use std::io::{Read, Seek};

/// What a sheet hides: 0-based row and column ranges (first, last).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hidden {
    /// Hidden rows, as ranges in order.
    pub rows: Vec<(u32, u32)>,
    /// Hidden columns, as ranges.
    pub columns: Vec<(u32, u32)>,
}

impl Hidden {
    /// Whether a 0-based row is hidden.
    pub fn row(&self, row: u32) -> bool {
        let after = self.rows.partition_point(|(first, _)| *first <= row);
        after > 0 && self.rows[after - 1].1 >= row
    }

    /// Whether a 0-based column is hidden.
    pub fn column(&self, column: u32) -> bool {
        self.columns
            .iter()
            .any(|(first, last)| (*first..=*last).contains(&column))
    }

    fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.columns.is_empty()
    }

    /// Add a range of rows hidden, the next after the last added.
    pub(super) fn hide_rows(&mut self, first: u32, last: u32) {
        match self.rows.last_mut() {
            Some((_, end)) if end.saturating_add(1) == first => *end = last,
            _ => self.rows.push((first, last)),
        }
    }
}

/// Findings at a cell the sheet hides say so, after their message ("Row 14 is
/// hidden."), so that an officer looking for it knows to unhide it.
pub fn say_where_hidden(findings: &mut [Finding], hidden: &HashMap<String, Hidden>) {
    if hidden.is_empty() {
        return;
    }
    for finding in findings {
        let Some(sheet) = finding.sheet.as_ref().and_then(|name| hidden.get(name)) else {
            continue;
        };
        if finding.rule == Rule::SheetHiddenRows {
            continue;
        }
        if let Some(row) = finding.row.filter(|row| sheet.row(row.saturating_sub(1))) {
            finding.message.push_str(&format!(" Row {row} is hidden."));
        }
        if let Some(column) = finding.column.filter(|column| sheet.column(*column)) {
            let letters = crate::finding::column_letters(column);
            finding
                .message
                .push_str(&format!(" Column {letters} is hidden."));
        }
    }
}

/// What each worksheet of an .xlsx archive hides, by sheet name; sheets that hide
/// nothing are left out. A part that cannot be read hides nothing.
pub fn hidden_by_sheet<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
) -> HashMap<String, Hidden> {
    let mut found = HashMap::new();
    // Each sheet's name and relationship, and each relationship's part.
    let mut sheets: Vec<(String, String)> = Vec::new();
    match archive.by_name("xl/workbook.xml") {
        Ok(mut workbook) => each_tag(&mut workbook, &[b"sheet"], |_, tag| {
            if let (Some(name), Some(id)) = (attribute(tag, "name"), relationship_id(tag)) {
                sheets.push((name, id));
            }
        }),
        Err(_) => return found,
    }
    let mut targets: HashMap<String, String> = HashMap::new();
    if let Ok(mut relationships) = archive.by_name("xl/_rels/workbook.xml.rels") {
        each_tag(&mut relationships, &[b"Relationship"], |_, tag| {
            if let (Some(id), Some(target)) = (attribute(tag, "Id"), attribute(tag, "Target")) {
                targets.insert(id, target);
            }
        });
    }
    for (name, id) in sheets {
        let Some(target) = targets.get(&id) else {
            continue;
        };
        let part = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let Ok(mut entry) = archive.by_name(&part) else {
            continue;
        };
        let hidden = scan_sheet(&mut entry);
        if !hidden.is_empty() {
            found.insert(name, hidden);
        }
    }
    found
}

/// An attribute's value in a tag, unescaped (`name="R&amp;D"`).
pub(super) fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + name.len()..];
        rest = after;
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = after.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let value = &value[1..];
        let end = value.find(quote)?;
        return Some(unescape(&value[..end]));
    }
    None
}

/// A sheet tag's relationship ID: its `id` attribute with a namespace prefix (`r:id`).
fn relationship_id(tag: &str) -> Option<String> {
    tag.split_whitespace()
        .filter_map(|part| part.split_once('='))
        .find(|(key, _)| key.rsplit_once(':').is_some_and(|(_, local)| local == "id"))
        .and_then(|(key, _)| attribute(tag, key))
}

fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Each start tag of XML read from `source` whose local name (any prefix aside) is
/// one of `names`: `on_tag` gets the local name and the tag's text, from its name to
/// its `>`. Read in chunks: a tag a chunk's end cuts is looked at whole in the next,
/// which begins with it.
pub(super) fn each_tag(
    source: &mut impl Read,
    names: &[&[u8]],
    mut on_tag: impl FnMut(&[u8], &str),
) {
    const MAX_TAG: usize = 4096;
    let mut buffer = vec![0u8; 1 << 16];
    let mut kept = 0;
    loop {
        let read = match source.read(&mut buffer[kept..]) {
            Ok(0) | Err(_) => break,
            Ok(read) => read,
        };
        let end = kept + read;
        let chunk = &buffer[..end];
        let mut unfinished = end;
        for at in memchr::memchr_iter(b'<', chunk) {
            let rest = &chunk[at + 1..];
            let Some(name_end) = rest
                .iter()
                .position(|b| matches!(b, b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n'))
            else {
                // The name cut by the chunk's end: read whole with the next.
                unfinished = at;
                break;
            };
            let name = &rest[..name_end];
            let local = name.rsplit(|b| *b == b':').next().unwrap_or(name);
            if !names.contains(&local) {
                continue;
            }
            let Some(close) = memchr::memchr(b'>', rest) else {
                unfinished = at;
                break;
            };
            on_tag(local, &String::from_utf8_lossy(&rest[..close]));
        }
        // Keep an unfinished tag (up to a tag's length) for the next chunk.
        let keep_from = if end - unfinished <= MAX_TAG {
            unfinished
        } else {
            end
        };
        buffer.copy_within(keep_from..end, 0);
        kept = end - keep_from;
        if kept == buffer.len() {
            break;
        }
    }
}

/// The rows and columns a worksheet's XML hides (`hidden="1"` on a `row` or `col`).
fn scan_sheet(source: &mut impl Read) -> Hidden {
    let mut hidden = Hidden::default();
    // The next row's index where a row tag gives none.
    let mut next_row = 0u32;
    each_tag(source, &[b"row", b"col"], |local, tag| {
        let is_hidden = attribute(tag, "hidden").is_some_and(|v| v == "1" || v == "true");
        let number = |key: &str| attribute(tag, key).and_then(|v| v.trim().parse::<u32>().ok());
        if local == b"row" {
            let row = number("r").map_or(next_row, |r| r.saturating_sub(1));
            next_row = row.saturating_add(1);
            if is_hidden {
                hidden.hide_rows(row, row);
            }
        } else if is_hidden && let (Some(min), Some(max)) = (number("min"), number("max")) {
            hidden
                .columns
                .push((min.saturating_sub(1), max.saturating_sub(1)));
        }
    });
    hidden.rows.sort_unstable();
    hidden
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_columns_hidden_are_found_by_their_tags_even_across_chunks() {
        let mut xml = String::from(
            r#"<worksheet><cols><col min="3" max="4" hidden="1" width="0"/><col min="5" max="5"/></cols><sheetData>"#,
        );
        for r in 1..=5000u32 {
            let hidden = if r % 1000 == 0 { r#" hidden="1""# } else { "" };
            xml.push_str(&format!(
                r#"<row r="{r}" spans="1:3"{hidden}><c r="A{r}"><v>{r}</v></c></row>"#
            ));
        }
        // A row with no number follows the one before.
        xml.push_str(r#"<x:row hidden="true"><c><v>1</v></c></x:row></sheetData></worksheet>"#);
        let hidden = scan_sheet(&mut xml.as_bytes());
        assert_eq!(
            hidden.rows,
            vec![
                (999, 999),
                (1999, 1999),
                (2999, 2999),
                (3999, 3999),
                (4999, 5000)
            ]
        );
        assert!(hidden.row(1999) && hidden.row(5000) && !hidden.row(2000) && !hidden.row(0));
        assert_eq!(hidden.columns, vec![(2, 3)]);
        assert!(hidden.column(3) && !hidden.column(4));
    }

    #[test]
    fn attributes_are_read_whole_and_unescaped() {
        let tag = r#"sheet name="R&amp;D risks" sheetId="2" r:id="rId2""#;
        assert_eq!(attribute(tag, "name").as_deref(), Some("R&D risks"));
        assert_eq!(relationship_id(tag).as_deref(), Some("rId2"));
        assert_eq!(
            attribute(r#"row r="12" customHeight="1""#, "r").as_deref(),
            Some("12")
        );
        assert_eq!(attribute(r#"row spans="1:2""#, "r"), None);
    }
}
