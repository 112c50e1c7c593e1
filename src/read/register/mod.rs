//! A risk register sheet's rows as [`Risk`] records, each value with its cell.

use super::grid::{Grid, GridRow, Value};
use super::header::Header;
use crate::finding::{CellRef, Finding};
use crate::model::{Kind, Risk};
use crate::schema::{FieldType, Schema, Slot, Stage, TemplateSchema};
use std::sync::Arc;

mod columns;
mod details;
mod left_out;
mod row;

pub use columns::{
    DomainColumns, domain_impact_columns, level_columns, worded_impact_columns, working_columns,
};
use columns::{impact_named_first, sheet_kind};
pub(super) use details::Unread;
pub use details::details_row;
use details::{add_line, details_in, give_details};
pub(crate) use left_out::quoted;
pub use left_out::{could_be_id, header_repeated, note_row, totals_row};
use left_out::{example_row, guidance_row, only_formulas_unfilled};
use row::read_row;

/// Where rows' service and directorate come from when they have no column of their own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Placement {
    /// From the labelled block, else the file's folder.
    pub directorate: Option<String>,
    /// From the labelled block, else the file's name.
    pub service: Option<String>,
}

/// Why a non-blank row below the header was not taken as a risk.
#[derive(Debug, Clone, PartialEq)]
pub struct RowLeftOut {
    /// 1-based row.
    pub row: u32,
    /// Why, in words.
    pub reason: String,
}

/// What reading the rows of one register gives.
#[derive(Debug, Clone, Default)]
pub struct RegisterRows {
    /// One per risk row.
    pub risks: Vec<Risk>,
    /// Non-blank rows below the header that are not risks (section headings, notes,
    /// repeated headers, rows continuing a risk merged down).
    pub left_out: Vec<RowLeftOut>,
    /// Blank rows between the header and the last row used.
    pub blank_rows: usize,
    /// Stages with no likelihood and impact columns whose every score was written as
    /// its working ("4 x 3 = 12"), so gave them: their columns are not missing.
    pub worked_stages: Vec<Stage>,
    /// Cell-level findings: `cell.type`, `cell.formula-error`.
    pub findings: Vec<Finding>,
}

/// Read every row below `header` as a risk.
pub fn read_rows(
    file: &str,
    grid: &Grid,
    header: &Header,
    placement: &Placement,
    workings: &[(Stage, u32)],
    domains: &[DomainColumns],
    schema: &Schema,
) -> RegisterRows {
    let template = &schema.risk_register;
    let mut out = RegisterRows::default();
    let names = SheetNames::new(file, grid, header, workings, domains, template);
    // Per score column that may give likelihood and impact: rows with a score, and
    // rows whose score gave them.
    let mut worked_counts = vec![(0usize, 0usize); names.worked_scores.len()];
    let mut section = sheet_kind(grid, header, template);
    let mut previous_index = header.last_row;
    // The last risk's row, or the last row of its details ([`details_of`]).
    let mut last_taken: Option<u32> = None;
    // The words of the section heading the rows are under, where they say more than
    // its kind.
    let mut section_name: Option<String> = None;
    for row in grid.rows.iter().filter(|r| r.index > header.last_row) {
        out.blank_rows += (row.index - previous_index - 1) as usize;
        previous_index = row.index;
        if row.is_blank() {
            out.blank_rows += 1;
            continue;
        }
        let mapped = in_columns(row, header);
        if let Some(left) = not_a_risk(row, &mapped, header, &names, schema, out.risks.is_empty()) {
            out.left_out.push(left);
            continue;
        }
        // The risk above's details in a row of their own, a cell labelling its parts
        // ("Controls: Damp team. Actions: New surveyors").
        if last_taken.is_some_and(|last| last + 1 == row.index)
            && let Some((cell, parts)) = details_in(row, header, template)
            && let Some(risk) = out.risks.last_mut()
        {
            let risk_row = risk.first_cell.row + 1;
            give_details(
                risk,
                parts,
                cell,
                template,
                &mut out.findings,
                file,
                &grid.name,
            );
            out.left_out.push(RowLeftOut {
                row: row.index + 1,
                reason: format!("the details of the risk on row {risk_row}, read with it"),
            });
            last_taken = Some(row.index);
            continue;
        }
        if let Some((opportunity, name)) =
            section_heading(&mapped, row, header, &names, template, section)
        {
            section = if opportunity {
                Kind::Opportunity
            } else {
                Kind::Risk
            };
            section_name = name;
            out.left_out.push(RowLeftOut {
                row: row.index + 1,
                reason: format!("section heading '{}'", mapped[0].1.display()),
            });
            continue;
        }
        let mut risk = read_row(file, grid, row, header, &names, schema, &mut out.findings);
        for (worked, (scored, gave)) in names.worked_scores.iter().zip(&mut worked_counts) {
            if !row.get(worked.column).is_blank() {
                *scored += 1;
                *gave += usize::from(risk.has_column(&worked.likelihood));
            }
        }
        if !risk.has_column("kind") {
            risk.kind = section;
        }
        if let Some(name) = &section_name {
            add_line(&mut risk.other, &format!("Section: {name}"));
        }
        if risk.directorate.is_none() {
            risk.directorate = placement.directorate.clone();
        }
        if risk.service.is_none() {
            risk.service = placement.service.clone();
        }
        out.risks.push(risk);
        last_taken = Some(row.index);
    }
    worked_stages(&names, worked_counts, &mut out);
    out
}

/// A row's non-blank cells in the register's columns.
fn in_columns<'r>(row: &'r GridRow, header: &Header) -> Vec<&'r (u32, Value)> {
    row.cells
        .iter()
        .filter(|(c, v)| !v.is_blank() && header.slots.values().any(|mc| mc == c))
        .collect()
}

/// Why a row below the header is not a risk, if it is not: a note or totals line,
/// text outside the table, the header repeated, a template row not filled in, guidance
/// under the header (before the first risk) or the template's example.
fn not_a_risk(
    row: &GridRow,
    mapped: &[&(u32, Value)],
    header: &Header,
    names: &SheetNames,
    schema: &Schema,
    before_first_risk: bool,
) -> Option<RowLeftOut> {
    let template = &schema.risk_register;
    if let Some(note) = note_row(row, &schema.framework.notes).or_else(|| totals_row(row, true)) {
        return Some(note);
    }
    let left = |reason: String| {
        Some(RowLeftOut {
            row: row.index + 1,
            reason,
        })
    };
    if mapped.is_empty() {
        return left("nothing in the register's columns (text outside the table)".into());
    }
    if let Some(repeat) = header_repeated(row, header) {
        return Some(repeat);
    }
    if only_formulas_unfilled(row, header, template) {
        return left("a template row not filled in (only its formulas show: a score of 0)".into());
    }
    if before_first_risk && guidance_row(row, header, schema) {
        return left("guidance under the header (what each column wants)".into());
    }
    if let Some(words) = example_row(row, names) {
        return left(format!("the template's example row ('{words}')"));
    }
    None
}

/// A section heading: a lone cell of the section words, or ending in one in the
/// table's first column ("Closed risks"); or words with no number alone in the ID
/// column ("Finance"), which no risk's ID is. Whether the rows under it are
/// opportunities (`section` is the kind so far), and its words where they say more than
/// risk or opportunity ("Finance", "Closed risks", "Place Directorate"), to be kept with
/// each risk under it.
fn section_heading(
    mapped: &[&(u32, Value)],
    row: &GridRow,
    header: &Header,
    names: &SheetNames,
    template: &TemplateSchema,
    section: Kind,
) -> Option<(bool, Option<String>)> {
    let [(column, value)] = mapped else {
        return None;
    };
    let text = value.as_text()?;
    let other_heading =
        Some(*column) == names.id_column && row.lone_cell().is_some() && !could_be_id(text);
    let opportunity = template
        .section_heading(text)
        .or_else(|| {
            (*column == header.first_column())
                .then(|| template.section_heading_by_ending(text))
                .flatten()
        })
        .or(other_heading.then_some(section == Kind::Opportunity))?;
    let name = Some(text)
        .filter(|t| template.section_heading(t).is_none())
        .map(|t| t.trim().to_string());
    Some((opportunity, name))
}

/// The stages whose likelihood and impact the score's working gave: those with a
/// column for the working, or whose score gave them on more than half the rows with
/// one. A row whose cell gives its stage's likelihood and impact left blank has
/// neither: the two are blank there, as they would be in columns of their own.
fn worked_stages(names: &SheetNames, worked_counts: Vec<(usize, usize)>, out: &mut RegisterRows) {
    out.worked_stages = names
        .worked_scores
        .iter()
        .zip(worked_counts)
        .filter(|(worked, (scored, gave))| {
            worked.working.is_some() || (*gave > 0 && *gave * 2 > *scored)
        })
        .map(|(worked, _)| worked.stage)
        .collect();
    for worked in &names.worked_scores {
        if !out.worked_stages.contains(&worked.stage) {
            continue;
        }
        for risk in &mut out.risks {
            if !risk.has_column(&worked.likelihood) {
                let cell = CellRef::new(risk.first_cell.row, worked.column);
                risk.cells.push((worked.likelihood.clone(), cell));
                risk.cells.push((worked.impact.clone(), cell));
            }
        }
    }
}

/// Names shared by every row of a sheet, made once.
struct SheetNames {
    file: Arc<str>,
    sheet: Arc<str>,
    /// Each mapped slot, its column, and its name.
    slots: Vec<(Slot, u32, Arc<str>)>,
    /// The ID and title columns, where the sheet has them.
    id_column: Option<u32>,
    title_column: Option<u32>,
    /// Score columns with no rating column of their stage: a score cell's fill colour
    /// is its rating.
    coloured_scores: Vec<(Slot, u32)>,
    /// Score columns with no likelihood or impact column of their stage, and the
    /// names of the two: a score written as its working ("4 x 3 = 12") gives them.
    /// Or a column of workings beside the score's ([`working_columns`]).
    worked_scores: Vec<WorkedScore>,
    /// Impacts scored domain by domain, with the name of the impact they give or are
    /// checked against.
    domains: Vec<(DomainColumns, Arc<str>)>,
    /// The cells no field reads, kept as the risk's other columns: headings that name
    /// no field ("Proximity"), or one taken already (a second "Owner").
    unread: Unread,
    /// Headings merged across columns with none of their own: the heading's first and
    /// last column, its words, and the text field it names, if any.
    spans: Vec<(u32, u32, Arc<str>, Option<String>)>,
}

/// A score column that may give its stage's likelihood and impact, or a column of
/// workings that gives them.
struct WorkedScore {
    stage: Stage,
    column: u32,
    likelihood: Arc<str>,
    impact: Arc<str>,
    /// A column of workings, the score being in another, or of likelihood and impact
    /// together ("Likelihood / Impact"): a cell of it that gives neither is a
    /// `cell.type` error.
    working: Option<Arc<str>>,
    /// Likelihood and impact together ("4 / 3", "Likely / Major"), rather than a
    /// working; and whether the heading names the impact first.
    pair: Option<bool>,
}

impl SheetNames {
    /// The names of a register sheet's fields and columns, once for all its rows.
    fn new(
        file: &str,
        grid: &Grid,
        header: &Header,
        workings: &[(Stage, u32)],
        domains: &[DomainColumns],
        template: &TemplateSchema,
    ) -> SheetNames {
        let slots: Vec<(Slot, u32, Arc<str>)> = header
            .slots
            .iter()
            .map(|(&slot, &column)| (slot, column, Arc::from(template.slot_name(slot))))
            .collect();
        let field = |slot: &Slot| template.fields[slot.field].field_type;
        let stage_has = |stage: Option<Stage>, wanted: FieldType| {
            slots
                .iter()
                .any(|(other, _, _)| other.stage == stage && field(other) == wanted)
        };
        let coloured_scores = slots
            .iter()
            .filter(|(slot, _, _)| field(slot) == FieldType::Score)
            .filter(|(slot, _, _)| !stage_has(slot.stage, FieldType::Rating))
            .map(|(slot, column, _)| (*slot, *column))
            .collect();
        SheetNames {
            file: Arc::from(file),
            sheet: Arc::from(grid.name.as_str()),
            unread: unread_columns(header, workings, domains),
            spans: spans_of(grid, header, template),
            worked_scores: worked_scores(&slots, header, workings, template),
            slots,
            id_column: header.column_of(template, "id"),
            title_column: header.column_of(template, "title"),
            coloured_scores,
            domains: domains
                .iter()
                .filter_map(|d| {
                    let impact = template.staged_slot("impact", d.stage)?;
                    Some((d.clone(), Arc::from(template.slot_name(impact))))
                })
                .collect(),
        }
    }
}

/// The score columns with no likelihood or impact column of their stage, that may give
/// them as their working, and the columns of workings (`workings`, and a pair's:
/// "L x I") that give them.
fn worked_scores(
    slots: &[(Slot, u32, Arc<str>)],
    header: &Header,
    workings: &[(Stage, u32)],
    template: &TemplateSchema,
) -> Vec<WorkedScore> {
    let field = |slot: &Slot| template.fields[slot.field].field_type;
    let stage_has = |stage: Option<Stage>, wanted: FieldType| {
        slots
            .iter()
            .any(|(other, _, _)| other.stage == stage && field(other) == wanted)
    };
    let scores = slots
        .iter()
        .filter(|(slot, _, _)| field(slot) == FieldType::Score);
    let names = |stage: Stage| {
        let name = |field: &str| {
            template
                .staged_slot(field, stage)
                .map(|slot| Arc::from(template.slot_name(slot)))
        };
        Some((name("likelihood")?, name("impact")?))
    };
    let heading_of = |column: u32| {
        header
            .columns
            .iter()
            .find(|c| c.index == column)
            .map_or("", |c| c.header.as_str())
    };
    let pairs: Vec<(Stage, u32)> = slots
        .iter()
        .filter(|(slot, _, _)| field(slot) == FieldType::Pair)
        .filter(|(slot, _, _)| {
            !stage_has(slot.stage, FieldType::Likelihood)
                && !stage_has(slot.stage, FieldType::Impact)
        })
        .map(|(slot, column, _)| (slot.stage.unwrap_or(Stage::Current), *column))
        .collect();
    let working_stages: Vec<Stage> = workings
        .iter()
        .chain(&pairs)
        .map(|(stage, _)| *stage)
        .collect();
    scores
        .filter(|(slot, _, _)| {
            !stage_has(slot.stage, FieldType::Likelihood)
                && !stage_has(slot.stage, FieldType::Impact)
                && !working_stages.contains(&slot.stage.unwrap_or(Stage::Current))
        })
        .filter_map(|(slot, column, _)| {
            let stage = slot.stage.unwrap_or(Stage::Current);
            let (likelihood, impact) = names(stage)?;
            Some(WorkedScore {
                stage,
                column: *column,
                likelihood,
                impact,
                working: None,
                pair: None,
            })
        })
        .chain(
            workings
                .iter()
                .map(|&(stage, column)| (stage, column, None))
                .chain(pairs.iter().map(|&(stage, column)| {
                    (stage, column, Some(impact_named_first(heading_of(column))))
                }))
                .filter_map(|(stage, column, pair)| {
                    let (likelihood, impact) = names(stage)?;
                    Some(WorkedScore {
                        stage,
                        column,
                        likelihood,
                        impact,
                        working: Some(Arc::from(heading_of(column))),
                        pair,
                    })
                }),
        )
        .collect()
}

/// The cells no field reads, kept as the risk's other columns: not impacts by domain,
/// workings, earlier periods' scores, nor a consolidated workbook's own columns.
fn unread_columns(header: &Header, workings: &[(Stage, u32)], domains: &[DomainColumns]) -> Unread {
    let domain_columns: Vec<u32> = domains
        .iter()
        .flat_map(|d| d.columns.iter().map(|(c, _)| *c))
        .collect();
    let working_columns: Vec<u32> = workings.iter().map(|(_, c)| *c).collect();
    // A consolidated workbook's own columns ("Level reached", "Errors") are its
    // findings about the risk, not the risk's.
    let ours = header.columns.iter().any(|c| c.header == "Level reached");
    let written = |heading: &str| {
        ours && crate::write::consolidated::RISK_COLUMNS
            .iter()
            .any(|c| c.heading == heading)
    };
    Unread::new(header, header.beside_from, |c| {
        !domain_columns.contains(&c.index)
            && !working_columns.contains(&c.index)
            && !header.history.contains(&c.index)
            && !written(&c.header)
    })
}

/// Headings merged across columns with none of their own: the heading's first and
/// last column, its words, and the text field it names, if any.
fn spans_of(
    grid: &Grid,
    header: &Header,
    template: &TemplateSchema,
) -> Vec<(u32, u32, Arc<str>, Option<String>)> {
    grid.merges
        .iter()
        .filter(|m| {
            (header.first_row..=header.last_row).contains(&m.start.0) && m.end.1 > m.start.1
        })
        .filter_map(|m| {
            let column = header.columns.iter().find(|c| c.index == m.start.1)?;
            let text_field = column
                .slot
                .map(|slot| &template.fields[slot.field])
                .filter(|f| f.field_type == FieldType::Text)
                .map(|f| f.name.clone());
            Some((
                m.start.1,
                m.end.1,
                Arc::from(column.header.as_str()),
                text_field,
            ))
        })
        .collect()
}

/// Rows for the tests of the register's files.
#[cfg(test)]
mod test_cells {
    use super::{GridRow, Value};

    /// Row 10 of these cells, from column A.
    pub(super) fn row(cells: &[Value]) -> GridRow {
        GridRow {
            index: 9,
            cells: cells
                .iter()
                .cloned()
                .enumerate()
                .map(|(c, v)| (c as u32, v))
                .collect(),
        }
    }

    /// A text cell.
    pub(super) fn text(t: &str) -> Value {
        Value::Text(t.into())
    }
}
