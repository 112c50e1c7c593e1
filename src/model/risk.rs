//! A risk or opportunity as read from one register row.

use crate::finding::CellRef;
use crate::model::Period;
use crate::schema::{Framework, Stage};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Risk (a threat) or opportunity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// A threat to objectives.
    #[default]
    Risk,
    /// A chance to do better.
    Opportunity,
}

impl Kind {
    /// "Risk" or "Opportunity".
    pub fn label(self) -> &'static str {
        match self {
            Kind::Risk => "Risk",
            Kind::Opportunity => "Opportunity",
        }
    }
}

/// A date as precise as the cell gave it: "Oct 2026" spans the month, "Q3 2026/27" the
/// quarter, and a cell of several dates (a line each) runs from the first to the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    /// The earliest day meant.
    pub earliest: NaiveDate,
    /// The latest day meant.
    pub latest: NaiveDate,
    /// The financial period the cell named ("Q3 2026/27"), if it named one.
    pub named: Option<Period>,
    /// Whether the span is that of several dates, a line each.
    pub several: bool,
    /// The school term the cell named ("Spring term 2027"), if it named one.
    pub term: Option<Term>,
}

/// A school term, as a due date may name one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    /// September to December.
    Autumn,
    /// January to April.
    Spring,
    /// April to July.
    Summer,
}

impl Term {
    /// "Autumn", "Spring", "Summer".
    pub fn name(self) -> &'static str {
        match self {
            Term::Autumn => "Autumn",
            Term::Spring => "Spring",
            Term::Summer => "Summer",
        }
    }
}

impl DateSpan {
    /// One exact day.
    pub fn day(date: NaiveDate) -> DateSpan {
        DateSpan::between(date, date)
    }

    /// The days from `earliest` to `latest`.
    pub fn between(earliest: NaiveDate, latest: NaiveDate) -> DateSpan {
        DateSpan {
            earliest,
            latest,
            named: None,
            several: false,
            term: None,
        }
    }

    /// The days of a financial period.
    pub fn of_period(period: Period) -> DateSpan {
        DateSpan {
            named: Some(period),
            ..DateSpan::between(period.start(), period.end())
        }
    }

    /// As an officer writes it: `31/10/2026`, `Oct 2026` for a month, `Q3 2026/27` for
    /// a quarter, or `31/12/2026 to 31/03/2027` for the dates of several lines.
    pub fn display(&self) -> String {
        let day = |date: NaiveDate| date.format("%d/%m/%Y").to_string();
        if let Some(period) = self.named {
            period.to_string()
        } else if let Some(term) = self.term {
            format!("{} term {}", term.name(), self.earliest.year())
        } else if let Some(part) = self.part_of_year() {
            part
        } else if self.earliest == self.latest {
            day(self.earliest)
        } else if self.is_month() {
            self.earliest.format("%b %Y").to_string()
        } else {
            format!("{} to {}", day(self.earliest), day(self.latest))
        }
    }

    /// The calendar year or part of one the span is, as written: "2027", "Spring 2027",
    /// "Winter 2026/27", "Early 2027". Only a cell naming one gives such a span.
    pub fn part_of_year(&self) -> Option<String> {
        if self.several || self.earliest.day() != 1 || self.latest.succ_opt()?.day() != 1 {
            return None;
        }
        let year = self.earliest.year();
        let months = (self.latest.year() - year) * 12 + self.latest.month() as i32
            - self.earliest.month() as i32
            + 1;
        let part = match (self.earliest.month(), months) {
            (1, 12) => return Some(year.to_string()),
            (12, 3) => return Some(format!("Winter {year}/{:02}", (year + 1) % 100)),
            (3, 3) => "Spring",
            (6, 3) => "Summer",
            (9, 3) => "Autumn",
            (1, 4) => "Early",
            (5, 4) => "Mid",
            (9, 4) => "Late",
            _ => return None,
        };
        Some(format!("{part} {year}"))
    }

    /// Whether the span is one calendar month, as "Oct 2026" gives.
    pub fn is_month(&self) -> bool {
        self.earliest.day() == 1
            && self.earliest.checked_add_months(chrono::Months::new(1)) == self.latest.succ_opt()
    }
}

/// What a rating or RAG cell said.
#[derive(Debug, Clone, PartialEq)]
pub enum Rating {
    /// A band, by its name in the framework, and the words the cell used for it.
    Band {
        /// The framework's name for the band ("Medium").
        band: String,
        /// What the cell said ("Amber").
        written: String,
    },
    /// A number: the column holds scores.
    Score(f64),
    /// No words, but the rating cell, or the score's where there is no rating column,
    /// is filled in a band's colour.
    Fill {
        /// The framework's band the colour names ("High" for red).
        band: String,
        /// The colour, in words ("red").
        colour: &'static str,
        /// The field whose cell is coloured: "rating" or "score".
        field: &'static str,
    },
}

/// One of a risk's three assessments.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assessment {
    /// Likelihood as read (may be out of range; checks say so).
    pub likelihood: Option<f64>,
    /// Impact as read.
    pub impact: Option<f64>,
    /// Stated score.
    pub score: Option<f64>,
    /// Stated rating.
    pub rating: Option<Rating>,
}

/// A likelihood or impact on the scale: a whole number from 1 to 5.
pub fn on_scale(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.fract() == 0.0 && (1.0..=5.0).contains(v))
}

impl Assessment {
    /// Likelihood x impact where both are on the scale.
    pub fn computed_score(&self) -> Option<f64> {
        Some(on_scale(self.likelihood)? * on_scale(self.impact)?)
    }

    /// The score stated in a score column, or in a rating column holding numbers.
    pub fn stated_score(&self) -> Option<f64> {
        self.score.or(match self.rating {
            Some(Rating::Score(score)) => Some(score),
            _ => None,
        })
    }

    /// The score to band and escalate on: computed where possible, else stated (1-25 only).
    pub fn effective_score(&self) -> Option<f64> {
        self.computed_score()
            .or_else(|| self.stated_score().filter(|s| (1.0..=25.0).contains(s)))
    }

    /// Whether any of the four values was given.
    pub fn is_given(&self) -> bool {
        self.likelihood.is_some()
            || self.impact.is_some()
            || self.score.is_some()
            || self.rating.is_some()
    }
}

/// Where a row came from. File and sheet names are shared by every row of a sheet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Source {
    /// The file, as given or found.
    pub file: Arc<str>,
    /// The sheet.
    pub sheet: Arc<str>,
    /// 1-based row.
    pub row: u32,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} › {}!{}", self.file, self.sheet, self.row)
    }
}

/// One link of a provenance as a consolidated workbook writes it: the file and sheet
/// of "returns/highways.xlsx › Highways!6".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceLink<'a> {
    /// The file, as that run named it.
    pub file: &'a str,
    /// The sheet.
    pub sheet: &'a str,
}

impl Source {
    /// The links of a provenance "file › sheet!row ← file › sheet!row", nearest first;
    /// empty where the text is not one (a register's "Source" column saying "Internal
    /// audit").
    pub fn chain(text: &str) -> Vec<SourceLink<'_>> {
        fn link(part: &str) -> Option<SourceLink<'_>> {
            let (file, place) = part.trim().rsplit_once(" › ")?;
            let (sheet, row) = place.rsplit_once('!')?;
            let row_ok = row.is_empty() || row.bytes().all(|b| b.is_ascii_digit());
            let file = file.trim();
            (row_ok && !file.is_empty() && !sheet.is_empty()).then_some(SourceLink { file, sheet })
        }
        text.split(" ← ")
            .map(link)
            .collect::<Option<Vec<_>>>()
            .unwrap_or_default()
    }
}

/// A risk ID as it is known from one sheet or month to the next, however it is typed:
/// letters and numbers alike, case, spaces, punctuation and leading zeros aside, so
/// "HW-01", "hw 1" and "HW1" are one ID; "A-1-2" and "A-12" stay two.
pub fn id_key(id: &str) -> String {
    let mut tokens: Vec<String> = Vec::new();
    let mut last: Option<bool> = None;
    for c in id.chars().flat_map(char::to_lowercase) {
        if !c.is_alphanumeric() {
            last = None;
            continue;
        }
        let digit = c.is_ascii_digit();
        match tokens.last_mut() {
            Some(token) if last == Some(digit) => token.push(c),
            _ => tokens.push(c.to_string()),
        }
        last = Some(digit);
    }
    tokens
        .iter()
        .map(|token| match token.trim_start_matches('0') {
            "" if token.starts_with('0') => "0",
            trimmed if token.starts_with(|c: char| c.is_ascii_digit()) => trimmed,
            _ => token.as_str(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// A risk or opportunity read from one row, with where each value came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Risk {
    /// File, sheet and row.
    pub source: Option<Source>,
    /// The row's first cell in the table: where row-level findings point.
    pub first_cell: CellRef,
    /// Risk or opportunity.
    pub kind: Kind,
    /// Risk ID.
    pub id: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Longer description or cause and effect.
    pub description: Option<String>,
    /// Category.
    pub category: Option<String>,
    /// Directorate: the row's column, the sheet's block, or the folder.
    pub directorate: Option<String>,
    /// Service: the row's column, the sheet's block, or the file's name.
    pub service: Option<String>,
    /// Risk owner.
    pub owner: Option<String>,
    /// Before controls.
    pub inherent: Assessment,
    /// Now (residual).
    pub current: Assessment,
    /// Aimed for.
    pub target: Assessment,
    /// Current controls.
    pub controls: Option<String>,
    /// Further actions.
    pub further_actions: Option<String>,
    /// Who owns the actions.
    pub action_owner: Option<String>,
    /// When the actions are due.
    pub action_due: Option<DateSpan>,
    /// Progress of the actions.
    pub action_status: Option<String>,
    /// Last reviewed.
    pub last_review: Option<DateSpan>,
    /// Next review due.
    pub next_review: Option<DateSpan>,
    /// How often the register says the risk is reviewed, as written ("Quarterly").
    pub review_frequency: Option<String>,
    /// When the risk was first identified.
    pub date_identified: Option<DateSpan>,
    /// Status as written.
    pub status: Option<String>,
    /// Whether the status says closed.
    pub closed: bool,
    /// Corporate plan priority cited.
    pub priority: Option<String>,
    /// Direction of travel as written.
    pub direction: Option<String>,
    /// How the risk is being responded to, as written: tolerate, treat, transfer or
    /// terminate (an opportunity's: exploit, share, enhance or ignore).
    pub response: Option<String>,
    /// The register level the row says it is recorded on ("Directorate").
    pub register_level: Option<String>,
    /// Where a consolidated workbook says the row came from originally.
    pub source_note: Option<String>,
    /// What the row's columns that name no field say, a line each ("Proximity: 6
    /// months"), after any such lines a consolidated workbook kept.
    pub other: Option<String>,
    /// Every mapped field's cell on this row, by slot name (`current_likelihood`); the
    /// names are shared by every row of the sheet.
    pub cells: Vec<(Arc<str>, CellRef)>,
    /// Slots whose cell held something that could not be read (a finding was made).
    pub unreadable: BTreeSet<String>,
    /// What a cell holds where it gives no value of its field's type ("10/31/2026",
    /// "High-ish", "#REF!", "Ongoing", a closed risk's "N/A"), by slot name: shown as
    /// written in the consolidated workbook, where the value would be.
    pub as_written: Vec<(Arc<str>, String)>,
    /// Its impact scored domain by domain ("Financial Impact", "Impact / Reputation"),
    /// beside an impact column of its own: checked against it.
    pub domain_impacts: Vec<DomainImpact>,
    /// Its actions one by one, where they are kept so: on an action plan sheet of its
    /// own, a row each; or in the register, a row or a line each.
    pub planned: Vec<PlannedAction>,
}

/// A risk's impact in one domain, from a column of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainImpact {
    /// The assessment it is part of.
    pub stage: Stage,
    /// The column's heading ("Financial Impact").
    pub heading: Arc<str>,
    /// Its cell.
    pub cell: CellRef,
    /// The impact read.
    pub impact: f64,
}

/// One action of a risk: a row of an action plan on a sheet of its own ("Action
/// Plan": Risk ID, Action, Action Owner, Due Date, Status), or one of a register's
/// actions kept a row or a line each.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedAction {
    /// The sheet it is on.
    pub sheet: Arc<str>,
    /// Its row's first cell (an action plan's), or its action's cell (a register's).
    pub cell: CellRef,
    /// The action.
    pub text: String,
    /// Who owns it.
    pub owner: Option<String>,
    /// When it is due.
    pub due: Option<DateSpan>,
    /// The due date's cell (the row's first where there is no due date column).
    pub due_cell: CellRef,
    /// Its progress as written.
    pub status: Option<String>,
}

impl Risk {
    /// The assessment at a stage.
    pub fn assessment(&self, stage: Stage) -> &Assessment {
        match stage {
            Stage::Inherent => &self.inherent,
            Stage::Current => &self.current,
            Stage::Target => &self.target,
        }
    }

    /// The assessment at a stage, to fill in.
    pub fn assessment_mut(&mut self, stage: Stage) -> &mut Assessment {
        match stage {
            Stage::Inherent => &mut self.inherent,
            Stage::Current => &mut self.current,
            Stage::Target => &mut self.target,
        }
    }

    /// The cell of a slot on this row, or the row's first cell when the column is absent.
    pub fn cell(&self, slot: &str) -> CellRef {
        self.cells
            .iter()
            .find(|(name, _)| &**name == slot)
            .map_or(self.first_cell, |(_, cell)| *cell)
    }

    /// What the slot's cell holds where it gives no value of its type.
    pub fn written(&self, slot: &str) -> Option<&str> {
        self.as_written
            .iter()
            .find(|(name, _)| &**name == slot)
            .map(|(_, text)| text.as_str())
    }

    /// Whether the register has a column for this slot.
    pub fn has_column(&self, slot: &str) -> bool {
        self.cells.iter().any(|(name, _)| &**name == slot)
    }

    /// The current band's name, where the score is known.
    pub fn current_band<'a>(&self, framework: &'a Framework) -> Option<&'a str> {
        self.current
            .effective_score()
            .and_then(|s| framework.band_of(s))
            .map(|b| b.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::id_key;

    #[test]
    fn an_id_is_one_however_it_is_typed() {
        for same in ["HW-01", "hw 1", "HW1", " Hw-001 ", "HW.1"] {
            assert_eq!(id_key(same), "hw.1", "{same}");
        }
        assert_eq!(id_key("R0"), "r.0");
        assert_eq!(id_key("CRR 2026-10"), "crr.2026.10");
        assert_ne!(id_key("A-1-2"), id_key("A-12"));
        assert_ne!(id_key("HW-10"), id_key("HW-1"));
        assert_ne!(id_key("HW-01"), id_key("HWA-01"));
    }
}
