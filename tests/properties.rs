//! Properties over generated returns: consolidation keeps every row once and its
//! ledger balances; escalation never goes down as a score goes up; and a consolidated
//! workbook reads back as the same risks.

use chrono::NaiveDate;
use golden_thread::check::{CheckOptions, check_inputs, library_of};
use golden_thread::merge::{Level, consolidate};
use golden_thread::read::period::ReturnYear;
use golden_thread::read::{Placement, discover, read_workbook};
use golden_thread::schema::Schema;
use golden_thread::write::consolidated::write_consolidated;
use golden_thread::write::layout::{SheetLayout, n, t, write_xlsx};
use proptest::prelude::*;

mod common;
use common::{REGISTER_HEADER, texts};

/// One generated risk: likelihood, impact, and whether its stated score is wrong.
type GeneratedRisk = (u8, u8, bool);

fn returns() -> impl Strategy<Value = Vec<Vec<GeneratedRisk>>> {
    prop::collection::vec(
        prop::collection::vec((1u8..=5, 1u8..=5, any::<bool>()), 0..12),
        1..5,
    )
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()
}

fn write_returns(dir: &std::path::Path, generated: &[Vec<GeneratedRisk>]) {
    for (file, risks) in generated.iter().enumerate() {
        let mut layout = SheetLayout::new("Register").bold_row(texts(REGISTER_HEADER));
        for (row, (likelihood, impact, wrong)) in risks.iter().enumerate() {
            let score = f64::from(likelihood * impact) + if *wrong { 1.0 } else { 0.0 };
            layout = layout.row(vec![
                t(&format!("F{file}-{row}")),
                t(&format!("Risk {row} of return {file}")),
                t("Head of Service"),
                n(f64::from(*likelihood)),
                n(f64::from(*impact)),
                n(score),
                t("Controls"),
                t("20/10/2026"),
            ]);
        }
        let folder = dir.join("returns").join("corporate");
        std::fs::create_dir_all(&folder).unwrap();
        write_xlsx(&folder.join(format!("return-{file}.xlsx")), &[layout]).unwrap();
    }
}

fn consolidated(dir: &std::path::Path, level: Level) -> golden_thread::merge::Consolidation {
    let schema = Schema::embedded().unwrap();
    let inputs = discover(&[dir.join("returns")]).unwrap();
    let options = CheckOptions {
        as_of: as_of(),
        year: None,
        owners: None,
    };
    let reports = check_inputs(&inputs, &schema, &options);
    let library = library_of(reports.iter().map(|r| &r.read), &schema);
    consolidate(reports, level, &schema.framework, &library, as_of())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_row_is_kept_once_and_the_ledger_balances(generated in returns()) {
        let dir = tempfile::tempdir().unwrap();
        write_returns(dir.path(), &generated);
        let consolidation = consolidated(dir.path(), Level::Directorate);
        let rows: usize = generated.iter().map(Vec::len).sum();
        prop_assert_eq!(consolidation.risks.len(), rows);
        let mut ids: Vec<String> = consolidation.risks.iter().filter_map(|m| m.risk.id.clone()).collect();
        ids.sort();
        ids.dedup();
        prop_assert_eq!(ids.len(), rows, "each row once");
        for entry in &consolidation.ledger {
            prop_assert_eq!(entry.rows_read, entry.rows_taken + entry.rows_left_out);
        }
        let taken: usize = consolidation.ledger.iter().map(|e| e.rows_taken).sum();
        prop_assert_eq!(taken, rows);
        // The Register is exactly the open risks at or above the directorate tolerance.
        let expected = generated.iter().flatten().filter(|(l, i, _)| l * i >= 9).count();
        prop_assert_eq!(consolidation.register().len(), expected);
    }

    #[test]
    fn a_consolidated_workbook_reads_back_as_the_same_risks(generated in returns()) {
        let dir = tempfile::tempdir().unwrap();
        write_returns(dir.path(), &generated);
        let consolidation = consolidated(dir.path(), Level::Directorate);
        let schema = Schema::embedded().unwrap();
        let out = dir.path().join("directorate.xlsx");
        write_consolidated(&consolidation, &schema.framework, &out).unwrap();
        let read = read_workbook(&out, "directorate.xlsx", &Placement::default(), &schema, ReturnYear::given(2026));
        let back: Vec<_> = read.registers().flat_map(|(_, register)| register.rows.risks.iter()).collect();
        prop_assert_eq!(back.len(), consolidation.risks.len());
        for (original, again) in consolidation.risks.iter().zip(back) {
            prop_assert_eq!(&original.risk.id, &again.id);
            prop_assert_eq!(&original.risk.title, &again.title);
            prop_assert_eq!(&original.risk.owner, &again.owner);
            prop_assert_eq!(original.risk.current.likelihood, again.current.likelihood);
            prop_assert_eq!(original.risk.current.impact, again.current.impact);
            prop_assert_eq!(original.current_score, again.current.effective_score());
            prop_assert_eq!(original.risk.last_review, again.last_review);
        }
    }

    #[test]
    fn escalation_never_goes_down_as_the_score_goes_up(low in 1u8..=25, high in 1u8..=25) {
        let schema = Schema::embedded().unwrap();
        let (low, high) = (low.min(high), low.max(high));
        let reached = |score: u8| Level::reached_by(Some(f64::from(score)), &schema.framework);
        prop_assert!(reached(low) <= reached(high));
    }
}
