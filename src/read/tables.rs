//! Several tables on one sheet: a second table below or beside the first (a service
//! plan's indicators under its risks), each read as what it is.

use crate::finding::{Finding, Rule};
use crate::read::grid::Grid;
use crate::read::header::Header;
use crate::read::register::{Placement, RowLeftOut};
use crate::read::{grid, header, indicators, period, register, values};
use crate::schema::{FieldType, Schema, TemplateSchema};

use super::SheetContent;
use super::sheet::{Fit, read_sheet, sniff};

/// A sheet read table by table: a register or return with another table below it
/// under a header of its own (opportunities headed "Opportunity Ref", "Likelihood of
/// Realisation" and "Benefit" below the risks, in columns of their own; quarterly
/// measures headed "Q1" … "Q4" below the monthly ones) has each table's rows read by
/// its own header, as one register or return; the second header, and any title above
/// it, are left out and listed in the Ledger. Other sheets, and those with one table,
/// are read as they are.
///
/// A table of the other kind, a return above or below a register or a register above
/// or below a return (a service plan's indicators and risks), is read as its own, the
/// first a content and the other another, each with the rows above the first header
/// (the sheet's title and its "Service:" block).
pub(super) fn read_tables(
    file: &str,
    grid: &Grid,
    fit: Option<Fit>,
    hints: &Placement,
    schema: &Schema,
    year: i32,
    findings: &mut Vec<Finding>,
) -> Vec<SheetContent> {
    // The uppermost table first: one of the other kind above the header found.
    let fit = fit.map(|fit| other_above(grid, &fit, schema, year).unwrap_or(fit));
    let tables = Tables {
        file,
        hints,
        schema,
        year,
    };
    tables.read(grid, fit, findings, 1)
}

/// What reading a sheet's tables needs besides the rows and the fit.
struct Tables<'a> {
    file: &'a str,
    hints: &'a Placement,
    schema: &'a Schema,
    year: i32,
}

impl Tables<'_> {
    fn read(
        &self,
        grid: &Grid,
        fit: Option<Fit>,
        findings: &mut Vec<Finding>,
        table: usize,
    ) -> Vec<SheetContent> {
        let schema = self.schema;
        // The next table below of the same kind, read with this one.
        let room = table < MAX_TABLES_PER_SHEET;
        let same = (fit.as_ref())
            .filter(|_| room)
            .and_then(|fit| second_table(grid, fit, schema));
        if let Some(fit) = &fit
            && room
            && let Some((start, other)) = other_table(grid, fit, schema, self.year)
            && same.as_ref().is_none_or(|(same, _)| start < *same)
        {
            let first_header = fit.header(schema).0.first_row;
            let above = grid.rows_where(|index| index < start);
            let rest = grid.rows_where(|index| index < first_header || index >= start);
            let mut contents = self.read(&above, Some(fit.clone()), findings, table + 1);
            contents.extend(self.read(&rest, Some(other), findings, table + 1));
            return contents;
        }
        let (first, more) = read_tables_from(self, grid, fit, same, findings, table);
        std::iter::once(first).chain(more).collect()
    }
}

/// A register's or return's header of the other kind above the one found (a service
/// plan's indicators above its risks, the risks' header matching more fields): the
/// fit of the uppermost.
fn other_above(grid: &Grid, fit: &Fit, schema: &Schema, year: i32) -> Option<Fit> {
    let (header, _) = fit.header(schema);
    if matches!(fit, Fit::Definitions(_)) || header.first_row == 0 {
        return None;
    }
    let above = grid.rows_where(|index| index < header.first_row);
    let found = sniff(&above, schema, period::ReturnYear::given(year))?;
    match (fit, &found) {
        (Fit::Register(_), Fit::Return(..)) | (Fit::Return(..), Fit::Register(_)) => Some(found),
        _ => None,
    }
}

/// Most tables one sheet is read as: the rows below the last are read by its header.
/// Each table read copies the rows below it, so a sheet of many headers (a damaged or
/// hostile file) is copied a few times at most.
const MAX_TABLES_PER_SHEET: usize = 12;

/// A sheet's table read by `fit`, with the `second` of its kind below it (where
/// [`second_table`] found one) joined to it, and any tables of the other kind below.
fn read_tables_from(
    tables: &Tables,
    grid: &Grid,
    fit: Option<Fit>,
    second: Option<(u32, Fit)>,
    findings: &mut Vec<Finding>,
    table: usize,
) -> (SheetContent, Vec<SheetContent>) {
    let (file, hints, schema) = (tables.file, tables.hints, tables.schema);
    let Some(fit) = fit else {
        return (
            read_sheet(file, grid, None, hints, schema, findings),
            Vec::new(),
        );
    };
    let Some((start, second)) = second else {
        return (
            read_sheet(file, grid, Some(fit), hints, schema, findings),
            Vec::new(),
        );
    };
    let first_header = fit.header(schema).0.first_row;
    let second_header = second.header(schema).0;
    let between: Vec<RowLeftOut> = grid
        .rows
        .iter()
        .filter(|row| (start..=second_header.last_row).contains(&row.index) && !row.is_blank())
        .map(|row| RowLeftOut {
            row: row.index + 1,
            reason: if row.index >= second_header.first_row {
                "the header of another table on the sheet, by which the rows below it are read"
                    .into()
            } else {
                format!(
                    "a title above another table on the sheet ('{}')",
                    row.cells
                        .iter()
                        .map(|(_, v)| v.display())
                        .collect::<Vec<_>>()
                        .join(" ")
                        .trim()
                )
            },
        })
        .collect();
    // Each table keeps the rows above the first header: the title and the labelled
    // block ("Service: Highways") are the whole sheet's.
    let below = grid.rows_where(|index| index < first_header || index >= start);
    let mut own = Vec::new();
    let first = read_sheet(
        file,
        &grid.rows_where(|index| index < start),
        Some(fit.clone()),
        hints,
        schema,
        &mut own,
    );
    // The rows below may hold a table of the other kind, read as its own.
    let mut rest = tables
        .read(&below, Some(second), &mut own, table + 1)
        .into_iter();
    let rest_first = rest.next().unwrap_or(SheetContent::Blank);
    let others: Vec<SheetContent> = rest.collect();
    let joined = match (first, rest_first) {
        (SheetContent::RiskRegister(mut first), SheetContent::RiskRegister(second)) => {
            let rows = &mut first.rows;
            rows.left_out.extend(between);
            rows.left_out.extend(second.rows.left_out);
            rows.risks.extend(second.rows.risks);
            rows.findings.extend(second.rows.findings);
            rows.blank_rows += second.rows.blank_rows;
            SheetContent::RiskRegister(first)
        }
        (SheetContent::IndicatorReturn(mut first), SheetContent::IndicatorReturn(second)) => {
            first.left_out.extend(between);
            first.left_out.extend(second.left_out);
            first.values.extend(second.values);
            first.subtotals.extend(second.subtotals);
            first.rows_taken += second.rows_taken;
            SheetContent::IndicatorReturn(first)
        }
        _ => {
            return (
                read_sheet(file, grid, Some(fit), hints, schema, findings),
                Vec::new(),
            );
        }
    };
    // Where the service or directorate is not recorded is the sheet's to say, once; so
    // is a sheet with no rows at all. A table left empty (a template's opportunities
    // under its risks) beside one with rows is no finding.
    let has_rows = match &joined {
        SheetContent::RiskRegister(register) => !register.rows.risks.is_empty(),
        SheetContent::IndicatorReturn(sheet) => sheet.rows_taken > 0,
        _ => true,
    };
    let (mut unplaced, mut empty) = (false, has_rows);
    own.retain(|f| match f.rule {
        Rule::SheetSourceUnknown => !std::mem::replace(&mut unplaced, true),
        Rule::SheetNoRows => !std::mem::replace(&mut empty, true),
        _ => true,
    });
    findings.extend(own);
    (joined, others)
}

/// Where another table of the same kind starts below a register's or return's header,
/// and how it fits: the first row further down that is a header of its own (not the
/// header repeated word for word, which the rows' reading leaves out), with any titles
/// just above it ("OPPORTUNITIES") set apart by a blank row from the table above. A
/// header row holds words alone, no numbers or dates, so only such rows are tried.
fn second_table(grid: &Grid, fit: &Fit, schema: &Schema) -> Option<(u32, Fit)> {
    let (header, template) = fit.header(schema);
    if matches!(fit, Fit::Definitions(_)) {
        return None;
    }
    // A register's has no year, nor needs one: only a return's fit is worked out by it.
    let year = match fit {
        Fit::Return(.., year) => *year,
        _ => 0,
    };
    table_below(grid, header, template, template, schema, year)
}

/// Where a table of the other kind starts below a register's or return's header (a
/// return's under a register's, or a register's under a return's), and how it fits: a
/// header of its own that matches more of the other template's fields than of this
/// one's, and fits it (a return's with its actuals or periods; a register's with a
/// likelihood, impact or score).
fn other_table(grid: &Grid, fit: &Fit, schema: &Schema, year: i32) -> Option<(u32, Fit)> {
    let (header, template) = fit.header(schema);
    let other = match fit {
        Fit::Register(_) => &schema.indicator_return,
        Fit::Return(..) => &schema.risk_register,
        Fit::Definitions(_) => return None,
    };
    let year = match fit {
        Fit::Return(.., year) => *year,
        _ => year,
    };
    let (start, found) = table_below(grid, header, template, other, schema, year)?;
    let (found_header, _) = found.header(schema);
    let scored = ["likelihood", "impact", "score"].iter().any(|field| {
        found_header
            .column_of(&schema.risk_register, field)
            .is_some()
    });
    match &found {
        Fit::Register(_) if !scored => None,
        _ => Some((start, found)),
    }
}

/// Where a table fitting `find` starts below `header` (of `template`), and its fit: see
/// [`second_table`] and [`other_table`].
fn table_below(
    grid: &Grid,
    header: &Header,
    template: &TemplateSchema,
    find: &TemplateSchema,
    schema: &Schema,
    year: i32,
) -> Option<(u32, Fit)> {
    let same = std::ptr::eq(template, find);
    let below: Vec<&grid::GridRow> = grid
        .rows
        .iter()
        .filter(|row| row.index > header.last_row)
        .collect();
    let (position, found) = below.iter().enumerate().find_map(|(position, row)| {
        let words = row
            .cells
            .iter()
            .filter(|(_, v)| v.as_text().is_some())
            .count();
        let figures = row.cells.iter().any(|(_, v)| match v {
            grid::Value::Number(_) | grid::Value::DateTime(_) => true,
            grid::Value::Text(text) => values::number_from_text(text).is_some(),
            _ => false,
        });
        if words < find.template.min_fields || figures || header.repeated_word_for_word(row) {
            return None;
        }
        let rows = header::HeaderRows::at(grid, row.index);
        let found =
            header::find_header(grid, &rows, find).filter(|found| found.first_row == row.index)?;
        // Another kind's header matches more of its fields than of this kind's.
        if !same
            && header::find_header(grid, &rows, template)
                .filter(|own| own.first_row == row.index)
                .is_some_and(|own| own.slots.len() >= found.slots.len())
        {
            return None;
        }
        Some((position, found))
    })?;
    // Rows of one cell just above it are its titles where a blank row parts them from
    // the table above: without one, such a row may be that table's last risk, begun.
    let lone = below[..position]
        .iter()
        .rev()
        .take_while(|row| row.cells.iter().filter(|(_, v)| !v.is_blank()).count() <= 1)
        .count();
    let first_title = position - lone;
    let parted = first_title == 0
        || below[first_title - 1].index + 1 < below[first_title].index
        || below[first_title - 1].is_blank();
    let start = below[if parted { first_title } else { position }].index;
    let second = if std::ptr::eq(find, &schema.indicator_return) {
        let mut found = found;
        let rest = grid.rows_where(|index| index < header.first_row || index >= start);
        let (layout, year) =
            indicators::return_fit(&rest, &mut found, find, period::ReturnYear::given(year))?;
        Fit::Return(found, layout, year)
    } else {
        Fit::Register(found)
    };
    Some((start, second))
}

/// Rows of a register or definitions library that carry on the record above them
/// unmerged (see [`Grid::carried_on`]): nothing in the fields that make a record one
/// (its ID, title or name, scores and ratings), with how the Ledger says so. Returns
/// are left alone: their rows of targets below actuals are rows of their own.
pub(super) fn carried_on(
    grid: &Grid,
    fit: &Fit,
    schema: &Schema,
) -> (Vec<(u32, u32)>, (&'static str, &'static str)) {
    let (identity_names, how): (&[&str], _) = match fit {
        Fit::Register(_) => (
            &["id", "title", "description", "kind"],
            (
                "its ID and title left blank",
                "its ID and title written again",
            ),
        ),
        Fit::Definitions(_) => (
            &["id", "name"],
            (
                "its ID and name left blank",
                "its ID and name written again",
            ),
        ),
        Fit::Return(..) => return (Vec::new(), ("", "")),
    };
    let (header, template) = fit.header(schema);
    let notes = &schema.framework.notes;
    let mut identity = Vec::new();
    let mut columns = Vec::new();
    for (slot, &column) in &header.slots {
        let field = &template.fields[slot.field];
        let scoring = matches!(
            field.field_type,
            FieldType::Likelihood | FieldType::Impact | FieldType::Score | FieldType::Rating
        );
        if scoring || identity_names.contains(&field.name.as_str()) {
            identity.push(column);
        }
        columns.push(column);
    }
    if identity.is_empty() {
        return (Vec::new(), how);
    }
    let details = matches!(fit, Fit::Register(_));
    let carried = grid.carried_on(header.last_row, &identity, &columns, |row| {
        register::note_row(row, notes).is_none()
            && register::totals_row(row, true).is_none()
            && !header.repeated_in(row)
            && !(details && register::details_row(row, header, template))
    });
    (carried, how)
}

/// The column of a template's ID field in a header.
pub(super) fn key_column(header: &Header, template: &TemplateSchema) -> Option<u32> {
    header.column_of(template, "id")
}
