//! One register row read as a risk: each field's cell as its type, ratings shown by
//! fill, likelihood and impact from a score's working or from impacts by domain, and
//! a risk struck through.

use crate::finding::{CellRef, Finding, Rule, Severity};
use crate::model::{Risk, Source};
use crate::read::grid::{Grid, GridRow, Value};
use crate::read::header::Header;
use crate::read::values;
use crate::schema::{FieldType, Schema, Slot, Stage, TemplateSchema};
use std::sync::Arc;

use super::SheetNames;
use super::columns::DomainColumns;
use super::details::{other_columns, set_text};

/// A register row read as a risk, each value with its cell; a value that cannot be read
/// is kept as written and is a finding at its cell.
pub(super) fn read_row(
    file: &str,
    grid: &Grid,
    row: &GridRow,
    header: &Header,
    names: &SheetNames,
    schema: &Schema,
    findings: &mut Vec<Finding>,
) -> Risk {
    let template = &schema.risk_register;
    let mut risk = Risk {
        source: Some(Source {
            file: names.file.clone(),
            sheet: names.sheet.clone(),
            row: row.index + 1,
        }),
        first_cell: CellRef::new(row.index, header.first_column()),
        cells: Vec::with_capacity(names.slots.len()),
        ..Risk::default()
    };
    let mut problems = Vec::new();
    for (slot, column, name) in &names.slots {
        let cell = CellRef::new(row.index, *column);
        risk.cells.push((name.clone(), cell));
        let field = Field {
            slot: *slot,
            cell,
            name,
            value: row.get(*column),
        };
        if let Err(problem) = read_field(&mut risk, &field, grid, row, names, schema) {
            let field_type = template.fields[slot.field].field_type;
            problems.push((*slot, cell, name, problem, field_type));
        }
    }
    ratings_by_fill(grid, row, names, schema, &mut risk);
    worked_scores(file, grid, row, names, schema, &mut risk, findings);
    for (domains, impact) in &names.domains {
        domain_impacts(
            file, grid, row, domains, impact, &mut risk, schema, findings,
        );
    }
    other_columns(row, names, &mut risk);
    risk.closed = risk.status.as_deref().is_some_and(values::is_closed_status);
    struck_through(file, grid, row, &mut risk, findings);
    for (slot, cell, name, problem, field_type) in problems {
        risk.as_written
            .push((name.clone(), row.get(cell.column).display()));
        // A closed risk scored "N/A" or "-" is not scored any more, not scored wrongly.
        if risk.closed
            && matches!(
                field_type,
                FieldType::Likelihood | FieldType::Impact | FieldType::Score | FieldType::Rating
            )
            && row
                .get(cell.column)
                .as_text()
                .is_some_and(values::is_not_applicable)
        {
            continue;
        }
        risk.unreadable.insert(name.to_string());
        let label = template.slot_label(slot);
        let finding = problem.finding(file, &label);
        findings.push(
            finding
                .on_sheet(&grid.name)
                .at(cell)
                .field(name.to_string()),
        );
    }
    risk
}

/// One field's cell on a row.
struct Field<'a> {
    slot: Slot,
    cell: CellRef,
    name: &'a Arc<str>,
    value: &'a Value,
}

/// Read one field's cell into the risk as its type.
fn read_field(
    risk: &mut Risk,
    field: &Field,
    grid: &Grid,
    row: &GridRow,
    names: &SheetNames,
    schema: &Schema,
) -> Result<(), values::CellProblem> {
    let template = &schema.risk_register;
    let framework = &schema.framework;
    let Field {
        slot,
        cell,
        name,
        value,
    } = *field;
    let spec = &template.fields[slot.field];
    match spec.field_type {
        FieldType::Text | FieldType::Status if spec.name == "action_status" => {
            values::status_text(value).map(|t| set_text(risk, &spec.name, t))
        }
        FieldType::Text | FieldType::Status => {
            values::text(value).map(|t| set_text(risk, &spec.name, t))
        }
        FieldType::Likelihood => {
            values::scale(value, &framework.likelihood).map(|v| stage_of(risk, slot).likelihood = v)
        }
        FieldType::Impact => {
            values::scale(value, &framework.impact).map(|v| stage_of(risk, slot).impact = v)
        }
        // A score formula whose result was never saved, multiplying the row's own
        // likelihood and impact: the framework's rule, worked out from them.
        FieldType::Score
            if let Value::Uncalculated(formula) = value
                && likelihood_times_impact(formula, row, slot, &names.slots, template) =>
        {
            Ok(())
        }
        FieldType::Score => read_score(risk, field, names, schema),
        FieldType::Rating => values::rating(value, framework).map(|v| {
            stage_of(risk, slot).rating = v.or_else(|| {
                values::rating_by_fill(grid.shade(row.index, cell.column), "rating", framework)
            })
        }),
        FieldType::Date if value.as_text().is_some_and(values::is_no_date) => {
            risk.as_written.push((name.clone(), value.display()));
            Ok(())
        }
        FieldType::Date => values::date(value).map(|d| {
            // Several lines or a list (a date or "Ongoing" for each action), the dates it
            // falls between ("Dec 2026 - Mar 2027"), a period ("Q3 2026/27") or a part of
            // a year ("Spring 2027"): kept as written, for the workbook to show.
            let several = value
                .as_text()
                .is_some_and(|t| values::has_several_lines(t) || values::is_date_range(t));
            // A list of dates is read as lines are, into a span of several.
            if d.is_some_and(|d| {
                several || d.several || d.named.is_some() || d.part_of_year().is_some()
            }) {
                risk.as_written.push((name.clone(), value.display()));
            }
            match spec.name.as_str() {
                "action_due" => risk.action_due = d,
                "last_review" => risk.last_review = d,
                "next_review" => risk.next_review = d,
                "date_identified" => risk.date_identified = d,
                _ => {}
            }
        }),
        FieldType::Kind => values::kind(value).map(|k| risk.kind = k.unwrap_or_default()),
        // Read with the score's working, in [`worked_scores`].
        FieldType::Pair => Ok(()),
    }
}

/// A score cell: its number, and where the score column is coloured by band with no
/// rating column of its stage, the rating it names ("High", "20 (Red)"), checked
/// against the score.
fn read_score(
    risk: &mut Risk,
    field: &Field,
    names: &SheetNames,
    schema: &Schema,
) -> Result<(), values::CellProblem> {
    let (template, framework) = (&schema.risk_register, &schema.framework);
    let Field {
        slot, cell, value, ..
    } = *field;
    let coloured = names.coloured_scores.iter().any(|(s, _)| *s == slot);
    let rating_here = |risk: &mut Risk, rating| {
        stage_of(risk, slot).rating = Some(rating);
        if let Some(rating_slot) =
            template.staged_slot("rating", slot.stage.unwrap_or(Stage::Current))
        {
            risk.cells
                .push((Arc::from(template.slot_name(rating_slot)), cell));
        }
    };
    match values::score(value) {
        // A score column holding band names ("High"), with no rating column of its
        // stage: it is the rating, checked against the score.
        Err(problem) if coloured => match values::rating(value, framework) {
            Ok(Some(rating @ crate::model::Rating::Band { .. })) => {
                rating_here(risk, rating);
                Ok(())
            }
            _ => Err(problem),
        },
        read => read.map(|v| {
            stage_of(risk, slot).score = v;
            // "20 (Red)" with no rating column of its stage: the band named is the
            // rating, checked against the score.
            if coloured && let Some(band) = values::band_after_score(value, framework) {
                rating_here(risk, band);
            }
        }),
    }
}

/// With no rating column, a score cell coloured in its band's colour is its rating.
fn ratings_by_fill(
    grid: &Grid,
    row: &GridRow,
    names: &SheetNames,
    schema: &Schema,
    risk: &mut Risk,
) {
    for (slot, column) in &names.coloured_scores {
        if stage_of(risk, *slot).rating.is_some() {
            // The cell's words said it.
            continue;
        }
        if let Some(rating) =
            values::rating_by_fill(grid.shade(row.index, *column), "score", &schema.framework)
        {
            stage_of(risk, *slot).rating = Some(rating);
        }
    }
}

/// With no likelihood or impact column, a score written as its working gives them,
/// and their findings are placed on the score cell.
fn worked_scores(
    file: &str,
    grid: &Grid,
    row: &GridRow,
    names: &SheetNames,
    schema: &Schema,
    risk: &mut Risk,
    findings: &mut Vec<Finding>,
) {
    for worked in &names.worked_scores {
        let value = row.get(worked.column);
        let cell = CellRef::new(row.index, worked.column);
        let given = match worked.pair {
            Some(impact_first) => {
                values::likelihood_and_impact(value, &schema.framework, impact_first)
            }
            None => values::score_factors(value).map(Some).ok_or_else(|| {
                values::formula_problem(value).unwrap_or_else(|| {
                    values::CellProblem::Type(format!(
                        "'{}' is not a likelihood and impact: the column gives them as their working, such as '4 x 3'",
                        value.display()
                    ))
                })
            }),
        };
        if let Ok(Some((likelihood, impact))) = given {
            let assessment = risk.assessment_mut(worked.stage);
            assessment.likelihood = Some(likelihood);
            assessment.impact = Some(impact);
            risk.cells.push((worked.likelihood.clone(), cell));
            risk.cells.push((worked.impact.clone(), cell));
        } else if let (Err(problem), Some(heading)) = (
            given,
            worked.working.as_deref().filter(|_| !value.is_blank()),
        ) {
            // Named at the working's cell, and unreadable rather than missing.
            risk.cells.push((worked.likelihood.clone(), cell));
            risk.cells.push((worked.impact.clone(), cell));
            risk.unreadable.insert(worked.likelihood.to_string());
            risk.unreadable.insert(worked.impact.to_string());
            risk.as_written
                .push((worked.likelihood.clone(), value.display()));
            findings.push(
                problem
                    .finding(file, heading)
                    .on_sheet(&grid.name)
                    .at(cell)
                    .field(worked.likelihood.to_string()),
            );
        }
    }
}

/// Whether a score `formula` (without its `=`) on `row` multiplies that row's
/// likelihood and impact cells of the score's stage, in either order ("D3*E3",
/// "$D$3 * $E$3", "PRODUCT(D3,E3)"), both numbers, as Excel would work it out.
fn likelihood_times_impact(
    formula: &str,
    row: &GridRow,
    score: Slot,
    slots: &[(Slot, u32, Arc<str>)],
    template: &TemplateSchema,
) -> bool {
    let cell_of = |field: &str| {
        slots
            .iter()
            .find(|(slot, _, _)| {
                slot.stage == score.stage && template.fields[slot.field].name == field
            })
            .filter(|(_, column, _)| matches!(row.get(*column), Value::Number(_)))
            .map(|(_, column, _)| (row.index, *column))
    };
    let (Some(likelihood), Some(impact)) = (cell_of("likelihood"), cell_of("impact")) else {
        return false;
    };
    crate::read::evaluate::product_of_two_cells(formula)
        .is_some_and(|(a, b)| (a, b) == (likelihood, impact) || (a, b) == (impact, likelihood))
}

/// A row's impacts domain by domain. Where the stage has no impact column, the highest
/// is its impact, at that cell; blank ones (or "N/A") are passed over, and one that
/// cannot be read is a `cell.type` error naming its column, leaving the impact
/// unknown. Beside an impact column, they are kept for the check.
#[allow(clippy::too_many_arguments)]
fn domain_impacts(
    file: &str,
    grid: &Grid,
    row: &GridRow,
    domains: &DomainColumns,
    impact: &Arc<str>,
    risk: &mut Risk,
    schema: &Schema,
    findings: &mut Vec<Finding>,
) {
    let mut read = Vec::new();
    let mut unreadable = false;
    for (column, heading) in &domains.columns {
        let value = row.get(*column);
        let cell = CellRef::new(row.index, *column);
        if value.as_text().is_some_and(values::is_not_applicable) {
            continue;
        }
        match values::scale(value, &schema.framework.impact) {
            Ok(Some(v)) => read.push(crate::model::DomainImpact {
                stage: domains.stage,
                heading: heading.clone(),
                cell,
                impact: v,
            }),
            Ok(None) => {}
            Err(problem) => {
                unreadable = true;
                findings.push(
                    problem
                        .finding(file, heading)
                        .on_sheet(&grid.name)
                        .at(cell)
                        .field(impact.to_string()),
                );
            }
        }
    }
    if !domains.give {
        risk.domain_impacts.extend(read);
        return;
    }
    let first = CellRef::new(row.index, domains.columns[0].0);
    let highest = read
        .iter()
        .max_by(|a, b| a.impact.total_cmp(&b.impact))
        .filter(|_| !unreadable);
    risk.cells
        .push((impact.clone(), highest.map_or(first, |d| d.cell)));
    if unreadable {
        risk.unreadable.insert(impact.to_string());
    } else if let Some(highest) = highest {
        risk.assessment_mut(domains.stage).impact = Some(highest.impact);
    }
}

/// A risk whose title (or, with no title, its ID) is struck through: councils strike
/// closed risks through rather than delete them. With no status it is read as closed,
/// and an info finding says so; a status that says it is open is believed, with a
/// warning that the two disagree.
fn struck_through(
    file: &str,
    grid: &Grid,
    row: &GridRow,
    risk: &mut Risk,
    findings: &mut Vec<Finding>,
) {
    let Some((field, column)) = ["title", "id"]
        .into_iter()
        .find(|field| risk.has_column(field))
        .map(|field| (field, risk.cell(field).column))
        .filter(|(_, column)| !row.get(*column).is_blank() && grid.struck(row.index, *column))
    else {
        return;
    };
    let who = risk
        .id
        .as_deref()
        .map_or_else(|| "This risk".to_string(), |id| format!("Risk {id}"));
    let what = if field == "title" { "title" } else { "ID" };
    let finding = match risk.status.as_deref() {
        None => {
            risk.closed = true;
            Finding::file(
                file,
                Rule::RiskStruckThrough,
                format!(
                    "{who}'s {what} is struck through and it has no status, so it is read as closed: it is not on the register or the heat map, nor held to review and action rules. If it is still open, remove the line through it; if it is closed, say so in a Status column."
                ),
            )
        }
        Some(_) if risk.closed => return,
        Some(status) => Finding::file(
            file,
            Rule::RiskStruckThrough,
            format!(
                "{who}'s {what} is struck through, but its status says '{status}', so it is read as open. If it is closed, set its status to Closed; if not, remove the line through it."
            ),
        )
        .severity(Severity::Warning),
    };
    findings.push(
        finding
            .on_sheet(&grid.name)
            .at(CellRef::new(row.index, column))
            .field(field.to_string()),
    );
}

fn stage_of(risk: &mut Risk, slot: Slot) -> &mut crate::model::Assessment {
    risk.assessment_mut(slot.stage.unwrap_or(Stage::Current))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::register::test_cells::{row, text};

    #[test]
    fn a_score_formula_multiplying_its_rows_likelihood_and_impact_is_told() {
        let schema = Schema::embedded().unwrap();
        let template = &schema.risk_register;
        let current = |name: &str| template.staged_slot(name, Stage::Current).unwrap();
        let slots: Vec<(Slot, u32, Arc<str>)> = [("likelihood", 3), ("impact", 4), ("score", 5)]
            .into_iter()
            .map(|(name, column)| (current(name), column, Arc::from(name)))
            .collect();
        // Row 10 as Excel shows it: likelihood in D10, impact in E10.
        let scored = row(&[
            Value::Empty,
            Value::Empty,
            Value::Empty,
            Value::Number(3.0),
            Value::Number(4.0),
        ]);
        let told = |formula: &str, row: &GridRow| {
            likelihood_times_impact(formula, row, current("score"), &slots, template)
        };
        for formula in [
            "D10*E10",
            "E10*D10",
            "$D$10 * $E$10",
            "d10*e10",
            "PRODUCT(D10,E10)",
        ] {
            assert!(told(formula, &scored), "{formula}");
        }
        for formula in ["D9*E9", "D10*E10*2", "D10+E10", "D10*F10", "SUM(D10,E10)"] {
            assert!(!told(formula, &scored), "{formula}");
        }
        // A likelihood written as a label is no number to Excel: its product is #VALUE!.
        let labelled = row(&[
            Value::Empty,
            Value::Empty,
            Value::Empty,
            text("3 - Possible"),
            Value::Number(4.0),
        ]);
        assert!(!told("D10*E10", &labelled));
    }
}
