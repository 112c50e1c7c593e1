//! `golden-thread spot-check PATH... --sample N --seed S --out FILE.xlsx` and
//! `golden-thread spot-check verify FILE.xlsx`.

use super::consolidate::refuse_to_overwrite;
use super::{CommandError, Outcome, load_owners, say, setup};
use crate::cli::{OutputFormat, SpotCheckAction, SpotCheckArgs, Stratify, VerifyArgs};
use golden_thread::check::{CheckOptions, check_inputs, library_of};
use golden_thread::merge::indicators::merge_indicators;
use golden_thread::read::{self, spotcheck::read_spotcheck};
use golden_thread::report;
use golden_thread::schema::squash;
use golden_thread::spotcheck::{SampleOptions, missing_rows, sample, verify};
use golden_thread::write::atomic;
use golden_thread::write::spotcheck::{REFERENCE_PREFIX, spotcheck_workbook};
use std::collections::HashSet;
use std::io::IsTerminal;

/// Run `spot-check`.
pub fn run(args: &SpotCheckArgs) -> Result<Outcome, CommandError> {
    if let Some(SpotCheckAction::Verify(verify_args)) = &args.action {
        return run_verify(verify_args);
    }
    let out = args.out.as_ref().ok_or_else(|| {
        CommandError::Usage("spot-check needs --out FILE.xlsx for the workbook to write".into())
    })?;
    if args.paths.is_empty() {
        return Err(CommandError::Usage(
            "spot-check needs the returns to sample from (files or folders)".into(),
        ));
    }
    let (schema, as_of) = setup(&args.common, None)?;
    let owners = load_owners(args.against.owners.as_deref(), &schema)?;
    let inputs = read::discover(&args.against.inputs(&args.paths))?;
    refuse_to_overwrite(&inputs, out)?;
    let options = CheckOptions {
        as_of,
        year: args.against.year,
        owners: owners.as_ref(),
    };
    let mut reports = check_inputs(&inputs, &schema, &options);
    let library = library_of(reports.iter().map(|r| &r.read), &schema);
    let indicators = merge_indicators(&mut reports, &library, as_of);
    let mut history = HashSet::new();
    for path in &args.history {
        let completed = read_spotcheck(path, &schema.framework.limits).map_err(|message| {
            CommandError::SpotCheck {
                path: path.clone(),
                message,
            }
        })?;
        history.extend(
            completed
                .rows
                .iter()
                .map(|row| squash(&row.text(read::spotcheck::columns::INDICATOR_ID))),
        );
    }
    let sample_options = SampleOptions {
        size: args.sample,
        seed: args.seed,
        history,
        stratify_by_service: args.stratify == Some(Stratify::Service),
    };
    let picks = sample(&indicators, &sample_options);
    let mut workbook = spotcheck_workbook(&picks, &library, args.seed, as_of).map_err(|e| {
        CommandError::Write {
            path: out.clone(),
            source: std::io::Error::other(e.to_string()),
        }
    })?;
    atomic::write_with(out, |path| workbook.save(path)).map_err(|source| CommandError::Write {
        path: out.clone(),
        source,
    })?;
    if !args.common.quiet {
        let candidates = indicators
            .iter()
            .filter(|m| golden_thread::spotcheck::sample::can_be_drawn(m))
            .count();
        let mut text = format!(
            "Sampled {} of {candidates} reported values with seed {}:\n",
            picks.len(),
            args.seed
        );
        for (i, pick) in picks.iter().enumerate() {
            let value = &pick.indicator.value;
            text.push_str(&format!(
                "  {REFERENCE_PREFIX}{:03}  {} {} ({})  {}  weight {}: {}\n",
                i + 1,
                value.id.as_deref().unwrap_or("?"),
                value.period.map(|p| p.to_string()).unwrap_or_default(),
                value.service.as_deref().unwrap_or("service not given"),
                value
                    .actual
                    .map(golden_thread::read::grid::format_number)
                    .or_else(|| value.written("actual").map(str::to_string))
                    .unwrap_or_default(),
                pick.weight,
                pick.reasons.join("; ")
            ));
        }
        text.push_str(&format!("Written to {}\n", out.display()));
        say(&text);
    }
    Ok(Outcome::Clean)
}

fn run_verify(args: &VerifyArgs) -> Result<Outcome, CommandError> {
    let (schema, _) = setup(&args.common, None)?;
    let completed = read_spotcheck(&args.file, &schema.framework.limits).map_err(|message| {
        CommandError::SpotCheck {
            path: args.file.clone(),
            message,
        }
    })?;
    let file = args.file.display().to_string();
    let mut verification = verify(&file, &completed.sheet, &completed.rows);
    let missing = missing_rows(&file, &completed.sheet, &completed.rows, completed.drawn);
    verification.summary.missing = missing.len().max(
        completed
            .drawn
            .unwrap_or(0)
            .saturating_sub(completed.rows.len()),
    );
    verification.summary.sampled += verification.summary.missing;
    verification.findings.splice(0..0, missing);
    let summary = &verification.summary;
    let text = match args.format {
        OutputFormat::Json => {
            let document =
                serde_json::json!({ "findings": verification.findings, "summary": summary });
            format!(
                "{}\n",
                serde_json::to_string_pretty(&document).unwrap_or_default()
            )
        }
        OutputFormat::Human => {
            let colour = report::use_colour(std::io::stdout().is_terminal());
            let mut text: String = verification
                .findings
                .iter()
                .map(|f| format!("{}\n", report::finding_line(f, colour)))
                .collect();
            if !args.common.quiet {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&format!(
                    "Spot-check of {}: {} verified, {} corrected, {} could not be verified, {} outstanding{}; {}, {} not signed off.\n",
                    report::plural(summary.sampled, "value"),
                    summary.verified,
                    summary.corrected,
                    summary.unverifiable,
                    summary.outstanding,
                    match summary.missing {
                        0 => String::new(),
                        missing => format!(", {missing} missing from the sheet"),
                    },
                    report::plural(summary.mismatches, "mismatch"),
                    summary.unsigned
                ));
            }
            text
        }
    };
    say(&text);
    Ok(
        if summary.mismatches + summary.unsigned + summary.missing > 0 {
            Outcome::Findings
        } else {
            Outcome::Clean
        },
    )
}
