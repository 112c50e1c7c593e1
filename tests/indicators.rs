//! Indicator returns end to end: the same problems planted in a long and a wide
//! return, reported at their exact cells; clean returns; percentages as fractions; and
//! the consolidated Indicators and Trends sheets read back.

use calamine::Data;
use golden_thread::write::layout::{Cell, SheetLayout, d, n, t, write_xlsx};
use serde_json::Value;
use std::path::{Path, PathBuf};

mod common;
use common::{AS_OF, column_texts, consolidate_to, golden_thread, table, texts};

/// A temporary folder with a directorate's folder of returns in it, named as the
/// directorate.
fn returns_folder(directorate: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let returns = tmp.path().join("returns").join(directorate);
    std::fs::create_dir_all(&returns).unwrap();
    (tmp, returns)
}

/// `text` written to a file `name` in `dir`: a CSV return or library.
fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A folder for a directorate's returns, with a one-indicator definitions library.
fn workdir() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (tmp, returns) = returns_folder("corporate-services");
    let library = tmp.path().join("definitions.xlsx");
    let definitions = SheetLayout::new("Definitions")
        .bold_row(texts(&[
            "Indicator ID",
            "Indicator Name",
            "Definition",
            "Unit",
            "Polarity",
            "Frequency",
            "Statutory",
            "Amber Tolerance",
        ]))
        .row(texts(&[
            "CT-01",
            "Council tax collected",
            "Council tax collected in year as a share of the amount due",
            "Percentage",
            "Higher is better",
            "Monthly",
            "Yes",
            "5%",
        ]))
        .row(texts(&[
            "FOI-01",
            "FOI requests answered in 20 days",
            "Requests answered within 20 working days",
            "Percentage",
            "Higher is better",
            "Monthly",
            "No",
            "5%",
        ]));
    write_xlsx(&library, &[definitions]).unwrap();
    (tmp, returns, library)
}

/// The (file, cell, rule) of `check`'s findings but the info that a file does not say
/// its directorate or service, which returns built in a test seldom do.
fn located(found: &[(String, String, String)]) -> Vec<(&str, &str, &str)> {
    found
        .iter()
        .filter(|(_, _, rule)| rule != "sheet.source-unknown")
        .map(|(file, cell, rule)| (file.as_str(), cell.as_str(), rule.as_str()))
        .collect()
}

/// The (cell, rule) pairs of `check`'s findings, for asserting where each was reported.
fn cell_rules(found: &[(String, String, String)]) -> Vec<(&str, &str)> {
    found
        .iter()
        .map(|(_, c, r)| (c.as_str(), r.as_str()))
        .collect()
}

/// The first finding of `rule` in `check`'s JSON.
fn first_of<'j>(json: &'j Value, rule: &str) -> &'j Value {
    all_of(json, rule)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no {rule}: {json}"))
}

/// Every finding of a rule, in the order reported.
fn all_of<'j>(json: &'j Value, rule: &str) -> Vec<&'j Value> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

/// The messages of every finding of a rule, in the order reported.
fn messages_of<'j>(json: &'j Value, rule: &str) -> Vec<&'j str> {
    all_of(json, rule)
        .into_iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect()
}

/// `consolidate --level directorate` of `inputs` to `out`, with `options` (the
/// reporting date, the year).
fn consolidate_with(out: &Path, options: &[&str], inputs: &[&Path]) -> std::process::Output {
    golden_thread()
        .args(["consolidate", "--level", "directorate", "--out"])
        .arg(out)
        .args(options)
        .args(inputs)
        .output()
        .unwrap()
}

/// A corporate run at `as_of` over a directorate workbook, finding no error: the
/// corporate workbook.
fn corporate_run(dir: &Path, directorate: &Path, as_of: &str) -> PathBuf {
    let corporate = dir.join("corporate.xlsx");
    common::consolidate_as_of("corporate", as_of, &corporate)
        .arg(directorate)
        .assert()
        .code(0);
    corporate
}

fn check(paths: &[&Path]) -> (i32, Vec<(String, String, String)>, Value) {
    check_with(paths, &["--as-of", AS_OF])
}

/// As `check`, with these options instead of the usual reporting date.
fn check_with(paths: &[&Path], options: &[&str]) -> (i32, Vec<(String, String, String)>, Value) {
    let output = golden_thread()
        .args(["check", "--format", "json"])
        .args(options)
        .args(paths)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = Path::new(f["file"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                file,
                f["cell"].as_str().unwrap_or("").to_string(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (output.status.code().unwrap(), found, json)
}

const MONTHS: [&str; 7] = [
    "Apr-26", "May-26", "Jun-26", "Jul-26", "Aug-26", "Sep-26", "Oct-26",
];

/// Council tax collected by month, target 95: May 104 (impossible), June reported Green
/// at 80 (it is Red, with no commentary), August missing, September's target missing.
const ACTUALS: [Option<f64>; 7] = [
    Some(96.0),
    Some(104.0),
    Some(80.0),
    Some(96.5),
    None,
    Some(97.0),
    Some(95.5),
];

fn long_return() -> SheetLayout {
    let mut layout = SheetLayout::new("Long")
        .row(texts(&["Service:", "Revenues"]))
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Period",
            "Actual",
            "Target",
            "RAG",
            "Commentary",
        ]));
    for (i, month) in MONTHS.iter().enumerate() {
        let target = if i == 5 { Cell::Blank } else { n(95.0) };
        let rag = if i == 2 { "Green" } else { "" };
        let actual = ACTUALS[i].map_or(Cell::Blank, n);
        layout = layout.row(vec![
            t("CT-01"),
            t("Council tax collected"),
            t(month),
            actual,
            target,
            t(rag),
            Cell::Blank,
        ]);
    }
    layout
}

#[test]
fn each_problem_is_found_at_its_cell_in_a_long_return() {
    let (_tmp, returns, library) = workdir();
    let path = returns.join("revenues-long.xlsx");
    write_xlsx(&path, &[long_return()]).unwrap();
    let (code, found, _) = check(&[&path, &library]);
    let cells = cell_rules(&found);
    // Header on row 2: April is row 3, May row 4 ... October row 9.
    assert_eq!(
        cells,
        vec![
            ("D4", "indicator.value-invalid"),
            // 80 among 95.5 to 104 is also outside its own series.
            ("D5", "indicator.outlier"),
            ("F5", "indicator.rag-mismatch"),
            ("G5", "indicator.commentary-missing"),
            ("D7", "indicator.value-missing"),
            ("E8", "indicator.target-missing"),
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn each_problem_is_found_at_its_cell_in_a_wide_return() {
    let (_tmp, returns, library) = workdir();
    let path = returns.join("revenues-wide.xlsx");
    let mut header = texts(&["PI Ref", "Indicator"]);
    for month in MONTHS {
        header.push(t(month));
        header.push(t(&format!("{month} Target")));
    }
    header.push(t("RAG"));
    header.push(t("Commentary"));
    let mut row = texts(&["CT-01", "Council tax collected"]);
    for (i, actual) in ACTUALS.iter().enumerate() {
        row.push(actual.map_or(Cell::Blank, n));
        row.push(if i == 5 { Cell::Blank } else { n(95.0) });
    }
    row.extend([Cell::Blank, Cell::Blank]);
    write_xlsx(
        &path,
        &[SheetLayout::new("Wide")
            .row(texts(&["Service: Revenues"]))
            .bold_row(header)
            .row(row)],
    )
    .unwrap();
    let (code, found, json) = check(&[&path, &library]);
    let cells = cell_rules(&found);
    // April's actual is C3 and target D3; May E3/F3; June G3; August K3; September's
    // target N3; RAG is Q and Commentary R.
    assert_eq!(
        cells,
        vec![
            ("E3", "indicator.value-invalid"),
            ("G3", "indicator.outlier"),
            ("K3", "indicator.value-missing"),
            ("N3", "indicator.target-missing"),
            ("R3", "indicator.commentary-missing"),
        ]
    );
    let message = json["findings"][4]["message"].as_str().unwrap();
    assert!(message.contains("is Red for Jun 2026 but"), "{message}");
    assert_eq!(code, 1);
}

#[test]
fn a_clean_return_has_no_error_and_percentages_read_the_same_as_fractions_or_points() {
    let (tmp, returns, library) = workdir();
    let header = texts(&[
        "PI Ref",
        "Indicator",
        "Apr-26",
        "May-26",
        "Jun-26",
        "Jul-26",
        "Aug-26",
        "Sep-26",
        "Oct-26",
        "Target",
        "Commentary",
    ]);
    let points = [96.0, 96.5, 97.0, 95.0, 96.0, 97.5, 98.0];
    let mut as_points = texts(&["CT-01", "Council tax collected"]);
    as_points.extend(points.map(n));
    as_points.extend([n(95.0), Cell::Blank]);
    let mut as_fractions = texts(&["CT-01", "Council tax collected"]);
    as_fractions.extend(points.map(|p| Cell::Percent(p / 100.0)));
    // A target typed as text with its percent sign, beside actuals held as fractions.
    let mut typed = as_fractions.clone();
    as_fractions.extend([Cell::Percent(0.95), Cell::Blank]);
    typed.extend([t("95%"), Cell::Blank]);
    write_xlsx(
        &returns.join("points.xlsx"),
        &[SheetLayout::new("R")
            .row(texts(&["Service: Revenues"]))
            .bold_row(header.clone())
            .row(as_points)
            // A footnote in the ID column: a note, not an indicator.
            .row(texts(&["Source: council tax system, extracted 05/11/2026"]))],
    )
    .unwrap();
    let other = tmp.path().join("returns").join("finance");
    std::fs::create_dir_all(&other).unwrap();
    // This return's month headings are dates (1 April 2026 shown as "Apr-26"), as
    // a spreadsheet's own month series makes them.
    let mut dated = header.clone();
    for (month, cell) in dated[2..9].iter_mut().enumerate() {
        *cell = d(2026, month as u32 + 4, 1);
    }
    write_xlsx(
        &other.join("fractions.xlsx"),
        &[SheetLayout::new("R")
            .row(texts(&["Service: Finance"]))
            .bold_row(dated.clone())
            .row(as_fractions)],
    )
    .unwrap();
    write_xlsx(
        &other.join("typed.xlsx"),
        &[SheetLayout::new("R")
            .row(texts(&["Service: Benefits"]))
            .bold_row(dated)
            .row(typed)],
    )
    .unwrap();
    let (code, found, _) = check(&[&tmp.path().join("returns"), &library]);
    assert_eq!(found, vec![], "no findings at all");
    assert_eq!(code, 0);

    let out = tmp.path().join("out.xlsx");
    let output = consolidate_to("directorate", &out)
        .arg(tmp.path().join("returns"))
        .arg("--definitions")
        .arg(&library)
        .output()
        .unwrap();
    common::assert_exit(&output, 0);
    let rows = table(&out, "Indicators");
    let actuals = |service: &str| -> Vec<f64> {
        rows.iter()
            .filter(|r| r["Service"] == Data::String(service.into()))
            .map(|r| number(r, "Actual").unwrap())
            .collect()
    };
    let fractions = actuals("Finance");
    assert_eq!(fractions.len(), 7);
    let periods: Vec<String> = rows
        .iter()
        .filter(|r| r["Service"] == Data::String("Finance".into()))
        .map(|r| r["Period"].to_string())
        .collect();
    assert_eq!(
        periods,
        [
            "Apr 2026", "May 2026", "Jun 2026", "Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026"
        ]
    );
    for (a, b) in fractions.iter().zip(actuals("Revenues")) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }
    assert_eq!(actuals("Benefits"), fractions);
    let targets = |service: &str| -> Vec<f64> {
        rows.iter()
            .filter(|r| r["Service"] == Data::String(service.into()))
            .map(|r| number(r, "Target").unwrap())
            .collect()
    };
    assert_eq!(targets("Benefits"), targets("Finance"));
    assert_eq!(targets("Finance"), [95.0; 7]);
}

fn number(row: &std::collections::BTreeMap<String, Data>, heading: &str) -> Option<f64> {
    match row.get(heading) {
        Some(Data::Float(f)) => Some(*f),
        _ => None,
    }
}

#[test]
fn consolidated_indicators_have_a_row_per_period_the_recomputed_rag_and_a_chart_per_series() {
    let dir = tempfile::tempdir().unwrap();
    golden_thread::write::samples::build(dir.path(), false).unwrap();
    let out = dir.path().join("out.xlsx");
    consolidate_to("directorate", &out)
        .arg(dir.path().join("returns"))
        .arg("--definitions")
        .arg(dir.path().join("definitions.xlsx"))
        .arg("--csv")
        .arg(dir.path().join("csv"))
        .output()
        .unwrap();
    let rows = table(&out, "Indicators");
    // The CSV export has the same rows, headed as the sheet is.
    let csv = std::fs::read_to_string(dir.path().join("csv").join("indicators.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), rows.len() + 1);
    assert!(
        lines[0].starts_with("Indicator ID,Indicator,Directorate,Service,Owner,Period,Period end,Unit,Polarity,Amber tolerance,Target,Actual,Numerator,Denominator,RAG,"),
        "{}",
        lines[0]
    );
    // Highways 7 months and a milestone, waste 2 x 2 quarters due (Q3 and Q4, still to
    // come and empty, are not periods reported), adult social care 2 x 7 months,
    // children's 2 x 7.
    assert_eq!(rows.len(), 7 + 1 + 4 + 14 + 14);
    let waste: Vec<(String, String, Option<f64>)> = rows
        .iter()
        .filter(|r| r["Service"] == "Waste and Recycling")
        .map(|r| {
            (
                r["Indicator ID"].to_string(),
                r["Period"].to_string(),
                number(r, "Actual"),
            )
        })
        .collect();
    // WS-PI-01's Q2 is due and empty: it stays, a gap for the lead to see.
    assert_eq!(
        waste,
        vec![
            ("WS-PI-01".to_string(), "Q1 2026/27".to_string(), Some(52.4)),
            ("WS-PI-01".to_string(), "Q2 2026/27".to_string(), None),
            ("WS-PI-09".to_string(), "Q1 2026/27".to_string(), Some(96.0)),
            ("WS-PI-09".to_string(), "Q2 2026/27".to_string(), Some(97.0)),
        ]
    );
    // `check` counts the values as the Indicators sheet lists them.
    let checked = golden_thread()
        .args(["check", "--as-of", AS_OF])
        .arg(dir.path().join("returns"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(checked.stdout).unwrap();
    assert!(
        stdout.contains("4 indicator returns, 40 indicator values"),
        "{stdout}"
    );
    let mut keys: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["Service"].to_string(),
                r["Indicator ID"].to_string(),
                r["Period"].to_string(),
            )
        })
        .collect();
    let before = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), before, "one row per indicator per period");
    let polarity_of = |id: &str| if id == "ASC-PI-02" { "lower" } else { "higher" };
    let mut judged = 0;
    for row in &rows {
        let (Some(actual), Some(target)) = (number(row, "Actual"), number(row, "Target")) else {
            continue;
        };
        let id = row["Indicator ID"].to_string();
        if id == "WS-PI-09" {
            continue; // not in the library, polarity from the return
        }
        let shortfall = if polarity_of(&id) == "higher" {
            target - actual
        } else {
            actual - target
        };
        let expected = if shortfall <= 0.0 {
            "Green"
        } else if shortfall <= target * 0.05 + 1e-9 {
            "Amber"
        } else {
            "Red"
        };
        assert_eq!(row["RAG"].to_string(), expected, "{id} {}", row["Period"]);
        judged += 1;
    }
    assert!(judged >= 30, "{judged}");
    let asc = rows
        .iter()
        .find(|r| r["Indicator ID"] == Data::String("ASC-PI-01".into()))
        .unwrap();
    assert_eq!(
        number(asc, "Actual"),
        Some(62.0),
        "fractions read as percentages"
    );
    assert_eq!(asc["Unit"], Data::String("Percentage".into()));
    // The milestone is reported in words against its date, with no tolerance to judge
    // a figure by.
    let milestone = rows
        .iter()
        .find(|r| r["Indicator ID"] == Data::String("HW-MS-01".into()))
        .unwrap();
    assert_eq!(
        (
            milestone["Unit"].to_string(),
            milestone["Amber tolerance"].to_string(),
            milestone["Target"].to_string(),
            milestone["Actual"].to_string(),
            milestone["RAG reported"].to_string(),
        ),
        (
            "Milestone".to_string(),
            String::new(),
            "30/09/2026".to_string(),
            "Not achieved".to_string(),
            "Amber".to_string()
        )
    );
    let aug = rows
        .iter()
        .find(|r| {
            r["Indicator ID"] == Data::String("HW-PI-01".into())
                && r["Period"] == Data::String("Aug 2026".into())
        })
        .unwrap();
    assert_eq!(
        aug["Direction of travel"],
        Data::String("Worsening".into()),
        "84 after 91, higher is better"
    );
    assert_eq!(aug["RAG reported"], Data::String("Amber".into()));
    assert_eq!(aug["RAG"], Data::String("Red".into()));

    let file = std::fs::File::open(&out).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let charts = (0..zip.len())
        .filter(|i| {
            zip.by_index(*i)
                .unwrap()
                .name()
                .unwrap_or_default()
                .starts_with("xl/charts/chart")
        })
        .count();
    assert_eq!(charts, 7, "one chart per indicator series");
    // Printed with the charts whole: the print area spans the two charts across and
    // the four rows of them, a page break after the second row.
    let read = |zip: &mut zip::ZipArchive<std::fs::File>, name: &str| {
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
        xml
    };
    let workbook = read(&mut zip, "xl/workbook.xml");
    assert!(
        workbook.contains("<definedName name=\"_xlnm.Print_Area\" localSheetId=\"5\">Trends!$A$1:$R$64</definedName>"),
        "{workbook}"
    );
    let trends = read(&mut zip, "xl/worksheets/sheet6.xml");
    assert!(
        trends.contains(r#"<rowBreaks count="1" manualBreakCount="1"><brk id="33""#),
        "{trends}"
    );
}

#[test]
fn months_still_to_come_are_not_listed_whether_blank_or_a_placeholder() {
    let (tmp, returns, library) = workdir();
    let months = [
        "Apr-26", "May-26", "Jun-26", "Jul-26", "Aug-26", "Sep-26", "Oct-26", "Nov-26", "Dec-26",
        "Jan-27", "Feb-27", "Mar-27",
    ];
    let mut header = texts(&["PI Ref", "Indicator", "Target"]);
    header.extend(months.map(t));
    let mut row = texts(&["CT-01", "Council tax collected"]);
    row.push(n(95.0));
    // April to September reported, October due and left "-", the rest still to come:
    // blank, "-", "TBC" and "n/a".
    row.extend([96.0, 96.5, 97.0, 95.0, 96.0, 97.5].map(n));
    row.extend(texts(&["-", "", "-", "TBC", "n/a", ""]));
    write_xlsx(
        &returns.join("revenues.xlsx"),
        &[SheetLayout::new("R")
            .row(texts(&["Service: Revenues"]))
            .bold_row(header)
            .row(row)],
    )
    .unwrap();
    let (_, found, json) = check(&[&tmp.path().join("returns"), &library]);
    assert_eq!(cell_rules(&found), vec![("J3", "indicator.value-missing")]);
    assert_eq!(json["findings"].as_array().unwrap().len(), 1);
    let out = tmp.path().join("out.xlsx");
    consolidate_to("directorate", &out)
        .arg(tmp.path().join("returns"))
        .arg("--definitions")
        .arg(&library)
        .output()
        .unwrap();
    let periods: Vec<String> = table(&out, "Indicators")
        .iter()
        .map(|r| r["Period"].to_string())
        .collect();
    assert_eq!(
        periods,
        [
            "Apr 2026", "May 2026", "Jun 2026", "Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026"
        ]
    );
}

#[test]
fn a_wide_rows_rag_is_judged_against_its_latest_period_only() {
    let (_tmp, returns, library) = workdir();
    let path = returns.join("foi.xlsx");
    let header = texts(&[
        "PI Ref",
        "Indicator",
        "Apr-26",
        "May-26",
        "Jun-26",
        "Jul-26",
        "Aug-26",
        "Sep-26",
        "Oct-26",
        "Target",
        "RAG",
        "Commentary",
    ]);
    // April was red (70 against 90), but October's 91 is green, and so is the RAG.
    let mut green = texts(&["FOI-01", "FOI requests answered in 20 days"]);
    green.extend([70.0, 88.0, 90.0, 91.0, 92.0, 90.0, 91.0].map(n));
    green.extend([n(90.0), t("Green"), t("Recovered after the spring backlog")]);
    // October's 80 against 90 is red, not the Amber reported.
    let mut amber = texts(&["CT-01", "Council tax collected"]);
    amber.extend([95.0, 96.0, 95.5, 96.0, 95.0, 94.0, 80.0].map(n));
    amber.extend([n(95.0), t("Amber"), t("Billing system outage in October")]);
    write_xlsx(
        &path,
        &[SheetLayout::new("R")
            .row(texts(&["Service: Corporate"]))
            .bold_row(header)
            .row(green)
            .row(amber)],
    )
    .unwrap();
    let (_, found, _) = check(&[&path, &library]);
    let cells = cell_rules(&found);
    // April's RAG is not judged (the row's RAG is October's); April's 70 and October's
    // 80 are outside their series, which is a spot-check prompt, not a RAG.
    assert_eq!(
        cells,
        vec![
            ("C3", "indicator.outlier"),
            ("I4", "indicator.outlier"),
            ("K4", "indicator.rag-mismatch")
        ]
    );
}

#[test]
fn a_wide_rows_one_target_cell_and_one_commentary_cell_get_one_finding_each() {
    let (_tmp, returns, library) = workdir();
    let path = returns.join("foi.xlsx");
    let header = texts(&[
        "PI Ref",
        "Indicator",
        "Annual Target",
        "Apr-26",
        "May-26",
        "Jun-26",
        "Jul-26",
        "Aug-26",
        "Sep-26",
        "Oct-26",
        "Commentary",
    ]);
    // No target at all: seven months due, one cell to fill.
    let mut untargeted = texts(&["FOI-01", "FOI requests answered in 20 days", ""]);
    untargeted.extend([90.0, 91.0, 90.0, 92.0, 91.0, 90.0, 91.0].map(n));
    untargeted.push(Cell::Blank);
    // Against 95: May amber (91.5), August and October red (80, 82), no commentary.
    let mut uncommented = texts(&["CT-01", "Council tax collected"]);
    uncommented.push(n(95.0));
    uncommented.extend([95.0, 91.5, 95.5, 96.0, 80.0, 95.0, 82.0].map(n));
    uncommented.push(Cell::Blank);
    write_xlsx(
        &path,
        &[SheetLayout::new("R")
            .row(texts(&["Service: Corporate"]))
            .bold_row(header)
            .row(untargeted)
            .row(uncommented)],
    )
    .unwrap();
    let (_, found, json) = check(&[&path, &library]);
    let cells = cell_rules(&found);
    assert_eq!(
        cells,
        vec![
            ("C3", "indicator.target-missing"),
            ("K4", "indicator.commentary-missing"),
        ]
    );
    let message = |k: usize| json["findings"][k]["message"].as_str().unwrap().to_string();
    assert_eq!(
        message(0),
        "FOI-01 (FOI requests answered in 20 days): no target for the 7 periods due, Apr 2026 to Oct 2026: every period that is due needs one to judge performance against."
    );
    assert_eq!(
        message(1),
        "CT-01 (Council tax collected) is Red for Aug 2026 and Oct 2026, and Amber for May 2026 but has no commentary or action: performance not meeting target needs both."
    );
}

#[test]
fn a_long_return_with_iso_months_is_grouped_by_id_or_by_name_when_it_has_no_ids() {
    let (_tmp, returns, library) = workdir();
    // April to October as "2026-04" ... with August left out.
    let months = [
        "2026-04", "2026-05", "2026-06", "2026-07", "2026-09", "2026-10",
    ];
    let with_ids = months.iter().fold(
        SheetLayout::new("Long").bold_row(texts(&[
            "Indicator Ref",
            "Indicator",
            "Period",
            "Target",
            "Actual",
        ])),
        |layout, month| {
            layout.row(vec![
                t("CT-01"),
                t("Council tax collected"),
                t(month),
                n(95.0),
                n(96.0),
            ])
        },
    );
    let with_ids_path = returns.join("with-ids.xlsx");
    write_xlsx(&with_ids_path, &[with_ids]).unwrap();
    let (_, found, json) = check(&[&with_ids_path, &library]);
    assert_eq!(cell_rules(&found), vec![("A7", "indicator.value-missing")]);
    assert_eq!(
        json["findings"][0]["message"],
        "CT-01 (Council tax collected): no value is reported for Aug 2026, which was due by the reporting date 31/10/2026."
    );

    // The same without an ID column: one indicator by its name, not six.
    let no_ids = months.iter().fold(
        SheetLayout::new("Long").bold_row(texts(&["Indicator", "Period", "Target", "Actual"])),
        |layout, month| layout.row(vec![t("Council tax collected"), t(month), n(95.0), n(96.0)]),
    );
    let no_ids_path = returns.join("no-ids.xlsx");
    write_xlsx(&no_ids_path, &[no_ids]).unwrap();
    let (_, found, _) = check(&[&no_ids_path, &library]);
    assert_eq!(
        cell_rules(&found),
        vec![
            ("A1", "header.missing-column"),
            // With no IDs the library's definitions are not found: nothing gives a polarity.
            ("A2", "indicator.polarity-unknown"),
            ("A7", "indicator.value-missing")
        ]
    );
}

#[test]
fn quarters_headed_by_their_months_read_as_quarters() {
    let (tmp, returns, _) = workdir();
    let path = returns.join("highways.xlsx");
    let mut row = texts(&[
        "HW-02",
        "Streetlights repaired in 5 days",
        "Higher is better",
    ]);
    row.extend([n(90.0), n(92.0), n(91.0), Cell::Blank, Cell::Blank]);
    write_xlsx(
        &path,
        &[SheetLayout::new("Quarterly")
            .row(texts(&["Service: Highways"]))
            .bold_row(texts(&[
                "PI Ref",
                "Indicator",
                "Polarity",
                "Target",
                "Apr-Jun",
                "Jul-Sep",
                "Oct - Dec",
                "Jan to Mar",
            ]))
            .row(row)],
    )
    .unwrap();
    // Q1 and Q2 are due by 31/10/2026 and reported; read as April and July they would
    // leave every other month missing.
    let (code, found, _) = check(&[&path]);
    assert_eq!(cell_rules(&found), vec![]);
    assert_eq!(code, 0);
    let out = tmp.path().join("out.xlsx");
    consolidate_to("directorate", &out)
        .arg(&returns)
        .output()
        .unwrap();
    assert_eq!(
        common::column_texts(&out, "Indicators", &["Period", "Actual", "Target"]),
        vec![
            vec!["Q1 2026/27", "92", "90"],
            vec!["Q2 2026/27", "91", "90"],
        ]
    );
}

#[test]
fn definitions_and_calculations_are_checked_in_both_layouts() {
    let (_tmp, returns, library) = workdir();
    // Long: an ID the library does not know, and a name that differs from it.
    let long = SheetLayout::new("Long")
        .row(texts(&["Service:", "Revenues"]))
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Period",
            "Numerator",
            "Denominator",
            "Actual",
            "Target",
            "Commentary",
        ]))
        .row(vec![
            t("CT-99"),
            t("Business rates collected"),
            t("Oct-26"),
            n(90.0),
            n(100.0),
            n(90.0),
            n(95.0),
            t("Appeals outstanding"),
        ])
        .row(vec![
            t("FOI-01"),
            t("FOI answered on time"),
            t("Oct-26"),
            n(45.0),
            n(50.0),
            n(80.0),
            n(90.0),
            t("Staff absence"),
        ]);
    let long_path = returns.join("long.xlsx");
    write_xlsx(&long_path, &[long]).unwrap();
    let (_, found, _) = check(&[&long_path, &library]);
    let cells = cell_rules(&found);
    assert!(
        cells.contains(&("A3", "indicator.definition-unknown")),
        "{cells:?}"
    );
    assert!(
        cells.contains(&("B4", "indicator.definition-mismatch")),
        "{cells:?}"
    );
    assert!(
        cells.contains(&("F4", "indicator.calculation-mismatch")),
        "45 / 50 is 90, not 80: {cells:?}"
    );

    // Wide, with a numerator and denominator per month: May's 70 is not 90 / 100.
    let wide = SheetLayout::new("Wide")
        .row(texts(&["Service: Revenues"]))
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Polarity",
            "Target",
            "Apr-26",
            "Apr Numerator",
            "Apr Denominator",
            "May-26",
            "May Numerator",
            "May Denominator",
            "Commentary",
        ]))
        .row(vec![
            t("FOI-01"),
            t("FOI requests answered in 20 days"),
            t("Lower is better"),
            n(90.0),
            n(92.0),
            n(92.0),
            n(100.0),
            n(70.0),
            n(90.0),
            n(100.0),
            t("Improving"),
        ]);
    let wide_path = returns.join("wide.xlsx");
    write_xlsx(&wide_path, &[wide]).unwrap();
    let (_, found, _) = check(&[&wide_path, &library]);
    let cells = cell_rules(&found);
    assert!(
        cells.contains(&("C3", "indicator.definition-mismatch")),
        "polarity: {cells:?}"
    );
    assert!(
        cells.contains(&("H3", "indicator.calculation-mismatch")),
        "{cells:?}"
    );
    assert!(
        !cells.contains(&("E3", "indicator.calculation-mismatch")),
        "April's 92 is 92 / 100: {cells:?}"
    );
}

#[test]
fn two_quarters_over_actual_target_and_rag_are_read_as_a_wide_return() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("scorecard.xlsx");
    let blank = || Cell::Blank;
    // Two quarters, each over its actual, target and RAG: as many headings repeated as
    // periods given, which a one-row reading would map once each.
    let sheet = SheetLayout::new("Scorecard")
        .row(texts(&["Directorate: Place"]))
        // The quarters over their columns, the other headings in the row below.
        .bold_row(vec![
            blank(),
            blank(),
            blank(),
            t("Q1 2026/27"),
            blank(),
            blank(),
            t("Q2 2026/27"),
            blank(),
            blank(),
        ])
        .bold_row(vec![
            t("PI Ref"),
            t("Indicator"),
            t("Polarity"),
            t("Actual"),
            t("Target"),
            t("RAG"),
            t("Actual"),
            t("Target"),
            t("RAG"),
        ])
        .merge(1, 3, 1, 5)
        .merge(1, 6, 1, 8)
        .row(vec![
            t("P1"),
            t("Planning applications on time (%)"),
            t("Higher is better"),
            n(92.0),
            n(90.0),
            t("Green"),
            n(85.0),
            n(90.0),
            t("Green"),
        ])
        .row(vec![
            t("P2"),
            t("Fly-tipping incidents"),
            t("Lower is better"),
            n(120.0),
            n(100.0),
            t("Red"),
            n(90.0),
            n(100.0),
            t("Green"),
        ]);
    write_xlsx(&path, &[sheet]).unwrap();
    let (_, found, json) = check_with(&[&path], &["--as-of", "2026-10-31"]);
    assert_eq!(
        located(&found),
        [
            ("scorecard.xlsx", "A4", "indicator.commentary-missing"),
            ("scorecard.xlsx", "I4", "indicator.rag-mismatch"),
            ("scorecard.xlsx", "A5", "indicator.commentary-missing"),
        ],
        "{json}"
    );
}

#[test]
fn periods_over_target_and_actual_in_a_two_row_header_are_read_as_a_wide_return() {
    let (_tmp, returns, library) = workdir();
    let blank = || Cell::Blank;
    // Months merged over "Target" and "Actual" (and a RAG column per month, which is
    // not a value), as many councils lay out a return.
    let merged = SheetLayout::new("KPIs")
        .row(texts(&["Corporate Services performance 2026/27"]))
        .bold_row(vec![
            t("PI Ref"),
            t("Indicator"),
            t("Apr"),
            blank(),
            blank(),
            t("May"),
            blank(),
            blank(),
            t("Jun"),
            blank(),
            blank(),
            t("Commentary"),
        ])
        .bold_row(vec![
            blank(),
            blank(),
            t("Target"),
            t("Actual"),
            t("RAG"),
            t("Target"),
            t("Actual"),
            t("RAG"),
            t("Target"),
            t("Actual"),
            t("RAG"),
            blank(),
        ])
        .merge(1, 2, 1, 4)
        .merge(1, 5, 1, 7)
        .merge(1, 8, 1, 10)
        .merge(1, 0, 2, 0)
        .merge(1, 1, 2, 1)
        .merge(1, 11, 2, 11)
        .row(vec![
            t("CT-01"),
            t("Council tax collected"),
            n(95.0),
            n(96.0),
            t("G"),
            n(95.0),
            n(97.0),
            t("G"),
            n(95.0),
            n(80.0),
            t("R"),
            t("Bailiff contract ended in June"),
        ]);
    let merged_path = returns.join("merged.xlsx");
    write_xlsx(&merged_path, &[merged]).unwrap();
    let output = golden_thread()
        .args(["check", "--as-of", "2026-06-30"])
        .arg(&merged_path)
        .arg(&library)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout.trim(),
        "Checked 2 files (1 indicator return, 3 indicator values; a definitions library of 2 indicators): 0 errors, 0 warnings.",
        "the sub-heading row is not an indicator, and June's red has its commentary"
    );

    // The same without merges, "Tgt" for the target, and a month left out: its
    // periods due with no column are one finding.
    let plain = SheetLayout::new("KPIs")
        .bold_row(vec![
            t("PI Ref"),
            t("Indicator"),
            t("Apr"),
            blank(),
            t("May"),
            blank(),
        ])
        .bold_row(vec![
            blank(),
            blank(),
            t("Tgt"),
            t("Actual"),
            t("Tgt"),
            t("Actual"),
        ])
        .row(vec![
            t("CT-01"),
            t("Council tax collected"),
            n(95.0),
            n(96.0),
            n(95.0),
            n(97.0),
        ]);
    let plain_path = returns.join("plain.xlsx");
    write_xlsx(&plain_path, &[plain]).unwrap();
    let (_, found, json) = check(&[&plain_path, &library]);
    assert_eq!(cell_rules(&found), vec![("A3", "indicator.value-missing")]);
    assert_eq!(
        json["findings"][0]["message"],
        "CT-01 (Council tax collected): no value is reported for Jun 2026, Jul 2026, Aug 2026, Sep 2026 and Oct 2026, which were due by the reporting date 31/10/2026."
    );
}

#[test]
fn targets_in_a_second_block_of_periods_are_read_as_targets() {
    let (tmp, returns, library) = workdir();
    let blank = || Cell::Blank;
    // "Actual" merged over the months, and "Target" over them again.
    let labelled = SheetLayout::new("Labelled")
        .bold_row(vec![
            t("PI Ref"),
            t("Indicator"),
            t("Actual"),
            blank(),
            t("Target"),
            blank(),
        ])
        .bold_row(vec![
            blank(),
            blank(),
            t("Apr"),
            t("May"),
            t("Apr"),
            t("May"),
        ])
        .merge(0, 2, 0, 3)
        .merge(0, 4, 0, 5)
        .row(vec![
            t("CT-01"),
            t("Council tax collected"),
            n(96.0),
            n(97.0),
            n(95.0),
            n(95.5),
        ]);
    // The months twice in one row, the second block unlabelled.
    let unlabelled = SheetLayout::new("Unlabelled")
        .bold_row(texts(&["PI Ref", "Indicator", "Apr", "May", "Apr", "May"]))
        .row(vec![
            t("FOI-01"),
            t("FOI requests answered in 20 days"),
            n(88.0),
            n(91.0),
            n(90.0),
            n(90.0),
        ]);
    write_xlsx(&returns.join("blocks.xlsx"), &[labelled, unlabelled]).unwrap();
    let out = tmp.path().join("out.xlsx");
    let output = consolidate_with(&out, &["--as-of", "2026-05-31"], &[&returns, &library]);
    common::assert_exit(&output, 0);
    let rows: Vec<(String, String, String, String, String)> = table(&out, "Indicators")
        .iter()
        .map(|r| {
            let cell = |h: &str| r.get(h).map(ToString::to_string).unwrap_or_default();
            (
                cell("Indicator ID"),
                cell("Period"),
                cell("Target"),
                cell("Actual"),
                cell("RAG"),
            )
        })
        .collect();
    let row = |id: &str, period: &str, target: &str, actual: &str, rag: &str| {
        (
            id.to_string(),
            period.to_string(),
            target.to_string(),
            actual.to_string(),
            rag.to_string(),
        )
    };
    assert_eq!(
        rows,
        [
            row("CT-01", "Apr 2026", "95", "96", "Green"),
            row("CT-01", "May 2026", "95.5", "97", "Green"),
            row("FOI-01", "Apr 2026", "90", "88", "Amber"),
            row("FOI-01", "May 2026", "90", "91", "Green"),
        ]
    );
}

#[test]
fn without_a_unit_a_value_may_be_the_ratio_or_its_percentage() {
    let (_tmp, returns, _library) = workdir();
    let layout = SheetLayout::new("Return")
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Period",
            "Numerator",
            "Denominator",
            "Actual",
            "Target",
        ]))
        .row(vec![
            t("HW-01"),
            t("Potholes repaired in 28 days"),
            t("Sep 2026"),
            n(180.0),
            n(200.0),
            n(90.0),
            n(92.0),
        ])
        .row(vec![
            t("HW-01"),
            t("Potholes repaired in 28 days"),
            t("Oct 2026"),
            n(176.0),
            n(200.0),
            n(91.0),
            n(92.0),
        ])
        .row(vec![
            t("HW-02"),
            t("Share of streetlights working"),
            t("Oct 2026"),
            n(950.0),
            n(1000.0),
            n(0.95),
            n(0.9),
        ]);
    let path = returns.join("no-library.xlsx");
    write_xlsx(&path, &[layout]).unwrap();
    let output = golden_thread()
        .args(["check", "--format", "json", "--as-of", AS_OF])
        .arg(&path)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let calculations: Vec<(&str, &str)> = all_of(&json, "indicator.calculation-mismatch")
        .into_iter()
        .map(|f| (f["cell"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        calculations,
        [(
            "F3",
            "HW-01 (Potholes repaired in 28 days) for Oct 2026: the value is 91 but numerator 176 / denominator 200 gives 88."
        )]
    );
}

/// A quarterly return for 2026/27 as a year-end report would check it in June 2027:
/// HW-02 reported for Q1 to Q3, Q4 left blank. `above` goes above the header.
fn year_end_return(path: &Path, above: &[&str], headings: &[&str]) {
    let mut row = texts(&[
        "HW-02",
        "Streetlights repaired in 5 days",
        "Higher is better",
    ]);
    row.extend([n(80.0), n(90.0), n(92.0), n(91.0), n(93.0), Cell::Blank]);
    let mut sheet = SheetLayout::new("Quarterly");
    for line in above {
        sheet = sheet.row(texts(&[line]));
    }
    let mut header = texts(&["PI Ref", "Indicator", "Polarity"]);
    header.extend(texts(headings));
    write_xlsx(path, &[sheet.bold_row(header).row(row)]).unwrap();
}

#[test]
fn a_return_is_read_for_the_year_its_title_names_after_that_year_has_ended() {
    let (tmp, returns, _) = workdir();
    let path = returns.join("highways.xlsx");
    year_end_return(
        &path,
        &["Highways performance return 2026/27", "Service: Highways"],
        &["Outturn 2025/26", "2026/27 Target", "Q1", "Q2", "Q3", "Q4"],
    );
    // Checked in June 2027, the quarters are 2026/27's, all due: Q4 is missing. Last
    // year's outturn is not one of this year's values, and the year's target is each
    // quarter's.
    let as_of = ["--as-of", "2027-06-15"];
    let (code, found, json) = check_with(&[&path], &as_of);
    assert_eq!(cell_rules(&found), vec![("I4", "indicator.value-missing")]);
    assert!(
        json["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no actual for Q4 2026/27"),
        "{json}"
    );
    assert_eq!(code, 1);
    let out = tmp.path().join("out.xlsx");
    let status = consolidate_with(&out, &as_of, &[&returns]).status;
    assert_eq!(status.code(), Some(1));
    assert_eq!(
        common::column_texts(&out, "Indicators", &["Period", "Actual", "Target", "RAG"]),
        vec![
            vec!["Q1 2026/27", "92", "90", "Green"],
            vec!["Q2 2026/27", "91", "90", "Green"],
            vec!["Q3 2026/27", "93", "90", "Green"],
            vec!["Q4 2026/27", "", "90", ""],
        ]
    );
}

#[test]
fn actuals_for_periods_not_yet_begun_are_found_and_the_year_can_be_given() {
    let (_tmp, returns, _) = workdir();
    let path = returns.join("highways.xlsx");
    // No year anywhere: in June 2027 the quarters read as 2027/28's, Q2 and Q3 not yet
    // begun, yet reported.
    year_end_return(
        &path,
        &["Service: Highways"],
        &["Outturn", "Target", "Q1", "Q2", "Q3", "Q4"],
    );
    let (code, found, json) = check_with(&[&path], &["--as-of", "2027-06-15"]);
    assert_eq!(
        cell_rules(&found),
        vec![("G3", "indicator.period-in-future")]
    );
    let message = json["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("actuals for Q2 2027/28 and Q3 2027/28, which have not begun")
            && message.contains("--year 2026"),
        "{message}"
    );
    assert_eq!(code, 1);
    // Given the year, the return is checked as 2026/27's; the year may be written as
    // the council writes it.
    for year in ["2026", "2026/27", "2026-27"] {
        let (_, found, _) = check_with(&[&path], &["--as-of", "2027-06-15", "--year", year]);
        assert_eq!(
            cell_rules(&found),
            vec![("I3", "indicator.value-missing")],
            "{year}"
        );
    }
    let output = golden_thread()
        .args(["check", "--year", "2026/28"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains(
            "'2026/28' is not a financial year: give the year it starts in, such as 2026, or the year as written, 2026/27"
        ),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_returns_words_in_two_languages_read_as_the_part_the_framework_knows() {
    let (_tmp, returns) = returns_folder("resources");
    let path = write_file(
        &returns,
        "refeniw.csv",
        "Gwasanaeth / Service:,Revenues\n\
         Cyf / PI Ref,Dangosydd / Indicator,Pegynedd / Polarity,Uned / Unit,Amlder / Frequency,Cyfnod / Period,Targed / Target,Gwirioneddol / Actual,RAG\n\
         RV-01,Council tax collected,Uwch yn well / Higher is better,Canran / Percentage,Misol / Monthly,Oct 2026,95,96,Gwyrdd / Green\n\
         RV-02,Days to process claims,Is yn well / Lower is better,Diwrnodau / Days,Misol / Monthly,Oct 2026,20,18,Coch / Red\n",
    );
    let (_, found, json) = check_with(&[&path], &["--as-of", AS_OF, "--year", "2026"]);
    // RV-02's 18 days against 20 is Green: its RAG, read, is not the one worked out.
    assert_eq!(
        located(&found),
        [("refeniw.csv", "I4", "indicator.rag-mismatch")],
        "{json}"
    );
    let message = first_of(&json, "indicator.rag-mismatch")["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("reported Red"), "{message}");
    // A direction of travel in two languages is read, and checked.
    let wide = write_file(
        &returns,
        "llyfrgelloedd.csv",
        "Gwasanaeth / Service:,Libraries\n\
         PI Ref,Indicator,Polarity,Target,Apr,May,Jun,Cyfeiriad / Direction of Travel,Commentary\n\
         LB-05,Library visits online,Higher is better,1000,1010,1005,990,Gwella / Improving,Site outage\n",
    );
    let (_, found, json) = check_with(&[&wide], &["--as-of", "2026-07-15"]);
    assert_eq!(
        located(&found),
        [("llyfrgelloedd.csv", "H3", "indicator.direction-mismatch")],
        "{json}"
    );
    let message = first_of(&json, "indicator.direction-mismatch")["message"]
        .as_str()
        .unwrap();
    assert!(
        message.contains("the direction of travel says 'Gwella / Improving'"),
        "{message}"
    );
}

#[test]
fn a_returns_words_in_welsh_alone_are_read_and_a_drop_downs_choices_are_not() {
    let (_tmp, returns) = returns_folder("resources");
    let path = write_file(
        &returns,
        "refeniw.csv",
        "Gwasanaeth / Service:,Revenues\n\
         Cyf / PI Ref,Dangosydd / Indicator,Pegynedd / Polarity,Uned / Unit,Amlder / Frequency,Cyfnod / Period,Targed / Target,Gwirioneddol / Actual,RAG,Sylwadau / Commentary\n\
         RV-01,Council tax collected,Uwch yn well,Canran,Misol,Oct 2026,95,96,Gwyrdd,\n\
         RV-02,Days to process claims,Is yn well,Dyddiau,Misol,Oct 2026,20,18,Coch,\n\
         RV-03,Business rates collected,Uwch yn well,Canran,Misol,Oct 2026,97,90,Coch,\n\
         RV-04,Rent arrears,Higher is better / Lower is better,Canran,Misol,Oct 2026,3,4,Ambr,Rising\n",
    );
    let (_, found, json) = check_with(&[&path], &["--as-of", AS_OF, "--year", "2026"]);
    // RV-02's 18 days against 20 is green, reported red; RV-03 is red with nothing to
    // say why; RV-04's polarity is a drop-down's two choices, so it has none.
    assert_eq!(
        located(&found),
        [
            ("refeniw.csv", "I4", "indicator.rag-mismatch"),
            ("refeniw.csv", "J5", "indicator.commentary-missing"),
            ("refeniw.csv", "A6", "indicator.polarity-unknown"),
            ("refeniw.csv", "C6", "cell.type"),
        ],
        "{json}"
    );
    let message = first_of(&json, "indicator.rag-mismatch")["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("reported Red"), "{message}");
    assert_eq!(
        first_of(&json, "cell.type")["message"],
        "Polarity: 'Higher is better / Lower is better' is not a polarity (Higher is better, Lower is better or Neither), so RV-04 (Rent arrears) is judged without it"
    );
}

#[test]
fn a_return_kept_in_welsh_alone_is_read_by_its_headings_and_months() {
    let (_tmp, returns) = returns_folder("resources");
    // Wide, a column per month from April ("Ebr") to October ("Hyd").
    let wide = write_file(
        &returns,
        "refeniw.csv",
        "Gwasanaeth:,Refeniw\n\
         Cyfeirnod,Dangosydd,Pegynedd,Targed,Ebr,Mai,Meh,Gorff,Awst,Medi,Hyd,Sylwadau\n\
         RV-01,Casglu treth y cyngor,Uwch yn well,95,96,97,95,95,96,97,80,\n",
    );
    // Long, a row per month named in full.
    let long = write_file(
        &returns,
        "budd-daliadau.csv",
        "Gwasanaeth:,Budd-daliadau\n\
         Cyfeirnod,Dangosydd,Pegynedd,Cyfnod,Targed,Gwirioneddol,Sylwadau\n\
         BD-01,Diwrnodau i brosesu,Is yn well,Medi 2026,20,18,\n\
         BD-01,Diwrnodau i brosesu,Is yn well,Hydref 2026,20,30,\n",
    );
    let (_, found, json) = check_with(&[&wide, &long], &["--as-of", AS_OF, "--year", "2026"]);
    // October's 80 is red, unexplained and far from the rest of the series; the long
    // return's months before September are missing, and its October is red.
    assert_eq!(
        located(&found),
        [
            ("refeniw.csv", "K3", "indicator.outlier"),
            ("refeniw.csv", "L3", "indicator.commentary-missing"),
            ("budd-daliadau.csv", "A4", "indicator.value-missing"),
            ("budd-daliadau.csv", "G4", "indicator.commentary-missing"),
        ],
        "{json}"
    );
    assert_eq!(
        first_of(&json, "indicator.value-missing")["message"],
        "BD-01 (Diwrnodau i brosesu): no value is reported for Apr 2026, May 2026, Jun 2026, Jul 2026 and Aug 2026, which were due by the reporting date 31/10/2026."
    );
}

/// A return of CT-01 whose block gives the date or period it was completed for, on
/// `sheet`: long (a row for the block's period), or wide by quarter or by month.
fn dated_return(sheet: &str, block: Vec<Cell>, layout: &str) -> SheetLayout {
    let (periods, actuals): (&[&str], usize) = match layout {
        "long" => (&[], 0),
        "quarters" => (&["Q1", "Q2", "Q3", "Q4"], 2),
        _ => (
            &[
                "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
            ],
            7,
        ),
    };
    let mut header = texts(&["PI Ref", "Indicator", "Polarity", "Target"]);
    let mut row = texts(&["CT-01", "Council tax collected", "Higher is better"]);
    row.push(n(95.0));
    if periods.is_empty() {
        header.push(t("Actual"));
        row.push(n(96.0));
    }
    header.extend(texts(periods));
    row.extend((0..periods.len()).map(|i| if i < actuals { n(96.0) } else { Cell::Blank }));
    SheetLayout::new(sheet)
        .row(texts(&["Service: Revenues"]))
        .row(block)
        .bold_row(header)
        .row(row)
}

#[test]
fn a_return_completed_for_an_earlier_period_or_a_later_is_named_at_its_date() {
    let (tmp, returns) = returns_folder("resources");
    let before = "sheet.out-of-date";
    let after = "sheet.ahead-of-date";
    // Each return's block, its layout, and what a run for 31/10/2026 says of it: the
    // cell, the rule, the words and the period it is judged against.
    let cases = [
        (
            "september.xlsx",
            texts(&["Reporting period: September 2026"]),
            "long",
            Some(("A2", before, "'September 2026', before Oct 2026")),
        ),
        (
            "october.xlsx",
            texts(&["Reporting period: October 2026"]),
            "long",
            None,
        ),
        (
            "december.xlsx",
            texts(&["Reporting period: December 2026"]),
            "long",
            Some(("A2", after, "'December 2026', after Oct 2026")),
        ),
        // A quarterly return's latest quarter due is Q2, whose last day it is dated.
        (
            "q2.xlsx",
            vec![t("As at:"), d(2026, 9, 30)],
            "quarters",
            None,
        ),
        (
            "q1.xlsx",
            vec![t("As at:"), d(2026, 6, 30)],
            "quarters",
            Some(("B2", before, "'30/06/2026', before Q2 2026/27")),
        ),
        // A year's return is last year's once the new year's first quarter is due.
        (
            "last-year.xlsx",
            texts(&["Year: 2025/26"]),
            "months",
            Some(("A2", before, "'2025/26', before Q2 2026/27")),
        ),
        (
            "this-year.xlsx",
            texts(&["Financial Year: 2026/27"]),
            "months",
            None,
        ),
        (
            "next-year.xlsx",
            texts(&["Year: 2027/28"]),
            "months",
            Some(("A2", after, "'2027/28', after 2026/27")),
        ),
    ];
    for (name, block, layout, expected) in &cases {
        let path = returns.join(name);
        write_xlsx(&path, &[dated_return("Return", block.clone(), layout)]).unwrap();
        let (code, found, json) = check(&[&path]);
        let dated: Vec<_> = cell_rules(&found)
            .into_iter()
            .filter(|(_, rule)| rule.ends_with("-of-date"))
            .collect();
        match expected {
            Some((cell, rule, said)) => {
                assert_eq!(dated, [(*cell, *rule)], "{name}: {json}");
                let question = if *rule == before {
                    ", which was due by the reporting date 31/10/2026: is it last period's return? Ask the service for the current one."
                } else {
                    ", the period of the reporting date 31/10/2026: is it next period's return, or is the reporting date (--as-of) wrong?"
                };
                assert_eq!(
                    messages_of(&json, rule),
                    [format!(
                        "The return says it was completed for {said}{question} Its figures are read as they stand, and what is due judged at 31/10/2026."
                    )]
                );
                assert_eq!(first_of(&json, rule)["severity"], "warning");
            }
            None => assert_eq!(dated, [], "{name}: {json}"),
        }
        if *name == "q2.xlsx" {
            assert_eq!((code, found.len()), (0, 0), "{json}");
        }
    }
    let dated = |found: &[(String, String, String)]| -> Vec<(String, String)> {
        found
            .iter()
            .filter(|(_, _, rule)| rule.ends_with("-of-date"))
            .map(|(_, cell, rule)| (cell.clone(), rule.clone()))
            .collect()
    };
    // Read before the new year's first quarter is due, last year's return is the
    // year-end return it is (missing its last five months, said at their cells).
    let last_year = returns.join("last-year.xlsx");
    let (_, found, json) = check_with(&[&last_year], &["--as-of", "2026-06-29"]);
    assert_eq!(dated(&found), [], "{json}");
    // A return kept a sheet a month, each sheet dated its month, is October's.
    let by_month = returns.join("by-month.xlsx");
    let sheets: Vec<SheetLayout> = ["Sep", "Oct"]
        .into_iter()
        .map(|month| {
            let block = texts(&[&format!("Reporting period: {month} 2026")]);
            dated_return(month, block, "long")
        })
        .collect();
    write_xlsx(&by_month, &sheets).unwrap();
    let (_, found, json) = check(&[&by_month]);
    assert_eq!(dated(&found), [], "{json}");
    // Its September sheet alone is last month's.
    write_xlsx(&by_month, &sheets[..1]).unwrap();
    let (_, found, json) = check(&[&by_month]);
    assert_eq!(dated(&found), [("A2".into(), before.into())], "{json}");
    // Consolidated, the lead is told whose returns to ask for again, as for registers.
    std::fs::remove_file(&by_month).unwrap();
    let out = tmp.path().join("out.xlsx");
    let output = consolidate_with(&out, &["--as-of", AS_OF], &[&returns]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let named: Vec<&str> = stdout
        .lines()
        .skip_while(|line| !line.starts_with("  Out of date"))
        .take_while(|line| !line.starts_with("  With errors") && !line.starts_with("Written"))
        .collect();
    let file = |name: &str| returns.join(name).display().to_string();
    assert_eq!(
        named,
        [
            format!(
                "  Out of date           {} (completed for 2025/26)",
                file("last-year.xlsx")
            ),
            format!(
                "                        {} (completed for 30/06/2026)",
                file("q1.xlsx")
            ),
            format!(
                "                        {} (completed for September 2026)",
                file("september.xlsx")
            ),
            format!(
                "  Dated ahead           {} (completed for December 2026)",
                file("december.xlsx")
            ),
            format!(
                "                        {} (completed for 2027/28)",
                file("next-year.xlsx")
            ),
        ],
        "{stdout}"
    );
    assert_eq!(
        common::summary_section(&out, "Returns to chase", 3)[1],
        [
            format!("{} \u{203a} Return", file("last-year.xlsx")),
            String::new(),
            "Completed for 2025/26, an earlier period: ask for the current one".into()
        ]
    );
    // The Data quality pack counts each against the service whose return it is.
    let quality = column_texts(
        &out,
        "Data quality",
        &["Service", "Warnings", "Findings by rule"],
    );
    assert_eq!(
        quality,
        [[
            "Revenues",
            "5",
            "indicator.value-missing 6; indicator.duplicate-period 3; indicator.period-in-future 2; sheet.out-of-date 3; sheet.ahead-of-date 2"
        ]]
    );
}

#[test]
fn a_number_withheld_to_protect_small_counts_is_given_but_not_judged_and_words_are_kept() {
    let (tmp, returns, _) = workdir();
    let path = returns.join("youth.xlsx");
    let row = |id: &str, name: &str, cells: [Cell; 3]| {
        let mut row = texts(&[id, name, "Lower is better", "5"]);
        row.extend(cells);
        row
    };
    write_xlsx(
        &path,
        &[SheetLayout::new("Quarterly")
            .row(texts(&["Service: Youth Justice"]))
            .bold_row(texts(&[
                "PI Ref",
                "Indicator",
                "Polarity",
                "Target",
                "Q1",
                "Q2",
                "Q3",
            ]))
            .row(row(
                "YJ-01",
                "First-time entrants",
                [t("<5"), t("[c]"), Cell::Blank],
            ))
            .row(row(
                "YJ-02",
                "Custodial sentences",
                [n(2.0), t("[x]"), Cell::Blank],
            ))],
    )
    .unwrap();
    // "<5" and "[c]" are given (an info each, no value missing); "[x]" is "not
    // available", so Q2 of YJ-02 is missing, and the message quotes it.
    let (code, found, json) = check(&[&path]);
    assert!(
        json["findings"][2]["message"]
            .as_str()
            .unwrap()
            .ends_with("no actual for Q2 2026/27, which was due by the reporting date 31/10/2026 (the cell says '[x]')."),
        "{json}"
    );
    assert_eq!(
        cell_rules(&found),
        vec![
            ("E3", "indicator.value-withheld"),
            ("F3", "indicator.value-withheld"),
            ("F4", "indicator.value-missing"),
        ]
    );
    assert_eq!(code, 1);
    let out = tmp.path().join("out.xlsx");
    consolidate_to("directorate", &out)
        .arg(&returns)
        .output()
        .unwrap();
    assert_eq!(
        common::column_texts(
            &out,
            "Indicators",
            &["Indicator ID", "Period", "Actual", "RAG"]
        ),
        vec![
            vec!["YJ-01", "Q1 2026/27", "<5", ""],
            vec!["YJ-01", "Q2 2026/27", "[c]", ""],
            vec!["YJ-02", "Q1 2026/27", "2", "Green"],
            vec!["YJ-02", "Q2 2026/27", "[x]", ""],
        ]
    );
    assert_eq!(
        common::sheet(&out, "Indicators")[1][11],
        Data::String("<5".into()),
        "written as text"
    );
}

#[test]
fn months_numbered_from_april_as_finance_teams_write_them_read_as_months() {
    let (tmp, returns, library) = workdir();
    let path = returns.join("revenues.xlsx");
    let mut sheet = SheetLayout::new("Collection")
        .row(texts(&["Service: Revenues"]))
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Period",
            "Actual",
            "Target",
        ]));
    let periods = ["P1", "P2", "Period 3", "Month 4", "M5", "P06", "P7 2026/27"];
    for (k, period) in periods.iter().enumerate() {
        let mut row = texts(&["CT-01", "Council tax collected", period]);
        row.extend([n(10.0 * (k + 1) as f64), n(10.0 * (k + 1) as f64)]);
        sheet = sheet.row(row);
    }
    write_xlsx(&path, &[sheet]).unwrap();
    let (code, found, _) = check(&[&path, &library]);
    assert_eq!(cell_rules(&found), vec![]);
    assert_eq!(code, 0);
    let out = tmp.path().join("out.xlsx");
    consolidate_to("directorate", &out)
        .arg(&returns)
        .output()
        .unwrap();
    assert_eq!(
        common::column_texts(&out, "Indicators", &["Period"]),
        ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct"]
            .iter()
            .map(|m| vec![format!("{m} 2026")])
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_rag_shown_only_by_a_cells_fill_colour_is_read_and_judged() {
    let (tmp, returns, library) = workdir();
    // A long return whose RAG column is coloured, not typed in: June's 80 against 95 is
    // filled green, July's 96.5 green (right), and the yellow of an input cell on
    // August's is no status.
    let long = returns.join("long.xlsx");
    let mut layout = SheetLayout::new("Long").bold_row(texts(&[
        "PI Ref",
        "Indicator",
        "Period",
        "Actual",
        "Target",
        "RAG",
        "Commentary",
    ]));
    for (month, actual) in [("Jun-26", 80.0), ("Jul-26", 96.5), ("Aug-26", 80.0)] {
        layout = layout.row(vec![
            t("CT-01"),
            t("Council tax collected"),
            t(month),
            n(actual),
            n(95.0),
            Cell::Blank,
            t("Billing backlog"),
        ]);
    }
    let layout = layout
        .fill(1, 5, "#00B050")
        .fill(2, 5, "#C6EFCE")
        .fill(3, 5, "#FFFF99");
    write_xlsx(&long, &[layout]).unwrap();
    // A wide return with no RAG column, each month's actual filled in its status:
    // May's 70 against 90 is filled amber (it is red), June's 92 green.
    let wide = returns.join("wide.xlsx");
    let mut row = texts(&["FOI-01", "FOI requests answered in 20 days"]);
    row.extend([91.0, 70.0, 92.0].map(n));
    row.extend([n(90.0), t("Backlog cleared in June")]);
    let layout = SheetLayout::new("Wide")
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Apr-26",
            "May-26",
            "Jun-26",
            "Target",
            "Commentary",
        ]))
        .row(row)
        .fill(1, 3, "#FFC000")
        .fill(1, 4, "#00B050");
    write_xlsx(&wide, &[layout]).unwrap();

    let (_, found, json) = check(&[&long, &wide, &library]);
    let rag: Vec<(&str, &str, &str)> = found
        .iter()
        .filter(|(_, _, rule)| rule == "indicator.rag-mismatch")
        .map(|(file, cell, rule)| (file.as_str(), cell.as_str(), rule.as_str()))
        .collect();
    assert_eq!(
        rag,
        vec![
            ("long.xlsx", "F2", "indicator.rag-mismatch"),
            ("wide.xlsx", "D2", "indicator.rag-mismatch"),
        ]
    );
    let messages = messages_of(&json, "indicator.rag-mismatch");
    assert!(
        messages[0].contains("the cell is filled green (reported Green) but the actual 80"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("the cell is filled amber (reported Amber) but the actual 70"),
        "{}",
        messages[1]
    );

    // The consolidated Indicators sheet shows the RAG as reported by colour.
    let out = tmp.path().join("out.xlsx");
    let output = consolidate_to("directorate", &out)
        .arg(&returns)
        .arg("--definitions")
        .arg(&library)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        column_texts(&out, "Indicators", &["Period", "RAG", "RAG reported"]),
        [
            ["Jun 2026", "Red", "Green"],
            ["Jul 2026", "Green", "Green"],
            ["Aug 2026", "Red", ""],
            ["Apr 2026", "Green", ""],
            ["May 2026", "Red", "Amber"],
            ["Jun 2026", "Green", "Green"],
        ]
    );
}

#[test]
fn a_rag_column_of_colours_is_read_from_xlsx_and_xls_alike() {
    // The .xls saved by LibreOffice: its cell formats' fills are read from its records.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let xlsx = fixtures.join("coloured-rag.xlsx");
    let xls = fixtures.join("coloured-rag.xls");
    let (code, found, json) = check(&[&xlsx, &xls]);
    assert_eq!(
        located(&found),
        vec![
            ("coloured-rag.xlsx", "G6", "indicator.rag-mismatch"),
            ("coloured-rag.xlsx", "H6", "indicator.commentary-missing"),
            ("coloured-rag.xls", "G6", "indicator.rag-mismatch"),
            ("coloured-rag.xls", "H6", "indicator.commentary-missing"),
        ]
    );
    assert_eq!(code, 1);
    let messages = messages_of(&json, "indicator.rag-mismatch");
    assert_eq!(messages[0], messages[1]);
}

#[test]
fn a_long_return_whose_value_columns_carry_their_year_reads_the_latest_years() {
    let (_tmp, returns, library) = workdir();
    let path = returns.join("revenues.xlsx");
    let mut layout = SheetLayout::new("Monthly").bold_row(texts(&[
        "PI Ref",
        "Indicator",
        "Month",
        "Actual 2025/26",
        "Actual 2026/27",
        "2026/27 Target",
        "RAG",
        "Commentary",
    ]));
    // Last year's June was 96; this year's is 80 against 95, reported Green.
    for (month, last_year, this_year, rag) in [
        ("Apr", 95.0, 96.0, "Green"),
        ("May", 96.0, 97.0, "Green"),
        ("Jun", 96.0, 80.0, "Green"),
    ] {
        layout = layout.row(vec![
            t("CT-01"),
            t("Council tax collected"),
            t(month),
            n(last_year),
            n(this_year),
            n(95.0),
            t(rag),
            t("Billing run delayed"),
        ]);
    }
    write_xlsx(&path, &[layout]).unwrap();
    let (_, found, json) = check_with(&[&path, &library], &["--as-of", "2026-06-30"]);
    assert_eq!(cell_rules(&found), vec![("G4", "indicator.rag-mismatch")]);
    let message = json["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("for Jun 2026: reported Green but the actual 80 against the target 95"),
        "{message}"
    );
}

#[test]
fn half_yearly_indicators_are_read_in_long_and_wide_returns_and_held_to_their_halves() {
    let (tmp, returns, _) = workdir();
    let library = tmp.path().join("housing-definitions.xlsx");
    let definitions = SheetLayout::new("Definitions")
        .bold_row(texts(&[
            "Indicator ID",
            "Indicator Name",
            "Unit",
            "Polarity",
            "Frequency",
        ]))
        .row(texts(&[
            "HS-01",
            "Tenant satisfaction",
            "Percentage",
            "Higher is better",
            "Half-yearly",
        ]))
        .row(texts(&[
            "HS-02",
            "Empty homes returned to use",
            "Number",
            "Higher is better",
            "Half-yearly",
        ]));
    write_xlsx(&library, &[definitions]).unwrap();
    let long = returns.join("housing-long.xlsx");
    let layout = SheetLayout::new("Returns")
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Frequency",
            "Period",
            "Actual",
            "Target",
            "Commentary",
        ]))
        .row(vec![
            t("HS-01"),
            t("Tenant satisfaction"),
            t("Six-monthly"),
            t("H1 2026/27"),
            n(78.0),
            n(75.0),
            Cell::Blank,
        ])
        // Written as its months, and reported as quarterly: the library says half-yearly.
        .row(vec![
            t("HS-02"),
            t("Empty homes returned to use"),
            t("Quarterly"),
            t("Apr-Sep 2026"),
            n(29.0),
            n(30.0),
            t("Two purchases fell through"),
        ]);
    write_xlsx(&long, &[layout]).unwrap();
    let wide = returns.join("housing-wide.xlsx");
    let layout = SheetLayout::new("Returns")
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "H1",
            "H2",
            "H1 Target",
            "H2 Target",
        ]))
        // Red for H1 with no commentary; H2 not yet due.
        .row(vec![
            t("HS-01"),
            t("Tenant satisfaction"),
            n(70.0),
            Cell::Blank,
            n(75.0),
            n(75.0),
        ])
        // H1 was due by the reporting date and has no actual.
        .row(vec![
            t("HS-02"),
            t("Empty homes returned to use"),
            Cell::Blank,
            Cell::Blank,
            n(30.0),
            n(30.0),
        ]);
    write_xlsx(&wide, &[layout]).unwrap();
    let (code, found, _) = check(&[&library, &long, &wide]);
    assert_eq!(
        located(&found),
        vec![
            ("housing-long.xlsx", "C3", "indicator.definition-mismatch"),
            ("housing-wide.xlsx", "A2", "indicator.commentary-missing"),
            ("housing-wide.xlsx", "C3", "indicator.value-missing"),
        ]
    );
    assert_eq!(code, 1);
    let out = consolidated_with_errors(tmp.path(), &returns, &library);
    assert_eq!(
        common::column_texts(
            &out,
            "Indicators",
            &["Indicator ID", "Period", "Actual", "RAG"]
        ),
        [
            ["HS-01", "H1 2026/27", "78", "Green"],
            ["HS-02", "H1 2026/27", "29", "Amber"],
            // The wide return's H2 targets are set ahead: a row each, with no actual yet.
            ["HS-01", "H1 2026/27", "70", "Red"],
            ["HS-01", "H2 2026/27", "", ""],
            ["HS-02", "H1 2026/27", "", ""],
            ["HS-02", "H2 2026/27", "", ""],
        ]
    );
}

#[test]
fn an_indicator_struck_through_in_a_return_is_left_out_as_no_longer_reported() {
    let (tmp, returns, library) = workdir();
    let path = returns.join("revenues.xlsx");
    let row = |id: &str, name: &str, actual: Cell| {
        vec![t(id), t(name), t("Sep 2026"), actual, n(95.0), Cell::Blank]
    };
    let layout = SheetLayout::new("Monthly")
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Period",
            "Actual",
            "Target",
            "Commentary",
        ]))
        .row(row("CT-01", "Council tax collected", n(96.0)))
        // Dropped from this year's set and struck through, not deleted: no actual.
        .row(row(
            "FOI-01",
            "FOI requests answered in 20 days",
            Cell::Blank,
        ))
        .strike_row(2, 6);
    write_xlsx(&path, &[layout]).unwrap();
    let (code, found, json) = check_with(&[&path, &library], &["--as-of", "2026-09-30"]);
    // Nothing is said of FOI-01's missing actual.
    assert_eq!(
        located(&found),
        [("revenues.xlsx", "A3", "indicator.struck-through")]
    );
    assert_eq!(code, 0);
    let struck = first_of(&json, "indicator.struck-through");
    assert_eq!(struck["severity"], "info");
    assert_eq!(
        struck["message"],
        "FOI-01 is struck through, so it is read as no longer reported: it is left out of the checks and the Indicators sheet. If it is still reported, take the line through it away."
    );
    let out = tmp.path().join("out.xlsx");
    let output = consolidate_with(
        &out,
        &[
            "--as-of",
            "2026-09-30",
            "--definitions",
            library.to_str().unwrap(),
        ],
        &[&returns],
    );
    common::assert_exit(&output, 0);
    assert_eq!(
        common::column_texts(&out, "Indicators", &["Indicator ID", "Period", "Actual"]),
        [["CT-01", "Sep 2026", "96"]]
    );
    assert_eq!(
        ledger_line(&out, "Monthly"),
        [
            "2",
            "1",
            "1",
            "1 x struck through: FOI-01, no longer reported"
        ]
    );
}

/// `returns` consolidated to the directorate level with `library` into `dir`/out.xlsx,
/// which has error findings.
fn consolidated_with_errors(dir: &Path, returns: &Path, library: &Path) -> PathBuf {
    let out = dir.join("out.xlsx");
    consolidate_to("directorate", &out)
        .arg("--definitions")
        .arg(library)
        .arg(returns)
        .assert()
        .code(1);
    out
}

#[test]
fn total_and_average_rows_under_a_return_are_left_out_not_read_as_indicators() {
    let (tmp, returns) = returns_folder("place");
    // "Total" and "Average" alone in the ID column, figures beside them: lines under
    // the table, where "Total complaints" with its months is an indicator.
    let path = write_file(
        &returns,
        "parks.csv",
        "PI Ref,Indicator,Polarity,Target,Apr,May,Jun\n\
         PK1,Park visits,Higher is better,1000,1100,1200,900\n\
         PK2,Total complaints,Lower is better,10,8,9,11\n\
         Total,,,1010,1108,1209,911\n\
         Average,,,,554,604.5,455.5\n",
    );
    let as_of = ["--as-of", "2026-07-10"];
    let (_, found, json) = check_with(&[&path], &as_of);
    assert_eq!(
        cell_rules(&found),
        [
            ("A2", "indicator.commentary-missing"),
            ("A3", "indicator.commentary-missing")
        ],
        "{json}"
    );
    let out = tmp.path().join("directorate.xlsx");
    consolidate_with(&out, &as_of, &[&returns]);
    assert_eq!(
        ledger_line(&out, "parks"),
        [
            "4",
            "2",
            "2",
            "1 x a totals row: 'Average'; 1 x a totals row: 'Total'"
        ]
    );
}

#[test]
fn a_systems_export_giving_each_periods_first_and_last_days_reads_them_as_the_period() {
    let (tmp, returns) = returns_folder("housing");
    // Quarters by their first and last days, latest first, as a performance system
    // exports them; a month's days are the month.
    write_file(
        &returns,
        "export.csv",
        "Measure Code,Measure Name,Polarity,Period Start,Period End,Value,Target,Status,Trend\n\
         HS01,Homes let within 28 days (%),Higher is better,01/07/2026,30/09/2026,82,85,Amber,Improving\n\
         HS01,Homes let within 28 days (%),Higher is better,01/04/2026,30/06/2026,78,85,Red,Worsening\n\
         HS02,Rent arrears,Lower is better,01/09/2026,30/09/2026,1200,1000,Red,Worsening\n",
    );
    let as_of = ["--as-of", "2026-10-20"];
    let out = tmp.path().join("directorate.xlsx");
    consolidate_with(&out, &as_of, &[&returns]);
    assert_eq!(
        column_texts(&out, "Indicators", &["Indicator ID", "Period", "RAG"]),
        [
            ["HS01", "Q1 2026/27", "Red"],
            ["HS01", "Q2 2026/27", "Amber"],
            ["HS02", "Sep 2026", "Red"],
        ]
    );
    let (_, found, json) = check_with(&[&returns], &as_of);
    assert!(
        !found
            .iter()
            .any(|(_, _, rule)| rule == "header.missing-column"),
        "{json}"
    );
}

#[test]
fn a_year_over_its_months_in_a_two_row_header_dates_each_month() {
    let (tmp, returns) = returns_folder("resources");
    // The indicator's headings in the top row beside "2026", merged over April to
    // December, and "2027" over January to March; the months in the row below. And a
    // financial year, not merged, over its quarters.
    let mut top = vec!["PI Ref", "Indicator", "Polarity", "Target", "2026"];
    top.extend([""; 8]);
    top.push("2027");
    let mut months = vec![""; 4];
    months.extend([
        "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
    ]);
    let figures = |id: &str, name: &str, polarity: &str, values: &[f64]| {
        let mut row = vec![t(id), t(name), t(polarity), n(80.0)];
        row.extend(values.iter().map(|v| n(*v)));
        row
    };
    write_xlsx(
        &returns.join("customer.xlsx"),
        &[SheetLayout::new("KPIs")
            .bold_row(texts(&top))
            .bold_row(texts(&months))
            .row(figures(
                "CS1",
                "Calls answered (%)",
                "Higher is better",
                &[82.0, 79.0, 75.0, 81.0, 80.0, 78.0, 77.0],
            ))
            .merge(0, 4, 0, 12)
            .merge(0, 13, 0, 15)],
    )
    .unwrap();
    write_xlsx(
        &returns.join("quarterly.xlsx"),
        &[SheetLayout::new("KPIs")
            .bold_row(texts(&[
                "PI Ref",
                "Indicator",
                "Polarity",
                "Target",
                "2026/27",
            ]))
            .bold_row(texts(&["", "", "", "", "Q1", "Q2", "Q3", "Q4"]))
            .row(figures(
                "CS2",
                "Complaints resolved (%)",
                "Higher is better",
                &[85.0, 70.0],
            ))],
    )
    .unwrap();
    let as_of = ["--as-of", "2026-11-10"];
    let (_, found, json) = check_with(&[&returns], &as_of);
    assert_eq!(
        cell_rules(&found),
        [
            ("A3", "indicator.commentary-missing"),
            ("A3", "indicator.commentary-missing")
        ],
        "{json}"
    );
    let out = tmp.path().join("directorate.xlsx");
    consolidate_with(&out, &as_of, &[&returns]);
    let rows = column_texts(
        &out,
        "Indicators",
        &["Indicator ID", "Period", "Actual", "RAG"],
    );
    assert_eq!(rows.len(), 7 + 2, "{rows:?}");
    assert_eq!(rows[0], ["CS1", "Apr 2026", "82", "Green"]);
    assert_eq!(rows[6], ["CS1", "Oct 2026", "77", "Amber"]);
    assert_eq!(rows[7], ["CS2", "Q1 2026/27", "85", "Green"]);
    assert_eq!(rows[8], ["CS2", "Q2 2026/27", "70", "Red"]);
}

/// A sheet's Ledger line: rows read, taken and left out, and why.
fn ledger_line(out: &Path, sheet: &str) -> Vec<String> {
    let ledger = table(out, "Ledger");
    let line = ledger.iter().find(|r| r["Sheet"] == sheet).unwrap();
    ["Rows read", "Rows taken", "Rows left out", "Reason"]
        .iter()
        .map(|heading| line[*heading].to_string())
        .collect()
}

#[test]
fn a_definition_carried_on_to_the_next_row_is_one_definition() {
    let tmp = tempfile::tempdir().unwrap();
    let library = tmp.path().join("definitions.xlsx");
    let definitions = SheetLayout::new("Definitions")
        .bold_row(texts(&[
            "Indicator ID",
            "Indicator Name",
            "Definition",
            "Unit",
            "Polarity",
            "Frequency",
            "Numerator",
        ]))
        .row(texts(&[
            "HS-01",
            "Households in temporary accommodation",
            "Households placed in temporary accommodation",
            "Number",
            "Lower is better",
            "Monthly",
            "",
        ]))
        // The definition's second sentence on a row of its own.
        .row(texts(&[
            "",
            "",
            "on the last day of the month (a snapshot)",
            "",
            "",
            "",
            "",
        ]))
        .row(texts(&[
            "HS-02",
            "Homelessness prevented",
            "Cases where homelessness was prevented",
            "Percentage",
            "Higher is better",
            "Quarterly",
            "Cases prevented",
        ]));
    write_xlsx(&library, &[definitions]).unwrap();
    let (code, found, json) = check(&[&library]);
    assert_eq!(located(&found), vec![]);
    assert_eq!(code, 0);
    assert_eq!(json["summary"]["files"], 1);
    let out = tmp.path().join("out.xlsx");
    let run = common::consolidate_to("directorate", &out)
        .arg(&library)
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    assert_eq!(
        ledger_line(&out, "Definitions"),
        [
            "3",
            "2",
            "1",
            "1 x continues HS-01 from row 2 (its ID and name left blank)"
        ]
    );
}

#[test]
fn targets_with_their_comparison_values_with_their_units_and_no_target_by_design_read_as_meant() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("housing.xlsx");
    let sheet = SheetLayout::new("Performance")
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Period",
            "Actual",
            "Target",
            "RAG",
            "Commentary",
        ]))
        // ">= 80%" gives the target 80 and says higher is better: 70 is Red.
        .row(texts(&[
            "HS-01",
            "Homelessness prevented",
            "Apr-26",
            "70%",
            ">= 80%",
            "Green",
            "Caseload up",
        ]))
        // Monitored for context: no target needed.
        .row(texts(&[
            "HS-02",
            "Households in temporary accommodation",
            "Apr-26",
            "120",
            "Monitor only",
            "",
            "",
        ]))
        // "32 days" against "Less than 30": Red, as reported.
        .row(texts(&[
            "HS-03",
            "Average days to relet",
            "Apr-26",
            "32 days",
            "Less than 30",
            "Red",
            "Voids backlog",
        ]))
        .row(texts(&[
            "HS-04",
            "Rent arrears",
            "Apr-26",
            "£1.2m",
            "£1m",
            "",
            "",
        ]))
        // Not a bad number: no number yet, reported as missing with its words.
        .row(texts(&[
            "HS-05",
            "Repairs on time",
            "Apr-26",
            "Awaiting data",
            "90",
            "",
            "",
        ]))
        // A negative as accounts write it; a rate with its base and a note.
        .row(texts(&[
            "HS-06",
            "Budget variance",
            "Apr-26",
            "(£25,000)",
            "0",
            "",
            "",
        ]))
        .row(texts(&[
            "HS-07",
            "Rough sleepers per 100,000",
            "Apr-26",
            "12.5 per 100,000 (provisional)",
            "10",
            "",
            "",
        ]))
        // A negative written with the typesetter's minus sign.
        .row(texts(&[
            "HS-08",
            "Rent collected against profile",
            "Apr-26",
            "\u{2212}2.5",
            "0",
            "",
            "",
        ]));
    write_xlsx(&path, &[sheet]).unwrap();
    let (_, found, json) = check_with(&[&path], &["--as-of", "2026-04-30"]);
    assert_eq!(
        located(&found),
        [
            ("housing.xlsx", "F2", "indicator.rag-mismatch"),
            ("housing.xlsx", "A5", "indicator.polarity-unknown"),
            ("housing.xlsx", "D6", "indicator.value-missing"),
        ],
        "{json}"
    );
    let messages: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] != "sheet.source-unknown")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages[0].contains("higher is better") && messages[0].ends_with("is Red."),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].starts_with("No polarity for HS-04 (Rent arrears), HS-06 (Budget variance), HS-07 (Rough sleepers per 100,000) and HS-08 (Rent collected against profile): "),
        "{}",
        messages[1]
    );
    assert!(
        messages[2].ends_with("(the cell says 'Awaiting data')."),
        "{}",
        messages[2]
    );
    let out = tmp.path().join("out.xlsx");
    let run = consolidate_with(&out, &["--as-of", "2026-04-30"], &[&path]);
    common::assert_exit(&run, 1);
    let rows = table(&out, "Indicators");
    let read: Vec<(String, Data, Data, String)> = rows
        .iter()
        .map(|r| {
            (
                r["Indicator ID"].to_string(),
                r["Target"].clone(),
                r["Actual"].clone(),
                r["RAG"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (
                "HS-01".into(),
                Data::Float(80.0),
                Data::Float(70.0),
                "Red".into()
            ),
            (
                "HS-02".into(),
                Data::String("Monitor only".into()),
                Data::Float(120.0),
                "".into()
            ),
            (
                "HS-03".into(),
                Data::Float(30.0),
                Data::Float(32.0),
                "Red".into()
            ),
            (
                "HS-04".into(),
                Data::Float(1_000_000.0),
                Data::Float(1_200_000.0),
                "".into()
            ),
            (
                "HS-05".into(),
                Data::Float(90.0),
                Data::String("Awaiting data".into()),
                "".into()
            ),
            (
                "HS-06".into(),
                Data::Float(0.0),
                Data::Float(-25_000.0),
                "".into()
            ),
            (
                "HS-07".into(),
                Data::Float(10.0),
                Data::Float(12.5),
                "".into()
            ),
            (
                "HS-08".into(),
                Data::Float(0.0),
                Data::Float(-2.5),
                "".into()
            ),
        ]
    );
}

#[test]
fn monthly_counts_against_one_target_that_looks_like_the_years_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("highways.xlsx");
    let months = ["Apr-26", "May-26", "Jun-26", "Jul-26", "Aug-26", "Sep-26"];
    let mut heading = vec!["PI Ref", "Indicator", "Polarity", "Annual Target"];
    heading.extend(months);
    let row = |id: &str, name: &str, polarity: &str, target: f64, values: [f64; 6]| {
        let mut row = vec![t(id), t(name), t(polarity), n(target)];
        row.extend(values.map(n));
        row
    };
    let sheet = SheetLayout::new("Highways")
        .bold_row(texts(&heading))
        // 7 to 12 claims a month against 120: the year's target.
        .row(row(
            "HW-03",
            "Highway insurance claims",
            "Lower is better",
            120.0,
            [10.0, 9.0, 12.0, 11.0, 8.0, 7.0],
        ))
        // Households at each month's end against 150: a level, judged each month.
        .row(row(
            "HW-04",
            "Households in temporary accommodation",
            "Lower is better",
            150.0,
            [140.0, 138.0, 141.0, 139.0, 137.0, 136.0],
        ))
        // A percentage a month against 90%.
        .row(row(
            "HW-05",
            "Potholes repaired within 28 days (%)",
            "Higher is better",
            90.0,
            [92.0, 91.0, 93.0, 95.0, 94.0, 96.0],
        ));
    write_xlsx(&path, &[sheet]).unwrap();
    let (_, found, json) = check_with(&[&path], &["--as-of", "2026-09-30"]);
    assert_eq!(
        located(&found),
        [("highways.xlsx", "D2", "indicator.target-for-year")],
        "{json}"
    );
    assert_eq!(
        first_of(&json, "indicator.target-for-year")["message"],
        "HW-03 (Highway insurance claims): the target 120 looks like the year's: the 6 months reported run from 7 to 12, about a month's share of it (10), yet each month is judged against all of it, so its RAG means little. Give each month its own target (the year's, profiled), or report the year to date against it."
    );
}

#[test]
fn a_percentage_written_the_other_way_from_the_rest_of_its_series_is_named_at_its_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("customer-services.xlsx");
    let months = ["Apr-26", "May-26", "Jun-26", "Jul-26", "Aug-26", "Sep-26"];
    let mut heading = vec!["PI Ref", "Indicator", "Unit", "Polarity", "Target"];
    heading.extend(months);
    let row = |id: &str, name: &str, polarity: &str, target: Cell, values: [Cell; 6]| {
        let mut row = vec![t(id), t(name), t("%"), t(polarity), target];
        row.extend(values);
        row
    };
    let sheet = SheetLayout::new("Customer services")
        .bold_row(texts(&heading))
        // September's 90% typed as a fraction among percentages typed as numbers.
        .row(row(
            "CS-01",
            "Calls answered within 60 seconds",
            "Higher is better",
            n(85.0),
            [
                n(84.0),
                n(86.5),
                n(87.0),
                n(85.0),
                n(88.0),
                Cell::Percent(0.9),
            ],
        ))
        // July's 87 typed as a number among fractions shown as percentages.
        .row(row(
            "CS-04",
            "Invoices paid within 30 days",
            "Higher is better",
            Cell::Percent(0.85),
            [0.84, 0.86, 0.85, 87.0, 0.88, 0.86]
                .map(|v| if v > 1.0 { n(v) } else { Cell::Percent(v) }),
        ))
        // Small percentages either side of 1%: written one way, not flagged.
        .row(row(
            "CS-05",
            "Council tax left uncollected",
            "Lower is better",
            n(1.0),
            [0.8, 1.2, 1.1, 0.9, 1.0, 0.95].map(n),
        ));
    write_xlsx(&path, &[sheet]).unwrap();
    let (_, found, json) = check_with(&[&path], &["--as-of", "2026-09-30"]);
    let scale: Vec<(&str, &str)> = cell_rules(&found)
        .into_iter()
        .filter(|(_, rule)| *rule == "indicator.percentage-scale" || *rule == "indicator.outlier")
        .collect();
    assert_eq!(
        scale,
        [
            ("K2", "indicator.percentage-scale"),
            ("I3", "indicator.percentage-scale")
        ],
        "{json}"
    );
    let messages = messages_of(&json, "indicator.percentage-scale");
    assert_eq!(
        messages,
        [
            "CS-01 (Calls answered within 60 seconds) for Sep 2026: the actual 0.9 looks like a fraction (90%), where this indicator's other figures are written as percentages (84 to 88): write it as 90, or check it. It is read as written, 0.9%.",
            "CS-04 (Invoices paid within 30 days) for Jul 2026: the actual 87 looks like a percentage (87%), where this indicator's other figures are written as fractions (84% to 88%): write it as 0.87, or check it. Until then this indicator's figures are all read as written, 0.84 as 0.84%."
        ]
    );
}

#[test]
fn a_return_of_several_services_judges_each_services_series_on_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("sickness.xlsx");
    let row = |service: &str, quarter: &str, actual: f64| {
        vec![
            t(service),
            t("SA-01"),
            t("Sickness days per FTE"),
            t(quarter),
            n(actual),
            n(2.0),
            t("Days"),
            t("Lower is better"),
            t("Quarterly"),
            t("Within budgeted staffing"),
        ]
    };
    let sheet = SheetLayout::new("Sickness")
        .bold_row(texts(&[
            "Service",
            "PI Ref",
            "Indicator",
            "Period",
            "Actual",
            "Target",
            "Unit",
            "Polarity",
            "Frequency",
            "Commentary",
        ]))
        .row(row("Highways", "Q1 2026/27", 1.9))
        .row(row("Highways", "Q2 2026/27", 2.0))
        // Waste's Q2 is missing: Highways' Q2 does not stand in for it.
        .row(row("Waste", "Q1 2026/27", 1.8));
    write_xlsx(&path, &[sheet]).unwrap();
    let (_, found, json) = check(&[&path]);
    assert_eq!(
        located(&found),
        [("sickness.xlsx", "A4", "indicator.value-missing")],
        "{json}"
    );
    assert_eq!(
        first_of(&json, "indicator.value-missing")["message"],
        "SA-01 (Sickness days per FTE) of Waste: no value is reported for Q2 2026/27, which was due by the reporting date 31/10/2026."
    );
}

#[test]
fn an_indicator_given_twice_for_a_period_is_named_at_the_later_row() {
    let tmp = tempfile::tempdir().unwrap();
    // Long: September's row pasted twice, the second with another figure.
    let long = tmp.path().join("revenues.xlsx");
    let row = |period: &str, actual: f64| {
        vec![
            t("CT-01"),
            t("Council tax collected"),
            t(period),
            n(actual),
            n(10.0),
            t("%"),
            t("Higher is better"),
        ]
    };
    write_xlsx(
        &long,
        &[SheetLayout::new("Revenues")
            .bold_row(texts(&[
                "PI Ref",
                "Indicator",
                "Period",
                "Actual",
                "Target",
                "Unit",
                "Polarity",
            ]))
            .row(row("Apr-26", 10.2))
            .row(row("May-26", 19.4))
            .row(row("Jun-26", 28.5))
            .row(row("Jul-26", 38.0))
            .row(row("Aug-26", 48.0))
            .row(row("Sep-26", 57.1))
            .row(row("Sep-26", 57.9))
            .row(row("Oct-26", 66.0))],
    )
    .unwrap();
    // Wide: an indicator on two rows, the same months, the same figures.
    let wide = tmp.path().join("libraries.xlsx");
    let months = [
        "Apr-26", "May-26", "Jun-26", "Jul-26", "Aug-26", "Sep-26", "Oct-26",
    ];
    let mut heading = vec!["PI Ref", "Indicator", "Polarity", "Target"];
    heading.extend(months);
    let row = |id: &str, name: &str| {
        let mut row = vec![t(id), t(name), t("Higher is better"), n(1000.0)];
        row.extend([1010.0, 1020.0, 1005.0, 1001.0, 1030.0, 1040.0, 1025.0].map(n));
        row
    };
    write_xlsx(
        &wide,
        &[SheetLayout::new("Libraries")
            .bold_row(texts(&heading))
            .row(row("LIB-01", "Library visits"))
            .row(row("LIB-02", "Library loans"))
            .row(row("LIB-01", "Library visits"))],
    )
    .unwrap();
    let (_, found, json) = check(&[&long, &wide]);
    assert_eq!(
        located(&found),
        [
            ("revenues.xlsx", "A8", "indicator.duplicate-period"),
            ("libraries.xlsx", "A4", "indicator.duplicate-period"),
        ],
        "{json}"
    );
    let messages = messages_of(&json, "indicator.duplicate-period");
    assert_eq!(
        messages,
        [
            "CT-01 (Council tax collected) for Sep 2026 is given twice in this return, on row 7 and on this row, with different figures. Keep one row for each indicator and period: until then both are on the Indicators sheet.",
            "LIB-01 (Library visits) for 7 periods, Apr 2026 to Oct 2026, is given twice in this return, on row 2 and on this row, with the same figures. Keep one row for each indicator and period: until then both are on the Indicators sheet."
        ]
    );
}

/// A wide return's sheet: library visits and loans a month, above a target of 1,000,
/// for `months` (their headings).
fn wide_sheet(name: &str, months: &[&str]) -> SheetLayout {
    let mut heading = vec!["PI Ref", "Indicator", "Polarity", "Target"];
    heading.extend(months);
    let row = |id: &str, indicator: &str| {
        let mut row = vec![t(id), t(indicator), t("Higher is better"), n(1000.0)];
        row.extend((0..months.len()).map(|i| n(1010.0 + (i % 3) as f64)));
        row
    };
    SheetLayout::new(name)
        .row(texts(&["Libraries performance return 2026/27"]))
        .bold_row(texts(&heading))
        .row(row("LIB-01", "Library visits"))
        .row(row("LIB-02", "Library loans"))
}

#[test]
fn a_title_above_a_wide_return_is_not_taken_for_a_group_label_over_its_columns() {
    // "Libraries performance return 2026/27" names a period and a value's role
    // ("performance"), as a group label over months may; alone above the header, at
    // its first column, it is the title, and "PI Ref" below it is the ID column.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("libraries.xlsx");
    let mut sheet = wide_sheet("Libraries", &MONTHS[..3]);
    sheet = sheet.row(vec![
        t("LIB-03"),
        t("Library events"),
        t("Higher is better"),
        n(20.0),
        n(22.0),
        Cell::Blank,
        n(25.0),
    ]);
    write_xlsx(&path, &[sheet]).unwrap();
    let (_, found, json) = check_with(&[&path], &["--as-of", "2026-06-30"]);
    assert_eq!(
        located(&found),
        [("libraries.xlsx", "F5", "indicator.value-missing")],
        "{json}"
    );
}

#[test]
fn a_wide_return_kept_a_sheet_per_month_to_date_is_read_from_its_latest_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("libraries.xlsx");
    let to = |last: usize| MONTHS[..last].to_vec();
    write_xlsx(
        &path,
        &[wide_sheet("Sep 26", &to(6)), wide_sheet("Oct 26", &to(7))],
    )
    .unwrap();
    let (_, found, json) = check(&[&path]);
    assert_eq!(
        located(&found),
        [("libraries.xlsx", "", "sheet.other-period")],
        "{json}"
    );
    assert_eq!(
        first_of(&json, "sheet.other-period")["message"],
        "This sheet is the return for Sep 2026. The workbook keeps its return a sheet per month, and 'Oct 26' (Oct 2026), the latest begun by the reporting date 31/10/2026, is the one read: it holds every period this sheet does, so its 12 indicator values are not checked or counted again, and the Ledger lists them."
    );
    let out = tmp.path().join("directorate.xlsx");
    consolidate_to("directorate", &out)
        .arg(&path)
        .assert()
        .code(0);
    let rows = table(&out, "Indicators");
    assert_eq!(rows.len(), 14, "two indicators for April to October, once");
    assert!(
        rows.iter()
            .all(|r| r["Source"].to_string().contains("libraries.xlsx › Oct 26!")),
        "{rows:?}"
    );
    assert_eq!(
        ledger_line(&out, "Sep 26"),
        [
            "2",
            "0",
            "2",
            "2 x an earlier month's return (Sep 2026): the one read is 'Oct 26'"
        ]
    );
}

#[test]
fn a_wide_return_kept_a_sheet_per_quarter_of_its_months_is_one_return() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("libraries.xlsx");
    write_xlsx(
        &path,
        &[
            wide_sheet("Q1", &MONTHS[..3]),
            wide_sheet("Q2", &MONTHS[3..6]),
        ],
    )
    .unwrap();
    // April to September, three months a sheet: nothing is missing.
    let (_, found, json) = check_with(&[&path], &["--as-of", "2026-09-30"]);
    assert_eq!(located(&found), [], "{json}");
}

/// A long return's sheet for one month, named for it, with no Period column: council tax
/// collected, its RAG as typed and its commentary.
fn month_of_return(name: &str, actual: f64, rag: &str, commentary: &str) -> SheetLayout {
    SheetLayout::new(name)
        .row(texts(&["Revenues performance return 2026/27"]))
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Actual",
            "Target",
            "RAG",
            "Commentary",
        ]))
        .row(vec![
            t("CT-01"),
            t("Council tax collected"),
            n(actual),
            n(95.0),
            t(rag),
            t(commentary),
        ])
}

#[test]
fn a_return_kept_a_sheet_per_month_says_once_that_its_directorate_is_unknown() {
    // Directly in a temporary (hidden) folder: no folder names the directorate.
    let (tmp, _, library) = workdir();
    let path = tmp.path().join("revenues.xlsx");
    write_xlsx(
        &path,
        &[
            month_of_return("Apr", 96.0, "Green", ""),
            month_of_return("May", 97.0, "Green", ""),
            month_of_return("Jun", 96.0, "Green", ""),
        ],
    )
    .unwrap();
    let (_, _, json) = check(&[&path, &library]);
    let unknown = all_of(&json, "sheet.source-unknown");
    assert_eq!(unknown.len(), 1, "{json}");
    assert_eq!(unknown[0]["sheet"], "Apr");
    assert_eq!(unknown[0]["cell"], "A2");
    assert_eq!(
        unknown[0]["message"],
        "The directorate of these indicators is not recorded: add a 'Directorate:' line above the header, a column, or keep the file in a folder named after it. The same holds for sheets 'May', 'Jun'."
    );
}

/// The (sheet, cell, rule) of the findings in `check`'s JSON, but the info that a file
/// does not say its directorate or service.
fn sheet_cell_rules(json: &Value) -> Vec<(&str, &str, &str)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] != "sheet.source-unknown")
        .map(|f| {
            let text = |key: &str| f[key].as_str().unwrap_or("");
            (text("sheet"), text("cell"), text("rule"))
        })
        .collect()
}

#[test]
fn a_return_kept_a_sheet_per_month_is_one_return_each_sheet_its_months() {
    let (tmp, returns, library) = workdir();
    let path = returns.join("revenues.xlsx");
    write_xlsx(
        &path,
        &[
            month_of_return("Apr", 96.0, "Green", ""),
            month_of_return("May", 97.0, "Green", ""),
            // 80 against 95 is red, not green, and has no commentary.
            month_of_return("Jun", 80.0, "Green", ""),
        ],
    )
    .unwrap();
    let (code, _, json) = check(&[&path, &library]);
    // Each sheet is its month: July to October are missing, once, at the last row
    // read; April and May are not missing from June's sheet, nor June from theirs.
    assert_eq!(
        sheet_cell_rules(&json),
        [
            ("Jun", "A3", "indicator.value-missing"),
            ("Jun", "E3", "indicator.rag-mismatch"),
            ("Jun", "F3", "indicator.commentary-missing"),
        ],
        "{json}"
    );
    let missing = first_of(&json, "indicator.value-missing")["message"]
        .as_str()
        .unwrap();
    assert!(
        missing.contains("no value is reported for Jul 2026, Aug 2026, Sep 2026 and Oct 2026"),
        "{missing}"
    );
    assert_eq!(code, 1);

    let out = tmp.path().join("out.xlsx");
    consolidate_to("directorate", &out)
        .arg(&returns)
        .arg(&library)
        .assert()
        .code(1);
    let rows: Vec<Vec<String>> = table(&out, "Indicators")
        .iter()
        .map(|row| {
            ["Service", "Period", "Actual", "RAG", "Direction of travel"]
                .iter()
                .map(|h| row[*h].to_string())
                .collect()
        })
        .collect();
    // The service is the file's, not a month's; the direction runs across the sheets.
    assert_eq!(
        rows,
        [
            ["Revenues", "Apr 2026", "96", "Green", ""],
            ["Revenues", "May 2026", "97", "Green", "Improving"],
            ["Revenues", "Jun 2026", "80", "Red", "Worsening"],
        ]
    );

    // With no Period column, no period above the table and a sheet not named for one,
    // the values cannot be placed: the header says so.
    let unplaced = returns.join("unplaced.xlsx");
    write_xlsx(
        &unplaced,
        &[month_of_return("Council tax", 96.0, "Green", "")],
    )
    .unwrap();
    let (_, _, json) = check(&[&unplaced, &library]);
    assert_eq!(
        sheet_cell_rules(&json),
        [("Council tax", "A2", "header.missing-column")],
        "{json}"
    );
}

#[test]
fn a_wide_return_kept_a_sheet_per_year_reads_each_sheet_for_its_year() {
    let (tmp, returns, library) = workdir();
    let path = returns.join("revenues.xlsx");
    let months = [
        "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
    ];
    let year = |name: &str, actuals: &[f64]| {
        let mut heading = vec!["PI Ref", "Indicator", "Target"];
        heading.extend(months);
        let mut row = vec![t("CT-01"), t("Council tax collected"), n(95.0)];
        row.extend(actuals.iter().copied().map(n));
        SheetLayout::new(name).bold_row(texts(&heading)).row(row)
    };
    // Last year's twelve months and this year's seven, on sheets named for their years.
    write_xlsx(
        &path,
        &[year("2025-26", &[96.0; 12]), year("2026-27", &[97.0; 7])],
    )
    .unwrap();
    // Read for this year, last year's months would be months to come, reported.
    let (code, _, json) = check(&[&path, &library]);
    assert_eq!(sheet_cell_rules(&json), [], "{json}");
    assert_eq!(code, 0);
    let out = tmp.path().join("out.xlsx");
    consolidate_to("directorate", &out)
        .arg(&returns)
        .arg(&library)
        .assert()
        .code(0);
    let periods: Vec<String> = table(&out, "Indicators")
        .iter()
        .map(|row| {
            format!(
                "{} {}",
                row["Period"],
                row["Source"].to_string().rsplit('›').next().unwrap().trim()
            )
        })
        .collect();
    assert_eq!(periods.len(), 19);
    assert_eq!(periods[0], "Apr 2025 2025-26!2");
    assert_eq!(periods[11], "Mar 2026 2025-26!2");
    assert_eq!(periods[18], "Oct 2026 2026-27!2");
}

#[test]
fn a_targets_comparison_against_the_librarys_polarity_is_named() {
    let (_tmp, returns, library) = workdir();
    let path = returns.join("revenues.xlsx");
    let row = |id: &str, name: &str, target: &str| {
        texts(&[id, name, "Oct-26", "96", target, "Green", ""])
    };
    write_xlsx(
        &path,
        &[SheetLayout::new("October")
            .bold_row(texts(&[
                "PI Ref",
                "Indicator",
                "Period",
                "Actual",
                "Target",
                "RAG",
                "Commentary",
            ]))
            // The library says higher is better: "Less than 95%" says the other way.
            .row(row("CT-01", "Council tax collected", "Less than 95%"))
            // Agreeing with the library: nothing to say.
            .row(row(
                "FOI-01",
                "FOI requests answered in 20 days",
                "95% or above",
            ))],
    )
    .unwrap();
    let (_, _, json) = check_with(&[&path, &library], &["--as-of", AS_OF, "--year", "2026"]);
    let found: Vec<(&str, &str, &str)> = all_of(&json, "indicator.definition-mismatch")
        .into_iter()
        .map(|f| {
            (
                f["cell"].as_str().unwrap(),
                f["field"].as_str().unwrap(),
                f["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [(
            "E2",
            "polarity",
            "CT-01 (Council tax collected): the target 'Less than 95%' says lower is better, but the definitions library says higher is better: correct the target's comparison or the library's polarity."
        )]
    );
}

#[test]
fn actuals_and_targets_in_rows_of_their_own_are_one_indicator_and_headings_are_left_out() {
    let (tmp, returns, library) = workdir();
    let path = returns.join("revenues.xlsx");
    let months = [
        "Apr-26", "May-26", "Jun-26", "Jul-26", "Aug-26", "Sep-26", "Oct-26",
    ];
    let mut headings = vec!["PI Ref", "Indicator", "Measure"];
    headings.extend(months);
    headings.push("Commentary");
    // A row of a role's figures: its ID and name (or blanks), its role, its months.
    let row = |id: &str, name: &str, role: &str, figures: [Option<f64>; 7], comment: &str| {
        let mut cells = texts(&[id, name, role]);
        cells.extend(figures.map(|f| f.map_or(Cell::Blank, n)));
        cells.push(t(comment));
        cells
    };
    let layout = SheetLayout::new("Performance")
        .bold_row(texts(&headings))
        // A heading alone in the ID column: not an indicator.
        .row(texts(&["Revenues"]))
        // Targets first, then the actuals with the ID left blank; September's target
        // is missing and June's 80 is Red with no commentary.
        .row(row(
            "CT-01",
            "Council tax collected",
            "Target",
            [
                Some(95.0),
                Some(95.0),
                Some(95.0),
                Some(95.0),
                Some(95.0),
                None,
                Some(95.0),
            ],
            "",
        ))
        .row(row(
            "",
            "",
            "Actual",
            [
                Some(96.0),
                Some(97.0),
                Some(80.0),
                Some(96.5),
                Some(96.0),
                Some(97.0),
                Some(95.5),
            ],
            "",
        ))
        // Not a value the return is checked for.
        .row(row("", "", "Variance", [Some(1.0); 7], ""))
        // Actuals first, each row naming the indicator; Amber, with commentary.
        .row(row(
            "FOI-01",
            "FOI requests answered in 20 days",
            "Actual",
            [Some(90.0); 7],
            "Backlog cleared by December",
        ))
        .row(row(
            "FOI-01",
            "FOI requests answered in 20 days",
            "Target",
            [Some(92.0); 7],
            "",
        ));
    write_xlsx(&path, &[layout]).unwrap();
    let (code, found, _) = check(&[&path, &library]);
    assert_eq!(
        located(&found),
        [
            ("revenues.xlsx", "I3", "indicator.target-missing"),
            ("revenues.xlsx", "K3", "indicator.commentary-missing"),
            // June's 80 in the actuals' row, far below the series.
            ("revenues.xlsx", "F4", "indicator.outlier"),
        ]
    );
    assert_eq!(code, 1);
    let out = consolidated_with_errors(tmp.path(), &returns, &library);
    let rows = common::column_texts(
        &out,
        "Indicators",
        &[
            "Indicator ID",
            "Period",
            "Target",
            "Actual",
            "RAG",
            "Source",
        ],
    );
    assert_eq!(rows.len(), 14);
    // Target, actual, RAG, and the source from the file's name on.
    let of = |id: &str, period: &str| {
        let row = rows
            .iter()
            .find(|r| r[0] == id && r[1] == period)
            .unwrap_or_else(|| panic!("no {id} {period}: {rows:?}"));
        let source = row[5].rsplit('/').next().unwrap().to_string();
        [row[2].clone(), row[3].clone(), row[4].clone(), source]
    };
    assert_eq!(
        of("CT-01", "Jun 2026"),
        ["95", "80", "Red", "revenues.xlsx › Performance!4"]
    );
    assert_eq!(
        of("CT-01", "Sep 2026"),
        ["", "97", "", "revenues.xlsx › Performance!4"]
    );
    assert_eq!(
        of("FOI-01", "Oct 2026"),
        ["92", "90", "Amber", "revenues.xlsx › Performance!6"]
    );
    assert_eq!(
        ledger_line(&out, "Performance"),
        [
            "6",
            "4",
            "2",
            "1 x heading inside the table; 1 x the 'Variance' row of 'CT-01': not one of the values the return is checked for"
        ]
    );
}

#[test]
fn a_long_returns_actual_and_target_rows_for_a_period_are_one_value_wherever_they_are() {
    let (tmp, returns, library) = workdir();
    let path = returns.join("revenues.xlsx");
    let row =
        |id: &str, period: &str, kind: &str, value: Cell| vec![t(id), t(period), t(kind), value];
    // All the actuals, then all the targets (as a system's export or an unpivot gives
    // them); September's CT-01 target blank; a variance row.
    let layout = SheetLayout::new("Data")
        .bold_row(texts(&["PI Ref", "Period", "Type", "Value"]))
        .row(row("CT-01", "Sep-26", "Actual", n(96.0)))
        .row(row("CT-01", "Oct-26", "Actual", n(90.0)))
        .row(row("FOI-01", "Oct-26", "Actual", n(91.0)))
        .row(row("CT-01", "Sep-26", "Target", Cell::Blank))
        .row(row("CT-01", "Oct-26", "Target", n(95.0)))
        .row(row("FOI-01", "Oct-26", "Target", n(90.0)))
        .row(row("FOI-01", "Oct-26", "Variance", n(1.0)));
    write_xlsx(&path, &[layout]).unwrap();
    let (_, found, _) = check_with(&[&path, &library], &["--as-of", AS_OF, "--year", "2026"]);
    let found: Vec<(&str, &str)> = cell_rules(&found)
        .into_iter()
        .filter(|(_, rule)| !matches!(*rule, "indicator.value-missing" | "sheet.source-unknown"))
        .collect();
    // CT-01's October 90 against 95 is Red; no commentary column to explain it.
    assert_eq!(
        found,
        [
            ("A3", "indicator.commentary-missing"),
            ("D5", "indicator.target-missing"),
        ]
    );
    let out = tmp.path().join("out.xlsx");
    consolidate_to("directorate", &out)
        .args(["--year", "2026", "--definitions"])
        .arg(&library)
        .arg(&returns)
        .assert()
        .code(1);
    assert_eq!(
        common::column_texts(
            &out,
            "Indicators",
            &["Indicator ID", "Period", "Target", "Actual", "RAG"]
        )
        .into_iter()
        .filter(|r| !r[3].is_empty())
        .collect::<Vec<_>>(),
        [
            ["CT-01", "Sep 2026", "", "96", ""],
            ["CT-01", "Oct 2026", "95", "90", "Red"],
            ["FOI-01", "Oct 2026", "90", "91", "Green"],
        ]
    );
    assert_eq!(
        ledger_line(&out, "Data"),
        [
            "7",
            "6",
            "1",
            "1 x the 'Variance' row of 'FOI-01': not one of the values the return is checked for"
        ]
    );
}

#[test]
fn a_quarterly_indicator_in_a_return_of_months_is_read_by_its_quarters() {
    let (tmp, returns) = returns_folder("corporate-services");
    let path = returns.join("hr.xlsx");
    let mut headings = vec![
        "PI Ref",
        "Indicator",
        "Unit",
        "Polarity",
        "Frequency",
        "Target",
    ];
    headings.extend(MONTHS);
    let row = |id: &str, polarity: &str, frequency: &str, target: f64, months: [Option<f64>; 7]| {
        let mut cells = texts(&[id, id, "Number", polarity, frequency]);
        cells.push(n(target));
        cells.extend(months.map(|m| m.map_or(Cell::Blank, n)));
        cells
    };
    let layout = SheetLayout::new("Scorecard")
        .bold_row(texts(&headings))
        // Quarterly, its figure in the quarter's last month: Q2's (September) missing.
        .row(row(
            "SAT-01",
            "Higher is better",
            "Quarterly",
            80.0,
            [None, None, Some(82.0), None, None, None, None],
        ))
        // Quarterly: June's 2.1 is Amber (no commentary); September's 1.9 improves on it.
        .row(row(
            "SICK-01",
            "Lower is better",
            "Quarterly",
            2.0,
            [None, None, Some(2.1), None, None, Some(1.9), None],
        ))
        // Monthly: each month its own.
        .row(row(
            "CALLS-01",
            "Higher is better",
            "Monthly",
            90.0,
            [Some(91.0); 7],
        ))
        // Said to be quarterly, but with figures in two of Q1's months: left as months,
        // and Q2 has none in any of its months.
        .row(row(
            "DUAL-01",
            "Higher is better",
            "Quarterly",
            10.0,
            [Some(11.0), Some(12.0), None, None, None, None, None],
        ));
    write_xlsx(&path, &[layout]).unwrap();
    let (code, found, json) = check(&[&path]);
    assert_eq!(
        located(&found),
        [
            ("hr.xlsx", "L2", "indicator.value-missing"),
            ("hr.xlsx", "A3", "indicator.commentary-missing"),
            ("hr.xlsx", "L5", "indicator.value-missing"),
        ]
    );
    assert_eq!(code, 1);
    let messages = messages_of(&json, "indicator.value-missing");
    assert_eq!(
        messages,
        [
            "SAT-01 (SAT-01): no actual for Q2 2026/27, which was due by the reporting date 31/10/2026.",
            "DUAL-01 (DUAL-01): no actual for Q2 2026/27, which was due by the reporting date 31/10/2026: a quarterly indicator's figure goes in one of its months, and none of Jul 2026 to Sep 2026 has one."
        ]
    );
    let out = tmp.path().join("out.xlsx");
    consolidate_to("directorate", &out)
        .arg(tmp.path().join("returns"))
        .assert()
        .code(1);
    let rows = common::column_texts(
        &out,
        "Indicators",
        &[
            "Indicator ID",
            "Period",
            "Actual",
            "RAG",
            "Direction of travel",
        ],
    );
    let of = |id: &str| -> Vec<Vec<String>> {
        rows.iter()
            .filter(|r| r[0] == id)
            .map(|r| r[1..].to_vec())
            .collect()
    };
    assert_eq!(
        of("SAT-01"),
        [
            ["Q1 2026/27", "82", "Green", ""],
            ["Q2 2026/27", "", "", ""]
        ]
    );
    assert_eq!(
        of("SICK-01"),
        [
            ["Q1 2026/27", "2.1", "Amber", ""],
            ["Q2 2026/27", "1.9", "Green", "Improving"]
        ]
    );
    assert_eq!(of("CALLS-01").len(), 7);
    assert_eq!(of("DUAL-01").len(), 7);
}

#[test]
fn an_indicator_with_figures_only_in_quarter_end_months_is_read_as_quarterly() {
    let (tmp, returns) = returns_folder("housing");
    let wide = returns.join("scorecard.xlsx");
    let mut headings = vec!["PI Ref", "Indicator", "Polarity", "Target"];
    headings.extend(MONTHS);
    let row = |id: &str, months: [Option<f64>; 7]| {
        let mut cells = texts(&[id, id, "Higher is better"]);
        cells.push(n(80.0));
        cells.extend(months.map(|m| m.map_or(Cell::Blank, n)));
        cells
    };
    // No frequency anywhere. Figures in June and September alone: quarterly, its
    // other months not asked for. One in September alone does not tell: monthly.
    // June and August: monthly.
    let layout = SheetLayout::new("Scorecard")
        .bold_row(texts(&headings))
        .row(row(
            "SAT-01",
            [None, None, Some(82.0), None, None, Some(84.0), None],
        ))
        .row(row(
            "ONE-01",
            [None, None, None, None, None, Some(84.0), None],
        ))
        .row(row(
            "TWO-01",
            [None, None, Some(82.0), None, Some(83.0), None, None],
        ));
    write_xlsx(&wide, &[layout]).unwrap();
    // A system's long export, each quarter dated by its last month.
    let long = returns.join("export.xlsx");
    let mut layout = SheetLayout::new("PIs").bold_row(texts(&[
        "PI Code", "PI Name", "Date", "Value", "Target", "Polarity",
    ]));
    for (month, value) in [("Jun 2026", 210.0), ("Sep 2026", 190.0)] {
        layout = layout.row(vec![
            t("TA-01"),
            t("Households in temporary accommodation"),
            t(month),
            n(value),
            n(200.0),
            t("Lower is better"),
        ]);
    }
    write_xlsx(&long, &[layout]).unwrap();
    let (_, found, _) = check(&[&wide, &long]);
    let missing: Vec<(&str, &str)> = found
        .iter()
        .filter(|(_, _, rule)| rule == "indicator.value-missing")
        .map(|(file, cell, _)| (file.as_str(), cell.as_str()))
        .collect();
    assert_eq!(
        missing,
        [
            ("scorecard.xlsx", "E3"),
            ("scorecard.xlsx", "F3"),
            ("scorecard.xlsx", "G3"),
            ("scorecard.xlsx", "H3"),
            ("scorecard.xlsx", "I3"),
            ("scorecard.xlsx", "K3"),
            ("scorecard.xlsx", "E4"),
            ("scorecard.xlsx", "F4"),
            ("scorecard.xlsx", "H4"),
            ("scorecard.xlsx", "J4"),
            ("scorecard.xlsx", "K4"),
        ]
    );
    let out = tmp.path().join("out.xlsx");
    consolidate_to("directorate", &out)
        .arg(tmp.path().join("returns"))
        .assert()
        .code(1);
    let rows = common::column_texts(&out, "Indicators", &["Indicator ID", "Period", "Actual"]);
    let of = |id: &str| -> Vec<Vec<String>> {
        rows.iter()
            .filter(|r| r[0] == id)
            .map(|r| r[1..].to_vec())
            .collect()
    };
    assert_eq!(of("SAT-01"), [["Q1 2026/27", "82"], ["Q2 2026/27", "84"]]);
    assert_eq!(of("TA-01"), [["Q1 2026/27", "210"], ["Q2 2026/27", "190"]]);
    assert_eq!(of("ONE-01").len(), 7);
}

#[test]
fn a_milestone_due_by_a_date_now_passed_and_not_achieved_is_overdue() {
    let (tmp, returns) = returns_folder("place");
    // Long: each milestone's target is when it is due, a month or a day in words. M1 is
    // due later; M2 was due in September and its latest status is 'Delayed'; M3 was
    // achieved; M4 (a figure) has a date for a target, which is typed wrongly.
    let long = write_file(
        &returns,
        "milestones.csv",
        "PI Ref,Indicator,Period,Actual,Target,Polarity,RAG,Commentary\n\
         M1,Leisure centre opened,Oct-26,On track,Mar 2027,,Green,\n\
         M2,Local Plan adopted,Sep-26,On track,Sep 2026,,Green,\n\
         M2,Local Plan adopted,Oct-26,Delayed,Sep 2026,,Amber,Inspector's report late\n\
         M3,Depot sold,Oct-26,Complete,By 30/09/2026,,Green,\n\
         M4,Homes built,Oct-26,50,Sep 2026,Higher is better,Red,Slow\n",
    );
    // Wide: one target for the year, a date cell, before the quarters' statuses.
    let wide = returns.join("projects.xlsx");
    write_xlsx(
        &wide,
        &[SheetLayout::new("Projects")
            .bold_row(texts(&["PI Ref", "Indicator", "Target", "Q1", "Q2", "RAG"]))
            .row(vec![
                t("P1"),
                t("Hub opened"),
                d(2026, 9, 30),
                t("In progress"),
                t("In progress"),
                t("Green"),
            ])
            .row(vec![
                t("P2"),
                t("Strategy published"),
                d(2026, 9, 30),
                t("In progress"),
                t("Published"),
                t("Green"),
            ])],
    )
    .unwrap();
    let (_, found, json) = check_with(&[&long, &wide], &["--as-of", AS_OF, "--year", "2026"]);
    let found: Vec<_> = located(&found)
        .into_iter()
        .filter(|(_, _, rule)| !["indicator.milestone", "indicator.value-missing"].contains(rule))
        .collect();
    assert_eq!(
        found,
        [
            ("milestones.csv", "E4", "indicator.milestone-overdue"),
            ("milestones.csv", "E6", "cell.type"),
            ("projects.xlsx", "C2", "indicator.milestone-overdue"),
        ],
        "{json}"
    );
    assert_eq!(
        messages_of(&json, "indicator.milestone-overdue"),
        [
            "M2 (Local Plan adopted) was due by Sep 2026, and its latest status, 'Delayed' for Oct 2026, does not say it was achieved: at the reporting date 31/10/2026 the milestone is overdue, though the return gives it Amber.",
            "P1 (Hub opened) was due by 30/09/2026, and its latest status, 'In progress' for Q2 2026/27, does not say it was achieved: at the reporting date 31/10/2026 the milestone is overdue, though the return gives it Green.",
        ]
    );
    // The Summary lists them with the red and amber indicators, whatever RAG is given
    // (M4, its target unreadable, has no RAG worked out, so is not listed).
    let out = tmp.path().join("out.xlsx");
    let run = consolidate_to("directorate", &out)
        .args(["--year", "2026"])
        .arg(&returns)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains(
            "Indicator values      9 (latest period: 0 red, 1 amber, 4 green; 2 milestones past their date)"
        ),
        "{stdout}"
    );
    let summary = common::sheet(&out, "Summary");
    let top = summary
        .iter()
        .position(|row| row[0].to_string().starts_with("Off target"))
        .expect("the section");
    let listed: Vec<Vec<String>> = summary[top + 2..]
        .iter()
        .take_while(|row| !row[0].to_string().is_empty())
        .map(|row| row[..7].iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(
        listed,
        [
            [
                "M2 Local Plan adopted",
                "Oct 2026",
                "Milestones",
                "Sep 2026",
                "Delayed",
                "Past its date. Inspector's report late",
                "Amber"
            ],
            [
                "P1 Hub opened",
                "Q2 2026/27",
                "Projects",
                "30/09/2026",
                "In progress",
                "Past its date.",
                "Green"
            ],
        ]
    );
}

#[test]
fn a_library_describes_a_milestone_by_its_unit_with_no_polarity_to_give() {
    let (_tmp, returns) = returns_folder("place");
    // "Milestone", "Yes/No" and "Date" name a milestone: it needs no polarity. "Widgets"
    // names no unit, and a figure's definition still needs its polarity.
    let library = write_file(
        &returns,
        "library.csv",
        "Indicator ID,Indicator Name,Definition,Unit,Polarity,Frequency,Data Owner\n\
         M1,Local Plan adopted,Adopted by full council,Milestone,,Quarterly,Head of Planning\n\
         M2,Hub opened,Open to the public,Yes/No,,Quarterly,Head of Libraries\n\
         M3,Depot sold,Sale completed,Date,N/A,Quarterly,Head of Estates\n\
         P1,Homes built,Net additional homes,Widgets,,Quarterly,Head of Housing\n",
    );
    let (_, found, json) = check(&[&library]);
    assert_eq!(
        located(&found),
        [
            ("library.csv", "D5", "cell.type"),
            ("library.csv", "E5", "definition.incomplete"),
        ],
        "{json}"
    );
}

#[test]
fn a_milestone_reported_in_words_counts_as_reported_with_the_rag_the_return_gives() {
    let (tmp, returns) = returns_folder("place");
    let path = write_file(
        &returns,
        "planning.csv",
        "PI Ref,Indicator,Polarity,Target,Q1,Q2,RAG,Commentary\n\
         P1,Planning applications in time %,Higher is better,90,92,88,Amber,Vacancies\n\
         P2,Local Plan submitted,,Yes,No,No,Amber,Delayed by consultation\n\
         P3,Leisure centre opened,,By March 2027,On track,Delayed,Red,\n\
         P4,Climate strategy adopted,,Achieved,In progress,Achieved,Green,\n\
         P5,Design code published,,Yes,,,,\n",
    );
    let (_, found, json) = check_with(&[&path], &["--as-of", AS_OF, "--year", "2026"]);
    assert_eq!(
        located(&found),
        [
            ("planning.csv", "E3", "indicator.milestone"),
            ("planning.csv", "E4", "indicator.milestone"),
            ("planning.csv", "H4", "indicator.commentary-missing"),
            ("planning.csv", "E5", "indicator.milestone"),
            ("planning.csv", "E6", "indicator.value-missing"),
            ("planning.csv", "F6", "indicator.value-missing"),
        ],
        "{json}"
    );
    assert_eq!(
        messages_of(&json, "indicator.milestone")[2],
        "P4 (Climate strategy adopted) is reported in words ('In progress' for Q1 2026/27 and 'Achieved' for Q2 2026/27), as a milestone is: it counts as reported, but no RAG can be worked out from words, so the RAG the return gives is taken as it stands."
    );
    let out = tmp.path().join("out.xlsx");
    consolidate_with(
        &out,
        &["--as-of", AS_OF, "--year", "2026"],
        &[&tmp.path().join("returns")],
    );
    let rows = common::column_texts(
        &out,
        "Indicators",
        &[
            "Indicator ID",
            "Period",
            "Target",
            "Actual",
            "RAG",
            "RAG reported",
        ],
    );
    assert_eq!(
        rows[4..8],
        [
            ["P3", "Q1 2026/27", "By March 2027", "On track", "", ""],
            ["P3", "Q2 2026/27", "By March 2027", "Delayed", "", "Red"],
            ["P4", "Q1 2026/27", "Achieved", "In progress", "", ""],
            ["P4", "Q2 2026/27", "Achieved", "Achieved", "", "Green"],
        ]
    );
    let quality = common::column_texts(
        &out,
        "Data quality",
        &["Service", "Indicator values reported", "Due but missing"],
    );
    assert_eq!(quality, [["Planning", "8", "2"]]);
    let trends = common::sheet(&out, "Trends");
    assert_eq!(
        trends[1][0],
        Data::String("4 series with no figure to draw (a milestone reported in words, numbers withheld or none reported) have no chart; they are on the Indicators sheet.".into())
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let charts = (0..zip.len())
        .filter(|i| {
            zip.by_index(*i)
                .unwrap()
                .name()
                .unwrap_or_default()
                .starts_with("xl/charts/chart")
        })
        .count();
    assert_eq!(charts, 1, "P1 alone has figures to chart");
    // The Summary counts each milestone by the RAG its return gives, and lists the
    // red and amber ones off target with their words.
    let summary = common::sheet(&out, "Summary");
    let after = |title: &str, rows: usize| -> Vec<Vec<String>> {
        let top = summary
            .iter()
            .position(|row| row[0] == Data::String(title.into()))
            .unwrap();
        summary[top + 2..top + 2 + rows]
            .iter()
            .map(|row| row[..7].iter().map(|c| c.to_string()).collect())
            .collect()
    };
    assert_eq!(
        after("Indicators by RAG (latest period reported)", 4)
            .iter()
            .map(|row| row[..2].to_vec())
            .collect::<Vec<_>>(),
        [
            ["Red", "1"],
            ["Amber", "2"],
            ["Green", "1"],
            ["No RAG (no target or polarity)", "0"]
        ]
    );
    assert_eq!(
        after(
            "Off target: red and amber indicators, and milestones past their date (latest period reported)",
            1
        ),
        [[
            "P3 Leisure centre opened",
            "Q2 2026/27",
            "Planning",
            "By March 2027",
            "Delayed",
            "",
            "Red"
        ]]
    );
    // Words in the Target column wrap, and their row is as tall as they need: "By March
    // 2027" (P3, row 6) takes two lines, "Yes" (P2, row 4) one.
    assert_eq!(common::row_height(&out, "Indicators", 6), Some(30.0));
    assert_eq!(common::row_height(&out, "Indicators", 4), None);
}

#[test]
fn a_return_of_one_periods_column_is_read_as_that_periods_return() {
    // This quarter's return alone: "Q2", "Q2 Actual" or "Sep 2026" beside the
    // indicators, each Red (80 against 90) but reported Green.
    let (_tmp, returns) = returns_folder("place");
    let mut paths = Vec::new();
    for (name, heading) in [
        ("q2.csv", "Q2"),
        ("actual.csv", "Q2 Actual"),
        ("month.csv", "Sep 2026"),
    ] {
        paths.push(write_file(
            &returns,
            name,
            &format!(
                "PI Ref,Indicator,Polarity,Target,{heading},RAG,Commentary\n\
                 P1,Planning applications in time %,Higher is better,90,80,Green,Vacancies\n"
            ),
        ));
    }
    // A library's year's target is no return's period.
    paths.push(write_file(
        &returns,
        "library.csv",
        "PI Ref,Indicator,Definition,Unit,Polarity,Frequency,Data Owner,Target 2026/27\n\
         P1,Planning applications in time %,Decided in time,Percentage,Higher is better,Quarterly,Head of Planning,90\n",
    ));
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let (_, found, json) = check_with(&refs, &["--as-of", "2026-09-30", "--year", "2026"]);
    let mismatches: Vec<(&str, &str)> = found
        .iter()
        .filter(|(_, _, rule)| rule == "indicator.rag-mismatch")
        .map(|(file, cell, _)| (file.as_str(), cell.as_str()))
        .collect();
    assert_eq!(
        mismatches,
        [("q2.csv", "F2"), ("actual.csv", "F2"), ("month.csv", "F2")],
        "{json}"
    );
    assert!(
        found.iter().all(|(file, _, _)| file != "library.csv"),
        "{json}"
    );
}

#[test]
fn an_indicators_owner_numerator_denominator_and_priority_reach_every_level() {
    let (dir, returns) = returns_folder("resources");
    let library = dir.path().join("definitions.xlsx");
    write_xlsx(
        &library,
        &[SheetLayout::new("Definitions")
            .bold_row(texts(&[
                "Indicator ID",
                "Indicator Name",
                "Definition",
                "Unit",
                "Polarity",
                "Frequency",
                "Corporate Priority",
            ]))
            .row(texts(&[
                "FOI-01",
                "FOI requests answered in 20 days",
                "Requests answered within 20 working days",
                "Percentage",
                "Higher is better",
                "Monthly",
                "An efficient council",
            ]))
            .row(texts(&[
                "CT-01",
                "Council tax collected",
                "Council tax collected in year as a share of the amount due",
                "Percentage",
                "Higher is better",
                "Monthly",
                "An efficient council",
            ]))],
    )
    .unwrap();
    // FOI-01 cites no priority (the library's stands); CT-01 cites its own.
    write_xlsx(
        &returns.join("revenues.xlsx"),
        &[SheetLayout::new("Return")
            .bold_row(texts(&[
                "PI Ref",
                "Indicator",
                "Period",
                "Numerator",
                "Denominator",
                "Actual",
                "Target",
                "Indicator Owner",
                "Corporate Priority",
            ]))
            .row(vec![
                t("FOI-01"),
                t("FOI requests answered in 20 days"),
                t("Sep-26"),
                n(45.0),
                n(50.0),
                n(90.0),
                n(90.0),
                t("Information Governance Manager"),
                Cell::Blank,
            ])
            .row(vec![
                t("CT-01"),
                t("Council tax collected"),
                t("Sep-26"),
                Cell::Blank,
                Cell::Blank,
                n(96.0),
                n(95.0),
                t("Head of Revenues"),
                t("A thriving county"),
            ])],
    )
    .unwrap();
    let directorate = dir.path().join("directorate.xlsx");
    let output = consolidate_to("directorate", &directorate)
        .arg("--csv")
        .arg(dir.path().join("csv"))
        .arg(dir.path().join("returns"))
        .arg(&library)
        .output()
        .unwrap();
    // April to August and October are missing: errors, but the workbook is written.
    common::assert_exit(&output, 1);
    let headings = [
        "Indicator ID",
        "Owner",
        "Numerator",
        "Denominator",
        "Corporate priority",
    ];
    let expected = [
        ["CT-01", "Head of Revenues", "", "", "A thriving county"],
        [
            "FOI-01",
            "Information Governance Manager",
            "45",
            "50",
            "An efficient council",
        ],
    ];
    assert_eq!(
        common::column_texts(&directorate, "Indicators", &headings),
        expected
    );
    let csv = std::fs::read_to_string(dir.path().join("csv").join("indicators.csv")).unwrap();
    assert!(
        csv.contains(",Information Governance Manager,Sep 2026,")
            && csv.contains(",90,90,45,50,")
            && csv.contains(",No,An efficient council,"),
        "{csv}"
    );

    // A corporate run over the directorate workbook reads them back.
    let corporate = dir.path().join("corporate.xlsx");
    consolidate_to("corporate", &corporate)
        .arg(&directorate)
        .output()
        .unwrap();
    assert_eq!(
        common::column_texts(&corporate, "Indicators", &headings),
        expected
    );
}

#[test]
fn a_returns_amber_tolerance_judges_its_rag_where_the_library_gives_none() {
    let (tmp, returns) = returns_folder("communities");
    let library = write_file(
        tmp.path(),
        "definitions.csv",
        "Indicator ID,Indicator,Unit,Polarity,Frequency,Amber Tolerance\n\
         CT-01,Council tax collected,Percentage,Higher is better,Monthly,5%\n\
         LB-01,Library visits,Number,Higher is better,Monthly,\n\
         LB-02,Active members,Number,Higher is better,Monthly,\n\
         LB-03,Events held,Number,Higher is better,Monthly,\n",
    );
    // Each RAG as the return's own tolerance makes it: LB-01 8% short within 10%,
    // LB-02 3% short beyond 2% ("2" is 2%), where 5% would make them Red and Amber.
    // CT-01's 2% gives way to the library's 5%. LB-03's cannot be read.
    let path = write_file(
        &returns,
        "libraries.csv",
        "PI Ref,Indicator,Amber Tolerance,Period,Target,Actual,RAG,Commentary\n\
         CT-01,Council tax collected,2%,Apr-26,97,93,Amber,Arrears campaign\n\
         LB-01,Library visits,10%,Apr-26,1000,920,Amber,Refurbishment closure\n\
         LB-02,Active members,2,Apr-26,500,485,Red,Membership drive\n\
         LB-03,Events held,lots,Apr-26,20,19,Amber,One cancelled\n",
    );
    let as_of = ["--as-of", "2026-05-15", "--definitions"];
    let options: Vec<&str> = as_of
        .into_iter()
        .chain([library.to_str().unwrap()])
        .collect();
    let (code, found, json) = check_with(&[&path], &options);
    assert_eq!(code, 1);
    assert_eq!(cell_rules(&found), [("C5", "cell.type")]);
    assert_eq!(
        first_of(&json, "cell.type")["message"],
        "Amber tolerance: 'lots' is not a tolerance such as 5%"
    );
    let directorate = tmp.path().join("directorate.xlsx");
    consolidate_with(&directorate, &options, &[&returns]);
    let judged = [
        ["CT-01", "5%", "Amber", "Amber"],
        ["LB-01", "10%", "Amber", "Amber"],
        ["LB-02", "2%", "Red", "Red"],
        ["LB-03", "5%", "Amber", "Amber"],
    ];
    let headings = ["Indicator ID", "Amber tolerance", "RAG", "RAG reported"];
    assert_eq!(column_texts(&directorate, "Indicators", &headings), judged);
    // Read back a level up, without the library, each is judged as it was.
    let corporate = corporate_run(tmp.path(), &directorate, "2026-05-15");
    assert_eq!(column_texts(&corporate, "Indicators", &headings), judged);
}

#[test]
fn an_indicator_the_library_gives_no_target_by_design_wants_none_from_its_return() {
    let (tmp, returns) = returns_folder("place");
    let library = write_file(
        tmp.path(),
        "definitions.csv",
        "Indicator ID,Indicator,Unit,Polarity,Frequency,Target\n\
         HS-01,Households in temporary accommodation,Number,Lower is better,Monthly,Contextual\n\
         HS-02,Homelessness preventions,Number,Higher is better,Monthly,50\n\
         HS-03,Rough sleepers,Number,Lower is better,Monthly,Data only\n",
    );
    let path = write_file(
        &returns,
        "housing.csv",
        "PI Ref,Indicator,Period,Target,Actual,Commentary\n\
         HS-01,Households in temporary accommodation,Apr-26,,120,\n\
         HS-01,Households in temporary accommodation,May-26,,125,\n\
         HS-02,Homelessness preventions,Apr-26,,45,Staff vacancies\n\
         HS-02,Homelessness preventions,May-26,,52,\n\
         HS-03,Rough sleepers,Apr-26,,4,\n\
         HS-03,Rough sleepers,May-26,45,6,\n",
    );
    let options = [
        "--as-of",
        "2026-06-15",
        "--definitions",
        library.to_str().unwrap(),
    ];
    let (code, found, _) = check_with(&[&path], &options);
    // No target missing for HS-01 and HS-03; a target the return gives anyway is used.
    assert_eq!(code, 0);
    assert_eq!(
        cell_rules(&found),
        [("D4", "indicator.target-from-library")]
    );
    let out = tmp.path().join("directorate.xlsx");
    consolidate_with(&out, &options, &[&returns]);
    assert_eq!(
        column_texts(&out, "Indicators", &["Indicator ID", "Target", "RAG"]),
        [
            ["HS-01", "Contextual", ""],
            ["HS-01", "Contextual", ""],
            ["HS-02", "50", "Red"],
            ["HS-02", "50", "Green"],
            ["HS-03", "Data only", ""],
            ["HS-03", "45", "Green"],
        ]
    );
}

#[test]
fn an_arrow_beside_a_figure_is_the_direction_reported_where_no_words_give_one() {
    let (tmp, returns) = returns_folder("communities");
    // Arrows in the months of a return with no direction column: June's up as lets
    // fell, August's down as they rose. A lower-is-better figure's arrows are not
    // judged (down may mean better).
    let wide = write_file(
        &returns,
        "housing-wide.csv",
        "PI Ref,Indicator,Polarity,Target,Apr,May,Jun,Jul,Aug\n\
         HS-01,Homes let within 28 days,Higher is better,85%,80% \u{2191},82% \u{2191},79% \u{2191},85% \u{2191},86% \u{2193}\n\
         HS-02,Average days to relet,Lower is better,28,30,28 \u{2193},31,29 \u{25bc},27\n",
    );
    // A long return's arrow where its DoT cell is blank; words in the DoT cell win.
    let long = write_file(
        &returns,
        "housing-long.csv",
        "PI Ref,Indicator,Polarity,Period,Target,Actual,DoT,Commentary\n\
         HS-03,Repairs on time,Higher is better,Apr-26,90,91,,\n\
         HS-03,Repairs on time,Higher is better,May-26,90,88 \u{25b2},,Contractor change\n\
         HS-03,Repairs on time,Higher is better,Jun-26,90,92 \u{25bc},Improving,\n",
    );
    let as_of = ["--as-of", "2026-08-15"];
    let (_, found, json) = check_with(&[&wide, &long], &as_of);
    let rule = "indicator.direction-mismatch";
    let mismatches: Vec<(&str, &str)> = located(&found)
        .into_iter()
        .filter(|(_, _, r)| *r == rule)
        .map(|(file, cell, _)| (file.rsplit('/').next().unwrap(), cell))
        .collect();
    assert_eq!(
        mismatches,
        [
            ("housing-wide.csv", "G2"),
            ("housing-wide.csv", "I2"),
            ("housing-long.csv", "F3"),
        ]
    );
    assert_eq!(
        messages_of(&json, rule)[0],
        "HS-01 (Homes let within 28 days) for Jun 2026: the direction of travel says '\u{2191}', but the actual went from 82 (May 2026) to 79: worsening (higher is better)."
    );
    let directorate = tmp.path().join("directorate.xlsx");
    consolidate_with(&directorate, &as_of, &[&returns]);
    let reported: Vec<Vec<String>> = column_texts(
        &directorate,
        "Indicators",
        &["Indicator ID", "Period", "Actual", "Direction reported"],
    )
    .into_iter()
    .filter(|row| row[0] != "HS-01")
    .collect();
    assert_eq!(
        reported,
        [
            ["HS-03", "Apr 2026", "91", ""],
            ["HS-03", "May 2026", "88", "\u{25b2}"],
            ["HS-03", "Jun 2026", "92", "Improving"],
            ["HS-02", "Apr 2026", "30", ""],
            ["HS-02", "May 2026", "28", "\u{2193}"],
            ["HS-02", "Jun 2026", "31", ""],
            ["HS-02", "Jul 2026", "29", "\u{25bc}"],
            ["HS-02", "Aug 2026", "27", ""],
        ]
    );
}

#[test]
fn a_direction_of_travel_against_the_figures_is_found_in_long_and_wide_returns() {
    let (tmp, returns) = returns_folder("communities");
    // May's "Improving" as visits fell; June's "Better" as complaints rose; "Same" as
    // events went from 12 to 15; an arrow up as members fell. An arrow down as
    // complaints fell is not judged: it may mean worse, or a lower figure.
    let long = write_file(
        &returns,
        "libraries-long.csv",
        "PI Ref,Indicator,Polarity,Period,Target,Actual,DoT,Commentary\n\
         LB-01,Library visits,Higher is better,Apr-26,1000,1010,,\n\
         LB-01,Library visits,Higher is better,May-26,1000,1005,Improving,\n\
         LB-01,Library visits,Higher is better,Jun-26,1000,1020,\u{2191},\n\
         LB-02,Complaints,Lower is better,Apr-26,20,18,,\n\
         LB-02,Complaints,Lower is better,May-26,20,15,\u{2193},\n\
         LB-02,Complaints,Lower is better,Jun-26,20,19,Better,Recording change\n\
         LB-03,Events,Higher is better,Apr-26,10,12,,\n\
         LB-03,Events,Higher is better,May-26,10,12,No change,\n\
         LB-03,Events,Higher is better,Jun-26,10,15,Same,\n\
         LB-04,Members,Higher is better,Apr-26,500,520,,\n\
         LB-04,Members,Higher is better,May-26,500,510,\u{2191},\n\
         LB-04,Members,Higher is better,Jun-26,500,530,,\n",
    );
    // A wide row's one direction cell is its latest month's: June's fall.
    let wide = write_file(
        &returns,
        "libraries-wide.csv",
        "PI Ref,Indicator,Polarity,Target,Apr,May,Jun,Direction of Travel,Commentary\n\
         LB-05,Library visits online,Higher is better,1000,1010,1005,990,Improving,Site outage\n\
         LB-06,Stock complaints,Lower is better,20,18,15,12,Improving,\n",
    );
    let as_of = ["--as-of", "2026-07-15"];
    let (_, found, json) = check_with(&[&long, &wide], &as_of);
    let mismatches: Vec<(&str, &str, &str)> = located(&found)
        .into_iter()
        .filter(|(_, _, rule)| *rule == "indicator.direction-mismatch")
        .map(|(file, cell, rule)| (file.rsplit('/').next().unwrap(), cell, rule))
        .collect();
    let rule = "indicator.direction-mismatch";
    assert_eq!(
        mismatches,
        [
            ("libraries-long.csv", "G3", rule),
            ("libraries-long.csv", "G7", rule),
            ("libraries-long.csv", "G10", rule),
            ("libraries-long.csv", "G12", rule),
            ("libraries-wide.csv", "H2", rule),
        ]
    );
    assert_eq!(
        messages_of(&json, rule)[1],
        "LB-02 (Complaints) for Jun 2026: the direction of travel says 'Better', but the actual went from 15 (May 2026) to 19: worsening (lower is better)."
    );
    assert_eq!(found.len(), 5, "{json}");
    // The Indicators sheet shows the direction worked out beside the one reported, and
    // a corporate run over it finds the same five again, at the reported cells.
    let directorate = tmp.path().join("directorate.xlsx");
    consolidate_with(&directorate, &as_of, &[&returns]);
    let headings = [
        "Indicator ID",
        "Period",
        "Direction of travel",
        "Direction reported",
    ];
    let complaints: Vec<Vec<String>> = column_texts(&directorate, "Indicators", &headings)
        .into_iter()
        .filter(|row| row[0] == "LB-02")
        .collect();
    assert_eq!(
        complaints,
        [
            ["LB-02", "Apr 2026", "", ""],
            ["LB-02", "May 2026", "Improving", "\u{2193}"],
            ["LB-02", "Jun 2026", "Worsening", "Better"],
        ]
    );
    let corporate = corporate_run(tmp.path(), &directorate, "2026-07-15");
    let again: Vec<Vec<String>> =
        common::column_texts(&corporate, "Findings", &["Sheet", "Cell", "Rule"])
            .into_iter()
            .filter(|row| row[2] == rule)
            .collect();
    assert_eq!(again.len(), 5, "{again:?}");
    assert!(
        again
            .iter()
            .all(|row| row[0] == "Indicators" && row[1].starts_with('R'))
    );
}

#[test]
fn a_target_given_as_a_range_is_green_within_it_and_judged_from_the_bound_that_matters() {
    let (tmp, returns) = returns_folder("place");
    // Voids at 3.1% against 2-3% (lower is better) are within 5% of 3: Amber, as
    // reported. Occupancy at 97% above 90-95% with no polarity is Amber, not the Green
    // reported; sheltered occupancy within its range is Green. Rent at 96.9% is below
    // 97 to 99% (higher is better): Amber. Fractions read as their percentages.
    let path = write_file(
        &returns,
        "housing.csv",
        "PI Ref,Indicator,Unit,Polarity,Period,Target,Actual,RAG,Commentary\n\
         HS-10,Void rate,%,Lower is better,Sep-26,2-3%,3.1%,Amber,Works backlog\n\
         HS-11,Occupancy,%,,Sep-26,90-95%,97%,Green,\n\
         HS-12,Sheltered occupancy,%,Neither,Sep-26,Between 90% and 95%,93%,Green,\n\
         HS-13,Rent collected,%,Higher is better,Sep-26,97 to 99%,96.9%,Amber,Universal credit\n\
         HS-14,Garage occupancy,%,Higher is better,Sep-26,0.8-0.9,0.95,Green,\n\
         HS-15,Days to re-let,Days,Lower is better,Sep-26,1-2 days,2.5,Red,Void backlog\n",
    );
    let as_of = ["--as-of", "2026-10-15"];
    let (_, found, json) = check_with(&[&path], &as_of);
    assert_eq!(
        cell_rules(&found),
        [
            ("H3", "indicator.rag-mismatch"),
            ("I3", "indicator.commentary-missing")
        ]
    );
    assert_eq!(
        first_of(&json, "indicator.rag-mismatch")["message"],
        "HS-11 (Occupancy) for Sep 2026: reported Green but the actual 97 against the target range 90 to 95 (green within it, amber within 5%) is Amber."
    );
    let out = tmp.path().join("directorate.xlsx");
    consolidate_with(&out, &as_of, &[&returns]);
    assert_eq!(
        column_texts(
            &out,
            "Indicators",
            &["Indicator ID", "Target", "Actual", "RAG"]
        ),
        [
            ["HS-10", "2-3%", "3.1", "Amber"],
            ["HS-11", "90-95%", "97", "Amber"],
            ["HS-12", "Between 90% and 95%", "93", "Green"],
            ["HS-13", "97 to 99%", "96.9", "Amber"],
            ["HS-14", "0.8-0.9", "95", "Green"],
            // A range with its unit: 2.5 days is past 2 by more than 5%.
            ["HS-15", "1-2 days", "2.5", "Red"],
        ]
    );
}

#[test]
fn indicator_owners_and_data_owners_are_looked_up_in_the_officer_directory() {
    let (tmp, returns) = returns_folder("place");
    let officers = write_file(
        tmp.path(),
        "officers.csv",
        "Name,Post\nJane Smith,Head of Housing\nAmir Khan,Housing Options Manager\n",
    );
    let library = write_file(
        tmp.path(),
        "definitions.csv",
        "Indicator ID,Indicator,Unit,Polarity,Frequency,Data Owner\n\
         HS-01,Homelessness preventions,Number,Higher is better,Monthly,Head of Housing\n\
         HS-02,Households in temporary accommodation,Number,Lower is better,Monthly,Temporary Accommodation Lead\n",
    );
    // HS-02's owner is named on both rows, and reported once; a vacant post is
    // risk.required's concern for risks, and not looked up.
    let path = write_file(
        &returns,
        "housing.csv",
        "PI Ref,Indicator,Period,Target,Actual,Owner,Commentary\n\
         HS-01,Homelessness preventions,Apr-26,50,52,J Smith,\n\
         HS-01,Homelessness preventions,May-26,50,55,Vacant,\n\
         HS-02,Households in temporary accommodation,Apr-26,100,95,Peter Jones,\n\
         HS-02,Households in temporary accommodation,May-26,100,97,Peter Jones,\n",
    );
    let options = [
        "--as-of",
        "2026-06-15",
        "--definitions",
        library.to_str().unwrap(),
        "--owners",
        officers.to_str().unwrap(),
    ];
    let (code, found, json) = check_with(&[&path], &options);
    assert_eq!(code, 0);
    assert_eq!(
        located(&found)
            .into_iter()
            .map(|(file, cell, rule)| (file.rsplit('/').next().unwrap(), cell, rule))
            .collect::<Vec<_>>(),
        [
            ("housing.csv", "F4", "indicator.owner-unknown"),
            ("definitions.csv", "F3", "indicator.owner-unknown"),
        ]
    );
    assert_eq!(
        messages_of(&json, "indicator.owner-unknown")[0],
        format!(
            "The owner of HS-02 (Households in temporary accommodation) 'Peter Jones' is not in the officer directory ({}): check the post still exists and who holds it now.",
            officers.display()
        )
    );
}

#[test]
fn a_cumulative_indicator_is_judged_against_its_years_target_shared_out() {
    let (tmp, returns) = returns_folder("place");
    // HS-20 counts homes through the year against the year's 200: Q2's 110 is ahead of
    // the 100 due by then, and Q3's 145 just behind the 150 (Amber), not three Reds.
    // HS-21 counts each quarter on its own.
    let path = write_file(
        &returns,
        "housing.csv",
        "PI Ref,Indicator,Unit,Polarity,Target,Q1,Q2,Q3,Q4,Commentary\n\
         HS-20,New affordable homes delivered (cumulative),Number,Higher is better,200,50,110,145,,Two schemes slipped\n\
         HS-21,Affordable homes delivered in quarter,Number,Higher is better,50,50,60,50,,\n",
    );
    let as_of = ["--as-of", "2027-01-15"];
    let (code, found, json) = check_with(&[&path], &as_of);
    assert_eq!(code, 0);
    assert_eq!(cell_rules(&found), [("E2", "indicator.target-profiled")]);
    assert_eq!(
        first_of(&json, "indicator.target-profiled")["message"],
        "HS-20 (New affordable homes delivered (cumulative)) is counted cumulatively through the year and has one target, 200, taken as the year's: each period is judged against its share of it by the period's end (Q1 2026/27 50, Q2 2026/27 100, Q3 2026/27 150). Give each period its own target where the year is not even."
    );
    let directorate = tmp.path().join("directorate.xlsx");
    consolidate_with(&directorate, &as_of, &[&returns]);
    let judged = [
        ["HS-20", "Q1 2026/27", "50", "Green"],
        ["HS-20", "Q2 2026/27", "100", "Green"],
        ["HS-20", "Q3 2026/27", "150", "Amber"],
        ["HS-21", "Q1 2026/27", "50", "Green"],
        ["HS-21", "Q2 2026/27", "50", "Green"],
        ["HS-21", "Q3 2026/27", "50", "Green"],
    ];
    let headings = ["Indicator ID", "Period", "Target", "RAG"];
    assert_eq!(column_texts(&directorate, "Indicators", &headings), judged);
    // A level up, the shares are each period's own target: judged alike, said once.
    let corporate = corporate_run(tmp.path(), &directorate, "2027-01-15");
    assert_eq!(column_texts(&corporate, "Indicators", &headings), judged);
    // A RAG reported against the whole year's target is wrong, and the message says
    // which target it was judged against.
    let reported = write_file(
        &returns,
        "housing-q3.csv",
        "PI Ref,Indicator,Unit,Polarity,Period,Actual,Target,RAG,Commentary\n\
         HS-20,New affordable homes delivered (cumulative),Number,Higher is better,Q1,50,200,Green,\n\
         HS-20,New affordable homes delivered (cumulative),Number,Higher is better,Q2,110,200,Green,\n\
         HS-20,New affordable homes delivered (cumulative),Number,Higher is better,Q3,145,200,Red,Two schemes slipped\n",
    );
    let (_, found, json) = check_with(&[&reported], &["--as-of", "2027-01-15", "--year", "2026"]);
    assert_eq!(
        cell_rules(&found),
        [
            ("G2", "indicator.target-profiled"),
            ("H4", "indicator.rag-mismatch")
        ]
    );
    assert_eq!(
        first_of(&json, "indicator.rag-mismatch")["message"],
        "HS-20 (New affordable homes delivered (cumulative)) for Q3 2026/27: reported Red but the actual 145 against the target 150 (the year's target's share by then; higher is better, amber within 5%) is Amber."
    );
}

#[test]
fn a_series_that_climbs_through_the_year_as_shares_of_its_target_is_judged_against_them() {
    let (tmp, returns) = returns_folder("resources");
    // RB-01, the council tax collected, climbs as the year's bills are paid: against the
    // year's 97% each month's share (8.08% by April ... 48.5% by September), ahead of it
    // all year, not Red six times. The others stand on their own each month: calls
    // answered about their 90%, plans on time rising from 20% (far above April's
    // share), and RB-04, which dips in August.
    let path = write_file(
        &returns,
        "revenues.csv",
        "PI Ref,Indicator,Unit,Polarity,Target,Apr,May,Jun,Jul,Aug,Sep\n\
         RB-01,Council tax collected,Percentage,Higher is better,97%,9.8%,18.9%,28.1%,37.0%,46.2%,55.0%\n\
         RB-02,Calls answered within 60 seconds,Percentage,Higher is better,90%,88%,90%,89%,91%,90%,92%\n\
         RB-03,Plans issued on time,Percentage,Higher is better,60%,20%,35%,50%,62%,65%,70%\n\
         RB-04,Business rates collected,Percentage,Higher is better,98%,10.1%,19.5%,28.8%,38.0%,36.0%,56.1%\n",
    );
    let as_of = ["--as-of", "2026-10-15"];
    let (_, found, json) = check_with(&[&path], &as_of);
    assert_eq!(
        found
            .iter()
            .filter(|(_, _, rule)| rule == "indicator.target-profiled")
            .map(|(_, cell, _)| cell.as_str())
            .collect::<Vec<_>>(),
        ["E2"]
    );
    assert_eq!(
        first_of(&json, "indicator.target-profiled")["message"],
        "RB-01 (Council tax collected) climbs period by period, each figure about its share of the target, so it is read as counted cumulatively through the year and has one target, 97, taken as the year's: each period is judged against its share of it by the period's end (Apr 2026 8.08, May 2026 16.17, Jun 2026 24.25, Jul 2026 32.33, Aug 2026 40.42, Sep 2026 48.5). Give each period its own target where the year is not even, or give it as each period's own figure."
    );
    let directorate = tmp.path().join("directorate.xlsx");
    consolidate_with(&directorate, &as_of, &[&returns]);
    let rows = column_texts(
        &directorate,
        "Indicators",
        &["Indicator ID", "Period", "Target", "RAG"],
    );
    let of = |id: &str| -> Vec<[String; 2]> {
        rows.iter()
            .filter(|row| row[0] == id)
            .map(|row| [row[2].clone(), row[3].clone()])
            .collect()
    };
    let expect = |rows: &[(&str, &str)]| -> Vec<[String; 2]> {
        rows.iter()
            .map(|(target, rag)| [target.to_string(), rag.to_string()])
            .collect()
    };
    assert_eq!(
        of("RB-01"),
        expect(&[
            ("8.08", "Green"),
            ("16.17", "Green"),
            ("24.25", "Green"),
            ("32.33", "Green"),
            ("40.42", "Green"),
            ("48.5", "Green")
        ])
    );
    assert_eq!(of("RB-04")[0], ["98".to_string(), "Red".to_string()]);
    assert_eq!(of("RB-03")[5], ["60".to_string(), "Green".to_string()]);
}

#[test]
fn a_cumulative_indicators_ytd_target_is_its_latest_periods_target_and_its_direction_is_against_it()
{
    let (tmp, returns) = returns_folder("resources");
    // RB-01 climbs as the year's bills are paid; the return profiles it, 66% by October
    // against 97.5% for the year, where an even share would be 56.88%: 65.5% is Amber,
    // as reported, not Green. Its "↓" compares what the return does not give, so is not
    // judged. RB-02 stands on its own each month: its YTD target is kept as written.
    let path = write_file(
        &returns,
        "revenues.csv",
        "PI Ref,Indicator,Polarity,Annual Target,Apr,May,Jun,Jul,Aug,Sep,Oct,YTD Actual,YTD Target,Trend,RAG,Comments\n\
         RB-01,Council tax collected (%),Higher is better,97.5,10.2,19.5,28.8,38.0,47.1,56.3,65.5,65.5,66.0,\u{2193},Amber,Behind profile\n\
         RB-02,Invoices paid in 30 days (%),Higher is better,95,96,95,97,95,96,96,95,95.7,95,\u{2193},Green,\n",
    );
    let as_of = ["--as-of", "2026-11-10"];
    let (_, found, json) = check_with(&[&path], &as_of);
    assert_eq!(
        cell_rules(&found),
        [("D2", "indicator.target-profiled")],
        "{json}"
    );
    assert!(
        first_of(&json, "indicator.target-profiled")["message"]
            .as_str()
            .unwrap()
            .contains("Sep 2026 48.75, Oct 2026 66, the return's YTD target)"),
        "{json}"
    );
    let directorate = tmp.path().join("directorate.xlsx");
    consolidate_with(&directorate, &as_of, &[&returns]);
    let rows = column_texts(
        &directorate,
        "Indicators",
        &[
            "Indicator ID",
            "Period",
            "Target",
            "RAG",
            "Direction of travel",
            "Other columns",
        ],
    );
    let of = |id: &str, period: &str| {
        rows.iter()
            .find(|row| row[0] == id && row[1] == period)
            .unwrap()
            .clone()
    };
    // Called Green, it is found Amber against the YTD target.
    let green = write_file(
        tmp.path(),
        "revenues.csv",
        &std::fs::read_to_string(&path)
            .unwrap()
            .replace(",Amber,Behind profile", ",Green,"),
    );
    let (_, _, json) = check_with(&[&green], &as_of);
    assert_eq!(
        messages_of(&json, "indicator.rag-mismatch"),
        [
            "RB-01 (Council tax collected (%)) for Oct 2026: reported Green but the actual 65.5 against the target 66 (the return's target for the year so far; higher is better, amber within 5%) is Amber."
        ]
    );
    // September 7.55 points ahead of its share, October 0.5 behind its YTD target:
    // worsening, where the figure rose.
    assert_eq!(
        of("RB-01", "Sep 2026")[2..5],
        ["48.75", "Green", "Improving"]
    );
    assert_eq!(
        of("RB-01", "Oct 2026")[2..],
        ["66", "Amber", "Worsening", ""]
    );
    assert_eq!(
        of("RB-02", "Oct 2026")[2..],
        ["95", "Green", "Worsening", "YTD target: 95"]
    );
}

#[test]
fn a_quarterly_series_at_the_half_year_that_climbs_as_shares_of_its_target_is_judged_against_them()
{
    let (_tmp, returns) = returns_folder("resources");
    // At the half year a quarterly report has two quarters: the council tax collected,
    // 28.5% then 56.1% against the year's 97%, is on profile, not Red twice. Complaints
    // answered on time, rising but far above a quarter's share of theirs, stand on their
    // own: Red twice.
    let path = write_file(
        &returns,
        "revenues.csv",
        "Ref,Measure,Good is,2025/26 Outturn,Q1,Q2,2026/27 Target\n\
         R1,Council tax collected (%),High,96.8%,28.5%,56.1%,97%\n\
         R2,Complaints answered on time (%),High,80%,45%,75%,80%\n",
    );
    let as_of = ["--as-of", "2026-10-31"];
    let (_, found, json) = check_with(&[&path], &as_of);
    assert_eq!(
        located(&found)
            .into_iter()
            .map(|(_, cell, rule)| (cell, rule))
            .collect::<Vec<_>>(),
        [
            ("G2", "indicator.target-profiled"),
            ("A3", "indicator.commentary-missing"),
        ],
        "{json}"
    );
    assert!(
        first_of(&json, "indicator.target-profiled")["message"]
            .as_str()
            .unwrap()
            .contains("(Q1 2026/27 24.25, Q2 2026/27 48.5)")
    );
}

#[test]
fn a_corporate_run_over_a_directorate_workbook_finds_the_reported_rag_wrong_again() {
    let (tmp, returns, library) = workdir();
    write_xlsx(&returns.join("revenues-long.xlsx"), &[long_return()]).unwrap();
    let directorate = consolidated_with_errors(tmp.path(), &returns, &library);
    let corporate = tmp.path().join("corporate.xlsx");
    consolidate_to("corporate", &corporate)
        .arg("--definitions")
        .arg(&library)
        .arg(&directorate)
        .assert()
        .code(1);
    // June (row 4 of the Indicators sheet) was reported Green at 80 against 95: the
    // finding is at its "RAG reported" cell, and the RAG computed is still Red.
    let found: Vec<Vec<String>> =
        common::column_texts(&corporate, "Findings", &["Sheet", "Cell", "Rule"])
            .into_iter()
            .filter(|row| row[2] == "indicator.rag-mismatch")
            .collect();
    assert_eq!(found, [["Indicators", "P4", "indicator.rag-mismatch"]]);
    assert_eq!(
        common::column_texts(&corporate, "Indicators", &["Period", "RAG", "RAG reported"])[2],
        ["Jun 2026", "Red", "Green"]
    );
}

#[test]
fn a_rag_cell_saying_there_is_no_status_is_no_status_and_blue_is_named_plainly() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("housing.xlsx");
    let mut sheet = SheetLayout::new("Performance").bold_row(texts(&[
        "PI Ref",
        "Indicator",
        "Period",
        "Actual",
        "Target",
        "RAG",
    ]));
    // Monitored for context, each RAG written as "no status" a different way.
    for (id, rag) in [
        ("HS-11", "N/A"),
        ("HS-12", "-"),
        ("HS-13", "Data only"),
        ("HS-14", "No target"),
    ] {
        sheet = sheet.row(texts(&[
            id,
            "Households in temporary accommodation",
            "Apr-26",
            "120",
            "Monitor only",
            rag,
        ]));
    }
    // A BRAG council's Blue, and a word that is no status at all.
    let sheet = sheet
        .row(texts(&[
            "HS-03",
            "Average days to relet",
            "Apr-26",
            "28",
            "30",
            "Blue",
        ]))
        .row(texts(&[
            "HS-04",
            "Repairs on time",
            "Apr-26",
            "91",
            "90",
            "Fine",
        ]));
    write_xlsx(&path, &[sheet]).unwrap();
    let (_, found, json) = check_with(&[&path], &["--as-of", "2026-04-30"]);
    assert_eq!(
        located(&found),
        [
            ("housing.xlsx", "A6", "indicator.polarity-unknown"),
            ("housing.xlsx", "F6", "cell.type"),
            ("housing.xlsx", "F7", "cell.type"),
        ],
        "{json}"
    );
    assert_eq!(
        messages_of(&json, "cell.type"),
        [
            "RAG: 'Blue' is not one of the framework's RAG statuses (Red, Amber or Green): where it means on or better than target, report Green",
            "RAG: 'Fine' is not a RAG status (Red, Amber or Green)",
        ]
    );
}

#[test]
fn periods_named_by_their_end_read_as_those_periods_and_a_span_of_months_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("housing.xlsx");
    let row = |id: &str, frequency: &str, period: &str, actual: f64| {
        vec![
            t(id),
            t("Homelessness preventions"),
            t(frequency),
            t(period),
            n(actual),
            n(150.0),
        ]
    };
    let sheet = SheetLayout::new("Return")
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Frequency",
            "Period",
            "Actual",
            "Target",
        ]))
        // Statistics' names for a quarter, by the month or the day it ends.
        .row(row("HS-02", "Quarterly", "Quarter ending June 2026", 162.0))
        .row(row("HS-02", "Quarterly", "Quarter ended 30/09/2026", 171.0))
        // Seven months at once is no period of the year: not April's figure.
        .row(row("HS-05", "Monthly", "Apr-Oct 2026", 1100.0));
    write_xlsx(&path, &[sheet]).unwrap();
    let (_, found, json) = check_with(&[&path], &["--as-of", "2026-10-31"]);
    assert_eq!(
        located(&found),
        [
            ("housing.xlsx", "A2", "indicator.polarity-unknown"),
            ("housing.xlsx", "A4", "indicator.value-missing"),
            ("housing.xlsx", "D4", "cell.type"),
        ],
        "{json}"
    );
    assert_eq!(
        messages_of(&json, "cell.type"),
        [
            "Period: 'Apr-Oct 2026' spans 7 months, April to October: a period is a month, a quarter (such as Jul-Sep) or a half year (Apr-Sep); for a year-to-date figure, give the month it runs to"
        ]
    );
}

#[test]
fn a_library_written_its_own_way_is_read_and_its_tolerance_and_polarity_used() {
    let tmp = tempfile::tempdir().unwrap();
    let library = tmp.path().join("definitions.xlsx");
    let definitions = SheetLayout::new("Definitions")
        .bold_row(texts(&[
            "PI Code",
            "Indicator Title",
            "Definition",
            "Unit of measure",
            "Good performance is",
            "Reporting frequency",
            "Decimal places",
            "Tolerance",
        ]))
        .row(texts(&[
            "CT-01",
            "Council tax collected",
            "Collected in year as a share of the amount due",
            "%",
            "\u{2191}",
            "Monthly",
            "1dp",
            "+/- 2%",
        ]))
        .row(texts(&[
            "HS-03",
            "Average days to relet",
            "Days from void to let",
            "Days",
            "\u{2193}",
            "Monthly",
            "0 (whole number)",
            "10 per cent",
        ]));
    write_xlsx(&library, &[definitions]).unwrap();
    let path = tmp.path().join("return.xlsx");
    let sheet = SheetLayout::new("Return")
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Period",
            "Actual",
            "Target",
            "RAG",
        ]))
        // 87 against 90 is Amber within 5%, but Red within the library's 2%.
        .row(vec![
            t("CT-01"),
            t("Council tax collected"),
            t("Apr-26"),
            n(87.0),
            n(90.0),
            t("Amber"),
        ])
        // 32 days against 30, lower is better: Amber within 10%.
        .row(vec![
            t("HS-03"),
            t("Average days to relet"),
            t("Apr-26"),
            n(32.0),
            n(30.0),
            t("Amber"),
        ]);
    write_xlsx(&path, &[sheet]).unwrap();
    let (_, found, json) = check_with(&[&library, &path], &["--as-of", "2026-04-30"]);
    assert_eq!(
        located(&found),
        [
            ("return.xlsx", "A2", "indicator.commentary-missing"),
            ("return.xlsx", "F2", "indicator.rag-mismatch"),
            ("return.xlsx", "A3", "indicator.commentary-missing"),
        ],
        "{json}"
    );
    // HS-03 is Amber as reported: lower is better, within the library's 10%.
    assert_eq!(
        messages_of(&json, "indicator.commentary-missing")[1],
        "HS-03 (Average days to relet) is Amber for Apr 2026 but has no commentary or action: performance not meeting target needs both."
    );
    assert_eq!(
        messages_of(&json, "indicator.rag-mismatch"),
        [
            "CT-01 (Council tax collected) for Apr 2026: reported Amber but the actual 87 against the target 90 (higher is better, amber within 2%) is Red."
        ]
    );
}

#[test]
fn a_performance_systems_export_reads_with_its_own_headings_and_status_words() {
    // Status as such systems and councils' keys word it: "OK", "Warning", "Alert",
    // "On target"; the period under "Date", the name under "Short Name".
    let tmp = tempfile::tempdir().unwrap();
    let export = tmp.path().join("pi-export.csv");
    std::fs::write(
        &export,
        "Code,Short Name,Polarity,Date,Value,Target,Status,Note\n\
PI-CT01,Council tax collected,Higher is better,Apr 2026,10.2,10.5,Warning,Slightly behind\n\
PI-CT01,Council tax collected,Higher is better,May 2026,19.8,19.5,OK,\n\
PI-CT01,Council tax collected,Higher is better,Jun 2026,28.0,29.5,Alert,System outage\n\
PI-CT01,Council tax collected,Higher is better,Jul 2026,36.0,38.0,On target,Catching up\n",
    )
    .unwrap();
    let (_, found, json) = check_with(&[&export], &["--as-of", "2026-07-31"]);
    assert_eq!(
        located(&found),
        [("pi-export.csv", "G5", "indicator.rag-mismatch")],
        "{json}"
    );
    assert_eq!(
        messages_of(&json, "indicator.rag-mismatch"),
        [
            "PI-CT01 (Council tax collected) for Jul 2026: reported Green but the actual 36 against the target 38 (higher is better, amber within 5%) is Red."
        ]
    );
    let out = tmp.path().join("out.xlsx");
    let run = consolidate_with(&out, &["--as-of", "2026-07-31"], &[&export]);
    common::assert_exit(&run, 1);
    assert_eq!(
        column_texts(&out, "Indicators", &["Period", "RAG", "RAG reported"]),
        [
            ["Apr 2026", "Amber", "Amber"],
            ["May 2026", "Green", "Green"],
            ["Jun 2026", "Red", "Red"],
            ["Jul 2026", "Red", "Green"],
        ]
    );
}

#[test]
fn a_year_to_date_that_is_no_sum_latest_or_average_of_its_periods_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("libraries.xlsx");
    let mut heading = vec!["PI Ref", "Indicator", "Unit", "Polarity"];
    heading.extend(MONTHS);
    heading.extend(["YTD", "YTD Target"]);
    let row = |id: &str, unit: &str, months: [f64; 7], ytd: f64| {
        let mut cells = texts(&[id, "Library visits", unit, "Higher is better"]);
        cells.extend(months.map(n));
        cells.extend([n(ytd), n(7000.0)]);
        cells
    };
    let visits = [1000.0, 1100.0, 1050.0, 980.0, 1010.0, 990.0, 1020.0];
    let sheet = SheetLayout::new("KPIs")
        .bold_row(texts(&heading))
        // The months' sum, as a count's year to date is.
        .row(row("LIB-01", "Number", visits, 7150.0))
        // Two figures transposed: 7510 is none of the sum, the latest or the average.
        .row(row("LIB-02", "Number", visits, 7510.0))
        // A snapshot's year to date is its latest month.
        .row(row(
            "HS-01",
            "Number",
            [120.0, 125.0, 131.0, 128.0, 130.0, 129.0, 127.0],
            127.0,
        ))
        // A percentage's is worked out from the year's numerator and denominator: not
        // checked from the months.
        .row(row(
            "CT-01",
            "%",
            [10.0, 19.0, 28.0, 37.0, 46.0, 55.0, 64.0],
            61.0,
        ));
    write_xlsx(&path, &[sheet]).unwrap();
    let (_, found, json) = check_with(&[&path], &["--as-of", "2026-10-31"]);
    assert_eq!(
        all_of(&json, "indicator.year-to-date-mismatch")
            .iter()
            .map(|f| f["cell"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["L3"],
        "{found:?}"
    );
    assert_eq!(
        messages_of(&json, "indicator.year-to-date-mismatch"),
        [
            "LIB-02 (Library visits): the year to date 7510 at Oct 2026 is not the sum of the 7 months it covers (7150), nor the latest (1020), nor their average (1021.4): check how it is worked out."
        ]
    );
}

#[test]
fn each_periods_own_rag_and_commentary_are_read_and_judged_in_one_or_two_header_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let row = |id: &str, polarity: &str, q1: (f64, &str, &str), q2: (f64, &str, &str)| {
        let mut cells = texts(&[id, "Waste measure", polarity]);
        cells.push(n(50.0));
        for (actual, rag, commentary) in [q1, q2] {
            cells.extend([n(actual), t(rag), t(commentary)]);
        }
        cells
    };
    // WS-01's Q1 reported Green is Amber, and has no commentary of its own; WS-02's
    // Q1 Red has its commentary; its Q2 reported Red is Green.
    let rows = [
        row(
            "WS-01",
            "Higher is better",
            (48.5, "Green", ""),
            (51.0, "Green", "Good summer"),
        ),
        row(
            "WS-02",
            "Lower is better",
            (61.0, "Red", "Crew shortages"),
            (48.0, "Red", ""),
        ),
    ];
    let one_row = rows.iter().fold(
        SheetLayout::new("Q").bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Polarity",
            "Target",
            "Q1 Actual",
            "Q1 RAG",
            "Q1 Commentary",
            "Q2 Actual",
            "Q2 RAG",
            "Q2 Commentary",
        ])),
        |sheet, cells| sheet.row(cells.clone()),
    );
    let two_rows = rows.iter().fold(
        SheetLayout::new("Q")
            .bold_row(texts(&[
                "PI Ref",
                "Indicator",
                "Polarity",
                "Target",
                "Q1",
                "",
                "",
                "Q2",
                "",
                "",
            ]))
            .bold_row(texts(&[
                "",
                "",
                "",
                "",
                "Actual",
                "RAG",
                "Commentary",
                "Actual",
                "RAG",
                "Commentary",
            ]))
            .merge(0, 4, 0, 6)
            .merge(0, 7, 0, 9),
        |sheet, cells| sheet.row(cells.clone()),
    );
    for (name, sheet, first) in [("one.xlsx", one_row, 2), ("two.xlsx", two_rows, 3)] {
        let path = tmp.path().join(name);
        write_xlsx(&path, &[sheet]).unwrap();
        let (_, found, json) = check_with(&[&path], &["--as-of", "2026-10-31"]);
        let cell = |column: &str, row: u32| format!("{column}{row}");
        assert_eq!(
            located(&found),
            [
                (name, cell("F", first).as_str(), "indicator.rag-mismatch"),
                (
                    name,
                    cell("G", first).as_str(),
                    "indicator.commentary-missing"
                ),
                (
                    name,
                    cell("I", first + 1).as_str(),
                    "indicator.rag-mismatch"
                ),
            ],
            "{json}"
        );
        assert_eq!(
            messages_of(&json, "indicator.rag-mismatch")[1],
            "WS-02 (Waste measure) for Q2 2026/27: reported Red but the actual 48 against the target 50 (lower is better, amber within 5%) is Green."
        );
    }
}

#[test]
fn a_return_for_one_period_is_not_asked_for_the_periods_before_it() {
    let (_tmp, returns, library) = workdir();
    // This month's figures alone, as many councils' monthly returns are.
    let september = write_file(
        &returns,
        "september.csv",
        "PI Ref,Indicator,Period,Actual,Target\n\
         CT-01,Council tax collected,Sep 2026,96,95\n\
         FOI-01,FOI requests answered in 20 days,Sep 2026,,90\n",
    );
    // Two months: the year's earlier months are still asked for.
    let two = write_file(
        &returns,
        "two-months.csv",
        "PI Ref,Indicator,Period,Actual,Target\n\
         CT-01,Council tax collected,Aug 2026,95,95\n\
         CT-01,Council tax collected,Sep 2026,96,95\n",
    );
    let (_, found, _) = check_with(&[&september, &two, &library], &["--as-of", "2026-09-30"]);
    assert_eq!(
        located(&found),
        [
            ("september.csv", "D3", "indicator.value-missing"),
            ("two-months.csv", "A3", "indicator.value-missing"),
        ]
    );
    // Checked a month later, October is due and the September return does not hold it.
    let (_, found, json) = check_with(&[&september, &library], &["--as-of", "2026-10-31"]);
    assert_eq!(
        located(&found),
        [
            ("september.csv", "A2", "indicator.value-missing"),
            ("september.csv", "A3", "indicator.value-missing"),
            ("september.csv", "D3", "indicator.value-missing"),
        ]
    );
    assert_eq!(
        messages_of(&json, "indicator.value-missing")[0],
        "CT-01 (Council tax collected): no value is reported for Oct 2026, which was due by the reporting date 31/10/2026 (this return is for Sep 2026 alone)."
    );
}

#[test]
fn a_quarters_return_with_an_annual_indicator_activity_measures_and_status_words_is_read_as_meant()
{
    let (_tmp, returns, _library) = workdir();
    // Q2's figures alone: an annual survey "Not due" this quarter, two activity
    // measures with no target by design, statuses in a performance report's words.
    let q2 = write_file(
        &returns,
        "housing-q2.csv",
        "PI Ref,Indicator,Polarity,Frequency,Q2 Target,Q2 Actual,Status,Commentary\n\
         HS01,Households in temporary accommodation,Lower is better,Quarterly,Data only,212,Data only,\n\
         HS02,Homelessness approaches,Lower is better,Quarterly,N/A (activity),540,,\n\
         HS03,Tenant satisfaction (%),Higher is better,Annual,85,Not due,Not due,Reported in Q4\n\
         HS04,Homes built,Higher is better,Quarterly,50,61,Exceeded,\n\
         HS05,Void turnaround (days),Lower is better,Quarterly,28,29,Close to target,Contractor delays\n\
         HS06,Rent collected (%),Higher is better,Quarterly,97,90,Not achieved,Arrears rising\n\
         HS07,Repairs on time (%),Higher is better,Quarterly,N/A - data lag,91,,\n",
    );
    let (_, found, json) = check_with(&[&q2], &["--as-of", "2026-10-20", "--year", "2026"]);
    // Q1 is not asked of a return for Q2 alone; only HS07's target, not applicable
    // for a reason that gives none by design, is missing.
    assert_eq!(
        located(&found),
        [("housing-q2.csv", "E8", "indicator.target-missing")],
        "{json}"
    );
    // HS04's "Exceeded" is read as Green: called Amber, it is found.
    let wrong = write_file(
        &returns,
        "housing-q2.csv",
        "PI Ref,Indicator,Polarity,Frequency,Q2 Target,Q2 Actual,Status,Commentary\n\
         HS04,Homes built,Higher is better,Quarterly,50,48,Exceeded,\n",
    );
    let (_, found, json) = check_with(&[&wrong], &["--as-of", "2026-10-20", "--year", "2026"]);
    assert_eq!(
        located(&found),
        [
            ("housing-q2.csv", "G2", "indicator.rag-mismatch"),
            ("housing-q2.csv", "H2", "indicator.commentary-missing")
        ]
    );
    assert_eq!(
        messages_of(&json, "indicator.rag-mismatch")[0],
        "HS04 (Homes built) for Q2 2026/27: reported Green but the actual 48 against the target 50 (higher is better, amber within 5%) is Amber."
    );
}

#[test]
fn a_target_in_words_is_said_once_per_indicator_and_gives_its_polarity() {
    let (tmp, returns, _library) = workdir();
    // Long: two months of "Increase", reported Red against it; "Maintain" once.
    let long = write_file(
        &returns,
        "leisure.csv",
        "PI Ref,Indicator,Period,Actual,Target,RAG,Commentary\n\
         LE-01,Leisure centre visits,Aug 2026,4100,Increase,Green,\n\
         LE-01,Leisure centre visits,Sep 2026,3900,Increase,Red,Pool closed for repairs\n\
         LE-02,Customer satisfaction (%),Sep 2026,88,Maintain,Green,\n",
    );
    // Wide: one target column for the year's months.
    let wide = returns.join("waste.xlsx");
    let layout = SheetLayout::new("Waste")
        .bold_row(texts(&["Ref", "Indicator", "Target", "Aug-26", "Sep-26"]))
        .row(vec![
            t("WA-01"),
            t("Missed bins per 100,000 collections"),
            t("Reduce"),
            n(52.0),
            n(47.0),
        ]);
    write_xlsx(&wide, &[layout]).unwrap();
    let options = ["--as-of", "2026-09-30", "--year", "2026"];
    let (_, found, json) = check_with(&[&long, &wide], &options);
    // Not target-missing, and the Red is not said to disagree with a computed RAG.
    let worded: Vec<_> = located(&found)
        .into_iter()
        .filter(|(_, _, rule)| *rule != "indicator.value-missing")
        .collect();
    assert_eq!(
        worded,
        [
            ("leisure.csv", "E2", "indicator.target-in-words"),
            ("leisure.csv", "E4", "indicator.target-in-words"),
            ("waste.xlsx", "C2", "indicator.target-in-words"),
        ]
    );
    assert_eq!(
        messages_of(&json, "indicator.target-in-words")[0],
        "LE-01 (Leisure centre visits): the target for Aug 2026 and Sep 2026 is 'Increase', a direction or a benchmark rather than a figure, so its RAG cannot be worked out and a reported RAG is not checked. Give the figure sought (last year's outturn and the change wanted, or the benchmark's value) to judge performance against."
    );
    assert_eq!(
        first_of(&json, "indicator.target-in-words")["severity"],
        "warning"
    );
    // The words are kept as the target, and give the polarity: the direction of travel
    // of fewer missed bins is improving.
    let out = tmp.path().join("out.xlsx");
    let output = consolidate_with(&out, &options, &[&returns]);
    // The year's earlier months are missing: errors.
    common::assert_exit(&output, 1);
    assert_eq!(
        column_texts(
            &out,
            "Indicators",
            &[
                "Indicator ID",
                "Period",
                "Target",
                "Polarity",
                "Direction of travel"
            ]
        ),
        [
            ["LE-01", "Aug 2026", "Increase", "Higher is better", ""],
            [
                "LE-01",
                "Sep 2026",
                "Increase",
                "Higher is better",
                "Worsening"
            ],
            ["LE-02", "Sep 2026", "Maintain", "", ""],
            ["WA-01", "Aug 2026", "Reduce", "Lower is better", ""],
            [
                "WA-01",
                "Sep 2026",
                "Reduce",
                "Lower is better",
                "Improving"
            ],
        ]
    );
}

#[test]
fn quarter_totals_among_a_wide_returns_months_are_not_periods_of_their_own() {
    let (tmp, returns, _library) = workdir();
    // LIB-01's Q1 and Q2 columns total its months (Q2 wrongly: 1000 + 1005 + 960 is
    // 2965); its RAG is September's. LIB-02 is quarterly: its figures are in the quarter
    // columns alone, and are its periods (no month of it is missing). Each is Amber
    // somewhere with no commentary.
    let path = write_file(
        &returns,
        "libraries.csv",
        "Ref,Indicator,Polarity,Target,Apr,May,Jun,Q1,Jul,Aug,Sep,Q2,RAG,Unit\n\
         LIB-01,Library visits,Higher is better,1000,1010,1020,990,3020,1000,1005,960,2995,Green,Number\n\
         LIB-02,Library user survey satisfaction,Higher is better,90,,,,91,,,,88,Amber,Percentage\n",
    );
    let options = ["--as-of", "2026-09-30", "--year", "2026"];
    let (_, found, json) = check_with(&[&path], &options);
    assert_eq!(
        located(&found),
        [
            ("libraries.csv", "A2", "indicator.commentary-missing"),
            ("libraries.csv", "L2", "indicator.total-mismatch"),
            ("libraries.csv", "M2", "indicator.rag-mismatch"),
            ("libraries.csv", "A3", "indicator.commentary-missing"),
        ]
    );
    assert_eq!(
        messages_of(&json, "indicator.total-mismatch"),
        [
            "LIB-01 (Library visits): the Q2 2026/27 figure 2995 is not the sum of the 3 months it holds (2965), nor the latest (960), nor their average (988.3): check how it is worked out."
        ]
    );
    assert!(
        messages_of(&json, "indicator.rag-mismatch")[0].contains("for Sep 2026: reported Green"),
        "{json}"
    );
    let out = tmp.path().join("out.xlsx");
    consolidate_with(&out, &options, &[&returns]);
    assert_eq!(
        column_texts(&out, "Indicators", &["Indicator ID", "Period", "Actual"]),
        [
            ["LIB-01", "Apr 2026", "1010"],
            ["LIB-01", "May 2026", "1020"],
            ["LIB-01", "Jun 2026", "990"],
            ["LIB-01", "Jul 2026", "1000"],
            ["LIB-01", "Aug 2026", "1005"],
            ["LIB-01", "Sep 2026", "960"],
            ["LIB-02", "Q1 2026/27", "91"],
            ["LIB-02", "Q2 2026/27", "88"],
        ]
    );
}

#[test]
fn a_return_with_no_targets_is_judged_against_the_librarys() {
    let (tmp, returns) = returns_folder("communities");
    // The library's targets for three years, headed with the year: the return's
    // year's is used, not the next year's.
    let library = tmp.path().join("definitions.xlsx");
    write_xlsx(
        &library,
        &[SheetLayout::new("Library")
            .bold_row(texts(&[
                "PI Ref",
                "Indicator",
                "Definition",
                "Unit",
                "Polarity",
                "Frequency",
                "Target 2025/26",
                "Target 2026/27",
                "Target 2027/28",
            ]))
            .row(vec![
                t("LS-01"),
                t("Library visits"),
                t("Physical visits to libraries"),
                t("Number"),
                t("Higher is better"),
                t("Monthly"),
                n(900.0),
                n(1000.0),
                n(1100.0),
            ])
            .row(vec![
                t("LS-02"),
                t("PCs available"),
                t("Public PCs in working order"),
                t("Percentage"),
                t("Higher is better"),
                t("Monthly"),
                Cell::Percent(0.9),
                Cell::Percent(0.95),
                Cell::Percent(0.97),
            ])],
    )
    .unwrap();
    // No target column; PCs written as points (97), the library's as a fraction; July's
    // visits blank.
    write_xlsx(
        &returns.join("libraries.xlsx"),
        &[SheetLayout::new("KPIs")
            .bold_row(texts(&[
                "PI Ref",
                "Indicator",
                "Apr-26",
                "May-26",
                "Jun-26",
                "Jul-26",
            ]))
            .row(vec![
                t("LS-01"),
                t("Library visits"),
                n(1040.0),
                n(980.0),
                n(900.0),
                Cell::Blank,
            ])
            .row(vec![
                t("LS-02"),
                t("PCs available"),
                n(97.0),
                n(92.0),
                n(85.0),
                n(96.0),
            ])],
    )
    .unwrap();
    let as_of = ["--as-of", "2026-07-31"];
    let (code, found, json) = check_with(&[&returns, &library], &as_of);
    assert_eq!(
        located(&found),
        [
            ("libraries.xlsx", "A2", "indicator.commentary-missing"),
            ("libraries.xlsx", "A2", "indicator.target-from-library"),
            ("libraries.xlsx", "F2", "indicator.value-missing"),
            ("libraries.xlsx", "A3", "indicator.commentary-missing"),
            ("libraries.xlsx", "A3", "indicator.target-from-library"),
        ]
    );
    assert_eq!(
        messages_of(&json, "indicator.target-from-library"),
        [
            "LS-01 (Library visits): the return gives no target for Apr 2026, May 2026, Jun 2026 and Jul 2026, so the definitions library's target, 1000, is used to judge it.",
            "LS-02 (PCs available): the return gives no target for Apr 2026, May 2026, Jun 2026 and Jul 2026, so the definitions library's target, 95, is used to judge it.",
        ]
    );
    assert_eq!(code, 1, "July's visits are missing");
    let out = tmp.path().join("out.xlsx");
    consolidate_with(&out, &as_of, &[&returns, &library]);
    assert_eq!(
        common::column_texts(
            &out,
            "Indicators",
            &["Indicator ID", "Period", "Target", "Actual", "RAG"]
        ),
        [
            ["LS-01", "Apr 2026", "1000", "1040", "Green"],
            ["LS-01", "May 2026", "1000", "980", "Amber"],
            ["LS-01", "Jun 2026", "1000", "900", "Red"],
            ["LS-01", "Jul 2026", "1000", "", ""],
            ["LS-02", "Apr 2026", "95", "97", "Green"],
            ["LS-02", "May 2026", "95", "92", "Amber"],
            ["LS-02", "Jun 2026", "95", "85", "Red"],
            ["LS-02", "Jul 2026", "95", "96", "Green"],
        ]
    );
    // A return for 2027/28 takes that year's.
    let next = tmp.path().join("next");
    std::fs::create_dir_all(&next).unwrap();
    write_file(
        &next,
        "libraries.csv",
        "PI Ref,Indicator,Apr-27,May-27\nLS-01,Library visits,1150,1000\n",
    );
    let (_, _, json) = check_with(&[&next, &library], &["--as-of", "2027-05-31"]);
    assert_eq!(
        messages_of(&json, "indicator.target-from-library"),
        [
            "LS-01 (Library visits): the return gives no target for Apr 2027 and May 2027, so the definitions library's target, 1100, is used to judge it."
        ]
    );
}

#[test]
fn the_year_to_date_and_forecast_reported_are_carried_to_the_indicators_sheet_and_back() {
    let (tmp, returns) = returns_folder("housing");
    // Long: a forecast a row, one in words. Wide: one forecast for the row, its latest
    // month's; its percentages as fractions.
    std::fs::write(
        returns.join("long.csv"),
        "PI Ref,Indicator,Unit,Polarity,Period,Actual,Target,YTD,Year End Forecast\n\
         HS-01,Preventions,Number,Higher is better,Apr 2026,40,45,40,540\n\
         HS-01,Preventions,Number,Higher is better,May 2026,50,45,90,On track\n",
    )
    .unwrap();
    write_xlsx(
        &returns.join("wide.xlsx"),
        &[SheetLayout::new("KPIs")
            .bold_row(texts(&[
                "PI Ref",
                "Indicator",
                "Unit",
                "Polarity",
                "Target",
                "Apr-26",
                "May-26",
                "Forecast Outturn",
            ]))
            .row(vec![
                t("HS-02"),
                t("Rent collected"),
                t("%"),
                t("Higher is better"),
                Cell::Percent(0.97),
                Cell::Percent(0.965),
                Cell::Percent(0.972),
                Cell::Percent(0.98),
            ])],
    )
    .unwrap();
    let as_of = ["--as-of", "2026-05-31"];
    let (_, found, _) = check_with(&[&returns], &as_of);
    assert!(
        found.iter().all(|(_, _, rule)| rule != "cell.type"),
        "a forecast in words is no cell error: {found:?}"
    );
    let directorate = tmp.path().join("housing.xlsx");
    consolidate_with(&directorate, &as_of, &[&returns]);
    let headings = [
        "Indicator ID",
        "Period",
        "Actual",
        "Year to date",
        "Forecast",
    ];
    let expected = [
        ["HS-01", "Apr 2026", "40", "40", "540"],
        ["HS-01", "May 2026", "50", "90", "On track"],
        ["HS-02", "Apr 2026", "96.5", "", ""],
        ["HS-02", "May 2026", "97.2", "", "98"],
    ];
    assert_eq!(
        column_texts(&directorate, "Indicators", &headings),
        expected
    );
    // Read back a level up, the same.
    let corporate = tmp.path().join("corporate.xlsx");
    golden_thread()
        .args(["consolidate", "--level", "corporate", "--out"])
        .arg(&corporate)
        .args(as_of)
        .arg(&directorate)
        .output()
        .unwrap();
    assert_eq!(column_texts(&corporate, "Indicators", &headings), expected);
}

#[test]
fn lengths_of_time_and_scores_are_units_of_their_own() {
    let (tmp, returns) = returns_folder("customer-services");
    let library = tmp.path().join("definitions.csv");
    std::fs::write(
        &library,
        "PI Ref,Indicator,Definition,Unit,Polarity,Frequency\n\
         CS-01,Average wait to answer,Seconds from queue to answer,Minutes,Lower is better,Monthly\n\
         CS-02,Net satisfaction,Satisfied less dissatisfied,Score,Higher is better,Monthly\n\
         CS-03,Waste collected,Household waste collected,Tonnes,Neither,Monthly\n",
    )
    .unwrap();
    // A negative wait is impossible; a negative net score is not.
    std::fs::write(
        returns.join("contact.csv"),
        "PI Ref,Indicator,Period,Actual,Target\n\
         CS-01,Average wait to answer,Apr 2026,-3,2\n\
         CS-02,Net satisfaction,Apr 2026,-5,10\n\
         CS-03,Waste collected,Apr 2026,5200,\n",
    )
    .unwrap();
    let as_of = ["--as-of", "2026-04-30"];
    let (_, found, json) = check_with(&[&returns, &library], &as_of);
    assert_eq!(
        located(&found),
        [
            ("contact.csv", "D2", "indicator.value-invalid"),
            ("contact.csv", "A3", "indicator.commentary-missing"),
        ]
    );
    assert!(
        messages_of(&json, "indicator.value-invalid")[0]
            .contains("a count, length of time or rate cannot be negative"),
        "{json}"
    );
    let out = tmp.path().join("out.xlsx");
    consolidate_with(&out, &as_of, &[&returns, &library]);
    assert_eq!(
        column_texts(&out, "Indicators", &["Indicator ID", "Unit"]),
        [["CS-01", "Time"], ["CS-02", "Score"], ["CS-03", "Number"]]
    );
}

#[test]
fn a_name_written_another_way_is_the_librarys_name_and_a_different_one_is_not() {
    let (tmp, returns) = returns_folder("housing");
    let library = tmp.path().join("definitions.csv");
    std::fs::write(
        &library,
        "PI Ref,Indicator,Definition,Unit,Polarity,Frequency\n\
         HO-02,% of repairs completed on time,Repairs done in target time,%,Higher is better,Monthly\n\
         HO-03,Number of households in temporary accommodation,Snapshot,Number,Lower is better,Monthly\n\
         HO-04,Average re-let time (days),Days void,Days,Lower is better,Monthly\n",
    )
    .unwrap();
    std::fs::write(
        returns.join("housing.csv"),
        "PI Ref,Indicator,Period,Actual,Target\n\
         HO-02,Repairs completed on time (%),Apr 2026,96,95\n\
         HO-03,Households in temporary accommodation,Apr 2026,160,170\n\
         HO-04,Average time to re-let within 28 days,Apr 2026,25,30\n",
    )
    .unwrap();
    let (_, found, json) = check_with(&[&returns, &library], &["--as-of", "2026-04-30"]);
    assert_eq!(
        located(&found),
        [("housing.csv", "B4", "indicator.definition-mismatch")]
    );
    assert_eq!(
        messages_of(&json, "indicator.definition-mismatch"),
        [
            "The indicator is named 'Average time to re-let within 28 days' here but 'Average re-let time (days)' in the definitions library."
        ]
    );
}

#[test]
fn indicators_with_no_polarity_from_anywhere_are_named_once_per_return() {
    let (_tmp, returns) = returns_folder("economy");
    // Actual rows over target rows, with reported RAGs, and nothing to say which way is
    // good: the Amber and Red reported cannot be checked, and no commentary is asked for.
    let path = write_file(
        &returns,
        "highways.csv",
        "Ref,Indicator,Measure,Apr-26,May-26,Jun-26\n\
         HW-01,Potholes repaired in 28 days,Actual,92,95,97\n\
         HW-01,Potholes repaired in 28 days,Target,95,95,95\n\
         HW-01,Potholes repaired in 28 days,RAG,A,G,G\n\
         HW-02,Street lights repaired in 5 days,Actual,80,90,91\n\
         HW-02,Street lights repaired in 5 days,Target,90,90,90\n\
         HW-02,Street lights repaired in 5 days,RAG,R,G,G\n",
    );
    let (code, found, json) = check_with(&[&path], &["--as-of", "2026-06-30"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(
        located(&found),
        [("highways.csv", "A2", "indicator.polarity-unknown")]
    );
    assert_eq!(
        messages_of(&json, "indicator.polarity-unknown"),
        [
            "No polarity for HW-01 (Potholes repaired in 28 days) and HW-02 (Street lights repaired in 5 days): nothing says whether higher or lower is better, so their RAG is not worked out, a RAG reported is not checked, and red or amber without commentary is not found. Give each a polarity ('Higher is better', 'Lower is better') in a Polarity column, or check with --definitions and the council's library."
        ]
    );
    // Where the library gives one indicator's polarity, only the other is named, and
    // the first's Amber is checked.
    let library = returns.parent().unwrap().join("library.csv");
    std::fs::write(
        &library,
        "Indicator ID,Indicator Name,Unit,Polarity,Frequency\n\
         HW-01,Potholes repaired in 28 days,Percentage,Higher is better,Monthly\n",
    )
    .unwrap();
    let (_, found, json) = check_with(&[&path, &library], &["--as-of", "2026-06-30"]);
    assert_eq!(
        located(&found),
        [
            ("highways.csv", "A2", "indicator.commentary-missing"),
            ("highways.csv", "A5", "indicator.definition-unknown"),
            ("highways.csv", "A5", "indicator.polarity-unknown"),
        ],
        "{json}"
    );
    assert!(
        messages_of(&json, "indicator.polarity-unknown")[0]
            .starts_with("No polarity for HW-02 (Street lights repaired in 5 days): nothing says"),
        "{json}"
    );
    // A Polarity column, or a target's comparison, says which way is good.
    std::fs::write(
        &path,
        "Ref,Indicator,Polarity,Measure,Apr-26,May-26,Commentary\n\
         HW-01,Potholes repaired in 28 days,Higher is better,Actual,92,96,\n\
         HW-01,Potholes repaired in 28 days,Higher is better,Target,95,95,\n\
         HW-02,Street lights repaired in 5 days,,Actual,80,91,\n\
         HW-02,Street lights repaired in 5 days,,Target,>= 90,>= 90,\n",
    )
    .unwrap();
    let (_, found, json) = check_with(&[&path], &["--as-of", "2026-05-31"]);
    assert_eq!(
        cell_rules(&found),
        [
            ("G2", "indicator.commentary-missing"),
            ("G4", "indicator.commentary-missing")
        ],
        "{json}"
    );
}

#[test]
fn a_returns_polarity_in_a_systems_words_is_read_and_one_it_cannot_read_is_named() {
    let (_tmp, returns) = returns_folder("resources");
    let path = returns.join("revenues.csv");
    // A performance system's export: periods as "Q1 2026/27 Value" and "... Target",
    // and its polarity words.
    std::fs::write(
        &path,
        "Code,Short Name,Unit,Polarity,Q1 2026/27 Value,Q1 2026/27 Target,Q2 2026/27 Value,Q2 2026/27 Target,Latest Note\n\
         REV-01,Council tax collected,%,Aim to Maximise,28.9,29,50.1,57,\n\
         REV-02,Days to process new claims,Days,Aim to Minimise,21,20,19,20,Backlog cleared\n\
         REV-03,Discretionary housing payments,Widgets,Sideways,120,100,130,100,\n",
    )
    .unwrap();
    let (code, found, json) = check_with(&[&path], &["--as-of", "2026-10-31"]);
    assert_eq!(code, 1, "{json}");
    assert_eq!(
        cell_rules(&found),
        [
            ("I2", "indicator.commentary-missing"),
            ("A4", "indicator.polarity-unknown"),
            ("C4", "cell.type"),
            ("D4", "cell.type"),
        ],
        "{json}"
    );
    assert_eq!(
        messages_of(&json, "cell.type"),
        [
            "Unit: 'Widgets' is not a unit (Percentage, Number, Currency, Days, Rate, Time, Score or Milestone), so REV-03 (Discretionary housing payments) is judged without it",
            "Polarity: 'Sideways' is not a polarity (Higher is better, Lower is better or Neither), so REV-03 (Discretionary housing payments) is judged without it",
        ]
    );
    assert!(
        messages_of(&json, "indicator.commentary-missing")[0]
            .starts_with("REV-01 (Council tax collected) is Red for Q2 2026/27"),
        "{json}"
    );
}

#[test]
fn months_to_come_showing_excel_errors_are_not_reported_yet_and_a_due_one_is_an_error() {
    let (tmp, returns) = returns_folder("resources");
    // Each month's figure a formula of figures typed in later: those to come show
    // #DIV/0!, as does October's, which is due and was not filled in.
    let path = write_file(
        &returns,
        "finance.csv",
        "Ref,Indicator,Polarity,Target,Apr-26,May-26,Jun-26,Jul-26,Aug-26,Sep-26,Oct-26,Nov-26,Dec-26,Jan-27,Feb-27,Mar-27,Commentary\n\
         FN-01,Invoices paid in 30 days,Higher is better,95,96,97,95,96,95,96,#DIV/0!,#DIV/0!,#DIV/0!,#N/A,#DIV/0!,#DIV/0!,\n",
    );
    let (code, found, json) = check_with(&[&path], &["--as-of", "2026-10-31"]);
    assert_eq!(code, 1, "{json}");
    assert_eq!(cell_rules(&found), [("K2", "cell.formula-error")], "{json}");
    let out = tmp.path().join("out.xlsx");
    consolidate_with(&out, &["--as-of", "2026-10-31"], &[&path]);
    let periods: Vec<String> = column_texts(&out, "Indicators", &["Period"])
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(
        periods,
        [
            "Apr 2026", "May 2026", "Jun 2026", "Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026"
        ]
    );
}

#[test]
fn a_long_returns_year_column_gives_the_year_of_periods_written_without_one() {
    let (tmp, returns) = returns_folder("communities");
    let path = write_file(
        &returns,
        "libraries.csv",
        "PI Code,Indicator,Polarity,Frequency,Year,Quarter,Target,Actual,Comments\n\
         LIB-02,Library loans,Higher is better,Quarterly,2025/26,Q4,30000,31000,\n\
         LIB-02,Library loans,Higher is better,Quarterly,2026/27,Q1,30000,29000,Fewer new titles\n\
         LIB-02,Library loans,Higher is better,Quarterly,2026-27,Q2,30000,30500,\n",
    );
    // Q4 is last year's, not a quarter still to come.
    let (code, found, json) = check_with(&[&path], &["--as-of", "2026-10-31"]);
    assert_eq!((code, found.len()), (0, 0), "{json}");
    let out = tmp.path().join("out.xlsx");
    consolidate_with(&out, &["--as-of", "2026-10-31"], &[&path]);
    assert_eq!(
        column_texts(
            &out,
            "Indicators",
            &["Period", "Actual", "Direction of travel"]
        ),
        [
            ["Q4 2025/26", "31000", ""],
            ["Q1 2026/27", "29000", "Worsening"],
            ["Q2 2026/27", "30500", "Improving"],
        ]
    );
}

#[test]
fn a_wide_return_of_a_row_a_year_reads_each_row_for_its_year() {
    let (tmp, returns) = returns_folder("communities");
    let path = returns.join("libraries.csv");
    // Last year's row and this year's, under months that do not name a year.
    std::fs::write(
        &path,
        "PI Code,Indicator,Polarity,Year,Target,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec,Jan,Feb,Mar,Comments\n\
         LIB-01,Library visits,Higher is better,2025/26,15000,15000,15200,15000,15100,15000,15300,15400,15200,15000,15500,15900,15100,\n\
         LIB-01,Library visits,Higher is better,2026/27,15000,16000,15000,15500,15500,15500,15500,15500,,,,,,\n",
    )
    .unwrap();
    let (code, found, json) = check_with(&[&path], &["--as-of", "2026-10-31"]);
    assert_eq!((code, found.len()), (0, 0), "{json}");
    let out = tmp.path().join("out.xlsx");
    consolidate_with(&out, &["--as-of", "2026-10-31"], &[&path]);
    let rows = column_texts(
        &out,
        "Indicators",
        &["Period", "Actual", "Direction of travel"],
    );
    assert_eq!(rows.len(), 19);
    assert_eq!(rows[0], ["Apr 2025", "15000", ""]);
    assert_eq!(rows[11], ["Mar 2026", "15100", "Worsening"]);
    assert_eq!(rows[12], ["Apr 2026", "16000", "Improving"]);
    assert_eq!(rows[18], ["Oct 2026", "15500", "Same"]);
}

#[test]
fn a_hidden_copy_of_a_return_is_set_aside_not_given_twice() {
    let (tmp, returns) = returns_folder("communities");
    let path = returns.join("housing.xlsx");
    let sheet = |name: &str, actual: f64| {
        SheetLayout::new(name)
            .bold_row(texts(&[
                "PI Ref",
                "Indicator",
                "Polarity",
                "Period",
                "Target",
                "Actual",
            ]))
            .row(vec![
                t("HS-01"),
                t("Repairs on time"),
                t("Higher is better"),
                t("Oct-26"),
                n(90.0),
                n(actual),
            ])
    };
    let mut hidden = sheet("KPIs (2)", 80.0);
    hidden.hidden = true;
    write_xlsx(&path, &[sheet("KPIs", 91.0), hidden]).unwrap();
    let (code, found, json) = check(&[&path]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(located(&found), [("housing.xlsx", "", "sheet.copy")]);
    assert_eq!(
        messages_of(&json, "sheet.copy"),
        [
            "This sheet is hidden and every indicator and period on it is on 'KPIs' too, so it is read as a copy of that return: its 1 indicator value is not checked or counted again, and the Ledger lists it. Delete it if it is an old copy; if its figures are its own, correct their indicators or periods."
        ]
    );
    let out = tmp.path().join("out.xlsx");
    consolidate_with(&out, &["--as-of", AS_OF], &[&path]);
    assert_eq!(
        column_texts(&out, "Indicators", &["Period", "Actual", "Source"])
            .into_iter()
            .map(|row| format!(
                "{} {} {}",
                row[0],
                row[1],
                row[2].rsplit('/').next().unwrap()
            ))
            .collect::<Vec<_>>(),
        ["Oct 2026 91 housing.xlsx \u{203a} KPIs!2"]
    );
}

#[test]
fn a_library_defining_an_indicator_twice_or_without_its_words_is_named_at_its_cells() {
    let (_tmp, returns) = returns_folder("communities");
    let library = write_file(
        &returns,
        "definitions.csv",
        "Indicator ID,Indicator Name,Definition,Unit,Polarity,Frequency,Data Owner\n\
         HS-01,Repairs on time,Repairs completed within their target time,Percentage,Higher is better,Monthly,Head of Housing\n\
         HS-02,Households in temporary accommodation,,Number,,Monthly,\n\
         HS-01,Repairs on time,Repairs completed within 28 days,Percentage,Higher is better,Quarterly,Head of Housing\n\
         HS-03,Average relet time,Calendar days from void to let,Days,Lower is better,,Head of Housing\n\
         HS-04,Rent collected,Rent collected as % of rent due,Widgets,Higher is better,Monthly,Head of Income\n",
    );
    let (code, found, json) = check(&[&library]);
    assert_eq!(code, 1, "{json}");
    // HS-04's unit is unreadable (a cell.type error), not also missing.
    assert_eq!(
        cell_rules(&found),
        [
            ("C3", "definition.incomplete"),
            ("A4", "definition.duplicate-id"),
            ("F5", "definition.incomplete"),
            ("D6", "cell.type"),
        ],
        "{json}"
    );
    assert_eq!(
        messages_of(&json, "definition.incomplete"),
        [
            "HS-02 (Households in temporary accommodation) has no definition, polarity or data owner in the library: without its definition, services cannot count it alike; without its polarity, its RAG cannot be worked out; and without a data owner, no one answers for its figures.",
            "HS-03 (Average relet time) has no frequency in the library: without its frequency, the periods due cannot be told.",
        ]
    );
    assert_eq!(
        messages_of(&json, "definition.duplicate-id"),
        [
            "HS-01 is defined twice in the library, on row 2 and on this row, differently (definition, frequency): the first is used. Keep one definition for each indicator, so that every service counts it alike."
        ]
    );
}

#[test]
fn figures_to_compare_with_are_kept_on_the_indicators_sheet_and_a_level_up() {
    let (tmp, returns) = returns_folder("communities");
    let path = returns.join("housing.csv");
    // Several columns of comparators: none a duplicate of another, each kept with its
    // heading, a number as a number and words as words; a blank one left out.
    std::fs::write(
        &path,
        "PI Ref,Indicator,Polarity,Unit,England Average,Statistical Neighbours,Last Year,Target,Apr-26,May-26,Comments\n\
         HS-01,Repairs on time,Higher is better,%,90%,88.5%,Top quartile,92,93,94,\n\
         HS-02,Relet days,Lower is better,Days,35,,41,30,28,29,\n",
    )
    .unwrap();
    let (code, found, json) = check_with(&[&path], &["--as-of", "2026-05-31"]);
    assert_eq!((code, found.len()), (0, 0), "{json}");
    let out = tmp.path().join("directorate.xlsx");
    let csv = tmp.path().join("csv");
    let run = consolidate_with(
        &out,
        &["--as-of", "2026-05-31", "--csv", csv.to_str().unwrap()],
        &[&path],
    );
    common::assert_exit(&run, 0);
    let expected = [
        [
            "HS-01",
            "Apr 2026",
            "England Average: 90%; Statistical Neighbours: 88.5%; Last Year: Top quartile",
        ],
        [
            "HS-01",
            "May 2026",
            "England Average: 90%; Statistical Neighbours: 88.5%; Last Year: Top quartile",
        ],
        ["HS-02", "Apr 2026", "England Average: 35; Last Year: 41"],
        ["HS-02", "May 2026", "England Average: 35; Last Year: 41"],
    ];
    assert_eq!(
        column_texts(
            &out,
            "Indicators",
            &["Indicator ID", "Period", "Comparators"]
        ),
        expected
    );
    let exported = std::fs::read_to_string(csv.join("indicators.csv")).unwrap();
    assert!(
        exported.contains(",England Average: 35; Last Year: 41,"),
        "{exported}"
    );
    // Read back a level up, the words are kept as they are.
    let corporate = tmp.path().join("corporate.xlsx");
    let run = golden_thread()
        .args([
            "consolidate",
            "--level",
            "corporate",
            "--as-of",
            "2026-05-31",
            "--out",
        ])
        .arg(&corporate)
        .arg(&out)
        .output()
        .unwrap();
    common::assert_exit(&run, 0);
    assert_eq!(
        column_texts(
            &corporate,
            "Indicators",
            &["Indicator ID", "Period", "Comparators"]
        ),
        expected
    );
}

#[test]
fn quarterly_measures_under_a_header_of_their_own_below_the_monthly_ones_are_read_by_quarter() {
    let (tmp, returns) = returns_folder("corporate-services");
    let path = write_file(
        &returns,
        "housing.csv",
        "PI Ref,Indicator,Polarity,Unit,Target,Apr,May,Jun,Jul,Aug,Sep,Oct,Commentary\n\
         HS-01,Calls answered,Higher is better,%,90,91,91,92,92,91,90,91,\n\
         ,,,,,,,,,,,,\n\
         QUARTERLY MEASURES,,,,,,,,,,,,\n\
         PI Ref,Indicator,Polarity,Unit,Target,Q1,Q2,Commentary,,,,,\n\
         HS-10,Homelessness preventions,Higher is better,Number,150,160,140,Fewer referrals,,,,,\n",
    );
    // Q1 and Q2 are not April and May: nothing is missing from June on, and Q2's 140
    // against 150 is the one below target.
    let (code, found, json) = check(&[&path]);
    assert!(found.is_empty(), "{json}");
    assert_eq!(code, 0);
    let out = tmp.path().join("out.xlsx");
    let output = consolidate_with(&out, &["--as-of", AS_OF], &[&returns]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        column_texts(
            &out,
            "Indicators",
            &["Indicator ID", "Period", "Actual", "RAG", "Source"]
        )
        .into_iter()
        .filter(|row| row[0] == "HS-10")
        .map(|mut row| {
            row[4] = row[4].rsplit('/').next().unwrap().to_string();
            row
        })
        .collect::<Vec<_>>(),
        [
            [
                "HS-10",
                "Q1 2026/27",
                "160",
                "Green",
                "housing.csv › housing!6"
            ],
            [
                "HS-10",
                "Q2 2026/27",
                "140",
                "Red",
                "housing.csv › housing!6"
            ],
        ]
    );
    let ledger = table(&out, "Ledger");
    assert_eq!(
        ["Rows read", "Rows taken", "Rows left out", "Reason"].map(|h| ledger[0][h].to_string()),
        [
            "4",
            "2",
            "2",
            "1 x a title above another table on the sheet ('QUARTERLY MEASURES'); 1 x the header of another table on the sheet, by which the rows below it are read"
        ]
    );
}

#[test]
fn a_rag_between_two_statuses_is_asked_for_one() {
    let (_tmp, returns) = returns_folder("corporate-services");
    let path = write_file(
        &returns,
        "contact.csv",
        "PI Ref,Indicator,Period,Actual,Target,Polarity,RAG,Commentary\n\
         CC-01,Calls answered,Sep-26,85,90,Higher is better,Amber/Red,Sickness\n\
         CC-01,Calls answered,Oct-26,80,90,Higher is better,Red - Amber,Sickness\n",
    );
    let (_, found, json) = check(&[&path]);
    // April to August are missing too: a return from September on.
    assert_eq!(
        cell_rules(&found),
        [
            ("G2", "cell.type"),
            ("A3", "indicator.value-missing"),
            ("G3", "cell.type")
        ],
        "{json}"
    );
    assert_eq!(
        messages_of(&json, "cell.type"),
        [
            "RAG: 'Amber/Red' gives two RAG statuses: report the one the actual and target give, Red, Amber or Green",
            "RAG: 'Red - Amber' gives two RAG statuses: report the one the actual and target give, Red, Amber or Green",
        ]
    );
}

#[test]
fn returns_headed_as_councils_head_them_are_read_whole() {
    let (tmp, returns) = returns_folder("corporate-services");
    write_file(
        &returns,
        "contact.csv",
        "KPI Ref,KPI Description,Reporting Period,Result,Target for Period,Performance Status,Comments / Actions,Lead Officer,Good is,Measure Type\n\
         CC-01,Calls answered,Oct-26,88,90,Amber,Recruiting two advisers,Contact Manager,High,%\n",
    );
    write_file(
        &returns,
        "revenues.csv",
        "Measure Ref,Measure Name,Month,Outturn,Target,RAG Rating,Performance Commentary,Improvement Actions,Responsible Officer,Higher or Lower is Better\n\
         RV-01,Benefit claims processed in 20 days,Oct-26,80,90,Red,Backlog after system change,Overtime agreed,Benefits Manager,Higher\n",
    );
    let (code, found, json) = check(&[&returns]);
    assert!(found.is_empty(), "{json}");
    assert_eq!(code, 0);
    let out = tmp.path().join("out.xlsx");
    let output = consolidate_with(&out, &["--as-of", AS_OF], &[&returns]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        column_texts(
            &out,
            "Indicators",
            &[
                "Indicator ID",
                "Indicator",
                "Target",
                "RAG",
                "Unit",
                "Commentary",
                "Action"
            ]
        ),
        [
            [
                "CC-01",
                "Calls answered",
                "90",
                "Amber",
                "Percentage",
                "Recruiting two advisers",
                ""
            ],
            [
                "RV-01",
                "Benefit claims processed in 20 days",
                "90",
                "Red",
                "",
                "Backlog after system change",
                "Overtime agreed"
            ],
        ]
    );
}

#[test]
fn a_tracker_with_its_months_down_and_indicators_across_is_a_return() {
    let (tmp, returns) = returns_folder("place");
    let path = returns.join("housing-tracker.xlsx");
    let month = |m: u32| d(if m <= 3 { 2027 } else { 2026 }, m, 1);
    let mut sheet = SheetLayout::new("Tracker")
        .row(vec![t("Service: Housing")])
        .row(vec![])
        .bold_row(texts(&[
            "Month",
            "HS1 Homes let within 28 days",
            "HS2 - Average days to relet",
        ]));
    // July's lets not yet counted; June's relets a week over target.
    for (m, lets, days) in [
        (4, n(82.0), n(27.0)),
        (5, n(84.0), n(26.0)),
        (6, n(86.0), n(35.0)),
        (7, Cell::Blank, n(25.0)),
        (8, n(88.0), n(24.0)),
        (9, n(89.0), n(26.0)),
    ] {
        sheet = sheet.row(vec![month(m), lets, days]);
    }
    let sheet = sheet
        .row(vec![t("Target"), n(80.0), n(28.0)])
        .row(vec![t("Relets exclude major voids")]);
    // A log of dated events has months down it too, but no figures: no return.
    let log = SheetLayout::new("Log")
        .bold_row(texts(&["Date", "Event", "Attendees"]))
        .row(vec![d(2026, 10, 1), t("DMT"), t("All heads")])
        .row(vec![d(2026, 10, 15), t("Audit committee"), t("CFO")]);
    write_xlsx(&path, &[sheet, log]).unwrap();
    let library = write_file(
        tmp.path(),
        "library.csv",
        "Indicator ID,Indicator,Unit,Polarity,Frequency\n\
         HS1,Homes let within 28 days,Percentage,Higher is better,Monthly\n\
         HS2,Average days to relet,Days,Lower is better,Monthly\n",
    );
    let as_of = ["--as-of", "2026-09-30"];
    let (_, found, json) = check_with(&[&path, &library], &as_of);
    assert_eq!(
        located(&found)
            .into_iter()
            .map(|(file, cell, rule)| (file.rsplit('/').next().unwrap(), cell, rule))
            .collect::<Vec<_>>(),
        [
            // At HS2's heading, as a return's row's first cell.
            ("housing-tracker.xlsx", "C3", "indicator.commentary-missing"),
            ("housing-tracker.xlsx", "C6", "indicator.outlier"),
            ("housing-tracker.xlsx", "B7", "indicator.value-missing"),
            ("housing-tracker.xlsx", "", "sheet.unrecognised"),
        ],
        "{json}"
    );
    let out = tmp.path().join("directorate.xlsx");
    consolidate_with(&out, &as_of, &[&returns, &library]);
    let rows = column_texts(
        &out,
        "Indicators",
        &[
            "Indicator ID",
            "Service",
            "Period",
            "Target",
            "Actual",
            "RAG",
        ],
    );
    assert_eq!(rows.len(), 12);
    assert_eq!(
        rows[8..],
        [
            ["HS2", "Housing", "Jun 2026", "28", "35", "Red"],
            ["HS2", "Housing", "Jul 2026", "28", "25", "Green"],
            ["HS2", "Housing", "Aug 2026", "28", "24", "Green"],
            ["HS2", "Housing", "Sep 2026", "28", "26", "Green"],
        ]
    );
    // Each indicator's month is a row taken; the note under the table is left out, and
    // the Target row is listed as read with the months.
    assert_eq!(
        ledger_line(&out, "Tracker"),
        [
            "14",
            "12",
            "2",
            "1 x no month of the return: 'Relets exclude major voids'; 1 x the indicators' targets, read with each month"
        ]
    );
}

#[test]
fn a_trackers_indicator_may_have_its_targets_in_a_column_beside_its_figures() {
    let (tmp, returns) = returns_folder("place");
    let path = write_file(
        &returns,
        "housing-tracker.csv",
        "Month,HS1 Actual,HS1 Target,HS2 Actual,HS2 Target\n\
         Apr-26,82,80,30,28\n\
         May-26,84,85,28,28\n\
         Jun-26,80,85,26,28\n",
    );
    let library = write_file(
        tmp.path(),
        "library.csv",
        "Indicator ID,Indicator,Unit,Polarity,Frequency\n\
         HS1,Homes let within 28 days,Percentage,Higher is better,Monthly\n\
         HS2,Average days to relet,Days,Lower is better,Monthly\n",
    );
    let as_of = ["--as-of", "2026-06-30"];
    let (_, found, json) = check_with(&[&path, &library], &as_of);
    // Two indicators, not four: HS1's and HS2's targets are theirs.
    assert_eq!(
        located(&found)
            .into_iter()
            .map(|(_, cell, rule)| (cell, rule))
            .collect::<Vec<_>>(),
        [
            ("B1", "indicator.commentary-missing"),
            ("D1", "indicator.commentary-missing"),
        ],
        "{json}"
    );
    let out = tmp.path().join("directorate.xlsx");
    consolidate_with(&out, &as_of, &[&returns, &library]);
    assert_eq!(
        column_texts(
            &out,
            "Indicators",
            &["Indicator ID", "Period", "Target", "Actual", "RAG"]
        ),
        [
            ["HS1", "Apr 2026", "80", "82", "Green"],
            ["HS1", "May 2026", "85", "84", "Amber"],
            ["HS1", "Jun 2026", "85", "80", "Red"],
            // 7% over a lower-is-better target, beyond the 5% tolerance.
            ["HS2", "Apr 2026", "28", "30", "Red"],
            ["HS2", "May 2026", "28", "28", "Green"],
            ["HS2", "Jun 2026", "28", "26", "Green"],
        ]
    );
}

#[test]
fn a_trackers_column_of_notes_is_each_indicators_commentary_for_its_month() {
    let (tmp, returns) = returns_folder("place");
    let path = write_file(
        &returns,
        "housing-tracker.csv",
        "Month,HS1 Homes let within 28 days,HS2 Average days to relet,Notes\n\
         Target,80,28,\n\
         Apr-26,82,30,Voids backlog after flooding\n\
         May-26,84,26,\n\
         Jun-26,78,27,\n",
    );
    let library = write_file(
        tmp.path(),
        "library.csv",
        "Indicator ID,Indicator,Unit,Polarity,Frequency\n\
         HS1,Homes let within 28 days,Percentage,Higher is better,Monthly\n\
         HS2,Average days to relet,Days,Lower is better,Monthly\n",
    );
    let as_of = ["--as-of", "2026-06-30"];
    let (_, found, json) = check_with(&[&path, &library], &as_of);
    // April's relets are explained; June's lets, amber, are not: at June's notes.
    assert_eq!(
        located(&found)
            .into_iter()
            .map(|(_, cell, rule)| (cell, rule))
            .collect::<Vec<_>>(),
        [("D5", "indicator.commentary-missing")],
        "{json}"
    );
    let out = tmp.path().join("directorate.xlsx");
    consolidate_with(&out, &as_of, &[&returns, &library]);
    assert_eq!(
        column_texts(
            &out,
            "Indicators",
            &["Indicator ID", "Period", "Actual", "RAG", "Commentary"]
        ),
        [
            [
                "HS1",
                "Apr 2026",
                "82",
                "Green",
                "Voids backlog after flooding"
            ],
            ["HS1", "May 2026", "84", "Green", ""],
            ["HS1", "Jun 2026", "78", "Amber", ""],
            [
                "HS2",
                "Apr 2026",
                "30",
                "Red",
                "Voids backlog after flooding"
            ],
            ["HS2", "May 2026", "26", "Green", ""],
            ["HS2", "Jun 2026", "27", "Green", ""],
        ]
    );
}

#[test]
fn a_status_of_data_only_says_the_indicator_wants_no_target_and_a_short_trend_is_its_direction() {
    // As a performance system exports its quarterly report: a value, target and status
    // per quarter, its short trend beside them.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("housing.xlsx");
    let sheet = SheetLayout::new("PI Report")
        .row(texts(&["Housing Services - Quarterly Performance Report"]))
        .row(texts(&["Directorate: Place"]))
        .bold_row(texts(&[
            "PI Code",
            "PI Short Name",
            "Polarity",
            "Q1 2026/27 Value",
            "Q1 2026/27 Target",
            "Q1 2026/27 Status",
            "Q2 2026/27 Value",
            "Q2 2026/27 Target",
            "Q2 2026/27 Status",
            "Short Trend",
            "Latest Note",
        ]))
        .row(vec![
            t("HS01"),
            t("Households in temporary accommodation"),
            t("Lower is better"),
            n(120.0),
            t(""),
            t("Data Only"),
            n(130.0),
            t(""),
            t("Data Only"),
            t(""),
            t(""),
        ])
        // 30 to 45 days is worse, whatever the trend says.
        .row(vec![
            t("HS02"),
            t("Average days to relet"),
            t("Lower is better"),
            n(30.0),
            n(28.0),
            t("Red"),
            n(45.0),
            n(28.0),
            t("Red"),
            t("Improving"),
            t("Voids backlog"),
        ])
        // "N/A" is no status, not a target by design: the targets are missing.
        .row(vec![
            t("HS03"),
            t("Tenant satisfaction"),
            t("Higher is better"),
            n(80.0),
            t(""),
            t("N/A"),
            n(82.0),
            t(""),
            t("N/A"),
            t(""),
            t(""),
        ]);
    write_xlsx(&path, &[sheet]).unwrap();
    let (_, found, json) = check_with(&[&path], &["--as-of", "2026-10-31"]);
    assert_eq!(
        located(&found),
        [
            ("housing.xlsx", "J5", "indicator.direction-mismatch"),
            ("housing.xlsx", "E6", "indicator.target-missing"),
            ("housing.xlsx", "H6", "indicator.target-missing"),
        ],
        "{json}"
    );
    let out = tmp.path().join("out.xlsx");
    let run = consolidate_with(&out, &["--as-of", "2026-10-31"], &[&path]);
    common::assert_exit(&run, 1);
    assert_eq!(
        column_texts(&out, "Indicators", &["Indicator ID", "Period", "Target"])[..2],
        [
            ["HS01", "Q1 2026/27", "Data Only"],
            ["HS01", "Q2 2026/27", "Data Only"],
        ]
    );
}

#[test]
fn a_month_written_with_its_financial_year_is_that_years_month() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("housing.xlsx");
    let row = |period: &str, actual: f64| {
        vec![
            t("HS1"),
            t("Rent collected"),
            t("Higher is better"),
            t(period),
            n(actual),
            n(95.0),
        ]
    };
    let sheet = SheetLayout::new("Returns")
        .row(texts(&["Directorate: Place"]))
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Polarity",
            "Period",
            "Actual",
            "Target",
        ]))
        // Last year's March, then this year's months as finance numbers them.
        .row(row("Mar 2025/26", 96.0))
        .row(row("2026/27 M1", 95.0))
        .row(row("2026-27 Period 2", 97.0));
    write_xlsx(&path, &[sheet]).unwrap();
    let (_, found, json) = check_with(&[&path], &["--as-of", "2026-05-31"]);
    assert_eq!(located(&found), [], "{json}");
    let out = tmp.path().join("out.xlsx");
    let run = consolidate_with(&out, &["--as-of", "2026-05-31"], &[&path]);
    common::assert_exit(&run, 0);
    assert_eq!(
        column_texts(&out, "Indicators", &["Period", "Actual"]),
        [["Mar 2026", "96"], ["Apr 2026", "95"], ["May 2026", "97"]]
    );
}

#[test]
fn an_actual_written_as_a_count_out_of_a_total_gives_its_numerator_and_denominator() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("customer.xlsx");
    let row = |id: &str, name: &str, unit: &str, actual: &str| {
        vec![
            t(id),
            t(name),
            t("Higher is better"),
            t(unit),
            t("Sep 2026"),
            t(actual),
            n(80.0),
            t("Short-staffed"),
        ]
    };
    let sheet = SheetLayout::new("Returns")
        .row(texts(&["Directorate: Resources"]))
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Polarity",
            "Unit",
            "Period",
            "Actual",
            "Target",
            "Commentary",
        ]))
        .row(row("CS1", "Calls answered", "Percentage", "45/50"))
        // No unit, but a name that says it is a percentage.
        .row(row(
            "CS2",
            "% of complaints answered on time",
            "",
            "36 out of 40",
        ))
        // The percentage does not follow from its figures.
        .row(row("CS3", "Emails answered", "Percentage", "80% (45/50)"))
        // A count of 45, or 90%? The return must say.
        .row(row("CS4", "Visits made", "Number", "45 of 50"))
        // A score out of five is the score.
        .row(row("CS5", "Satisfaction", "Score", "4.2 out of 5"));
    write_xlsx(&path, &[sheet]).unwrap();
    let (_, found, json) = check_with(&[&path], &["--as-of", "2026-09-30"]);
    let only = |rule: &str| -> Vec<(&str, &str, &str)> {
        located(&found)
            .into_iter()
            .filter(|(_, _, r)| *r == rule)
            .collect()
    };
    assert_eq!(
        [only("indicator.calculation-mismatch"), only("cell.type")].concat(),
        [
            ("customer.xlsx", "F5", "indicator.calculation-mismatch"),
            ("customer.xlsx", "F6", "cell.type"),
        ],
        "{json}"
    );
    let message = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "cell.type")
        .unwrap()["message"]
        .clone();
    assert_eq!(
        message,
        "Actual: '45 of 50' is a count out of a total, not the value: give the value itself (45 if it is the count, 90% if it is a percentage) and the two figures in Numerator and Denominator columns"
    );
    let out = tmp.path().join("out.xlsx");
    let run = consolidate_with(&out, &["--as-of", "2026-09-30"], &[&path]);
    common::assert_exit(&run, 1);
    assert_eq!(
        column_texts(
            &out,
            "Indicators",
            &["Indicator ID", "Actual", "Numerator", "Denominator"]
        ),
        [
            ["CS1", "90", "45", "50"],
            ["CS2", "90", "36", "40"],
            ["CS3", "80", "45", "50"],
            ["CS4", "", "", ""],
            ["CS5", "4.2", "", ""],
        ]
    );
}

#[test]
fn a_frequency_none_of_the_frameworks_is_noted_not_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let library = write_file(
        tmp.path(),
        "library.csv",
        "Indicator ID,Indicator,Definition,Unit,Polarity,Frequency\n\
         HS1,Rough sleepers counted,Street count,Number,Lower is better,Weekly\n\
         HS2,Tenant satisfaction,Survey,Percentage,Higher is better,Every 6 months\n\
         HS3,Homes let,Lets,Number,Higher is better,Whenever\n",
    );
    let (_, found, json) = check_with(&[&library], &["--as-of", "2026-10-31"]);
    assert_eq!(
        located(&found)
            .into_iter()
            .map(|(_, cell, rule)| (cell, rule))
            .collect::<Vec<_>>(),
        [("F2", "indicator.frequency-unjudged"), ("F4", "cell.type"),],
        "{json}"
    );
}

#[test]
fn the_librarys_own_priorities_are_checked_and_citations_may_use_the_plans_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let library = tmp.path().join("library.xlsx");
    let definitions = SheetLayout::new("Definitions")
        .bold_row(texts(&[
            "PI Ref",
            "Indicator",
            "Definition",
            "Unit",
            "Polarity",
            "Frequency",
            "Corporate Priority",
        ]))
        .row(texts(&[
            "H1",
            "Homes let",
            "Lets within 28 days",
            "Percentage",
            "Higher is better",
            "Monthly",
            "P2 - Homes for all",
        ]))
        .row(texts(&[
            "H2",
            "Jobs created",
            "New jobs",
            "Number",
            "Higher is better",
            "Monthly",
            "Growing economy",
        ]));
    let plan = SheetLayout::new("Priorities")
        .row(texts(&["Corporate Plan Priorities 2024-2028"]))
        .row(texts(&["1. A thriving economy"]))
        .row(texts(&["2. Homes for all"]));
    write_xlsx(&library, &[definitions, plan]).unwrap();
    let path = write_file(
        tmp.path(),
        "housing.csv",
        "Directorate: Place\n\
         PI Ref,Indicator,Period,Actual,Target,Corporate Priority\n\
         H1,Homes let,Sep-26,90,85,Homes for all (P2)\n\
         H2,Jobs created,Sep-26,90,85,Priority 1; Homes for all\n",
    );
    let (_, found, json) = check_with(&[&library, &path], &["--as-of", "2026-09-30"]);
    assert_eq!(
        located(&found),
        [("library.xlsx", "G3", "priority.unknown")],
        "{json}"
    );
}

#[test]
fn a_welsh_councils_well_being_objectives_are_its_plan_to_cite() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = write_file(
        tmp.path(),
        "Well-being Objectives.csv",
        "Our Well-being Objectives 2023-2028\n1. A prosperous county\n2. Homes for all\n",
    );
    let path = write_file(
        tmp.path(),
        "housing.csv",
        "Directorate: Place\n\
         PI Ref,Indicator,Period,Actual,Target,Link to Well-being Objective\n\
         H1,Homes let,Sep-26,90,85,Homes for all\n\
         H1,Homes let,Aug-26,90,85,A greener county\n\
         H1,Homes let,Jul-26,90,85,A greener county\n",
    );
    let (_, found, json) = check_with(&[&plan, &path], &["--as-of", "2026-09-30"]);
    // A citation on a later row than the indicator's first is checked too, and said
    // once however many rows repeat it.
    let cited: Vec<_> = located(&found)
        .into_iter()
        .filter(|(_, _, rule)| *rule == "priority.unknown")
        .collect();
    assert_eq!(cited, [("housing.csv", "F4", "priority.unknown")], "{json}");
    let message = first_of(&json, "priority.unknown")["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("A greener county"), "{message}");
}

#[test]
fn a_service_plan_sheet_of_indicators_and_risks_is_read_as_both() {
    let (tmp, returns) = returns_folder("communities");
    let title = || {
        SheetLayout::new("Service Plan")
            .row(texts(&["Service Plan 2026/27 - Libraries"]))
            .row(texts(&["Service: Libraries"]))
            .row(vec![])
    };
    let indicators = |sheet: SheetLayout| {
        sheet
            .row(texts(&["KEY PERFORMANCE INDICATORS"]))
            .bold_row(texts(&[
                "PI Ref",
                "Indicator",
                "Polarity",
                "Target",
                "Q1",
                "Q2",
                "Commentary",
            ]))
            .row(vec![
                t("LIB1"),
                t("Visits per 1,000 population"),
                t("Higher is better"),
                n(1200.0),
                n(1250.0),
                n(1300.0),
                t("Summer reading"),
            ])
            .row(vec![
                t("LIB2"),
                t("Active borrowers"),
                t("Higher is better"),
                n(20000.0),
                n(20500.0),
                n(18000.0),
                t(""),
            ])
    };
    let risks = |sheet: SheetLayout| {
        sheet
            .row(texts(&["SERVICE RISKS"]))
            .bold_row(texts(common::REGISTER_HEADER))
            .row(vec![
                t("LR1"),
                t("Building closure"),
                t("Head of Libraries"),
                n(3.0),
                n(4.0),
                n(12.0),
                t("Maintenance plan"),
                d(2026, 10, 1),
            ])
            .row(vec![
                t("LR2"),
                t("Staff shortage"),
                t("Head of Libraries"),
                n(2.0),
                n(3.0),
                n(6.0),
                t("Volunteers"),
                d(2026, 10, 1),
            ])
    };
    // Indicators over risks, and risks over indicators.
    write_xlsx(
        &returns.join("libraries.xlsx"),
        &[risks(indicators(title()).row(vec![]))],
    )
    .unwrap();
    write_xlsx(
        &returns.join("museums.xlsx"),
        &[indicators(risks(title()).row(vec![]))],
    )
    .unwrap();
    let as_of = ["--as-of", "2026-10-31"];
    let (_, found, json) = check_with(&[&returns], &as_of);
    assert_eq!(
        located(&found)
            .into_iter()
            .map(|(file, cell, rule)| (file.rsplit('/').next().unwrap(), cell, rule))
            .collect::<Vec<_>>(),
        [
            ("libraries.xlsx", "G7", "indicator.commentary-missing"),
            ("libraries.xlsx", "A11", "risk.actions-missing"),
            ("museums.xlsx", "A6", "risk.actions-missing"),
            ("museums.xlsx", "G12", "indicator.commentary-missing"),
        ],
        "{json}"
    );
    let out = tmp.path().join("directorate.xlsx");
    consolidate_with(&out, &as_of, &[&returns]);
    assert_eq!(
        column_texts(&out, "All risks", &["ID", "Service"]),
        [
            ["LR1", "Libraries"],
            ["LR2", "Libraries"],
            ["LR1", "Libraries"],
            ["LR2", "Libraries"],
        ]
    );
    assert_eq!(
        column_texts(&out, "Indicators", &["Indicator ID", "Period", "Actual"]).len(),
        8
    );
    assert_eq!(
        ledger_line(&out, "Service Plan (indicators)"),
        ["2", "2", "0", ""]
    );
    assert_eq!(
        ledger_line(&out, "Service Plan (risks)"),
        ["2", "2", "0", ""]
    );
    // The longer name takes two lines of its column: its row is tall enough for them
    // (the files named as given, short enough for one line of theirs).
    let out = tmp.path().join("relative.xlsx");
    golden_thread()
        .current_dir(tmp.path())
        .args(["consolidate", "--level", "directorate", "--quiet"])
        .args(as_of)
        .args(["--out", "relative.xlsx", "returns"])
        .output()
        .unwrap();
    let ledger = table(&out, "Ledger");
    let line = ledger
        .iter()
        .position(|r| r["Sheet"] == "Service Plan (indicators)")
        .unwrap();
    assert_eq!(
        common::row_height(&out, "Ledger", line as u32 + 2),
        Some(30.0)
    );
}

#[test]
fn a_library_exported_from_a_performance_system_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let library = write_file(
        tmp.path(),
        "library.csv",
        "PI Code,PI Short Name,Description,Unit,Polarity,Frequency,Managed By,Statutory\n\
         HS01,Rent collected,Rent collected as a percentage of rent due,%,Aim to Maximise,Quarterly,Head of Housing,No\n",
    );
    let (_, found, json) = check_with(&[&library], &["--as-of", "2026-10-31"]);
    assert_eq!(located(&found), [], "{json}");
}

#[test]
fn a_count_out_of_a_total_in_a_return_with_no_units_is_read_by_the_librarys_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let library = write_file(
        tmp.path(),
        "library.csv",
        "Indicator ID,Indicator,Unit,Polarity,Frequency\n\
         CS1,Calls answered within 20 seconds,Percentage,Higher is better,Monthly\n\
         CS2,Visits made,Number,Higher is better,Monthly\n",
    );
    let path = write_file(
        tmp.path(),
        "customer.csv",
        "Directorate: Resources\n\
         PI Ref,Indicator,Period,Actual,Target,Commentary\n\
         CS1,Calls answered within 20 seconds,Sep 2026,45/50,80,Short-staffed\n\
         CS2,Visits made,Sep 2026,45 of 50,40,\n",
    );
    let as_of = ["--as-of", "2026-09-30"];
    let (_, found, json) = check_with(&[&library, &path], &as_of);
    assert_eq!(
        located(&found),
        [("customer.csv", "D4", "cell.type")],
        "{json}"
    );
    let out = tmp.path().join("out.xlsx");
    consolidate_with(&out, &as_of, &[&library, &path]);
    assert_eq!(
        column_texts(
            &out,
            "Indicators",
            &["Indicator ID", "Actual", "Numerator", "Denominator", "RAG"]
        ),
        [
            ["CS1", "90", "45", "50", "Green"],
            ["CS2", "45 of 50", "", "", ""],
        ]
    );
}

#[test]
fn a_returns_columns_that_name_no_field_are_kept_with_each_value_at_every_level() {
    let (tmp, returns, library) = workdir();
    let path = returns.join("foi.xlsx");
    // "Data Source" names no field; a note is written in a column with no heading.
    let mut header = texts(&["PI Ref", "Indicator", "Apr-26", "May-26", "Jun-26"]);
    header.extend(texts(&["Target", "Data Source"]));
    let mut row = texts(&["FOI-01", "FOI requests answered in 20 days"]);
    row.extend([91.0, 92.0, 93.0, 90.0].map(n));
    row.extend(texts(&["Case system", "validated by IG team"]));
    write_xlsx(
        &path,
        &[SheetLayout::new("R")
            .row(texts(&["Service: Corporate"]))
            .bold_row(header)
            // A heading inside the table, over the indicators it groups.
            .row(texts(&["Information governance"]))
            .row(row)],
    )
    .unwrap();
    let directorate = tmp.path().join("directorate.xlsx");
    let output = consolidate_with(
        &directorate,
        &["--as-of", "2026-06-30", "--definitions"],
        &[&library, &path],
    );
    common::assert_exit(&output, 0);
    let lines =
        "Section: Information governance\nData Source: Case system\nColumn H: validated by IG team";
    let expected = [
        ["FOI-01", "Apr 2026", lines],
        ["FOI-01", "May 2026", lines],
        ["FOI-01", "Jun 2026", lines],
    ];
    let columns = ["Indicator ID", "Period", "Other columns"];
    assert_eq!(column_texts(&directorate, "Indicators", &columns), expected);
    // Read back a level up, the lines are kept as they were, once.
    let corporate = corporate_run(tmp.path(), &directorate, "2026-06-30");
    assert_eq!(column_texts(&corporate, "Indicators", &columns), expected);
}
