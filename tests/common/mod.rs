//! Helpers shared by the end-to-end tests: the binary, rows of text cells, and a
//! written sheet read back with calamine.

// Each test file uses its own share of these.
#![allow(dead_code)]

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};
use golden_thread::write::layout::{Cell, t};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The reporting date every end-to-end test runs at.
pub const AS_OF: &str = "2026-10-31";

/// The built `golden-thread` binary.
pub fn golden_thread() -> Command {
    Command::cargo_bin("golden-thread").expect("binary built")
}

/// Assert a command's exit code, showing what it printed when the code is another.
pub fn assert_exit(output: &std::process::Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `consolidate` to `level` as at [`AS_OF`], written to `out`; the caller adds the
/// inputs and any other options.
pub fn consolidate_to(level: &str, out: &Path) -> Command {
    consolidate_as_of(level, AS_OF, out)
}

/// `consolidate --level LEVEL --as-of AS_OF --out OUT`, inputs still to add.
pub fn consolidate_as_of(level: &str, as_of: &str, out: &Path) -> Command {
    let mut command = golden_thread();
    command
        .args(["consolidate", "--level", level, "--as-of", as_of, "--out"])
        .arg(out);
    command
}

/// A `--schema` folder under `dir` holding the bundled `file` with `from` changed to `to`.
pub fn schema_with(dir: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    let schema = dir.join("schema");
    std::fs::create_dir_all(&schema).unwrap();
    let bundled = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schemas")
            .join(file),
    )
    .unwrap();
    assert!(bundled.contains(from), "{file} has no '{from}'");
    std::fs::write(schema.join(file), bundled.replace(from, to)).unwrap();
    schema
}

/// The headings of a plain register: the fields a register needs, and a score, controls
/// and a review date so that a clean row draws no finding.
pub const REGISTER_HEADER: &[&str] = &[
    "Risk ID",
    "Risk",
    "Risk Owner",
    "Likelihood",
    "Impact",
    "Score",
    "Controls",
    "Last Reviewed",
];

/// A row of text cells.
pub fn texts(items: &[&str]) -> Vec<Cell> {
    items.iter().map(|s| t(s)).collect()
}

/// Every row of a written sheet, as calamine reads it.
pub fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let range = workbook.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

/// The cells under `headings` on every row of a table sheet, as text.
pub fn column_texts(path: &Path, name: &str, headings: &[&str]) -> Vec<Vec<String>> {
    table(path, name)
        .iter()
        .map(|row| headings.iter().map(|h| row[*h].to_string()).collect())
        .collect()
}

/// A table sheet (header on row 1) as maps of heading to cell.
pub fn table(path: &Path, name: &str) -> Vec<BTreeMap<String, Data>> {
    let rows = sheet(path, name);
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    rows[1..]
        .iter()
        .map(|row| header.iter().cloned().zip(row.iter().cloned()).collect())
        .collect()
}

/// The rows of the Summary's section titled `title`, from its headings to its last row,
/// the first `columns` cells of each as text.
pub fn summary_section(out: &Path, title: &str, columns: usize) -> Vec<Vec<String>> {
    let summary = sheet(out, "Summary");
    let top = summary
        .iter()
        .position(|row| row[0] == Data::String(title.into()))
        .unwrap_or_else(|| panic!("the section '{title}'"));
    summary[top + 1..]
        .iter()
        .take_while(|row| !row[0].to_string().is_empty())
        .map(|row| row[..columns].iter().map(|c| c.to_string()).collect())
        .collect()
}

/// A row's height (1-based row) as a written workbook sets it, where it sets one.
pub fn row_height(path: &Path, sheet: &str, row: u32) -> Option<f64> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut xml = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
        xml
    };
    // Sheets are written in order, sheet1.xml first.
    let workbook = part("xl/workbook.xml");
    let position = workbook
        .split("<sheet ")
        .skip(1)
        .position(|tag| tag.contains(&format!("name=\"{sheet}\"")))?;
    let xml = part(&format!("xl/worksheets/sheet{}.xml", position + 1));
    let tag = xml
        .split(&format!("<row r=\"{row}\""))
        .nth(1)?
        .split('>')
        .next()?;
    tag.split_once(" ht=\"")?.1.split('"').next()?.parse().ok()
}
