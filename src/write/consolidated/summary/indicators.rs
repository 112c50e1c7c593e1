//! The Summary's sections of indicators: counts by RAG and by service, those off
//! target, and those worsening period after period.

use super::{COLUMN_WIDTHS, RAGS, by_service, more_line, section, write_none, write_service_rows};
use crate::merge::{Direction, MergedIndicator};
use crate::model::Rag;
use crate::read::grid::format_number;
use crate::write::formats::{Formats, write_figure_or_words};
use rust_xlsxwriter::{Worksheet, XlsxError};

/// Each indicator series' latest reported period, counted by its computed RAG.
pub(super) fn write_indicator_rags(
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
pub(super) fn write_indicator_services(
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
        let fill = crate::write::consolidated::indicators::rag_format(formats, rag);
        sheet.write_string_with_format(row, 6, rag.label(), fill)?;
    }
    crate::write::consolidated::table::fit_row(
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
    crate::write::consolidated::series_ranges(indicators)
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
pub(super) fn write_worsening(
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
        return write_none(
            sheet,
            row,
            "None: no indicator worsened in each of its last three periods reported.",
        );
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
pub(super) fn write_off_target(
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
        return write_none(
            sheet,
            row,
            "None: every indicator with a RAG is on target, and no milestone is past its date.",
        );
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
