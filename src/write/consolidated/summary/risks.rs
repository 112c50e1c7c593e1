//! The Summary's sections of risks: counts by band and by service, the top risks, and
//! those on the register needing attention.

use super::{COLUMN_WIDTHS, by_service, more_line, section, write_none, write_service_rows};
use crate::merge::{Consolidation, MergedRisk};
use crate::model::Kind;
use crate::schema::{Band, Framework};
use crate::write::formats::Formats;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// How many top risks the Summary lists.
pub const TOP_RISKS: usize = 10;

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

pub(super) fn write_bands(
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

pub(super) fn write_services(
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

/// Most risks needing attention the Summary lists; the Findings sheet names them all.
const ATTENTION: usize = 20;

/// The register's open risks with a finding a lead chases
/// ([`Consolidation::needing_attention`]), in the Register's order.
pub(super) fn write_attention(
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
        return write_none(
            sheet,
            row,
            "None: every risk on the register has its actions in hand and its review up to date.",
        );
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
        crate::write::consolidated::table::fit_row(
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

pub(super) fn write_top(
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
