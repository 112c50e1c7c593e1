//! Indicator sheets: a definitions library, and returns in the long layout (a row per
//! indicator per period) or the wide layout (a row per indicator, a column per period).

use super::grid::Grid;
use super::header::Header;
use super::register::RowLeftOut;
use crate::model::{Definition, IndicatorValue, Period};
use crate::schema::squash;

mod definitions;
mod figures;
mod layout;
mod returns;
mod rows;

pub use definitions::read_definitions;
pub use figures::{
    Fraction, fraction, is_milestone_achieved, is_milestone_status, is_milestone_target,
    is_no_target, is_withheld, number, target_comparison, target_in_words, target_range,
};
pub use layout::return_fit;
pub use returns::{Shape, comparator_columns, read_return};

/// How a return lays out its periods.
#[derive(Debug, Clone, PartialEq)]
pub enum Layout {
    /// A row per indicator per period.
    Long {
        /// A column saying what each row holds ("Actual", "Target"), where an
        /// indicator's actual and target for a period are rows of their own.
        roles: Option<u32>,
    },
    /// A row per indicator; these columns hold the periods' actuals (and targets).
    Wide {
        /// Each period's columns.
        periods: Vec<PeriodColumns>,
        /// A column of the year's target ("2026/27 Target"): each period's target where
        /// the header has no Target column.
        year_target: Option<u32>,
        /// A column saying what each row holds ("Actual", "Target"), where an
        /// indicator's actuals and targets are rows of their own.
        roles: Option<u32>,
    },
}

/// What a row of a return holds, where a column says so: an indicator's actuals in
/// one row and its targets in the next is a common way to lay a wide return out, and
/// a row per figure ("Type": "Actual" or "Target") is how exports lay a long one out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRole {
    /// The actuals ("Actual", "Outturn", "Performance").
    Actual,
    /// The targets.
    Target,
    /// The numerators.
    Numerator,
    /// The denominators.
    Denominator,
    /// Something else the return shows per period ("Variance", "RAG", "Last year").
    Other,
}

impl RowRole {
    /// The role a cell's words name, if they name one.
    pub fn of(text: &str) -> Option<RowRole> {
        let role = match squash(text).as_str() {
            "actual" | "actuals" | "actualvalue" | "actualperformance" | "outturn" | "result"
            | "results" | "performance" | "value" | "achieved" => RowRole::Actual,
            "target" | "targets" | "tgt" | "targetvalue" | "profiledtarget" => RowRole::Target,
            "numerator" | "num" => RowRole::Numerator,
            "denominator" | "den" | "denom" => RowRole::Denominator,
            "rag"
            | "ragstatus"
            | "status"
            | "variance"
            | "var"
            | "varianceagainsttarget"
            | "trend"
            | "dot"
            | "directionoftravel"
            | "forecast"
            | "benchmark"
            | "comment"
            | "comments"
            | "commentary"
            | "lastyear"
            | "previousyear"
            | "prioryear" => RowRole::Other,
            _ => return None,
        };
        Some(role)
    }
}

/// A period's columns in a wide return.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodColumns {
    /// The period.
    pub period: Period,
    /// Its actual's column.
    pub actual: Option<u32>,
    /// Its target's column, where targets are given per period.
    pub target: Option<u32>,
    /// Its numerator's column ("Apr Numerator"), where given.
    pub numerator: Option<u32>,
    /// Its denominator's column ("Apr Denominator"), where given.
    pub denominator: Option<u32>,
    /// Its own RAG's column ("Q1 RAG"), where given.
    pub rag: Option<u32>,
    /// Its own commentary's column ("Q1 Commentary"), where given.
    pub commentary: Option<u32>,
    /// Whether its heading names its year ("Apr-26", "Q1 2026/27"), rather than taking
    /// the return's ("Apr", "Q1").
    pub named_year: bool,
}

/// A return's rows, read.
#[derive(Debug, Clone)]
pub struct ReturnSheet {
    /// The header found.
    pub header: Header,
    /// Long or wide.
    pub layout: Layout,
    /// One per indicator per period.
    pub values: Vec<IndicatorValue>,
    /// Non-blank rows below the header taken as indicators.
    pub rows_taken: usize,
    /// Non-blank rows below the header that are not indicators.
    pub left_out: Vec<RowLeftOut>,
    /// A wide row's quarter, half or year columns among its months, with a figure:
    /// their subtotals, checked against the months but not periods of their own.
    pub subtotals: Vec<IndicatorValue>,
    /// The date or period its block says it was completed for ("Reporting period:
    /// September 2026").
    pub completed_for: Option<crate::read::CompletedFor>,
}

/// A definitions library's rows, read.
#[derive(Debug, Clone)]
pub struct DefinitionsSheet {
    /// The header found.
    pub header: Header,
    /// One per indicator.
    pub definitions: Vec<Definition>,
    /// Non-blank rows that are not definitions.
    pub left_out: Vec<RowLeftOut>,
}

/// Words in a period's heading for its own RAG ("Q1 RAG", "Q1 Status").
pub const PERIOD_RAG: &[&str] = &["rag", "status"];

/// Words in a period's heading for its own commentary ("Q1 Commentary").
pub const PERIOD_COMMENTARY: &[&str] = &["comment", "comments", "commentary", "note", "notes"];

/// The corporate plan priorities listed on a sheet: its first column's text below a
/// heading that names priorities (or well-being objectives), or the whole first column.
pub fn read_priorities(grid: &Grid) -> Vec<String> {
    grid.rows
        .iter()
        .filter_map(|row| row.cells.first())
        .filter_map(|(_, value)| value.as_text().map(str::to_string))
        .filter(|text| !names_the_plan(text))
        .collect()
}

/// Whether a sheet lists the corporate plan's priorities, by its name: "Priorities",
/// or a Welsh council's well-being objectives ("Well-being Objectives", "Amcanion
/// Llesiant"), which are its corporate plan's.
pub fn is_priorities_sheet(grid: &Grid) -> bool {
    names_the_plan(&grid.name)
}

/// Whether text names a plan's priorities or well-being objectives, as a sheet's name
/// or a heading does.
fn names_the_plan(text: &str) -> bool {
    let key = squash(text);
    key.contains("priorit")
        || key.contains("wellbeingobjectives")
        || key.contains("amcanionllesiant")
}
