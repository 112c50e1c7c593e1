//! End-to-end tests: build workbooks in a temporary folder, run the real binary, and
//! assert the exact findings (cell, rule, severity) and exit status.

use assert_cmd::Command;
use golden_thread::write::layout::{Cell, SheetLayout, d, f, n, t, write_csv, write_xlsx};
use golden_thread::write::samples::{self, paths};
use serde_json::Value;
use std::path::{Path, PathBuf};

mod common;
use common::{AS_OF, schema_with, texts};

/// The binary, with NO_COLOR unset so colour follows the terminal alone.
fn golden_thread() -> Command {
    let mut command = common::golden_thread();
    command.env_remove("NO_COLOR");
    command
}

/// A finding as (file name, sheet, cell, rule, severity).
type Located = (String, String, String, String, String);

/// Run `check --format json` and return the exit code, the located findings and the JSON.
fn check_json(args: &[&str]) -> (i32, Vec<Located>, Value) {
    let output = golden_thread()
        .args(["check", "--format", "json", "--as-of", AS_OF])
        .args(args)
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("json ({e}): {}", String::from_utf8_lossy(&output.stdout)));
    let findings = json["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            let file = Path::new(f["file"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let text = |key: &str| f[key].as_str().unwrap_or("").to_string();
            (
                file,
                text("sheet"),
                text("cell"),
                text("rule"),
                text("severity"),
            )
        })
        .collect();
    (output.status.code().unwrap_or(-1), findings, json)
}

/// Write `text` as the file `name` in `dir` and check it alone.
fn check_text(dir: &Path, name: &str, text: &str) -> (i32, Vec<Located>, Value) {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    check_json(&[path.to_str().unwrap()])
}

/// Every finding's message, in order.
fn messages(json: &Value) -> Vec<&str> {
    json["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect()
}

/// The (sheet, cell, rule) of findings, for a workbook of several sheets.
fn sheets_cells_and_rules(findings: &[Located]) -> Vec<(&str, &str, &str)> {
    findings
        .iter()
        .map(|f| (f.1.as_str(), f.2.as_str(), f.3.as_str()))
        .collect()
}

/// The (cell, rule) pairs of findings, for asserting where each was reported.
fn cells_and_rules(findings: &[Located]) -> Vec<(&str, &str)> {
    findings
        .iter()
        .map(|f| (f.2.as_str(), f.3.as_str()))
        .collect()
}

fn finding(
    file: &str,
    sheet: &str,
    cell: &str,
    rule: &str,
    severity: &str,
) -> (String, String, String, String, String) {
    (
        file.into(),
        sheet.into(),
        cell.into(),
        rule.into(),
        severity.into(),
    )
}

/// A folder for a test's workbooks, named as a directorate's folder would be.
fn workdir() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("corporate-services");
    std::fs::create_dir(&dir).unwrap();
    (tmp, dir)
}

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// The sample council built afresh, with the LibreOffice-saved .xls and .ods copied in.
fn sample_council() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    samples::build(dir.path(), false).unwrap();
    for relative in [paths::HOUSING, paths::EDUCATION] {
        std::fs::copy(samples_dir().join(relative), dir.path().join(relative)).unwrap();
    }
    dir
}

#[test]
fn every_planted_mistake_in_the_sample_council_is_found_at_its_cell() {
    let dir = sample_council();
    let returns = dir.path().join("returns");
    let owners = dir.path().join(paths::OFFICERS);
    let definitions = dir.path().join(paths::DEFINITIONS);
    let (code, findings, json) = check_json(&[
        returns.to_str().unwrap(),
        "--owners",
        owners.to_str().unwrap(),
        "--definitions",
        definitions.to_str().unwrap(),
    ]);
    // Every mistake planted in src/write/samples.rs, and nothing else.
    let planted: &[(&str, &str, &str, &str, &str)] = &[
        (
            "adult-social-care-indicators.xlsx",
            "Monthly",
            "C5",
            "indicator.definition-mismatch",
            "warning",
        ),
        (
            "adult-social-care-indicators.xlsx",
            "Monthly",
            "I5",
            "indicator.outlier",
            "warning",
        ),
        (
            "adult-social-care-indicators.xlsx",
            "Monthly",
            "L5",
            "indicator.commentary-missing",
            "warning",
        ),
        (
            "adult-social-care.xlsx",
            "ASC Register",
            "E8",
            "risk.owner-unknown",
            "warning",
        ),
        (
            "adult-social-care.xlsx",
            "ASC Register",
            "F8",
            "cell.type",
            "error",
        ),
        (
            "adult-social-care.xlsx",
            "ASC Register",
            "H10",
            "cell.formula-error",
            "error",
        ),
        (
            "adult-social-care.xlsx",
            "Action Plan",
            "E3",
            "risk.action-overdue",
            "warning",
        ),
        (
            "adult-social-care.xlsx",
            "Action Plan",
            "B5",
            "risk.action-unmatched",
            "warning",
        ),
        ("housing.xls", "Housing", "A4", "risk.duplicate-id", "error"),
        (
            "housing.xls",
            "Housing",
            "G5",
            "risk.rating-mismatch",
            "error",
        ),
        (
            "childrens-indicators.csv",
            "childrens-indicators",
            "E5",
            "indicator.value-invalid",
            "error",
        ),
        (
            "childrens-indicators.csv",
            "childrens-indicators",
            "F14",
            "indicator.target-missing",
            "error",
        ),
        (
            "childrens-safeguarding.xlsx",
            "Register",
            "C10",
            "risk.required",
            "error",
        ),
        (
            "education.ods",
            "Education",
            "H5",
            "risk.target-above-current",
            "warning",
        ),
        (
            "education.ods",
            "Education",
            "M6",
            "risk.review-in-future",
            "error",
        ),
        (
            "highways-indicators.xlsx",
            "Indicators",
            "F8",
            "indicator.calculation-mismatch",
            "error",
        ),
        (
            "highways-indicators.xlsx",
            "Indicators",
            "H9",
            "indicator.rag-mismatch",
            "error",
        ),
        (
            "highways-indicators.xlsx",
            "Indicators",
            "I10",
            "indicator.commentary-missing",
            "warning",
        ),
        (
            "highways-indicators.xlsx",
            "Indicators",
            "J10",
            "indicator.direction-mismatch",
            "warning",
        ),
        (
            "highways-indicators.xlsx",
            "Indicators",
            "F12",
            "indicator.milestone",
            "info",
        ),
        (
            "highways-indicators.xlsx",
            "Indicators",
            "G12",
            "indicator.milestone-overdue",
            "warning",
        ),
        (
            "highways.xlsx",
            "Risk Register",
            "G9",
            "risk.score-mismatch",
            "error",
        ),
        (
            "highways.xlsx",
            "Risk Register",
            "H11",
            "risk.rating-mismatch",
            "error",
        ),
        (
            "highways.xlsx",
            "Risk Register",
            "M12",
            "risk.review-overdue",
            "warning",
        ),
        (
            "planning.csv",
            "planning",
            "D3",
            "risk.likelihood-range",
            "error",
        ),
        ("planning.csv", "planning", "C4", "risk.required", "error"),
        (
            "waste-and-recycling.xlsx",
            "Waste Risks",
            "I8",
            "risk.residual-above-inherent",
            "warning",
        ),
        (
            "waste-and-recycling.xlsx",
            "Waste Risks",
            "N9",
            "risk.actions-missing",
            "error",
        ),
        (
            "waste-and-recycling.xlsx",
            "Waste Risks",
            "P10",
            "cell.type",
            "error",
        ),
        (
            "waste-and-recycling.xlsx",
            "Waste Risks",
            "P11",
            "risk.action-overdue",
            "warning",
        ),
        (
            "waste-indicators.xlsx",
            "KPIs",
            "F4",
            "indicator.rag-mismatch",
            "error",
        ),
        (
            "waste-indicators.xlsx",
            "KPIs",
            "G4",
            "indicator.value-missing",
            "error",
        ),
        (
            "waste-indicators.xlsx",
            "KPIs",
            "A5",
            "indicator.definition-unknown",
            "error",
        ),
        (
            "waste-indicators.xlsx",
            "KPIs",
            "K5",
            "priority.unknown",
            "warning",
        ),
        (
            "definitions.xlsx",
            "Definitions",
            "L8",
            "definition.incomplete",
            "warning",
        ),
    ];
    let expected: Vec<Located> = planted
        .iter()
        .map(|(f, s, c, r, v)| finding(f, s, c, r, v))
        .collect();
    assert_eq!(findings, expected);
    assert_eq!(code, 1);
    assert_eq!(
        json["summary"],
        serde_json::json!({"files": 12, "errors": 19, "warnings": 15})
    );
}

#[test]
fn committed_samples_match_what_the_generator_builds() {
    let fresh = sample_council();
    let (_, from_fresh, _) = check_json(&[fresh.path().join("returns").to_str().unwrap()]);
    let (_, from_committed, _) = check_json(&[samples_dir().join("returns").to_str().unwrap()]);
    assert_eq!(
        from_fresh, from_committed,
        "samples/ is stale: run `cargo run --example build_samples -- samples`"
    );
}

const SIMPLE_HEADER: &[&str] = &[
    "Risk ID",
    "Risk",
    "Risk Owner",
    "Likelihood",
    "Impact",
    "Score",
    "Rating",
    "Current Controls",
    "Further Actions",
    "Action Owner",
    "Action Due",
    "Last Reviewed",
];

fn clean_row(id: &str) -> Vec<Cell> {
    vec![
        t(id),
        t("Budget overspend"),
        t("Head of Finance"),
        t("3 - Possible"),
        n(3.0),
        f("=D2*E2", 9),
        t("High"),
        t("Monthly budget monitoring"),
        t("Recovery plan"),
        t("Finance Manager"),
        d(2027, 3, 31),
        d(2026, 10, 15),
    ]
}

#[test]
fn a_clean_register_has_no_findings_and_exits_zero() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("finance.xlsx");
    let layout = SheetLayout::new("Register")
        .bold_row(texts(SIMPLE_HEADER))
        .row(clean_row("FN-01"))
        .row(clean_row("FN-02"));
    write_xlsx(&path, std::slice::from_ref(&layout)).unwrap();
    let csv = dir.as_path().join("finance-export.csv");
    write_csv(&csv, &layout).unwrap();
    let (code, findings, _) = check_json(&[path.to_str().unwrap(), csv.to_str().unwrap()]);
    assert_eq!(findings, vec![]);
    assert_eq!(code, 0);
}

#[test]
fn the_reporting_date_may_be_typed_as_a_uk_officer_types_it_never_in_us_order() {
    let (_tmp, dir) = workdir();
    let path = dir.join("finance.csv");
    std::fs::write(
        &path,
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Controls,Last Reviewed\n\
         FN-01,Budget gap,Head of Finance,2,2,Monitoring,15/09/2026\n",
    )
    .unwrap();
    let run = |as_of: &str| {
        golden_thread()
            .args(["check", "--format", "json", "--as-of", as_of])
            .arg(&path)
            .output()
            .unwrap()
    };
    for as_of in ["2026-10-31", "31/10/2026"] {
        let json: Value = serde_json::from_slice(&run(as_of).stdout).unwrap();
        assert_eq!(
            json["findings"][0]["rule"], "risk.review-overdue",
            "{as_of}"
        );
        assert!(
            json["findings"][0]["message"]
                .as_str()
                .unwrap()
                .contains("the reporting date 31/10/2026"),
            "{json}"
        );
    }
    for as_of in ["10/31/2026", "31/10/26"] {
        let output = run(as_of);
        assert_eq!(output.status.code(), Some(2), "{as_of}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(&format!(
                "'{as_of}' is not a date in the form YYYY-MM-DD (or DD/MM/YYYY), such as 2026-10-31"
            )),
            "{as_of}"
        );
    }
}

/// `consolidate` the folder `dir` to `out.xlsx` beside it in `tmp`, as at the test date.
fn consolidated(tmp: &Path, dir: &Path) -> PathBuf {
    let out = tmp.join("out.xlsx");
    common::consolidate_to("directorate", &out)
        .arg(dir)
        .output()
        .unwrap();
    out
}

/// Each risk's ID and current likelihood, impact and score on All risks, as text.
fn current_scores(out: &Path) -> Vec<Vec<String>> {
    common::column_texts(
        out,
        "All risks",
        &["ID", "Current L", "Current I", "Current score"],
    )
}

/// The rows (as numbers) that findings were made on, each once.
fn rows_with_findings(findings: &[Located]) -> Vec<String> {
    let rows: std::collections::BTreeSet<String> = findings
        .iter()
        .map(|(_, _, cell, _, _)| cell.trim_start_matches(char::is_alphabetic).to_string())
        .collect();
    rows.into_iter().collect()
}

/// The Register sheet's Ledger line: rows read, rows taken, why rows were left out.
fn register_ledger(out: &Path) -> (String, String, String) {
    let ledger = common::table(out, "Ledger");
    let line = ledger.iter().find(|r| r["Sheet"] == "Register").unwrap();
    (
        line["Rows read"].to_string(),
        line["Rows taken"].to_string(),
        line["Reason"].to_string(),
    )
}

#[test]
fn the_lists_a_registers_drop_downs_draw_on_are_not_read_as_risks() {
    let (tmp, dir) = workdir();
    let path = dir.join("finance.xlsx");
    let register = SheetLayout::new("Register")
        .bold_row(texts(SIMPLE_HEADER))
        .row(clean_row("FN-01"));
    // The drop-downs' lists: hidden; or shown, under a name of no meaning, with each
    // level once.
    let levels = |name: &str| {
        let mut sheet = SheetLayout::new(name).bold_row(texts(&[
            "Likelihood",
            "Impact",
            "Rating",
            "Risk Owner",
        ]));
        for (likelihood, impact, rating, owner) in [
            ("1 - Rare", "1 - Insignificant", "Low", "Head of Finance"),
            ("2 - Unlikely", "2 - Minor", "Medium", "Finance Manager"),
            ("3 - Possible", "3 - Moderate", "High", ""),
            ("4 - Likely", "4 - Major", "Very high", ""),
            ("5 - Almost certain", "5 - Significant", "", ""),
        ] {
            sheet = sheet.row(texts(&[likelihood, impact, rating, owner]));
        }
        sheet
    };
    let mut hidden = levels("Validation");
    hidden.hidden = true;
    // A register that lacks its ID and title columns is still a register, with its
    // missing columns named, though its impacts are each level once (not in order).
    let untitled = SheetLayout::new("Fleet")
        .bold_row(texts(&[
            "Risk Owner",
            "Likelihood",
            "Impact",
            "Current Controls",
        ]))
        .row(texts(&["Fleet Manager", "2", "3", "Servicing"]))
        .row(texts(&["Fleet Manager", "2", "4", "Telematics"]))
        .row(texts(&["Fleet Manager", "2", "2", "Training"]));
    write_xlsx(&path, &[register, hidden, levels("Data"), untitled]).unwrap();
    let (code, findings, _) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        sheets_cells_and_rules(&findings),
        [
            ("Fleet", "A1", "header.missing-column"),
            ("Fleet", "A1", "header.missing-column"),
            ("Fleet", "A1", "risk.review-overdue")
        ]
    );
    let out = consolidated(tmp.path(), &dir);
    let ledger: Vec<Vec<String>> = common::column_texts(
        &out,
        "Ledger",
        &["Sheet", "Rows read", "Rows taken", "Reason"],
    );
    assert_eq!(
        ledger[1..3],
        [
            [
                "Validation",
                "6",
                "0",
                "a hidden sheet headed like a register with no risk ID or title column: the lists its drop-downs draw on"
            ],
            [
                "Data",
                "6",
                "0",
                "the scale's levels each once in order, with no risk ID or title column: the lists a register's drop-downs draw on"
            ],
        ]
    );
    // Counting down past the scale's bottom is no list, and no trouble to read.
    let mut countdown = SheetLayout::new("Countdown").bold_row(texts(&[
        "Risk Owner",
        "Likelihood",
        "Impact",
        "Current Controls",
    ]));
    for level in [5.0, 4.0, 3.0, 2.0, 1.0, 0.0, 0.0] {
        countdown = countdown.row(vec![t("Fleet Manager"), n(level), n(1.0), t("Servicing")]);
    }
    let path = dir.join("countdown.xlsx");
    write_xlsx(&path, &[countdown]).unwrap();
    let (code, findings, _) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        sheets_cells_and_rules(&findings)[..2],
        [
            ("Countdown", "A1", "header.missing-column"),
            ("Countdown", "A1", "header.missing-column")
        ]
    );
}

#[test]
fn golden_thread_citations_are_read_under_the_headings_councils_give_them() {
    let (_tmp, dir) = workdir();
    let library = samples_dir().join(paths::DEFINITIONS);
    for heading in [
        "Link to Council Plan",
        "Council Plan Objective",
        "Council Plan Theme",
        "Link to Corporate Priorities",
        // A Welsh council's corporate plan is its well-being objectives.
        "Link to Well-being Objectives",
        "Amcan Llesiant",
    ] {
        let path = dir.join("roads.csv");
        std::fs::write(
            &path,
            format!(
                "Risk ID,Risk,Risk Owner,Likelihood,Impact,Current Controls,Last Reviewed,{heading}\n\
                 RD-01,Bridge failure,Head of Highways,2,2,Inspections,20/10/2026,A greener countyy\n"
            ),
        )
        .unwrap();
        let (_, findings, _) = check_json(&[
            path.to_str().unwrap(),
            "--definitions",
            library.to_str().unwrap(),
        ]);
        let roads: Vec<Located> = findings
            .into_iter()
            .filter(|f| f.0.ends_with("roads.csv"))
            .collect();
        assert_eq!(
            cells_and_rules(&roads),
            [("H2", "priority.unknown")],
            "{heading}"
        );
    }
}

#[test]
fn an_opportunity_register_headed_in_its_own_words_is_read_and_not_asked_for_controls() {
    let (tmp, dir) = workdir();
    let (code, findings, json) = check_text(
        &dir,
        "growth.csv",
        "Opportunity Ref,Opportunity,Opportunity Owner,Likelihood of Realisation,Size of Benefit,Score,Actions to Realise,Action Owner,Due Date,Last Reviewed\n\
         OP-01,Solar farm income,Head of Property,3,4,12,Business case,Head of Property,31/03/2027,20/10/2026\n\
         OP-02,Shared service with a neighbour,Head of Finance,2,3,6,Talks,Head of Finance,31/12/2026,20/10/2026\n",
    );
    assert_eq!(code, 0);
    assert_eq!(cells_and_rules(&findings), [], "{json}");
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &["ID", "Type", "Owner", "Current score", "Further actions"]
        ),
        [
            [
                "OP-01",
                "Opportunity",
                "Head of Property",
                "12",
                "Business case"
            ],
            ["OP-02", "Opportunity", "Head of Finance", "6", "Talks"],
        ]
    );
}

#[test]
fn notes_under_a_register_are_left_out_and_listed_in_the_ledger_not_read_as_risks() {
    let (tmp, dir) = workdir();
    let path = dir.as_path().join("finance.xlsx");
    let layout = SheetLayout::new("Register")
        .bold_row(texts(SIMPLE_HEADER))
        .row(clean_row("FN-01"))
        .row(clean_row("FN-02"))
        .row(vec![])
        .row(vec![t("Note: scores agreed at DMT on 12/10/2026")])
        .row(vec![t(
            "* Target scores assume the recovery plan is delivered",
        )])
        // Only a title so far: a risk being written, not a note.
        .row(vec![
            Cell::Blank,
            t("Notebook replacement programme stalls"),
        ])
        // A key in a box of cells merged over two rows (A8:L9): one note.
        .row(vec![t("Key: L = likelihood, I = impact")])
        .merge(7, 0, 8, 11)
        // An owner merged down (C2:C3), so the sheet's merged regions are read.
        .merge(1, 2, 2, 2);
    write_xlsx(&path, &[layout]).unwrap();
    let (_, findings, _) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        rows_with_findings(&findings),
        ["7"],
        "only the unfinished risk on row 7 has findings: {findings:?}"
    );
    assert!(findings.contains(&finding(
        "finance.xlsx",
        "Register",
        "C7",
        "risk.required",
        "error"
    )));
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        register_ledger(&out),
        (
            "6".into(),
            "3".into(),
            "1 x a note: '* Target scores assume the recovery plan is delivered'; \
             1 x a note: 'Key: L = likelihood, I = impact'; \
             1 x a note: 'Note: scores agreed at DMT on 12/10/2026'"
                .into()
        )
    );
}

#[test]
fn totals_lines_under_a_register_are_left_out_and_a_title_beginning_total_is_a_risk() {
    let (tmp, dir) = workdir();
    let path = dir.as_path().join("finance.xlsx");
    let mut sum = vec![t("Total")];
    sum.resize(5, Cell::Blank);
    sum.push(n(18.0));
    let layout = SheetLayout::new("Register")
        .bold_row(texts(SIMPLE_HEADER))
        .row(clean_row("FN-01"))
        .row(clean_row("FN-02"))
        // The score column summed, and a count typed under the table.
        .row(sum)
        .row(vec![t("Total risks: 2")])
        // A risk being written whose title begins "Total": a risk with its findings.
        .row(vec![Cell::Blank, t("Total loss of power at the depot")]);
    write_xlsx(&path, &[layout]).unwrap();
    let (_, findings, _) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        rows_with_findings(&findings),
        ["6"],
        "only the risk being written on row 6 has findings: {findings:?}"
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        register_ledger(&out),
        (
            "5".into(),
            "3".into(),
            "1 x a totals row: 'Total risks: 2'; 1 x a totals row: 'Total'".into()
        )
    );
}

#[test]
fn cells_merged_down_a_register_read_as_the_officer_sees_them() {
    let (tmp, dir) = workdir();
    let path = dir.as_path().join("finance.xlsx");
    let mut continued = clean_row("FN-03");
    continued[7] = t("Monthly budget monitoring");
    let control = |text: &str| {
        let mut row = vec![Cell::Blank; SIMPLE_HEADER.len()];
        row[7] = t(text);
        row
    };
    let layout = SheetLayout::new("Register")
        .bold_row(texts(SIMPLE_HEADER))
        .row(clean_row("FN-01"))
        .row(clean_row("FN-02"))
        // One owner merged down over FN-01 and FN-02 (C2:C3).
        .merge(1, 2, 2, 2)
        // FN-03 carried on over three rows, a control a row: its ID, title, owner,
        // scores and dates merged down (A4:G6, J4:L6), the controls in H4, H5, H6.
        .row(continued)
        .row(control("Spend freeze on agency staff"))
        .row(control("Weekly finance clinic"));
    let layout = [0u16, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11]
        .into_iter()
        .fold(layout, |layout, column| layout.merge(3, column, 5, column));
    write_xlsx(&path, &[layout]).unwrap();
    let (code, findings, _) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(findings, vec![], "no blank owner, title or score reported");
    assert_eq!(code, 0);
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID", "Owner", "Controls"]),
        [
            ["FN-01", "Head of Finance", "Monthly budget monitoring"],
            ["FN-02", "Head of Finance", "Monthly budget monitoring"],
            [
                "FN-03",
                "Head of Finance",
                "Monthly budget monitoring\nSpend freeze on agency staff\nWeekly finance clinic"
            ],
        ]
    );
    assert_eq!(
        register_ledger(&out),
        (
            "5".into(),
            "3".into(),
            "2 x continues FN-03 from row 4 (merged down)".into()
        )
    );
}

#[test]
fn a_risk_carried_on_over_rows_without_merging_is_one_risk_with_every_control_and_action() {
    let (tmp, dir) = workdir();
    let path = dir.as_path().join("finance.xlsx");
    // Controls, actions, action owners and due dates (H to K) only: a risk's next line.
    let line = |control: &str, action: Option<(&str, &str, Cell)>| {
        let mut row = vec![Cell::Blank; SIMPLE_HEADER.len()];
        row[7] = t(control);
        if let Some((action, owner, due)) = action {
            row[8] = t(action);
            row[9] = t(owner);
            row[10] = due;
        }
        row
    };
    let layout = SheetLayout::new("Register")
        .bold_row(texts(SIMPLE_HEADER))
        .row(clean_row("FN-01"))
        .row(line(
            "Spend freeze on agency staff",
            Some(("Vacancy review", "Head of HR", d(2026, 12, 31))),
        ))
        .row(line("Weekly finance clinic", None))
        // The same owner typed again on the next line is not repeated.
        .row(line(
            "Monthly budget monitoring",
            Some(("Income review", "Finance Manager", t("Ongoing"))),
        ))
        .row(clean_row("FN-02"))
        .row(vec![])
        // Controls alone after a blank row: a risk begun, not FN-02's next line.
        .row(line("Insurance cover", None));
    write_xlsx(&path, &[layout]).unwrap();
    let (_, findings, _) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        rows_with_findings(&findings),
        ["8"],
        "only the risk begun on row 8 has findings: {findings:?}"
    );
    assert!(findings.contains(&finding(
        "finance.xlsx",
        "Register",
        "A8",
        "risk.required",
        "error"
    )));
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &["ID", "Controls", "Further actions", "Action owner"]
        ),
        [
            [
                "FN-01",
                "Monthly budget monitoring\nSpend freeze on agency staff\nWeekly finance clinic",
                "Recovery plan\nVacancy review\nIncome review",
                "Finance Manager\nHead of HR",
            ],
            [
                "FN-02",
                "Monthly budget monitoring",
                "Recovery plan",
                "Finance Manager"
            ],
            ["", "Insurance cover", "", ""],
        ]
    );
    // Every due date kept, as written, a line each.
    let all = common::table(&out, "All risks");
    assert_eq!(
        all[0]["Action due"],
        calamine::Data::String("31/03/2027\n31/12/2026\nOngoing".into())
    );
    assert!(matches!(all[1]["Action due"], calamine::Data::DateTime(_)));
    assert_eq!(
        register_ledger(&out),
        (
            "6".into(),
            "3".into(),
            "3 x continues FN-01 from row 2 (its ID and title left blank)".into()
        )
    );
}

#[test]
fn each_action_kept_a_row_or_a_line_each_is_checked_for_being_overdue_at_its_own_cell() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("finance.xlsx");
    let with_actions = |id: &str, actions: &str, owners: &str, dues: Cell| {
        let mut row = clean_row(id);
        row[8] = t(actions);
        row[9] = t(owners);
        row[10] = dues;
        row
    };
    let action = |text: &str, owner: &str, due: Cell| {
        let mut row = vec![Cell::Blank; SIMPLE_HEADER.len()];
        row[8] = t(text);
        row[9] = t(owner);
        row[10] = due;
        row
    };
    let layout = SheetLayout::new("Register")
        .bold_row(texts(SIMPLE_HEADER))
        // Three actions a line each, their owners and due dates likewise: the second
        // is past due, though the last is not.
        .row(with_actions(
            "FN-01",
            "1. Recovery plan\n2. Vacancy review\n3. Income review",
            "Finance Manager\nHead of HR\nFinance Manager",
            t("31/03/2027\n31/08/2026\n30/06/2027"),
        ))
        // An action a row: the risk's ID to its scores merged down over three rows.
        .row(clean_row("FN-02"))
        .row(action("Agency spend freeze", "Head of HR", d(2026, 9, 30)))
        .row(action("Fees review", "Finance Manager", d(2027, 1, 31)))
        // An action a row, unmerged, one of them done.
        .row(clean_row("FN-03"))
        .row(action(
            "Completed: staffing review",
            "Head of HR",
            d(2026, 7, 31),
        ))
        .row(action(
            "Procurement savings",
            "Head of Procurement",
            d(2026, 10, 1),
        ));
    let layout = [0u16, 1, 2, 3, 4, 5, 6, 7, 11]
        .into_iter()
        .fold(layout, |layout, column| layout.merge(2, column, 4, column));
    write_xlsx(&path, &[layout]).unwrap();
    let (_, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        [
            ("K2", "risk.action-overdue"),
            ("K4", "risk.action-overdue"),
            ("K8", "risk.action-overdue"),
        ]
    );
    let messages = messages(&json);
    assert_eq!(
        messages,
        [
            "FN-01's action 'Vacancy review' was due by 31/08/2026 and is not marked complete at the reporting date 31/10/2026.",
            "FN-02's action 'Agency spend freeze' was due by 30/09/2026 and is not marked complete at the reporting date 31/10/2026.",
            "FN-03's action 'Procurement savings' was due by 01/10/2026 and is not marked complete at the reporting date 31/10/2026.",
        ]
    );
}

#[test]
fn a_sheet_of_opportunities_is_read_as_opportunities_by_its_name_title_or_heading() {
    let (tmp, dir) = workdir();
    let sheet = |name: &str, title: Option<&str>, heading: &str, id: &str| {
        let mut layout = SheetLayout::new(name);
        if let Some(title) = title {
            layout = layout.bold_row(texts(&[title])).row(vec![]);
        }
        layout
            .bold_row(texts(&[
                "Ref",
                heading,
                "Owner",
                "Likelihood",
                "Impact",
                "Score",
                "Controls",
                "Last Reviewed",
            ]))
            .row(vec![
                t(id),
                t("Shared service with a neighbouring council"),
                t("Chief Executive"),
                n(3.0),
                n(4.0),
                n(12.0),
                t("Business case"),
                d(2026, 10, 20),
            ])
    };
    let path = dir.join("corporate.xlsx");
    write_xlsx(
        &path,
        &[
            sheet("Risks", None, "Risk", "R-1"),
            sheet("Opportunities", None, "Title", "O-1"),
            sheet("Growth", Some("Opportunity Register"), "Title", "O-2"),
            sheet("Bids", None, "Opportunity Description", "O-3"),
        ],
    )
    .unwrap();
    // R-1 at 12 needs further actions; an opportunity does not.
    let (_, findings, _) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        sheets_cells_and_rules(&findings),
        [("Risks", "A2", "risk.actions-missing")]
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID", "Type"]),
        [
            ["R-1", "Risk"],
            ["O-1", "Opportunity"],
            ["O-2", "Opportunity"],
            ["O-3", "Opportunity"],
        ]
    );
}

#[test]
fn a_risks_response_is_carried_and_a_tolerated_risk_still_needs_its_actions() {
    let (tmp, dir) = workdir();
    let (_, findings, json) = check_text(
        &dir,
        "finance.csv",
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Risk Response,Last Reviewed\n\
         FN-01,Pension fund deficit,S151 Officer,3,3,9,Actuarial review,Tolerate,20/10/2026\n\
         FN-02,Insurance claims,S151 Officer,2,2,4,Policy cover,Transfer,20/10/2026\n\
         FN-03,Treasury losses,S151 Officer,3,3,9,Treasury strategy,Goddef / Tolerate,20/10/2026\n",
    );
    assert_eq!(
        cells_and_rules(&findings),
        [
            ("A2", "risk.actions-missing"),
            ("A4", "risk.actions-missing")
        ]
    );
    for (i, said) in ["Tolerate", "Goddef / Tolerate"].iter().enumerate() {
        assert_eq!(
            json["findings"][i]["message"],
            format!(
                "The current score 9 is at or above the risk appetite threshold of 9, so further actions with an owner and a due date are needed; missing: the further actions, a due date. Its response is '{said}': the framework asks for further actions at this score all the same."
            )
        );
    }
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID", "Response"]),
        [
            ["FN-01", "Tolerate"],
            ["FN-02", "Transfer"],
            ["FN-03", "Goddef / Tolerate"]
        ]
    );
}

#[test]
fn a_registers_status_and_response_in_welsh_alone_are_read() {
    let (_tmp, dir) = workdir();
    let (_, findings, json) = check_text(
        &dir,
        "cyllid.csv",
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Risk Response,Last Reviewed,Status\n\
         FN-01,Pension fund deficit,S151 Officer,3,3,9,Actuarial review,Goddef,20/10/2026,Agored\n\
         FN-02,Old depot lease,S151 Officer,3,3,9,Lease surrendered,Trin,15/01/2026,Ar gau\n",
    );
    // FN-01 is open and tolerated; FN-02 is closed, so neither its actions nor its
    // review are asked for.
    assert_eq!(
        cells_and_rules(&findings),
        [("A2", "risk.actions-missing")],
        "{json}"
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The current score 9 is at or above the risk appetite threshold of 9, so further actions with an owner and a due date are needed; missing: the further actions, a due date. Its response is 'Goddef': the framework asks for further actions at this score all the same."
    );
}

#[test]
fn a_register_kept_in_welsh_alone_is_read_by_its_welsh_headings() {
    let (_tmp, dir) = workdir();
    let (_, findings, json) = check_text(
        &dir,
        "priffyrdd.csv",
        "Gwasanaeth:,Priffyrdd\n\
         Cyfeirnod,Risg,Perchennog y Risg,Tebygolrwydd,Effaith,Sgôr,Lefel Risg,Rheolaethau,Camau Gweithredu,Perchennog y Cam Gweithredu,Dyddiad Targed,Dyddiad Adolygu Diwethaf,Statws\n\
         PR-01,Tyllau yn y ffyrdd,Pennaeth Priffyrdd,Tebygol,Mawr,16,Uchel iawn,Archwiliadau,,,,15/10/2026,Agored\n\
         PR-02,Pontydd,Pennaeth Priffyrdd,Annhebygol,Cymedrol,5,Canolig,Arolygon,,,,15/10/2026,Agored\n\
         PR-03,Hen ddepo,Pennaeth Priffyrdd,Posibl,Cymedrol,9,Uchel,Prydles,,,,15/01/2026,Ar gau\n",
    );
    // Likelihood, impact and rating are read in Welsh: PR-01 is above appetite with no
    // actions; PR-02's score is not 2 x 3; PR-03 is closed.
    assert_eq!(
        cells_and_rules(&findings),
        [
            ("I3", "risk.actions-missing"),
            ("F4", "risk.score-mismatch")
        ],
        "{json}"
    );
    assert_eq!(
        json["summary"],
        serde_json::json!({"files": 1, "errors": 2, "warnings": 0})
    );
}

#[test]
fn a_column_of_workings_beside_the_score_gives_likelihood_and_impact() {
    let (tmp, dir) = workdir();
    let (_, findings, json) = check_text(
        &dir,
        "finance.csv",
        "Ref,Risk,Risk Owner,Current Risk (L x I),Current Score,Controls,Further Actions,Action Owner,Due Date,Last Reviewed\n\
         FN-01,Budget overspend,S151 Officer,4x3,12 (High),Monitoring,Recovery plan,Head of Finance,31/12/2026,15/10/2026\n\
         FN-02,Fraud,Head of Audit,L3 x I4,15,Controls,Fraud review,Head of Audit,31/12/2026,15/10/2026\n\
         FN-03,Capital slippage,Head of Capital,\"3,3\",9,Programme board,Reprofile,Head of Capital,30/11/2026,15/10/2026\n\
         FN-04,Insurance claims,S151 Officer,2 x 2,4,Policy cover,,,,15/10/2026\n",
    );
    // The two columns are not duplicates, the likelihood and impact are not missing,
    // and the stated score is checked against them; "3,3" is neither a working nor 33.
    assert_eq!(
        cells_and_rules(&findings),
        [("E3", "risk.score-mismatch"), ("D4", "cell.type")]
    );
    assert_eq!(
        json["findings"][1]["message"],
        "Current Risk (L x I): '3,3' is not a likelihood and impact: the column gives them as their working, such as '4 x 3'"
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        current_scores(&out),
        [
            ["FN-01", "4", "3", "12"],
            // The score from likelihood and impact, the stated 15 being in error.
            ["FN-02", "3", "4", "12"],
            // The cell as written, where it could not be read.
            ["FN-03", "3,3", "", "9"],
            ["FN-04", "2", "2", "4"],
        ]
    );
}

#[test]
fn a_blank_score_where_scores_are_workings_has_its_likelihood_and_impact_blank() {
    let (_tmp, dir) = workdir();
    let (_, findings, json) = check_text(
        &dir,
        "finance.csv",
        "Ref,Risk,Risk Owner,Risk Score (L x I),Controls,Further Actions,Action Owner,Due Date,Last Reviewed\n\
         FN-01,Budget overspend,S151 Officer,4 x 3 = 12,Monitoring,Recovery plan,Head of Finance,31/12/2026,15/10/2026\n\
         FN-02,Fraud,Head of Audit,,Controls,Fraud review,Head of Audit,31/12/2026,15/10/2026\n",
    );
    // Not a risk with nothing to say of its scores.
    assert_eq!(
        cells_and_rules(&findings),
        [("D3", "risk.required"), ("D3", "risk.required")]
    );
    assert_eq!(
        json["findings"][1]["message"],
        "The impact is blank: score it from 1 (Insignificant) to 5 (Significant)."
    );
}

#[test]
fn a_csv_rows_are_numbered_as_excel_shows_them_past_blank_lines_and_lines_in_a_cell() {
    let (_tmp, dir) = workdir();
    // A blank line under the header, a title over two lines, two blank lines: Excel
    // shows FN-02 on row 6 and FN-03 on row 7.
    let (_, findings, _) = check_text(
        &dir,
        "finance.csv",
        "Ref,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Further Actions,Action Owner,Due Date,Last Reviewed\n\
         \n\
         FN-01,\"Budget\noverspend\",S151 Officer,4,3,12,Monitoring,Recovery plan,Head of Finance,31/03/2027,15/10/2026\n\
         \n\
         \n\
         FN-02,Fraud,Head of Audit,4,3,13,Controls,Fraud review,Head of Audit,31/03/2027,15/10/2026\r\n\
         FN-03,Capital,Head of Capital,4,3,14,Board,Reprofile,Head of Capital,31/03/2027,15/10/2026\n",
    );
    assert_eq!(
        cells_and_rules(&findings),
        [("F6", "risk.score-mismatch"), ("F7", "risk.score-mismatch")]
    );
}

#[test]
fn a_column_of_likelihood_and_impact_together_gives_the_two() {
    let (tmp, dir) = workdir();
    let path = dir.join("housing.xlsx");
    let heading = texts(&[
        "Ref",
        "Risk",
        "Risk Owner",
        "Likelihood / Impact",
        "Current Score",
        "Controls",
        "Further Actions",
        "Action Owner",
        "Due Date",
        "Last Reviewed",
        "Impact / Likelihood (Target)",
    ]);
    let row = |id: &str, pair: Cell, score: Cell, target: &str| {
        let mut cells = texts(&[id, "Repairs backlog", "Head of Housing"]);
        cells.extend([pair, score]);
        cells.extend(texts(&[
            "Contract meetings",
            "Retender",
            "Head of Housing",
            "31/03/2027",
            "15/10/2026",
            target,
        ]));
        cells
    };
    let (t, n) = (|s: &str| Cell::Text(s.into()), Cell::Number);
    let layout = SheetLayout::new("Register")
        .bold_row(heading)
        .row(row("HS-01", t("4 / 3"), n(12.0), "2 / 1"))
        .row(row("HS-02", t("Likely / Moderate"), n(12.0), "I2 L1"))
        // "4/3" typed into Excel, which took it for 4 March.
        .row(row(
            "HS-03",
            Cell::Date(chrono::NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()),
            n(12.0),
            "",
        ))
        .row(row("HS-04", t("L2 I5"), n(10.0), ""))
        .row(row("HS-05", t("4 x 3 = 12"), n(12.0), ""))
        // The score where the two go: unreadable, not missing.
        .row(row("HS-06", t("12"), n(12.0), ""))
        // Blank: both blank, at that cell.
        .row(row("HS-07", Cell::Blank, Cell::Blank, ""))
        // Major is 4: the stated 12 is checked against 16.
        .row(row("HS-08", t("Likely / Major"), n(12.0), ""));
    write_xlsx(&path, &[layout]).unwrap();
    let (_, findings, json) = check_json(&[path.to_str().unwrap()]);
    // No likelihood or impact column is missing, nor any target one.
    assert_eq!(
        cells_and_rules(&findings),
        [
            ("D7", "cell.type"),
            ("D8", "risk.required"),
            ("D8", "risk.required"),
            ("E9", "risk.score-mismatch"),
        ]
    );
    assert_eq!(
        json["findings"][0]["message"],
        "Likelihood / Impact: '12' is not a likelihood and impact: the column gives the two together, such as '4 / 3' or 'Likely / Moderate'"
    );
    assert_eq!(
        json["findings"][1]["message"],
        "The likelihood is blank: score it from 1 (Rare) to 5 (Almost certain)."
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &["ID", "Current L", "Current I", "Target L", "Target I"]
        ),
        [
            ["HS-01", "4", "3", "1", "2"],
            ["HS-02", "4", "3", "1", "2"],
            ["HS-03", "4", "3", "", ""],
            ["HS-04", "2", "5", "", ""],
            ["HS-05", "4", "3", "", ""],
            ["HS-06", "12", "", "", ""],
            ["HS-07", "", "", "", ""],
            ["HS-08", "4", "4", "", ""],
        ]
    );
}

#[test]
fn an_impact_scored_domain_by_domain_is_the_highest_of_them() {
    let (tmp, dir) = workdir();
    let (_, findings, json) = check_text(
        &dir,
        "highways.csv",
        "Risk ID,Risk,Risk Owner,Likelihood,Impact - Finance,Impact - Reputation,Impact - Service Delivery,Risk Score,Controls,Further Actions,Action Owner,Due Date,Last Reviewed\n\
         HW-01,Gritting fleet failure,Head of Highways,3,4,3,5,15,Fleet contract,Replace gritters,Fleet Manager,31/12/2026,15/10/2026\n\
         HW-02,Pothole claims,Head of Highways,4,3,4,2,12,Inspections,More crews,Highways Manager,31/03/2027,15/10/2026\n\
         HW-03,Bridge strike,Head of Highways,2,N/A,Major,Minor,8,Height signs,,,,15/10/2026\n\
         HW-04,Street lighting,Head of Highways,2,,,,4,Maintenance contract,,,,15/10/2026\n\
         HW-05,Depot flooding,Head of Highways,2,High-ish,2,,4,Sandbags,,,,15/10/2026\n",
    );
    // The Impact column is not missing: HW-02's impact is 4, its highest, so its score
    // of 12 is wrong; HW-04 scored no domain; HW-05's one unreadable domain leaves its
    // impact unknown rather than 2.
    assert_eq!(
        cells_and_rules(&findings),
        [
            ("H3", "risk.score-mismatch"),
            ("E5", "risk.required"),
            ("E6", "cell.type")
        ]
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The score is 12 but likelihood 4 x impact 4 = 16."
    );
    assert_eq!(
        json["findings"][2]["message"],
        "Impact - Finance: 'High-ish' is not an impact: expected a number from 1 to 5 or its label (1 Insignificant, 2 Minor, 3 Moderate, 4 Major, 5 Significant)"
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        current_scores(&out),
        [
            ["HW-01", "3", "5", "15"],
            ["HW-02", "4", "4", "16"],
            ["HW-03", "2", "4", "8"],
            ["HW-04", "2", "", "4"],
            ["HW-05", "2", "", "4"],
        ]
    );
}

#[test]
fn an_impact_below_the_highest_of_its_domains_is_a_warning_at_the_impact() {
    let (_tmp, dir) = workdir();
    let (code, findings, json) = check_text(
        &dir,
        "highways.csv",
        "Risk ID,Risk,Risk Owner,Likelihood,Financial Impact,Reputational Impact,Service Delivery Impact,Impact,Risk Score,Controls,Last Reviewed\n\
         HW-01,Gritting fleet failure,Head of Highways,2,4,3,5,4,8,Fleet contract,15/10/2026\n\
         HW-02,Pothole claims,Head of Highways,2,3,4,2,4,8,Inspections,15/10/2026\n\
         HW-03,Bridge strike,Head of Highways,2,1,2,1,3,6,Height signs,15/10/2026\n",
    );
    // An impact above every domain's is not judged: another domain may weigh in.
    assert_eq!(code, 0);
    assert_eq!(
        cells_and_rules(&findings),
        [("H2", "risk.impact-below-domain")]
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The impact is 4, but 'Service Delivery Impact' (G2) is 5: where the impact is scored domain by domain, the risk's impact is the highest of them, so the score would be 10, not 8."
    );
}

#[test]
fn merged_headings_over_short_ones_are_one_header_with_the_row_below() {
    let (tmp, dir) = workdir();
    let headings = [
        "Risk ID",
        "Risk",
        "Risk Owner",
        "Likelihood",
        "Impact",
        "",
        "",
        "Risk Score",
        "Further Actions",
        "",
        "",
        "Review",
        "",
        "Controls",
    ];
    let under = [
        "",
        "",
        "",
        "",
        "Financial",
        "Reputation",
        "Service Delivery",
        "",
        "Action",
        "Owner",
        "Due Date",
        "Last",
        "Next",
        "",
    ];
    let risk = |id: &str, impacts: [f64; 3], score: f64| {
        vec![
            t(id),
            t("Winter maintenance"),
            t("Head of Highways"),
            n(3.0),
            n(impacts[0]),
            n(impacts[1]),
            n(impacts[2]),
            n(score),
            t("Replace gritters"),
            t("Fleet Manager"),
            d(2026, 12, 31),
            d(2026, 10, 15),
            d(2026, 11, 15),
            t("Fleet contract"),
        ]
    };
    let register = SheetLayout::new("Risk Register")
        .bold_row(texts(&headings))
        .bold_row(texts(&under))
        .row(risk("HW-01", [4.0, 3.0, 5.0], 15.0))
        .row(risk("HW-02", [2.0, 4.0, 2.0], 6.0));
    // Merged; and not, as a workbook whose merges are not read (.ods) or that centres
    // its groups across their columns has it.
    let mut merged = register
        .clone()
        .merge(0, 4, 0, 6)
        .merge(0, 8, 0, 10)
        .merge(0, 11, 0, 12);
    for column in [0, 1, 2, 3, 7, 13] {
        merged = merged.merge(0, column, 1, column);
    }
    let unmerged = dir.join("unmerged");
    std::fs::create_dir(&unmerged).unwrap();
    write_xlsx(&unmerged.join("highways.xlsx"), &[register]).unwrap();
    let (_, findings, _) = check_json(&[unmerged.to_str().unwrap()]);
    assert_eq!(cells_and_rules(&findings), [("H4", "risk.score-mismatch")]);
    std::fs::remove_dir_all(&unmerged).unwrap();
    let path = dir.join("highways.xlsx");
    write_xlsx(&path, &[merged]).unwrap();
    let (_, findings, _) = check_json(&[path.to_str().unwrap()]);
    // The row of short headings is no risk; "Service Delivery" under "Impact" is a
    // domain, not the service; "Owner" under "Further Actions" the action's owner.
    assert_eq!(cells_and_rules(&findings), [("H4", "risk.score-mismatch")]);
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &[
                "ID",
                "Current I",
                "Service",
                "Owner",
                "Action owner",
                "Action due",
                "Next review"
            ]
        ),
        [
            // Dates as Excel's day numbers: 31/12/2026 and 15/11/2026.
            [
                "HW-01",
                "5",
                "Highways",
                "Head of Highways",
                "Fleet Manager",
                "46387",
                "46341"
            ],
            [
                "HW-02",
                "4",
                "Highways",
                "Head of Highways",
                "Fleet Manager",
                "46387",
                "46341"
            ],
        ]
    );
}

#[test]
fn values_written_in_two_languages_read_as_the_part_the_framework_knows() {
    let (_tmp, dir) = workdir();
    let (code, findings, json) = check_text(
        &dir,
        "priffyrdd.csv",
        "Cyf / Risk ID,Risg / Risk,Perchennog / Risk Owner,Tebygolrwydd / Likelihood,Effaith / Impact,Sgôr / Score,Graddfa Risg / Rating,Lefel y Gofrestr / Register Level,Rheolaethau / Controls,Camau Pellach / Further Actions,Swyddog / Action Owner,Dyddiad / Due Date,Adolygwyd / Last Reviewed\n\
         PR-01,Potholes,Head of Highways,Tebygol / Likely,Cymedrol / Moderate,12,Uchel / High,Cyfarwyddiaeth / Directorate,Inspections,Resurfacing,Head of Highways,31/12/2026,15/10/2026\n\
         PR-02,Bridges,Head of Highways,Unlikely / Annhebygol,Minor / Bach,4,Red/Amber,Gwasanaeth / Service,Surveys,,,,15/10/2026\n",
    );
    // Each part the framework knows is read; two that disagree ("Red/Amber") are not.
    assert_eq!(cells_and_rules(&findings), [("G3", "cell.type")], "{json}");
    assert_eq!(
        json["findings"][0]["message"],
        "Rating: 'Red/Amber' is not a rating: expected one of Low, Medium, High, Very high (or Green, Amber, Red), or the score"
    );
    assert_eq!(code, 1);
}

#[test]
fn a_risk_recorded_on_a_register_its_score_is_below_is_to_be_stepped_down() {
    let (tmp, dir) = workdir();
    let (code, findings, json) = check_text(
        &dir,
        "place.csv",
        "Risk ID,Risk,Risk Owner,Register Level,Likelihood,Impact,Score,Controls,Further Actions,Action Owner,Due Date,Last Reviewed,Status\n\
         PL-01,Housing supply,Director of Place,Corporate,2,3,6,Local plan,,,,15/10/2026,Open\n\
         PL-02,Flood defences,Director of Place,Directorate,2,2,4,Inspections,,,,15/10/2026,Open\n\
         PL-03,Planning appeals,Director of Place,Directorate,3,3,9,Training,Review,Head of Planning,31/12/2026,15/10/2026,Open\n\
         PL-04,Old depot lease,Director of Place,Corporate,1,1,1,None,,,,15/10/2026,Closed\n\
         PL-05,Bus subsidy,Director of Place,Service,4,4,16,Contract,Retender,Head of Transport,31/12/2026,15/10/2026,Open\n",
    );
    // At or above its register's tolerance (PL-03), closed (PL-04) or below the
    // register it reaches (PL-05, escalated): nothing to say.
    assert_eq!(code, 0);
    assert_eq!(
        cells_and_rules(&findings),
        [("D2", "risk.below-level"), ("D3", "risk.below-level")]
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The risk is recorded on the corporate register, but its current score 6 is below that register's tolerance of 16: as a risk reduces, the framework steps it down to the register its score reaches (service), or closes it."
    );
    let out = tmp.path().join("out.xlsx");
    let output = common::consolidate_to("directorate", &out)
        .arg(&dir)
        .output()
        .unwrap();
    let summary = String::from_utf8(output.stdout).unwrap();
    assert!(
        summary.contains("Reaching directorate  4 (open, score 9 or more, or recorded there)"),
        "{summary}"
    );
}

#[test]
fn a_register_level_naming_no_level_is_noted_and_the_risk_placed_by_its_score() {
    let (_tmp, dir) = workdir();
    let (code, findings, json) = check_text(
        &dir,
        "place.csv",
        "Risk ID,Risk,Risk Owner,Register Level,Likelihood,Impact,Controls,Last Reviewed\n\
         PL-01,Housing supply,Director of Place,SMT,2,3,Local plan,15/10/2026\n\
         PL-02,Depot move,Director of Place,Project,2,2,Project board,15/10/2026\n\
         PL-03,Flood defences,Director of Place,Escalated,2,2,Inspections,15/10/2026\n\
         PL-04,Bus subsidy,Director of Place,N/A,2,2,Contract,15/10/2026\n\
         PL-05,Planning appeals,Director of Place,SRR,2,3,Training,15/10/2026\n",
    );
    // A project's register is outside the hierarchy, an escalation is still to be
    // placed, and "N/A" names none; "SRR" is the service risk register.
    assert_eq!(
        cells_and_rules(&findings),
        [("D2", "risk.level-unknown")],
        "{json}"
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The register level 'SMT' is not one the framework knows (Service, Directorate or Corporate; their registers' initials SRR, DRR and CRR; or the boards that hold them, such as DMT and CMT): the risk is placed by its current score alone. Write the register it is recorded on."
    );
    assert_eq!(json["findings"][0]["severity"], "info");
    assert_eq!(code, 0);
}

#[test]
fn a_register_of_cause_event_and_consequence_keeps_all_three_and_its_impact_scores() {
    let (tmp, dir) = workdir();
    // "Consequence" names the impact in many registers; here it is the effect, in words,
    // with the scores in "Impact" beside it. A "Consequence" of scores is still the impact.
    let (code, findings, json) = check_text(
        &dir,
        "waste.csv",
        "Risk ID,Cause,Event,Consequence,Risk Owner,Likelihood,Impact,Score,Existing Controls,Last Reviewed\n\
         WS-01,Driver shortages,Collections missed,Complaints and reputational damage,Head of Waste,2,3,6,Agency cover,20/10/2026\n\
         WS-02,Fire at depot,Loss of depot,Service cannot operate,Head of Waste,2,4,9,Fire checks,20/10/2026\n",
    );
    assert_eq!(code, 1, "{json}");
    // WS-02's impact of 4 is read (so its score of 9 is wrong), not its consequence.
    assert_eq!(cells_and_rules(&findings), [("H3", "risk.score-mismatch")]);
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &["ID", "Title", "Description", "Current I"]
        ),
        [
            [
                "WS-01",
                "Collections missed",
                "Cause: Driver shortages\nEffect: Complaints and reputational damage",
                "3"
            ],
            [
                "WS-02",
                "Loss of depot",
                "Cause: Fire at depot\nEffect: Service cannot operate",
                "4"
            ],
        ]
    );
    let (_, findings, _) = check_text(
        &dir,
        "waste.csv",
        "Risk ID,Risk,Risk Owner,Likelihood,Consequence,Score,Existing Controls,Last Reviewed\n\
         WS-01,Driver shortages,Head of Waste,2,3,7,Agency cover,20/10/2026\n",
    );
    assert_eq!(cells_and_rules(&findings), [("F2", "risk.score-mismatch")]);
}

#[test]
fn an_event_beside_a_title_of_its_own_is_kept_between_the_cause_and_the_effect() {
    let (tmp, dir) = workdir();
    // "Risk Name" is the title; "Risk Event" beside it is no second title to ignore.
    let (code, findings, json) = check_text(
        &dir,
        "ict.csv",
        "Risk Reference,Risk Name,Risk Cause,Risk Event,Risk Effect,Risk Owner,Likelihood,Impact,Score,Existing Controls,Date Last Updated\n\
         ICT-01,Failure of ICT,Ageing servers,Outage,No online services,Head of ICT,2,4,8,Backups,15/10/2026\n\
         ICT-02,Cyber attack,,Ransomware,,Head of ICT,2,3,6,Firewalls,15/10/2026\n",
    );
    assert_eq!(code, 0, "{json}");
    assert_eq!(cells_and_rules(&findings), []);
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID", "Title", "Description"]),
        [
            [
                "ICT-01",
                "Failure of ICT",
                "Cause: Ageing servers\nEvent: Outage\nEffect: No online services"
            ],
            ["ICT-02", "Cyber attack", "Event: Ransomware"],
        ]
    );
}

#[test]
fn headings_with_footnote_marks_and_asterisks_name_their_fields() {
    let (_tmp, dir) = workdir();
    let (code, findings, json) = check_text(
        &dir,
        "ict.csv",
        "Risk ID*,Risk Description*,Risk Owner *,Likelihood\u{b9},Impact\u{b2},Score,Existing controls (what is in place now?),Date Reviewed\n\
         ICT-01,Cyber attack,Head of ICT,2,4,8,Firewalls,15/10/2026\n",
    );
    assert_eq!(code, 0, "{json}");
    assert_eq!(cells_and_rules(&findings), []);
}

#[test]
fn a_heading_joining_two_things_names_the_first_ones_field() {
    let (tmp, dir) = workdir();
    let (code, findings, json) = check_text(
        &dir,
        "planning.csv",
        "No.,Risk title & description,Owner,L,I,Mitigation in place,Actions / next steps,Lead,Deadline,Reviewed\n\
         1,Appeals: costs awarded,Head of Planning,3,3,Legal review,Training for members,Team leader,31/01/2027,10/10/2026\n",
    );
    assert_eq!(code, 0, "{json}");
    assert_eq!(cells_and_rules(&findings), []);
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["Title", "Further actions"]),
        [["Appeals: costs awarded", "Training for members"]]
    );
}

#[test]
fn a_risk_exported_a_row_per_action_its_identity_written_again_is_one_risk() {
    let (tmp, dir) = workdir();
    // As risk systems export a register: the risk's fields again on each of its
    // actions' rows. One action is past its date, one done.
    let (_, findings, json) = check_text(
        &dir,
        "export.csv",
        "Risk Reference,Risk Title,Risk Owner,Residual Probability,Residual Impact,Residual Rating,Control Description,Action Description,Action Owner,Action Target Date,Action Status,Date Last Reviewed\n\
         CR01,Cyber attack,Head of ICT,4,4,16,Firewalls,Pen test,Security lead,31/03/2027,Open,15/10/2026\n\
         CR01,Cyber attack,Head of ICT,4,4,16,Firewalls,Phishing training,HR lead,31/08/2026,Open,15/10/2026\n\
         CR01,Cyber attack,Head of ICT,4,4,16,Backups,Offsite backups,ICT lead,30/06/2026,Complete,15/10/2026\n\
         CR02,Budget gap,S151 Officer,3,5,15,MTFS,Savings plan,Head of Finance,31/03/2027,Open,15/10/2026\n",
    );
    assert_eq!(
        cells_and_rules(&findings),
        [("J3", "risk.action-overdue")],
        "{json}"
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID", "Controls", "Further actions"]),
        [
            [
                "CR01",
                "Firewalls\nBackups",
                "Pen test\nPhishing training\nOffsite backups"
            ],
            ["CR02", "MTFS", "Savings plan"],
        ]
    );
    let ledger = common::table(&out, "Ledger");
    assert_eq!(
        ledger[0]["Reason"].to_string(),
        "2 x continues CR01 from row 2 (its ID and title written again)"
    );
}

#[test]
fn a_corporate_register_of_terse_consequences_and_workings_reads_its_scores() {
    let (tmp, dir) = workdir();
    // The consequences are a word or two ("Outage", "Section 114"), and the scores are
    // written as workings, one risk's as its score alone.
    let (_, findings, json) = check_text(
        &dir,
        "crr.csv",
        "Ref,Risk,Cause,Consequence,Risk Owner,Inherent (L x I),Controls,Residual (L x I),Target (L x I),Actions,Action Owner,Target Date,Last Review\n\
         CR1,Budget gap,Inflation,Section 114,S151 Officer,4 x 5 = 20,MTFS,20 (4x5),3x4,Savings,S151 Officer,31/03/2027,01/10/2026\n\
         CR2,Cyber attack,Phishing,Outage,Head of ICT,5x5,Firewalls,L3 I4,2 x 4,Pen test,Head of ICT,31/03/2027,01/10/2026\n\
         CR3,Workforce,Market,Vacancies,HR Director,16,Recruitment,12,8,Review,HR Director,31/03/2027,01/10/2026\n",
    );
    assert_eq!(
        cells_and_rules(&findings),
        [("H4", "risk.required")],
        "{json}"
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The score 12 is given without the likelihood and impact it comes from: write them as the column's other risks do (such as '4 x 3 = 12'), so that the score can be checked."
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &[
                "ID",
                "Description",
                "Current L",
                "Current I",
                "Current score"
            ]
        ),
        [
            [
                "CR1",
                "Cause: Inflation\nEffect: Section 114",
                "4",
                "5",
                "20"
            ],
            ["CR2", "Cause: Phishing\nEffect: Outage", "3", "4", "12"],
            ["CR3", "Cause: Market\nEffect: Vacancies", "", "", "12"],
        ]
    );
}

#[test]
fn an_impact_described_in_the_scales_words_is_no_effect_and_a_terse_consequence_is() {
    let (tmp, dir) = workdir();
    // "Impact Description" is the score's word ("Major"), beside "Impact Score"; the
    // "Consequence" is the effect, "S114" among them.
    let (_, findings, json) = check_text(
        &dir,
        "described.csv",
        "Risk No.,Risk Title,Cause,Consequence,Risk Owner,Likelihood Score,Likelihood Description,Impact Score,Impact Description,Controls,Last Review\n\
         1,Cyber attack,Phishing,Outage,CIO,2,Unlikely,4,Major,Firewalls,15/10/2026\n\
         2,Budget gap,Inflation,S114,S151,3,Possible,2,Minor,MTFS,15/10/2026\n",
    );
    // A register whose only impact column is headed as a description: the impact.
    std::fs::write(
        dir.join("labels.csv"),
        "Ref,Risk,Owner,Likelihood,Impact Description,Controls,Last Review\n\
         3,Fleet breakdown,Fleet Manager,2,Minor,Servicing,15/10/2026\n",
    )
    .unwrap();
    assert_eq!(cells_and_rules(&findings), [], "{json}");
    let out = consolidated(tmp.path(), &dir);
    let mut rows = common::column_texts(
        &out,
        "All risks",
        &["ID", "Description", "Current I", "Other columns"],
    );
    rows.sort();
    assert_eq!(
        rows,
        [
            [
                "1",
                "Cause: Phishing\nEffect: Outage",
                "4",
                "Likelihood Description: Unlikely\nImpact Description: Major"
            ],
            [
                "2",
                "Cause: Inflation\nEffect: S114",
                "2",
                "Likelihood Description: Possible\nImpact Description: Minor"
            ],
            ["3", "", "2", ""],
        ]
    );
}

#[test]
fn a_score_column_of_band_names_is_the_rating_and_is_checked_against_the_score() {
    let (tmp, dir) = workdir();
    let (_, findings, json) = check_text(
        &dir,
        "ict.csv",
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Risk Score,Controls,Actions,Action Owner,Target Date,Last Reviewed\n\
         ICT-01,Cyber attack,Head of ICT,4,5,Medium,Firewalls,Pen testing,Head of ICT,31/12/2026,20/10/2026\n\
         ICT-02,Server failure,Head of ICT,2,4,Medium,Backups,,,,20/10/2026\n\
         ICT-03,Licence audit,Head of ICT,3,2,6 (Amber),Asset register,,,,20/10/2026\n\
         ICT-04,Supplier failure,Head of ICT,2,3,Fine,Contracts,,,,20/10/2026\n\
         ICT-05,Licence costs,Head of ICT,2,2,4 (Red),Budget,,,,20/10/2026\n",
    );
    // A number with its band after it is checked as the rating: "6 (Amber)" is right,
    // "4 (Red)" is not.
    assert_eq!(
        cells_and_rules(&findings),
        [
            ("F2", "risk.rating-mismatch"),
            ("F5", "cell.type"),
            ("F6", "risk.rating-mismatch")
        ]
    );
    assert_eq!(
        json["findings"][2]["message"],
        "The rating says Red (High), but the score 4 is Medium (4-8)."
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The rating says Medium, but the score 20 is Very high (16-25)."
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID", "Current score", "Rating"]),
        [
            ["ICT-01", "20", "Very high"],
            ["ICT-02", "8", "Medium"],
            ["ICT-03", "6", "Medium"],
            ["ICT-04", "6", "Medium"],
            ["ICT-05", "4", "Medium"],
        ]
    );
}

#[test]
fn a_register_rating_on_three_bands_is_said_once_and_a_fourth_band_named_holds_it_to_four() {
    let (_tmp, dir) = workdir();
    // Red for 20 and 16 where nothing on the register is rated Very high: the register
    // rates on three bands, said once at the first. Amber for 9 is still wrong.
    let header = "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,RAG,Controls,Actions,Action Owner,Target Date,Last Reviewed\n";
    let rows = "HW-01,Bridge failure,Jane Smith,4,5,20,Red,Inspections,Repairs,Jane Smith,31/03/2027,20/10/2026\n\
                HW-02,Gritting shortfall,Jane Smith,3,3,9,Amber,Salt stocks,Buy salt,Jane Smith,31/12/2026,20/10/2026\n\
                HW-03,Street lighting costs,Jane Smith,4,4,16,Red,Hedging,Retender,Jane Smith,31/03/2027,20/10/2026\n\
                HW-04,Pothole claims,Jane Smith,3,4,12,Red,Inspections,Survey,Jane Smith,31/03/2027,20/10/2026\n";
    let (code, findings, json) = check_text(&dir, "highways.csv", &format!("{header}{rows}"));
    assert_eq!(code, 1);
    assert_eq!(
        cells_and_rules(&findings),
        [
            ("G2", "risk.rating-bands-merged"),
            ("G3", "risk.rating-mismatch")
        ]
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The rating says Red (High) for a score of 20, and no rating on this register says Very high: it is read as rating on three bands, High covering 9-25, and its ratings are not called wrong. The framework rates 16-25 Very high. Said once for the register."
    );
    assert_eq!(json["findings"][0]["severity"], "info");
    // One risk rated Dark Red shows the register rates on four bands: Red for 20 and 16
    // is wrong.
    let dark = "HW-05,Flooding,Jane Smith,5,5,25,Dark Red,Barriers,Flood plan,Jane Smith,31/03/2027,20/10/2026\n";
    let (_, findings, _) = check_text(&dir, "highways.csv", &format!("{header}{rows}{dark}"));
    assert_eq!(
        cells_and_rules(&findings),
        [
            ("G2", "risk.rating-mismatch"),
            ("G3", "risk.rating-mismatch"),
            ("G4", "risk.rating-mismatch")
        ]
    );
}

#[test]
fn a_register_rated_in_four_colours_reads_yellow_as_medium_and_red_as_very_high() {
    let (_tmp, dir) = workdir();
    // Green, Yellow, Amber, Red, a colour a band: where a rating says Yellow, Amber is
    // High and Red Very high. HW-04's Amber for 6 and HW-05's Yellow for 12 are wrong.
    let (code, findings, json) = check_text(
        &dir,
        "highways.csv",
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,RAG,Controls,Actions,Action Owner,Target Date,Last Reviewed\n\
         HW-01,Bridge failure,Jane Smith,4,5,20,Red,Inspections,Repairs,Jane Smith,31/03/2027,20/10/2026\n\
         HW-02,Gritting shortfall,Jane Smith,3,3,9,Amber,Salt stocks,Buy salt,Jane Smith,31/12/2026,20/10/2026\n\
         HW-03,Street lighting costs,Jane Smith,2,3,6,Yellow,Hedging,,,,20/10/2026\n\
         HW-04,Signage,Jane Smith,2,3,6,Amber,Audit,,,,20/10/2026\n\
         HW-05,Pothole claims,Jane Smith,3,4,12,Yellow (12),Inspections,Survey,Jane Smith,31/03/2027,20/10/2026\n\
         HW-06,Verges,Jane Smith,1,2,2,Green,Mowing,,,,20/10/2026\n",
    );
    assert_eq!(code, 1);
    assert_eq!(
        cells_and_rules(&findings),
        [
            ("G5", "risk.rating-mismatch"),
            ("G6", "risk.rating-mismatch")
        ]
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The rating says Amber (High), but the score 6 is Medium (4-8)."
    );
    assert_eq!(
        json["findings"][1]["message"],
        "The rating says Yellow (12) (Medium), but the score 12 is High (9-15)."
    );
}

#[test]
fn a_systems_export_of_treatments_a_row_each_reads_them_as_the_further_actions() {
    let (_tmp, dir) = workdir();
    // A risk system's export: the risk written again on each treatment's row, the
    // treatment's title, owner, due date and status, and how far through it is.
    let (_, findings, json) = check_text(
        &dir,
        "export.csv",
        "Risk Code,Risk Title,Risk Owner,Residual Likelihood,Residual Consequence,Control Title,Treatment Title,Treatment Owner,Treatment Due Date,Treatment Status,% Complete,Last Review Date\n\
         CR001,Cyber attack,Head of ICT,3,5,Firewalls,Phishing training,Security Lead,31/12/2026,In Progress,50%,20/10/2026\n\
         CR001,Cyber attack,Head of ICT,3,5,MFA,Pen test,Security Lead,30/09/2026,Not Started,0%,20/10/2026\n\
         CR003,Workforce capacity,Head of HR,3,3,Workforce plan,Recruitment campaign,Head of HR,31/08/2026,Completed,100%,20/10/2026\n",
    );
    // The treatments are the further actions: no risk.actions-missing, the one past
    // its date found, the completed one not; "% Complete" beside the status is no
    // duplicate of it.
    assert_eq!(
        cells_and_rules(&findings),
        [("I3", "risk.action-overdue")],
        "{json}"
    );
    assert_eq!(
        json["findings"][0]["message"],
        "CR001's action 'Pen test' was due by 30/09/2026 and is not marked complete at the reporting date 31/10/2026 (its status says 'Not Started')."
    );
}

#[test]
fn a_percentage_complete_as_a_fraction_or_a_figure_reads_as_how_far_through() {
    let (tmp, dir) = workdir();
    let path = dir.as_path().join("pct.xlsx");
    // A "% Complete" column of numbers, as a cell formatted as a percentage holds them
    // (1 is 100%), or typed as figures (100): complete, so not overdue.
    let row = |id: &str, done: f64| {
        vec![
            t(id),
            t("Cyber attack"),
            t("Head of ICT"),
            n(3.0),
            n(5.0),
            t("Firewalls"),
            t("Pen test"),
            t("Security Lead"),
            t("30/09/2026"),
            n(done),
            t("20/10/2026"),
        ]
    };
    let layout = SheetLayout::new("Risks")
        .bold_row(texts(&[
            "Risk ID",
            "Risk",
            "Risk Owner",
            "Likelihood",
            "Impact",
            "Controls",
            "Action",
            "Action Owner",
            "Action Due Date",
            "% Complete",
            "Last Review Date",
        ]))
        .row(row("R1", 1.0))
        .row(row("R2", 0.5))
        .row(row("R3", 100.0))
        .row(row("R4", 60.0));
    write_xlsx(&path, &[layout]).unwrap();
    let (_, findings, _) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        [("I3", "risk.action-overdue"), ("I5", "risk.action-overdue")]
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID", "Action status"]),
        [["R1", "100%"], ["R2", "50%"], ["R3", "100%"], ["R4", "60%"]]
    );
}

#[test]
fn headings_in_two_languages_are_read_by_the_one_the_schema_knows() {
    let (tmp, dir) = workdir();
    // A Welsh council's bilingual template: Welsh first, English after a slash, the
    // stages too.
    let (_, findings, json) = check_text(
        &dir,
        "cyllid.csv",
        "Cyfeirnod / Ref,Risg / Risk,Perchennog y Risg / Risk Owner,Tebygolrwydd Cynhenid / Inherent Likelihood,Effaith Cynhenid / Inherent Impact,Tebygolrwydd Gweddilliol / Residual Likelihood,Effaith Gweddilliol / Residual Impact,Sgôr / Score,Rheolaethau / Controls,Adolygwyd Ddiwethaf / Last Reviewed\n\
         CR1,Budget gap,Pennaeth Cyllid,4,4,3,5,16,MTFS,15/10/2026\n",
    );
    // The current score is 3 x 5, not 16; with no further actions at 15.
    assert_eq!(
        cells_and_rules(&findings),
        [
            ("A2", "risk.actions-missing"),
            ("H2", "risk.score-mismatch")
        ],
        "{json}"
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &[
                "ID",
                "Title",
                "Owner",
                "Inherent L",
                "Current I",
                "Last reviewed"
            ]
        ),
        [["CR1", "Budget gap", "Pennaeth Cyllid", "4", "5", "46310"]]
    );
}

#[test]
fn a_review_date_written_among_words_is_read_and_judged() {
    let (_tmp, dir) = workdir();
    let (_, findings, json) = check_text(
        &dir,
        "parks.csv",
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Last Reviewed\n\
         PK-01,Tree safety,Parks Manager,2,3,6,Inspections,Reviewed at DMT 15/08/2026\n\
         PK-02,Play equipment,Parks Manager,2,3,6,Inspections,JS 15.10.26\n",
    );
    assert_eq!(cells_and_rules(&findings), [("H2", "risk.review-overdue")]);
    assert!(
        json["findings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Last reviewed 15/08/2026, more than a month before"),
        "{json}"
    );
}

#[test]
fn last_months_register_left_beside_this_months_is_set_aside_and_its_service_named_plainly() {
    let (tmp, dir) = workdir();
    let register = |reviewed: &str, impact: u8| {
        format!(
            "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Last Reviewed\n\
             HS-1,Temporary accommodation costs,Head of Housing,4,{impact},{},Panel,{reviewed}\n\
             HS-2,Damp and mould,Head of Housing,2,2,4,Surveys,{reviewed}\n",
            4 * impact
        )
    };
    std::fs::write(
        dir.join("Housing Risk Register September 2026.csv"),
        register("20/09/2026", 2),
    )
    .unwrap();
    std::fs::write(
        dir.join("Housing Risk Register October 2026.csv"),
        register("20/10/2026", 1),
    )
    .unwrap();
    let (code, findings, json) = check_json(&[dir.to_str().unwrap()]);
    assert_eq!(
        findings
            .iter()
            .map(|f| (f.0.as_str(), f.2.as_str(), f.3.as_str()))
            .collect::<Vec<_>>(),
        [(
            "Housing Risk Register September 2026.csv",
            "",
            "file.other-period"
        )],
        "September's overdue reviews are not reported: {json}"
    );
    assert!(
        json["findings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("This file is the service's register for Sep 2026;"),
        "{json}"
    );
    assert_eq!(code, 0);
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID", "Service", "Current score"]),
        [["HS-1", "Housing", "4"], ["HS-2", "Housing", "4"]]
    );
    let ledger = common::table(&out, "Ledger");
    let september = ledger
        .iter()
        .find(|r| r["File"].to_string().ends_with("September 2026.csv"))
        .unwrap();
    assert_eq!(september["Rows taken"].to_string(), "0");
    assert!(
        september["Reason"]
            .to_string()
            .starts_with("2 x an earlier month's register (Sep 2026): the one read is"),
        "{}",
        september["Reason"]
    );
}

#[test]
fn a_templates_guidance_row_and_example_row_are_left_out_not_read_as_risks() {
    let (tmp, dir) = workdir();
    let path = dir.as_path().join("finance.xlsx");
    let guidance = texts(&[
        "Unique reference",
        "Cause, event and consequence",
        "Named officer",
        "1-5",
        "1 - 5",
        "L x I",
        "Auto",
        "What is in place now",
        "What more will be done",
        "Named officer",
        "dd/mm/yyyy",
        "dd/mm/yyyy",
    ]);
    let mut example = clean_row("EXAMPLE");
    example[1] = t("Failure to deliver the savings programme");
    // The same words under a risk are that risk's mistakes, reported.
    let mut mistaken = clean_row("FN-02");
    mistaken[3] = t("1-5");
    let layout = SheetLayout::new("Register")
        .bold_row(texts(SIMPLE_HEADER))
        .row(guidance)
        .row(example)
        .row(clean_row("FN-01"))
        .row(mistaken);
    write_xlsx(&path, &[layout]).unwrap();
    let (_, findings, _) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        [("D5", "cell.type")],
        "{findings:?}"
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        register_ledger(&out),
        (
            "4".into(),
            "2".into(),
            "1 x guidance under the header (what each column wants); \
             1 x the template's example row ('EXAMPLE')"
                .into()
        )
    );
}

#[test]
fn stacked_tables_are_read_under_their_section_headings_and_a_repeated_header_is_left_out() {
    let (tmp, dir) = workdir();
    let path = dir.as_path().join("finance.xlsx");
    let layout = SheetLayout::new("Register")
        .bold_row(texts(SIMPLE_HEADER))
        // Words with no number, alone in the ID column: a heading, not a risk's ID.
        .row(vec![t("Finance")])
        .row(clean_row("FN-01"))
        .row(vec![])
        .bold_row(vec![t("Closed risks")])
        .bold_row(texts(SIMPLE_HEADER))
        .row(clean_row("FN-09"))
        .bold_row(vec![t("Project opportunities")])
        .row(clean_row("FN-20"))
        // Only a title, in the Title column: a risk being written, not a heading.
        .row(vec![Cell::Blank, t("Rising cyber risks")]);
    write_xlsx(&path, &[layout]).unwrap();
    let (_, findings, _) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(rows_with_findings(&findings), ["10"], "{findings:?}");
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID", "Type", "Other columns"]),
        [
            // Each section's words kept with the risks under it.
            ["FN-01", "Risk", "Section: Finance"],
            ["FN-09", "Risk", "Section: Closed risks"],
            ["FN-20", "Opportunity", "Section: Project opportunities"],
            // Still in the opportunities section.
            ["", "Opportunity", "Section: Project opportunities"],
        ]
    );
    assert_eq!(
        register_ledger(&out),
        (
            "8".into(),
            "4".into(),
            "1 x section heading 'Closed risks'; 1 x section heading 'Finance'; \
             1 x section heading 'Project opportunities'; \
             1 x the header repeated (a second table or a printed page)"
                .into()
        )
    );
}

#[test]
fn a_templates_rows_with_only_formulas_showing_are_left_out() {
    let (tmp, dir) = workdir();
    let path = dir.as_path().join("finance.xlsx");
    let mut layout = SheetLayout::new("Register")
        .bold_row(texts(SIMPLE_HEADER))
        .row(clean_row("FN-01"));
    // Rows 3 to 6 made ready with the score and rating formulas, nothing typed.
    for row in 3..=6 {
        let mut cells = vec![Cell::Blank; SIMPLE_HEADER.len()];
        cells[5] = f(&format!("=D{row}*E{row}"), 0);
        cells[6] = f(&format!("=IF(F{row}<4,\"Low\",\"High\")"), "Low");
        layout = layout.row(cells);
    }
    // An ID typed on a made-ready row: a risk being written, with its findings.
    let mut started = vec![Cell::Blank; SIMPLE_HEADER.len()];
    started[0] = t("FN-02");
    started[5] = f("=D7*E7", 0);
    layout = layout.row(started);
    write_xlsx(&path, &[layout]).unwrap();
    let (_, findings, _) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(rows_with_findings(&findings), ["7"], "{findings:?}");
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        register_ledger(&out),
        (
            "6".into(),
            "2".into(),
            "4 x a template row not filled in (only its formulas show: a score of 0)".into()
        )
    );
}

#[test]
fn formulas_saved_without_their_results_are_worked_out_as_an_office_suite_works_them_out() {
    // Saved by openpyxl, which writes formulas but not their results; then the same
    // file saved by LibreOffice, which works them out.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let check = |file: &str| {
        let output = golden_thread()
            .args(["check", "--format", "json", "--as-of", "2026-06-30"])
            .arg(fixtures.join(file))
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        (output.status.code(), json)
    };
    // The KPIs' formulas (=D4/E4*100, =D5*0) are worked out from their cells, said
    // once for the sheet. The register's scores multiplying their row's likelihood and
    // impact (=D4*E4) are the framework's own rule: worked out with no finding. The
    // template row's lone score formula, of blank cells (F6), is a row not filled in.
    let (code, json) = check("uncalculated.xlsx");
    assert_eq!(code, Some(0));
    assert_eq!(
        json["findings"],
        serde_json::json!([{
            "file": fixtures.join("uncalculated.xlsx").display().to_string(),
            "sheet": "KPIs",
            "cell": "F4",
            "row": 4,
            "rule": "cell.formula-worked-out",
            "severity": "info",
            "message": "2 formulas on this sheet had no result saved in the file (the program that saved it writes formulas without working them out): each is worked out here from the cells it uses, as Excel would (F4: =D4/E4*100 is 90). Open the file in Excel or LibreOffice and save it, so that every program reads the same figures."
        }])
    );
    // Saved by an office suite, the results are read, a true 0 (KPIs!F5) included.
    let (code, json) = check("uncalculated-saved.xlsx");
    assert_eq!(json["findings"], serde_json::json!([]));
    assert_eq!(code, Some(0));
    // Consolidated, the two give the same figures.
    let tmp = tempfile::tempdir().unwrap();
    let figures = |file: &str| {
        let out = tmp.path().join(format!("{file}.out.xlsx"));
        golden_thread()
            .args([
                "consolidate",
                "--level",
                "directorate",
                "--as-of",
                "2026-06-30",
            ])
            .arg("--out")
            .arg(&out)
            .arg(fixtures.join(file))
            .assert()
            .code(0);
        (
            common::column_texts(&out, "All risks", &["ID", "Current score"]),
            common::column_texts(&out, "Indicators", &["Indicator ID", "Actual"]),
        )
    };
    let worked_out = figures("uncalculated.xlsx");
    assert_eq!(
        worked_out,
        (
            vec![
                vec!["PK-01".to_string(), "12".into()],
                vec!["PK-02".into(), "4".into()]
            ],
            vec![
                vec!["PK-I1".to_string(), "90".into()],
                vec!["PK-I2".into(), "0".into()],
                vec!["PK-I3".into(), "4".into()]
            ]
        )
    );
    assert_eq!(figures("uncalculated-saved.xlsx"), worked_out);
}

#[test]
fn a_returns_if_formulas_held_without_results_give_its_figures_rags_and_blanks() {
    let (_tmp, dir) = workdir();
    let path = dir.join("kpis.xlsx");
    // As openpyxl writes them, each formula's result left at 0: the actual left blank
    // until its figures are typed, and the RAG worked out from actual and target.
    let row = |id: &str, numerator: Cell, denominator: Cell, r: u32| {
        vec![
            t(id),
            t("Visits on time"),
            t("Oct-26"),
            numerator,
            denominator,
            f(&format!("=IF(D{r}=\"\",\"\",D{r}/E{r}*100)"), 0),
            n(85.0),
            f(
                &format!("=IF(F{r}=\"\",\"\",IF(F{r}>=G{r},\"Green\",\"Red\"))"),
                0,
            ),
            t("Higher is better"),
        ]
    };
    write_xlsx(
        &path,
        &[SheetLayout::new("KPIs")
            .bold_row(texts(&[
                "PI Ref",
                "Indicator",
                "Period",
                "Numerator",
                "Denominator",
                "Actual",
                "Target",
                "RAG",
                "Polarity",
            ]))
            .row(row("K1", n(45.0), n(50.0), 2))
            .row(row("K2", Cell::Blank, Cell::Blank, 3))
            .row({
                // Left to IFERROR: 0 / 0 of blank cells is an error, so blank.
                let mut row = row("K3", Cell::Blank, Cell::Blank, 4);
                row[5] = f("=IFERROR(D4/E4*100,\"\")", 0);
                row
            })],
    )
    .unwrap();
    let (code, findings, json) = check_json(&[path.to_str().unwrap()]);
    // K1 is 90, green as its RAG says; K2's and K3's actuals are blank, as Excel would
    // show them, so they are missing rather than uncalculated.
    assert_eq!(
        cells_and_rules(&findings),
        [
            ("F2", "cell.formula-worked-out"),
            ("F3", "indicator.value-missing"),
            ("F4", "indicator.value-missing")
        ],
        "{json}"
    );
    assert_eq!(code, 1);
    assert_eq!(
        json["findings"][0]["message"],
        "6 formulas on this sheet had no result saved in the file (the program that saved it writes formulas without working them out): each is worked out here from the cells it uses, as Excel would (F2: =IF(D2=\"\",\"\",D2/E2*100) is 90). Open the file in Excel or LibreOffice and save it, so that every program reads the same figures."
    );
}

#[test]
fn a_formula_held_without_its_result_that_cannot_be_worked_out_is_named_at_its_cell() {
    let (_tmp, dir) = workdir();
    let path = dir.join("kpis.xlsx");
    // Written, as openpyxl writes, with each formula's result left at 0: one naming
    // another sheet, one a name.
    write_xlsx(
        &path,
        &[SheetLayout::new("KPIs")
            .bold_row(texts(&[
                "PI Ref",
                "Indicator",
                "Period",
                "Actual",
                "Target",
                "Polarity",
            ]))
            .row(vec![
                t("PK-I1"),
                t("Visits"),
                t("Oct-26"),
                f("=Data!B4", 0),
                n(90.0),
                t("Higher is better"),
            ])
            .row(vec![
                t("PK-I2"),
                t("Loans"),
                t("Oct-26"),
                f("=Loans*100", 0),
                n(90.0),
                t("Higher is better"),
            ])],
    )
    .unwrap();
    let (code, findings, json) = check_json(&[path.to_str().unwrap()]);
    // No actual is reported missing where its formula's result is what is missing.
    assert_eq!(
        cells_and_rules(&findings),
        [
            ("D2", "cell.formula-uncalculated"),
            ("D3", "cell.formula-uncalculated")
        ],
        "{json}"
    );
    assert_eq!(code, 1);
    assert_eq!(
        json["findings"][0]["message"],
        "Actual holds the formula =Data!B4, but the file does not hold its result: it was saved by a program that does not work formulas out. Open it in Excel or LibreOffice, save it, and check it again"
    );
}

#[test]
fn a_score_written_as_its_working_gives_likelihood_and_impact_where_there_are_no_columns_for_them()
{
    let (tmp, dir) = workdir();
    let heading = [
        "Risk ID",
        "Risk",
        "Risk Owner",
        "Risk Score (L x I)",
        "Current Controls",
    ];
    let row =
        |id: &str, score: &str| texts(&[id, "Depot floods", "Head of Fleet", score, "Sandbags"]);
    let worked = SheetLayout::new("Register")
        .bold_row(texts(&heading))
        .row(row("FL-01", "2 x 3 = 6"))
        .row(row("FL-02", "L1 x I3"))
        .row(row("FL-03", "I2 x L3"))
        // Likelihood 6 is off the scale: found at the score cell that gave it.
        .row(row("FL-04", "6 x 1"))
        .row(row("FL-05", "8 (4x2)"))
        // Each factor named by its letter, however they are joined.
        .row(row("FL-06", "L=2, I=3"))
        .row(row("FL-07", "6 (I3 L2)"))
        .row(row("FL-08", "2 by 4"));
    write_xlsx(&dir.join("fleet.xlsx"), &[worked]).unwrap();
    // One score given as a number alone: that risk's likelihood and impact are unknown,
    // so the columns are missing as before.
    let bare = SheetLayout::new("Register")
        .bold_row(texts(&heading))
        .row(row("PK-01", "2 x 2"))
        .row(row("PK-02", "6"));
    write_xlsx(&dir.join("parking.xlsx"), &[bare]).unwrap();
    let (code, findings, _) = check_json(&[dir.to_str().unwrap()]);
    let found: Vec<(&str, &str, &str)> = findings
        .iter()
        .filter(|(_, _, _, rule, _)| rule != "sheet.source-unknown")
        .map(|(file, _, cell, rule, _)| (file.as_str(), cell.as_str(), rule.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("fleet.xlsx", "A1", "risk.review-overdue"),
            ("fleet.xlsx", "D5", "risk.likelihood-range"),
            ("parking.xlsx", "A1", "header.missing-column"),
            ("parking.xlsx", "A1", "header.missing-column"),
            ("parking.xlsx", "A1", "risk.review-overdue"),
        ]
    );
    assert_eq!(code, 1);
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        current_scores(&out),
        [
            ["FL-01", "2", "3", "6"],
            ["FL-02", "1", "3", "3"],
            ["FL-03", "3", "2", "6"],
            ["FL-04", "6", "1", "6"],
            ["FL-05", "4", "2", "8"],
            ["FL-06", "2", "3", "6"],
            ["FL-07", "2", "3", "6"],
            ["FL-08", "2", "4", "8"],
            ["PK-01", "2", "2", "4"],
            ["PK-02", "", "", "6"],
        ]
    );
}

#[test]
fn risk_description_is_the_title_alone_and_the_description_beside_a_title() {
    let (_tmp, dir) = workdir();
    let with_title = dir.as_path().join("with-title.csv");
    std::fs::write(
        &with_title,
        "Risk Code,Risk Title,Risk Description,Risk Owner,Likelihood,Impact,Existing Controls,Last Review Date\n\
         CS-01,Cyber attack,Ransomware locks the council's systems,Head of ICT,3,2,MFA and backups,15/10/2026\n",
    )
    .unwrap();
    let alone = dir.as_path().join("alone.csv");
    std::fs::write(
        &alone,
        "Risk Code,Risk Description,Risk Owner,Likelihood,Impact,Existing Controls,Last Review Date\n\
         CS-02,Ransomware locks the council's systems,Head of ICT,3,2,MFA and backups,15/10/2026\n",
    )
    .unwrap();
    let (code, findings, _) = check_json(&[with_title.to_str().unwrap(), alone.to_str().unwrap()]);
    assert_eq!(findings, vec![], "no duplicate column, no blank title");
    assert_eq!(code, 0);
}

#[test]
fn responsible_officer_is_the_action_owner_beside_a_risk_owner_and_the_owner_alone() {
    let (tmp, dir) = workdir();
    let both = dir.as_path().join("both.csv");
    std::fs::write(
        &both,
        "Ref No.,Risk Description,Risk Owner (Post),Probability (1-5),Severity (1-5),Existing Controls,Mitigating Actions,Responsible Officer,Target Date,Date Reviewed\n\
         HR-01,Loss of key staff,Head of HR,3,3,Succession plans,Workforce plan,HR Manager,31/03/2027,20/10/2026\n",
    )
    .unwrap();
    let alone = dir.as_path().join("alone.csv");
    std::fs::write(
        &alone,
        "Ref No.,Risk Description,Responsible Officer,Probability (1-5),Severity (1-5),Existing Controls,Mitigating Actions,Target Date,Date Reviewed\n\
         HR-02,Pay award above budget,S151 Officer,3,3,Reserves,Lobby LGA,31/01/2027,20/10/2026\n",
    )
    .unwrap();
    let (code, findings, _) = check_json(&[both.to_str().unwrap(), alone.to_str().unwrap()]);
    assert_eq!(findings, vec![], "no duplicate column, no blank owner");
    assert_eq!(code, 0);
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID", "Owner", "Action owner"]),
        vec![
            vec!["HR-02", "S151 Officer", ""],
            vec!["HR-01", "Head of HR", "HR Manager"],
        ]
    );
}

#[test]
fn several_registers_in_one_workbook_take_their_service_from_the_sheet_name() {
    let (tmp, dir) = workdir();
    let sheet = |name: &str, id: &str| {
        SheetLayout::new(name)
            .bold_row(texts(SIMPLE_HEADER))
            .row(clean_row(id))
    };
    write_xlsx(
        &dir.join("service-registers.xlsx"),
        &[
            sheet("ICT", "ICT-01"),
            sheet("Legal Services", "LG-01"),
            // The words of a register around the service's name are not part of it.
            sheet("Planning Risk Register", "PL-01"),
            // Names no service: the file's name stands.
            sheet("Closed risks", "HR-01"),
        ],
    )
    .unwrap();
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID", "Directorate", "Service"]),
        [
            ["ICT-01", "Corporate Services", "ICT"],
            ["LG-01", "Corporate Services", "Legal Services"],
            ["PL-01", "Corporate Services", "Planning"],
            ["HR-01", "Corporate Services", "Service Registers"],
        ]
    );
}

/// A register sheet holding one risk, HW-01, at likelihood `likelihood` x impact 4,
/// last reviewed on `reviewed` (day, month of 2026).
fn month_of_register(
    name: &str,
    likelihood: f64,
    rating: &str,
    reviewed: (u32, u32),
) -> SheetLayout {
    SheetLayout::new(name)
        .row(texts(&["Highways risk register"]))
        .bold_row(texts(SIMPLE_HEADER))
        .row(vec![
            t("HW-01"),
            t("Bridge failure"),
            t("Head of Highways"),
            n(likelihood),
            n(4.0),
            n(likelihood * 4.0),
            t(rating),
            t("Annual inspections"),
            t("Strengthening works"),
            t("Bridges Engineer"),
            d(2027, 3, 31),
            d(2026, reviewed.1, reviewed.0),
        ])
}

#[test]
fn a_register_kept_a_sheet_per_month_is_read_from_the_current_months_sheet() {
    let (tmp, dir) = workdir();
    let path = dir.join("highways.xlsx");
    // Each month's sheet copied from the last, the risk stepped down from 16 to 8; the
    // next month's made ready ahead of the reporting date.
    write_xlsx(
        &path,
        &[
            month_of_register("Aug 2026", 4.0, "Very high", (20, 8)),
            month_of_register("Sep 2026", 3.0, "High", (20, 9)),
            month_of_register("Oct 2026", 2.0, "Medium", (20, 10)),
            month_of_register("Nov 2026", 2.0, "Medium", (20, 10)),
        ],
    )
    .unwrap();
    let (code, findings, json) = check_json(&[path.to_str().unwrap()]);
    let other = |sheet: &str| finding("highways.xlsx", sheet, "", "sheet.other-period", "info");
    // August's and September's reviews are overdue, but theirs are not the register.
    assert_eq!(
        findings,
        [other("Aug 2026"), other("Sep 2026"), other("Nov 2026")]
    );
    assert_eq!(code, 0);
    assert_eq!(
        json["findings"][0]["message"],
        "This sheet is the register for Aug 2026. The workbook keeps its register a sheet per month, and 'Oct 2026', the latest begun by the reporting date 31/10/2026, is the one read: its 1 risk is not checked or counted again, and the Ledger lists them."
    );

    let out = consolidated(tmp.path(), &dir);
    let risks = common::column_texts(
        &out,
        "All risks",
        &["ID", "Service", "Current score", "Source"],
    );
    assert_eq!(risks.len(), 1);
    assert_eq!(risks[0][..3], ["HW-01", "Highways", "8"]);
    assert!(
        risks[0][3].ends_with("highways.xlsx › Oct 2026!3"),
        "{}",
        risks[0][3]
    );
    // Stepped down to 8: not on the directorate register, as August's 16 would be.
    assert_eq!(common::table(&out, "Register").len(), 0);
    let ledger = common::column_texts(
        &out,
        "Ledger",
        &["Sheet", "Rows read", "Rows taken", "Reason"],
    );
    assert_eq!(
        ledger[..4],
        [
            [
                "Aug 2026",
                "1",
                "0",
                "1 x an earlier month's register (Aug 2026): the one read is 'Oct 2026'"
            ],
            [
                "Sep 2026",
                "1",
                "0",
                "1 x an earlier month's register (Sep 2026): the one read is 'Oct 2026'"
            ],
            ["Oct 2026", "1", "1", ""],
            [
                "Nov 2026",
                "1",
                "0",
                "1 x a later month's register (Nov 2026): the one read is 'Oct 2026'"
            ],
        ]
    );

    // Months named without their year are the latest of that name begun by the
    // reporting date: in April 2026, "Jan" to "Mar" are this calendar year's.
    let parks = dir.join("parks.xlsx");
    write_xlsx(
        &parks,
        &[
            month_of_register("Jan", 4.0, "Very high", (20, 1)),
            month_of_register("Feb", 3.0, "High", (20, 2)),
            month_of_register("Mar", 2.0, "Medium", (20, 3)),
        ],
    )
    .unwrap();
    let output = golden_thread()
        .args(["check", "--format", "json", "--as-of", "2026-04-10"])
        .arg(&parks)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(&str, &str)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["sheet"].as_str().unwrap(), f["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [("Jan", "sheet.other-period"), ("Feb", "sheet.other-period")]
    );
}

#[test]
fn a_scales_probability_beside_its_label_and_a_due_date_led_in_by_words_read_as_meant() {
    let (tmp, dir) = workdir();
    let path = dir.join("finance.xlsx");
    let row = |id: &str, likelihood: &str, impact: &str, score: f64, rating: &str, due: &str| {
        vec![
            t(id),
            t("Budget overspend"),
            t("Head of Finance"),
            t(likelihood),
            t(impact),
            n(score),
            t(rating),
            t("Monthly budget monitoring"),
            t("Recovery plan"),
            t("Finance Manager"),
            t(due),
            d(2026, 10, 15),
        ]
    };
    write_xlsx(
        &path,
        &[SheetLayout::new("Register")
            .bold_row(texts(SIMPLE_HEADER))
            .row(row(
                "FN-01",
                "Likely (60-80%)",
                "Major",
                16.0,
                "Very high",
                "End of Dec 2026",
            ))
            .row(row(
                "FN-02",
                "3 - Possible (40-60%)",
                "Four",
                12.0,
                "High",
                "By 31/03/2027",
            ))
            .row(row(
                "FN-03",
                "Unlikely <20%",
                "Moderate",
                6.0,
                "Medium",
                "No later than 30 June 2027",
            ))
            // Passed: overdue, read from behind its words.
            .row(row(
                "FN-04",
                "Almost certain (>90%)",
                "Major",
                20.0,
                "Very high",
                "By 30/09/2026",
            ))],
    )
    .unwrap();
    let (_, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        [("K5", "risk.action-overdue")],
        "{json}"
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        current_scores(&out),
        [
            ["FN-01", "4", "4", "16"],
            ["FN-02", "3", "4", "12"],
            ["FN-03", "2", "3", "6"],
            ["FN-04", "5", "4", "20"],
        ]
    );
}

#[test]
fn headings_with_line_breaks_plurals_and_small_words_changed_are_still_found() {
    let (_tmp, dir) = workdir();
    let path = dir.join("finance.xlsx");
    write_xlsx(
        &path,
        &[SheetLayout::new("Register")
            .bold_row(texts(&[
                "Ref*",
                "Risk\nTitle*",
                "Risk Owners",
                "Likelihood\n(1-5)",
                "Impact\n(1-5)",
                "Risk Score\n(L x I)",
                "RAG\nRating",
                "Existing controls /\nmitigations",
                "Further action\nrequired",
                "Action\nowners",
                "Target date\nfor completion",
                "Date of\nlast review",
            ]))
            .row(clean_row("FN-01"))],
    )
    .unwrap();
    let (code, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(findings, [], "{json}");
    assert_eq!(code, 0);
}

#[test]
fn each_row_rule_is_reported_at_its_cell() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("rules.xlsx");
    let row = |cells: Vec<(usize, Cell)>| {
        let mut base = clean_row("X");
        for (i, cell) in cells {
            base[i] = cell;
        }
        base
    };
    let layout = SheetLayout::new("Register")
        .bold_row(texts(SIMPLE_HEADER))
        .row(row(vec![(0, t("R-01")), (1, Cell::Blank)])) // title blank: B2
        .row(row(vec![(0, Cell::Blank)])) // id blank: A3
        // Impact 0 out of range: E4; the score formula's 0 was saved by a writer that
        // does not calculate (as is every formula's result in this workbook): F4.
        .row(row(vec![(0, t("R-03")), (4, n(0.0)), (5, f("=D4*E4", 0))]))
        .row(row(vec![
            (0, t("R-04")),
            (4, Cell::Blank),
            (5, Cell::Blank),
            (6, Cell::Blank),
        ])) // impact blank: E5
        .row(row(vec![(0, t("R-05")), (7, Cell::Blank)])) // controls blank: H6
        .row(row(vec![(0, t("R-06")), (5, f("=D7*E7", 0))])) // formula never calculated: F7
        .row(row(vec![(0, t("R-07")), (11, t("31/02/2026"))])) // impossible date: L8
        .row(row(vec![(0, t("R-08")), (11, Cell::Blank)])) // no review date: L9
        .row(row(vec![(0, t("R-09")), (8, Cell::Blank)])) // score 9 with no further actions: I10
        .row(row(vec![
            (0, t("R-10")),
            (3, t("Likely (4)")),
            (4, t("4 Major")),
            (5, n(16.0)),
            (6, t("Very High")),
        ])); // clean, labels
    write_xlsx(&path, &[layout]).unwrap();
    let (code, findings, json) = check_json(&[path.to_str().unwrap()]);
    let cells = cells_and_rules(&findings);
    assert_eq!(
        cells,
        vec![
            ("B2", "risk.required"),
            ("A3", "risk.required"),
            ("E4", "risk.impact-range"),
            ("F4", "cell.formula-uncalculated"),
            ("E5", "risk.required"),
            ("H6", "risk.controls-missing"),
            ("F7", "cell.formula-uncalculated"),
            ("L8", "cell.type"),
            ("L9", "risk.review-overdue"),
            ("I10", "risk.actions-missing"),
        ]
    );
    assert_eq!(code, 1);
    let messages = messages(&json);
    assert_eq!(
        messages[6],
        "Score holds the formula =D7*E7, but the file does not hold its result: it was saved by a program that does not work formulas out. Open it in Excel or LibreOffice, save it, and check it again"
    );
    assert!(
        messages[7].contains("no 31 February 2026"),
        "{}",
        messages[7]
    );
    assert_eq!(json["findings"][0]["row"], 2);
    assert_eq!(json["findings"][0]["field"], "title");
}

#[test]
fn a_rating_shown_only_by_a_cells_fill_colour_is_read_and_checked() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("colours.xlsx");
    let scored = |id: &str, likelihood: f64, impact: f64| {
        let mut row = clean_row(id);
        row[3] = n(likelihood);
        row[4] = n(impact);
        row[5] = n(likelihood * impact);
        row[6] = Cell::Blank;
        row
    };
    // The Rating column (G) holds no words, only colours: 9 red (High, right), 20 red
    // (High, but 20 is Very high), 20 dark red (right), 2 green (right), 6 green
    // (Low, but 6 is Medium), and 12 in the pale yellow of an input cell (no rating).
    let layout = SheetLayout::new("Register")
        .bold_row(texts(SIMPLE_HEADER))
        .row(scored("C-01", 3.0, 3.0))
        .row(scored("C-02", 4.0, 5.0))
        .row(scored("C-03", 5.0, 4.0))
        .row(scored("C-04", 1.0, 2.0))
        .row(scored("C-05", 2.0, 3.0))
        .row(scored("C-06", 3.0, 4.0))
        .fill(1, 6, "#FF0000")
        .fill(2, 6, "#FF0000")
        .fill(3, 6, "#C00000")
        .fill(4, 6, "#00B050")
        .fill(5, 6, "#92D050")
        .fill(6, 6, "#FFFF99");
    write_xlsx(&path, &[layout]).unwrap();
    let (code, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        vec![
            ("G3", "risk.rating-mismatch"),
            ("G6", "risk.rating-mismatch")
        ]
    );
    assert_eq!(code, 1);
    assert_eq!(
        json["findings"][0]["message"],
        "The rating cell is filled red (High) with no words in it, but the score 20 is Very high (16-25)."
    );
    assert_eq!(
        json["findings"][1]["message"],
        "The rating cell is filled green (Low) with no words in it, but the score 6 is Medium (4-8)."
    );
}

#[test]
fn a_register_rated_by_fills_of_four_colours_is_read_on_four_bands() {
    let (_tmp, dir) = workdir();
    let scored = |id: &str, likelihood: f64, impact: f64| {
        let mut row = clean_row(id);
        row[3] = n(likelihood);
        row[4] = n(impact);
        row[5] = n(likelihood * impact);
        row[6] = Cell::Blank;
        row
    };
    let register = |fills: [&str; 5]| {
        let mut layout = SheetLayout::new("Register")
            .bold_row(texts(SIMPLE_HEADER))
            .row(scored("C-01", 1.0, 2.0))
            .row(scored("C-02", 2.0, 3.0))
            .row(scored("C-03", 3.0, 4.0))
            .row(scored("C-04", 4.0, 5.0))
            .row(scored("C-05", 3.0, 4.0));
        for (i, fill) in fills.iter().enumerate() {
            layout = layout.fill(i as u32 + 1, 6, fill);
        }
        layout
    };
    let (green, yellow, amber, red) = ("#00B050", "#FFFF00", "#FFC000", "#FF0000");
    // Green, yellow, amber and red, lowest first: 2 Low, 6 Medium, 12 High and 20 Very
    // high are right; 12 filled yellow (Medium) is not.
    let path = dir.join("four.xlsx");
    write_xlsx(&path, &[register([green, yellow, amber, red, yellow])]).unwrap();
    let (_, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        [("G6", "risk.rating-mismatch")],
        "{json}"
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The rating cell is filled yellow (Medium) with no words in it, but the score 12 is High (9-15)."
    );
    // With no amber, bright yellow is amber, as three colours use it: red is High, and
    // 20 in red is read as the register rating on three bands.
    let path = dir.join("three.xlsx");
    write_xlsx(&path, &[register([green, yellow, red, red, red])]).unwrap();
    let (_, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        [("G5", "risk.rating-bands-merged")],
        "{json}"
    );
}

#[test]
fn a_score_cell_coloured_in_its_band_is_checked_where_there_is_no_rating_column() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("scores.xlsx");
    let heading = texts(&[
        "Risk ID",
        "Risk",
        "Type",
        "Risk Owner",
        "Likelihood",
        "Impact",
        "Score",
        "Current Controls",
        "Further Actions",
        "Action Owner",
        "Action Due",
        "Last Reviewed",
    ]);
    let scored = |id: &str, kind: &str, likelihood: f64, impact: f64| {
        vec![
            t(id),
            t("Budget overspend"),
            t(kind),
            t("Head of Finance"),
            n(likelihood),
            n(impact),
            n(likelihood * impact),
            t("Monthly budget monitoring"),
            t("Recovery plan"),
            t("Finance Manager"),
            d(2027, 3, 31),
            d(2026, 10, 15),
        ]
    };
    // Scores coloured by hand: 12 still in last month's amber, 4 amber (right), 2 green
    // (right), and an opportunity's 16 in green, a colour of its own scheme.
    let layout = SheetLayout::new("Register")
        .bold_row(heading)
        .row(scored("S-01", "Risk", 3.0, 4.0))
        .row(scored("S-02", "Risk", 2.0, 2.0))
        .row(scored("S-03", "Risk", 1.0, 2.0))
        .row(scored("S-04", "Opportunity", 4.0, 4.0))
        .fill(1, 6, "#FFC000")
        .fill(2, 6, "#FFC000")
        .fill(3, 6, "#00B050")
        .fill(4, 6, "#00B050");
    write_xlsx(&path, &[layout]).unwrap();
    let (code, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        vec![("G2", "risk.rating-mismatch")]
    );
    assert_eq!(code, 1);
    assert_eq!(
        json["findings"][0]["message"],
        "The score cell is filled amber (Medium) and there is no rating column, but the score 12 is High (9-15)."
    );
}

#[test]
fn a_risk_struck_through_is_closed_unless_its_status_says_it_is_open() {
    let (tmp, dir) = workdir();
    let path = dir.as_path().join("struck.xlsx");
    let mut heading = texts(SIMPLE_HEADER);
    heading.push(t("Status"));
    let row = |id: &str, status: &str, reviewed: Cell| {
        let mut row = clean_row(id);
        row[3] = n(4.0);
        row[4] = n(4.0);
        row[5] = n(16.0);
        row[6] = t("Very high");
        row[11] = reviewed;
        row.push(t(status));
        row
    };
    // S-02 is struck through with no status and was last reviewed in March: closed, so
    // not overdue and off the register. S-03 is struck through but says Open: believed,
    // with a warning. S-04 is struck through and says Closed: nothing to say.
    let layout = SheetLayout::new("Register")
        .bold_row(heading)
        .row(row("S-01", "Open", d(2026, 10, 15)))
        .row(row("S-02", "", d(2026, 3, 1)))
        .row(row("S-03", "Open", d(2026, 10, 15)))
        .row(row("S-04", "Closed", d(2026, 3, 1)))
        .strike_row(2, 13)
        .strike_row(3, 13)
        .strike_row(4, 13);
    write_xlsx(&path, &[layout]).unwrap();
    let (code, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        findings,
        vec![
            finding(
                "struck.xlsx",
                "Register",
                "B3",
                "risk.struck-through",
                "info"
            ),
            finding(
                "struck.xlsx",
                "Register",
                "B4",
                "risk.struck-through",
                "warning"
            ),
        ]
    );
    assert_eq!(code, 0);
    assert_eq!(
        json["findings"][1]["message"],
        "Risk S-03's title is struck through, but its status says 'Open', so it is read as open. If it is closed, set its status to Closed; if not, remove the line through it."
    );
    // Every row is on All risks; the register holds the open ones.
    let out = consolidated(tmp.path(), &dir);
    let ids = |sheet: &str| -> Vec<String> {
        common::table(&out, sheet)
            .iter()
            .map(|row| row["ID"].to_string())
            .collect()
    };
    assert_eq!(ids("All risks"), ["S-01", "S-02", "S-03", "S-04"]);
    assert_eq!(ids("Register"), ["S-01", "S-03"]);
}

#[test]
fn a_risk_struck_through_is_read_as_closed_where_cells_are_merged_down_the_register() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("struck.xlsx");
    // One owner merged over both risks (C2:C3), so the sheet is read with its merged
    // cells spread: the line through S-02 is still seen.
    let layout = SheetLayout::new("Register")
        .bold_row(texts(SIMPLE_HEADER))
        .row(clean_row("S-01"))
        .row(clean_row("S-02"))
        .merge(1, 2, 2, 2)
        .strike_row(2, 12);
    write_xlsx(&path, &[layout]).unwrap();
    let (_, findings, _) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        findings,
        vec![finding(
            "struck.xlsx",
            "Register",
            "B3",
            "risk.struck-through",
            "info"
        )]
    );
}

#[test]
fn action_dates_typed_in_the_text_closed_risks_marked_na_and_worked_scores_read_as_meant() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("actions.xlsx");
    let heading = texts(&[
        "Risk ID",
        "Risk",
        "Risk Owner",
        "Likelihood",
        "Impact",
        "Score",
        "Current Controls",
        "Further Actions (owner and date)",
        "Status",
        "Last Reviewed",
    ]);
    let row = |id: &str, l: Cell, i: Cell, score: Cell, actions: &str, status: &str| {
        vec![
            t(id),
            t("Budget overspend"),
            t("Head of Finance"),
            l,
            i,
            score,
            t("Monthly budget monitoring"),
            t(actions),
            t(status),
            d(2026, 10, 15),
        ]
    };
    let layout = SheetLayout::new("Register")
        .bold_row(heading)
        // Due date in the text, still to come: nothing to say.
        .row(row(
            "FN-01",
            n(4.0),
            n(3.0),
            n(12.0),
            "Savings plan to Cabinet by 31st Jan 2027 (S151 officer)",
            "Open",
        ))
        // Due date in the text, passed and not said done: overdue, at the actions cell.
        .row(row(
            "FN-02",
            n(4.0),
            n(3.0),
            n(12.0),
            "1. Recovery plan - Finance Manager - 30/09/2026; 2. Review fees Sept 2026",
            "Open",
        ))
        // Passed, but the text says it is done.
        .row(row(
            "FN-03",
            n(4.0),
            n(3.0),
            n(12.0),
            "Recovery plan completed 30/09/2026",
            "Open",
        ))
        // No date anywhere: the due date is missing.
        .row(row(
            "FN-04",
            n(4.0),
            n(3.0),
            n(12.0),
            "Recovery plan (Finance Manager)",
            "Open",
        ))
        // "May 10" is not a date: still missing.
        .row(row(
            "FN-05",
            n(4.0),
            n(3.0),
            n(12.0),
            "Report to DMT in May 10 copies",
            "Open",
        ))
        // Closed, scored "N/A" and "-": nothing to say.
        .row(row("FN-06", t("N/A"), t("n/a"), t("-"), "", "Closed"))
        // Open and scored "N/A": the likelihood cannot be read.
        .row(row(
            "FN-07",
            t("N/A"),
            n(3.0),
            Cell::Blank,
            "Plan by 31/03/2027",
            "Open",
        ))
        // A score written out, with its band, or adding up wrongly.
        .row(row(
            "FN-08",
            n(4.0),
            n(3.0),
            t("4 x 3 = 12"),
            "Plan by 31/03/2027",
            "Open",
        ))
        .row(row(
            "FN-09",
            n(4.0),
            n(3.0),
            t("12 (High)"),
            "Plan by 31/03/2027",
            "Open",
        ))
        .row(row(
            "FN-10",
            n(4.0),
            n(3.0),
            t("4x3=13"),
            "Plan by 31/03/2027",
            "Open",
        ));
    write_xlsx(&path, &[layout]).unwrap();
    let (_, findings, json) = check_json(&[path.to_str().unwrap()]);
    let cells = cells_and_rules(&findings);
    assert_eq!(
        cells,
        vec![
            ("H3", "risk.action-overdue"),
            ("H5", "risk.actions-missing"),
            ("H6", "risk.actions-missing"),
            ("D8", "cell.type"),
            ("F11", "cell.type"),
        ]
    );
    let message = |k: usize| json["findings"][k]["message"].as_str().unwrap().to_string();
    assert_eq!(
        message(0),
        "The further actions give 30/09/2026 as their latest date, which has passed at the reporting date 31/10/2026, and they are not marked complete."
    );
    assert!(
        message(1).ends_with("missing: a due date."),
        "{}",
        message(1)
    );
    assert!(
        message(3).contains("'N/A' is not a likelihood: expected a number from 1 to 5"),
        "{}",
        message(3)
    );
    assert_eq!(message(4), "Score: '4x3=13' does not add up: 4 x 3 is 12");
}

#[test]
fn a_due_date_given_as_a_range_a_list_or_a_months_end_is_due_by_the_last() {
    let (tmp, dir) = workdir();
    let (_, findings, json) = check_text(
        &dir,
        "finance.csv",
        "Ref,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Further Actions,Action Owner,Due Date,Last Reviewed\n\
         FN-01,Budget overspend,S151 Officer,4,3,12,Monitoring,Recovery plan,Head of Finance,Jan 2026 - Mar 2026,15/10/2026\n\
         FN-02,Fraud,Head of Audit,4,3,12,Controls,Fraud review,Head of Audit,Sep 2026 to Oct 2026,15/10/2026\n\
         FN-03,Capital slippage,Head of Capital,4,3,12,Programme board,Reprofile,Head of Capital,Mar 2027 - Dec 2026,15/10/2026\n\
         FN-04,Insurance,S151 Officer,4,3,12,Cover,Retender,Head of Finance,31-Mar-26,15/10/2026\n\
         FN-05,Pay award,S151 Officer,4,3,12,Reserves,Budget,Head of Finance,End Sept 26,15/10/2026\n\
         FN-06,Pensions,S151 Officer,4,3,12,Valuation,Review,Head of Finance,End Mar 27,15/10/2026\n\
         FN-07,Debt,S151 Officer,4,3,12,Monitoring,1. Plan; 2. Fees,Head of Finance,31/12/2025; 31/03/2026,15/10/2026\n\
         FN-08,Grants,S151 Officer,4,3,12,Monitoring,1. Plan; 2. Bids,Head of Finance,\"31/12/2025, 31/03/2027\",15/10/2026\n\
         FN-09,Audit,S151 Officer,4,3,12,Monitoring,1. Plan; 2. Close,Head of Finance,31/12/2025 31/03/2027,15/10/2026\n",
    );
    // FN-02 is due by the end of October, not yet passed; backwards, FN-03 is no date.
    // The end of a month is no day of it: "End Sept 26" is September 2026.
    assert_eq!(
        cells_and_rules(&findings),
        [
            ("J2", "risk.action-overdue"),
            ("J4", "cell.type"),
            ("J5", "risk.action-overdue"),
            ("J6", "risk.action-overdue"),
            ("J8", "risk.action-overdue"),
        ]
    );
    // A list of dates, one for each action, is due by the last.
    assert_eq!(
        json["findings"][4]["message"],
        "The further actions were all due by 31/03/2026 (their dates run 31/12/2025 to 31/03/2026) and are not marked complete at the reporting date 31/10/2026."
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The further action was due by 31/03/2026 and is not marked complete at the reporting date 31/10/2026."
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID", "Action due"]),
        [
            ["FN-01", "Jan 2026 - Mar 2026"],
            // Read as a date moved to October: shown as the date.
            ["FN-02", "46326"],
            ["FN-03", "Mar 2027 - Dec 2026"],
            ["FN-04", "46112"],
            // The month's last day, as a month written in full is.
            ["FN-05", "46295"],
            ["FN-06", "46477"],
            ["FN-07", "31/12/2025; 31/03/2026"],
            ["FN-08", "31/12/2025, 31/03/2027"],
            // A space alone between the dates: a list all the same.
            ["FN-09", "31/12/2025 31/03/2027"],
        ]
    );
}

#[test]
fn a_due_date_written_as_ongoing_tbc_or_completed_is_no_date_not_a_date_typed_wrongly() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("finance.xlsx");
    let mut ongoing = clean_row("FN-01");
    ongoing[10] = t("Ongoing");
    // Score 4: below the appetite threshold, so no due date is needed.
    let mut low = clean_row("FN-02");
    low[3] = n(2.0);
    low[4] = n(2.0);
    low[5] = f("=D3*E3", 4);
    low[6] = t("Medium");
    low[10] = t("TBC");
    // The action done: no further action is left.
    let mut done = clean_row("FN-03");
    done[10] = t("Completed");
    write_xlsx(
        &path,
        &[SheetLayout::new("Register")
            .bold_row(texts(SIMPLE_HEADER))
            .row(ongoing)
            .row(low)
            .row(done)],
    )
    .unwrap();
    let (_, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        findings,
        vec![
            finding(
                "finance.xlsx",
                "Register",
                "I2",
                "risk.actions-missing",
                "error"
            ),
            finding(
                "finance.xlsx",
                "Register",
                "I4",
                "risk.actions-missing",
                "error"
            )
        ]
    );
    let message = |k: usize| json["findings"][k]["message"].as_str().unwrap().to_string();
    assert!(
        message(0).ends_with("missing: a due date (it says 'Ongoing')."),
        "{json}"
    );
    assert!(
        message(1).ends_with(
            "missing: a further action with its due date (the due date says 'Completed': an action done is not a further one)."
        ),
        "{json}"
    );
}

#[test]
fn a_due_date_given_as_a_quarter_or_half_of_the_year_is_that_periods_span() {
    let (tmp, dir) = workdir();
    let path = dir.as_path().join("finance.xlsx");
    let mut heading = texts(SIMPLE_HEADER);
    heading[10] = t("Timescale");
    let due = |id: &str, when: &str| {
        let mut row = clean_row(id);
        row[10] = t(when);
        row
    };
    write_xlsx(
        &path,
        &[SheetLayout::new("Register")
            .bold_row(heading)
            .row(due("FN-01", "By end of Q3 2026/27"))
            .row(due("FN-02", "H1 2026/27"))
            .row(due("FN-03", "Q3"))
            // A month or day with no year is not guessed at, and "30th" is a day, not 2030.
            .row(due("FN-04", "December"))
            .row(due("FN-05", "Sept 30th"))
            // A season or a calendar year spans it: spring has passed, the year's end not.
            .row(due("FN-06", "Spring 2026"))
            .row(due("FN-07", "End of 2026"))
            // A date moved on is due by the date it moved to, not overdue by the first.
            .row(due("FN-08", "30/09/2026 extended to 31/03/2027"))],
    )
    .unwrap();
    let (_, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        [
            ("K3", "risk.action-overdue"),
            ("K4", "cell.type"),
            ("K5", "cell.type"),
            ("K6", "cell.type"),
            ("K7", "risk.action-overdue")
        ],
        "{json}"
    );
    assert_eq!(
        json["findings"][4]["message"],
        "The further action was due by Spring 2026 and is not marked complete at the reporting date 31/10/2026."
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The further action was due by H1 2026/27 and is not marked complete at the reporting date 31/10/2026."
    );
    assert_eq!(
        [2, 3].map(|i| json["findings"][i]["message"].as_str().unwrap().to_string()),
        [
            "Action due: 'December' names a month but not its year: write the year with it, such as 31/12/2026",
            "Action due: 'Sept 30th' names a day but not its year: write the year with it, such as 30/09/2026"
        ]
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID", "Action due"]),
        [
            ["FN-01", "By end of Q3 2026/27"],
            ["FN-02", "H1 2026/27"],
            ["FN-03", "Q3"],
            ["FN-04", "December"],
            ["FN-05", "Sept 30th"],
            ["FN-06", "Spring 2026"],
            ["FN-07", "End of 2026"],
            // 31/03/2027, the date it moved to, written as a date.
            ["FN-08", "46477"],
        ]
    );
}

#[test]
fn missing_and_duplicate_columns_are_named_with_what_was_found() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("layout.xlsx");
    let layout = SheetLayout::new("Risks")
        .bold_row(texts(&[
            "Ref",
            "Risk",
            "Owner Nme",
            "Likelihood",
            "Impact",
            "Score",
            "Risk Score",
            "Controls",
        ]))
        .row(vec![
            t("A-1"),
            t("Data breach"),
            t("SIRO"),
            n(2.0),
            n(3.0),
            n(6.0),
            n(6.0),
            t("Training"),
        ]);
    write_xlsx(&path, &[layout]).unwrap();
    let (code, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        findings,
        vec![
            finding(
                "layout.xlsx",
                "Risks",
                "A1",
                "header.missing-column",
                "error"
            ),
            finding(
                "layout.xlsx",
                "Risks",
                "A1",
                "risk.review-overdue",
                "warning"
            ),
            finding(
                "layout.xlsx",
                "Risks",
                "G1",
                "header.duplicate-column",
                "warning"
            ),
        ]
    );
    let message = json["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("There is no Risk owner column"),
        "{message}"
    );
    assert!(
        message.contains("Headings found: Ref, Risk, Owner Nme"),
        "{message}"
    );
    assert!(
        message.contains("nearest heading is 'Owner Nme'"),
        "{message}"
    );
    assert_eq!(code, 1);
}

#[test]
fn a_scoring_key_printed_beside_a_register_is_not_a_second_column_of_its_fields() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("key-beside.xlsx");
    // The register (its "Owner" a true second owner column), a blank column, the
    // matrix ("Impact" along the top, 1 to 5), a blank column, the bands' key.
    let mut header = texts(common::REGISTER_HEADER);
    header.extend(texts(&["Owner", ""]));
    header.push(t("Impact \u{2192}"));
    header.extend((1..=5).map(|i| n(f64::from(i))));
    header.extend(texts(&["", "Score", "Rating"]));
    let risk = |id: &str, l: f64, i: f64, matrix_row: f64, key: [&str; 2]| {
        let mut row = vec![
            t(id),
            t("Bridge strike"),
            t("Head of Highways"),
            n(l),
            n(i),
            n(l * i),
            t("Height signs"),
            t("20/10/2026"),
            t("Head of Highways"),
            t(""),
            n(matrix_row),
        ];
        row.extend((1..=5).map(|c| n(matrix_row * f64::from(c))));
        row.extend(texts(&["", key[0], key[1]]));
        row
    };
    let layout = SheetLayout::new("Risks")
        .bold_row(header)
        .row(risk("HW-01", 2.0, 3.0, 5.0, ["1-4", "Low"]))
        .row(risk("HW-02", 3.0, 2.0, 4.0, ["5-9", "Medium"]));
    write_xlsx(&path, &[layout]).unwrap();
    let (code, findings, _) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        findings,
        vec![finding(
            "key-beside.xlsx",
            "Risks",
            "I1",
            "header.duplicate-column",
            "warning"
        )]
    );
    assert_eq!(code, 0);
}

#[test]
fn the_bands_key_beside_a_register_with_no_score_column_is_not_its_scores() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("key-beside.xlsx");
    // No Score or Rating column of the register's own: the key's, past a blank column,
    // would be taken for them ("1-3" a score that is none, "Low" a rating).
    let mut header = texts(&[
        "Risk ID",
        "Risk",
        "Risk Owner",
        "Likelihood",
        "Impact",
        "Controls",
        "Last Reviewed",
        "",
    ]);
    header.extend(texts(&["Score", "Rating"]));
    let risk = |id: &str, likelihood: f64, key: [&str; 2]| {
        let mut row = vec![
            t(id),
            t("Bridge strike"),
            t("Head of Highways"),
            n(likelihood),
            n(3.0),
            t("Height signs"),
            t("20/10/2026"),
            t(""),
        ];
        row.extend(texts(&key));
        row
    };
    let layout = SheetLayout::new("Risks")
        .bold_row(header)
        .row(risk("HW-01", 1.0, ["1-3", "Low"]))
        .row(risk("HW-02", 2.0, ["4-8", "Medium"]))
        .row(risk("HW-03", 1.0, ["9-15", "High"]))
        .row(risk("HW-04", 2.0, ["16 \u{2013} 25", "Very high"]));
    write_xlsx(&path, &[layout]).unwrap();
    let (code, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(findings, [], "{json}");
    assert_eq!(code, 0);
}

#[test]
fn a_heading_that_names_another_field_is_not_offered_for_a_missing_one() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("no-ids.xlsx");
    let mut row = clean_row("");
    row.remove(0);
    write_xlsx(
        &path,
        &[SheetLayout::new("Risks")
            .bold_row(texts(&SIMPLE_HEADER[1..]))
            .row(row)],
    )
    .unwrap();
    let (_, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        findings,
        vec![finding(
            "no-ids.xlsx",
            "Risks",
            "A1",
            "header.missing-column",
            "error"
        )]
    );
    let message = json["findings"][0]["message"].as_str().unwrap();
    // "Risk Owner" is like "Risk ID", but it is the owner's column.
    assert!(
        message.starts_with("There is no Risk ID column. Headings found: Risk, Risk Owner,")
            && !message.contains("nearest"),
        "{message}"
    );
}

#[test]
fn bad_files_are_findings_and_the_good_file_is_still_checked() {
    let (_tmp, dir) = workdir();
    let root = dir.as_path();
    let good = root.join("good.xlsx");
    write_xlsx(
        &good,
        &[SheetLayout::new("Register")
            .bold_row(texts(SIMPLE_HEADER))
            .row(clean_row("G-1"))
            .row(clean_row("G-1"))],
    )
    .unwrap();
    std::fs::write(
        root.join("not-a-workbook.xlsx"),
        "Dear colleague, please find attached",
    )
    .unwrap();
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(root.join("truncated.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(root.join("empty-file.xlsx"), b"").unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/password-protected.xlsx"),
        root.join("password-protected.xlsx"),
    )
    .unwrap();
    write_xlsx(
        &root.join("blank-workbook.xlsx"),
        &[SheetLayout::new("Sheet1")],
    )
    .unwrap();
    write_xlsx(
        &root.join("no-register.xlsx"),
        &[SheetLayout::new("Budget").row(texts(&["Cost centre", "Budget", "Actual"]))],
    )
    .unwrap();
    write_xlsx(
        &root.join("header-only.xlsx"),
        &[SheetLayout::new("Register").bold_row(texts(SIMPLE_HEADER))],
    )
    .unwrap();
    std::fs::write(root.join("~$good.xlsx"), b"lock").unwrap();

    let (code, findings, json) = check_json(&[root.to_str().unwrap()]);
    assert_eq!(
        findings,
        vec![
            finding("blank-workbook.xlsx", "", "", "sheet.unrecognised", "error"),
            finding("empty-file.xlsx", "", "", "file.unreadable", "error"),
            finding("good.xlsx", "Register", "A3", "risk.duplicate-id", "error"),
            finding(
                "header-only.xlsx",
                "Register",
                "A1",
                "sheet.no-rows",
                "warning"
            ),
            finding("no-register.xlsx", "", "", "sheet.unrecognised", "error"),
            finding("not-a-workbook.xlsx", "", "", "file.unreadable", "error"),
            finding(
                "password-protected.xlsx",
                "",
                "",
                "file.unreadable",
                "error"
            ),
            finding("truncated.xlsx", "", "", "file.unreadable", "error"),
        ]
    );
    assert_eq!(code, 1);
    assert_eq!(json["summary"]["files"], 8, "the lock file is skipped");
    let message_of = |file: &str| {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"].as_str().unwrap().ends_with(file))
            .unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(message_of("password-protected.xlsx").contains("password-protected"));
    assert!(message_of("truncated.xlsx").contains("damaged or truncated"));
    assert!(message_of("not-a-workbook.xlsx").contains("not a workbook"));
    assert!(message_of("empty-file.xlsx").contains("empty"));
    assert!(message_of("blank-workbook.xlsx").contains("The workbook is empty"));
    assert!(message_of("no-register.xlsx").contains("No sheet holds a risk register"));
}

#[test]
fn two_row_grouped_header_feeds_inherent_current_and_target() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("grouped.xlsx");
    // Group labels not merged (as in an ODS or CSV): they carry on to the right until the next heading.
    let layout = SheetLayout::new("Register")
        .bold_row(texts(&[
            "Ref",
            "Risk",
            "Owner",
            "Before Controls",
            "",
            "",
            "After Controls",
            "",
            "",
            "Target",
            "",
            "",
            "Controls",
        ]))
        .bold_row(texts(&[
            "", "", "", "L", "I", "Score", "L", "I", "Score", "L", "I", "Score",
        ]))
        .row(vec![
            t("G-1"),
            t("Cyber attack"),
            t("SIRO"),
            n(4.0),
            n(5.0),
            n(20.0),
            n(3.0),
            n(4.0),
            n(12.0),
            n(2.0),
            n(4.0),
            n(9.0),
            t("Firewalls"),
        ]);
    write_xlsx(&path, &[layout]).unwrap();
    let (_, findings, json) = check_json(&[path.to_str().unwrap()]);
    // The target's 9 is not 2 x 4: proves the third group's Score column is the target
    // score. The current 12 (3 x 4, not 4 x 5) is at the appetite threshold and the
    // register has no further actions column, so the row's first cell says so.
    assert_eq!(
        findings,
        vec![
            finding(
                "grouped.xlsx",
                "Register",
                "A2",
                "risk.review-overdue",
                "warning"
            ),
            finding(
                "grouped.xlsx",
                "Register",
                "A3",
                "risk.actions-missing",
                "error"
            ),
            finding(
                "grouped.xlsx",
                "Register",
                "L3",
                "risk.score-mismatch",
                "error"
            ),
        ]
    );
    assert!(
        json["findings"][2]["message"]
            .as_str()
            .unwrap()
            .starts_with("The target score is 9")
    );
    assert_eq!(json["findings"][2]["field"], "target_score");
    assert!(
        json["findings"][1]["message"]
            .as_str()
            .unwrap()
            .contains("current score 12")
    );
}

#[test]
fn expected_net_rating_over_its_scores_is_the_target_not_a_second_current() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("net.xlsx");
    // "Gross", "Current" and "Expected Net" ratings over L, I and Score: the last is
    // the target, where its word "Net" alone would make it the current again.
    let layout = SheetLayout::new("Register")
        .bold_row(texts(&[
            "Ref",
            "Risk",
            "Owner",
            "Gross Rating",
            "",
            "",
            "Current Rating",
            "",
            "",
            "Expected Net Rating",
            "",
            "",
            "Controls",
            "Last Reviewed",
        ]))
        .bold_row(texts(&[
            "", "", "", "L", "I", "Score", "L", "I", "Score", "L", "I", "Score",
        ]))
        .row(vec![
            t("RB-1"),
            t("Benefit overpayments"),
            t("Revenues Manager"),
            n(4.0),
            n(4.0),
            n(16.0),
            n(2.0),
            n(4.0),
            n(8.0),
            n(2.0),
            n(3.0),
            n(5.0),
            t("Checks"),
            t("20/10/2026"),
        ]);
    write_xlsx(&path, &[layout]).unwrap();
    let (_, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        findings,
        vec![finding(
            "net.xlsx",
            "Register",
            "L3",
            "risk.score-mismatch",
            "error"
        )]
    );
    assert_eq!(json["findings"][0]["field"], "target_score");
}

#[test]
fn a_two_row_header_repeated_down_the_sheet_is_left_out_both_rows() {
    let (tmp, dir) = workdir();
    let groups = texts(&[
        "Ref",
        "Risk",
        "Owner",
        "Inherent Risk",
        "",
        "",
        "Current Risk",
        "",
        "",
        "Target Risk",
        "",
        "",
    ]);
    let short = texts(&[
        "", "", "", "L", "I", "Score", "L", "I", "Score", "L", "I", "Score",
    ]);
    let risk = |id: &str| {
        let mut row = texts(&[id, "Cyber attack", "SIRO"]);
        row.extend([3.0, 2.0, 6.0, 2.0, 2.0, 4.0, 1.0, 2.0, 2.0].map(n));
        row
    };
    let layout = SheetLayout::new("Register")
        .bold_row(groups.clone())
        .bold_row(short.clone())
        .row(risk("G-1"))
        // The next printed page's header, typed in again.
        .bold_row(groups)
        .bold_row(short)
        .row(risk("G-2"));
    write_xlsx(&dir.join("grouped.xlsx"), &[layout]).unwrap();
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID"]),
        [["G-1"], ["G-2"]]
    );
    assert_eq!(
        register_ledger(&out),
        (
            "4".into(),
            "2".into(),
            "2 x the header repeated (a second table or a printed page)".into()
        )
    );
}

#[test]
fn a_council_schema_folder_adds_its_own_header_names() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("custom.xlsx");
    let layout = SheetLayout::new("Register")
        .bold_row(texts(&[
            "Risk ID",
            "Risk",
            "Risk Owner",
            "Chance",
            "Impact",
            "Score",
            "Controls",
        ]))
        .row(vec![
            t("C-1"),
            t("Strike"),
            t("HR Director"),
            n(2.0),
            n(2.0),
            n(5.0),
            t("Consultation"),
        ]);
    write_xlsx(&path, &[layout]).unwrap();
    let (_, before, _) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(before[0].3, "header.missing-column");
    let schema = schema_with(
        dir.as_path(),
        "risk-register.toml",
        "\"Probability\",",
        "\"Probability\", \"Chance\",",
    );
    let (_, after, _) = check_json(&[path.to_str().unwrap(), "--schema", schema.to_str().unwrap()]);
    assert_eq!(
        after,
        vec![
            finding(
                "custom.xlsx",
                "Register",
                "A1",
                "risk.review-overdue",
                "warning"
            ),
            finding(
                "custom.xlsx",
                "Register",
                "F2",
                "risk.score-mismatch",
                "error"
            )
        ]
    );
}

#[test]
fn human_output_names_file_sheet_and_cell_without_colour_in_a_pipe() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("one.csv");
    std::fs::write(
        &path,
        "Ref;Risk;Owner;Likelihood;Impact;Score;Controls;Last Reviewed\nA1;Fraud;CFO;2;2;5;Audit;15/10/2026\n",
    )
    .unwrap();
    let output = golden_thread()
        .args(["check", "--as-of", AS_OF])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let expected_line = format!(
        "{} › one!F2  error risk.score-mismatch  The score is 5 but likelihood 2 x impact 2 = 4.",
        path.display()
    );
    assert_eq!(
        stdout.lines().next(),
        Some(expected_line.as_str()),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("Checked 1 file (1 register, 1 risk): 1 error, 0 warnings.\n"),
        "{stdout}"
    );
    assert!(!stdout.contains('\x1b'));
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn exit_status_follows_errors_warnings_and_usage() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("warn.xlsx");
    let mut row = clean_row("W-1");
    row[11] = d(2026, 8, 1);
    write_xlsx(
        &path,
        &[SheetLayout::new("R")
            .bold_row(texts(SIMPLE_HEADER))
            .row(row)],
    )
    .unwrap();
    let run = |extra: &[&str]| {
        golden_thread()
            .args(["check", "--as-of", AS_OF, "-q"])
            .arg(&path)
            .args(extra)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(run(&[]), Some(0), "warnings alone exit 0");
    assert_eq!(run(&["--deny-warnings"]), Some(1));
    assert_eq!(
        golden_thread()
            .args(["check", "no/such/file.xlsx"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        golden_thread()
            .args(["check", "--as-of", "10/31/2026", "x"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        golden_thread()
            .args(["check"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn owner_directory_flags_owners_not_in_it() {
    let (_tmp, dir) = workdir();
    let path = dir.as_path().join("owners.xlsx");
    let mut second = clean_row("O-2");
    second[2] = t("Head of Finance / Chief Accountant");
    // The directory's "Jane Smith" written as registers write her.
    let owned_by = |id: &str, owner: &str| {
        let mut row = clean_row(id);
        row[2] = t(owner);
        row
    };
    write_xlsx(
        &path,
        &[SheetLayout::new("R")
            .bold_row(texts(SIMPLE_HEADER))
            .row(clean_row("O-1"))
            .row(second)
            .row(owned_by("O-3", "J. Smith"))
            .row(owned_by("O-4", "Smith, Jane"))
            .row(owned_by("O-5", "jane.smith@council.gov.uk"))],
    )
    .unwrap();
    let officers = dir.as_path().join("officers.csv");
    std::fs::write(&officers, "Name\nHead of Finance\nJane Smith\n").unwrap();
    let (_, findings, json) = check_json(&[
        path.to_str().unwrap(),
        "--owners",
        officers.to_str().unwrap(),
    ]);
    assert_eq!(
        findings,
        vec![finding(
            "owners.xlsx",
            "R",
            "C3",
            "risk.owner-unknown",
            "warning"
        )]
    );
    assert!(
        json["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("'Chief Accountant'")
    );
}

#[test]
fn demo_writes_samples_and_findings() {
    let (_tmp, dir) = workdir();
    let out = dir.as_path().join("demo");
    let output = golden_thread()
        .args(["demo", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    common::assert_exit(&output, 0);
    assert!(out.join("samples").join(paths::HOUSING).exists());
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.join("check-findings.json")).unwrap()).unwrap();
    assert_eq!(
        json["summary"],
        serde_json::json!({"files": 12, "errors": 19, "warnings": 15})
    );
    let text = std::fs::read_to_string(out.join("check-findings.txt")).unwrap();
    assert!(text.contains("Risk Register!G9  error risk.score-mismatch"));
    for name in [
        "adults-and-communities",
        "children-and-families",
        "economy-and-environment",
    ] {
        assert!(
            out.join("directorates")
                .join(format!("{name}.xlsx"))
                .exists(),
            "{name}"
        );
    }
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("Checked 12 files (7 registers, 36 risks, 3 of them opportunities; 4 indicator returns, 40 indicator values; a definitions library of 10 indicators): 19 errors, 15 warnings."),
        "{stdout}"
    );
    assert!(
        stdout.contains("Consolidated 4 files (0 could not be read) into the corporate register"),
        "{stdout}"
    );
    assert!(stdout.contains("On the register       8\n"), "{stdout}");
    assert!(out.join("spot-check.xlsx").exists());
    assert!(
        stdout.contains("spot-check: 10 indicator values sampled with seed 2026"),
        "{stdout}"
    );
    let register = csv::Reader::from_path(out.join("corporate-csv").join("register.csv"))
        .unwrap()
        .records()
        .count();
    assert_eq!(register, 8, "the 8 risks scoring 16 or more");
}

#[test]
fn a_register_with_no_directorate_anywhere_gets_an_info_finding() {
    // Directly in a temporary (hidden) folder: no column, no block, no folder name.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("register.xlsx");
    write_xlsx(
        &path,
        &[SheetLayout::new("R")
            .bold_row(texts(SIMPLE_HEADER))
            .row(clean_row("N-1"))],
    )
    .unwrap();
    let (code, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        findings,
        vec![finding(
            "register.xlsx",
            "R",
            "A1",
            "sheet.source-unknown",
            "info"
        )]
    );
    assert!(
        json["findings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("The directorate of these risks is not recorded")
    );
    assert_eq!(code, 0, "info findings do not fail the check");
}

#[test]
fn a_report_row_is_as_tall_as_its_directorates_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("r.csv");
    std::fs::write(
        &path,
        "Directorate:,\"Place, Economy, Environment and Regeneration\"\nService:,Highways\n\
         Risk ID,Risk,Risk Owner,Likelihood,Impact,Rating,Controls,Last Reviewed\n\
         HW-1,Potholes,Head of Highways,2,2,High,Inspections,20/10/2026\n",
    )
    .unwrap();
    let report = tmp.path().join("findings.xlsx");
    let (_, findings, json) =
        check_json(&[path.to_str().unwrap(), "--report", report.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        [("F4", "risk.rating-mismatch")],
        "{json}"
    );
    // The file and the message take a line each; the directorate three.
    assert_eq!(
        common::column_texts(&report, "Findings", &["Directorate", "Service"]),
        [["Place, Economy, Environment and Regeneration", "Highways"]]
    );
    assert_eq!(common::row_height(&report, "Findings", 2), Some(45.0));
}

#[test]
fn report_workbook_has_a_row_per_finding_links_to_the_cells_and_a_summary() {
    let dir = sample_council();
    let report = dir.path().join("findings.xlsx");
    let (_, findings, json) = check_json(&[
        dir.path().join("returns").to_str().unwrap(),
        "--definitions",
        dir.path().join(paths::DEFINITIONS).to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    let rows = common::sheet(&report, "Findings");
    assert_eq!(rows.len() - 1, findings.len(), "one row per finding");
    let column = |heading: &str| {
        rows[0]
            .iter()
            .position(|c| *c == calamine::Data::String(heading.into()))
            .unwrap_or_else(|| panic!("no {heading}: {:?}", rows[0]))
    };
    let (rule, cell) = (column("Rule"), column("Cell"));
    for (row, expected) in rows[1..]
        .iter()
        .zip(&json["findings"].as_array().unwrap()[..])
    {
        assert_eq!(row[rule].to_string(), expected["rule"].as_str().unwrap());
        assert_eq!(
            row[cell].to_string(),
            expected["cell"].as_str().unwrap_or("")
        );
    }
    // Each row names whose it is, to send each service its list: the row's service,
    // else its return's; a definitions library is no service's.
    let (directorate, service) = (column("Directorate"), column("Service"));
    let whose = |file: &str| -> Vec<(String, String, String)> {
        rows[1..]
            .iter()
            .filter(|row| row[0].to_string().ends_with(file))
            .map(|row| {
                (
                    row[directorate].to_string(),
                    row[service].to_string(),
                    row[rule].to_string(),
                )
            })
            .collect()
    };
    let adults = |rule: &str| {
        (
            "Adults and Communities".to_string(),
            "Adult Social Care".to_string(),
            rule.to_string(),
        )
    };
    // Its action plan's rows are no risk's: the register's service is theirs.
    assert_eq!(
        whose("adult-social-care.xlsx"),
        [
            adults("cell.type"),
            adults("cell.formula-error"),
            adults("risk.action-overdue"),
            adults("risk.action-unmatched"),
        ]
    );
    assert_eq!(
        whose("definitions.xlsx"),
        [(String::new(), String::new(), "definition.incomplete".into())]
    );
    let summary = common::sheet(&report, "Summary");
    let highways = summary
        .iter()
        .find(|r| r[0].to_string().ends_with("highways.xlsx"))
        .unwrap();
    assert_eq!(
        (highways[1].clone(), highways[2].clone()),
        (calamine::Data::Float(2.0), calamine::Data::Float(1.0))
    );
    // Under the files, after a blank row, the findings by rule in the same columns.
    let files = summary
        .iter()
        .take_while(|r| !r[0].to_string().is_empty())
        .count();
    let by_rule: Vec<Vec<String>> = summary[files + 1..]
        .iter()
        .map(|r| r[..3].iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(by_rule[0], ["Rule", "Severity", "Findings"]);
    assert!(
        by_rule.contains(&vec![
            "risk.rating-mismatch".into(),
            "error".into(),
            "2".into()
        ]),
        "{by_rule:?}"
    );
    assert_eq!(
        by_rule[1..]
            .iter()
            .map(|r| r[2].parse::<usize>().unwrap())
            .sum::<usize>(),
        findings.len()
    );
    // Cells link to the returns on this computer.
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&report).unwrap()).unwrap();
    let mut rels = String::new();
    zip.by_name("xl/worksheets/_rels/sheet2.xml.rels")
        .unwrap()
        .read_to_string(&mut rels)
        .unwrap();
    let highways = dir.path().join(paths::HIGHWAYS).canonicalize().unwrap();
    assert!(
        rels.contains(&format!(r#"Target="{}""#, highways.display())),
        "an absolute link: {}",
        &rels[..rels.len().min(400)]
    );
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet2.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(
        sheet.contains("location=\"&apos;Risk Register&apos;!G9\"")
            || sheet.contains("location=\"'Risk Register'!G9\""),
        "the cell is the anchor"
    );
}

#[test]
fn a_date_kept_as_its_serial_number_in_text_reads_as_that_date() {
    // Dates pasted as values into a text column, or exported to CSV, keep Excel's day
    // number: 46200 is 27/06/2026, more than a month before the reporting date.
    let (_tmp, dir) = workdir();
    let mut row = clean_row("FN-01");
    row[11] = t("46200");
    let layout = SheetLayout::new("Register")
        .bold_row(texts(SIMPLE_HEADER))
        .row(row);
    let csv = dir.join("finance-export.csv");
    write_csv(&csv, &layout).unwrap();
    let (_, findings, json) = check_json(&[csv.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        [("L2", "risk.review-overdue")],
        "{json}"
    );
    assert!(
        json["findings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Last reviewed 27/06/2026,"),
        "{json}"
    );
}

#[test]
fn a_risk_systems_export_with_its_own_headings_is_read_as_a_register() {
    // As a performance system exports its risks: "Managed By" for the owner, three
    // assessments spelled out, notes and review dates of its own.
    let (_tmp, dir) = workdir();
    let export = dir.join("risk-export.csv");
    std::fs::write(
        &export,
        "Code,Title,Description,Managed By,Original Risk Likelihood,Original Risk Impact,Original Risk Score,\
Current Risk Likelihood,Current Risk Impact,Current Risk Score,Target Risk Likelihood,Target Risk Impact,\
Target Risk Score,Internal Controls,Latest Note,Last Review Date,Status\n\
CORP-R01,Cyber attack,Ransomware,Jane Smith (Head of IT),4,5,20,2,3,6,2,2,4,Firewall; training,Reviewed at CMT,14/10/2026,Open\n\
CORP-R02,Budget gap,MTFS gap,,5,4,20,2,2,4,2,2,4,Savings programme,,14/10/2026,Open\n",
    )
    .unwrap();
    let (_, findings, json) = check_json(&[export.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        [("D3", "risk.required")],
        "{json}"
    );
}

#[test]
fn an_incident_and_risk_systems_export_with_ratings_named_by_stage_in_brackets_is_read() {
    // As a health and care risk system exports its risks: the owner is the "Handler",
    // each stage's score is its "Rating (initial)", "Rating (current)" and "Rating
    // (target)", and the date identified is the "Opened date".
    let (tmp, dir) = workdir();
    let (_, findings, json) = check_text(
        &dir,
        "adult-social-care.csv",
        "ID,Title,Opened date,Handler,Manager,Initial likelihood,Initial consequence,Rating (initial),\
Current likelihood,Current consequence,Rating (current),Target likelihood,Target consequence,Rating (target),\
Controls in place,Action plan,Review date\n\
1234,Delayed discharge from hospital,01/04/2025,Jane Smith,Director of Adult Social Care,4,4,16,4,3,12,2,3,6,\
Trusted assessor,Commission extra block hours (due 31/03/2027),14/10/2026\n",
    );
    assert_eq!(cells_and_rules(&findings), [], "{json}");
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &[
                "ID",
                "Owner",
                "Inherent score",
                "Current score",
                "Target score",
                "Date identified",
            ]
        ),
        // 1 April 2025, written as a date (its serial number).
        [["1234", "Jane Smith", "16", "12", "6", "45748"]]
    );
}

#[test]
fn a_systems_export_to_excel_that_is_a_web_page_is_read_as_its_table() {
    // "Export to Excel" in many risk and finance systems saves an HTML table under an
    // .xls name, here in Windows-1252 (the pound sign is one byte), with a line of
    // text above the table, and a title row and a directorate line above a header of
    // two rows: "Current Risk" spans its likelihood, impact and score, and the other
    // headings span both rows.
    let (tmp, dir) = workdir();
    let page = "<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\
<head><meta http-equiv=Content-Type content=\"text/html; charset=windows-1252\">\
<style>td {mso-number-format:\"\\@\";}</style></head><body>\n\
<p>Exported from the risk system on 01/11/2026</p><table border=1>\n\
<tr><td colspan=8><b>Finance Risk Register</b></td></tr>\n\
<tr><td colspan=8>Directorate: Resources</td></tr>\n\
<tr><th rowspan=2>Risk ID</th><th rowspan=2>Risk Title</th><th rowspan=2>Risk Owner</th>\
<th colspan=3>Current Risk</th><th rowspan=2>Current Controls</th><th rowspan=2>Last Reviewed</th></tr>\n\
<tr><th>Likelihood</th><th>Impact</th><th>Score</th></tr>\n\
<tr><td>FN-01</td><td>Budget gap of \u{A3}4m<br>in 2027/28</td><td>Section 151 Officer</td>\
<td>2</td><td>4</td><td bgcolor=\"#FF0000\">8</td><td>Medium term plan</td><td>15/10/2026</td></tr>\n\
<tr><td>FN-02</td><td>Loss of business rates</td><td>Head of Revenues</td>\
<td>2</td><td>3</td><td>9</td><td>Monitoring</td><td>15/10/2026</td></tr>\n\
</table></body></html>";
    let bytes: Vec<u8> = page.chars().map(|c| c as u32 as u8).collect();
    let path = dir.join("finance-risks.xls");
    std::fs::write(&path, bytes).unwrap();
    let (_, findings, json) = check_json(&[path.to_str().unwrap()]);
    // The second risk's score is on the seventh row of the sheet Excel shows, the line
    // above the table on its first, in column F; the first's is filled red, but 8 is a
    // Medium score.
    assert_eq!(
        sheets_cells_and_rules(&findings),
        [
            ("finance-risks", "F6", "risk.rating-mismatch"),
            ("finance-risks", "F7", "risk.score-mismatch")
        ],
        "{json}"
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &[
                "ID",
                "Title",
                "Directorate",
                "Current score",
                "Last reviewed"
            ]
        ),
        [
            [
                "FN-01",
                "Budget gap of £4m\nin 2027/28",
                "Resources",
                "8",
                "46310",
            ],
            ["FN-02", "Loss of business rates", "Resources", "6", "46310",]
        ]
    );
}

#[test]
fn a_systems_export_to_excel_that_is_tab_separated_text_is_read_as_excel_opens_it() {
    // Other systems' "Export to Excel" writes tab-separated text under an .xls name.
    let (tmp, dir) = workdir();
    std::fs::write(
        dir.join("legal-risks.xls"),
        "Legal Services risk register\r\n\
Risk ID\tRisk\tRisk Owner\tLikelihood\tImpact\tScore\tCurrent Controls\tLast Reviewed\r\n\
LG-01\tJudicial review of the local plan\tHead of Legal\t2\t4\t8\tExternal counsel\t15/10/2026\r\n\
LG-02\tData protection breach\tDPO\t2\t3\t5\tTraining\t15/10/2026\r\n",
    )
    .unwrap();
    let (_, findings, json) = check_json(&[dir.join("legal-risks.xls").to_str().unwrap()]);
    assert_eq!(
        sheets_cells_and_rules(&findings),
        [("legal-risks", "F4", "risk.score-mismatch")],
        "{json}"
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID", "Owner", "Current score"]),
        [["LG-01", "Head of Legal", "8"], ["LG-02", "DPO", "6"]]
    );
}

#[test]
fn an_excel_2003_xml_spreadsheet_is_read_with_its_styles_hidden_rows_and_formulas() {
    // "XML Spreadsheet 2003", as older risk systems export under an .xls name: its
    // score formulas are written R1C1 style, and one without its result multiplies the
    // row's likelihood and impact; its title has rich text and a line break; a comment
    // on the owner is no part of the owner; a style struck through (and filled red,
    // from its parent) marks a risk closed; the second risk's row is hidden.
    let (tmp, dir) = workdir();
    let cell = |style: &str, kind: &str, value: &str| {
        format!("<Cell{style}><Data ss:Type=\"{kind}\">{value}</Data></Cell>")
    };
    let text = |value: &str| cell("", "String", value);
    let number = |value: &str| cell("", "Number", value);
    let date = cell(
        " ss:StyleID=\"date\"",
        "DateTime",
        "2026-10-20T00:00:00.000",
    );
    let struck = |kind: &str, value: &str| cell(" ss:StyleID=\"closed\"", kind, value);
    let header: String = common::REGISTER_HEADER
        .iter()
        .chain(&["Further Actions"])
        .map(|h| text(h))
        .collect();
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n\
<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" \
xmlns:x=\"urn:schemas-microsoft-com:office:excel\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\" \
xmlns:html=\"http://www.w3.org/TR/REC-html40\">\n\
<Styles><Style ss:ID=\"Default\" ss:Name=\"Normal\"><Font ss:FontName=\"Calibri\"/><Interior/></Style>\
<Style ss:ID=\"red\"><Interior ss:Color=\"#FF0000\" ss:Pattern=\"Solid\"/></Style>\
<Style ss:ID=\"closed\" ss:Parent=\"red\"><Font ss:StrikeThrough=\"1\"/></Style>\
<Style ss:ID=\"date\"><NumberFormat ss:Format=\"Short Date\"/></Style></Styles>\n\
<Worksheet ss:Name=\"Risk Register\"><Table ss:ExpandedColumnCount=\"9\" x:FullRows=\"1\">\n\
<Row><Cell ss:MergeAcross=\"3\"><Data ss:Type=\"String\">Corporate Risk Register</Data></Cell></Row>\n\
<Row>{directorate}</Row>\n<Row ss:Index=\"4\">{header}</Row>\n\
<Row>{cr01}<Cell><ss:Data ss:Type=\"String\" xmlns=\"http://www.w3.org/TR/REC-html40\"><B>Cyber attack</B> on&#10;core systems</ss:Data></Cell>\
<Cell><Data ss:Type=\"String\">Head of ICT &amp; Digital</Data><Comment ss:Author=\"Risk team\"><ss:Data xmlns=\"http://www.w3.org/TR/REC-html40\"><B>Risk team:</B> confirm</ss:Data></Comment></Cell>\
{four}{four}<Cell ss:Formula=\"=RC[-2]*RC[-1]\"><Data ss:Type=\"Number\">15</Data></Cell>{firewalls}{date}{actions}</Row>\n\
<Row ss:Hidden=\"1\">{cr02}{budget}{s151}{two}{three}{six}{mtfs}{date}</Row>\n\
<Row>{s1}{s2}{s3}{s4}{s4}<Cell ss:StyleID=\"closed\" ss:Formula=\"=RC[-2]*RC[-1]\"/>{s5}</Row>\n\
</Table></Worksheet></Workbook>",
        directorate = text("Directorate: Resources"),
        cr01 = text("CR-01"),
        four = number("4"),
        firewalls = text("Firewalls"),
        actions = text("Patch programme (Head of ICT, due 31/03/2027)"),
        cr02 = text("CR-02"),
        budget = text("Budget gap"),
        s151 = text("Section 151 Officer"),
        two = number("2"),
        three = number("3"),
        six = number("6"),
        mtfs = text("Medium term plan"),
        s1 = struck("String", "CR-03"),
        s2 = struck("String", "Old system"),
        s3 = struck("String", "CIO"),
        s4 = struck("Number", "2"),
        s5 = struck("String", "None"),
    );
    // Saved as .xml, found in the folder, where other XML is passed over.
    let path = dir.join("corporate-risks.xml");
    std::fs::write(&path, xml).unwrap();
    std::fs::write(
        dir.join("settings.xml"),
        "<?xml version=\"1.0\"?><settings/>",
    )
    .unwrap();
    let (_, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        sheets_cells_and_rules(&findings),
        [
            ("Risk Register", "F5", "risk.score-mismatch"),
            ("Risk Register", "A6", "sheet.hidden-rows"),
            ("Risk Register", "B7", "risk.struck-through"),
            ("Risk Register", "F7", "risk.rating-mismatch"),
        ],
        "{json}"
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &["ID", "Title", "Owner", "Current score", "Last reviewed"]
        ),
        [
            [
                "CR-01",
                "Cyber attack on\ncore systems",
                "Head of ICT & Digital",
                "16",
                "46315"
            ],
            ["CR-02", "Budget gap", "Section 151 Officer", "6", "46315"],
            ["CR-03", "Old system", "CIO", "4", ""],
        ]
    );
    let files: Vec<String> = common::column_texts(&out, "Ledger", &["File"])
        .into_iter()
        .map(|row| row[0].clone())
        .filter(|file| file.ends_with(".xml"))
        .collect();
    assert_eq!(files, [path.display().to_string()]);
}

#[test]
fn a_register_with_no_review_date_column_is_told_once_and_systems_review_headings_are_read() {
    let (_tmp, dir) = workdir();
    // No last or next review column: one finding at the header, not one a risk.
    std::fs::write(
        dir.join("bare.csv"),
        "Ref,Risk,Owner,Likelihood,Impact,Controls,Status\n\
BR-01,Fraud,CFO,2,2,Audit,Open\n\
BR-02,Flooding,Head of Highways,2,3,Gullies,Open\n\
BR-03,Old system,CIO,2,2,None,Closed\n",
    )
    .unwrap();
    // Closed risks alone are not held to review.
    std::fs::write(
        dir.join("closed.csv"),
        "Ref,Risk,Owner,Likelihood,Impact,Controls,Status\nCL-01,Old system,CIO,2,2,None,Closed\n",
    )
    .unwrap();
    // A system's "Latest Note Date" and a council's "Date Last Updated" are the last
    // review: August is more than a month before 31/10/2026.
    std::fs::write(
        dir.join("system.csv"),
        "Code,Title,Managed By,Current Risk Likelihood,Current Risk Impact,Internal Controls,Latest Note,Latest Note Date\n\
SY-01,Cyber attack,CIO,2,2,Firewalls,Reviewed at DMT,15/10/2026\n\
SY-02,Data breach,SIRO,2,2,Training,No change,14/08/2026\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("council.csv"),
        "Ref,Risk Event,Risk Lead,Prob,Sev,Mitigation in place,Date Last Updated\n\
CO-01,Pothole claims,Head of Highways,2,2,Inspections,01/08/2026\n",
    )
    .unwrap();
    // Beside a "Last Review Date", a note's date is no review: the review date is read
    // (August: overdue), and the two are not one field written twice.
    std::fs::write(
        dir.join("both.csv"),
        "Code,Title,Managed By,Current Risk Likelihood,Current Risk Impact,Internal Controls,Latest Note Date,Last Review Date\n\
BO-01,Flooding,Head of Highways,2,2,Gullies,15/10/2026,01/08/2026\n",
    )
    .unwrap();
    let (_, findings, json) = check_json(&[dir.to_str().unwrap()]);
    let found: Vec<(&str, &str, &str)> = findings
        .iter()
        .filter(|f| f.3 != "sheet.source-unknown")
        .map(|f| (f.0.as_str(), f.2.as_str(), f.3.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("bare.csv", "A1", "risk.review-overdue"),
            ("both.csv", "H2", "risk.review-overdue"),
            ("council.csv", "G2", "risk.review-overdue"),
            ("system.csv", "H3", "risk.review-overdue"),
        ],
        "{json}"
    );
    assert_eq!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"].as_str().unwrap().ends_with("bare.csv"))
            .unwrap()["message"],
        "The register has no column for the date each risk was last reviewed, so nothing shows its 2 open risks were reviewed in the month to the reporting date 31/10/2026: add a 'Last Reviewed' column."
    );
}

#[test]
fn registers_headed_as_risk_systems_and_councils_write_treatment_are_read_whole() {
    // "Treatment Actions" by an "Action Manager"; "Mitigation in place" and
    // "Mitigation Planned" by whom and when, with "Sev" for the severity.
    let (tmp, dir) = workdir();
    std::fs::write(
        dir.join("system.csv"),
        "Risk Code,Risk Title,Risk Manager,Gross Likelihood,Gross Impact,Gross Rating,Current Likelihood,Current Impact,Current Rating,\
Existing Controls,Treatment Actions,Action Manager,Action Target Date,Last Review Date\n\
HW-01,Gritting fleet failure,Head of Highways,4,4,16,3,4,12,Fleet contract,Replace gritters,Fleet Manager,31/12/2026,15/10/2026\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("council.csv"),
        "Ref,Risk Event,Risk Lead,Prob,Sev,Risk Rating (P x S),Mitigation in place,Mitigation Planned,By Whom,By When,Date Last Updated\n\
HW-02,Pothole claims,Head of Highways,3,4,12,Inspections,More patching crews,Highways Manager,31/03/2027,15/10/2026\n",
    )
    .unwrap();
    // As a performance system exports it: its actions are "Related Actions".
    std::fs::write(
        dir.join("export.csv"),
        "Code,Title,Current Risk Likelihood,Current Risk Impact,Current Risk Score,Managed By,Internal Controls,Risk Treatment,Related Actions,Due Date,Last Review Date,Risk Status\n\
HW-03,Bridge strike,3,5,15,Head of Highways,Height signs,Treat,Bridge survey,31/01/2027,20/10/2026,Open\n",
    )
    .unwrap();
    let (code, findings, json) = check_json(&[dir.to_str().unwrap()]);
    assert_eq!((code, findings.len()), (0, 0), "{json}");
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &[
                "ID",
                "Current I",
                "Controls",
                "Further actions",
                "Action owner"
            ]
        ),
        [
            [
                "HW-02",
                "4",
                "Inspections",
                "More patching crews",
                "Highways Manager"
            ],
            ["HW-03", "5", "Height signs", "Bridge survey", ""],
            [
                "HW-01",
                "4",
                "Fleet contract",
                "Replace gritters",
                "Fleet Manager"
            ],
        ]
    );
}

#[test]
fn a_workbook_saved_with_manual_calculation_is_warned_of_its_stale_results() {
    use rust_xlsxwriter::{CalculationMode, Formula, Workbook};
    let (_tmp, dir) = workdir();
    let mut workbook = Workbook::new();
    workbook.set_calculation_mode(CalculationMode::Manual);
    let sheet = workbook.add_worksheet().set_name("Register").unwrap();
    sheet
        .write_row(
            0,
            0,
            [
                "Risk ID",
                "Risk",
                "Risk Owner",
                "Likelihood",
                "Impact",
                "Score",
                "Current Controls",
            ],
        )
        .unwrap();
    sheet
        .write_row(1, 0, ["FN-01", "Budget overspend", "Head of Finance"])
        .unwrap();
    // The likelihood was raised from 2 to 3 with calculation off: the score's saved
    // result is still 2 x 2.
    sheet.write_row(1, 3, [3.0, 2.0]).unwrap();
    sheet
        .write_formula(1, 5, Formula::new("=D2*E2").set_result("4"))
        .unwrap();
    sheet.write_string(1, 6, "Monthly monitoring").unwrap();
    let manual = dir.join("manual.xlsx");
    workbook.save(&manual).unwrap();
    let (_, findings, json) = check_json(&[manual.to_str().unwrap()]);
    let found: Vec<(&str, &str, &str)> = findings
        .iter()
        .map(|(file, _, cell, rule, _)| (file.as_str(), cell.as_str(), rule.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("manual.xlsx", "", "file.manual-calculation"),
            ("manual.xlsx", "A1", "risk.review-overdue"),
            ("manual.xlsx", "F2", "risk.score-mismatch"),
        ],
        "{json}"
    );
}

#[test]
fn rows_and_columns_a_register_hides_are_read_and_named_as_hidden() {
    use rust_xlsxwriter::Workbook;
    let (_tmp, dir) = workdir();
    let mut workbook = Workbook::new();
    let sheet = workbook
        .add_worksheet()
        .set_name("Register & Actions")
        .unwrap();
    sheet
        .write_row(0, 0, common::REGISTER_HEADER.iter().copied())
        .unwrap();
    let risks = [
        ("FN-01", 2.0, 2.0, 4.0),
        // Hidden by a filter, with a score that does not follow.
        ("FN-02", 2.0, 3.0, 7.0),
        ("FN-03", 1.0, 2.0, 2.0),
        ("FN-04", 1.0, 3.0, 3.0),
    ];
    for (row, (id, likelihood, impact, score)) in (1u32..).zip(risks) {
        sheet
            .write_row(row, 0, [id, "Budget overspend", "Head of Finance"])
            .unwrap();
        sheet
            .write_row(row, 3, [likelihood, impact, score])
            .unwrap();
        sheet
            .write_row(row, 6, ["Monthly monitoring", "20/10/2026"])
            .unwrap();
    }
    sheet.set_row_hidden(2).unwrap();
    sheet.set_row_hidden(3).unwrap();
    // The score column hidden, as its workings are.
    sheet.set_column_hidden(5).unwrap();
    let path = dir.join("hidden.xlsx");
    workbook.save(&path).unwrap();
    let (code, findings, json) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        vec![("A3", "sheet.hidden-rows"), ("F3", "risk.score-mismatch")],
        "{json}"
    );
    let messages = messages(&json);
    assert!(
        messages[0].starts_with("Rows 3 and 4 are hidden (by a filter or by hand)"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].ends_with("= 6. Row 3 is hidden. Column F is hidden."),
        "{}",
        messages[1]
    );
    assert_eq!(code, 1);
    // One row hidden is said of one row.
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Register").unwrap();
    sheet
        .write_row(0, 0, common::REGISTER_HEADER.iter().copied())
        .unwrap();
    sheet
        .write_row(1, 0, ["FN-01", "Budget overspend", "Head of Finance"])
        .unwrap();
    sheet.write_row(1, 3, [2.0, 2.0, 4.0]).unwrap();
    sheet
        .write_row(1, 6, ["Monthly monitoring", "20/10/2026"])
        .unwrap();
    sheet.set_row_hidden(1).unwrap();
    let one = dir.join("one-hidden.xlsx");
    workbook.save(&one).unwrap();
    let (_, _, json) = check_json(&[one.to_str().unwrap()]);
    assert_eq!(
        json["findings"][0]["message"],
        "Row 2 is hidden (by a filter or by hand): it is read like every other row of risks. Unhide it to see what it holds, or delete it if no longer wanted."
    );
}

/// Each of these fixtures, checked, gives these (cell, rule) findings, and its finding at
/// `at` this message; the run finds an error.
fn fixtures_found(names: &[&str], found: &[(&str, &str)], at: usize, message: &str) {
    for fixture in names {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        let (code, findings, json) = check_json(&[path.to_str().unwrap()]);
        assert_eq!(cells_and_rules(&findings), found, "{fixture}: {json}");
        assert_eq!(json["findings"][at]["message"], message, "{fixture}");
        assert_eq!(code, 1);
    }
}

#[test]
fn rows_and_columns_an_ods_or_xls_sheet_hides_are_named_as_hidden() {
    fixtures_found(
        &["hidden-rows.ods", "hidden-rows.xls"],
        &[("A6", "sheet.hidden-rows"), ("F6", "risk.score-mismatch")],
        1,
        "The score is 9 but likelihood 2 x impact 4 = 8. Row 6 is hidden. Column F is hidden.",
    );
}

#[test]
fn an_ods_sheets_merged_cells_are_read_as_an_xlsx_sheets_are() {
    // The owner merged down over three risks, a heading merged over its columns, and a
    // risk carried on over two rows with its ID merged down.
    let (tmp, dir) = workdir();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/merged.ods"),
        dir.join("merged.ods"),
    )
    .unwrap();
    let (code, findings, json) = check_json(&[dir.to_str().unwrap()]);
    assert_eq!((code, findings.len()), (0, 0), "{json}");
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &["ID", "Owner", "Current score", "Controls", "Action owner"]
        ),
        [
            ["HW01", "J Smith", "6", "Inspections", ""],
            ["HW02", "J Smith", "4", "Contract", ""],
            ["HW03", "J Smith", "5", "Height signs", ""],
            [
                "HW04",
                "B Patel",
                "12",
                "Gully cleaning\nFlood wardens",
                "B Patel\nC Rao"
            ],
        ]
    );
    let ledger = common::table(&out, "Ledger");
    assert_eq!(
        ledger[0]["Reason"].to_string(),
        "1 x continues HW04 from row 9 (merged down)"
    );
}

#[test]
fn an_ods_or_xls_sheets_fills_and_lines_through_are_read_as_an_xlsx_sheets_are() {
    fixtures_found(
        &["marked.ods", "marked.xls"],
        &[
            ("F4", "risk.rating-mismatch"),
            ("F5", "risk.rating-bands-merged"),
            ("B6", "risk.struck-through"),
        ],
        0,
        "The rating cell is filled green (Low) with no words in it, but the score 6 is Medium (4-8).",
    );
}

#[test]
fn a_register_headed_with_another_scale_is_named_once_per_scale() {
    let (_tmp, dir) = workdir();
    let four = dir.as_path().join("four-by-four.csv");
    std::fs::write(
        &four,
        "Risk ID,Risk,Risk Owner,Inherent Likelihood (1-4),Inherent Impact (1-4),Likelihood (1-4),Impact (1 to 4),Score,Controls,Actions,Action Owner,Due Date,Last Reviewed\n\
         R-1,Fraud,CFO,3,3,2,3,6,Audit,,,,20/10/2026\n\
         R-2,Cyber attack,Head of ICT,4,4,4,4,16,MFA,Pen test,Head of ICT,31/03/2027,20/10/2026\n",
    )
    .unwrap();
    let five = dir.as_path().join("five-by-five.csv");
    std::fs::write(
        &five,
        "Risk ID,Risk,Risk Owner,Likelihood (1-5),Impact (1 – 5),Score,Controls,Last Reviewed\n\
         F-1,Fraud,CFO,2,3,6,Audit,20/10/2026\n",
    )
    .unwrap();
    let (code, findings, json) = check_json(&[four.to_str().unwrap(), five.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        vec![("D1", "header.other-scale"), ("E1", "header.other-scale")]
    );
    assert!(findings.iter().all(|f| f.0 == "four-by-four.csv"));
    let message = |i: usize| json["findings"][i]["message"].as_str().unwrap().to_string();
    assert!(
        message(0)
            .contains("scored 1 to 4 here ('Inherent Likelihood (1-4)', column D; also column F)")
            && message(0).contains("1 (Rare) to 5 (Almost certain)"),
        "{}",
        message(0)
    );
    assert!(
        message(1).contains("column E; also column G"),
        "{}",
        message(1)
    );
    assert_eq!(code, 1);
}

#[test]
fn a_review_frequency_written_for_the_last_review_date_is_quoted() {
    let (_tmp, dir) = workdir();
    let (_, findings, json) = check_text(
        &dir,
        "frequencies.csv",
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Last Reviewed\n\
         R-1,Fraud,CFO,2,3,6,Audit,Monthly\n\
         R-2,Cyber,Head of ICT,2,2,4,MFA,Every month\n",
    );
    assert_eq!(
        cells_and_rules(&findings),
        vec![("H2", "risk.review-overdue"), ("H3", "risk.review-overdue")]
    );
    assert_eq!(
        json["findings"][1]["message"],
        "No last-review date is recorded (the cell says 'Every month'): registers are reviewed monthly, so each risk needs the date it was last reviewed."
    );
}

#[test]
fn a_next_review_date_passed_with_no_review_since_is_overdue_though_the_last_is_recent() {
    let (_tmp, dir) = workdir();
    // R-1's next review has passed since its last; R-2's is to come; R-3's was before
    // its last review (done, the next date not moved on); R-4 is overdue by its last.
    let (code, findings, json) = check_text(
        &dir,
        "reviews.csv",
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Last Reviewed,Next Review Date\n\
         R-1,Fraud,CFO,2,3,6,Audit,05/10/2026,25/10/2026\n\
         R-2,Cyber,Head of ICT,2,2,4,MFA,05/10/2026,05/11/2026\n\
         R-3,Flood,Head of Estates,2,2,4,Insurance,05/10/2026,05/09/2026\n\
         R-4,Pay,Head of HR,2,2,4,Payroll checks,05/08/2026,05/09/2026\n",
    );
    assert_eq!(
        cells_and_rules(&findings),
        vec![("I2", "risk.review-overdue"), ("H5", "risk.review-overdue")]
    );
    assert_eq!(
        json["findings"][0]["message"],
        "Last reviewed 05/10/2026, with its next review due by 25/10/2026, which has passed at the reporting date 31/10/2026 with no review since: review it, or correct the dates."
    );
    assert_eq!(code, 0, "warnings alone");
}

#[test]
fn a_risk_with_its_own_review_frequency_is_judged_by_it() {
    let (tmp, dir) = workdir();
    // At 31/10/2026: R-1 quarterly, reviewed within three months; R-2 quarterly, not;
    // R-3 weekly, reviewed three weeks ago; R-4's frequency names no cycle, so the
    // monthly cycle applies; R-5 annual, reviewed eleven months ago; R-6 gives none.
    let register = "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Last Reviewed,Review Frequency\n\
         R-1,Fraud,CFO,2,3,6,Audit,15/08/2026,Quarterly\n\
         R-2,Cyber,Head of ICT,2,2,4,MFA,15/06/2026,Quarterly\n\
         R-3,Flood,Head of Estates,2,2,4,Insurance,10/10/2026,Weekly\n\
         R-4,Pay,Head of HR,2,2,4,Payroll checks,15/08/2026,As required\n\
         R-5,Fleet,Fleet Manager,2,2,4,Servicing,01/12/2025,Annually\n\
         R-6,Data,DPO,2,2,4,Training,15/08/2026,\n";
    let (code, findings, json) = check_text(&dir, "frequencies.csv", register);
    assert_eq!(
        cells_and_rules(&findings),
        vec![
            ("H3", "risk.review-overdue"),
            ("H4", "risk.review-overdue"),
            ("H5", "risk.review-overdue"),
            ("H7", "risk.review-overdue"),
        ]
    );
    let messages = messages(&json);
    assert_eq!(
        messages,
        [
            "Last reviewed 15/06/2026, more than 3 months before the reporting date 31/10/2026: its review frequency is 'Quarterly'.",
            "Last reviewed 10/10/2026, more than a week before the reporting date 31/10/2026: its review frequency is 'Weekly'.",
            "Last reviewed 15/08/2026, more than a month before the reporting date 31/10/2026: its review frequency 'As required' names no cycle, so the framework's applies: registers are reviewed monthly.",
            "Last reviewed 15/08/2026, more than a month before the reporting date 31/10/2026: registers are reviewed monthly.",
        ]
    );
    assert_eq!(code, 0, "warnings alone");

    // The consolidated workbook keeps each risk's frequency in a column of its own (not
    // among its other columns), and a corporate run over it judges the same way.
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &["ID", "Review frequency", "Other columns"]
        ),
        [
            ["R-1", "Quarterly", ""],
            ["R-2", "Quarterly", ""],
            ["R-3", "Weekly", ""],
            ["R-4", "As required", ""],
            ["R-5", "Annually", ""],
            ["R-6", "", ""],
        ]
    );
    let corporate = tmp.path().join("corporate.xlsx");
    let csv_dir = tmp.path().join("csv");
    let output = common::consolidate_to("corporate", &corporate)
        .arg(&out)
        .arg("--csv")
        .arg(&csv_dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let mut all = csv::Reader::from_path(csv_dir.join("all-risks.csv")).unwrap();
    let column = all
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "Review frequency");
    let frequencies: Vec<String> = all
        .records()
        .map(|r| r.unwrap()[column.unwrap()].to_string())
        .collect();
    assert_eq!(
        frequencies,
        [
            "Quarterly",
            "Quarterly",
            "Weekly",
            "As required",
            "Annually",
            ""
        ]
    );
    let overdue: Vec<String> = common::table(&corporate, "Findings")
        .iter()
        .filter(|row| row["Rule"] == "risk.review-overdue")
        .map(|row| row["Message"].to_string())
        .collect();
    assert_eq!(overdue, messages);
}

#[test]
fn a_framework_may_review_lower_bands_less_often() {
    let (tmp, dir) = workdir();
    // Low risks reviewed six-monthly and Medium quarterly; High keeps the monthly cycle.
    let schema = schema_with(
        tmp.path(),
        "framework.toml",
        r#"name = "Low""#,
        "name = \"Low\"\nreview_months = 6",
    );
    let framework = schema.join("framework.toml");
    let text = std::fs::read_to_string(&framework).unwrap();
    let from = r#"name = "Medium""#;
    assert!(text.contains(from));
    std::fs::write(
        &framework,
        text.replace(from, &format!("{from}\nreview_months = 3")),
    )
    .unwrap();
    // At 31/10/2026: R-1 Low, reviewed in June (within six months); R-2 Medium, reviewed
    // in June (not within three); R-3 High, reviewed in September; R-4 Low, but its own
    // frequency is monthly.
    let path = dir.join("bands.csv");
    std::fs::write(
        &path,
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Last Reviewed,Review Frequency,Further Actions,Action Owner,Action Due\n\
         R-1,Fraud,CFO,1,2,2,Audit,15/06/2026,,,,\n\
         R-2,Cyber,Head of ICT,2,3,6,MFA,15/06/2026,,,,\n\
         R-3,Flood,Head of Estates,3,4,12,Insurance,15/09/2026,,Pumps,Head of Estates,31/12/2026\n\
         R-4,Pay,Head of HR,1,3,3,Payroll checks,15/09/2026,Monthly,,,\n",
    )
    .unwrap();
    let (_, findings, json) =
        check_json(&[path.to_str().unwrap(), "--schema", schema.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        vec![
            ("H3", "risk.review-overdue"),
            ("H4", "risk.review-overdue"),
            ("H5", "risk.review-overdue"),
        ]
    );
    let messages = messages(&json);
    assert_eq!(
        messages,
        [
            "Last reviewed 15/06/2026, more than 3 months before the reporting date 31/10/2026: risks rated Medium are reviewed quarterly.",
            "Last reviewed 15/09/2026, more than a month before the reporting date 31/10/2026: registers are reviewed monthly.",
            "Last reviewed 15/09/2026, more than a month before the reporting date 31/10/2026: its review frequency is 'Monthly'.",
        ]
    );
    // A band's cycle must be a number of months the framework allows.
    std::fs::write(
        &framework,
        std::fs::read_to_string(&framework)
            .unwrap()
            .replace("review_months = 3", "review_months = 0"),
    )
    .unwrap();
    let output = golden_thread()
        .args(["check", "--schema", schema.to_str().unwrap()])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("review_months"), "{stderr}");
}

#[test]
fn a_register_level_written_as_an_escalation_or_by_initials_places_the_risk() {
    let (tmp, dir) = workdir();
    // R-1 escalated to corporate by the officer, below the tolerance; R-2 on the CRR;
    // R-3 held by the directorate's management team; R-4 unplaced, a service risk.
    let (_, findings, _) = check_text(
        &dir,
        "levels.csv",
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Last Reviewed,Register Level,Further Actions,Action Owner,Action Due\n\
         R-1,Fraud,CFO,2,3,6,Audit,15/10/2026,Escalated to Corporate,,,\n\
         R-2,Cyber,Head of ICT,4,4,16,MFA,15/10/2026,CRR,Patch,Head of ICT,31/12/2026\n\
         R-3,Pay,Head of HR,2,3,6,Payroll checks,15/10/2026,DMT,,,\n\
         R-4,Fleet,Fleet Manager,2,2,4,Servicing,15/10/2026,,,,\n",
    );
    // Only the directorate's risk below its tolerance is told to step down: the
    // escalation is the officer's to make.
    assert_eq!(cells_and_rules(&findings), vec![("I4", "risk.below-level")]);
    let out = tmp.path().join("corporate.xlsx");
    common::consolidate_to("corporate", &out)
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        common::column_texts(&out, "Register", &["ID", "Register level", "Level reached"]),
        [
            ["R-2", "Corporate", "Corporate"],
            ["R-1", "Corporate", "Corporate"]
        ]
    );
    // The directorate's register holds its own and those it has escalated on.
    let directorate = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&directorate, "Register", &["ID", "Register level"]),
        [
            ["R-2", "Corporate"],
            ["R-1", "Corporate"],
            ["R-3", "Directorate"]
        ]
    );
    let mut all = common::column_texts(&out, "All risks", &["ID", "Register level"]);
    all.sort();
    assert_eq!(
        all,
        [
            ["R-1", "Corporate"],
            ["R-2", "Corporate"],
            ["R-3", "Directorate"],
            ["R-4", "Service"]
        ]
    );
}

#[test]
fn a_register_assessed_by_period_is_read_by_its_latest_period() {
    let (tmp, dir) = workdir();
    // "Q1" and "Q2" merged over L, I and Score; Q3 to come, its columns empty. HR-02
    // was not assessed in Q2.
    let mut top = texts(&[
        "Risk ID",
        "Risk",
        "Risk Owner",
        "Q1",
        "",
        "",
        "Q2",
        "",
        "",
        "Q3",
    ]);
    top.extend(texts(&["", "", "Controls", "Last Reviewed"]));
    let mut sub = texts(&["", "", ""]);
    for _ in 0..3 {
        sub.extend(texts(&["L", "I", "Score"]));
    }
    let risk = |id: &str, scores: [f64; 6]| {
        let mut row = texts(&[id, "Loss of key staff", "Head of HR"]);
        row.extend(scores.map(|v| if v == 0.0 { Cell::Blank } else { n(v) }));
        row.extend([Cell::Blank, Cell::Blank, Cell::Blank]);
        row.extend(texts(&["Succession plans", "20/10/2026"]));
        row
    };
    let grouped = SheetLayout::new("Register")
        .bold_row(top)
        .bold_row(sub)
        .row(risk("HR-01", [3.0, 3.0, 9.0, 2.0, 3.0, 6.0]))
        .row(risk("HR-02", [2.0, 2.0, 4.0, 0.0, 0.0, 0.0]))
        .merge(0, 3, 0, 5)
        .merge(0, 6, 0, 8)
        .merge(0, 9, 0, 11);
    let path = dir.join("quarterly.xlsx");
    write_xlsx(&path, &[grouped]).unwrap();
    // One row: the period in each heading.
    let one_row = dir.join("monthly.csv");
    std::fs::write(
        &one_row,
        "Risk ID,Risk,Risk Owner,Sep 2026 L,Sep 2026 I,Sep 2026 Score,Oct 2026 L,Oct 2026 I,Oct 2026 Score,Controls,Last Reviewed\n\
         FN-01,Budget overspend,CFO,4,4,16,3,3,9,Monthly monitoring,20/10/2026\n",
    )
    .unwrap();
    // The periods in the row above a header that repeats the fields.
    let above = dir.join("above.csv");
    std::fs::write(
        &above,
        ",,,Sep 2026,,,Oct 2026,,,,\n\
         Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Likelihood,Impact,Score,Controls,Last Reviewed\n\
         PL-01,Appeal costs,Head of Planning,3,3,9,2,3,6,Training,20/10/2026\n",
    )
    .unwrap();
    let (_, findings, _) = check_json(&[
        path.to_str().unwrap(),
        one_row.to_str().unwrap(),
        above.to_str().unwrap(),
    ]);
    // HR-02's Q2 likelihood and impact are blank; FN-01's October score of 9 needs actions.
    assert_eq!(
        cells_and_rules(&findings),
        vec![
            ("G4", "risk.required"),
            ("H4", "risk.required"),
            ("A2", "risk.actions-missing"),
        ]
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        current_scores(&out),
        [
            ["PL-01", "2", "3", "6"],
            ["FN-01", "3", "3", "9"],
            ["HR-01", "2", "3", "6"],
            ["HR-02", "", "", ""],
        ]
    );
}

#[test]
fn a_title_naming_a_month_over_a_repeated_header_is_not_a_period_over_it() {
    let (_tmp, dir) = workdir();
    let (_, findings, _) = check_text(
        &dir,
        "titled.csv",
        "Risk register October 2026,,,,,,,,\n\
         Risk ID,Risk,Risk Owner,Likelihood,Impact,Likelihood,Impact,Controls,Last Reviewed\n\
         D-1,Fraud,CFO,2,3,2,2,Audit,20/10/2026\n",
    );
    assert_eq!(
        cells_and_rules(&findings),
        vec![
            ("F2", "header.duplicate-column"),
            ("G2", "header.duplicate-column")
        ]
    );
}

#[test]
fn a_registers_own_action_is_checked_beside_those_an_action_plan_adds() {
    let (tmp, dir) = workdir();
    let register = SheetLayout::new("Register")
        .bold_row(texts(SIMPLE_HEADER))
        .row(vec![
            t("ASC-01"),
            t("Care market provider failure"),
            t("Director of Adult Services"),
            n(4.0),
            n(4.0),
            n(16.0),
            t("Very high"),
            t("Provider sustainability fund"),
            t("Develop in-house reablement"),
            t("Commissioning Lead"),
            d(2026, 9, 30),
            d(2026, 10, 20),
        ]);
    let plan = SheetLayout::new("Action Plan")
        .bold_row(texts(&[
            "Risk Ref", "Action", "Owner", "Due Date", "Status",
        ]))
        .row(vec![
            t("ASC-01"),
            t("Cost of care review"),
            t("Commissioning Lead"),
            d(2027, 1, 31),
            t("Not started"),
        ]);
    let path = dir.join("adult-social-care.xlsx");
    write_xlsx(&path, &[register, plan]).unwrap();
    let (_, findings, json) = check_json(&[path.to_str().unwrap()]);
    // The row's own action is past due; the plan's is not.
    assert_eq!(
        sheets_cells_and_rules(&findings),
        vec![("Register", "K2", "risk.action-overdue")]
    );
    assert_eq!(
        json["findings"][0]["message"],
        "ASC-01's action 'Develop in-house reablement' was due by 30/09/2026 and is not marked complete at the reporting date 31/10/2026."
    );
    // The workbook lists both actions in step, so a level up finds the same action
    // past due, at All risks' due date cell.
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &[
                "Further actions",
                "Action owner",
                "Action due",
                "Action status"
            ]
        ),
        [[
            "Develop in-house reablement\nCost of care review",
            "Commissioning Lead\nCommissioning Lead",
            "30/09/2026\n31/01/2027",
            "-\nNot started",
        ]]
    );
    let up = tmp.path().join("corporate");
    std::fs::create_dir_all(&up).unwrap();
    std::fs::rename(&out, up.join("adults.xlsx")).unwrap();
    let (_, findings, json) = check_json(&[up.join("adults.xlsx").to_str().unwrap()]);
    let overdue: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "risk.action-overdue")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        overdue,
        [
            "ASC-01's action 'Develop in-house reablement' was due by 30/09/2026 and is not marked complete at the reporting date 31/10/2026."
        ],
        "{findings:?}"
    );
}

#[test]
fn a_rows_own_due_date_in_words_keeps_its_line_beside_the_plans_dates() {
    let (tmp, dir) = workdir();
    let mut row = clean_row("FN-01");
    row[10] = t("Ongoing");
    let register = SheetLayout::new("Register")
        .bold_row(texts(SIMPLE_HEADER))
        .row(row);
    let plan = SheetLayout::new("Action Plan")
        .bold_row(texts(&["Risk Ref", "Action", "Owner", "Due Date"]))
        .row(vec![
            t("FN-01"),
            t("Vacancy review"),
            t("Head of HR"),
            d(2027, 1, 31),
        ]);
    write_xlsx(&dir.join("finance.xlsx"), &[register, plan]).unwrap();
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["Further actions", "Action due"]),
        [["Recovery plan\nVacancy review", "Ongoing\n31/01/2027"]]
    );
}

#[test]
fn an_action_plan_on_a_sheet_of_its_own_gives_the_risks_their_actions() {
    let (tmp, dir) = workdir();
    let register = SheetLayout::new("Risk Register")
        .bold_row(texts(common::REGISTER_HEADER))
        .row(vec![
            t("HS-01"),
            t("Temporary accommodation costs exceed budget"),
            t("Head of Housing"),
            n(4.0),
            n(4.0),
            n(16.0),
            t("Weekly placement panel"),
            t("20/10/2026"),
        ])
        .row(vec![
            t("HS-02"),
            t("Damp and mould claims"),
            t("Head of Housing"),
            n(3.0),
            n(4.0),
            n(12.0),
            t("Stock condition survey"),
            t("20/10/2026"),
        ]);
    // An action's own ID before the risk's; "Owner" and "Status" are the action's.
    let plan = SheetLayout::new("Action Plan")
        .bold_row(texts(&[
            "Action ID",
            "Risk Ref",
            "Action",
            "Owner",
            "Due Date",
            "Status",
        ]))
        .row(texts(&[
            "A1",
            "HS-01",
            "Open a second family hostel",
            "Housing Options Manager",
            "31/03/2027",
            "On track",
        ]))
        .row(texts(&[
            "A2",
            "HS-01",
            "Lease 20 private sector homes",
            "Housing Options Manager",
            "31/12/2026",
            "On track",
        ]))
        // The risk's ID typed another way is still its ID.
        .row(texts(&[
            "A3",
            "HS 2",
            "Train surveyors in HHSRS",
            "Repairs Manager",
            "30/09/2026",
            "Overdue",
        ]))
        .row(texts(&[
            "A4",
            "hs-02",
            "Fit humidity sensors in 200 homes",
            "Repairs Manager",
            "31/08/2026",
            "Complete",
        ]))
        .row(texts(&[
            "A5",
            "HS-09",
            "Review the allocations policy",
            "Head of Housing",
            "31/01/2027",
            "Not started",
        ]));
    let path = dir.join("housing.xlsx");
    write_xlsx(&path, &[register, plan]).unwrap();
    let (code, findings, json) = check_json(&[path.to_str().unwrap()]);
    // No risk.actions-missing for either risk; HS-02's open action is overdue, its
    // completed one is not; HS-09 is on no register.
    assert_eq!(
        sheets_cells_and_rules(&findings),
        vec![
            ("Action Plan", "E4", "risk.action-overdue"),
            ("Action Plan", "B6", "risk.action-unmatched"),
        ]
    );
    assert_eq!(
        json["findings"][0]["message"],
        "HS-02's action 'Train surveyors in HHSRS' was due by 30/09/2026 and is not marked complete at the reporting date 31/10/2026 (its status says 'Overdue')."
    );
    assert_eq!(code, 0);
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &["ID", "Further actions", "Action owner"]
        ),
        [
            [
                "HS-01",
                "Open a second family hostel\nLease 20 private sector homes",
                "Housing Options Manager\nHousing Options Manager"
            ],
            [
                "HS-02",
                "Train surveyors in HHSRS\nFit humidity sensors in 200 homes",
                "Repairs Manager\nRepairs Manager"
            ],
        ]
    );
    let ledger = common::table(&out, "Ledger");
    let line = ledger.iter().find(|r| r["Sheet"] == "Action Plan").unwrap();
    assert_eq!(
        ["Rows read", "Rows taken", "Rows left out", "Reason"].map(|h| line[h].to_string()),
        [
            "5",
            "4",
            "1",
            "an action plan: 4 taken as the actions of the register's risks; 1 x an action for HS-09, which the register does not hold"
        ]
    );
}

#[test]
fn an_owner_that_names_nobody_is_no_owner() {
    let (_tmp, dir) = workdir();
    let path = dir.join("owners.csv");
    std::fs::write(
        &path,
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Last Reviewed\n\
         R-1,Fraud,Vacant,2,3,6,Audit,20/10/2026\n\
         R-2,Cyber attack,TBC,2,2,4,MFA,20/10/2026\n\
         R-3,Loss of key staff,Head of HR,2,2,4,Succession plans,20/10/2026\n\
         R-4,Budget overspend,N/A,2,2,4,Monthly monitoring,20/10/2026\n",
    )
    .unwrap();
    let owners = dir.join("officers.csv");
    std::fs::write(&owners, "Post\nHead of HR\n").unwrap();
    let (code, findings, json) =
        check_json(&["--owners", owners.to_str().unwrap(), path.to_str().unwrap()]);
    // Not also risk.owner-unknown: a placeholder is no name at all.
    assert_eq!(
        cells_and_rules(&findings),
        vec![
            ("C2", "risk.required"),
            ("C3", "risk.required"),
            ("C5", "risk.required"),
        ]
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The owner says 'Vacant', which names nobody: every risk needs a named owner (the post's interim holder while it is vacant)."
    );
    assert_eq!(code, 1);
}

#[test]
fn an_action_owner_that_names_nobody_is_no_action_owner() {
    let (_tmp, dir) = workdir();
    let (_, findings, json) = check_text(
        &dir,
        "actions.csv",
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Further Actions,Action Owner,Due Date,Last Reviewed\n\
         R-1,Cyber attack,Head of ICT,4,3,12,MFA,Penetration test,TBC,31/03/2027,20/10/2026\n",
    );
    assert_eq!(
        cells_and_rules(&findings),
        vec![("H2", "risk.actions-missing")]
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The current score 12 is at or above the risk appetite threshold of 9, so further actions with an owner and a due date are needed; missing: an action owner (it says 'TBC')."
    );
}

#[test]
fn a_table_of_opportunities_under_a_header_of_its_own_below_the_risks_is_read_by_it() {
    let (tmp, dir) = workdir();
    // The opportunities' columns are not the risks': no controls, and the review date
    // where the risks keep their further actions.
    let sheet = SheetLayout::new("Register")
        .row(vec![t("Highways risk and opportunity register")])
        .row(vec![t("Service:"), t("Highways")])
        .row(vec![])
        .bold_row(texts(&[
            "Risk ID",
            "Risk",
            "Risk Owner",
            "Likelihood",
            "Impact",
            "Score",
            "Controls",
            "Further Actions",
            "Action Owner",
            "Due Date",
            "Last Reviewed",
        ]))
        .row(vec![
            t("HW-01"),
            t("Bridge strike"),
            t("Head of Highways"),
            n(3.0),
            n(4.0),
            n(12.0),
            t("Height signs"),
            t("Bridge survey"),
            t("Bridge Engineer"),
            d(2027, 1, 31),
            d(2026, 10, 20),
        ])
        .row(vec![])
        .row(vec![t("OPPORTUNITIES")])
        .bold_row(texts(&[
            "Opportunity Ref",
            "Opportunity",
            "Opportunity Owner",
            "Likelihood of Realisation",
            "Size of Benefit",
            "Score",
            "Actions to Realise",
            "Last Reviewed",
        ]))
        .row(vec![
            t("OP-01"),
            t("Solar panels on the depot roof"),
            t("Energy Manager"),
            n(3.0),
            n(3.0),
            n(9.0),
            t("Feasibility study"),
            d(2026, 10, 20),
        ])
        .row(vec![
            t("OP-02"),
            t("Shared street lighting contract"),
            t("Head of Highways"),
            n(2.0),
            Cell::Blank,
            Cell::Blank,
            t("Talks with the county"),
            d(2026, 10, 20),
        ]);
    let path = dir.join("highways.xlsx");
    write_xlsx(&path, &[sheet]).unwrap();
    let (_, findings, json) = check_json(&[path.to_str().unwrap()]);
    // OP-02's blank impact, at its own table's Size of Benefit column; nothing read
    // from the second header as a risk, no review date missing.
    assert_eq!(
        cells_and_rules(&findings),
        [("E10", "risk.required")],
        "{json}"
    );
    let out = consolidated(tmp.path(), &dir);
    // The review dates are the date 20/10/2026, serial 46315, from both tables' own columns.
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &[
                "ID",
                "Type",
                "Service",
                "Current I",
                "Further actions",
                "Last reviewed"
            ]
        ),
        [
            ["HW-01", "Risk", "Highways", "4", "Bridge survey", "46315"],
            [
                "OP-01",
                "Opportunity",
                "Highways",
                "3",
                "Feasibility study",
                "46315"
            ],
            [
                "OP-02",
                "Opportunity",
                "Highways",
                "",
                "Talks with the county",
                "46315"
            ],
        ]
    );
    let ledger = common::table(&out, "Ledger");
    let line = ledger.iter().find(|r| r["Sheet"] == "Register").unwrap();
    assert_eq!(
        ["Rows read", "Rows taken", "Rows left out", "Reason"].map(|h| line[h].to_string()),
        [
            "5",
            "3",
            "2",
            "1 x a title above another table on the sheet ('OPPORTUNITIES'); 1 x the header of another table on the sheet, by which the rows below it are read"
        ]
    );
}

#[test]
fn a_risk_level_column_of_register_levels_is_the_register_level_not_a_rating() {
    let (tmp, dir) = workdir();
    std::fs::write(
        dir.join("finance.csv"),
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Risk Level,Controls,Further Actions,Action Owner,Due Date,Last Reviewed\n\
         L1,Budget gap,Head of Finance,3,3,9,Directorate,Monitoring,Savings plan,Finance Manager,31/03/2027,15/10/2026\n\
         L2,Audit opinion,Head of Finance,2,2,4,Corporate,Audit plan,Close down plan,Finance Manager,31/03/2027,15/10/2026\n\
         L3,Pension deficit,Head of Finance,4,4,16,Service,Actuary,Valuation,Finance Manager,31/03/2027,15/10/2026\n",
    )
    .unwrap();
    let (_, findings, json) = check_json(&[dir.to_str().unwrap()]);
    // No rating errors; L2, recorded on the corporate register at 4, is below it.
    assert_eq!(
        cells_and_rules(&findings),
        [("G3", "risk.below-level")],
        "{json}"
    );
    let out = consolidated(tmp.path(), &dir);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID", "Rating", "Register level"]),
        [
            ["L1", "High", "Directorate"],
            ["L2", "Medium", "Corporate"],
            ["L3", "Very high", "Service"],
        ]
    );
}

#[test]
fn a_status_escalating_a_risk_records_it_there_and_a_withdrawn_one_is_closed() {
    let (tmp, dir) = workdir();
    std::fs::write(
        dir.join("finance.csv"),
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Status,Controls,Further Actions,Action Owner,Due Date,Last Reviewed\n\
         S1,Budget gap,Head of Finance,2,4,8,Escalated to the directorate register,Monitoring,Savings plan,Finance Manager,31/03/2027,15/10/2026\n\
         S2,Audit opinion,Head of Finance,4,4,16,Withdrawn,Audit plan,Close down plan,Finance Manager,31/03/2027,15/10/2026\n\
         S3,Pension deficit,Head of Finance,3,3,9,Open,Actuary,Valuation,Finance Manager,31/03/2027,15/10/2026\n",
    )
    .unwrap();
    let out = consolidated(tmp.path(), &dir);
    // S1 is below the directorate's 9, but its service escalated it there.
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &["ID", "Register level", "Level reached"]
        ),
        [
            ["S1", "Directorate", "Directorate"],
            ["S2", "Service", "Corporate"],
            ["S3", "Service", "Directorate"],
        ]
    );
    assert_eq!(
        common::column_texts(&out, "Register", &["ID"]),
        [["S3"], ["S1"]]
    );
}

#[test]
fn a_risk_begun_right_above_a_second_table_is_still_a_risk() {
    let (_tmp, dir) = workdir();
    // No blank row between: the one-cell row above the opportunities' header is a risk
    // whose ID alone is written, not their title.
    std::fs::write(
        dir.join("highways.csv"),
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Last Reviewed\n\
         HW-01,Bridge strike,Head of Highways,2,2,4,Height signs,20/10/2026\n\
         HW-02,,,,,,,\n\
         Opportunity Ref,Opportunity,Opportunity Owner,Likelihood of Realisation,Size of Benefit,Score,Last Reviewed,\n\
         OP-01,Solar panels,Energy Manager,2,2,4,20/10/2026,\n",
    )
    .unwrap();
    let (_, findings, json) = check_json(&[dir.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        [
            ("B3", "risk.required"),
            ("C3", "risk.required"),
            ("D3", "risk.required"),
            ("E3", "risk.required"),
            ("G3", "risk.controls-missing"),
            ("H3", "risk.review-overdue"),
        ],
        "{json}"
    );
}

#[test]
fn a_templates_empty_opportunities_table_under_the_risks_is_no_finding() {
    let (_tmp, dir) = workdir();
    std::fs::write(
        dir.join("highways.csv"),
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Last Reviewed\n\
         HW-01,Bridge strike,Head of Highways,2,2,4,Height signs,20/10/2026\n\
         ,,,,,,,\n\
         OPPORTUNITIES,,,,,,,\n\
         Opportunity Ref,Opportunity,Opportunity Owner,Likelihood of Realisation,Size of Benefit,Score,Last Reviewed,\n",
    )
    .unwrap();
    let (code, findings, json) = check_json(&[dir.to_str().unwrap()]);
    assert_eq!((code, findings.len()), (0, 0), "{json}");
}

#[test]
fn a_risk_transferred_to_another_register_or_merged_into_another_is_closed_here() {
    let (_tmp, dir) = workdir();
    std::fs::write(
        dir.join("finance.csv"),
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Further Actions,Action Owner,Due Date,Last Reviewed,Status\n\
         S1,Budget gap,Head of Finance,3,4,12,Monitoring,,,,15/10/2026,Transferred to Corporate Finance\n\
         S2,Savings slip,Head of Finance,3,4,12,Monitoring,,,,15/10/2026,Merged with S1\n\
         S3,Pension costs,Head of Finance,3,4,12,Monitoring,,,,15/10/2026,Transferred from HR\n\
         S4,Audit qualified,Head of Finance,3,4,12,Monitoring,,,,15/10/2026,Realised - now on the issue log\n\
         S5,Old ledger system,Head of Finance,3,4,12,Monitoring,,,,15/10/2026,Dormant\n\
         S6,Brexit costs,Head of Finance,3,4,12,Monitoring,,,,15/10/2026,Inactive\n",
    )
    .unwrap();
    let (_, findings, json) = check_json(&[dir.to_str().unwrap()]);
    // Only the risk transferred in is this register's to act on; the one realised is an
    // issue now, and the dormant and inactive ones are not live.
    assert_eq!(
        cells_and_rules(&findings),
        [("H4", "risk.actions-missing")],
        "{json}"
    );
}

#[test]
fn an_id_written_two_ways_in_one_register_is_one_id_used_twice() {
    let (_tmp, dir) = workdir();
    std::fs::write(
        dir.join("finance.csv"),
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Last Reviewed\n\
         FN-1,Budget gap,Head of Finance,2,2,4,Monitoring,15/10/2026\n\
         FN-01,Audit opinion,Head of Finance,2,2,4,Audit plan,15/10/2026\n",
    )
    .unwrap();
    let (_, findings, json) = check_json(&[dir.to_str().unwrap()]);
    assert_eq!(
        cells_and_rules(&findings),
        [("A3", "risk.duplicate-id")],
        "{json}"
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The risk ID FN-01 is also used, as FN-1, at A2 (row 2): each risk needs its own ID."
    );
}

#[test]
fn a_findings_report_saved_among_the_returns_is_known_and_not_an_error() {
    let dir = sample_council();
    let report = dir.path().join("returns").join("findings.xlsx");
    check_json(&[
        dir.path().join("returns").to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    let (code, findings, json) = check_json(&[report.to_str().unwrap()]);
    assert_eq!(
        findings.iter().map(|f| f.3.as_str()).collect::<Vec<_>>(),
        ["file.report"],
        "{json}"
    );
    assert_eq!(code, 0);
}

#[test]
fn controls_headed_with_their_assurance_and_actions_additional_and_required_are_read() {
    let (_tmp, dir) = workdir();
    std::fs::write(
        dir.join("ict.csv"),
        "Risk No.,Risk Name,Risk Manager,Current Likelihood Score,Current Impact Score,Current Risk Score,Key Controls in Place,Additional Actions Required,Responsible Officer,Target Completion Date,Date Last Reviewed\n\
         IT-01,Cyber attack,Head of ICT,4,4,16,MFA,Pen test,ICT Security Lead,31/12/2026,15/10/2026\n",
    )
    .unwrap();
    // "Lead" beside a "Risk Owner" is the action's lead, as "Responsible Officer" is.
    std::fs::write(
        dir.join("legal.csv"),
        "Ref,Risk Description,Risk Owner,L,I,Residual Score,Controls / Assurance,Planned Actions,Lead,By When,Review Date\n\
         LG-01,Judicial review of a decision,Head of Legal,3,4,12,Legal sign-off,Training for officers,Senior Solicitor,31/01/2027,15/10/2026\n",
    )
    .unwrap();
    let (code, findings, json) = check_json(&[dir.to_str().unwrap()]);
    assert_eq!((code, findings.len()), (0, 0), "{json}");
}

#[test]
fn a_register_completed_for_last_month_or_next_is_named_at_its_reporting_date() {
    let (tmp, dir) = workdir();
    // Each register's block gives the date it was completed for, as councils write it.
    let register = |name: &str, block: Vec<Cell>| {
        let sheet = SheetLayout::new("Risks")
            .bold_row(texts(&["Revenues and Benefits Risk Register"]))
            .row(texts(&["Service:", "Revenues"]))
            .row(texts(&["Directorate:", "Resources"]))
            .row(block)
            .row(vec![])
            .bold_row(texts(&[
                "Risk ID",
                "Risk",
                "Risk Owner",
                "Likelihood",
                "Impact",
                "Controls",
                "Last Reviewed",
            ]))
            .row(vec![
                t("RB-01"),
                t("Benefit processing backlog"),
                t("Benefits Manager"),
                n(2.0),
                n(2.0),
                t("Weekly workload review"),
                d(2026, 10, 20),
            ]);
        let path = dir.join(name);
        write_xlsx(&path, &[sheet]).unwrap();
        path
    };
    let before = "sheet.out-of-date";
    let after = "sheet.ahead-of-date";
    let cases = [
        (
            "last-month.xlsx",
            vec![t("Reporting date:"), d(2026, 9, 30)],
            Some(("B4", before, "'30/09/2026', a month")),
        ),
        (
            "in-words.xlsx",
            texts(&["Reporting period: September 2026"]),
            Some(("A4", before, "'September 2026', a month")),
        ),
        (
            "this-month.xlsx",
            vec![t("Reporting date:"), d(2026, 10, 31)],
            None,
        ),
        ("mid-month.xlsx", texts(&["As at: 15/10/2026"]), None),
        // Within a month after: November's month may be what a return in hand by the
        // end of October is for.
        ("november.xlsx", texts(&["As at: November 2026"]), None),
        (
            "next-month.xlsx",
            vec![t("Reporting date:"), d(2026, 11, 30)],
            Some(("B4", after, "'30/11/2026', a month")),
        ),
        (
            "december.xlsx",
            texts(&["As at: December 2026"]),
            Some(("A4", after, "'December 2026', a month")),
        ),
    ];
    for (name, block, expected) in cases {
        let path = register(name, block);
        let (code, findings, json) = check_json(&[path.to_str().unwrap()]);
        match expected {
            Some((cell, rule, said)) => {
                assert_eq!(
                    sheets_cells_and_rules(&findings),
                    [("Risks", cell, rule)],
                    "{name}: {json}"
                );
                let question = if rule == before {
                    "before the reporting date 31/10/2026: is it last period's return? Ask the service for the current one."
                } else {
                    "after the reporting date 31/10/2026: is it next period's return, or is the reporting date (--as-of) wrong?"
                };
                assert_eq!(
                    messages(&json),
                    [format!(
                        "The register says it was completed for {said} or more {question} Its risks are read as they stand, and their reviews and actions judged at 31/10/2026."
                    )
                    .as_str()]
                );
                assert_eq!(json["findings"][0]["severity"], "warning");
                assert_eq!(code, 0, "a warning alone");
            }
            None => assert_eq!(findings, Vec::<Located>::new(), "{name}: {json}"),
        }
    }
    // Consolidated, the lead is told whose returns to ask for again.
    let out = tmp.path().join("out.xlsx");
    let output = common::consolidate_to("directorate", &out)
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    // No opportunity and no indicator among them, so neither is counted out.
    assert!(stdout.contains("\n  Risks read            7\n"), "{stdout}");
    assert!(stdout.contains("\n  Indicator values      0\n"), "{stdout}");
    let named: Vec<&str> = stdout
        .lines()
        .skip_while(|line| !line.starts_with("  Out of date"))
        .take_while(|line| !line.starts_with("Written to"))
        .collect();
    let file = |name: &str| dir.join(name).display().to_string();
    assert_eq!(
        named,
        [
            format!(
                "  Out of date           {} (completed for September 2026)",
                file("in-words.xlsx")
            ),
            format!(
                "                        {} (completed for 30/09/2026)",
                file("last-month.xlsx")
            ),
            format!(
                "  Dated ahead           {} (completed for December 2026)",
                file("december.xlsx")
            ),
            format!(
                "                        {} (completed for 30/11/2026)",
                file("next-month.xlsx")
            ),
        ],
        "{stdout}"
    );
    // And so does the workbook's Summary, for the e-mail asking for them.
    assert_eq!(
        common::summary_section(&out, "Returns to chase", 3),
        [
            vec!["Return".to_string(), "Service".into(), "Why".into()],
            vec![
                format!("{} \u{203a} Risks", file("in-words.xlsx")),
                String::new(),
                "Completed for September 2026, an earlier period: ask for the current one".into()
            ],
            vec![
                format!("{} \u{203a} Risks", file("last-month.xlsx")),
                String::new(),
                "Completed for 30/09/2026, an earlier period: ask for the current one".into()
            ],
            vec![
                format!("{} \u{203a} Risks", file("december.xlsx")),
                String::new(),
                "Completed for December 2026, a later period: is it this period's?".into()
            ],
            vec![
                format!("{} \u{203a} Risks", file("next-month.xlsx")),
                String::new(),
                "Completed for 30/11/2026, a later period: is it this period's?".into()
            ],
        ]
    );
}

#[test]
fn a_categorys_own_appetite_asks_for_further_actions_from_its_own_score() {
    let (tmp, dir) = workdir();
    let schema = schema_with(
        tmp.path(),
        "framework.toml",
        "actions_required_from = 9\n",
        "actions_required_from = 9\n\n[[appetite.category]]\nname = \"Financial\"\nactions_required_from = 6\n",
    );
    let path = dir.join("finance.csv");
    std::fs::write(
        &path,
        "Risk ID,Risk,Risk Owner,Category,Likelihood,Impact,Controls,Last Reviewed,Service\n\
         FN-1,Budget overspend,Head of Finance,Financial,2,3,Monthly monitoring,20/10/2026,Finance\n\
         OP-1,Depot closure,Head of Operations,Operational,2,3,Continuity plan,20/10/2026,Finance\n\
         FN-2,Pension deficit,Head of Finance,financial ,1,4,Actuarial review,20/10/2026,Finance\n",
    )
    .unwrap();
    let (code, findings, json) =
        check_json(&["--schema", schema.to_str().unwrap(), path.to_str().unwrap()]);
    // A financial risk scored 6 is above the Financial appetite; an operational one,
    // judged by the framework's 9, is not; nor is a financial one scored 4.
    assert_eq!(
        cells_and_rules(&findings),
        [("A2", "risk.actions-missing")],
        "{json}"
    );
    assert_eq!(
        messages(&json),
        [
            "The current score 6 is at or above the risk appetite threshold of 6 for Financial risks, so further actions with an owner and a due date are needed; missing: the further actions, a due date."
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn every_commands_help_ends_with_an_example_of_it() {
    for command in [
        &["check"][..],
        &["consolidate"],
        &["spot-check"],
        &["spot-check", "verify"],
        &["diff"],
        &["template"],
        &["demo"],
    ] {
        let output = common::golden_thread()
            .args(command)
            .arg("--help")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{command:?}");
        let help = String::from_utf8(output.stdout).unwrap();
        let (_, examples) = help
            .split_once("\nExample")
            .unwrap_or_else(|| panic!("{command:?} has no example: {help}"));
        let first = examples.lines().nth(1).unwrap_or_default();
        let invocation = format!("  golden-thread {} ", command.join(" "));
        assert!(first.starts_with(&invocation), "{command:?}: {first}");
    }
}
