//! `spot-check` end to end: a reproducible sample of the sample council's indicator
//! values, a workbook the test fills in as a checker would, and its verification.

use calamine::Data;
use golden_thread::write::layout::{Cell, SheetLayout, d, n, t, write_xlsx};
use golden_thread::write::samples::{self, paths};
use serde_json::Value;
use std::io::Read;
use std::path::Path;

mod common;
use common::{AS_OF, consolidate_to, golden_thread, sheet, table};

fn draw(dir: &Path, seed: u64, out: &Path) -> String {
    let output = golden_thread()
        .arg("spot-check")
        .arg(dir.join("returns"))
        .arg("--definitions")
        .arg(dir.join(paths::DEFINITIONS))
        .args([
            "--sample",
            "8",
            "--seed",
            &seed.to_string(),
            "--as-of",
            AS_OF,
            "--out",
        ])
        .arg(out)
        .output()
        .unwrap();
    common::assert_exit(&output, 0);
    String::from_utf8(output.stdout).unwrap()
}

/// The drawn sample's sheet.
fn rows(path: &Path) -> Vec<Vec<Data>> {
    sheet(path, "Spot-check")
}

fn picked(path: &Path) -> Vec<String> {
    rows(path)[1..]
        .iter()
        .map(|r| format!("{} {} {}", r[1], r[5], r[4]))
        .collect()
}

#[test]
fn the_same_seed_draws_the_same_values_and_another_seed_does_not() {
    let dir = tempfile::tempdir().unwrap();
    samples::build(dir.path(), false).unwrap();
    let (first, second, other) = (
        dir.path().join("a.xlsx"),
        dir.path().join("b.xlsx"),
        dir.path().join("c.xlsx"),
    );
    let said = draw(dir.path(), 2026, &first);
    draw(dir.path(), 2026, &second);
    draw(dir.path(), 7, &other);
    assert_eq!(picked(&first), picked(&second));
    assert_ne!(picked(&first), picked(&other));
    assert_eq!(picked(&first).len(), 8);
    assert!(
        said.starts_with("Sampled 8 of 39 reported values with seed 2026:"),
        "{said}"
    );
    // Why each was chosen is printed and written down.
    assert!(said.contains("ASC-PI-02 Aug 2026 (Adult Social Care)  41  weight 18: statutory measure; flagged by the checks"), "{said}");
    let why = rows(&first)[1..]
        .iter()
        .map(|r| r[16].to_string())
        .collect::<Vec<_>>()
        .join("|");
    assert!(why.contains("statutory measure"), "{why}");
}

/// What a checker writes in the six grey columns of a sampled row, given its index, its
/// reported value and its unit; None takes the row off the sheet.
type Checker = dyn Fn(usize, f64, &str) -> Option<[Cell; 6]>;

/// Draw with seed 2026 and fill the sample in, in a copy named `name`, as `checker`
/// says; with the drawn workbook's Instructions sheet first where `instructions`.
/// A drawn row's cells as they are, to be written again with the checker's beside them.
fn as_cells(row: &[Data]) -> Vec<Cell> {
    row.iter()
        .map(|value| match value {
            Data::Float(f) => n(*f),
            Data::Empty => Cell::Blank,
            other => t(&other.to_string()),
        })
        .collect()
}

fn fill_in(dir: &Path, name: &str, instructions: bool, checker: &Checker) -> std::path::PathBuf {
    let drawn = dir.join("drawn.xlsx");
    draw(dir, 2026, &drawn);
    let sheet = rows(&drawn);
    let mut filled = SheetLayout::new("Spot-check")
        .bold_row(sheet[0].iter().map(|h| t(&h.to_string())).collect());
    for (i, row) in sheet[1..].iter().enumerate() {
        let mut cells = as_cells(&row[..17]);
        let reported = match row[11] {
            Data::Float(f) => f,
            _ => panic!("reported value is a number"),
        };
        if let Some(checked) = checker(i, reported, &row[8].to_string()) {
            cells.extend(checked);
            filled = filled.row(cells);
        }
    }
    let mut sheets = Vec::new();
    if instructions {
        let mut front = SheetLayout::new("Instructions");
        for row in common::sheet(&drawn, "Instructions") {
            front = front.row(row.iter().map(|v| t(&v.to_string())).collect());
        }
        sheets.push(front);
    }
    sheets.push(filled);
    let completed = dir.join(name);
    write_xlsx(&completed, &sheets).unwrap();
    completed
}

/// Row 2 verified, row 3 corrected (its value was wrong by 5), row 4 could not be
/// verified and is not signed, the rest verified.
fn completed_spot_check(dir: &Path) -> std::path::PathBuf {
    fill_in(dir, "completed.xlsx", false, &|i, reported, _| {
        let (verified, checked_by, outcome) = match i {
            1 => (reported + 5.0, "A Checker", "Corrected"),
            2 => (reported, "", "Could not verify"),
            _ => (reported, "A Checker", "Verified"),
        };
        Some([
            n(verified),
            t("Monthly system report"),
            t(checked_by),
            d(2026, 11, 5),
            t(outcome),
            Cell::Blank,
        ])
    })
}

#[test]
fn a_completed_workbook_verifies_to_the_right_counts_and_flags_the_mismatch_at_its_row() {
    let dir = tempfile::tempdir().unwrap();
    samples::build(dir.path(), false).unwrap();
    let completed = completed_spot_check(dir.path());
    let output = golden_thread()
        .args(["spot-check", "verify", "--format", "json"])
        .arg(&completed)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "a mismatch and an unsigned row remain"
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json["summary"],
        serde_json::json!({"sampled": 8, "verified": 6, "corrected": 1, "unverifiable": 1, "outstanding": 0, "mismatches": 1, "unsigned": 1, "missing": 0})
    );
    let findings: Vec<(String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["cell"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Verified value is column R, Checked by column T; the corrected value is on row 3, the unsigned on row 4.
    assert_eq!(
        findings,
        vec![
            ("R3".to_string(), "spotcheck.mismatch".to_string()),
            ("T4".to_string(), "spotcheck.unsigned".to_string())
        ]
    );

    let human = golden_thread()
        .args(["spot-check", "verify"])
        .arg(&completed)
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains("SC-003 (ASC-PI-01 May 2026) is not signed off: it has no checker's name."),
        "{text}"
    );
    assert!(text.ends_with("Spot-check of 8 values: 6 verified, 1 corrected, 1 could not be verified, 0 outstanding; 1 mismatch, 1 not signed off.\n"), "{text}");
}

/// A sheet filled in as checkers do when the drop-downs are lost: a percentage typed
/// with its sign, an outcome not on the list, Corrected with no value, a date in
/// words, and two rows deleted, one from the middle and the last.
#[test]
fn verify_names_rows_taken_off_the_sheet_and_sign_offs_that_are_not_one() {
    let dir = tempfile::tempdir().unwrap();
    samples::build(dir.path(), false).unwrap();
    let checker: &Checker = &|i, reported, unit| {
        let mut verified = n(reported);
        let (mut date, mut outcome) = (d(2026, 11, 5), "Verified");
        match i {
            0 => {
                // Typed as "97%", which Excel keeps as 0.97.
                assert_eq!(unit, "Percentage");
                verified = n(reported / 100.0);
            }
            1 => outcome = "OK",
            2 => (verified, outcome) = (Cell::Blank, "Corrected"),
            3 => date = t("last week"),
            4 | 7 => return None,
            _ => {}
        }
        Some([
            verified,
            t("Monthly system report"),
            t("A Checker"),
            date,
            t(outcome),
            Cell::Blank,
        ])
    };
    let verify = |path: &Path| {
        let output = golden_thread()
            .args(["spot-check", "verify", "--format", "json"])
            .arg(path)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        serde_json::from_slice::<Value>(&output.stdout).unwrap()
    };
    let places = |json: &Value| -> Vec<String> {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f["cell"].as_str().unwrap_or("-"),
                    f["rule"].as_str().unwrap()
                )
            })
            .collect()
    };
    let json = verify(&fill_in(
        dir.path(),
        "with-instructions.xlsx",
        true,
        checker,
    ));
    // Verified value R, Date checked U, Outcome V; SC-005 and SC-008 were rows 6 and 9.
    assert_eq!(
        places(&json),
        [
            "- spotcheck.row-missing",
            "- spotcheck.row-missing",
            "V3 spotcheck.unsigned",
            "R4 spotcheck.unsigned",
            "U5 spotcheck.unsigned",
        ]
    );
    let messages: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages[0].starts_with("SC-005 was drawn but its row is not on the sheet"),
        "{messages:?}"
    );
    assert!(messages[1].starts_with("SC-008 was drawn"), "{messages:?}");
    assert!(
        messages[2]
            .ends_with("its outcome, 'OK', is not one of Verified, Corrected or Could not verify."),
        "{messages:?}"
    );
    assert!(
        messages[3].ends_with(
            "it is marked Corrected but has no verified value, the value the evidence gives."
        ),
        "{messages:?}"
    );
    assert!(
        messages[4].ends_with("its date checked cannot be read: 'last week' is not a date: expected a date such as 31/10/2026 (day first) or 31-Oct-2026."),
        "{messages:?}"
    );
    assert_eq!(
        json["summary"],
        serde_json::json!({"sampled": 8, "verified": 4, "corrected": 1, "unverifiable": 0, "outstanding": 1, "mismatches": 0, "unsigned": 3, "missing": 2})
    );
    // Without the Instructions sheet the gap is still found, the last row's loss not.
    let json = verify(&fill_in(dir.path(), "sheet-alone.xlsx", false, checker));
    assert_eq!(
        places(&json)[..2],
        ["- spotcheck.row-missing", "V3 spotcheck.unsigned"]
    );
    assert_eq!(json["summary"]["missing"], 1);
}

#[test]
fn the_workbook_has_drop_downs_date_validation_and_protection() {
    let dir = tempfile::tempdir().unwrap();
    samples::build(dir.path(), false).unwrap();
    let drawn = dir.path().join("drawn.xlsx");
    draw(dir.path(), 1, &drawn);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&drawn).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet2.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("<sheetProtection"), "the sheet is protected");
    assert!(
        xml.contains(r#"type="list""#) && xml.contains("Verified,Corrected,Could not verify"),
        "outcome drop-down"
    );
    assert!(xml.contains(r#"type="date""#), "date validation");
    assert!(
        xml.contains(r#"type="decimal""#),
        "verified value must be a number"
    );
    let mut styles = String::new();
    zip.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(
        styles.contains(r#"locked="0""#),
        "the checker's cells are unlocked"
    );
    // The checker's columns on the first row are blank and unlocked; the rest holds the sample.
    let sheet = rows(&drawn);
    assert_eq!(sheet[0][17], Data::String("Verified value".into()));
    assert_eq!(sheet[1][0], Data::String("SC-001".into()));
    // The instructions wrap in a column that fits an A4 page, each row as tall as its
    // lines: the first paragraph takes three, the outcome line two, the last line one.
    let mut front = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut front)
        .unwrap();
    assert!(
        front.contains(r#"<col min="1" max="1" width="80.7109375""#),
        "{front}"
    );
    assert!(
        front.contains(r#"<pageSetup paperSize="9" fitToHeight="0""#),
        "{front}"
    );
    let height = |row: u32| {
        front
            .split(&format!(r#"<row r="{row}""#))
            .nth(1)
            .and_then(|rest| rest.split_once(" ht=\""))
            .filter(|(before, _)| !before.contains('>'))
            .map(|(_, after)| after.split('"').next().unwrap().to_string())
    };
    assert_eq!(
        [3, 8, 11].map(height),
        [Some("45".to_string()), Some("30".to_string()), None]
    );
}

#[test]
fn verify_refuses_a_workbook_that_is_not_a_spot_check() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.xlsx");
    write_xlsx(
        &other,
        &[SheetLayout::new("S").row(vec![t("Ref"), t("Something")])],
    )
    .unwrap();
    let output = golden_thread()
        .args(["spot-check", "verify"])
        .arg(&other)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("no sheet has the spot-check headings")
    );
}

#[test]
fn the_data_quality_sheet_has_completeness_findings_and_spot_check_outcomes_by_service() {
    let dir = tempfile::tempdir().unwrap();
    samples::build(dir.path(), false).unwrap();
    let completed = completed_spot_check(dir.path());
    let out = dir.path().join("corporate.xlsx");
    consolidate_to("corporate", &out)
        .arg(dir.path().join("returns"))
        .arg("--definitions")
        .arg(dir.path().join(paths::DEFINITIONS))
        .arg("--spot-check")
        .arg(&completed)
        .output()
        .unwrap();
    let rows = sheet(&out, "Data quality");
    let service = |name: &str| {
        rows.iter()
            .find(|r| r[1] == Data::String(name.into()))
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    let numbers = |row: &[Data], from: usize, to: usize| -> Vec<f64> {
        row[from..=to]
            .iter()
            .map(|d| if let Data::Float(f) = d { *f } else { -1.0 })
            .collect()
    };
    // Waste: WS-PI-01 Q1 and WS-PI-09 Q1, Q2 reported; WS-PI-01 Q2 missing.
    let waste = service("Waste and Recycling");
    assert_eq!(numbers(&waste, 2, 4), vec![3.0, 1.0, 75.0]);
    assert!(
        waste[7].to_string().contains("indicator.value-missing 1"),
        "{}",
        waste[7]
    );
    assert!(
        waste[7].to_string().contains("risk.actions-missing 1"),
        "risks count too: {}",
        waste[7]
    );
    assert_eq!(numbers(&service("Highways"), 2, 4), vec![7.0, 0.0, 100.0]);
    // Adult social care had four values sampled: two verified, one corrected (a
    // mismatch), one that could not be verified.
    assert_eq!(
        numbers(&service("Adult Social Care"), 8, 13),
        vec![4.0, 2.0, 1.0, 1.0, 0.0, 1.0]
    );
}

#[test]
#[ignore = "writes the README's example: GT_KEEP=path cargo test --test spotcheck keep -- --ignored"]
fn keep_a_completed_workbook() {
    let dir = tempfile::tempdir().unwrap();
    samples::build(dir.path(), false).unwrap();
    let completed = completed_spot_check(dir.path());
    std::fs::copy(completed, std::env::var("GT_KEEP").unwrap()).unwrap();
}

/// A spot-check kept in the returns folder is not read as a return or a library: its
/// Definition column once made it a library of the sampled indicators, with errors.
#[test]
fn a_spot_check_workbook_among_the_returns_is_not_read_as_one() {
    let dir = tempfile::tempdir().unwrap();
    samples::build(dir.path(), false).unwrap();
    let drawn = dir.path().join("returns").join("spot-check.xlsx");
    draw(dir.path(), 2026, &drawn);
    let output = golden_thread()
        .args(["check", "--format", "json", "--as-of", AS_OF])
        .arg(&drawn)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["file.spot-check"]);
    let out = dir.path().join("out.xlsx");
    let output = consolidate_to("directorate", &out)
        .arg(dir.path().join("returns"))
        .output()
        .unwrap();
    assert!(out.exists(), "{}", String::from_utf8_lossy(&output.stderr));
    let ledger: Vec<[String; 4]> = table(&out, "Ledger")
        .iter()
        .filter(|r| r["File"].to_string().ends_with("spot-check.xlsx"))
        .map(|r| ["Sheet", "Rows read", "Rows taken", "Reason"].map(|h| r[h].to_string()))
        .collect();
    assert_eq!(
        ledger,
        [
            [
                "Instructions",
                "11",
                "0",
                "a spot-check workbook, not a return"
            ],
            [
                "Spot-check",
                "9",
                "0",
                "a spot-check workbook, not a return"
            ],
        ]
        .map(|r| r.map(String::from))
    );
}

#[test]
fn a_milestone_is_drawn_with_its_words_and_a_status_verified_otherwise_is_a_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("returns").join("place");
    std::fs::create_dir_all(&returns).unwrap();
    std::fs::write(
        returns.join("planning.csv"),
        "PI Ref,Indicator,Polarity,Target,Q1,RAG,Commentary\n\
         P1,Planning applications in time %,Higher is better,90,92,Green,\n\
         P2,Climate strategy adopted,,Yes,Achieved,Green,\n",
    )
    .unwrap();
    let drawn = dir.path().join("drawn.xlsx");
    let output = golden_thread()
        .arg("spot-check")
        .arg(dir.path().join("returns"))
        .args(["--sample", "5", "--as-of", AS_OF, "--year", "2026", "--out"])
        .arg(&drawn)
        .output()
        .unwrap();
    common::assert_exit(&output, 0);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("Sampled 2 of 2 reported values"),
        "{stdout}"
    );
    assert!(
        stdout.contains("P2 Q1 2026/27 (Planning)  Achieved  weight"),
        "{stdout}"
    );
    // Each row's reported value and target as the return gave them; the checker finds
    // the strategy was not adopted.
    let sheet = rows(&drawn);
    let heading = |name: &str| {
        sheet[0]
            .iter()
            .position(|h| *h == Data::String(name.into()))
            .unwrap()
    };
    let mut filled = SheetLayout::new("Spot-check")
        .bold_row(sheet[0].iter().map(|h| t(&h.to_string())).collect());
    let mut reported = Vec::new();
    for row in &sheet[1..] {
        let value = &row[heading("Reported value")];
        reported.push((
            row[heading("Indicator ID")].to_string(),
            value.clone(),
            row[heading("Target")].to_string(),
        ));
        let mut cells = as_cells(&row[..heading("Verified value")]);
        cells.push(match value {
            Data::Float(f) => n(*f),
            _ => t("Not achieved"),
        });
        cells.extend([
            t("Cabinet minutes"),
            t("A Checker"),
            d(2026, 11, 5),
            t("Verified"),
        ]);
        filled = filled.row(cells);
    }
    reported.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        reported,
        [
            ("P1".to_string(), Data::Float(92.0), "90".to_string()),
            (
                "P2".to_string(),
                Data::String("Achieved".into()),
                "Yes".to_string()
            ),
        ]
    );
    let completed = dir.path().join("completed.xlsx");
    write_xlsx(&completed, &[filled]).unwrap();
    let output = golden_thread()
        .args(["spot-check", "verify", "--format", "json", "--as-of", AS_OF])
        .arg(&completed)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json}");
    assert_eq!(findings[0]["rule"], "spotcheck.mismatch");
    assert!(
        findings[0]["message"].as_str().unwrap().ends_with(
            "the checker verified 'Not achieved' but 'Achieved' was reported; correct the return before the status is published."
        ),
        "{json}"
    );
}
