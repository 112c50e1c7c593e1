//! `golden-thread consolidate PATH... --level L --out FILE.xlsx`: read, check and merge
//! every return, and write one formatted workbook.

use super::{CommandError, Outcome, load_owners, say, setup};
use crate::cli::{ConsolidateArgs, LevelArg};
use golden_thread::check::register::Dated;
use golden_thread::check::{CheckOptions, check_inputs_with_progress};
use golden_thread::merge::{self, Consolidation, Level};
use golden_thread::read::{self, Input};
use golden_thread::report::plural;
use golden_thread::schema::Framework;
use golden_thread::write::{atomic, consolidated, csv_export};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// What a consolidation wrote, for the summary.
pub struct Written {
    /// The workbook.
    pub workbook: PathBuf,
    /// CSV files, if asked for.
    pub csv: Vec<PathBuf>,
    /// Where asked for, the annotated copies.
    pub annotated: Option<Annotated>,
}

/// The annotated copies of the returns with something to correct, to send back.
pub struct Annotated {
    /// Their folder.
    pub dir: PathBuf,
    /// The copies written.
    pub copies: Vec<PathBuf>,
    /// Copies in the folder from an earlier run, of returns with nothing to correct now:
    /// not to send.
    pub stale: Vec<PathBuf>,
}

/// Run `consolidate`.
pub fn run(args: &ConsolidateArgs) -> Result<Outcome, CommandError> {
    let (schema, as_of) = setup(&args.common, None)?;
    let owners = load_owners(args.against.owners.as_deref(), &schema)?;
    let level = match args.level {
        LevelArg::Directorate => Level::Directorate,
        LevelArg::Corporate => Level::Corporate,
    };
    let ctx = CheckOptions {
        as_of,
        year: args.against.year,
        owners: owners.as_ref(),
    };
    let (consolidation, written) = consolidate_to(
        &args.against.inputs(&args.paths),
        level,
        &schema,
        &ctx,
        &Target {
            out: &args.out,
            csv_dir: args.csv.as_deref(),
            spot_check: args.spot_check.as_deref(),
            previous: &args.previous,
            annotate: args.annotate.as_deref(),
            quiet: args.common.quiet,
        },
    )?;
    if !args.common.quiet {
        say(&summary(&consolidation, &schema.framework, &written));
    }
    let outcome = if consolidation.tally().errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    };
    // The process ends next: the system takes the memory back at once, where freeing
    // every string of a large consolidation one by one takes a noticeable pause
    // (0.12 s for 1,000 returns).
    std::mem::forget(consolidation);
    Ok(outcome)
}

/// Read, check and merge everything under `paths`, and write the workbook to `out`
/// (and CSV files to `csv_dir`). Inputs are never overwritten.
pub fn consolidate_to(
    paths: &[PathBuf],
    level: Level,
    schema: &golden_thread::schema::Schema,
    options: &CheckOptions,
    target: &Target,
) -> Result<(Consolidation, Written), CommandError> {
    let out = target.out;
    let inputs = without_output(read::discover(paths)?, out);
    refuse_to_overwrite(&inputs, out)?;
    let progress = progress_bar(inputs.len() as u64, target.quiet);
    let reports = check_inputs_with_progress(&inputs, schema, options, &|| progress.inc(1));
    progress.finish_and_clear();
    let library = golden_thread::check::library_of(reports.iter().map(|r| &r.read), schema);
    let mut consolidation =
        merge::consolidate(reports, level, &schema.framework, &library, options.as_of);
    if !target.previous.is_empty() {
        let previous = merged(target.previous, level, schema, options)?;
        consolidation.compare_with(&previous);
    }
    if let Some(path) = target.spot_check {
        let completed =
            read::spotcheck::read_spotcheck(path, &schema.framework.limits).map_err(|message| {
                CommandError::SpotCheck {
                    path: path.to_path_buf(),
                    message,
                }
            })?;
        let file = path.display().to_string();
        consolidation.data_quality = merge::quality::data_quality(
            &consolidation,
            Some((&file, &completed.sheet, &completed.rows)),
        );
    }
    let mut written = write_outputs(
        &consolidation,
        &schema.framework,
        out,
        target.csv_dir,
        &inputs,
    )?;
    if let Some(dir) = target.annotate {
        let copies = annotate(dir, &inputs, &consolidation, schema)?;
        let stale = stale_copies(dir, &inputs, &copies);
        written.annotated = Some(Annotated {
            dir: dir.to_path_buf(),
            copies,
            stale,
        });
    }
    Ok((consolidation, written))
}

/// An annotated copy in `dir` of each return (or library) with an error or warning,
/// its findings those the consolidation found on it (across returns too), to send back
/// to the service: the paths written.
fn annotate(
    dir: &Path,
    inputs: &[Input],
    consolidation: &Consolidation,
    schema: &golden_thread::schema::Schema,
) -> Result<Vec<PathBuf>, CommandError> {
    use golden_thread::finding::{Finding, Severity};
    let mut by_file: std::collections::HashMap<&str, Vec<Finding>> =
        std::collections::HashMap::new();
    for finding in &consolidation.findings {
        by_file
            .entry(finding.file.as_str())
            .or_default()
            .push(finding.clone());
    }
    let copies = inputs.iter().filter_map(|input| {
        let findings = by_file.get(input.display.as_str())?;
        let to_send = findings.iter().any(|f| f.severity != Severity::Info)
            && !consolidation.unreadable_files.contains(&input.display);
        to_send.then_some((input, findings.as_slice()))
    });
    super::check::annotate(dir, inputs, copies, schema)
}

/// The copies in `dir` an earlier run wrote of returns this run read and wrote no copy
/// of, as they have nothing to correct now: `NAME.checked.xlsx` for a return `NAME`.
/// They are left where they are (a file in the lead's folder is the lead's), and named
/// so that they are not sent back.
fn stale_copies(dir: &Path, inputs: &[Input], written: &[PathBuf]) -> Vec<PathBuf> {
    let mut stale: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|input| {
            let stem = input.path.file_stem()?.to_string_lossy();
            let copy = dir.join(super::check::copy_name(&stem, 1));
            (!written.contains(&copy) && copy.is_file()).then_some(copy)
        })
        .collect();
    stale.sort();
    stale.dedup();
    stale
}

/// Read, check and merge everything under `paths` without writing anything: last
/// period's side of a comparison.
pub fn merged(
    paths: &[PathBuf],
    level: Level,
    schema: &golden_thread::schema::Schema,
    options: &CheckOptions,
) -> Result<Consolidation, CommandError> {
    let inputs = read::discover(paths)?;
    let reports = golden_thread::check::check_inputs(&inputs, schema, options);
    let library = golden_thread::check::library_of(reports.iter().map(|r| &r.read), schema);
    Ok(merge::consolidate(
        reports,
        level,
        &schema.framework,
        &library,
        options.as_of,
    ))
}

/// Where a consolidation goes, and what else goes into it.
pub struct Target<'a> {
    /// Last period's consolidated workbook or returns, to compare with.
    pub previous: &'a [PathBuf],
    /// The workbook.
    pub out: &'a Path,
    /// A folder for CSV exports.
    pub csv_dir: Option<&'a Path>,
    /// A verified spot-check workbook for the Data quality sheet.
    pub spot_check: Option<&'a Path>,
    /// A folder for annotated copies of the returns with errors or warnings.
    pub annotate: Option<&'a Path>,
    /// No progress bar.
    pub quiet: bool,
}

/// Write the workbook (and CSV files) atomically; `inputs` are never overwritten.
pub fn write_outputs(
    consolidation: &Consolidation,
    framework: &Framework,
    out: &Path,
    csv_dir: Option<&Path>,
    inputs: &[Input],
) -> Result<Written, CommandError> {
    consolidated::write_consolidated(consolidation, framework, out).map_err(|source| {
        CommandError::Write {
            path: out.to_path_buf(),
            source,
        }
    })?;
    let mut csv = Vec::new();
    if let Some(dir) = csv_dir {
        let files = csv_export::export(dir, consolidation, framework).map_err(|source| {
            CommandError::Write {
                path: dir.to_path_buf(),
                source,
            }
        })?;
        for (path, bytes) in files {
            refuse_to_overwrite(inputs, &path)?;
            atomic::write_bytes(&path, &bytes).map_err(|source| CommandError::Write {
                path: path.clone(),
                source,
            })?;
            csv.push(path);
        }
    }
    Ok(Written {
        workbook: out.to_path_buf(),
        csv,
        annotated: None,
    })
}

/// The output of an earlier run, found among the inputs, is not read as an input:
/// it is about to be replaced. Only a workbook `consolidate` wrote is passed over;
/// any other input at the output path stays, and `refuse_to_overwrite` stops the run.
fn without_output(inputs: Vec<Input>, out: &Path) -> Vec<Input> {
    let Ok(out) = out.canonicalize() else {
        return inputs;
    };
    if !read::is_consolidated_workbook(&out) {
        return inputs;
    }
    inputs
        .into_iter()
        .filter(|input| input.path.canonicalize().ok().as_deref() != Some(out.as_path()))
        .collect()
}

/// Stop if `out` is an input, whatever path or link leads to it.
pub fn refuse_to_overwrite(inputs: &[Input], out: &Path) -> Result<(), CommandError> {
    let Ok(out_resolved) = out.canonicalize() else {
        return Ok(());
    };
    for input in inputs {
        if input.path.canonicalize().ok().as_deref() == Some(out_resolved.as_path()) {
            return Err(CommandError::WouldOverwriteInput {
                out: out.to_path_buf(),
                input: input.path.clone(),
            });
        }
    }
    Ok(())
}

fn progress_bar(files: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() || files < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(files), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}") {
        bar.set_style(style);
    }
    bar
}

/// The one-screen summary printed at the end.
pub fn summary(consolidation: &Consolidation, framework: &Framework, written: &Written) -> String {
    let mut text = format!(
        "Consolidated {} ({} could not be read) into the {} register, {}.\n",
        plural(consolidation.files.len(), "file"),
        consolidation.unreadable_files.len(),
        consolidation.level.label().to_lowercase(),
        consolidation.as_of.format("%d/%m/%Y")
    );
    for (label, value) in summary_lines(consolidation, framework) {
        text.push_str(&format!("  {label:<22}{value}\n"));
    }
    returns_to_chase(&mut text, consolidation);
    text.push_str(&format!("Written to {}\n", written.workbook.display()));
    for path in &written.csv {
        text.push_str(&format!("           {}\n", path.display()));
    }
    if let Some(annotated) = &written.annotated {
        text.push_str(&format!(
            "Annotated {} with findings, to send back, in {}\n",
            plural(annotated.copies.len(), "workbook"),
            annotated.dir.display()
        ));
        if !annotated.stale.is_empty() {
            let names: Vec<String> = annotated
                .stale
                .iter()
                .filter_map(|path| Some(path.file_name()?.to_string_lossy().into_owned()))
                .collect();
            text.push_str(&format!(
                "  Not to send: {} from an earlier run, whose {} nothing to correct now\n",
                names.join(", "),
                if names.len() == 1 {
                    "return has"
                } else {
                    "returns have"
                }
            ));
        }
    }
    text
}

/// The summary's counts, each with its label: risks, levels, indicators, findings, the
/// ledger, and the changes since last period where it was given.
fn summary_lines(
    consolidation: &Consolidation,
    framework: &Framework,
) -> Vec<(&'static str, String)> {
    let tally = consolidation.tally();
    let opportunities = consolidation
        .risks
        .iter()
        .filter(|m| m.risk.kind == golden_thread::model::Kind::Opportunity)
        .count();
    let read: usize = consolidation.ledger.iter().map(|e| e.rows_read).sum();
    let taken: usize = consolidation.ledger.iter().map(|e| e.rows_taken).sum();
    let left: usize = consolidation.ledger.iter().map(|e| e.rows_left_out).sum();
    let reaching = |level: Level, tolerance: u8| {
        format!(
            "{} (open, score {tolerance} or more, or recorded there)",
            consolidation.reaching(level),
        )
    };
    let risks = match opportunities {
        0 => consolidation.risks.len().to_string(),
        n => format!("{} ({n} of them opportunities)", consolidation.risks.len()),
    };
    let mut lines = vec![
        ("Risks read", risks),
        (
            "On the register",
            consolidation.on_register().count().to_string(),
        ),
        (
            "Reaching directorate",
            reaching(Level::Directorate, framework.escalation.directorate),
        ),
        (
            "Reaching corporate",
            reaching(Level::Corporate, framework.escalation.corporate),
        ),
        (
            "Needing attention",
            format!(
                "{} on the register (no action plan, an action or review overdue)",
                consolidation
                    .needing_attention(&consolidation.register())
                    .len()
            ),
        ),
        ("Indicator values", indicator_summary(consolidation)),
        (
            "Findings",
            format!(
                "{}, {} (Findings sheet)",
                plural(tally.errors, "error"),
                plural(tally.warnings, "warning")
            ),
        ),
        (
            "Ledger",
            format!("{read} rows read = {taken} taken + {left} left out"),
        ),
    ];
    if let Some(changes) = &consolidation.changes {
        let parts: Vec<String> = merge::changes::counts(changes)
            .iter()
            .map(|(c, n)| format!("{n} {}", c.label().to_lowercase()))
            .collect();
        lines.push(("Since last period", parts.join(", ")));
    }
    lines
}

/// The files left out, those completed for an earlier period or a later one, with
/// last period given the services whose return is not among this period's, and the
/// returns with errors to correct, by name, so the lead knows whom to chase.
fn returns_to_chase(text: &mut String, consolidation: &Consolidation) {
    name_files(
        text,
        "Could not read",
        consolidation.unreadable_files.iter().cloned(),
    );
    for (label, dated) in [
        ("Out of date", Dated::Before),
        ("Dated ahead", Dated::After),
    ] {
        name_files(
            text,
            label,
            consolidation
                .dated_apart
                .iter()
                .filter(|apart| apart.dated == dated)
                .map(|apart| format!("{} (completed for {})", apart.file, apart.written)),
        );
    }
    name_files(
        text,
        "No return from",
        consolidation
            .no_return
            .iter()
            .map(|group| format!("{} (last period: {})", group.service, group.file)),
    );
    name_files(
        text,
        "With errors",
        consolidation
            .returns_with_errors()
            .iter()
            .map(|with| format!("{} ({})", with.file, plural(with.errors, "error"))),
    );
}

/// A line per file under a label, each once, the first five, then how many more.
fn name_files(text: &mut String, label: &str, named: impl IntoIterator<Item = String>) {
    let mut files: Vec<String> = Vec::new();
    for file in named {
        if !files.contains(&file) {
            files.push(file);
        }
    }
    const NAMED: usize = 5;
    for (i, file) in files.iter().take(NAMED).enumerate() {
        let label = if i == 0 { label } else { "" };
        text.push_str(&format!("  {label:<22}{file}\n"));
    }
    if files.len() > NAMED {
        text.push_str(&format!(
            "  {:<22}and {} more (Findings sheet)\n",
            "",
            files.len() - NAMED
        ));
    }
}

/// "43 (latest period: 3 red, 1 amber, 3 green)", and the milestones past their date.
fn indicator_summary(consolidation: &Consolidation) -> String {
    use golden_thread::model::Rag;
    let indicators = &consolidation.indicators;
    if indicators.is_empty() {
        return "0".to_string();
    }
    let latest = golden_thread::write::consolidated::latest_reported(indicators);
    let count = |rag: Rag| {
        latest
            .iter()
            .filter(|m| m.rag_counted() == Some(rag))
            .count()
    };
    let late = latest
        .iter()
        .filter(|m| m.milestone_late(consolidation.as_of))
        .count();
    format!(
        "{} (latest period: {} red, {} amber, {} green{})",
        indicators.len(),
        count(Rag::Red),
        count(Rag::Amber),
        count(Rag::Green),
        match late {
            0 => String::new(),
            1 => "; 1 milestone past its date".to_string(),
            n => format!("; {n} milestones past their date"),
        }
    )
}
