//! `golden-thread demo --out DIR`: build the sample council under DIR and run the whole
//! job on it, writing each output beside the samples.

use super::{CommandError, Outcome, consolidate, say, setup};
use crate::cli::DemoArgs;
use chrono::NaiveDate;
use golden_thread::check::{CheckOptions, FileReport, OwnerDirectory, check_inputs};
use golden_thread::merge::{Consolidation, Level};
use golden_thread::report;
use golden_thread::write::atomic;
use golden_thread::write::samples::{self, paths};
use std::path::Path;

/// The seed of the demo's spot-check sample.
const SPOT_CHECK_SEED: u64 = 2026;

/// The two samples saved by LibreOffice, embedded so the demo runs from any folder.
const CONVERTED: &[(&str, &[u8])] = &[
    (
        paths::HOUSING,
        include_bytes!("../../samples/returns/adults-and-communities/housing.xls"),
    ),
    (
        paths::EDUCATION,
        include_bytes!("../../samples/returns/children-and-families/education.ods"),
    ),
];

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> CommandError + '_ {
    move |source| CommandError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Run `demo`.
pub fn run(args: &DemoArgs) -> Result<Outcome, CommandError> {
    let (schema, as_of) = setup(&args.common, Some(samples::reporting_date()))?;
    let samples_dir = args.out.join("samples");
    write_samples(&samples_dir)?;
    let owners_path = samples_dir.join(paths::OFFICERS);
    let owners =
        OwnerDirectory::load(&owners_path, &schema).map_err(|message| CommandError::Owners {
            path: owners_path.clone(),
            message,
        })?;
    let definitions = samples_dir.join(paths::DEFINITIONS);
    let inputs =
        golden_thread::read::discover(&[samples_dir.join("returns"), definitions.clone()])?;
    let ctx = CheckOptions {
        as_of,
        year: None,
        owners: Some(&owners),
    };
    let mut reports = check_inputs(&inputs, &schema, &ctx);
    let quiet = args.common.quiet;
    let summary = write_findings(&args.out, &reports, as_of)?;
    if !quiet {
        say(&format!(
            "Sample council written to {}\n",
            samples_dir.display()
        ));
        say(&format!("Reporting date {}\n\n", as_of.format("%d/%m/%Y")));
        say(&summary);
    }
    // Each directorate's returns into its own workbook, then those into the corporate one.
    let directorates_dir = args.out.join("directorates");
    let mut folders: Vec<_> = std::fs::read_dir(samples_dir.join("returns"))
        .map_err(io_error(&samples_dir))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let out = directorates_dir.join(format!("{name}.xlsx"));
        let target = consolidate::Target {
            out: &out,
            csv_dir: None,
            spot_check: None,
            previous: &[],
            annotate: None,
            quiet: true,
        };
        let inputs = [folder, definitions.clone()];
        let outcome =
            consolidate::consolidate_to(&inputs, Level::Directorate, &schema, &ctx, &target)?;
        if !quiet {
            say(&format!("{}\n", consolidated(&outcome, &schema)));
        }
    }
    let corporate = args.out.join("corporate.xlsx");
    let csv_dir = args.out.join("corporate-csv");
    let target = consolidate::Target {
        out: &corporate,
        csv_dir: Some(&csv_dir),
        spot_check: None,
        previous: &[],
        annotate: None,
        quiet: true,
    };
    let inputs = [directorates_dir, definitions];
    let outcome = consolidate::consolidate_to(&inputs, Level::Corporate, &schema, &ctx, &target)?;
    if !quiet {
        say(&consolidated(&outcome, &schema));
    }
    // A spot-check sample of the indicator values, for a checker to verify.
    let library = golden_thread::check::library_of(reports.iter().map(|r| &r.read), &schema);
    let indicators =
        golden_thread::merge::indicators::merge_indicators(&mut reports, &library, as_of);
    let spot_check = args.out.join("spot-check.xlsx");
    let sampled = write_spot_check(&spot_check, &indicators, &library, as_of)?;
    if !quiet {
        say(&format!(
            "\nspot-check: {sampled} indicator values sampled with seed {SPOT_CHECK_SEED} for checking, in {}\n",
            spot_check.display()
        ));
    }
    Ok(Outcome::Clean)
}

/// The sample council under `dir`: built by code, with the two samples an office suite
/// saved (.xls and .ods) beside them.
fn write_samples(dir: &Path) -> Result<(), CommandError> {
    samples::build(dir, false).map_err(|error| CommandError::Write {
        path: dir.to_path_buf(),
        source: std::io::Error::other(error.to_string()),
    })?;
    for (relative, bytes) in CONVERTED {
        let path = dir.join(relative);
        atomic::write_bytes(&path, bytes).map_err(io_error(&path))?;
    }
    Ok(())
}

/// `check`'s findings written as text and JSON under `out`; returns what the demo says
/// of them: `check`'s summary line and where the findings are.
fn write_findings(
    out: &Path,
    reports: &[FileReport],
    as_of: NaiveDate,
) -> Result<String, CommandError> {
    let mut human = Vec::new();
    report::write_human(&mut human, reports, false, false).map_err(io_error(out))?;
    let summary = report::summary_line(reports, as_of);
    human.extend_from_slice(format!("\n{summary}\n").as_bytes());
    let text_path = out.join("check-findings.txt");
    atomic::write_bytes(&text_path, &human).map_err(io_error(&text_path))?;
    let mut json = Vec::new();
    report::write_json(&mut json, reports).map_err(io_error(out))?;
    let json_path = out.join("check-findings.json");
    atomic::write_bytes(&json_path, &json).map_err(io_error(&json_path))?;
    Ok(format!(
        "check: {summary}\n       findings in {} and {}\n\n",
        text_path.display(),
        json_path.display()
    ))
}

/// A consolidation's one-screen summary.
fn consolidated(
    (consolidation, written): &(Consolidation, consolidate::Written),
    schema: &golden_thread::schema::Schema,
) -> String {
    consolidate::summary(consolidation, &schema.framework, written)
}

/// A spot-check sample of ten of the indicator values, written to `path`; returns how
/// many were sampled.
fn write_spot_check(
    path: &Path,
    indicators: &[golden_thread::merge::indicators::MergedIndicator],
    library: &golden_thread::check::Library,
    as_of: NaiveDate,
) -> Result<usize, CommandError> {
    let options = golden_thread::spotcheck::SampleOptions {
        size: 10,
        seed: SPOT_CHECK_SEED,
        ..Default::default()
    };
    let picks = golden_thread::spotcheck::sample(indicators, &options);
    let mut workbook = golden_thread::write::spotcheck::spotcheck_workbook(
        &picks,
        library,
        SPOT_CHECK_SEED,
        as_of,
    )
    .map_err(|e| CommandError::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })?;
    atomic::write_with(path, |path| workbook.save(path)).map_err(io_error(path))?;
    Ok(picks.len())
}
