//! The Summary sheet: the reporting date, inputs, counts by band and by service,
//! indicators by RAG, the golden thread by corporate priority, the top risks, and the
//! error and warning counts.

use crate::merge::{Consolidation, Direction, Level, MergedIndicator, MergedRisk};
use crate::model::{Citation, Kind, Rag};
use crate::read::grid::format_number;
use crate::schema::{Band, Framework};
use crate::write::formats::{Formats, excel_date, write_figure_or_words};
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::collections::BTreeMap;

/// The Summary's column widths, in characters: each section's columns share them.
const COLUMN_WIDTHS: [f64; 8] = [50.0, 14.0, 30.0, 14.0, 14.0, 30.0, 14.0, 14.0];

/// How many top risks the Summary lists.
pub const TOP_RISKS: usize = 10;

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
    let mut row = 4 + facts.len() as u32;
    // Each section's first row and the row after its last, for the page breaks.
    let mut sections = vec![(0, row)];
    let mut next = |row: &mut u32, end: u32| {
        sections.push((*row, end));
        *row = end + 1;
    };
    if let Some(end) = write_chase(sheet, row, consolidation, formats)? {
        next(&mut row, end);
    }
    let end = write_bands(sheet, row, consolidation, framework, formats)?;
    next(&mut row, end);
    let end = write_services(sheet, row, consolidation, framework, formats)?;
    next(&mut row, end);
    let latest = super::latest_reported(&consolidation.indicators);
    let end = write_indicator_rags(sheet, row, &latest, formats)?;
    next(&mut row, end);
    let end = write_indicator_services(sheet, row, &latest, formats)?;
    next(&mut row, end);
    if !consolidation.plan.is_empty() {
        let end = write_priorities(sheet, row, consolidation, &latest, formats)?;
        next(&mut row, end);
    }
    let end = write_off_target(sheet, row, &latest, consolidation.as_of, formats)?;
    next(&mut row, end);
    let end = write_worsening(sheet, row, &consolidation.indicators, formats)?;
    next(&mut row, end);
    if let Some(changes) = &consolidation.changes {
        sheet.write_string_with_format(row, 0, "Since last period", &formats.label)?;
        let mut end = row + 1;
        for (category, count) in crate::merge::changes::counts(changes) {
            sheet.write_string(end, 0, category.label())?;
            sheet.write_number(end, 1, count as f64)?;
            end += 1;
        }
        next(&mut row, end);
    }
    let end = write_top(sheet, row, register, framework, formats)?;
    next(&mut row, end);
    let end = write_attention(sheet, row, consolidation, register, framework, formats)?;
    next(&mut row, end);
    sheet.set_page_breaks(&page_breaks(&sections, ROWS_PER_PAGE))?;
    Ok(())
}

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
/// not be read, registers completed for an earlier period, and, with last period
/// given, services that sent none this period. The row after the section, or `None`
/// where there is none to chase.
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
    for register in &consolidation.out_of_date {
        chase.push((
            format!("{} \u{203a} {}", register.file, register.sheet),
            "",
            format!(
                "Completed for {}, an earlier period: ask for the current one",
                register.written
            ),
        ));
    }
    for group in &consolidation.no_return {
        chase.push((
            group.file.clone(),
            group.service.as_str(),
            "Last period's return: nothing from the service this period".to_string(),
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

/// Whether a risk's current score is in `band`, or with `None`, is not scored.
fn counted_in(merged: &MergedRisk, band: Option<&Band>, framework: &Framework) -> bool {
    match band {
        Some(band) => merged
            .current_score
            .and_then(|s| framework.band_of(s))
            .is_some_and(|b| b.name == band.name),
        None => merged.current_score.is_none(),
    }
}

fn write_bands(
    sheet: &mut Worksheet,
    top: u32,
    consolidation: &Consolidation,
    framework: &Framework,
    formats: &Formats,
) -> Result<u32, XlsxError> {
    section(
        sheet,
        top,
        "Open risks and opportunities by current band (all read)",
        &["Band", "Risks", "Opportunities"],
        |i| i > 0,
        formats,
    )?;
    let open: Vec<&MergedRisk> = consolidation
        .risks
        .iter()
        .filter(|m| !m.risk.closed)
        .collect();
    let mut row = top + 2;
    // The bands, highest first, then a line for those not scored.
    for band in framework.bands.iter().rev().map(Some).chain([None]) {
        match band {
            Some(band) => sheet.write_string_with_format(
                row,
                0,
                format!("{} ({}-{})", band.name, band.min, band.max),
                formats.band(band, false),
            )?,
            None => sheet.write_string_with_format(row, 0, "Not scored", &formats.text)?,
        };
        for (column, kind) in [(1u16, Kind::Risk), (2, Kind::Opportunity)] {
            let count = open
                .iter()
                .filter(|m| m.risk.kind == kind && counted_in(m, band, framework))
                .count();
            sheet.write_number_with_format(row, column, count as f64, &formats.number)?;
        }
        row += 1;
    }
    Ok(row)
}

fn write_services(
    sheet: &mut Worksheet,
    top: u32,
    consolidation: &Consolidation,
    framework: &Framework,
    formats: &Formats,
) -> Result<u32, XlsxError> {
    let mut headings = vec!["Directorate / service"];
    headings.extend(framework.bands.iter().map(|b| b.name.as_str()));
    headings.extend(["Not scored", "Total"]);
    section(
        sheet,
        top,
        "Open risks by service and current band",
        &headings,
        |i| i > 0,
        formats,
    )?;
    let open = consolidation
        .risks
        .iter()
        .filter(|m| !m.risk.closed && m.risk.kind == Kind::Risk);
    let by_service = by_service(open, |m| {
        (m.risk.directorate.as_deref(), m.risk.service.as_deref())
    });
    // A column per band, then "Not scored".
    write_service_rows(sheet, top + 2, &by_service, formats, |risks| {
        framework
            .bands
            .iter()
            .map(Some)
            .chain([None])
            .map(|band| {
                risks
                    .iter()
                    .filter(|m| counted_in(m, band, framework))
                    .count()
            })
            .collect()
    })
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

/// The RAGs counted, in order, with their labels.
const RAGS: [(&str, Option<Rag>); 4] = [
    ("Red", Some(Rag::Red)),
    ("Amber", Some(Rag::Amber)),
    ("Green", Some(Rag::Green)),
    ("No RAG (no target or polarity)", None),
];

/// Each indicator series' latest reported period, counted by its computed RAG.
fn write_indicator_rags(
    sheet: &mut Worksheet,
    top: u32,
    latest: &[&MergedIndicator],
    formats: &Formats,
) -> Result<u32, XlsxError> {
    section(
        sheet,
        top,
        "Indicators by RAG (latest period reported)",
        &["RAG", "Indicators", "Statutory"],
        |i| i > 0,
        formats,
    )?;
    let mut row = top + 2;
    let fills = [
        Some(&formats.rag_red),
        Some(&formats.rag_amber),
        Some(&formats.rag_green),
        None,
    ];
    for ((label, rag), fill) in RAGS.into_iter().zip(fills) {
        match fill {
            Some(fill) => sheet.write_string_with_format(row, 0, label, fill)?,
            None => sheet.write_string(row, 0, label)?,
        };
        let matching = latest.iter().filter(|m| m.rag_counted() == rag);
        let statutory = matching.clone().filter(|m| m.statutory).count();
        sheet.write_number_with_format(row, 1, matching.count() as f64, &formats.number)?;
        sheet.write_number_with_format(row, 2, statutory as f64, &formats.number)?;
        row += 1;
    }
    Ok(row)
}

/// Each service's indicator series by the RAG of their latest reported period.
fn write_indicator_services(
    sheet: &mut Worksheet,
    top: u32,
    latest: &[&MergedIndicator],
    formats: &Formats,
) -> Result<u32, XlsxError> {
    section(
        sheet,
        top,
        "Indicators by service and RAG (latest period reported)",
        &[
            "Directorate / service",
            "Red",
            "Amber",
            "Green",
            "No RAG",
            "Total",
        ],
        |i| i > 0,
        formats,
    )?;
    let by_service = by_service(latest.iter().copied(), |m| {
        (m.value.directorate.as_deref(), m.value.service.as_deref())
    });
    write_service_rows(sheet, top + 2, &by_service, formats, |indicators| {
        RAGS.iter()
            .map(|(_, rag)| {
                indicators
                    .iter()
                    .filter(|m| m.rag_counted() == *rag)
                    .count()
            })
            .collect()
    })
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

/// Most risks needing attention the Summary lists; the Findings sheet names them all.
const ATTENTION: usize = 20;

/// The register's open risks with a finding a lead chases
/// ([`Consolidation::needing_attention`]), in the Register's order.
fn write_attention(
    sheet: &mut Worksheet,
    top: u32,
    consolidation: &Consolidation,
    register: &[&MergedRisk],
    framework: &Framework,
    formats: &Formats,
) -> Result<u32, XlsxError> {
    section(
        sheet,
        top,
        "Risks on the register needing attention",
        &["Title", "ID", "Service", "Score", "Rating", "Needs"],
        |i| i == 3,
        formats,
    )?;
    let flagged: Vec<(&MergedRisk, String)> = consolidation
        .needing_attention(register)
        .into_iter()
        .map(|(merged, needs)| (merged, needs.join("; ")))
        .collect();
    let mut row = top + 2;
    if flagged.is_empty() {
        sheet.write_string(
            row,
            0,
            "None: every risk on the register has its actions in hand and its review up to date.",
        )?;
        return Ok(row + 1);
    }
    for (merged, need) in flagged.iter().take(ATTENTION) {
        let risk = &merged.risk;
        for (column, value) in [(0u16, &risk.title), (1, &risk.id), (2, &risk.service)] {
            if let Some(value) = value {
                sheet.write_string_with_format(row, column, value.as_str(), &formats.text)?;
            }
        }
        write_score(sheet, row, merged, framework, formats)?;
        sheet.write_string_with_format(row, 5, need, &formats.text)?;
        super::table::fit_row(
            sheet,
            row,
            &[
                (risk.title.as_deref().unwrap_or_default(), COLUMN_WIDTHS[0]),
                (need, COLUMN_WIDTHS[5]),
            ],
        )?;
        row += 1;
    }
    more_line(
        sheet,
        row,
        flagged.len(),
        ATTENTION,
        "the Findings sheet names each",
    )
}

/// The title and headings of a section of indicators' rows (`write_indicator_row`),
/// its sixth column headed `note`.
fn indicator_section(
    sheet: &mut Worksheet,
    top: u32,
    title: &str,
    note: &str,
    formats: &Formats,
) -> Result<(), XlsxError> {
    section(
        sheet,
        top,
        title,
        &[
            "Indicator",
            "Period",
            "Service",
            "Target",
            "Actual",
            note,
            "RAG",
        ],
        |i| i == 3 || i == 4,
        formats,
    )
}

/// One indicator's row of an indicator section of the Summary: its ID and name,
/// period, service, target, actual, `note` (its commentary, or its figures before)
/// and RAG.
fn write_indicator_row(
    sheet: &mut Worksheet,
    row: u32,
    merged: &MergedIndicator,
    note: Option<&str>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let value = &merged.value;
    let name = [value.id.as_deref(), value.name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    sheet.write_string_with_format(row, 0, &name, &formats.text)?;
    if let Some(period) = value.period {
        sheet.write_string_with_format(row, 1, period.to_string(), &formats.text)?;
    }
    if let Some(service) = &value.service {
        sheet.write_string_with_format(row, 2, service.as_ref(), &formats.text)?;
    }
    for (column, field, number) in [(3u16, "target", value.target), (4, "actual", value.actual)] {
        write_figure_or_words(
            sheet,
            (row, column),
            number,
            value.written(field),
            Some(&formats.decimal),
            formats,
        )?;
    }
    if let Some(note) = note {
        sheet.write_string_with_format(row, 5, note, &formats.text)?;
    }
    if let Some(rag) = merged.rag_counted() {
        let fill = super::indicators::rag_format(formats, rag);
        sheet.write_string_with_format(row, 6, rag.label(), fill)?;
    }
    super::table::fit_row(
        sheet,
        row,
        &[
            (&name, COLUMN_WIDTHS[0]),
            (note.unwrap_or_default(), COLUMN_WIDTHS[5]),
        ],
    )
}

/// Periods running an indicator must have worsened in to be listed as worsening.
const WORSENING_RUN: usize = 3;

/// Each series whose actual worsened (by its polarity) from each reported period to the
/// next, over its last `WORSENING_RUN` periods reported: with the figures over them.
fn worsening_series(indicators: &[MergedIndicator]) -> Vec<Vec<&MergedIndicator>> {
    super::series_ranges(indicators)
        .into_iter()
        .filter_map(|(start, end)| {
            let reported: Vec<&MergedIndicator> = indicators[start..=end]
                .iter()
                .filter(|m| m.value.actual.is_some())
                .collect();
            let run = reported.get(reported.len().checked_sub(WORSENING_RUN + 1)?..)?;
            run[1..]
                .iter()
                .all(|m| m.direction == Some(Direction::Worsening))
                .then(|| run.to_vec())
        })
        .collect()
}

/// The indicators worsening period after period: a decline a performance report
/// names before it turns red.
fn write_worsening(
    sheet: &mut Worksheet,
    top: u32,
    indicators: &[MergedIndicator],
    formats: &Formats,
) -> Result<u32, XlsxError> {
    indicator_section(
        sheet,
        top,
        "Worsening three periods running (to the latest period reported)",
        "The periods before it",
        formats,
    )?;
    let worsening = worsening_series(indicators);
    let mut row = top + 2;
    if worsening.is_empty() {
        sheet.write_string(
            row,
            0,
            "None: no indicator worsened in each of its last three periods reported.",
        )?;
        return Ok(row + 1);
    }
    for run in worsening.iter().take(OFF_TARGET) {
        let Some((latest, before)) = run.split_last() else {
            continue;
        };
        // "Jul 2026: 91; Aug 2026: 84; Sep 2026: 80"
        let earlier = before
            .iter()
            .map(|m| {
                let period = m.value.period.map(|p| p.to_string()).unwrap_or_default();
                let actual = m.value.actual.map(format_number).unwrap_or_default();
                format!("{period}: {actual}")
            })
            .collect::<Vec<_>>()
            .join("; ");
        write_indicator_row(sheet, row, latest, Some(&earlier), formats)?;
        row += 1;
    }
    more_line(
        sheet,
        row,
        worsening.len(),
        OFF_TARGET,
        "filter the Indicators sheet's direction of travel for them",
    )
}

/// Most indicators off target the Summary lists; the rest are on the Indicators sheet.
const OFF_TARGET: usize = 20;

/// The exceptions a performance report leads with: each indicator series whose latest
/// reported period is red or amber, red first, with its figures and commentary.
fn write_off_target(
    sheet: &mut Worksheet,
    top: u32,
    latest: &[&MergedIndicator],
    as_of: chrono::NaiveDate,
    formats: &Formats,
) -> Result<u32, XlsxError> {
    indicator_section(
        sheet,
        top,
        "Off target: red and amber indicators, and milestones past their date (latest period reported)",
        "Commentary or action",
        formats,
    )?;
    // A milestone past its date, not achieved, whatever RAG its return gives.
    let late = |m: &MergedIndicator| m.milestone_late(as_of);
    let mut off: Vec<&&MergedIndicator> = latest
        .iter()
        .filter(|m| matches!(m.rag_counted(), Some(Rag::Red | Rag::Amber)) || late(m))
        .collect();
    // Red first; within each, in the order of the Indicators sheet.
    off.sort_by_key(|m| m.rag_counted() != Some(Rag::Red));
    let mut row = top + 2;
    if off.is_empty() {
        sheet.write_string(
            row,
            0,
            "None: every indicator with a RAG is on target, and no milestone is past its date.",
        )?;
        return Ok(row + 1);
    }
    for merged in off.iter().take(OFF_TARGET) {
        let value = &merged.value;
        let remark = value.commentary.as_deref().or(value.action.as_deref());
        let remark = match (late(merged), remark) {
            (true, Some(remark)) => Some(format!("Past its date. {remark}")),
            (true, None) => Some("Past its date.".to_string()),
            (false, remark) => remark.map(str::to_string),
        };
        write_indicator_row(sheet, row, merged, remark.as_deref(), formats)?;
        row += 1;
    }
    more_line(
        sheet,
        row,
        off.len(),
        OFF_TARGET,
        "filter the Indicators sheet's RAG for them",
    )
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

fn write_top(
    sheet: &mut Worksheet,
    top: u32,
    register: &[&MergedRisk],
    framework: &Framework,
    formats: &Formats,
) -> Result<u32, XlsxError> {
    section(
        sheet,
        top,
        &format!("Top {TOP_RISKS} on the register by current score"),
        &["Title", "ID", "Service", "Score", "Rating", "Owner"],
        |i| i == 3,
        formats,
    )?;
    for (i, merged) in register.iter().take(TOP_RISKS).enumerate() {
        let row = top + 2 + i as u32;
        let risk = &merged.risk;
        for (column, value) in [
            (0u16, &risk.title),
            (1, &risk.id),
            (2, &risk.service),
            (5, &risk.owner),
        ] {
            if let Some(value) = value {
                sheet.write_string(row, column, value)?;
            }
        }
        write_score(sheet, row, merged, framework, formats)?;
    }
    Ok(top + 2 + register.len().min(TOP_RISKS) as u32)
}

/// A risk's current score in column D and its band, filled in the band's colour, in E.
fn write_score(
    sheet: &mut Worksheet,
    row: u32,
    merged: &MergedRisk,
    framework: &Framework,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let Some(score) = merged.current_score else {
        return Ok(());
    };
    sheet.write_number_with_format(row, 3, score, &formats.number)?;
    if let Some(band) = framework.band_of(score) {
        let opportunity = merged.risk.kind == Kind::Opportunity;
        sheet.write_string_with_format(row, 4, &band.name, formats.band(band, opportunity))?;
    }
    Ok(())
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
