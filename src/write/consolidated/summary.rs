//! The Summary sheet: the reporting date, inputs, counts by band and by service,
//! the top risks, and the error and warning counts.

use crate::merge::{Consolidation, Level, MergedIndicator, MergedRisk};
use crate::model::{Kind, Rag};
use crate::schema::{Band, Framework};
use crate::write::formats::{Formats, excel_date};
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::collections::BTreeMap;

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
    sheet.set_column_width(0, 50)?;
    for column in 1..=7 {
        sheet.set_column_width(column, 14)?;
    }
    sheet.set_column_width(2, 30)?;
    sheet.set_column_width(5, 30)?;
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
    row = write_bands(sheet, row, consolidation, framework, formats)?;
    row = write_services(sheet, row + 1, consolidation, framework, formats)?;
    let latest = latest_indicators(consolidation);
    row = write_indicator_rags(sheet, row + 1, &latest, formats)?;
    row = write_indicator_services(sheet, row + 1, &latest, formats)?;
    if let Some(changes) = &consolidation.changes {
        sheet.write_string_with_format(row + 1, 0, "Since last period", &formats.label)?;
        row += 2;
        for (category, count) in crate::merge::changes::counts(changes) {
            sheet.write_string(row, 0, category.label())?;
            sheet.write_number(row, 1, count as f64)?;
            row += 1;
        }
    }
    write_top(sheet, row + 1, register, framework, formats)
}

/// A section's title on row `top` and its column headings on the row below.
fn section(
    sheet: &mut Worksheet,
    top: u32,
    title: &str,
    headings: &[&str],
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(top, 0, title, &formats.label)?;
    for (i, heading) in headings.iter().enumerate() {
        sheet.write_string_with_format(top + 1, i as u16, *heading, &formats.header)?;
    }
    Ok(())
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
        formats,
    )?;
    let mut by_service: BTreeMap<(String, String), Vec<&MergedRisk>> = BTreeMap::new();
    for merged in consolidation
        .risks
        .iter()
        .filter(|m| !m.risk.closed && m.risk.kind == Kind::Risk)
    {
        let key = (
            merged
                .risk
                .directorate
                .clone()
                .unwrap_or_else(|| "(directorate not given)".into()),
            merged
                .risk
                .service
                .clone()
                .unwrap_or_else(|| "(service not given)".into()),
        );
        by_service.entry(key).or_default().push(merged);
    }
    let mut row = top + 2;
    for ((directorate, service), risks) in &by_service {
        sheet.write_string_with_format(
            row,
            0,
            format!("{directorate} / {service}"),
            &formats.label,
        )?;
        // A column per band, then "Not scored", then the total.
        let columns = framework.bands.iter().map(Some).chain([None]);
        for (i, band) in columns.enumerate() {
            let count = risks
                .iter()
                .filter(|m| counted_in(m, band, framework))
                .count();
            sheet.write_number_with_format(row, 1 + i as u16, count as f64, &formats.number)?;
        }
        let total_column = 2 + framework.bands.len() as u16;
        sheet.write_number_with_format(row, total_column, risks.len() as f64, &formats.number)?;
        row += 1;
    }
    Ok(row)
}

/// Each indicator series' latest reported period.
fn latest_indicators(consolidation: &Consolidation) -> Vec<&MergedIndicator> {
    super::series_ranges(&consolidation.indicators)
        .into_iter()
        .filter_map(|(start, end)| {
            consolidation.indicators[start..=end]
                .iter()
                .rev()
                .find(|m| m.value.actual.is_some())
        })
        .collect()
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
        let matching = latest.iter().filter(|m| m.rag == rag);
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
    let mut headings = vec!["Directorate / service"];
    headings.extend(["Red", "Amber", "Green", "No RAG", "Total"]);
    section(
        sheet,
        top,
        "Indicators by service and RAG (latest period reported)",
        &headings,
        formats,
    )?;
    let mut by_service: BTreeMap<(&str, &str), Vec<&MergedIndicator>> = BTreeMap::new();
    for merged in latest {
        let key = (
            merged
                .value
                .directorate
                .as_deref()
                .unwrap_or("(directorate not given)"),
            merged
                .value
                .service
                .as_deref()
                .unwrap_or("(service not given)"),
        );
        by_service.entry(key).or_default().push(merged);
    }
    let mut row = top + 2;
    for ((directorate, service), indicators) in &by_service {
        sheet.write_string_with_format(
            row,
            0,
            format!("{directorate} / {service}"),
            &formats.label,
        )?;
        for (i, (_, rag)) in RAGS.into_iter().enumerate() {
            let count = indicators.iter().filter(|m| m.rag == rag).count();
            sheet.write_number_with_format(row, 1 + i as u16, count as f64, &formats.number)?;
        }
        let total = indicators.len() as f64;
        sheet.write_number_with_format(row, 1 + RAGS.len() as u16, total, &formats.number)?;
        row += 1;
    }
    Ok(row)
}

fn write_top(
    sheet: &mut Worksheet,
    top: u32,
    register: &[&MergedRisk],
    framework: &Framework,
    formats: &Formats,
) -> Result<(), XlsxError> {
    section(
        sheet,
        top,
        &format!("Top {TOP_RISKS} on the register by current score"),
        &["Title", "ID", "Service", "Score", "Rating", "Owner"],
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
        if let Some(score) = merged.current_score {
            sheet.write_number_with_format(row, 3, score, &formats.number)?;
            if let Some(band) = framework.band_of(score) {
                sheet.write_string_with_format(
                    row,
                    4,
                    &band.name,
                    formats.band(band, risk.kind == Kind::Opportunity),
                )?;
            }
        }
    }
    Ok(())
}
