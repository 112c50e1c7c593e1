//! Risk cards: a risk's fields labelled down a sheet, read as a register of a row per
//! card, with every finding at the card's own cell and every row in the Ledger; and
//! registers with a row for each stage of a risk's scores, read the same way.

use golden_thread::write::layout::{Cell, SheetLayout, d, n, t, write_xlsx};
use serde_json::Value;
use std::path::{Path, PathBuf};

mod common;
use common::{AS_OF, golden_thread};

/// (sheet, cell, rule) of each finding of a `check --format json`.
fn check(path: &Path) -> (Vec<(String, String, String)>, Value) {
    check_all(&[path])
}

/// (sheet, cell, rule) of each finding of a `check --format json` of several files.
fn check_all(paths: &[&Path]) -> (Vec<(String, String, String)>, Value) {
    let output = golden_thread()
        .args(["check", "--format", "json", "--as-of", AS_OF])
        .args(paths)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let text = |key: &str| f[key].as_str().unwrap_or_default().to_string();
            (text("sheet"), text("cell"), text("rule"))
        })
        .collect();
    (found, json)
}

/// `check` of a library beside a housing return of `rows` (PI Ref, Indicator, Period,
/// Target, Actual), written in the library's folder.
fn check_with_return(library: &Path, rows: &str) -> (Vec<(String, String, String)>, Value) {
    let ret = library.with_file_name("housing.csv");
    let header = "Directorate: Place\nPI Ref,Indicator,Period,Target,Actual\n";
    std::fs::write(&ret, format!("{header}{rows}")).unwrap();
    check_all(&[library, &ret])
}

/// (sheet, cell, rule) triples as `check` gives them.
fn owned(expected: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    expected
        .iter()
        .map(|(s, c, r)| (s.to_string(), c.to_string(), r.to_string()))
        .collect()
}

/// A directorate run over `input` into `dir`, ending with exit status `code`: the
/// workbook.
fn directorate_run(dir: &Path, input: impl AsRef<std::ffi::OsStr>, code: i32) -> PathBuf {
    let out = dir.join("directorate.xlsx");
    let run = common::consolidate_to("directorate", &out)
        .arg(input)
        .output()
        .unwrap();
    common::assert_exit(&run, code);
    out
}

/// The Ledger's lines: sheet, rows read, taken and left out, and why.
fn ledger_lines(out: &Path) -> Vec<Vec<String>> {
    common::column_texts(
        out,
        "Ledger",
        &[
            "Sheet",
            "Rows read",
            "Rows taken",
            "Rows left out",
            "Reason",
        ],
    )
}

/// Rows whose last cell, a source, has its folder taken off.
fn file_names(mut rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    for row in &mut rows {
        if let Some(source) = row.last_mut() {
            *source = source.rsplit('/').next().unwrap_or_default().to_string();
        }
    }
    rows
}

/// A card of label | value rows, a sheet to itself, with a title above it.
fn card_sheet(name: &str, id: &str, title: &str, current: [f64; 3], due: Cell) -> SheetLayout {
    let pair = |label: &str, value: Cell| vec![t(label), value];
    SheetLayout::new(name)
        .row(vec![t("Corporate Risk Profile")])
        .row(vec![])
        .row(pair("Risk Ref", t(id)))
        .row(pair("Risk Title", t(title)))
        .row(pair("Risk Owner", t("Director of Finance")))
        .row(pair("Inherent Likelihood", n(5.0)))
        .row(pair("Inherent Impact", n(5.0)))
        .row(pair("Current Likelihood", n(current[0])))
        .row(pair("Current Impact", n(current[1])))
        .row(pair("Current Score", n(current[2])))
        // A risk matrix marking the current score: its axes' labels are no fields.
        .row(vec![t("Risk matrix")])
        .row(vec![t("Likelihood")])
        .row(vec![n(4.0), Cell::Blank, Cell::Blank, t("X")])
        .row(vec![Cell::Blank, t("Impact")])
        // The controls going on across the row, a cell each.
        .row(vec![
            t("Existing Controls"),
            t("Monthly budget monitoring"),
            t("Reserves policy"),
        ])
        .row(pair("Further Actions", t("Savings programme to Cabinet")))
        .row(pair("Action Owner", t("Head of Finance")))
        .row(pair("Due Date", due))
        .row(pair("Last Reviewed", d(2026, 10, 1)))
}

#[test]
fn a_sheet_per_risk_card_is_read_as_a_register_with_findings_at_the_cards_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let returns = tmp.path().join("returns").join("resources");
    std::fs::create_dir_all(&returns).unwrap();
    let path = returns.join("corporate-risks.xlsx");
    write_xlsx(
        &path,
        &[
            card_sheet(
                "CR01",
                "CR01",
                "Failure to set a balanced budget",
                [4.0, 5.0, 20.0],
                d(2027, 3, 31),
            ),
            // A score that does not follow, and an action overdue.
            card_sheet(
                "CR02",
                "CR02",
                "Cyber attack",
                [3.0, 5.0, 12.0],
                d(2026, 9, 30),
            ),
            // The card kept blank, to be copied for the next risk: no finding.
            [
                "Risk Ref",
                "Risk Title",
                "Risk Owner",
                "Likelihood",
                "Impact",
                "Score",
            ]
            .iter()
            .fold(SheetLayout::new("Template"), |sheet, label| {
                sheet.row(vec![t(label)])
            }),
        ],
    )
    .unwrap();
    let (found, json) = check(&path);
    let found: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|(s, c, r)| (s.as_str(), c.as_str(), r.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("CR02", "B10", "risk.score-mismatch"),
            ("CR02", "B18", "risk.action-overdue"),
        ],
        "{json}"
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The score is 12 but likelihood 3 x impact 5 = 15."
    );
    // The cards' sheets are one register, not one each.
    let text = golden_thread()
        .args(["check", "--as-of", AS_OF])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&text.stdout)
            .ends_with("\nChecked 1 file (1 register, 2 risks): 1 error, 1 warning.\n"),
        "{}",
        String::from_utf8_lossy(&text.stdout)
    );
    let out = directorate_run(tmp.path(), tmp.path().join("returns"), 1);
    assert_eq!(
        file_names(common::column_texts(
            &out,
            "All risks",
            &[
                "ID",
                "Owner",
                "Inherent score",
                "Current L",
                "Current I",
                "Current score",
                "Controls",
                "Source"
            ]
        )),
        [
            [
                "CR01",
                "Director of Finance",
                "25",
                "4",
                "5",
                "20",
                "Monthly budget monitoring\nReserves policy",
                "corporate-risks.xlsx › CR01!3"
            ],
            [
                "CR02",
                "Director of Finance",
                "25",
                "3",
                "5",
                "15",
                "Monthly budget monitoring\nReserves policy",
                "corporate-risks.xlsx › CR02!3"
            ],
        ]
    );
    // A card is a row taken; its title, a row left out, and the ledger balances.
    assert_eq!(
        ledger_lines(&out)[..3],
        [
            [
                "CR01",
                "6",
                "1",
                "5",
                "1 x a label with no value, its field given above on the card: 'Impact'; 1 x a label with no value, its field given above on the card: 'Likelihood'; 1 x no field of a card: '4'; 1 x no field of a card: 'Corporate Risk Profile'; 1 x no field of a card: 'Risk matrix'"
            ],
            [
                "CR02",
                "6",
                "1",
                "5",
                "1 x a label with no value, its field given above on the card: 'Impact'; 1 x a label with no value, its field given above on the card: 'Likelihood'; 1 x no field of a card: '4'; 1 x no field of a card: 'Corporate Risk Profile'; 1 x no field of a card: 'Risk matrix'"
            ],
            [
                "Template",
                "6",
                "0",
                "6",
                "a card of labels alone, not filled in (a template)"
            ],
        ]
    );
}

#[test]
fn cards_down_one_sheet_with_pairs_side_by_side_a_table_of_scores_and_labels_with_their_values_are_each_a_risk()
 {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("profiles.xlsx");
    let mut sheet = SheetLayout::new("Risk Profiles").row(vec![t("Corporate risk profiles")]);
    for (id, owner, target_rating) in [
        ("CR01", "Head of ICT", "Medium"),
        ("CR02", "Head of HR", "Low"),
    ] {
        sheet = sheet
            .row(vec![])
            .row(vec![
                t("Risk Ref:"),
                t(id),
                Cell::Blank,
                t("Risk Owner:"),
                t(owner),
            ])
            .row(vec![
                t("Risk Title: Loss of key systems"),
                Cell::Blank,
                Cell::Blank,
                t("Directorate:"),
                t("Resources"),
            ])
            .row(vec![t("Type"), t("Risk")])
            .row(vec![
                Cell::Blank,
                t("Likelihood"),
                t("Impact"),
                t("Score"),
                t("Rating"),
            ])
            .row(vec![t("Inherent"), n(4.0), n(5.0), n(20.0), t("Very high")])
            .row(vec![t("Current"), n(3.0), n(4.0), n(12.0), t("High")])
            .row(vec![t("Target"), n(2.0), n(4.0), n(8.0), t(target_rating)])
            .row(vec![t("Controls: Backups offsite; tested recovery plan")])
            .row(vec![
                t("Further Actions"),
                t("Move to cloud hosting"),
                Cell::Blank,
                t("Due Date"),
                d(2027, 3, 31),
            ])
            // The actions carried on below, a line each.
            .row(vec![Cell::Blank, t("Test restores quarterly")])
            .row(vec![
                t("Action Owner"),
                t(owner),
                Cell::Blank,
                t("Last Reviewed"),
                d(2026, 10, 1),
            ])
            .row(vec![t("Risk appetite: Cautious")]);
    }
    // A footnote naming one field is no card.
    let sheet = sheet.row(vec![]).row(vec![t("Last Reviewed"), t("by DMT")]);
    write_xlsx(&path, &[sheet]).unwrap();
    let (found, json) = check(&path);
    let cells: Vec<(&str, &str)> = found
        .iter()
        .map(|(_, c, r)| (c.as_str(), r.as_str()))
        .collect();
    // CR02's target of 8 is Medium, not Low: at its rating cell in the table of scores.
    assert_eq!(cells, [("E22", "risk.rating-mismatch")], "{json}");
    assert_eq!(
        json["findings"][0]["message"],
        "The target rating says Low, but the score 8 is Medium (4-8)."
    );
    let returns = tmp.path().join("resources");
    std::fs::create_dir_all(&returns).unwrap();
    std::fs::copy(&path, returns.join("profiles.xlsx")).unwrap();
    let out = tmp.path().join("directorate.xlsx");
    common::consolidate_to("directorate", &out)
        .arg(&returns)
        .output()
        .unwrap();
    assert_eq!(
        file_names(common::column_texts(
            &out,
            "All risks",
            &[
                "ID",
                "Title",
                "Owner",
                "Controls",
                "Further actions",
                "Target L",
                "Target I",
                "Source"
            ]
        )),
        [
            [
                "CR01",
                "Loss of key systems",
                "Head of ICT",
                "Backups offsite; tested recovery plan",
                "Move to cloud hosting\nTest restores quarterly",
                "2",
                "4",
                "profiles.xlsx › Risk Profiles!3"
            ],
            [
                "CR02",
                "Loss of key systems",
                "Head of HR",
                "Backups offsite; tested recovery plan",
                "Move to cloud hosting\nTest restores quarterly",
                "2",
                "4",
                "profiles.xlsx › Risk Profiles!16"
            ],
        ]
    );
    assert_eq!(
        common::column_texts(
            &out,
            "Ledger",
            &["Rows read", "Rows taken", "Rows left out", "Reason"]
        )[..1],
        [[
            "8",
            "2",
            "6",
            "1 x continues the card's 'Further Actions' from row 11; 1 x continues the card's 'Further Actions' from row 24; 1 x labels of too few fields for a card (fewer than 4); 1 x no field of a card: 'Corporate risk profiles'; 2 x no field of a card: 'Risk appetite: Cautious'"
        ]]
    );
}

#[test]
fn a_sheet_listing_what_each_field_wants_is_no_card() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("template.xlsx");
    let rows = [
        ("Risk Ref", "A unique reference"),
        ("Risk Title", "What could happen"),
        ("Risk Owner", "The officer accountable"),
        ("Likelihood", "1-5"),
        ("Impact", "1 to 5"),
        ("Score", "L x I"),
    ];
    let sheet = rows
        .iter()
        .fold(SheetLayout::new("Columns"), |sheet, (label, wants)| {
            sheet.row(vec![t(label), t(wants)])
        });
    write_xlsx(&path, &[sheet]).unwrap();
    let (found, _) = check(&path);
    assert_eq!(
        found,
        [(
            String::new(),
            String::new(),
            "sheet.unrecognised".to_string()
        )]
    );
}

#[test]
fn a_cards_table_of_actions_gives_each_a_line_and_a_value_that_reads_as_a_label_is_a_value() {
    let tmp = tempfile::tempdir().unwrap();
    let returns = tmp.path().join("people");
    std::fs::create_dir_all(&returns).unwrap();
    let path = returns.join("hr.xlsx");
    let sheet = SheetLayout::new("HR-07")
        // "Risk Manager" is a heading of the owner's, but here the owner.
        .row(vec![
            t("Risk Ref"),
            t("HR-07"),
            t("Risk Owner"),
            t("Risk Manager"),
        ])
        .row(vec![t("Risk Title"), t("Recruitment of social workers")])
        .row(vec![t("Likelihood / Impact"), t("4 / 4")])
        .row(vec![t("Risk Score"), n(16.0)])
        .row(vec![t("Controls"), t("Market supplement")])
        .row(vec![])
        .row(vec![t("Further Actions"), t("Action Owner"), t("Due Date")])
        .row(vec![
            t("Grow our own scheme"),
            t("Head of HR"),
            d(2027, 3, 31),
        ])
        .row(vec![
            t("Agency framework review"),
            t("Head of Procurement"),
            d(2026, 9, 30),
        ])
        .row(vec![t("Last Reviewed"), d(2026, 10, 1)]);
    write_xlsx(&path, &[sheet]).unwrap();
    let (found, json) = check(&path);
    assert_eq!(
        found,
        [(
            "HR-07".to_string(),
            "C9".to_string(),
            "risk.action-overdue".to_string()
        )],
        "{json}"
    );
    let out = tmp.path().join("directorate.xlsx");
    common::consolidate_to("directorate", &out)
        .arg(&returns)
        .output()
        .unwrap();
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &[
                "ID",
                "Owner",
                "Current L",
                "Current I",
                "Further actions",
                "Action owner"
            ]
        ),
        [[
            "HR-07",
            "Risk Manager",
            "4",
            "4",
            "Grow our own scheme\nAgency framework review",
            "Head of HR\nHead of Procurement"
        ]]
    );
    assert_eq!(
        common::column_texts(&out, "Ledger", &["Rows read", "Rows taken", "Reason"])[0],
        [
            "2",
            "1",
            "1 x continues the card's 'Further Actions' from row 8"
        ]
    );
}

#[test]
fn an_indicators_definition_form_a_sheet_each_is_the_definitions_library() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("definitions.xlsx");
    let form = |id: &str, name: &str, unit: &str, polarity: &str, owner: &str| {
        [
            ("PI Ref", id),
            ("Indicator Name", name),
            ("Definition", "Homes let within 28 days of becoming empty"),
            ("Unit", unit),
            ("Polarity", polarity),
            ("Frequency", "Monthly"),
            ("Data Owner", owner),
        ]
        .into_iter()
        .fold(
            SheetLayout::new(id)
                .row(vec![t("Performance Indicator Definition Form")])
                .row(vec![]),
            |sheet, (label, value)| sheet.row(vec![t(label), t(value)]),
        )
    };
    write_xlsx(
        &path,
        &[
            form(
                "HS1",
                "Homes let within 28 days",
                "Percentage",
                "Higher is better",
                "Head of Housing",
            ),
            // No data owner: at the blank beside its label.
            form(
                "HS2",
                "Average days to relet",
                "Days",
                "Lower is better",
                "",
            ),
        ],
    )
    .unwrap();
    let (found, json) = check_with_return(
        &path,
        "HS1,Homes let within 28 days,Oct-26,85%,80%\n\
         HS9,Rent collected,Oct-26,97%,98%\n",
    );
    // HS1's polarity is the form's, so its 80% against 85% is Red and wants commentary;
    // HS9 is on no form.
    let expected = [
        ("HS2", "B9", "definition.incomplete"),
        ("housing", "A3", "indicator.commentary-missing"),
        ("housing", "A4", "indicator.definition-unknown"),
        ("housing", "A4", "indicator.polarity-unknown"),
    ];
    assert_eq!(found, owned(&expected), "{json}");
}

#[test]
fn a_card_with_no_directorate_is_asked_for_one_on_the_card() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("climate.csv");
    std::fs::write(
        &path,
        "Corporate Risk Profile,\nRisk Ref:,CR05\nRisk Title:,Climate adaptation\n\
         Risk Owner:,Director of Place\nLikelihood:,3\nImpact:,4\nRisk Score:,12\n\
         Controls:,Climate action plan\nFurther Actions:,Adaptation strategy\n\
         Action Owner:,Head of Climate\nDue Date:,31/03/2027\nLast Reviewed:,01/10/2026\n",
    )
    .unwrap();
    let (found, json) = check(&path);
    assert_eq!(
        found,
        [(
            "climate".to_string(),
            "A2".to_string(),
            "sheet.source-unknown".to_string()
        )]
    );
    assert_eq!(
        json["findings"][0]["message"],
        "The directorate of these risks is not recorded: add a 'Directorate:' line to the card, or keep the file in a folder named after it."
    );
}

#[test]
fn a_card_with_no_id_on_a_sheet_named_by_its_reference_takes_the_name_as_its_id() {
    let tmp = tempfile::tempdir().unwrap();
    let returns = tmp.path().join("returns").join("resources");
    std::fs::create_dir_all(&returns).unwrap();
    let path = returns.join("corporate-risks.xlsx");
    let pair = |label: &str, value: Cell| vec![t(label), value];
    let card = |name: &str, title: &str| {
        SheetLayout::new(name)
            .row(vec![t("Corporate Risk Profile")])
            .row(pair("Risk Title", t(title)))
            .row(pair("Risk Owner", t("Director of Finance")))
            .row(pair("Current Likelihood", n(2.0)))
            .row(pair("Current Impact", n(3.0)))
            .row(pair("Existing Controls", t("Monthly budget monitoring")))
            .row(pair("Last Reviewed", d(2026, 10, 1)))
    };
    write_xlsx(
        &path,
        &[
            card("CR01 - Budget", "Failure to set a balanced budget"),
            card("CR02", "Cyber attack"),
            // A name that is no reference: the card has no ID.
            card("Workforce", "Recruitment and retention"),
        ],
    )
    .unwrap();
    let (found, json) = check(&path);
    assert_eq!(
        found,
        [(
            "Workforce".to_string(),
            "A2".to_string(),
            "header.missing-column".to_string()
        )],
        "{json}"
    );
    let out = directorate_run(tmp.path(), tmp.path().join("returns"), 1);
    assert_eq!(
        file_names(common::column_texts(
            &out,
            "All risks",
            &["ID", "Title", "Source"]
        )),
        [
            [
                "CR01",
                "Failure to set a balanced budget",
                "corporate-risks.xlsx › CR01 - Budget!2"
            ],
            ["CR02", "Cyber attack", "corporate-risks.xlsx › CR02!2"],
            [
                "",
                "Recruitment and retention",
                "corporate-risks.xlsx › Workforce!2"
            ],
        ]
    );
}

#[test]
fn a_register_with_a_row_for_each_stage_of_a_risks_scores_is_a_row_per_risk() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("ict.xlsx");
    let blank = || Cell::Blank;
    let sheet = SheetLayout::new("Register")
        .row(vec![
            t("Service: ICT"),
            blank(),
            t("Directorate: Resources"),
        ])
        .bold_row(common::texts(&[
            "Risk ID",
            "Risk",
            "Owner",
            "Stage",
            "Likelihood",
            "Impact",
            "Score",
            "Controls",
            "Further Actions",
            "Action Owner",
            "Due Date",
            "Last Reviewed",
        ]))
        // The ID and title once, the current row carrying the controls and actions.
        .row(vec![
            t("ICT1"),
            t("Cyber attack"),
            t("Head of ICT"),
            t("Inherent"),
            n(5.0),
            n(5.0),
            n(25.0),
            blank(),
            blank(),
            blank(),
            blank(),
            d(2026, 10, 15),
        ])
        .row(vec![
            blank(),
            blank(),
            blank(),
            t("Current"),
            n(4.0),
            n(4.0),
            n(16.0),
            t("Firewalls"),
            t("Penetration test"),
            t("Security lead"),
            d(2027, 3, 31),
        ])
        .row(vec![
            blank(),
            blank(),
            blank(),
            t("Target"),
            n(2.0),
            n(4.0),
            n(8.0),
        ])
        // The ID and title on every row; the current score does not follow.
        .row(vec![
            t("ICT2"),
            t("Server failure"),
            t("Head of ICT"),
            t("Inherent"),
            n(4.0),
            n(4.0),
            n(16.0),
            t("Backups"),
            blank(),
            blank(),
            blank(),
            d(2026, 10, 15),
        ])
        .row(vec![
            t("ICT2"),
            t("Server failure"),
            t("Head of ICT"),
            t("Residual"),
            n(2.0),
            n(4.0),
            n(9.0),
        ])
        .row(vec![
            t("ICT2"),
            t("Server failure"),
            t("Head of ICT"),
            t("Target"),
            n(2.0),
            n(3.0),
            n(6.0),
        ]);
    write_xlsx(&path, &[sheet]).unwrap();
    let (found, json) = check(&path);
    assert_eq!(
        found,
        [(
            "Register".to_string(),
            "G7".to_string(),
            "risk.score-mismatch".to_string()
        )],
        "{json}"
    );
    let out = directorate_run(tmp.path(), &path, 1);
    assert_eq!(
        file_names(common::column_texts(
            &out,
            "All risks",
            &[
                "ID",
                "Inherent score",
                "Current L",
                "Current I",
                "Current score",
                "Target score",
                "Controls",
                "Action due",
                "Source"
            ]
        )),
        [
            [
                "ICT1",
                "25",
                "4",
                "4",
                "16",
                "8",
                "Firewalls",
                // 31/03/2027, a date.
                "46477",
                "ict.xlsx › Register!3"
            ],
            [
                "ICT2",
                "16",
                "2",
                "4",
                "8",
                "6",
                "Backups",
                "",
                "ict.xlsx › Register!6"
            ],
        ]
    );
    // A risk is a row taken; its other stages' rows are read with it.
    assert_eq!(
        ledger_lines(&out)[..1],
        [[
            "Register",
            "6",
            "2",
            "4",
            "1 x the current scores of the risk on row 3, read with it; 1 x the current scores of the risk on row 6, read with it; 1 x the target scores of the risk on row 3, read with it; 1 x the target scores of the risk on row 6, read with it"
        ]]
    );
}

#[test]
fn a_register_with_a_column_per_risk_is_a_row_per_risk_at_its_own_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("corporate.xlsx");
    let blank = || Cell::Blank;
    let across = |label: &str, values: [Cell; 3]| {
        let mut row = vec![t(label)];
        row.extend(values);
        row
    };
    let sheet = SheetLayout::new("Corporate Risks")
        .row(vec![t("Corporate Risk Register - Audit Committee")])
        .row(vec![t("Directorate: Corporate")])
        .row(vec![])
        .row(across("Risk Ref", [t("CR01"), t("CR02"), t("CR03")]))
        .row(across(
            "Risk Title",
            [t("Cyber attack"), t("Budget gap"), t("Care demand")],
        ))
        .row(across(
            "Risk Owner",
            [t("Director of Resources"), t("S151 Officer"), blank()],
        ))
        .row(across("Likelihood", [n(4.0), n(5.0), n(4.0)]))
        .row(across("Impact", [n(5.0), n(4.0), n(4.0)]))
        .row(across("Score", [n(20.0), n(21.0), n(16.0)]))
        .row(across(
            "Controls",
            [t("Firewalls"), t("MTFS"), t("Brokerage")],
        ))
        // A second line of the controls, with no label of its own.
        .row(vec![blank(), t("Staff training"), blank(), t("Reablement")])
        .row(across(
            "Further Actions",
            [t("Pen test"), t("Savings plan"), t("Review")],
        ))
        .row(across(
            "Action Owner",
            [t("Head of ICT"), t("S151 Officer"), blank()],
        ))
        .row(across(
            "Action Due",
            [d(2027, 3, 31), d(2027, 2, 28), d(2026, 12, 31)],
        ))
        .row(across(
            "Last Reviewed",
            [d(2026, 10, 15), d(2026, 10, 15), d(2026, 8, 1)],
        ))
        .row(vec![])
        .row(vec![t("Note: scores agreed at Management Board")]);
    write_xlsx(&path, &[sheet]).unwrap();
    let (found, json) = check(&path);
    let expected = [
        ("Corporate Risks", "D6", "risk.required"),
        ("Corporate Risks", "C9", "risk.score-mismatch"),
        ("Corporate Risks", "D12", "risk.actions-missing"),
        ("Corporate Risks", "D15", "risk.review-overdue"),
    ];
    assert_eq!(found, owned(&expected), "{json}");
    let out = directorate_run(tmp.path(), &path, 1);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &["ID", "Directorate", "Owner", "Current score", "Controls"]
        ),
        [
            [
                "CR01",
                "Corporate",
                "Director of Resources",
                "20",
                "Firewalls\nStaff training"
            ],
            ["CR02", "Corporate", "S151 Officer", "20", "MTFS"],
            ["CR03", "Corporate", "", "16", "Brokerage\nReablement"],
        ]
    );
    assert_eq!(
        ledger_lines(&out)[..1],
        [[
            "Corporate Risks",
            "5",
            "3",
            "2",
            "1 x continues each risk's 'Controls' from the row above; 1 x no field of the risks across the sheet: 'Note: scores agreed at Management Board'"
        ]]
    );
}

#[test]
fn a_register_across_the_sheet_with_a_row_naming_each_stage_reads_each_stages_scores() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("corporate.xlsx");
    let across = |label: &str, values: [Cell; 2]| {
        let mut row = vec![t(label)];
        row.extend(values);
        row
    };
    let scores = |l: [f64; 2], i: [f64; 2]| {
        [
            across("Likelihood", l.map(n)),
            across("Impact", i.map(n)),
            across("Score", [n(l[0] * i[0]), n(l[1] * i[1])]),
        ]
    };
    let [inherent_l, inherent_i, inherent_s] = scores([5.0, 5.0], [5.0, 4.0]);
    let [residual_l, residual_i, residual_s] = scores([4.0, 3.0], [5.0, 4.0]);
    let sheet = SheetLayout::new("CRR")
        .row(vec![t("Directorate: Corporate")])
        .row(across("Risk Ref", [t("CR01"), t("CR02")]))
        .row(across("Risk Title", [t("Cyber attack"), t("Budget gap")]))
        .row(across(
            "Risk Owner",
            [t("Director of Resources"), t("S151 Officer")],
        ))
        .row(vec![t("Inherent Risk")])
        .row(inherent_l)
        .row(inherent_i)
        .row(inherent_s)
        .row(vec![t("Residual Risk")])
        .row(residual_l)
        .row(residual_i)
        .row(residual_s)
        .row(across("Controls", [t("Firewalls"), t("MTFS")]))
        .row(across("Last Reviewed", [d(2026, 10, 15), d(2026, 10, 15)]))
        // A field labelled again.
        .row(across("Owner", [t("Head of ICT"), t("Finance Manager")]));
    write_xlsx(&path, &[sheet]).unwrap();
    let (found, json) = check(&path);
    // No actions for either: each named at the risk's first cell, its ID's.
    let expected = [
        ("CRR", "B2", "risk.actions-missing"),
        ("CRR", "C2", "risk.actions-missing"),
        ("CRR", "A15", "header.duplicate-column"),
    ];
    assert_eq!(found, owned(&expected), "{json}");
    assert_eq!(
        json["findings"][2]["message"],
        "Rows 'Risk Owner' (row 4) and 'Owner' (row 15) both mean Risk owner; the first is used and the second ignored."
    );
    let out = directorate_run(tmp.path(), &path, 1);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &[
                "ID",
                "Inherent score",
                "Current L",
                "Current I",
                "Current score"
            ]
        ),
        [
            ["CR01", "25", "4", "5", "20"],
            ["CR02", "20", "3", "4", "12"],
        ]
    );
    assert_eq!(
        common::column_texts(&out, "Ledger", &["Sheet", "Rows taken", "Reason"])[..1],
        [[
            "CRR",
            "2",
            "1 x the heading of the scores below it: 'Inherent Risk'; 1 x the heading of the scores below it: 'Residual Risk'"
        ]]
    );
}

#[test]
fn a_definitions_library_with_a_column_per_indicator_is_a_definition_per_column() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("definitions.xlsx");
    let across = |label: &str, values: [&str; 3]| {
        let mut row = vec![t(label)];
        row.extend(values.map(t));
        row
    };
    let sheet = SheetLayout::new("PI Definitions")
        .row(across("PI Ref", ["HS1", "HS2", "HS3"]))
        .row(across(
            "Indicator Name",
            [
                "Homes let within 28 days",
                "Average days to relet",
                "Rent collected",
            ],
        ))
        .row(across(
            "Definition",
            ["Lets in 28 days", "Days empty", "Rent in / debit"],
        ))
        .row(across("Unit", ["Percentage", "Days", "Percentage"]))
        .row(across(
            "Polarity",
            ["Higher is better", "Lower is better", "Higher is better"],
        ))
        .row(across("Frequency", ["Monthly", "Monthly", "Monthly"]))
        // HS3 has no data owner, at its own blank cell.
        .row(across(
            "Data Owner",
            ["Head of Housing", "Voids Manager", ""],
        ))
        // A field labelled again, named by its rows and the library's own field.
        .row(across("Indicator Title", ["Lets", "Relets", "Rent"]));
    write_xlsx(&path, &[sheet]).unwrap();
    let (found, json) = check_with_return(
        &path,
        "HS2,Average days to relet,Oct-26,30,35\n\
         HS3,Rent collected,Oct-26,97%,98%\n",
    );
    // Both indicators are the library's: HS2's 35 days against 30 is Red (lower is
    // better) and wants commentary.
    let expected = [
        ("PI Definitions", "D7", "definition.incomplete"),
        ("PI Definitions", "A8", "header.duplicate-column"),
        ("housing", "A3", "indicator.commentary-missing"),
    ];
    assert_eq!(found, owned(&expected), "{json}");
    assert_eq!(
        json["findings"][1]["message"],
        "Rows 'Indicator Name' (row 2) and 'Indicator Title' (row 8) both mean Indicator; the first is used and the second ignored."
    );
}

#[test]
fn a_column_of_guidance_beside_a_card_is_none_of_its_values() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("profile.xlsx");
    let field = |label: &str, value: Cell, guidance: &str| vec![t(label), value, t(guidance)];
    // Some guidance reads as a label ("Likelihood x impact", "Date of last review").
    let sheet = SheetLayout::new("CR01")
        .row(vec![t("Directorate: Resources")])
        .row(common::texts(&["Field", "Entry", "Guidance"]))
        .row(field("Risk Ref", t("CR01"), "Unique reference"))
        .row(field(
            "Risk Title",
            t("Cyber attack"),
            "Short name of the risk",
        ))
        .row(field(
            "Risk Owner",
            t("Director of Resources"),
            "A named director",
        ))
        .row(field(
            "Likelihood",
            n(4.0),
            "Score 1 (rare) to 5 (almost certain)",
        ))
        .row(field("Impact", n(5.0), "Score 1 to 5 from the criteria"))
        .row(field("Score", n(20.0), "Likelihood x impact"))
        .row(field("Controls", t("Firewalls"), "What is in place now"))
        .row(field(
            "Further Actions",
            t("Pen test"),
            "What more will be done",
        ))
        .row(field(
            "Action Owner",
            t("Head of ICT"),
            "Who leads the actions",
        ))
        .row(field("Action Due", d(2027, 3, 31), "When"))
        .row(field(
            "Last Reviewed",
            d(2026, 10, 15),
            "Date of last review",
        ));
    write_xlsx(&path, &[sheet]).unwrap();
    let (found, json) = check(&path);
    assert_eq!(found, [], "{json}");
    let out = directorate_run(tmp.path(), &path, 0);
    assert_eq!(
        common::column_texts(
            &out,
            "All risks",
            &["ID", "Title", "Current score", "Controls", "Last reviewed"]
        ),
        // 15/10/2026, a date.
        [["CR01", "Cyber attack", "20", "Firewalls", "46310"]]
    );
}
