//! A return's rows: which are indicators, grouped where an indicator's figures are
//! rows of their own, and each cell read as its field's type.

use super::RowRole;
use super::figures::{
    Fraction, fraction, is_milestone_status, is_milestone_target, is_no_rag, is_no_target, is_when,
    is_withheld, number, target_comparison, target_in_words, target_range,
};
use crate::finding::{CellRef, Finding, Rule};
use crate::model::{IndicatorValue, Rag, Text, Unit};
use crate::read::grid::{Grid, GridRow, Value};
use crate::read::header::Header;
use crate::read::register::{RowLeftOut, could_be_id, header_repeated, note_row, totals_row};
use crate::read::values::CellProblem;
use crate::schema::{Notes, TemplateSchema, squash};
use std::collections::HashMap;
use std::sync::Arc;

/// Reads one indicator's cells as their fields' types, noting the fields whose cells
/// could not be read and the number fields given as words.
pub(super) struct RowReader<'a> {
    pub(super) file: &'a str,
    pub(super) grid: &'a Grid,
    /// The rows of one indicator: one, or (where a column names each row's role) its
    /// actuals', targets' and other rows, the first naming the indicator.
    pub(super) rows: &'a [&'a GridRow],
    pub(super) findings: &'a mut Vec<Finding>,
    pub(super) unreadable: Vec<String>,
    /// Number fields given as words ("<5", "n/a"), with the words.
    pub(super) written: Vec<(String, String)>,
    /// Whether the row's actuals are a milestone's status in words, where they are read
    /// after its target (a wide row's one target before its periods).
    pub(super) milestone: bool,
}

impl<'a> RowReader<'a> {
    /// The row whose cell in a column an indicator's field is read from: the first of
    /// its rows with something there.
    pub(super) fn locate(&self, column: u32) -> &'a GridRow {
        self.rows
            .iter()
            .find(|row| !row.get(column).is_blank())
            .unwrap_or(&self.rows[0])
    }

    pub(super) fn problem(
        &mut self,
        row: u32,
        field: &str,
        label: &str,
        column: u32,
        problem: CellProblem,
    ) {
        self.unreadable.push(field.to_string());
        let cell = CellRef::new(row, column);
        let finding = problem.finding(self.file, label);
        self.findings
            .push(finding.on_sheet(&self.grid.name).at(cell).field(field));
    }

    pub(super) fn text(&mut self, column: Option<u32>) -> Option<String> {
        let column = column?;
        let value = self.locate(column).get(column);
        (!value.is_blank() && !matches!(value, Value::Error(_))).then(|| value.display())
    }

    /// The text, to share between a wide row's periods.
    pub(super) fn shared(&mut self, column: Option<u32>) -> Option<Text> {
        self.text(column).map(Text::from)
    }

    pub(super) fn number(&mut self, field: &str, label: &str, column: Option<u32>) -> Option<f64> {
        let column = column?;
        self.number_in(self.locate(column), field, label, Some(column))
    }

    /// The actual a cell gives as a count out of a total: the percentage written with
    /// it, or the one it makes for an indicator of percentages (a unit, or a name, that
    /// says so); a score's is the score ("4.2 out of 5"). Another's is a cell problem,
    /// as 45 out of 50 may be meant as 45 or as 90%. With no unit nor a name that says,
    /// the words are kept for the library's unit to decide ([`Fraction::actual_for`]).
    /// With whether the two figures are the value's numerator and denominator.
    pub(super) fn counted(
        &mut self,
        row: &GridRow,
        column: u32,
        text: &str,
        counted: Fraction,
        value: &IndicatorValue,
    ) -> (Option<f64>, bool) {
        if let Some(stated) = counted.stated {
            return (Some(stated), true);
        }
        let named_percentage = value.name.as_deref().is_some_and(|name| {
            let lower = name.to_lowercase();
            lower.contains('%') || lower.contains("percent") || lower.contains("proportion")
        });
        match value.unit.as_deref().and_then(Unit::from_text) {
            // No unit given: the library's, once joined, says what it is.
            None if !named_percentage => {
                self.written
                    .push(("actual".to_string(), text.trim().to_string()));
                (None, false)
            }
            unit => match counted.actual_for(unit.or(Some(Unit::Percentage))) {
                Some((actual, calculated)) => (Some(actual), calculated),
                None => {
                    let problem = CellProblem::Type(counted.problem(text));
                    self.problem(row.index, "actual", "Actual", column, problem);
                    (None, false)
                }
            },
        }
    }

    /// A definition's frequency the framework's periods do not follow ("Weekly"): an
    /// info finding at its cell.
    pub(super) fn unjudged(&mut self, row: u32, column: Option<u32>, text: &str) {
        let Some(column) = column else {
            return;
        };
        let finding = Finding::file(
            self.file,
            Rule::IndicatorFrequencyUnjudged,
            format!(
                "The frequency '{}' is not one the periods due are judged by (Monthly, Quarterly, Half-yearly or Annual): which of the indicator's periods are due is taken from the periods its returns give.",
                text.trim()
            ),
        );
        self.findings.push(
            finding
                .on_sheet(&self.grid.name)
                .at(CellRef::new(row, column))
                .field("frequency"),
        );
    }

    /// Whether the actual read is a milestone's status in words ("On track").
    fn milestone_reported(&self) -> bool {
        self.milestone
            || self
                .written
                .iter()
                .any(|(field, words)| field == "actual" && is_milestone_status(words))
    }

    /// A number from one row's cell.
    pub(super) fn number_in(
        &mut self,
        row: &GridRow,
        field: &str,
        label: &str,
        column: Option<u32>,
    ) -> Option<f64> {
        let column = column?;
        let cell = row.get(column);
        let words = cell.as_text().map(str::trim).filter(|t| !t.is_empty());
        // A target with its comparison (">= 80%"), none by design ("Monitor only"), or
        // a range ("90-95%"): the words are kept, for the polarity they give, the
        // range's RAG and the workbook.
        if field == "target"
            && let Some(text) = words
        {
            if let Some((number, _)) = target_comparison(text) {
                self.written.push((field.to_string(), text.to_string()));
                return Some(number);
            }
            if is_no_target(text)
                || target_in_words(text).is_some()
                || target_range(text).is_some()
                || is_milestone_target(text)
            {
                self.written.push((field.to_string(), text.to_string()));
                return None;
            }
        }
        // A milestone's target given as when it is due ("Mar 2027", "31/03/2027", a date
        // cell), where its actual is a status in words: kept as written. (For a figure,
        // a date is a target typed wrongly, or a number in a cell formatted as a date.)
        if field == "target" && self.milestone_reported() {
            let when = match (words, cell) {
                (Some(text), _) if is_when(text) => Some(text.to_string()),
                (_, Value::DateTime(_)) => Some(cell.display()),
                _ => None,
            };
            if let Some(when) = when {
                self.written.push((field.to_string(), when));
                return None;
            }
        }
        if let Some(text) = words
            && is_withheld(text)
        {
            let finding = Finding::file(
                self.file,
                Rule::IndicatorValueWithheld,
                format!(
                    "{label} is '{text}', a number withheld to protect small counts: it counts as given, but it cannot be checked against the target or given a RAG."
                ),
            );
            self.findings.push(
                finding
                    .on_sheet(&self.grid.name)
                    .at(CellRef::new(row.index, column))
                    .field(field),
            );
            self.written.push((field.to_string(), text.to_string()));
            return None;
        }
        // A milestone's status ("Achieved", "Delayed"): given, kept as written.
        if field == "actual"
            && let Some(text) = words
            && is_milestone_status(text)
        {
            self.written.push((field.to_string(), text.to_string()));
            return None;
        }
        // A forecast in words ("On track", "Green", "Target will be met"): kept as
        // written.
        if field == "forecast"
            && let Some(text) = words
            && number(cell).is_err()
        {
            self.written.push((field.to_string(), text.to_string()));
            return None;
        }
        match number(cell) {
            Ok(None) => {
                // A placeholder ("n/a", "TBC"): no value, but the words are kept.
                if let Some(text) = words {
                    self.written.push((field.to_string(), text.to_string()));
                }
                None
            }
            Ok(value) => value,
            Err(problem) => {
                self.problem(row.index, field, label, column, problem);
                None
            }
        }
    }

    /// The RAG status a cell reports. None when it is blank or says there is none, as
    /// an indicator with no target reports ("N/A", "-", "Data only", "Not due yet");
    /// anything else is a cell problem.
    pub(super) fn rag(&mut self, column: Option<u32>) -> Option<Rag> {
        let column = column?;
        let text = self.text(Some(column))?;
        if let Some(rag) = Rag::from_text(&text) {
            return Some(rag);
        }
        if is_no_rag(&text) {
            if is_no_target(&text) {
                self.written.push(("rag".to_string(), text));
            }
            return None;
        }
        let statuses: Vec<Rag> = text
            .split(['/', '-', '\u{2013}', '&', ','])
            .flat_map(|part| part.split(" to "))
            .filter_map(|part| Rag::from_text(part.trim()))
            .collect();
        let problem = if matches!(squash(&text).as_str(), "blue" | "b") {
            format!(
                "'{text}' is not one of the framework's RAG statuses (Red, Amber or Green): where it means on or better than target, report Green"
            )
        } else if statuses.len() == 2 {
            // "Amber/Red", "Red-Amber": between two statuses, which the framework has not.
            format!(
                "'{text}' gives two RAG statuses: report the one the actual and target give, Red, Amber or Green"
            )
        } else {
            format!("'{text}' is not a RAG status (Red, Amber or Green)")
        };
        self.problem(
            self.locate(column).index,
            "rag",
            "RAG",
            column,
            CellProblem::Type(problem),
        );
        None
    }

    pub(super) fn parsed<T>(
        &mut self,
        field: &str,
        label: &str,
        column: Option<u32>,
        parse: fn(&str) -> Option<T>,
        expected: &str,
    ) -> Option<T> {
        let column = column?;
        let text = self.text(Some(column))?;
        let parsed = parse(&text);
        if parsed.is_none() {
            self.problem(
                self.locate(column).index,
                field,
                label,
                column,
                CellProblem::Type(format!("'{text}' is not {expected}")),
            );
        }
        parsed
    }
}

pub(super) fn columns_of(header: &Header, template: &TemplateSchema) -> HashMap<String, u32> {
    header
        .slots
        .iter()
        .map(|(slot, column)| (template.fields[slot.field].name.clone(), *column))
        .collect()
}

pub(super) fn names_of(columns: &HashMap<String, u32>, row: u32) -> Vec<(Arc<str>, CellRef)> {
    columns
        .iter()
        .map(|(name, column)| (Arc::from(name.as_str()), CellRef::new(row, *column)))
        .collect()
}

/// Whether a row is only a heading inside the table: one text cell and nothing else.
fn heading_row(row: &GridRow, header: &Header) -> bool {
    let filled: Vec<&Value> = row
        .cells
        .iter()
        .filter(|(c, v)| !v.is_blank() && header.columns.iter().any(|h| h.index == *c))
        .map(|(_, v)| v)
        .collect();
    filled.len() == 1 && matches!(filled[0], Value::Text(_))
}

/// A row that is only a heading inside the table (one text cell, not an ID: in the ID
/// column, words with no number, "Contact centre"): left out.
pub(super) fn heading_inside(
    row: &GridRow,
    header: &Header,
    id_column: Option<u32>,
) -> Option<RowLeftOut> {
    let not_an_id = |column: u32| match row.get(column) {
        Value::Empty => true,
        Value::Text(text) => !could_be_id(text),
        _ => false,
    };
    (heading_row(row, header) && id_column.is_none_or(not_an_id)).then(|| RowLeftOut {
        row: row.index + 1,
        reason: "heading inside the table".into(),
    })
}

/// Why a row of a library or return is not an indicator, if it is not: a note, a
/// totals line, the header repeated, or a heading inside the table.
fn not_an_indicator(
    row: &GridRow,
    header: &Header,
    notes: &Notes,
    id_column: Option<u32>,
) -> Option<RowLeftOut> {
    note_row(row, notes)
        .or_else(|| totals_row(row, false))
        .or_else(|| header_repeated(row, header))
        .or_else(|| heading_inside(row, header, id_column))
}

/// The filled rows below the header that hold indicators; the others are put in
/// `left_out`, each with why.
pub(super) fn indicator_rows<'g>(
    grid: &'g Grid,
    header: &Header,
    notes: &Notes,
    id_column: Option<u32>,
    left_out: &mut Vec<RowLeftOut>,
) -> Vec<&'g GridRow> {
    grid.rows
        .iter()
        .filter(|r| r.index > header.last_row && !r.is_blank())
        .filter(
            |row| match not_an_indicator(row, header, notes, id_column) {
                Some(left) => {
                    left_out.push(left);
                    false
                }
                None => true,
            },
        )
        .collect()
}

/// One indicator's rows in a return (in a long return, for one period): a row, or
/// (where a column names each row's role) the rows that give its actuals, targets,
/// numerators and denominators.
pub(super) struct RowGroup<'g> {
    /// Its rows, the first naming the indicator.
    pub(super) rows: Vec<&'g GridRow>,
    /// The ID (or name) its rows give, where they were put together by their roles.
    pub(super) name: Option<String>,
    /// Whether its rows were put together by their roles.
    pub(super) by_role: bool,
    pub(super) actual: Option<&'g GridRow>,
    pub(super) target: Option<&'g GridRow>,
    pub(super) numerator: Option<&'g GridRow>,
    pub(super) denominator: Option<&'g GridRow>,
}

impl<'g> RowGroup<'g> {
    /// A group begun by a row of a role (a row with no role is an indicator's row of
    /// actuals, in a group of its own).
    pub(super) fn begun(
        row: &'g GridRow,
        role: RowRole,
        name: Option<String>,
        by_role: bool,
    ) -> Self {
        let mut group = RowGroup {
            rows: vec![row],
            name,
            by_role,
            actual: None,
            target: None,
            numerator: None,
            denominator: None,
        };
        if let Some(slot) = group.slot(role) {
            *slot = Some(row);
        }
        group
    }

    /// Whether it has no row of this role yet.
    pub(super) fn free(&self, role: RowRole) -> bool {
        match role {
            RowRole::Actual => self.actual.is_none(),
            RowRole::Target => self.target.is_none(),
            RowRole::Numerator => self.numerator.is_none(),
            RowRole::Denominator => self.denominator.is_none(),
            RowRole::Other => false,
        }
    }

    pub(super) fn slot(&mut self, role: RowRole) -> Option<&mut Option<&'g GridRow>> {
        match role {
            RowRole::Actual => Some(&mut self.actual),
            RowRole::Target => Some(&mut self.target),
            RowRole::Numerator => Some(&mut self.numerator),
            RowRole::Denominator => Some(&mut self.denominator),
            RowRole::Other => None,
        }
    }
}

/// A return's indicator rows, each an indicator of its own, or where `roles` is the
/// column naming each row's role, put together. In a wide return a row of actuals,
/// targets, numerators or denominators belongs with the rows above it while it names
/// the same indicator (or none) and its role is not there yet; in a long return
/// (`period` its Period column) with the rows of the same indicator and period,
/// wherever they are. Rows of other things ("Variance", "Last year") are left out,
/// each with why.
pub(super) fn group_rows<'g>(
    rows: Vec<&'g GridRow>,
    roles: Option<u32>,
    identity: [Option<u32>; 2],
    period: Option<u32>,
    left_out: &mut Vec<RowLeftOut>,
) -> Vec<RowGroup<'g>> {
    let name_of = |row: &GridRow| {
        identity
            .into_iter()
            .flatten()
            .map(|column| row.get(column))
            .find(|value| !value.is_blank())
            .map(Value::display)
    };
    let mut groups: Vec<RowGroup<'g>> = Vec::new();
    // A long return's groups by indicator and period.
    let mut by_key: HashMap<(Option<String>, String), usize> = HashMap::new();
    for row in rows {
        let role = roles.and_then(|column| {
            let role = row.get(column).as_text().and_then(RowRole::of)?;
            Some((role, row.get(column).display()))
        });
        let Some((role, said)) = role else {
            groups.push(RowGroup::begun(row, RowRole::Actual, None, false));
            continue;
        };
        // A row naming no indicator is the one above's.
        let name = name_of(row).or_else(|| {
            groups
                .last()
                .filter(|last| last.by_role)
                .and_then(|last| last.name.clone())
        });
        let key = period.map(|column| (name.clone(), row.get(column).display()));
        let joins = match &key {
            Some(key) => by_key.get(key).copied(),
            None => groups
                .len()
                .checked_sub(1)
                .filter(|&k| groups[k].by_role && name == groups[k].name),
        };
        if role == RowRole::Other {
            let of = name.map_or_else(|| "the indicator above".to_string(), |n| format!("'{n}'"));
            left_out.push(RowLeftOut {
                row: row.index + 1,
                reason: format!(
                    "the '{said}' row of {of}: not one of the values the return is checked for"
                ),
            });
            continue;
        }
        match joins.map(|k| &mut groups[k]) {
            Some(group) if group.free(role) => {
                if let Some(slot) = group.slot(role) {
                    *slot = Some(row);
                }
                group.rows.push(row);
            }
            _ => {
                groups.push(RowGroup::begun(row, role, name, true));
                if let Some(key) = key {
                    by_key.insert(key, groups.len() - 1);
                }
            }
        }
    }
    groups
}

/// Read one period's figures of an indicator's rows into `value`: its actual from the
/// actuals' row's `actual` column; its target, numerator and denominator from that
/// row's `own` columns for them where it has them, else from their own rows' `actual`
/// column. The cells each was read from replace the value's; gives them.
pub(super) fn read_figures<'g>(
    reader: &mut RowReader,
    group: &RowGroup<'g>,
    actual: Option<u32>,
    own: [Option<u32>; 3],
    value: &mut IndicatorValue,
) -> Vec<(&'static str, &'g GridRow, u32)> {
    const FIGURES: [(&str, &str); 3] = [
        ("target", "Target"),
        ("numerator", "Numerator"),
        ("denominator", "Denominator"),
    ];
    let own_row = group.actual.unwrap_or(group.rows[0]);
    let in_rows = [group.target, group.numerator, group.denominator];
    let mut at: Vec<(&str, &GridRow, u32)> = Vec::new();
    let mut counted = None;
    if let (Some(row), Some(column)) = (group.actual, actual) {
        let written = row.get(column).as_text();
        counted = written.and_then(fraction);
        value.actual = match (counted, written) {
            (Some(fraction), Some(text)) => {
                let (actual, calculated) = reader.counted(row, column, text, fraction, value);
                counted = counted.filter(|_| calculated);
                actual
            }
            _ => reader.number_in(row, "actual", "Actual", Some(column)),
        };
        at.push(("actual", row, column));
    }
    for (((field, label), own), in_row) in FIGURES.into_iter().zip(own).zip(in_rows) {
        let found = own
            .map(|column| (own_row, column))
            .or_else(|| in_row.zip(actual));
        let Some((row, column)) = found else {
            continue;
        };
        let number = reader.number_in(row, field, label, Some(column));
        match field {
            "target" => value.target = number,
            "numerator" => value.numerator = number,
            _ => value.denominator = number,
        }
        at.push((field, row, column));
    }
    // A count out of a total in the actual's cell gives the numerator and denominator
    // its own columns leave blank.
    if let Some(counted) = counted
        && value.actual.is_some()
    {
        value.numerator = value.numerator.or(Some(counted.numerator));
        value.denominator = value.denominator.or(Some(counted.denominator));
    }
    value
        .cells
        .retain(|(name, _)| !at.iter().any(|(field, ..)| *field == &**name));
    for &(field, row, column) in &at {
        value
            .cells
            .push((Arc::from(field), CellRef::new(row.index, column)));
    }
    at
}

/// A return's row whose ID (or, with none, its name) is struck through: an indicator
/// no longer reported, which officers strike through rather than delete. It is left
/// out, with an info finding that says so.
pub(super) fn struck_through(
    file: &str,
    grid: &Grid,
    row: &GridRow,
    columns: [Option<u32>; 2],
    findings: &mut Vec<Finding>,
) -> Option<RowLeftOut> {
    let column = columns
        .into_iter()
        .flatten()
        .find(|&column| !row.get(column).is_blank())?;
    if !grid.struck(row.index, column) {
        return None;
    }
    let named = row.get(column).display();
    findings.push(
        Finding::file(
            file,
            Rule::IndicatorStruckThrough,
            format!(
                "{named} is struck through, so it is read as no longer reported: it is left out of the checks and the Indicators sheet. If it is still reported, take the line through it away."
            ),
        )
        .on_sheet(&grid.name)
        .at(CellRef::new(row.index, column)),
    );
    Some(RowLeftOut {
        row: row.index + 1,
        reason: format!("struck through: {named}, no longer reported"),
    })
}
