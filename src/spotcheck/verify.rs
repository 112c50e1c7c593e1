//! Verifying a completed spot-check workbook: every verified value against the value
//! reported, and every row signed off.
//!
//! Emits: spotcheck.mismatch, spotcheck.unsigned.

use crate::finding::{Finding, Rule};
use crate::read::grid::format_number;
use crate::read::indicators::number;
use crate::read::spotcheck::{CheckedRow, columns};
use crate::schema::squash;
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
    /// Rows without a checker's name and date.
    pub unsigned: usize,
}

/// The findings and counts of a completed workbook.
#[derive(Debug, Clone, Default)]
pub struct Verification {
    /// `spotcheck.mismatch` and `spotcheck.unsigned`, in row order.
    pub findings: Vec<Finding>,
    /// The counts.
    pub summary: Summary,
}

/// Verify the rows read from a spot-check workbook.
pub fn verify(file: &str, sheet: &str, rows: &[CheckedRow]) -> Verification {
    let mut out = Verification::default();
    for row in rows {
        out.summary.sampled += 1;
        let outcome = Outcome::from_text(&row.text(columns::OUTCOME));
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
        if let (Some(reported), Some(verified)) = (reported, verified) {
            let scale = 10f64.powi(decimals);
            if ((reported * scale).round() - (verified * scale).round()).abs() >= 1.0 {
                out.summary.mismatches += 1;
                out.findings.push(
                    Finding::file(
                        file,
                        Rule::SpotcheckMismatch,
                        format!(
                            "{what}: the checker verified {} but {} was reported; correct the return before the figure is published.",
                            format_number(verified),
                            format_number(reported)
                        ),
                    )
                    .on_sheet(sheet)
                    .at(row.cell(columns::VERIFIED))
                    .field("verified"),
                );
            }
        }
        let missing: Vec<&str> = [
            (columns::CHECKED_BY, "checker's name"),
            (columns::DATE_CHECKED, "date checked"),
        ]
        .into_iter()
        .filter(|(column, _)| row.value(column).is_blank())
        .map(|(_, what)| what)
        .collect();
        if !missing.is_empty() || outcome == Outcome::Outstanding {
            out.summary.unsigned += 1;
            let detail = if outcome == Outcome::Outstanding && missing.len() == 2 {
                "it has not been checked yet".to_string()
            } else if missing.is_empty() {
                "it has no outcome".to_string()
            } else {
                format!("it has no {}", missing.join(" or "))
            };
            out.findings.push(
                Finding::file(
                    file,
                    Rule::SpotcheckUnsigned,
                    format!("{what} is not signed off: {detail}."),
                )
                .on_sheet(sheet)
                .at(row.cell(columns::CHECKED_BY))
                .field("checked_by"),
            );
        }
    }
    out
}
