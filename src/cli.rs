//! The command line: one variant per subcommand; the doc comments are the --help.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Check, consolidate and report council risk registers and performance returns kept in Excel.
#[derive(Debug, Parser)]
#[command(name = "golden-thread", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read and check risk registers, indicator returns and definitions libraries, naming
    /// every problem by its cell.
    #[command(
        after_help = "Examples:\n  golden-thread check returns/\n  golden-thread check highways.xlsx --as-of 2026-10-31 --owners officers.csv\n  golden-thread check returns/ --definitions definitions.xlsx --year 2026\n  golden-thread check returns/ --together --report findings.xlsx\n  golden-thread check returns/ --format json > findings.json"
    )]
    Check(CheckArgs),
    /// Merge service returns (or directorate workbooks) into one formatted workbook.
    #[command(
        after_help = "Examples:\n  golden-thread consolidate returns/ --level directorate --out directorate.xlsx\n  golden-thread consolidate returns/ --level directorate --out directorate.xlsx --annotate send-back\n  golden-thread consolidate directorates/ --level corporate --out corporate.xlsx --csv corporate-csv"
    )]
    Consolidate(ConsolidateArgs),
    /// Draw a reproducible sample of indicator values to spot-check, or verify a completed one.
    #[command(
        args_conflicts_with_subcommands = true,
        after_help = "Examples:\n  golden-thread spot-check returns/ --definitions definitions.xlsx --sample 20 --seed 2026 --out spot-check.xlsx\n  golden-thread spot-check returns/ --sample 30 --seed 7 --stratify service --history q1-spot-check.xlsx --out q2-spot-check.xlsx\n  golden-thread spot-check verify spot-check.xlsx"
    )]
    SpotCheck(SpotCheckArgs),
    /// Compare two periods: new, closed, missing, escalated, stepped-down and rescored risks.
    #[command(
        after_help = "Examples:\n  golden-thread diff september/directorate.xlsx october/directorate.xlsx\n  golden-thread diff returns-september/ returns-october/ --level corporate --format json"
    )]
    Diff(DiffArgs),
    /// Write a blank template, with drop-downs, score formulas and guidance, from the schema.
    #[command(
        after_help = "Examples:\n  golden-thread template risk-register --out service-risk-register.xlsx\n  golden-thread template indicator-return --out indicator-return.xlsx --schema our-schemas/"
    )]
    Template(TemplateArgs),
    /// Build the sample council under DIR and run the whole job on it.
    #[command(after_help = "Example:\n  golden-thread demo --out demo-output")]
    Demo(DemoArgs),
}

/// Options every command takes.
#[derive(Debug, Args, Clone)]
pub struct Common {
    /// The reporting date, YYYY-MM-DD or DD/MM/YYYY (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// A folder of schema files replacing the built-in ones of the same name.
    #[arg(long, value_name = "DIR")]
    pub schema: Option<PathBuf>,
    /// Print only findings: no summary, no progress, no info findings.
    #[arg(long, short)]
    pub quiet: bool,
}

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    /// Lines for people, coloured on a terminal.
    #[default]
    Human,
    /// One JSON document.
    Json,
}

/// `check` options.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Workbooks, CSV files, or folders to search for them.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How to print findings.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Exit 1 on warnings too, not only on errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Also write the findings as a workbook: a row each, cells linked to the returns, a summary.
    #[arg(long, value_name = "FILE.xlsx")]
    pub report: Option<PathBuf>,
    /// Also write, for each workbook, a copy NAME.checked.xlsx in DIR with a fill and a note
    /// on every cell with a finding (the original is never touched).
    #[arg(long, value_name = "DIR")]
    pub annotate: Option<PathBuf>,
    /// Check the files as returns consolidated together, as `consolidate` does: an ID two
    /// returns use for different risks, a risk two returns hold, one service's indicator
    /// two returns give for a period.
    #[arg(long)]
    pub together: bool,
    /// What the returns are checked against.
    #[command(flatten)]
    pub against: Against,
    /// Options every command takes.
    #[command(flatten)]
    pub common: Common,
}

/// The register level to consolidate to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LevelArg {
    /// Service returns into a directorate register (risks at or above the directorate tolerance).
    Directorate,
    /// Service returns or directorate workbooks into the corporate register.
    Corporate,
}

/// `consolidate` options.
#[derive(Debug, Args)]
pub struct ConsolidateArgs {
    /// Returns, consolidated workbooks, or folders to search for them.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The register level to build.
    #[arg(long, value_enum)]
    pub level: LevelArg,
    /// The workbook to write (.xlsx). An input is never overwritten.
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: PathBuf,
    /// Also write the register, all risks and all indicator values as CSV files in this folder.
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// A completed spot-check workbook: its outcomes go on the Data quality sheet.
    #[arg(long, value_name = "FILE.xlsx")]
    pub spot_check: Option<PathBuf>,
    /// Last period's consolidated workbook (or returns folder): adds a Changes sheet, and
    /// names the services whose return is missing this period.
    #[arg(long, value_name = "PATH")]
    pub previous: Vec<PathBuf>,
    /// Also write, for each return (or definitions library) with an error or warning, a
    /// copy with a fill and a note on every cell with a finding, to send back:
    /// NAME.checked.xlsx in this folder.
    #[arg(long, value_name = "DIR")]
    pub annotate: Option<PathBuf>,
    /// What the returns are checked against.
    #[command(flatten)]
    pub against: Against,
    /// Options every command takes.
    #[command(flatten)]
    pub common: Common,
}

/// What returns are checked against: shared by `check` and `consolidate`.
#[derive(Debug, Args, Clone)]
pub struct Against {
    /// An officer directory (CSV or workbook of names and posts): enables risk.owner-unknown.
    #[arg(long, value_name = "FILE")]
    pub owners: Option<PathBuf>,
    /// An indicator definitions library (read with the inputs; a library among the inputs works too).
    #[arg(long, value_name = "FILE")]
    pub definitions: Option<PathBuf>,
    /// The financial year returns are for, by the year it starts: 2026 for 2026/27, or
    /// as written, 2026/27 (default: the year each return names above its table or in
    /// its headings, else the year the reporting date falls in).
    #[arg(long, value_name = "YYYY", value_parser = parse_year)]
    pub year: Option<i32>,
}

impl Against {
    /// The paths to read: those given, and the definitions library.
    pub fn inputs(&self, paths: &[PathBuf]) -> Vec<PathBuf> {
        paths.iter().chain(&self.definitions).cloned().collect()
    }
}

/// How to spread a spot-check sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Stratify {
    /// Take from each service in turn.
    Service,
}

/// `spot-check` options.
#[derive(Debug, Args)]
pub struct SpotCheckArgs {
    /// `verify FILE.xlsx`: read a completed spot-check workbook back.
    #[command(subcommand)]
    pub action: Option<SpotCheckAction>,
    /// Returns, consolidated workbooks, or folders to search for them.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How many values to sample.
    #[arg(long, default_value_t = 20)]
    pub sample: usize,
    /// The seed: the same inputs and seed give the same sample, on any machine.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The spot-check workbook to write.
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: Option<PathBuf>,
    /// Earlier spot-check workbooks: indicators checked in them are weighted down.
    #[arg(long, value_name = "FILE")]
    pub history: Vec<PathBuf>,
    /// Spread the sample across services.
    #[arg(long, value_enum)]
    pub stratify: Option<Stratify>,
    /// What the returns are checked against.
    #[command(flatten)]
    pub against: Against,
    /// Options every command takes.
    #[command(flatten)]
    pub common: Common,
}

/// `spot-check` subcommands.
#[derive(Debug, Subcommand)]
pub enum SpotCheckAction {
    /// Read a completed spot-check workbook: mismatches, unsigned rows and a summary.
    #[command(
        after_help = "Examples:\n  golden-thread spot-check verify spot-check.xlsx\n  golden-thread spot-check verify spot-check.xlsx --format json > verified.json"
    )]
    Verify(VerifyArgs),
}

/// `spot-check verify` options.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The completed spot-check workbook.
    #[arg(value_name = "FILE.xlsx")]
    pub file: PathBuf,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Options every command takes.
    #[command(flatten)]
    pub common: Common,
}

/// `diff` options.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Last period: a register, a consolidated workbook, or a folder of returns.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// This period, the same way.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// The register level escalation is judged at.
    #[arg(long, value_enum, default_value_t = LevelArg::Directorate)]
    pub level: LevelArg,
    /// How to print the comparison.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Options every command takes.
    #[command(flatten)]
    pub common: Common,
}

/// Which template to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateName {
    /// A service risk register.
    RiskRegister,
    /// An indicator return, a row per indicator per period.
    IndicatorReturn,
    /// An indicator definitions library.
    Definitions,
}

/// `template` options.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Which template.
    #[arg(value_enum)]
    pub name: TemplateName,
    /// The workbook to write.
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: PathBuf,
    /// Options every command takes.
    #[command(flatten)]
    pub common: Common,
}

/// `demo` options.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to write the sample council and the results.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Options every command takes (the reporting date defaults to the samples' own, 31 October 2026).
    #[command(flatten)]
    pub common: Common,
}

/// A financial year by the year it starts (2026), or as written (2026/27, 2026-27,
/// 2026/2027): the year it starts.
fn parse_year(text: &str) -> Result<i32, String> {
    let wrong = || {
        format!(
            "'{text}' is not a financial year: give the year it starts in, such as 2026, or the year as written, 2026/27"
        )
    };
    let (start, end) = match text.trim().split_once(['/', '-']) {
        Some((start, end)) => (start, Some(end)),
        None => (text.trim(), None),
    };
    if start.len() != 4 {
        return Err(wrong());
    }
    let year: i32 = start.parse().map_err(|_| wrong())?;
    // The year after, in full or by its last two digits.
    let next = |end: &str| match end.len() {
        2 => end.parse::<i32>().ok() == Some((year + 1) % 100),
        4 => end.parse::<i32>().ok() == Some(year + 1),
        _ => false,
    };
    match end {
        Some(end) if !next(end) => Err(wrong()),
        _ => Ok(year),
    }
}

/// A reporting date as ISO writes it (2026-10-31), or as a UK officer types it
/// (31/10/2026), never in US order.
fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    use chrono::NaiveDate;
    let iso = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    // With its four-digit year: "31/10/26" is not in the year 26.
    let uk = || {
        let year = text.rsplit('/').next()?;
        (year.len() == 4)
            .then(|| NaiveDate::parse_from_str(text, "%d/%m/%Y").ok())
            .flatten()
    };
    iso.or_else(uk).ok_or_else(|| {
        format!("'{text}' is not a date in the form YYYY-MM-DD (or DD/MM/YYYY), such as 2026-10-31")
    })
}
