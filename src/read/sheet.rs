//! One sheet: the template it fits by its header, and its rows read as that
//! template's, whether laid out as a table, as cards, or remapped from another shape.

use crate::finding::{CellRef, Finding, Rule};
use crate::model::Text;
use crate::read::grid::Grid;
use crate::read::header::Header;
use crate::read::register::{Placement, RowLeftOut};
use crate::read::{
    across, actions, cards, grid, header, indicators, names, period, register, transposed, values,
};
use crate::schema::{Schema, Slot, TemplateSchema};
use std::collections::HashMap;

use super::sheet_findings::{
    SOURCE_UNKNOWN_WHERE, header_findings, other_scales, placement_of, source_unknown,
};
use super::tables::{carried_on, key_column};
use super::{
    ALL_RISKS_SHEET, DIRECTION_REPORTED, INDICATORS_SHEET, LEDGER_SHEET, RAG_REPORTED,
    REGISTER_SHEET, RegisterSheet, SheetContent, is_sheet,
};

/// What a sheet of a workbook is, before it is read.
pub(super) enum Sheet {
    /// A summary sheet of a workbook `consolidate` wrote: its risks are on All risks.
    Summary,
    /// Nothing in it.
    Blank,
    /// The corporate plan's priorities.
    Priorities,
    /// A table: the template it fits best, or none.
    Table(Option<Fit>),
}

/// Which template a sheet fits best, by how many of its fields the header names.
#[derive(Clone)]
pub(super) enum Fit {
    Register(Header),
    /// A return, its layout, and the financial year it is read for.
    Return(Header, indicators::Layout, i32),
    Definitions(Header),
}

impl Fit {
    /// The header found, and the template it fits.
    pub(super) fn header<'a>(&'a self, schema: &'a Schema) -> (&'a Header, &'a TemplateSchema) {
        match self {
            Fit::Register(header) => (header, &schema.risk_register),
            Fit::Return(header, ..) => (header, &schema.indicator_return),
            Fit::Definitions(header) => (header, &schema.indicator_definitions),
        }
    }
}

/// A consolidated workbook's Indicators sheet has the RAG and direction of travel
/// worked out from the figures ("RAG", "Direction of travel") and those the service
/// reported ("RAG reported", "Direction reported"): read back, they are the reported
/// ones, so that a corporate run judges them again as the directorate run did.
pub(super) fn rag_as_reported(fit: Fit, schema: &Schema) -> Fit {
    let Fit::Return(mut header, layout, year) = fit else {
        return fit;
    };
    for (heading, field) in [(RAG_REPORTED, "rag"), (DIRECTION_REPORTED, "direction")] {
        let reported = header
            .columns
            .iter()
            .position(|column| column.header == heading);
        if let (Some(reported), Some(slot)) = (reported, schema.indicator_return.slot(field)) {
            if let Some(&computed) = header.slots.get(&slot) {
                header.unmap(computed);
            }
            header.unmap(header.columns[reported].index);
            header.columns[reported].slot = Some(slot);
            header.slots.insert(slot, header.columns[reported].index);
        }
    }
    Fit::Return(header, layout, year)
}

pub(super) fn sniff(grid: &Grid, schema: &Schema, year: period::ReturnYear) -> Option<Fit> {
    let rows = header::HeaderRows::new(grid, schema.framework.limits.max_header_search_rows);
    let mut best: Option<(usize, Fit)> = None;
    let mut consider = |score: usize, fit: Fit| {
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, fit));
        }
    };
    if let Some(header) = header::find_header(grid, &rows, &schema.risk_register) {
        consider(header.slots.len(), Fit::Register(header));
    }
    if let Some(mut header) = header::find_header(grid, &rows, &schema.indicator_return)
        && let Some((layout, year)) =
            indicators::return_fit(grid, &mut header, &schema.indicator_return, year)
    {
        let periods = match &layout {
            indicators::Layout::Wide { periods, .. } => periods.len().min(3),
            indicators::Layout::Long { .. } => 0,
        };
        consider(
            header.slots.len() + periods,
            Fit::Return(header, layout, year),
        );
    }
    if let Some(header) = header::find_header(grid, &rows, &schema.indicator_definitions) {
        consider(header.slots.len(), Fit::Definitions(header));
    }
    best.map(|(_, fit)| fit)
}

/// The hints for one of several registers or returns in a workbook: the sheet's name
/// as the service, less the words of a register around it ("Planning Risk Register"
/// is Planning), unless it names no service ("Closed risks", "Archive", "Sheet2",
/// "Strategic Risk Register", or a period: "Oct 2026", "Q2").
pub(super) fn sheet_named_hints(hints: &Placement, grid: &Grid, schema: &Schema) -> Placement {
    let name = grid.name.trim();
    let key = crate::schema::squash(name);
    let service = names::service_words(name).join(" ");
    let service_key = crate::schema::squash(&service);
    let template = &schema.risk_register;
    // A name ending as a section heading does ("Closed risks", "Project Opportunities")
    // names a service only where the words before it do.
    let heading = template.section_heading(name).is_some()
        || template.section_heading_by_ending(name).is_some()
            && (service_key == key || names::NOT_SERVICES.contains(&service_key.as_str()));
    let generic = key.is_empty()
        || key.starts_with("sheet")
        || names::sheet_period(name, 0).is_some()
        || names::NOT_SERVICES.contains(&key.as_str())
        || heading;
    Placement {
        directorate: hints.directorate.clone(),
        service: if generic {
            hints.service.clone()
        } else {
            Some(service)
        },
    }
}

/// Read a table sheet by the template it fits, its regions merged down spread first.
pub(super) fn read_sheet(
    file: &str,
    grid: &Grid,
    fit: Option<Fit>,
    hints: &Placement,
    schema: &Schema,
    findings: &mut Vec<Finding>,
) -> SheetContent {
    let Some(fit) = fit else {
        return read_fitted(file, grid, None, hints, schema, findings);
    };
    if let Fit::Register(header) = &fit
        && let Some(reason) = drop_down_lists(grid, header, schema)
    {
        return SheetContent::NotRead {
            rows: grid.rows.iter().filter(|row| !row.is_blank()).count(),
            reason,
        };
    }
    let (header, template) = fit.header(schema);
    let key = key_column(header, template);
    let notes = &schema.framework.notes;
    // Regions merged down a column below the header: read as the officer sees them.
    let not_a_note = |value: &grid::Value| !value.as_text().is_some_and(|t| notes.is_note(t));
    let spread = grid.spread_merges(header.last_row, key, not_a_note);
    let spread_grid = spread.as_ref().map_or(grid, |(spread, _)| spread);
    // Rows that carry a record on without a merged region: a risk's second control.
    let (carried, carried_how) = carried_on(spread_grid, &fit, schema);
    // A record's identity written again on its later rows, rather than left blank.
    let repeated = |row: u32| key.is_some_and(|k| !spread_grid.get(row, k).is_blank());
    let joined = (!carried.is_empty()).then(|| spread_grid.join_continued(&carried));
    let read_grid = joined.as_ref().unwrap_or(spread_grid);
    let mut content = read_fitted(file, read_grid, Some(fit), hints, schema, findings);
    // Each risk's actions one by one, where it keeps them a row or a line each.
    if let SheetContent::RiskRegister(register) = &mut content {
        let later_rows: Vec<(u32, u32)> = spread
            .iter()
            .flat_map(|(_, merged)| merged)
            .chain(&carried)
            .copied()
            .collect();
        let register = &mut **register;
        actions::actions_by_row(
            grid,
            &register.header,
            &schema.risk_register,
            &later_rows,
            &mut register.rows.risks,
        );
    }
    let continued = spread.iter().flat_map(|(_, merged)| merged);
    let continuations = continued
        .map(|&(row, first)| (row, first, "merged down"))
        .chain(carried.iter().map(|&(row, first)| {
            let how = if repeated(row) {
                carried_how.1
            } else {
                carried_how.0
            };
            (row, first, how)
        }))
        .map(|(row, first, how)| RowLeftOut {
            row: row + 1,
            reason: match key.map(|k| read_grid.get(first, k).display()) {
                Some(id) if !id.is_empty() => {
                    format!("continues {id} from row {} ({how})", first + 1)
                }
                _ => format!("continues row {} ({how})", first + 1),
            },
        });
    match &mut content {
        SheetContent::RiskRegister(register) => register.rows.left_out.extend(continuations),
        SheetContent::IndicatorReturn(sheet) => sheet.left_out.extend(continuations),
        SheetContent::Definitions(library) => library.left_out.extend(continuations),
        _ => {}
    }
    content
}

/// Whether a sheet's fit is a register's header with neither an ID nor a title column.
pub(super) fn scores_alone(fit: &Fit, template: &TemplateSchema) -> bool {
    matches!(fit, Fit::Register(header)
        if header.column_of(template, "id").is_none() && header.column_of(template, "title").is_none())
}

/// A register of a column per risk or a library of a column per indicator
/// ([`transposed`]), a sheet of risk cards or of indicators' definition cards
/// ([`cards`]), or a return of months down the sheet and indicators across
/// ([`across`]), read as the register, library or return its cells make: each risk,
/// definition or value, finding and row left out is placed at its own cell and row on
/// the sheet, and the sheet's rows in none are listed in the Ledger as left out. `None`
/// for a sheet of none of these.
pub(super) fn read_remapped(
    file: &str,
    grid: &Grid,
    hints: &Placement,
    schema: &Schema,
    year: period::ReturnYear,
    findings: &mut Vec<Finding>,
) -> Option<SheetContent> {
    if is_guidance(grid) {
        return None;
    }
    let (risks, library) = (&schema.risk_register, &schema.indicator_definitions);
    let scored = cards::risk_scored(risks, &schema.framework);
    let described = cards::indicator_described(library);
    let remapped = transposed::across(grid, risks, "risk", &scored)
        .or_else(|| transposed::across(grid, library, "indicator", &described))
        .or_else(|| cards::cards(grid, risks, &scored))
        .or_else(|| cards::cards(grid, library, &described))
        .or_else(|| {
            let year = year.given.unwrap_or(year.otherwise);
            across::months_down(grid, &schema.indicator_return, year)
        })?;
    read_made(file, grid, remapped, hints, schema, year, findings)
}

/// A sheet read as the register, library or return `remapped` makes of it: see
/// [`read_remapped`].
pub(super) fn read_made(
    file: &str,
    grid: &Grid,
    remapped: cards::Remapped,
    hints: &Placement,
    schema: &Schema,
    year: period::ReturnYear,
    findings: &mut Vec<Finding>,
) -> Option<SheetContent> {
    if remapped.blank {
        return Some(SheetContent::NotRead {
            rows: grid.rows.iter().filter(|row| !row.is_blank()).count(),
            reason: "a card of labels alone, not filled in (a template)".into(),
        });
    }
    let fit = sniff(&remapped.grid, schema, year)?;
    let hints = placement_above(grid, remapped.layout, hints, schema);
    let mut found = Vec::new();
    let mut content = read_sheet(file, &remapped.grid, Some(fit), &hints, schema, &mut found);
    let template = match &content {
        SheetContent::Definitions(_) => &schema.indicator_definitions,
        SheetContent::IndicatorReturn(_) => &schema.indicator_return,
        _ => &schema.risk_register,
    };
    let at = |cell: CellRef| remapped.origin(cell);
    let (header, left_out) = on_the_sheet(&mut content, &remapped)?;
    for left in left_out.iter_mut() {
        left.row = remapped.origin_row(left.row);
    }
    left_out.extend(remapped.left_out.iter().cloned());
    left_out.sort_by_key(|left| left.row);
    let labelled_twice = labelled_twice(header, &remapped, template);
    // The header's cells are the first card's labels.
    let first = at(CellRef::new(header.last_row, header.first_column()));
    for column in &mut header.columns {
        column.index = at(CellRef::new(header.last_row, column.index)).column;
    }
    for column in header.slots.values_mut() {
        *column = at(CellRef::new(header.last_row, *column)).column;
    }
    (header.first_row, header.last_row) = (first.row, first.row);
    for finding in &mut found {
        finding_on_the_sheet(finding, &remapped, &labelled_twice);
    }
    findings.extend(found);
    Some(content)
}

/// Whose a remapped sheet is, by the lines above its header ("Directorate: Place"),
/// else `hints`.
fn placement_above(
    grid: &Grid,
    layout: cards::Layout,
    hints: &Placement,
    schema: &Schema,
) -> Placement {
    match layout {
        cards::Layout::MonthsDown { header_row } => {
            let above = header::empty_header(header_row, header_row);
            let block = header::read_block(grid, &above, &schema.indicator_return);
            placement_of(&block, hints)
        }
        cards::Layout::StageRows { header_row } | cards::Layout::Across { header_row } => {
            let above = header::empty_header(header_row, header_row);
            let block = header::read_block(grid, &above, &schema.risk_register);
            placement_of(&block, hints)
        }
        cards::Layout::Cards => hints.clone(),
    }
}

/// What was read of a remapped sheet, its cells put back where they are on the sheet;
/// its header and rows left out, to be put back too.
fn on_the_sheet<'c>(
    content: &'c mut SheetContent,
    remapped: &cards::Remapped,
) -> Option<(&'c mut Header, &'c mut Vec<RowLeftOut>)> {
    let at = |cell: CellRef| remapped.origin(cell);
    Some(match content {
        SheetContent::RiskRegister(register) => {
            register.cards = matches!(remapped.layout, cards::Layout::Cards);
            for risk in &mut register.rows.risks {
                risk.first_cell = at(risk.first_cell);
                if let Some(source) = &mut risk.source {
                    source.row = risk.first_cell.row + 1;
                }
                for (_, cell) in &mut risk.cells {
                    *cell = at(*cell);
                }
                for domain in &mut risk.domain_impacts {
                    domain.cell = at(domain.cell);
                }
                // An action a line of a value carried on down the card is at its own
                // row.
                for (line, action) in risk.planned.iter_mut().enumerate() {
                    action.cell = remapped.origin_of_line(action.cell, line);
                    action.due_cell = remapped.origin_of_line(action.due_cell, line);
                }
            }
            (&mut register.header, &mut register.rows.left_out)
        }
        SheetContent::Definitions(sheet) => {
            for definition in &mut sheet.definitions {
                for (_, cell) in &mut definition.cells {
                    *cell = at(*cell);
                }
                if let Some(source) = &mut definition.source {
                    source.row = remapped.origin_row(source.row);
                }
            }
            (&mut sheet.header, &mut sheet.left_out)
        }
        SheetContent::IndicatorReturn(sheet) => {
            for value in sheet.values.iter_mut().chain(&mut sheet.subtotals) {
                value.first_cell = at(value.first_cell);
                for (_, cell) in &mut value.cells {
                    *cell = at(*cell);
                }
                if let Some(source) = &mut value.source {
                    source.row = remapped.origin_row(source.row);
                }
            }
            (&mut sheet.header, &mut sheet.left_out)
        }
        _ => return None,
    })
}

/// A register across the sheet has its fields labelled in rows: a field labelled twice
/// is named by its rows, not by the table's columns. Each such column's message.
fn labelled_twice(
    header: &Header,
    remapped: &cards::Remapped,
    template: &TemplateSchema,
) -> HashMap<u32, String> {
    let at = |cell: CellRef| remapped.origin(cell);
    match remapped.layout {
        cards::Layout::Across { .. } => header
            .duplicates
            .iter()
            .map(|d| {
                let row = |column: u32| at(CellRef::new(header.last_row, column)).row + 1;
                let message = format!(
                    "Rows '{}' (row {}) and '{}' (row {}) both mean {}; the first is used and the second ignored.",
                    d.kept.header,
                    row(d.kept.index),
                    d.ignored.header,
                    row(d.ignored.index),
                    template.slot_label(d.slot)
                );
                (d.ignored.index, message)
            })
            .collect(),
        _ => HashMap::new(),
    }
}

/// A finding on a remapped sheet, at its cell on the sheet and in words for its layout.
fn finding_on_the_sheet(
    finding: &mut Finding,
    remapped: &cards::Remapped,
    labelled_twice: &HashMap<u32, String>,
) {
    let at = |cell: CellRef| remapped.origin(cell);
    if finding.rule == Rule::HeaderDuplicateColumn
        && let Some(message) = finding.column.and_then(|c| labelled_twice.get(&c))
    {
        finding.message = message.clone();
    }
    if let (Some(row), Some(column)) = (finding.row, finding.column) {
        *finding = finding
            .clone()
            .at(at(CellRef::new(row.saturating_sub(1), column)));
    }
    // A card has no header to put a line above, nor columns: its directorate is a
    // label of its own.
    if finding.rule == Rule::SheetSourceUnknown && remapped.layout == cards::Layout::Cards {
        finding.message = finding
            .message
            .replace(SOURCE_UNKNOWN_WHERE, "line to the card,");
    }
    // The headings found are the table's, not the sheet's: say what the sheet lacks.
    if let cards::Layout::MonthsDown { header_row } = remapped.layout
        && finding.rule == Rule::HeaderMissingColumn
        && finding.field.as_deref() == Some("id")
    {
        finding.message = format!(
            "The indicators named across row {} have no IDs: write each with its ID before its name ('HS1 Homes let within 28 days'), so that the definitions library and other returns know it.",
            header_row + 1
        );
    }
}

/// Read a sheet by the template it fits, or account for it when it fits none.
fn read_fitted(
    file: &str,
    grid: &Grid,
    fit: Option<Fit>,
    hints: &Placement,
    schema: &Schema,
    findings: &mut Vec<Finding>,
) -> SheetContent {
    match fit {
        Some(Fit::Register(header)) => {
            read_register_sheet(file, grid, header, hints, schema, findings)
        }
        Some(Fit::Return(header, layout, year)) => {
            read_return_sheet(file, grid, header, &layout, hints, schema, year, findings)
        }
        Some(Fit::Definitions(header)) => {
            header_findings(
                file,
                grid,
                &header,
                &schema.indicator_definitions,
                &[],
                "indicator-definitions.toml",
                findings,
            );
            let sheet = indicators::read_definitions(
                file,
                grid,
                &header,
                &schema.indicator_definitions,
                &schema.framework.notes,
                findings,
            );
            if sheet.definitions.is_empty() {
                findings.push(no_rows(
                    file,
                    grid,
                    &header,
                    "definitions library",
                    "indicators",
                ));
            }
            SheetContent::Definitions(Box::new(sheet))
        }
        None if is_guidance(grid) => SheetContent::NotRead {
            rows: grid.rows.iter().filter(|row| !row.is_blank()).count(),
            reason: "guidance, instructions or lists (by the sheet's name)".into(),
        },
        None => {
            let rows = grid.rows.iter().filter(|row| !row.is_blank()).count();
            if grid.visible {
                findings.push(
                    Finding::file(
                        file,
                        Rule::SheetUnrecognised,
                        format!("Sheet '{}' is not a risk register, indicator return or definitions library (no header row with their columns was found), so it was not checked.", grid.name),
                    )
                    .on_sheet(&grid.name),
                );
            }
            SheetContent::NotRead {
                rows,
                reason: "not a register, return or definitions library (no header row found)"
                    .into(),
            }
        }
    }
}

/// Why a sheet of a consolidated workbook other than All risks and Indicators is not
/// read: what it holds is there again on those two, or is worked out again from them.
pub(super) fn consolidated_sheet_reason(sheet: &str) -> String {
    if is_sheet(sheet, REGISTER_SHEET) {
        format!(
            "the consolidated workbook's Register: the same risks are read once, from '{ALL_RISKS_SHEET}'"
        )
    } else if is_sheet(sheet, crate::write::annotate::FINDINGS_SHEET) {
        format!(
            "the findings of the run that wrote this workbook: its '{ALL_RISKS_SHEET}' and '{INDICATORS_SHEET}' are checked again"
        )
    } else if is_sheet(sheet, LEDGER_SHEET) {
        "the ledger of the run that wrote this workbook".into()
    } else {
        format!(
            "a summary in the consolidated workbook, worked out again from its '{ALL_RISKS_SHEET}' and '{INDICATORS_SHEET}'"
        )
    }
}

/// Why a sheet headed like a register is the lists its drop-downs draw on ("Lists",
/// often hidden: Likelihood, Impact, Rating, Owner), not a register: it has no risk ID
/// or title column, and it is named as lists are, or hidden, or its likelihood or
/// impact column holds the scale's levels each once and in order (three or more, from
/// 1 up or 5 down). None where it may be a register.
fn drop_down_lists(grid: &Grid, header: &Header, schema: &Schema) -> Option<String> {
    let template = &schema.risk_register;
    if ["id", "title"]
        .iter()
        .any(|field| header.column_of(template, field).is_some())
    {
        return None;
    }
    if is_guidance(grid) {
        return Some("guidance, instructions or lists (by the sheet's name)".into());
    }
    if !grid.visible {
        return Some("a hidden sheet headed like a register with no risk ID or title column: the lists its drop-downs draw on".into());
    }
    let framework = &schema.framework;
    let levels_once = |field: &str, scale: &crate::schema::Scale| {
        let Some(column) = header.column_of(template, field) else {
            return false;
        };
        let levels: Vec<Option<f64>> = grid
            .rows
            .iter()
            .filter(|row| row.index > header.last_row)
            .map(|row| row.get(column))
            .filter(|value| !value.is_blank())
            .map(|value| values::scale(value, scale).ok().flatten())
            .collect();
        // The levels in order, from the bottom of the scale or the top: 1, 2, 3 ...
        let Some(levels) = levels.into_iter().collect::<Option<Vec<f64>>>() else {
            return false;
        };
        let top = scale.levels.len();
        let ascending = levels.iter().enumerate().all(|(i, l)| *l == (i + 1) as f64);
        let descending = levels
            .iter()
            .enumerate()
            .all(|(i, l)| top.checked_sub(i).is_some_and(|level| *l == level as f64));
        levels.len() >= 3 && (ascending || descending)
    };
    (levels_once("likelihood", &framework.likelihood) || levels_once("impact", &framework.impact))
        .then(|| "the scale's levels each once in order, with no risk ID or title column: the lists a register's drop-downs draw on".into())
}

/// Sheet names that say a sheet is for people, not data: passed over without a finding.
const GUIDANCE_NAMES: &[&str] = &[
    "guidance",
    "instructions",
    "readme",
    "notes",
    "help",
    "lists",
    "lookups",
    "lookup",
    "key",
    "cover",
    "contents",
    "dropdowns",
    "versionhistory",
    "changelog",
    "scoringmatrix",
    "matrix",
    "criteria",
    "scoringguidance",
];

fn is_guidance(grid: &Grid) -> bool {
    GUIDANCE_NAMES.contains(&crate::schema::squash(&grid.name).as_str())
}

fn no_rows(file: &str, grid: &Grid, header: &Header, what: &str, items: &str) -> Finding {
    Finding::file(
        file,
        Rule::SheetNoRows,
        format!(
            "Sheet '{}' has the {what}'s header on row {} but no {items} below it.",
            grid.name,
            header.last_row + 1
        ),
    )
    .on_sheet(&grid.name)
    .at(CellRef::new(header.last_row, header.first_column()))
}

#[allow(clippy::too_many_arguments)]
fn read_return_sheet(
    file: &str,
    grid: &Grid,
    header: Header,
    layout: &indicators::Layout,
    hints: &Placement,
    schema: &Schema,
    year: i32,
    findings: &mut Vec<Finding>,
) -> SheetContent {
    let template = &schema.indicator_return;
    let mut header = header;
    let comparators = indicators::comparator_columns(&mut header, template);
    header_findings(
        file,
        grid,
        &header,
        template,
        &[],
        "indicator-return.toml",
        findings,
    );
    let block = header::read_block(grid, &header, template);
    let placement = placement_of(&block, hints);
    let shape = indicators::Shape {
        header: &header,
        layout,
        block: &block,
        notes: &schema.framework.notes,
        comparators: &comparators,
    };
    let mut sheet = indicators::read_return(file, grid, &shape, template, year, findings);
    sheet.completed_for = header::completed_for(grid, &header, template);
    // Made once, shared by every value.
    let (directorate, service) = (
        placement.directorate.as_deref().map(Text::from),
        placement.service.as_deref().map(Text::from),
    );
    for value in &mut sheet.values {
        value.directorate = value.directorate.take().or_else(|| directorate.clone());
        value.service = value.service.take().or_else(|| service.clone());
    }
    if sheet.values.is_empty() {
        findings.push(no_rows(
            file,
            grid,
            &header,
            "indicator return",
            "indicators",
        ));
    } else {
        let missing: Vec<&str> = [
            ("directorate", &placement.directorate),
            ("service", &placement.service),
        ]
        .into_iter()
        .filter(|(field, placed)| {
            placed.is_none() && sheet.values.iter().any(|v| !v.has_column(field))
        })
        .map(|(field, _)| field)
        .collect();
        if !missing.is_empty() {
            findings.push(source_unknown(file, grid, &header, &missing, "indicators"));
        }
    }
    SheetContent::IndicatorReturn(Box::new(sheet))
}

fn read_register_sheet(
    file: &str,
    grid: &Grid,
    header: Header,
    hints: &Placement,
    schema: &Schema,
    findings: &mut Vec<Finding>,
) -> SheetContent {
    let template = &schema.risk_register;
    let block = header::read_block(grid, &header, template);
    let placement = placement_of(&block, hints);
    let mut header = header;
    register::worded_impact_columns(grid, &mut header, schema);
    register::level_columns(grid, &mut header, schema);
    let workings = register::working_columns(grid, &mut header, template);
    let domains = register::domain_impact_columns(grid, &header, schema);
    let rows = register::read_rows(file, grid, &header, &placement, &workings, &domains, schema);
    // Likelihood and impact read from scores written as "4 x 3" are not missing, nor
    // an impact scored domain by domain.
    let given: Vec<Slot> = rows
        .worked_stages
        .iter()
        .flat_map(|&stage| {
            ["likelihood", "impact"]
                .into_iter()
                .filter_map(move |field| template.staged_slot(field, stage))
        })
        .chain(
            domains
                .iter()
                .filter(|d| d.give)
                .filter_map(|d| template.staged_slot("impact", d.stage)),
        )
        .collect();
    header_findings(
        file,
        grid,
        &header,
        template,
        &given,
        "risk-register.toml",
        findings,
    );
    other_scales(file, grid, &header, schema, findings);
    findings.extend(rows.findings.iter().cloned());
    if rows.risks.is_empty() {
        findings.push(no_rows(file, grid, &header, "register", "risks"));
    }
    let unplaced = |field: &str| {
        rows.risks.iter().any(|r| !r.has_column(field)) && placement_missing(field, &placement)
    };
    let missing: Vec<&str> = ["directorate", "service"]
        .into_iter()
        .filter(|f| unplaced(f))
        .collect();
    if !missing.is_empty() && !rows.risks.is_empty() {
        findings.push(source_unknown(file, grid, &header, &missing, "risks"));
    }
    let completed_for = header::completed_for(grid, &header, template);
    SheetContent::RiskRegister(Box::new(RegisterSheet {
        header,
        block,
        completed_for,
        rows,
        cards: false,
    }))
}

fn placement_missing(field: &str, placement: &Placement) -> bool {
    match field {
        "directorate" => placement.directorate.is_none(),
        _ => placement.service.is_none(),
    }
}
