//! CSV exports: any of `,` `;` or tab, UTF-8 with or without a BOM, or Windows-1252
//! as Excel saves it on a UK PC.

use super::grid::{Grid, Value};
use super::open::Unreadable;
use std::path::Path;

/// Read a CSV file as one sheet named after the file.
pub fn open_csv(path: &Path) -> Result<Grid, Unreadable> {
    let bytes =
        std::fs::read(path).map_err(|e| Unreadable(format!("the file cannot be opened: {e}")))?;
    let text = decode(&bytes);
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    // Each record's row as Excel shows it: the reader passes over blank lines, which
    // Excel shows as blank rows (a record's position is where the reader began looking
    // for it, before them), and a quoted field running over lines is one cell.
    let mut row: u32 = 0;
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Unreadable(format!(
                "the CSV file cannot be read at line {}: {e}",
                index + 1
            ))
        })?;
        if let Some(start) = record.position().map(|p| p.byte() as usize) {
            row += blank_lines(text.as_bytes(), start);
        }
        for (column, field) in record.iter().enumerate() {
            if !field.trim().is_empty() {
                cells.push((row, column as u32, Value::from_text(field.to_string())));
            }
        }
        row += 1;
    }
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Grid::from_cells(name, true, cells, Vec::new()))
}

/// The blank lines at `start`, where the reader began looking for a record: each
/// "\r\n", "\n" or "\r" ends one, and a "\n" right after the "\r" that ended the record
/// before is that record's.
fn blank_lines(bytes: &[u8], start: usize) -> u32 {
    let mut i = start;
    if i > 0 && bytes.get(i - 1) == Some(&b'\r') && bytes.get(i) == Some(&b'\n') {
        i += 1;
    }
    let mut lines = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'\r' | b'\n' => i += 1,
            _ => break,
        }
        lines += 1;
    }
    lines
}

/// UTF-8 (its BOM dropped), else Windows-1252; `Encoding::decode` follows a UTF-16 BOM
/// where it finds one.
pub(super) fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The separator that splits the most records of the file's opening into the same
/// number of fields. A title line above the table ("Planning risks, October 2026" in a
/// file separated by `;`) or a comma in a description does not outvote the header and
/// rows; a quoted field, even one running over lines, is not looked into.
fn sniff_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];
    const RECORDS: usize = 50;
    let mut counts: Vec<[usize; 3]> = Vec::new();
    let mut record = [0usize; 3];
    let mut quoted = false;
    for c in text.bytes() {
        match c {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                if record.iter().any(|n| *n > 0) {
                    counts.push(record);
                    if counts.len() == RECORDS {
                        break;
                    }
                }
                record = [0; 3];
            }
            _ if !quoted => {
                if let Some(i) = CANDIDATES.iter().position(|d| *d == c) {
                    record[i] += 1;
                }
            }
            _ => {}
        }
    }
    if record.iter().any(|n| *n > 0) && counts.len() < RECORDS {
        counts.push(record);
    }
    // For each separator: how many records share its commonest count, then that count.
    let score = |i: usize| {
        let mut tally: std::collections::BTreeMap<usize, usize> = Default::default();
        for record in counts.iter().filter(|r| r[i] > 0) {
            *tally.entry(record[i]).or_default() += 1;
        }
        tally
            .into_iter()
            .map(|(count, records)| (records, count))
            .max()
            .unwrap_or((0, 0))
    };
    (0..CANDIDATES.len())
        .map(|i| (score(i), CANDIDATES[i]))
        .filter(|((records, _), _)| *records > 0)
        .max_by_key(|(score, _)| *score)
        .map_or(b',', |(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("Ref;Risk;Owner\n1;a;b"), b';');
        assert_eq!(sniff_delimiter("Ref,\"a;b\",Owner"), b',');
        assert_eq!(sniff_delimiter("Ref\tRisk"), b'\t');
        // A title with a comma above a table separated by semicolons.
        assert_eq!(
            sniff_delimiter(
                "Planning risks, October 2026\nRef;Risk;Owner\nP-1;Loss, of staff;HoP\nP-2;Appeals;DM\n"
            ),
            b';'
        );
        // Descriptions with semicolons in a comma-separated file, one over two lines.
        assert_eq!(
            sniff_delimiter(
                "Ref,Risk,Owner\nP-1,Fraud; theft,CFO\nP-2,\"Cyber;\nransomware\",ICT\n"
            ),
            b','
        );
    }

    #[test]
    fn blank_lines_are_counted_whatever_ends_them() {
        // After "a\r", where the reader stops, its "\n" is the record's, not a blank line.
        assert_eq!(blank_lines(b"a\r\nb", 2), 0);
        assert_eq!(blank_lines(b"a\r\n\r\n\r\nb", 2), 2);
        assert_eq!(blank_lines(b"a\n\n\nb", 2), 2);
        assert_eq!(blank_lines(b"a\r\r\nb", 2), 1);
        assert_eq!(blank_lines(b"a\nb", 2), 0);
        assert_eq!(blank_lines(b"a\n", 9), 0);
    }

    #[test]
    fn windows_1252_is_decoded() {
        assert_eq!(decode(b"\xA3100"), "£100");
        assert_eq!(decode(b"\xEF\xBB\xBFRef"), "Ref");
        // Excel's "Unicode text" and some systems' exports: UTF-16 with its BOM.
        assert_eq!(decode(b"\xFF\xFER\0e\0f\0\xA3\0"), "Ref\u{a3}");
        assert_eq!(decode(b"\xFE\xFF\0R\0e\0f"), "Ref");
    }
}
