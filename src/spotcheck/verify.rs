//! Verifying a completed spot-check workbook: every verified value against the value
//! reported, and every row signed off.
//!
//! Emits: spotcheck.mismatch, spotcheck.unsigned, spotcheck.row-missing.

use crate::finding::{Finding, Rule};
use crate::read::grid::format_number;
use crate::read::indicators::{is_milestone_status, number};
use crate::read::spotcheck::{CheckedRow, columns};
use crate::read::values;
use crate::report::{or_list, plural};
use crate::schema::squash;
use crate::write::spotcheck::{OUTCOMES, REFERENCE_PREFIX};
use serde::Serialize;

/// What the checker concluded for a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Outcome {
    /// The reported value is right.
    Verified,
    /// The reported value was wrong and has been corrected.
    Corrected,
    /// The evidence could not be found.
    CouldNotVerify,
    /// Not checked yet.
    Outstanding,
}

impl Outcome {
    /// The outcome an Outcome cell names.
    pub fn from_text(text: &str) -> Outcome {
        match squash(text).as_str() {
            "verified" => Outcome::Verified,
            "corrected" => Outcome::Corrected,
            "couldnotverify" | "notverified" | "unverifiable" => Outcome::CouldNotVerify,
            _ => Outcome::Outstanding,
        }
    }
}

/// The counts `spot-check verify` reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Values in the sample.
    pub sampled: usize,
    /// Marked Verified.
    pub verified: usize,
    /// Marked Corrected.
    pub corrected: usize,
    /// Marked Could not verify.
    pub unverifiable: usize,
    /// With no outcome yet.
    pub outstanding: usize,
    /// Verified values that differ from the reported ones.
    pub mismatches: usize,
    /// Rows not signed off: without a checker's name, a date or an outcome.
    pub unsigned: usize,
    /// Values drawn whose rows are no longer on the sheet.
    pub missing: usize,
}

/// The findings and counts of a completed workbook.
#[derive(Debug, Clone, Default)]
pub struct Verification {
    /// `spotcheck.mismatch` and `spotcheck.unsigned`, in row order.
    pub findings: Vec<Finding>,
    /// The counts.
    pub summary: Summary,
}

/// Whether a value in the Unit column is a percentage.
fn is_percentage(unit: &str) -> bool {
    let unit = squash(unit);
    unit.starts_with("percent") || unit == "%"
}

/// The checker's value in the reported value's terms: a percentage typed with its
/// sign ("64%") is kept by Excel as 0.64, which is 64 where 64 was reported.
fn in_reported_terms(verified: f64, reported: f64, unit: &str) -> f64 {
    if is_percentage(unit) && reported > 1.0 && (0.0..=1.0).contains(&verified) {
        verified * 100.0
    } else {
        verified
    }
}

/// Verify the rows read from a spot-check workbook.
pub fn verify(file: &str, sheet: &str, rows: &[CheckedRow]) -> Verification {
    let mut out = Verification::default();
    for row in rows {
        out.summary.sampled += 1;
        let outcome_text = row.text(columns::OUTCOME);
        let outcome = Outcome::from_text(&outcome_text);
        match outcome {
            Outcome::Verified => out.summary.verified += 1,
            Outcome::Corrected => out.summary.corrected += 1,
            Outcome::CouldNotVerify => out.summary.unverifiable += 1,
            Outcome::Outstanding => out.summary.outstanding += 1,
        }
        let what = format!(
            "{} ({} {})",
            row.text(columns::REF),
            row.text(columns::INDICATOR_ID),
            row.text(columns::PERIOD)
        );
        let reported = number(&row.value(columns::REPORTED)).ok().flatten();
        let verified = number(&row.value(columns::VERIFIED)).ok().flatten();
        let decimals: i32 = row.text(columns::DECIMALS).parse().unwrap_or(1);
        // A milestone's status, reported and verified in words.
        let reported_words = row
            .value(columns::REPORTED)
            .as_text()
            .filter(|text| is_milestone_status(text))
            .map(str::to_string);
        let verified_words = row.value(columns::VERIFIED).as_text().map(str::to_string);
        let mismatch = match (reported, verified, &reported_words, &verified_words) {
            (Some(reported), Some(verified), ..) => {
                let verified = in_reported_terms(verified, reported, &row.text(columns::UNIT));
                let scale = 10f64.powi(decimals);
                (((reported * scale).round() - (verified * scale).round()).abs() >= 1.0).then(|| {
                    format!(
                        "the checker verified {} but {} was reported; correct the return before the figure is published",
                        format_number(verified),
                        format_number(reported)
                    )
                })
            }
            (_, _, Some(reported), Some(verified)) => (squash(reported) != squash(verified)).then(|| {
                format!(
                    "the checker verified '{verified}' but '{reported}' was reported; correct the return before the status is published"
                )
            }),
            _ => None,
        };
        if let Some(mismatch) = mismatch {
            out.summary.mismatches += 1;
            out.findings.push(
                Finding::file(
                    file,
                    Rule::SpotcheckMismatch,
                    format!("{what}: {mismatch}."),
                )
                .on_sheet(sheet)
                .at(row.cell(columns::VERIFIED))
                .field("verified"),
            );
        }
        let has_verified =
            verified.is_some() || reported_words.is_some() && verified_words.is_some();
        if let Some((column, field, detail)) = unsigned(row, outcome, &outcome_text, has_verified) {
            out.summary.unsigned += 1;
            out.findings.push(
                Finding::file(
                    file,
                    Rule::SpotcheckUnsigned,
                    format!("{what} is not signed off: {detail}."),
                )
                .on_sheet(sheet)
                .at(row.cell(column))
                .field(field),
            );
        }
    }
    out
}

/// Why a row is not signed off, with the cell to look at and its field: no checker's
/// name, no date (or one that is not a date), no outcome (or one not on the list), or
/// a value marked Corrected with no value to correct it to.
fn unsigned(
    row: &CheckedRow,
    outcome: Outcome,
    outcome_text: &str,
    has_verified: bool,
) -> Option<(&'static str, &'static str, String)> {
    let name_missing = row.value(columns::CHECKED_BY).is_blank();
    let date = row.value(columns::DATE_CHECKED);
    let date_missing = date.is_blank();
    let outcome_blank = outcome_text.trim().is_empty();
    if name_missing && date_missing && outcome == Outcome::Outstanding && outcome_blank {
        return Some((
            columns::CHECKED_BY,
            "checked_by",
            "it has not been checked yet".to_string(),
        ));
    }
    let missing: Vec<&str> = [
        (name_missing, "checker's name"),
        (date_missing, "date checked"),
        (outcome_blank, "outcome"),
    ]
    .into_iter()
    .filter_map(|(missing, what)| missing.then_some(what))
    .collect();
    if !missing.is_empty() {
        let (column, field) = if name_missing {
            (columns::CHECKED_BY, "checked_by")
        } else if date_missing {
            (columns::DATE_CHECKED, "date_checked")
        } else {
            (columns::OUTCOME, "outcome")
        };
        return Some((column, field, format!("it has no {}", or_list(&missing))));
    }
    let not_a_date = match values::date(&date) {
        Ok(Some(_)) => None,
        // Why, where the date reader can say ("looks like a US-style date").
        Err(values::CellProblem::Type(reason)) => {
            Some(format!("its date checked cannot be read: {reason}"))
        }
        _ => Some(format!(
            "its date checked, '{}', is not a date",
            date.display().trim()
        )),
    };
    if let Some(detail) = not_a_date {
        return Some((columns::DATE_CHECKED, "date_checked", detail));
    }
    if outcome == Outcome::Outstanding {
        return Some((
            columns::OUTCOME,
            "outcome",
            format!(
                "its outcome, '{}', is not one of {}",
                outcome_text.trim(),
                or_list(OUTCOMES)
            ),
        ));
    }
    if outcome == Outcome::Corrected && !has_verified {
        return Some((
            columns::VERIFIED,
            "verified",
            "it is marked Corrected but has no verified value, the value the evidence gives"
                .to_string(),
        ));
    }
    None
}

/// The sampled values no longer on the sheet: a gap in the references (SC-001 …) or,
/// where the Instructions sheet still records the draw, fewer rows than were drawn.
/// A value drawn is to be checked or marked Could not verify, never removed.
pub fn missing_rows(
    file: &str,
    sheet: &str,
    rows: &[CheckedRow],
    drawn: Option<usize>,
) -> Vec<Finding> {
    let numbers: Vec<Option<usize>> = rows
        .iter()
        .map(|row| reference_number(&row.text(columns::REF)))
        .collect();
    let finding = |message: String| {
        Finding::file(file, Rule::SpotcheckRowMissing, message)
            .on_sheet(sheet)
            .field("ref")
    };
    if numbers.iter().all(Option::is_some) && !numbers.is_empty()
        || drawn.is_some() && rows.is_empty()
    {
        let present: std::collections::HashSet<usize> = numbers.iter().flatten().copied().collect();
        let last = drawn
            .unwrap_or(0)
            .max(present.iter().copied().max().unwrap_or(0));
        return (1..=last)
            .filter(|n| !present.contains(n))
            .map(|n| {
                let reference = format!("{REFERENCE_PREFIX}{n:03}");
                finding(format!(
                    "{reference} was drawn but its row is not on the sheet: every value drawn is to be checked, or marked Could not verify, not removed."
                ))
            })
            .collect();
    }
    match drawn {
        Some(drawn) if drawn > rows.len() => vec![finding(format!(
            "{} were drawn but the sheet holds {}: every value drawn is to be checked, or marked Could not verify, not removed.",
            plural(drawn, "value"),
            rows.len()
        ))],
        _ => Vec::new(),
    }
}

/// The number of a sample's reference, 8 for "SC-008".
fn reference_number(reference: &str) -> Option<usize> {
    reference
        .trim()
        .strip_prefix(REFERENCE_PREFIX)?
        .parse()
        .ok()
        .filter(|n| *n > 0)
}
