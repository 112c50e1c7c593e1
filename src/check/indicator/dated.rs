//! The period a return says it was completed for, against the reporting date.
//!
//! Emits: sheet.out-of-date (completed for a period before the latest one due),
//! sheet.ahead-of-date (for one after the reporting date's).

use crate::check::register::Dated;
use crate::finding::{Finding, Rule};
use crate::model::{Frequency, Period, PeriodPart};
use crate::read::CompletedFor;
use crate::read::indicators::ReturnSheet;
use chrono::NaiveDate;

/// The rules this file emits.
pub const RULES: &[Rule] = &[Rule::SheetOutOfDate, Rule::SheetAheadOfDate];

/// A return dated apart from the reporting date by its block.
#[derive(Debug, Clone, Copy)]
pub struct ReturnDated<'a> {
    /// The sheet whose block gives the date.
    pub sheet: &'a str,
    /// The date or period the block gives.
    pub completed_for: &'a CompletedFor,
    /// Before the reporting date's period or after it.
    pub dated: Dated,
    /// The period it is judged against: the latest due by the reporting date (before),
    /// or the one the reporting date falls in (after).
    pub against: Period,
}

/// Whether a return (one sheet, or a sheet per period) is completed for a period
/// before the latest due by `as_of` or one after `as_of`'s, by its block: "Reporting
/// period: September 2026" in a run for 31/10/2026, when October is due, or
/// "Reporting period: December 2026". Periods are of the return's own frequency, the
/// finest its values or its block name: "As at 30/09/2026" on a quarterly return in
/// that run is Q2's, the latest quarter due. A return for a whole year is judged by
/// quarters. Of a return kept a sheet per month, whose blocks each name their month,
/// the latest is judged.
pub fn return_dated<'a>(
    sheets: &[(&'a str, &'a ReturnSheet)],
    as_of: NaiveDate,
) -> Option<ReturnDated<'a>> {
    let (sheet, completed_for) = sheets
        .iter()
        .filter_map(|(name, sheet)| Some((*name, sheet.completed_for.as_ref()?)))
        .max_by_key(|(_, completed_for)| completed_for.span.latest)?;
    let mut frequency = sheets
        .iter()
        .flat_map(|(_, sheet)| &sheet.values)
        .filter_map(|value| value.period)
        .chain(completed_for.span.named)
        .map(|period| period.frequency())
        .min_by_key(|frequency| fineness(*frequency))
        .unwrap_or(Frequency::Monthly);
    // A return for a whole year ("Year: 2025/26") is its year-end return until the new
    // year's first quarter is due, and last year's after.
    if completed_for
        .span
        .named
        .is_some_and(|period| period.part == PeriodPart::Year)
    {
        frequency = [frequency, Frequency::Quarterly]
            .into_iter()
            .max_by_key(|frequency| fineness(*frequency))
            .unwrap_or(frequency);
    }
    let year = Period::year_of(as_of);
    let latest_due = Period::due(year, frequency, as_of)
        .pop()
        .or_else(|| Period::due(year - 1, frequency, as_of).pop());
    // The reporting date's period, of the frequency the block names where it names one.
    let named = completed_for.span.named.map(|period| period.frequency());
    let current = Period::month_of(as_of).within(named.unwrap_or(frequency))?;
    let (dated, against) = match latest_due {
        Some(due) if completed_for.span.latest < due.start() => (Dated::Before, due),
        _ if completed_for.span.earliest > current.end() => (Dated::After, current),
        _ => return None,
    };
    Some(ReturnDated {
        sheet,
        completed_for,
        dated,
        against,
    })
}

/// A frequency's place from the finest (monthly) to the coarsest (annual).
fn fineness(frequency: Frequency) -> u8 {
    match frequency {
        Frequency::Monthly => 0,
        Frequency::Quarterly => 1,
        Frequency::HalfYearly => 2,
        Frequency::Annual => 3,
    }
}

/// A return whose block says it was completed for a period before the latest due by
/// the reporting date (last period's return, sent again or not brought up to date) or
/// after the reporting date's (next period's, or a run for the wrong reporting date):
/// one finding at the block's date. Its figures are still read, and what is due
/// judged at the reporting date.
pub fn another_period(
    file: &str,
    sheets: &[(&str, &ReturnSheet)],
    as_of: NaiveDate,
) -> Option<Finding> {
    let found = return_dated(sheets, as_of)?;
    let written = &found.completed_for.written;
    let as_of = as_of.format("%d/%m/%Y");
    let against = found.against;
    let judged = format!("Its figures are read as they stand, and what is due judged at {as_of}.");
    let (rule, message) = match found.dated {
        Dated::Before => (
            Rule::SheetOutOfDate,
            format!(
                "The return says it was completed for '{written}', before {against}, which was due by the reporting date {as_of}: is it last period's return? Ask the service for the current one. {judged}"
            ),
        ),
        Dated::After => (
            Rule::SheetAheadOfDate,
            format!(
                "The return says it was completed for '{written}', after {against}, the period of the reporting date {as_of}: is it next period's return, or is the reporting date (--as-of) wrong? {judged}"
            ),
        ),
    };
    Some(
        Finding::file(file, rule, message)
            .on_sheet(found.sheet)
            .at(found.completed_for.cell),
    )
}
