//! Hostile and broken inputs: each file is named after what is wrong with it, built
//! here (the encrypted one is a committed fixture), and checked in one run beside a
//! good register, which must still be checked. Nothing may panic.

use golden_thread::write::layout::{Cell, SheetLayout, f, n, t, write_csv, write_xlsx};
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

mod common;
use common::{REGISTER_HEADER, golden_thread, schema_with, texts};

fn register(rows: Vec<Vec<Cell>>) -> SheetLayout {
    let mut layout = SheetLayout::new("Register").bold_row(texts(REGISTER_HEADER));
    for row in rows {
        layout = layout.row(row);
    }
    layout
}

fn risk(id: &str, score: Cell) -> Vec<Cell> {
    vec![
        t(id),
        t("Budget overspend"),
        t("Head of Finance"),
        n(2.0),
        n(2.0),
        score,
        t("Monthly monitoring"),
        t("20/10/2026"),
    ]
}

/// Copy a zip, leaving out or adding entries.
fn rezip(source: &Path, target: &Path, leave_out: &str, add: Option<(&str, Vec<u8>)>) {
    let mut input = zip::ZipArchive::new(std::fs::File::open(source).unwrap()).unwrap();
    let mut output = zip::ZipWriter::new(std::fs::File::create(target).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..input.len() {
        let mut entry = input.by_index(i).unwrap();
        let name = entry.name().unwrap_or_default().to_string();
        if name == leave_out {
            continue;
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        output.start_file(name, options).unwrap();
        output.write_all(&bytes).unwrap();
    }
    if let Some((name, bytes)) = add {
        output.start_file(name, options).unwrap();
        output.write_all(&bytes).unwrap();
    }
    output.finish().unwrap();
}

/// The corpus, built in `dir/returns/corporate` beside `good.xlsx`.
fn corpus(dir: &Path) -> PathBuf {
    let root = dir.join("returns").join("corporate");
    std::fs::create_dir_all(&root).unwrap();
    let at = |name: &str| root.join(name);
    write_xlsx(
        &at("good.xlsx"),
        &[register(vec![risk("G-1", n(4.0)), risk("G-2", n(5.0))])],
    )
    .unwrap();
    std::fs::write(at("not-a-zip.xlsx"), b"This is not a spreadsheet").unwrap();
    let good = std::fs::read(at("good.xlsx")).unwrap();
    std::fs::write(at("truncated-zip.xlsx"), &good[..good.len() / 3]).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/password-protected.xlsx"),
        at("password-protected.xlsx"),
    )
    .unwrap();
    // 20 MB of zeros deflate to a few kilobytes: over the test's 10 MB unpacked limit.
    rezip(
        &at("good.xlsx"),
        &at("zip-bomb.xlsx"),
        "",
        Some(("xl/media/padding.bin", vec![0u8; 20 * 1024 * 1024])),
    );
    rezip(
        &at("good.xlsx"),
        &at("missing-shared-strings.xlsx"),
        "xl/sharedStrings.xml",
        None,
    );
    // A register whose used range claims the whole grid: one stray value at XFD1048576.
    let mut stray = register(vec![risk("S-1", n(4.0))]);
    stray.rows.resize(1_048_575, vec![]);
    stray.rows.push({
        let mut row = vec![Cell::Blank; 16_383];
        row.push(t("stray"));
        row
    });
    write_xlsx(&at("whole-grid-used.xlsx"), &[stray]).unwrap();
    let long = "Risk described at length. ".repeat(1300);
    let mut long_row = risk("L-1", n(4.0));
    long_row[1] = t(&long[..32_767]);
    write_xlsx(
        &at("text-32767-characters.xlsx"),
        &[register(vec![long_row])],
    )
    .unwrap();
    let mut invalid = b"Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,Controls,Last Reviewed\nU-1,Caf\xe9 contract \xa3 overspend,Head of Finance,2,2,5,Monitoring,20/10/2026\n".to_vec();
    invalid.extend_from_slice(b"");
    std::fs::write(at("invalid-utf8.csv"), invalid).unwrap();
    std::fs::write(
        at("bom-semicolon.csv"),
        "\u{feff}Risk ID;Risk;Risk Owner;Likelihood;Impact;Score;Controls;Last Reviewed\nB-1;Fraud;CFO;2;3;7;Audit;20/10/2026\n",
    )
    .unwrap();
    // Excel in a European locale separates by semicolons; a system's export puts its
    // title, with a comma, on the first line.
    std::fs::write(
        at("title-semicolon.csv"),
        "Finance risks, October 2026\nRisk ID;Risk;Risk Owner;Likelihood;Impact;Score;Controls;Last Reviewed\nT-1;Fraud, theft and error;CFO;2;3;7;Audit;20/10/2026\nT-2;Late accounts;CFO;2;2;4;Closedown plan;20/10/2026\n",
    )
    .unwrap();
    let mut hidden = register(vec![risk("H-1", n(9.0))]);
    hidden.hidden = true;
    write_xlsx(&at("only-sheet-hidden.xlsx"), &[hidden]).unwrap();
    let errors = [
        "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
    ];
    let rows = errors
        .iter()
        .enumerate()
        .map(|(i, e)| risk(&format!("E-{i}"), f("=1/0", e)))
        .collect();
    write_xlsx(&at("every-error-value.xlsx"), &[register(rows)]).unwrap();
    let merged = SheetLayout::new("Register")
        .bold_row(texts(&[
            "Risk ID",
            "Risk",
            "",
            "Risk Owner",
            "Likelihood",
            "Impact",
            "Score",
            "Controls",
            "Last Reviewed",
        ]))
        .row(vec![
            t("M-1"),
            t("Flooding"),
            Cell::Blank,
            t("Head of Highways"),
            n(2.0),
            n(3.0),
            n(6.0),
            t("Gully cleansing"),
            t("20/10/2026"),
        ])
        .merge(0, 1, 0, 2);
    write_xlsx(&at("merged-header.xlsx"), &[merged]).unwrap();
    // An owner merged from the first risk down 60,000 rows (C2:C60001) over two risks:
    // spread over the two rows there are, not over the region's 60,000 blank cells.
    let mut second = risk("L-2", n(4.0));
    second[2] = Cell::Blank;
    let long_merge = register(vec![risk("L-1", n(4.0)), second]).merge(1, 2, 60_000, 2);
    write_xlsx(&at("merged-down-60000-rows.xlsx"), &[long_merge]).unwrap();
    let mut text_numbers = register(vec![]);
    text_numbers = text_numbers.row(vec![
        t("T-1"),
        t("Pension costs"),
        t("CFO"),
        t(" 3 "),
        t("4 - Major"),
        t(" 12 "),
        t("Actuarial review"),
        t("20/10/2026"),
    ]);
    write_xlsx(&at("numbers-as-text.xlsx"), &[text_numbers]).unwrap();
    write_csv(
        &at("formula-injection.csv"),
        &register(vec![vec![
            t("=HYPERLINK(\"http://x\")"),
            t("+cmd|' /C calc'!A0"),
            t("@SUM(A1)"),
            n(1.0),
            n(1.0),
            n(1.0),
            t("-2+3"),
            t("20/10/2026"),
        ]]),
    )
    .unwrap();
    root
}

/// A schema folder whose framework.toml has one limit changed: `from` becomes `to`.
fn framework_with(dir: &Path, from: &str, to: &str) -> PathBuf {
    schema_with(dir, "framework.toml", from, to)
}

/// `check --format json` under the given schema folder.
fn check_with_schema(schema: &Path, inputs: &[&Path]) -> std::process::Output {
    golden_thread()
        .args([
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-10-31",
            "--schema",
        ])
        .arg(schema)
        .args(inputs)
        .output()
        .unwrap()
}

#[test]
fn every_bad_file_is_a_finding_and_the_good_file_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let root = corpus(dir.path());
    // The unpacked-size limit lowered to 10 MB.
    let schema = framework_with(
        dir.path(),
        "max_uncompressed_bytes = 1073741824",
        "max_uncompressed_bytes = 10485760",
    );
    let output = check_with_schema(&schema, &[&root]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let of = |file: &str| -> Vec<(String, String, String)> {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["file"].as_str().unwrap().ends_with(file))
            .map(|f| {
                (
                    f["cell"].as_str().unwrap_or("").to_string(),
                    f["rule"].as_str().unwrap().to_string(),
                    f["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let rules = |file: &str| -> Vec<(String, String)> {
        of(file).into_iter().map(|(c, r, _)| (c, r)).collect()
    };
    let pair = |c: &str, r: &str| (c.to_string(), r.to_string());

    // The good file is checked: G-1's score 4 is right, G-2's 5 is not 2 x 2.
    assert_eq!(rules("/good.xlsx"), vec![pair("F3", "risk.score-mismatch")]);
    assert_eq!(rules("not-a-zip.xlsx"), vec![pair("", "file.unreadable")]);
    assert!(of("not-a-zip.xlsx")[0].2.contains("not a workbook"));
    assert!(
        of("truncated-zip.xlsx")[0]
            .2
            .contains("damaged or truncated")
    );
    assert!(
        of("password-protected.xlsx")[0]
            .2
            .contains("password-protected")
    );
    assert_eq!(rules("zip-bomb.xlsx"), vec![pair("", "file.unreadable")]);
    assert!(
        of("zip-bomb.xlsx")[0]
            .2
            .contains("unpacks to 20 MB, over the limit of 10 MB"),
        "{:?}",
        of("zip-bomb.xlsx")
    );
    // Without its shared strings the sheet cannot be read; the finding says so.
    let missing = of("missing-shared-strings.xlsx");
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].1, "file.unreadable");
    assert!(
        missing[0].2.contains("Cannot read sheet 'Register'")
            && missing[0].2.contains("shared strings"),
        "{missing:?}"
    );
    // A stray value at XFD1048576 costs one cell, not the whole grid; it is left out.
    assert_eq!(rules("whole-grid-used.xlsx"), vec![]);
    assert_eq!(rules("text-32767-characters.xlsx"), vec![]);
    assert_eq!(
        rules("invalid-utf8.csv"),
        vec![pair("F2", "risk.score-mismatch")],
        "read as Windows-1252"
    );
    assert_eq!(
        rules("bom-semicolon.csv"),
        vec![pair("F2", "risk.score-mismatch")]
    );
    assert_eq!(
        rules("title-semicolon.csv"),
        vec![pair("F3", "risk.score-mismatch")],
        "the title's comma does not make it comma-separated"
    );
    assert_eq!(
        rules("only-sheet-hidden.xlsx"),
        vec![pair("F2", "risk.score-mismatch")],
        "a hidden register is still read"
    );
    let errors: Vec<(String, String)> = rules("every-error-value.xlsx");
    assert_eq!(
        errors,
        (2..=8)
            .map(|r| pair(&format!("F{r}"), "cell.formula-error"))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        rules("merged-header.xlsx"),
        vec![],
        "the merged 'Risk' heading spans B:C"
    );
    // ' 3 ', '4 - Major' and ' 12 ' all read as numbers: the score agrees, and 12 needs actions.
    assert_eq!(
        rules("numbers-as-text.xlsx"),
        vec![pair("A2", "risk.actions-missing")]
    );
    assert_eq!(rules("formula-injection.csv"), vec![], "text is data");
    assert_eq!(rules("merged-down-60000-rows.xlsx"), vec![]);
    assert_eq!(json["summary"]["files"], 17);
}

#[test]
fn a_sheet_over_the_cell_limit_is_refused_and_says_which_limit() {
    let dir = tempfile::tempdir().unwrap();
    let schema = framework_with(
        dir.path(),
        "max_cells_per_sheet = 5000000",
        "max_cells_per_sheet = 1000",
    );
    let path = dir.path().join("big.xlsx");
    let mut big = register(vec![]);
    for i in 0..300 {
        big = big.row(risk(&format!("B-{i}"), n(4.0)));
    }
    write_xlsx(&path, &[big]).unwrap();
    let good = dir.path().join("good.xlsx");
    write_xlsx(&good, &[register(vec![risk("G-1", n(5.0))])]).unwrap();
    let output = check_with_schema(&schema, &[&path, &good]);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let big_finding = findings
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with("big.xlsx"))
        .unwrap();
    assert_eq!(big_finding["rule"], "file.unreadable");
    assert_eq!(big_finding["sheet"], "Register");
    assert!(
        big_finding["message"]
            .as_str()
            .unwrap()
            .contains("limits.max_cells_per_sheet")
    );
    assert!(
        findings
            .iter()
            .any(|f| f["file"].as_str().unwrap().ends_with("good.xlsx")
                && f["rule"] == "risk.score-mismatch")
    );
}

#[test]
fn files_over_the_per_run_limit_are_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let schema = framework_with(
        dir.path(),
        "max_files_per_run = 5000",
        "max_files_per_run = 2",
    );
    let returns = dir.path().join("returns");
    std::fs::create_dir_all(&returns).unwrap();
    for name in ["a.xlsx", "b.xlsx", "c.xlsx"] {
        write_xlsx(&returns.join(name), &[register(vec![risk("R-1", n(4.0))])]).unwrap();
    }
    let output = check_with_schema(&schema, &[&returns]);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let unread: Vec<&Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "file.unreadable")
        .collect();
    assert_eq!(unread.len(), 1);
    assert!(unread[0]["file"].as_str().unwrap().ends_with("c.xlsx"));
    assert!(
        unread[0]["message"]
            .as_str()
            .unwrap()
            .contains("limits.max_files_per_run")
    );
}

#[test]
fn a_workbook_that_makes_the_reader_panic_is_reported_as_damaged_without_a_panic_message() {
    // Found by fuzzing: calamine 0.38's compound-file reader slices out of range on it.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad/calamine-cfb-slice-panic.xls");
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.xlsx");
    write_xlsx(&good, &[register(vec![risk("G-1", n(5.0))])]).unwrap();
    let output = golden_thread()
        .args(["check", "--format", "json", "--as-of", "2026-10-31"])
        .arg(&fixture)
        .arg(&good)
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings[0]["rule"], "file.unreadable");
    assert!(findings[0]["message"].as_str().unwrap().contains("damaged"));
    assert!(
        findings
            .iter()
            .any(|f| f["file"].as_str().unwrap().ends_with("good.xlsx")
                && f["rule"] == "risk.score-mismatch")
    );
}

#[test]
fn a_workbook_whose_sectors_run_in_a_circle_is_reported_as_damaged_before_calamine_reads_it() {
    // Found by fuzzing: calamine 0.38 follows the circle for ever, its buffer growing
    // until memory runs out and the process is killed. Looked at first, it is damaged.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad/calamine-cfb-circular-chain.xls");
    let output = golden_thread()
        .args(["check", "--format", "json", "--as-of", "2026-10-31"])
        .arg(&fixture)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["findings"][0]["rule"], "file.unreadable");
    assert_eq!(
        json["findings"][0]["message"],
        "Cannot read this file: the workbook is damaged and cannot be read: a chain of its sectors runs in a circle."
    );
    // On the screen, the closing line says nothing was read from it.
    let output = golden_thread()
        .args(["check", "--as-of", "2026-10-31"])
        .arg(&fixture)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout
            .ends_with("\nChecked 1 file (no register, return or library): 1 error, 0 warnings.\n"),
        "{stdout}"
    );
}

#[test]
#[ignore = "writes a 1,048,576-row register for measuring memory: GT_BIG=path cargo test --release --test bad_inputs million -- --ignored"]
fn million_row_register() {
    let mut layout = register(vec![]);
    for i in 0..1_048_575u32 {
        layout = layout.row(vec![
            t(&format!("R-{i}")),
            t("Risk"),
            t("Owner"),
            n(2.0),
            n(2.0),
            n(4.0),
            t("Controls"),
            t("20/10/2026"),
        ]);
    }
    write_xlsx(Path::new(&std::env::var("GT_BIG").unwrap()), &[layout]).unwrap();
}

/// A sheet of headers one after another, each a word different from the last, is read
/// as a dozen tables at most: the rest are the last table's header repeated. Each
/// table read copies the rows below it, so thousands of such headers once took the
/// run past 24 GB.
#[test]
fn a_sheet_of_many_headers_is_read_as_a_dozen_tables_at_most() {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("returns").join("finance");
    std::fs::create_dir_all(&returns).unwrap();
    let header = |controls: &str| {
        format!("Risk ID,Risk,Risk Owner,Likelihood,Impact,Score,{controls},Last Reviewed\n")
    };
    let mut csv = header("Controls");
    for i in 0..30 {
        csv += &header(if i % 2 == 0 {
            "Existing Controls"
        } else {
            "Controls"
        });
        csv += &format!("R-{i},Budget overspend {i},Head of Finance,2,2,4,Monitoring,20/10/2026\n");
    }
    std::fs::write(returns.join("register.csv"), csv).unwrap();
    let out = dir.path().join("out.xlsx");
    let output = common::consolidate_to("directorate", &out)
        .arg(&returns)
        .output()
        .unwrap();
    common::assert_exit(&output, 0);
    let ledger = common::table(&out, "Ledger");
    assert_eq!(
        ["Rows read", "Rows taken", "Rows left out", "Reason"].map(|h| ledger[0][h].to_string()),
        [
            "60",
            "30",
            "30",
            "11 x the header of another table on the sheet, by which the rows below it are read; 19 x the header repeated (a second table or a printed page)"
        ]
    );
}
