//! A risk register sheet's rows as [`Risk`] records, each value with its cell.

use super::grid::{Grid, GridRow, Value};
use super::header::{Column, Header};
use super::values;
use crate::finding::{CellRef, Finding, Rule, Severity};
use crate::model::{Kind, Risk, Source};
use crate::schema::{FieldType, Notes, Schema, Slot, Stage, TemplateSchema};
use std::sync::Arc;

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

/// A row whose only filled cell is text beginning as a note does ("Note: scores were
/// agreed at DMT", "* assumes the new contract"): left out, with its words.
pub fn note_row(row: &GridRow, notes: &Notes) -> Option<RowLeftOut> {
    let mut filled = row.cells.iter().filter(|(_, value)| !value.is_blank());
    let (_, only) = filled.next()?;
    if filled.next().is_some() {
        return None;
    }
    let text = only.as_text().filter(|text| notes.is_note(text))?;
    Some(RowLeftOut {
        row: row.index + 1,
        reason: format!("a note: {}", quoted(text)),
    })
}

/// Whether text could be an ID: it holds a number, as every risk's and indicator's ID
/// does ("FN-01", "PI 12"). Words alone in the ID column ("Finance") are a heading.
pub fn could_be_id(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
}

/// A row's words for the Ledger, in quotes: the first 60 characters, and "…" when more.
pub(crate) fn quoted(text: &str) -> String {
    let shown: String = text.chars().take(60).collect();
    let more = if shown.len() < text.trim_end().len() {
        "…"
    } else {
        ""
    };
    format!("'{}{more}'", shown.trim_end())
}

/// A totals line under a table ("Total risks: 2", "Grand total", and with
/// `numbers_after`, "Total | 12 | 45"): its first filled cell names a total in a few
/// words or with a count or colon, and the rest of the row holds only numbers. A title
/// such as "Total loss of power at the depot" is still a risk being written; an
/// indicator return passes `numbers_after` false, as an indicator named "Total
/// complaints" with its months beside it is an indicator, but one cell saying only
/// "Total", "Grand total" or "Average" before numbers names no indicator.
pub fn totals_row(row: &GridRow, numbers_after: bool) -> Option<RowLeftOut> {
    let filled: Vec<&Value> = row
        .cells
        .iter()
        .map(|(_, value)| value)
        .filter(|value| !value.is_blank())
        .collect();
    let (first, rest) = filled.split_first()?;
    let text = first.as_text()?;
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let opening = words.first().map(String::as_str)?;
    let total_alone = match words.as_slice() {
        [one] => matches!(
            one.as_str(),
            "total" | "totals" | "subtotal" | "average" | "mean" | "median"
        ),
        [first, second] => matches!(
            (first.as_str(), second.as_str()),
            ("grand" | "sub", "total") | ("overall", "total" | "average")
        ),
        _ => false,
    };
    let names_a_total = matches!(opening, "total" | "totals" | "subtotal" | "count")
        || (opening == "sub" || opening == "grand") && words.get(1).is_some_and(|w| w == "total")
        || total_alone;
    if !names_a_total {
        return None;
    }
    let rest_numbers = rest.iter().all(|value| {
        matches!(value, Value::Number(_))
            || value
                .as_text()
                .is_some_and(|t| values::number_from_text(t).is_some())
    });
    let counted = text.contains(':') || text.chars().any(|c| c.is_ascii_digit());
    let taken = if rest.is_empty() {
        counted || words.len() <= 3
    } else {
        (numbers_after && words.len() <= 3 || total_alone) && rest_numbers
    };
    if !taken {
        return None;
    }
    Some(RowLeftOut {
        row: row.index + 1,
        reason: format!("a totals row: {}", quoted(text)),
    })
}

/// A row repeating the header (a second table's, or a printed page's): left out.
pub fn header_repeated(row: &GridRow, header: &Header) -> Option<RowLeftOut> {
    header.repeated_in(row).then(|| RowLeftOut {
        row: row.index + 1,
        reason: "the header repeated (a second table or a printed page)".into(),
    })
}

/// Whether a row is one of a template's rows made ready but not filled in: nothing
/// typed, only what formulas show with nothing to work on, a score of 0 (likelihood x
/// impact of blanks) and its rating or next review date. Read as a risk, it would be
/// five risk.required errors and a score out of range.
fn only_formulas_unfilled(row: &GridRow, header: &Header, template: &TemplateSchema) -> bool {
    let mut score_of_zero = false;
    for (slot, column) in &header.slots {
        let value = row.get(*column);
        let score = template.fields[slot.field].name == "score";
        // A score formula whose result was never saved shows 0 in Excel too.
        if score && matches!(value, Value::Uncalculated(_)) {
            score_of_zero = true;
            continue;
        }
        if value.is_blank() {
            continue;
        }
        match template.fields[slot.field].name.as_str() {
            "score" => match value {
                Value::Number(score) if *score == 0.0 => score_of_zero = true,
                Value::Text(text) if text.trim() == "0" => score_of_zero = true,
                _ => return false,
            },
            "rating" | "next_review" => {}
            _ => return false,
        }
    }
    score_of_zero
}

/// A row under the header, above the first risk, that says what each column wants
/// ("1-5", "L x I", "dd/mm/yyyy", "Auto") rather than being a risk: at least two of its
/// likelihood, impact, score, rating and date cells are filled, none reads as its
/// type, and one is such a placeholder.
fn guidance_row(row: &GridRow, header: &Header, schema: &Schema) -> bool {
    let template = &schema.risk_register;
    let framework = &schema.framework;
    let (mut typed, mut placeholder) = (0, false);
    for (slot, column) in &header.slots {
        let value = row.get(*column);
        if value.is_blank() {
            continue;
        }
        let readable = match template.fields[slot.field].field_type {
            FieldType::Likelihood => values::scale(value, &framework.likelihood).is_ok(),
            FieldType::Impact => values::scale(value, &framework.impact).is_ok(),
            FieldType::Score => values::score(value).is_ok(),
            FieldType::Rating => values::rating(value, framework).is_ok(),
            FieldType::Date => values::date(value).is_ok(),
            _ => continue,
        };
        if readable {
            return false;
        }
        typed += 1;
        placeholder |= value.as_text().is_some_and(values::is_placeholder);
    }
    typed >= 2 && placeholder
}

/// The words of a template's example row kept in a register: its ID says "Example"
/// ("EXAMPLE", "Example 1", "e.g."), or, with no ID, its title begins "Example:" or
/// "e.g.".
fn example_row(row: &GridRow, names: &SheetNames) -> Option<String> {
    let text_of = |column: Option<u32>| row.get(column?).as_text().map(|t| t.trim().to_string());
    if let Some(id) = text_of(names.id_column) {
        let squashed = crate::schema::squash(&id);
        return (squashed.starts_with("example") || squashed == "eg").then_some(id);
    }
    let title = text_of(names.title_column)?;
    let lower = title.to_lowercase();
    ["example:", "example -", "example –", "e.g.", "eg:"]
        .iter()
        .any(|start| lower.starts_with(start))
        .then_some(title)
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

/// What a sheet's rows are until a section heading says otherwise: opportunities where
/// the sheet's name ("Opportunities", "Project Opportunities"), a title above the
/// header ("Opportunity Register") or the title column's heading ("Opportunity",
/// "Opportunity Description") says so; else risks.
fn sheet_kind(grid: &Grid, header: &Header, template: &TemplateSchema) -> Kind {
    let names_opportunities = |text: &str| template.section_heading_by_ending(text) == Some(true);
    let title_heading = header.column_of(template, "title").and_then(|index| {
        header
            .columns
            .iter()
            .find(|c| c.index == index)
            .map(|c| crate::schema::squash(&c.header))
    });
    let titled = grid
        .rows
        .iter()
        .take_while(|row| row.index < header.first_row)
        .any(|row| {
            row.lone_cell()
                .is_some_and(|(_, value)| value.as_text().is_some_and(names_opportunities))
        });
    if names_opportunities(&grid.name)
        || titled
        || title_heading.is_some_and(|h| h.starts_with("opportunit"))
    {
        Kind::Opportunity
    } else {
        Kind::Risk
    }
}

/// An impact column of words rather than scores ("Consequence": "Collections missed and
/// complaints"), as a register written as cause, event and effect has: it is the
/// effect, and an impact column beside it ("Impact": 3) is the impact, where it would
/// be ignored as a duplicate and each effect reported as an unreadable impact. Said of
/// a column most of whose filled cells are not impacts on the scale ("Outage",
/// "Section 114 notice", "S114") and have letters in them.
///
/// And the other way about: an effect column holding the impact scale's words ("Impact
/// Description": "Major", beside "Impact Score": 4) says the impact in words, not what
/// would follow: it is no effect, and is kept with the risk's other columns; where the
/// register has no impact column, it is the impact.
pub fn worded_impact_columns(grid: &Grid, header: &mut Header, schema: &Schema) {
    let template = &schema.risk_register;
    let Some(effect) = template.slot("effect") else {
        return;
    };
    let scale = &schema.framework.impact;
    let on_scale = |value: &Value| {
        values::scale(value, scale).is_ok_and(|level| {
            level.is_none_or(|level| scale.levels.iter().any(|l| f64::from(l.value) == level))
        })
    };
    let lettered = |value: &Value| {
        value
            .as_text()
            .is_some_and(|text| text.chars().any(char::is_alphabetic))
    };
    if let Some(&column) = header.slots.get(&effect) {
        let (filled, labels) = column_counts(grid, header, column, |value| {
            lettered(value)
                && on_scale(value)
                && value
                    .as_text()
                    .is_some_and(|text| !values::is_not_applicable(text))
        });
        if filled > 0 && labels * 2 > filled {
            match template.slot("impact") {
                Some(impact) if !header.slots.contains_key(&impact) => {
                    remap(header, column, impact)
                }
                _ => header.unmap(column),
            }
        }
    }
    let worded: Vec<u32> = header
        .slots
        .iter()
        .filter(|(slot, _)| template.fields[slot.field].field_type == FieldType::Impact)
        .map(|(_, column)| *column)
        .filter(|&column| {
            let (filled, words) = column_counts(grid, header, column, |value| {
                !on_scale(value) && lettered(value)
            });
            filled > 0 && words * 2 > filled
        })
        .collect();
    for column in worded {
        if header.slots.contains_key(&effect) {
            return;
        }
        remap(header, column, effect);
    }
}

/// A column read as `slot` instead of the field its heading matched.
fn remap(header: &mut Header, column: u32, slot: Slot) {
    header.unmap(column);
    if let Some(c) = header.columns.iter_mut().find(|c| c.index == column) {
        c.slot = Some(slot);
    }
    header.slots.insert(slot, column);
}

/// A rating column holding register levels ("Risk Level": "Corporate", "Directorate",
/// "Service"), as registers that keep the level a risk is recorded on have: it is the
/// register level, not a rating, where most of its filled cells name a level and no
/// column is headed as the register level.
pub fn level_columns(grid: &Grid, header: &mut Header, schema: &Schema) {
    let template = &schema.risk_register;
    let Some(level) = template.slot("register_level") else {
        return;
    };
    if header.slots.contains_key(&level) {
        return;
    }
    let levels = header
        .slots
        .iter()
        .filter(|(slot, _)| template.fields[slot.field].name == "rating")
        .map(|(_, column)| *column)
        .find(|&column| {
            let (filled, levels) = column_counts(grid, header, column, |value| {
                value
                    .as_text()
                    .and_then(crate::merge::Level::from_text)
                    .is_some()
            });
            filled > 0 && levels * 2 > filled
        });
    if let Some(column) = levels {
        remap(header, column, level);
    }
}

/// Of a column's filled cells below the header: how many, and how many `test` holds for.
fn column_counts(
    grid: &Grid,
    header: &Header,
    column: u32,
    test: impl Fn(&Value) -> bool,
) -> (usize, usize) {
    grid.rows
        .iter()
        .filter(|row| row.index > header.last_row)
        .map(|row| row.get(column))
        .filter(|value| !value.is_blank())
        .fold((0, 0), |(filled, held), value| {
            (filled + 1, held + usize::from(test(value)))
        })
}

/// A stage with no likelihood or impact columns and two score columns, one written as
/// the working ("Current Risk (L x I)": "4 x 3") and the other as the number ("Current
/// Score": 12): the working gives the likelihood and impact, and the number is the
/// score, so that the two are checked against each other rather than the second
/// ignored as a duplicate. The header is left mapping the score to the number's
/// column; each working column is returned with its stage.
pub fn working_columns(
    grid: &Grid,
    header: &mut Header,
    template: &TemplateSchema,
) -> Vec<(Stage, u32)> {
    let field = |slot: &Slot| template.fields[slot.field].field_type;
    let stage_has = |header: &Header, stage: Option<Stage>, wanted: FieldType| {
        header
            .slots
            .keys()
            .any(|other| other.stage == stage && field(other) == wanted)
    };
    let counts = |header: &Header, column: u32| {
        column_counts(grid, header, column, |value| {
            values::score_factors(value).is_some()
        })
    };
    let is_working = |(filled, worked): (usize, usize)| worked > 0 && worked * 2 >= filled;
    let is_number = |(filled, worked): (usize, usize)| filled > 0 && worked * 2 < filled;
    let pairs: Vec<(Slot, u32, u32)> = header
        .duplicates
        .iter()
        .filter(|d| field(&d.slot) == FieldType::Score)
        .filter(|d| {
            !stage_has(header, d.slot.stage, FieldType::Likelihood)
                && !stage_has(header, d.slot.stage, FieldType::Impact)
        })
        .map(|d| (d.slot, d.kept.index, d.ignored.index))
        .collect();
    let mut workings = Vec::new();
    for (slot, kept, ignored) in pairs {
        let stage = slot.stage.unwrap_or(Stage::Current);
        let (kept_counts, ignored_counts) = (counts(header, kept), counts(header, ignored));
        if is_working(kept_counts) && is_number(ignored_counts) {
            // The score goes to the number's column.
            header.unmap(kept);
            workings.push((stage, kept));
        } else if is_number(kept_counts) && is_working(ignored_counts) {
            header.duplicates.retain(|d| d.ignored.index != ignored);
            workings.push((stage, ignored));
        }
    }
    workings
}

/// Whether a heading of likelihood and impact together names the impact first
/// ("Impact / Likelihood", "I / L", "Consequence and Likelihood").
fn impact_named_first(heading: &str) -> bool {
    let words: Vec<String> = heading
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    let first = |wanted: &[&str]| words.iter().position(|w| wanted.contains(&w.as_str()));
    match (
        first(&[
            "impact",
            "consequence",
            "consequences",
            "severity",
            "i",
            "c",
        ]),
        first(&["likelihood", "probability", "l", "p"]),
    ) {
        (Some(impact), Some(likelihood)) => impact < likelihood,
        _ => false,
    }
}

/// A stage's impact scored domain by domain, a column each ("Financial Impact",
/// "Reputational Impact", or "Impact" merged over "Financial" and "Reputation").
#[derive(Debug, Clone, PartialEq)]
pub struct DomainColumns {
    /// The assessment they score.
    pub stage: Stage,
    /// Each column and its heading.
    pub columns: Vec<(u32, Arc<str>)>,
    /// Whether the stage has no impact column of its own, so that the highest of them
    /// is its impact. Beside one, they are checked against it.
    pub give: bool,
}

/// The columns scoring a stage's impact domain by domain: unmapped headings naming an
/// impact and something else that is not a stage ("Financial", "Service Delivery"),
/// at least half of whose filled cells are impacts; at least two for a stage.
pub fn domain_impact_columns(grid: &Grid, header: &Header, schema: &Schema) -> Vec<DomainColumns> {
    let template = &schema.risk_register;
    let on_scale = |value: &Value| {
        values::scale(value, &schema.framework.impact)
            .is_ok_and(|v| crate::model::on_scale(v).is_some())
    };
    let mut out: Vec<DomainColumns> = Vec::new();
    for column in header.columns.iter().filter(|c| c.slot.is_none()) {
        let Some(stage) = domain_heading_stage(&column.header, template) else {
            continue;
        };
        let (filled, scored) = column_counts(grid, header, column.index, |value| {
            on_scale(value) || value.as_text().is_some_and(values::is_not_applicable)
        });
        if scored == 0 || scored * 2 < filled {
            continue;
        }
        let entry = (column.index, Arc::from(column.header.as_str()));
        match out.iter_mut().find(|d| d.stage == stage) {
            Some(domains) => domains.columns.push(entry),
            None => out.push(DomainColumns {
                stage,
                columns: vec![entry],
                give: !header.slots.keys().any(|slot| {
                    slot.stage.unwrap_or(Stage::Current) == stage
                        && template.fields[slot.field].field_type == FieldType::Impact
                }),
            }),
        }
    }
    out.retain(|d| d.columns.len() >= 2);
    out
}

/// The stage whose impact a heading scores in one domain: "Financial Impact" and
/// "Impact - Service Delivery" the current one, "Residual Reputational Impact" the
/// current, "Inherent Financial Impact" the inherent. None for a heading naming no
/// impact, or nothing but an impact and a stage.
fn domain_heading_stage(heading: &str, template: &TemplateSchema) -> Option<Stage> {
    let words: Vec<String> = heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let impact_word = |w: &str| matches!(w, "impact" | "impacts" | "consequence" | "consequences");
    if !words.iter().any(|w| impact_word(w)) {
        return None;
    }
    let mut stage = None;
    let mut domain = false;
    for word in &words {
        let filler = matches!(
            word.as_str(),
            "risk" | "score" | "rating" | "level" | "of" | "on" | "to" | "the" | "and" | "for"
        );
        if impact_word(word) || filler || word.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        match template.match_header(&format!("{word} impact"), None) {
            Some(slot) if template.fields[slot.field].field_type == FieldType::Impact => {
                stage = slot.stage.or(stage);
            }
            _ => domain = true,
        }
    }
    domain.then(|| stage.unwrap_or(Stage::Current))
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
        if let Some(note) = note_row(row, &schema.framework.notes).or_else(|| totals_row(row, true))
        {
            out.left_out.push(note);
            continue;
        }
        let mapped: Vec<&(u32, super::grid::Value)> = row
            .cells
            .iter()
            .filter(|(c, v)| !v.is_blank() && header.slots.values().any(|mc| mc == c))
            .collect();
        if mapped.is_empty() {
            out.left_out.push(RowLeftOut {
                row: row.index + 1,
                reason: "nothing in the register's columns (text outside the table)".into(),
            });
            continue;
        }
        if let Some(repeat) = header_repeated(row, header) {
            out.left_out.push(repeat);
            continue;
        }
        if only_formulas_unfilled(row, header, template) {
            out.left_out.push(RowLeftOut {
                row: row.index + 1,
                reason: "a template row not filled in (only its formulas show: a score of 0)"
                    .into(),
            });
            continue;
        }
        if out.risks.is_empty() && guidance_row(row, header, schema) {
            out.left_out.push(RowLeftOut {
                row: row.index + 1,
                reason: "guidance under the header (what each column wants)".into(),
            });
            continue;
        }
        if let Some(words) = example_row(row, &names) {
            out.left_out.push(RowLeftOut {
                row: row.index + 1,
                reason: format!("the template's example row ('{words}')"),
            });
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
        // A section heading: a lone cell of the section words, or ending in one in the
        // table's first column ("Closed risks"); or words with no number alone in the
        // ID column ("Finance"), which no risk's ID is.
        if let [(column, value)] = mapped.as_slice()
            && let Some(opportunity) = value.as_text().and_then(|t| {
                let other_heading = Some(*column) == names.id_column
                    && row.lone_cell().is_some()
                    && !could_be_id(t);
                template
                    .section_heading(t)
                    .or_else(|| {
                        (*column == header.first_column())
                            .then(|| template.section_heading_by_ending(t))
                            .flatten()
                    })
                    .or(other_heading.then_some(section == Kind::Opportunity))
            })
        {
            section = if opportunity {
                Kind::Opportunity
            } else {
                Kind::Risk
            };
            // Words that say more than risk or opportunity ("Finance", "Closed risks",
            // "Place Directorate") are kept with each risk under them.
            section_name = value
                .as_text()
                .filter(|t| template.section_heading(t).is_none())
                .map(|t| t.trim().to_string());
            out.left_out.push(RowLeftOut {
                row: row.index + 1,
                reason: format!("section heading '{}'", value.display()),
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
    out.worked_stages = names
        .worked_scores
        .iter()
        .zip(worked_counts)
        .filter(|(worked, (scored, gave))| {
            worked.working.is_some() || (*gave > 0 && *gave * 2 > *scored)
        })
        .map(|(worked, _)| worked.stage)
        .collect();
    // A row whose cell gives its stage's likelihood and impact left blank has neither:
    // the two are blank there, as they would be in columns of their own.
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
    out
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
        let scores = slots
            .iter()
            .filter(|(slot, _, _)| field(slot) == FieldType::Score);
        let coloured_scores = scores
            .clone()
            .filter(|(slot, _, _)| !stage_has(slot.stage, FieldType::Rating))
            .map(|(slot, column, _)| (*slot, *column))
            .collect();
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
        let worked_scores = scores
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
            .collect();
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
        let unread = Unread::new(header, header.beside_from, |c| {
            !domain_columns.contains(&c.index)
                && !working_columns.contains(&c.index)
                && !header.history.contains(&c.index)
                && !written(&c.header)
        });
        let spans = grid
            .merges
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
            .collect();
        SheetNames {
            file: Arc::from(file),
            sheet: Arc::from(grid.name.as_str()),
            unread,
            spans,
            slots,
            id_column: header.column_of(template, "id"),
            title_column: header.column_of(template, "title"),
            coloured_scores,
            worked_scores,
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

fn read_row(
    file: &str,
    grid: &Grid,
    row: &GridRow,
    header: &Header,
    names: &SheetNames,
    schema: &Schema,
    findings: &mut Vec<Finding>,
) -> Risk {
    let template = &schema.risk_register;
    let framework = &schema.framework;
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
        let (slot, column) = (*slot, *column);
        let cell = CellRef::new(row.index, column);
        risk.cells.push((name.clone(), cell));
        let value = row.get(column);
        let spec = &template.fields[slot.field];
        let outcome = match spec.field_type {
            FieldType::Text | FieldType::Status if spec.name == "action_status" => {
                values::status_text(value).map(|t| set_text(&mut risk, &spec.name, t))
            }
            FieldType::Text | FieldType::Status => {
                values::text(value).map(|t| set_text(&mut risk, &spec.name, t))
            }
            FieldType::Likelihood => values::scale(value, &framework.likelihood)
                .map(|v| stage_of(&mut risk, slot).likelihood = v),
            FieldType::Impact => values::scale(value, &framework.impact)
                .map(|v| stage_of(&mut risk, slot).impact = v),
            // A score formula whose result was never saved, multiplying the row's own
            // likelihood and impact: the framework's rule, worked out from them.
            FieldType::Score
                if let Value::Uncalculated(formula) = value
                    && likelihood_times_impact(formula, row, slot, &names.slots, template) =>
            {
                Ok(())
            }
            FieldType::Score => match values::score(value) {
                // A score column holding band names ("High"), with no rating column
                // of its stage: it is the rating, checked against the score.
                Err(problem) if names.coloured_scores.iter().any(|(s, _)| *s == slot) => {
                    match values::rating(value, framework) {
                        Ok(Some(rating @ crate::model::Rating::Band { .. })) => {
                            stage_of(&mut risk, slot).rating = Some(rating);
                            if let Some(rating_slot) =
                                template.staged_slot("rating", slot.stage.unwrap_or(Stage::Current))
                            {
                                risk.cells
                                    .push((Arc::from(template.slot_name(rating_slot)), cell));
                            }
                            Ok(())
                        }
                        _ => Err(problem),
                    }
                }
                read => read.map(|v| {
                    stage_of(&mut risk, slot).score = v;
                    // "20 (Red)" with no rating column of its stage: the band named is
                    // the rating, checked against the score.
                    if names.coloured_scores.iter().any(|(s, _)| *s == slot)
                        && let Some(band) = values::band_after_score(value, framework)
                    {
                        stage_of(&mut risk, slot).rating = Some(band);
                        if let Some(rating_slot) =
                            template.staged_slot("rating", slot.stage.unwrap_or(Stage::Current))
                        {
                            risk.cells
                                .push((Arc::from(template.slot_name(rating_slot)), cell));
                        }
                    }
                }),
            },
            FieldType::Rating => values::rating(value, framework).map(|v| {
                stage_of(&mut risk, slot).rating = v.or_else(|| {
                    values::rating_by_fill(grid.shade(row.index, column), "rating", framework)
                })
            }),
            FieldType::Date if value.as_text().is_some_and(values::is_no_date) => {
                risk.as_written.push((name.clone(), value.display()));
                Ok(())
            }
            FieldType::Date => values::date(value).map(|d| {
                // Several lines or a list (a date or "Ongoing" for each action), the dates
                // it falls between ("Dec 2026 - Mar 2027"), a period ("Q3 2026/27") or a
                // part of a year ("Spring 2027"): kept as written, for the workbook to
                // show.
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
            // Read with the score's working, below.
            FieldType::Pair => Ok(()),
        };
        if let Err(problem) = outcome {
            problems.push((slot, cell, name, problem, spec.field_type));
        }
    }
    // With no rating column, a score cell coloured in its band's colour is its rating.
    for (slot, column) in &names.coloured_scores {
        if stage_of(&mut risk, *slot).rating.is_some() {
            // The cell's words said it.
            continue;
        }
        if let Some(rating) =
            values::rating_by_fill(grid.shade(row.index, *column), "score", framework)
        {
            stage_of(&mut risk, *slot).rating = Some(rating);
        }
    }
    // With no likelihood or impact column, a score written as its working gives them,
    // and their findings are placed on the score cell.
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
            .map(|(_, column, _)| CellRef::new(row.index, *column).to_string())
    };
    let (Some(likelihood), Some(impact)) = (cell_of("likelihood"), cell_of("impact")) else {
        return false;
    };
    let squashed: String = formula
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '$')
        .collect::<String>()
        .to_ascii_uppercase();
    let factors = squashed
        .strip_prefix("PRODUCT(")
        .and_then(|inside| inside.strip_suffix(')'))
        .map_or_else(|| squashed.split_once('*'), |inside| inside.split_once(','));
    factors
        .is_some_and(|(a, b)| (a == likelihood && b == impact) || (a == impact && b == likelihood))
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

/// Whether a row is a risk's details in a row of their own ([`details_in`]).
pub fn details_row(row: &GridRow, header: &Header, template: &TemplateSchema) -> bool {
    details_in(row, header, template).is_some()
}

/// A risk's details in a row of their own: its one filled cell, in the table's first
/// column, labelling its parts ([`details_of`]); with the cell.
fn details_in<'r>(
    row: &'r GridRow,
    header: &Header,
    template: &TemplateSchema,
) -> Option<(CellRef, Vec<DetailPart<'r>>)> {
    let (column, value) = row.lone_cell()?;
    if column != header.first_column() {
        return None;
    }
    let parts = details_of(value.as_text()?, template)?;
    Some((CellRef::new(row.index, column), parts))
}

/// A part of a risk's details: the field its label names (or the label, where it names
/// none), and its text.
type DetailPart<'t> = (Result<Slot, &'t str>, &'t str);

/// A table's cells that no field reads, kept as each row's other columns: those under
/// headings that name no field read (as `keep` says), and text in columns with no
/// heading, from the table's first column up to `end` (a table beside it).
pub(super) struct Unread {
    /// The columns kept, with their headings.
    headed: Vec<(u32, Arc<str>)>,
    /// Every column with a heading or read by one, in order.
    all: Vec<u32>,
    first: u32,
    end: Option<u32>,
}

impl Unread {
    pub(super) fn new(header: &Header, end: Option<u32>, keep: impl Fn(&Column) -> bool) -> Unread {
        let headed = header
            .columns
            .iter()
            .filter(|c| c.slot.is_none() && end.is_none_or(|e| c.index < e) && keep(c))
            .map(|c| (c.index, Arc::from(c.header.as_str())))
            .collect();
        let mut all: Vec<u32> = header
            .columns
            .iter()
            .map(|c| c.index)
            .chain(header.slots.values().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        Unread {
            headed,
            all,
            first: header.first_column(),
            end,
        }
    }

    /// "Heading: value" for each kept column whose cell (as `cell` gives it) holds
    /// something.
    pub(super) fn lines<'v>(&self, cell: impl Fn(u32) -> &'v Value) -> Vec<String> {
        self.headed
            .iter()
            .filter_map(|(column, heading)| {
                let value = cell(*column);
                (!value.is_blank()).then(|| format!("{heading}: {}", value.display()))
            })
            .collect()
    }

    /// The text of a row's cells in columns with no heading, within the table, with
    /// their columns.
    pub(super) fn unheaded<'r>(
        &'r self,
        row: &'r GridRow,
    ) -> impl Iterator<Item = (u32, &'r str)> + 'r {
        row.cells.iter().filter_map(|(column, value)| {
            let text = value.as_text()?.trim();
            (!text.is_empty()
                && *column >= self.first
                && self.end.is_none_or(|e| *column < e)
                && self.all.binary_search(column).is_err())
            .then_some((*column, text))
        })
    }
}

/// `line` added to a text as its last line.
fn add_line(text: &mut Option<String>, line: &str) {
    *text = Some(match text.take() {
        Some(before) => format!("{before}\n{line}"),
        None => line.to_string(),
    });
}

/// A risk's details written in one cell as labelled parts ("Controls: Stock survey;
/// damp team. Actions: New surveyors (due 31/03/2027)"): each part's field and its
/// text, or its label where it names no field ("Proximity: 6 months"). `None` unless
/// the text begins with a label of a field, a colon after it. A part begins at a label
/// after a full stop, semicolon or line break (or at the start): a field's, or a few
/// words beginning with a capital that name none.
fn details_of<'t>(text: &'t str, template: &TemplateSchema) -> Option<Vec<DetailPart<'t>>> {
    const LONGEST_LABEL: usize = 40;
    let label_at = |at: usize| {
        let rest = &text[at..];
        // Looked for among a label's length of bytes only: a long paragraph of many
        // sentences is not searched to its end from each.
        let colon = rest
            .bytes()
            .take(LONGEST_LABEL + 1)
            .position(|b| b == b':')
            .filter(|&c| c > 0)?;
        let label = rest[..colon].trim();
        if label.contains(['.', ';', '\n']) {
            return None;
        }
        let named = match template.match_header(label, None) {
            Some(slot) => Ok(slot),
            None if label.starts_with(|c: char| c.is_uppercase())
                && label.split_whitespace().count() <= 4
                && !label.contains(|c: char| c.is_ascii_digit()) =>
            {
                Err(label)
            }
            None => return None,
        };
        Some((named, at + colon + 1))
    };
    let first = label_at(0).filter(|(named, _)| named.is_ok())?;
    let mut starts = vec![(0, first)];
    for (at, c) in text.char_indices() {
        if !matches!(c, '.' | ';' | '\n') {
            continue;
        }
        let begin = at + c.len_utf8();
        let begin = begin + (text[begin..].len() - text[begin..].trim_start().len());
        if begin < text.len()
            && let Some(found) = label_at(begin)
        {
            starts.push((at, found));
        }
    }
    let parts = starts
        .iter()
        .enumerate()
        .map(|(k, &(_, (named, from)))| {
            let to = starts.get(k + 1).map_or(text.len(), |&(end, _)| end);
            let part = text[from..to].trim();
            (named, part.trim_end_matches(['.', ';']).trim())
        })
        .filter(|(_, part)| !part.is_empty())
        .collect();
    Some(parts)
}

/// Give a risk the details of a row of their own ([`details_of`]), each at that row's
/// `cell`: a text field's joined to what the row gave (a line each), a date field's
/// read as a date; other fields' parts are kept with its other columns.
fn give_details(
    risk: &mut Risk,
    parts: Vec<DetailPart>,
    cell: CellRef,
    template: &TemplateSchema,
    findings: &mut Vec<Finding>,
    file: &str,
    sheet: &str,
) {
    for (named, part) in parts {
        let slot = match named {
            Ok(slot) => slot,
            Err(label) => {
                add_line(&mut risk.other, &format!("{label}: {part}"));
                continue;
            }
        };
        let field = &template.fields[slot.field];
        let name: Arc<str> = Arc::from(template.slot_name(slot));
        match field.field_type {
            FieldType::Text if let Some(target) = text_field(risk, &field.name) => {
                add_line(target, part);
            }
            FieldType::Date => match values::date(&Value::Text(part.to_string())) {
                Ok(date) => {
                    let target = match field.name.as_str() {
                        "action_due" => &mut risk.action_due,
                        "last_review" => &mut risk.last_review,
                        "next_review" => &mut risk.next_review,
                        "date_identified" => &mut risk.date_identified,
                        _ => continue,
                    };
                    // The row's own date stands; a second is kept with the rest.
                    if target.is_some() {
                        let line = format!("{}: {part}", template.slot_label(slot));
                        add_line(&mut risk.other, &line);
                        continue;
                    }
                    *target = date;
                }
                Err(problem) => {
                    risk.unreadable.insert(name.to_string());
                    findings.push(
                        problem
                            .finding(file, &template.slot_label(slot))
                            .on_sheet(sheet)
                            .at(cell)
                            .field(name.to_string()),
                    );
                }
            },
            _ => {
                add_line(
                    &mut risk.other,
                    &format!("{}: {part}", template.slot_label(slot)),
                );
                continue;
            }
        }
        if !risk.has_column(&name) {
            risk.cells.push((name, cell));
        }
    }
}

/// What a row's cells outside its fields say: each headed column's as "Heading:
/// value", a line each, after any lines of a consolidated workbook's "Other columns";
/// text in a column with no heading under a heading merged across it goes on that
/// field's value as a line (a second column of controls), and other text in a column
/// with no heading is kept as "Column J: …". A table beside the register's (a scoring
/// key) is none of the row's.
fn other_columns(row: &GridRow, names: &SheetNames, risk: &mut Risk) {
    let mut lines = names.unread.lines(|column| row.get(column));
    for (column, text) in names.unread.unheaded(row) {
        let letters = crate::finding::column_letters(column);
        match names
            .spans
            .iter()
            .find(|(start, end, ..)| (*start..=*end).contains(&column))
        {
            Some((_, _, _, Some(field))) => {
                if let Some(target) = text_field(risk, field) {
                    add_line(target, text);
                }
            }
            Some((_, _, heading, None)) => lines.push(format!("{heading} ({letters}): {text}")),
            None => lines.push(format!("Column {letters}: {text}")),
        }
    }
    if !lines.is_empty() {
        add_line(&mut risk.other, &lines.join("\n"));
    }
}

fn set_text(risk: &mut Risk, field: &str, text: Option<String>) {
    // A cause and an effect are kept in the description, a line each, after any
    // description of its own (the fields are read in the schema's order).
    if let ("cause" | "effect", Some(text)) = (field, &text) {
        let line = format!("{}: {text}", super::capitalise(field));
        add_line(&mut risk.description, &line);
        return;
    }
    if let Some(target) = text_field(risk, field) {
        *target = text;
    }
}

/// A risk's text field by its name.
fn text_field<'r>(risk: &'r mut Risk, field: &str) -> Option<&'r mut Option<String>> {
    Some(match field {
        "id" => &mut risk.id,
        "title" => &mut risk.title,
        "description" => &mut risk.description,
        "category" => &mut risk.category,
        "directorate" => &mut risk.directorate,
        "service" => &mut risk.service,
        "owner" => &mut risk.owner,
        "controls" => &mut risk.controls,
        "further_actions" => &mut risk.further_actions,
        "action_owner" => &mut risk.action_owner,
        "action_status" => &mut risk.action_status,
        "status" => &mut risk.status,
        "priority" => &mut risk.priority,
        "direction" => &mut risk.direction,
        "response" => &mut risk.response,
        "register_level" => &mut risk.register_level,
        "source" => &mut risk.source_note,
        "other" => &mut risk.other,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[Value]) -> GridRow {
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

    fn text(t: &str) -> Value {
        Value::Text(t.into())
    }

    #[test]
    fn totals_lines_are_told_from_rows_whose_words_begin_with_total() {
        let totals = |cells: &[Value], numbers_after| {
            totals_row(&row(cells), numbers_after).map(|r| r.reason)
        };
        for lone in [
            "Total risks: 2",
            "Totals",
            "Grand total",
            "Sub-total",
            "Count: 14",
        ] {
            assert_eq!(
                totals(&[text(lone)], false),
                Some(format!("a totals row: '{lone}'")),
                "{lone}"
            );
        }
        let summed = [text("Total"), Value::Empty, Value::Number(18.0), text("45")];
        assert!(totals(&summed, true).is_some());
        // "Total" alone before figures names no indicator; "Average" neither.
        assert!(totals(&summed, false).is_some());
        let averaged = [text("Average"), Value::Number(554.0), Value::Number(604.5)];
        assert!(totals(&averaged, false).is_some());
        // An indicator named "Total complaints" with its months is an indicator.
        let complaints = [
            text("Total complaints"),
            Value::Number(8.0),
            Value::Number(9.0),
        ];
        assert_eq!(totals(&complaints, false), None);
        for not_totals in [
            vec![text("Total loss of power at the depot")],
            vec![text("Total"), text("Head of Finance")],
            vec![text("Totally unexpected"), Value::Number(3.0)],
            vec![text("FN-01"), text("Total"), Value::Number(3.0)],
        ] {
            assert_eq!(totals(&not_totals, true), None, "{not_totals:?}");
        }
    }

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
