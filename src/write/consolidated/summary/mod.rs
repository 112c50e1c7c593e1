//! The Summary sheet: the reporting date, inputs, counts by band and by service,
//! indicators by RAG, the golden thread by corporate priority, the top risks, and the
//! error and warning counts.

mod indicators;
mod risks;

use crate::check::register::Dated;
use crate::merge::{Consolidation, Level, MergedIndicator, MergedRisk};
use crate::model::{Citation, Kind, Rag};
use crate::schema::Framework;
use crate::write::formats::{Formats, excel_date};
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::collections::BTreeMap;

/// The Summary's column widths, in characters: each section's columns share them.
const COLUMN_WIDTHS: [f64; 8] = [50.0, 14.0, 30.0, 14.0, 14.0, 30.0, 14.0, 14.0];

/// Write the Summary; `register` is the Register's risks in its order.
pub fn write_summary(
    sheet: &mut Worksheet,
    consolidation: &Consolidation,
    register: &[&MergedRisk],
    framework: &Framework,
    formats: &Formats,
) -> Result<(), XlsxError> {
    super::table::page_setup(sheet, None)?;
    for (column, width) in COLUMN_WIDTHS.iter().enumerate() {
        sheet.set_column_width(column as u16, *width)?;
    }
    let mut row = write_facts(sheet, consolidation, framework, formats)?;
    // Each section's first row and the row after its last, for the page breaks.
    let mut sections = vec![(0, row)];
    let mut next = |row: &mut u32, end: u32| {
        sections.push((*row, end));
        *row = end + 1;
    };
    if let Some(end) = write_chase(sheet, row, consolidation, formats)? {
        next(&mut row, end);
    }
    let end = risks::write_bands(sheet, row, consolidation, framework, formats)?;
    next(&mut row, end);
    let end = risks::write_services(sheet, row, consolidation, framework, formats)?;
    next(&mut row, end);
    let latest = super::latest_reported(&consolidation.indicators);
    let end = indicators::write_indicator_rags(sheet, row, &latest, formats)?;
    next(&mut row, end);
    let end = indicators::write_indicator_services(sheet, row, &latest, formats)?;
    next(&mut row, end);
    if !consolidation.plan.is_empty() {
        let end = write_priorities(sheet, row, consolidation, &latest, formats)?;
        next(&mut row, end);
    }
    let end = indicators::write_off_target(sheet, row, &latest, consolidation.as_of, formats)?;
    next(&mut row, end);
    let end = indicators::write_worsening(sheet, row, &consolidation.indicators, formats)?;
    next(&mut row, end);
    if let Some(changes) = &consolidation.changes {
        let end = write_changes(sheet, row, changes, formats)?;
        next(&mut row, end);
    }
    let end = risks::write_top(sheet, row, register, framework, formats)?;
    next(&mut row, end);
    let end = risks::write_attention(sheet, row, consolidation, register, framework, formats)?;
    next(&mut row, end);
    sheet.set_page_breaks(&page_breaks(&sections, ROWS_PER_PAGE))?;
    Ok(())
}

/// The sheet's title, the reporting date and the run's facts (files, risks, escalated,
/// errors and warnings), a row each; the row after the blank one below them.
fn write_facts(
    sheet: &mut Worksheet,
    consolidation: &Consolidation,
    framework: &Framework,
    formats: &Formats,
) -> Result<u32, XlsxError> {
    let title = format!(
        "{} risk register: consolidated returns",
        consolidation.level.label()
    );
    sheet.write_string_with_format(0, 0, &title, &formats.title)?;
    let tally = consolidation.tally();
    let risks = consolidation
        .risks
        .iter()
        .filter(|m| m.risk.kind == Kind::Risk)
        .count();
    let directorate = format!(
        "Open risks reaching directorate (score {}+)",
        framework.escalation.directorate
    );
    let corporate = format!(
        "Open risks reaching corporate (score {}+)",
        framework.escalation.corporate
    );
    let facts: Vec<(&str, f64)> = vec![
        ("Input files", consolidation.files.len() as f64),
        (
            "Files that could not be read",
            consolidation.unreadable_files.len() as f64,
        ),
        ("Risks read", risks as f64),
        (
            "Opportunities read",
            (consolidation.risks.len() - risks) as f64,
        ),
        (
            "On this register",
            consolidation.on_register().count() as f64,
        ),
        (
            &directorate,
            consolidation.reaching(Level::Directorate) as f64,
        ),
        (&corporate, consolidation.reaching(Level::Corporate) as f64),
        ("Errors", tally.errors as f64),
        ("Warnings", tally.warnings as f64),
    ];
    sheet.write_string_with_format(2, 0, "Reporting date", &formats.label)?;
    sheet.write_datetime_with_format(2, 1, excel_date(consolidation.as_of)?, &formats.date)?;
    for (i, (label, value)) in facts.iter().enumerate() {
        let row = 3 + i as u32;
        sheet.write_string_with_format(row, 0, *label, &formats.label)?;
        let format = match *label {
            "Errors" if *value > 0.0 => &formats.error,
            "Warnings" if *value > 0.0 => &formats.warning,
            _ => &formats.number,
        };
        sheet.write_number_with_format(row, 1, *value, format)?;
    }
    Ok(4 + facts.len() as u32)
}

/// How many risks changed since last period, by how: a row each under its title, from
/// `row`; the row after the last.
fn write_changes(
    sheet: &mut Worksheet,
    row: u32,
    changes: &[crate::merge::changes::RiskChange],
    formats: &Formats,
) -> Result<u32, XlsxError> {
    sheet.write_string_with_format(row, 0, "Since last period", &formats.label)?;
    let mut end = row + 1;
    for (category, count) in crate::merge::changes::counts(changes) {
        sheet.write_string(end, 0, category.label())?;
        sheet.write_number(end, 1, count as f64)?;
        end += 1;
    }
    Ok(end)
}

/// The RAGs counted, in order, with their labels.
const RAGS: [(&str, Option<Rag>); 4] = [
    ("Red", Some(Rag::Red)),
    ("Amber", Some(Rag::Amber)),
    ("Green", Some(Rag::Green)),
    ("No RAG (no target or polarity)", None),
];

/// Rows of the Summary a printed page holds: A4 landscape, one page wide (the sheet's
/// width scales it to about four fifths), at Excel's and LibreOffice's row heights,
/// with a few to spare.
const ROWS_PER_PAGE: u32 = 40;

/// Rows to break the printed pages before, so that a section (each `(first, end)`,
/// `end` the row after its last) that would run over the foot of a page starts the
/// next one instead. A section longer than a page runs on over as many as it needs.
fn page_breaks(sections: &[(u32, u32)], per_page: u32) -> Vec<u32> {
    let mut breaks = Vec::new();
    let mut page_top = 0;
    for &(first, end) in sections {
        if end - page_top > per_page && first > page_top {
            breaks.push(first);
            page_top = first;
        }
        while end - page_top > per_page {
            page_top += per_page;
        }
    }
    breaks
}

/// A section's title on row `top` and its column headings on the row below; those of
/// the `numeric` columns right-aligned over their numbers.
fn section(
    sheet: &mut Worksheet,
    top: u32,
    title: &str,
    headings: &[&str],
    numeric: impl Fn(usize) -> bool,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(top, 0, title, &formats.label)?;
    for (i, heading) in headings.iter().enumerate() {
        let format = if numeric(i) {
            &formats.header_number
        } else {
            &formats.header
        };
        sheet.write_string_with_format(top + 1, i as u16, *heading, format)?;
    }
    Ok(())
}

/// The returns a lead has to ask for again, where there are any: those that could
/// not be read, registers and indicator returns completed for an earlier period or a
/// later, with last period given services that sent none this period, and those with
/// errors to correct. The row after the section, or `None` where there is none to chase.
fn write_chase(
    sheet: &mut Worksheet,
    top: u32,
    consolidation: &Consolidation,
    formats: &Formats,
) -> Result<Option<u32>, XlsxError> {
    let mut chase: Vec<(String, &str, String)> = Vec::new();
    for file in &consolidation.unreadable_files {
        chase.push((
            file.clone(),
            "",
            "Could not be read (the Findings sheet says why): ask for it again".to_string(),
        ));
    }
    // Those of an earlier period, then those of a later, as the screen lists them.
    let mut misdated: Vec<_> = consolidation.dated_apart.iter().collect();
    misdated.sort_by_key(|apart| apart.dated == Dated::After);
    for apart in misdated {
        let why = match apart.dated {
            Dated::Before => format!(
                "Completed for {}, an earlier period: ask for the current one",
                apart.written
            ),
            Dated::After => format!(
                "Completed for {}, a later period: is it this period's?",
                apart.written
            ),
        };
        chase.push((format!("{} \u{203a} {}", apart.file, apart.sheet), "", why));
    }
    for group in &consolidation.no_return {
        chase.push((
            group.file.clone(),
            group.service.as_str(),
            "Last period's return: nothing from the service this period".to_string(),
        ));
    }
    let with_errors = consolidation.returns_with_errors();
    for with in &with_errors {
        let why = if with.errors == 1 {
            "1 error to correct: the Findings sheet lists it".to_string()
        } else {
            format!(
                "{} errors to correct: the Findings sheet lists them",
                with.errors
            )
        };
        chase.push((
            with.file.clone(),
            with.service.as_deref().unwrap_or_default(),
            why,
        ));
    }
    if chase.is_empty() {
        return Ok(None);
    }
    section(
        sheet,
        top,
        "Returns to chase",
        &["Return", "Service", "Why"],
        |_| false,
        formats,
    )?;
    let mut row = top + 2;
    for (file, service, why) in &chase {
        sheet.write_string_with_format(row, 0, file, &formats.text)?;
        if !service.is_empty() {
            sheet.write_string_with_format(row, 1, *service, &formats.text)?;
        }
        sheet.write_string_with_format(row, 2, why, &formats.text)?;
        super::table::fit_row(
            sheet,
            row,
            &[
                (file, COLUMN_WIDTHS[0]),
                (service, COLUMN_WIDTHS[1]),
                (why, COLUMN_WIDTHS[2]),
            ],
        )?;
        row += 1;
    }
    Ok(Some(row))
}

/// Items by their (directorate, service), each named where it is not given.
fn by_service<'a, T>(
    items: impl Iterator<Item = &'a T>,
    place: impl Fn(&T) -> (Option<&str>, Option<&str>),
) -> BTreeMap<(String, String), Vec<&'a T>> {
    let mut groups: BTreeMap<(String, String), Vec<&T>> = BTreeMap::new();
    for item in items {
        let (directorate, service) = place(item);
        let key = (
            directorate.unwrap_or("(directorate not given)").to_string(),
            service.unwrap_or("(service not given)").to_string(),
        );
        groups.entry(key).or_default().push(item);
    }
    groups
}

/// A row per service from `row`: "directorate / service", its `counts`, and how many
/// it has in all. Returns the row after the last.
fn write_service_rows<T>(
    sheet: &mut Worksheet,
    mut row: u32,
    groups: &BTreeMap<(String, String), Vec<&T>>,
    formats: &Formats,
    counts: impl Fn(&[&T]) -> Vec<usize>,
) -> Result<u32, XlsxError> {
    for ((directorate, service), items) in groups {
        sheet.write_string_with_format(
            row,
            0,
            format!("{directorate} / {service}"),
            &formats.label,
        )?;
        let counts = counts(items);
        for (i, count) in counts.iter().enumerate() {
            sheet.write_number_with_format(row, 1 + i as u16, *count as f64, &formats.number)?;
        }
        let total_column = 1 + counts.len() as u16;
        sheet.write_number_with_format(row, total_column, items.len() as f64, &formats.number)?;
        row += 1;
    }
    Ok(row)
}

/// The golden thread: per priority of the corporate plan, the open risks citing it (and
/// those of them on this register) and the indicators citing it by the RAG of their
/// latest period reported; then those citing a priority not in the plan, and those
/// citing none. One citing several priorities counts under each.
fn write_priorities(
    sheet: &mut Worksheet,
    top: u32,
    consolidation: &Consolidation,
    latest: &[&MergedIndicator],
    formats: &Formats,
) -> Result<u32, XlsxError> {
    section(
        sheet,
        top,
        "Corporate priorities: the golden thread (one citing several priorities counts under each)",
        &[
            "Corporate priority",
            "Open risks",
            "On this register",
            "Indicators",
            "Red",
            "Amber",
            "Green",
            "No RAG",
        ],
        |i| i > 0,
        formats,
    )?;
    let plan = &consolidation.plan;
    // Each citation's lines: the plan's priorities it names, else "not in the plan",
    // else (none given) "none cited".
    let not_in_plan = plan.names().len();
    let none_cited = not_in_plan + 1;
    let lines_of = |priority: Option<&str>| match plan.citation(priority) {
        Citation::Priorities(cited) => cited,
        Citation::NotInPlan => vec![not_in_plan],
        Citation::None => vec![none_cited],
    };
    let mut risks = vec![(0usize, 0usize); none_cited + 1];
    for merged in consolidation
        .risks
        .iter()
        .filter(|m| !m.risk.closed && m.risk.kind == Kind::Risk)
    {
        for line in lines_of(merged.risk.priority.as_deref()) {
            risks[line].0 += 1;
            risks[line].1 += usize::from(merged.on_register);
        }
    }
    let mut indicators = vec![[0usize; 4]; none_cited + 1];
    for merged in latest {
        let rag = RAGS
            .iter()
            .position(|(_, rag)| *rag == merged.rag_counted());
        for line in lines_of(merged.value.priority.as_deref()) {
            if let Some(rag) = rag {
                indicators[line][rag] += 1;
            }
        }
    }
    let labels = plan
        .names()
        .iter()
        .map(String::as_str)
        .chain(["A priority not in the plan", "No priority cited"]);
    let mut row = top + 2;
    for (line, label) in labels.enumerate() {
        let (open, on_register) = risks[line];
        let rags = indicators[line];
        let cited = open + rags.iter().sum::<usize>();
        // The plan's own priorities always; the other two lines only where something
        // falls under them.
        if line >= not_in_plan && cited == 0 {
            continue;
        }
        sheet.write_string_with_format(row, 0, label, &formats.label)?;
        let figures = [open, on_register, rags.iter().sum()]
            .into_iter()
            .chain(rags);
        for (column, figure) in figures.enumerate() {
            sheet.write_number_with_format(
                row,
                1 + column as u16,
                figure as f64,
                &formats.number,
            )?;
        }
        row += 1;
    }
    Ok(row)
}

/// An empty list's one line, `words` ("None: ..."), on `row`; the row after it.
fn write_none(sheet: &mut Worksheet, row: u32, words: &str) -> Result<u32, XlsxError> {
    sheet.write_string(row, 0, words)?;
    Ok(row + 1)
}

/// Under a list cut at `shown` of `total`: "and 5 more: where to find them", on `row`.
/// The row after it (or `row`, where nothing was cut).
fn more_line(
    sheet: &mut Worksheet,
    row: u32,
    total: usize,
    shown: usize,
    where_: &str,
) -> Result<u32, XlsxError> {
    if total <= shown {
        return Ok(row);
    }
    sheet.write_string(row, 0, format!("and {} more: {where_}.", total - shown))?;
    Ok(row + 1)
}

#[cfg(test)]
mod tests {
    use super::page_breaks;

    #[test]
    fn a_section_that_would_run_over_a_page_starts_the_next() {
        // Sections of 13, 8, 11, 7 and 9 rows, a blank row between: the fourth ends at
        // row 42, past a page of 40, so the page breaks before it.
        let sections = [(0, 13), (14, 22), (23, 34), (35, 42), (43, 52)];
        assert_eq!(page_breaks(&sections, 40), [35]);
        // All on one page: no break.
        assert_eq!(page_breaks(&sections[..3], 40), Vec::<u32>::new());
        // A section longer than a page starts a page of its own and runs on over the
        // pages it needs (its last begins at row 91); the one after it goes on that page
        // if it fits, and breaks before itself if it does not.
        assert_eq!(page_breaks(&[(0, 10), (11, 100), (101, 130)], 40), [11]);
        assert_eq!(
            page_breaks(&[(0, 10), (11, 100), (101, 135)], 40),
            [11, 101]
        );
    }
}
