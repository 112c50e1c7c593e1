//! A consolidated workbook read beside the returns it was built from (last month's
//! directorate workbook left in the returns folder, or a directorate workbook passed
//! with its own services' returns) holds copies of their rows. Those rows are set
//! aside, so that each risk and indicator value is counted once, from the file its
//! service keeps; the ledger says of which file each is a copy, and an info finding
//! says so on the sheet.
//!
//! A file that is the same, byte for byte, as another input (a return saved twice) is
//! set aside whole in the same way, with a `file.duplicate` warning.
//!
//! A register kept a sheet per month ("Aug 2026", "Sep 2026", "Oct 2026"), each
//! month's copied from the last, holds each risk once a month: the current month's
//! sheet is the register, and the others are set aside as its history, with a
//! `sheet.other-period` info finding each. So is a wide indicator return kept a
//! sheet per month, each the year to date.

use super::names::sheet_period;
use super::{Input, RowLeftOut, SheetContent, WorkbookRead};
use crate::finding::{Finding, Rule};
use crate::model::{Period, Source};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::Path;

/// An input of the run, as a copy's provenance is matched against it.
struct Original {
    /// Its path's names, lower-cased, from the root down.
    names: Vec<String>,
    /// Its sheets.
    sheets: BTreeSet<String>,
    /// How findings name it.
    display: String,
}

/// Set aside, in every read, the rows a consolidated workbook copied from another
/// file of this run. `reads` and `inputs` are in the same order.
pub fn set_aside_copies(reads: &mut [WorkbookRead], inputs: &[Input]) {
    let noted = |read: &WorkbookRead| {
        read.sheets.iter().any(|sheet| match &sheet.content {
            SheetContent::RiskRegister(register) => {
                register.rows.risks.iter().any(|r| r.source_note.is_some())
            }
            SheetContent::IndicatorReturn(values) => {
                values.values.iter().any(|v| v.source_note.is_some())
            }
            _ => false,
        })
    };
    if !reads.iter().any(noted) {
        return;
    }
    let originals: Vec<Original> = reads
        .iter()
        .zip(inputs)
        .map(|(read, input)| Original {
            names: path_names(&input.path),
            sheets: read.sheets.iter().map(|s| s.name.clone()).collect(),
            display: read.file.clone(),
        })
        .collect();
    // The inputs by their file's name, so that each link looks at few.
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (position, original) in originals.iter().enumerate() {
        if let Some(name) = original.names.last() {
            by_name.entry(name.as_str()).or_default().push(position);
        }
    }
    for (position, read) in reads.iter_mut().enumerate() {
        if !noted(read) {
            continue;
        }
        let copy_of = |note: Option<&str>| -> Option<String> {
            Source::chain(note?).into_iter().find_map(|link| {
                let wanted = text_names(link.file);
                by_name
                    .get(wanted.last()?.as_str())?
                    .iter()
                    .map(|&other| (other, &originals[other]))
                    .find(|(other, original)| {
                        *other != position
                            && original.names.ends_with(&wanted)
                            && original.sheets.contains(link.sheet)
                    })
                    .map(|(_, original)| original.display.clone())
            })
        };
        let copied = set_aside_rows(read, &|_, note| copy_of(note), &|file| {
            format!("a copy of a row of {file}, which this run reads itself")
        });
        let notices: Vec<Finding> = copied
            .into_iter()
            .map(|(sheet, risks, values, files)| {
                Finding::file(
                    &read.file,
                    Rule::SheetCopiedRows,
                    copied_message(risks, values, &files),
                )
                .on_sheet(&sheet)
            })
            .collect();
        read.findings.extend(notices);
    }
}

/// Set aside the risks and indicator rows of `read` that `copy_of` (given a row's sheet
/// and source note) says are copies of another file's, with `reason` (given that file) in
/// the ledger, and the reading findings on those rows. Per sheet with rows set aside:
/// its name, the risks and indicator values set aside, and the files they copy.
fn set_aside_rows(
    read: &mut WorkbookRead,
    copy_of: &dyn Fn(&str, Option<&str>) -> Option<String>,
    reason: &dyn Fn(&str) -> String,
) -> Vec<(String, usize, usize, BTreeSet<String>)> {
    let mut set_aside: BTreeSet<(String, u32)> = BTreeSet::new();
    let mut copied = Vec::new();
    for sheet in &mut read.sheets {
        // Each row set aside, with the file it is a copy of.
        let mut rows: BTreeMap<u32, String> = BTreeMap::new();
        let (mut risks, mut values) = (0, 0);
        let name = sheet.name.as_str();
        let left_out = match &mut sheet.content {
            SheetContent::RiskRegister(register) => {
                risks = take_copies(&mut register.rows.risks, name, copy_of, &mut rows, |r| {
                    (r.source.as_ref(), r.source_note.as_deref())
                });
                register
                    .rows
                    .findings
                    .retain(|f| !f.row.is_some_and(|r| rows.contains_key(&r)));
                &mut register.rows.left_out
            }
            SheetContent::IndicatorReturn(sheet_read) => {
                values = take_copies(&mut sheet_read.values, name, copy_of, &mut rows, |v| {
                    (v.source.as_ref(), v.source_note.as_deref())
                });
                sheet_read.rows_taken -= rows.len().min(sheet_read.rows_taken);
                &mut sheet_read.left_out
            }
            _ => continue,
        };
        if rows.is_empty() {
            continue;
        }
        // The ledger counts reasons by their words: one reason per file copied.
        left_out.extend(rows.iter().map(|(&row, file)| RowLeftOut {
            row,
            reason: reason(file),
        }));
        left_out.sort_by_key(|left| left.row);
        set_aside.extend(rows.keys().map(|&row| (sheet.name.clone(), row)));
        copied.push((
            sheet.name.clone(),
            risks,
            values,
            rows.into_values().collect(),
        ));
    }
    // Reading findings on the rows set aside belong to the copy, not to the file the
    // risk is kept from.
    read.findings
        .retain(|finding| match (&finding.sheet, finding.row) {
            (Some(sheet), Some(row)) => !set_aside.contains(&(sheet.clone(), row)),
            _ => true,
        });
    copied
}

/// Take out of `items` (a sheet's risks or indicator values) those `copy_of` says are
/// copies, each one's row put in `rows` with what `copy_of` gave; how many were taken.
/// `origin` gives an item's source and source note.
fn take_copies<T>(
    items: &mut Vec<T>,
    sheet: &str,
    copy_of: &dyn Fn(&str, Option<&str>) -> Option<String>,
    rows: &mut BTreeMap<u32, String>,
    origin: impl Fn(&T) -> (Option<&Source>, Option<&str>),
) -> usize {
    let before = items.len();
    items.retain(|item| {
        let (source, note) = origin(item);
        match copy_of(sheet, note) {
            Some(file) => {
                rows.insert(source.map_or(0, |s| s.row), file);
                false
            }
            None => true,
        }
    });
    before - items.len()
}

/// Set aside the registers of a service's files for other periods than the one read:
/// last month's register left beside this month's ("housing-september-2026.xlsx" and
/// "housing-october-2026.xlsx", one service by their names less the period). The file
/// for the latest period begun by the reporting date is read; the others' risks are
/// set aside, listed in the Ledger, with a `file.other-period` info finding each. Only
/// files whose names give a period, and only their registers: a month's indicator
/// return holds that month's figures, which the next month's may not.
pub fn set_aside_earlier_registers(reads: &mut [WorkbookRead], inputs: &[Input], as_of: NaiveDate) {
    let year = Period::year_of(as_of);
    // Each file holding a register (its position and the period its name gives), by
    // its directorate and service.
    type Dated = Vec<(usize, Period)>;
    let mut by_service: BTreeMap<(Option<String>, String), Dated> = BTreeMap::new();
    for (position, (read, input)) in reads.iter().zip(inputs).enumerate() {
        let (Some(service), Some(stem)) = (&input.placement.service, input.path.file_stem()) else {
            continue;
        };
        if read.registers().next().is_none() {
            continue;
        }
        let stem = stem.to_string_lossy();
        let Some(period) = super::names::file_period(&stem, year) else {
            continue;
        };
        by_service
            .entry((input.placement.directorate.clone(), service.clone()))
            .or_default()
            .push((position, period));
    }
    for files in by_service.values() {
        let begun = files
            .iter()
            .filter(|(_, period)| period.start() <= as_of)
            .max_by_key(|(_, period)| period.start());
        let Some(&(current, current_period)) =
            begun.or_else(|| files.iter().min_by_key(|(_, period)| period.start()))
        else {
            continue;
        };
        let current_file = reads[current].file.clone();
        for &(position, period) in files {
            if period == current_period {
                continue;
            }
            let read = &mut reads[position];
            let registers: BTreeSet<String> =
                read.registers().map(|(name, _)| name.to_string()).collect();
            let when = if period.start() < current_period.start() {
                "an earlier"
            } else {
                "a later"
            };
            let noun = period.frequency().noun();
            let set_aside = set_aside_rows(
                read,
                &|sheet, _| registers.contains(sheet).then(|| current_file.clone()),
                &|file| format!("{when} {noun}'s register ({period}): the one read is {file}"),
            );
            let risks: usize = set_aside.iter().map(|(_, risks, _, _)| risks).sum();
            for sheet in &mut read.sheets {
                if let SheetContent::RiskRegister(register) = &mut sheet.content {
                    register.rows.findings.clear();
                }
            }
            read.findings.retain(|f| {
                !f.sheet
                    .as_deref()
                    .is_some_and(|sheet| registers.contains(sheet))
            });
            let chosen = if current_period.start() <= as_of {
                format!(
                    "the latest begun by the reporting date {}",
                    as_of.format("%d/%m/%Y")
                )
            } else {
                "the earliest, as none had begun by the reporting date".to_string()
            };
            let count = match risks {
                1 => "its 1 risk is".to_string(),
                n => format!("its {n} risks are"),
            };
            read.findings.push(Finding::file(
                &read.file,
                Rule::FileOtherPeriod,
                format!(
                    "This file is the service's register for {period}; {current_file}, its register for {current_period}, {chosen}, is the one read: {count} not checked or counted again, and the Ledger lists them."
                ),
            ));
        }
    }
}

/// Set aside every row of a file that is the same, byte for byte, as an earlier input
/// (a return saved twice, "highways (1).xlsx"): its rows are counted once, from the
/// first, and it has one finding, `file.duplicate`, instead of the first's again.
pub fn set_aside_duplicate_files(reads: &mut [WorkbookRead], inputs: &[Input]) {
    let mut by_size: HashMap<u64, Vec<usize>> = HashMap::new();
    for (position, input) in inputs.iter().enumerate() {
        if let Ok(metadata) = std::fs::metadata(&input.path) {
            by_size.entry(metadata.len()).or_default().push(position);
        }
    }
    let mut first_of: BTreeMap<usize, usize> = BTreeMap::new();
    for positions in by_size.into_values().filter(|p| p.len() > 1) {
        // Files of one size, by a hash of their bytes; a match is confirmed byte for
        // byte. Each list is a set of identical files.
        let mut seen: HashMap<u64, Vec<Vec<usize>>> = HashMap::new();
        for position in positions {
            let Ok(bytes) = std::fs::read(&inputs[position].path) else {
                continue;
            };
            let mut hasher = std::hash::DefaultHasher::new();
            bytes.hash(&mut hasher);
            let same_hash = seen.entry(hasher.finish()).or_default();
            let identical = same_hash.iter_mut().find(|files| {
                std::fs::read(&inputs[files[0]].path).is_ok_and(|other| other == bytes)
            });
            match identical {
                Some(files) => files.push(position),
                None => same_hash.push(vec![position]),
            }
        }
        // The shortest name is kept: "highways.xlsx" rather than "highways (1).xlsx"
        // or "Copy of highways.xlsx".
        for files in seen.into_values().flatten().filter(|f| f.len() > 1) {
            let kept = files
                .iter()
                .copied()
                .min_by_key(|&p| (inputs[p].display.chars().count(), p))
                .unwrap_or(files[0]);
            first_of.extend(files.into_iter().filter(|&p| p != kept).map(|p| (p, kept)));
        }
    }
    for (position, first) in first_of {
        let original = reads[first].file.clone();
        let read = &mut reads[position];
        if read.sheets.is_empty() {
            continue;
        }
        set_aside_rows(read, &|_, _| Some(original.clone()), &|file| {
            format!("the same row as in {file} (the two files are identical)")
        });
        read.findings = vec![Finding::file(
            &read.file,
            Rule::FileDuplicate,
            format!(
                "This file is the same, byte for byte, as {original}: its rows are counted once, from {original}, and its findings are reported there."
            ),
        )];
    }
}

/// What a workbook keeps a sheet per period of.
#[derive(Clone, Copy, PartialEq)]
enum Kept {
    /// A risk register.
    Register,
    /// An indicator return in the wide layout, each sheet the year to date.
    Return,
}

impl Kept {
    fn noun(self) -> &'static str {
        match self {
            Kept::Register => "register",
            Kept::Return => "return",
        }
    }
}

/// Set aside a register's sheets for other periods than its current one, and a wide
/// return's sheets that its current one holds again. Where two register sheets or more
/// of the workbook are named for a period ("Oct 2026", "Sept 26", "Q2"), the one for
/// the latest period begun by `as_of` is the register (or, none begun, the earliest); a
/// month or quarter named without its year is its latest begun by then. The others'
/// risks are set aside with the Ledger's reason and their findings dropped, and each
/// has one `sheet.other-period` info finding.
///
/// A wide return kept a sheet per month or quarter, each the year to date ("Sep 26"
/// holding April to September, "Oct 26" April to October), is the same: the current
/// sheet is the return, and each other sheet whose periods it holds too is set aside.
/// Sheets that hold periods of their own (a sheet per quarter of that quarter's
/// months) are one return, read together.
pub fn set_aside_other_periods(read: &mut WorkbookRead, as_of: NaiveDate) {
    let registers: Vec<String> = read.registers().map(|(name, _)| name.to_string()).collect();
    set_aside_sheets(read, as_of, &registers, Kept::Register);
    let wide: Vec<String> = read
        .sheets
        .iter()
        .filter(|sheet| is_wide_return(&sheet.content))
        .map(|sheet| sheet.name.clone())
        .collect();
    set_aside_sheets(read, as_of, &wide, Kept::Return);
}

/// Whether a wide return's sheet named for `period` is one of a return kept a sheet per
/// month or quarter: its sheets are one return, read together or the earlier set aside.
/// A return kept a sheet per year holds each year's own figures, each read for itself.
pub fn is_wide_sheet_period(period: Period) -> bool {
    matches!(
        period.frequency(),
        crate::model::Frequency::Monthly | crate::model::Frequency::Quarterly
    )
}

fn is_wide_return(content: &SheetContent) -> bool {
    matches!(content, SheetContent::IndicatorReturn(sheet) if matches!(sheet.layout, super::indicators::Layout::Wide { .. }))
}

/// The periods a return sheet gives figures for.
fn periods_given(read: &WorkbookRead, sheet: &str) -> BTreeSet<Period> {
    read.sheets
        .iter()
        .filter(|s| s.name == sheet)
        .flat_map(|s| match &s.content {
            SheetContent::IndicatorReturn(sheet_read) => sheet_read.values.as_slice(),
            _ => &[],
        })
        .filter(|value| !value.blank_period)
        .filter_map(|value| value.period)
        .collect()
}

fn set_aside_sheets(read: &mut WorkbookRead, as_of: NaiveDate, sheets: &[String], kept: Kept) {
    let year = Period::year_of(as_of);
    let periods: Vec<(String, Period)> = sheets
        .iter()
        .filter_map(|name| {
            let (period, own_year) = sheet_period(name, year)?;
            let period = match sheet_period(name, year - 1) {
                Some((earlier, _)) if !own_year && period.start() > as_of => earlier,
                _ => period,
            };
            Some((name.to_string(), period))
        })
        .filter(|(_, period)| kept == Kept::Register || is_wide_sheet_period(*period))
        .collect();
    if periods.len() < 2 {
        return;
    }
    let begun = periods
        .iter()
        .filter(|(_, period)| period.start() <= as_of)
        .max_by_key(|(_, period)| period.start());
    let Some((current, current_period)) =
        begun.or_else(|| periods.iter().min_by_key(|(_, period)| period.start()))
    else {
        return;
    };
    let (current, current_period) = (current.clone(), *current_period);
    let held = periods_given(read, &current);
    let others: HashMap<&str, Period> = periods
        .iter()
        .filter(|(name, _)| *name != current)
        .filter(|(name, _)| kept == Kept::Register || periods_given(read, name).is_subset(&held))
        .map(|(name, period)| (name.as_str(), *period))
        .collect();
    if others.is_empty() {
        return;
    }
    let reason = |sheet: &str, _: Option<&str>| {
        let period = others.get(sheet)?;
        let when = if period.start() < current_period.start() {
            "an earlier"
        } else {
            "a later"
        };
        Some(format!(
            "{when} {}'s {} ({period}): the one read is '{current}'",
            period.frequency().noun(),
            kept.noun()
        ))
    };
    let set_aside = set_aside_rows(read, &reason, &str::to_string);
    let counts: HashMap<String, (usize, usize)> = set_aside
        .into_iter()
        .map(|(sheet, risks, values, _)| (sheet, (risks, values)))
        .collect();
    read.findings
        .retain(|f| !f.sheet.as_deref().is_some_and(|s| others.contains_key(s)));
    let date = as_of.format("%d/%m/%Y");
    let named = if current == current_period.to_string() {
        String::new()
    } else {
        format!(" ({current_period})")
    };
    let chosen = if current_period.start() <= as_of {
        format!("the latest begun by the reporting date {date}")
    } else {
        format!("the earliest, as none had begun by the reporting date {date}")
    };
    let mut notices = Vec::new();
    for sheet in &mut read.sheets {
        let Some(period) = others.get(sheet.name.as_str()) else {
            continue;
        };
        let (risks, values) = counts.get(&sheet.name).copied().unwrap_or_default();
        let count = match &mut sheet.content {
            SheetContent::RiskRegister(register) => {
                register.rows.findings.clear();
                match risks {
                    1 => "its 1 risk is".to_string(),
                    n => format!("its {n} risks are"),
                }
            }
            SheetContent::IndicatorReturn(_) => match values {
                1 => {
                    "it holds every period this sheet does, so its 1 indicator value is".to_string()
                }
                n => format!(
                    "it holds every period this sheet does, so its {n} indicator values are"
                ),
            },
            _ => continue,
        };
        notices.push(
            Finding::file(
                &read.file,
                Rule::SheetOtherPeriod,
                format!(
                    "This sheet is the {} for {period}. The workbook keeps its {} a sheet per {}, and '{current}'{named}, {chosen}, is the one read: {count} not checked or counted again, and the Ledger lists them.",
                    kept.noun(),
                    kept.noun(),
                    period.frequency().noun()
                ),
            )
            .on_sheet(&sheet.name),
        );
    }
    read.findings.extend(notices);
}

/// Set aside a register or return sheet that is a copy of another in the same
/// workbook: hidden (last month's kept out of sight) or named as a copy ("Risk Register
/// (2)", as Excel names a sheet copied, "Copy of Register", "Register OLD", "Backup"),
/// and everything on it (every risk ID; every indicator and period) is on another
/// sheet of its kind that is neither, which is read. Read as well, each of its risks
/// would be counted twice, and each of its values given twice. Its rows are listed in
/// the Ledger, with a `sheet.copy` info finding. A hidden or copy-named sheet with
/// anything of its own is read as it is.
pub fn set_aside_sheet_copies(read: &mut WorkbookRead) {
    if !read.sheets.iter().any(is_candidate) {
        return;
    }
    let copies = copies_of(&read.sheets);
    if copies.is_empty() {
        return;
    }
    let copy_of = |sheet: &str, _: Option<&str>| {
        copies.get(sheet).map(|(original, register, _)| {
            let (noun, what) = if *register {
                ("register", "every risk ID on it")
            } else {
                ("return", "every indicator and period on it")
            };
            format!("a copy of the {noun} on '{original}', {what} being there: the one read is '{original}'")
        })
    };
    let set_aside = set_aside_rows(read, &copy_of, &str::to_string);
    read.findings
        .retain(|f| !f.sheet.as_deref().is_some_and(|s| copies.contains_key(s)));
    for (sheet, risks, values, _) in set_aside {
        let Some((original, register, hidden)) = copies.get(&sheet) else {
            continue;
        };
        if let Some(SheetContent::RiskRegister(register)) = read
            .sheets
            .iter_mut()
            .find(|s| s.name == sheet)
            .map(|s| &mut s.content)
        {
            register.rows.findings.clear();
        }
        let message = copy_message(original, *register, *hidden, risks, values);
        read.findings
            .push(Finding::file(&read.file, Rule::SheetCopy, message).on_sheet(&sheet));
    }
}

/// Whether a sheet may be a copy: a register or return, hidden or named as a copy.
fn is_candidate(sheet: &super::SheetRead) -> bool {
    matches!(
        sheet.content,
        SheetContent::RiskRegister(_) | SheetContent::IndicatorReturn(_)
    ) && (!sheet.visible || named_as_copy(&sheet.name))
}

/// The sheets that are copies, each with the sheet it copies, whether it is a register,
/// and whether it is hidden.
fn copies_of(sheets: &[super::SheetRead]) -> HashMap<String, (String, bool, bool)> {
    // Each register or return sheet, whether it is a register, and the keys of what it
    // holds.
    let sheets: Vec<(&super::SheetRead, bool, BTreeSet<String>)> = sheets
        .iter()
        .filter_map(|sheet| {
            let (register, keys): (bool, BTreeSet<String>) = match &sheet.content {
                SheetContent::RiskRegister(register) => (
                    true,
                    register
                        .rows
                        .risks
                        .iter()
                        .filter_map(|risk| risk.id.as_deref().map(crate::schema::squash))
                        .collect(),
                ),
                SheetContent::IndicatorReturn(values) => (
                    false,
                    values
                        .values
                        .iter()
                        .filter(|value| !value.blank_period)
                        .filter_map(|value| {
                            let indicator = value.id.as_deref().or(value.name.as_deref())?;
                            Some(format!(
                                "{} {}",
                                crate::schema::squash(indicator),
                                value.period?
                            ))
                        })
                        .collect(),
                ),
                _ => return None,
            };
            Some((sheet, register, keys))
        })
        .collect();
    sheets
        .iter()
        .filter(|(sheet, _, keys)| is_candidate(sheet) && !keys.is_empty())
        .filter_map(|(sheet, register, keys)| {
            let (original, ..) = sheets.iter().find(|(other, other_register, others)| {
                !is_candidate(other)
                    && other.name != sheet.name
                    && other_register == register
                    && keys.is_subset(others)
            })?;
            Some((
                sheet.name.clone(),
                (original.name.clone(), *register, !sheet.visible),
            ))
        })
        .collect()
}

/// The `sheet.copy` message for a copy of `original`: why it is taken for one, and
/// what became of its risks or values.
fn copy_message(
    original: &str,
    register: bool,
    hidden: bool,
    risks: usize,
    values: usize,
) -> String {
    let how = if hidden {
        "is hidden"
    } else {
        "is named as a copy"
    };
    let (what, noun, own) = if register {
        (
            "every risk ID",
            "register",
            "if its risks are risks of their own, give them IDs of their own",
        )
    } else {
        (
            "every indicator and period",
            "return",
            "if its figures are its own, correct their indicators or periods",
        )
    };
    let count = match (register, risks, values) {
        (true, 1, _) => {
            "its 1 risk is not checked or counted again, and the Ledger lists it".to_string()
        }
        (true, n, _) => {
            format!("its {n} risks are not checked or counted again, and the Ledger lists them")
        }
        (false, _, 1) => {
            "its 1 indicator value is not checked or counted again, and the Ledger lists it"
                .to_string()
        }
        (false, _, n) => format!(
            "its {n} indicator values are not checked or counted again, and the Ledger lists them"
        ),
    };
    format!(
        "This sheet {how} and {what} on it is on '{original}' too, so it is read as a copy of that {noun}: {count}. Delete it if it is an old copy; {own}."
    )
}

/// Whether a sheet's name says it is a copy: "Risk Register (2)" (as Excel names a
/// sheet copied), "Copy of Register", "Register OLD", "Old register", "Backup".
fn named_as_copy(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    let numbered = lower
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once('('))
        .is_some_and(|(before, n)| {
            !before.trim().is_empty() && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
        });
    numbered
        || lower.split(|c: char| !c.is_alphanumeric()).any(|word| {
            matches!(
                word,
                "copy" | "old" | "backup" | "bak" | "archive" | "archived" | "superseded"
            )
        })
}

/// "12 risks on this sheet are copies of rows in files this run also reads ...".
fn copied_message(risks: usize, values: usize, files: &BTreeSet<String>) -> String {
    let what = match (risks, values) {
        (1, 0) => "1 risk".to_string(),
        (risks, 0) => format!("{risks} risks"),
        (0, 1) => "1 indicator value".to_string(),
        (0, values) => format!("{values} indicator values"),
        (risks, values) => format!("{risks} risks and {values} indicator values"),
    };
    let listed: Vec<&str> = files.iter().map(String::as_str).take(5).collect();
    let more = match files.len().saturating_sub(listed.len()) {
        0 => String::new(),
        more => format!(" and {more} more"),
    };
    let verb = if risks + values == 1 {
        "is a copy"
    } else {
        "are copies"
    };
    format!(
        "{what} on this sheet {verb} of rows in {}{more}, which this run also reads: each is counted once, from the file it came from, and the Ledger lists the rows set aside.",
        listed.join(", ")
    )
}

/// The names of a path as found on disk (resolving links and `..`), lower-cased.
fn path_names(path: &Path) -> Vec<String> {
    let resolved = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    text_names(&resolved.to_string_lossy())
}

/// The names of a path as a provenance writes it, on any system: "returns\a\x.xlsx"
/// and "./returns/a/x.xlsx" both give returns, a, x.xlsx.
fn text_names(path: &str) -> Vec<String> {
    path.split(['/', '\\'])
        .filter(|name| !name.is_empty() && *name != "." && *name != "..")
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheets_name_says_when_it_is_a_copy() {
        for name in [
            "Risk Register (2)",
            "Copy of Register",
            "Register OLD",
            "old register",
            "Risks - backup",
            "Archive",
        ] {
            assert!(named_as_copy(name), "{name}");
        }
        for name in [
            "Risk Register",
            "(2)",
            "Register (Q2)",
            "Closed risks",
            "Bold risks",
            "Oldham",
        ] {
            assert!(!named_as_copy(name), "{name}");
        }
    }

    #[test]
    fn provenance_paths_are_compared_name_by_name_from_the_end() {
        assert_eq!(
            text_names(r"..\Returns\adults\x.xlsx"),
            ["returns", "adults", "x.xlsx"]
        );
        assert_eq!(text_names("./returns/x.xlsx"), ["returns", "x.xlsx"]);
        let input = text_names("/home/pl/2026-10/returns/adults/x.xlsx");
        assert!(input.ends_with(&text_names("returns/adults/x.xlsx")));
        assert!(input.ends_with(&text_names("x.xlsx")));
        assert!(!input.ends_with(&text_names("children/x.xlsx")));
    }

    #[test]
    fn the_message_counts_what_was_set_aside_and_names_the_files() {
        let files: BTreeSet<String> = ["a.xlsx".to_string(), "b.xlsx".to_string()].into();
        assert_eq!(
            copied_message(3, 24, &files),
            "3 risks and 24 indicator values on this sheet are copies of rows in a.xlsx, b.xlsx, which this run also reads: each is counted once, from the file it came from, and the Ledger lists the rows set aside."
        );
        let one: BTreeSet<String> = ["a.xlsx".to_string()].into();
        assert!(
            copied_message(1, 0, &one)
                .starts_with("1 risk on this sheet is a copy of rows in a.xlsx,")
        );
    }
}
