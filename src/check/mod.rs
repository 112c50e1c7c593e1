//! The checks: one file per family of rules, each listing the rule ids it emits, and
//! the run that reads and checks many files in parallel.

pub mod definitions;
pub mod indicator;
pub mod owners;
pub mod register;
pub mod risk;

use crate::finding::{CellRef, Finding, Rule};
use crate::model::{Definition, IndicatorValue};
use crate::read::period::ReturnYear;
use crate::read::{self, Input, WorkbookRead};
use crate::schema::{Framework, Schema};
use chrono::NaiveDate;
pub use indicator::Library;
pub use owners::OwnerDirectory;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// What every check needs besides the data.
#[derive(Debug, Clone, Copy)]
pub struct CheckContext<'a> {
    /// The framework: scales, bands, appetite, review cycle.
    pub framework: &'a Framework,
    /// The reporting date.
    pub as_of: NaiveDate,
    /// The financial year returns are for: given for the run, or each return's own.
    pub year: ReturnYear,
    /// The officer directory, where one was given.
    pub owners: Option<&'a OwnerDirectory>,
    /// Indicator definitions and the plan's priorities, from every input.
    pub library: &'a Library,
}

/// What a run is asked to check against, besides the inputs themselves.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions<'a> {
    /// The reporting date.
    pub as_of: NaiveDate,
    /// The financial year (default: the one the reporting date falls in).
    pub year: Option<i32>,
    /// The officer directory, where one was given.
    pub owners: Option<&'a OwnerDirectory>,
}

impl CheckOptions<'_> {
    /// The financial year returns are read and checked for: the one given, else the one
    /// each return names, else the one the reporting date falls in.
    pub fn financial_year(&self) -> ReturnYear {
        ReturnYear {
            given: self.year,
            otherwise: crate::model::Period::year_of(self.as_of),
        }
    }
}

/// One input file, read and checked.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The input.
    pub input: Input,
    /// What was read.
    pub read: WorkbookRead,
    /// Every finding for the file, in sheet, row and column order.
    pub findings: Vec<Finding>,
}

/// Check everything read from one workbook; findings come back in reading order.
pub fn check_workbook(read: &WorkbookRead, ctx: &CheckContext) -> Vec<Finding> {
    let mut findings = read.findings.clone();
    errors_to_come(read, ctx.as_of, &mut findings);
    for (sheet, register) in read.registers() {
        findings.extend(register::check_register(&read.file, sheet, register, ctx));
        let mut ratings = risk::RegisterRatings::of(&register.rows.risks, ctx);
        for risk in &register.rows.risks {
            findings.extend(risk::check_risk(risk, ctx, &mut ratings));
        }
    }
    for sheets in read.returns_together() {
        findings.extend(indicator::check_return(&read.file, &sheets, ctx));
    }
    let libraries: Vec<&read::indicators::DefinitionsSheet> = read.definitions().collect();
    if !libraries.is_empty() {
        findings.extend(definitions::check_library(
            &read.file,
            &libraries,
            &read.findings,
            ctx,
        ));
    }
    in_place_order(read, &mut findings);
    findings
}

/// Name the return each finding on a row of a consolidated workbook came from, and put
/// the findings in the workbook's order: by sheet, row, column and rule.
fn in_place_order(read: &WorkbookRead, findings: &mut [Finding]) {
    let risks = read
        .registers()
        .flat_map(|(_, register)| &register.rows.risks);
    let values = read.returns().flat_map(|(_, sheet)| &sheet.values);
    crate::finding::name_origins(findings, &crate::finding::origins(risks, values));
    let sheet_position = |name: &Option<String>| match name {
        None => 0,
        Some(name) => read
            .sheets
            .iter()
            .position(|s| &s.name == name)
            .map_or(usize::MAX, |p| p + 1),
    };
    findings.sort_by(|a, b| {
        (sheet_position(&a.sheet), &a.sheet, a.row, a.column, a.rule).cmp(&(
            sheet_position(&b.sheet),
            &b.sheet,
            b.row,
            b.column,
            b.rule,
        ))
    });
}

/// Add to each report the findings `consolidate` makes across the files of a run: an
/// ID two returns use for different risks (`risk.duplicate-id`), a risk two returns
/// hold (`risk.repeated`), and one service's indicator given for a period by two
/// returns (`indicator.duplicate-period`). Each is on the later file, naming the
/// earlier, so a folder checked before it is consolidated shows what the consolidation
/// will.
pub fn across_files(reports: &mut [FileReport]) {
    let risks = reports.iter().flat_map(|report| {
        report
            .read
            .registers()
            .flat_map(|(_, register)| &register.rows.risks)
    });
    let values = reports
        .iter()
        .flat_map(|report| report.read.returns().flat_map(|(_, sheet)| &sheet.values));
    let mut cross = crate::merge::duplicates::across_returns(risks);
    cross.extend(crate::merge::duplicates::indicators_across_returns(values));
    let mut by_file: HashMap<String, Vec<Finding>> = HashMap::new();
    for finding in cross {
        by_file
            .entry(finding.file.clone())
            .or_default()
            .push(finding);
    }
    for report in reports.iter_mut() {
        if let Some(found) = by_file.remove(&report.read.file) {
            report.findings.extend(found);
            in_place_order(&report.read, &mut report.findings);
        }
    }
}

/// A wide return's periods not yet due whose figures show only Excel errors: a
/// formula for a month to come dividing by figures not yet typed (#DIV/0!). Such a
/// month is not reported yet, as if blank; its cells' `cell.formula-error` findings
/// are taken out, except at cells a period that is due also reads (a shared target).
fn errors_to_come(read: &WorkbookRead, as_of: NaiveDate, findings: &mut Vec<Finding>) {
    const FIGURES: [&str; 4] = ["actual", "target", "numerator", "denominator"];
    if !findings.iter().any(|f| f.rule == Rule::CellFormulaError) {
        return;
    }
    let mut to_come: HashSet<(&str, CellRef)> = HashSet::new();
    let mut due: HashSet<(&str, CellRef)> = HashSet::new();
    for (sheet, returned) in read.returns() {
        for value in &returned.values {
            let sheet = value.source.as_ref().map_or(sheet, |s| &*s.sheet);
            let cells = value
                .cells
                .iter()
                .filter(|(field, _)| FIGURES.contains(&&**field))
                .map(|(_, cell)| (sheet, *cell));
            if value.reported_or_due(as_of) {
                due.extend(cells);
            } else {
                to_come.extend(cells);
            }
        }
    }
    if to_come.is_empty() {
        return;
    }
    findings.retain(|finding| {
        let (Some(sheet), Some(row), Some(column)) = (
            &finding.sheet,
            finding.row.and_then(|row| row.checked_sub(1)),
            finding.column,
        ) else {
            return true;
        };
        let key = (sheet.as_str(), CellRef::new(row, column));
        finding.rule != Rule::CellFormulaError || !to_come.contains(&key) || due.contains(&key)
    });
}

/// Read and check every input in parallel; reports come back in input order.
pub fn check_inputs(inputs: &[Input], schema: &Schema, options: &CheckOptions) -> Vec<FileReport> {
    check_inputs_with_progress(inputs, schema, options, &|| {})
}

/// As [`check_inputs`], calling `file_done` as each file is read (for a progress bar).
///
/// Every file is read first, so that a definitions library or priorities sheet among
/// the inputs applies to all the returns; then every file is checked.
pub fn check_inputs_with_progress(
    inputs: &[Input],
    schema: &Schema,
    options: &CheckOptions,
    file_done: &(dyn Fn() + Sync),
) -> Vec<FileReport> {
    let year = options.financial_year();
    let limit = schema.framework.limits.max_files_per_run;
    let mut reads: Vec<WorkbookRead> = inputs
        .par_iter()
        .enumerate()
        .map(|(position, input)| {
            if position >= limit {
                file_done();
                return WorkbookRead::unreadable(&input.display, format!("Not read: the run has more than {limit} files, the limit (limits.max_files_per_run in framework.toml)."));
            }
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                read::read_workbook(&input.path, &input.display, &input.placement, schema, year)
            }));
            file_done();
            outcome.unwrap_or_else(|_| WorkbookRead::unreadable(&input.display, "Cannot read this file: reading it failed unexpectedly. Please report it with the file."))
        })
        .collect();
    for read in &mut reads {
        read::copies::set_aside_sheet_copies(read);
        read::copies::set_aside_other_periods(read, options.as_of);
    }
    read::copies::set_aside_duplicate_files(&mut reads, inputs);
    read::copies::set_aside_earlier_registers(&mut reads, inputs, options.as_of);
    read::copies::set_aside_copies(&mut reads, inputs);
    let library = library_of(reads.iter(), schema);
    for read in &mut reads {
        fold_to_frequency(read, &library);
        fractions_by_library(read, &library);
        targets_from_library(read, &library, options.as_of);
    }
    let ctx = CheckContext {
        framework: &schema.framework,
        as_of: options.as_of,
        year,
        owners: options.owners,
        library: &library,
    };
    reads
        .into_par_iter()
        .zip(inputs.par_iter())
        .map(|(read, input)| {
            let mut findings = check_workbook(&read, &ctx);
            read::hidden::say_where_hidden(&mut findings, &read.hidden);
            FileReport {
                input: input.clone(),
                read,
                findings,
            }
        })
        .collect()
}

/// Put the values of each indicator less frequent than its return's periods in its own
/// periods, as [`indicator::fold_plan`] says, across the sheets read as one return.
fn fold_to_frequency(read: &mut WorkbookRead, library: &Library) {
    fn values_of(content: &read::SheetContent) -> &[IndicatorValue] {
        match content {
            read::SheetContent::IndicatorReturn(sheet) => &sheet.values,
            _ => &[],
        }
    }
    for group in read.return_groups() {
        // Each value's (sheet's position, index), and the value.
        let (at, values): (Vec<(usize, usize)>, Vec<&IndicatorValue>) = group
            .iter()
            .flat_map(|&position| {
                let values = values_of(&read.sheets[position].content);
                values
                    .iter()
                    .enumerate()
                    .map(move |(i, v)| ((position, i), v))
            })
            .unzip();
        let plan = indicator::fold_plan(&values, library);
        let mut left_out: HashSet<(usize, usize)> = HashSet::new();
        for (k, period) in plan {
            let (position, i) = at[k];
            if let read::SheetContent::IndicatorReturn(sheet) = &mut read.sheets[position].content {
                match period {
                    Some(period) => sheet.values[i].period = Some(period),
                    None => {
                        left_out.insert((position, i));
                    }
                }
            }
        }
        for &position in &group {
            if let read::SheetContent::IndicatorReturn(sheet) = &mut read.sheets[position].content {
                let mut i = 0;
                sheet.values.retain(|_| {
                    i += 1;
                    !left_out.contains(&(position, i - 1))
                });
            }
        }
    }
}

/// An actual written as a count out of a total ("45/50") in a return that says
/// nothing of its unit: the library's unit reads it (a percentage's is the share, a
/// score's the count), else it is a `cell.type` error at its cell, as 45 out of 50 may
/// be meant as 45 or as 90%.
fn fractions_by_library(read: &mut WorkbookRead, library: &Library) {
    let file = read.file.clone();
    for sheet in &mut read.sheets {
        let sheet_name = sheet.name.clone();
        let read::SheetContent::IndicatorReturn(content) = &mut sheet.content else {
            continue;
        };
        for value in &mut content.values {
            let Some((text, counted)) = value
                .actual
                .is_none()
                .then(|| value.written("actual"))
                .flatten()
                .and_then(|text| Some((text.to_string(), read::indicators::fraction(text)?)))
            else {
                continue;
            };
            let unit = value
                .id
                .as_deref()
                .and_then(|id| library.definition(id))
                .and_then(|definition| definition.unit);
            match counted.actual_for(unit) {
                Some((actual, calculated)) => {
                    value.actual = Some(actual);
                    if calculated {
                        value.numerator = value.numerator.or(Some(counted.numerator));
                        value.denominator = value.denominator.or(Some(counted.denominator));
                    }
                    value.written.retain(|(field, _)| field != "actual");
                }
                None => {
                    let cell = crate::model::cell_of(&value.cells, "actual", value.first_cell);
                    let problem = read::values::CellProblem::Type(counted.problem(&text));
                    read.findings.push(
                        problem
                            .finding(&file, "Actual")
                            .on_sheet(&sheet_name)
                            .at(cell)
                            .field("actual"),
                    );
                    value.unreadable.insert("actual".to_string());
                }
            }
        }
    }
}

/// Give each value reported or due by `as_of` its definition's target where its
/// return gives it none: a blank target cell, or no target column. A percentage's
/// target is put the way the indicator's actuals in the sheet are written (90 or 0.9).
/// Where the library says the indicator has no target by design ("Contextual"), its
/// words stand in the target's place, as they would had the return written them.
fn targets_from_library(read: &mut WorkbookRead, library: &Library, as_of: NaiveDate) {
    if !library.has_definitions() {
        return;
    }
    for sheet in &mut read.sheets {
        let read::SheetContent::IndicatorReturn(sheet) = &mut sheet.content else {
            continue;
        };
        let values = &mut sheet.values;
        // Each value wanting the library's target, with the definition that gives it.
        let wanting: Vec<(usize, &Definition)> = values
            .iter()
            .enumerate()
            .filter(|(_, value)| {
                value.target.is_none()
                    && value.reported_or_due(as_of)
                    && value.written("target").is_none()
                    && !value.unreadable.contains("target")
            })
            .filter_map(|(i, value)| {
                let definition = library.definition(value.id.as_deref()?)?;
                (definition.target_for(value.year).is_some() || definition.no_target.is_some())
                    .then_some((i, definition))
            })
            .collect();
        if wanting.is_empty() {
            continue;
        }
        // The middle of each indicator's actuals above nought, for a percentage's
        // target to be put the same way.
        let mut actuals: HashMap<&str, Vec<f64>> = HashMap::new();
        for value in values.iter() {
            if let (Some(id), Some(actual)) = (value.id.as_deref(), value.actual)
                && actual > 0.0
            {
                actuals.entry(id).or_default().push(actual);
            }
        }
        let middles: HashMap<String, f64> = actuals
            .into_iter()
            .map(|(id, mut of)| {
                of.sort_by(f64::total_cmp);
                (id.to_string(), of[of.len() / 2])
            })
            .collect();
        for (i, definition) in wanting {
            let value = &mut values[i];
            let Some(mut target) = definition.target_for(value.year) else {
                if let Some(words) = &definition.no_target {
                    value.written.push(("target".to_string(), words.clone()));
                }
                continue;
            };
            // As written, or a hundred times or a hundredth of it: whichever is nearest
            // the middle of the actuals (0.98 beside 95 to 99 is 98).
            if definition.unit == Some(crate::model::Unit::Percentage)
                && let Some(&middle) = value.id.as_deref().and_then(|id| middles.get(id))
                && target > 0.0
            {
                let off = |t: f64| (t / middle).ln().abs();
                target = [target, target * 100.0, target / 100.0]
                    .into_iter()
                    .min_by(|a, b| off(*a).total_cmp(&off(*b)))
                    .unwrap_or(target);
            }
            value.target = Some(target);
            value.target_from_library = true;
        }
    }
}

/// The definitions and priorities found among the reads, with the schema's priorities.
pub fn library_of<'a, I>(reads: I, schema: &Schema) -> Library
where
    I: IntoIterator<Item = &'a WorkbookRead> + Clone,
{
    let definitions = reads
        .clone()
        .into_iter()
        .flat_map(|r| r.definitions())
        .flat_map(|d| d.definitions.iter().cloned());
    let listed = reads
        .into_iter()
        .flat_map(|r| r.sheets.iter())
        .filter_map(|s| match &s.content {
            read::SheetContent::Priorities(list) => Some(list.iter().cloned()),
            _ => None,
        });
    Library::new(
        definitions,
        schema.priorities.iter().cloned().chain(listed.flatten()),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    /// The rule names a piece of source mentions (`Rule::RiskRequired`).
    fn rules_named(code: &str) -> BTreeSet<&str> {
        code.match_indices("Rule::")
            .map(|(at, _)| {
                let name = &code[at + 6..];
                let end = name
                    .find(|c: char| !c.is_ascii_alphanumeric())
                    .unwrap_or(name.len());
                &name[..end]
            })
            .collect()
    }

    /// Each file of rules lists the rules it emits in its `RULES`, as its module says:
    /// one added to the code and not to the list (or left on the list when its check
    /// goes) is found here. This file only runs the checks and filters their findings,
    /// so it has no list of its own.
    #[test]
    fn every_file_of_rules_lists_the_rules_it_emits() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/check");
        let mut files = 0;
        for entry in walkdir::WalkDir::new(&root) {
            let path = entry.unwrap().into_path();
            if path.extension().is_none_or(|e| e != "rs") || path == root.join("mod.rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            let code = source.split("#[cfg(test)]").next().unwrap();
            let Some((before, rest)) = code.split_once("pub const RULES: &[Rule] = &[") else {
                assert!(
                    rules_named(code).is_empty(),
                    "{path:?} emits rules but lists none"
                );
                continue;
            };
            let (listed, after) = rest.split_once("];").unwrap();
            let emitted: BTreeSet<&str> = rules_named(before)
                .union(&rules_named(after))
                .copied()
                .collect();
            assert_eq!(rules_named(listed), emitted, "{path:?}");
            files += 1;
        }
        assert_eq!(files, 13);
    }
}
