//! `golden-thread check PATH...`: read and check every workbook, print the findings.

use super::{CommandError, Outcome, load_owners, setup};
use crate::cli::{CheckArgs, OutputFormat};
use golden_thread::check::{CheckOptions, check_inputs};
use golden_thread::finding::Tally;
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
    let reports = check_inputs(&inputs, &schema, &ctx);

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
                writeln!(out, "{}", report::summary_line(&reports))
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
