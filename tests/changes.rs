//! Month on month: two periods of returns with known changes, each landing in the
//! right category, with last and this period's scores read back from the workbook.

use calamine::{Data, Reader, Xlsx, open_workbook};
use golden_thread::write::layout::{SheetLayout, n, t, write_xlsx};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

mod common;
use common::{consolidate_to, golden_thread, table, texts};

const HEADER: &[&str] = &[
    "Risk ID",
    "Risk",
    "Risk Owner",
    "Likelihood",
    "Impact",
    "Score",
    "Controls",
    "Further Actions",
    "Action Owner",
    "Action Due",
    "Last Reviewed",
    "Status",
];

/// (id, title, likelihood, impact, status)
type Row = (&'static str, &'static str, u8, u8, &'static str);

fn write_period(dir: &Path, rows: &[Row]) {
    write_service(dir, "finance.xlsx", rows);
}

/// One service's register of the period, `file` in the Corporate Services folder.
fn write_service(dir: &Path, file: &str, rows: &[Row]) {
    let folder = dir.join("corporate-services");
    std::fs::create_dir_all(&folder).unwrap();
    let mut layout = SheetLayout::new("Register").bold_row(texts(HEADER));
    for (id, title, l, i, status) in rows {
        layout = layout.row(vec![
            t(id),
            t(title),
            t("Head of Service"),
            n(f64::from(*l)),
            n(f64::from(*i)),
            n(f64::from(l * i)),
            t("Controls in place"),
            t("Actions agreed"),
            t("Service Manager"),
            t("31/03/2027"),
            t("20/10/2026"),
            t(status),
        ]);
    }
    write_xlsx(&folder.join(file), &[layout]).unwrap();
}

fn two_periods(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (september, october) = (dir.join("september"), dir.join("october"));
    write_period(
        &september,
        &[
            ("A-1", "Budget overspend", 2, 2, "Open"),
            ("A-2", "Flooding of the depot", 4, 4, "Open"),
            ("A-3", "Data breach", 3, 3, "Open"),
            ("A-4", "Loss of key staff in planning", 2, 2, "Open"),
            (
                "A-5",
                "Contractor insolvency on the capital programme",
                3,
                4,
                "Open",
            ),
            ("A-6", "Cyber attack", 3, 3, "Open"),
        ],
    );
    write_period(
        &october,
        &[
            ("A-1", "Budget overspend", 3, 4, "Open"),
            ("A-2", "Flooding of the depot", 2, 3, "Open"),
            ("A-3", "Data breach", 3, 3, "Closed"),
            (
                "B-5",
                "Contractor insolvency on capital programme",
                3,
                4,
                "Open",
            ),
            ("A-6", "Cyber attack", 3, 3, "Open"),
            ("A-7", "New waste contract mobilisation", 2, 3, "Open"),
        ],
    );
    (september, october)
}

/// `consolidate --level directorate` of this month's returns against last month's.
fn consolidate_month(current: &Path, previous: &Path, out: &Path) -> std::process::Output {
    consolidate_to("directorate", out)
        .arg(current)
        .arg("--previous")
        .arg(previous)
        .output()
        .unwrap()
}

/// `diff --format json` of last period's returns against this period's, which exits 0.
fn diff_json(previous: &Path, current: &Path) -> Value {
    let output = golden_thread()
        .args(["diff", "--format", "json", "--as-of", "2026-10-31"])
        .arg(previous)
        .arg(current)
        .output()
        .unwrap();
    common::assert_exit(&output, 0);
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn each_change_lands_in_its_category_with_both_scores() {
    let dir = tempfile::tempdir().unwrap();
    let (september, october) = two_periods(dir.path());
    let out = dir.path().join("october.xlsx");
    let output = consolidate_month(&october, &september, &out);
    assert!(out.exists(), "{}", String::from_utf8_lossy(&output.stderr));
    // The README shows this very run.
    let command = "golden-thread consolidate october --previous september --level directorate --out october.xlsx --as-of 2026-10-31";
    let shown = include_str!("../README.md")
        .split(&format!("{command}\n```\n\n```text\n"))
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README's consolidate --previous example");
    let run = golden_thread()
        .args(command.split_whitespace().skip(1))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(run.stdout).unwrap(), shown);
    let changes = table(&out, "Changes");
    let by_id: BTreeMap<String, &BTreeMap<String, Data>> =
        changes.iter().map(|r| (r["ID"].to_string(), r)).collect();
    let change = |id: &str| by_id[id]["Change"].to_string();
    let scores = |id: &str| {
        (
            by_id[id]["Previous score"].clone(),
            by_id[id]["Current score"].clone(),
        )
    };
    assert_eq!(change("A-1"), "Escalated; Score up");
    assert_eq!(scores("A-1"), (Data::Float(4.0), Data::Float(12.0)));
    assert_eq!(change("A-2"), "Stepped down; Score down");
    assert_eq!(scores("A-2"), (Data::Float(16.0), Data::Float(6.0)));
    assert_eq!(change("A-3"), "Closed; Same");
    assert_eq!(change("A-4"), "Missing");
    assert_eq!(scores("A-4"), (Data::Float(4.0), Data::Empty));
    assert_eq!(change("A-5"), "Missing; Possible rename (now B-5)");
    assert_eq!(change("B-5"), "New; Possible rename (was A-5)");
    assert_eq!(
        scores("B-5"),
        (Data::Float(12.0), Data::Float(12.0)),
        "never merged, but last period's score is shown"
    );
    assert_eq!(change("A-6"), "Same");
    assert_eq!(change("A-7"), "New");
    assert_eq!(
        changes.len(),
        8,
        "six risks now, and the two gone from last period"
    );
    // The Register and All risks carry last period's score and the change.
    let all = table(&out, "All risks");
    let a1 = all
        .iter()
        .find(|r| r["ID"] == Data::String("A-1".into()))
        .unwrap();
    assert_eq!(a1["Previous score"], Data::Float(4.0));
    assert_eq!(a1["Change"], Data::String("Escalated; Score up".into()));
    // The heat map shows last period's Register beside this one's: A-2 at 4 x 4 (16)
    // and A-3, A-5, A-6 at 3 x 3 and 3 x 4 last period.
    let mut workbook: Xlsx<_> = open_workbook(&out).unwrap();
    let grid: Vec<Vec<Data>> = workbook
        .worksheet_range("Heat map")
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    use golden_thread::write::consolidated::{PREVIOUS_GRID_LEFT, RISK_GRID_TOP};
    let last = |l: usize, i: usize| {
        grid[RISK_GRID_TOP as usize + 5 - l][PREVIOUS_GRID_LEFT as usize + i - 1].clone()
    };
    assert_eq!(last(4, 4), Data::Float(1.0), "A-2");
    assert_eq!(last(3, 3), Data::Float(2.0), "A-3 and A-6");
    assert_eq!(last(3, 4), Data::Float(1.0), "A-5");
    assert_eq!(
        last(2, 2),
        Data::Float(0.0),
        "A-1 and A-4 were below the tolerance"
    );
    // A risk that silently disappears is a warning.
    let findings = table(&out, "Findings");
    let missing: Vec<String> = findings
        .iter()
        .filter(|r| r["Rule"] == Data::String("risk.missing".into()))
        .map(|r| r["Message"].to_string())
        .collect();
    assert_eq!(missing.len(), 2, "{missing:?}");
    assert!(missing.iter().any(|m| {
        m.starts_with("Risk A-4 (Loss of key staff in planning) was in last period's returns")
    }));
}

#[test]
fn diff_prints_the_same_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let (september, october) = two_periods(dir.path());
    let json = diff_json(&september, &october);
    let categories = |id: &str| -> Vec<String> {
        json["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["categories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(categories("A-1"), ["escalated", "score-up"]);
    assert_eq!(categories("A-2"), ["stepped-down", "score-down"]);
    assert_eq!(categories("A-3"), ["closed", "same"]);
    assert_eq!(categories("A-4"), ["missing"]);
    assert_eq!(categories("B-5"), ["new", "possible-rename"]);
    assert_eq!(categories("A-7"), ["new"]);
    assert_eq!(json["summary"]["new"], 2);
    assert_eq!(json["summary"]["missing"], 2);
    let human = golden_thread()
        .args(["diff", "--as-of", "2026-10-31"])
        .arg(&september)
        .arg(&october)
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains(
            "A-1        Finance              Budget overspend                           4 -> 12  Escalated; Score up"
        ),
        "{text}"
    );
    assert!(
        !text.contains("A-6 "),
        "unchanged risks are not listed: {text}"
    );
    // The README shows this very comparison.
    let readme = include_str!("../README.md");
    let shown = readme
        .split("golden-thread diff september october\n```\n\n```text\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README's diff example");
    assert_eq!(text, shown);
}

#[test]
fn an_indicator_takes_its_direction_from_last_periods_return() {
    let dir = tempfile::tempdir().unwrap();
    let indicator = |folder: &Path, period: &str, actual: f64| {
        let folder = folder.join("highways");
        std::fs::create_dir_all(&folder).unwrap();
        let layout = SheetLayout::new("PIs")
            .row(vec![t("Service:"), t("Highways")])
            .bold_row(texts(&[
                "PI Ref",
                "Indicator",
                "Period",
                "Actual",
                "Target",
                "Polarity",
                "Commentary",
            ]))
            .row(vec![
                t("HW-PI-01"),
                t("Potholes repaired within 28 days"),
                t(period),
                n(actual),
                n(90.0),
                t("Higher is better"),
                t("Note"),
            ]);
        write_xlsx(&folder.join("indicators.xlsx"), &[layout]).unwrap();
    };
    let (september, october) = (dir.path().join("september"), dir.path().join("october"));
    indicator(&september, "Sep-26", 88.0);
    indicator(&october, "Oct-26", 91.0);
    let out = dir.path().join("out.xlsx");
    consolidate_month(&october, &september, &out);
    let rows = table(&out, "Indicators");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0]["Direction of travel"],
        Data::String("Improving".into()),
        "91 after September's 88, higher is better"
    );
}

#[test]
#[ignore = "writes the README's example: GT_KEEP=dir cargo test --test changes keep -- --ignored"]
fn keep_two_periods() {
    two_periods(Path::new(&std::env::var("GT_KEEP").unwrap()));
}

/// Each change's service, ID and categories.
fn service_id_categories(json: &Value) -> Vec<(String, String, String)> {
    json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let categories: Vec<&str> = c["categories"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap())
                .collect();
            (
                c["service"].as_str().unwrap().to_string(),
                c["id"].as_str().unwrap().to_string(),
                categories.join(", "),
            )
        })
        .collect()
}

#[test]
fn an_id_typed_another_way_this_month_is_the_same_risk() {
    let dir = tempfile::tempdir().unwrap();
    let (september, october) = (dir.path().join("september"), dir.path().join("october"));
    write_period(
        &september,
        &[
            ("FN-1", "Budget overspend", 3, 3, "Open"),
            ("FN-2", "Loss of key staff", 2, 2, "Open"),
            ("FN-10", "Audit opinion qualified", 2, 2, "Open"),
        ],
    );
    write_period(
        &october,
        &[
            ("FN-01", "Budget overspend", 3, 3, "Open"),
            ("fn 02", "Loss of key staff", 3, 2, "Open"),
            ("FN10", "Audit opinion qualified", 2, 2, "Open"),
        ],
    );
    let row = |id: &str, categories: &str| {
        (
            "Finance".to_string(),
            id.to_string(),
            categories.to_string(),
        )
    };
    assert_eq!(
        service_id_categories(&diff_json(&september, &october)),
        [
            row("FN-01", "same"),
            row("fn 02", "score-up"),
            row("FN10", "same"),
        ]
    );
}

#[test]
fn registers_numbered_alike_are_compared_service_by_service() {
    let dir = tempfile::tempdir().unwrap();
    let (september, october) = (dir.path().join("september"), dir.path().join("october"));
    let housing: &[Row] = &[
        ("1", "Damp and mould claims", 3, 3, "Open"),
        ("2", "Void rent loss", 2, 2, "Open"),
    ];
    for month in [&september, &october] {
        write_service(month, "housing.xlsx", housing);
    }
    write_service(
        &september,
        "planning.xlsx",
        &[
            ("1", "Costs awarded at appeal", 2, 2, "Open"),
            ("2", "Local plan delayed", 2, 2, "Open"),
        ],
    );
    write_service(
        &october,
        "planning.xlsx",
        &[
            ("1", "Costs awarded at appeal", 4, 4, "Open"),
            ("2", "Local plan delayed", 2, 2, "Open"),
        ],
    );
    let changes = service_id_categories(&diff_json(&september, &october));
    // Housing's 1 is not compared with Planning's 1: nothing new, nothing missing.
    let row = |service: &str, id: &str, categories: &str| {
        (service.to_string(), id.to_string(), categories.to_string())
    };
    assert_eq!(
        changes,
        [
            row("Housing", "1", "same"),
            row("Housing", "2", "same"),
            row("Planning", "1", "escalated, score-up"),
            row("Planning", "2", "same"),
        ]
    );
}

#[test]
fn a_service_with_no_return_this_period_is_one_finding_per_return_and_named_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let (september, october) = (dir.path().join("september"), dir.path().join("october"));
    write_service(
        &september,
        "housing.xlsx",
        &[
            ("HO-1", "Damp and mould claims", 3, 3, "Open"),
            ("HO-2", "Void rent loss", 2, 2, "Open"),
        ],
    );
    let planning: &[Row] = &[
        ("PL-1", "Costs awarded at appeal", 2, 2, "Open"),
        ("PL-2", "Local plan delayed", 2, 2, "Open"),
    ];
    write_service(&september, "planning.xlsx", planning);
    // Each reports an indicator monthly.
    let indicators = |month: &Path, service: &str, id: &str, months: &[&str]| {
        let mut csv = String::from("Service,PI Ref,Indicator,Month,Actual,Target,Polarity\n");
        for period in months {
            csv.push_str(&format!(
                "{service},{id},Cases closed,{period},90,85,Higher is better\n"
            ));
        }
        let file = format!("{}-indicators.csv", service.to_lowercase());
        std::fs::write(month.join("corporate-services").join(file), csv).unwrap();
    };
    indicators(&september, "Housing", "HO-PI-1", &["Aug 2026", "Sep 2026"]);
    indicators(&september, "Planning", "PL-PI-1", &["Aug 2026", "Sep 2026"]);
    // Waste reports a quarterly indicator, its Q2 in September's return: with Q3 not
    // yet ended, October's return is not missing.
    indicators(
        &september,
        "Waste",
        "WS-PI-1",
        &["Q1 2026/27", "Q2 2026/27"],
    );
    // October: Planning has sent its returns, less one risk; Housing has sent none.
    write_service(&october, "planning.xlsx", &planning[..1]);
    indicators(&october, "Planning", "PL-PI-1", &["Oct 2026"]);
    let out = dir.path().join("october.xlsx");
    let output = consolidate_month(&october, &september, &out);
    // A file of last period's, and the (file, message) of each finding of a rule.
    let last_period = |file: &str| {
        september
            .join("corporate-services")
            .join(file)
            .display()
            .to_string()
    };
    let findings = |rule: &str| -> Vec<(String, String)> {
        table(&out, "Findings")
            .into_iter()
            .filter(|r| r["Rule"] == Data::String(rule.into()))
            .map(|r| (r["File"].to_string(), r["Message"].to_string()))
            .collect()
    };
    let housing = last_period("housing.xlsx");
    let missing = findings("risk.missing");
    assert_eq!(missing.len(), 2, "{missing:?}");
    assert!(
        missing[0]
            .1
            .starts_with("Risk PL-2 (Local plan delayed) was in last period's returns"),
        "{missing:?}"
    );
    assert_eq!(
        missing[1],
        (
            housing.clone(),
            format!(
                "No risk of Housing is in this period's returns: last period's return ({housing}) held 2 risks (HO-1, HO-2), none of them here. Has the service sent its return? Until it does, its risks are on no register this period."
            )
        )
    );
    // Its indicator return too: one error, as none of its values for the period is in.
    let indicators_file = last_period("housing-indicators.csv");
    assert_eq!(
        findings("indicator.value-missing"),
        [(
            indicators_file.clone(),
            format!(
                "No indicator of Housing is in this period's returns: last period's return ({indicators_file}) reported 1 indicator (HO-PI-1), the latest for Sep 2026. Has the service sent its return? Until it does, none of its values for the period is on the Indicators sheet."
            )
        )]
    );
    common::assert_exit(&output, 1);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let named: Vec<&str> = stdout
        .lines()
        .skip_while(|line| !line.starts_with("  No return from"))
        .take_while(|line| !line.starts_with("Written to"))
        .collect();
    assert_eq!(
        named,
        [
            format!("  No return from        Housing (last period: {housing})"),
            format!("                        Housing (last period: {indicators_file})"),
        ],
        "{stdout}"
    );
    // `diff` names them too.
    let json = diff_json(&september, &october);
    assert_eq!(
        json["no_return"],
        serde_json::json!([
            {"kind": "register", "directorate": "Corporate Services", "service": "Housing",
             "file": housing, "ids": ["HO-1", "HO-2"], "latest": null},
            {"kind": "indicators", "directorate": "Corporate Services", "service": "Housing",
             "file": indicators_file, "ids": ["HO-PI-1"], "latest": "Sep 2026"},
        ])
    );
    let output = golden_thread()
        .args(["diff", "--as-of", "2026-10-31"])
        .arg(&september)
        .arg(&october)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let tail: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("No return"))
        .collect();
    assert_eq!(
        tail,
        [
            format!("No return from Housing this period (last period: {housing})."),
            format!("No return from Housing this period (last period: {indicators_file})."),
        ],
        "{text}"
    );
    // The data-quality pack counts Housing's indicator as due but missing, its
    // completeness nil, under the service; Planning's missing risk under Planning.
    let quality = common::column_texts(
        &out,
        "Data quality",
        &[
            "Directorate",
            "Service",
            "Indicator values reported",
            "Due but missing",
            "Completeness %",
            "Findings by rule",
        ],
    );
    assert_eq!(
        quality,
        [
            [
                "Corporate Services",
                "Housing",
                "0",
                "1",
                "0",
                "indicator.value-missing 1; risk.missing 1"
            ],
            [
                "Corporate Services",
                "Planning",
                "1",
                "0",
                "100",
                "risk.missing 1"
            ],
        ]
    );
    // The Findings sheet names whose each is, to filter by when chasing the service.
    let whose: Vec<Vec<String>> = common::column_texts(&out, "Findings", &["Service", "Rule"])
        .into_iter()
        .filter(|row| row[1] != "sheet.source-unknown")
        .collect();
    assert_eq!(
        whose,
        [
            ["Planning", "risk.missing"],
            ["Housing", "risk.missing"],
            ["Housing", "indicator.value-missing"],
        ]
    );
    let why = "Last period's return: nothing from the service this period";
    assert_eq!(
        common::summary_section(&out, "Returns to chase", 3),
        [
            vec!["Return".to_string(), "Service".into(), "Why".into()],
            vec![housing, "Housing".into(), why.into()],
            vec![indicators_file, "Housing".into(), why.into()],
        ]
    );
}

#[test]
fn the_csv_of_all_risks_has_the_sheets_columns_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let header = [
        "Risk ID",
        "Risk",
        "Risk Owner",
        "Inherent Likelihood",
        "Inherent Impact",
        "Likelihood",
        "Impact",
        "Target Likelihood",
        "Target Impact",
        "Direction of Travel",
        "Controls",
        "Further Actions",
        "Action Owner",
        "Action Due",
        "Action Status",
        "Last Reviewed",
        "Date Identified",
        "Category",
        "Description",
        "Response",
        "Next Review",
        "Review Frequency",
        "Status",
        "Corporate Priority",
    ];
    let period = |folder: &Path, likelihood: f64| {
        let folder = folder.join("corporate-services");
        std::fs::create_dir_all(&folder).unwrap();
        let layout = SheetLayout::new("Register")
            .bold_row(texts(&header))
            .row(vec![
                t("FN-01"),
                t("Budget overspend"),
                t("Head of Finance"),
                n(5.0),
                n(4.0),
                n(likelihood),
                n(3.0),
                n(2.0),
                n(2.0),
                t("Worsening"),
                t("Monthly budget monitoring"),
                t("Recovery plan"),
                t("Finance Manager"),
                t("31/03/2027"),
                t("In progress"),
                t("20/10/2026"),
                t("01/04/2025"),
                t("Financial"),
                t("Demand outstrips the budget"),
                t("Treat"),
                t("20/11/2026"),
                t("Monthly"),
                t("Open"),
                t("A thriving county"),
            ])
            .row(vec![
                t("FN-02"),
                t("Audit qualification"),
                t("Head of Finance"),
                n(3.0),
                n(3.0),
                n(2.0),
                n(3.0),
                n(1.0),
                n(3.0),
                t("Stable"),
                t("Closedown timetable"),
                t("Training"),
                t("Finance Manager"),
                t("Ongoing"),
                t("Not started"),
                t("20/10/2026"),
                t("Spring 2025"),
                t("Governance"),
                t("Accounts late"),
                t("Tolerate"),
                t("20/11/2026"),
                t("Monthly"),
                t("Open"),
                t("None"),
            ]);
        write_xlsx(&folder.join("finance.xlsx"), &[layout]).unwrap();
    };
    let (september, october) = (dir.path().join("september"), dir.path().join("october"));
    period(&september, 3.0);
    period(&october, 4.0);
    let (out, csv_dir) = (dir.path().join("october.xlsx"), dir.path().join("csv"));
    let schema = common::schema_with(
        dir.path(),
        "priorities.toml",
        "priorities = []",
        "priorities = [\"A thriving county\"]",
    );
    let output = consolidate_to("directorate", &out)
        .arg(&october)
        .arg("--schema")
        .arg(&schema)
        .arg("--previous")
        .arg(&september)
        .arg("--csv")
        .arg(&csv_dir)
        .output()
        .unwrap();
    common::assert_exit(&output, 0);
    // The sheet's cells as the CSV gives them: numbers as written, dates as ISO dates.
    let as_text = |cell: &Data| match cell {
        Data::DateTime(date) => date
            .as_datetime()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        other => other.to_string(),
    };
    let sheet: Vec<Vec<String>> = common::sheet(&out, "All risks")
        .iter()
        .map(|row| row.iter().map(as_text).collect())
        .collect();
    let csv: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(csv_dir.join("all-risks.csv"))
        .unwrap()
        .records()
        .map(|record| record.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(csv, sheet);
    // Every column of a risk that fills them all has its value: none is left behind.
    let empty: Vec<&str> = csv[0]
        .iter()
        .zip(&csv[1])
        .filter(|(_, value)| value.is_empty())
        .map(|(heading, _)| heading.as_str())
        .collect();
    assert_eq!(empty, ["Other columns"]);
    let at = |id: &str, heading: &str| {
        let column = csv[0].iter().position(|h| h == heading).unwrap();
        let row = csv.iter().find(|row| row[0] == id).unwrap();
        row[column].clone()
    };
    for (id, heading, value) in [
        ("FN-01", "Inherent L", "5"),
        ("FN-01", "Inherent score", "20"),
        ("FN-01", "Current score", "12"),
        ("FN-01", "Target I", "2"),
        ("FN-01", "Direction of travel", "Worsening"),
        ("FN-01", "Action status", "In progress"),
        ("FN-01", "Date identified", "2025-04-01"),
        ("FN-01", "Previous score", "9"),
        ("FN-01", "Change", "Score up"),
        ("FN-02", "Action due", "Ongoing"),
        ("FN-02", "Change", "Same"),
    ] {
        assert_eq!(at(id, heading), value, "{id} {heading}");
    }
}
