//! `consolidate` end to end: run the binary on returns the test builds, read the
//! written workbook back with calamine, and check it row by row.

use calamine::{Data, Reader, Xlsx, open_workbook};
use golden_thread::write::consolidated::{
    GRID_LEFT, JOURNEY_GRID_TOP, OPPORTUNITY_GRID_TOP, RISK_GRID_TOP, TARGET_GRID_LEFT,
};
use golden_thread::write::layout::{Cell, SheetLayout, d, n, t, write_xlsx};
use golden_thread::write::samples::{self, paths};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod common;
use common::{consolidate_to, sheet, summary_section, table, texts};

fn sample_returns() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    samples::build(dir.path(), false).unwrap();
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for relative in [paths::HOUSING, paths::EDUCATION] {
        std::fs::copy(committed.join(relative), dir.path().join(relative)).unwrap();
    }
    dir
}

/// The samples' returns consolidated into `directorate.xlsx` beside them: the folder,
/// the workbook and the run.
fn sample_directorate() -> (tempfile::TempDir, PathBuf, std::process::Output) {
    let dir = sample_returns();
    let out = dir.path().join("directorate.xlsx");
    let output = consolidate(&[&dir.path().join("returns")], "directorate", &out);
    (dir, out, output)
}

fn consolidate(inputs: &[&Path], level: &str, out: &Path) -> std::process::Output {
    consolidate_to(level, out).args(inputs).output().unwrap()
}

/// The text of a table row's cell under `heading`, empty when there is none.
fn text(row: &BTreeMap<String, Data>, heading: &str) -> String {
    row.get(heading).map(|d| d.to_string()).unwrap_or_default()
}

/// The (file, cell, message) of each finding of `rule` on the Findings sheet.
fn findings_of(out: &Path, rule: &str) -> Vec<(String, String, String)> {
    table(out, "Findings")
        .iter()
        .filter(|r| text(r, "Rule") == rule)
        .map(|r| (text(r, "File"), text(r, "Cell"), text(r, "Message")))
        .collect()
}

/// The Ledger's line for the sheet `sheet`.
fn ledger_line<'a>(
    ledger: &'a [BTreeMap<String, Data>],
    sheet: &str,
) -> &'a BTreeMap<String, Data> {
    ledger
        .iter()
        .find(|r| text(r, "Sheet") == sheet)
        .unwrap_or_else(|| panic!("no Ledger line for {sheet}"))
}

/// A directorate run over `dir`'s returns folder with `--csv`, finding no error: the
/// workbook and the CSV folder.
fn directorate_with_csv(dir: &Path) -> (PathBuf, PathBuf) {
    let directorate = dir.join("directorate.xlsx");
    let csv_dir = dir.join("csv");
    let output = consolidate_to("directorate", &directorate)
        .arg("--csv")
        .arg(&csv_dir)
        .arg(dir.join("returns"))
        .output()
        .unwrap();
    common::assert_exit(&output, 0);
    (directorate, csv_dir)
}

fn number(row: &BTreeMap<String, Data>, heading: &str) -> Option<f64> {
    match row.get(heading) {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    }
}

/// Every (id, current score) of the sample council's open risks, from the library's own reading.
fn sample_risks(dir: &Path) -> Vec<(String, Option<f64>, bool, String)> {
    let schema = golden_thread::schema::Schema::embedded().unwrap();
    let inputs = golden_thread::read::discover(&[dir.join("returns")]).unwrap();
    let ctx = golden_thread::check::CheckOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
        year: None,
        owners: None,
    };
    let reports = golden_thread::check::check_inputs(&inputs, &schema, &ctx);
    reports
        .iter()
        .flat_map(|r| {
            r.read
                .registers()
                .flat_map(|(_, reg)| reg.rows.risks.iter())
        })
        .map(|risk| {
            (
                risk.id.clone().unwrap_or_default(),
                risk.current.effective_score(),
                risk.closed,
                risk.source.as_ref().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn directorate_workbook_keeps_every_row_and_escalates_by_current_score() {
    let (dir, out, output) = sample_directorate();
    assert_eq!(
        output.status.code(),
        Some(1),
        "the samples have error findings"
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("Ledger                76 rows read = 65 taken + 11 left out"),
        "{stdout}"
    );

    let workbook: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        vec![
            "Summary",
            "Heat map",
            "Register",
            "All risks",
            "Indicators",
            "Trends",
            "Data quality",
            "Findings",
            "Ledger"
        ]
    );

    let expected = sample_risks(dir.path());
    assert_eq!(expected.len(), 36);
    let all = table(&out, "All risks");
    assert_eq!(
        all.len(),
        expected.len(),
        "every risk read appears in All risks"
    );
    let sources: BTreeSet<String> = all.iter().map(|r| text(r, "Source")).collect();
    let expected_sources: BTreeSet<String> = expected.iter().map(|r| r.3.clone()).collect();
    assert_eq!(sources, expected_sources, "each input row exactly once");

    let register = table(&out, "Register");
    let mut on_register: Vec<String> = register.iter().map(|r| text(r, "Source")).collect();
    on_register.sort();
    let mut should: Vec<String> = expected
        .iter()
        .filter(|(_, score, closed, _)| !closed && score.is_some_and(|s| s >= 9.0))
        .map(|r| r.3.clone())
        .collect();
    should.sort();
    assert_eq!(on_register, should);
    let scores: Vec<f64> = register
        .iter()
        .map(|r| number(r, "Current score").unwrap())
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "highest score first: {scores:?}"
    );
    assert_eq!(scores[0], 20.0);
    assert_eq!(text(&register[0], "ID"), "ED-01");
    assert_eq!(text(&register[0], "Rating"), "Very high");
    assert_eq!(text(&register[0], "Level reached"), "Corporate");
    // Dates are dates (a date number format), not text or bare numbers.
    match &register[0]["Last reviewed"] {
        Data::DateTime(date) => assert_eq!(
            date.as_datetime().unwrap().date(),
            chrono::NaiveDate::from_ymd_opt(2026, 10, 20).unwrap()
        ),
        other => panic!("Last reviewed should be a date, found {other:?}"),
    }
}

#[test]
fn heat_map_counts_equal_the_register_per_cell() {
    let (_dir, out, _) = sample_directorate();
    let register = table(&out, "Register");
    let grid = sheet(&out, "Heat map");
    // The current grids, then the risks before controls and at their target.
    for (kind, stage, top, left) in [
        ("Risk", "Current", RISK_GRID_TOP, GRID_LEFT),
        ("Opportunity", "Current", OPPORTUNITY_GRID_TOP, GRID_LEFT),
        ("Risk", "Inherent", JOURNEY_GRID_TOP, GRID_LEFT),
        ("Risk", "Target", JOURNEY_GRID_TOP, TARGET_GRID_LEFT),
    ] {
        let mut expected = [[0.0f64; 5]; 5];
        for row in register.iter().filter(|r| text(r, "Type") == kind) {
            if let (Some(l), Some(i)) = (
                number(row, &format!("{stage} L")),
                number(row, &format!("{stage} I")),
            ) && (1.0..=5.0).contains(&l)
                && (1.0..=5.0).contains(&i)
            {
                expected[l as usize - 1][i as usize - 1] += 1.0;
            }
        }
        for likelihood in 1..=5usize {
            for impact in 1..=5usize {
                let cell = &grid[(top as usize) + 5 - likelihood][left as usize + impact - 1];
                assert_eq!(
                    cell,
                    &Data::Float(expected[likelihood - 1][impact - 1]),
                    "{kind} {stage} L{likelihood} I{impact}"
                );
            }
        }
    }
    assert_eq!(
        [
            grid[JOURNEY_GRID_TOP as usize - 1][GRID_LEFT as usize].to_string(),
            grid[JOURNEY_GRID_TOP as usize - 1][TARGET_GRID_LEFT as usize].to_string(),
        ],
        ["Risks before controls", "Risks at their target"]
    );
    // Waste's five risks give all three stages; the rest give their current score alone
    // (Education's ED-01 a target score without its likelihood and impact).
    assert_eq!(
        grid[JOURNEY_GRID_TOP as usize + 8][0],
        Data::String("Of the 26 risks on the register, 21 give no likelihood and impact before controls and 21 none at their target: each grid counts those it can place.".into())
    );
    // The sample register has 8 risks at 3 x 3 and the likelihood 5 row reads "5 - Almost certain".
    assert_eq!(
        grid[RISK_GRID_TOP as usize + 2][GRID_LEFT as usize + 2],
        Data::Float(8.0)
    );
    assert_eq!(
        grid[RISK_GRID_TOP as usize][0],
        Data::String("5 - Almost certain".into())
    );
    // Likelihood up the side and impact along the bottom, as the reference matrix has them.
    assert_eq!(
        grid[RISK_GRID_TOP as usize - 1][0],
        Data::String("Likelihood \u{2191}".into())
    );
    assert_eq!(
        grid[RISK_GRID_TOP as usize + 6][GRID_LEFT as usize],
        Data::String("Impact \u{2192}".into())
    );
    assert_eq!(
        grid[OPPORTUNITY_GRID_TOP as usize + 6][GRID_LEFT as usize],
        Data::String("Benefit \u{2192}".into())
    );
    // Planning's PL-02 (likelihood 6) and Adult Social Care's ASC-04 ("High-ish") are
    // on the register by their stated scores, but in no cell.
    assert_eq!(
        grid[OPPORTUNITY_GRID_TOP as usize + 8][0],
        Data::String(
            "2 on the register are not shown: they have no valid likelihood and impact.".into()
        )
    );
}

#[test]
fn corporate_from_directorate_workbook_matches_corporate_from_returns() {
    let (dir, directorate, _) = sample_directorate();
    let from_workbook = dir.path().join("corporate-a.xlsx");
    let from_returns = dir.path().join("corporate-b.xlsx");
    consolidate(&[&directorate], "corporate", &from_workbook);
    consolidate(&[&dir.path().join("returns")], "corporate", &from_returns);
    let ids = |path: &PathBuf| -> Vec<(String, String)> {
        table(path, "Register")
            .iter()
            .map(|r| (text(r, "ID"), text(r, "Current score")))
            .collect()
    };
    let expected = ids(&from_returns);
    assert_eq!(expected.len(), 8, "risks scoring 16 or more: {expected:?}");
    assert_eq!(ids(&from_workbook), expected);
    // Indicators judge the same read back: an indicator outside the library (no
    // definitions are given here) keeps the polarity its return gave it.
    let rags = |path: &PathBuf| -> Vec<(String, String, String, String)> {
        table(path, "Indicators")
            .iter()
            .map(|r| {
                (
                    text(r, "Indicator ID"),
                    text(r, "Period"),
                    text(r, "Polarity"),
                    text(r, "RAG"),
                )
            })
            .collect()
    };
    let judged = rags(&from_returns);
    assert_eq!(judged.len(), 40);
    assert!(judged.contains(&(
        "WS-PI-09".to_string(),
        "Q2 2026/27".to_string(),
        "Higher is better".to_string(),
        "Green".to_string()
    )));
    assert_eq!(rags(&from_workbook), judged);
    let source = text(&table(&from_workbook, "Register")[0], "Source");
    assert!(
        source.contains("directorate.xlsx › All risks!")
            && source.contains(" ← ")
            && source.contains("education.ods"),
        "{source}"
    );
    // The directorate workbook's report sheets are accounted for, not read as risks.
    let ledger = table(&from_workbook, "Ledger");
    assert_eq!(
        number(ledger_line(&ledger, "Register"), "Rows taken"),
        Some(0.0)
    );
    // Each says why it is not read, in its own words.
    let reason = |sheet: &str| text(ledger_line(&ledger, sheet), "Reason");
    assert_eq!(
        reason("Register"),
        "the consolidated workbook's Register: the same risks are read once, from 'All risks'"
    );
    assert_eq!(
        reason("Findings"),
        "the findings of the run that wrote this workbook: its 'All risks' and 'Indicators' are checked again"
    );
    assert_eq!(
        reason("Ledger"),
        "the ledger of the run that wrote this workbook"
    );
    for summary in ["Summary", "Heat map", "Trends", "Data quality"] {
        assert_eq!(
            reason(summary),
            "a summary in the consolidated workbook, worked out again from its 'All risks' and 'Indicators'"
        );
    }
    assert_eq!(reason("All risks"), "");
}

fn ledger_totals(path: &Path) -> (f64, f64, f64, String) {
    let rows = sheet(path, "Ledger");
    let total = rows
        .iter()
        .find(|r| r[0] == Data::String("Total".into()))
        .unwrap();
    let balanced = &rows[rows
        .iter()
        .position(|r| r[0] == Data::String("Total".into()))
        .unwrap()
        + 1];
    let f = |d: &Data| match d {
        Data::Float(f) => *f,
        other => panic!("not a number: {other:?}"),
    };
    (
        f(&total[2]),
        f(&total[3]),
        f(&total[4]),
        balanced[2].to_string(),
    )
}

#[test]
fn a_corrupt_file_is_reported_and_the_ledger_balances() {
    let dir = sample_returns();
    let returns = dir.path().join("returns");
    std::fs::write(
        returns.join("economy-and-environment/broken.xlsx"),
        b"PK\x03\x04 not really a zip",
    )
    .unwrap();
    let out = dir.path().join("out.xlsx");
    let output = consolidate(&[&returns], "directorate", &out);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Consolidated 12 files (1 could not be read)"));
    // The summary names it, so the lead knows whose return to ask for again.
    let named = format!(
        "\n  Could not read        {}\n",
        returns
            .join("economy-and-environment/broken.xlsx")
            .display()
    );
    assert!(stdout.contains(&named), "{stdout}");
    let ledger = table(&out, "Ledger");
    let broken = ledger
        .iter()
        .find(|r| text(r, "File").ends_with("broken.xlsx"))
        .unwrap();
    assert_eq!(number(broken, "Rows read"), Some(0.0));
    assert!(text(broken, "Reason").contains("damaged or truncated"));
    let findings = table(&out, "Findings");
    let finding = findings
        .iter()
        .find(|r| text(r, "File").ends_with("broken.xlsx"))
        .unwrap();
    assert_eq!(text(finding, "Rule"), "file.unreadable");
    assert_eq!(text(finding, "Severity"), "error");
    let (read, taken, left, balanced) = ledger_totals(&out);
    assert_eq!(
        (read, taken, left),
        (76.0, 65.0, 11.0),
        "36 risks, 26 indicator rows and 3 actions taken from an action plan"
    );
    assert_eq!(balanced, "Yes");
    assert_eq!(table(&out, "All risks").len(), 36);
    // The Summary names it among the returns to ask for again, before those with
    // errors to correct.
    assert_eq!(
        summary_section(&out, "Returns to chase", 3)[..2],
        [
            ["Return", "Service", "Why"].map(String::from),
            [
                returns
                    .join("economy-and-environment/broken.xlsx")
                    .display()
                    .to_string(),
                String::new(),
                "Could not be read (the Findings sheet says why): ask for it again".into()
            ],
        ]
    );
}

#[test]
fn text_that_looks_like_a_formula_stays_text_and_scores_carry_their_results() {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("returns").join("corporate-services");
    std::fs::create_dir_all(&returns).unwrap();
    let header = texts(&[
        "Risk ID",
        "Risk",
        "Risk Owner",
        "Likelihood",
        "Impact",
        "Current Controls",
        "Further Actions",
        "Action Owner",
        "Action Due",
        "Last Reviewed",
    ]);
    let layout = SheetLayout::new("Register").bold_row(header).row(vec![
        t("IT-01"),
        t("=HYPERLINK(\"http://evil.example\",\"Click\")"),
        t("+cmd|' /C calc'!A0"),
        n(4.0),
        n(4.0),
        t("@SUM(1+1)"),
        t("-2+3 more backups"),
        t("CIO"),
        d(2027, 1, 31),
        d(2026, 10, 20),
    ]);
    write_xlsx(&returns.join("ict.xlsx"), &[layout]).unwrap();
    let out = dir.path().join("out.xlsx");
    let csv_dir = dir.path().join("csv");
    let output = consolidate_to("directorate", &out)
        .arg("--csv")
        .arg(&csv_dir)
        .arg(dir.path().join("returns"))
        .output()
        .unwrap();
    common::assert_exit(&output, 0);
    let all = table(&out, "All risks");
    assert_eq!(
        all[0]["Title"],
        Data::String("=HYPERLINK(\"http://evil.example\",\"Click\")".into())
    );
    assert_eq!(all[0]["Owner"], Data::String("+cmd|' /C calc'!A0".into()));
    assert_eq!(all[0]["Controls"], Data::String("@SUM(1+1)".into()));
    assert_eq!(
        all[0]["Current score"],
        Data::Float(16.0),
        "the score formula's saved result"
    );
    assert_eq!(
        all[0]["Directorate"],
        Data::String("Corporate Services".into())
    );
    let mut workbook: Xlsx<_> = open_workbook(&out).unwrap();
    let formulas = workbook.worksheet_formula("All risks").unwrap();
    let formula_cells: Vec<String> = formulas
        .cells()
        .filter(|(_, _, f)| !f.is_empty())
        .map(|(_, _, f)| f.clone())
        .collect();
    assert_eq!(
        formula_cells,
        vec!["L2*M2".to_string()],
        "the only formula is the score we wrote"
    );
    let csv = std::fs::read_to_string(csv_dir.join("all-risks.csv")).unwrap();
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\""),
        "{csv}"
    );
    assert!(csv.contains("'+cmd"), "{csv}");
    assert!(csv.contains("'@SUM(1+1)"), "{csv}");
    assert!(csv.contains("'-2+3 more backups"), "{csv}");
    assert_eq!(
        std::fs::read_to_string(csv_dir.join("register.csv"))
            .unwrap()
            .lines()
            .count(),
        2
    );
}

#[test]
fn same_id_for_different_risks_across_returns_is_reported_with_both_places() {
    let dir = tempfile::tempdir().unwrap();
    let header = || -> Vec<Cell> {
        texts(&[
            "Risk ID",
            "Risk",
            "Risk Owner",
            "Likelihood",
            "Impact",
            "Controls",
            "Last Reviewed",
        ])
    };
    let register = |id: &str, title: &str| {
        SheetLayout::new("Register").bold_row(header()).row(vec![
            t(id),
            t(title),
            t("Head"),
            n(1.0),
            n(2.0),
            t("c"),
            d(2026, 10, 20),
        ])
    };
    write_xlsx(
        &dir.path().join("a.xlsx"),
        &[register("R-1", "Data breach")],
    )
    .unwrap();
    // The same ID written another way is the same ID.
    write_xlsx(&dir.path().join("b.xlsx"), &[register("R-01", "Flooding")]).unwrap();
    write_xlsx(
        &dir.path().join("c.xlsx"),
        &[register("R-1", "Data Breach")],
    )
    .unwrap();
    let out = dir.path().join("out.xlsx");
    let output = consolidate(
        &[
            &dir.path().join("a.xlsx"),
            &dir.path().join("b.xlsx"),
            &dir.path().join("c.xlsx"),
        ],
        "directorate",
        &out,
    );
    assert_eq!(output.status.code(), Some(1));
    let findings: Vec<_> = table(&out, "Findings")
        .into_iter()
        .filter(|r| text(r, "Rule") == "risk.duplicate-id")
        .collect();
    assert_eq!(findings.len(), 1, "the same risk in a and c is not a clash");
    assert!(text(&findings[0], "File").ends_with("b.xlsx"));
    assert_eq!(text(&findings[0], "Cell"), "A2");
    assert!(text(&findings[0], "Message").contains("The risk ID R-01 is also used, as R-1, in "));
    assert!(text(&findings[0], "Message").contains("a.xlsx › Register!A2"));
    let b_row = table(&out, "All risks")
        .into_iter()
        .find(|r| text(r, "Title") == "Flooding")
        .unwrap();
    assert_eq!(number(&b_row, "Errors"), Some(1.0));
    // The same risk in a and c is counted twice: c says so, naming a's cell.
    let repeated = findings_of(&out, "risk.repeated");
    assert_eq!(repeated.len(), 1, "{repeated:?}");
    assert!(repeated[0].0.ends_with("c.xlsx"));
    assert_eq!(repeated[0].1, "A2");
    assert!(
        repeated[0]
            .2
            .starts_with("The risk R-1 ('Data Breach') is also in ")
            && repeated[0]
                .2
                .contains("a.xlsx › Register!A2: the same risk in two returns is counted twice"),
        "{}",
        repeated[0].2
    );
    // Annotated copies to send back: of b and c, each with what was found across the
    // returns; a has nothing to correct.
    let sendback = dir.path().join("send back");
    // A run over the returns named, written to `out`, copies to `sendback`: its screen.
    let send_back = |out: &str, names: &[&str]| {
        let output = consolidate_to("directorate", &dir.path().join(out))
            .arg("--annotate")
            .arg(&sendback)
            .args(names.iter().map(|name| dir.path().join(name)))
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let stdout = send_back("again.xlsx", &["a.xlsx", "b.xlsx", "c.xlsx"]);
    assert!(
        stdout.ends_with(&format!(
            "Annotated 2 workbooks with findings, to send back, in {}\n",
            sendback.display()
        )),
        "{stdout}"
    );
    let mut copies: Vec<String> = std::fs::read_dir(&sendback)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    copies.sort();
    assert_eq!(copies, ["b.checked.xlsx", "c.checked.xlsx"]);
    // Each copy's list of findings, its notes aside (no directorate is recorded).
    let listed = |name: &str| -> Vec<Vec<String>> {
        sheet(&sendback.join(name), "Findings")[1..]
            .iter()
            .map(|row| row[..4].iter().map(ToString::to_string).collect::<Vec<_>>())
            .filter(|row| row[2] != "info")
            .collect()
    };
    assert_eq!(
        listed("b.checked.xlsx"),
        [["Register", "A2", "error", "risk.duplicate-id"]]
    );
    assert_eq!(
        listed("c.checked.xlsx"),
        [["Register", "A2", "warning", "risk.repeated"]]
    );
    // Kept beside the returns, the copies are not read again.
    let third = dir.path().join("third.xlsx");
    let output = consolidate_to("directorate", &third)
        .args(["a.xlsx", "b.xlsx", "c.xlsx"].map(|name| dir.path().join(name)))
        .arg(&sendback)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("\n  Risks read            3\n"), "{stdout}");
    let copies: Vec<String> = findings_of(&third, "file.annotated-copy")
        .into_iter()
        .map(|(file, _, _)| file)
        .collect();
    assert_eq!(
        copies,
        ["b.checked.xlsx", "c.checked.xlsx"].map(|name| sendback.join(name).display().to_string())
    );
    // Next period, b has its own ID and c is left out: b's copy from the earlier run
    // is left in the folder and named as not to send.
    write_xlsx(&dir.path().join("b.xlsx"), &[register("R-2", "Flooding")]).unwrap();
    let stdout = send_back("fourth.xlsx", &["a.xlsx", "b.xlsx"]);
    assert!(
        stdout.ends_with(&format!(
            "Annotated 0 workbooks with findings, to send back, in {}\n  Not to send: b.checked.xlsx from an earlier run, whose return has nothing to correct now\n",
            sendback.display()
        )),
        "{stdout}"
    );
    assert!(sendback.join("b.checked.xlsx").is_file());
}

#[test]
fn a_register_repeating_another_is_one_finding_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheet = SheetLayout::new("Register").bold_row(texts(&[
        "Risk ID",
        "Risk",
        "Risk Owner",
        "Likelihood",
        "Impact",
        "Controls",
    ]));
    for k in 1..=4 {
        sheet = sheet.row(vec![
            t(&format!("HW-0{k}")),
            t(&format!("Risk {k}")),
            t("Head"),
            n(4.0),
            n(4.0),
            t("c"),
        ]);
    }
    write_xlsx(&dir.path().join("highways.xlsx"), &[sheet.clone()]).unwrap();
    // Last month's, saved under another name: other bytes, the same risks.
    write_xlsx(
        &dir.path().join("highways old.xlsx"),
        &[sheet.row(vec![
            t("HW-05"),
            t("Risk 5"),
            t("Head"),
            n(1.0),
            n(1.0),
            t("c"),
        ])],
    )
    .unwrap();
    let out = dir.path().join("out.xlsx");
    consolidate(&[dir.path()], "corporate", &out);
    let repeated: Vec<_> = table(&out, "Findings")
        .into_iter()
        .filter(|r| {
            text(r, "Rule").starts_with("risk.repeated") || text(r, "Rule") == "risk.duplicate-id"
        })
        .map(|r| {
            (
                text(&r, "File"),
                text(&r, "Cell"),
                text(&r, "Rule"),
                text(&r, "Message"),
            )
        })
        .collect();
    assert_eq!(repeated.len(), 1, "{repeated:?}");
    let (file, cell, rule, message) = &repeated[0];
    assert!(file.ends_with("highways.xlsx"), "{file}");
    assert_eq!((cell.as_str(), rule.as_str()), ("A2", "risk.repeated"));
    assert!(
        message.starts_with("4 risks here (HW-01, HW-02, HW-03, HW-04) are also in ")
            && message.contains("highways old.xlsx › Register, with the same IDs and titles"),
        "{message}"
    );
    assert_eq!(
        rows_as_text(&out, "Register").len() - 1,
        8,
        "both copies reach the register (below its header): the warning says so"
    );
}

#[test]
fn refuses_to_write_over_an_input_by_any_path() {
    let dir = sample_returns();
    let input = dir.path().join(paths::HIGHWAYS);
    let before = std::fs::read(&input).unwrap();
    let returns = dir.path().join("returns");
    let output = consolidate(&[&returns], "directorate", &input);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("refusing to write"));
    let indirect = returns.join("economy-and-environment/../economy-and-environment/highways.xlsx");
    assert_eq!(
        consolidate(&[&returns], "directorate", &indirect)
            .status
            .code(),
        Some(2)
    );
    #[cfg(unix)]
    {
        let link = dir.path().join("link.xlsx");
        std::os::unix::fs::symlink(&input, &link).unwrap();
        assert_eq!(
            consolidate(&[&returns], "directorate", &link).status.code(),
            Some(2)
        );
    }
    assert_eq!(
        std::fs::read(&input).unwrap(),
        before,
        "the input is untouched"
    );
    let leftovers: Vec<_> = std::fs::read_dir(input.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".golden-thread")
        })
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn an_earlier_output_inside_the_input_folder_is_not_read_as_a_return() {
    let dir = sample_returns();
    let returns = dir.path().join("returns");
    let out = returns.join("directorate.xlsx");
    consolidate(&[&returns], "directorate", &out);
    consolidate(&[&returns], "directorate", &out);
    assert_eq!(table(&out, "All risks").len(), 36);
}

/// Every row of a sheet as text, for comparing two workbooks.
fn rows_as_text(path: &Path, name: &str) -> Vec<Vec<String>> {
    sheet(path, name)
        .iter()
        .map(|row| row.iter().map(ToString::to_string).collect())
        .collect()
}

#[test]
fn a_workbook_beside_the_returns_it_was_built_from_counts_each_row_once() {
    let dir = sample_returns();
    let returns = dir.path().join("returns");
    let first = dir.path().join("first.xlsx");
    consolidate(&[&returns], "directorate", &first);
    // Last month's workbook left in the returns folder, read with the returns again.
    std::fs::copy(&first, returns.join("last-month.xlsx")).unwrap();
    let again = dir.path().join("again.xlsx");
    let output = consolidate(&[&returns], "directorate", &again);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("Risks read            36 "), "{stdout}");

    let sources = |path: &Path| -> Vec<String> {
        table(path, "All risks")
            .iter()
            .map(|r| text(r, "Source"))
            .collect()
    };
    assert_eq!(sources(&again), sources(&first));
    assert_eq!(
        rows_as_text(&again, "Indicators"),
        rows_as_text(&first, "Indicators")
    );
    // The same findings, and one more of its own on each of the copy's sheets.
    let findings = rows_as_text(&again, "Findings");
    let (copied, others): (Vec<_>, Vec<_>) = findings
        .into_iter()
        .partition(|row| row.iter().any(|c| c == "sheet.copied-rows"));
    assert_eq!(others, rows_as_text(&first, "Findings"));
    let copied: Vec<(String, String)> = copied
        .iter()
        // Sheet and Message, after File, Directorate and Service.
        .map(|row| (row[3].clone(), row[9].clone()))
        .collect();
    assert_eq!(copied.len(), 2, "{copied:?}");
    assert_eq!(copied[0].0, "All risks");
    assert!(
        copied[0]
            .1
            .starts_with("36 risks on this sheet are copies of rows in "),
        "{copied:?}"
    );
    assert_eq!(copied[1].0, "Indicators");
    assert!(
        copied[1]
            .1
            .starts_with("40 indicator values on this sheet are copies"),
        "{copied:?}"
    );

    let ledger = table(&again, "Ledger");
    let line = |sheet: &str| {
        ledger
            .iter()
            .find(|r| text(r, "File").ends_with("last-month.xlsx") && text(r, "Sheet") == sheet)
            .unwrap()
    };
    let all_risks = line("All risks");
    assert_eq!(
        (
            number(all_risks, "Rows read"),
            number(all_risks, "Rows taken")
        ),
        (Some(36.0), Some(0.0))
    );
    let reason = text(all_risks, "Reason");
    assert!(
        reason.contains("; 6 x a copy of a row of ")
            && reason.contains("highways.xlsx, which this run reads itself;"),
        "{reason}"
    );
    assert_eq!(number(line("Indicators"), "Rows taken"), Some(0.0));
    assert_eq!(ledger_totals(&again).3, "Yes");

    // A corporate workbook read with the directorate workbook it was built from.
    let corporate = dir.path().join("corporate.xlsx");
    consolidate(&[&first], "corporate", &corporate);
    let both = dir.path().join("both.xlsx");
    consolidate(&[&first, &corporate], "corporate", &both);
    assert_eq!(sources(&both), sources(&corporate));
}

#[test]
fn a_cell_that_gives_no_value_is_shown_as_written_and_found_again_a_level_up() {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("returns").join("corporate-services");
    std::fs::create_dir_all(&returns).unwrap();
    let header = texts(&[
        "Risk ID",
        "Risk",
        "Risk Owner",
        "Likelihood",
        "Impact",
        "Current Controls",
        "Further Actions",
        "Action Owner",
        "Action Due",
        "Last Reviewed",
        "Next Review",
    ]);
    let layout = SheetLayout::new("Register").bold_row(header).row(vec![
        t("IT-01"),
        t("Cyber attack"),
        t("CIO"),
        t("High-ish"),
        n(4.0),
        t("Backups"),
        t("Penetration test"),
        t("CIO"),
        t("10/31/2026"),
        d(2026, 10, 20),
        t("Quarterly"),
    ]);
    write_xlsx(&returns.join("ict.xlsx"), &[layout]).unwrap();
    let directorate = dir.path().join("directorate.xlsx");
    let csv_dir = dir.path().join("csv");
    let output = consolidate_to("directorate", &directorate)
        .arg("--csv")
        .arg(&csv_dir)
        .arg(dir.path().join("returns"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let all = table(&directorate, "All risks");
    assert_eq!(all[0]["Current L"], Data::String("High-ish".into()));
    assert_eq!(all[0]["Current I"], Data::Float(4.0));
    assert_eq!(all[0]["Action due"], Data::String("10/31/2026".into()));
    assert_eq!(all[0]["Next review"], Data::String("Quarterly".into()));
    let csv = std::fs::read_to_string(csv_dir.join("all-risks.csv")).unwrap();
    assert!(csv.contains(",High-ish,4,"), "{csv}");
    // Action due, then its status (none given), then the last review.
    assert!(csv.contains(",10/31/2026,,2026-10-20,"), "{csv}");

    // A corporate run over the directorate workbook finds the same two problems, at
    // the workbook's cells, and no others.
    let corporate = dir.path().join("corporate.xlsx");
    consolidate(&[&directorate], "corporate", &corporate);
    let found: Vec<(String, String, String)> = table(&corporate, "Findings")
        .iter()
        .map(|r| (text(r, "Cell"), text(r, "Rule"), text(r, "Severity")))
        .filter(|(_, _, severity)| severity != "info")
        .collect();
    assert_eq!(
        found,
        [
            (
                "L2".to_string(),
                "cell.type".to_string(),
                "error".to_string()
            ),
            (
                // The Action due column of All risks.
                "X2".to_string(),
                "cell.type".to_string(),
                "error".to_string()
            ),
        ]
    );
    // Each names the return the row came from; a directorate run, whose findings are
    // on the returns themselves, has no such column.
    let ict = format!("{} › Register!2", returns.join("ict.xlsx").display());
    let origins: Vec<String> = table(&corporate, "Findings")
        .iter()
        .filter(|r| text(r, "Severity") != "info")
        .map(|r| text(r, "Originally from"))
        .collect();
    assert_eq!(origins, [ict.clone(), ict.clone()]);
    assert!(!table(&directorate, "Findings")[0].contains_key("Originally from"));
    // `check` on the directorate workbook says so too, in JSON and on the line.
    let output = common::golden_thread()
        .args(["check", "--as-of", "2026-10-31", "--format", "json"])
        .arg(&directorate)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let first = &json["findings"][0];
    assert_eq!(
        (&first["cell"], &first["origin"]),
        (&"L2".into(), &ict.as_str().into())
    );
    let output = common::golden_thread()
        .args(["check", "--as-of", "2026-10-31"])
        .arg(&directorate)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let line = text.lines().next().unwrap();
    assert!(line.ends_with(&format!(" (from {ict})")), "{line}");
}

#[test]
fn a_return_saved_twice_is_counted_once_from_the_file_with_the_plain_name() {
    let dir = sample_returns();
    let returns = dir.path().join("returns");
    let highways = returns.join("economy-and-environment/highways.xlsx");
    std::fs::copy(
        &highways,
        returns.join("economy-and-environment/highways (1).xlsx"),
    )
    .unwrap();
    // The copy is a file checked, but not a register more.
    let closing = || {
        let output = common::golden_thread()
            .args(["check", "--as-of", "2026-10-31"])
            .arg(&returns)
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        text.lines().last().unwrap().to_string()
    };
    assert_eq!(
        closing(),
        "Checked 12 files (7 registers, 36 risks, 3 of them opportunities; 4 indicator returns, 40 indicator values): 17 errors, 11 warnings."
    );
    let out = dir.path().join("out.xlsx");
    consolidate(&[&returns], "directorate", &out);
    let all = table(&out, "All risks");
    assert_eq!(all.len(), 36);
    assert!(all.iter().all(|r| !text(r, "Source").contains("(1)")));
    let copy_findings: Vec<(String, String)> = table(&out, "Findings")
        .iter()
        .filter(|r| text(r, "File").ends_with("highways (1).xlsx"))
        .map(|r| (text(r, "Rule"), text(r, "Severity")))
        .collect();
    assert_eq!(
        copy_findings,
        [("file.duplicate".to_string(), "warning".to_string())]
    );
    let ledger = table(&out, "Ledger");
    let line = ledger
        .iter()
        .find(|r| text(r, "File").ends_with("highways (1).xlsx"))
        .unwrap();
    assert_eq!(
        (number(line, "Rows read"), number(line, "Rows taken")),
        (Some(6.0), Some(0.0))
    );
    assert!(
        text(line, "Reason").starts_with("6 x the same row as in ")
            && text(line, "Reason").ends_with("highways.xlsx (the two files are identical)"),
        "{}",
        text(line, "Reason")
    );
    assert_eq!(ledger_totals(&out).3, "Yes");
}

#[test]
fn a_risks_description_category_direction_and_date_identified_reach_every_level() {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("returns").join("place");
    std::fs::create_dir_all(&returns).unwrap();
    let header = texts(&[
        "Risk Ref",
        "Risk Title",
        "Risk Description",
        "Risk Category",
        "Risk Owner",
        "Likelihood",
        "Impact",
        "Direction of Travel",
        "Date Identified",
        "Current Controls",
        "Further Actions",
        "Action Owner",
        "Action Due",
        "Last Reviewed",
    ]);
    let layout = SheetLayout::new("Register").bold_row(header).row(vec![
        t("HW-01"),
        t("Highway drainage fails in storms"),
        t("Cause: blocked gullies. Effect: flooded homes and roads closed."),
        t("Operational"),
        t("Head of Highways"),
        n(4.0),
        n(5.0),
        t("Increasing"),
        d(2024, 4, 1),
        t("Gully cleaning"),
        t("Survey culverts"),
        t("Drainage Engineer"),
        d(2026, 11, 30),
        d(2026, 10, 15),
    ]);
    write_xlsx(&returns.join("highways.xlsx"), &[layout]).unwrap();
    let (directorate, csv_dir) = directorate_with_csv(dir.path());
    let carried = [
        "Category",
        "Description",
        "Direction of travel",
        "Date identified",
    ];
    let expected = [
        Data::String("Operational".into()),
        Data::String("Cause: blocked gullies. Effect: flooded homes and roads closed.".into()),
        Data::String("Increasing".into()),
        // 1 April 2024 as an Excel date.
        Data::DateTime(calamine::ExcelDateTime::new(
            45383.0,
            calamine::ExcelDateTimeType::DateTime,
            false,
        )),
    ];
    for sheet in ["Register", "All risks"] {
        let rows = table(&directorate, sheet);
        assert_eq!(rows.len(), 1, "{sheet}");
        let values: Vec<&Data> = carried.iter().map(|h| &rows[0][*h]).collect();
        assert_eq!(values, expected.iter().collect::<Vec<_>>(), "{sheet}");
    }
    let csv = std::fs::read_to_string(csv_dir.join("register.csv")).unwrap();
    assert!(
        csv.starts_with("ID,Type,Category,Title,Description,")
            && csv.contains(
                "HW-01,Risk,Operational,Highway drainage fails in storms,Cause: blocked gullies. Effect: flooded homes and roads closed.,"
            ),
        "{csv}"
    );

    // Read back a level up, the directorate workbook gives the same.
    let corporate = dir.path().join("corporate.xlsx");
    consolidate(&[&directorate], "corporate", &corporate);
    let rows = table(&corporate, "Register");
    assert_eq!(rows.len(), 1);
    let values: Vec<&Data> = carried.iter().map(|h| &rows[0][*h]).collect();
    assert_eq!(values, expected.iter().collect::<Vec<_>>());
}

#[test]
fn a_registers_columns_that_name_no_field_are_kept_with_each_risk_at_every_level() {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("returns").join("place");
    std::fs::create_dir_all(&returns).unwrap();
    // A row number with no heading; "Controls" merged over two columns; a column
    // that names no field; a second owner column; a note with no heading; and, past
    // a blank column, the bands' key.
    let header = vec![
        Cell::Blank,
        t("Risk Ref"),
        t("Risk Title"),
        t("Risk Owner"),
        t("Likelihood"),
        t("Impact"),
        t("Score"),
        t("Controls"),
        Cell::Blank,
        t("Proximity"),
        t("Owner"),
        t("Last Reviewed"),
        Cell::Blank,
        Cell::Blank,
        t("Score"),
        t("Rating"),
    ];
    let risk =
        |number: f64, id: &str, second: &str, proximity: &str, note: &str, key: [&str; 2]| {
            vec![
                n(number),
                t(id),
                t("Highway drainage fails in storms"),
                t("Head of Highways"),
                n(2.0),
                n(3.0),
                n(6.0),
                t("Gully cleaning"),
                t(second),
                t(proximity),
                t("Drainage Engineer"),
                d(2026, 10, 15),
                t(note),
                Cell::Blank,
                t(key[0]),
                t(key[1]),
            ]
        };
    let layout = SheetLayout::new("Register")
        .bold_row(header)
        .merge(0, 7, 0, 8)
        .row(risk(
            1.0,
            "HW-01",
            "Culvert survey",
            "6 months",
            "Raise at DMT",
            ["1-4", "Low"],
        ))
        .row(risk(2.0, "HW-02", "", "", "", ["5-9", "Medium"]));
    write_xlsx(&returns.join("highways.xlsx"), &[layout]).unwrap();
    let (directorate, csv_dir) = directorate_with_csv(dir.path());
    let expected = [
        [
            "HW-01",
            "Gully cleaning\nCulvert survey",
            "Proximity: 6 months\nOwner: Drainage Engineer\nColumn M: Raise at DMT",
        ],
        ["HW-02", "Gully cleaning", "Owner: Drainage Engineer"],
    ];
    let columns = ["ID", "Controls", "Other columns"];
    assert_eq!(
        common::column_texts(&directorate, "All risks", &columns),
        expected
    );
    let csv = std::fs::read_to_string(csv_dir.join("all-risks.csv")).unwrap();
    assert!(
        csv.contains(",\"Proximity: 6 months\nOwner: Drainage Engineer\nColumn M: Raise at DMT\","),
        "{csv}"
    );
    // Read back a level up, the lines are kept as they were, once.
    let corporate = dir.path().join("corporate.xlsx");
    consolidate(&[&directorate], "corporate", &corporate);
    assert_eq!(
        common::column_texts(&corporate, "All risks", &columns),
        expected
    );
}

#[test]
fn a_title_above_a_registers_header_names_its_service_where_nothing_else_in_it_does() {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("returns").join("place");
    std::fs::create_dir_all(&returns).unwrap();
    let register = |title: &str, block: &[&str], id: &str| {
        let mut layout = SheetLayout::new("Register").row(texts(&[title]));
        if !block.is_empty() {
            layout = layout.row(texts(block));
        }
        layout
            .row(vec![])
            .bold_row(texts(&[
                "Risk Ref",
                "Risk Title",
                "Risk Owner",
                "Likelihood",
                "Impact",
                "Controls",
                "Last Reviewed",
            ]))
            .row(vec![
                t(id),
                t("Budget pressure"),
                t("Head of Service"),
                n(2.0),
                n(2.0),
                t("Monitoring"),
                t("15/10/2026"),
            ])
    };
    // Files named alike, as a template sent round comes back: the title says whose.
    write_xlsx(
        &returns.join("Risk Register v2.xlsx"),
        &[register("Highways Risk Register 2026/27", &[], "HW-01")],
    )
    .unwrap();
    write_xlsx(
        &returns.join("Risk Register v2 (1).xlsx"),
        &[register("Waste Services Risk Register", &[], "WS-01")],
    )
    .unwrap();
    // A "Service:" line is the service, whatever the title says.
    write_xlsx(
        &returns.join("Risk Register v3.xlsx"),
        &[register(
            "Highways Risk Register",
            &["Service:", "Parking"],
            "PK-01",
        )],
    )
    .unwrap();
    // A title naming no one leaves the file's name to say.
    write_xlsx(
        &returns.join("Fleet.xlsx"),
        &[register("Risk Register 2026/27", &[], "FL-01")],
    )
    .unwrap();
    let out = dir.path().join("out.xlsx");
    consolidate(&[&dir.path().join("returns")], "directorate", &out);
    let mut services: Vec<Vec<String>> =
        common::column_texts(&out, "All risks", &["ID", "Directorate", "Service"]);
    services.sort();
    assert_eq!(
        services,
        [
            ["FL-01", "Place", "Fleet"],
            ["HW-01", "Place", "Highways"],
            ["PK-01", "Place", "Parking"],
            ["WS-01", "Place", "Waste Services"],
        ]
    );
}

#[test]
fn a_risks_details_in_a_row_of_their_own_below_it_are_its_fields() {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("returns").join("place");
    std::fs::create_dir_all(&returns).unwrap();
    let risk = |id: &str, title: &str, likelihood: f64| {
        vec![
            t(id),
            t(title),
            t("Head of Housing"),
            n(likelihood),
            n(4.0),
            n(likelihood * 4.0),
            d(2026, 10, 15),
        ]
    };
    // Each risk's controls and actions in one cell merged across the row below it.
    let layout = SheetLayout::new("Register")
        .bold_row(texts(&[
            "Risk ID",
            "Risk Title",
            "Risk Owner",
            "Likelihood",
            "Impact",
            "Score",
            "Last Reviewed",
        ]))
        .row(risk("HS-01", "Damp and mould claims", 3.0))
        .row(texts(&[
            "Controls: Stock condition survey; damp team. Actions: Recruit two surveyors. Action due: 31/03/2027. Proximity: 6 months",
        ]))
        .merge(2, 0, 2, 6)
        .row(risk("HS-02", "Temporary accommodation costs", 4.0))
        .row(texts(&["Controls: Placement panel. Action due: 31/13/2026"]))
        .merge(4, 0, 4, 6)
        .row(risk("HS-03", "Void turnaround", 1.0));
    let path = returns.join("housing.xlsx");
    write_xlsx(&path, &[layout]).unwrap();
    let directorate = dir.path().join("directorate.xlsx");
    let output = consolidate(&[&path], "directorate", &directorate);
    common::assert_exit(&output, 1);
    assert_eq!(
        findings_of(&directorate, "cell.type"),
        [(
            path.display().to_string(),
            "A5".to_string(),
            "Action due: '31/13/2026' is not a date: expected a date such as 31/10/2026 (day first) or 31-Oct-2026".to_string()
        )]
    );
    // HS-02's actions are missing, but not its due date (written, if wrongly).
    assert_eq!(findings_of(&directorate, "risk.actions-missing").len(), 1);
    assert_eq!(findings_of(&directorate, "risk.controls-missing"), []);
    assert_eq!(
        common::column_texts(
            &directorate,
            "All risks",
            &[
                "ID",
                "Controls",
                "Further actions",
                "Action due",
                "Other columns"
            ]
        ),
        [
            [
                "HS-01",
                "Stock condition survey; damp team",
                "Recruit two surveyors",
                // 31/03/2027, a date.
                "46477",
                "Proximity: 6 months"
            ],
            ["HS-02", "Placement panel", "", "", ""],
            ["HS-03", "", "", "", ""],
        ]
    );
    let ledger = table(&directorate, "Ledger");
    assert_eq!(
        text(ledger_line(&ledger, "Register"), "Reason"),
        "1 x the details of the risk on row 2, read with it; 1 x the details of the risk on row 4, read with it"
    );
}

#[test]
fn one_services_indicator_given_by_two_returns_is_named_once_per_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let returns = tmp.path().join("returns").join("place");
    std::fs::create_dir_all(&returns).unwrap();
    // Highways' return, and a resubmission under another name left beside it: the same
    // service, indicator and months, August's figure corrected.
    let highways = |august: f64| {
        let row = |period: &str, actual: f64| {
            vec![
                t("HW-01"),
                t("Potholes repaired within 28 days"),
                t(period),
                n(actual),
                n(85.0),
                t("%"),
                t("Higher is better"),
            ]
        };
        SheetLayout::new("Highways")
            .row(texts(&["Service:", "Highways"]))
            .bold_row(texts(&[
                "PI Ref",
                "Indicator",
                "Period",
                "Actual",
                "Target",
                "Unit",
                "Polarity",
            ]))
            .row(row("Jul-26", 88.0))
            .row(row("Aug-26", august))
            .row(row("Sep-26", 90.0))
    };
    let first = returns.join("highways.xlsx");
    let again = returns.join("highways-resubmitted.xlsx");
    write_xlsx(&first, &[highways(86.0)]).unwrap();
    write_xlsx(&again, &[highways(87.0)]).unwrap();
    let out = tmp.path().join("place.xlsx");
    consolidate_to("directorate", &out)
        .arg(&returns)
        .assert()
        .code(1);
    let duplicates = findings_of(&out, "indicator.duplicate-period");
    let earlier = returns.join("highways-resubmitted.xlsx");
    assert_eq!(
        duplicates,
        [(
            first.display().to_string(),
            "A3".to_string(),
            format!(
                "3 indicator values of Highways here (the first, HW-01 (Potholes repaired within 28 days) for Jul 2026) are also given by {} › Highways (from row 3), 1 of them with different figures: is one return an old copy of the other? Each is counted twice on the Indicators sheet; leave the copy out of the run.",
                earlier.display()
            )
        )]
    );
    // Both returns' rows are there, and a month given twice has no direction of
    // travel from one of its figures to the other.
    let rows: Vec<(String, String, String)> = table(&out, "Indicators")
        .iter()
        .map(|r| {
            (
                text(r, "Period"),
                text(r, "Actual"),
                text(r, "Direction of travel"),
            )
        })
        .collect();
    // The finding counts on the row it is on: July's, in the plainly named file.
    let errors: Vec<(String, String)> = table(&out, "Indicators")
        .iter()
        .map(|r| (text(r, "Source"), text(r, "Errors")))
        .filter(|(_, errors)| errors != "0")
        .collect();
    assert_eq!(
        errors,
        [(format!("{} › Highways!3", first.display()), "1".to_string())]
    );
    assert_eq!(
        rows.iter()
            .map(|(p, a, d)| (p.as_str(), a.as_str(), d.as_str()))
            .collect::<Vec<_>>(),
        [
            ("Jul 2026", "88", ""),
            ("Jul 2026", "88", ""),
            ("Aug 2026", "87", "Worsening"),
            ("Aug 2026", "86", ""),
            ("Sep 2026", "90", "Improving"),
            ("Sep 2026", "90", ""),
        ]
    );
}

/// The sheet `name` of `workbook` as a layout named `rename`: its values, copied as a
/// lead copying a workbook's sheets into a new one would (dates as their serials).
fn copied_sheet(workbook: &Path, name: &str, rename: &str) -> SheetLayout {
    sheet(workbook, name)
        .into_iter()
        .fold(SheetLayout::new(rename), |layout, row| {
            layout.row(
                row.iter()
                    .map(|cell| match cell {
                        Data::String(s) => t(s),
                        Data::Float(f) => n(*f),
                        Data::Int(i) => n(*i as f64),
                        Data::DateTime(date) => n(date.as_f64()),
                        Data::Empty => Cell::Blank,
                        other => t(&other.to_string()),
                    })
                    .collect(),
            )
        })
}

#[test]
fn a_directorate_workbook_with_its_sheets_renamed_or_deleted_is_still_read_once() {
    let (dir, directorate, _) = sample_directorate();
    // The lead passes on a copy: "All risks" retitled in capitals, the Summary, Heat
    // map, Trends and Ledger deleted.
    let edited = dir.path().join("edited").join("directorate.xlsx");
    std::fs::create_dir_all(edited.parent().unwrap()).unwrap();
    write_xlsx(
        &edited,
        &[
            copied_sheet(&directorate, "Register", "Register"),
            copied_sheet(&directorate, "All risks", "ALL RISKS"),
            copied_sheet(&directorate, "Indicators", "Indicators"),
        ],
    )
    .unwrap();
    let from_original = dir.path().join("corporate-a.xlsx");
    let from_edited = dir.path().join("corporate-b.xlsx");
    consolidate(&[&directorate], "corporate", &from_original);
    consolidate(&[&edited], "corporate", &from_edited);
    let ids = |path: &PathBuf| -> Vec<String> {
        table(path, "All risks")
            .iter()
            .map(|r| text(r, "ID"))
            .collect()
    };
    assert_eq!(ids(&from_original).len(), 36);
    assert_eq!(ids(&from_edited), ids(&from_original));
    let ledger = table(&from_edited, "Ledger");
    assert_eq!(
        number(ledger_line(&ledger, "Register"), "Rows taken"),
        Some(0.0)
    );
}

/// A register sheet of Finance's risks, each (ID, title, impact) at `likelihood`.
fn finance_register(name: &str, likelihood: f64, risks: &[(&str, &str, f64)]) -> SheetLayout {
    let mut sheet = SheetLayout::new(name).bold_row(texts(&[
        "Risk ID",
        "Risk",
        "Risk Owner",
        "Likelihood",
        "Impact",
        "Controls",
    ]));
    for (id, title, impact) in risks {
        sheet = sheet.row(vec![
            t(id),
            t(title),
            t("Head of Finance"),
            n(likelihood),
            n(*impact),
            t("Monitoring"),
        ]);
    }
    sheet
}

#[test]
fn the_same_risks_on_two_sheets_of_one_workbook_are_named_as_repeated() {
    let dir = tempfile::tempdir().unwrap();
    let risks = [
        ("FN-01", "Overspend", 2.0),
        ("FN-02", "Fraud", 2.0),
        ("FN-03", "Audit", 2.0),
    ];
    let register = |name: &str| finance_register(name, 2.0, &risks);
    let path = dir.path().join("finance.xlsx");
    // Two sheets, neither hidden nor named as a copy: which is the copy is the
    // service's to say.
    write_xlsx(&path, &[register("Risks"), register("Finance risks")]).unwrap();
    let out = dir.path().join("out.xlsx");
    consolidate(&[&path], "directorate", &out);
    let repeated: Vec<(String, String, String)> = table(&out, "Findings")
        .into_iter()
        .filter(|r| text(r, "Rule") == "risk.repeated")
        .map(|r| (text(&r, "Sheet"), text(&r, "Cell"), text(&r, "Message")))
        .collect();
    assert_eq!(
        repeated,
        [(
            "Finance risks".to_string(),
            "A2".to_string(),
            "3 risks here (FN-01, FN-02, FN-03) are also in this workbook's sheet 'Risks', with the same IDs and titles: is one an old copy of the other? Each is counted twice on the Register and in the heat map; delete the copy from the workbook.".to_string()
        )]
    );
}

#[test]
fn a_hidden_or_copy_named_copy_of_the_register_is_set_aside_not_counted_twice() {
    let dir = tempfile::tempdir().unwrap();
    let register = |name: &str, risks: &[(&str, &str, f64)]| finance_register(name, 3.0, risks);
    let this_month = [
        ("FN-01", "Overspend", 3.0),
        ("FN-02", "Fraud", 2.0),
        ("FN-03", "Audit", 1.0),
    ];
    // Last month's, hidden; a copy Excel named when the sheet was copied; and a hidden
    // sheet with a risk of its own, which is read.
    let mut hidden = register(
        "Register",
        &[("FN-01", "Overspend", 2.0), ("FN-02", "Fraud", 2.0)],
    );
    hidden.hidden = true;
    let copied = register("Risks (2)", &this_month);
    let mut own = register(
        "Parked",
        &[("FN-01", "Overspend", 2.0), ("FN-09", "Insurance", 2.0)],
    );
    own.hidden = true;
    let path = dir.path().join("finance.xlsx");
    write_xlsx(
        &path,
        &[register("Risks", &this_month), hidden, copied, own],
    )
    .unwrap();
    let out = dir.path().join("out.xlsx");
    consolidate(&[&path], "directorate", &out);
    assert_eq!(
        common::column_texts(&out, "All risks", &["ID", "Source"])
            .into_iter()
            .map(|row| format!("{} {}", row[0], row[1].rsplit('/').next().unwrap()))
            .collect::<Vec<_>>(),
        [
            "FN-01 finance.xlsx \u{203a} Risks!2",
            "FN-02 finance.xlsx \u{203a} Risks!3",
            "FN-03 finance.xlsx \u{203a} Risks!4",
            "FN-01 finance.xlsx \u{203a} Parked!2",
            "FN-09 finance.xlsx \u{203a} Parked!3",
        ]
    );
    let copies: Vec<(String, String)> = table(&out, "Findings")
        .into_iter()
        .filter(|r| text(r, "Rule") == "sheet.copy")
        .map(|r| (text(&r, "Sheet"), text(&r, "Message")))
        .collect();
    assert_eq!(
        copies,
        [
            (
                "Register".to_string(),
                "This sheet is hidden and every risk ID on it is on 'Risks' too, so it is read as a copy of that register: its 2 risks are not checked or counted again, and the Ledger lists them. Delete it if it is an old copy; if its risks are risks of their own, give them IDs of their own.".to_string()
            ),
            (
                "Risks (2)".to_string(),
                "This sheet is named as a copy and every risk ID on it is on 'Risks' too, so it is read as a copy of that register: its 3 risks are not checked or counted again, and the Ledger lists them. Delete it if it is an old copy; if its risks are risks of their own, give them IDs of their own.".to_string()
            ),
        ]
    );
    let (read, taken, left_out, _) = ledger_totals(&out);
    assert_eq!((read, taken, left_out), (10.0, 5.0, 5.0));
}

/// A register sheet headed `id` for its IDs, of risks (ID, title), each owned, scored
/// 2 x 2 and controlled alike.
fn register_of<'a>(id: &str, risks: impl Iterator<Item = (Cell, &'a str)>) -> SheetLayout {
    let heading = [id, "Risk", "Risk Owner", "Likelihood", "Impact", "Controls"];
    let mut layout = SheetLayout::new("Register").bold_row(texts(&heading));
    for (id, title) in risks {
        layout = layout.row(vec![
            id,
            t(title),
            t("Head of Service"),
            n(2.0),
            n(2.0),
            t("Monitoring"),
        ]);
    }
    layout
}

#[test]
fn registers_numbered_alike_clash_once_per_register_not_on_every_row() {
    let dir = tempfile::tempdir().unwrap();
    // Each register numbered from 1.
    let register = |titles: &[&str]| {
        let numbered = titles.iter().enumerate();
        register_of(
            "No.",
            numbered.map(|(i, title)| (n(i as f64 + 1.0), *title)),
        )
    };
    let housing = dir.path().join("housing.xlsx");
    let planning = dir.path().join("planning.xlsx");
    write_xlsx(
        &housing,
        &[register(&["Damp and mould", "Voids", "Arrears"])],
    )
    .unwrap();
    write_xlsx(
        &planning,
        &[register(&["Appeals", "Local plan", "Staffing"])],
    )
    .unwrap();
    let out = dir.path().join("out.xlsx");
    consolidate(&[&housing, &planning], "directorate", &out);
    let clashes = findings_of(&out, "risk.duplicate-id");
    assert_eq!(clashes.len(), 1, "{clashes:?}");
    assert!(clashes[0].0.ends_with("planning.xlsx"));
    assert_eq!(clashes[0].1, "A2");
    assert!(
        clashes[0]
            .2
            .starts_with("3 risk IDs here (1, 2, 3) are also used in ")
            && clashes[0].2.contains(
                "housing.xlsx › Register for different risks (1 there is 'Damp and mould')"
            )
            && clashes[0]
                .2
                .ends_with("give each ID a prefix for its service ('HS-1' rather than '1')."),
        "{}",
        clashes[0].2
    );
    // Every row is still in All risks.
    assert_eq!(table(&out, "All risks").len(), 6);
}

#[test]
fn the_summary_counts_each_services_indicators_by_their_latest_rag() {
    let (_dir, out, _) = sample_directorate();
    // As the one-screen summary says: 1 red, 2 amber, 2 green.
    let summary = sheet(&out, "Summary");
    let top = summary
        .iter()
        .position(|row| {
            row[0] == Data::String("Indicators by service and RAG (latest period reported)".into())
        })
        .expect("the section");
    let rows: Vec<Vec<String>> = summary[top + 1..]
        .iter()
        .take_while(|row| !row[0].to_string().is_empty())
        .map(|row| row[..6].iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(
        rows,
        [
            [
                "Directorate / service",
                "Red",
                "Amber",
                "Green",
                "No RAG",
                "Total"
            ],
            [
                "Adults and Communities / Adult Social Care",
                "1",
                "0",
                "1",
                "0",
                "2"
            ],
            [
                "Children and Families / Children's Safeguarding",
                "0",
                "0",
                "0",
                "1",
                "1"
            ],
            ["Children and Families / Education", "0", "0", "0", "1", "1"],
            // The milestone past its date is Amber as its return gives it.
            [
                "Economy and Environment / Highways",
                "0",
                "1",
                "0",
                "1",
                "2"
            ],
            [
                "Economy and Environment / Waste and Recycling",
                "0",
                "1",
                "1",
                "0",
                "2"
            ],
        ],
        "with no library given, only the returns that state a polarity have a RAG"
    );
    // The headings of the counts stand over them, on the right; the service's on the left.
    let heading_row = top + 2;
    assert_eq!(
        ["A", "B", "F"].map(|column| horizontal_alignment(&out, &format!("{column}{heading_row}"))),
        [None, Some("right".to_string()), Some("right".to_string())]
    );
}

/// The rows of the Summary's off-target section.
fn off_target(out: &Path) -> Vec<Vec<String>> {
    summary_section(
        out,
        "Off target: red and amber indicators, and milestones past their date (latest period reported)",
        7,
    )
}

#[test]
fn the_summary_lists_the_risks_on_the_register_needing_attention() {
    let (_dir, out, _) = sample_directorate();
    // In the Register's order: each open risk whose row, or an action's, lacks an
    // action plan above the appetite, has an action overdue, or an overdue review.
    assert_eq!(
        summary_section(&out, "Risks on the register needing attention", 6),
        [
            ["Title", "ID", "Service", "Score", "Rating", "Needs"],
            [
                "Flood damage to the highway network",
                "HW-06",
                "Highways",
                "16",
                "Very high",
                "a review"
            ],
            [
                "Household waste site closed by fire",
                "WS-03",
                "Waste and Recycling",
                "16",
                "Very high",
                "further actions with an owner and a due date"
            ],
            // Its overdue action is on the return's Action Plan sheet.
            [
                "Delays discharging people from hospital",
                "ASC-02",
                "Adult Social Care",
                "9",
                "High",
                "an overdue action completed or re-dated"
            ],
            [
                "Food waste collection roll-out delayed",
                "WS-05",
                "Waste and Recycling",
                "9",
                "High",
                "an overdue action completed or re-dated"
            ],
        ]
    );
}

#[test]
fn the_summary_lists_the_indicators_off_target_red_first() {
    let (_dir, out, _) = sample_directorate();
    assert_eq!(
        off_target(&out),
        [
            vec![
                "Indicator",
                "Period",
                "Service",
                "Target",
                "Actual",
                "Commentary or action",
                "RAG"
            ],
            // Its return says higher is better; with no library given, that stands.
            vec![
                "ASC-PI-02 Delayed transfers of care (days per 100,000)",
                "Oct 2026",
                "Adult Social Care",
                "9",
                "7.7",
                "",
                "Red"
            ],
            // Past its date and not achieved, whatever RAG its return gives.
            vec![
                "HW-MS-01 Highway asset management plan approved by Cabinet",
                "Oct 2026",
                "Highways",
                "30/09/2026",
                "Not achieved",
                "Past its date. Cabinet report moved to December for the new condition survey",
                "Amber"
            ],
            vec![
                "WS-PI-01 Household waste recycled",
                "Q1 2026/27",
                "Waste and Recycling",
                "55",
                "52.4",
                "Garden waste tonnage down in a dry summer",
                "Amber"
            ],
        ]
    );
    // 22 off target: an amber then 21 reds. The reds come first, twenty are listed,
    // and a line says where the other two are.
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("returns").join("resources");
    std::fs::create_dir_all(&returns).unwrap();
    let mut csv = String::from("PI Ref,Indicator,Polarity,Period,Target,Actual,Commentary\n");
    csv.push_str("RB-00,Calls answered,Higher is better,Sep-26,100,97,Staff vacancies\n");
    for i in 1..=21 {
        csv.push_str(&format!(
            "RB-{i:02},Measure {i},Higher is better,Sep-26,100,50,\n"
        ));
    }
    std::fs::write(returns.join("revenues.csv"), csv).unwrap();
    let out = dir.path().join("directorate.xlsx");
    consolidate(&[&dir.path().join("returns")], "directorate", &out);
    let rows = off_target(&out);
    assert_eq!(rows.len(), 1 + 20 + 1);
    assert_eq!(
        rows[1],
        [
            "RB-01 Measure 1",
            "Sep 2026",
            "Revenues",
            "100",
            "50",
            "",
            "Red"
        ]
    );
    assert!(rows[1..21].iter().all(|row| row[6] == "Red"));
    assert_eq!(
        rows[21][0],
        "and 2 more: filter the Indicators sheet's RAG for them."
    );
}

#[test]
fn the_summary_prints_each_section_whole_on_a_page() {
    use std::io::Read;
    let (_dir, out, _) = sample_directorate();
    let summary = sheet(&out, "Summary");
    let row_of = |title: &str| {
        summary
            .iter()
            .position(|row| row[0] == Data::String(title.into()))
            .expect("the section")
    };
    // Below the returns to chase, the services' band counts would run over the foot
    // of the first page (40 rows), so the page breaks before their section; the top
    // risks would run over the second's, so they start the third.
    let services = row_of("Open risks by service and current band");
    let top = row_of("Top 10 on the register by current score");
    let attention = row_of("Risks on the register needing attention");
    assert_eq!((services, top, attention), (34, 69, 82));
    let mut xml = String::new();
    zip::ZipArchive::new(std::fs::File::open(&out).unwrap())
        .unwrap()
        .by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let breaks: Vec<&str> = xml
        .split("<brk id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert_eq!(breaks, [services.to_string(), top.to_string()]);
}

/// The horizontal alignment of a Summary cell's format, read from the written file.
fn horizontal_alignment(path: &Path, cell: &str) -> Option<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut xml = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
        xml
    };
    let (summary, styles) = (part("xl/worksheets/sheet1.xml"), part("xl/styles.xml"));
    let at = summary.find(&format!("<c r=\"{cell}\""))?;
    let style: usize = summary[at..]
        .split_once(" s=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .and_then(|(index, _)| index.parse().ok())
        .unwrap_or(0);
    let xfs = styles.split_once("<cellXfs").unwrap().1;
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    let xf = xf.split("</xf>").next().unwrap();
    xf.split_once("horizontal=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(alignment, _)| alignment.to_string())
}

#[test]
fn the_summary_follows_the_golden_thread_from_each_priority_to_its_risks_and_indicators() {
    let dir = tempfile::tempdir().unwrap();
    let schema = common::schema_with(
        dir.path(),
        "priorities.toml",
        "priorities = []",
        r#"priorities = ["1. A thriving economy", "2. Homes for all", "3. Clean and green"]"#,
    );
    let returns = dir.path().join("place");
    std::fs::create_dir_all(&returns).unwrap();
    // Cited by name with its number, by number alone, several at once, one not in the
    // plan, none, all of them, "N/A"; a closed risk and an opportunity are not counted.
    std::fs::write(
        returns.join("housing.csv"),
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Last Reviewed,Further Actions,Action Owner,Action Due,Status,Type,Corporate Priority\n\
         H1,Damp and mould,Head of Housing,4,4,16,Surveys,15/10/2026,Repairs,Head of Housing,31/12/2026,Open,Risk,P2 - Homes for all\n\
         H2,Voids,Head of Housing,2,2,4,Lettings,15/10/2026,,,,Open,Risk,Priority 1; Homes for all\n\
         H3,Flooding,Head of Housing,3,4,12,Drains,15/10/2026,Pumps,Head of Housing,31/12/2026,Open,Risk,A greener country\n\
         H4,Arrears,Head of Housing,3,3,9,Advice,15/10/2026,Advice,Head of Housing,31/12/2026,Open,Risk,\n\
         H5,Old system,Head of Housing,3,3,9,None,15/10/2026,,,,Closed,Risk,Priority 1\n\
         H6,Grant funding,Head of Housing,3,3,9,Bids,15/10/2026,,,,Open,Opportunity,Priority 1\n\
         H7,Workforce,Head of Housing,2,2,4,Training,15/10/2026,,,,Open,Risk,All\n\
         H8,Printing,Head of Housing,2,2,4,Contract,15/10/2026,,,,Open,Risk,N/A\n",
    )
    .unwrap();
    // Only each indicator's latest period counts: H-PI-2 was red in September.
    std::fs::write(
        returns.join("housing-indicators.csv"),
        "PI Ref,Indicator,Period,Actual,Target,Polarity,Commentary,Corporate Priority\n\
         H-PI-1,Jobs created,Sep-26,50,100,Higher is better,Slow,Thriving economy\n\
         H-PI-2,Homes let,Sep-26,50,100,Higher is better,Slow,Homes for all (P2)\n\
         H-PI-2,Homes let,Oct-26,100,100,Higher is better,,Homes for all (P2)\n\
         H-PI-3,Rent collected,Oct-26,96,100,Higher is better,Close,\n",
    )
    .unwrap();
    let out = dir.path().join("out.xlsx");
    let run = consolidate_to("directorate", &out)
        .arg("--schema")
        .arg(&schema)
        .arg(&returns)
        .output()
        .unwrap();
    assert!(out.exists(), "{}", String::from_utf8_lossy(&run.stderr));
    let summary = sheet(&out, "Summary");
    let top = summary
        .iter()
        .position(|row| {
            row[0]
                .to_string()
                .starts_with("Corporate priorities: the golden thread")
        })
        .expect("the section");
    let rows: Vec<Vec<String>> = summary[top + 1..]
        .iter()
        .take_while(|row| !row[0].to_string().is_empty())
        .map(|row| row[..8].iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(
        rows,
        [
            [
                "Corporate priority",
                "Open risks",
                "On this register",
                "Indicators",
                "Red",
                "Amber",
                "Green",
                "No RAG"
            ],
            ["1. A thriving economy", "2", "0", "1", "1", "0", "0", "0"],
            ["2. Homes for all", "3", "1", "1", "0", "0", "1", "0"],
            ["3. Clean and green", "1", "0", "0", "0", "0", "0", "0"],
            [
                "A priority not in the plan",
                "1",
                "1",
                "0",
                "0",
                "0",
                "0",
                "0"
            ],
            ["No priority cited", "2", "1", "1", "0", "1", "0", "0"],
        ]
    );
    // Each row names the priorities it cites in the plan's own words, to filter and
    // pivot by, beside the citation as written.
    let in_plan = [
        ["H1", "P2 - Homes for all", "2. Homes for all"],
        [
            "H2",
            "Priority 1; Homes for all",
            "1. A thriving economy; 2. Homes for all",
        ],
        ["H3", "A greener country", "Not in the plan"],
        ["H4", "", ""],
        ["H5", "Priority 1", "1. A thriving economy"],
        ["H6", "Priority 1", "1. A thriving economy"],
        [
            "H7",
            "All",
            "1. A thriving economy; 2. Homes for all; 3. Clean and green",
        ],
        ["H8", "N/A", ""],
    ];
    let mut all = common::column_texts(
        &out,
        "All risks",
        &["ID", "Corporate priority", "Plan priority"],
    );
    all.sort();
    assert_eq!(all, in_plan);
    assert_eq!(
        common::column_texts(
            &out,
            "Indicators",
            &["Indicator ID", "Period", "Plan priority"]
        ),
        [
            ["H-PI-1", "Sep 2026", "1. A thriving economy"],
            ["H-PI-2", "Sep 2026", "2. Homes for all"],
            ["H-PI-2", "Oct 2026", "2. Homes for all"],
            ["H-PI-3", "Oct 2026", ""],
        ]
    );
    // A corporate run over the workbook reads the column as ours, not as the risks'.
    let corporate = dir.path().join("corporate.xlsx");
    let csv_dir = dir.path().join("csv");
    consolidate_to("corporate", &corporate)
        .arg("--schema")
        .arg(&schema)
        .arg(&out)
        .arg("--csv")
        .arg(&csv_dir)
        .output()
        .unwrap();
    let mut again = common::column_texts(
        &corporate,
        "All risks",
        &["ID", "Corporate priority", "Plan priority", "Other columns"],
    );
    again.sort();
    let expected: Vec<Vec<&str>> = in_plan
        .iter()
        .map(|row| [&row[..], &[""]].concat())
        .collect();
    assert_eq!(again, expected);
    let mut csv = csv::Reader::from_path(csv_dir.join("all-risks.csv")).unwrap();
    let headers = csv.headers().unwrap().clone();
    let at = |heading: &str| headers.iter().position(|h| h == heading).unwrap();
    let mut rows: Vec<[String; 3]> = csv
        .records()
        .map(|r| {
            let r = r.unwrap();
            [at("ID"), at("Corporate priority"), at("Plan priority")].map(|i| r[i].to_string())
        })
        .collect();
    rows.sort();
    assert_eq!(rows, in_plan);
}

#[test]
fn the_heat_map_shows_the_risks_before_controls_and_at_their_target_where_the_register_gives_them()
{
    let dir = tempfile::tempdir().unwrap();
    let journey = |out: &Path| -> Vec<String> {
        sheet(out, "Heat map")
            .iter()
            .skip(JOURNEY_GRID_TOP as usize - 3)
            .map(|row| row.first().map(ToString::to_string).unwrap_or_default())
            .filter(|text| !text.is_empty())
            .collect()
    };
    // Current scores alone: no grids of the other stages, empty as they would be.
    let plain = dir.path().join("finance.xlsx");
    write_xlsx(
        &plain,
        &[finance_register(
            "Risks",
            4.0,
            &[("FN-01", "Overspend", 4.0)],
        )],
    )
    .unwrap();
    let out = dir.path().join("plain.xlsx");
    consolidate(&[&plain], "directorate", &out);
    assert_eq!(journey(&out), Vec::<String>::new());
    // One risk of two gives its score before controls, neither a target.
    let returns = dir.path().join("returns");
    std::fs::create_dir_all(&returns).unwrap();
    std::fs::write(
        returns.join("finance.csv"),
        "Risk ID,Risk,Risk Owner,Inherent Likelihood,Inherent Impact,Likelihood,Impact,Controls\n\
         FN-01,Overspend,Head of Finance,5,4,4,4,Monitoring\n\
         FN-02,Fraud,Head of Finance,,,3,4,Monitoring\n",
    )
    .unwrap();
    let out = dir.path().join("journey.xlsx");
    consolidate(&[&returns], "directorate", &out);
    let grid = sheet(&out, "Heat map");
    assert_eq!(
        grid[JOURNEY_GRID_TOP as usize][GRID_LEFT as usize + 3],
        Data::Float(1.0),
        "FN-01 at likelihood 5, impact 4 before controls"
    );
    assert_eq!(
        journey(&out),
        [
            "The same risks before controls (inherent) and at their target: how far controls and further actions move them",
            "Likelihood \u{2191}",
            "5 - Almost certain",
            "4 - Likely",
            "3 - Possible",
            "2 - Unlikely",
            "1 - Rare",
            "Of the 2 risks on the register, 1 gives no likelihood and impact before controls and 2 none at their target: each grid counts those it can place.",
        ]
    );
}

#[test]
fn a_directorate_workbook_made_for_another_month_is_named_at_its_summary() {
    let (dir, out, _) = sample_directorate();
    let directorates = dir.path().join("directorates");
    std::fs::create_dir_all(&directorates).unwrap();
    let made = directorates.join("economy.xlsx");
    std::fs::copy(&out, &made).unwrap();
    let corporate = |as_of: &str, name: &str| {
        let corporate = dir.path().join(name);
        let output = common::consolidate_as_of("corporate", as_of, &corporate)
            .arg(&directorates)
            .output()
            .unwrap();
        (corporate, String::from_utf8(output.stdout).unwrap())
    };
    // Made for this run's reporting date: current.
    let (current, _) = corporate("2026-10-31", "october.xlsx");
    assert_eq!(findings_of(&current, "sheet.out-of-date"), []);
    // Two months on, the same workbook is last period's.
    let (later, stdout) = corporate("2026-12-31", "december.xlsx");
    let file = made.display().to_string();
    let sheets: Vec<String> = table(&later, "Findings")
        .iter()
        .filter(|r| text(r, "Rule") == "sheet.out-of-date")
        .map(|r| text(r, "Sheet"))
        .collect();
    assert_eq!(sheets, ["Summary"]);
    assert_eq!(
        findings_of(&later, "sheet.out-of-date"),
        [(
            file.clone(),
            "B3".to_string(),
            "This consolidated workbook was made for the reporting date 31/10/2026, a month or more before this run's, 31/12/2026: is it last period's? Ask for the current one. Its risks are read as they stand, and their reviews and actions judged at 31/12/2026.".to_string()
        )]
    );
    assert!(
        stdout.contains(&format!(
            "  Out of date           {file} (completed for 31/10/2026)\n"
        )),
        "{stdout}"
    );
    assert_eq!(
        summary_section(&later, "Returns to chase", 3)[1],
        [
            format!("{file} \u{203a} Summary"),
            String::new(),
            "Completed for 31/10/2026, an earlier period: ask for the current one".to_string()
        ]
    );
    // A run for two months before it finds the workbook ahead of its date instead.
    let (earlier, stdout) = corporate("2026-08-31", "august.xlsx");
    assert_eq!(findings_of(&earlier, "sheet.out-of-date"), []);
    assert_eq!(
        findings_of(&earlier, "sheet.ahead-of-date"),
        [(
            file.clone(),
            "B3".to_string(),
            "This consolidated workbook was made for the reporting date 31/10/2026, a month or more after this run's, 31/08/2026: is this run's reporting date (--as-of) wrong? Its risks are read as they stand, and their reviews and actions judged at 31/08/2026.".to_string()
        )]
    );
    assert!(
        stdout.contains(&format!(
            "  Dated ahead           {file} (completed for 31/10/2026)\n"
        )),
        "{stdout}"
    );
}

#[test]
fn the_summary_names_the_indicators_worsening_three_periods_running() {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("returns").join("resources");
    std::fs::create_dir_all(&returns).unwrap();
    let mut csv = String::from("PI Ref,Indicator,Polarity,Period,Target,Actual,Commentary\n");
    for (id, actuals) in [
        // Worse each month from July: named.
        ("RB-1", [90.0, 88.0, 85.0, 83.0, 80.0]),
        // Better in September: not.
        ("RB-2", [90.0, 88.0, 85.0, 86.0, 80.0]),
        // Worse for three months, but from a better June: named, from July on.
        ("RB-3", [95.0, 96.0, 94.0, 93.0, 92.0]),
    ] {
        for (month, actual) in ["Jun 2026", "Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026"]
            .iter()
            .zip(actuals)
        {
            csv.push_str(&format!(
                "{id},Claims processed on time,Higher is better,{month},90,{actual},Backlog\n"
            ));
        }
    }
    std::fs::write(returns.join("revenues.csv"), csv).unwrap();
    let out = dir.path().join("out.xlsx");
    consolidate(&[&returns], "directorate", &out);
    assert_eq!(
        summary_section(
            &out,
            "Worsening three periods running (to the latest period reported)",
            7
        ),
        [
            vec![
                "Indicator",
                "Period",
                "Service",
                "Target",
                "Actual",
                "The periods before it",
                "RAG"
            ],
            vec![
                "RB-1 Claims processed on time",
                "Oct 2026",
                "Revenues",
                "90",
                "80",
                "Jul 2026: 88; Aug 2026: 85; Sep 2026: 83",
                "Red"
            ],
            vec![
                "RB-3 Claims processed on time",
                "Oct 2026",
                "Revenues",
                "90",
                "92",
                "Jul 2026: 96; Aug 2026: 94; Sep 2026: 93",
                "Green"
            ],
        ]
    );
}

#[test]
fn the_returns_with_errors_are_named_for_the_lead_to_send_back() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("returns").join("corporate-services");
    std::fs::create_dir_all(&folder).unwrap();
    let header = "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Last Reviewed\n";
    // Finance: a score that is not L x I, and a likelihood off the scale; ICT: a risk
    // with no owner; HR: a warning alone (no controls), nothing to correct.
    for (file, rows) in [
        (
            "finance.csv",
            "F-1,Budget overspend,Head of Finance,2,3,7,Monitoring,20/10/2026\n\
             F-2,Audit qualification,Head of Finance,6,1,6,Closedown plan,20/10/2026\n",
        ),
        ("ict.csv", "I-1,Cyber attack,,2,4,8,Firewalls,20/10/2026\n"),
        (
            "hr.csv",
            "H-1,Staff turnover,Head of HR,2,2,4,,20/10/2026\n",
        ),
    ] {
        std::fs::write(folder.join(file), format!("{header}{rows}")).unwrap();
    }
    // Legal keeps no review dates at all: a finding on its header, not on a risk's row.
    std::fs::write(
        folder.join("legal.csv"),
        "Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls\n\
         L-1,Judicial review,Head of Legal,2,2,4,Counsel's advice\n",
    )
    .unwrap();
    let named = |output: &std::process::Output| -> Vec<String> {
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .skip_while(|line| !line.starts_with("  With errors"))
            .take_while(|line| !line.starts_with("Written to"))
            .map(str::to_string)
            .collect()
    };
    let file = |name: &str| folder.join(name).display().to_string();
    let directorate = dir.path().join("directorate.xlsx");
    let output = consolidate(&[&dir.path().join("returns")], "directorate", &directorate);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        named(&output),
        [
            format!("  With errors           {} (2 errors)", file("finance.csv")),
            format!("                        {} (1 error)", file("ict.csv")),
        ]
    );
    assert_eq!(
        summary_section(&directorate, "Returns to chase", 3),
        [
            ["Return", "Service", "Why"].map(String::from),
            [
                file("finance.csv"),
                "Finance".into(),
                "2 errors to correct: the Findings sheet lists them".into()
            ],
            [
                file("ict.csv"),
                "Ict".into(),
                "1 error to correct: the Findings sheet lists it".into()
            ],
        ]
    );
    // The Findings sheet says whose each finding is, for the lead to filter by service.
    let places = |out: &Path| {
        common::column_texts(out, "Findings", &["Directorate", "Service", "Cell", "Rule"])
    };
    assert_eq!(
        places(&directorate),
        [
            ["Corporate Services", "Finance", "F2", "risk.score-mismatch"],
            [
                "Corporate Services",
                "Finance",
                "D3",
                "risk.likelihood-range"
            ],
            ["Corporate Services", "Hr", "G2", "risk.controls-missing"],
            ["Corporate Services", "Ict", "C2", "risk.required"],
            ["Corporate Services", "Legal", "A1", "risk.review-overdue"],
        ]
    );
    // A corporate run over the directorate workbook names the services' own returns,
    // by the errors it finds again there (the workbook's score is L x I, so Finance's
    // wrong score is not among them).
    let corporate = dir.path().join("corporate.xlsx");
    let output = consolidate(&[&directorate], "corporate", &corporate);
    assert_eq!(
        named(&output),
        [
            format!("  With errors           {} (1 error)", file("finance.csv")),
            format!("                        {} (1 error)", file("ict.csv")),
        ]
    );
    let services: Vec<[String; 2]> = places(&corporate)
        .into_iter()
        .map(|row| [row[1].clone(), row[3].clone()])
        .collect();
    assert_eq!(
        services,
        [
            ["Finance", "risk.likelihood-range"],
            ["Hr", "risk.controls-missing"],
            ["Ict", "risk.required"],
            ["Legal", "risk.review-overdue"],
        ]
        .map(|row| row.map(String::from))
    );
}

#[test]
fn a_folder_checked_together_shows_the_findings_consolidate_makes_across_its_returns() {
    let tmp = tempfile::tempdir().unwrap();
    let returns = tmp.path().join("returns").join("place");
    std::fs::create_dir_all(&returns).unwrap();
    let register = |rows: &[(&str, &str)]| {
        register_of("Risk ID", rows.iter().map(|&(id, title)| (t(id), title)))
    };
    // Housing and planning numbered alike; parks holding housing's first risk too.
    write_xlsx(
        &returns.join("housing.xlsx"),
        &[register(&[("1", "Damp and mould"), ("2", "Voids")])],
    )
    .unwrap();
    write_xlsx(
        &returns.join("parks.xlsx"),
        &[register(&[
            ("PK-1", "Tree safety"),
            ("1", "Damp and mould"),
        ])],
    )
    .unwrap();
    write_xlsx(
        &returns.join("planning.xlsx"),
        &[register(&[("1", "Appeals"), ("2", "Local plan")])],
    )
    .unwrap();
    // Highways' return, and a resubmission under another name left beside it.
    for (name, actual) in [("highways.csv", 88), ("highways-v2.csv", 89)] {
        std::fs::write(
            returns.join(name),
            format!(
                "Service:,Highways\nPI Ref,Indicator,Period,Actual,Target,Polarity\n\
                 HW-01,Potholes repaired,Oct-26,{actual},85,Higher is better\n"
            ),
        )
        .unwrap();
    }

    let check = |together: bool| {
        let mut command = common::golden_thread();
        command.args(["check", "--format", "json", "--as-of", common::AS_OF]);
        if together {
            command.arg("--together");
        }
        let output = command.arg(&returns).output().unwrap();
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let across: Vec<(String, String, String, String)> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| {
                [
                    "risk.duplicate-id",
                    "risk.repeated",
                    "indicator.duplicate-period",
                ]
                .contains(&f["rule"].as_str().unwrap())
            })
            .map(|f| {
                let text = |key: &str| f[key].as_str().unwrap_or_default().to_string();
                (text("file"), text("cell"), text("rule"), text("message"))
            })
            .collect();
        (output.status.code(), across)
    };
    // Each file alone is clean.
    assert_eq!(check(false), (Some(0), vec![]));

    let (code, across) = check(true);
    assert_eq!(code, Some(1));
    let place = |name: &str| returns.join(name).display().to_string();
    let located: Vec<(&str, &str, &str)> = across
        .iter()
        .map(|(file, cell, rule, _)| (file.as_str(), cell.as_str(), rule.as_str()))
        .collect();
    assert_eq!(
        located,
        [
            (
                place("highways.csv").as_str(),
                "A3",
                "indicator.duplicate-period"
            ),
            (place("parks.xlsx").as_str(), "A3", "risk.repeated"),
            (place("planning.xlsx").as_str(), "A2", "risk.duplicate-id"),
        ]
    );
    assert_eq!(
        across[2].3,
        format!(
            "2 risk IDs here (1, 2) are also used in {} › Register for different risks (1 there is 'Damp and mould'): IDs must be unique across the returns consolidated together. Registers numbered alike clash on every row: give each ID a prefix for its service ('HS-1' rather than '1').",
            place("housing.xlsx")
        )
    );

    // The consolidation finds the same, word for word.
    let out = tmp.path().join("place.xlsx");
    consolidate_to("directorate", &out)
        .arg(&returns)
        .assert()
        .code(1);
    let mut consolidated: Vec<(String, String, String, String)> = Vec::new();
    for rule in [
        "indicator.duplicate-period",
        "risk.repeated",
        "risk.duplicate-id",
    ] {
        consolidated.extend(
            findings_of(&out, rule)
                .into_iter()
                .map(|(file, cell, message)| (file, cell, rule.to_string(), message)),
        );
    }
    assert_eq!(consolidated, across);
    // Consolidating always finds them: it takes no --together.
    consolidate_to("directorate", &out)
        .arg("--together")
        .arg(&returns)
        .assert()
        .code(2);
}
