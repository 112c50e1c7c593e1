//! `golden-thread check PATH...`: read and check every workbook, print the findings.

use super::{CommandError, Outcome, load_owners, setup};
use crate::cli::{CheckArgs, OutputFormat};
use golden_thread::check::{CheckOptions, check_inputs};
use golden_thread::finding::{Finding, Tally};
use golden_thread::{read, report};
use std::io::{IsTerminal, Write};

/// Run `check`.
pub fn run(args: &CheckArgs) -> Result<Outcome, CommandError> {
    let (schema, as_of) = setup(&args.common, None)?;
    let owners = load_owners(args.against.owners.as_deref(), &schema)?;
    let paths = args.against.inputs(&args.paths);
    let inputs = read::discover(&paths)?;
    let ctx = CheckOptions {
        as_of,
        year: args.against.year,
        owners: owners.as_ref(),
    };
    let mut reports = check_inputs(&inputs, &schema, &ctx);
    if args.together {
        golden_thread::check::across_files(&mut reports);
    }

    if let Some(path) = &args.report {
        super::consolidate::refuse_to_overwrite(&inputs, path)?;
        let mut workbook =
            golden_thread::write::report::findings_workbook(&reports).map_err(|e| {
                CommandError::Write {
                    path: path.clone(),
                    source: std::io::Error::other(e.to_string()),
                }
            })?;
        golden_thread::write::atomic::write_with(path, |temporary| workbook.save(temporary))
            .map_err(|source| CommandError::Write {
                path: path.clone(),
                source,
            })?;
    }
    if let Some(dir) = &args.annotate {
        let readable = reports.iter().filter(|r| r.read.format.is_some());
        let copies = readable.map(|report| (&report.input, report.findings.as_slice()));
        annotate(dir, &inputs, copies, &schema)?;
    }
    let stdout = std::io::stdout();
    let colour = report::use_colour(stdout.is_terminal());
    let mut out = stdout.lock();
    let written = match args.format {
        OutputFormat::Json => report::write_json(&mut out, &reports),
        OutputFormat::Human => report::write_human(&mut out, &reports, args.common.quiet, colour)
            .and_then(|()| {
                if args.common.quiet {
                    return Ok(());
                }
                let any = reports.iter().any(|r| !r.findings.is_empty());
                if any {
                    writeln!(out)?;
                }
                writeln!(out, "{}", report::summary_line(&reports, as_of))
            }),
    };
    // A closed pipe (`| head`) is not a failure of the check.
    if let Err(error) = written
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(CommandError::Write {
            path: "standard output".into(),
            source: error,
        });
    }
    let tally = Tally::of(reports.iter().flat_map(|r| r.findings.iter()));
    let failing = tally.errors > 0 || (args.deny_warnings && tally.warnings > 0);
    Ok(if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// The name of the `n`th annotated copy (from 1) of workbooks named `stem`:
/// `NAME.checked.xlsx`, then `NAME-2.checked.xlsx` for a second of the same name.
pub(super) fn copy_name(stem: &str, n: u32) -> String {
    match n {
        0 | 1 => format!("{stem}.checked.xlsx"),
        n => format!("{stem}-{n}.checked.xlsx"),
    }
}

/// Write `<name>.checked.xlsx` in `dir` for each workbook given, with its findings:
/// the paths written.
pub(super) fn annotate<'a>(
    dir: &std::path::Path,
    inputs: &[golden_thread::read::Input],
    copies: impl IntoIterator<Item = (&'a golden_thread::read::Input, &'a [Finding])>,
    schema: &golden_thread::schema::Schema,
) -> Result<Vec<std::path::PathBuf>, CommandError> {
    let mut used = std::collections::HashSet::new();
    let mut written = Vec::new();
    for (input, findings) in copies {
        let stem = input
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut n = 1;
        let mut name = copy_name(&stem, n);
        while !used.insert(name.clone()) {
            n += 1;
            name = copy_name(&stem, n);
        }
        let out = dir.join(name);
        super::consolidate::refuse_to_overwrite(inputs, &out)?;
        let opened =
            golden_thread::read::open::open(&input.path, &schema.framework.limits, &|_| true)
                .map_err(|e| CommandError::Write {
                    path: out.clone(),
                    source: std::io::Error::other(e.0),
                })?;
        let mut workbook =
            golden_thread::write::annotate::annotated_workbook(&opened.sheets, findings).map_err(
                |e| CommandError::Write {
                    path: out.clone(),
                    source: std::io::Error::other(e.to_string()),
                },
            )?;
        golden_thread::write::atomic::write_with(&out, |path| workbook.save(path)).map_err(
            |source| CommandError::Write {
                path: out.clone(),
                source,
            },
        )?;
        written.push(out);
    }
    Ok(written)
}
