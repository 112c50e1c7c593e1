//! A consolidated workbook read beside the returns it was built from (last month's
//! directorate workbook left in the returns folder, or a directorate workbook passed
//! with its own services' returns) holds copies of their rows. Those rows are set
//! aside, so that each risk and indicator value is counted once, from the file its
//! service keeps; the ledger says of which file each is a copy, and an info finding
//! says so on the sheet.

use super::{Input, RowLeftOut, SheetContent, WorkbookRead};
use crate::finding::{Finding, Rule};
use crate::model::Source;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// An input of the run, as a copy's provenance is matched against it.
struct Original {
    /// Its path's names, lower-cased, from the root down.
    names: Vec<String>,
    /// Its sheets.
    sheets: BTreeSet<String>,
    /// How findings name it.
    display: String,
}

/// Set aside, in every read, the rows a consolidated workbook copied from another
/// file of this run. `reads` and `inputs` are in the same order.
pub fn set_aside_copies(reads: &mut [WorkbookRead], inputs: &[Input]) {
    let noted = |read: &WorkbookRead| {
        read.sheets.iter().any(|sheet| match &sheet.content {
            SheetContent::RiskRegister(register) => {
                register.rows.risks.iter().any(|r| r.source_note.is_some())
            }
            SheetContent::IndicatorReturn(values) => {
                values.values.iter().any(|v| v.source_note.is_some())
            }
            _ => false,
        })
    };
    if !reads.iter().any(noted) {
        return;
    }
    let originals: Vec<Original> = reads
        .iter()
        .zip(inputs)
        .map(|(read, input)| Original {
            names: path_names(&input.path),
            sheets: read.sheets.iter().map(|s| s.name.clone()).collect(),
            display: read.file.clone(),
        })
        .collect();
    for (position, read) in reads.iter_mut().enumerate() {
        if !noted(read) {
            continue;
        }
        let copy_of = |note: Option<&str>| -> Option<String> {
            Source::chain(note?).into_iter().find_map(|link| {
                let wanted = text_names(link.file);
                originals
                    .iter()
                    .enumerate()
                    .find(|(other, original)| {
                        *other != position
                            && original.names.ends_with(&wanted)
                            && original.sheets.contains(link.sheet)
                    })
                    .map(|(_, original)| original.display.clone())
            })
        };
        let mut set_aside: BTreeSet<(String, u32)> = BTreeSet::new();
        let mut notices = Vec::new();
        for sheet in &mut read.sheets {
            // Each row set aside, with the file it is a copy of.
            let mut rows: BTreeMap<u32, String> = BTreeMap::new();
            let (mut risks, mut values) = (0, 0);
            let left_out = match &mut sheet.content {
                SheetContent::RiskRegister(register) => {
                    let kept = std::mem::take(&mut register.rows.risks)
                        .into_iter()
                        .filter(|risk| match copy_of(risk.source_note.as_deref()) {
                            Some(file) => {
                                rows.insert(risk.source.as_ref().map_or(0, |s| s.row), file);
                                risks += 1;
                                false
                            }
                            None => true,
                        })
                        .collect();
                    register.rows.risks = kept;
                    register
                        .rows
                        .findings
                        .retain(|f| !f.row.is_some_and(|r| rows.contains_key(&r)));
                    &mut register.rows.left_out
                }
                SheetContent::IndicatorReturn(sheet_read) => {
                    sheet_read
                        .values
                        .retain(|value| match copy_of(value.source_note.as_deref()) {
                            Some(file) => {
                                rows.insert(value.source.as_ref().map_or(0, |s| s.row), file);
                                values += 1;
                                false
                            }
                            None => true,
                        });
                    sheet_read.rows_taken -= rows.len().min(sheet_read.rows_taken);
                    &mut sheet_read.left_out
                }
                _ => continue,
            };
            if rows.is_empty() {
                continue;
            }
            // The ledger counts reasons by their words: one reason per file copied.
            left_out.extend(rows.iter().map(|(&row, file)| RowLeftOut {
                row,
                reason: format!("a copy of a row of {file}, which this run reads itself"),
            }));
            left_out.sort_by_key(|left| left.row);
            set_aside.extend(rows.keys().map(|&row| (sheet.name.clone(), row)));
            let files: BTreeSet<String> = rows.into_values().collect();
            notices.push(
                Finding::file(
                    &read.file,
                    Rule::SheetCopiedRows,
                    copied_message(risks, values, &files),
                )
                .on_sheet(&sheet.name),
            );
        }
        // Reading findings on the rows set aside belong to the copy, not to the file
        // the risk is kept from.
        read.findings
            .retain(|finding| match (&finding.sheet, finding.row) {
                (Some(sheet), Some(row)) => !set_aside.contains(&(sheet.clone(), row)),
                _ => true,
            });
        read.findings.extend(notices);
    }
}

/// "12 risks on this sheet are copies of rows in files this run also reads ...".
fn copied_message(risks: usize, values: usize, files: &BTreeSet<String>) -> String {
    let what = match (risks, values) {
        (1, 0) => "1 risk".to_string(),
        (risks, 0) => format!("{risks} risks"),
        (0, 1) => "1 indicator value".to_string(),
        (0, values) => format!("{values} indicator values"),
        (risks, values) => format!("{risks} risks and {values} indicator values"),
    };
    let listed: Vec<&str> = files.iter().map(String::as_str).take(5).collect();
    let more = match files.len().saturating_sub(listed.len()) {
        0 => String::new(),
        more => format!(" and {more} more"),
    };
    let verb = if risks + values == 1 {
        "is a copy"
    } else {
        "are copies"
    };
    format!(
        "{what} on this sheet {verb} of rows in {}{more}, which this run also reads: each is counted once, from the file it came from, and the Ledger lists the rows set aside.",
        listed.join(", ")
    )
}

/// The names of a path as found on disk (resolving links and `..`), lower-cased.
fn path_names(path: &Path) -> Vec<String> {
    let resolved = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    text_names(&resolved.to_string_lossy())
}

/// The names of a path as a provenance writes it, on any system: "returns\a\x.xlsx"
/// and "./returns/a/x.xlsx" both give returns, a, x.xlsx.
fn text_names(path: &str) -> Vec<String> {
    path.split(['/', '\\'])
        .filter(|name| !name.is_empty() && *name != "." && *name != "..")
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provenance_paths_are_compared_name_by_name_from_the_end() {
        assert_eq!(
            text_names(r"..\Returns\adults\x.xlsx"),
            ["returns", "adults", "x.xlsx"]
        );
        assert_eq!(text_names("./returns/x.xlsx"), ["returns", "x.xlsx"]);
        let input = text_names("/home/pl/2026-10/returns/adults/x.xlsx");
        assert!(input.ends_with(&text_names("returns/adults/x.xlsx")));
        assert!(input.ends_with(&text_names("x.xlsx")));
        assert!(!input.ends_with(&text_names("children/x.xlsx")));
    }

    #[test]
    fn the_message_counts_what_was_set_aside_and_names_the_files() {
        let files: BTreeSet<String> = ["a.xlsx".to_string(), "b.xlsx".to_string()].into();
        assert_eq!(
            copied_message(3, 24, &files),
            "3 risks and 24 indicator values on this sheet are copies of rows in a.xlsx, b.xlsx, which this run also reads: each is counted once, from the file it came from, and the Ledger lists the rows set aside."
        );
        let one: BTreeSet<String> = ["a.xlsx".to_string()].into();
        assert!(
            copied_message(1, 0, &one)
                .starts_with("1 risk on this sheet is a copy of rows in a.xlsx,")
        );
    }
}
