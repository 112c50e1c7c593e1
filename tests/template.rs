//! `template`: blank templates from the schema, and a template filled in correctly
//! checks with no finding.

use calamine::{Data, Reader, Xlsx, open_workbook};
use golden_thread::schema::Schema;
use golden_thread::write::layout::{Cell, d, t};
use golden_thread::write::template::{Block, Filled, TemplateKind, template_workbook};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

mod common;
use common::golden_thread;

fn risk(id: &str, owner: &str) -> HashMap<String, Cell> {
    let values: Vec<(&str, Cell)> = vec![
        ("id", t(id)),
        ("title", t("Budget overspend in home to school transport")),
        ("kind", t("Risk")),
        ("owner", t(owner)),
        ("inherent_likelihood", t("4 - Likely")),
        ("inherent_impact", t("4 - Major")),
        ("current_likelihood", t("3 - Possible")),
        ("current_impact", t("3 - Moderate")),
        ("target_likelihood", t("2 - Unlikely")),
        ("target_impact", t("2 - Minor")),
        (
            "controls",
            t("Monthly budget monitoring with the service accountant"),
        ),
        ("response", t("Treat")),
        ("further_actions", t("Retender the contracts in clusters")),
        ("action_owner", t("Transport Manager")),
        ("action_due", d(2027, 3, 31)),
        ("action_status", t("On track")),
        ("last_review", d(2026, 10, 15)),
        ("next_review", d(2026, 11, 15)),
        ("status", t("Open")),
    ];
    values
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

fn write(path: &Path, filled: &Filled) {
    let schema = Schema::embedded().unwrap();
    let block = Block {
        service: Some("Transport".into()),
        directorate: Some("Children and Families".into()),
        completed_by: Some("Sam Patel".into()),
        reporting_date: chrono::NaiveDate::from_ymd_opt(2026, 10, 31),
    };
    let mut workbook =
        template_workbook(TemplateKind::RiskRegister, &schema, &block, filled).unwrap();
    workbook.save(path).unwrap();
}

fn check(path: &Path) -> (i32, serde_json::Value) {
    let output = golden_thread()
        .args(["check", "--format", "json", "--as-of", "2026-10-31"])
        .arg(path)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        serde_json::from_slice(&output.stdout).unwrap(),
    )
}

#[test]
fn a_filled_in_risk_register_template_checks_with_no_finding() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("transport.xlsx");
    // A risk reviewed quarterly, last reviewed over a month ago: not overdue by its own
    // cycle, chosen from the template's drop-down.
    let mut quarterly = risk("TR-03", "Transport Manager");
    quarterly.insert("review_frequency".into(), t("Quarterly"));
    quarterly.insert("last_review".into(), d(2026, 8, 20));
    quarterly.insert("next_review".into(), d(2026, 11, 20));
    write(
        &path,
        &vec![
            risk("TR-01", "Head of Transport"),
            risk("TR-02", "Transport Manager"),
            quarterly,
        ],
    );
    let (code, json) = check(&path);
    assert_eq!(json["findings"], serde_json::json!([]), "{json}");
    assert_eq!(code, 0);
    // The score and rating are formulas saved with their results.
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    let range = workbook.worksheet_range("Risk Register").unwrap();
    let header: Vec<String> = range
        .rows()
        .nth(6)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let column = |heading: &str| {
        header
            .iter()
            .position(|h| h == heading)
            .unwrap_or_else(|| panic!("{heading}: {header:?}"))
    };
    let first = range.rows().nth(7).unwrap();
    assert_eq!(first[column("Score")], Data::Float(9.0));
    assert_eq!(first[column("Rating")], Data::String("High".into()));
    assert_eq!(first[column("Inherent score")], Data::Float(16.0));
    assert_eq!(first[column("Response")], Data::String("Treat".into()));
    let formulas = workbook.worksheet_formula("Risk Register").unwrap();
    assert!(
        formulas.cells().any(|(_, _, f)| f.contains("VALUE(LEFT(")),
        "the score is a formula"
    );
}

#[test]
fn a_mistake_in_a_filled_template_is_reported_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("transport.xlsx");
    let mut second = risk("TR-02", "");
    second.remove("owner");
    write(&path, &vec![risk("TR-01", "Head of Transport"), second]);
    let (code, json) = check(&path);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json}");
    assert_eq!(findings[0]["rule"], "risk.required");
    assert_eq!(findings[0]["field"], "owner");
    assert_eq!(findings[0]["cell"], "F9", "Risk owner is the sixth column");
    assert_eq!(
        findings[0]["row"], 9,
        "the second risk, under the header on row 7"
    );
    assert_eq!(code, 1);
}

/// The XML of a workbook's first sheet, where its drop-downs and formats are.
fn first_sheet_xml(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn templates_have_drop_downs_formats_protection_and_guidance() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["risk-register", "indicator-return", "definitions"] {
        let path = dir.path().join(format!("{name}.xlsx"));
        let output = golden_thread()
            .args(["template", name, "--out"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        let (code, json) = check(&path);
        assert_eq!(code, 0, "a blank template has no errors: {json}");
        let rules: Vec<&str> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert_eq!(rules, ["sheet.no-rows"], "{name}: only 'no rows yet'");
    }
    let xml = first_sheet_xml(&dir.path().join("risk-register.xlsx"));
    assert!(
        xml.contains("1 - Rare,2 - Unlikely,3 - Possible,4 - Likely,5 - Almost certain"),
        "likelihood drop-down"
    );
    assert!(
        xml.contains("1 - Insignificant,2 - Minor,3 - Moderate,4 - Major,5 - Significant"),
        "impact drop-down"
    );
    assert!(
        xml.contains("Treat,Tolerate,Transfer,Terminate"),
        "response drop-down"
    );
    assert!(
        xml.contains(r#"errorStyle="warning""#)
            && xml.contains("Monthly,Quarterly,Six-monthly,Annually"),
        "review frequency drop-down, taking another cycle with a warning"
    );
    assert!(xml.contains(r#"type="date""#), "date validation");
    assert!(
        xml.contains("<conditionalFormatting"),
        "bands by conditional formatting"
    );
    assert!(xml.contains("<sheetProtection"), "formula cells protected");
    // The return's units, a milestone among them (its target a date, its actual in
    // words).
    assert!(
        first_sheet_xml(&dir.path().join("indicator-return.xlsx"))
            .contains("Percentage,Number,Currency,Days,Rate,Time,Score,Milestone"),
        "unit drop-down"
    );
    let names = {
        let workbook: Xlsx<_> = open_workbook(dir.path().join("risk-register.xlsx")).unwrap();
        workbook.sheet_names()
    };
    assert_eq!(names, ["Risk Register", "Guidance"]);
    // The return's columns: those an officer fills in, not those only read when given
    // (its year, comparators, year to date and forecast).
    let headings = |name: &str| -> Vec<String> {
        let mut workbook: Xlsx<_> = open_workbook(dir.path().join(name)).unwrap();
        let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
        sheet
            .rows()
            .find(|row| row[0] == calamine::Data::String("Indicator ID".into()))
            .unwrap()
            .iter()
            .map(|cell| cell.to_string())
            .filter(|heading| !heading.is_empty())
            .collect()
    };
    assert_eq!(
        headings("indicator-return.xlsx"),
        [
            "Indicator ID",
            "Indicator",
            "Period",
            "Actual",
            "Target",
            "Numerator",
            "Denominator",
            "RAG",
            "Commentary",
            "Action",
            "Owner",
            "Unit",
            "Polarity",
            "Frequency",
            "Statutory",
            "Corporate priority"
        ]
    );
    // The library's: an amber tolerance is the library's to set, not the return's.
    assert_eq!(
        headings("definitions.xlsx"),
        [
            "Indicator ID",
            "Indicator",
            "Definition",
            "Unit",
            "Polarity",
            "Frequency",
            "Statutory",
            "Numerator",
            "Denominator",
            "Target",
            "Decimal places",
            "Amber tolerance",
            "Data owner",
            "Corporate priority"
        ]
    );
}

#[test]
fn the_annotated_copy_keeps_every_value_and_notes_exactly_the_cells_with_findings() {
    let dir = tempfile::tempdir().unwrap();
    golden_thread::write::samples::build(dir.path(), false).unwrap();
    let original = dir
        .path()
        .join(golden_thread::write::samples::paths::HIGHWAYS);
    let before = std::fs::read(&original).unwrap();
    let checked = dir.path().join("checked");
    let output = golden_thread()
        .args([
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-10-31",
            "--annotate",
        ])
        .arg(&checked)
        .arg(&original)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let copy = checked.join("highways.checked.xlsx");
    assert_eq!(
        std::fs::read(&original).unwrap(),
        before,
        "the original is never touched"
    );

    let mut source: Xlsx<_> = open_workbook(&original).unwrap();
    let mut annotated: Xlsx<_> = open_workbook(&copy).unwrap();
    assert_eq!(annotated.sheet_names(), ["Findings", "Risk Register"]);
    let a = source.worksheet_range("Risk Register").unwrap();
    let b = annotated.worksheet_range("Risk Register").unwrap();
    let mut compared = 0;
    for (row, column, value) in a.used_cells() {
        let (row, column) = (
            row as u32 + a.start().unwrap().0,
            column as u32 + a.start().unwrap().1,
        );
        assert_eq!(
            b.get_value((row, column)),
            Some(value),
            "cell {row},{column}"
        );
        compared += 1;
    }
    assert!(compared > 100, "{compared}");
    // Dates stay dates.
    assert!(
        matches!(b.get_value((6, 11)), Some(Data::DateTime(_))),
        "{:?}",
        b.get_value((6, 11))
    );

    // Notes on exactly the cells with findings.
    let expected: std::collections::BTreeSet<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["cell"].as_str().map(str::to_string))
        .collect();
    assert_eq!(expected.len(), 3, "G9, H11, M12");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&copy).unwrap()).unwrap();
    let names: Vec<String> = (0..zip.len())
        .map(|i| {
            zip.by_index(i)
                .unwrap()
                .name()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    let comments: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("xl/comments"))
        .collect();
    assert_eq!(comments.len(), 1, "{names:?}");
    let mut xml = String::new();
    zip.by_name(comments[0])
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let noted: std::collections::BTreeSet<String> = xml
        .split("<comment ref=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect();
    assert_eq!(noted, expected);
    assert!(
        xml.contains("risk.score-mismatch"),
        "the note carries the finding"
    );
    // The first sheet lists the findings, each linked to its cell.
    let list = annotated.worksheet_range("Findings").unwrap();
    assert_eq!(list.height(), 4);
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(
        sheet.contains("location=\"&apos;Risk Register&apos;!G9\"")
            || sheet.contains("location=\"'Risk Register'!G9\""),
        "linked"
    );
}
