//! The consolidated workbook (SPEC section 6): Summary, Heat map, Register, All risks,
//! Findings, Ledger.

mod heatmap;
mod indicators;
mod quality;
mod risks;
mod summary;
pub(crate) mod table;
pub(crate) mod tables;

pub use heatmap::{
    GRID_LEFT, JOURNEY_GRID_TOP, OPPORTUNITY_GRID_TOP, PREVIOUS_GRID_LEFT, RISK_GRID_TOP,
    TARGET_GRID_LEFT,
};
pub use indicators::{COLUMNS as INDICATOR_COLUMNS, MAX_CHARTS, latest_reported, series_ranges};
pub use risks::COLUMNS as RISK_COLUMNS;

use crate::merge::Consolidation;
use crate::schema::Framework;
use crate::write::formats::Formats;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

/// The sheets, in order.
pub const SHEETS: &[&str] = &[
    SUMMARY,
    HEAT_MAP,
    REGISTER,
    ALL_RISKS,
    INDICATORS,
    TRENDS,
    DATA_QUALITY,
    FINDINGS,
    LEDGER,
];

const SUMMARY: &str = "Summary";
const HEAT_MAP: &str = "Heat map";
const REGISTER: &str = crate::read::REGISTER_SHEET;
const ALL_RISKS: &str = crate::read::ALL_RISKS_SHEET;
const INDICATORS: &str = indicators::INDICATORS_SHEET;
const TRENDS: &str = "Trends";
/// Added after All risks when last period is given.
const CHANGES: &str = "Changes";
const DATA_QUALITY: &str = "Data quality";
const FINDINGS: &str = crate::write::annotate::FINDINGS_SHEET;
const LEDGER: &str = crate::read::LEDGER_SHEET;

/// Build the workbook and save it to `path` atomically (through a temporary file).
///
/// # Errors
/// Whatever rust_xlsxwriter reports building or saving the workbook, as an I/O error.
pub fn write_consolidated(
    consolidation: &Consolidation,
    framework: &Framework,
    path: &std::path::Path,
) -> std::io::Result<()> {
    let mut workbook =
        build(consolidation, framework).map_err(|e| std::io::Error::other(e.to_string()))?;
    crate::write::atomic::write_with(path, |temporary| workbook.save(temporary))
}

fn build(consolidation: &Consolidation, framework: &Framework) -> Result<Workbook, XlsxError> {
    let formats = Formats::new(framework);
    let mut workbook = Workbook::new();
    // Level 1 compresses a text-heavy workbook nearly as well as the default 6, in a
    // fraction of the time.
    workbook.set_zip_compression_level(1);
    let register = consolidation.register();

    // The long tables are written row by row, so they can stream (constant memory:
    // inline strings, rows flushed as they are done) and be built in parallel.
    // Constant-memory worksheets share one workbook-wide table of formats, and
    // rust_xlsxwriter can give one format two indexes when two threads add it at once
    // (a cell then shows another cell's format). Add every format first, on a scratch
    // sheet that is never part of the workbook, so the threads below only look them up.
    let mut scratch = workbook.new_worksheet_with_constant_memory()?;
    for (column, format) in formats.all().into_iter().enumerate() {
        scratch.write_blank(0, column as u16, format)?;
    }
    drop(scratch);
    let mut register_sheet = workbook.new_worksheet_with_constant_memory()?;
    let mut all_sheet = workbook.new_worksheet_with_constant_memory()?;
    let mut indicators_sheet = workbook.new_worksheet_with_constant_memory()?;
    let mut findings_sheet = workbook.new_worksheet_with_constant_memory()?;
    register_sheet.set_name(REGISTER)?;
    all_sheet.set_name(ALL_RISKS)?;
    indicators_sheet.set_name(INDICATORS)?;
    findings_sheet.set_name(FINDINGS)?;
    let all: Vec<_> = consolidation.risks.iter().collect();
    // The Indicators sheet is the longest by far: the others, and the short sheets,
    // are written on the other thread meanwhile.
    let (indicators_done, ((register_done, all_done), (findings_done, short))) = rayon::join(
        || {
            indicators::write_indicators(
                &mut indicators_sheet,
                &consolidation.indicators,
                &consolidation.plan,
                &formats,
            )
        },
        || {
            rayon::join(
                || {
                    rayon::join(
                        || {
                            risks::write_risks(
                                &mut register_sheet,
                                &register,
                                framework,
                                &consolidation.plan,
                                &formats,
                            )
                        },
                        || {
                            risks::write_risks(
                                &mut all_sheet,
                                &all,
                                framework,
                                &consolidation.plan,
                                &formats,
                            )
                        },
                    )
                },
                || {
                    rayon::join(
                        || {
                            tables::write_findings(
                                &mut findings_sheet,
                                &consolidation.findings,
                                Some(&consolidation.finding_places()),
                                &formats,
                            )
                        },
                        || short_sheets(consolidation, &register, framework, &formats),
                    )
                },
            )
        },
    );
    register_done?;
    all_done?;
    indicators_done?;
    findings_done?;
    let [summary, heat_map, changes, trends, quality, ledger] = short?;
    workbook.push_worksheet(summary);
    workbook.push_worksheet(heat_map);
    workbook.push_worksheet(register_sheet);
    workbook.push_worksheet(all_sheet);
    if consolidation.changes.is_some() {
        workbook.push_worksheet(changes);
    }
    workbook.push_worksheet(indicators_sheet);
    workbook.push_worksheet(trends);
    workbook.push_worksheet(quality);
    workbook.push_worksheet(findings_sheet);
    workbook.push_worksheet(ledger);
    Ok(workbook)
}

/// The sheets that hold summaries rather than a row per input row: Summary, Heat map,
/// Changes (empty when last period was not given), Trends, Data quality, Ledger.
fn short_sheets(
    consolidation: &Consolidation,
    register: &[&crate::merge::MergedRisk],
    framework: &Framework,
    formats: &Formats,
) -> Result<[Worksheet; 6], XlsxError> {
    let named = |name: &str| -> Result<Worksheet, XlsxError> {
        let mut sheet = Worksheet::new();
        sheet.set_name(name)?;
        Ok(sheet)
    };
    let mut summary = named(SUMMARY)?;
    summary::write_summary(&mut summary, consolidation, register, framework, formats)?;

    let mut heat_map = named(HEAT_MAP)?;
    let title = format!(
        "Current scores of the risks and opportunities on the {} register, {}",
        consolidation.level.label().to_lowercase(),
        consolidation.as_of.format("%d/%m/%Y")
    );
    heatmap::write_heat_map(&mut heat_map, consolidation, framework, formats, &title)?;

    let mut changes = named(CHANGES)?;
    if let Some(found) = &consolidation.changes {
        tables::write_changes(&mut changes, found, formats)?;
    }

    let mut trends = named(TRENDS)?;
    indicators::write_trends(&mut trends, &consolidation.indicators, formats)?;

    let mut quality = named(DATA_QUALITY)?;
    quality::write_quality(&mut quality, &consolidation.data_quality, formats)?;

    let mut ledger = named(LEDGER)?;
    tables::write_ledger(&mut ledger, &consolidation.ledger, formats)?;
    Ok([summary, heat_map, changes, trends, quality, ledger])
}
