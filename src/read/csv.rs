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
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Unreadable(format!(
                "the CSV file cannot be read at line {}: {e}",
                row + 1
            ))
        })?;
        for (column, field) in record.iter().enumerate() {
            if !field.trim().is_empty() {
                cells.push((
                    row as u32,
                    column as u32,
                    Value::from_text(field.to_string()),
                ));
            }
        }
    }
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Grid::from_cells(name, true, cells, Vec::new()))
}

fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The separator used most on the first non-empty line, outside quotes.
fn sniff_delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in line.bytes() {
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (delimiter, count) in counts.iter_mut() {
                if c == *delimiter {
                    *count += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(_, count)| *count)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("Ref;Risk;Owner\n1;a;b"), b';');
        assert_eq!(sniff_delimiter("Ref,\"a;b\",Owner"), b',');
        assert_eq!(sniff_delimiter("Ref\tRisk"), b'\t');
    }

    #[test]
    fn windows_1252_is_decoded() {
        assert_eq!(decode(b"\xA3100"), "£100");
        assert_eq!(decode(b"\xEF\xBB\xBFRef"), "Ref");
    }
}
